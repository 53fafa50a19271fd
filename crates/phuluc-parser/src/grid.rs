//! Table grid of one page: page geometry in, a [`PageGrid`] out. [`find_grid`] runs four
//! stages, one module each, data flowing one way:
//!
//! 1. **Header.** (`band.rs`) The header row is found from its words: phrases of the header vocabulary
//!    ([`crate::vocab`]) — "STT", "Mục tiêu", "Chủ trì" … possibly wrapped over several lines —
//!    at least [`TableSettings::min_header_fields`] distinct fields in one band. Its top and
//!    bottom come from the horizontal borders around it, or from its words.
//! 2. **Columns.** (`columns.rs`) Bounds come from vertical borders that cross the header. Where two header
//!    cells are not separated by a border (tables with horizontal rules only, or none), the
//!    bound is put in the white-space channel between them that the fewest body words cross,
//!    snapped to the end of a horizontal border segment when one lies there.
//! 3. **Rows.** (`rows.rs`) Row bounds are horizontal borders; a border missing over one column means the
//!    cell in that column continues (a vertical merge). Without borders, and where one ruled
//!    band holds several row numbers, rows start at the numbers of the STT column.
//! 4. **Cells.** (`assign.rs`) Every glyph between the header and the table's bottom lands in exactly one
//!    cell, by its centre; a glyph outside every column becomes a warning. A row that no
//!    interior vertical border crosses (or whose STT is a section label when there are no
//!    vertical borders) is one cell across the table: a section row.
//!
//! Stages 2 and 3 ask the strategies of the settings' flavor (`strategy.rs`: `Lattice` reads
//! borders, `Stream` the text's alignment, camelot-style) for their bounds.
//!
//! Pages without a header continue the previous page's table when their borders line up with
//! its columns, or, without rules, when their text does (`continuation.rs`). This module keeps
//! the types the stages share and the row-label predicates the later stages use too.

use crate::settings::TableSettings;
use crate::text::{join_lines, lines_of, words_of, Line};
use phuluc_model::{BBox, Field, Glyph, Page, Warning, WarningCode};

mod assign;
mod band;
mod columns;
mod continuation;
mod rows;
mod strategy;

use assign::*;
use band::*;
use columns::*;
use continuation::*;
use rows::*;
use strategy::*;

pub(crate) use columns::{fields_by, fields_of};
pub use continuation::text_aligned_to;

/// Column layout carried from page to page.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Column bounds, left to right: `bounds.len() == columns + 1`.
    pub bounds: Vec<f64>,
    pub headers: Vec<String>,
    pub fields: Vec<Field>,
    /// Height of the header band where it was read (a repeated header is no taller).
    pub header_height: f64,
}

impl Layout {
    pub fn columns(&self) -> usize {
        self.bounds.len().saturating_sub(1)
    }
    fn column_at(&self, x: f64, tolerance: f64) -> Option<usize> {
        let n = self.columns();
        (0..n).find(|&c| {
            let lo = if c == 0 {
                self.bounds[0] - tolerance
            } else {
                self.bounds[c]
            };
            let hi = if c + 1 == n {
                self.bounds[n] + tolerance
            } else {
                self.bounds[c + 1]
            };
            x >= lo && x < hi
        })
    }
    fn stt_column(&self) -> usize {
        self.fields
            .iter()
            .position(|f| *f == Field::Stt)
            .unwrap_or(0)
    }
}

/// One cell of a page's grid, possibly spanning several rows and columns.
#[derive(Debug, Clone, PartialEq)]
pub struct GridCell {
    /// First and last column (inclusive).
    pub col: usize,
    pub col_end: usize,
    /// First and last row band (inclusive).
    pub row: usize,
    pub row_end: usize,
    /// The cell's lines in reading order.
    pub lines: Vec<Line>,
    /// The box of its text (None when empty).
    pub bbox: Option<BBox>,
    /// The cell's text.
    pub text: String,
}

