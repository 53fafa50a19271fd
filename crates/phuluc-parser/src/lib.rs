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
//! - [`cells`]: the other front end: tables given as cell grids (Word), read into the same
//!   logical tables, then the same records.
//! - [`account`]: every glyph of the table's pages in a cell, page furniture or a warning.
//! - [`grid`]: one page's table: header, columns, rows, cells (merged cells from missing borders).
//! - [`header`]: a header band's cells → each column's header path (multi-level headers).
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
pub mod cells;
pub mod grid;
pub mod header;
pub mod meta;
pub mod plausible;
pub mod records;
pub mod rules;
pub mod settings;
pub mod stitch;
pub mod text;
pub mod vocab;

use phuluc_model::{
    BBox, Column, DocumentMeta, Field, Page, PageLayout, Record, ReviewCode, RowBand, Table,
    Warning, WarningCode,
};
pub use settings::{Flavor, SettingsError, TableSettings};
pub use vocab::{Vocabulary, VocabularyError};

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
    /// When no table was found: the most header-like row seen (for the "no table" error).
    pub header_sighting: Option<grid::HeaderSighting>,
}

/// One table of the document as it is being read.
#[derive(Debug, Clone, Default)]
struct TableState {
    table: stitch::LogicalTable,
    /// The heading printed just above the table.
    title: Option<String>,
    pages: Vec<u32>,
}

/// Builds the tables page by page, so a document never has to be held whole.
#[derive(Debug, Clone)]
pub struct TableExtractor {
    settings: TableSettings,
    layout: Option<grid::Layout>,
    /// The tables read so far; the last is the one being read.
    tables: Vec<TableState>,
    title_lines: Option<Vec<String>>,
    /// The plan's own title from the document's first page (`None` until a page was read).
    plan_title: Option<Option<String>>,
    /// The issuer printed in the first page's letterhead.
    letterhead: Option<(String, String)>,
    table_pages: Vec<u32>,
    warnings: Vec<Warning>,
    ledger: account::Ledger,
    layouts: Vec<PageLayout>,
    /// While no table is found: the most header-like row seen so far.
    sighting: Option<grid::HeaderSighting>,
}

/// Where a new table's heading was found.
#[derive(Debug, Clone, Copy, PartialEq)]
enum NewTable {
    /// Above its header on this page (or it has none).
    Here,
    /// Below the previous table at the foot of the page before.
    HeadingOnPreviousPage,
}

/// A page cut to the band `top..bottom` (glyphs by their centre, rules clipped).
/// How far above a table's bottom the part of the page below it keeps rules: the border the
/// two share (its thickness and drawing offsets).
const SHARED_BORDER: f64 = 1.0;

fn crop(page: &Page, top: f64, bottom: f64) -> Page {
    crop_with_rules_from(page, top, bottom, top)
}

/// [`crop`], with the rules kept from `rules_top` (above `top`: the border the part below
/// shares with the part above, which is its header's top border).
fn crop_with_rules_from(page: &Page, top: f64, bottom: f64, rules_top: f64) -> Page {
    Page {
        glyphs: page
            .glyphs
            .iter()
            .filter(|g| {
                let y = g.bbox.center_y();
                y >= top && y < bottom
            })
            .cloned()
            .collect(),
        rules: page
            .rules
            .iter()
            .filter_map(|r| {
                let mut r = *r;
                r.bbox.top = r.bbox.top.max(rules_top);
                r.bbox.bottom = r.bbox.bottom.min(bottom);
                (r.bbox.bottom >= r.bbox.top).then_some(r)
            })
            .collect(),
        ..page.clone()
    }
}

/// Whether a row label starts a numbering ("1", "I", "A", "a)").
fn starts_numbering(label: &str) -> bool {
    let t = label.trim().trim_end_matches(['.', ')']).to_lowercase();
    matches!(t.as_str(), "1" | "i" | "a" | "01")
}

impl TableExtractor {
    pub fn new(settings: TableSettings) -> Self {
        TableExtractor {
            settings,
            layout: None,
            tables: Vec::new(),
            title_lines: None,
            plan_title: None,
            letterhead: None,
            table_pages: Vec::new(),
            warnings: Vec::new(),
            ledger: account::Ledger::default(),
            layouts: Vec::new(),
            sighting: None,
        }
    }

