//! Stage 3, the row bands: a column model and the page's words and borders in, the table's
//! bottom and the horizontal bounds between its rows out (each saying which columns it closes).
//!
//! Ruled: the body's horizontal borders; a border missing over a column continues that column's
//! cell (a vertical merge). Unbordered (or one band holding several row numbers): a bound where
//! the row of each label of the STT column begins — on the label's line, or above it where the
//! label is centred (read from the columns' block starts, the previous label's centring, or a
//! blank gap). Also which rows interior borders cross (spans, section rows).

use super::*;

/// Drops partial borders that open only empty cells: the bottoms of merged cells cut short at
/// a page break (a browser printing a table with separate borders ends a split `rowspan` cell
/// a little above the row's own bottom). Kept, they would make a text-less row and merge every
/// other column over it.
pub(super) fn drop_empty_partial_bands(
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

/// The table's bottom: its lowest horizontal border, or without one the last line before a
/// large gap.
pub(super) fn table_bottom(
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
pub(super) fn outer_border_end(
    outer: &[&BBox],
    header_bottom: f64,
    settings: &TableSettings,
) -> Option<f64> {
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

/// Removes a page number printed below the table's text (its last line, set apart from the
/// line above by more than a line's spacing) from the body words.
pub(super) fn drop_page_number(body: &mut Vec<&Line>, settings: &TableSettings) {
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
pub(super) fn body_borders(
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
pub(super) fn split_bands_at_numbers(
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
    let lines = PageLines::new(layout, &body);
    let first_line = lines.first_bottom.max(top);
    let mut uncertain = false;
    // Where each label's row begins (its own top when nothing says otherwise).
    let mut starts: Vec<f64> = Vec::with_capacity(labels.len());
    if let Some(first) = labels.first() {
        starts.push(
            column_block_start(first, first_line, &lines)
                .or_else(|| row_start(first, top, &body))
                .or_else(|| centred_at_page_top(first, labels.get(1).copied(), &lines))
                .or_else(|| bottom_at_page_top(first, labels.get(1).copied(), &lines))
                .unwrap_or(first.bbox.top),
        );
    }
    for pair in labels.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let a_start = starts.last().copied().unwrap_or(a.bbox.top);
        let start = column_block_start(b, a.bbox.bottom, &lines)
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
                        &block_starts(&lines, first_line, first.bbox.bottom, size),
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
pub(super) fn row_start(label: &Line, floor: f64, body: &[&Line]) -> Option<f64> {
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
pub(super) fn column_block_start(label: &Line, floor: f64, lines: &PageLines) -> Option<f64> {
    let size = label.size.max(1.0);
    let starts = block_starts(lines, floor, label.bbox.bottom, size);
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
pub(super) fn label_opens_block(label: &Line, starts: &[(f64, usize)]) -> bool {
    let size = label.size.max(1.0);
    starts
        .iter()
        .any(|(y, n)| (*y - label.bbox.top).abs() <= line_slack(size) && *n >= BLOCK_START_COLUMNS)
}

/// A page's body lines in the table's columns, for the row-beginning searches: the words, and
/// per column (the STT column left empty) the (top, bottom) of its words sorted by top —
/// computed once per page, searched once per label.
pub(super) struct PageLines<'a> {
    pub(super) body: &'a [&'a Line],
    columns: Vec<Vec<(f64, f64)>>,
    /// The top and the bottom of the page's first line (the least of its words' tops and
    /// bottoms; infinite without words).
    first_top: f64,
    first_bottom: f64,
}

impl<'a> PageLines<'a> {
    pub(super) fn new(layout: &Layout, body: &'a [&'a Line]) -> PageLines<'a> {
        let stt = layout.stt_column();
        let mut columns: Vec<Vec<(f64, f64)>> = vec![Vec::new(); layout.columns()];
        for w in body {
            if let Some(c) = layout.column_at(w.bbox.center_x(), 0.0) {
                if c != stt {
                    columns[c].push((w.bbox.top, w.bbox.bottom));
                }
            }
        }
        for spans in &mut columns {
            spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        let first_top = body
            .iter()
            .map(|w| w.bbox.top)
            .fold(f64::INFINITY, f64::min);
        let first_bottom = body
            .iter()
            .map(|w| w.bbox.bottom)
            .fold(f64::INFINITY, f64::min);
        PageLines {
            body,
            columns,
            first_top,
            first_bottom,
        }
    }
}

/// The heights in `(floor, until]` where lines begin a block of text in their column (a gap of
/// at least [`ROW_GAP`] × size above them, or nothing above them on the page), each with the
/// number of columns, the STT column aside, beginning one there.
pub(super) fn block_starts(
    lines: &PageLines,
    floor: f64,
    until: f64,
    size: f64,
) -> Vec<(f64, usize)> {
    let same = |a: f64, b: f64| (a - b).abs() <= line_slack(size);
    let mut starts: Vec<(f64, usize)> = Vec::new();
    for spans in &lines.columns {
        let mut prev_bottom = f64::NEG_INFINITY;
        let mut prev_top = f64::NEG_INFINITY;
        for &(t, b) in spans {
            if t > until {
                break;
            }
            if same(t, prev_top) {
                prev_bottom = prev_bottom.max(b);
                continue;
            }
            if t - prev_bottom >= ROW_GAP * size && (t + b) / 2.0 > floor {
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
pub(super) fn centred_row_end(a: &Line, a_start: f64, b: &Line, body: &[&Line]) -> Option<f64> {
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

/// What both page-top readings ([`centred_at_page_top`], [`bottom_at_page_top`]) ask first of
/// the page's first label: that it stands below the page's first line without opening a block
/// of its own (a top-aligned label under the end of the previous page's row does), and that
/// [`PAGE_TOP_ROW_COLUMNS`] columns begin at that line. Gives the line's top.
fn row_may_open_page(first: &Line, lines: &PageLines) -> Option<f64> {
    let size = first.size.max(1.0);
    let line_top = lines.first_top;
    if !line_top.is_finite() || first.bbox.top < line_top + 0.5 * size {
        return None;
    }
    if label_opens_block(
        first,
        &block_starts(lines, lines.first_bottom, first.bbox.bottom, size),
    ) {
        return None;
    }
    let columns = lines
        .columns
        .iter()
        .filter(|spans| {
            spans
                .iter()
                .any(|(t, _)| (t - line_top).abs() <= line_slack(size))
        })
        .count();
    (columns >= PAGE_TOP_ROW_COLUMNS).then_some(line_top)
}

/// Whether the page's first label, vertically centred, heads a row that begins at the page's
/// first line (rather than that line ending the previous page's row): [`PAGE_TOP_ROW_COLUMNS`]
/// columns besides the STT begin at that line (a row cut by the page break goes on in its long
/// cells only), the label sits below that line, and the row centred on the label ends at a line
/// above the next label ([`centred_row_end`]). Gives the first line's top.
pub(super) fn centred_at_page_top(
    first: &Line,
    next: Option<&Line>,
    lines: &PageLines,
) -> Option<f64> {
    let body = lines.body;
    let size = first.size.max(1.0);
    let next = next?;
    let line_top = row_may_open_page(first, lines)?;
    // The row centred on the label must end where the next row visibly begins: at the next
    // label's line, or where columns begin a block together.
    let end = centred_row_end(first, line_top, next, body)?;
    let next_starts = block_starts(lines, first.bbox.bottom, next.bbox.bottom, size);
    let confirmed = (end - next.bbox.top).abs() <= line_slack(size)
        || next_starts
            .iter()
            .any(|(y, n)| (*y - end).abs() <= line_slack(size) && *n >= BLOCK_START_COLUMNS);
    confirmed.then_some(line_top)
}

/// Whether the page's first label is printed on its row's last line (a bottom-aligned STT)
/// and heads a row that begins at the page's first line (rather than that line ending the
/// previous page's row): [`PAGE_TOP_ROW_COLUMNS`] columns besides the STT begin at that line,
/// the label sits below it without opening a block of its own, and the next row begins right
/// under the label — the next label on the following line, or [`BLOCK_START_COLUMNS`] columns
/// beginning a block there. Gives the first line's top.
pub(super) fn bottom_at_page_top(
    first: &Line,
    next: Option<&Line>,
    lines: &PageLines,
) -> Option<f64> {
    let size = first.size.max(1.0);
    let line_top = row_may_open_page(first, lines)?;
    // The line under the label: where the next row must begin if the label closes its row.
    let under = lines
        .body
        .iter()
        .map(|w| w.bbox.top)
        .filter(|t| *t > first.bbox.bottom - line_slack(size))
        .fold(f64::INFINITY, f64::min);
    if !under.is_finite() || under - first.bbox.bottom > NEXT_LINE * size {
        return None;
    }
    let next_label_under = next.is_some_and(|n| (n.bbox.top - under).abs() <= line_slack(size));
    let columns_begin = block_starts(lines, first.bbox.bottom, under + line_slack(size), size)
        .iter()
        .any(|(y, n)| (*y - under).abs() <= line_slack(size) && *n >= BLOCK_START_COLUMNS);
    (next_label_under || columns_begin).then_some(line_top)
}

/// Largest gap (× size) between a line and the line right under it.
pub(super) const NEXT_LINE: f64 = 0.8;

/// Fewest columns (the STT column aside) beginning at a page's first line for that line to
/// begin the row of a centred label below it ([`centred_at_page_top`]).
pub(super) const PAGE_TOP_ROW_COLUMNS: usize = 3;

/// Lines whose tops are this close (× size) begin together.
pub(super) fn line_slack(size: f64) -> f64 {
    0.3 * size
}

/// Fewest columns (the STT column aside) that must begin a block of text at one height for a
/// row to begin there ([`column_block_start`]).
pub(super) const BLOCK_START_COLUMNS: usize = 2;

/// A blank gap of this × size across the whole table separates two unbordered rows.
pub(super) const ROW_GAP: f64 = 0.45;

/// A row number counts as vertically centred within this share of its row's height.
pub(super) const CENTRED_SLACK: f64 = 0.2;

pub(super) fn spanning_rows(
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
pub(super) fn stt_bound_ruled(
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
pub(super) fn ruled_through(
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
pub(super) fn unruled_bounds(
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
