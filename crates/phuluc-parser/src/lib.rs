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
//! - [`account`]: every glyph of the table's pages in a cell, page furniture or a warning.
//! - [`grid`]: one page's table: header, columns, rows, cells (merged cells from missing borders).
//! - [`stitch`]: pages joined: repeated headers dropped, rows and merged cells cut by page breaks
//!   continued.
//! - [`rules`]: borders from rules: dashes joined, doubled lines merged, marks dropped.
//! - [`records`]: sections, inherited merged cells, label codes, provenance.
//! - [`plausible`]: each column's content checked against its field; a better mapping tried.
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

pub mod account;
pub mod grid;
pub mod meta;
pub mod plausible;
pub mod records;
pub mod rules;
pub mod settings;
pub mod stitch;
pub mod text;
pub mod vocab;

use phuluc_model::{
    BBox, Column, DocumentMeta, Page, PageLayout, Record, ReviewCode, RowBand, Table, Warning,
    WarningCode,
};
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
    /// Every table of the document.
    pub tables: Vec<Table>,
    /// How each table page was read.
    pub layouts: Vec<PageLayout>,
}

/// Builds the table page by page, so a document never has to be held whole.
#[derive(Debug, Clone)]
pub struct TableExtractor {
    settings: TableSettings,
    layout: Option<grid::Layout>,
    table: stitch::LogicalTable,
    title_lines: Option<Vec<String>>,
    table_pages: Vec<u32>,
    warnings: Vec<Warning>,
    ledger: account::Ledger,
    layouts: Vec<PageLayout>,
}

impl TableExtractor {
    pub fn new(settings: TableSettings) -> Self {
        TableExtractor {
            settings,
            layout: None,
            table: stitch::LogicalTable::default(),
            title_lines: None,
            table_pages: Vec::new(),
            warnings: Vec::new(),
            ledger: account::Ledger::default(),
            layouts: Vec::new(),
        }
    }

    /// Reads one page. Pages must come in document order.
    pub fn push_page(&mut self, page: &Page) {
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
            self.ledger.page_without_table(page, &self.settings.text);
            return;
        };
        if self.title_lines.is_none() {
            self.title_lines = Some(grid.above.iter().map(|l| l.text.clone()).collect());
        }
        self.table.push(&grid, &self.settings);
        self.table_pages.push(page.number);
        self.ledger.table_page(page, &grid, &self.settings.text);
        self.conserve(page, &grid);
        self.layouts.push(page_layout(page, &grid));
        self.layout = Some(grid.layout);
    }

    /// The run-time check that no glyph of a table page is lost: every character is in a cell
    /// piece, the header, furniture, a warning, or text held back for a later decision.
    fn conserve(&mut self, page: &Page, grid: &grid::PageGrid) {
        let acc = self.ledger.pages.get(&page.number);
        let header: Vec<&phuluc_model::Glyph> = page
            .glyphs
            .iter()
            .zip(&grid.placements)
            .filter(|(_, p)| **p == grid::Placement::Header)
            .map(|(g, _)| g)
            .collect();
        let below: Vec<&phuluc_model::Glyph> = page
            .glyphs
            .iter()
            .zip(&grid.placements)
            .filter(|(_, p)| **p == grid::Placement::Below)
            .map(|(g, _)| g)
            .collect();
        let header_text = text::lines_of(&header, &self.settings.text);
        let below_text = text::lines_of(&below, &self.settings.text);
        let taken = grid
            .cells
            .iter()
            .map(|c| c.text.as_str())
            .chain(header_text.iter().map(|l| l.text.as_str()))
            .chain(below_text.iter().map(|l| l.text.as_str()))
            .chain(
                acc.into_iter()
                    .flat_map(|a| a.furniture.iter().map(|f| f.text.as_str())),
            )
            .chain(
                acc.into_iter()
                    .flat_map(|a| a.warnings.iter().filter_map(|w| w.text.as_deref())),
            )
            .chain(grid.warnings.iter().filter_map(|w| w.text.as_deref()));
        if let Some(w) = account::check_conservation(page, taken) {
            self.warnings.push(w);
        }
    }

    /// Finishes the table and gives its records.
    pub fn finish(mut self) -> ParsedTable {
        self.ledger.finish();
        let verdict = plausible::check(&self.table);
        let mut mismatch_warnings = Vec::new();
        for m in &verdict.mismatches {
            let header = self
                .table
                .headers
                .get(m.column)
                .cloned()
                .unwrap_or_default();
            mismatch_warnings.push(Warning::new(
                WarningCode::ColumnMismatch,
                format!(
                    "column {} ({header:?}, read as {}) mostly holds {}: {:.0}% of its cells fit its field{}",
                    m.column + 1,
                    m.field,
                    m.looks_like,
                    m.fit * 100.0,
                    if verdict.remapped.is_some() {
                        "; the columns were remapped to the fields their content fits"
                    } else {
                        ""
                    }
                ),
            ));
        }
        if let Some(fields) = &verdict.remapped {
            self.table.fields = fields.clone();
        }
        let (mut records, row_record) = records::records_of(&self.table);
        if !verdict.mismatches.is_empty() {
            let fields: Vec<String> = verdict
                .mismatches
                .iter()
                .map(|m| m.field.to_string())
                .collect();
            for r in &mut records {
                r.review.flag(
                    ReviewCode::ColumnMismatch,
                    None,
                    format!(
                        "the table's column(s) {} do not hold what their headers say{}",
                        fields.join(", "),
                        if verdict.remapped.is_some() {
                            "; fields were remapped by content"
                        } else {
                            ""
                        }
                    ),
                );
            }
        }
        let columns = records::columns(&self.table);
        let document = meta::document_meta(self.title_lines.as_deref().unwrap_or(&[]));
        let mut warnings = self.warnings;
        warnings.extend(self.table.warnings.iter().cloned());
        warnings.extend(mismatch_warnings);
        let mut pages: Vec<u32> = self.ledger.pages.keys().copied().collect();
        pages.sort_unstable();
        for p in &pages {
            if let Some(acc) = self.ledger.pages.get_mut(p) {
                warnings.append(&mut acc.warnings);
            }
        }
        // Row bands → records, for the layouts and to place warnings near their records.
        for layout in &mut self.layouts {
            if let Some(acc) = self.ledger.pages.get_mut(&layout.page) {
                layout.furniture.append(&mut acc.furniture);
            }
        }
        for b in &self.table.bands {
            let rec = b.row.and_then(|r| row_record.get(r).copied().flatten());
            if let Some(layout) = self.layouts.iter_mut().find(|l| l.page == b.page) {
                if let Some(band) = layout
                    .rows
                    .iter_mut()
                    .find(|r| (r.top - b.top).abs() < 1e-6 && (r.bottom - b.bottom).abs() < 1e-6)
                {
                    band.record = rec;
                    band.continuation = b.continuation;
                }
            }
        }
        flag_unassigned(&mut records, &mut warnings, &self.layouts);
        warnings.sort_by_key(|w| w.page.unwrap_or(0));
        let table = Table {
            index: 0,
            title: None,
            columns: columns.clone(),
            pages: self.table_pages.clone(),
        };
        ParsedTable {
            document,
            columns,
            records,
            warnings,
            table_pages: self.table_pages,
            tables: vec![table],
            layouts: self.layouts,
        }
    }
}

