//! Stage 1, the header band: a page's words and horizontal borders in, the band of the table's
//! header out ([`HeaderBand`]: its top, bottom, words and extent), or none.
//!
//! Header phrases of the vocabulary ("STT", "Mục tiêu", "Chủ trì" …, possibly wrapped) are
//! found on the page; running text (a title, a paragraph) and numbered body lines separate
//! them. The topmost band holding enough distinct fields is the header; its top and bottom come
//! from the borders around it, or, unruled, from the lines stacked on its phrases, up to the
//! first body row under it.

use super::*;

/// Share of the header phrases' extent that the header's top border must run over.
pub(super) const HEADER_TOP_RULE_COVER: f64 = 0.9;

/// The header row's vertical band and its phrase words.
#[derive(Debug, Clone)]
pub(super) struct HeaderBand {
    pub(super) top: f64,
    pub(super) bottom: f64,
    /// Every word inside the band.
    pub(super) words: Vec<Line>,
    pub(super) x0: f64,
    pub(super) x1: f64,
    pub(super) size: f64,
}

/// Finds header phrases (a stem and its completing word, on the same line or the next) and
/// the topmost band holding enough distinct fields.
/// Only phrases starting below `below` are considered (to find a second header on a page).
pub(super) fn find_header(
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
        &candidates.turned,
    )
}

/// Header phrases found on a page, the boxes of its running-text lines and the row labels
/// that open body rows (computed once per page, searched once per header band). Running text
/// and body rows separate header phrases: a phrase below them ("kết quả" in a task's text)
/// is not the header's.
pub(super) struct HeaderCandidates {
    pub(super) phrases: Vec<(Field, BBox, f64)>,
    pub(super) running: Vec<BBox>,
    pub(super) body_rows: Vec<BBox>,
    /// Boxes of glyphs printed turned (a vertical "STT"): their letters are not row labels.
    pub(super) turned: Vec<BBox>,
}

pub(super) fn header_candidates(
    words: &[Line],
    glyphs: &[&Glyph],
    settings: &TableSettings,
) -> HeaderCandidates {
    let keys: Vec<String> = words
        .iter()
        .map(|w| crate::vocab::header_key(&w.text))
        .collect();
    let firsts: Vec<&str> = keys
        .iter()
        .map(|k| k.split(' ').next().unwrap_or(""))
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
            // Where the completing word may stand first (cheap), then its text.
            let found = words.iter().enumerate().find(|(j, o)| {
                *j != i
                    && o.bbox.top >= w.bbox.top - 0.3 * size
                    && o.bbox.top <= w.bbox.bottom + 0.8 * size
                    && o.bbox.x0 >= w.bbox.x0 - 4.0 * size
                    && o.bbox.x0 <= w.bbox.x1 + 1.0 * size
                    && (o.bbox.top > w.bbox.bottom - 0.3 * size || o.bbox.x0 >= w.bbox.x1 - 0.1)
                    && firsts[*j] == rest.as_str()
            });
            if let Some((_, o)) = found {
                phrases.push((*field, w.bbox.union(&o.bbox), size));
            }
        }
    }
    // A phrase inside running text (a title line, a paragraph of the plan's body) is not a
    // header cell: header lines are short and hold mostly header words.
    let lines = word_lines(words);
    let running: Vec<BBox> = text_runs(&lines, settings)
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
        body_rows: body_row_labels(&lines),
        turned: glyphs
            .iter()
            .filter(|g| !g.upright)
            .map(|g| g.bbox)
            .collect(),
    }
}

/// The row labels that open body rows: a line's leftmost word is a row label ("1", "I", "2.3")
/// and words follow it that are not all numbers (a header's column-number row, "1 2 3 4", is
/// not a body row).
pub(super) fn body_row_labels(lines: &[Vec<&Line>]) -> Vec<BBox> {
    lines
        .iter()
        .filter_map(|line| {
            let (first, rest) = line.split_first()?;
            let opens = is_row_label(&first.text)
                && !rest.is_empty()
                && !rest.iter().all(|w| is_row_number(&w.text));
            opens.then_some(first.bbox)
        })
        .collect()
}