/// Where one glyph of the page went (parallel to `Page::glyphs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// White space: needs no home.
    Space,
    /// Into the body cell with this index.
    Cell(usize),
    /// Into the header band (read into the column layout).
    Header,
    /// Above the table (title block, running header, page number).
    Above,
    /// Below the table (page number, footer, signature block, or text a wrong bottom cut off).
    Below,
    /// Inside the table's rows but outside every column: a warning.
    Stray,
}

/// The table as found on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageGrid {
    pub page: u32,
    pub layout: Layout,
    /// Whether this page printed the header row (false for a header-less continuation page).
    pub has_header: bool,
    /// Header top (table top) and bottom.
    pub header_top: f64,
    pub header_bottom: f64,
    /// Bottom of the table on this page.
    pub bottom: f64,
    /// Row bands below the header, top-down: `(top, bottom)`.
    pub rows: Vec<(f64, f64)>,
    /// Body cells.
    pub cells: Vec<GridCell>,
    /// For each row band and column, the index of the cell covering it.
    pub cell_at: Vec<Vec<usize>>,
    /// Per row band: whether it is one cell across the table (a section row).
    pub merged_across: Vec<bool>,
    /// Lines of text above the table (title block, page furniture).
    pub above: Vec<Line>,
    /// The top of another header band below this table's header (a second table, or the
    /// header repeated mid-page): the page holds more than this grid.
    pub next_header: Option<f64>,
    /// Where each glyph of the page went, in the order of `Page::glyphs`.
    pub placements: Vec<Placement>,
    pub warnings: Vec<Warning>,
    /// The page begins with text above its first row label, and where that label's row
    /// begins could not be told (the label is not on its row's first line, and nothing marks
    /// the line it begins at): the text above went to the previous page's row, which may be
    /// wrong for both rows.
    pub uncertain_top: bool,
    /// The page has no header, no rules and no row label: its text, aligned to the previous
    /// page's columns right below the page top, was read as the continuation of the row the
    /// previous page cut ([`find_unlabelled_continuation`]). The record says so.
    pub unlabelled: bool,
}

impl PageGrid {
    /// The glyphs of `page` (the page this grid was found on) that went to `want`.
    pub fn glyphs_placed<'a>(&self, page: &'a Page, want: Placement) -> Vec<&'a Glyph> {
        page.glyphs
            .iter()
            .zip(&self.placements)
            .filter(|(_, p)| **p == want)
            .map(|(g, _)| g)
            .collect()
    }

    /// The cell covering row band `row` in column `col`.
    pub fn cell(&self, row: usize, col: usize) -> Option<&GridCell> {
        self.cell_at
            .get(row)
            .and_then(|r| r.get(col))
            .and_then(|&i| self.cells.get(i))
    }
}

/// A horizontal border position with the columns it closes.
#[derive(Debug, Clone)]
struct HBorder {
    y: f64,
    covers: Vec<bool>,
}

/// Finds the table on a page. `previous` is the layout of the table on the page before, used
/// when this page does not repeat the header.
pub fn find_grid(
    page: &Page,
    previous: Option<&Layout>,
    settings: &TableSettings,
) -> Option<PageGrid> {
    let glyphs: Vec<&Glyph> = page.glyphs.iter().collect();
    let words = words_of(&glyphs, &settings.text);
    let (hrules, vrules) = split_rules(page, settings);
    let candidates = header_candidates(&words, &glyphs, settings);
    // The header's bottom border may be left out where a split row goes on under it; the
    // column lines still break there.
    let mut header_rules = hrules.clone();
    if settings.flavor.sees_rules() {
        header_rules.extend(crate::rules::implied_breaks(&page.rules, settings));
    }

    let mut next_header = None;
    let (layout, header_top, header_bottom, has_header) = match find_header(
        &words,
        &header_rules,
        settings,
        &candidates,
        f64::NEG_INFINITY,
    ) {
        Some(mut band) => {
            // A header repeated on a later page is no taller than where it was first read:
            // lines below that height (a row continued right under the repeated header,
            // with no border between) are body text.
            if let Some(prev) = previous {
                let size = band.size.max(1.0);
                if prev.header_height > 0.0
                    && band.bottom - band.top > prev.header_height + 0.5 * size
                {
                    band.bottom = band.top + prev.header_height;
                    let (top, bottom) = (band.top, band.bottom);
                    band.words
                        .retain(|w| w.bbox.center_y() > top && w.bbox.center_y() < bottom);
                }
            }
            next_header = find_header(&words, &header_rules, settings, &candidates, band.bottom)
                .map(|b| b.top);
            let mut layout = column_layout(&band, &words, &hrules, &vrules, page, settings)?;
            if let Some(prev) = previous {
                if vrules.is_empty() {
                    keep_known_bounds(&mut layout, prev, &words, band.bottom, band.size);
                }
            }
            (layout, band.top, band.bottom, true)
        }
        None => {
            let prev = previous?;
            let top = continuation_top(prev, &words, &hrules, &vrules, settings)?;
            let mut layout = prev.clone();
            realign_bounds(&mut layout, &vrules, top, settings);
            (layout, top, top, false)
        }
    };
    let mut grid = grid_below(
        page,
        &glyphs,
        &words,
        (&hrules, &vrules),
        layout,
        (header_top, header_bottom),
        settings,
    );
    grid.has_header = has_header;
    grid.next_header = next_header;
    Some(grid)
}