    /// Reads one page. Pages must come in document order. Pages outside the settings' page
    /// ranges are skipped; with a settings area, only what lies inside it is the table's.
    pub fn push_page(&mut self, page: &Page) {
        if !self.settings.reads_page(page.number) {
            return;
        }
        if self.plan_title.is_none() {
            let lines = meta::page_lines(page, &self.settings);
            self.plan_title = Some(meta::plan_title(&lines));
            self.letterhead = meta::letterhead_issuer(&lines);
        }
        match self.settings.area {
            Some(area) => {
                let inside = |b: &BBox| area.contains(b.center_x(), b.center_y());
                let cropped = Page {
                    glyphs: page
                        .glyphs
                        .iter()
                        .filter(|g| inside(&g.bbox))
                        .cloned()
                        .collect(),
                    rules: page
                        .rules
                        .iter()
                        .filter(|r| inside(&r.bbox))
                        .cloned()
                        .collect(),
                    ..page.clone()
                };
                self.push_readable_page(&cropped);
            }
            None => self.push_readable_page(page),
        }
    }

    fn push_readable_page(&mut self, page: &Page) {
        let found = grid::find_grid(page, self.layout.as_ref(), &self.settings).or_else(|| {
            // The row the previous page cut may go on here with nothing to mark it.
            let prev = self.layout.as_ref()?;
            let after_full_page = page
                .number
                .checked_sub(1)
                .is_some_and(|p| self.ledger.ran_to_foot(p));
            after_full_page
                .then(|| grid::find_unlabelled_continuation(page, prev, &self.settings))
                .flatten()
        });
        let Some(grid) = found else {
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
            let aligned = self
                .layout
                .as_ref()
                .is_some_and(|l| grid::text_aligned_to(page, l, &self.settings));
            self.ledger
                .page_without_table(page, aligned, &self.settings.text);
            if self.tables.is_empty() {
                self.note_sighting(page);
            }
            return;
        };
        // Another header further down: a second table, or the header repeated mid-page. The
        // part above it is read on its own, then the rest from where that table ends.
        if let Some(next) = grid.next_header {
            let upper = crop(page, f64::NEG_INFINITY, next);
            if let Some(first) = grid::find_grid(&upper, self.layout.as_ref(), &self.settings) {
                let cut = first.bottom + 0.5;
                let upper = crop(page, f64::NEG_INFINITY, cut);
                // The first table's bottom border is often the next header's top border.
                let lower =
                    crop_with_rules_from(page, cut, f64::INFINITY, first.bottom - SHARED_BORDER);
                if lower.glyphs.len() < page.glyphs.len() {
                    if let Some(first) =
                        grid::find_grid(&upper, self.layout.as_ref(), &self.settings)
                    {
                        self.push_grid(&upper, first);
                        self.push_readable_page(&lower);
                        return;
                    }
                }
            }
        }
        self.push_grid(page, grid);
    }

    /// Keeps the most header-like row of a page without a table (the first of the most fields).
    fn note_sighting(&mut self, page: &Page) {
        if let Some(seen) = grid::header_sighting(page, &self.settings) {
            let more = |best: &grid::HeaderSighting| seen.fields.len() > best.fields.len();
            if self.sighting.as_ref().is_none_or(more) {
                self.sighting = Some(seen);
            }
        }
    }

