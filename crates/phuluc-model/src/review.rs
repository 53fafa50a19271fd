//! The review flag: whether a record may be trusted as it is, and if not, why.
//!
//! The first rule of phuluc is that a record is right or flagged — never silently wrong. Every
//! stage that recovers, guesses or cannot place something attaches a [`ReviewReason`] to the
//! records it concerns; a record with at least one reason has `review.needed = true`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Machine-readable reasons for review (serialized in snake_case; new codes may be added).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ReviewCode {
    /// Text from a table row without a number was appended to this record.
    RowWithoutNumber,
    /// Text inside the table near this record that no cell took.
    UnassignedText,
    /// A column whose content does not fit the field it was mapped to.
    ColumnMismatch,
    /// Text continued from a page break that could not be placed with certainty.
    UncertainContinuation,
    /// A cell spanning several columns gave its text to each field it covers.
    SpanningCell,
    /// A word printed across a column line was cut between two cells.
    TextAcrossColumns,
    /// Another record of the same table and section has the same STT.
    DuplicateNumber,
    /// Damage repaired on one of the record's pages.
    RecoveredDamage,
    /// A page of the record had text that could not be decoded with certainty.
    FontDecoding,
    /// An agency mention the registry does not know.
    UnresolvedAgency,
    /// A timeline the normalizer did not understand.
    UnparsedTimeline,
    /// A budget the normalizer did not understand.
    UnparsedBudget,
    /// Text read by OCR with low confidence.
    LowConfidence,
    /// Anything else.
    Other,
}

impl ReviewCode {
    /// The JSON name of the code.
    pub fn as_str(&self) -> &'static str {
        match self {
            ReviewCode::RowWithoutNumber => "row_without_number",
            ReviewCode::UnassignedText => "unassigned_text",
            ReviewCode::ColumnMismatch => "column_mismatch",
            ReviewCode::UncertainContinuation => "uncertain_continuation",
            ReviewCode::SpanningCell => "spanning_cell",
            ReviewCode::TextAcrossColumns => "text_across_columns",
            ReviewCode::DuplicateNumber => "duplicate_number",
            ReviewCode::RecoveredDamage => "recovered_damage",
            ReviewCode::FontDecoding => "font_decoding",
            ReviewCode::UnresolvedAgency => "unresolved_agency",
            ReviewCode::UnparsedTimeline => "unparsed_timeline",
            ReviewCode::UnparsedBudget => "unparsed_budget",
            ReviewCode::LowConfidence => "low_confidence",
            ReviewCode::Other => "other",
        }
    }

    /// Whether the reason says the record's *structure* may be wrong (cells cut, merged or
    /// misplaced), as opposed to a value the normalizer could not resolve.
    pub fn is_structural(&self) -> bool {
        !matches!(
            self,
            ReviewCode::UnresolvedAgency
                | ReviewCode::UnparsedTimeline
                | ReviewCode::UnparsedBudget
        )
    }
}

impl std::fmt::Display for ReviewCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reason to review a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReviewReason {
    pub code: ReviewCode,
    /// The field concerned ("lead", "extra:Ghi chú"), when the reason is about one cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// A sentence for a person.
    pub message: String,
}

/// Whether a record needs a person's review, and why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Review {
    pub needed: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<ReviewReason>,
}

impl Review {
    /// Adds a reason (once: the same code, field and message are not repeated) and sets `needed`.
    pub fn flag(&mut self, code: ReviewCode, field: Option<&str>, message: impl Into<String>) {
        let reason = ReviewReason {
            code,
            field: field.map(str::to_string),
            message: message.into(),
        };
        if !self.reasons.contains(&reason) {
            self.reasons.push(reason);
        }
        self.needed = true;
    }

    /// Whether any reason has this code.
    pub fn has(&self, code: ReviewCode) -> bool {
        self.reasons.iter().any(|r| r.code == code)
    }

    /// The reasons' codes joined by ", " (for CSV and SQL columns and one-line summaries).
    pub fn codes(&self) -> String {
        let mut codes: Vec<&str> = Vec::new();
        for r in &self.reasons {
            if !codes.contains(&r.code.as_str()) {
                codes.push(r.code.as_str());
            }
        }
        codes.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_sets_needed_and_deduplicates() {
        let mut r = Review::default();
        assert!(!r.needed);
        r.flag(ReviewCode::ColumnMismatch, Some("lead"), "x");
        r.flag(ReviewCode::ColumnMismatch, Some("lead"), "x");
        r.flag(ReviewCode::UnresolvedAgency, None, "y");
        assert!(r.needed);
        assert_eq!(r.reasons.len(), 2);
        assert_eq!(r.codes(), "column_mismatch, unresolved_agency");
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains("\"code\":\"column_mismatch\""), "{json}");
    }
}
