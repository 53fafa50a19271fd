//! SQL exporter for phuluc extractions.
//!
//! * [`write_script`] / [`write_script_many`]: one SQL script for SQLite or PostgreSQL — the
//!   schema (`CREATE TABLE IF NOT EXISTS …`) and the data, inside one transaction.
//! * [`write_sqlite`]: writes or updates a SQLite database file directly (same schema).
//!
//! The schema is normalized (see `docs/sql.md`): `documents` keyed by the PDF's SHA-256, then
//! `sections`, `objectives`, `tasks`, `records` (one per activity row), `record_extra`,
//! `agencies`, `agency_spellings` and the `record_agencies` link table (role `lead`|`partner`,
//! position within the cell). Every table but `documents` is keyed by `(document_sha256, …)`,
//! so several documents coexist, and loading a document again deletes its old rows and inserts
//! the new ones in the same transaction: it replaces the document atomically.
//!
//! Text is written as standard SQL string literals (`'…'` with quotes doubled), which both
//! databases read back byte for byte: backslashes, `;`, `--`, line breaks, emoji and combining
//! marks need nothing else. The PostgreSQL script sets `standard_conforming_strings = on` so a
//! backslash is never an escape there. NUL cannot be stored in PostgreSQL text, so a NUL
//! anywhere in the data is refused with [`SqlError::Nul`] before anything is written.

mod rows;
mod schema;
#[cfg(feature = "test-support")]
pub mod testing;

pub use rows::{agency_rows, document_rows, AgencyRow, DocumentRows, TableRows, Value};
pub use schema::{ddl, DOCUMENT_KEY, TABLES};

use phuluc_model::Extraction;
use std::io::Write;
use std::path::Path;

/// The SQL dialect of a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// The dialect named `sqlite` or `postgres` (also `postgresql`, `pg`), case-insensitive.
    pub fn from_name(name: &str) -> Option<Dialect> {
        match name.to_ascii_lowercase().as_str() {
            "sqlite" | "sqlite3" => Some(Dialect::Sqlite),
            "postgres" | "postgresql" | "pg" => Some(Dialect::Postgres),
            _ => None,
        }
    }
    pub fn as_str(&self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
        }
    }
}

impl std::str::FromStr for Dialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dialect::from_name(s)
            .ok_or_else(|| format!("unknown SQL dialect {s:?} (expected sqlite or postgres)"))
    }
}

impl std::fmt::Display for Dialect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What can go wrong while exporting to SQL. Data errors are found before anything is written.
#[derive(Debug, thiserror::Error)]
pub enum SqlError {
    /// A NUL character, which PostgreSQL text cannot hold (refused for SQLite too, so both
    /// dialects accept the same documents).
    #[error("text contains a NUL character (U+0000) at byte {offset} in {table}.{column} of {row} (document {document}); SQL text cannot hold it")]
    Nul {
        document: String,
        table: &'static str,
        column: &'static str,
        row: String,
        offset: usize,
    },
    #[error(
        "amount {value} in {table}.{column} of {row} (document {document}) is not a finite number"
    )]
    NonFinite {
        document: String,
        table: &'static str,
        column: &'static str,
        row: String,
        value: f64,
    },
    #[error("date with year {year} in {table}.{column} of {row} (document {document}) is outside 1–9999")]
    DateOutOfRange {
        document: String,
        table: &'static str,
        column: &'static str,
        row: String,
        year: i32,
    },
    #[error("document {document}: issued_on {value:?} is not an ISO date (YYYY-MM-DD)")]
    BadDate { document: String, value: String },
    #[error("document {file:?} has no sha256: the documents table is keyed by it")]
    MissingSha256 { file: String },
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    #[error("SQLite error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// A SQL string literal: `'…'` with every `'` doubled. Valid in SQLite and in PostgreSQL with
/// `standard_conforming_strings = on` (the default since 9.1, and set by the script).
///
/// Refuses NUL, which neither a PostgreSQL string nor a script can carry safely.
pub fn quote_text(s: &str) -> Result<String, SqlError> {
    if let Some(offset) = s.find('\0') {
        return Err(SqlError::Nul {
            document: String::new(),
            table: "",
            column: "",
            row: String::new(),
            offset,
        });
    }
    Ok(quote_unchecked(s))
}