/// An unruled page repeating the previous page's header: its column bounds come from the
/// white space between its own header cells and body text, which a page with little body text
/// tells poorly (a short last page puts a bound inside a column's ragged right edge). The
/// previous page's inner bounds are kept when the table has not moved (same headers, outer
/// bounds within [`SAME_EDGE`] × size) and they cut no more of this page's words.
fn keep_known_bounds(layout: &mut Layout, prev: &Layout, words: &[Line], top: f64, size: f64) {
    let n = layout.columns();
    if prev.columns() != n || prev.headers != layout.headers {
        return;
    }
    let size = size.max(1.0);
    let moved = |a: f64, b: f64| (a - b).abs() > SAME_EDGE * size;
    if moved(layout.bounds[0], prev.bounds[0]) || moved(layout.bounds[n], prev.bounds[n]) {
        return;
    }
    let cuts = |bounds: &[f64]| {
        words
            .iter()
            .filter(|w| w.bbox.top >= top)
            .filter(|w| {
                bounds[1..n]
                    .iter()
                    .any(|x| w.bbox.x0 < x - 0.5 && w.bbox.x1 > x + 0.5)
            })
            .count()
    };
    if cuts(&prev.bounds) <= cuts(&layout.bounds) {
        layout.bounds[1..n].copy_from_slice(&prev.bounds[1..n]);
    }
}

/// How far (× size) a table's outer edge may lie from the previous page's for the table to be
/// the same, not moved ([`keep_known_bounds`]).
const SAME_EDGE: f64 = 2.0;

/// A page that [`find_grid`] finds no table on, read as the continuation of the row the
/// previous page cut: no header, no rules, no row label, but its first text sits right at the
/// top, inside `previous`'s columns and across none of their bounds ([`aligned_body`], one
/// column is enough: the end of a long cell). The caller asks only when the previous page's
/// table ran to its foot; the grid is marked [`PageGrid::unlabelled`].
pub fn find_unlabelled_continuation(
    page: &Page,
    previous: &Layout,
    settings: &TableSettings,
) -> Option<PageGrid> {
    let glyphs: Vec<&Glyph> = page.glyphs.iter().collect();
    let words = words_of(&glyphs, &settings.text);
    let (hrules, vrules) = split_rules(page, settings);
    if !hrules.is_empty() || !vrules.is_empty() {
        return None;
    }
    let body = continuation::aligned_body(previous, &words, 1, settings)?;
    // A cut row goes on in its text columns; a word in the STT column ("Nơi nhận:", a list
    // after the table) opens something else.
    let stt = previous.stt_column();
    if body
        .iter()
        .any(|w| previous.column_at(w.bbox.x0 + 0.5, 0.0) == Some(stt))
    {
        return None;
    }
    let top = body
        .iter()
        .map(|w| w.bbox.top)
        .fold(f64::INFINITY, f64::min);
    // Nothing but page furniture above it: the text opens the page.
    if words
        .iter()
        .any(|w| w.bbox.bottom <= top && !is_page_number(&w.text))
    {
        return None;
    }
    let top = top - 0.5;
    let mut grid = grid_below(
        page,
        &glyphs,
        &words,
        (&hrules, &vrules),
        previous.clone(),
        (top, top),
        settings,
    );
    grid.has_header = false;
    grid.unlabelled = true;
    Some(grid)
}

