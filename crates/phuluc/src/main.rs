//! The `phuluc` command: `phuluc extract INPUT… [-o OUT] [-f json|jsonl|csv|sql|sqlite] [-j N]`
//! (files, directories or lists of them; a batch is read by a worker pool, its outputs in
//! input order), `phuluc diff OLD NEW`, `phuluc check DIR`, `phuluc review`, `phuluc schema`.

mod cmd_check;

use clap::{Parser, Subcommand, ValueEnum};
use phuluc::output::{self, AtomicFile, Target};
use phuluc::{extract_file_bounded, extract_file_bounded_with_pages, Error, Options};
use phuluc_model::Extraction;
use phuluc_normalize::Registry;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// mimalloc: the pipeline allocates many small strings (glyphs, words, lines); measured
/// faster than the system allocator on the fixtures (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_CODES: &str = "\
Exit codes:
  0   every input extracted and written
  2   bad command line (also: an output that is one of the inputs, two inputs that would
      write the same output, an option that does not apply to the format)
  3   an input could not be read (missing file, permission)
  4   an input is not a PDF or Word document (or is a .doc/.odt and LibreOffice, which
      converts them, is not installed)
  5   an input is a PDF damaged beyond repair, or a damaged or hostile Word archive
  6   an input is encrypted and needs --password (or the password is wrong); a
      password-protected Word file
  7   an input has no text layer (a scan: run OCR first)
  8   no appendix table was found in an input
  9   a safety limit was exceeded (file size, pages, decompressed bytes, operators, Word
      archive size or compression ratio, XML size or nesting …)
  10  the output could not be written
  11  the agency registry file (--agencies) is invalid
  12  several inputs, and some of them failed (each is reported; the others were written);
      when every input failed, their common code, or 12 if they failed in different ways
  13  --strict, and some records need review (everything was written; see review.reasons)
  14  the settings file (--settings) or vocabulary file (--vocabulary) is invalid
  70  internal error (a bug: please report it with the file)";

#[derive(Parser, Debug)]
#[command(
    name = "phuluc",
    version,
    about = "Turns the PDF appendices (\"Phụ lục\") of Vietnamese government plans into clean, structured data.",
    after_help = EXIT_CODES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once per run: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
enum Command {
    /// Extract the appendix table of one or more PDFs.
    #[command(after_help = EXIT_CODES)]
    Extract(ExtractArgs),
    /// Compare two outputs (phuluc/1 JSON or PDFs) record by record.
    #[command(after_help = cmd_check::DIFF_EXIT_CODES)]
    Diff(cmd_check::DiffArgs),
    /// Check a fixture directory against expected outputs and truth files.
    #[command(after_help = cmd_check::CHECK_EXIT_CODES)]
    Check(cmd_check::CheckArgs),
    /// Write the review report of one PDF: a self-contained HTML file showing the records over
    /// the pages they were read from (docs/review.md).
    #[command(after_help = EXIT_CODES)]
    Review(ReviewArgs),
    /// Print the JSON Schema of the phuluc/1 contract (also shipped as
    /// docs/phuluc-1.schema.json).
    Schema(SchemaArgs),
}

#[derive(clap::Args, Debug)]
struct SchemaArgs {
    /// Write the schema to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct ReviewArgs {
    /// The PDF file to read.
    #[arg(value_name = "INPUT.pdf")]
    input: PathBuf,

    /// The HTML file to write (default: INPUT.review.html in the current directory).
    #[arg(short, long, value_name = "FILE.html")]
    output: Option<PathBuf>,

    /// An agency registry (TOML) that extends or overrides the built-in one; repeatable.
    #[arg(long, value_name = "FILE")]
    agencies: Vec<PathBuf>,

    /// Skip normalization: raw cell text only (no agencies, dates or amounts).
    #[arg(long)]
    no_normalize: bool,

    /// Password of an encrypted PDF.
    #[arg(long, value_name = "PASSWORD")]
    password: Option<String>,
}

#[derive(clap::Args, Debug)]
struct ExtractArgs {
    /// PDF or Word (.docx, .docm; .doc, .odt through LibreOffice) files to read, or
    /// directories: every *.pdf and *.docx file in them (recursively, in name order; the
    /// outputs mirror the paths inside the directory).
    #[arg(required_unless_present = "lists", value_name = "INPUT")]
    inputs: Vec<PathBuf>,

    /// A file listing inputs, one path (file or directory) a line; blank lines and lines
    /// starting with # are skipped. Repeatable.
    #[arg(short = 'l', long = "list", value_name = "FILE")]
    lists: Vec<PathBuf>,

    /// Where to write ("-": standard output). json/jsonl/sql: a file (default: standard
    /// output); csv: a directory (an existing one, a path ending in /, or a new name without
    /// extension) gets the related tables records.csv, agencies.csv, record_agencies.csv, a
    /// file gets the flat table; sqlite: the database file (created or updated; required).
    /// With several inputs (or a directory) and json or csv: a directory, created if needed,
    /// that gets one output per input; json with -o DIR/ does the same for one input.
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,

    /// Output format: json (the phuluc/1 contract), jsonl (one record a line, each with its
    /// document's sha256 and file: one stream for a whole batch), csv (one row per record, or
    /// related tables with -o DIR), sql (a script for --dialect), sqlite (a database file;
    /// every input of a batch goes into it).
    #[arg(short, long, value_enum, default_value_t = Format::Json)]
    format: Format,

    /// How many documents to read at once (default: the number of cores). The outputs and
    /// messages do not depend on it.
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    jobs: Option<usize>,

