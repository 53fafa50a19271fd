//! Table grid of one page: page geometry in, a [`PageGrid`] out.
//!
//! 1. **Header.** The header row is found from its words: phrases of the header vocabulary
//!    ([`crate::vocab`]) — "STT", "Mục tiêu", "Chủ trì" … possibly wrapped over several lines —
//!    at least [`TableSettings::min_header_fields`] distinct fields in one band. Its top and
//!    bottom come from the horizontal borders around it, or from its words.
//! 2. **Columns.** Bounds come from vertical borders that cross the header. Where two header
//!    cells are not separated by a border (tables with horizontal rules only, or none), the
//!    bound is put in the white-space channel between them that the fewest body words cross,
//!    snapped to the end of a horizontal border segment when one lies there.
//! 3. **Rows.** Row bounds are horizontal borders; a border missing over one column means the
//!    cell in that column continues (a vertical merge). Without borders, and where one ruled
//!    band holds several row numbers, rows start at the numbers of the STT column.
//! 4. **Cells.** Every glyph between the header and the table's bottom lands in exactly one
//!    cell, by its centre; a glyph outside every column becomes a warning. A row that no
//!    interior vertical border crosses (or whose STT is a section label when there are no
//!    vertical borders) is one cell across the table: a section row.
//!
//! Pages without a header continue the previous page's table when their borders line up with
//! its columns.

use crate::settings::TableSettings;
use crate::text::{join_lines, lines_of, words_of, Line};
use phuluc_model::{BBox, Field, Glyph, Page, Rule, Warning, WarningCode};

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
    let (hrules, vrules) = split_rules(&page.rules, settings);
    let candidates = header_candidates(&words, settings);

    let mut next_header = None;
    let (layout, header_top, header_bottom, has_header) =
        match find_header(&words, &hrules, settings, &candidates, f64::NEG_INFINITY) {
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
                next_header =
                    find_header(&words, &hrules, settings, &candidates, band.bottom).map(|b| b.top);
                let layout = column_layout(&band, &words, &hrules, &vrules, page, settings)?;
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

    let bottom = table_bottom(&layout, header_bottom, &words, &hrules, &vrules, settings);
    let mut borders = body_borders(&layout, header_bottom, bottom, &hrules, settings);
    let uncertain_top = split_bands_at_numbers(
        &layout,
        &words,
        header_bottom,
        bottom,
        &mut borders,
        settings,
    );
    drop_empty_partial_bands(&layout, &glyphs, header_bottom, bottom, &mut borders);
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
    let spanning = spanning_rows(&layout, &rows, &vrules, settings);
    let stt_closed = stt_bound_ruled(&layout, &rows, &vrules, settings);

    let mut grid = PageGrid {
        page: page.number,
        layout,
        has_header,
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
    };
    let open_bounds = unruled_bounds(&grid.layout, &grid.rows, &vrules, settings);
    grid.next_header = next_header;
    assign_glyphs(
        &mut grid,
        &glyphs,
        &inner,
        &spanning,
        &stt_closed,
        &open_bounds,
        &words,
        settings,
    );
    Some(grid)
}

/// Drops partial borders that open only empty cells: the bottoms of merged cells cut short at
/// a page break (a browser printing a table with separate borders ends a split `rowspan` cell
/// a little above the row's own bottom). Kept, they would make a text-less row and merge every
/// other column over it.
fn drop_empty_partial_bands(
    layout: &Layout,
    glyphs: &[&Glyph],
    header_bottom: f64,
    bottom: f64,
    borders: &mut Vec<HBorder>,
) {
    let points: Vec<(f64, f64)> = glyphs
        .iter()
        .filter(|g| !g.text.trim().is_empty())
        .map(|g| (g.bbox.center_x(), g.bbox.center_y()))
        .filter(|(_, y)| *y > header_bottom && *y < bottom)
        .collect();
    let inner = |b: &HBorder| b.y > header_bottom && b.y < bottom;
    let mut i = 0;
    while i < borders.len() {
        let b = &borders[i];
        if !inner(b) || b.covers.iter().all(|c| *c) || !b.covers.iter().any(|c| *c) {
            i += 1;
            continue;
        }
        // In every column it closes, the cell it opens holds no text.
        let opens_empty = b
            .covers
            .iter()
            .enumerate()
            .filter(|(_, c)| **c)
            .all(|(c, _)| {
                let (Some(&x0), Some(&x1)) = (layout.bounds.get(c), layout.bounds.get(c + 1))
                else {
                    return false;
                };
                let next = borders
                    .iter()
                    .filter(|o| o.y > b.y && inner(o) && o.covers.get(c).copied().unwrap_or(false))
                    .map(|o| o.y)
                    .fold(bottom, f64::min);
                !points
                    .iter()
                    .any(|(x, y)| *x > x0 && *x < x1 && *y > b.y && *y < next)
            });
        if opens_empty {
            borders.remove(i);
        } else {
            i += 1;
        }
    }
}

/// Horizontal and vertical rules that can be borders (see [`crate::rules`]).
fn split_rules(rules: &[Rule], settings: &TableSettings) -> (Vec<BBox>, Vec<BBox>) {
    crate::rules::borders(rules, settings)
}

/// Share of the header phrases' extent that the header's top border must run over.
const HEADER_TOP_RULE_COVER: f64 = 0.9;

/// The header row's vertical band and its phrase words.
#[derive(Debug, Clone)]
struct HeaderBand {
    top: f64,
    bottom: f64,
    /// Every word inside the band.
    words: Vec<Line>,
    x0: f64,
    x1: f64,
    size: f64,
}

/// Finds header phrases (a stem and its completing word, on the same line or the next) and
/// the topmost band holding enough distinct fields.
/// Only phrases starting below `below` are considered (to find a second header on a page).
fn find_header(
    words: &[Line],
    hrules: &[BBox],
    settings: &TableSettings,
    candidates: &HeaderCandidates,
    below: f64,
) -> Option<HeaderBand> {
    let mut running = candidates.running.clone();
    running.extend(candidates.body_rows.iter().copied());
    let mut phrases: Vec<(Field, BBox, f64)> = candidates
        .phrases
        .iter()
        .copied()
        .filter(|(_, b, _)| b.top > below)
        .collect();
    phrases.sort_by(|a, b| a.1.top.total_cmp(&b.1.top));
    header_from_phrases(
        words,
        hrules,
        settings,
        &phrases,
        &running,
        &candidates.body_rows,
    )
}

/// Header phrases found on a page, the boxes of its running-text lines and the row labels
/// that open body rows (computed once per page, searched once per header band). Running text
/// and body rows separate header phrases: a phrase below them ("kết quả" in a task's text)
/// is not the header's.
struct HeaderCandidates {
    phrases: Vec<(Field, BBox, f64)>,
    running: Vec<BBox>,
    body_rows: Vec<BBox>,
}

fn header_candidates(words: &[Line], settings: &TableSettings) -> HeaderCandidates {
    let keys: Vec<String> = words
        .iter()
        .map(|w| crate::vocab::header_key(&w.text))
        .collect();
    let mut phrases: Vec<(Field, BBox, f64)> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if !settings.vocabulary.is_header_key(&keys[i]) {
            continue;
        }
        let key = keys[i].rsplit(' ').next().unwrap_or("");
        for (stem, rest, field) in settings.vocabulary.detection() {
            if key != stem.as_str() {
                continue;
            }
            if rest.is_empty() {
                // A lone "STT"/"TT" must be the whole word.
                if keys[i] == *stem {
                    phrases.push((*field, w.bbox, w.size));
                }
                continue;
            }
            let size = w.size.max(1.0);
            let found = words.iter().enumerate().find(|(j, o)| {
                keys[*j].split(' ').next() == Some(rest.as_str())
                    && *j != i
                    && o.bbox.top >= w.bbox.top - 0.3 * size
                    && o.bbox.top <= w.bbox.bottom + 0.8 * size
                    && o.bbox.x0 >= w.bbox.x0 - 4.0 * size
                    && o.bbox.x0 <= w.bbox.x1 + 1.0 * size
                    && (o.bbox.top > w.bbox.bottom - 0.3 * size || o.bbox.x0 >= w.bbox.x1 - 0.1)
            });
            if let Some((_, o)) = found {
                phrases.push((*field, w.bbox.union(&o.bbox), size));
            }
        }
    }
    // A phrase inside running text (a title line, a paragraph of the plan's body) is not a
    // header cell: header lines are short and hold mostly header words.
    let running: Vec<BBox> = text_runs(words, settings)
        .into_iter()
        .filter(|(_, others)| *others > settings.max_header_line_words)
        .map(|(b, _)| b)
        .collect();
    phrases.retain(|(_, b, _)| {
        !running
            .iter()
            .any(|r| r.contains(b.center_x(), b.center_y()))
    });
    HeaderCandidates {
        phrases,
        running,
        body_rows: body_row_labels(words),
    }
}

