//! The fixture harness behind `phuluc check DIR` (layout and workflow: `docs/regression.md`).
//!
//! A directory holds documents (`x.pdf`) with, beside each, the accepted output
//! `x.expected.json` (a snapshot, written by `--update`) and optionally the truth `x.truth.json`.
//! Variants of one document may share a truth: `name.variant.pdf` uses `name.variant.truth.json`
//! or, failing that, `name.truth.json` (or `truth.json` in a folder per document).
//! Sub-directories are checked too. Each document is extracted (in parallel), compared with
//! its expected output (a record-level [`diff`](crate::diff)) and scored against its truth;
//! the new output *regresses* when a truth metric is worse than the expected output's (or, with
//! `exact`, when it is not exactly the truth).

use crate::diff::{diff, Diff};
use crate::render::{self, Style};
use crate::score::{exact_mismatches, score, MetricChange, Score};
use crate::truth::Truth;
use phuluc_model::Extraction;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// Why a fixture directory could not be checked at all.
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    #[error("{dir}: cannot read the fixture directory: {source}")]
    ReadDir {
        dir: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{dir}: no documents (*.{extensions}) in the fixture directory")]
    Empty { dir: String, extensions: String },
}

/// One document of a fixture directory and the files beside it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Document {
    /// The file name ("x.pdf"); also written as `source.file` of the expected output, so
    /// snapshots do not depend on where the directory is.
    pub name: String,
    pub path: PathBuf,
    /// `x.expected.json` (it may not exist yet).
    pub expected: PathBuf,
    /// `x.truth.json` or the shared `name.truth.json`, when one exists.
    pub truth: Option<PathBuf>,
}

/// What `check` does.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Write the new output as the expected file of every new or changed document.
    pub update: bool,
    /// A document with a truth must match it exactly (the project's own fixtures).
    pub exact: bool,
    /// Documents extracted at once (0: one per available core).
    pub jobs: usize,
}

/// The verdict on one document, mildest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// The output is its expected output (and no worse against its truth).
    Pass,
    /// No expected file yet.
    New,
    /// The output differs from its expected output, and is no worse against its truth.
    Changed,
    /// Worse against its truth than the expected output (or, with `exact`, not the truth).
    Regressed,
    /// The document could not be extracted, or a file beside it could not be read or written.
    Error,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::New => "NEW",
            Status::Changed => "CHANGED",
            Status::Regressed => "REGRESSED",
            Status::Error => "ERROR",
        }
    }
}

/// What checking one document found.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub document: Document,
    pub status: Status,
    /// Records extracted.
    pub records: usize,
    /// The new output against the truth.
    pub score: Option<Score>,
    /// The expected output against the truth.
    pub expected_score: Option<Score>,
    /// Truth metrics that moved from the expected output to the new one.
    pub metric_changes: Vec<MetricChange>,
    /// Expected → new.
    pub diff: Option<Diff>,
    /// With `exact`: where the output is not its truth.
    pub mismatches: Vec<String>,
    pub error: Option<String>,
    /// Whether the expected file was (re)written.
    pub updated: bool,
    pub seconds: f64,
}

/// Every document's outcome, in file-name order.
#[derive(Debug, Clone)]
pub struct Report {
    pub dir: String,
    pub outcomes: Vec<Outcome>,
    /// Expected or truth files without a document (not failures; shown as notes).
    pub orphans: Vec<String>,
    pub seconds: f64,
}

/// Exit code: every document passed (or was accepted with `update`).
pub const EXIT_PASS: u8 = 0;
/// Exit code: some document is new or changed against its expected output, none got worse.
pub const EXIT_CHANGED: u8 = 1;
/// Exit code: some document regressed against its truth, or could not be checked.
pub const EXIT_REGRESSED: u8 = 3;

/// The documents of a fixture directory and its sub-directories, by name (the path under
/// `dir`, with `/`); `extensions` are the document types the caller can extract ("pdf"). Also
/// returns the expected and truth files no document uses.
pub fn discover(
    dir: &Path,
    extensions: &[&str],
) -> Result<(Vec<Document>, Vec<String>), HarnessError> {
    let mut docs = Vec::new();
    let mut orphans = Vec::new();
    visit(dir, "", extensions, &mut docs, &mut orphans)?;
    if docs.is_empty() {
        return Err(HarnessError::Empty {
            dir: dir.display().to_string(),
            extensions: extensions.join(", *."),
        });
    }
    docs.sort();
    orphans.sort();
    Ok((docs, orphans))
}

