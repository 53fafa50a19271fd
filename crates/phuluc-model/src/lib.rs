//! Domain types shared by every phuluc stage.
//!
//! Data flows one way through the pipeline, and each stage speaks in these types:
//!
//! ```text
//! PDF bytes ──phuluc-pdf──▶ Page (Glyph, Rule)
//!           ──phuluc-parser──▶ Extraction { columns, records: Vec<Record>, warnings }
//!           ──phuluc-normalize──▶ the same Extraction with structured values filled in
//!           ──phuluc-json / csv / sql──▶ bytes
//! ```
//!
//! Coordinates everywhere are PDF points with the origin at the page's top-left corner and `y`
//! growing downwards (as pdfplumber reports them), so a bounding box is `[x0, top, x1, bottom]`.
//!
//! The [`Extraction`] type *is* the JSON contract (schema [`SCHEMA`]): its serde attributes are
//! the documented field names (see `docs/json-contract.md`), so changing a field here is a
//! breaking change of the contract.

pub mod document;
pub mod geometry;
pub mod layout;
pub mod normalized;
pub mod record;
pub mod review;
pub mod schema;
pub mod warning;

pub use document::{DocumentMeta, Extraction, Period, SourceFile, Table, SCHEMA};
pub use geometry::{BBox, Glyph, Page, Rule, RuleKind};
pub use layout::{Furniture, FurnitureKind, PageLayout, RowBand};
pub use normalized::{AgencyEntry, AgencyKind, AgencyMention, Date, Recurrence};
pub use record::{
    AgencyCell, BudgetCell, CellSource, CodedCell, Column, DocxCell, Field, OcrText, Record,
    RecordSource, Section, TextCell, TextOrigin, TimelineCell,
};
pub use review::{Review, ReviewCode, ReviewReason};
pub use warning::{Warning, WarningCode};
