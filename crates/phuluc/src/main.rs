//! The `phuluc` command: `phuluc extract INPUT.pdf… [-o OUT] [-f json|csv|sql|sqlite]`,
//! `phuluc diff OLD NEW`, `phuluc check DIR`.

mod cmd_check;

use clap::{Parser, Subcommand, ValueEnum};
use phuluc::output::{self, AtomicFile, Target};
use phuluc::{extract_file_bounded, extract_file_bounded_with_pages, Error, Options};
use phuluc_model::Extraction;
use phuluc_normalize::Registry;
use std::io::Write;
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
    /// PDF or Word (.docx, .docm; .doc, .odt through LibreOffice) files to read.
    #[arg(required = true, value_name = "INPUT.pdf")]
    inputs: Vec<PathBuf>,

    /// Where to write. json/sql: a file (default: standard output); csv: a directory gets the
    /// related tables records.csv, agencies.csv, record_agencies.csv, a file gets the flat
    /// table; sqlite: the database file (created or updated; required). With several inputs
    /// and json or csv, a directory that gets one output per input.
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,

    /// Output format: json (the phuluc/1 contract), csv (one row per record, or related
    /// tables with -o DIR), sql (a script for --dialect), sqlite (a database file).
    #[arg(short, long, value_enum, default_value_t = Format::Json)]
    format: Format,

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

    /// When to OCR scanned pages from their image with tesseract (docs/ocr.md): auto (pages
    /// without visible text and without an OCR text layer), never, always (every page with a
    /// page image). An OCR text layer in the PDF is read in every mode.
    #[arg(long, value_enum, default_value_t = OcrArg::Auto)]
    ocr: OcrArg,

    /// Tesseract language(s) for OCR, as `tesseract -l` takes them ("vie", "vie+eng").
    #[arg(long, value_name = "LANG", default_value = "vie")]
    ocr_lang: String,

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

    /// Do not print warnings or the review summary to standard error (they stay in the JSON).
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

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
    Sql,
    Sqlite,
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
}

