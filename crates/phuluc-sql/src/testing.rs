//! Round-trip helpers for tests (feature `test-support`): load an extraction into SQLite and
//! PostgreSQL through the exporter, read it back, and compare with the extraction itself.
//!
//! One call checks everything for any extraction (a fixture, or real `phuluc extract` output):
//!
//! ```no_run
//! # let extraction = phuluc_model::Extraction::new(Default::default());
//! phuluc_sql::testing::assert_roundtrip(&extraction);
//! ```
//!
//! PostgreSQL is reached with `psql` at the URL in `PHULUC_PG_URL` (see [`pg_url`]); each use
//! works in a scratch schema of its own that is dropped afterwards, so tests can run in parallel.

use crate::{agency_rows, load_sqlite, quote_text, write_script, Dialect, SqlError};
use phuluc_model::Extraction;
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Table name → rows (JSON objects), in a canonical order.
pub type Snapshot = BTreeMap<String, Vec<Json>>;

/// The queries that read one document back, by snapshot key; `$DOC` is the quoted sha256.
/// They are plain SQL that both dialects run unchanged.
pub const SNAPSHOT_QUERIES: [(&str, &str); 6] = [
    (
        "documents",
        "SELECT sha256, file, pages, schema_tag, title, plan_number, issued_on, issuer, province, \
         period_start, period_end, record_count FROM documents WHERE sha256 = $DOC",
    ),
    (
        "records",
        "SELECT r.record_id, r.stt, s.number AS section_number, s.title AS section_title, \
         o.code AS objective_code, o.text AS objective, t.code AS task_code, t.text AS task, \
         r.activity_code, r.activity, r.output, r.lead, r.partners, r.timeline, r.start_date, \
         r.end_date, r.recurrence, r.budget, r.budget_million_vnd, r.note, r.pages, \
         CASE WHEN r.review_needed THEN 1 ELSE 0 END AS review_needed, r.review_reasons \
         FROM records r \
         LEFT JOIN sections s ON s.document_sha256 = r.document_sha256 AND s.section_id = r.section_id \
         LEFT JOIN objectives o ON o.document_sha256 = r.document_sha256 AND o.objective_id = r.objective_id \
         LEFT JOIN tasks t ON t.document_sha256 = r.document_sha256 AND t.task_id = r.task_id \
         WHERE r.document_sha256 = $DOC ORDER BY r.record_id",
    ),
    (
        "record_extra",
        "SELECT record_id, header, text FROM record_extra WHERE document_sha256 = $DOC",
    ),
    (
        "agencies",
        "SELECT agency_id, name, kind FROM agencies WHERE document_sha256 = $DOC",
    ),
    (
        "agency_spellings",
        "SELECT agency_id, position, spelling FROM agency_spellings WHERE document_sha256 = $DOC",
    ),
    (
        "record_agencies",
        "SELECT ra.record_id, ra.role, ra.position, ra.agency_id, ra.mention, a.name AS agency_name \
         FROM record_agencies ra JOIN agencies a \
         ON a.document_sha256 = ra.document_sha256 AND a.agency_id = ra.agency_id \
         WHERE ra.document_sha256 = $DOC",
    ),
];

/// Numbers as f64, so that `1500` and `1500.0` compare equal across databases.
pub fn canonical(v: Json) -> Json {
    match v {
        Json::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Json::Null, Json::Number),
        Json::Array(a) => Json::Array(a.into_iter().map(canonical).collect()),
        Json::Object(o) => Json::Object(o.into_iter().map(|(k, v)| (k, canonical(v))).collect()),
        other => other,
    }
}

fn sorted(rows: Vec<Json>) -> Vec<Json> {
    let mut rows: Vec<Json> = rows.into_iter().map(canonical).collect();
    rows.sort_by_cached_key(|r| r.to_string());
    rows
}

