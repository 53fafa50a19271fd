//! The phuluc pipeline, end to end: a PDF (or Word) appendix in, an [`Extraction`] (the
//! `phuluc/1` contract) out.
//!
//! ```text
//! bytes ──phuluc-pdf──▶ Page ──phuluc-parser──▶ records ──phuluc-normalize──▶ Extraction
//!                                                   ──phuluc-json / phuluc-csv / phuluc-sql──▶ output
//! .docx ──phuluc-docx──▶ cell grids ──phuluc_parser::cells──▶ records ──▶ (the same)
//! ```
//!
//! The input's kind is told by its content, not its name: a zip holding a WordprocessingML
//! main part is Word (`word`), an OLE file (.doc) or an .odt is converted by LibreOffice when
//! it is installed, anything else goes to the PDF reader.
//!
//! Pages are read and parsed one at a time, so memory stays bounded by the largest page, not
//! the document. Errors are typed and name the file; a panic anywhere below is contained at the
//! document boundary and reported as [`Error::Internal`].

pub mod batch;
pub mod inputs;
pub mod output;
pub mod scan;
pub mod word;

use phuluc_model::{Extraction, Page, ReviewCode, SourceFile, Warning, WarningCode};
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
    /// Limits of the Word reader (archive entries, uncompressed bytes, ratio, XML depth).
    pub word_limits: phuluc_docx::Limits,
    /// The LibreOffice program that converts .doc and .odt files (`None`: `soffice` or
    /// `libreoffice` on the PATH).
    pub converter: Option<std::path::PathBuf>,
    /// When to OCR page images (needs the `ocr` feature and the `tesseract` program).
    pub ocr: OcrMode,
    /// Tesseract language(s) for OCR ("vie", "vie+eng").
    pub ocr_lang: String,
    /// How a scanned page is OCR'd: cell by cell after page-wise (the default), or only
    /// page-wise (docs/ocr.md measures both).
    pub ocr_reading: scan::OcrReading,
    /// Told of every page read by OCR, as it is read (the command's progress bar).
    pub ocr_progress: Option<OcrProgress>,
    /// Resolution (dots per inch) a page that is not one scanned image is rendered at for OCR
    /// (`--dpi`; [`scan::DEFAULT_RENDER_DPI`]).
    pub ocr_dpi: u32,
}

/// A callback told of each page read by OCR: `(page number, pages in the document)`. Called
/// from worker threads, in no particular page order.
#[derive(Clone)]
pub struct OcrProgress(pub std::sync::Arc<dyn Fn(u32, u32) + Send + Sync>);

impl std::fmt::Debug for OcrProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OcrProgress(..)")
    }
}

/// When pages are OCR'd from their image (`--ocr`). An invisible OCR text layer is read
/// whatever the mode: it is text the PDF carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OcrMode {
    /// Pages with images but no visible text and no OCR text layer, and pages whose text
    /// layer lies ([`scan::text_layer_lies`]).
    #[default]
    Auto,
    /// Never: such pages stay empty (a document of them fails with "no text layer"), and a
    /// lying text layer is read as it is (flagged `font_decoding`).
    Never,
    /// Every page, even one with a text layer: its scan, or the page rendered.
    Always,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            registry: Some(Registry::builtin()),
            ..Options::without_registry()
        }
    }
}