/// One directory of [`discover`]; `rel` is its path under the fixture directory ("" or
/// "real/doc/").
fn visit(
    dir: &Path,
    rel: &str,
    extensions: &[&str],
    docs: &mut Vec<Document>,
    orphans: &mut Vec<String>,
) -> Result<(), HarnessError> {
    let read_err = |source| HarnessError::ReadDir {
        dir: dir.display().to_string(),
        source,
    };
    let mut names = Vec::new();
    let mut subdirs = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let entry = entry.map_err(read_err)?;
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        match entry.file_type() {
            Ok(t) if t.is_dir() => {
                if !name.starts_with('.') {
                    subdirs.push(name);
                }
            }
            Ok(_) => names.push(name),
            Err(e) => return Err(read_err(e)),
        }
    }
    names.sort();
    subdirs.sort();
    let first = docs.len();
    for name in &names {
        let lower = name.to_lowercase();
        let Some(ext) = extensions
            .iter()
            .find(|e| lower.ends_with(&format!(".{}", e.to_lowercase())))
        else {
            continue;
        };
        let stem = &name[..name.len() - ext.len() - 1];
        let mut truth = None;
        let mut prefix = stem;
        loop {
            let candidate = format!("{prefix}.truth.json");
            if names.contains(&candidate) {
                truth = Some(dir.join(candidate));
                break;
            }
            match prefix.rfind('.') {
                Some(i) if i > 0 => prefix = &prefix[..i],
                _ => break,
            }
        }
        // A folder per document: `truth.json` beside it.
        if truth.is_none() && names.iter().any(|n| n == "truth.json") {
            truth = Some(dir.join("truth.json"));
        }
        docs.push(Document {
            name: format!("{rel}{name}"),
            path: dir.join(name),
            expected: dir.join(format!("{stem}.expected.json")),
            truth,
        });
    }
    let here = &docs[first..];
    let is = |p: &Path, name: &str| p.file_name().and_then(|f| f.to_str()) == Some(name);
    for name in &names {
        let used = if name.ends_with(".expected.json") {
            here.iter().any(|d| is(&d.expected, name))
        } else if name.ends_with(".truth.json") || name == "truth.json" {
            here.iter()
                .any(|d| d.truth.as_deref().is_some_and(|t| is(t, name)))
        } else {
            true
        };
        if !used {
            orphans.push(format!("{rel}{name}"));
        }
    }
    for sub in subdirs {
        visit(
            &dir.join(&sub),
            &format!("{rel}{sub}/"),
            extensions,
            docs,
            orphans,
        )?;
    }
    Ok(())
}