fn quote_unchecked(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if c == '\'' {
            out.push('\'');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// The SQL literal of a checked value.
pub fn literal(v: &Value, dialect: Dialect) -> String {
    match v {
        Value::Null => "NULL".to_string(),
        Value::Int(n) => n.to_string(),
        Value::Text(s) => quote_unchecked(s),
        Value::Date(d) => match dialect {
            Dialect::Sqlite => format!("'{d}'"),
            Dialect::Postgres => format!("DATE '{d}'"),
        },
        // Rust prints finite floats without exponent and with the fewest digits that read back
        // to the same value, which both NUMERIC parsers accept.
        Value::Num(x) => format!("{x}"),
        Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
    }
}

/// Writes one script loading `ex` (see [`write_script_many`]).
pub fn write_script<W: Write>(ex: &Extraction, out: W, dialect: Dialect) -> Result<(), SqlError> {
    write_script_many(&[ex], out, dialect)
}

/// Writes one script: session settings, `BEGIN`, the schema, then for each document a delete
/// of its old rows and the inserts of the new ones, then `COMMIT`.
///
/// Every document is checked before the first byte is written, so a refused value never
/// leaves a half-written script behind.
pub fn write_script_many<W: Write>(
    docs: &[&Extraction],
    mut out: W,
    dialect: Dialect,
) -> Result<(), SqlError> {
    let all: Vec<DocumentRows> = docs
        .iter()
        .map(|ex| document_rows(ex))
        .collect::<Result<_, _>>()?;
    let mut s = String::new();
    s.push_str("-- phuluc SQL export (");
    s.push_str(dialect.as_str());
    s.push_str("): schema and data in one transaction; loading a document again replaces it.\n");
    match dialect {
        Dialect::Sqlite => s.push_str("PRAGMA foreign_keys = ON;\n"),
        Dialect::Postgres => {
            s.push_str("SET standard_conforming_strings = on;\n");
            s.push_str("SET client_encoding = 'UTF8';\n");
        }
    }
    s.push_str("BEGIN;\n");
    s.push_str(&ddl(dialect));
    out.write_all(s.as_bytes())?;
    for doc in &all {
        s.clear();
        let key = quote_unchecked(&doc.sha256);
        for table in TABLES.iter().rev() {
            let col = if *table == "documents" {
                "sha256"
            } else {
                DOCUMENT_KEY
            };
            s.push_str(&format!("DELETE FROM {table} WHERE {col} = {key};\n"));
        }
        for t in &doc.tables {
            let head = format!(
                "INSERT INTO {} ({}) VALUES (",
                t.table,
                t.columns.join(", ")
            );
            for row in &t.rows {
                s.push_str(&head);
                for (i, v) in row.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    s.push_str(&literal(v, dialect));
                }
                s.push_str(");\n");
            }
        }
        out.write_all(s.as_bytes())?;
    }
    out.write_all(b"COMMIT;\n")?;
    out.flush()?;
    Ok(())
}

/// Writes `ex` into the SQLite database file at `path`, creating the file and the schema when
/// missing and replacing the document if it is already there, in one transaction.
pub fn write_sqlite(ex: &Extraction, path: &Path) -> Result<(), SqlError> {
    write_sqlite_many(&[ex], path)
}

/// How long a write waits for another writer of the same database before giving up.
pub const SQLITE_BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Writes several documents into the SQLite database file at `path` (see [`write_sqlite`]).
///
/// The database is updated in place, under SQLite's own locking: one `BEGIN IMMEDIATE`
/// transaction (the write lock is taken first, so two writers never deadlock on a lock
/// upgrade), waiting up to [`SQLITE_BUSY_TIMEOUT`] for other writers. Concurrent runs into one
/// database each keep their documents; a database in WAL mode held open by another program
/// keeps its data and sees the new documents once committed. Nothing is changed when any
/// document is refused.
pub fn write_sqlite_many(docs: &[&Extraction], path: &Path) -> Result<(), SqlError> {
    let mut conn = rusqlite::Connection::open(path)?;
    conn.busy_timeout(SQLITE_BUSY_TIMEOUT)?;
    load_sqlite(&mut conn, docs)
}

/// Loads documents into an open SQLite connection (schema included), in one `BEGIN
/// IMMEDIATE` transaction.
pub fn load_sqlite(conn: &mut rusqlite::Connection, docs: &[&Extraction]) -> Result<(), SqlError> {
    let all: Vec<DocumentRows> = docs
        .iter()
        .map(|ex| document_rows(ex))
        .collect::<Result<_, _>>()?;
    conn.pragma_update(None, "foreign_keys", true)?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute_batch(&ddl(Dialect::Sqlite))?;
    schema::upgrade_sqlite(&tx)?;
    for doc in &all {
        for table in TABLES.iter().rev() {
            let col = if *table == "documents" {
                "sha256"
            } else {
                DOCUMENT_KEY
            };
            tx.execute(
                &format!("DELETE FROM {table} WHERE {col} = ?1"),
                [&doc.sha256],
            )?;
        }
        for t in &doc.tables {
            let marks: Vec<String> = (1..=t.columns.len()).map(|i| format!("?{i}")).collect();
            let sql = format!(
                "INSERT INTO {} ({}) VALUES ({})",
                t.table,
                t.columns.join(", "),
                marks.join(", ")
            );
            let mut stmt = tx.prepare_cached(&sql)?;
            for row in &t.rows {
                stmt.execute(rusqlite::params_from_iter(row.iter().map(to_sqlite)))?;
            }
        }
    }
    tx.commit()?;
    Ok(())
}

fn to_sqlite(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        Value::Null => V::Null,
        Value::Int(n) => V::Integer(*n),
        Value::Text(s) => V::Text(s.clone()),
        Value::Date(d) => V::Text(d.to_string()),
        Value::Num(x) => V::Real(*x),
        Value::Bool(b) => V::Integer(i64::from(*b)),
    }
}

#[cfg(test)]
mod tests;