/// The row labels that open body rows: a line's leftmost word is a row label ("1", "I", "2.3")
/// and words follow it that are not all numbers (a header's column-number row, "1 2 3 4", is
/// not a body row).
fn body_row_labels(words: &[Line]) -> Vec<BBox> {
    let mut sorted: Vec<&Line> = words.iter().collect();
    sorted.sort_by(|a, b| {
        a.baseline
            .total_cmp(&b.baseline)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let mut lines: Vec<Vec<&Line>> = Vec::new();
    for w in sorted {
        match lines.last_mut() {
            Some(l) if (l[0].baseline - w.baseline).abs() < 0.3 * w.size.max(1.0) => l.push(w),
            _ => lines.push(vec![w]),
        }
    }
    lines
        .into_iter()
        .filter_map(|mut line| {
            line.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
            let (first, rest) = line.split_first()?;
            let opens = is_row_label(&first.text)
                && !rest.is_empty()
                && !rest.iter().all(|w| is_row_number(&w.text));
            opens.then_some(first.bbox)
        })
        .collect()
}

/// The topmost band of `phrases` (sorted top-down) holding enough distinct fields.
fn header_from_phrases(
    words: &[Line],
    hrules: &[BBox],
    settings: &TableSettings,
    phrases: &[(Field, BBox, f64)],
    running: &[BBox],
    body_rows: &[BBox],
) -> Option<HeaderBand> {
    for (i, (_, anchor, size)) in phrases.iter().enumerate() {
        let limit = anchor.top + settings.max_header_height * size;
        // A horizontal border right under the anchor's line closes a one-line header early.
        let mut fields: Vec<(Field, BBox)> = Vec::new();
        for (f, b, _) in &phrases[i..] {
            if b.top > limit {
                break;
            }
            // A border or a line of running text between two phrases separates them.
            let crossed = hrules
                .iter()
                .chain(running)
                .any(|r| r.center_y() > anchor.bottom && r.center_y() < b.top);
            if crossed {
                continue;
            }
            if fields
                .iter()
                .any(|(g, o)| *g == *f || overlaps(o.x0, o.x1, b.x0, b.x1))
            {
                continue;
            }
            fields.push((*f, *b));
        }
        let has_stt = fields.iter().any(|(f, _)| *f == Field::Stt);
        if fields.len() >= settings.min_header_fields + usize::from(!has_stt) {
            let x0 = fields
                .iter()
                .map(|(_, b)| b.x0)
                .fold(f64::INFINITY, f64::min);
            let x1 = fields
                .iter()
                .map(|(_, b)| b.x1)
                .fold(f64::NEG_INFINITY, f64::max);
            let ptop = fields
                .iter()
                .map(|(_, b)| b.top)
                .fold(f64::INFINITY, f64::min);
            let pbottom = fields
                .iter()
                .map(|(_, b)| b.bottom)
                .fold(f64::NEG_INFINITY, f64::max);
            // An unruled header ends above the first body row under it.
            let floor = body_rows
                .iter()
                .map(|r| r.top)
                .filter(|t| *t >= pbottom - 0.2 * size)
                .fold(f64::INFINITY, f64::min);
            let band = header_band(words, hrules, x0, x1, ptop, pbottom, floor, *size, settings);
            if is_body_row(&band, x0, settings) {
                continue;
            }
            return Some(band);
        }
    }
    None
}

/// Whether a candidate header band is a body row whose cells happen to name header phrases
/// ("1.2. Mục tiêu 2: …", "2.2. Nhiệm vụ 2: …", "3.2. Hoạt động 2: …" side by side, on a page
/// that does not repeat the header): the band reaches farther down than a header may, or a
/// row label stands left of every phrase, where a header has its STT cell or nothing.
fn is_body_row(band: &HeaderBand, phrases_x0: f64, settings: &TableSettings) -> bool {
    let size = band.size.max(1.0);
    if band.bottom - band.top > (settings.max_header_height + 1.0) * size {
        return true;
    }
    band.words
        .iter()
        .any(|w| w.bbox.x1 <= phrases_x0 && is_row_label(&w.text))
}

/// Runs of words on one line with gaps narrower than an em, each with its box and the number
/// of its words that are not header vocabulary.
fn text_runs(words: &[Line], settings: &TableSettings) -> Vec<(BBox, usize)> {
    let mut sorted: Vec<&Line> = words.iter().collect();
    sorted.sort_by(|a, b| {
        a.baseline
            .total_cmp(&b.baseline)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let mut runs: Vec<(BBox, usize, f64)> = Vec::new();
    let mut lines: Vec<Vec<&Line>> = Vec::new();
    for w in sorted {
        match lines.last_mut() {
            Some(l) if (l[0].baseline - w.baseline).abs() < 0.3 * w.size.max(1.0) => l.push(w),
            _ => lines.push(vec![w]),
        }
    }
    for mut line in lines {
        line.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        let mut cur: Option<(BBox, usize, f64)> = None;
        for w in line {
            let other = usize::from(!settings.vocabulary.is_header_word(&w.text));
            cur = match cur {
                Some((b, n, size)) if w.bbox.x0 - b.x1 <= size => {
                    Some((b.union(&w.bbox), n + other, size))
                }
                prev => {
                    runs.extend(prev);
                    Some((w.bbox, other, w.size.max(1.0)))
                }
            };
        }
        runs.extend(cur);
    }
    runs.into_iter().map(|(b, n, _)| (b, n)).collect()
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

#[allow(clippy::too_many_arguments)]
fn header_band(
    words: &[Line],
    hrules: &[BBox],
    x0: f64,
    x1: f64,
    ptop: f64,
    pbottom: f64,
    floor: f64,
    size: f64,
    settings: &TableSettings,
) -> HeaderBand {
    let spans = |r: &&BBox| cover(x0, x1, r.x0, r.x1) >= 0.5;
    // The header's top border runs over the whole header; a border under only some header
    // cells is a group's (a multi-level header), inside the band.
    let spans_all = |r: &&BBox| cover(x0, x1, r.x0, r.x1) >= HEADER_TOP_RULE_COVER;
    let top_rule = hrules
        .iter()
        .filter(spans_all)
        .filter(|r| r.center_y() <= ptop + 0.2 * size && r.center_y() >= ptop - 4.0 * size)
        .map(|r| r.center_y())
        .fold(f64::NEG_INFINITY, f64::max);
    let bottom_rule = hrules
        .iter()
        .filter(spans)
        .filter(|r| {
            r.center_y() >= pbottom - 0.2 * size
                && r.center_y() <= ptop + settings.max_header_height * size
        })
        .map(|r| r.center_y())
        .fold(f64::INFINITY, f64::min);
    let (top, bottom) = if top_rule.is_finite() && bottom_rule.is_finite() {
        (top_rule, bottom_rule)
    } else {
        // No borders: grow the band over the lines stacked on the phrases, up and down.
        let in_x = |w: &&Line| w.bbox.x1 > x0 - size && w.bbox.x0 < x1 + size;
        let mut top = if top_rule.is_finite() { top_rule } else { ptop };
        let mut bottom = if bottom_rule.is_finite() {
            bottom_rule
        } else {
            pbottom
        };
        let near: Vec<&Line> = words.iter().filter(in_x).collect();
        if !top_rule.is_finite() {
            loop {
                let up = near
                    .iter()
                    .filter(|w| {
                        w.bbox.bottom <= top + 0.2 * size && w.bbox.bottom > top - 0.7 * size
                    })
                    .map(|w| w.bbox.top)
                    .fold(top, f64::min);
                if up >= top - 0.01 {
                    break;
                }
                top = up;
            }
            top -= 0.2 * size;
        }
        if !bottom_rule.is_finite() {
            loop {
                let down = near
                    .iter()
                    .filter(|w| {
                        w.bbox.top >= bottom - 0.2 * size
                            && w.bbox.top < bottom + 0.45 * size
                            && w.bbox.top < floor - 0.2 * size
                    })
                    .filter(|w| !is_row_label(&w.text))
                    .map(|w| w.bbox.bottom)
                    .fold(bottom, f64::max);
                if down <= bottom + 0.01 {
                    break;
                }
                bottom = down;
            }
            bottom += 0.2 * size;
        }
        (top, bottom)
    };
    let band_words: Vec<Line> = words
        .iter()
        .filter(|w| w.bbox.center_y() > top && w.bbox.center_y() < bottom)
        .cloned()
        .collect();
    HeaderBand {
        top,
        bottom,
        words: band_words,
        x0,
        x1,
        size,
    }
}

/// Row labels in an STT column: "1", "12.", "I", "IV.", "A", "Đ" …
pub fn is_row_label(text: &str) -> bool {
    is_row_number(text) || is_section_label(text) || is_lettered_label(text)
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

/// A row number: digits with an optional trailing dot, or dotted ("1.2").
pub fn is_row_number(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ')']);
    !t.is_empty()
        && t.len() <= 8
        && t.split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// A section label: a Roman numeral or a single capital letter, with an optional trailing dot.
pub fn is_section_label(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ')']);
    if t.is_empty() {
        return false;
    }
    let roman = t.len() <= 7 && t.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'));
    let mut cs = t.chars();
    let letter = matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase());
    roman || letter
}

/// Column bounds from vertical borders crossing the header, completed where two header cells
/// share an unruled span by the least-crossed white-space channel between them.
fn column_layout(
    band: &HeaderBand,
    words: &[Line],
    hrules: &[BBox],
    vrules: &[BBox],
    page: &Page,
    settings: &TableSettings,
) -> Option<Layout> {
    let size = band.size.max(1.0);
    let mid = (band.top + band.bottom) / 2.0;
    let crossing: Vec<&BBox> = vrules
        .iter()
        .filter(|r| r.top <= band.bottom - 0.2 * size && r.bottom >= band.top + 0.2 * size)
        .filter(|r| r.top <= mid + size && r.bottom >= mid - size)
        .collect();
    let header_spans: Vec<&BBox> = hrules
        .iter()
        .filter(|r| {
            cover(band.x0, band.x1, r.x0, r.x1) >= 0.5 && (r.center_y() - band.bottom).abs() <= 2.0
        })
        .collect();

    // Table extent.
    let mut left = band.x0;
    let mut right = band.x1;
    for r in &header_spans {
        left = left.min(r.x0);
        right = right.max(r.x1);
    }
    for r in &crossing {
        left = left.min(r.center_x());
        right = right.max(r.center_x());
    }
    for w in &band.words {
        if w.bbox.x1 > left - 3.0 * size && w.bbox.x0 < right + 3.0 * size {
            left = left.min(w.bbox.x0 - 0.5);
            right = right.max(w.bbox.x1 + 0.5);
        }
    }
    let ruled_edges = !header_spans.is_empty() || crossing.len() >= 2;
    let body: Vec<&Line> = words.iter().filter(|w| w.bbox.top >= band.bottom).collect();
    if !ruled_edges {
        // Without borders the body text gives the extent.
        for w in &body {
            if w.bbox.x1 > left - 2.0 * size && w.bbox.x0 < right + 2.0 * size {
                left = left.min(w.bbox.x0 - 0.5);
                right = right.max(w.bbox.x1 + 0.5);
            }
        }
    }
    let mut bounds: Vec<f64> = vec![left, right];
    for r in &crossing {
        let x = r.center_x();
        if x > left + settings.snap_tolerance && x < right - settings.snap_tolerance {
            bounds.push(x);
        }
    }
    bounds.sort_by(f64::total_cmp);
    bounds.dedup_by(|a, b| (*a - *b).abs() <= settings.snap_tolerance);
    if let Some(f) = bounds.first_mut() {
        *f = left;
    }
    if let Some(l) = bounds.last_mut() {
        *l = right;
    }

    // Header blocks, and a bound between any two that no border separates.
    let header_words: Vec<&Line> = band
        .words
        .iter()
        .filter(|w| w.bbox.center_x() >= left && w.bbox.center_x() <= right)
        .collect();
    let blocks = header_blocks(&header_words, size);
    let body_words: Vec<&Line> = body
        .iter()
        .copied()
        .filter(|w| {
            w.bbox.center_x() >= left && w.bbox.center_x() <= right && !is_section_label(&w.text)
        })
        .collect();
    let ends: Vec<f64> = hrules
        .iter()
        .filter(|r| r.center_y() > band.top - 1.0)
        .flat_map(|r| [r.x0, r.x1])
        .filter(|x| *x > left + 2.0 && *x < right - 2.0)
        .collect();
    // A block that runs over a drawn bound is a group cell of a multi-level header: the gap
    // beside it is not a column's.
    let drawn: Vec<f64> = bounds[1..bounds.len() - 1].to_vec();
    let spans_drawn = |blk: (f64, f64)| drawn.iter().any(|x| blk.0 < x - 1.0 && blk.1 > x + 1.0);
    let mut extra = Vec::new();
    for pair in blocks.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if bounds.iter().any(|x| *x >= a.1 - 0.5 && *x <= b.0 + 0.5) {
            continue;
        }
        if spans_drawn(a) || spans_drawn(b) {
            continue;
        }
        if let Some(x) = channel(a.1, b.0, &body_words, &ends) {
            extra.push(x);
        }
    }
    bounds.extend(extra);
    bounds.sort_by(f64::total_cmp);
    if let Some(fixed) = &settings.columns {
        bounds = fixed.clone();
    }
    if bounds.len() < 3 {
        return None;
    }

    let mut layout = Layout {
        bounds,
        headers: Vec::new(),
        fields: Vec::new(),
        header_height: band.bottom - band.top,
    };
    let levels = crate::header::levels(
        band.top,
        band.bottom,
        &layout.bounds,
        hrules,
        vrules,
        &page.glyphs,
        size,
        settings,
    );
    if let Some(levels) = levels {
        // Each leaf names its own field; the column is known by its full path.
        layout.fields = fields_by(&levels.paths, &levels.leaves, settings);
        layout.headers = levels.paths;
    } else {
        // One level: each column's header is the header text printed over it.
        let mut per_col: Vec<Vec<&Glyph>> = vec![Vec::new(); layout.columns()];
        for g in &page.glyphs {
            let (cx, cy) = (g.bbox.center_x(), g.bbox.center_y());
            if cy > band.top && cy < band.bottom {
                if let Some(c) = layout.column_at(cx, 0.0) {
                    per_col[c].push(g);
                }
            }
        }
        layout.headers = per_col
            .iter()
            .map(|gs| crate::header::cell_text(gs, settings))
            .collect();
        layout.fields = fields_of(&layout.headers, settings);
    }
    Some(layout)
}

/// The fields of a table's header texts: the vocabulary's, where a settings file's
/// header-to-field mappings do not say otherwise (shared by the PDF and Word front ends).
pub(crate) fn fields_of(headers: &[String], settings: &TableSettings) -> Vec<Field> {
    fields_by(headers, headers, settings)
}

/// [`fields_of`] for a multi-level header: the vocabulary reads each column's leaf, a settings
/// file's mapping its full header path.
pub(crate) fn fields_by(
    headers: &[String],
    leaves: &[String],
    settings: &TableSettings,
) -> Vec<Field> {
    let mut fields = settings.vocabulary.assign_fields(leaves);
    for (c, h) in headers.iter().enumerate() {
        let key = crate::vocab::header_key(h);
        if let Some((_, f)) = settings.fields.iter().find(|(k, _)| *k == key) {
            if let Some(slot) = fields.get_mut(c) {
                *slot = *f;
            }
        }
    }
    fields
}

/// Groups header words into cells: words on one line closer than half an em, and words on
/// different lines that overlap horizontally. Returns the blocks' `(x0, x1)`, left to right.
fn header_blocks(words: &[&Line], size: f64) -> Vec<(f64, f64)> {
    let n = words.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (&words[i].bbox, &words[j].bbox);
            let same_line = (words[i].baseline - words[j].baseline).abs() < 0.3 * size;
            let joined = if same_line {
                let gap = if a.x1 <= b.x0 {
                    b.x0 - a.x1
                } else {
                    a.x0 - b.x1
                };
                gap < 0.45 * size
            } else {
                overlaps(a.x0, a.x1, b.x0, b.x1)
            };
            if joined {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                parent[ri] = rj;
            }
        }
    }
    let mut blocks: Vec<(usize, f64, f64)> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let r = find(&mut parent, i);
        let b = &w.bbox;
        match blocks.iter_mut().find(|(k, _, _)| *k == r) {
            Some(e) => {
                e.1 = e.1.min(b.x0);
                e.2 = e.2.max(b.x1);
            }
            None => blocks.push((r, b.x0, b.x1)),
        }
    }
    // Blocks that still overlap (a header cell's lines wrapped unevenly) are one block.
    blocks.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut merged: Vec<(f64, f64)> = Vec::new();
    for (_, x0, x1) in blocks {
        match merged.last_mut() {
            Some(last) if x0 < last.1 => last.1 = last.1.max(x1),
            _ => merged.push((x0, x1)),
        }
    }
    merged
}