/// The grid of a page below its header band (or the top of a header-less continuation):
/// table bottom → row bands → cells → glyph placement.
fn grid_below(
    page: &Page,
    glyphs: &[&Glyph],
    words: &[Line],
    (hrules, vrules): (&[BBox], &[BBox]),
    layout: Layout,
    (header_top, header_bottom): (f64, f64),
    settings: &TableSettings,
) -> PageGrid {
    let bottom = table_bottom(&layout, header_bottom, words, hrules, vrules, settings);
    let mut borders = Vec::new();
    let mut uncertain_top = false;
    let evidence = RowEvidence {
        layout: &layout,
        words,
        hrules,
        top: header_bottom,
        bottom,
        settings,
    };
    for strategy in strategies(settings.flavor) {
        uncertain_top |= strategy.row_bounds(&evidence, &mut borders);
    }
    drop_empty_partial_bands(&layout, glyphs, header_bottom, bottom, &mut borders);
    let mut rows: Vec<(f64, f64)> = Vec::new();
    let mut last = header_bottom;
    for b in borders
        .iter()
        .filter(|b| b.y > header_bottom && b.y < bottom)
    {
        rows.push((last, b.y));
        last = b.y;
    }
    rows.push((last, bottom));
    let inner: Vec<&HBorder> = borders
        .iter()
        .filter(|b| b.y > header_bottom && b.y < bottom)
        .collect();

    // Which rows are crossed by interior vertical borders (None: no interior borders at all).
    let spanning = spanning_rows(&layout, &rows, vrules, settings);
    let stt_closed = stt_bound_ruled(&layout, &rows, vrules, settings);

    let mut grid = PageGrid {
        page: page.number,
        layout,
        has_header: true,
        header_top,
        header_bottom,
        bottom,
        rows,
        cells: Vec::new(),
        cell_at: Vec::new(),
        merged_across: Vec::new(),
        above: Vec::new(),
        next_header: None,
        placements: Vec::new(),
        warnings: Vec::new(),
        uncertain_top,
        unlabelled: false,
    };
    let open_bounds = unruled_bounds(&grid.layout, &grid.rows, vrules, settings);
    assign_glyphs(
        &mut grid,
        glyphs,
        &inner,
        &spanning,
        &stt_closed,
        &open_bounds,
        words,
        settings,
    );
    grid
}

/// Horizontal and vertical rules that can be borders (see [`crate::rules`]); none when the
/// flavor ignores rules ([`Flavor::sees_rules`]).
fn split_rules(page: &Page, settings: &TableSettings) -> (Vec<BBox>, Vec<BBox>) {
    if !settings.flavor.sees_rules() {
        return (Vec::new(), Vec::new());
    }
    crate::rules::borders(&page.rules, settings)
}

fn overlaps(a0: f64, a1: f64, b0: f64, b1: f64) -> bool {
    a0 < b1 && b0 < a1
}

/// How much of `[a0, a1]` the interval `[b0, b1]` covers.
fn cover(a0: f64, a1: f64, b0: f64, b1: f64) -> f64 {
    let w = a1 - a0;
    if w <= 0.0 {
        return 0.0;
    }
    ((a1.min(b1) - a0.max(b0)) / w).max(0.0)
}

/// Row labels in an STT column: "1", "12.", "I", "IV.", "A", "Đ" …
pub fn is_row_label(text: &str) -> bool {
    is_row_number(text) || is_section_label(text) || is_lettered_label(text)
}

