//! The phuluc pipeline, end to end: a PDF appendix in, an [`Extraction`] (the `phuluc/1`
//! contract) out.
//!
//! ```text
//! bytes ──phuluc-pdf──▶ Page ──phuluc-parser──▶ records ──phuluc-normalize──▶ Extraction
//!                                                   ──phuluc-json / phuluc-csv / phuluc-sql──▶ output
//! ```
//!
//! Pages are read and parsed one at a time, so memory stays bounded by the largest page, not
//! the document. Errors are typed and name the file; a panic anywhere below is contained at the
//! document boundary and reported as [`Error::Internal`].

pub mod output;

use phuluc_model::{Extraction, SourceFile, Warning, WarningCode};
use phuluc_normalize::Registry;
use phuluc_parser::{TableExtractor, TableSettings};
use phuluc_pdf::{Limits, PdfDocument, PdfError};
use sha2::{Digest, Sha256};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

pub use phuluc_model as model;

/// How to run the pipeline.
#[derive(Debug, Clone)]
pub struct Options {
    pub limits: Limits,
    pub table: TableSettings,
    /// Password of an encrypted PDF (files with an empty user password open without one).
    pub password: Option<String>,
    /// Agency registry for the normalizer; `None` skips normalization (raw cell text only).
    pub registry: Option<Registry>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limits: Limits::default(),
            table: TableSettings::default(),
            password: None,
            registry: Some(Registry::builtin()),
        }
    }
}

/// Why a document could not be extracted. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{file}: cannot read the file: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}: not a PDF ({detail})")]
    NotPdf { file: String, detail: String },
    #[error("{file}: the PDF is damaged beyond repair: {detail}")]
    Damaged { file: String, detail: String },
    #[error("{file}: the PDF is encrypted; give its password with --password")]
    Encrypted { file: String },
    #[error("{file}: the password does not open this PDF")]
    WrongPassword { file: String },
    #[error(
        "{file}: a safety limit was exceeded: {what} (limit {limit}); {}",
        limit_hint(what)
    )]
    LimitExceeded {
        file: String,
        what: String,
        limit: u64,
    },
    #[error("{file}: the PDF has no text layer (a scan?); run OCR on it first")]
    NoTextLayer { file: String },
    #[error("{file}: no appendix table found (no header row with STT / Mục tiêu / Nhiệm vụ / Chủ trì … columns){hint}")]
    NoTable {
        file: String,
        /// Why the header may not have been recognised (empty, or "; " + the reason).
        hint: String,
    },
    #[error("{file}: internal error while reading this document: {detail}")]
    Internal { file: String, detail: String },
}

/// What to do about an exceeded limit: the command-line flag that raises it, if any.
fn limit_hint(what: &str) -> &'static str {
    match what {
        "seconds per document" => "raise it with --max-seconds if the file is trusted",
        "pages" => "raise it with --max-pages if the file is trusted",
        "file bytes" => "raise it with --max-file-mb if the file is trusted",
        _ => "the file is refused as hostile or broken (limits: docs/reliability.md)",
    }
}

impl Error {
    fn from_pdf(file: &str, e: PdfError) -> Error {
        let file = file.to_string();
        match e {
            PdfError::NotPdf(detail) => Error::NotPdf { file, detail },
            PdfError::Encrypted => Error::Encrypted { file },
            PdfError::WrongPassword => Error::WrongPassword { file },
            PdfError::LimitExceeded { what, limit } => Error::LimitExceeded {
                file,
                what: what.to_string(),
                limit,
            },
            other => Error::Damaged {
                file,
                detail: other.to_string(),
            },
        }
    }

    /// The process exit code for this error (documented in the CLI help and `docs/`).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Read { .. } => 3,
            Error::NotPdf { .. } => 4,
            Error::Damaged { .. } => 5,
            Error::Encrypted { .. } | Error::WrongPassword { .. } => 6,
            Error::NoTextLayer { .. } => 7,
            Error::NoTable { .. } => 8,
            Error::LimitExceeded { .. } => 9,
            Error::Internal { .. } => 70,
        }
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads and extracts one PDF file. `file` in the output is the path as given.
pub fn extract_file(path: &Path, options: &Options) -> Result<Extraction, Error> {
    let name = path.display().to_string();
    // Refuse an oversized file before reading it into memory.
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.len() > options.limits.max_file_bytes as u64 {
            return Err(Error::LimitExceeded {
                file: name,
                what: "file bytes".into(),
                limit: options.limits.max_file_bytes as u64,
            });
        }
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        file: name.clone(),
        source,
    })?;
    extract_bytes(&name, &bytes, options)
}

