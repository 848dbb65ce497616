//! The dump's framing, byte for byte as `mariadb-dump` 10.11 writes it: the
//! header, each table's structure and data sections, extended `INSERT`s cut at
//! `net_buffer_length`, triggers in `DELIMITER ;;` blocks, and the trailer.

use std::io::{self, BufWriter, Write};

use crate::schema::TableDef;
use crate::text::{push_datetime, push_u64};
use crate::InsertLayout;

/// `mariadb-dump`'s default `net_buffer_length`: an extended `INSERT` grows
/// until the next row would take it past this many bytes.
const NET_BUFFER_LENGTH: usize = 1_046_528;

/// Which bytes `mysql_real_escape_string` rewrites, and to what. A tab is
/// written as is.
const fn escape_for(byte: u8) -> Option<u8> {
    match byte {
        0 => Some(b'0'),
        b'\n' => Some(b'n'),
        b'\r' => Some(b'r'),
        b'\\' => Some(b'\\'),
        b'\'' => Some(b'\''),
        b'"' => Some(b'"'),
        0x1a => Some(b'Z'),
        _ => None,
    }
}

/// A lookup table of [`escape_for`], so the hot loop is one load per byte.
const ESCAPES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        if let Some(c) = escape_for(i as u8) {
            table[i] = c;
        }
        i += 1;
    }
    table
};

/// Appends `value` escaped as inside a single-quoted MySQL string.
pub(crate) fn escape_into(out: &mut Vec<u8>, value: &[u8]) {
    out.reserve(value.len() + value.len() / 16 + 2);
    let mut start = 0;
    for (i, &byte) in value.iter().enumerate() {
        let code = ESCAPES[usize::from(byte)];
        if code != 0 {
            out.extend_from_slice(&value[start..i]);
            out.push(b'\\');
            out.push(code);
            start = i + 1;
        }
    }
    out.extend_from_slice(&value[start..]);
}

/// Counts the bytes that reach the underlying writer.
struct Counting<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes one dump: framing plus rows, which callers build field by field.
pub(crate) struct DumpWriter<W: Write> {
    out: BufWriter<Counting<W>>,
    layout: InsertLayout,
    prefix: String,
    /// The row being built, from `(` to `)`.
    row: Vec<u8>,
    row_has_field: bool,
    /// `INSERT INTO `table` VALUES` for the current table.
    insert_head: Vec<u8>,
    /// The length of the open `INSERT`, as `mariadb-dump` counts it.
    statement_len: Option<usize>,
    table_rows: u64,
}

impl<W: Write> DumpWriter<W> {
    /// A writer over `out` for tables named `prefix` + suffix.
    pub(crate) fn new(out: W, prefix: &str, layout: InsertLayout) -> Self {
        DumpWriter {
            out: BufWriter::with_capacity(
                1 << 20,
                Counting {
                    inner: out,
                    bytes: 0,
                },
            ),
            layout,
            prefix: prefix.to_owned(),
            row: Vec::with_capacity(1 << 16),
            row_has_field: false,
            insert_head: Vec::new(),
            statement_len: None,
            table_rows: 0,
        }
    }

    /// The table name with its prefix.
    pub(crate) fn table_name(&self, table: &TableDef) -> String {
        format!("{}{}", self.prefix, table.suffix)
    }

    /// The dump header: the sandbox line, the comment block and the session
    /// settings that the trailer restores.
    pub(crate) fn header(&mut self, database: &str) -> io::Result<()> {
        write!(
            self.out,
            "/*M!999999\\- enable the sandbox mode */ \n\
             -- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)\n\
             --\n\
             -- Host: localhost    Database: {database}\n\
             -- ------------------------------------------------------\n\
             -- Server version\t10.11.19-MariaDB-0+deb12u1\n\
             \n\
             /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n\
             /*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;\n\
             /*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;\n\
             /*!40101 SET NAMES utf8mb4 */;\n\
             /*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;\n\
             /*!40103 SET TIME_ZONE='+00:00' */;\n\
             /*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n\
             /*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n\
             /*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n\
             /*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;\n"
        )
    }

    /// The structure section of `table` and the opening of its data section.
    /// `next_id` is the table's `AUTO_INCREMENT` counter, printed only for
    /// tables that have one and hold rows.
    pub(crate) fn begin_table(&mut self, table: &TableDef, next_id: Option<u64>) -> io::Result<()> {
        let name = self.table_name(table);
        let counter = match next_id {
            Some(n) if table.auto_increment => format!(" AUTO_INCREMENT={n}"),
            _ => String::new(),
        };
        write!(
            self.out,
            "\n--\n-- Table structure for table `{name}`\n--\n\n\
             DROP TABLE IF EXISTS `{name}`;\n\
             /*!40101 SET @saved_cs_client     = @@character_set_client */;\n\
             /*!40101 SET character_set_client = utf8mb4 */;\n\
             CREATE TABLE `{name}` (\n{body}\n\
             ) ENGINE=InnoDB{counter} DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;\n\
             /*!40101 SET character_set_client = @saved_cs_client */;\n\
             \n--\n-- Dumping data for table `{name}`\n--\n\n\
             LOCK TABLES `{name}` WRITE;\n\
             /*!40000 ALTER TABLE `{name}` DISABLE KEYS */;\n",
            body = table.body,
        )?;
        self.insert_head.clear();
        self.insert_head.extend_from_slice(b"INSERT INTO `");
        self.insert_head.extend_from_slice(name.as_bytes());
        self.insert_head.extend_from_slice(b"` VALUES");
        self.statement_len = None;
        self.table_rows = 0;
        Ok(())
    }

