//! The `phuluc` command: `phuluc extract INPUT.pdf… [-o OUT] [-f json|csv|sql|sqlite]`.

use clap::{Parser, Subcommand, ValueEnum};
use phuluc::output::AtomicFile;
use phuluc::{extract_file_bounded, Error, Options};
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
  2   bad command line
  3   an input could not be read (missing file, permission)
  4   an input is not a PDF
  5   an input is a PDF damaged beyond repair
  6   an input is encrypted and needs --password (or the password is wrong)
  7   an input has no text layer (a scan: run OCR first)
  8   no appendix table was found in an input
  9   a safety limit was exceeded (file size, pages, decompressed bytes, operators …)
  10  the output could not be written
  11  the agency registry file (--agencies) is invalid
  12  several inputs, and some of them failed (each is reported; the others were written)
  13  --strict, and some records need review (everything was written; see review.reasons)
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
}

#[derive(clap::Args, Debug)]
struct ExtractArgs {
    /// PDF files to read.
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

    /// SQL dialect of -f sql.
    #[arg(long, value_enum, default_value_t = SqlDialect::Sqlite)]
    dialect: SqlDialect,

    /// CSV for Excel: UTF-8 with a byte-order mark and CRLF line ends.
    #[arg(long)]
    excel: bool,

    /// JSON on one line (for JSON Lines streams).
    #[arg(long)]
    compact: bool,

    /// An agency registry (TOML) that extends or overrides the built-in one; repeatable.
    #[arg(long, value_name = "FILE")]
    agencies: Vec<PathBuf>,

    /// Skip normalization: raw cell text only (no agencies, dates or amounts).
    #[arg(long)]
    no_normalize: bool,

    /// Password of an encrypted PDF.
    #[arg(long, value_name = "PASSWORD")]
    password: Option<String>,

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
    Usage(String),
}

impl Failure {
    fn exit_code(&self) -> u8 {
        match self {
            Failure::Extract(e) => e.exit_code(),
            Failure::Write { .. } => 10,
            Failure::Registry(_) => 11,
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
    });
    run.unwrap_or_else(|panic| {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!("phuluc: error: internal error (a bug: please report it): {detail}");
        ExitCode::from(70)
    })
}

fn run_extract(args: ExtractArgs) -> ExitCode {
    let options = match options(&args) {
        Ok(o) => o,
        Err(f) => return fail(&f),
    };
    if let Err(f) = check_outputs(&args) {
        return fail(&f);
    }
    let several = args.inputs.len() > 1;
    // json and csv with several inputs write one output per input as each completes.
    let per_input = several && matches!(args.format, Format::Json | Format::Csv);
    let mut done: Vec<Extraction> = Vec::new();
    let mut failures: Vec<Failure> = Vec::new();
    for input in &args.inputs {
        match extract_file_bounded(input, &options) {
            Ok(ex) => {
                if !args.quiet {
                    for w in &ex.warnings {
                        let page = w.page.map(|p| format!(" (page {p})")).unwrap_or_default();
                        eprintln!("phuluc: warning: {}{page}: {}", ex.source.file, w.message);
                    }
                    eprintln!(
                        "phuluc: {}: {}",
                        ex.source.file,
                        phuluc::review_summary(&ex)
                    );
                }
                // Per-input outputs are written as each input completes.
                if per_input {
                    if let Err(f) = write_one(&args, &ex, true) {
                        eprintln!("phuluc: error: {f}");
                        failures.push(f);
                        continue;
                    }
                }
                done.push(ex);
            }
            Err(e) => {
                eprintln!("phuluc: error: {e}");
                failures.push(e.into());
            }
        }
    }
    if !per_input && !done.is_empty() {
        let res = if several {
            write_all(&args, &done)
        } else {
            write_one(&args, &done[0], false)
        };
        if let Err(f) = res {
            eprintln!("phuluc: error: {f}");
            return ExitCode::from(f.exit_code());
        }
    }
    let unsure = done.iter().any(|ex| ex.records_needing_review() > 0);
    match failures.len() {
        0 if args.strict && unsure => ExitCode::from(13),
        0 => ExitCode::SUCCESS,
        _ if several && !done.is_empty() => ExitCode::from(12),
        _ => ExitCode::from(failures.last().map_or(1, Failure::exit_code)),
    }
}

fn fail(f: &Failure) -> ExitCode {
    eprintln!("phuluc: error: {f}");
    ExitCode::from(f.exit_code())
}

fn options(args: &ExtractArgs) -> Result<Options, Failure> {
    let mut options = Options {
        password: args.password.clone(),
        ..Options::default()
    };
    if let Some(mb) = args.max_file_mb {
        options.limits.max_file_bytes =
            usize::try_from(mb.saturating_mul(1 << 20)).unwrap_or(usize::MAX);
    }
    if let Some(n) = args.max_pages {
        options.limits.max_pages = n;
    }
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
                .map_err(|e| Failure::Registry(e.to_string()))?;
        }
        options.registry = Some(registry);
    }
    Ok(options)
}

