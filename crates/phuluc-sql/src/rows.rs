//! Turns an [`Extraction`] into the rows of the normalized tables, checking every value.

use crate::SqlError;
use phuluc_model::{AgencyCell, CodedCell, Date, Extraction};

/// One SQL value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    /// A calendar date (`DATE` in PostgreSQL, ISO text in SQLite).
    Date(Date),
    /// A finite amount (`NUMERIC`).
    Num(f64),
    /// A truth value (`BOOLEAN`; 1 or 0 in SQLite).
    Bool(bool),
}

/// The rows to insert into one table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRows {
    pub table: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<Value>>,
}

/// Everything one document puts in the database.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentRows {
    pub sha256: String,
    /// In insertion order (parents first).
    pub tables: Vec<TableRows>,
}

pub const DOCUMENT_COLUMNS: &[&str] = &[
    "sha256",
    "file",
    "pages",
    "schema_tag",
    "title",
    "plan_number",
    "issued_on",
    "issuer",
    "province",
    "period_start",
    "period_end",
    "record_count",
    "warning_count",
];
pub const SECTION_COLUMNS: &[&str] = &["document_sha256", "section_id", "number", "title"];
pub const OBJECTIVE_COLUMNS: &[&str] = &[
    "document_sha256",
    "objective_id",
    "section_id",
    "code",
    "text",
];
pub const TASK_COLUMNS: &[&str] = &[
    "document_sha256",
    "task_id",
    "section_id",
    "objective_id",
    "code",
    "text",
];
pub const RECORD_COLUMNS: &[&str] = &[
    "document_sha256",
    "record_id",
    "stt",
    "section_id",
    "objective_id",
    "task_id",
    "activity_code",
    "activity",
    "output",
    "lead",
    "partners",
    "timeline",
    "start_date",
    "end_date",
    "recurrence",
    "budget",
    "budget_million_vnd",
    "note",
    "pages",
    "review_needed",
    "review_reasons",
];
pub const RECORD_EXTRA_COLUMNS: &[&str] = &["document_sha256", "record_id", "header", "text"];
pub const AGENCY_COLUMNS: &[&str] = &["document_sha256", "agency_id", "name", "kind"];
pub const AGENCY_SPELLING_COLUMNS: &[&str] =
    &["document_sha256", "agency_id", "position", "spelling"];
pub const RECORD_AGENCY_COLUMNS: &[&str] = &[
    "document_sha256",
    "record_id",
    "role",
    "position",
    "agency_id",
    "mention",
];

/// Checks values on their way in, naming where a bad one came from.
struct Checker<'a> {
    sha256: &'a str,
}

impl Checker<'_> {
    fn text(
        &self,
        table: &'static str,
        column: &'static str,
        row: &str,
        s: &str,
    ) -> Result<Value, SqlError> {
        if let Some(offset) = s.find('\0') {
            return Err(SqlError::Nul {
                document: self.sha256.to_string(),
                table,
                column,
                row: row.to_string(),
                offset,
            });
        }
        Ok(Value::Text(s.to_string()))
    }
    fn opt_text(
        &self,
        table: &'static str,
        column: &'static str,
        row: &str,
        s: Option<&str>,
    ) -> Result<Value, SqlError> {
        match s {
            Some(s) => self.text(table, column, row, s),
            None => Ok(Value::Null),
        }
    }
    fn date(
        &self,
        table: &'static str,
        column: &'static str,
        row: &str,
        d: Option<Date>,
    ) -> Result<Value, SqlError> {
        match d {
            None => Ok(Value::Null),
            Some(d) if (1..=9999).contains(&d.year) => Ok(Value::Date(d)),
            Some(d) => Err(SqlError::DateOutOfRange {
                document: self.sha256.to_string(),
                table,
                column,
                row: row.to_string(),
                year: d.year,
            }),
        }
    }
    fn num(
        &self,
        table: &'static str,
        column: &'static str,
        row: &str,
        v: Option<f64>,
    ) -> Result<Value, SqlError> {
        match v {
            None => Ok(Value::Null),
            Some(v) if v.is_finite() => Ok(Value::Num(if v == 0.0 { 0.0 } else { v })),
            Some(v) => Err(SqlError::NonFinite {
                document: self.sha256.to_string(),
                table,
                column,
                row: row.to_string(),
                value: v,
            }),
        }
    }
}

fn int(n: usize) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn opt_int(n: Option<usize>) -> Value {
    n.map_or(Value::Null, int)
}

/// An agency as stored (see [`Extraction::agency_table`]).
pub type AgencyRow = phuluc_model::AgencyEntry;

/// The agencies of an extraction as they are stored (see [`Extraction::agency_table`]).
pub fn agency_rows(ex: &Extraction) -> Vec<AgencyRow> {
    ex.agency_table()
}

