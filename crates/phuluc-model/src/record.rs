//! Records: one per numbered table row, with every cell's text and provenance.

use crate::{AgencyMention, BBox, Date, Recurrence, Review};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The meaning of a table column, found from its header's words.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Stt,
    Objective,
    Task,
    Activity,
    Output,
    Lead,
    Partners,
    Timeline,
    Budget,
    Note,
    /// A column whose header is not in the vocabulary; its cells go to `Record::extra`.
    Extra,
}

impl Field {
    /// Every field, in the canonical order of the contract.
    pub const ALL: [Field; 11] = [
        Field::Stt,
        Field::Objective,
        Field::Task,
        Field::Activity,
        Field::Output,
        Field::Lead,
        Field::Partners,
        Field::Timeline,
        Field::Budget,
        Field::Note,
        Field::Extra,
    ];

    /// The JSON name of the field.
    pub fn as_str(&self) -> &'static str {
        match self {
            Field::Stt => "stt",
            Field::Objective => "objective",
            Field::Task => "task",
            Field::Activity => "activity",
            Field::Output => "output",
            Field::Lead => "lead",
            Field::Partners => "partners",
            Field::Timeline => "timeline",
            Field::Budget => "budget",
            Field::Note => "note",
            Field::Extra => "extra",
        }
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One column of the table as found in the header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Column {
    /// 0-based position from the left.
    pub index: usize,
    /// Header text as printed (lines joined like cell text).
    pub header: String,
    pub field: Field,
}

/// A section row ("I" + "Cải cách thể chế") that groups the records below it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Section {
    pub number: String,
    pub title: String,
}

/// A plain text cell.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct TextCell {
    pub text: String,
}

/// A cell that starts with its own label ("3.1: Hoạt động 1: …"), whose code is parsed out.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct CodedCell {
    /// The label's code ("3.1"), when the text starts with one.
    pub code: Option<String>,
    pub text: String,
    /// Whether this record is the first row the (possibly merged) cell covers.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub starts_here: bool,
}

fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}

/// A lead or partners cell; `agencies` is filled in by the normalizer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct AgencyCell {
    pub text: String,
    /// The cell's printed lines, as the parser read them (not part of the JSON): they tell
    /// the normalizer where a list written one agency per line, without separators, breaks.
    /// Empty when unknown (a cell built by hand or read back from JSON).
    #[serde(skip)]
    pub lines: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agencies: Option<Vec<AgencyMention>>,
}

/// Two cells are equal when their text and agencies are: `lines` is the parser's working
/// detail and does not survive JSON.
impl PartialEq for AgencyCell {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.agencies == other.agencies
    }
}
impl Eq for AgencyCell {}

/// A timeline cell; the structured values are filled in by the normalizer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct TimelineCell {
    pub text: String,
    /// Inclusive first day, when known.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "computed"
    )]
    pub start: Option<Option<Date>>,
    /// Inclusive last day, when known.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "computed"
    )]
    pub end: Option<Option<Date>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "computed"
    )]
    pub recurrence: Option<Option<Recurrence>>,
}

/// A budget cell; `million_vnd` is filled in by the normalizer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct BudgetCell {
    pub text: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "computed"
    )]
    pub million_vnd: Option<Option<f64>>,
}

/// Reads a value the normalizer computed: present (even `null`, "computed but unknown") is
/// `Some`, a missing key (not computed) stays `None` through `default`.
fn computed<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// Where one piece of a cell was printed (PDF: its page and box) or written (Word: its table,
/// row and cell in the document's XML; `page` is then 0 and `bbox` empty, and both are left out
/// of the JSON).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct CellSource {
    #[serde(default, skip_serializing_if = "is_zero")]
    pub page: u32,
    #[serde(default, skip_serializing_if = "is_empty_box")]
    pub bbox: BBox,
    /// Word input: the `w:tc` the piece was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docx: Option<DocxCell>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_empty_box(b: &BBox) -> bool {
    *b == BBox::default()
}

/// A cell of a Word document: `table` is the table's index among the document body's top-level
/// tables, `row` the row's index among that table's `w:tr` elements, `cell` the cell's index
/// among that row's `w:tc` elements (all 0-based, in document order; deleted rows counted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct DocxCell {
    pub table: usize,
    pub row: usize,
    pub cell: usize,
}