    /// SQL dialect of -f sql [default: sqlite].
    #[arg(long, value_enum)]
    dialect: Option<SqlDialect>,

    /// CSV for Excel: UTF-8 with a byte-order mark and CRLF line ends, and cells starting
    /// with = + - @ (or a tab or carriage return) prefixed with an apostrophe so that Excel
    /// shows them as text instead of running them as formulas. Without --excel the CSV is
    /// raw: every cell exactly as printed.
    #[arg(long)]
    excel: bool,

    /// JSON on one line (for JSON Lines streams).
    #[arg(long)]
    compact: bool,

    /// An agency registry (TOML) that extends or overrides the built-in one; repeatable.
    #[arg(long, value_name = "FILE")]
    agencies: Vec<PathBuf>,

    /// A settings file (TOML): pages, table area, column boundaries, header-to-field mapping,
    /// tolerances, a vocabulary overlay (docs/parser.md).
    #[arg(long, value_name = "FILE")]
    settings: Option<PathBuf>,

    /// A header vocabulary (TOML, the format of crates/phuluc-parser/data/vocabulary.toml)
    /// laid over the built-in one: more header wordings, content words.
    #[arg(long, value_name = "FILE")]
    vocabulary: Option<PathBuf>,

    /// The date (YYYY-MM-DD) agencies' and the province's `current_id` / `province_now` are
    /// given for: the body that held each one's duties then (default: today).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,

    /// Skip normalization: raw cell text only (no agencies, dates or amounts).
    #[arg(long)]
    no_normalize: bool,

    /// When to OCR pages from their image with tesseract (docs/ocr.md): auto (pages with an
    /// image but no visible text and no OCR text layer, and pages whose text layer lies),
    /// never, always (every page). An OCR text layer in the PDF is read in every mode.
    #[arg(long, value_enum, default_value_t = OcrArg::Auto)]
    ocr: OcrArg,

    /// Tesseract language(s) for OCR, as `tesseract -l` takes them ("vie", "vie+eng").
    #[arg(long, value_name = "LANG", default_value = "vie")]
    ocr_lang: String,

    /// How a scanned page is OCR'd (docs/ocr.md measures both): cells (page-wise, then every
    /// cell of its ruled table again on its own) or page (page-wise only).
    #[arg(long, value_enum, default_value_t = OcrReadingArg::Cells)]
    ocr_reading: OcrReadingArg,

    /// Resolution a page is rendered at for OCR when it is not one scanned image phuluc
    /// decodes (a text layer that lies, a tiled scan, JBIG2/JPX), with poppler's pdftoppm.
    #[arg(long, value_name = "DPI", default_value_t = phuluc::scan::DEFAULT_RENDER_DPI,
          value_parser = clap::value_parser!(u32).range(72..=1200))]
    dpi: u32,

    /// Password of an encrypted PDF. Visible to other users in the process list: prefer
    /// --password-file or the PHULUC_PASSWORD environment variable.
    #[arg(long, value_name = "PASSWORD", conflicts_with = "password_file")]
    password: Option<String>,

    /// Read the password of an encrypted PDF from the first line of FILE.
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,

    /// Also write each input's review report (DIR/INPUT.review.html, see `phuluc review`).
    #[arg(long, value_name = "DIR")]
    review: Option<PathBuf>,

    /// Do not print warnings, the review summary, what was written or the batch summary to
    /// standard error (warnings stay in the JSON); errors are still printed.
    #[arg(short, long)]
    quiet: bool,

    /// Exit with code 13 when any record needs review (`review.needed`), after writing
    /// everything: for pipelines that must not take unchecked records.
    #[arg(long)]
    strict: bool,

    /// Refuse inputs larger than this many MiB (safety limit; default 128).
    #[arg(long, value_name = "MIB", help_heading = "Limits")]
    max_file_mb: Option<u64>,

    /// Refuse inputs with more pages than this (safety limit; default 10000).
    #[arg(long, value_name = "N", help_heading = "Limits")]
    max_pages: Option<u32>,

    /// Give up on one input after this many seconds (default 120; fractions allowed). The
    /// other limits (decompressed bytes, operators, glyphs …) are in docs/reliability.md.
    #[arg(long, value_name = "SECONDS", help_heading = "Limits")]
    max_seconds: Option<f64>,
}

/// `--ocr`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum OcrArg {
    Auto,
    Never,
    Always,
}