    /// The heading printed right above a table: the block of lines directly over its header
    /// that are not page furniture.
    fn heading_of(&self, grid: &grid::PageGrid) -> Option<String> {
        let mut lines: Vec<&text::Line> = grid
            .above
            .iter()
            .filter(|l| !self.ledger.is_furniture_line(&l.text))
            .collect();
        lines.sort_by(|a, b| a.bbox.top.total_cmp(&b.bbox.top));
        let mut block: Vec<&text::Line> = Vec::new();
        let mut top = grid.header_top;
        for l in lines.iter().rev() {
            let gap = top - l.bbox.bottom;
            if gap > 2.0 * l.size.max(1.0) {
                break;
            }
            block.push(l);
            top = l.bbox.top;
        }
        if block.is_empty() {
            return None;
        }
        // A line right above that reads as a running header only because an earlier table's
        // heading looked alike once its digits were folded ("Biểu mẫu 1" / "Biểu mẫu 2") is
        // this table's heading when it begins like one.
        let mut furniture: Vec<&text::Line> = grid
            .above
            .iter()
            .filter(|l| l.bbox.bottom <= top + 0.5 && self.ledger.is_furniture_line(&l.text))
            .collect();
        furniture.sort_by(|a, b| b.bbox.top.total_cmp(&a.bbox.top));
        for l in furniture {
            if top - l.bbox.bottom > 2.0 * l.size.max(1.0)
                || !self.settings.vocabulary.begins_title(&l.text)
            {
                break;
            }
            block.push(l);
            top = l.bbox.top;
        }
        block.reverse();
        self.own_heading(block.iter().map(|l| l.text.as_str()))
    }