/// What the database should hold for `ex`, computed from the extraction alone.
pub fn expected(ex: &Extraction) -> Snapshot {
    let doc = &ex.document;
    let mut snap = Snapshot::new();
    snap.insert(
        "documents".into(),
        vec![json!({
            "sha256": ex.source.sha256, "file": ex.source.file, "pages": ex.source.pages,
            "schema_tag": ex.schema, "title": doc.title, "plan_number": doc.plan_number,
            "issued_on": doc.issued_on.as_deref().map(|s| {
                phuluc_model::Date::parse_iso(s).map_or(s.to_string(), |d| d.to_string())
            }), "issuer": doc.issuer, "province": doc.province,
            "period_start": doc.period.map(|p| p.start), "period_end": doc.period.map(|p| p.end),
            "record_count": ex.records.len(),
        })],
    );
    let mut records = Vec::new();
    let mut extra = Vec::new();
    let mut links = Vec::new();
    let agencies = agency_rows(ex);
    for (i, r) in ex.records.iter().enumerate() {
        let id = i + 1;
        let tl = r.timeline.as_ref();
        records.push(json!({
            "record_id": id, "stt": r.stt,
            "section_number": r.section.as_ref().map(|s| &s.number),
            "section_title": r.section.as_ref().map(|s| &s.title),
            "objective_code": r.objective.as_ref().and_then(|c| c.code.as_ref()),
            "objective": r.objective.as_ref().map(|c| &c.text),
            "task_code": r.task.as_ref().and_then(|c| c.code.as_ref()),
            "task": r.task.as_ref().map(|c| &c.text),
            "activity_code": r.activity.as_ref().and_then(|c| c.code.as_ref()),
            "activity": r.activity.as_ref().map(|c| &c.text),
            "output": r.output.as_ref().map(|c| &c.text),
            "lead": r.lead.as_ref().map(|c| &c.text),
            "partners": r.partners.as_ref().map(|c| &c.text),
            "timeline": tl.map(|c| &c.text),
            "start_date": tl.and_then(|c| c.start.flatten()).map(|d| d.to_string()),
            "end_date": tl.and_then(|c| c.end.flatten()).map(|d| d.to_string()),
            "recurrence": tl.and_then(|c| c.recurrence.flatten()).map(|r| r.as_str()),
            "budget": r.budget.as_ref().map(|c| &c.text),
            "budget_million_vnd": r.budget.as_ref().and_then(|c| c.million_vnd.flatten()),
            "note": r.note.as_ref().map(|c| &c.text),
            "pages": r.source.pages.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(","),
            "review_needed": i32::from(r.review.needed),
            "review_reasons": Some(r.review.codes()).filter(|c| !c.is_empty()),
        }));
        for (h, c) in &r.extra {
            extra.push(json!({"record_id": id, "header": h, "text": c.text}));
        }
        for (role, cell) in [("lead", &r.lead), ("partner", &r.partners)] {
            for (pos, m) in cell
                .iter()
                .flat_map(|c| c.agencies.iter().flatten())
                .enumerate()
            {
                let name = agencies
                    .iter()
                    .find(|a| a.id == m.id)
                    .map(|a| a.name.clone());
                links.push(json!({
                    "record_id": id, "role": role, "position": pos + 1, "agency_id": m.id,
                    "mention": m.mention, "agency_name": name,
                }));
            }
        }
    }
    snap.insert("records".into(), records);
    snap.insert("record_extra".into(), extra);
    snap.insert("record_agencies".into(), links);
    snap.insert(
        "agencies".into(),
        agencies
            .iter()
            .map(|a| json!({"agency_id": a.id, "name": a.name, "kind": a.kind.as_str()}))
            .collect(),
    );
    snap.insert(
        "agency_spellings".into(),
        agencies
            .iter()
            .flat_map(|a| {
                a.spellings
                    .iter()
                    .enumerate()
                    .map(|(i, s)| json!({"agency_id": a.id, "position": i + 1, "spelling": s}))
            })
            .collect(),
    );
    snap.into_iter().map(|(k, v)| (k, sorted(v))).collect()
}

fn snapshot_with(
    sha256: &str,
    mut run: impl FnMut(&str) -> Result<Vec<Json>, String>,
) -> Result<Snapshot, String> {
    let doc = quote_text(sha256).map_err(|e| e.to_string())?;
    let mut snap = Snapshot::new();
    for (name, q) in SNAPSHOT_QUERIES {
        let rows = run(&q.replace("$DOC", &doc))?;
        snap.insert(name.to_string(), sorted(rows));
    }
    Ok(snap)
}

