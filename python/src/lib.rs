//! The native half of the `phuluc` Python package (`phuluc._native`): the pipeline behind
//! three calls, with the GIL released while documents are read. The Python half
//! (`py/phuluc/__init__.py`) turns their results into Python objects and exceptions.
//!
//! * `extract(path, normalize, password)` → `(json, None, None)` or `(None, kind, message)`:
//!   one document as the phuluc/1 JSON text, or why it failed (`kind` names the error:
//!   `read`, `not_pdf`, `damaged`, `encrypted`, `wrong_password`, `no_text_layer`, `no_table`,
//!   `limit_exceeded`, `internal`, `unsupported`, `word_damaged`, `word_encrypted`,
//!   `needs_converter`: `phuluc::Error::kind`).
//! * `extract_many(paths, normalize, password, jobs)` → a list of such triples, in the order
//!   of `paths`, read by `jobs` workers (`phuluc::batch`, default: the cores).
//! * `flat_columns()`: the flat CSV's fixed columns (`phuluc_csv::RECORD_COLUMNS`).
//! * `flat_table(json)` → `(columns, rows)`: the flat CSV's header and rows of one phuluc/1
//!   document (`phuluc_csv::flat_header` / `flat_rows`), for `to_pandas`.

use phuluc::Options;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::ops::ControlFlow;
use std::path::PathBuf;

type Outcome = (Option<String>, Option<&'static str>, Option<String>);

fn options(normalize: bool, password: Option<String>) -> Options {
    let mut o = Options {
        password,
        ..Options::default()
    };
    if !normalize {
        o.registry = None;
    }
    o
}

fn run(path: &PathBuf, options: &Options) -> Outcome {
    match phuluc::extract_file_bounded(path, options) {
        Ok(ex) => match phuluc_json::to_string(&ex, phuluc_json::Layout::Compact) {
            Ok(json) => (Some(json), None, None),
            Err(e) => (None, Some("internal"), Some(e.to_string())),
        },
        Err(e) => (None, Some(e.kind()), Some(e.to_string())),
    }
}

#[pyfunction]
#[pyo3(signature = (path, normalize = true, password = None))]
fn extract(py: Python<'_>, path: PathBuf, normalize: bool, password: Option<String>) -> Outcome {
    let options = options(normalize, password);
    py.allow_threads(|| run(&path, &options))
}

#[pyfunction]
#[pyo3(signature = (paths, normalize = true, password = None, jobs = None))]
fn extract_many(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    normalize: bool,
    password: Option<String>,
    jobs: Option<usize>,
) -> PyResult<Vec<Outcome>> {
    let options = options(normalize, password);
    let jobs = jobs.unwrap_or_else(phuluc::batch::default_jobs);
    if jobs == 0 {
        return Err(PyValueError::new_err("jobs must be at least 1"));
    }
    py.allow_threads(|| {
        let mut out: Vec<Outcome> = Vec::with_capacity(paths.len());
        phuluc::batch::for_each_ordered(
            jobs,
            paths.len(),
            |i| run(&paths[i], &options),
            |_, r| {
                out.push(r);
                ControlFlow::Continue(())
            },
        )
        .map(|()| out)
        .map_err(|e| PyValueError::new_err(format!("cannot start {jobs} workers: {e}")))
    })
}

#[pyfunction]
fn flat_table(py: Python<'_>, json: String) -> PyResult<(Vec<String>, Vec<Vec<String>>)> {
    py.allow_threads(|| {
        let ex = phuluc_json::from_str(&json).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok((phuluc_csv::flat_header(&ex), phuluc_csv::flat_rows(&ex)))
    })
}

#[pyfunction]
fn flat_columns() -> Vec<&'static str> {
    phuluc_csv::RECORD_COLUMNS.to_vec()
}

#[pyfunction]
fn schema_json() -> String {
    phuluc::model::schema::json_schema_text()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_many, m)?)?;
    m.add_function(wrap_pyfunction!(flat_table, m)?)?;
    m.add_function(wrap_pyfunction!(schema_json, m)?)?;
    m.add_function(wrap_pyfunction!(flat_columns, m)?)?;
    Ok(())
}