impl Options {
    /// The defaults without the normalizer's registry (building the built-in registry costs
    /// a few milliseconds): for callers that set `registry` themselves.
    pub fn without_registry() -> Self {
        Options {
            limits: Limits::default(),
            table: TableSettings::default(),
            password: None,
            registry: None,
            word_limits: phuluc_docx::Limits::default(),
            converter: None,
            ocr: OcrMode::Auto,
            ocr_lang: "vie".into(),
            ocr_reading: scan::OcrReading::default(),
            ocr_progress: None,
            ocr_dpi: scan::DEFAULT_RENDER_DPI,
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
        /// The limit as the user gives it ("128 MiB" is `134217728`, "0.5" seconds is `0.5`).
        limit: String,
    },
    #[error("{file}: the PDF has no text layer (a scan?); run OCR on it first")]
    NoTextLayer { file: String },
    #[error("{file}: no appendix table found: {seen}{hint}")]
    NoTable {
        file: String,
        /// What was seen: the most header-like row (its page, text, the fields recognised and
        /// why they were not enough), or that no row names a header field.
        seen: String,
        /// Why the header may not have been recognised (empty, or "; " + the reason).
        hint: String,
    },
    #[error("{file}: internal error while reading this document: {detail}")]
    Internal { file: String, detail: String },
    #[error("{file}: not a PDF or Word document ({detail})")]
    Unsupported { file: String, detail: String },
    #[error("{file}: the Word file is damaged: {detail}")]
    WordDamaged { file: String, detail: String },
    #[error("{file}: the Word file is encrypted (password-protected); save an unprotected copy and read that")]
    WordEncrypted { file: String },
    #[error("{file}: {detail}")]
    NeedsConverter { file: String, detail: String },
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
                limit: limit.to_string(),
            },
            other => Error::Damaged {
                file,
                detail: other.to_string(),
            },
        }
    }

    /// A stable short name for the error's kind (`"no_table"`, `"word_encrypted"` …), used
    /// where an error crosses into another system: the Python package's exception classes,
    /// a batch's machine-readable failure lines.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Read { .. } => "read",
            Error::NotPdf { .. } => "not_pdf",
            Error::Damaged { .. } => "damaged",
            Error::Encrypted { .. } => "encrypted",
            Error::WrongPassword { .. } => "wrong_password",
            Error::NoTextLayer { .. } => "no_text_layer",
            Error::NoTable { .. } => "no_table",
            Error::LimitExceeded { .. } => "limit_exceeded",
            Error::Internal { .. } => "internal",
            Error::Unsupported { .. } => "unsupported",
            Error::WordDamaged { .. } => "word_damaged",
            Error::WordEncrypted { .. } => "word_encrypted",
            Error::NeedsConverter { .. } => "needs_converter",
        }
    }

    /// The process exit code for this error (documented in the CLI help and `docs/`).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Read { .. } => 3,
            Error::NotPdf { .. } | Error::Unsupported { .. } | Error::NeedsConverter { .. } => 4,
            Error::Damaged { .. } | Error::WordDamaged { .. } => 5,
            Error::Encrypted { .. } | Error::WrongPassword { .. } | Error::WordEncrypted { .. } => {
                6
            }
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

/// Reads and extracts one PDF or Word file. `file` in the output is the path as given.
pub fn extract_file(path: &Path, options: &Options) -> Result<Extraction, Error> {
    let (name, bytes) = read_file(path, options)?;
    extract_bytes(&name, &bytes, options)
}

/// [`extract_file`], also returning the geometry of every page read (glyphs and rules), for
/// the review report (`phuluc_review::render`): the same pipeline, which only keeps the pages
/// it read instead of dropping each after parsing it.
pub fn extract_file_with_pages(
    path: &Path,
    options: &Options,
) -> Result<(Extraction, Vec<Page>), Error> {
    let (name, bytes) = read_file(path, options)?;
    contain(&name, || extract_inner(&name, &bytes, options, true))
}

/// The file's bytes (refusing an oversized file before reading it), and its name as given.
fn read_file(path: &Path, options: &Options) -> Result<(String, Vec<u8>), Error> {
    let name = path.display().to_string();
    let bytes = read_bounded(path, options.limits.max_file_bytes).map_err(|e| match e {
        ReadError::Io(source) => Error::Read {
            file: name.clone(),
            source,
        },
        ReadError::TooLarge => too_large(&name, options.limits.max_file_bytes),
    })?;
    Ok((name, bytes))
}

