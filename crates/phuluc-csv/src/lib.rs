//! CSV exporter for phuluc extractions.
//!
//! Two shapes:
//!
//! * [`write_flat`]: one row per record, with every cell's text beside the normalizer's values
//!   (agency ids joined by `;`, ISO dates, the amount in million VND). Good for a spreadsheet.
//! * [`write_tables`]: three files that join on ids, for loading into other tools:
//!   `records.csv` (key `record_id`), `agencies.csv` (key `agency_id`) and `record_agencies.csv`
//!   (`record_id`, `agency_id`, `role` = `lead`|`partner`, `position` within the cell).
//!
//! Multi-line cells stay one quoted field (the `csv` crate quotes any field holding a quote,
//! separator or line break), so a record is always exactly one CSV row.
//!
//! [`CsvOptions::excel`] writes a UTF-8 byte-order mark and CRLF row ends, so that a double-click
//! in Excel shows Vietnamese text correctly, and defuses formula injection: a cell starting with
//! `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe (as OWASP
//! recommends), so that a spreadsheet shows it as text instead of running it as a formula
//! ([`excel_safe`]). The default is raw: plain UTF-8 with LF for machines, every cell exactly
//! as printed — do not open it in a spreadsheet as is.
//!
//! Every record row says whether the record needs review (`review_needed`: `true`/`false`) and
//! why (`review_reasons`: the reason codes joined by `, `).
//!
//! Empty and missing values are both written as an empty field: a column the document lacks, a
//! value the normalizer did not fill, and a value it found to be unknown all look alike here.

use phuluc_model::{AgencyCell, Extraction, Record};
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The UTF-8 byte-order mark written first in Excel mode.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How to write CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CsvOptions {
    /// Excel-friendly output: UTF-8 byte-order mark at the start and CRLF row ends.
    pub excel: bool,
}

impl CsvOptions {
    /// Options for Excel (`--excel`).
    pub fn excel() -> Self {
        CsvOptions { excel: true }
    }
}

