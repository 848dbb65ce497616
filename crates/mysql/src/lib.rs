//! Talking to MariaDB or MySQL over the wire: a consistent snapshot of one
//! database, read table by table into canonical table files
//! ([`format::TableWriter`]), and the binary-log positions that tell which
//! tables changed since an earlier snapshot ([`binlog`]).
//!
//! The connection is asynchronous (`mysql_async`); this crate drives it on
//! its own single-threaded executor, so callers stay synchronous.

pub mod binlog;
pub mod delta;
pub mod format;
pub mod objects;

use std::io::Write;
use std::path::PathBuf;

use mysql_async::consts::{ColumnFlags, ColumnType};
use mysql_async::prelude::Queryable;
use mysql_async::{Conn, OptsBuilder, Row, Value};

pub use binlog::{BinlogPos, Changes};
pub use format::{ColumnFormat, TableWriter};

/// What went wrong talking to the server; the message names the database
/// and table concerned.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The server refused or failed a request.
    #[error("{what}: {source}")]
    Server {
        /// What was being done.
        what: String,
        /// The driver's error.
        #[source]
        source: mysql_async::Error,
    },
    /// Writing a table file failed.
    #[error("{what}: {source}")]
    Write {
        /// What was being written.
        what: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The server answered something this crate does not understand.
    #[error("{0}")]
    Unexpected(String),
}

/// The result of this crate's calls.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How to reach a database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// The server's Unix socket; TCP on `host:port` when `None`.
    pub socket: Option<PathBuf>,
    /// The server's host, for TCP.
    pub host: String,
    /// The server's port, for TCP.
    pub port: u16,
    /// The account.
    pub user: String,
    /// Its password.
    pub password: String,
    /// The database.
    pub database: String,
}

/// A table of the snapshot's database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    /// The table's name.
    pub name: String,
    /// Its definition, as `SHOW CREATE TABLE` gives it.
    pub create: String,
    /// Its primary key's columns (empty when it has none).
    pub primary_key: Vec<String>,
    /// Columns that take values, in order, with how each is written.
    pub columns: Vec<(String, ColumnFormat)>,
    /// Whether some column is generated (and so takes no value).
    pub has_generated: bool,
}

/// What dumping one table wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TableDump {
    /// Rows written.
    pub rows: u64,
    /// Bytes written.
    pub bytes: u64,
}

/// A consistent snapshot of one database: every read sees the database as
/// it was when the snapshot began, while the site goes on writing.
pub struct Snapshot {
    executor: tokio::runtime::Runtime,
    conn: Conn,
    database: String,
    position: Option<BinlogPos>,
}