/// `--ocr-reading`.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum OcrReadingArg {
    Cells,
    Page,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum Format {
    Json,
    Jsonl,
    Csv,
    Sql,
    Sqlite,
    Parquet,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum SqlDialect {
    Sqlite,
    Postgres,
}

/// A failure of the command, with its exit code.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error(transparent)]
    Extract(#[from] Error),
    #[error("{path}: cannot write the output: {detail}")]
    Write { path: String, detail: String },
    #[error("{0}")]
    Registry(String),
    #[error("{0}")]
    Settings(String),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Inputs(#[from] phuluc::inputs::InputError),
    /// Standard output was closed by its reader (`| head`): the run ends quietly.
    #[error("standard output was closed")]
    ClosedPipe,
}

impl Failure {
    fn exit_code(&self) -> u8 {
        match self {
            Failure::Extract(e) => e.exit_code(),
            Failure::Write { .. } => 10,
            Failure::Registry(_) => 11,
            Failure::Settings(_) => 14,
            Failure::Usage(_) => 2,
            Failure::Inputs(_) => 3,
            Failure::ClosedPipe => 0,
        }
    }
    fn write(path: &Path, detail: impl std::fmt::Display) -> Failure {
        Failure::Write {
            path: path.display().to_string(),
            detail: detail.to_string(),
        }
    }
}

fn main() -> ExitCode {
    // A panic is contained per document and reported as one "internal error" line; the default
    // hook's multi-line report is kept for debugging (RUST_BACKTRACE set).
    if std::env::var_os("RUST_BACKTRACE").is_none() {
        std::panic::set_hook(Box::new(|_| {}));
    }
    let cli = Cli::parse();
    // Panics while reading a document are contained per document (phuluc::extract_file); this
    // is the last resort for one anywhere else (writing outputs …).
    let run = std::panic::catch_unwind(|| match cli.command {
        Command::Extract(args) => run_extract(args),
        Command::Diff(args) => cmd_check::run_diff(args),
        Command::Check(args) => cmd_check::run_check(args),
        Command::Review(args) => run_review(args),
        Command::Schema(args) => run_schema(args),
    });
    run.unwrap_or_else(|panic| {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        say(&format!(
            "phuluc: error: internal error (a bug: please report it): {detail}"
        ));
        ExitCode::from(70)
    })
}

/// Prints one line on standard error with its control characters escaped (`\n`, `\u{1b}` …):
/// a file name or a PDF's text can forge no line and send no terminal escape.
fn say(line: &str) {
    eprintln!("{}", escape_line(line));
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // C0, DEL, C1 controls, and the bidirectional overrides that reorder a line.
            c if c.is_control()
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Counts for the closing lines of a run.
#[derive(Debug, Default)]
struct Tally {
    done: usize,
    failed: usize,
    records: usize,
    review: usize,
}

impl Tally {
    fn add(&mut self, ex: &Extraction) {
        self.done += 1;
        self.records += ex.records.len();
        self.review += ex.records_needing_review();
    }
}

/// "73 records (5 need review)".
fn records_text(records: usize, review: usize) -> String {
    let noun = if records == 1 { "record" } else { "records" };
    let verb = if review == 1 { "needs" } else { "need" };
    format!("{records} {noun} ({review} {verb} review)")
}

/// Where an output went, for the "wrote …" line.
fn shown(target: Option<&Path>) -> String {
    target.map_or_else(
        || "standard output".to_string(),
        |p| p.display().to_string(),
    )
}

/// The progress bar of one document's OCR'd pages: when the run reads one document, may OCR,
/// is not `-q`, and standard error is a terminal. Nothing is drawn until a page is OCR'd.
fn ocr_progress_bar(
    inputs: &phuluc::inputs::Inputs,
    args: &ExtractArgs,
) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    let wanted = !inputs.batch
        && !args.quiet
        && !matches!(args.ocr, OcrArg::Never)
        && std::io::stderr().is_terminal();
    wanted.then(|| stderr_bar(0, "OCR {bar:30} {pos} page(s) read, {msg}  {elapsed}"))
}

/// A progress bar of `len` steps drawn on standard error with `template`.
fn stderr_bar(len: u64, template: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// The lines a run prints on standard error, kept clear of the progress bar (shown only in a
/// batch, when standard error is a terminal and not `-q`).
struct Reporter {
    bar: Option<indicatif::ProgressBar>,
    quiet: bool,
}

impl Reporter {
    fn new(count: usize, batch: bool, quiet: bool) -> Reporter {
        use std::io::IsTerminal;
        let bar = (batch && !quiet && std::io::stderr().is_terminal()).then(|| {
            stderr_bar(
                count as u64,
                "{bar:30} {pos}/{len} files  {elapsed} (about {eta} left)",
            )
        });
        Reporter { bar, quiet }
    }
    /// An error: always printed.
    fn error(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| say(line)),
            None => say(line),
        }
    }
    /// A warning or a summary: not with `-q`.
    fn info(&self, line: &str) {
        if !self.quiet {
            self.error(line);
        }
    }
    fn tick(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }
    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn run_extract(mut args: ExtractArgs) -> ExitCode {
    let started = std::time::Instant::now();
    // `-o -` is standard output.
    if args.output.as_deref() == Some(Path::new("-")) {
        args.output = None;
    }
    let mut options = match options(&args) {
        Ok(o) => o,
        Err(f) => return fail(&f),
    };
    let jobs = match args.jobs {
        Some(0) => return fail(&Failure::Usage("-j 0: give at least one worker".into())),
        Some(n) => n,
        None => phuluc::batch::default_jobs(),
    };
    let inputs = match phuluc::inputs::discover(&args.inputs, &args.lists) {
        Ok(i) => i,
        Err(e) => return fail(&Failure::Inputs(e)),
    };
    if inputs.docs.is_empty() {
        return fail(&Failure::Usage(format!(
            "no input: give files, directories holding {} files, or --list FILE",
            input_patterns()
        )));
    }
    let plan = match check_outputs(&args, &inputs) {
        Ok(p) => p,
        Err(f) => return fail(&f),
    };
    let docs = &inputs.docs;
    let reporter = Reporter::new(docs.len(), inputs.batch, args.quiet);
    // One document: a bar of the pages OCR'd, drawn only once a page is (seconds each).
    let ocr_bar = ocr_progress_bar(&inputs, &args);
    if let Some(bar) = &ocr_bar {
        let bar = bar.clone();
        options.ocr_progress = Some(phuluc::OcrProgress(std::sync::Arc::new(
            move |page, pages| {
                bar.set_length(u64::from(pages));
                bar.set_message(format!("page {page}"));
                bar.inc(1);
            },
        )));
    }
    for dir in &inputs.empty_dirs {
        reporter.info(&format!(
            "phuluc: warning: {}: no {} file in this directory",
            dir.display(),
            input_patterns()
        ));
    }
    // jsonl streams each document's records as it completes.
    let mut stream = match &plan {
        Plan::Stream(target) => match Out::open(target.as_deref()) {
            Ok(out) => Some(out),
            Err(f) => return fail(&f),
        },
        _ => None,
    };
    let keep_pages = args.review.is_some();
    let mut done: Vec<Extraction> = Vec::new();
    let mut failures: Vec<Failure> = Vec::new();
    let mut tally = Tally::default();
    let mut closed = false;
    let pool = phuluc::batch::for_each_ordered(
        jobs,
        docs.len(),
        |i| {
            let path = &docs[i].path;
            if keep_pages {
                extract_file_bounded_with_pages(path, &options)
            } else {
                extract_file_bounded(path, &options).map(|ex| (ex, Vec::new()))
            }
        },
        |i, extracted| {
            if let Some(bar) = &ocr_bar {
                bar.finish_and_clear();
            }
            reporter.tick();
            let (ex, pages) = match extracted {
                Ok(x) => x,
                Err(e) => {
                    reporter.error(&format!("phuluc: error: {e}"));
                    failures.push(e.into());
                    tally.failed += 1;
                    return ControlFlow::Continue(());
                }
            };
            for w in &ex.warnings {
                let page = w.page.map(|p| format!(" (page {p})")).unwrap_or_default();
                reporter.info(&format!(
                    "phuluc: warning: {}{page}: {}",
                    ex.source.file, w.message
                ));
            }
            reporter.info(&format!(
                "phuluc: {}: {}",
                ex.source.file,
                phuluc::review_summary(&ex)
            ));
            if let Some(dir) = &args.review {
                let target = dir.join(with_suffix(&docs[i].name, ".review.html"));
                let written =
                    create_parent(&target).and_then(|()| write_review(&target, &ex, &pages));
                if let Err(f) = written {
                    reporter.error(&format!("phuluc: error: {f}"));
                    failures.push(f);
                    tally.failed += 1;
                    return ControlFlow::Continue(());
                }
            }
            let written = match (&plan, stream.as_mut()) {
                (Plan::PerInput(targets), _) => {
                    let target = targets.get(i).cloned();
                    let res = match &target {
                        Some(t) => create_parent(t)
                            .and_then(|()| write_one(&args, &ex, Some(t.clone()), true)),
                        None => Err(Failure::Usage("no output planned for this input".into())),
                    };
                    if res.is_ok() {
                        reporter.info(&format!(
                            "phuluc: wrote {} to {}",
                            records_text(ex.records.len(), ex.records_needing_review()),
                            shown(target.as_deref())
                        ));
                    }
                    res
                }
                (Plan::Stream(target), Some(out)) => {
                    phuluc_json::write_records_jsonl(&ex, &mut *out)
                        .map_err(|e| out.failure(target.as_deref(), e))
                }
                _ => {
                    tally.add(&ex);
                    done.push(ex);
                    return ControlFlow::Continue(());
                }
            };
            match written {
                Ok(()) => {
                    tally.add(&ex);
                    ControlFlow::Continue(())
                }
                Err(Failure::ClosedPipe) => {
                    closed = true;
                    ControlFlow::Break(())
                }
                Err(f) => {
                    reporter.error(&format!("phuluc: error: {f}"));
                    failures.push(f);
                    tally.failed += 1;
                    ControlFlow::Continue(())
                }
            }
        },
    );
    if let Err(e) = pool {
        reporter.finish();
        return fail(&Failure::Usage(format!("cannot start {jobs} workers: {e}")));
    }
    reporter.finish();
    if closed {
        // A reader that stopped early (`| head`): nothing more to say.
        return ExitCode::from(batch_exit_code(
            inputs.batch,
            true,
            &failures.iter().map(Failure::exit_code).collect::<Vec<_>>(),
        ));
    }
    let final_write = match (&plan, stream) {
        (Plan::Stream(target), Some(out)) if tally.done > 0 => Some(
            out.finish(target.as_deref())
                .map(|()| shown(target.as_deref())),
        ),
        (Plan::AtEnd, _) if !done.is_empty() => Some(if inputs.batch {
            write_all(&args, &done).map(|()| shown(args.output.as_deref()))
        } else {
            write_one(&args, &done[0], args.output.clone(), false)
                .map(|()| shown(args.output.as_deref()))
        }),
        _ => None,
    };
    match final_write {
        Some(Ok(to)) => {
            let files = if inputs.batch {
                format!(" from {} files", tally.done)
            } else {
                String::new()
            };
            reporter.info(&format!(
                "phuluc: wrote {}{files} to {to}",
                records_text(tally.records, tally.review)
            ));
        }
        Some(Err(Failure::ClosedPipe)) => return ExitCode::SUCCESS,
        Some(Err(f)) => {
            say(&format!("phuluc: error: {f}"));
            return ExitCode::from(f.exit_code());
        }
        None => {}
    }
    if inputs.batch {
        reporter.info(&format!(
            "phuluc: {} files: {} done, {} failed; {} records, {} need review; {:.2} s",
            docs.len(),
            tally.done,
            tally.failed,
            tally.records,
            tally.review,
            started.elapsed().as_secs_f64()
        ));
    }
    if failures.is_empty() && args.strict && tally.review > 0 {
        return ExitCode::from(13);
    }
    ExitCode::from(batch_exit_code(
        inputs.batch,
        tally.done > 0,
        &failures.iter().map(Failure::exit_code).collect::<Vec<_>>(),
    ))
}

/// "*.pdf" (or "*.pdf / *.docx" …): what a directory search takes.
fn input_patterns() -> String {
    phuluc::inputs::INPUT_EXTENSIONS
        .iter()
        .map(|e| format!("*.{e}"))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// `name` with `suffix` appended to its file name (`hn/plan` + `.json` → `hn/plan.json`).
fn with_suffix(name: &Path, suffix: &str) -> PathBuf {
    let mut s = name.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Creates the directory an output goes into (an output directory, and the sub-directories
/// mirroring a searched input directory).
fn create_parent(target: &Path) -> Result<(), Failure> {
    match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|e| Failure::write(dir, e))
        }
        _ => Ok(()),
    }
}

/// The exit code of a run: 0, or 12 when some inputs of several failed; when every input
/// failed, their common code (or 12 when they failed in different ways) — whatever the order
/// of the inputs.
fn batch_exit_code(several: bool, any_done: bool, failures: &[u8]) -> u8 {
    match failures {
        [] => 0,
        _ if several && any_done => 12,
        [first, rest @ ..] if rest.iter().all(|c| c == first) => *first,
        _ => 12,
    }
}

fn run_review(args: ReviewArgs) -> ExitCode {
    let mut options = Options {
        password: args.password.clone(),
        ..Options::without_registry()
    };
    if !args.no_normalize {
        let mut registry = Registry::builtin();
        for path in &args.agencies {
            registry = match registry.with_overlay(path) {
                Ok(r) => r,
                Err(e) => return fail(&Failure::Registry(e.to_string())),
            };
        }
        options.registry = Some(registry);
    }
    let target = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(review_name(&args.input.display().to_string())));
    match extract_file_bounded_with_pages(&args.input, &options) {
        Ok((ex, pages)) => match write_review(&target, &ex, &pages) {
            Ok(()) => ExitCode::SUCCESS,
            Err(f) => fail(&f),
        },
        Err(e) => fail(&e.into()),
    }
}

fn run_schema(args: SchemaArgs) -> ExitCode {
    let output = args.output.filter(|p| p.as_os_str() != "-");
    match write_to(output.as_deref(), |w| {
        w.write_all(phuluc_model::schema::json_schema_text().as_bytes())
            .map_err(|e| e.to_string())
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => fail(&f),
    }
}

/// `plan.pdf` → `plan.review.html`.
fn review_name(input: &str) -> String {
    let stem = Path::new(input)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{stem}.review.html")
}

/// Writes the review report of an extraction (atomically).
fn write_review(
    target: &Path,
    ex: &Extraction,
    pages: &[phuluc_model::Page],
) -> Result<(), Failure> {
    let html = phuluc_review::render(ex, pages);
    write_to(Some(target), |w| {
        w.write_all(html.as_bytes()).map_err(|e| e.to_string())
    })
}

fn fail(f: &Failure) -> ExitCode {
    if matches!(f, Failure::ClosedPipe) {
        return ExitCode::SUCCESS;
    }
    say(&format!("phuluc: error: {f}"));
    ExitCode::from(f.exit_code())
}

/// The password: --password, else the first line of --password-file, else $PHULUC_PASSWORD.
fn password(args: &ExtractArgs) -> Result<Option<String>, Failure> {
    if let Some(p) = &args.password {
        return Ok(Some(p.clone()));
    }
    if let Some(file) = &args.password_file {
        let text = std::fs::read_to_string(file)
            .map_err(|e| Failure::Usage(format!("--password-file {}: {e}", file.display())))?;
        let line = text.lines().next().unwrap_or("");
        return Ok(Some(line.to_string()));
    }
    Ok(std::env::var("PHULUC_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty()))
}

/// One line of a registry error (TOML errors come with a multi-line source excerpt).
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with('|')
                && !l
                    .split_once('|')
                    .is_some_and(|(n, _)| n.trim().chars().all(|c| c.is_ascii_digit()))
        })
        .collect::<Vec<_>>()
        .join(": ")
}

fn options(args: &ExtractArgs) -> Result<Options, Failure> {
    if args.format != Format::Sql && args.dialect.is_some() {
        return Err(Failure::Usage("--dialect applies to -f sql only".into()));
    }
    if args.format != Format::Csv && args.excel {
        return Err(Failure::Usage("--excel applies to -f csv only".into()));
    }
    if args.format != Format::Json && args.compact {
        return Err(Failure::Usage("--compact applies to -f json only".into()));
    }
    let mut options = Options {
        password: password(args)?,
        ..Options::without_registry()
    };
    if let Some(mb) = args.max_file_mb {
        options.limits.max_file_bytes =
            usize::try_from(mb.saturating_mul(1 << 20)).unwrap_or(usize::MAX);
    }
    if let Some(n) = args.max_pages {
        options.limits.max_pages = n;
    }
    if let Some(path) = &args.settings {
        options.table = options
            .table
            .with_file(path)
            .map_err(|e| Failure::Settings(e.to_string()))?;
    }
    if let Some(path) = &args.vocabulary {
        let v = options
            .table
            .vocabulary
            .with_overlay(path)
            .map_err(|e| Failure::Settings(e.to_string()))?;
        options.table.vocabulary = std::sync::Arc::new(v);
    }
    options.ocr = match args.ocr {
        OcrArg::Auto => phuluc::OcrMode::Auto,
        OcrArg::Never => phuluc::OcrMode::Never,
        OcrArg::Always => phuluc::OcrMode::Always,
    };
    options.ocr_lang = args.ocr_lang.clone();
    options.ocr_dpi = args.dpi;
    options.ocr_reading = match args.ocr_reading {
        OcrReadingArg::Cells => phuluc::scan::OcrReading::CellWise,
        OcrReadingArg::Page => phuluc::scan::OcrReading::PageWise,
    };
    if let Some(s) = args.max_seconds {
        options.limits.max_duration = std::time::Duration::try_from_secs_f64(s)
            .map_err(|_| Failure::Usage(format!("--max-seconds {s}: not a duration")))?;
    }
    if args.no_normalize {
        options.registry = None;
    } else {
        let mut registry = Registry::builtin();
        for path in &args.agencies {
            registry = registry
                .with_overlay(path)
                .map_err(|e| Failure::Registry(one_line(&e.to_string())))?;
        }
        if let Some(d) = &args.as_of {
            let date = phuluc_model::Date::parse_iso(d.trim())
                .ok_or_else(|| Failure::Usage(format!("--as-of {d}: not a date (YYYY-MM-DD)")))?;
            registry = registry.with_as_of(date);
        }
        options.registry = Some(registry);
    }
    Ok(options)
}

/// How a run writes its outputs, decided before any input is read.
#[derive(Debug)]
enum Plan {
    /// One output per input (json and csv in a batch, json with `-o DIR`): the target of each.
    PerInput(Vec<PathBuf>),
    /// Each document's records streamed as it completes (jsonl): to a file, or standard output.
    Stream(Option<PathBuf>),
    /// One output written at the end: one document's json or csv, or every document's sql or
    /// sqlite.
    AtEnd,
}

/// Whether `-o PATH` names a directory: an existing one, or a path ending in `/`.
fn names_dir(path: &Path) -> bool {
    path.is_dir() || path.as_os_str().to_string_lossy().ends_with(['/', '\\'])
}

/// Whether `-f csv -o PATH` (one input) gets the table set in a directory rather than the
/// flat file: a directory (see [`names_dir`]), or a new path without an extension (`tables`).
fn csv_dir(path: &Path) -> bool {
    names_dir(path) || (path.extension().is_none() && std::fs::symlink_metadata(path).is_err())
}

/// Refuses combinations that cannot be written, before any input is read, and plans the
/// outputs ([`Plan`]).
///
/// Nothing may destroy an input: an output that is one of the inputs (the same file, whatever
/// the path or link that names it) is refused, and so are two inputs of a batch that would
/// write the same output (`x.pdf` and `X.PDF` given as files: compared without case, as a
/// case-insensitive file system would). Files found by searching a directory write outputs
/// that mirror their path inside it (`plans/a/x.pdf` → `OUT/a/x.json`), so those never meet.
fn check_outputs(args: &ExtractArgs, inputs: &phuluc::inputs::Inputs) -> Result<Plan, Failure> {
    let batch = inputs.batch;
    let out = args.output.as_deref();
    let per_input = match args.format {
        Format::Json => batch || out.is_some_and(names_dir),
        Format::Csv => batch,
        _ => false,
    };
    match (args.format, out) {
        (Format::Sqlite, None) => {
            return Err(Failure::Usage(
                "-f sqlite needs -o FILE.db (a database is not written to standard output)".into(),
            ))
        }
        (Format::Json | Format::Csv, None) if per_input => {
            return Err(Failure::Usage(
                "with several inputs, give -o DIR (one output per input), or -f jsonl / sql / \
                 sqlite for one stream"
                    .into(),
            ))
        }
        (Format::Json | Format::Csv, Some(o)) if per_input && o.exists() && !o.is_dir() => {
            return Err(Failure::Usage(format!(
                "{}: exists and is not a directory; with several inputs, -o names a directory \
                 (one output per input, created if needed)",
                o.display()
            )))
        }
        (Format::Jsonl | Format::Sql | Format::Sqlite | Format::Parquet, Some(o))
            if names_dir(o) =>
        {
            return Err(Failure::Usage(format!(
                "{}: a directory; -f {} writes one file (give its name)",
                o.display(),
                format!("{:?}", args.format).to_lowercase()
            )))
        }
        _ => {}
    }
    // Every path that may be written or replaced.
    let mut written: Vec<PathBuf> = Vec::new();
    let plan = if per_input {
        let dir = out.map(Path::to_path_buf).unwrap_or_default();
        let mut seen: std::collections::HashMap<String, &Path> = std::collections::HashMap::new();
        let mut targets = Vec::with_capacity(inputs.docs.len());
        for input in &inputs.docs {
            let name = match args.format {
                Format::Csv => input.name.clone(),
                _ => with_suffix(&input.name, ".json"),
            };
            let key = name.to_string_lossy().to_lowercase();
            if let Some(other) = seen.get(&key) {
                return Err(Failure::Usage(format!(
                    "{} and {} would both be written to {}; run them separately or rename one",
                    other.display(),
                    input.path.display(),
                    dir.join(&name).display()
                )));
            }
            seen.insert(key, &input.path);
            let target = dir.join(&name);
            written.push(target.clone());
            targets.push(target);
        }
        Plan::PerInput(targets)
    } else {
        written.extend(out.map(Path::to_path_buf));
        if args.format == Format::Jsonl {
            Plan::Stream(out.map(Path::to_path_buf))
        } else {
            Plan::AtEnd
        }
    };
    if args.format == Format::Csv {
        let tables: Vec<PathBuf> = written
            .iter()
            .flat_map(|d| CSV_TABLES.iter().map(move |t| d.join(t)))
            .collect();
        written.extend(tables);
    }
    let ids: std::collections::HashMap<FileId, &Path> = inputs
        .docs
        .iter()
        .filter_map(|d| file_id(&d.path).map(|id| (id, d.path.as_path())))
        .collect();
    for out in &written {
        if let Some(input) = file_id(out).and_then(|id| ids.get(&id)) {
            return Err(Failure::Usage(format!(
                "{}: this output is the input {}; it would be overwritten",
                out.display(),
                input.display()
            )));
        }
    }
    Ok(plan)
}

/// What makes two paths the same file: the device and inode on Unix (so hard links, symbolic
/// links and `./` spellings are caught), the canonical path elsewhere.
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

/// The [`FileId`] of an existing file.
fn file_id(path: &Path) -> Option<FileId> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        std::fs::canonicalize(path).ok()
    }
}