/// [`extract_file`] under a hard time bound, for callers that must go on whatever the input
/// (the `phuluc` command, a batch service).
///
/// The reader checks [`Limits::max_duration`] itself, before each page, inside the content
/// interpreter and between the pipeline's stages. This adds a watchdog for a stage that does
/// not check (a pathological pattern in a dependency, say): the work runs on its own thread,
/// and if it has not finished one second after the bound, the document fails with
/// [`Error::LimitExceeded`] and the thread is abandoned — it ends with the process, so a
/// long-running service should treat such a file as fatal to its worker.
pub fn extract_file_bounded(path: &Path, options: &Options) -> Result<Extraction, Error> {
    let name = path.display().to_string();
    let limit = options
        .limits
        .max_duration
        .saturating_add(Duration::from_secs(1));
    let (path, opts) = (path.to_path_buf(), options.clone());
    bounded(&name, limit, options.limits.max_duration, move || {
        extract_file(&path, &opts)
    })
}

/// Runs `work` on its own thread (with a main-thread-sized stack) and waits at most `limit`.
fn bounded<T: Send + 'static>(
    name: &str,
    limit: Duration,
    reported: Duration,
    work: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("phuluc-document".into())
        .stack_size(32 << 20)
        .spawn(move || {
            let _ = tx.send(work());
        });
    if let Err(e) = spawned {
        return Err(Error::Internal {
            file: name.to_string(),
            detail: format!("cannot start a worker thread: {e}"),
        });
    }
    match rx.recv_timeout(limit) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(Error::LimitExceeded {
            file: name.to_string(),
            what: "seconds per document".into(),
            limit: reported.as_secs().max(1),
        }),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Error::Internal {
            file: name.to_string(),
            detail: "the worker thread ended without a result".into(),
        }),
    }
}

/// Extracts a PDF held in memory; `name` is used in the output and in errors.
pub fn extract_bytes(name: &str, bytes: &[u8], options: &Options) -> Result<Extraction, Error> {
    contain(name, || extract_inner(name, bytes, options))
}

/// Runs one document's work; a panic anywhere below becomes [`Error::Internal`] for that
/// document, so a batch goes on with the next file.
fn contain<T>(name: &str, work: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(panic) => {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a component panicked".to_string());
            Err(Error::Internal {
                file: name.to_string(),
                detail,
            })
        }
    }
}

fn extract_inner(name: &str, bytes: &[u8], options: &Options) -> Result<Extraction, Error> {
    let doc = match &options.password {
        Some(pw) => PdfDocument::load_with_password(bytes, pw, &options.limits),
        None => PdfDocument::load(bytes, &options.limits),
    }
    .map_err(|e| Error::from_pdf(name, e))?;
    let pages = doc.page_count();
    let mut warnings: Vec<Warning> = doc.warnings().to_vec();
    let mut extractor = TableExtractor::new(options.table.clone());
    let mut glyphs = 0usize;
    for number in 1..=pages {
        doc.check_time().map_err(|e| Error::from_pdf(name, e))?;
        match doc.page(number) {
            Ok(geometry) => {
                glyphs += geometry
                    .page
                    .glyphs
                    .iter()
                    .filter(|g| !g.text.trim().is_empty())
                    .count();
                warnings.extend(geometry.warnings);
                extractor.push_page(&geometry.page);
            }
            Err(PdfError::LimitExceeded { what, limit }) => {
                return Err(Error::LimitExceeded {
                    file: name.to_string(),
                    what: what.to_string(),
                    limit,
                })
            }
            Err(e) => warnings.push(
                Warning::new(
                    WarningCode::RecoveredDamage,
                    format!("page {number} could not be read and was skipped: {e}"),
                )
                .on_page(number),
            ),
        }
    }
    if glyphs == 0 {
        return Err(Error::NoTextLayer {
            file: name.to_string(),
        });
    }
    doc.check_time().map_err(|e| Error::from_pdf(name, e))?;
    let parsed = extractor.finish();
    if parsed.records.is_empty() {
        // Undecodable fonts garble the header words: say so, since the warnings are not shown.
        let fonts = warnings
            .iter()
            .filter(|w| w.code == WarningCode::FontDecoding)
            .count();
        let hint = if fonts > 0 {
            format!("; {fonts} font-decoding warning(s): the text may not be readable as Unicode")
        } else {
            String::new()
        };
        return Err(Error::NoTable {
            file: name.to_string(),
            hint,
        });
    }
    let mut ex = Extraction::new(SourceFile {
        file: name.to_string(),
        sha256: sha256_hex(bytes),
        pages,
    });
    ex.document = parsed.document;
    ex.columns = parsed.columns;
    ex.tables = parsed.tables;
    ex.records = parsed.records;
    ex.layouts = parsed.layouts;
    warnings.extend(parsed.warnings);
    ex.warnings = warnings;
    doc.check_time().map_err(|e| Error::from_pdf(name, e))?;
    if let Some(registry) = &options.registry {
        phuluc_normalize::normalize_in_place(&mut ex, registry);
    }
    Ok(ex)
}