/// Runs a query in SQLite; each row becomes a JSON object keyed by column name.
pub fn sqlite_query(conn: &rusqlite::Connection, sql: &str) -> Result<Vec<Json>, String> {
    use rusqlite::types::ValueRef;
    let mut stmt = conn.prepare(sql).map_err(|e| format!("{e}: {sql}"))?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let mut rows = stmt.query([]).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(|e| e.to_string())? {
        let mut obj = Map::new();
        for (i, n) in names.iter().enumerate() {
            let v = match row.get_ref(i).map_err(|e| e.to_string())? {
                ValueRef::Null => Json::Null,
                ValueRef::Integer(n) => json!(n),
                ValueRef::Real(x) => json!(x),
                ValueRef::Text(t) => {
                    Json::String(String::from_utf8(t.to_vec()).map_err(|e| e.to_string())?)
                }
                ValueRef::Blob(_) => return Err(format!("unexpected blob in column {n}")),
            };
            obj.insert(n.clone(), v);
        }
        out.push(Json::Object(obj));
    }
    Ok(out.into_iter().map(canonical).collect())
}

/// Reads one document back from SQLite.
pub fn read_sqlite(conn: &rusqlite::Connection, sha256: &str) -> Result<Snapshot, String> {
    snapshot_with(sha256, |q| sqlite_query(conn, q))
}

/// The PostgreSQL URL for tests, from `PHULUC_PG_URL`.
///
/// When it is unset: under CI (env `CI` set) this panics, so a missing server fails the run;
/// elsewhere it prints how to start one and returns `None` (the caller skips).
pub fn pg_url() -> Option<String> {
    match std::env::var("PHULUC_PG_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url.trim().to_string()),
        _ => {
            let how = "start one with `export PHULUC_PG_URL=$(bash scripts/ci/postgres.sh)` \
                       (installs PostgreSQL from Debian packages if missing, starts it on localhost)";
            if std::env::var_os("CI").is_some() {
                panic!(
                    "PHULUC_PG_URL is not set under CI: the PostgreSQL tests need a server; {how}"
                );
            }
            // Straight to stderr, past the test harness's capture, so a developer sees it.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr().lock(),
                "skipping the PostgreSQL part: PHULUC_PG_URL is not set; {how}"
            );
            None
        }
    }
}

static SCRATCH: AtomicUsize = AtomicUsize::new(0);

/// A scratch schema in the PostgreSQL database at `url`, dropped on drop. Scripts and queries
/// run through it see only its tables (it is first on their `search_path`).
pub struct PgScratch {
    pub url: String,
    pub schema: String,
}

impl PgScratch {
    pub fn new(url: &str) -> Result<PgScratch, String> {
        let n = SCRATCH.fetch_add(1, Ordering::SeqCst);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let schema = format!("phuluc_test_{}_{n}_{nanos}", std::process::id());
        let s = PgScratch {
            url: url.to_string(),
            schema,
        };
        s.psql(&["-c", &format!("CREATE SCHEMA {}", s.schema)], None)?;
        Ok(s)
    }