/// The x in `[a, b]` that the fewest body words cross: the middle of the widest least-crossed
/// run, or a border segment's end inside that run.
fn channel(a: f64, b: f64, words: &[&Line], ends: &[f64]) -> Option<f64> {
    if b <= a {
        return None;
    }
    let step = 0.25;
    let steps = ((b - a) / step).ceil() as usize;
    let mut counts = Vec::with_capacity(steps + 1);
    for k in 0..=steps {
        let x = a + k as f64 * step;
        counts.push(
            words
                .iter()
                .filter(|w| w.bbox.x0 < x && w.bbox.x1 > x)
                .count(),
        );
    }
    let min = counts.iter().copied().min()?;
    let mut best: (usize, usize) = (0, 0);
    let mut k = 0;
    while k < counts.len() {
        if counts[k] == min {
            let start = k;
            while k < counts.len() && counts[k] == min {
                k += 1;
            }
            if k - start > best.1 - best.0 {
                best = (start, k);
            }
        } else {
            k += 1;
        }
    }
    let lo = a + best.0 as f64 * step;
    let hi = a + (best.1.saturating_sub(1)) as f64 * step;
    if let Some(e) = ends.iter().find(|e| **e >= lo - 0.5 && **e <= hi + 0.5) {
        return Some(*e);
    }
    Some((lo + hi) / 2.0)
}