/// Checks every document of `dir` with `extract` (called from several threads at once; its
/// error is a one-line message naming the file).
pub fn check_dir<F>(
    dir: &Path,
    extensions: &[&str],
    options: &CheckOptions,
    extract: F,
) -> Result<Report, HarnessError>
where
    F: Fn(&Path) -> Result<Extraction, String> + Sync,
{
    let started = Instant::now();
    let (docs, orphans) = discover(dir, extensions)?;
    let outcomes = check_documents(&docs, options, &extract);
    Ok(Report {
        dir: dir.display().to_string(),
        outcomes,
        orphans,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Checks documents in parallel; outcomes in the documents' order.
pub fn check_documents<F>(docs: &[Document], options: &CheckOptions, extract: &F) -> Vec<Outcome>
where
    F: Fn(&Path) -> Result<Extraction, String> + Sync,
{
    let jobs = match options.jobs {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
    .min(docs.len())
    .max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; docs.len()]);
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(doc) = docs.get(i) else { break };
                let outcome = check_one(doc, options, extract);
                if let Ok(mut r) = results.lock() {
                    r[i] = Some(outcome);
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|p| p.into_inner());
    results
        .into_iter()
        .zip(docs)
        .map(|(o, d)| {
            o.unwrap_or_else(|| failed(d, "the check of this document did not finish".into(), 0.0))
        })
        .collect()
}

fn failed(doc: &Document, error: String, seconds: f64) -> Outcome {
    Outcome {
        document: doc.clone(),
        status: Status::Error,
        records: 0,
        score: None,
        expected_score: None,
        metric_changes: Vec::new(),
        diff: None,
        mismatches: Vec::new(),
        error: Some(error),
        updated: false,
        seconds,
    }
}

/// Checks one document.
pub fn check_one<F>(doc: &Document, options: &CheckOptions, extract: &F) -> Outcome
where
    F: Fn(&Path) -> Result<Extraction, String> + Sync,
{
    let started = Instant::now();
    let secs = || started.elapsed().as_secs_f64();
    let mut extracted = match extract(&doc.path) {
        Ok(ex) => ex,
        Err(e) => return failed(doc, e, secs()),
    };
    extracted.source.file = doc.name.clone();
    let truth = match doc.truth.as_deref().map(Truth::from_path).transpose() {
        Ok(t) => t,
        Err(e) => return failed(doc, e.to_string(), secs()),
    };
    let (expected, expected_text) = match read_expected(&doc.expected) {
        Ok(e) => e.map_or((None, None), |(ex, text)| (Some(ex), Some(text))),
        Err(e) => return failed(doc, e, secs()),
    };
    let new_text = match phuluc_json::to_string(&extracted, phuluc_json::Layout::Pretty) {
        Ok(t) => t,
        Err(e) => return failed(doc, format!("{}: {e}", doc.name), secs()),
    };
    // Compared as users get it: the JSON read back (as the expected file is read).
    let ex = match phuluc_json::from_str(&new_text) {
        Ok(ex) => ex,
        Err(e) => {
            return failed(
                doc,
                format!("{}: output does not read back: {e}", doc.name),
                secs(),
            )
        }
    };
    let score_new = truth.as_ref().map(|t| score(&ex, t).0);
    let score_old = match (&truth, &expected) {
        (Some(t), Some(e)) => Some(score(e, t).0),
        _ => None,
    };
    let metric_changes = match (&score_new, &score_old) {
        (Some(n), Some(o)) => n.compare(o),
        _ => Vec::new(),
    };
    let mismatches = match (&truth, options.exact) {
        (Some(t), true) => exact_mismatches(&ex, t),
        _ => Vec::new(),
    };
    let d = expected.as_ref().map(|e| diff(e, &ex));
    let status = if !mismatches.is_empty() || metric_changes.iter().any(|m| m.worse) {
        Status::Regressed
    } else if expected.is_none() {
        Status::New
    } else if d.as_ref().is_some_and(|d| !d.equal) {
        Status::Changed
    } else {
        Status::Pass
    };
    let mut outcome = Outcome {
        document: doc.clone(),
        status,
        records: ex.records.len(),
        score: score_new,
        expected_score: score_old,
        metric_changes,
        diff: d,
        mismatches,
        error: None,
        updated: false,
        seconds: 0.0,
    };
    if options.update && expected_text.as_deref() != Some(new_text.as_str()) {
        match write_atomic(&doc.expected, &new_text) {
            Ok(()) => outcome.updated = true,
            Err(e) => {
                outcome.status = Status::Error;
                outcome.error = Some(e);
            }
        }
    }
    outcome.seconds = secs();
    outcome
}

/// The expected output and its text, `None` when the file does not exist.
fn read_expected(path: &Path) -> Result<Option<(Extraction, String)>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(format!(
                "{}: cannot read the expected output: {e}",
                path.display()
            ))
        }
    };
    let ex = phuluc_json::from_str(&text)
        .map_err(|e| format!("{}: not a phuluc output: {e}", path.display()))?;
    Ok(Some((ex, text)))
}

fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let tmp = path.with_extension("json.tmp");
    let err =
        |e: std::io::Error| format!("{}: cannot write the expected output: {e}", path.display());
    std::fs::write(&tmp, text).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(e)
    })
}

fn truth_summary(s: &Score) -> String {
    let mut out = format!(
        "cells {:.4}, rows {}/{}",
        s.cell_accuracy, s.rows_exact, s.rows_truth
    );
    if s.rows_missing > 0 || s.records_extra > 0 || s.records_duplicate_key > 0 {
        out.push_str(&format!(
            " ({} missing, {} extra, {} repeated keys)",
            s.rows_missing, s.records_extra, s.records_duplicate_key
        ));
    }
    out.push_str(&format!(", similarity {:.4}", s.cell_similarity));
    if let Some(f1) = s.agency_cluster_f1 {
        out.push_str(&format!(
            ", agencies R {:.4} P {:.4} F1 {f1:.4}",
            s.agency_mention_recall.unwrap_or(0.0),
            s.agency_mention_precision.unwrap_or(0.0)
        ));
    }
    if let Some(t) = s.timeline_interval_accuracy {
        out.push_str(&format!(
            ", intervals {t:.4}, recurrences {:.4}",
            s.timeline_recurrence_accuracy.unwrap_or(0.0)
        ));
    }
    if let Some(b) = s.budget_accuracy {
        out.push_str(&format!(", budgets {b:.4}"));
    }
    out
}