    fn psql(&self, args: &[&str], stdin: Option<&[u8]>) -> Result<String, String> {
        use std::io::Write;
        let mut cmd = Command::new("psql");
        cmd.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", &self.url])
            .args(args)
            .env("PGOPTIONS", format!("-c search_path={}", self.schema))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().map_err(|e| format!("cannot run psql: {e}"))?;
        if let Some(mut pipe) = child.stdin.take() {
            if let Some(input) = stdin {
                pipe.write_all(input)
                    .map_err(|e| format!("writing to psql: {e}"))?;
            }
        }
        let out = child.wait_with_output().map_err(|e| format!("psql: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "psql failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        String::from_utf8(out.stdout).map_err(|e| format!("psql output is not UTF-8: {e}"))
    }

    /// Runs a script (fed on standard input, as `psql -v ON_ERROR_STOP=1 < script.sql` would).
    pub fn run_script(&self, script: &[u8]) -> Result<(), String> {
        self.psql(&["-f", "-"], Some(script)).map(|_| ())
    }

    /// Runs a query; each row becomes a JSON object keyed by column name (via `json_agg`).
    pub fn query(&self, sql: &str) -> Result<Vec<Json>, String> {
        let wrapped = format!("SELECT coalesce(json_agg(q), '[]'::json) FROM ({sql}) q");
        let out = self.psql(&["-A", "-t", "-c", &wrapped], None)?;
        match serde_json::from_str(out.trim()) {
            Ok(Json::Array(rows)) => Ok(rows.into_iter().map(canonical).collect()),
            Ok(other) => Err(format!("psql returned {other}")),
            Err(e) => Err(format!("psql output is not JSON ({e}): {out}")),
        }
    }

    /// Reads one document back.
    pub fn read(&self, sha256: &str) -> Result<Snapshot, String> {
        snapshot_with(sha256, |q| self.query(q))
    }
}

impl Drop for PgScratch {
    fn drop(&mut self) {
        let _ = self.psql(
            &[
                "-c",
                &format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema),
            ],
            None,
        );
    }
}

fn compare(what: &str, got: &Snapshot, want: &Snapshot) -> Result<(), String> {
    for (table, rows) in want {
        let have = got.get(table).cloned().unwrap_or_default();
        if &have != rows {
            let first = rows
                .iter()
                .zip(have.iter())
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("\n  expected {a}\n  got      {b}"))
                .unwrap_or_default();
            return Err(format!(
                "{what}: table {table} differs ({} rows expected, {} read back){first}",
                rows.len(),
                have.len()
            ));
        }
    }
    Ok(())
}

/// Loads `ex` into SQLite three ways (the SQLite script, [`load_sqlite`] directly, and the
/// script again on top, which must replace it) and checks what reads back.
pub fn roundtrip_sqlite(ex: &Extraction) -> Result<(), String> {
    let want = expected(ex);
    let mut script = Vec::new();
    write_script(ex, &mut script, Dialect::Sqlite).map_err(|e: SqlError| e.to_string())?;
    let script = String::from_utf8(script).map_err(|e| e.to_string())?;

    let conn = rusqlite::Connection::open_in_memory().map_err(|e| e.to_string())?;
    conn.execute_batch(&script)
        .map_err(|e| format!("SQLite rejected the script: {e}"))?;
    compare(
        "SQLite script",
        &read_sqlite(&conn, &ex.source.sha256)?,
        &want,
    )?;
    conn.execute_batch(&script)
        .map_err(|e| format!("SQLite rejected the script twice: {e}"))?;
    compare(
        "SQLite script loaded twice",
        &read_sqlite(&conn, &ex.source.sha256)?,
        &want,
    )?;

    let mut conn = rusqlite::Connection::open_in_memory().map_err(|e| e.to_string())?;
    load_sqlite(&mut conn, &[ex]).map_err(|e| e.to_string())?;
    compare(
        "SQLite direct",
        &read_sqlite(&conn, &ex.source.sha256)?,
        &want,
    )?;
    let violations = sqlite_query(&conn, "SELECT * FROM pragma_foreign_key_check")?;
    if !violations.is_empty() {
        return Err(format!("foreign key violations: {violations:?}"));
    }
    Ok(())
}

/// Loads the PostgreSQL script of `ex` (twice: the second load must replace the first) into a
/// scratch schema and checks what reads back.
pub fn roundtrip_postgres(ex: &Extraction, url: &str) -> Result<(), String> {
    let want = expected(ex);
    let mut script = Vec::new();
    write_script(ex, &mut script, Dialect::Postgres).map_err(|e| e.to_string())?;
    let pg = PgScratch::new(url)?;
    pg.run_script(&script)?;
    compare("PostgreSQL script", &pg.read(&ex.source.sha256)?, &want)?;
    pg.run_script(&script)?;
    compare(
        "PostgreSQL script loaded twice",
        &pg.read(&ex.source.sha256)?,
        &want,
    )
}