/// The topmost band of `phrases` (sorted top-down) holding enough distinct fields.
pub(super) fn header_from_phrases(
    words: &[Line],
    hrules: &[BBox],
    settings: &TableSettings,
    phrases: &[(Field, BBox, f64)],
    running: &[BBox],
    body_rows: &[BBox],
    turned: &[BBox],
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
            let mut band =
                header_band(words, hrules, x0, x1, ptop, pbottom, floor, *size, settings);
            grow_over_turned(&mut band, words, turned, settings);
            if is_body_row(&band, x0, turned, settings) {
                continue;
            }
            return Some(band);
        }
    }
    None
}

/// A turned header cell (a vertical "STT", read bottom to top) may stand taller than the
/// header's upright lines, which set an unruled band: the band's top rises to hold each run of
/// turned glyphs centred inside the band — letters stacked one above the other, no taller than
/// a header may be (a rotated stamp along the page edge is not a header cell).
fn grow_over_turned(
    band: &mut HeaderBand,
    words: &[Line],
    turned: &[BBox],
    settings: &TableSettings,
) {
    let size = band.size.max(1.0);
    let mut glyphs: Vec<&BBox> = turned.iter().collect();
    glyphs.sort_by(|a, b| {
        a.center_x()
            .total_cmp(&b.center_x())
            .then(a.top.total_cmp(&b.top))
    });
    // Runs: same column of letters, each touching the one above.
    let mut runs: Vec<BBox> = Vec::new();
    let mut last: Option<&BBox> = None;
    for g in glyphs {
        let joins = last.is_some_and(|l| {
            (g.center_x() - l.center_x()).abs() < TURNED_RUN_ALIGN * size
                && g.top - l.bottom < TURNED_RUN_GAP * size
        });
        match runs.last_mut() {
            Some(run) if joins => *run = run.union(g),
            _ => runs.push(*g),
        }
        last = Some(g);
    }
    let mut top = band.top;
    for run in runs {
        let centred = run.center_y() > band.top && run.center_y() < band.bottom;
        if centred && run.top < top && run.bottom - run.top <= settings.max_header_height * size {
            top = run.top - 0.1;
        }
    }
    if top < band.top {
        band.top = top;
        band.words = words
            .iter()
            .filter(|w| w.bbox.center_y() > band.top && w.bbox.center_y() < band.bottom)
            .cloned()
            .collect();
    }
}

/// How far apart (in font sizes) the centres of two turned letters may lie across their run.
const TURNED_RUN_ALIGN: f64 = 0.5;

/// Largest gap (in font sizes) between two turned letters of one run.
const TURNED_RUN_GAP: f64 = 0.5;

/// Whether a candidate header band is a body row whose cells happen to name header phrases
/// ("1.2. Mục tiêu 2: …", "2.2. Nhiệm vụ 2: …", "3.2. Hoạt động 2: …" side by side, on a page
/// that does not repeat the header): the band reaches farther down than a header may, or a
/// row label stands left of every phrase, where a header has its STT cell or nothing (the
/// letters of a turned "STT" are not labels).
pub(super) fn is_body_row(
    band: &HeaderBand,
    phrases_x0: f64,
    turned: &[BBox],
    settings: &TableSettings,
) -> bool {
    let size = band.size.max(1.0);
    if band.bottom - band.top > (settings.max_header_height + 1.0) * size {
        return true;
    }
    band.words.iter().any(|w| {
        w.bbox.x1 <= phrases_x0
            && is_row_label(&w.text)
            && !turned
                .iter()
                .any(|t| w.bbox.contains(t.center_x(), t.center_y()))
    })
}

/// A page's words as printed lines: grouped by baseline (within 0.3 × size), top down, each
/// line's words left to right. Computed once per page for [`text_runs`] and
/// [`body_row_labels`].
pub(super) fn word_lines(words: &[Line]) -> Vec<Vec<&Line>> {
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
    for line in &mut lines {
        line.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    }
    lines
}

/// Runs of words on one line ([`word_lines`]) with gaps narrower than an em, each with its box
/// and the number of its words that are not header vocabulary.
pub(super) fn text_runs(lines: &[Vec<&Line>], settings: &TableSettings) -> Vec<(BBox, usize)> {
    let mut runs: Vec<(BBox, usize, f64)> = Vec::new();
    for line in lines {
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

#[allow(clippy::too_many_arguments)]
pub(super) fn header_band(
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