fn metric_value(metric: &str, v: Option<f64>) -> String {
    let count = matches!(
        metric,
        "rows_exact" | "rows_missing" | "records_extra" | "records_duplicate_key"
    );
    match v {
        None => "-".into(),
        Some(x) if count => format!("{x:.0}"),
        Some(x) => format!("{x:.4}"),
    }
}

impl Outcome {
    /// The one line for this document.
    pub fn line(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        match self.status {
            Status::Error => parts.push(self.error.clone().unwrap_or_default()),
            _ => parts.push(format!("{} records", self.records)),
        }
        if self.status == Status::New {
            parts.push(format!(
                "no {} yet",
                self.document
                    .expected
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ));
        }
        if let Some(d) = self.diff.as_ref().filter(|d| !d.equal) {
            parts.push(render::summary_line(d));
        }
        if !self.metric_changes.is_empty() {
            let moved: Vec<String> = self
                .metric_changes
                .iter()
                .map(|m| {
                    format!(
                        "{} {} → {}{}",
                        m.metric,
                        metric_value(m.metric, m.old),
                        metric_value(m.metric, m.new),
                        if m.worse { " (worse)" } else { "" }
                    )
                })
                .collect();
            parts.push(format!("truth: {}", moved.join(", ")));
        } else if let Some(s) = &self.score {
            parts.push(format!("truth: {}", truth_summary(s)));
        }
        if !self.mismatches.is_empty() {
            parts.push(format!(
                "{} difference(s) from the truth",
                self.mismatches.len()
            ));
        }
        if self.updated {
            parts.push("expected file updated".into());
        }
        format!(
            "{:<9} {}  {}  ({:.1}s)",
            self.status.as_str(),
            self.document.name,
            parts.join("; "),
            self.seconds
        )
    }

    /// What to look at, for a document that did not pass: the differences from the truth
    /// (with `exact`) and from the expected output, at most `limit` lines of each.
    pub fn details(&self, style: &Style, limit: usize) -> Vec<String> {
        let mut out = Vec::new();
        if matches!(self.status, Status::Pass | Status::Error) {
            return out;
        }
        let mut shown = self.mismatches.iter().take(limit);
        for m in shown.by_ref() {
            out.push(format!("truth: {m}"));
        }
        if self.mismatches.len() > limit {
            out.push(format!(
                "truth: … {} more difference(s)",
                self.mismatches.len() - limit
            ));
        }
        if let Some(d) = self.diff.as_ref().filter(|d| !d.equal) {
            out.extend(render::render(d, style, limit).lines().map(str::to_string));
        }
        out
    }
}

impl Report {
    /// The process exit code (`EXIT_*`).
    pub fn exit_code(&self) -> u8 {
        let worst = self.outcomes.iter().map(|o| {
            if o.updated && matches!(o.status, Status::New | Status::Changed) {
                Status::Pass
            } else {
                o.status
            }
        });
        match worst.max() {
            Some(Status::Regressed | Status::Error) => EXIT_REGRESSED,
            Some(Status::New | Status::Changed) => EXIT_CHANGED,
            _ => EXIT_PASS,
        }
    }

    fn count(&self, s: Status) -> usize {
        self.outcomes.iter().filter(|o| o.status == s).count()
    }

    /// "34 documents: 33 pass, 1 changed, 0 regressed, 0 new, 0 errors (5.2s)".
    pub fn summary_line(&self) -> String {
        let updated = self.outcomes.iter().filter(|o| o.updated).count();
        format!(
            "{} documents: {} pass, {} changed, {} regressed, {} new, {} errors{} ({:.1}s)",
            self.outcomes.len(),
            self.count(Status::Pass),
            self.count(Status::Changed),
            self.count(Status::Regressed),
            self.count(Status::New),
            self.count(Status::Error),
            if updated > 0 {
                format!("; {updated} expected file(s) written")
            } else {
                String::new()
            },
            self.seconds
        )
    }

