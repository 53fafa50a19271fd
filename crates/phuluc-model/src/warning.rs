//! Warnings: anything a stage recovered from, guessed, or could not place.
//!
//! Every glyph of a table lands in exactly one cell or in a warning, so a warning carries where
//! it happened (page, box) and what text was involved.

use crate::BBox;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Machine-readable warning kinds (serialized in snake_case; new codes may be added).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// Text inside the table area that no cell took.
    UnassignedText,
    /// Continuation text at the top of a page with no row above it to continue.
    OrphanContinuation,
    /// A content stream could not be read to its end; the rest of the page was skipped.
    ContentTruncated,
    /// A font could not be decoded to Unicode; its glyphs were given U+FFFD or a guess.
    FontDecoding,
    /// Damage in the file that was repaired (xref rebuilt, stream length fixed …).
    RecoveredDamage,
    /// A table row without an STT number: its text was appended to the row above.
    RowWithoutNumber,
    /// A header column whose wording is not in the vocabulary; kept under `extra`.
    UnknownColumn,
    /// A page inside the table's page range where no table was found.
    PageWithoutTable,
    /// An agency mention that the registry does not know.
    UnresolvedAgency,
    /// A timeline text the normalizer did not understand.
    UnparsedTimeline,
    /// A budget text the normalizer did not understand.
    UnparsedBudget,
    /// A column whose content mostly does not fit the field its header names.
    ColumnMismatch,
    /// Two records of one table and section with the same STT.
    DuplicateNumber,
    /// A body cell spanning several columns; its text was given to each field it covers.
    SpanningCell,
    /// A word printed across a column line was cut between the cells on either side.
    TextAcrossColumns,
    /// A page whose text was read by OCR: from its invisible OCR text layer, or by phuluc's
    /// OCR of its image (the message says which, and what was found in the image).
    OcrText,
    /// Anything else.
    Other,
}

/// One warning of the extraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
    /// 1-based page, where the warning is about a place on a page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Index of the record (0-based, in `records`) the warning concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<usize>,
    /// Where on the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<BBox>,
    /// The text involved (unassigned glyphs, the unresolved mention …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Warning {
    pub fn new(code: WarningCode, message: impl Into<String>) -> Self {
        Warning {
            code,
            message: message.into(),
            page: None,
            record: None,
            bbox: None,
            text: None,
        }
    }
    pub fn on_page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }
    pub fn at(mut self, bbox: BBox) -> Self {
        self.bbox = Some(bbox.rounded());
        self
    }
    pub fn for_record(mut self, record: usize) -> Self {
        self.record = Some(record);
        self
    }
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }
}