    /// The table's own heading among the lines right above it: a paragraph or the document's
    /// title may stand there too, so the heading runs from the last line that begins like one
    /// ("Biểu mẫu 3", "b) …"), or is every line when none does.
    fn own_heading<'a>(&self, lines: impl Iterator<Item = &'a str>) -> Option<String> {
        let mut lines: Vec<&str> = lines.collect();
        let vocab = &self.settings.vocabulary;
        if let Some(i) = lines.iter().rposition(|l| vocab.begins_title(l)) {
            lines.drain(..i);
        }
        (!lines.is_empty()).then(|| lines.join(" "))
    }

    /// Whether a page's grid starts a new table rather than continuing the current one: its
    /// columns differ; or its header is printed again and its numbering starts over where a
    /// heading stands above the header (on this page, or at the foot of the page before), or
    /// where the current table's last section already has that number.
    fn starts_new_table(&self, grid: &grid::PageGrid, page: u32) -> Option<NewTable> {
        let Some(current) = self.tables.last() else {
            return Some(NewTable::Here);
        };
        if !grid.has_header {
            return None;
        }
        // Other columns start a new table. The same columns start one only where the numbering
        // starts over (and, below, where a heading stands or the number is used already).
        let first_label = if current.table.fields != grid.layout.fields
            && !self.same_columns_misread(&current.table.fields, grid)
        {
            None
        } else {
            let stt = grid
                .layout
                .fields
                .iter()
                .position(|f| *f == Field::Stt)
                .unwrap_or(0);
            let label = (0..grid.rows.len())
                .filter_map(|r| grid.cell(r, stt))
                .map(|c| c.text.split_whitespace().next().unwrap_or("").to_string())
                .find(|t| !t.is_empty())?;
            if !starts_numbering(&label) {
                return None;
            }
            Some(label)
        };
        // Where the heading of a new table stands: above its header here, or at the foot of
        // the page before (this page's header then opens the page).
        if self.heading_of(grid).is_some() {
            return Some(NewTable::Here);
        }
        let above_empty = grid
            .above
            .iter()
            .all(|l| self.ledger.is_furniture_line(&l.text));
        if above_empty && self.ledger.heading_before(page).is_some() {
            return Some(NewTable::HeadingOnPreviousPage);
        }
        let Some(first_label) = first_label else {
            return Some(NewTable::Here);
        };
        let key = first_label.trim_end_matches(['.', ')']);
        let numbered_again = current
            .table
            .rows
            .iter()
            .rev()
            .take_while(|r| !r.merged_across && !grid::is_section_label(&r.label))
            .any(|r| r.label.trim_end_matches(['.', ')']) == key);
        numbered_again.then_some(NewTable::Here)
    }

    /// Whether a header that names other fields than the table's is the table's own header
    /// misread (an OCR'd "STT" read "SIT"): the same columns where they were (bounds within
    /// `join_tolerance` of the previous page's), and every column that differs is unnamed
    /// (`extra`) on one side, the others agreeing.
    fn same_columns_misread(&self, fields: &[Field], grid: &grid::PageGrid) -> bool {
        let Some(prev) = self.layout.as_ref() else {
            return false;
        };
        let tol = self.settings.join_tolerance;
        let aligned = prev.bounds.len() == grid.layout.bounds.len()
            && prev
                .bounds
                .iter()
                .zip(&grid.layout.bounds)
                .all(|(a, b)| (a - b).abs() <= tol);
        let new = &grid.layout.fields;
        aligned
            && fields.len() == new.len()
            && fields
                .iter()
                .zip(new)
                .all(|(a, b)| a == b || *a == Field::Extra || *b == Field::Extra)
            && fields
                .iter()
                .zip(new)
                .filter(|(a, b)| a == b && **a != Field::Extra)
                .count()
                * 2
                > fields.len()
    }

    fn push_grid(&mut self, page: &Page, grid: grid::PageGrid) {
        if let Some(start) = self.starts_new_table(&grid, page.number) {
            let title = match start {
                NewTable::Here => self.heading_of(&grid),
                NewTable::HeadingOnPreviousPage => {
                    let heading = self.ledger.heading_before(page.number);
                    self.ledger.take_heading();
                    heading.and_then(|h| self.own_heading(h.iter().map(String::as_str)))
                }
            };
            if !self.tables.is_empty() {
                self.ledger.start_table();
            }
            self.tables.push(TableState {
                title,
                ..Default::default()
            });
        }
        if self.title_lines.is_none() {
            self.title_lines = Some(grid.above.iter().map(|l| l.text.clone()).collect());
        }
        let index = self.tables.len() - 1;
        if let Some(state) = self.tables.last_mut() {
            state.table.push(&grid, &self.settings);
            if !state.pages.contains(&page.number) {
                state.pages.push(page.number);
            }
        }
        if !self.table_pages.contains(&page.number) {
            self.table_pages.push(page.number);
        }
        let assembled = self.ledger.table_page(page, &grid, &self.settings.text);
        self.conserve(page, &grid, &assembled);
        let mut layout = page_layout(page, &grid);
        layout.table = index;
        self.layouts.push(layout);
        self.layout = Some(grid.layout);
    }

    /// The run-time check that no glyph of a table page is lost: every character is in a cell
    /// piece, the lines above the table, the header or below-table lines the ledger assembled
    /// (`assembled`: furniture, or held back for a later decision), or a warning.
    fn conserve(&mut self, page: &Page, grid: &grid::PageGrid, assembled: &[String]) {
        let acc = self.ledger.pages.get(&page.number);
        let taken = grid
            .cells
            .iter()
            .map(|c| c.text.as_str())
            .chain(grid.above.iter().map(|l| l.text.as_str()))
            .chain(assembled.iter().map(String::as_str))
            .chain(grid.warnings.iter().filter_map(|w| w.text.as_deref()))
            .chain(
                acc.into_iter()
                    .flat_map(|a| a.warnings.iter().filter_map(|w| w.text.as_deref())),
            );
        if let Some(w) = account::check_conservation(page, taken) {
            self.warnings.push(w);
        }
    }

    /// Finishes the tables and gives their records.
    pub fn finish(mut self) -> ParsedTable {
        self.ledger.finish();
        let mut warnings = std::mem::take(&mut self.warnings);
        let (mut records, tables, row_records) =
            finish_tables(&mut self.tables, &self.settings, &mut warnings);
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
        for (ti, state) in self.tables.iter().enumerate() {
            for b in &state.table.bands {
                let rec = b.row.and_then(|r| {
                    row_records
                        .get(ti)
                        .and_then(|v| v.get(r))
                        .copied()
                        .flatten()
                });
                let band = self
                    .layouts
                    .iter_mut()
                    .filter(|l| l.page == b.page && l.table == ti)
                    .flat_map(|l| l.rows.iter_mut())
                    .find(|r| (r.top - b.top).abs() < 1e-6 && (r.bottom - b.bottom).abs() < 1e-6);
                if let Some(band) = band {
                    band.record = rec;
                    band.continuation = b.continuation;
                }
            }
        }
        flag_unassigned(&mut records, &mut warnings, &self.layouts);
        warnings.sort_by_key(|w| w.page.unwrap_or(0));
        let document = meta::document_meta_with_first_page(
            self.title_lines.as_deref().unwrap_or(&[]),
            self.plan_title.clone().flatten(),
            self.letterhead.take(),
        );
        let columns = tables
            .first()
            .map(|t| t.columns.clone())
            .unwrap_or_default();
        ParsedTable {
            document,
            columns,
            records,
            warnings,
            table_pages: self.table_pages,
            header_sighting: if self.tables.is_empty() {
                self.sighting
            } else {
                None
            },
            tables,
            layouts: self.layouts,
        }
    }
}