/// The files of a CSV table set (`-f csv -o DIR`).
const CSV_TABLES: [&str; 3] = ["records.csv", "agencies.csv", "record_agencies.csv"];

/// Writes one extraction to `target` (standard output when `None`). For csv, a directory gets
/// the table set: always for an output of a batch (`in_dir`), else as [`csv_dir`] says.
fn write_one(
    args: &ExtractArgs,
    ex: &Extraction,
    target: Option<PathBuf>,
    in_dir: bool,
) -> Result<(), Failure> {
    match args.format {
        Format::Json => {
            let layout = if args.compact {
                phuluc_json::Layout::Compact
            } else {
                phuluc_json::Layout::Pretty
            };
            write_to(target.as_deref(), |w| {
                phuluc_json::write(ex, w, layout).map_err(|e| e.to_string())
            })
        }
        Format::Csv => {
            let opts = phuluc_csv::CsvOptions { excel: args.excel };
            match target {
                Some(dir) if in_dir || csv_dir(&dir) => write_csv_tables(ex, &dir, &opts),
                t => write_to(t.as_deref(), |w| {
                    phuluc_csv::write_flat(ex, w, &opts).map_err(|e| e.to_string())
                }),
            }
        }
        Format::Jsonl => write_to(target.as_deref(), |w| {
            phuluc_json::write_records_jsonl(ex, w).map_err(|e| e.to_string())
        }),
        Format::Sql | Format::Sqlite | Format::Parquet => write_all(args, std::slice::from_ref(ex)),
    }
}