/// The layout of one table page, for people checking the records (record indices are filled
/// in when the table is finished).
fn page_layout(page: &Page, grid: &grid::PageGrid) -> PageLayout {
    let b = &grid.layout.bounds;
    let (left, right) = (
        b.first().copied().unwrap_or(0.0),
        b.last().copied().unwrap_or(0.0),
    );
    PageLayout {
        page: page.number,
        size: (page.width, page.height),
        table: 0,
        area: BBox::new(left, grid.header_top, right, grid.bottom).rounded(),
        header: grid
            .has_header
            .then(|| BBox::new(left, grid.header_top, right, grid.header_bottom).rounded()),
        column_edges: b.clone(),
        column_fields: grid
            .layout
            .fields
            .iter()
            .zip(&grid.layout.headers)
            .map(|(f, h)| match f {
                phuluc_model::Field::Extra => format!("extra:{h}"),
                f => f.as_str().to_string(),
            })
            .collect(),
        rows: grid
            .rows
            .iter()
            .map(|&(top, bottom)| RowBand {
                top,
                bottom,
                record: None,
                continuation: false,
            })
            .collect(),
        furniture: Vec::new(),
    }
}

/// Flags the record whose row band holds (or lies nearest to) each piece of unassigned text
/// and each word cut at a column line, and ties the warning to it.
fn flag_unassigned(records: &mut [Record], warnings: &mut [Warning], layouts: &[PageLayout]) {
    for w in warnings.iter_mut() {
        let code = match w.code {
            WarningCode::UnassignedText => ReviewCode::UnassignedText,
            WarningCode::TextAcrossColumns => ReviewCode::TextAcrossColumns,
            _ => continue,
        };
        let (Some(page), Some(bbox)) = (w.page, w.bbox) else {
            continue;
        };
        let Some(layout) = layouts.iter().find(|l| l.page == page) else {
            continue;
        };
        let y = bbox.center_y();
        let nearest = layout
            .rows
            .iter()
            .filter_map(|r| {
                let d = if y < r.top {
                    r.top - y
                } else if y > r.bottom {
                    y - r.bottom
                } else {
                    0.0
                };
                r.record.map(|rec| (d, rec))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, rec)) = nearest {
            if let Some(r) = records.get_mut(rec) {
                let message = match code {
                    ReviewCode::UnassignedText => format!(
                        "text near this record on page {page} is in no cell: {:?}",
                        w.text.as_deref().unwrap_or("")
                    ),
                    _ => w.message.clone(),
                };
                r.review.flag(code, None, message);
                w.record = Some(rec);
            }
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
