//! The truth format (`docs/truth-format.md`): what a person checked a document's table says.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use std::path::Path;

/// Why a truth file could not be used; names the file.
#[derive(Debug, thiserror::Error)]
pub enum TruthError {
    #[error("{file}: cannot read the truth file: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: not a truth file: {source}")]
    Invalid {
        file: String,
        #[source]
        source: serde_json::Error,
    },
}

/// A truth file: the document's metadata, its columns and one row per numbered table row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Truth {
    /// title, plan_number, issued_on, issuer, province, period_start, period_end (not scored).
    #[serde(default)]
    pub document: Value,
    /// The table's columns in order: `{field, header}`; `field` is a contract field name or
    /// `extra:<header>`.
    pub columns: Vec<TruthColumn>,
    pub rows: Vec<TruthRow>,
}

/// One column of the truth.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TruthColumn {
    pub field: String,
    #[serde(default)]
    pub header: String,
}

/// One numbered row: its key, each field's text exactly as printed, and optionally the
/// normalized values.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TruthRow {
    /// The printed row number (a string; a number is read as its decimal text).
    #[serde(default)]
    pub stt: Value,
    /// The section number ("I", "A"), "" before the first section.
    #[serde(default)]
    pub section: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_title: Option<String>,
    /// The 0-based table index, for documents with several tables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective_start: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_start: Option<bool>,
    /// Present (even as `null`) when the truth states normalized values for the row.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub norm: Option<Value>,
    /// Every other key: the cell texts by field name (`objective`, `extra:Địa điểm` …).
    #[serde(flatten)]
    pub cells: Map<String, Value>,
}

/// Keeps `"key": null` apart from a missing key.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

impl Truth {
    /// Reads a truth file.
    pub fn from_path(path: &Path) -> Result<Truth, TruthError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| TruthError::Read {
            file: file.clone(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|source| TruthError::Invalid { file, source })
    }

    /// Whether any row names its table (then records are matched by table, section and STT).
    pub fn multi_table(&self) -> bool {
        self.rows.iter().any(|r| r.table.is_some())
    }

    /// The scored fields: every column's field but `stt`, in column order.
    pub fn fields(&self) -> Vec<&str> {
        self.columns
            .iter()
            .map(|c| c.field.as_str())
            .filter(|f| *f != "stt")
            .collect()
    }
}

impl TruthRow {
    /// A field's text (as the scorer reads it: a missing or null value is "").
    pub fn text(&self, field: &str) -> String {
        self.cells.get(field).map(py_text).unwrap_or_default()
    }
}

/// A JSON value as the scorer turns it into text: strings as they are, `{"text": …}` objects
/// by their text, null as "", other values as Python's `str()` prints them.
pub fn py_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::Object(m) => m.get("text").map(py_text).unwrap_or_default(),
        Value::Array(_) => v.to_string(),
    }
}