    /// The report as text: one line per document (details below those that did not pass),
    /// notes on orphan files, and the summary line.
    pub fn render(&self, style: &Style, limit: usize) -> String {
        let mut out = String::new();
        for o in &self.outcomes {
            let line = o.line();
            let status = o.status.as_str();
            let painted = match o.status {
                Status::Pass => style.green(status),
                Status::New | Status::Changed => style.bold(status),
                Status::Regressed | Status::Error => style.red(status),
            };
            out.push_str(&painted);
            out.push_str(line.strip_prefix(status).unwrap_or(&line));
            out.push('\n');
            for d in o.details(style, limit) {
                out.push_str("    ");
                out.push_str(&d);
                out.push('\n');
            }
        }
        for f in &self.orphans {
            out.push_str(&format!("note: {f} has no document beside it\n"));
        }
        out.push_str(&self.summary_line());
        out.push('\n');
        out
    }

    /// JUnit XML: one test case per document; a regression or a change is a `<failure>`, an
    /// extraction that failed an `<error>`.
    pub fn junit(&self) -> String {
        let failures = self
            .outcomes
            .iter()
            .filter(|o| {
                matches!(o.status, Status::Regressed | Status::Changed | Status::New) && !o.updated
                    || o.status == Status::Regressed
            })
            .count();
        let errors = self.count(Status::Error);
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.push_str(&format!(
            "<testsuites name=\"phuluc check\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{:.3}\">\n",
            self.outcomes.len(),
            self.seconds
        ));
        x.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"{:.3}\">\n",
            xml(&self.dir),
            self.outcomes.len(),
            self.seconds
        ));
        let plain = Style { color: false };
        for o in &self.outcomes {
            x.push_str(&format!(
                "    <testcase classname=\"phuluc.check\" name=\"{}\" time=\"{:.3}\">\n",
                xml(&o.document.name),
                o.seconds
            ));
            let failing = o.status == Status::Regressed
                || (matches!(o.status, Status::Changed | Status::New) && !o.updated);
            let body = xml(&o.details(&plain, 200).join("\n"));
            if o.status == Status::Error {
                x.push_str(&format!(
                    "      <error type=\"error\" message=\"{}\"/>\n",
                    xml(o.error.as_deref().unwrap_or(""))
                ));
            } else if failing {
                x.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{body}</failure>\n",
                    o.status.as_str().to_lowercase(),
                    xml(&o.line())
                ));
            }
            x.push_str(&format!(
                "      <system-out>{}</system-out>\n",
                xml(&o.line())
            ));
            x.push_str("    </testcase>\n");
        }
        x.push_str("  </testsuite>\n</testsuites>\n");
        x
    }
}

/// Text escaped for XML 1.0 (characters XML cannot hold are dropped).
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discover_pairs_documents_with_their_files() {
        let dir = std::env::temp_dir().join(format!("phuluc-discover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        for f in [
            "a.pdf",
            "a.truth.json",
            "a.expected.json",
            "b.word.PDF",
            "b.word-gs.pdf",
            "b.truth.json",
            "b.word.truth.json",
            "c.pdf",
            "gone.expected.json",
            "notes.txt",
            "real/d/doc.pdf",
            "real/d/truth.json",
            "real/e/truth.json",
        ] {
            let path = dir.join(f);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
            }
            std::fs::write(path, "").unwrap_or_else(|e| panic!("{e}"));
        }
        let (docs, orphans) = discover(&dir, &["pdf"]).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<(&str, String, Option<String>)> = docs
            .iter()
            .map(|d| {
                let f = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
                (
                    d.name.as_str(),
                    f(&d.expected).unwrap_or_default(),
                    d.truth.as_deref().and_then(f),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                (
                    "a.pdf",
                    "a.expected.json".into(),
                    Some("a.truth.json".into())
                ),
                (
                    "b.word-gs.pdf",
                    "b.word-gs.expected.json".into(),
                    Some("b.truth.json".into())
                ),
                (
                    "b.word.PDF",
                    "b.word.expected.json".into(),
                    Some("b.word.truth.json".into())
                ),
                ("c.pdf", "c.expected.json".into(), None),
                (
                    "real/d/doc.pdf",
                    "doc.expected.json".into(),
                    Some("truth.json".into())
                ),
            ]
        );
        assert_eq!(orphans, ["gone.expected.json", "real/e/truth.json"]);
        let empty = discover(&dir, &["docx"]);
        assert!(matches!(empty, Err(HarnessError::Empty { .. })));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn xml_escapes() {
        assert_eq!(xml("a<b & \"c\"\u{1b}[0m"), "a&lt;b &amp; &quot;c&quot;[0m");
    }
}