/// The top of a header-less continuation page: its topmost border spanning the table, when the
/// page's vertical borders (if any) line up with the previous columns. A row cut by the page
/// break may continue with no border above it (browsers draw none over the rest of a split
/// row): where the vertical borders of at least half the columns reach higher than the first
/// spanning border, the table starts at their top.
fn continuation_top(
    prev: &Layout,
    words: &[Line],
    hrules: &[BBox],
    vrules: &[BBox],
    settings: &TableSettings,
) -> Option<f64> {
    let (left, right) = (*prev.bounds.first()?, *prev.bounds.last()?);
    let wide: Vec<&BBox> = hrules
        .iter()
        .filter(|r| cover(left, right, r.x0, r.x1) >= 0.8)
        .collect();
    let mut top = wide
        .iter()
        .map(|r| r.center_y())
        .fold(f64::INFINITY, f64::min);
    if !vrules.is_empty() {
        // Per bound of the previous layout, the top of the highest vertical border on it.
        let mut tops: Vec<f64> = prev
            .bounds
            .iter()
            .filter_map(|x| {
                vrules
                    .iter()
                    .filter(|r| (r.center_x() - *x).abs() <= settings.join_tolerance)
                    .map(|r| r.top)
                    .reduce(f64::min)
            })
            .collect();
        if tops.len() * 2 < prev.bounds.len() {
            return None;
        }
        tops.sort_by(f64::total_cmp);
        // The height that at least half of the bounds reach.
        let reached = tops[(prev.bounds.len() - 1) / 2];
        top = top.min(reached);
    }
    if !top.is_finite() && vrules.is_empty() {
        // No rules at all (a page appended without borders or a repeated header): the table
        // goes on when the text sits in the previous page's columns, aligned to them.
        top = aligned_text_top(prev, words, settings)?;
    }
    if !top.is_finite() {
        return None;
    }
    // Some text must sit below the top inside the columns.
    words
        .iter()
        .any(|w| w.bbox.top > top && w.bbox.center_x() > left && w.bbox.center_x() < right)
        .then_some(top)
}

/// Moves inherited bounds onto this page's vertical borders where they are within tolerance.
/// A page without borders continues the table when its text lies in the previous layout's
/// columns: enough words, in at least two columns, a row number in the STT column, and hardly
/// any word across a column bound (prose runs across them). Gives the top of that text.
fn aligned_text_top(prev: &Layout, words: &[Line], settings: &TableSettings) -> Option<f64> {
    let body = aligned_body(prev, words, 2, settings)?;
    let stt = prev.stt_column();
    // A row number ("10", which alone could be a page number) with its row's text beside it.
    let numbered = words.iter().any(|w| {
        prev.column_at(w.bbox.center_x(), 0.0) == Some(stt)
            && (is_row_number(&w.text) || is_lettered_label(&w.text))
            && body.iter().any(|o| {
                o.bbox.x0 > w.bbox.x1 && (o.bbox.center_y() - w.bbox.center_y()).abs() < o.size
            })
    });
    if !numbered {
        return None;
    }
    let top = body
        .iter()
        .map(|w| w.bbox.top)
        .fold(f64::INFINITY, f64::min);
    Some(top - 0.5)
}

/// The words of a page inside `prev`'s columns, when they read as that table's text: enough
/// of them, in at least `min_columns` columns, hardly any across a column bound (prose and a
/// signature block run across them).
fn aligned_body<'w>(
    prev: &Layout,
    words: &'w [Line],
    min_columns: usize,
    settings: &TableSettings,
) -> Option<Vec<&'w Line>> {
    let n = prev.columns();
    let (left, right) = (*prev.bounds.first()?, *prev.bounds.last()?);
    let body: Vec<&Line> = words
        .iter()
        .filter(|w| w.bbox.center_x() > left && w.bbox.center_x() < right)
        .filter(|w| !is_page_number(&w.text))
        .collect();
    if body.len() < ALIGNED_MIN_WORDS {
        return None;
    }
    let inner = &prev.bounds[1..n];
    let across = body
        .iter()
        .filter(|w| {
            let tol = settings.cut_word_overlap * w.size.max(1.0);
            inner
                .iter()
                .any(|b| w.bbox.x0 < b - tol && w.bbox.x1 > b + tol)
        })
        .count();
    if across as f64 > ALIGNED_MAX_ACROSS * body.len() as f64 {
        return None;
    }
    let used = (0..n)
        .filter(|&c| {
            body.iter()
                .any(|w| prev.column_at(w.bbox.center_x(), 0.0) == Some(c))
        })
        .count();
    (used >= min_columns).then_some(body)
}

/// Whether a page on which no table was found holds text aligned to `prev`'s columns (see
/// [`aligned_body`]; one column is enough: the end of a long cell): the table may go on there
/// in a form the grid could not read.
pub fn text_aligned_to(page: &Page, prev: &Layout, settings: &TableSettings) -> bool {
    let glyphs: Vec<&Glyph> = page.glyphs.iter().collect();
    let words = words_of(&glyphs, &settings.text);
    aligned_body(prev, &words, 1, settings).is_some()
}

/// Fewest words on a page without borders for it to continue a table.
const ALIGNED_MIN_WORDS: usize = 5;
/// Largest share of those words that may run across a column bound.
const ALIGNED_MAX_ACROSS: f64 = 0.05;

fn realign_bounds(layout: &mut Layout, vrules: &[BBox], top: f64, settings: &TableSettings) {
    for x in layout.bounds.iter_mut() {
        if let Some(r) = vrules
            .iter()
            .filter(|r| r.bottom > top)
            .find(|r| (r.center_x() - *x).abs() <= settings.join_tolerance)
        {
            *x = r.center_x();
        }
    }
}

/// The table's bottom: its lowest horizontal border, or without one the last line before a
/// large gap.
fn table_bottom(
    layout: &Layout,
    header_bottom: f64,
    words: &[Line],
    hrules: &[BBox],
    vrules: &[BBox],
    settings: &TableSettings,
) -> f64 {
    let (left, right) = (layout.bounds[0], layout.bounds[layout.columns()]);
    let ruled = hrules
        .iter()
        .filter(|r| r.center_y() > header_bottom + 1.0 && cover(left, right, r.x0, r.x1) >= 0.3)
        .map(|r| r.center_y())
        .fold(f64::NEG_INFINITY, f64::max);
    let mut body: Vec<&Line> = words
        .iter()
        .filter(|w| {
            w.bbox.center_y() > header_bottom
                && w.bbox.center_x() > left
                && w.bbox.center_x() < right
        })
        .collect();
    body.sort_by(|a, b| a.bbox.top.total_cmp(&b.bbox.top));
    drop_page_number(&mut body, settings);
    let mut bottom = header_bottom;
    for w in &body {
        let gap = w.bbox.top - bottom;
        if bottom > header_bottom && gap > settings.max_line_gap * w.size.max(1.0) * 1.2 {
            break;
        }
        bottom = bottom.max(w.bbox.bottom);
    }
    // The table's outer vertical borders ending at its last horizontal border close it: text
    // below (a heading over the next table, a note) is outside, however close.
    let n = layout.columns();
    let outer: Vec<&BBox> = vrules
        .iter()
        .filter(|r| {
            [layout.bounds[0], layout.bounds[n]]
                .iter()
                .any(|x| (r.center_x() - x).abs() <= settings.join_tolerance)
                && r.bottom > header_bottom
        })
        .collect();
    let closed = ruled.is_finite()
        && !outer.is_empty()
        && outer
            .iter()
            .all(|r| r.bottom <= ruled + settings.snap_tolerance);
    // Where the outer borders that start at the header stop, at a horizontal border: the
    // table ends there, even when another table's borders go on further down the page.
    if let Some(end) = outer_border_end(&outer, header_bottom, settings) {
        let at_border = hrules.iter().any(|r| {
            (r.center_y() - end).abs() <= settings.snap_tolerance
                && cover(left, right, r.x0, r.x1) >= 0.9
        });
        if at_border && end < ruled - settings.snap_tolerance {
            return end;
        }
    }
    if ruled.is_finite() && (ruled >= bottom - 1.0 || closed) {
        ruled
    } else if ruled.is_finite() {
        // Text runs on below the last border: a table whose bottom border is missing, when
        // that text starts right under the border (inside a row's padding); else page
        // furniture (a footer) below a closed table.
        let first_below = body
            .iter()
            .filter(|w| w.bbox.center_y() > ruled)
            .map(|w| (w.bbox.top - ruled) / w.size.max(1.0))
            .fold(f64::INFINITY, f64::min);
        if first_below > settings.max_row_padding {
            ruled
        } else {
            bottom.max(ruled) + 0.5
        }
    } else {
        bottom + 0.5
    }
}