/// Whether a line opens with a list label — digits, a Roman numeral or one lower-case letter,
/// closed by ".", ")" or ":" ("1.", "II.", "a)") — as a heading of the body or a table's own
/// heading does. Shared by the metadata reader and the vocabulary's title test.
pub fn opens_with_list_label(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or("");
    let label = first.trim_end_matches(['.', ')', ':']);
    first.len() > label.len()
        && !label.is_empty()
        && (label.chars().all(|c| c.is_ascii_digit())
            || label.chars().all(|c| "IVXLC".contains(c))
            || (label.chars().count() == 1 && label.chars().all(char::is_lowercase)))
}

/// A lettered sub-row label: one lower-case letter of the Vietnamese alphabet and a closing
/// parenthesis or dot ("a)", "b.", "đ)"), numbering the items under a numbered row.
pub fn is_lettered_label(text: &str) -> bool {
    let t = text.trim();
    let mut cs = t.chars();
    matches!(
        (cs.next(), cs.next(), cs.next()),
        (Some(c), Some(')' | '.'), None) if c.is_lowercase() && c.is_alphabetic()
    )
}

/// Whether a font name says bold ("Arial-BoldMT", "TimesNewRoman,Bold", "ABCDEF+DejaVuSans-Bold").
pub fn is_bold_font(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["bold", "black", "heavy", "semibold", "demi"]
        .iter()
        .any(|k| n.contains(k))
}

/// A row number: digits with an optional trailing dot, or dotted ("1.2"), where the first
/// part may be a section's Roman numeral or capital letter ("I.1", "II.3", "A.2").
pub fn is_row_number(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ')']);
    if t.is_empty() || t.len() > 8 {
        return false;
    }
    let digits = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
    let mut parts = t.split('.');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    if digits(first) {
        rest.iter().all(|p| digits(p))
    } else {
        !rest.is_empty() && is_section_label(first) && rest.iter().all(|p| digits(p))
    }
}

/// A section label: a Roman numeral or a single capital letter (A–Z or Đ: sections are
/// lettered A, B, C, D, Đ, E …, never with a mark — an "Ề" is a misread "2"), with an optional
/// trailing dot.
pub fn is_section_label(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ')']);
    if t.is_empty() {
        return false;
    }
    let roman = t.len() <= 7 && t.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'));
    let mut cs = t.chars();
    let letter =
        matches!((cs.next(), cs.next()), (Some(c), None) if c.is_ascii_uppercase() || c == 'Đ');
    roman || letter
}

pub fn is_page_number(text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let lower = t.to_lowercase();
    let rest = ["trang", "page", "tr."]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower)
        .trim();
    let parts: Vec<&str> = rest
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty() && *p != "of" && *p != "trên")
        .collect();
    !parts.is_empty()
        && parts.len() <= 2
        && parts
            .iter()
            .all(|p| p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
}

/// The most header-like row of a page on which no table was found, for the "no table" error:
/// what was seen, and why it was not enough.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderSighting {
    pub page: u32,
    /// The text of the row's first line, as read (at most [`SIGHTING_TEXT_CHARS`] characters).
    pub text: String,
    /// The distinct fields whose header wording was recognised in the row, left to right.
    pub fields: Vec<Field>,
    /// How many distinct fields a header needs ([`TableSettings::min_header_fields`], one more
    /// without STT).
    pub needed: usize,
    /// Why the row was not taken when it had enough fields.
    pub refused: Option<&'static str>,
}

/// How much of a sighted row's text the "no table" error quotes.
pub const SIGHTING_TEXT_CHARS: usize = 100;

impl std::fmt::Display for HeaderSighting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let fields: Vec<&str> = self.fields.iter().map(Field::as_str).collect();
        write!(
            f,
            "the most header-like row (page {}: \"{}\") names {} field(s) ({})",
            self.page,
            self.text,
            self.fields.len(),
            fields.join(", ")
        )?;
        match self.refused {
            Some(why) => write!(f, ", enough, but {why}"),
            None => write!(
                f,
                "; a header needs {} distinct fields{}",
                self.needed,
                if self.fields.contains(&Field::Stt) {
                    ""
                } else {
                    " without STT"
                }
            ),
        }
    }
}