impl Snapshot {
    /// Connects and begins a consistent snapshot (`REPEATABLE READ`, `START
    /// TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY`), and reads the
    /// binary-log position it corresponds to when the server keeps one.
    pub fn begin(access: &Access) -> Result<Snapshot> {
        let executor = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Write {
                what: "starting the database client".to_string(),
                source: e,
            })?;
        let mut opts = OptsBuilder::default()
            .user(Some(access.user.clone()))
            .pass(Some(access.password.clone()))
            .db_name(Some(access.database.clone()))
            .prefer_socket(false);
        opts = match &access.socket {
            Some(socket) => opts.socket(Some(socket.to_string_lossy().into_owned())),
            None => opts
                .ip_or_hostname(access.host.clone())
                .tcp_port(access.port),
        };
        let database = access.database.clone();
        let what = |w: &str| format!("{w} (database {database})");
        let (conn, position) = executor.block_on(async {
            let mut conn = Conn::new(opts).await.map_err(|source| Error::Server {
                what: what("connecting"),
                source,
            })?;
            for statement in [
                "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ",
                "SET SESSION time_zone = '+00:00'",
                "SET NAMES utf8mb4",
                "SET SESSION net_write_timeout = 600",
                "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY",
            ] {
                conn.query_drop(statement)
                    .await
                    .map_err(|source| Error::Server {
                        what: what(statement),
                        source,
                    })?;
            }
            let status: Vec<(String, String)> = conn
                .query("SHOW STATUS LIKE 'binlog_snapshot_%'")
                .await
                .map_err(|source| Error::Server {
                    what: what("reading the snapshot's binary-log position"),
                    source,
                })?;
            let file = status
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("binlog_snapshot_file"))
                .map(|(_, v)| v.clone())
                .filter(|f| !f.is_empty());
            let pos = status
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("binlog_snapshot_position"))
                .and_then(|(_, v)| v.parse::<u64>().ok());
            let position = file.zip(pos).map(|(file, pos)| BinlogPos { file, pos });
            Ok::<_, Error>((conn, position))
        })?;
        Ok(Snapshot {
            executor,
            conn,
            database,
            position,
        })
    }

    /// The binary-log position the snapshot sees the database at, if the
    /// server keeps a binary log.
    pub fn position(&self) -> Option<&BinlogPos> {
        self.position.as_ref()
    }

    /// The base tables of the database, by name, with their definitions.
    /// Other kinds of table but views (sequences) are named in `others`;
    /// views are [`Snapshot::objects`].
    pub fn tables(&mut self) -> Result<(Vec<TableInfo>, Vec<String>)> {
        let database = self.database.clone();
        let conn = &mut self.conn;
        self.executor.block_on(async {
            let server = |what: String| move |source| Error::Server { what, source };
            let listed: Vec<(String, String)> = conn
                .query("SHOW FULL TABLES")
                .await
                .map_err(server(format!("listing the tables of {database}")))?;
            let mut tables = Vec::new();
            let mut others = Vec::new();
            for (name, kind) in listed {
                if kind == "VIEW" {
                    continue;
                }
                if kind != "BASE TABLE" {
                    others.push(format!("{name} ({})", kind.to_lowercase()));
                    continue;
                }
                let quoted = format::quote_identifier(&name);
                let create: Option<(String, String)> = conn
                    .query_first(format!("SHOW CREATE TABLE {quoted}"))
                    .await
                    .map_err(server(format!("reading the definition of {database}.{name}")))?;
                let create = create.map(|(_, c)| c).ok_or_else(|| {
                    Error::Unexpected(format!("no definition for table {database}.{name}"))
                })?;
                let columns: Vec<(String, String)> = conn
                    .exec(
                        "SELECT COLUMN_NAME, EXTRA FROM information_schema.COLUMNS \
                         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
                        (name.clone(),),
                    )
                    .await
                    .map_err(server(format!("reading the columns of {database}.{name}")))?;
                let primary_key: Vec<String> = conn
                    .exec(
                        "SELECT COLUMN_NAME FROM information_schema.STATISTICS \
                         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' \
                         ORDER BY SEQ_IN_INDEX",
                        (name.clone(),),
                    )
                    .await
                    .map_err(server(format!("reading the primary key of {database}.{name}")))?;
                let has_generated = columns
                    .iter()
                    .any(|(_, extra)| extra.to_ascii_uppercase().contains("GENERATED"));
                let value_columns: Vec<String> = columns
                    .into_iter()
                    .filter(|(_, extra)| !extra.to_ascii_uppercase().contains("GENERATED"))
                    .map(|(c, _)| c)
                    .collect();
                // How each column is written comes from the result set's own
                // metadata, read with a query that returns no rows.
                let probe = format!(
                    "SELECT {} FROM {quoted} LIMIT 0",
                    column_list(&value_columns)
                );
                let result = conn
                    .query_iter(probe)
                    .await
                    .map_err(server(format!("reading the column types of {database}.{name}")))?;
                let formats: Vec<(String, ColumnFormat)> = result
                    .columns_ref()
                    .iter()
                    .zip(&value_columns)
                    .map(|(column, name)| (name.clone(), column_format(column)))
                    .collect();
                result
                    .drop_result()
                    .await
                    .map_err(server(format!("reading the column types of {database}.{name}")))?;
                tables.push(TableInfo {
                    name,
                    create,
                    primary_key,
                    columns: formats,
                    has_generated,
                });
            }
            Ok((tables, others))
        })
    }

    /// The database's views, stored functions and procedures, triggers and
    /// events, with what cannot be captured (packages, definitions the
    /// account may not read) named in the second list.
    pub fn objects(&mut self) -> Result<(Vec<objects::SchemaObject>, Vec<String>)> {
        use objects::{ObjectKind, SchemaObject};
        let database = self.database.clone();
        let conn = &mut self.conn;
        self.executor.block_on(async {
            let server = |what: String| move |source| Error::Server { what, source };
            let mut found = Vec::new();
            let mut others = Vec::new();
            let mut listed: Vec<(ObjectKind, String)> = Vec::new();
            let views: Vec<String> = conn
                .query("SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME")
                .await
                .map_err(server(format!("listing the views of {database}")))?;
            listed.extend(views.into_iter().map(|v| (ObjectKind::View, v)));
            let routines: Vec<(String, String)> = conn
                .query("SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY ROUTINE_NAME")
                .await
                .map_err(server(format!("listing the routines of {database}")))?;
            for (name, kind) in routines {
                match kind.as_str() {
                    "FUNCTION" => listed.push((ObjectKind::Function, name)),
                    "PROCEDURE" => listed.push((ObjectKind::Procedure, name)),
                    other => others.push(format!("{name} ({})", other.to_lowercase())),
                }
            }
            let triggers: Vec<String> = conn
                .query("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY EVENT_OBJECT_TABLE, EVENT_MANIPULATION, ACTION_TIMING, ACTION_ORDER")
                .await
                .map_err(server(format!("listing the triggers of {database}")))?;
            listed.extend(triggers.into_iter().map(|t| (ObjectKind::Trigger, t)));
            let events: Vec<String> = conn
                .query("SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE() ORDER BY EVENT_NAME")
                .await
                .map_err(server(format!("listing the events of {database}")))?;
            listed.extend(events.into_iter().map(|e| (ObjectKind::Event, e)));

            for (kind, name) in listed {
                let keyword = kind.keyword();
                let rows: Vec<Row> = conn
                    .query(format!("SHOW CREATE {keyword} {}", format::quote_identifier(&name)))
                    .await
                    .map_err(server(format!(
                        "reading the definition of {} {database}.{name}",
                        keyword.to_lowercase()
                    )))?;
                let Some(row) = rows.first() else {
                    others.push(format!("{name} ({}; gone while listed)", keyword.to_lowercase()));
                    continue;
                };
                let text = |column: &str| -> Option<String> {
                    let index = row.columns_ref().iter().position(|c| c.name_str().eq_ignore_ascii_case(column))?;
                    match row.as_ref(index) {
                        Some(Value::Bytes(b)) => Some(String::from_utf8_lossy(b).into_owned()),
                        _ => None,
                    }
                };
                let create = match kind {
                    ObjectKind::View => text("Create View"),
                    ObjectKind::Function => text("Create Function"),
                    ObjectKind::Procedure => text("Create Procedure"),
                    ObjectKind::Trigger => text("SQL Original Statement"),
                    ObjectKind::Event => text("Create Event"),
                };
                let Some(create) = create else {
                    others.push(format!(
                        "{name} ({}; its definition is hidden from the instance's account)",
                        keyword.to_lowercase()
                    ));
                    continue;
                };
                let charset = text("character_set_client").zip(text("collation_connection"));
                found.push(SchemaObject {
                    kind,
                    name,
                    create,
                    sql_mode: text("sql_mode"),
                    time_zone: (kind == ObjectKind::Event).then(|| text("time_zone")).flatten(),
                    charset,
                });
            }
            Ok((found, others))
        })
    }

    /// Runs a query inside the snapshot and returns its rows as text
    /// (`None` for NULL).
    pub fn query_text(&mut self, sql: &str) -> Result<Vec<Vec<Option<String>>>> {
        let database = self.database.clone();
        let conn = &mut self.conn;
        self.executor.block_on(async {
            let rows: Vec<Row> = conn.query(sql).await.map_err(|source| Error::Server {
                what: format!("querying {database}: {sql}"),
                source,
            })?;
            Ok(rows
                .iter()
                .map(|row| {
                    (0..row.len())
                        .map(|i| match row.as_ref(i) {
                            Some(Value::Bytes(b)) => Some(String::from_utf8_lossy(b).into_owned()),
                            Some(Value::NULL) | None => None,
                            Some(other) => Some(other.as_sql(true)),
                        })
                        .collect()
                })
                .collect())
        })
    }

    /// Writes `table`'s file to `out`: its definition, then its rows in
    /// primary-key order (in the order of all columns when it has no
    /// primary key), as seen by the snapshot.
    pub fn dump_table<W: Write>(&mut self, table: &TableInfo, out: W) -> Result<(W, TableDump)> {
        let database = self.database.clone();
        let name = table.name.clone();
        let write_err = |source| Error::Write {
            what: format!("writing the file of table {database}.{name}"),
            source,
        };
        let mut writer = TableWriter::new(
            out,
            &table.name,
            &table.create,
            &table.columns,
            table.has_generated,
        )
        .map_err(write_err)?;
        let names: Vec<String> = table.columns.iter().map(|(n, _)| n.clone()).collect();
        let order = if table.primary_key.is_empty() {
            column_list(&names)
        } else {
            column_list(&table.primary_key)
        };
        let query = format!(
            "SELECT {} FROM {} ORDER BY {order}",
            column_list(&names),
            format::quote_identifier(&table.name)
        );
        let conn = &mut self.conn;
        let written: Result<()> = self.executor.block_on(async {
            let server = |source| Error::Server {
                what: format!("reading the rows of {}.{}", database, table.name),
                source,
            };
            let mut result = conn.query_iter(query).await.map_err(server)?;
            while let Some(row) = result.next().await.map_err(server)? {
                let row: Row = row;
                let mut values: Vec<Option<&[u8]>> = Vec::with_capacity(names.len());
                for (i, name) in names.iter().enumerate().take(row.len()) {
                    values.push(match row.as_ref(i) {
                        Some(Value::Bytes(bytes)) => Some(bytes.as_slice()),
                        Some(Value::NULL) | None => None,
                        Some(other) => {
                            return Err(Error::Unexpected(format!(
                                "table {}.{}: column {name} came as {other:?}, not as text",
                                database, table.name
                            )))
                        }
                    });
                }
                writer.row(&values).map_err(|source| Error::Write {
                    what: format!("writing the file of table {}.{}", database, table.name),
                    source,
                })?;
            }
            Ok(())
        });
        written?;
        let (out, rows, bytes) = writer.finish().map_err(|source| Error::Write {
            what: format!("writing the file of table {}.{}", self.database, table.name),
            source,
        })?;
        Ok((out, TableDump { rows, bytes }))
    }

    /// Ends the snapshot.
    pub fn finish(self) -> Result<()> {
        let Snapshot {
            executor,
            mut conn,
            database,
            ..
        } = self;
        executor.block_on(async move {
            conn.query_drop("COMMIT")
                .await
                .map_err(|source| Error::Server {
                    what: format!("ending the snapshot of {database}"),
                    source,
                })?;
            conn.disconnect().await.map_err(|source| Error::Server {
                what: format!("disconnecting from {database}"),
                source,
            })
        })
    }
}

