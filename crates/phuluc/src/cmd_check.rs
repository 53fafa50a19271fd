//! `phuluc diff` and `phuluc check`: the command-line side of the `phuluc-check` crate.

use clap::ValueEnum;
use phuluc::output::AtomicFile;
use phuluc::{extract_file_bounded, Options};
use phuluc_check::harness::{self, CheckOptions};
use phuluc_check::render::{self, Style};
use phuluc_model::Extraction;
use phuluc_normalize::Registry;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const DIFF_EXIT_CODES: &str = "\
Exit codes:
  0   the two are equal (source.file and the derived `agencies` list are not compared)
  1   they differ
  2   bad command line
  3-9 an input could not be read or, for a PDF, extracted (the codes of `phuluc extract`)
  11  the agency registry file (--agencies) is invalid
  14  an input is JSON but not a phuluc/1 output (13 is `extract --strict`)
  70  internal error (a bug: please report it with the files)";

pub const CHECK_EXIT_CODES: &str = "\
Exit codes:
  0   every document passed (with --update: every change accepted, none regressed)
  1   some document is new or changed against its expected output, none regressed:
      review the differences shown, then accept them with --update
  2   bad command line, or no documents in DIR
  3   a regression: a document scores worse against its truth than its expected output
      did (with --exact: is not exactly its truth), could not be extracted, or a file
      beside it could not be read or written
  10  the --junit file could not be written
  11  the agency registry file (--agencies) is invalid
  70  internal error (a bug: please report it)";

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    fn style(self) -> Style {
        let color = match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        Style { color }
    }
}

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// The old output: a phuluc/1 JSON file, or a PDF (extracted first).
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The new output: a phuluc/1 JSON file, or a PDF (extracted first).
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// Print the diff as JSON (for machines).
    #[arg(long)]
    json: bool,
    /// Colour the human output: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// An agency registry (TOML) for extracting PDF inputs; repeatable.
    #[arg(long, value_name = "FILE")]
    agencies: Vec<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The fixture directory: x.pdf, x.expected.json and optionally x.truth.json
    /// (docs/regression.md).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Accept the new outputs: write x.expected.json for every new or changed document.
    #[arg(long)]
    update: bool,
    /// Also write the results as JUnit XML to FILE (for CI systems).
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// A document with a truth must match it exactly (cells, merged-cell starts, section
    /// titles, normalized values), not only score as well as its expected output.
    #[arg(long)]
    exact: bool,
    /// Documents extracted at once (default: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    jobs: usize,
    /// Lines of differences shown per document.
    #[arg(long, value_name = "N", default_value_t = 20)]
    limit: usize,
    /// Colour the output: auto, always, never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// An agency registry (TOML) that extends or overrides the built-in one; repeatable.
    #[arg(long, value_name = "FILE")]
    agencies: Vec<PathBuf>,
}

fn options(agencies: &[PathBuf]) -> Result<Options, ExitCode> {
    let mut registry = Registry::builtin();
    for path in agencies {
        registry = registry.with_overlay(path).map_err(|e| {
            eprintln!("phuluc: error: {e}");
            ExitCode::from(11)
        })?;
    }
    Ok(Options {
        registry: Some(registry),
        ..Options::without_registry()
    })
}

/// A document's own settings file in a fixture directory, read as `--settings` would be:
/// `NAME.settings.toml` beside `NAME.pdf`, or `settings.toml` in a folder per document
/// (`real/<doc>/doc.pdf`) — for documents that need an escape hatch (docs/regression.md).
fn settings_beside(path: &Path) -> Option<std::path::PathBuf> {
    let stem = path.file_stem()?.to_str()?;
    let dir = path.parent()?;
    [format!("{stem}.settings.toml"), "settings.toml".to_string()]
        .into_iter()
        .map(|name| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// A JSON output as it is, or a PDF extracted.
fn load(path: &Path, options: &Options) -> Result<Extraction, ExitCode> {
    let bytes = std::fs::read(path).map_err(|e| {
        eprintln!(
            "phuluc: error: {}: cannot read the file: {e}",
            path.display()
        );
        ExitCode::from(3)
    })?;
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
    if first == Some(b'{') {
        let text = String::from_utf8_lossy(&bytes);
        return phuluc_json::from_str(&text).map_err(|e| {
            eprintln!(
                "phuluc: error: {}: not a phuluc/1 output: {e}",
                path.display()
            );
            ExitCode::from(14)
        });
    }
    let ex = extract_file_bounded(path, options).map_err(|e| {
        eprintln!("phuluc: error: {e}");
        ExitCode::from(e.exit_code())
    })?;
    phuluc_check::diff::json_form(&ex).map_err(|e| {
        eprintln!("phuluc: error: {}: internal error: {e}", path.display());
        ExitCode::from(70)
    })
}

pub fn run_diff(args: DiffArgs) -> ExitCode {
    let options = match options(&args.agencies) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let (old, new) = match (load(&args.old, &options), load(&args.new, &options)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let d = phuluc_check::diff(&old, &new);
    let text = if args.json {
        match d.to_json() {
            Ok(t) => t,
            Err(e) => {
                eprintln!("phuluc: error: cannot write the diff: {e}");
                return ExitCode::from(70);
            }
        }
    } else {
        let style = args.color.style();
        let mut t = render::render(&d, &style, usize::MAX);
        t.push_str(&format!(
            "{} → {}: {}\n",
            args.old.display(),
            args.new.display(),
            render::summary_line(&d)
        ));
        t
    };
    let mut out = std::io::stdout().lock();
    if out
        .write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
    {
        return ExitCode::from(10);
    }
    ExitCode::from(if d.equal { 0 } else { 1 })
}

pub fn run_check(args: CheckArgs) -> ExitCode {
    let options = match options(&args.agencies) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let check = CheckOptions {
        update: args.update,
        exact: args.exact,
        jobs: args.jobs,
    };
    let extract = |p: &Path| match settings_beside(p) {
        None => extract_file_bounded(p, &options).map_err(|e| e.to_string()),
        Some(file) => {
            let table = options
                .table
                .clone()
                .with_file(&file)
                .map_err(|e| e.to_string())?;
            let own = Options {
                table,
                ..options.clone()
            };
            extract_file_bounded(p, &own).map_err(|e| e.to_string())
        }
    };
    let report = match harness::check_dir(&args.dir, &["pdf"], &check, extract) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("phuluc: error: {e}");
            return ExitCode::from(2);
        }
    };
    let text = report.render(&args.color.style(), args.limit);
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
    if let Some(path) = &args.junit {
        let written = AtomicFile::create(path).and_then(|mut f| {
            f.write_all(report.junit().as_bytes())?;
            f.commit()
        });
        if let Err(e) = written {
            eprintln!(
                "phuluc: error: {}: cannot write the JUnit report: {e}",
                path.display()
            );
            return ExitCode::from(10);
        }
    }
    ExitCode::from(report.exit_code())
}