/// Page furniture: a page number as printed in a header or footer ("3", "- 3 -", "Trang 3",
/// "Trang 3/12", "3/12", "Page 3 of 12").
/// How far down the table's outer vertical borders run without a break from its header: the
/// lowest end of a chain of border pieces, each starting where the one above ended (within the
/// join tolerance), the first starting at the header (`None` when no outer border starts there).
fn outer_border_end(outer: &[&BBox], header_bottom: f64, settings: &TableSettings) -> Option<f64> {
    let reach = settings.join_tolerance.max(settings.snap_tolerance);
    let mut end: Option<f64> = None;
    let mut pieces: Vec<&BBox> = outer.to_vec();
    pieces.sort_by(|a, b| a.top.total_cmp(&b.top));
    for r in pieces {
        let from = end.unwrap_or(header_bottom);
        if r.top <= from + reach && r.bottom > from {
            end = Some(r.bottom);
        }
    }
    end
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

/// Removes a page number printed below the table's text (its last line, set apart from the
/// line above by more than a line's spacing) from the body words.
fn drop_page_number(body: &mut Vec<&Line>, settings: &TableSettings) {
    let Some(last) = body.last() else {
        return;
    };
    let base = last.baseline;
    let tol = settings.text.line_tolerance * last.size.max(1.0);
    let mut line: Vec<&Line> = body
        .iter()
        .copied()
        .filter(|w| (w.baseline - base).abs() <= tol)
        .collect();
    line.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    let text: Vec<&str> = line.iter().map(|w| w.text.as_str()).collect();
    if !is_page_number(&text.join(" ")) {
        return;
    }
    let top = line
        .iter()
        .map(|w| w.bbox.top)
        .fold(f64::INFINITY, f64::min);
    let above = body
        .iter()
        .filter(|w| (w.baseline - base).abs() > tol)
        .map(|w| w.bbox.bottom)
        .fold(f64::NEG_INFINITY, f64::max);
    if above.is_finite() && top - above > 0.5 * last.size.max(1.0) {
        body.retain(|w| (w.baseline - base).abs() > tol);
    }
}

/// Horizontal borders inside the body, clustered by position, each with the columns it closes.
fn body_borders(
    layout: &Layout,
    top: f64,
    bottom: f64,
    hrules: &[BBox],
    settings: &TableSettings,
) -> Vec<HBorder> {
    let n = layout.columns();
    let mut ys: Vec<&BBox> = hrules
        .iter()
        .filter(|r| {
            r.center_y() > top + settings.snap_tolerance
                && r.center_y() < bottom - settings.snap_tolerance
        })
        .collect();
    ys.sort_by(|a, b| a.center_y().total_cmp(&b.center_y()));
    let mut out: Vec<HBorder> = Vec::new();
    let mut group: Vec<&BBox> = Vec::new();
    let flush = |group: &mut Vec<&BBox>, out: &mut Vec<HBorder>| {
        if group.is_empty() {
            return;
        }
        let y = group.iter().map(|r| r.center_y()).sum::<f64>() / group.len() as f64;
        let covers: Vec<bool> = (0..n)
            .map(|c| {
                let (x0, x1) = (layout.bounds[c], layout.bounds[c + 1]);
                let covered: f64 = group.iter().map(|r| cover(x0, x1, r.x0, r.x1)).sum();
                covered >= settings.min_column_cover
            })
            .collect();
        if covers.iter().any(|c| *c) {
            out.push(HBorder { y, covers });
        }
        group.clear();
    };
    for r in ys {
        if let Some(last) = group.last() {
            if r.center_y() - last.center_y() > settings.snap_tolerance {
                flush(&mut group, &mut out);
            }
        }
        group.push(r);
    }
    flush(&mut group, &mut out);
    out
}

/// Adds a full-width row bound above every row number of the STT column that shares a band
/// with an earlier number (no borders at all, or borders missing between rows). Gives whether
/// the page's first row is uncertain ([`PageGrid::uncertain_top`]).
fn split_bands_at_numbers(
    layout: &Layout,
    words: &[Line],
    top: f64,
    bottom: f64,
    borders: &mut Vec<HBorder>,
    settings: &TableSettings,
) -> bool {
    let stt = layout.stt_column();
    let (x0, x1) = (layout.bounds[stt], layout.bounds[stt + 1]);
    let mut labels: Vec<&Line> = words
        .iter()
        .filter(|w| w.bbox.center_x() > x0 && w.bbox.center_x() < x1)
        .filter(|w| w.bbox.center_y() > top && w.bbox.center_y() < bottom)
        .filter(|w| is_row_label(&w.text))
        .collect();
    labels.sort_by(|a, b| a.bbox.top.total_cmp(&b.bbox.top));
    let n = layout.columns();
    let mut added = Vec::new();
    let band_of =
        |y: f64, borders: &[HBorder]| borders.iter().filter(|b| b.covers[stt] && b.y < y).count();
    let (left, right) = (layout.bounds[0], layout.bounds[n]);
    let body: Vec<&Line> = words
        .iter()
        .filter(|w| w.bbox.center_x() > left && w.bbox.center_x() < right)
        .filter(|w| w.bbox.center_y() > top && w.bbox.center_y() < bottom)
        .collect();
    // The page's first line begins a block in every column trivially: a search for the first
    // label's row starts below it.
    let first_line = body
        .iter()
        .map(|w| w.bbox.bottom)
        .fold(f64::INFINITY, f64::min)
        .max(top);
    let mut uncertain = false;
    // Where each label's row begins (its own top when nothing says otherwise).
    let mut starts: Vec<f64> = Vec::with_capacity(labels.len());
    if let Some(first) = labels.first() {
        starts.push(
            column_block_start(layout, first, first_line, &body)
                .or_else(|| row_start(first, top, &body))
                .or_else(|| centred_at_page_top(layout, first, labels.get(1).copied(), &body))
                .unwrap_or(first.bbox.top),
        );
    }
    for pair in labels.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let a_start = starts.last().copied().unwrap_or(a.bbox.top);
        let start = column_block_start(layout, b, a.bbox.bottom, &body)
            .or_else(|| centred_row_end(a, a_start, b, &body))
            .or_else(|| row_start(b, a.bbox.bottom, &body))
            .unwrap_or(b.bbox.top);
        starts.push(start);
        if band_of(a.bbox.center_y(), borders) == band_of(b.bbox.center_y(), borders) {
            added.push(HBorder {
                y: start - settings.text.line_tolerance * b.size.max(1.0),
                covers: vec![true; n],
            });
        }
    }
    // Without any border over the STT column, text above the page's first row number is the
    // end of a row cut by the page break: a row of its own.
    if let Some(first) = labels.first() {
        if !borders.iter().any(|b| b.covers[stt]) {
            let y = starts.first().copied().unwrap_or(first.bbox.top)
                - settings.text.line_tolerance * first.size.max(1.0);
            let (left, right) = (layout.bounds[0], layout.bounds[n]);
            let above = words.iter().any(|w| {
                w.bbox.center_y() > top
                    && w.bbox.bottom <= y
                    && w.bbox.center_x() > left
                    && w.bbox.center_x() < right
            });
            if above {
                added.push(HBorder {
                    y,
                    covers: vec![true; n],
                });
                // The label's row was placed at the label itself, yet the label does not open
                // a block of text there: its row may begin in the text above.
                let size = first.size.max(1.0);
                let at_own_top = starts.first().is_none_or(|s| *s >= first.bbox.top);
                uncertain = at_own_top
                    && !label_opens_block(
                        first,
                        &block_starts(layout, first_line, first.bbox.bottom, size, &body),
                    );
            }
        }
    }
    borders.extend(added);
    borders.sort_by(|a, b| a.y.total_cmp(&b.y));
    uncertain
}