    /// Closes the open `INSERT` and the table's data section; returns how many
    /// rows the table got.
    pub(crate) fn end_table(&mut self, table: &TableDef) -> io::Result<u64> {
        if self.statement_len.take().is_some() {
            self.out.write_all(b";\n")?;
        }
        let name = self.table_name(table);
        write!(
            self.out,
            "/*!40000 ALTER TABLE `{name}` ENABLE KEYS */;\nUNLOCK TABLES;\n"
        )?;
        Ok(self.table_rows)
    }

    /// A trigger as `mariadb-dump` writes it after its table's data: session
    /// settings saved, the definition in a `DELIMITER ;;` block, settings
    /// restored. `definition` starts at `TRIGGER` and ends at `END`.
    pub(crate) fn trigger(&mut self, sql_mode: &str, definition: &str) -> io::Result<()> {
        write!(
            self.out,
            "/*!50003 SET @saved_cs_client      = @@character_set_client */ ;\n\
             /*!50003 SET @saved_cs_results     = @@character_set_results */ ;\n\
             /*!50003 SET @saved_col_connection = @@collation_connection */ ;\n\
             /*!50003 SET character_set_client  = utf8mb4 */ ;\n\
             /*!50003 SET character_set_results = utf8mb4 */ ;\n\
             /*!50003 SET collation_connection  = utf8mb4_unicode_520_ci */ ;\n\
             /*!50003 SET @saved_sql_mode       = @@sql_mode */ ;\n\
             /*!50003 SET sql_mode              = '{sql_mode}' */ ;\n\
             DELIMITER ;;\n\
             /*!50003 CREATE*/ /*!50017 DEFINER=`wordpress`@`localhost`*/ /*!50003 {definition} \n*/;;\n\
             DELIMITER ;\n\
             /*!50003 SET sql_mode              = @saved_sql_mode */ ;\n\
             /*!50003 SET character_set_client  = @saved_cs_client */ ;\n\
             /*!50003 SET character_set_results = @saved_cs_results */ ;\n\
             /*!50003 SET collation_connection  = @saved_col_connection */ ;\n"
        )
    }

    /// The trailer: session settings restored and the completion line, whose
    /// time is `completed_at` (Unix seconds) so the dump stays reproducible.
    pub(crate) fn trailer(&mut self, completed_at: i64) -> io::Result<()> {
        self.out.write_all(
            b"/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;\n\
              \n\
              /*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n\
              /*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;\n\
              /*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;\n\
              /*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;\n\
              /*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;\n\
              /*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;\n\
              /*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;\n\
              \n\
              -- Dump completed on ",
        )?;
        // mariadb-dump pads the hour with a space, not a zero.
        let mut stamp = Vec::with_capacity(20);
        push_datetime(&mut stamp, completed_at);
        if let Some(tens) = stamp.get_mut(11).filter(|tens| **tens == b'0') {
            *tens = b' ';
        }
        self.out.write_all(&stamp)?;
        self.out.write_all(b"\n")
    }

    /// Flushes everything and returns the number of bytes written.
    pub(crate) fn finish(mut self) -> io::Result<u64> {
        self.out.flush()?;
        Ok(self.out.get_ref().bytes)
    }

    /// Starts a row.
    pub(crate) fn row(&mut self) -> &mut Self {
        self.row.clear();
        self.row.push(b'(');
        self.row_has_field = false;
        self
    }

    fn separate(&mut self) {
        if self.row_has_field {
            self.row.push(b',');
        }
        self.row_has_field = true;
    }

    /// An unsigned integer field.
    pub(crate) fn int(&mut self, value: u64) -> &mut Self {
        self.separate();
        push_u64(&mut self.row, value);
        self
    }

    /// A `decimal(26,8)` field from an amount in cents, unquoted like every
    /// number in a dump.
    pub(crate) fn decimal8(&mut self, cents: u64) -> &mut Self {
        self.separate();
        push_u64(&mut self.row, cents / 100);
        self.row.push(b'.');
        let frac = cents % 100;
        self.row.push(b'0' + (frac / 10) as u8);
        self.row.push(b'0' + (frac % 10) as u8);
        self.row.extend_from_slice(b"000000");
        self
    }

