//! The phuluc parser: page geometry in, table records out.
//!
//! Takes [`phuluc_model::Page`]s (glyphs and rules, as the `phuluc-pdf` crate gives them) one at
//! a time and gives the appendix table as [`phuluc_model::Record`]s, with the document metadata,
//! the columns and warnings:
//!
//! ```text
//! Page ──grid::find_grid──▶ PageGrid ──stitch::LogicalTable::push──▶ LogicalTable
//!      ──records::records──▶ Vec<Record>
//! ```
//!
//! - [`grid`]: one page's table: header, columns, rows, cells (merged cells from missing borders).
//! - [`stitch`]: pages joined: repeated headers dropped, rows and merged cells cut by page breaks
//!   continued.
//! - [`rules`]: borders from rules: dashes joined, doubled lines merged, marks dropped.
//! - [`records`]: sections, inherited merged cells, label codes, provenance.
//! - [`meta`]: the title block above the table → document metadata.
//! - [`text`]: glyphs → lines → cell text (reading order, hyphens, list items, NFC).
//! - [`vocab`]: header words → fields.
//!
//! Every tolerance is in [`TableSettings`]. Nothing here knows a particular document: columns
//! come from the header's words and the page's borders, rows from borders or row numbers.
//!
//! ```no_run
//! # fn pages() -> Vec<phuluc_model::Page> { Vec::new() }
//! let mut extractor = phuluc_parser::TableExtractor::new(Default::default());
//! for page in pages() {
//!     extractor.push_page(&page);
//! }
//! let table = extractor.finish();
//! println!("{} records", table.records.len());
//! ```

pub mod grid;
pub mod meta;
pub mod records;
pub mod rules;
pub mod settings;
pub mod stitch;
pub mod text;
pub mod vocab;

use phuluc_model::{Column, DocumentMeta, Page, Record, Warning, WarningCode};
pub use settings::TableSettings;

/// What the parser found in a document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedTable {
    pub document: DocumentMeta,
    pub columns: Vec<Column>,
    pub records: Vec<Record>,
    pub warnings: Vec<Warning>,
    /// Pages on which a table was found.
    pub table_pages: Vec<u32>,
}

/// Builds the table page by page, so a document never has to be held whole.
#[derive(Debug, Clone)]
pub struct TableExtractor {
    settings: TableSettings,
    layout: Option<grid::Layout>,
    table: stitch::LogicalTable,
    title_lines: Option<Vec<String>>,
    /// The plan's own title from the document's first page (`None` until a page was read).
    plan_title: Option<Option<String>>,
    table_pages: Vec<u32>,
    warnings: Vec<Warning>,
}

impl TableExtractor {
    pub fn new(settings: TableSettings) -> Self {
        TableExtractor {
            settings,
            layout: None,
            table: stitch::LogicalTable::default(),
            title_lines: None,
            plan_title: None,
            table_pages: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Reads one page. Pages must come in document order.
    pub fn push_page(&mut self, page: &Page) {
        if self.plan_title.is_none() {
            self.plan_title = Some(meta::plan_title(&meta::page_lines(page, &self.settings)));
        }
        let Some(grid) = grid::find_grid(page, self.layout.as_ref(), &self.settings) else {
            if self.layout.is_some() && page.glyphs.iter().any(|g| !g.text.trim().is_empty()) {
                self.warnings.push(
                    Warning::new(
                        WarningCode::PageWithoutTable,
                        format!(
                            "no table found on page {} after the table began",
                            page.number
                        ),
                    )
                    .on_page(page.number),
                );
            }
            return;
        };
        if self.title_lines.is_none() {
            self.title_lines = Some(grid.above.iter().map(|l| l.text.clone()).collect());
        }
        self.table.push(&grid, &self.settings);
        self.table_pages.push(page.number);
        self.layout = Some(grid.layout);
    }

    /// Finishes the table and gives its records.
    pub fn finish(self) -> ParsedTable {
        let records = records::records(&self.table);
        let columns = records::columns(&self.table);
        let document = meta::document_meta_with_plan_title(
            self.title_lines.as_deref().unwrap_or(&[]),
            self.plan_title.flatten(),
        );
        let mut warnings = self.warnings;
        warnings.extend(self.table.warnings.iter().cloned());
        warnings.sort_by_key(|w| w.page.unwrap_or(0));
        ParsedTable {
            document,
            columns,
            records,
            warnings,
            table_pages: self.table_pages,
        }
    }
}

/// Parses a whole document's pages at once.
pub fn parse_pages<'a>(
    pages: impl IntoIterator<Item = &'a Page>,
    settings: TableSettings,
) -> ParsedTable {
    let mut ex = TableExtractor::new(settings);
    for p in pages {
        ex.push_page(p);
    }
    ex.finish()
}