/// For each row band: Some(true) when no interior vertical border crosses it (a row merged
/// across the table), Some(false) when one does, None when the table has no interior borders.
/// Where the row of a row number vertically centred in a tall unbordered row begins: the top
/// of the block of lines around the number (blocks are separated by a blank gap of at least
/// [`ROW_GAP`] × size across the whole table), when that block starts above the number, below
/// `floor` (the previous number), holds no other label of the column, and the number sits near
/// the block's middle. `None`: the row
/// begins at the number (a top-aligned STT, or no clear blank gap).
fn row_start(label: &Line, floor: f64, body: &[&Line]) -> Option<f64> {
    let size = label.size.max(1.0);
    let gap = ROW_GAP * size;
    // Every line, those above `floor` too: a block begins at a blank gap, not at the floor.
    let mut spans: Vec<(f64, f64)> = body.iter().map(|w| (w.bbox.top, w.bbox.bottom)).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Merge the lines into blocks separated by blank gaps.
    let mut blocks: Vec<(f64, f64)> = Vec::new();
    for (t, b) in spans {
        match blocks.last_mut() {
            Some(last) if t < last.1 + gap => last.1 = last.1.max(b),
            _ => blocks.push((t, b)),
        }
    }
    let c = label.bbox.center_y();
    let &(t, b) = blocks.iter().find(|(t, b)| *t <= c && c <= *b)?;
    // A block holding another label of the column is several rows, not the label's own.
    let shared = body.iter().any(|w| {
        is_row_label(&w.text)
            && !std::ptr::eq(*w, label)
            && (w.bbox.center_x() - label.bbox.center_x()).abs() < 2.0 * size
            && (w.bbox.center_y() - c).abs() > 0.5 * size
            && w.bbox.center_y() > t
            && w.bbox.center_y() < b
    });
    if shared {
        return None;
    }
    let centred = (c - (t + b) / 2.0).abs() <= CENTRED_SLACK * (b - t) + 0.5 * size;
    (t < label.bbox.top - 0.5 * size && t > floor && centred).then_some(t)
}

/// Where the row of a row label that is not at its row's top begins, read from the other
/// columns: without borders or a blank gap between rows (a Word table without borders, whose
/// cells have no top or bottom margin), each cell's text still begins at its row's top, so a
/// row begins where [`BLOCK_START_COLUMNS`] or more columns begin a block of text together (a
/// line with a gap of at least [`ROW_GAP`] × size above it in its column). Searched between
/// `floor` (the previous label) and the label. `None`: the label's own line is such a start (a
/// top-aligned label), or no height qualifies.
fn column_block_start(layout: &Layout, label: &Line, floor: f64, body: &[&Line]) -> Option<f64> {
    let size = label.size.max(1.0);
    let starts = block_starts(layout, floor, label.bbox.bottom, size, body);
    if label_opens_block(label, &starts) {
        return None;
    }
    starts
        .iter()
        .filter(|(y, n)| *n >= BLOCK_START_COLUMNS && *y < label.bbox.top)
        .max_by(|a, b| a.1.cmp(&b.1).then(a.0.total_cmp(&b.0)))
        .map(|(y, _)| *y)
}

/// Whether [`BLOCK_START_COLUMNS`] columns begin a block of text on the label's own line: the
/// label is at its row's top.
fn label_opens_block(label: &Line, starts: &[(f64, usize)]) -> bool {
    let size = label.size.max(1.0);
    starts
        .iter()
        .any(|(y, n)| (*y - label.bbox.top).abs() <= line_slack(size) && *n >= BLOCK_START_COLUMNS)
}

/// The heights in `(floor, until]` where lines begin a block of text in their column (a gap of
/// at least [`ROW_GAP`] × size above them, or nothing above them on the page), each with the
/// number of columns, the STT column aside, beginning one there.
fn block_starts(
    layout: &Layout,
    floor: f64,
    until: f64,
    size: f64,
    body: &[&Line],
) -> Vec<(f64, usize)> {
    let stt = layout.stt_column();
    let same = |a: f64, b: f64| (a - b).abs() <= line_slack(size);
    let mut starts: Vec<(f64, usize)> = Vec::new();
    for c in (0..layout.columns()).filter(|&c| c != stt) {
        let mut spans: Vec<(f64, f64)> = body
            .iter()
            .filter(|w| layout.column_at(w.bbox.center_x(), 0.0) == Some(c))
            .map(|w| (w.bbox.top, w.bbox.bottom))
            .collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut prev_bottom = f64::NEG_INFINITY;
        let mut prev_top = f64::NEG_INFINITY;
        for (t, b) in spans {
            if same(t, prev_top) {
                prev_bottom = prev_bottom.max(b);
                continue;
            }
            if t - prev_bottom >= ROW_GAP * size && (t + b) / 2.0 > floor && t <= until {
                match starts.iter_mut().find(|(y, _)| same(*y, t)) {
                    Some(s) => s.1 += 1,
                    None => starts.push((t, 1)),
                }
            }
            prev_top = t;
            prev_bottom = prev_bottom.max(b);
        }
    }
    starts
}

/// Where the row after a vertically centred label `a` begins, when nothing else marks it (the
/// rows' text runs on without a gap in every column): `a`'s row, begun at `a_start` above the
/// label, ends as far below the label's middle as it began above it; the row after begins at
/// the line starting there (within half a line), above the next label `b`.
fn centred_row_end(a: &Line, a_start: f64, b: &Line, body: &[&Line]) -> Option<f64> {
    let size = a.size.max(1.0);
    if a_start >= a.bbox.top - 0.5 * size {
        return None; // a top-aligned label: its row's height is not told by it
    }
    let end = 2.0 * a.bbox.center_y() - a_start;
    body.iter()
        .map(|w| w.bbox.top)
        .filter(|t| *t > a.bbox.bottom && *t <= b.bbox.top && (t - end).abs() <= 0.5 * size)
        .min_by(|x, y| (x - end).abs().total_cmp(&(y - end).abs()))
}

/// Whether the page's first label, vertically centred, heads a row that begins at the page's
/// first line (rather than that line ending the previous page's row): [`PAGE_TOP_ROW_COLUMNS`]
/// columns besides the STT begin at that line (a row cut by the page break goes on in its long
/// cells only), the label sits below that line, and the row centred on the label ends at a line
/// above the next label ([`centred_row_end`]). Gives the first line's top.
fn centred_at_page_top(
    layout: &Layout,
    first: &Line,
    next: Option<&Line>,
    body: &[&Line],
) -> Option<f64> {
    let size = first.size.max(1.0);
    let next = next?;
    let line_top = body
        .iter()
        .map(|w| w.bbox.top)
        .fold(f64::INFINITY, f64::min);
    if !line_top.is_finite() || first.bbox.top < line_top + 0.5 * size {
        return None;
    }
    // Columns beginning a block on the label's own line: a top-aligned label under the end
    // of the previous page's row.
    let below_first_line = body
        .iter()
        .map(|w| w.bbox.bottom)
        .fold(f64::INFINITY, f64::min);
    if label_opens_block(
        first,
        &block_starts(layout, below_first_line, first.bbox.bottom, size, body),
    ) {
        return None;
    }
    let stt = layout.stt_column();
    let columns = (0..layout.columns())
        .filter(|&c| c != stt)
        .filter(|&c| {
            body.iter().any(|w| {
                layout.column_at(w.bbox.center_x(), 0.0) == Some(c)
                    && (w.bbox.top - line_top).abs() <= line_slack(size)
            })
        })
        .count();
    if columns < PAGE_TOP_ROW_COLUMNS {
        return None;
    }
    // The row centred on the label must end where the next row visibly begins: at the next
    // label's line, or where columns begin a block together.
    let end = centred_row_end(first, line_top, next, body)?;
    let next_starts = block_starts(layout, first.bbox.bottom, next.bbox.bottom, size, body);
    let confirmed = (end - next.bbox.top).abs() <= line_slack(size)
        || next_starts
            .iter()
            .any(|(y, n)| (*y - end).abs() <= line_slack(size) && *n >= BLOCK_START_COLUMNS);
    confirmed.then_some(line_top)
}

/// Fewest columns (the STT column aside) beginning at a page's first line for that line to
/// begin the row of a centred label below it ([`centred_at_page_top`]).
const PAGE_TOP_ROW_COLUMNS: usize = 3;