/// Refuses combinations that cannot be written, before any input is read.
fn check_outputs(args: &ExtractArgs) -> Result<(), Failure> {
    let several = args.inputs.len() > 1;
    match (args.format, &args.output) {
        (Format::Sqlite, None) => Err(Failure::Usage("-f sqlite needs -o FILE.db".into())),
        (Format::Json | Format::Csv, Some(out)) if several && !out.is_dir() => {
            Err(Failure::Usage(format!(
                "{}: with several inputs, -o must be an existing directory",
                out.display()
            )))
        }
        (Format::Json | Format::Csv, None) if several => Err(Failure::Usage(
            "with several inputs, give -o DIR (one output per input)".into(),
        )),
        _ => Ok(()),
    }
}

/// Writes one extraction where the arguments say (in `dir_per_input` mode, into the -o
/// directory under the input's name).
fn write_one(args: &ExtractArgs, ex: &Extraction, dir_per_input: bool) -> Result<(), Failure> {
    let target: Option<PathBuf> = match (&args.output, dir_per_input) {
        (Some(dir), true) => {
            let stem = Path::new(&ex.source.file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            Some(match args.format {
                Format::Csv => dir.join(&stem),
                _ => dir.join(format!("{stem}.json")),
            })
        }
        (o, _) => o.clone(),
    };
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
                Some(dir) if dir.is_dir() || dir_per_input => write_csv_tables(ex, &dir, &opts),
                t => write_to(t.as_deref(), |w| {
                    phuluc_csv::write_flat(ex, w, &opts).map_err(|e| e.to_string())
                }),
            }
        }
        Format::Sql | Format::Sqlite => write_all(args, std::slice::from_ref(ex)),
    }
}

/// Writes one CSV table of an extraction.
type TableWriter =
    fn(&Extraction, &mut AtomicFile, &phuluc_csv::CsvOptions) -> Result<(), phuluc_csv::CsvError>;

/// Writes every extraction into one SQL script or SQLite database.
fn write_all(args: &ExtractArgs, done: &[Extraction]) -> Result<(), Failure> {
    let refs: Vec<&Extraction> = done.iter().collect();
    match args.format {
        Format::Sql => {
            let dialect = match args.dialect {
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
            // Update a copy of the database and rename it into place only when complete.
            let file = AtomicFile::create(path).map_err(|e| Failure::write(path, e))?;
            if path.exists() {
                std::fs::copy(path, file.temp_path()).map_err(|e| Failure::write(path, e))?;
            }
            phuluc_sql::write_sqlite_many(&refs, file.temp_path())
                .map_err(|e| Failure::write(path, e))?;
            file.commit().map_err(|e| Failure::write(path, e))
        }
        Format::Json | Format::Csv => Err(Failure::Usage(
            "json and csv write one output per input".into(),
        )),
    }
}

fn write_csv_tables(
    ex: &Extraction,
    dir: &Path,
    opts: &phuluc_csv::CsvOptions,
) -> Result<(), Failure> {
    std::fs::create_dir_all(dir).map_err(|e| Failure::write(dir, e))?;
    let tables: [(&str, TableWriter); 3] = [
        ("records.csv", |e, w, o| {
            phuluc_csv::write_records_table(e, w, o)
        }),
        ("agencies.csv", |e, w, o| {
            phuluc_csv::write_agencies_table(e, w, o)
        }),
        ("record_agencies.csv", |e, w, o| {
            phuluc_csv::write_record_agencies_table(e, w, o)
        }),
    ];
    // All three are written before any is renamed into place.
    let mut files = Vec::new();
    for (name, write) in tables {
        let path = dir.join(name);
        let mut f = AtomicFile::create(&path).map_err(|e| Failure::write(&path, e))?;
        write(ex, &mut f, opts).map_err(|e| Failure::write(&path, e))?;
        files.push((path, f));
    }
    for (path, f) in files {
        f.commit().map_err(|e| Failure::write(&path, e))?;
    }
    Ok(())
}

/// Writes through `write` to `target` atomically, or to standard output.
fn write_to(
    target: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<(), String>,
) -> Result<(), Failure> {
    match target {
        Some(path) => {
            let mut file = AtomicFile::create(path).map_err(|e| Failure::write(path, e))?;
            write(&mut file).map_err(|e| Failure::write(path, e))?;
            file.commit().map_err(|e| Failure::write(path, e))
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            write(&mut lock).map_err(|e| Failure::write(Path::new("<stdout>"), e))?;
            lock.flush()
                .map_err(|e| Failure::write(Path::new("<stdout>"), e))
        }
    }
}
