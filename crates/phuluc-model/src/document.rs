//! The whole extraction of one PDF: the JSON contract's top level.

use crate::{AgencyEntry, Column, Record, Warning};
use serde::{Deserialize, Serialize};

/// The schema tag written at the top of every JSON output.
pub const SCHEMA: &str = "phuluc/1";

/// The file the extraction came from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SourceFile {
    /// The path as given on the command line (or a name chosen by the caller).
    pub file: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Page count of the PDF.
    pub pages: u32,
}

/// The plan period in whole years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: i32,
    pub end: i32,
}

/// Metadata read from the title block above the table. Every field may be missing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DocumentMeta {
    pub title: Option<String>,
    /// "402/KH-UBND".
    pub plan_number: Option<String>,
    /// ISO date of issue.
    pub issued_on: Option<String>,
    /// "UBND tỉnh Bắc Giang".
    pub issuer: Option<String>,
    pub province: Option<String>,
    pub period: Option<Period>,
}

/// Everything phuluc extracted from one PDF (schema `phuluc/1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub schema: String,
    pub source: SourceFile,
    pub document: DocumentMeta,
    pub columns: Vec<Column>,
    pub records: Vec<Record>,
    /// Every agency the normalizer resolved, with the spellings seen (empty before normalizing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agencies: Vec<AgencyEntry>,
    pub warnings: Vec<Warning>,
}

impl Extraction {
    pub fn new(source: SourceFile) -> Self {
        Extraction {
            schema: SCHEMA.to_string(),
            source,
            document: DocumentMeta::default(),
            columns: Vec::new(),
            records: Vec::new(),
            agencies: Vec::new(),
            warnings: Vec::new(),
        }
    }
}
