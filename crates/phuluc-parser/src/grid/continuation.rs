//! A page without a header: whether it continues the previous page's table, and where.
//!
//! Its vertical borders line up with the previous page's columns, or a wide horizontal border
//! opens it, or — no rules at all — its text sits in the previous columns with a row number
//! beside its row's text ([`aligned_text_top`]). Also tells the accounting whether a page where
//! no table was found holds text aligned to the table ([`text_aligned_to`]).

use super::*;

/// The top of a header-less continuation page: its topmost border spanning the table, when the
/// page's vertical borders (if any) line up with the previous columns. A row cut by the page
/// break may continue with no border above it (browsers draw none over the rest of a split
/// row): where the vertical borders of at least half the columns reach higher than the first
/// spanning border, the table starts at their top.
pub(super) fn continuation_top(
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
pub(super) fn aligned_text_top(
    prev: &Layout,
    words: &[Line],
    settings: &TableSettings,
) -> Option<f64> {
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
pub(super) fn aligned_body<'w>(
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
pub(super) const ALIGNED_MIN_WORDS: usize = 5;

/// Largest share of those words that may run across a column bound.
pub(super) const ALIGNED_MAX_ACROSS: f64 = 0.05;

pub(super) fn realign_bounds(
    layout: &mut Layout,
    vrules: &[BBox],
    top: f64,
    settings: &TableSettings,
) {
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