/// What can go wrong while writing CSV.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("CSV output failed: {0}")]
    Csv(#[from] csv::Error),
    #[error("I/O error: {0}")]
    Io(#[from] io::Error),
    #[error("cannot write {path}: {source}")]
    File {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// The file names [`write_tables`] writes inside its directory.
pub const RECORDS_FILE: &str = "records.csv";
pub const AGENCIES_FILE: &str = "agencies.csv";
pub const RECORD_AGENCIES_FILE: &str = "record_agencies.csv";

/// Columns of the flat file and of `records.csv` (which has `record_id` in front), before the
/// `extra:<header>` columns of unknown headers.
pub const RECORD_COLUMNS: [&str; 24] = [
    "stt",
    "section_number",
    "section_title",
    "objective_code",
    "objective",
    "task_code",
    "task",
    "activity_code",
    "activity",
    "output",
    "lead",
    "lead_ids",
    "partners",
    "partner_ids",
    "timeline",
    "start",
    "end",
    "recurrence",
    "budget",
    "budget_million_vnd",
    "note",
    "pages",
    "review_needed",
    "review_reasons",
];

/// Columns of `agencies.csv`.
pub const AGENCY_COLUMNS: [&str; 4] = ["agency_id", "name", "kind", "spellings"];

/// Columns of `record_agencies.csv`.
pub const RECORD_AGENCY_COLUMNS: [&str; 5] =
    ["record_id", "agency_id", "role", "position", "mention"];

/// A cell for a spreadsheet: a leading apostrophe before `=`, `+`, `-`, `@`, a tab or a
/// carriage return, so that it is shown as text and never run as a formula (OWASP, "CSV
/// Injection"). Other cells are unchanged.
pub fn excel_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// A CSV writer that defuses formulas in Excel mode.
struct Out<W: Write> {
    w: csv::Writer<W>,
    excel: bool,
}

impl<W: Write> Out<W> {
    fn row<I, S>(&mut self, row: I) -> Result<(), CsvError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        if self.excel {
            self.w
                .write_record(row.into_iter().map(|c| excel_safe(c.as_ref()).into_owned()))?;
        } else {
            self.w
                .write_record(row.into_iter().map(|c| c.as_ref().to_string()))?;
        }
        Ok(())
    }
    fn flush(&mut self) -> Result<(), CsvError> {
        self.w.flush()?;
        Ok(())
    }
}

fn writer<W: Write>(mut out: W, opts: &CsvOptions) -> Result<Out<W>, CsvError> {
    if opts.excel {
        out.write_all(UTF8_BOM)?;
    }
    let terminator = if opts.excel {
        csv::Terminator::CRLF
    } else {
        csv::Terminator::Any(b'\n')
    };
    Ok(Out {
        w: csv::WriterBuilder::new()
            .terminator(terminator)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(out),
        excel: opts.excel,
    })
}

/// Writes one flat row per record (with a header row) to `out`.
///
/// Columns: [`RECORD_COLUMNS`], then one `extra:<header>` column per unknown header seen in any
/// record (sorted by header).
pub fn write_flat<W: Write>(ex: &Extraction, out: W, opts: &CsvOptions) -> Result<(), CsvError> {
    let extras = extra_headers(ex);
    let mut w = writer(out, opts)?;
    w.row(flat_header(ex))?;
    for rec in &ex.records {
        w.row(record_row(rec, &extras))?;
    }
    w.flush()?;
    Ok(())
}

/// The flat file's header: [`RECORD_COLUMNS`], then one `extra:<header>` column per unknown
/// header seen in any record (sorted by header).
pub fn flat_header(ex: &Extraction) -> Vec<String> {
    let mut header: Vec<String> = RECORD_COLUMNS.iter().map(|s| s.to_string()).collect();
    header.extend(extra_headers(ex).iter().map(|h| format!("extra:{h}")));
    header
}

/// The flat file's rows, one per record in order, under [`flat_header`] (for other views of
/// the same rows, such as the review report).
pub fn flat_rows(ex: &Extraction) -> Vec<Vec<String>> {
    let extras = extra_headers(ex);
    ex.records.iter().map(|r| record_row(r, &extras)).collect()
}

/// Writes `records.csv`, `agencies.csv` and `record_agencies.csv` into `dir` (created if
/// missing), returning the paths written.
///
/// `record_id` is the record's 1-based position in the extraction; `agency_id` is the
/// normalizer's id. Every agency id linked from a record appears in `agencies.csv` (taken from
/// the extraction's agency list, or from the mention itself when the list lacks it).
pub fn write_tables(
    ex: &Extraction,
    dir: &Path,
    opts: &CsvOptions,
) -> Result<Vec<PathBuf>, CsvError> {
    std::fs::create_dir_all(dir).map_err(|source| CsvError::File {
        path: dir.to_path_buf(),
        source,
    })?;
    let records = dir.join(RECORDS_FILE);
    let agencies = dir.join(AGENCIES_FILE);
    let links = dir.join(RECORD_AGENCIES_FILE);
    write_to_file(&records, |f| write_records_table(ex, f, opts))?;
    write_to_file(&agencies, |f| write_agencies_table(ex, f, opts))?;
    write_to_file(&links, |f| write_record_agencies_table(ex, f, opts))?;
    Ok(vec![records, agencies, links])
}

fn write_to_file(
    path: &Path,
    body: impl FnOnce(&mut BufWriter<File>) -> Result<(), CsvError>,
) -> Result<(), CsvError> {
    let file_err = |source| CsvError::File {
        path: path.to_path_buf(),
        source,
    };
    let mut f = BufWriter::new(File::create(path).map_err(file_err)?);
    body(&mut f)?;
    f.flush().map_err(file_err)
}

/// Writes the `records.csv` table: `record_id`, then the flat columns.
pub fn write_records_table<W: Write>(
    ex: &Extraction,
    out: W,
    opts: &CsvOptions,
) -> Result<(), CsvError> {
    let extras = extra_headers(ex);
    let mut w = writer(out, opts)?;
    let mut header = vec!["record_id".to_string()];
    header.extend(RECORD_COLUMNS.iter().map(|s| s.to_string()));
    header.extend(extras.iter().map(|h| format!("extra:{h}")));
    w.row(&header)?;
    for (i, rec) in ex.records.iter().enumerate() {
        let mut row = vec![(i + 1).to_string()];
        row.extend(record_row(rec, &extras));
        w.row(&row)?;
    }
    w.flush()?;
    Ok(())
}

/// One agency of the `agencies.csv` table (see [`Extraction::agency_table`]).
pub type AgencyRow = phuluc_model::AgencyEntry;

/// Every agency of the extraction, as `agencies.csv` lists them (see
/// [`Extraction::agency_table`]).
pub fn agency_rows(ex: &Extraction) -> Vec<AgencyRow> {
    ex.agency_table()
}

/// Writes the `agencies.csv` table (spellings joined by `;`).
pub fn write_agencies_table<W: Write>(
    ex: &Extraction,
    out: W,
    opts: &CsvOptions,
) -> Result<(), CsvError> {
    let mut w = writer(out, opts)?;
    w.row(AGENCY_COLUMNS)?;
    for a in agency_rows(ex) {
        w.row([
            a.id.as_str(),
            a.name.as_str(),
            a.kind.as_str(),
            a.spellings.join(";").as_str(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Writes the `record_agencies.csv` link table: one row per agency mention of a lead or
/// partners cell, `position` counting from 1 within the cell.
pub fn write_record_agencies_table<W: Write>(
    ex: &Extraction,
    out: W,
    opts: &CsvOptions,
) -> Result<(), CsvError> {
    let mut w = writer(out, opts)?;
    w.row(RECORD_AGENCY_COLUMNS)?;
    for (i, rec) in ex.records.iter().enumerate() {
        let record_id = (i + 1).to_string();
        for (role, cell) in [("lead", &rec.lead), ("partner", &rec.partners)] {
            for (pos, m) in cell
                .iter()
                .flat_map(|c| c.agencies.iter().flatten())
                .enumerate()
            {
                w.row([
                    record_id.as_str(),
                    m.id.as_str(),
                    role,
                    (pos + 1).to_string().as_str(),
                    m.mention.as_str(),
                ])?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

fn extra_headers(ex: &Extraction) -> Vec<String> {
    let set: BTreeSet<&String> = ex.records.iter().flat_map(|r| r.extra.keys()).collect();
    set.into_iter().cloned().collect()
}

fn agency_ids(cell: &Option<AgencyCell>) -> String {
    cell.iter()
        .flat_map(|c| c.agencies.iter().flatten())
        .map(|m| m.id.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

/// The flat row of one record, in the order of [`RECORD_COLUMNS`] then `extras`.
fn record_row(rec: &Record, extras: &[String]) -> Vec<String> {
    let text = |s: Option<&str>| s.unwrap_or("").to_string();
    let code = |c: &Option<phuluc_model::CodedCell>| {
        c.as_ref().and_then(|c| c.code.clone()).unwrap_or_default()
    };
    let tl = rec.timeline.as_ref();
    let date = |d: Option<&Option<Option<phuluc_model::Date>>>| {
        d.and_then(|d| d.as_ref().copied().flatten())
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    let mut row = vec![
        rec.stt.clone(),
        text(rec.section.as_ref().map(|s| s.number.as_str())),
        text(rec.section.as_ref().map(|s| s.title.as_str())),
        code(&rec.objective),
        text(rec.objective.as_ref().map(|c| c.text.as_str())),
        code(&rec.task),
        text(rec.task.as_ref().map(|c| c.text.as_str())),
        code(&rec.activity),
        text(rec.activity.as_ref().map(|c| c.text.as_str())),
        text(rec.output.as_ref().map(|c| c.text.as_str())),
        text(rec.lead.as_ref().map(|c| c.text.as_str())),
        agency_ids(&rec.lead),
        text(rec.partners.as_ref().map(|c| c.text.as_str())),
        agency_ids(&rec.partners),
        text(tl.map(|t| t.text.as_str())),
        date(tl.map(|t| &t.start)),
        date(tl.map(|t| &t.end)),
        tl.and_then(|t| t.recurrence.flatten())
            .map(|r| r.as_str().to_string())
            .unwrap_or_default(),
        text(rec.budget.as_ref().map(|b| b.text.as_str())),
        rec.budget
            .as_ref()
            .and_then(|b| b.million_vnd.flatten())
            .map(|v| v.to_string())
            .unwrap_or_default(),
        text(rec.note.as_ref().map(|c| c.text.as_str())),
        rec.source
            .pages
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(";"),
        rec.review.needed.to_string(),
        rec.review.codes(),
    ];
    for h in extras {
        row.push(rec.extra.get(h).map(|c| c.text.clone()).unwrap_or_default());
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use phuluc_model::{
        AgencyEntry, AgencyMention, BudgetCell, CodedCell, Date, Section, SourceFile, TextCell,
        TimelineCell,
    };

    fn mention(id: &str, mention: &str) -> AgencyMention {
        AgencyMention {
            current_id: None,
            succession_source: None,
            mention: mention.into(),
            id: id.into(),
            name: format!("name of {id}"),
            kind: phuluc_model::AgencyKind::Department,
        }
    }

    fn sample() -> Extraction {
        let mut ex = Extraction::new(SourceFile {
            file: "plan.pdf".into(),
            sha256: "ab".repeat(32),
            pages: 3,
        });
        ex.agencies.push(AgencyEntry {
            valid_from: None,
            valid_to: None,
            successors: Vec::new(),
            current_id: None,
            source: None,
            id: "so-noi-vu".into(),
            name: "Sở Nội vụ".into(),
            kind: phuluc_model::AgencyKind::Department,
            spellings: vec!["Sở Nội vụ".into(), "SNV".into()],
        });
        let mut r = Record {
            stt: "1".into(),
            section: Some(Section {
                number: "I".into(),
                title: "Cải cách thể chế".into(),
            }),
            objective: Some(CodedCell {
                code: Some("1.1".into()),
                text: "1.1: Mục tiêu 1: \"hoàn thiện\", thể chế".into(),
                starts_here: true,
            }),
            activity: Some(CodedCell {
                code: None,
                text: "dòng 1\ndòng 2\r\ndòng 3".into(),
                starts_here: true,
            }),
            lead: Some(AgencyCell {
                lines: Vec::new(),
                text: "Sở Nội vụ".into(),
                agencies: Some(vec![mention("so-noi-vu", "Sở Nội vụ")]),
            }),
            partners: Some(AgencyCell {
                lines: Vec::new(),
                text: "Sở Tư pháp; Sở TT&TT".into(),
                agencies: Some(vec![
                    mention("so-tu-phap", "Sở Tư pháp"),
                    mention("so-tttt", "Sở TT&TT"),
                ]),
            }),
            timeline: Some(TimelineCell {
                text: "2021-2025".into(),
                start: Some(Date::new(2021, 1, 1)),
                end: Some(Date::new(2025, 12, 31)),
                recurrence: Some(Some(phuluc_model::Recurrence::Annual)),
            }),
            budget: Some(BudgetCell {
                text: "1.500".into(),
                million_vnd: Some(Some(1500.0)),
            }),
            ..Record::default()
        };
        r.source.pages = vec![2, 3];
        r.extra
            .insert("Ghi chú thêm".into(), TextCell { text: "x".into() });
        ex.records.push(r);
        ex.records.push(Record {
            stt: "2".into(),
            ..Record::default()
        });
        ex
    }

    #[test]
    fn flat_header_and_rows_are_what_write_flat_writes() {
        let ex = sample();
        let mut out = Vec::new();
        write_flat(&ex, &mut out, &CsvOptions::default()).unwrap();
        let rows = read(&out);
        assert_eq!(rows[0], flat_header(&ex));
        assert_eq!(rows[1..], flat_rows(&ex)[..]);
    }

    fn read(bytes: &[u8]) -> Vec<Vec<String>> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes);
        r.records()
            .map(|r| r.unwrap().iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn flat_has_one_row_per_record_and_keeps_multiline_cells() {
        let mut out = Vec::new();
        write_flat(&sample(), &mut out, &CsvOptions::default()).unwrap();
        assert!(!out.starts_with(UTF8_BOM));
        let rows = read(&out);
        assert_eq!(rows.len(), 3, "header + 2 records");
        let header = &rows[0];
        assert_eq!(header.len(), RECORD_COLUMNS.len() + 1);
        assert_eq!(header.last().unwrap(), "extra:Ghi chú thêm");
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let r = &rows[1];
        assert_eq!(r[col("activity")], "dòng 1\ndòng 2\r\ndòng 3");
        assert_eq!(
            r[col("objective")],
            "1.1: Mục tiêu 1: \"hoàn thiện\", thể chế"
        );
        assert_eq!(r[col("objective_code")], "1.1");
        assert_eq!(r[col("lead_ids")], "so-noi-vu");
        assert_eq!(r[col("partner_ids")], "so-tu-phap;so-tttt");
        assert_eq!(r[col("start")], "2021-01-01");
        assert_eq!(r[col("end")], "2025-12-31");
        assert_eq!(r[col("recurrence")], "annual");
        assert_eq!(r[col("budget_million_vnd")], "1500");
        assert_eq!(r[col("pages")], "2;3");
        assert_eq!(r[col("extra:Ghi chú thêm")], "x");
        // A record without cells has empty fields, same width.
        assert_eq!(rows[2].len(), header.len());
        let review = col("review_needed");
        assert!(rows[2][1..]
            .iter()
            .enumerate()
            .all(|(i, f)| f.is_empty() || i + 1 == review));
        assert_eq!(rows[2][review], "false");
        // Rows end with LF only in machine mode.
        let text = String::from_utf8(out).unwrap();
        assert!(text.ends_with("\n") && !text.ends_with("\r\n"));
        assert!(text.contains("\"dòng 1\ndòng 2\r\ndòng 3\""));
    }

    #[test]
    fn excel_mode_writes_bom_and_crlf() {
        let mut out = Vec::new();
        write_flat(&sample(), &mut out, &CsvOptions::excel()).unwrap();
        assert!(out.starts_with(UTF8_BOM));
        let body = &out[UTF8_BOM.len()..];
        let text = std::str::from_utf8(body).unwrap();
        assert!(text.starts_with("stt,section_number,"));
        // Every row ends in CRLF; the LF inside the quoted cell is kept as is.
        assert!(text.ends_with("\r\n"));
        assert_eq!(
            text.matches("\r\n").count(),
            3 + 1,
            "3 row ends + the CRLF inside the cell"
        );
        assert_eq!(read(body).len(), 3);
    }

    #[test]
    fn tables_join_on_ids() {
        let dir = tempfile::tempdir().unwrap();
        let paths = write_tables(&sample(), dir.path(), &CsvOptions::default()).unwrap();
        assert_eq!(paths.len(), 3);
        let records = read(&std::fs::read(dir.path().join(RECORDS_FILE)).unwrap());
        let agencies = read(&std::fs::read(dir.path().join(AGENCIES_FILE)).unwrap());
        let links = read(&std::fs::read(dir.path().join(RECORD_AGENCIES_FILE)).unwrap());
        assert_eq!(records[0][0], "record_id");
        assert_eq!(records.len(), 3);
        assert_eq!(agencies[0], AGENCY_COLUMNS);
        assert_eq!(links[0], RECORD_AGENCY_COLUMNS);
        // so-noi-vu from the list, then the two ids only mentioned.
        let ids: Vec<&str> = agencies[1..].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(ids, ["so-noi-vu", "so-tu-phap", "so-tttt"]);
        assert_eq!(agencies[1][3], "Sở Nội vụ;SNV");
        assert_eq!(agencies[2][2], "department");
        assert_eq!(
            links[1..].to_vec(),
            vec![
                vec!["1", "so-noi-vu", "lead", "1", "Sở Nội vụ"],
                vec!["1", "so-tu-phap", "partner", "1", "Sở Tư pháp"],
                vec!["1", "so-tttt", "partner", "2", "Sở TT&TT"],
            ]
        );
        // Every link joins to a record and an agency.
        for l in &links[1..] {
            assert!(records[1..].iter().any(|r| r[0] == l[0]));
            assert!(ids.contains(&l[1].as_str()));
        }
    }

    #[test]
    fn excel_mode_defuses_formulas_and_plain_mode_is_raw() {
        let mut ex = sample();
        let cells = [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ];
        ex.records[1].note = Some(TextCell {
            text: cells.join(" "),
        });
        for (i, c) in cells.iter().enumerate() {
            ex.records[1].extra.insert(
                format!("h{i}"),
                TextCell {
                    text: c.to_string(),
                },
            );
        }
        ex.records[1]
            .review
            .flag(phuluc_model::ReviewCode::RecoveredDamage, None, "p. 3");
        let mut out = Vec::new();
        write_flat(&ex, &mut out, &CsvOptions::excel()).unwrap();
        let rows = read(&out[UTF8_BOM.len()..]);
        let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
        for (i, c) in cells.iter().enumerate() {
            assert_eq!(rows[2][col(&format!("extra:h{i}"))], format!("'{c}"));
        }
        // Only the start of a cell matters.
        assert!(rows[2][col("note")].starts_with("'="));
        assert_eq!(rows[2][col("review_needed")], "true");
        assert_eq!(rows[2][col("review_reasons")], "recovered_damage");
        assert_eq!(rows[1][col("review_needed")], "false");
        assert_eq!(excel_safe("Sở Nội vụ"), "Sở Nội vụ");
        // Plain CSV keeps every cell exactly as printed.
        let mut out = Vec::new();
        write_flat(&ex, &mut out, &CsvOptions::default()).unwrap();
        let rows = read(&out);
        for (i, c) in cells.iter().enumerate() {
            assert_eq!(rows[2][col(&format!("extra:h{i}"))], *c);
        }
    }

    #[test]
    fn excel_tables_each_have_a_bom() {
        let dir = tempfile::tempdir().unwrap();
        for p in write_tables(&sample(), dir.path(), &CsvOptions::excel()).unwrap() {
            let bytes = std::fs::read(&p).unwrap();
            assert!(bytes.starts_with(UTF8_BOM), "{}", p.display());
            assert!(bytes.ends_with(b"\r\n"));
        }
    }
}
