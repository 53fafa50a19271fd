//! Stage 2, the column model: a header band, the page's words and borders in, a [`Layout`]
//! out (column bounds, each column's header text and field).
//!
//! Bounds are the vertical borders that cross the header; where two header cells share an
//! unruled span, the bound is the least-crossed white-space channel between them (snapped to a
//! horizontal border's end). Multi-level headers give one field per leaf column
//! ([`crate::header`]).

use super::*;

/// Column bounds read by the flavor's strategies ([`Lattice`]: vertical borders crossing the
/// header; [`Stream`]: where two header cells share an unruled span, the least-crossed
/// white-space channel between them), within the table's extent from its header, borders and
/// (unruled) body text.
pub(super) fn column_layout(
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
    // Header blocks (the header cells' extents), the body's words and the ends of border
    // segments: what the stream strategy puts a bound between.
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
    let evidence = ColumnEvidence {
        size,
        left,
        right,
        crossing: &crossing,
        blocks: &blocks,
        body_words: &body_words,
        ends: &ends,
        settings,
    };
    let mut bounds: Vec<f64> = vec![left, right];
    for strategy in strategies(settings.flavor) {
        strategy.column_bounds(&evidence, &mut bounds);
    }
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
pub(super) fn header_blocks(words: &[&Line], size: f64) -> Vec<(f64, f64)> {
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
/// Gives the x and how many body words cross it.
pub(super) fn channel_crossed(
    a: f64,
    b: f64,
    words: &[&Line],
    ends: &[f64],
) -> Option<(f64, usize)> {
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
        return Some((*e, min));
    }
    Some(((lo + hi) / 2.0, min))
}