/// The most header-like row of `page` (the one naming the most distinct fields; the topmost
/// on ties), or `None` when no header wording is on the page. For a page [`find_grid`] found no
/// table on.
pub fn header_sighting(page: &Page, settings: &TableSettings) -> Option<HeaderSighting> {
    let glyphs: Vec<&Glyph> = page.glyphs.iter().collect();
    let words = words_of(&glyphs, &settings.text);
    let candidates = header_candidates(&words, &glyphs, settings);
    let mut phrases = candidates.phrases.clone();
    phrases.sort_by(|a, b| a.1.top.total_cmp(&b.1.top));
    let mut best: Option<(Vec<(Field, BBox)>, BBox)> = None;
    for (i, (_, anchor, size)) in phrases.iter().enumerate() {
        let limit = anchor.top + settings.max_header_height * size;
        let mut fields: Vec<(Field, BBox)> = Vec::new();
        for (f, b, _) in phrases[i..].iter().take_while(|(_, b, _)| b.top <= limit) {
            if !fields
                .iter()
                .any(|(g, o)| g == f || overlaps(o.x0, o.x1, b.x0, b.x1))
            {
                fields.push((*f, *b));
            }
        }
        if best.as_ref().is_none_or(|(b, _)| fields.len() > b.len()) {
            best = Some((fields, *anchor));
        }
    }
    let (mut fields, anchor) = best?;
    fields.sort_by(|a, b| a.1.x0.total_cmp(&b.1.x0));
    let mut line: Vec<&Line> = words
        .iter()
        .filter(|w| w.bbox.center_y() > anchor.top && w.bbox.center_y() < anchor.bottom)
        .collect();
    line.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    let text: String = line
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(SIGHTING_TEXT_CHARS)
        .collect();
    let has_stt = fields.iter().any(|(f, _)| *f == Field::Stt);
    let needed = settings.min_header_fields + usize::from(!has_stt);
    let refused = (fields.len() >= needed).then(|| {
        let (hrules, _) = split_rules(page, settings);
        match find_header(&words, &hrules, settings, &candidates, f64::NEG_INFINITY) {
            Some(_) => "its columns could not be laid out",
            None => "they are split by borders or running text, or the row reads as a numbered table row",
        }
    });
    Some(HeaderSighting {
        page: page.number,
        text,
        fields: fields.into_iter().map(|(f, _)| f).collect(),
        needed,
        refused,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for t in [
            "3",
            "- 3 -",
            "Trang 3",
            "Trang 3/12",
            "3/12",
            "Page 3 of 12",
            "TRANG 12",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in [
            "2021-2030",
            "Sở Tư pháp",
            "Quý I/2024",
            "",
            "2024 2025 2026",
        ] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn row_labels() {
        assert!(is_row_number("1"));
        assert!(is_row_number("12."));
        assert!(is_row_number("1.2"));
        assert!(!is_row_number("2021-2030"));
        assert!(!is_row_number("I"));
        assert!(is_row_number("I.1"));
        assert!(is_row_number("II.3."));
        assert!(is_row_number("A.2"));
        assert!(!is_row_number("I."));
        assert!(!is_row_number("Sở.1"));
        assert!(is_section_label("IV"));
        assert!(is_section_label("II."));
        assert!(is_section_label("A"));
        assert!(is_section_label("Đ"));
        assert!(!is_section_label("Sở"));
        assert!(!is_section_label("1"));
        assert!(
            !is_section_label("Ề"),
            "a section letter never carries a mark"
        );
    }

    /// A word at (x0, top) of font size 10 (a line 12 high).
    fn word(text: &str, x0: f64, top: f64) -> Line {
        Line {
            text: text.into(),
            bbox: BBox::new(x0, top, x0 + 20.0, top + 10.0),
            baseline: top + 8.0,
            size: 10.0,
            space_width: 2.5,
            first_word_x1: x0 + 20.0,
            last_word_x0: x0,
            trailing_space: false,
        }
    }

    /// STT | Nhiệm vụ | Chủ trì | Thời gian.
    fn four_columns() -> Layout {
        Layout {
            bounds: vec![0.0, 30.0, 200.0, 300.0, 400.0],
            headers: vec![
                "STT".into(),
                "Nhiệm vụ".into(),
                "Chủ trì".into(),
                "Thời gian".into(),
            ],
            fields: vec![Field::Stt, Field::Task, Field::Lead, Field::Timeline],
            header_height: 20.0,
        }
    }

    #[test]
    fn list_labels_open_headings() {
        for t in [
            "1. Tổ chức",
            "II. Nhiệm vụ",
            "a) Tuyên truyền",
            "3: Kết quả",
            "IV) x",
        ] {
            assert!(opens_with_list_label(t), "{t}");
        }
        for t in [
            "Tổ chức",
            "1 Tổ chức",
            "A) x",
            "ab) x",
            ". x",
            "2021-2030 Kế hoạch",
        ] {
            assert!(!opens_with_list_label(t), "{t}");
        }
    }

    #[test]
    fn lettered_labels_are_row_labels() {
        for t in ["a)", "b.", "đ)", "e)"] {
            assert!(is_lettered_label(t), "{t}");
            assert!(is_row_label(t), "{t}");
        }
        for t in ["a", "ab)", "A)", "1)", "Sở", ")"] {
            assert!(!is_lettered_label(t), "{t}");
        }
    }

    #[test]
    fn a_row_begins_where_several_columns_begin_together() {
        // Row a): four task lines from y=100 with its lead and timeline on the first line, the
        // label centred on the third line (y=124); the previous label "1" ends at y=98.
        let ws = [
            word("1", 5.0, 88.0),
            word("Tiêu", 40.0, 88.0),
            word("Đào", 40.0, 100.0),
            word("Sở", 210.0, 100.0),
            word("Quý", 310.0, 100.0),
            word("tạo", 40.0, 112.0),
            word("a)", 5.0, 118.0),
            word("bồi", 40.0, 124.0),
            word("dưỡng", 40.0, 136.0),
        ];
        let body: Vec<&Line> = ws.iter().collect();
        let layout = four_columns();
        let lines = PageLines::new(&layout, &body);
        let start = column_block_start(&ws[6], ws[0].bbox.bottom, &lines);
        assert_eq!(start, Some(100.0));
        // A top-aligned label: the columns begin on its own line, nothing to move.
        let top = [word("b)", 5.0, 100.0)];
        assert_eq!(column_block_start(&top[0], 98.0, &lines), None);
        // Only one column beginning there is not enough.
        let lone: Vec<&Line> = ws.iter().filter(|w| w.text != "Quý").collect();
        assert_eq!(
            column_block_start(&ws[6], 98.0, &PageLines::new(&layout, &lone)),
            None
        );
    }

    #[test]
    fn a_centred_label_ends_its_row_as_far_below_as_it_began_above() {
        // a) centred at y=123 in a row begun at y=100: the next row begins near y=146.
        let a = word("a)", 5.0, 118.0);
        let b = word("b)", 5.0, 160.0);
        let lines = [
            word("x", 40.0, 134.0),
            word("y", 40.0, 146.0),
            word("z", 40.0, 158.0),
        ];
        let body: Vec<&Line> = lines.iter().collect();
        assert_eq!(centred_row_end(&a, 100.0, &b, &body), Some(146.0));
        // A label on its row's first line says nothing of the row's height.
        assert_eq!(centred_row_end(&a, 118.0, &b, &body), None);
    }

    #[test]
    fn a_bottom_aligned_label_under_a_page_top_row_start() {
        let layout = four_columns();
        // The page begins with a row's first line in three columns; its label "a)" stands on
        // the row's last line, and the next row begins right under it.
        let ws = [
            word("Hoàn", 40.0, 50.0),
            word("Sở", 210.0, 50.0),
            word("Quý", 310.0, 50.0),
            word("thiện", 40.0, 62.0),
            word("mô", 40.0, 74.0),
            word("a)", 5.0, 74.0),
            word("Tuyên", 40.0, 86.0),
            word("Sở", 210.0, 86.0),
            word("Năm", 310.0, 86.0),
            word("truyền", 40.0, 98.0),
            word("b)", 5.0, 98.0),
        ];
        let body: Vec<&Line> = ws.iter().collect();
        let lines = PageLines::new(&layout, &body);
        assert_eq!(
            bottom_at_page_top(&ws[5], Some(&ws[10]), &lines),
            Some(50.0)
        );
        // The label's row does not visibly end under it (only the task column goes on, no
        // label follows): the text above may end the previous page's row.
        let open: Vec<&Line> = ws
            .iter()
            .filter(|w| !["Sở", "Năm", "b)"].contains(&w.text.as_str()) || w.bbox.top < 80.0)
            .collect();
        let lines = PageLines::new(&layout, &open);
        assert_eq!(bottom_at_page_top(&ws[5], None, &lines), None);
    }

    #[test]
    fn a_centred_label_under_a_page_top_row_start() {
        let layout = four_columns();
        // The page begins with a row's first line in three columns; its label is centred a
        // line lower, and the row centred on it ends where the next row begins in two columns.
        let ws = [
            word("Hoàn", 40.0, 50.0),
            word("Sở", 210.0, 50.0),
            word("Thường", 310.0, 50.0),
            word("thiện", 40.0, 62.0),
            word("b)", 5.0, 62.0),
            word("mô", 40.0, 74.0),
            word("Tuyên", 40.0, 86.0),
            word("Sở", 210.0, 86.0),
            word("Năm", 310.0, 86.0),
            word("c)", 5.0, 98.0),
        ];
        let body: Vec<&Line> = ws.iter().collect();
        assert_eq!(
            centred_at_page_top(&ws[4], Some(&ws[9]), &PageLines::new(&layout, &body)),
            Some(50.0)
        );
        // Unconfirmed: the next row does not visibly begin where the centred row would end.
        let loose: Vec<&Line> = ws
            .iter()
            .filter(|w| w.bbox.x0 < 200.0 || w.bbox.top != 86.0)
            .collect();
        assert_eq!(
            centred_at_page_top(&ws[4], Some(&ws[9]), &PageLines::new(&layout, &loose)),
            None
        );
        // The end of the previous page's row, in the task column alone, is not a row start.
        let cut: Vec<&Line> = ws
            .iter()
            .filter(|w| w.text != "Sở" && w.text != "Thường")
            .collect();
        assert_eq!(
            centred_at_page_top(&ws[4], Some(&ws[7]), &PageLines::new(&layout, &cut)),
            None
        );
    }

    #[test]
    fn body_rows_separate_header_phrases() {
        // "1 Tuyên truyền … kết quả": a numbered body line; "1 2 3 4": a column-number row.
        let ws = [
            word("1", 5.0, 100.0),
            word("Tuyên", 40.0, 100.0),
            word("kết", 80.0, 100.0),
            word("1", 5.0, 80.0),
            word("2", 40.0, 80.0),
            word("3", 210.0, 80.0),
        ];
        let labels = body_row_labels(&word_lines(&ws));
        assert_eq!(labels.len(), 1);
        assert_eq!(labels[0].top, 100.0);
    }

    #[test]
    fn channel_finds_the_gap() {
        let mk = |x0: f64, x1: f64| Line {
            text: "x".into(),
            bbox: BBox::new(x0, 0.0, x1, 10.0),
            baseline: 8.0,
            size: 10.0,
            space_width: 2.5,
            first_word_x1: x1,
            last_word_x0: x0,
            trailing_space: false,
        };
        let ws = [
            mk(10.0, 40.0),
            mk(10.0, 45.0),
            mk(52.0, 90.0),
            mk(50.0, 70.0),
        ];
        let refs: Vec<&Line> = ws.iter().collect();
        let x = channel_crossed(30.0, 60.0, &refs, &[]).map_or(0.0, |(x, _)| x);
        assert!((x - 47.5).abs() < 0.3, "{x}");
        let x = channel_crossed(30.0, 60.0, &refs, &[48.0]).map_or(0.0, |(x, _)| x);
        assert_eq!(x, 48.0);
    }
}