fn too_large(name: &str, max: usize) -> Error {
    // In the unit of --max-file-mb when it is one.
    let limit = if max > 0 && max.is_multiple_of(1 << 20) {
        format!("{} MiB", max >> 20)
    } else {
        format!("{max} bytes")
    };
    Error::LimitExceeded {
        file: name.to_string(),
        what: "file bytes".into(),
        limit,
    }
}

enum ReadError {
    Io(std::io::Error),
    TooLarge,
}

/// Reads at most `max` bytes of `path`: the bound holds while reading, so a pipe, a device
/// (`/dev/zero`) or a file that grows is refused after `max + 1` bytes, not read into memory
/// whatever its size. A regular file whose size is already over is refused before reading.
fn read_bounded(path: &Path, max: usize) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::Io(std::io::Error::other("it is a directory")));
    }
    let max64 = u64::try_from(max).unwrap_or(u64::MAX);
    if meta.is_file() && meta.len() > max64 {
        return Err(ReadError::TooLarge);
    }
    // Regular files: their size; anything else grows as read (no up-front allocation).
    let hint = if meta.is_file() {
        usize::try_from(meta.len()).unwrap_or(0)
    } else {
        0
    };
    let mut bytes = Vec::with_capacity(hint.min(max));
    file.take(max64.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() > max {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
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

/// A duration as the user writes it with `--max-seconds`: `120`, `0.5`.
fn seconds_text(d: Duration) -> String {
    format!("{}", d.as_secs_f64())
}

/// [`extract_file_with_pages`] under the hard time bound of [`extract_file_bounded`].
pub fn extract_file_bounded_with_pages(
    path: &Path,
    options: &Options,
) -> Result<(Extraction, Vec<Page>), Error> {
    let name = path.display().to_string();
    let limit = options
        .limits
        .max_duration
        .saturating_add(Duration::from_secs(1));
    let (path, opts) = (path.to_path_buf(), options.clone());
    bounded(&name, limit, options.limits.max_duration, move || {
        extract_file_with_pages(&path, &opts)
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
            limit: seconds_text(reported),
        }),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Error::Internal {
            file: name.to_string(),
            detail: "the worker thread ended without a result".into(),
        }),
    }
}

