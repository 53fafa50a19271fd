//! The JSON Schema of the `phuluc/1` contract, generated from the types of this crate (their
//! serde attributes are the contract, their doc comments the descriptions). Shipped as
//! `docs/phuluc-1.schema.json` and printed by `phuluc schema`; the tests hold the shipped file
//! equal to [`json_schema_text`] and every fixture's output valid against it.

use crate::Extraction;

/// The schema's `$id`.
pub const SCHEMA_ID: &str = "https://example.invalid/phuluc/phuluc-1.schema.json";

/// The JSON Schema (draft 2020-12) of an [`Extraction`], the `phuluc/1` document.
pub fn json_schema() -> schemars::Schema {
    let mut schema = schemars::schema_for!(Extraction);
    schema.insert("$id".into(), SCHEMA_ID.into());
    schema.insert(
        "title".into(),
        "phuluc/1: the appendix table of a Vietnamese government plan, as records".into(),
    );
    schema
}

/// [`json_schema`] as pretty JSON with a final newline: the text of the shipped file.
pub fn json_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&json_schema()).unwrap_or_default();
    text.push('\n');
    text
}