/// Every table's records (duplicate numbers flagged over all of them), the contract's tables,
/// and per table the record each logical row became (as an index into the records). Shared by
/// the PDF and Word front ends.
fn finish_tables(
    states: &mut [TableState],
    settings: &TableSettings,
    warnings: &mut Vec<Warning>,
) -> (Vec<Record>, Vec<Table>, Vec<Vec<Option<usize>>>) {
    let mut records: Vec<Record> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut row_records: Vec<Vec<Option<usize>>> = Vec::new();
    for (ti, state) in states.iter_mut().enumerate() {
        let (table_records, row_record, table_warnings) =
            finish_table(&mut state.table, settings, ti);
        let offset = records.len();
        row_records.push(
            row_record
                .into_iter()
                .map(|r| r.map(|i| i + offset))
                .collect(),
        );
        records.extend(table_records);
        warnings.extend(table_warnings);
        tables.push(Table {
            index: ti,
            title: state.title.clone(),
            columns: records::columns(&state.table),
            pages: state.pages.clone(),
        });
    }
    records::flag_duplicate_numbers(&mut records);
    records::flag_section_sequence(&mut records);
    (records, tables, row_records)
}

/// One table's records: its columns checked against their content (and remapped when another
/// mapping fits), then one record per numbered row, each naming the table.
fn finish_table(
    table: &mut stitch::LogicalTable,
    settings: &TableSettings,
    index: usize,
) -> (Vec<Record>, Vec<Option<usize>>, Vec<Warning>) {
    let verdict = plausible::check(table, &settings.vocabulary.content);
    let mut warnings: Vec<Warning> = table.warnings.clone();
    for m in &verdict.mismatches {
        let header = table.headers.get(m.column).cloned().unwrap_or_default();
        warnings.push(Warning::new(
            WarningCode::ColumnMismatch,
            format!(
                "table {}: column {} ({header:?}, read as {}) mostly holds {}: {:.0}% of its cells fit its field{}",
                index + 1,
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
        table.fields = fields.clone();
    }
    let (mut records, row_record) = records::records_of(table);
    for r in &mut records {
        r.table = index;
    }
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
    // A column whose header reads as nothing has no field and no name: whatever it holds is
    // filed under an empty key, and the column model itself is in doubt.
    let nameless: Vec<usize> = (0..table.fields.len())
        .filter(|&c| {
            table.fields[c] == Field::Extra
                && table.headers.get(c).is_none_or(|h| h.trim().is_empty())
        })
        .collect();
    if !nameless.is_empty() {
        let which: Vec<String> = nameless.iter().map(|c| (c + 1).to_string()).collect();
        let message = format!(
            "table {}: column(s) {} have no header text: their cells are kept under an empty name",
            index + 1,
            which.join(", ")
        );
        warnings.push(Warning::new(WarningCode::ColumnMismatch, message.clone()));
        for r in &mut records {
            r.review
                .flag(ReviewCode::ColumnMismatch, None, message.clone());
        }
    }
    (records, row_record, warnings)
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

/// A y far below any page, whose nearest row is a page's last.
const PAST_THE_PAGE: f64 = 1.0e9;

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
        // A page without a table (text the table may go on into, unread): the last row of
        // the nearest table page before it.
        let (layout, y) = match layouts.iter().find(|l| l.page == page) {
            Some(l) => (l, bbox.center_y()),
            None => match layouts
                .iter()
                .filter(|l| l.page < page && l.rows.iter().any(|r| r.record.is_some()))
                .max_by_key(|l| l.page)
            {
                Some(l) => (l, PAST_THE_PAGE),
                None => continue,
            },
        };
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
