//! Regression testing of phuluc outputs, as a feature of the product.
//!
//! - [`diff`]: a record-level diff of two extractions keyed by (table, section, STT) — records
//!   added and removed, cells changed (with a word diff), normalized values, review flags,
//!   warnings — behind `phuluc diff`; [`render`] prints it for a person.
//! - [`score`]: an extraction against a [`truth`] file, with the metrics of the project's
//!   reference scorer (`tests/reference/score.py`), ported exactly.
//! - [`harness`]: a fixture directory (`x.pdf`, `x.expected.json`, `x.truth.json`) checked
//!   document by document, behind `phuluc check` (`docs/regression.md`).
//!
//! Everything here is a pure function of `phuluc_model::Extraction`s and truths; the harness
//! takes the extraction as a function, so this crate does not depend on the pipeline.

pub mod diff;
pub mod harness;
pub mod render;
pub mod score;
pub mod seqmatch;
pub mod text;
pub mod truth;
pub mod words;

pub use diff::{diff, Diff};
pub use harness::{check_dir, CheckOptions, Outcome, Report, Status};
pub use score::{exact_mismatches, score, Score};
pub use truth::Truth;