/// Lines whose tops are this close (× size) begin together.
fn line_slack(size: f64) -> f64 {
    0.3 * size
}

/// Fewest columns (the STT column aside) that must begin a block of text at one height for a
/// row to begin there ([`column_block_start`]).
const BLOCK_START_COLUMNS: usize = 2;

/// A blank gap of this × size across the whole table separates two unbordered rows.
const ROW_GAP: f64 = 0.45;
/// A row number counts as vertically centred within this share of its row's height.
const CENTRED_SLACK: f64 = 0.2;

fn spanning_rows(
    layout: &Layout,
    rows: &[(f64, f64)],
    vrules: &[BBox],
    settings: &TableSettings,
) -> Vec<Option<bool>> {
    let n = layout.columns();
    let stt = layout.stt_column();
    // Interior bounds right of the column after STT.
    let interior: Vec<f64> = layout
        .bounds
        .iter()
        .copied()
        .skip(stt + 2)
        .take(n.saturating_sub(stt + 2))
        .collect();
    ruled_through(&interior, rows, vrules, settings)
        .into_iter()
        .map(|crossed| crossed.map(|c| !c))
        .collect()
}

/// For each row band: Some(true) when a vertical border runs along the STT column's right
/// edge through it, Some(false) when the page has such borders but not in this row, None when
/// the page has none there.
fn stt_bound_ruled(
    layout: &Layout,
    rows: &[(f64, f64)],
    vrules: &[BBox],
    settings: &TableSettings,
) -> Vec<Option<bool>> {
    match layout.bounds.get(layout.stt_column() + 1) {
        Some(&x) => ruled_through(&[x], rows, vrules, settings),
        None => vec![None; rows.len()],
    }
}

/// For each row band: Some(true) when a vertical border at one of `xs` crosses the band's
/// middle, Some(false) when none does, None when the page has no vertical border at any `xs`.
fn ruled_through(
    xs: &[f64],
    rows: &[(f64, f64)],
    vrules: &[BBox],
    settings: &TableSettings,
) -> Vec<Option<bool>> {
    let at: Vec<&BBox> = vrules
        .iter()
        .filter(|r| {
            xs.iter()
                .any(|x| (r.center_x() - x).abs() <= settings.join_tolerance)
        })
        .collect();
    if at.is_empty() {
        return vec![None; rows.len()];
    }
    rows.iter()
        .map(|(top, bottom)| {
            let mid = (top + bottom) / 2.0;
            Some(at.iter().any(|r| r.top <= mid && r.bottom >= mid))
        })
        .collect()
}

/// For each row band, the interior column bounds that no vertical border crosses although the
/// page rules that bound in other rows: there, the cells left and right are one cell spanning
/// both columns ("Theo phân công tại Quyết định …" written once across Chủ trì and Phối hợp).
/// Empty for pages without vertical borders, where nothing can tell a span from a gap.
fn unruled_bounds(
    layout: &Layout,
    rows: &[(f64, f64)],
    vrules: &[BBox],
    settings: &TableSettings,
) -> Vec<Vec<usize>> {
    let n = layout.columns();
    let mut open = vec![Vec::new(); rows.len()];
    for k in 1..n {
        let through = ruled_through(&layout.bounds[k..=k], rows, vrules, settings);
        let ruled_rows = through.iter().filter(|t| **t == Some(true)).count();
        if ruled_rows == 0 {
            continue;
        }
        for (r, t) in through.iter().enumerate() {
            if *t == Some(false) {
                open[r].push(k);
            }
        }
    }
    open
}

/// Builds the cells (vertical merges where a border is missing over a column; section rows
/// merged across; horizontal spans where a column bound is not ruled through a row) and puts
/// every glyph of the page into one cell, the header, above or below the table, or a warning.
#[allow(clippy::too_many_arguments)]
fn assign_glyphs(
    grid: &mut PageGrid,
    glyphs: &[&Glyph],
    inner: &[&HBorder],
    spanning: &[Option<bool>],
    stt_closed: &[Option<bool>],
    open_bounds: &[Vec<usize>],
    words: &[Line],
    settings: &TableSettings,
) {
    let n = grid.layout.columns();
    let stt = grid.layout.stt_column();
    let rows = grid.rows.len();
    let tol = settings.join_tolerance;
    let stt_edge = grid.layout.bounds[stt + 1];
    // The words of a row band whose text runs over the STT column's right edge (a section
    // row printed as one cell across the whole table: "A. HOÀN THIỆN THỂ CHẾ").
    let straddling = |row: usize| -> Option<Line> {
        let (top, bottom) = grid.rows[row];
        let (x0, x1) = (grid.layout.bounds[0], grid.layout.bounds[n]);
        let gs: Vec<&Glyph> = glyphs
            .iter()
            .copied()
            .filter(|g| {
                let (cx, cy) = (g.bbox.center_x(), g.bbox.center_y());
                cx >= x0 - tol && cx < x1 + tol && cy > top && cy < bottom
            })
            .collect();
        let first = lines_of(&gs, &settings.text).into_iter().next()?;
        let crosses = words_of(&gs, &settings.text).iter().any(|w| {
            (w.baseline - first.baseline).abs() < 0.3 * w.size.max(1.0)
                && w.bbox.x0 < stt_edge - 0.5
                && w.bbox.x1 > stt_edge + 0.5
        });
        crosses.then_some(first)
    };
    let straddle: Vec<Option<Line>> = (0..rows)
        .map(|r| match stt_closed.get(r).copied().flatten() {
            Some(true) => None,
            _ => straddling(r),
        })
        .collect();

    // Section rows by borders; where borders cannot tell, by the STT label (decided below).
    let stt_label = |row: usize| -> String {
        let (top, bottom) = grid.rows[row];
        let (x0, x1) = (grid.layout.bounds[stt], grid.layout.bounds[stt + 1]);
        let gs: Vec<&Glyph> = glyphs
            .iter()
            .copied()
            .filter(|g| {
                let (cx, cy) = (g.bbox.center_x(), g.bbox.center_y());
                cx >= x0 && cx < x1 && cy > top && cy < bottom
            })
            .collect();
        lines_of(&gs, &settings.text)
            .first()
            .map(|l| l.text.clone())
            .unwrap_or_default()
    };
    // Where no vertical border can tell, a row numbered like a data row ("1", "2" under
    // restarting or dotted numbering) is a section row when its text is bold and the page's
    // other numbered rows are not.
    let bold_rows: Vec<bool> = (0..rows)
        .map(|r| {
            let (top, bottom) = grid.rows[r];
            let (x0, x1) = (grid.layout.bounds[0], grid.layout.bounds[n]);
            let mut inside = glyphs
                .iter()
                .filter(|g| !g.text.trim().is_empty())
                .filter(|g| {
                    let (cx, cy) = (g.bbox.center_x(), g.bbox.center_y());
                    cx >= x0 - tol && cx < x1 + tol && cy > top && cy < bottom
                })
                .peekable();
            inside.peek().is_some() && inside.all(|g| is_bold_font(&g.font))
        })
        .collect();
    let labels: Vec<String> = (0..rows)
        .map(|r| match &straddle[r] {
            Some(line) => line.text.split(' ').next().unwrap_or("").to_string(),
            None => stt_label(r),
        })
        .collect();
    let numbered: Vec<usize> = (0..rows).filter(|&r| is_row_number(&labels[r])).collect();
    let bold_means_section = numbered.iter().any(|&r| !bold_rows[r]);
    let merged_across: Vec<bool> = (0..rows)
        .map(|r| match spanning.get(r).copied().flatten() {
            Some(s) => s && !labels[r].is_empty(),
            None => {
                is_section_label(&labels[r])
                    || (bold_means_section && bold_rows[r] && is_row_number(&labels[r]))
            }
        })
        .collect();

    // Cells: per column, runs of row bands not separated by a border over that column.
    let mut cell_at = vec![vec![usize::MAX; n]; rows];
    let mut cells: Vec<GridCell> = Vec::new();
    for c in 0..n {
        let mut r = 0;
        while r < rows {
            if cell_at[r][c] != usize::MAX {
                r += 1;
                continue;
            }
            if merged_across[r] && straddle[r].is_some() {
                // One cell over the whole row, STT column included.
                let id = cells.len();
                cells.push(GridCell {
                    col: 0,
                    col_end: n - 1,
                    row: r,
                    row_end: r,
                    lines: Vec::new(),
                    bbox: None,
                    text: String::new(),
                });
                cell_at[r].fill(id);
                r += 1;
                continue;
            }
            if merged_across[r] && c != stt {
                let id = cells.len();
                let first = if stt == 0 { 1 } else { 0 };
                cells.push(GridCell {
                    col: first,
                    col_end: n - 1,
                    row: r,
                    row_end: r,
                    lines: Vec::new(),
                    bbox: None,
                    text: String::new(),
                });
                for cc in (0..n).filter(|cc| *cc != stt) {
                    cell_at[r][cc] = id;
                }
                r += 1;
                continue;
            }
            let mut end = r;
            while end + 1 < rows && !merged_across[end + 1] && !inner[end].covers[c] {
                end += 1;
            }
            let id = cells.len();
            cells.push(GridCell {
                col: c,
                col_end: c,
                row: r,
                row_end: end,
                lines: Vec::new(),
                bbox: None,
                text: String::new(),
            });
            for row in cell_at.iter_mut().take(end + 1).skip(r) {
                row[c] = id;
            }
            r = end + 1;
        }
    }

    merge_spans(&mut cells, &mut cell_at, open_bounds, &merged_across);

    let mut members: Vec<Vec<&Glyph>> = vec![Vec::new(); cells.len()];
    let mut above: Vec<&Glyph> = Vec::new();
    let mut stray: Vec<&Glyph> = Vec::new();
    let mut placements = Vec::with_capacity(glyphs.len());
    for g in glyphs.iter().copied() {
        let (cx, cy) = (g.bbox.center_x(), g.bbox.center_y());
        let place = if g.text.trim().is_empty() {
            Placement::Space
        } else if cy < grid.header_top {
            Placement::Above
        } else if cy <= grid.header_bottom {
            match grid.layout.column_at(cx, tol) {
                Some(_) => Placement::Header,
                None => Placement::Stray,
            }
        } else if cy > grid.bottom {
            Placement::Below
        } else {
            let col = grid.layout.column_at(cx, tol);
            let row = grid.rows.iter().position(|(t, b)| cy > *t && cy <= *b);
            match (col, row) {
                (Some(col), Some(row)) => Placement::Cell(cell_at[row][col]),
                _ => Placement::Stray,
            }
        };
        match place {
            Placement::Above => above.push(g),
            Placement::Stray => stray.push(g),
            Placement::Cell(i) => members[i].push(g),
            _ => {}
        }
        placements.push(place);
    }
    for (cell, gs) in cells.iter_mut().zip(members) {
        cell.lines = lines_of(&gs, &settings.text);
        cell.bbox = cell.lines.iter().map(|l| l.bbox).reduce(|a, b| a.union(&b));
    }
    // Text edges per column: the leftmost line start gives the cell padding, assumed the same
    // on the right. A producer breaks a word only at the right text edge.
    let bounds = &grid.layout.bounds;
    let mut pads = vec![f64::INFINITY; n];
    for cell in cells.iter().filter(|k| k.col == k.col_end) {
        for l in &cell.lines {
            pads[cell.col] = pads[cell.col].min(l.bbox.x0 - bounds[cell.col]);
        }
    }
    for cell in cells.iter_mut() {
        let pad = pads[cell.col].clamp(0.0, 0.25 * (bounds[cell.col + 1] - bounds[cell.col]));
        let (x0, x1) = (bounds[cell.col] + pad, bounds[cell.col_end + 1] - pad);
        cell.text = join_lines(&cell.lines, x0, x1, &settings.text);
    }

    // A word printed across a column line between two different cells was cut in two: the
    // cells are not what the page shows (a span whose border is drawn, text overflowing).
    for w in words {
        let cy = w.bbox.center_y();
        if cy <= grid.header_bottom || cy > grid.bottom {
            continue;
        }
        let Some(row) = grid.rows.iter().position(|(t, b)| cy > *t && cy <= *b) else {
            continue;
        };
        let cut = (1..n).find(|&k| {
            let x = grid.layout.bounds[k];
            w.bbox.x0 < x - settings.cut_word_overlap * w.size.max(1.0)
                && w.bbox.x1 > x + settings.cut_word_overlap * w.size.max(1.0)
                && cell_at[row][k - 1] != cell_at[row][k]
        });
        if let Some(k) = cut {
            grid.warnings.push(
                Warning::new(
                    WarningCode::TextAcrossColumns,
                    format!(
                        "the word {:?} on page {} is printed across the line between columns {} and {} and was cut between their cells",
                        w.text,
                        grid.page,
                        k,
                        k + 1
                    ),
                )
                .on_page(grid.page)
                .at(w.bbox),
            );
        }
    }

    for line in lines_of(&stray, &settings.text) {
        grid.warnings.push(
            Warning::new(
                WarningCode::UnassignedText,
                format!(
                    "text outside every column on page {}: {:?}",
                    grid.page, line.text
                ),
            )
            .on_page(grid.page)
            .at(line.bbox)
            .with_text(line.text),
        );
    }
    grid.above = lines_of(&above, &settings.text);
    grid.cells = cells;
    grid.cell_at = cell_at;
    grid.merged_across = merged_across;
    grid.placements = placements;
}