    /// `NULL`.
    pub(crate) fn null(&mut self) -> &mut Self {
        self.separate();
        self.row.extend_from_slice(b"NULL");
        self
    }

    /// A string field, escaped.
    pub(crate) fn str(&mut self, value: &[u8]) -> &mut Self {
        self.separate();
        self.row.push(b'\'');
        escape_into(&mut self.row, value);
        self.row.push(b'\'');
        self
    }

    /// A `datetime` field from Unix seconds.
    pub(crate) fn datetime(&mut self, secs: i64) -> &mut Self {
        self.separate();
        self.row.push(b'\'');
        push_datetime(&mut self.row, secs);
        self.row.push(b'\'');
        self
    }

    /// Ends the row and adds it to the current extended `INSERT`, starting a
    /// new statement where `mariadb-dump` would.
    pub(crate) fn end_row(&mut self) -> io::Result<()> {
        self.row.push(b')');
        let row_len = self.row.len() + 2;
        let separator: &[u8] = match self.layout {
            InsertLayout::RowPerLine => b",\n",
            InsertLayout::SingleLine => b",",
        };
        match self.statement_len {
            Some(len) if len + row_len < NET_BUFFER_LENGTH => {
                self.statement_len = Some(len + row_len);
                self.out.write_all(separator)?;
            }
            open => {
                if open.is_some() {
                    self.out.write_all(b";\n")?;
                }
                self.out.write_all(&self.insert_head)?;
                self.out.write_all(match self.layout {
                    InsertLayout::RowPerLine => b"\n",
                    InsertLayout::SingleLine => b" ",
                })?;
                self.statement_len = Some(self.insert_head.len() + 4 + row_len);
            }
        }
        self.out.write_all(&self.row)?;
        self.table_rows += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema;

    fn escaped(value: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        escape_into(&mut out, value);
        out
    }

    #[test]
    fn escapes_like_mariadb_dump_and_leaves_tabs_alone() {
        assert_eq!(
            escaped(b"a\tb\nc\r\0\x1a'\"\\ \xc3\xa9"),
            b"a\tb\\nc\\r\\0\\Z\\'\\\"\\\\ \xc3\xa9".to_vec()
        );
        assert_eq!(escaped(b""), b"".to_vec());
    }

    fn dump_of_rows(layout: InsertLayout, rows: usize, width: usize) -> String {
        let mut out = Vec::new();
        let mut w = DumpWriter::new(&mut out, "wp_", layout);
        w.begin_table(&schema::LINKS, Some(rows as u64 + 1))
            .unwrap();
        let filler = "x".repeat(width);
        for i in 0..rows {
            w.row().int(i as u64 + 1).str(filler.as_bytes());
            w.end_row().unwrap();
        }
        assert_eq!(w.end_table(&schema::LINKS).unwrap(), rows as u64);
        w.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn extended_inserts_are_cut_near_net_buffer_length() {
        let dump = dump_of_rows(InsertLayout::RowPerLine, 3000, 1000);
        let statements: Vec<&str> = dump
            .split("INSERT INTO `wp_links` VALUES\n")
            .skip(1)
            .collect();
        assert_eq!(statements.len(), 3);
        let first = statements[0];
        assert!(first.len() < NET_BUFFER_LENGTH);
        assert!(first.len() > NET_BUFFER_LENGTH - 1100);
        assert!(first.ends_with(");\n"));
        assert!(first.starts_with("(1,'xx"));
        assert_eq!(first.matches(",\n(").count() + 1, first.lines().count());
        assert!(dump.contains("ENGINE=InnoDB AUTO_INCREMENT=3001 DEFAULT"));
    }

    #[test]
    fn single_line_layout_keeps_each_statement_on_one_line() {
        let dump = dump_of_rows(InsertLayout::SingleLine, 3, 10);
        let line = dump.lines().find(|l| l.starts_with("INSERT")).unwrap();
        assert_eq!(
            line,
            "INSERT INTO `wp_links` VALUES (1,'xxxxxxxxxx'),(2,'xxxxxxxxxx'),(3,'xxxxxxxxxx');"
        );
    }

    #[test]
    fn a_row_larger_than_the_buffer_gets_a_statement_of_its_own() {
        let dump = dump_of_rows(InsertLayout::RowPerLine, 2, NET_BUFFER_LENGTH);
        assert_eq!(dump.matches("INSERT INTO").count(), 2);
    }

    #[test]
    fn completion_line_pads_the_hour_with_a_space() {
        let mut out = Vec::new();
        let mut w = DumpWriter::new(&mut out, "wp_", InsertLayout::RowPerLine);
        // 2025-05-01 03:04:05 UTC
        w.trailer(1_746_068_645).unwrap();
        w.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.ends_with("-- Dump completed on 2025-05-01  3:04:05\n"),
            "{text}"
        );
    }
}