/// Provenance of a record: the pages it spans and, per field, the boxes of its cell pieces
/// (a cell cut by a page break has one box per page).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct RecordSource {
    pub pages: Vec<u32>,
    pub cells: BTreeMap<String, Vec<CellSource>>,
    /// Where the record's text was read when not from the PDF's visible text: the origin of
    /// any of its cells (`ocr` wins over `deciphered`, which wins over `ocr-layer`). Absent
    /// for born-digital text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<TextOrigin>,
    /// Per field (the keys of `cells`), the cells whose text came from OCR: how, and how sure.
    /// Absent for born-digital text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ocr: BTreeMap<String, OcrText>,
}

/// Where a cell's text was read from, when not from the PDF's visible text layer.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum TextOrigin {
    /// An invisible text layer (text render mode 3) that an OCR tool laid over a scanned page.
    #[serde(rename = "ocr-layer")]
    OcrLayer,
    /// A visible text layer that lies (a broken ToUnicode map decodes the printed letters to
    /// others), its letters re-mapped with a key learned from phuluc's OCR of the page.
    #[serde(rename = "deciphered")]
    Deciphered,
    /// phuluc's own OCR of the page image.
    #[serde(rename = "ocr")]
    Ocr,
}

impl TextOrigin {
    /// The JSON name.
    pub fn as_str(&self) -> &'static str {
        match self {
            TextOrigin::OcrLayer => "ocr-layer",
            TextOrigin::Deciphered => "deciphered",
            TextOrigin::Ocr => "ocr",
        }
    }
}

/// How one cell's text was read by OCR.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OcrText {
    pub origin: TextOrigin,
    /// Mean confidence (0–100, as the OCR engine reports it) of the cell's words; `null` when
    /// unknown — always so for an OCR text layer, whose PDF does not carry the tool's
    /// confidence.
    pub confidence: Option<f64>,
}

/// One numbered row of the table, with merged cells (section, objective, task …) inherited.
///
/// Fields whose column the document lacks are `None` and omitted from the JSON.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Record {
    /// Index into `tables` of the table the record belongs to.
    #[serde(default)]
    pub table: usize,
    /// The printed row number without its trailing dot ("1", "12").
    pub stt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<Section>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<CodedCell>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<CodedCell>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<CodedCell>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<TextCell>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<AgencyCell>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partners: Option<AgencyCell>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<TimelineCell>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<BudgetCell>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<TextCell>,
    /// Cells of columns with unknown headers, keyed by header text.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, TextCell>,
    pub source: RecordSource,
    /// Whether a person should check this record before trusting it, and why.
    #[serde(default)]
    pub review: Review,
}

impl Record {
    /// The cell text of a field, if the record has that field.
    pub fn text(&self, field: Field) -> Option<&str> {
        match field {
            Field::Stt => Some(&self.stt),
            Field::Objective => self.objective.as_ref().map(|c| c.text.as_str()),
            Field::Task => self.task.as_ref().map(|c| c.text.as_str()),
            Field::Activity => self.activity.as_ref().map(|c| c.text.as_str()),
            Field::Output => self.output.as_ref().map(|c| c.text.as_str()),
            Field::Lead => self.lead.as_ref().map(|c| c.text.as_str()),
            Field::Partners => self.partners.as_ref().map(|c| c.text.as_str()),
            Field::Timeline => self.timeline.as_ref().map(|c| c.text.as_str()),
            Field::Budget => self.budget.as_ref().map(|c| c.text.as_str()),
            Field::Note => self.note.as_ref().map(|c| c.text.as_str()),
            Field::Extra => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_not_computed_survive_a_round_trip() {
        let cells = [
            TimelineCell {
                text: "x".into(),
                start: Some(None),
                end: Some(Date::new(2025, 12, 31)),
                recurrence: None,
            },
            TimelineCell::default(),
        ];
        for cell in cells {
            let json = serde_json::to_string(&cell).unwrap_or_default();
            let back: Option<TimelineCell> = serde_json::from_str(&json).ok();
            assert_eq!(back.as_ref(), Some(&cell), "{json}");
        }
        let budget = BudgetCell {
            text: String::new(),
            million_vnd: Some(None),
        };
        let json = serde_json::to_string(&budget).unwrap_or_default();
        assert_eq!(json, r#"{"text":"","million_vnd":null}"#);
        let back: Option<BudgetCell> = serde_json::from_str(&json).ok();
        assert_eq!(back, Some(budget));
    }
}