/// The (code, text) of a coded cell, with whether it starts a new merged cell.
fn coded(c: &Option<CodedCell>) -> Option<(Option<&str>, &str, bool)> {
    c.as_ref()
        .map(|c| (c.code.as_deref(), c.text.as_str(), c.starts_here))
}

/// Assigns ids to merged-cell entities (objectives, tasks): a new one starts where the cell
/// says it starts, or where its value or parent differs from the record above.
struct Grouper<'a> {
    last: Option<(Option<&'a str>, &'a str, Option<usize>)>,
    count: usize,
}

impl<'a> Grouper<'a> {
    fn new() -> Self {
        Grouper {
            last: None,
            count: 0,
        }
    }
    /// Returns (id, is_new) for this record's cell, or None when it has none.
    fn next(
        &mut self,
        cell: Option<(Option<&'a str>, &'a str, bool)>,
        parent: Option<usize>,
    ) -> Option<(usize, bool)> {
        let (code, text, starts) = cell?;
        let key = (code, text, parent);
        if !starts && self.last == Some(key) {
            return Some((self.count, false));
        }
        self.count += 1;
        self.last = Some(key);
        Some((self.count, true))
    }
}

/// Builds and checks every row one document puts in the database.
pub fn document_rows(ex: &Extraction) -> Result<DocumentRows, SqlError> {
    let sha = ex.source.sha256.as_str();
    if sha.is_empty() {
        return Err(SqlError::MissingSha256 {
            file: ex.source.file.clone(),
        });
    }
    let ck = Checker { sha256: sha };
    let key = ck.text("documents", "sha256", sha, sha)?;
    let doc = &ex.document;
    let documents = vec![vec![
        key.clone(),
        ck.text("documents", "file", sha, &ex.source.file)?,
        Value::Int(i64::from(ex.source.pages)),
        ck.text("documents", "schema_tag", sha, &ex.schema)?,
        ck.opt_text("documents", "title", sha, doc.title.as_deref())?,
        ck.opt_text("documents", "plan_number", sha, doc.plan_number.as_deref())?,
        match doc.issued_on.as_deref() {
            None => Value::Null,
            Some(s) => match Date::parse_iso(s) {
                Some(d) => ck.date("documents", "issued_on", sha, Some(d))?,
                None => {
                    return Err(SqlError::BadDate {
                        document: sha.to_string(),
                        value: s.to_string(),
                    })
                }
            },
        },
        ck.opt_text("documents", "issuer", sha, doc.issuer.as_deref())?,
        ck.opt_text("documents", "province", sha, doc.province.as_deref())?,
        doc.period
            .map_or(Value::Null, |p| Value::Int(i64::from(p.start))),
        doc.period
            .map_or(Value::Null, |p| Value::Int(i64::from(p.end))),
        int(ex.records.len()),
        int(ex.warnings.len()),
    ]];

    let mut sections: Vec<Vec<Value>> = Vec::new();
    let mut section_keys: Vec<(&str, &str)> = Vec::new();
    let mut objectives = Vec::new();
    let mut tasks = Vec::new();
    let mut records = Vec::new();
    let mut extras = Vec::new();
    let mut links = Vec::new();
    let mut obj_ids = Grouper::new();
    let mut task_ids = Grouper::new();

    for (i, rec) in ex.records.iter().enumerate() {
        let record_id = i + 1;
        let row = format!("record {record_id} (stt {})", rec.stt);
        let row = row.as_str();

        let section_id = match &rec.section {
            None => None,
            Some(s) => {
                let k = (s.number.as_str(), s.title.as_str());
                Some(match section_keys.iter().position(|x| *x == k) {
                    Some(p) => p + 1,
                    None => {
                        section_keys.push(k);
                        let id = section_keys.len();
                        sections.push(vec![
                            key.clone(),
                            int(id),
                            ck.text("sections", "number", row, &s.number)?,
                            ck.text("sections", "title", row, &s.title)?,
                        ]);
                        id
                    }
                })
            }
        };

        let objective_id = match obj_ids.next(coded(&rec.objective), section_id) {
            None => None,
            Some((id, fresh)) => {
                if let (true, Some(c)) = (fresh, &rec.objective) {
                    objectives.push(vec![
                        key.clone(),
                        int(id),
                        opt_int(section_id),
                        ck.opt_text("objectives", "code", row, c.code.as_deref())?,
                        ck.text("objectives", "text", row, &c.text)?,
                    ]);
                }
                Some(id)
            }
        };

        let task_parent = objective_id.or(section_id);
        let task_id = match task_ids.next(coded(&rec.task), task_parent) {
            None => None,
            Some((id, fresh)) => {
                if let (true, Some(c)) = (fresh, &rec.task) {
                    tasks.push(vec![
                        key.clone(),
                        int(id),
                        opt_int(section_id),
                        opt_int(objective_id),
                        ck.opt_text("tasks", "code", row, c.code.as_deref())?,
                        ck.text("tasks", "text", row, &c.text)?,
                    ]);
                }
                Some(id)
            }
        };

        let tl = rec.timeline.as_ref();
        let t = "records";
        records.push(vec![
            key.clone(),
            int(record_id),
            ck.text(t, "stt", row, &rec.stt)?,
            opt_int(section_id),
            opt_int(objective_id),
            opt_int(task_id),
            ck.opt_text(
                t,
                "activity_code",
                row,
                rec.activity.as_ref().and_then(|c| c.code.as_deref()),
            )?,
            ck.opt_text(
                t,
                "activity",
                row,
                rec.activity.as_ref().map(|c| c.text.as_str()),
            )?,
            ck.opt_text(
                t,
                "output",
                row,
                rec.output.as_ref().map(|c| c.text.as_str()),
            )?,
            ck.opt_text(t, "lead", row, rec.lead.as_ref().map(|c| c.text.as_str()))?,
            ck.opt_text(
                t,
                "partners",
                row,
                rec.partners.as_ref().map(|c| c.text.as_str()),
            )?,
            ck.opt_text(t, "timeline", row, tl.map(|c| c.text.as_str()))?,
            ck.date(t, "start_date", row, tl.and_then(|c| c.start.flatten()))?,
            ck.date(t, "end_date", row, tl.and_then(|c| c.end.flatten()))?,
            tl.and_then(|c| c.recurrence.flatten())
                .map_or(Value::Null, |r| Value::Text(r.as_str().to_string())),
            ck.opt_text(
                t,
                "budget",
                row,
                rec.budget.as_ref().map(|c| c.text.as_str()),
            )?,
            ck.num(
                t,
                "budget_million_vnd",
                row,
                rec.budget.as_ref().and_then(|c| c.million_vnd.flatten()),
            )?,
            ck.opt_text(t, "note", row, rec.note.as_ref().map(|c| c.text.as_str()))?,
            Value::Text(
                rec.source
                    .pages
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            Value::Bool(rec.review.needed),
            ck.opt_text(
                t,
                "review_reasons",
                row,
                Some(rec.review.codes())
                    .filter(|c| !c.is_empty())
                    .as_deref(),
            )?,
        ]);

        for (header, cell) in &rec.extra {
            extras.push(vec![
                key.clone(),
                int(record_id),
                ck.text("record_extra", "header", row, header)?,
                ck.text("record_extra", "text", row, &cell.text)?,
            ]);
        }

        for (role, cell) in [("lead", &rec.lead), ("partner", &rec.partners)] {
            let mentions = cell.as_ref().and_then(|c: &AgencyCell| c.agencies.as_ref());
            for (pos, m) in mentions.into_iter().flatten().enumerate() {
                links.push(vec![
                    key.clone(),
                    int(record_id),
                    Value::Text(role.to_string()),
                    int(pos + 1),
                    ck.text("record_agencies", "agency_id", row, &m.id)?,
                    ck.text("record_agencies", "mention", row, &m.mention)?,
                ]);
            }
        }
    }

    let mut agencies = Vec::new();
    let mut spellings = Vec::new();
    for a in agency_rows(ex) {
        let row = format!("agency {}", a.id);
        let id = ck.text("agencies", "agency_id", &row, &a.id)?;
        agencies.push(vec![
            key.clone(),
            id.clone(),
            ck.text("agencies", "name", &row, &a.name)?,
            Value::Text(a.kind.as_str().to_string()),
        ]);
        for (pos, s) in a.spellings.iter().enumerate() {
            spellings.push(vec![
                key.clone(),
                id.clone(),
                int(pos + 1),
                ck.text("agency_spellings", "spelling", &row, s)?,
            ]);
        }
    }

    let tables = vec![
        TableRows {
            table: "documents",
            columns: DOCUMENT_COLUMNS,
            rows: documents,
        },
        TableRows {
            table: "sections",
            columns: SECTION_COLUMNS,
            rows: sections,
        },
        TableRows {
            table: "objectives",
            columns: OBJECTIVE_COLUMNS,
            rows: objectives,
        },
        TableRows {
            table: "tasks",
            columns: TASK_COLUMNS,
            rows: tasks,
        },
        TableRows {
            table: "records",
            columns: RECORD_COLUMNS,
            rows: records,
        },
        TableRows {
            table: "record_extra",
            columns: RECORD_EXTRA_COLUMNS,
            rows: extras,
        },
        TableRows {
            table: "agencies",
            columns: AGENCY_COLUMNS,
            rows: agencies,
        },
        TableRows {
            table: "agency_spellings",
            columns: AGENCY_SPELLING_COLUMNS,
            rows: spellings,
        },
        TableRows {
            table: "record_agencies",
            columns: RECORD_AGENCY_COLUMNS,
            rows: links,
        },
    ];
    Ok(DocumentRows {
        sha256: sha.to_string(),
        tables,
    })
}