impl Failure {
    fn exit_code(&self) -> u8 {
        match self {
            Failure::Extract(e) => e.exit_code(),
            Failure::Write { .. } => 10,
            Failure::Registry(_) => 11,
            Failure::Settings(_) => 14,
            Failure::Usage(_) => 2,
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

fn run_extract(args: ExtractArgs) -> ExitCode {
    let options = match options(&args) {
        Ok(o) => o,
        Err(f) => return fail(&f),
    };
    let plan = match check_outputs(&args) {
        Ok(p) => p,
        Err(f) => return fail(&f),
    };
    let several = args.inputs.len() > 1;
    // json and csv with several inputs write one output per input as each completes.
    let per_input = several && matches!(args.format, Format::Json | Format::Csv);
    let mut done: Vec<Extraction> = Vec::new();
    let mut failures: Vec<Failure> = Vec::new();
    for (i, input) in args.inputs.iter().enumerate() {
        let extracted = match &args.review {
            Some(_) => extract_file_bounded_with_pages(input, &options),
            None => extract_file_bounded(input, &options).map(|ex| (ex, Vec::new())),
        };
        match extracted {
            Ok((ex, pages)) => {
                if !args.quiet {
                    for w in &ex.warnings {
                        let page = w.page.map(|p| format!(" (page {p})")).unwrap_or_default();
                        say(&format!(
                            "phuluc: warning: {}{page}: {}",
                            ex.source.file, w.message
                        ));
                    }
                    eprintln!(
                        "phuluc: {}: {}",
                        ex.source.file,
                        phuluc::review_summary(&ex)
                    );
                }
                if let Some(dir) = &args.review {
                    let target = dir.join(review_name(&ex.source.file));
                    let written = std::fs::create_dir_all(dir)
                        .map_err(|e| Failure::write(dir, e))
                        .and_then(|()| write_review(&target, &ex, &pages));
                    if let Err(f) = written {
                        eprintln!("phuluc: error: {f}");
                        failures.push(f);
                        continue;
                    }
                }
                // Per-input outputs are written as each input completes.
                if per_input {
                    let target = plan.get(i).cloned().flatten();
                    if let Err(f) = write_one(&args, &ex, target) {
                        say(&format!("phuluc: error: {f}"));
                        failures.push(f);
                        continue;
                    }
                }
                done.push(ex);
            }
            Err(e) => {
                say(&format!("phuluc: error: {e}"));
                failures.push(e.into());
            }
        }
    }
    if !per_input && !done.is_empty() {
        let res = if several {
            write_all(&args, &done)
        } else {
            write_one(&args, &done[0], args.output.clone())
        };
        if let Err(f) = res {
            say(&format!("phuluc: error: {f}"));
            return ExitCode::from(f.exit_code());
        }
    }
    let unsure = done.iter().any(|ex| ex.records_needing_review() > 0);
    if failures.is_empty() && args.strict && unsure {
        return ExitCode::from(13);
    }
    ExitCode::from(batch_exit_code(
        several,
        !done.is_empty(),
        &failures.iter().map(Failure::exit_code).collect::<Vec<_>>(),
    ))
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
        ..Options::default()
    };
    if args.no_normalize {
        options.registry = None;
    } else if !args.agencies.is_empty() {
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
        ..Options::default()
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

/// Refuses combinations that cannot be written, before any input is read, and plans the
/// output of each input in a batch (json and csv with several inputs: one output per input,
/// `None` otherwise).
///
/// Nothing may destroy an input: an output that is one of the inputs (the same file, whatever
/// the path or link that names it) is refused, and so are two inputs of a batch that would
/// write the same output (`a/x.pdf`, `b/x.pdf`, `x.PDF`: compared without case, as a
/// case-insensitive file system would).
fn check_outputs(args: &ExtractArgs) -> Result<Vec<Option<PathBuf>>, Failure> {
    let several = args.inputs.len() > 1;
    match (args.format, &args.output) {
        (Format::Sqlite, None) => return Err(Failure::Usage("-f sqlite needs -o FILE.db".into())),
        (Format::Json | Format::Csv, Some(out)) if several && !out.is_dir() => {
            return Err(Failure::Usage(format!(
                "{}: with several inputs, -o must be an existing directory",
                out.display()
            )))
        }
        (Format::Json | Format::Csv, None) if several => {
            return Err(Failure::Usage(
                "with several inputs, give -o DIR (one output per input)".into(),
            ))
        }
        _ => {}
    }
    let per_input = several && matches!(args.format, Format::Json | Format::Csv);
    let mut plan: Vec<Option<PathBuf>> = Vec::new();
    // Every path that may be written or replaced.
    let mut written: Vec<PathBuf> = Vec::new();
    if per_input {
        let dir = args.output.clone().unwrap_or_default();
        let mut seen: Vec<(String, &Path)> = Vec::new();
        for input in &args.inputs {
            let stem = input
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let name = match args.format {
                Format::Csv => stem,
                _ => format!("{stem}.json"),
            };
            let key = name.to_lowercase();
            if let Some((_, other)) = seen.iter().find(|(k, _)| *k == key) {
                return Err(Failure::Usage(format!(
                    "{} and {} would both be written to {}; run them separately or rename one",
                    other.display(),
                    input.display(),
                    dir.join(&name).display()
                )));
            }
            seen.push((key, input));
            let target = dir.join(&name);
            written.push(target.clone());
            plan.push(Some(target));
        }
    } else if let Some(out) = &args.output {
        written.push(out.clone());
    }
    if args.format == Format::Csv {
        let tables: Vec<PathBuf> = written
            .iter()
            .flat_map(|d| CSV_TABLES.iter().map(move |t| d.join(t)))
            .collect();
        written.extend(tables);
    }
    for out in &written {
        for input in &args.inputs {
            if same_file(out, input) {
                return Err(Failure::Usage(format!(
                    "{}: this output is the input {}; it would be overwritten",
                    out.display(),
                    input.display()
                )));
            }
        }
    }
    Ok(plan)
}

/// Whether `a` and `b` name the same existing file (the same device and inode on Unix, so
/// hard links, symbolic links and `./` spellings are caught).
fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = (&ma, &mb);
        ma.dev() == mb.dev() && ma.ino() == mb.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (ma, mb);
        matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        )
    }
}

/// The files of a CSV table set (`-f csv -o DIR`).
const CSV_TABLES: [&str; 3] = ["records.csv", "agencies.csv", "record_agencies.csv"];

/// Writes one extraction to `target` (standard output when `None`; for csv, a directory gets
/// the table set).
fn write_one(args: &ExtractArgs, ex: &Extraction, target: Option<PathBuf>) -> Result<(), Failure> {
    let dir_per_input = args.inputs.len() > 1;
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
                // A directory: an existing one, one per input, or a path ending in `/`.
                Some(dir)
                    if dir.is_dir()
                        || dir_per_input
                        || dir.as_os_str().to_string_lossy().ends_with(['/', '\\']) =>
                {
                    write_csv_tables(ex, &dir, &opts)
                }
                t => write_to(t.as_deref(), |w| {
                    phuluc_csv::write_flat(ex, w, &opts).map_err(|e| e.to_string())
                }),
            }
        }
        Format::Sql | Format::Sqlite => write_all(args, std::slice::from_ref(ex)),
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

/// Writes through `write` to `target` atomically, or to standard output.
fn write_to(
    target: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<(), String>,
) -> Result<(), Failure> {
    match target {
        Some(path) => match output::resolve(path).map_err(|e| Failure::write(path, e))? {
            // A regular file (or a new one, or the file a link points to): replaced atomically.
            Target::File(real) => {
                let mut file = AtomicFile::create(&real).map_err(|e| Failure::write(path, e))?;
                write(&mut file).map_err(|e| Failure::write(path, e))?;
                file.commit().map_err(|e| Failure::write(path, e))
            }
            // A device, FIFO or socket: written through, never replaced.
            Target::Stream(real) => {
                let mut w = output::open_stream(&real).map_err(|e| Failure::write(path, e))?;
                write(&mut w).map_err(|e| Failure::write(path, e))?;
                w.flush().map_err(|e| Failure::write(path, e))
            }
            Target::Dir(_) => Err(Failure::write(path, "it is a directory")),
        },
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            write(&mut lock).map_err(|e| Failure::write(Path::new("<stdout>"), e))?;
            lock.flush()
                .map_err(|e| Failure::write(Path::new("<stdout>"), e))
        }
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