/// Extracts a PDF or Word file held in memory; `name` is used in the output and in errors.
pub fn extract_bytes(name: &str, bytes: &[u8], options: &Options) -> Result<Extraction, Error> {
    contain(name, || {
        extract_inner(name, bytes, options, false).map(|(ex, _)| ex)
    })
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

/// [`Error::from_pdf`], with the time limit as the user gave it (the PDF layer reports whole
/// seconds).
fn limit_error(name: &str, e: PdfError, options: &Options) -> Error {
    match e {
        PdfError::LimitExceeded { what, .. } if what == "seconds per document" => {
            Error::LimitExceeded {
                file: name.to_string(),
                what: what.to_string(),
                limit: seconds_text(options.limits.max_duration),
            }
        }
        other => Error::from_pdf(name, other),
    }
}

/// The pipeline. With `keep_pages`, the pages read are returned beside the extraction.
fn extract_inner(
    name: &str,
    bytes: &[u8],
    options: &Options,
    keep_pages: bool,
) -> Result<(Extraction, Vec<Page>), Error> {
    if let Some(kind) = word::kind(bytes, options) {
        if keep_pages {
            return Err(Error::NotPdf {
                file: name.to_string(),
                detail: "a Word file: the review report draws the pages of a PDF; run it on the PDF of this document".into(),
            });
        }
        return word::extract(name, bytes, kind, options).map(|ex| (ex, Vec::new()));
    }
    let doc = match &options.password {
        Some(pw) => PdfDocument::load_with_password(bytes, pw, &options.limits),
        None => PdfDocument::load(bytes, &options.limits),
    }
    .map_err(|e| limit_error(name, e, options))?;
    let pages = doc.page_count();
    let mut warnings: Vec<Warning> = doc.warnings().to_vec();
    let mut extractor = TableExtractor::new(options.table.clone());
    let mut glyphs = 0usize;
    let mut kept: Vec<Page> = Vec::new();
    let mut scanned = scan::ScanPages::default();
    // Pages go to the table extractor in order as they are read. A page that needs OCR is held
    // back, with the pages after it, until OCR_WINDOW such pages are held (or the document
    // ends); they are then OCR'd in parallel (seconds each) and all held pages go on in order,
    // with their warnings in page order. A born-digital document is never held back.
    let mut sink = PageSink {
        warnings: &mut warnings,
        extractor: &mut extractor,
        glyphs: &mut glyphs,
        kept: keep_pages.then_some(&mut kept),
    };
    let mut held: Vec<ReadPage> = Vec::new();
    let mut waiting = 0usize;
    let mut lied_before = false;
    // Pages that are not one image phuluc decodes are rendered for OCR (not under --ocr
    // never, nor without the `ocr` feature).
    let rendering =
        (cfg!(feature = "ocr") && options.ocr != OcrMode::Never).then_some(scan::Rendering {
            pdf: bytes,
            password: options.password.as_deref(),
            dpi: options.ocr_dpi,
        });
    let rendering = rendering.as_ref();
    for number in 1..=pages {
        doc.check_time()
            .map_err(|e| limit_error(name, e, options))?;
        let mut page_warnings = Vec::new();
        let geometry = match doc.page(number) {
            Ok(mut geometry) => {
                let lang = (options.ocr != OcrMode::Never).then_some(options.ocr_lang.as_str());
                if let Some(p) =
                    scan::read_ocr_layer(&doc, &mut geometry, lang, rendering, &mut page_warnings)
                {
                    scanned.pages.insert(number, p);
                }
                Some(geometry)
            }
            Err(e @ PdfError::LimitExceeded { .. }) => return Err(limit_error(name, e, options)),
            Err(e) => {
                page_warnings.push(
                    Warning::new(
                        WarningCode::RecoveredDamage,
                        format!("page {number} could not be read and was skipped: {e}"),
                    )
                    .on_page(number),
                );
                None
            }
        };
        // A page too short to judge lies when a page before it did (the same broken fonts).
        let lies = geometry
            .as_ref()
            .is_some_and(|g| match scan::judge_text_layer(&g.page) {
                scan::LayerVerdict::Lies => true,
                scan::LayerVerdict::Unjudged => lied_before && scan::has_visible_text(&g.page),
                scan::LayerVerdict::Believed => false,
            });
        lied_before |= lies;
        let wants = geometry.as_ref().is_some_and(|g| {
            !scanned.pages.contains_key(&g.page.number) && ocr_wanted(g, options, lies)
        });
        if !wants && lies {
            page_warnings.push(lying_layer_warning(
                number,
                "it is not OCR'd (--ocr never, or phuluc built without OCR)",
            ));
        }
        let page = ReadPage {
            geometry,
            warnings: page_warnings,
            ocr: wants,
            lies,
        };
        if !wants && held.is_empty() {
            sink.take(page);
            continue;
        }
        held.push(page);
        waiting += usize::from(wants);
        if waiting == OCR_WINDOW {
            flush_held(&doc, &mut held, &mut scanned, options, rendering, &mut sink);
            waiting = 0;
            doc.check_time()
                .map_err(|e| limit_error(name, e, options))?;
        }
    }
    flush_held(&doc, &mut held, &mut scanned, options, rendering, &mut sink);
    if glyphs == 0 {
        return Err(Error::NoTextLayer {
            file: name.to_string(),
        });
    }
    doc.check_time()
        .map_err(|e| limit_error(name, e, options))?;
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
        let seen = match &parsed.header_sighting {
            Some(row) => row.to_string(),
            None => "no row names a header field (STT / Mục tiêu / Nhiệm vụ / Chủ trì …)".into(),
        };
        return Err(Error::NoTable {
            file: name.to_string(),
            seen,
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
    flag_damaged_pages(&mut ex);
    scanned.mark(&mut ex);
    scan::repair_section_numbers(&mut ex);
    doc.check_time()
        .map_err(|e| limit_error(name, e, options))?;
    if let Some(registry) = &options.registry {
        phuluc_normalize::normalize_in_place(&mut ex, registry);
    }
    Ok((ex, kept))
}

/// Pages that need OCR held back at most before they are OCR'd together, in parallel.
const OCR_WINDOW: usize = 8;

/// A page as read.
struct ReadPage {
    /// Its geometry (None: unreadable).
    geometry: Option<phuluc_pdf::PageGeometry>,
    /// Its warnings so far.
    warnings: Vec<Warning>,
    /// Whether it is to be OCR'd ([`ocr_wanted`]).
    ocr: bool,
    /// Whether its visible text layer lies ([`scan::judge_text_layer`]).
    lies: bool,
}

/// Where read pages go, in page order: the table extractor, the warnings, the glyph count
/// (for "no text layer"), and the kept pages when the caller wants them.
struct PageSink<'a> {
    warnings: &'a mut Vec<Warning>,
    extractor: &'a mut TableExtractor,
    glyphs: &'a mut usize,
    kept: Option<&'a mut Vec<Page>>,
}

impl PageSink<'_> {
    fn take(&mut self, page: ReadPage) {
        self.warnings.extend(page.warnings);
        let Some(geometry) = page.geometry else {
            return;
        };
        *self.glyphs += geometry
            .page
            .glyphs
            .iter()
            .filter(|g| !g.text.trim().is_empty())
            .count();
        self.warnings.extend(geometry.warnings);
        self.extractor.push_page(&geometry.page);
        if let Some(kept) = self.kept.as_mut() {
            kept.push(geometry.page);
        }
    }
}

/// OCRs the held pages that need it (in parallel), then gives every held page to the sink.
fn flush_held(
    doc: &PdfDocument,
    held: &mut Vec<ReadPage>,
    scanned: &mut scan::ScanPages,
    options: &Options,
    rendering: Option<&scan::Rendering>,
    sink: &mut PageSink,
) {
    // Nothing held (a born-digital document): no worker threads.
    if held.is_empty() {
        return;
    }
    for (number, page) in ocr_window(doc, held, scanned, options, rendering) {
        scanned.pages.insert(number, page);
    }
    for page in held.drain(..) {
        sink.take(page);
    }
}

/// OCRs the pages of a window that `options.ocr` asks for (and that have no OCR text layer
/// already read), in parallel; gives each OCR'd page's number and how it was read. Each
/// page's warnings go to its own list, so they stay in page order. A window is held only from
/// a page that wants OCR on, so it always has one.
fn ocr_window(
    doc: &PdfDocument,
    read: &mut [ReadPage],
    scanned: &scan::ScanPages,
    options: &Options,
    rendering: Option<&scan::Rendering>,
) -> Vec<(u32, scan::ScanPage)> {
    use rayon::iter::{IntoParallelRefMutIterator, ParallelIterator};
    let pages = doc.page_count();
    read.par_iter_mut()
        .filter_map(|page| {
            let geometry = page.geometry.as_mut().filter(|_| page.ocr)?;
            let number = geometry.page.number;
            if scanned.pages.contains_key(&number) {
                return None;
            }
            let read = ocr_page(
                doc,
                geometry,
                page.lies,
                options,
                rendering,
                &mut page.warnings,
            );
            if let (Some(_), Some(progress)) = (&read, &options.ocr_progress) {
                (progress.0)(number, pages);
            }
            read.map(|p| (number, p))
        })
        .collect()
}

/// OCRs a page [`ocr_wanted`] picked from its image; `lies`: its visible text layer lies
/// (then it is deciphered with the OCR, or said to be read as it is).
#[cfg(feature = "ocr")]
fn ocr_page(
    doc: &PdfDocument,
    geometry: &mut phuluc_pdf::PageGeometry,
    lies: bool,
    options: &Options,
    rendering: Option<&scan::Rendering>,
    warnings: &mut Vec<Warning>,
) -> Option<scan::ScanPage> {
    let read = scan::ocr_page(
        doc,
        geometry,
        lies,
        &options.ocr_lang,
        options.ocr_reading,
        rendering,
        warnings,
    );
    if read.is_none() && lies {
        warnings.push(lying_layer_warning(
            geometry.page.number,
            "it could not be OCR'd instead",
        ));
    }
    read
}

/// Built without the `ocr` feature: [`ocr_wanted`] picks no page.
#[cfg(not(feature = "ocr"))]
fn ocr_page(
    _: &PdfDocument,
    _: &mut phuluc_pdf::PageGeometry,
    _: bool,
    _: &Options,
    _: Option<&scan::Rendering>,
    _: &mut Vec<Warning>,
) -> Option<scan::ScanPage> {
    None
}

/// The `font_decoding` warning of a page whose text layer lies and is read as it is: every
/// record on the page is then flagged ([`flag_damaged_pages`]).
fn lying_layer_warning(number: u32, why: &str) -> Warning {
    Warning::new(
        WarningCode::FontDecoding,
        format!(
            "page {number}: its text layer is implausible for Vietnamese (letters of another \
             script, or words that are no Vietnamese syllables: a broken ToUnicode map?) and \
             {why}"
        ),
    )
    .on_page(number)
}

/// Whether `options.ocr` asks for the page to be OCR'd (`auto`: it has an image and no visible
/// text, or a text layer that lies — [`scan::text_layer_lies`] — with or without an image:
/// such a page is rendered; `always`: every page). `lies` is the page's
/// [`scan::text_layer_lies`], judged once by the caller.
/// Never without the `ocr` feature.
fn ocr_wanted(geometry: &phuluc_pdf::PageGeometry, options: &Options, lies: bool) -> bool {
    if !cfg!(feature = "ocr") {
        return false;
    }
    match options.ocr {
        OcrMode::Never => false,
        OcrMode::Auto => {
            if scan::has_visible_text(&geometry.page) {
                lies
            } else {
                !geometry.images.is_empty()
            }
        }
        OcrMode::Always => true,
    }
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

/// Flags for review (`recovered_damage`, or `font_decoding` for a page whose text may be
/// decoded wrong) every record that damage on a page may have cut, merged, emptied or
/// garbled: a page with a `recovered_damage`, `content_truncated` or `font_decoding` warning
/// flags the records on that page, and those whose pages run across it (rows stitched over a
/// skipped page). When no record has text from the page (it was skipped or emptied), the
/// nearest record before and after it are flagged too: rows may be missing between them, or
/// glued onto them.
pub fn flag_damaged_pages(ex: &mut Extraction) {
    let mut damaged: Vec<(u32, ReviewCode, String)> = Vec::new();
    for w in &ex.warnings {
        let code = match w.code {
            WarningCode::RecoveredDamage | WarningCode::ContentTruncated => {
                ReviewCode::RecoveredDamage
            }
            WarningCode::FontDecoding => ReviewCode::FontDecoding,
            _ => continue,
        };
        let Some(page) = w.page else { continue };
        if !damaged.iter().any(|(p, c, _)| *p == page && *c == code) {
            damaged.push((page, code, w.message.clone()));
        }
    }
    for (page, code, message) in damaged {
        let message = match code {
            ReviewCode::FontDecoding => {
                format!("text on page {page} may not be decoded right: {message}")
            }
            _ => format!("page {page} was damaged and only partly recovered: {message}"),
        };
        let span = |r: &phuluc_model::Record| -> Option<(u32, u32)> {
            let pages = &r.source.pages;
            Some((*pages.iter().min()?, *pages.iter().max()?))
        };
        // Records on the page, and records stitched across it.
        let mut flag: Vec<usize> = (0..ex.records.len())
            .filter(|&i| {
                ex.records
                    .get(i)
                    .and_then(span)
                    .is_some_and(|(first, last)| first <= page && page <= last)
            })
            .collect();
        // A page that gave no record any text may have lost rows between its neighbours, or
        // glued them onto them.
        if !ex.records.iter().any(|r| r.source.pages.contains(&page)) {
            let before = ex
                .records
                .iter()
                .rposition(|r| span(r).is_some_and(|(_, last)| last < page));
            let after = ex
                .records
                .iter()
                .position(|r| span(r).is_some_and(|(first, _)| first > page));
            flag.extend(before);
            flag.extend(after);
        }
        for i in flag {
            if let Some(r) = ex.records.get_mut(i) {
                r.review.flag(code, None, message.clone());
            }
        }
    }
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
                    seen: String::new(),
                    hint: String::new(),
                })
            },
        );
        assert!(matches!(r, Err(Error::NoTable { .. })));
    }

    fn record_on(pages: &[u32]) -> phuluc_model::Record {
        let mut r = phuluc_model::Record::default();
        r.source.pages = pages.to_vec();
        r
    }

    #[test]
    fn damaged_pages_flag_their_records_for_review() {
        let mut ex = Extraction::new(SourceFile {
            file: "x.pdf".into(),
            sha256: String::new(),
            pages: 9,
        });
        ex.records = vec![
            record_on(&[1]),
            record_on(&[2, 3]),
            record_on(&[4]),
            record_on(&[6]),
            record_on(&[7, 8]),
            record_on(&[9]),
        ];
        ex.warnings = vec![
            Warning::new(WarningCode::RecoveredDamage, "stream 7 0 R recovered").on_page(3),
            // page 5 skipped whole: its neighbours are flagged
            Warning::new(WarningCode::RecoveredDamage, "page 5 could not be read").on_page(5),
            Warning::new(WarningCode::ContentTruncated, "unreadable tokens").on_page(8),
            // no page: nothing to flag
            Warning::new(WarningCode::RecoveredDamage, "xref repaired"),
            Warning::new(WarningCode::UnresolvedAgency, "x").on_page(1),
        ];
        flag_damaged_pages(&mut ex);
        let flagged: Vec<bool> = ex.records.iter().map(|r| r.review.needed).collect();
        assert_eq!(flagged, [false, true, true, true, true, false]);
        assert!(ex.records[1].review.has(ReviewCode::RecoveredDamage));
        let reason = &ex.records[2].review.reasons[0].message;
        assert!(
            reason.contains("page 5") && reason.contains("could not be read"),
            "{reason}"
        );
    }

    #[test]
    fn reading_is_bounded_whatever_the_file_says_its_size_is() {
        let t = std::time::Instant::now();
        let r = read_bounded(Path::new("/dev/zero"), 1 << 20);
        assert!(matches!(r, Err(ReadError::TooLarge)));
        assert!(t.elapsed() < Duration::from_secs(5));
        let r = read_bounded(Path::new("/dev/null"), 10);
        assert!(matches!(r, Ok(ref b) if b.is_empty()));
        let opts = Options {
            limits: Limits {
                max_file_bytes: 4096,
                ..Limits::default()
            },
            ..Options::default()
        };
        let e = extract_file(Path::new("/dev/zero"), &opts).expect_err("refused");
        assert_eq!(e.exit_code(), 9);
        assert!(
            e.to_string().contains("file bytes (limit 4096 bytes)"),
            "{e}"
        );
    }

    #[test]
    fn a_fractional_time_limit_is_shown_as_given() {
        let r: Result<(), Error> = bounded(
            "slow.pdf",
            Duration::from_millis(50),
            Duration::from_millis(500),
            || {
                std::thread::sleep(Duration::from_secs(5));
                Ok(())
            },
        );
        let e = r.expect_err("timed out");
        assert!(e.to_string().contains("(limit 0.5)"), "{e}");
    }

    #[test]
    fn limit_messages_name_the_flag() {
        let e = Error::LimitExceeded {
            file: "a.pdf".into(),
            what: "seconds per document".into(),
            limit: "3".into(),
        };
        assert!(e.to_string().contains("--max-seconds"), "{e}");
        assert_eq!(e.exit_code(), 9);
    }
}
