//! How each page's table was read: the geometry behind the records, for people checking them.
//!
//! The parser records one [`PageLayout`] per page it read a table on (and per page it accounted
//! for). These are not part of the JSON contract; the review report (`phuluc review`) draws them
//! over the page so a person can see the table area, the header band, the column boundaries, the
//! row bands and the text that was set aside as page furniture or left unassigned.

use crate::BBox;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a piece of recognised page furniture is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FurnitureKind {
    /// A page number (top or bottom margin).
    PageNumber,
    /// A running header or footer repeated on the table's pages.
    RunningText,
    /// The table header repeated at the top of a continuation page.
    RepeatedHeader,
    /// Text above the table on its first page (the title block).
    TitleBlock,
    /// Text below the table on its last page (signatures, notes).
    AfterTable,
    /// Text between two tables or around a table that is not part of any.
    Prose,
}

/// A box of text on a page that belongs to no cell, and why that is right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Furniture {
    pub kind: FurnitureKind,
    pub bbox: BBox,
    pub text: String,
}

/// One row band of a page's table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RowBand {
    pub top: f64,
    pub bottom: f64,
    /// The record (index into `records`) the band's text went to, if any.
    pub record: Option<usize>,
    /// Whether the band continues a row begun on an earlier page.
    pub continuation: bool,
}

/// The table as read on one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PageLayout {
    /// 1-based page number.
    pub page: u32,
    /// Page size in points (width, height) as the glyphs' coordinates use it.
    pub size: (f64, f64),
    /// Index into `tables` of the table read on this page.
    pub table: usize,
    /// The table's area on the page.
    pub area: BBox,
    /// The header band (the first page's header, or its repeat), when the page has one.
    pub header: Option<BBox>,
    /// Column boundaries left to right (`columns + 1` values).
    pub column_edges: Vec<f64>,
    /// The field name of each column (`columns` values, "extra:<header>" outside the vocabulary).
    pub column_fields: Vec<String>,
    /// The body's row bands, top to bottom.
    pub rows: Vec<RowBand>,
    /// Text recognised as page furniture.
    pub furniture: Vec<Furniture>,
}