/// One line saying how many records need review and why, for the end of a run:
/// "73 records, 5 need review (column_mismatch: 3, unassigned_text: 2)".
pub fn review_summary(ex: &Extraction) -> String {
    let total = ex.records.len();
    let flagged = ex.records_needing_review();
    if flagged == 0 {
        return format!("{total} records, none needs review");
    }
    let mut by_code: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for r in ex.records.iter().filter(|r| r.review.needed) {
        let mut codes: Vec<&str> = r.review.reasons.iter().map(|x| x.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        for c in codes {
            *by_code.entry(c).or_insert(0) += 1;
        }
    }
    let reasons: Vec<String> = by_code.iter().map(|(c, n)| format!("{c}: {n}")).collect();
    format!(
        "{total} records, {flagged} need review ({})",
        reasons.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_contained_at_the_document_boundary() {
        let r: Result<(), Error> = contain("x.pdf", || panic!("boom in a dependency"));
        let e = r.expect_err("the panic is an error");
        assert_eq!(e.exit_code(), 70);
        let msg = e.to_string();
        assert!(msg.starts_with("x.pdf: internal error"), "{msg}");
        assert!(msg.contains("boom in a dependency"), "{msg}");
        let r: Result<(), Error> = contain("y.pdf", || std::panic::panic_any(42u8));
        assert!(matches!(r, Err(Error::Internal { .. })));
        // and the next document still works
        assert_eq!(contain("z.pdf", || Ok(7)).ok(), Some(7));
    }

    #[test]
    fn the_watchdog_bounds_a_stage_that_never_checks_the_time() {
        let started = std::time::Instant::now();
        let r: Result<(), Error> = bounded(
            "slow.pdf",
            Duration::from_millis(100),
            Duration::from_secs(3),
            || {
                std::thread::sleep(Duration::from_secs(30));
                Ok(())
            },
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        let e = r.expect_err("timed out");
        assert_eq!(e.exit_code(), 9);
        assert!(
            e.to_string().contains("seconds per document (limit 3)"),
            "{e}"
        );
        // A quick document passes through, errors included.
        assert_eq!(
            bounded(
                "ok.pdf",
                Duration::from_secs(5),
                Duration::from_secs(5),
                || Ok(1)
            )
            .ok(),
            Some(1)
        );
        let r: Result<(), Error> = bounded(
            "bad.pdf",
            Duration::from_secs(5),
            Duration::from_secs(5),
            || {
                Err(Error::NoTable {
                    file: "bad.pdf".into(),
                    hint: String::new(),
                })
            },
        );
        assert!(matches!(r, Err(Error::NoTable { .. })));
    }

    #[test]
    fn limit_messages_name_the_flag() {
        let e = Error::LimitExceeded {
            file: "a.pdf".into(),
            what: "seconds per document".into(),
            limit: 3,
        };
        assert!(e.to_string().contains("--max-seconds"), "{e}");
        assert_eq!(e.exit_code(), 9);
    }
}