/// Writes one CSV table of an extraction.
type TableWriter = fn(
    &Extraction,
    &mut std::io::BufWriter<std::fs::File>,
    &phuluc_csv::CsvOptions,
) -> Result<(), phuluc_csv::CsvError>;

/// Writes every extraction into one SQL script or SQLite database.
fn write_all(args: &ExtractArgs, done: &[Extraction]) -> Result<(), Failure> {
    let refs: Vec<&Extraction> = done.iter().collect();
    match args.format {
        Format::Sql => {
            let dialect = match args.dialect.unwrap_or(SqlDialect::Sqlite) {
                SqlDialect::Sqlite => phuluc_sql::Dialect::Sqlite,
                SqlDialect::Postgres => phuluc_sql::Dialect::Postgres,
            };
            write_to(args.output.as_deref(), |w| {
                phuluc_sql::write_script_many(&refs, w, dialect).map_err(|e| e.to_string())
            })
        }
        Format::Sqlite => {
            let Some(path) = args.output.as_deref() else {
                return Err(Failure::Usage("-f sqlite needs -o FILE.db".into()));
            };
            write_sqlite(path, &refs)
        }
        Format::Parquet => write_to(args.output.as_deref(), |w| {
            // The Parquet writer needs a `Send` sink: the file is built in memory (compressed
            // columns), then written out.
            let mut buf = Vec::new();
            phuluc_parquet::write_parquet(&refs, &mut buf).map_err(|e| e.to_string())?;
            w.write_all(&buf).map_err(|e| e.to_string())
        }),
        Format::Jsonl => write_to(args.output.as_deref(), |w| {
            done.iter()
                .try_for_each(|ex| phuluc_json::write_records_jsonl(ex, &mut *w))
                .map_err(|e| e.to_string())
        }),
        Format::Json | Format::Csv => Err(Failure::Usage(
            "json and csv write one output per input".into(),
        )),
    }
}