/// The one call for any extraction: round trip through SQLite, and through PostgreSQL when
/// [`pg_url`] gives a server (under CI it must). Panics with the first difference.
pub fn assert_roundtrip(ex: &Extraction) {
    if let Err(e) = roundtrip_sqlite(ex) {
        panic!("{e}");
    }
    if let Some(url) = pg_url() {
        if let Err(e) = roundtrip_postgres(ex, &url) {
            panic!("{e}");
        }
    }
}

/// Canonical names of the agency ids used by the truth files (others are named after their
/// first spelling).
const TRUTH_AGENCY_NAMES: [(&str, &str); 7] = [
    ("so-noi-vu", "Sở Nội vụ"),
    ("so-tu-phap", "Sở Tư pháp"),
    ("so-tai-chinh", "Sở Tài chính"),
    ("so-khdt", "Sở Kế hoạch và Đầu tư"),
    ("so-tttt", "Sở Thông tin và Truyền thông"),
    ("ubnd-tinh", "UBND tỉnh"),
    ("vp-ubnd-tinh", "Văn phòng UBND tỉnh"),
];

fn truth_kind(id: &str) -> phuluc_model::AgencyKind {
    use phuluc_model::AgencyKind;
    if id.starts_with("group:") {
        AgencyKind::Group
    } else if id.starts_with("so-") {
        AgencyKind::Department
    } else if id.starts_with("ubnd-") {
        AgencyKind::PeoplesCommittee
    } else if id.starts_with("vp-") {
        AgencyKind::Office
    } else {
        AgencyKind::Other
    }
}

/// The code of a labelled cell ("3.1: Hoạt động 1: …" → "3.1").
fn truth_code(text: &str) -> Option<String> {
    let (head, _) = text.split_once(':')?;
    let head = head.trim();
    (!head.is_empty() && head.chars().all(|c| c.is_ascii_digit() || c == '.'))
        .then(|| head.to_string())
}

