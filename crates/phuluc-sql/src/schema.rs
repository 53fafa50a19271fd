//! The normalized schema, shared by the script writer and the direct SQLite writer.

use crate::Dialect;

/// The tables in dependency order (parents first); deletes run in the reverse order.
pub const TABLES: [&str; 9] = [
    "documents",
    "sections",
    "objectives",
    "tasks",
    "records",
    "record_extra",
    "agencies",
    "agency_spellings",
    "record_agencies",
];

/// The column every table but `documents` uses to point at its document.
pub const DOCUMENT_KEY: &str = "document_sha256";

/// The DDL template; `$DATE` becomes the dialect's date type.
const DDL: &str = "\
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    pages INTEGER NOT NULL,
    schema_tag TEXT NOT NULL,
    title TEXT,
    plan_number TEXT,
    issued_on $DATE,
    issuer TEXT,
    province TEXT,
    period_start INTEGER,
    period_end INTEGER,
    record_count INTEGER NOT NULL,
    warning_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sections (
    document_sha256 TEXT NOT NULL REFERENCES documents (sha256),
    section_id INTEGER NOT NULL,
    number TEXT NOT NULL,
    title TEXT NOT NULL,
    PRIMARY KEY (document_sha256, section_id)
);
CREATE TABLE IF NOT EXISTS objectives (
    document_sha256 TEXT NOT NULL REFERENCES documents (sha256),
    objective_id INTEGER NOT NULL,
    section_id INTEGER,
    code TEXT,
    text TEXT NOT NULL,
    PRIMARY KEY (document_sha256, objective_id),
    FOREIGN KEY (document_sha256, section_id) REFERENCES sections (document_sha256, section_id)
);
CREATE TABLE IF NOT EXISTS tasks (
    document_sha256 TEXT NOT NULL REFERENCES documents (sha256),
    task_id INTEGER NOT NULL,
    section_id INTEGER,
    objective_id INTEGER,
    code TEXT,
    text TEXT NOT NULL,
    PRIMARY KEY (document_sha256, task_id),
    FOREIGN KEY (document_sha256, section_id) REFERENCES sections (document_sha256, section_id),
    FOREIGN KEY (document_sha256, objective_id) REFERENCES objectives (document_sha256, objective_id)
);
CREATE TABLE IF NOT EXISTS records (
    document_sha256 TEXT NOT NULL REFERENCES documents (sha256),
    record_id INTEGER NOT NULL,
    stt TEXT NOT NULL,
    section_id INTEGER,
    objective_id INTEGER,
    task_id INTEGER,
    activity_code TEXT,
    activity TEXT,
    output TEXT,
    lead TEXT,
    partners TEXT,
    timeline TEXT,
    start_date $DATE,
    end_date $DATE,
    recurrence TEXT CHECK (recurrence IN ('annual', 'semiannual', 'quarterly', 'monthly', 'ongoing')),
    budget TEXT,
    budget_million_vnd NUMERIC,
    note TEXT,
    pages TEXT NOT NULL,
    review_needed BOOLEAN NOT NULL DEFAULT FALSE,
    review_reasons TEXT,
    PRIMARY KEY (document_sha256, record_id),
    FOREIGN KEY (document_sha256, section_id) REFERENCES sections (document_sha256, section_id),
    FOREIGN KEY (document_sha256, objective_id) REFERENCES objectives (document_sha256, objective_id),
    FOREIGN KEY (document_sha256, task_id) REFERENCES tasks (document_sha256, task_id)
);
CREATE TABLE IF NOT EXISTS record_extra (
    document_sha256 TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    header TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (document_sha256, record_id, header),
    FOREIGN KEY (document_sha256, record_id) REFERENCES records (document_sha256, record_id)
);
CREATE TABLE IF NOT EXISTS agencies (
    document_sha256 TEXT NOT NULL REFERENCES documents (sha256),
    agency_id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('department', 'office', 'peoples_committee', 'group', 'other', 'unknown')),
    PRIMARY KEY (document_sha256, agency_id)
);
CREATE TABLE IF NOT EXISTS agency_spellings (
    document_sha256 TEXT NOT NULL,
    agency_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    spelling TEXT NOT NULL,
    PRIMARY KEY (document_sha256, agency_id, position),
    FOREIGN KEY (document_sha256, agency_id) REFERENCES agencies (document_sha256, agency_id)
);
CREATE TABLE IF NOT EXISTS record_agencies (
    document_sha256 TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('lead', 'partner')),
    position INTEGER NOT NULL,
    agency_id TEXT NOT NULL,
    mention TEXT NOT NULL,
    PRIMARY KEY (document_sha256, record_id, role, position),
    FOREIGN KEY (document_sha256, record_id) REFERENCES records (document_sha256, record_id),
    FOREIGN KEY (document_sha256, agency_id) REFERENCES agencies (document_sha256, agency_id)
);
CREATE INDEX IF NOT EXISTS documents_plan_number_idx ON documents (plan_number);
CREATE INDEX IF NOT EXISTS documents_province_idx ON documents (province, period_start);
CREATE INDEX IF NOT EXISTS records_section_idx ON records (document_sha256, section_id);
CREATE INDEX IF NOT EXISTS records_end_date_idx ON records (end_date);
CREATE INDEX IF NOT EXISTS agencies_name_idx ON agencies (name);
CREATE INDEX IF NOT EXISTS record_agencies_agency_idx ON record_agencies (document_sha256, agency_id, role);
";

/// Columns added after the first release, with their definitions: a database made by an
/// older phuluc gets them added (`ALTER TABLE … ADD COLUMN`) before it is written to.
pub const ADDED_COLUMNS: [(&str, &str, &str); 2] = [
    ("records", "review_needed", "BOOLEAN NOT NULL DEFAULT FALSE"),
    ("records", "review_reasons", "TEXT"),
];

/// Adds the [`ADDED_COLUMNS`] a SQLite database lacks (SQLite has no `ADD COLUMN IF NOT
/// EXISTS`).
pub(crate) fn upgrade_sqlite(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    for (table, column, def) in ADDED_COLUMNS {
        let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
        let names = stmt.query_map([], |row| row.get::<_, String>(1))?;
        let mut present = false;
        for name in names {
            present |= name? == column;
        }
        if !present {
            conn.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} {def};"))?;
        }
    }
    Ok(())
}

/// The `CREATE TABLE IF NOT EXISTS` / `CREATE INDEX IF NOT EXISTS` statements for `dialect`.
///
/// Dates are `DATE` in PostgreSQL and ISO `YYYY-MM-DD` `TEXT` in SQLite (which has no date
/// type; ISO text sorts and compares like dates). Amounts are `NUMERIC` in both.
pub fn ddl(dialect: Dialect) -> String {
    let date = match dialect {
        Dialect::Sqlite => "TEXT",
        Dialect::Postgres => "DATE",
    };
    let mut ddl = DDL.replace("$DATE", date);
    // PostgreSQL can upgrade an older database from the script itself.
    if dialect == Dialect::Postgres {
        for (table, column, def) in ADDED_COLUMNS {
            ddl.push_str(&format!(
                "ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {def};\n"
            ));
        }
    }
    ddl
}