/// Updates the SQLite database at `path` in place, through SQLite's own locking: one
/// `BEGIN IMMEDIATE` transaction, waiting for other writers (see `phuluc_sql::write_sqlite_many`).
/// Never a copy renamed over the original, so concurrent runs, other programs holding the
/// database open (WAL mode included), its owner and its hard links are all kept. A symbolic
/// link is followed; anything but a regular file is refused. A database file this run created
/// is removed again when nothing could be committed to it.
fn write_sqlite(path: &Path, docs: &[&Extraction]) -> Result<(), Failure> {
    let real =
        match output::resolve(path).map_err(|e| Failure::write(path, e))? {
            Target::File(p) => p,
            Target::Dir(_) => return Err(Failure::write(path, "it is a directory")),
            Target::Stream(_) => return Err(Failure::write(
                path,
                "not a regular file (a device, FIFO or socket); a SQLite database must be a file",
            )),
        };
    let existed = real.exists();
    match phuluc_sql::write_sqlite_many(docs, &real) {
        Ok(()) => Ok(()),
        Err(e) => {
            // An empty file is one this run created and never committed to.
            if !existed && std::fs::metadata(&real).is_ok_and(|m| m.len() == 0) {
                let _ = std::fs::remove_file(&real);
            }
            Err(Failure::write(path, e))
        }
    }
}

