//! JSON exporter: an [`Extraction`] in, the `phuluc/1` JSON document out (and back).
//!
//! The JSON is the contract other systems consume (see `docs/json-contract.md`): its field
//! names are the serde names of the `phuluc-model` types; this crate fixes how it is written
//! (UTF-8, no escaping of non-ASCII, pretty or compact, a final newline) and checks the schema
//! tag when reading one back.

use phuluc_model::{Extraction, SCHEMA};
use std::io::Write;

/// Why JSON could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    #[error("could not write JSON: {0}")]
    Write(#[source] std::io::Error),
    #[error("invalid phuluc JSON: {0}")]
    Invalid(#[source] serde_json::Error),
    #[error("unsupported schema {found:?} (this version reads {SCHEMA:?})")]
    Schema { found: String },
}

/// How to lay the JSON out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// Indented, one field a line (the default: diffs well, reads well).
    #[default]
    Pretty,
    /// One line (for JSON Lines streams and large batches).
    Compact,
}

/// Writes `extraction` as JSON followed by a newline.
pub fn write<W: Write>(
    extraction: &Extraction,
    mut out: W,
    layout: Layout,
) -> Result<(), JsonError> {
    let res = match layout {
        Layout::Pretty => serde_json::to_writer_pretty(&mut out, extraction),
        Layout::Compact => serde_json::to_writer(&mut out, extraction),
    };
    res.map_err(|e| match e.io_error_kind() {
        Some(kind) => JsonError::Write(std::io::Error::new(kind, e.to_string())),
        None => JsonError::Invalid(e),
    })?;
    out.write_all(b"\n").map_err(JsonError::Write)?;
    Ok(())
}

/// One line of a JSON Lines stream (`-f jsonl`): a record, with the document it came from.
#[derive(serde::Serialize)]
struct RecordLine<'a> {
    document: DocumentRef<'a>,
    #[serde(flatten)]
    record: &'a phuluc_model::Record,
}

/// Which document a JSON Lines record came from.
#[derive(serde::Serialize, Clone, Copy)]
struct DocumentRef<'a> {
    /// The SHA-256 of the input file (`source.sha256`): the document's id.
    id: &'a str,
    /// The input as it was given (`source.file`).
    file: &'a str,
}

/// Writes the records of `extraction` as JSON Lines: one compact record a line, each the
/// `phuluc/1` record with a `document` object first (`{"id": sha256, "file": path}`), so that
/// the records of a whole corpus stream into one file and each still says where it came from.
/// The document's other parts (metadata, columns, warnings) are not written.
pub fn write_records_jsonl<W: Write>(extraction: &Extraction, mut out: W) -> Result<(), JsonError> {
    let document = DocumentRef {
        id: &extraction.source.sha256,
        file: &extraction.source.file,
    };
    for record in &extraction.records {
        let line = RecordLine { document, record };
        serde_json::to_writer(&mut out, &line).map_err(|e| match e.io_error_kind() {
            Some(kind) => JsonError::Write(std::io::Error::new(kind, e.to_string())),
            None => JsonError::Invalid(e),
        })?;
        out.write_all(b"\n").map_err(JsonError::Write)?;
    }
    Ok(())
}

/// The JSON of `extraction` as a string.
pub fn to_string(extraction: &Extraction, layout: Layout) -> Result<String, JsonError> {
    let mut buf = Vec::new();
    write(extraction, &mut buf, layout)?;
    String::from_utf8(buf)
        .map_err(|e| JsonError::Write(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

/// Reads a `phuluc/1` JSON document back, refusing other schema versions.
pub fn from_str(text: &str) -> Result<Extraction, JsonError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(JsonError::Invalid)?;
    let found = value
        .get("schema")
        .and_then(|s| s.as_str())
        .unwrap_or("")
        .to_string();
    if found != SCHEMA {
        return Err(JsonError::Schema { found });
    }
    serde_json::from_value(value).map_err(JsonError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use phuluc_model::{AgencyCell, CodedCell, Record, Section, SourceFile};

    fn sample() -> Extraction {
        let mut ex = Extraction::new(SourceFile {
            file: "a.pdf".into(),
            sha256: "00".into(),
            pages: 2,
        });
        ex.records.push(Record {
            stt: "1".into(),
            section: Some(Section {
                number: "I".into(),
                title: "Cải cách thể chế".into(),
            }),
            activity: Some(CodedCell {
                code: Some("3.1".into()),
                text: "3.1: Hoạt động 1".into(),
                starts_here: true,
            }),
            lead: Some(AgencyCell {
                lines: Vec::new(),
                text: "Sở Tư pháp".into(),
                agencies: None,
            }),
            ..Default::default()
        });
        ex
    }

    #[test]
    fn round_trip_and_shape() {
        let ex = sample();
        let text = to_string(&ex, Layout::Pretty).unwrap_or_default();
        assert!(text.contains("\"schema\": \"phuluc/1\""));
        assert!(
            text.contains("Cải cách thể chế"),
            "non-ASCII is written as is"
        );
        assert!(
            !text.contains("\"objective\""),
            "fields the table lacks are omitted"
        );
        assert!(
            !text.contains("\"agencies\""),
            "not-normalized values are omitted"
        );
        assert!(text.ends_with("}\n"));
        let back = from_str(&text).ok();
        assert_eq!(back.as_ref(), Some(&ex));
        let compact = to_string(&ex, Layout::Compact).unwrap_or_default();
        assert_eq!(compact.lines().count(), 1);
    }

    #[test]
    fn json_lines_carry_their_document() {
        let mut ex = sample();
        let second = ex.records[0].clone();
        ex.records.push(Record {
            stt: "2".into(),
            ..second
        });
        let mut buf = Vec::new();
        write_records_jsonl(&ex, &mut buf).expect("jsonl");
        let text = String::from_utf8(buf).expect("utf-8");
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect();
        assert_eq!(lines.len(), 2);
        for (line, stt) in lines.iter().zip(["1", "2"]) {
            assert_eq!(line["document"]["id"], "00");
            assert_eq!(line["document"]["file"], "a.pdf");
            assert_eq!(line["stt"], stt);
            assert_eq!(line["section"]["title"], "Cải cách thể chế");
        }
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn other_schema_is_refused() {
        let text = to_string(&sample(), Layout::Compact)
            .unwrap_or_default()
            .replace("phuluc/1", "phuluc/2");
        assert!(matches!(from_str(&text), Err(JsonError::Schema { found }) if found == "phuluc/2"));
        assert!(matches!(from_str("{"), Err(JsonError::Invalid(_))));
    }
}
