//! The whole extraction of one PDF: the JSON contract's top level.

use crate::{AgencyEntry, Column, PageLayout, Record, Warning};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The schema tag written at the top of every JSON output.
pub const SCHEMA: &str = "phuluc/1";

/// The file the extraction came from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct SourceFile {
    /// The path as given on the command line (or a name chosen by the caller).
    pub file: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Page count of the PDF.
    pub pages: u32,
}

/// The plan period in whole years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Period {
    pub start: i32,
    pub end: i32,
}

/// Metadata read from the title block above the table. Every field may be missing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct DocumentMeta {
    /// The plan's own title where the document shows it ("KẾ HOẠCH Cải cách hành chính …"),
    /// else the appendix heading.
    pub title: Option<String>,
    /// The heading printed between the "Phụ lục" line and the "(Kèm theo …)" line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appendix_title: Option<String>,
    /// "402/KH-UBND".
    pub plan_number: Option<String>,
    /// ISO date of issue.
    pub issued_on: Option<String>,
    /// "UBND tỉnh Bắc Giang".
    pub issuer: Option<String>,
    pub province: Option<String>,
    /// The province `province` belongs to now (or at the `--as-of` date) after the 2025
    /// reorganisation ("Bắc Giang" → "Bắc Ninh"), filled in by the normalizer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province_now: Option<String>,
    pub period: Option<Period>,
}

/// One table of the document (an appendix may hold several: "Biểu mẫu 1 …", "Phụ lục I / II").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Table {
    /// 0-based position in `tables`; records name their table by it.
    pub index: usize,
    /// The heading printed just above the table, when there is one.
    pub title: Option<String>,
    /// The table's own columns, left to right.
    pub columns: Vec<Column>,
    /// The pages the table spans.
    pub pages: Vec<u32>,
}

/// Everything phuluc extracted from one PDF (schema `phuluc/1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Extraction {
    /// The contract's version tag: `phuluc/1`.
    #[schemars(extend("const" = "phuluc/1"))]
    pub schema: String,
    pub source: SourceFile,
    pub document: DocumentMeta,
    /// The first table's columns (kept for consumers of single-table documents; every table's
    /// columns are in `tables`).
    pub columns: Vec<Column>,
    /// Every table of the document, in order.
    #[serde(default)]
    pub tables: Vec<Table>,
    pub records: Vec<Record>,
    /// Every agency the normalizer resolved, with the spellings seen (empty before normalizing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agencies: Vec<AgencyEntry>,
    pub warnings: Vec<Warning>,
    /// How each page's table was read (not part of the JSON; drawn by the review report).
    #[serde(skip)]
    pub layouts: Vec<PageLayout>,
}

impl Extraction {
    /// How many records need review.
    pub fn records_needing_review(&self) -> usize {
        self.records.iter().filter(|r| r.review.needed).count()
    }

    /// Every agency of the extraction, as the exporters store it: the `agencies` list first
    /// (the first entry wins on a repeated id; spellings deduplicated), then any id linked from
    /// a record's `lead`/`partners` that the list lacks, in order of first mention, named after
    /// that mention and with the spellings seen.
    pub fn agency_table(&self) -> Vec<AgencyEntry> {
        let mut rows: Vec<AgencyEntry> = Vec::new();
        for a in &self.agencies {
            if rows.iter().all(|r| r.id != a.id) {
                let mut spellings: Vec<String> = Vec::new();
                for s in &a.spellings {
                    if !spellings.contains(s) {
                        spellings.push(s.clone());
                    }
                }
                rows.push(AgencyEntry {
                    valid_from: None,
                    valid_to: None,
                    successors: Vec::new(),
                    current_id: None,
                    source: None,
                    spellings,
                    ..a.clone()
                });
            }
        }
        let listed = rows.len();
        for rec in &self.records {
            for cell in [&rec.lead, &rec.partners].into_iter().flatten() {
                for m in cell.agencies.iter().flatten() {
                    match rows.iter().position(|r| r.id == m.id) {
                        Some(i) if i >= listed => {
                            if !rows[i].spellings.contains(&m.mention) {
                                rows[i].spellings.push(m.mention.clone());
                            }
                        }
                        Some(_) => {}
                        None => rows.push(AgencyEntry {
                            valid_from: None,
                            valid_to: None,
                            successors: Vec::new(),
                            current_id: None,
                            source: None,
                            id: m.id.clone(),
                            name: m.name.clone(),
                            kind: m.kind,
                            spellings: vec![m.mention.clone()],
                        }),
                    }
                }
            }
        }
        rows
    }

    pub fn new(source: SourceFile) -> Self {
        Extraction {
            schema: SCHEMA.to_string(),
            source,
            document: DocumentMeta::default(),
            columns: Vec::new(),
            tables: Vec::new(),
            records: Vec::new(),
            agencies: Vec::new(),
            warnings: Vec::new(),
            layouts: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AgencyCell, AgencyKind, AgencyMention};

    fn mention(text: &str, id: &str) -> AgencyMention {
        AgencyMention {
            current_id: None,
            succession_source: None,
            mention: text.into(),
            id: id.into(),
            name: text.into(),
            kind: AgencyKind::Department,
        }
    }

    #[test]
    fn agency_table_lists_then_adds_linked_ids() {
        let mut ex = Extraction::new(SourceFile::default());
        let entry = |id: &str, spellings: &[&str]| AgencyEntry {
            valid_from: None,
            valid_to: None,
            successors: Vec::new(),
            current_id: None,
            source: None,
            id: id.into(),
            name: id.into(),
            kind: AgencyKind::Department,
            spellings: spellings.iter().map(|s| s.to_string()).collect(),
        };
        ex.agencies = vec![
            entry("a", &["A", "A"]),
            entry("a", &["other"]),
            entry("b", &["B"]),
        ];
        let cell = |ms: Vec<AgencyMention>| {
            Some(AgencyCell {
                lines: Vec::new(),
                text: String::new(),
                agencies: Some(ms),
            })
        };
        ex.records.push(crate::Record {
            lead: cell(vec![mention("A2", "a"), mention("C", "c")]),
            partners: cell(vec![mention("C2", "c"), mention("C", "c")]),
            ..Default::default()
        });
        let table = ex.agency_table();
        let ids: Vec<&str> = table.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(
            ids,
            ["a", "b", "c"],
            "listed first (repeats dropped), then linked"
        );
        assert_eq!(
            table[0].spellings,
            ["A"],
            "listed spellings deduplicated, not extended"
        );
        assert_eq!(
            table[2].spellings,
            ["C", "C2"],
            "an unlisted id gathers its mentions"
        );
    }
}