/// Joins side by side the one-column cells of a row that an unruled column bound separates,
/// when both cover exactly the same row bands (a rectangle): one cell spanning the columns.
fn merge_spans(
    cells: &mut [GridCell],
    cell_at: &mut [Vec<usize>],
    open_bounds: &[Vec<usize>],
    merged_across: &[bool],
) {
    for (r, bounds) in open_bounds.iter().enumerate() {
        if merged_across.get(r).copied().unwrap_or(false) {
            continue;
        }
        for &k in bounds {
            let (Some(&a), Some(&b)) = (
                cell_at.get(r).and_then(|v| v.get(k - 1)),
                cell_at.get(r).and_then(|v| v.get(k)),
            ) else {
                continue;
            };
            if a == b {
                continue;
            }
            let (Some(ca), Some(cb)) = (cells.get(a), cells.get(b)) else {
                continue;
            };
            if ca.row != cb.row || ca.row_end != cb.row_end || ca.col_end + 1 != cb.col {
                continue;
            }
            // The bound must be open over every row band the cells cover.
            let open_through =
                (ca.row..=ca.row_end).all(|rr| open_bounds.get(rr).is_some_and(|o| o.contains(&k)));
            if !open_through {
                continue;
            }
            let (row, row_end, col_end) = (cb.row, cb.row_end, cb.col_end);
            cells[a].col_end = col_end;
            for line in cell_at.iter_mut().take(row_end + 1).skip(row) {
                for id in line.iter_mut() {
                    if *id == b {
                        *id = a;
                    }
                }
            }
            // Cell `b` stays in the list, covering nothing: it gets no glyphs and no row.
            cells[b].row_end = cells[b].row;
            cells[b].col_end = cells[b].col;
        }
    }
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
    let candidates = header_candidates(&words, settings);
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
        let (hrules, _) = split_rules(&page.rules, settings);
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
        assert!(is_section_label("IV"));
        assert!(is_section_label("II."));
        assert!(is_section_label("A"));
        assert!(is_section_label("Đ"));
        assert!(!is_section_label("Sở"));
        assert!(!is_section_label("1"));
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
        let start = column_block_start(&layout, &ws[6], ws[0].bbox.bottom, &body);
        assert_eq!(start, Some(100.0));
        // A top-aligned label: the columns begin on its own line, nothing to move.
        let top = [word("b)", 5.0, 100.0)];
        assert_eq!(column_block_start(&layout, &top[0], 98.0, &body), None);
        // Only one column beginning there is not enough.
        let lone: Vec<&Line> = ws.iter().filter(|w| w.text != "Quý").collect();
        assert_eq!(column_block_start(&layout, &ws[6], 98.0, &lone), None);
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
            centred_at_page_top(&layout, &ws[4], Some(&ws[9]), &body),
            Some(50.0)
        );
        // Unconfirmed: the next row does not visibly begin where the centred row would end.
        let loose: Vec<&Line> = ws
            .iter()
            .filter(|w| w.bbox.x0 < 200.0 || w.bbox.top != 86.0)
            .collect();
        assert_eq!(
            centred_at_page_top(&layout, &ws[4], Some(&ws[9]), &loose),
            None
        );
        // The end of the previous page's row, in the task column alone, is not a row start.
        let cut: Vec<&Line> = ws
            .iter()
            .filter(|w| w.text != "Sở" && w.text != "Thường")
            .collect();
        assert_eq!(
            centred_at_page_top(&layout, &ws[4], Some(&ws[7]), &cut),
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
        let labels = body_row_labels(&ws);
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
        let x = channel(30.0, 60.0, &refs, &[]).unwrap_or(0.0);
        assert!((x - 47.5).abs() < 0.3, "{x}");
        let x = channel(30.0, 60.0, &refs, &[48.0]).unwrap_or(0.0);
        assert_eq!(x, 48.0);
    }
}