/// `a`, `b`, … quoted, comma-separated.
fn column_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format::quote_identifier(n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How a result column's values are written in a table file.
fn column_format(column: &mysql_async::Column) -> ColumnFormat {
    use ColumnType::*;
    let binary_charset = column.character_set() == 63;
    match column.column_type() {
        MYSQL_TYPE_TINY
        | MYSQL_TYPE_SHORT
        | MYSQL_TYPE_LONG
        | MYSQL_TYPE_LONGLONG
        | MYSQL_TYPE_INT24
        | MYSQL_TYPE_DECIMAL
        | MYSQL_TYPE_NEWDECIMAL
        | MYSQL_TYPE_FLOAT
        | MYSQL_TYPE_DOUBLE
        | MYSQL_TYPE_YEAR => ColumnFormat::Number,
        MYSQL_TYPE_BIT | MYSQL_TYPE_GEOMETRY => ColumnFormat::Binary,
        MYSQL_TYPE_STRING
        | MYSQL_TYPE_VAR_STRING
        | MYSQL_TYPE_VARCHAR
        | MYSQL_TYPE_BLOB
        | MYSQL_TYPE_TINY_BLOB
        | MYSQL_TYPE_MEDIUM_BLOB
        | MYSQL_TYPE_LONG_BLOB
            if binary_charset && column.flags().contains(ColumnFlags::BINARY_FLAG) =>
        {
            ColumnFormat::Binary
        }
        _ => ColumnFormat::Text,
    }
}