/// Writes the CSV table set of one extraction into the directory `dir`, swapped in whole.
fn write_csv_tables(
    ex: &Extraction,
    dir: &Path,
    opts: &phuluc_csv::CsvOptions,
) -> Result<(), Failure> {
    let tables: [(&str, TableWriter); 3] = [
        (CSV_TABLES[0], |e, w, o| {
            phuluc_csv::write_records_table(e, w, o)
        }),
        (CSV_TABLES[1], |e, w, o| {
            phuluc_csv::write_agencies_table(e, w, o)
        }),
        (CSV_TABLES[2], |e, w, o| {
            phuluc_csv::write_record_agencies_table(e, w, o)
        }),
    ];
    output::write_dir(dir, &CSV_TABLES, |tmp| {
        for (name, write) in tables {
            let path = tmp.join(name);
            let mut f =
                std::io::BufWriter::new(std::fs::File::create(&path).map_err(|e| e.to_string())?);
            write(ex, &mut f, opts).map_err(|e| e.to_string())?;
            f.flush().map_err(|e| e.to_string())?;
        }
        Ok::<(), String>(())
    })
    .map_err(|e| Failure::write(dir, e))
}

/// An output being written: a regular file (atomically: complete or absent), a device, FIFO
/// or socket written through, or standard output. A reader that closed standard output
/// (`phuluc … | head`) ends the run quietly ([`Failure::ClosedPipe`]).
enum Out {
    File(AtomicFile),
    Stream(std::io::BufWriter<std::fs::File>),
    Stdout {
        out: std::io::BufWriter<std::io::Stdout>,
        closed: bool,
    },
}