/// Builds an [`Extraction`] from a `*.truth.json` fixture: each row becomes a record with the
/// cell texts, and each row's `norm` fills the agencies (ids = the `agency` cluster keys),
/// timeline and budget, so the normalized columns are exercised too.
pub fn extraction_from_truth(truth: &Json, file: &str, sha256: &str) -> Result<Extraction, String> {
    use phuluc_model::{
        AgencyCell, AgencyEntry, AgencyMention, BudgetCell, CodedCell, Column, Date, DocumentMeta,
        Field, Period, Record, Section, SourceFile, TextCell, TimelineCell,
    };
    let s = |v: &Json, k: &str| v.get(k).and_then(Json::as_str).map(str::to_string);
    let doc = truth.get("document").ok_or("no document")?;
    let mut ex = Extraction::new(SourceFile {
        file: file.to_string(),
        sha256: sha256.to_string(),
        pages: 0,
    });
    ex.document = DocumentMeta {
        title: s(doc, "title"),
        appendix_title: s(doc, "appendix_title"),
        province_now: None,
        plan_number: s(doc, "plan_number"),
        issued_on: s(doc, "issued_on"),
        issuer: s(doc, "issuer"),
        province: s(doc, "province"),
        period: match (doc.get("period_start"), doc.get("period_end")) {
            (Some(a), Some(b)) => match (a.as_i64(), b.as_i64()) {
                (Some(a), Some(b)) => Some(Period {
                    start: a as i32,
                    end: b as i32,
                }),
                _ => None,
            },
            _ => None,
        },
    };
    let mut fields = Vec::new();
    for (i, c) in truth
        .get("columns")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let field: Field = serde_json::from_value(c.get("field").cloned().unwrap_or(Json::Null))
            .map_err(|e| format!("column {i}: {e}"))?;
        fields.push(field);
        ex.columns.push(Column {
            index: i,
            header: s(c, "header").unwrap_or_default(),
            field,
        });
    }
    let has = |f: Field| fields.contains(&f);
    let mut names: Vec<(String, String)> = Vec::new();
    for row in truth
        .get("rows")
        .and_then(Json::as_array)
        .ok_or("no rows")?
    {
        let norm = row.get("norm").cloned().unwrap_or(Json::Null);
        let text = |k: &str| s(row, k).unwrap_or_default();
        let coded = |k: &str, f: Field| {
            has(f).then(|| CodedCell {
                code: truth_code(&text(k)),
                text: text(k),
                starts_here: row
                    .get(format!("{k}_start"))
                    .and_then(Json::as_bool)
                    .unwrap_or(true),
            })
        };
        let mut agencies = |k: &str| -> Vec<AgencyMention> {
            let mut out = Vec::new();
            for m in norm.get(k).and_then(Json::as_array).into_iter().flatten() {
                let (Some(raw), Some(id)) = (s(m, "raw"), s(m, "agency")) else {
                    continue;
                };
                let name = match TRUTH_AGENCY_NAMES.iter().find(|(i, _)| *i == id) {
                    Some((_, n)) => n.to_string(),
                    None => match names.iter().find(|(i, _)| *i == id) {
                        Some((_, n)) => n.clone(),
                        None => raw.clone(),
                    },
                };
                if names.iter().all(|(i, _)| *i != id) {
                    names.push((id.clone(), name.clone()));
                }
                out.push(AgencyMention {
                    current_id: None,
                    succession_source: None,
                    mention: raw,
                    kind: truth_kind(&id),
                    id,
                    name,
                });
            }
            out
        };
        let lead = agencies("lead");
        let partners = agencies("partners");
        let tl = norm.get("timeline").cloned().unwrap_or(Json::Null);
        let date = |k: &str| s(&tl, k).and_then(|d| Date::parse_iso(&d));
        let recurrence = tl
            .get("recurrence")
            .filter(|v| !v.is_null())
            .map(|v| serde_json::from_value(v.clone()).map_err(|e| e.to_string()))
            .transpose()?;
        ex.records.push(Record {
            stt: text("stt"),
            section: s(row, "section").map(|number| Section {
                number,
                title: text("section_title"),
            }),
            objective: coded("objective", Field::Objective),
            task: coded("task", Field::Task),
            activity: coded("activity", Field::Activity),
            output: has(Field::Output).then(|| TextCell {
                text: text("output"),
            }),
            lead: has(Field::Lead).then(|| AgencyCell {
                lines: Vec::new(),
                text: text("lead"),
                agencies: Some(lead),
            }),
            partners: has(Field::Partners).then(|| AgencyCell {
                lines: Vec::new(),
                text: text("partners"),
                agencies: Some(partners),
            }),
            timeline: has(Field::Timeline).then(|| TimelineCell {
                text: text("timeline"),
                start: Some(date("start")),
                end: Some(date("end")),
                recurrence: Some(recurrence),
            }),
            budget: has(Field::Budget).then(|| BudgetCell {
                text: text("budget"),
                million_vnd: Some(norm.get("budget_million_vnd").and_then(Json::as_f64)),
            }),
            note: has(Field::Note).then(|| TextCell { text: text("note") }),
            ..Record::default()
        });
    }
    // The agency list, with every spelling seen (in order of first appearance).
    for rec in &ex.records {
        for m in [&rec.lead, &rec.partners]
            .into_iter()
            .flatten()
            .flat_map(|c| c.agencies.iter().flatten())
        {
            match ex.agencies.iter_mut().find(|a| a.id == m.id) {
                Some(a) => {
                    if !a.spellings.contains(&m.mention) {
                        a.spellings.push(m.mention.clone());
                    }
                }
                None => ex.agencies.push(AgencyEntry {
                    valid_from: None,
                    valid_to: None,
                    successors: Vec::new(),
                    current_id: None,
                    source: None,
                    id: m.id.clone(),
                    name: m.name.clone(),
                    kind: m.kind,
                    spellings: vec![m.mention.clone()],
                }),
            }
        }
    }
    Ok(ex)
}

/// The SQL blocks (```` ```sql ```` fences) of a Markdown text, in order: the example queries
/// of `docs/sql.md`, which the tests run against both databases.
pub fn example_queries(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in markdown.lines() {
        match (&mut cur, line.trim_end()) {
            (None, "```sql") => cur = Some(String::new()),
            (Some(q), "```") => {
                out.push(std::mem::take(q));
                cur = None;
            }
            (Some(q), l) => {
                q.push_str(l);
                q.push('\n');
            }
            _ => {}
        }
    }
    out
}
