//! A streaming lexer and writer for the SQL dumps that `mysqldump` and
//! `mariadb-dump` write.
//!
//! The lexer is a pull parser over any [`std::io::Read`]: it hands out
//! [`Event`]s that borrow from its buffer, so a dump of any size — and a single
//! row of any size — passes through in bounded memory. Every input byte belongs
//! to exactly one event; writing events back with [`Event::write_raw`]
//! reproduces the input byte for byte, so a transform only pays for what it
//! changes.
//!
//! It understands what such dumps contain: `CREATE TABLE` (column names and
//! order, primary key), `INSERT`/`REPLACE … VALUES (…),(…)` with or without a
//! column list, every MySQL string escape, character-set introducers, hex and
//! bit literals, `NULL`, numbers, `--`, `#` and `/* */` comments, `/*!…*/`
//! conditional comments, and `DELIMITER` blocks (whose triggers and routines
//! pass through untouched).
#![deny(missing_docs)]

pub mod escape;
mod lexer;
mod scan;
mod schema;

pub use lexer::{
    DumpReader, Event, InsertHead, LexError, NothingOfInterest, Options, RowFilter, Value,
    ValueKind, ValueShape,
};
pub use schema::{parse_create_table, TableDef};