impl Out {
    /// Opens `target` (standard output when `None`).
    fn open(target: Option<&Path>) -> Result<Out, Failure> {
        let Some(path) = target else {
            return Ok(Out::Stdout {
                out: std::io::BufWriter::new(std::io::stdout()),
                closed: false,
            });
        };
        match output::resolve(path).map_err(|e| Failure::write(path, e))? {
            // A regular file (or a new one, or the file a link points to): replaced atomically.
            Target::File(real) => AtomicFile::create(&real)
                .map(Out::File)
                .map_err(|e| Failure::write(path, e)),
            // A device, FIFO or socket: written through, never replaced.
            Target::Stream(real) => output::open_stream(&real)
                .map(Out::Stream)
                .map_err(|e| Failure::write(path, e)),
            Target::Dir(_) => Err(Failure::write(path, "it is a directory")),
        }
    }

    /// The failure for an error `detail` while writing to `target`.
    fn failure(&self, target: Option<&Path>, detail: impl std::fmt::Display) -> Failure {
        match self {
            Out::Stdout { closed: true, .. } => Failure::ClosedPipe,
            _ => Failure::write(target.unwrap_or(Path::new("<stdout>")), detail),
        }
    }

    /// Completes the output: flushed, and a file renamed into place.
    fn finish(mut self, target: Option<&Path>) -> Result<(), Failure> {
        if let Err(e) = self.flush() {
            return Err(self.failure(target, e));
        }
        match self {
            Out::File(f) => f
                .commit()
                .map_err(|e| Failure::write(target.unwrap_or(Path::new("<stdout>")), e)),
            Out::Stream(_) | Out::Stdout { .. } => Ok(()),
        }
    }

    fn watch<T>(closed: &mut bool, r: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &r {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                *closed = true;
            }
        }
        r
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Out::File(f) => f.write(buf),
            Out::Stream(w) => w.write(buf),
            Out::Stdout { out, closed } => Out::watch(closed, out.write(buf)),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Out::File(f) => f.flush(),
            Out::Stream(w) => w.flush(),
            Out::Stdout { out, closed } => Out::watch(closed, out.flush()),
        }
    }
}

/// Writes through `write` to `target` atomically, or to standard output.
fn write_to(
    target: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<(), String>,
) -> Result<(), Failure> {
    let mut out = Out::open(target)?;
    match write(&mut out) {
        Ok(()) => out.finish(target),
        Err(e) => Err(out.failure(target, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_terminal_raw() {
        let line = "phuluc: error: a\nphuluc: error: forged.pdf\x1b[2J\u{202e}fdp.exe\t: x";
        let out = escape_line(line);
        assert_eq!(
            out,
            "phuluc: error: a\\nphuluc: error: forged.pdf\\u{1b}[2J\\u{202e}fdp.exe\\t: x"
        );
        assert!(!out.chars().any(|c| c.is_control()));
        assert_eq!(escape_line("Sở Nội vụ (page 3)"), "Sở Nội vụ (page 3)");
    }

    #[test]
    fn the_exit_code_of_a_batch_does_not_depend_on_the_order_of_its_inputs() {
        assert_eq!(batch_exit_code(true, false, &[4, 5]), 12);
        assert_eq!(batch_exit_code(true, false, &[5, 4]), 12);
        assert_eq!(batch_exit_code(true, false, &[4, 4]), 4);
        assert_eq!(batch_exit_code(true, true, &[4]), 12);
        assert_eq!(batch_exit_code(false, false, &[9]), 9);
        assert_eq!(batch_exit_code(true, true, &[]), 0);
    }

    #[test]
    fn a_multi_line_toml_error_becomes_one_line() {
        let e = "TOML parse error at line 3, column 7\n  |\n3 | id = \n  |      ^\ninvalid string\nexpected `\"`";
        assert_eq!(
            one_line(e),
            "TOML parse error at line 3, column 7: invalid string: expected `\"`"
        );
    }
}
