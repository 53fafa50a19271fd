//! Text assembly: glyphs → lines → cell text.
//!
//! Takes the glyphs that fell into one cell (in any order) and gives the cell's text as a reader
//! would copy it: lines in reading order, words separated by one space (from space glyphs or, when
//! a producer leaves them out, from gaps wider than [`TextSettings::word_gap`] × font size), lines
//! joined by one space, except that
//! - a line ending in a hyphen glued to a word joins the next without a space (`2021-` + `2030`);
//! - a word the producer broke inside because it did not fit the cell is rejoined;
//! - a new list item (`- …`, `+ …`) starts after `\n`.
//!
//! The result is Unicode NFC. The document's own typos are never corrected.

use phuluc_model::{BBox, Glyph};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Tolerances of text assembly, in units of the font size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextSettings {
    /// Two glyphs whose baselines differ by less than this × size are on one line.
    pub line_tolerance: f64,
    /// A horizontal gap wider than this × size between two glyphs is a word space.
    pub word_gap: f64,
    /// A line whose last glyph ends within this × size of the cell's right text edge counts as
    /// full (used to tell a word broken by the producer from a normal line break).
    pub full_line_slack: f64,
}

impl Default for TextSettings {
    fn default() -> Self {
        TextSettings {
            line_tolerance: 0.35,
            word_gap: 0.15,
            full_line_slack: 0.6,
        }
    }
}

/// One line of text inside a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The line's text: words separated by one space, no leading/trailing space, NFC.
    pub text: String,
    pub bbox: BBox,
    pub baseline: f64,
    /// Font size of the line (largest glyph).
    pub size: f64,
    /// Width of one space in this line's font, estimated from its space glyphs or the size.
    pub space_width: f64,
    /// Right edge of the line's first word.
    pub first_word_x1: f64,
    /// Left edge of the line's last word.
    pub last_word_x0: f64,
    /// Whether the producer set a space glyph after the last word (a wrap at a word space).
    pub trailing_space: bool,
}

fn is_mark(g: &Glyph) -> bool {
    let mut chars = g.text.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if is_combining_mark(c))
}

fn is_space(g: &Glyph) -> bool {
    !g.text.is_empty() && g.text.chars().all(char::is_whitespace)
}

/// Groups glyphs into lines by baseline and orders each line by `x`, placing a separate
/// combining tone mark after the base glyph it sits on.
pub fn lines_of(glyphs: &[&Glyph], settings: &TextSettings) -> Vec<Line> {
    baseline_groups(glyphs, settings)
        .into_iter()
        .filter_map(|gs| build_line(gs, settings))
        .collect()
}

/// Splits glyphs into words (runs without a space glyph or a word gap), each as a one-word
/// [`Line`], in reading order. Used to find header phrases and column gaps.
pub fn words_of(glyphs: &[&Glyph], settings: &TextSettings) -> Vec<Line> {
    let mut words = Vec::new();
    for mut group in baseline_groups(glyphs, settings) {
        group.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        let mut run: Vec<&Glyph> = Vec::new();
        let mut last_x1 = f64::NEG_INFINITY;
        for g in group {
            if is_space(g) {
                words.extend(build_line(std::mem::take(&mut run), settings));
                continue;
            }
            if !is_mark(g)
                && g.bbox.x0 - last_x1 > settings.word_gap * g.size.max(1.0)
                && !run.is_empty()
            {
                words.extend(build_line(std::mem::take(&mut run), settings));
            }
            if !is_mark(g) {
                last_x1 = g.bbox.x1;
            }
            run.push(g);
        }
        words.extend(build_line(run, settings));
    }
    words
}

/// Groups glyphs whose baselines agree within [`TextSettings::line_tolerance`], top to bottom.
fn baseline_groups<'a>(glyphs: &[&'a Glyph], settings: &TextSettings) -> Vec<Vec<&'a Glyph>> {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| {
        a.baseline
            .total_cmp(&b.baseline)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let mut groups: Vec<Vec<&Glyph>> = Vec::new();
    for g in sorted {
        let tol = settings.line_tolerance * g.size.max(1.0);
        match groups.last_mut() {
            Some(cur) if (line_baseline(cur) - g.baseline).abs() <= tol => cur.push(g),
            _ => groups.push(vec![g]),
        }
    }
    groups
}

fn line_baseline(gs: &[&Glyph]) -> f64 {
    // The baseline of the line's base glyphs (marks may sit a little off).
    gs.iter()
        .find(|g| !is_mark(g))
        .or(gs.first())
        .map_or(0.0, |g| g.baseline)
}

fn build_line(glyphs: Vec<&Glyph>, settings: &TextSettings) -> Option<Line> {
    if glyphs.is_empty() {
        return None;
    }
    let (marks, mut bases): (Vec<&Glyph>, Vec<&Glyph>) =
        glyphs.into_iter().partition(|g| is_mark(g));
    bases.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    // Attach each mark to the base glyph under its centre (or the nearest on its left).
    let mut attached: Vec<Vec<&Glyph>> = if marks.is_empty() {
        Vec::new()
    } else {
        vec![Vec::new(); bases.len()]
    };
    let mut leading: Vec<&Glyph> = Vec::new();
    for m in marks {
        let cx = m.bbox.center_x();
        let idx = bases
            .iter()
            .rposition(|b| b.bbox.x0 <= cx && !is_space(b))
            .or_else(|| bases.iter().position(|b| !is_space(b)));
        match idx {
            Some(i) => attached[i].push(m),
            None => leading.push(m),
        }
    }
    let mut bbox: Option<BBox> = None;
    let mut size: f64 = 0.0;
    for g in bases.iter().chain(leading.iter()).filter(|g| !is_space(g)) {
        bbox = Some(bbox.map_or(g.bbox, |b| b.union(&g.bbox)));
        size = size.max(g.size);
    }
    let bbox = bbox?;
    let narrowest_space = bases
        .iter()
        .filter(|g| is_space(g))
        .map(|g| g.bbox.width())
        .fold(f64::INFINITY, f64::min);
    let space_width = if narrowest_space.is_infinite() {
        0.25 * size
    } else {
        narrowest_space.max(0.1 * size)
    };
    let mut text = String::new();
    let mut last_x1: Option<f64> = None;
    let mut pending_space = false;
    let mut first_word_x1: Option<f64> = None;
    let mut last_word_x0 = bbox.x0;
    for (i, g) in bases.iter().enumerate() {
        if is_space(g) {
            pending_space = true;
            last_x1 = Some(last_x1.map_or(g.bbox.x1, |x: f64| x.max(g.bbox.x1)));
            continue;
        }
        if let Some(x1) = last_x1 {
            if g.bbox.x0 - x1 > settings.word_gap * g.size.max(1.0) {
                pending_space = true;
            }
        }
        if pending_space && !text.is_empty() {
            text.push(' ');
            if first_word_x1.is_none() {
                first_word_x1 = last_x1;
            }
            last_word_x0 = g.bbox.x0;
        }
        pending_space = false;
        text.push_str(&g.text);
        for m in attached.get(i).into_iter().flatten() {
            text.push_str(&m.text);
        }
        last_x1 = Some(last_x1.map_or(g.bbox.x1, |x: f64| x.max(g.bbox.x1)));
    }
    for m in &leading {
        text.push_str(&m.text);
    }
    let text = if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        text.nfc().collect()
    };
    // Spaces are only ever pushed singly between words; a glyph's own text may hold more.
    let text = if text.split(' ').any(str::is_empty)
        || text.contains(|c: char| c.is_whitespace() && c != ' ')
    {
        collapse_ws(&text)
    } else {
        text
    };
    if text.is_empty() {
        return None;
    }
    let baseline = line_baseline(&bases);
    let first_word_x1 = first_word_x1.unwrap_or(bbox.x1);
    let trailing_space = pending_space;
    Some(Line {
        text,
        bbox,
        baseline,
        size,
        space_width,
        first_word_x1,
        last_word_x0,
        trailing_space,
    })
}

/// Collapses every run of white space to one space and trims.
pub fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a line starts a new list item ("- …", "+ …", "• …").
pub(crate) fn is_list_item(text: &str) -> bool {
    let mut c = text.chars();
    matches!(c.next(), Some('-' | '+' | '•' | '–' | '*')) && matches!(c.next(), Some(' '))
}

/// Joins a cell's lines (in reading order) into its text.
///
/// `text_right` is the right edge up to which the producer could set text in this cell (the
/// cell's right border minus its padding, as far as known); it tells a word broken by the
/// producer at the cell edge from an ordinary line break.
pub fn join_lines(
    lines: &[Line],
    text_left: f64,
    text_right: f64,
    settings: &TextSettings,
) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str(separator(
                &lines[i - 1],
                line,
                text_left,
                text_right,
                settings,
            ));
        }
        out.push_str(&line.text);
    }
    out
}

/// What goes between two consecutive lines of a cell: `"\n"` before a list item, nothing after
/// a glued hyphen or inside a word the producer broke, else one space.
pub fn separator(
    prev: &Line,
    next: &Line,
    text_left: f64,
    text_right: f64,
    settings: &TextSettings,
) -> &'static str {
    if is_list_item(&next.text) {
        "\n"
    } else if ends_with_glued_hyphen(&prev.text)
        || broken_word(prev, next, text_left, text_right, settings)
    {
        ""
    } else {
        " "
    }
}

pub(crate) fn ends_with_glued_hyphen(s: &str) -> bool {
    let mut it = s.chars().rev();
    matches!((it.next(), it.next()), (Some('-'), Some(c)) if !c.is_whitespace())
}

/// Whether a letter run holds a vowel (Vietnamese vowels with any diacritic, and "y").
fn has_vowel(run: &str) -> bool {
    run.nfd()
        .any(|c| "aeiouyAEIOUY".contains(c) || c == 'ư' || c == 'ơ')
}

/// Word processors break a word inside only when it is wider than the whole line: they first
/// move it to a line of its own, then cut it at the edge. So the previous line holds just that
/// word's first part, running to the right text edge, and that part together with the next
/// line's first word would not have fit between the text edges.
fn broken_word(prev: &Line, next: &Line, left: f64, right: f64, settings: &TextSettings) -> bool {
    if !right.is_finite() || !left.is_finite() || right <= left {
        return false;
    }
    let size = prev.size.max(1.0);
    let first = next.text.split(' ').next().unwrap_or("");
    let char_width = (next.first_word_x1 - next.bbox.x0) / first.chars().count().max(1) as f64;
    // Cut at the edge: not even the next character would have fit on the previous line.
    let room = right - prev.bbox.x1;
    if room > char_width.min(settings.full_line_slack * size)
        || prev.text.contains(' ')
        || prev.trailing_space
    {
        return false;
    }
    if prev.text.ends_with([',', ';', '.', ':', ')']) || next.text.starts_with(['(', '-', '+']) {
        return false;
    }
    // Both sides of a cut are the same kind of character ("TT&T"+"T", "Thườ"+"ng", "20"+"21");
    // "TT-VPCP" + "ngày" are two words that each filled a line.
    // Vietnamese writes one syllable per word, and a syllable is narrower than any column: a
    // lower-case letter run followed by another is two syllables ("Truyền" + "thông"), not a
    // word cut in two. Codes, abbreviations and numbers are what producers cut.
    let class = |c: char| (c.is_lowercase(), c.is_uppercase(), c.is_ascii_digit());
    match (prev.text.chars().next_back(), next.text.chars().next()) {
        (Some(a), Some(b)) if class(a) == class(b) && (a.is_alphanumeric() || a == '&') => {}
        _ => return false,
    }
    let last_word = prev.text.rsplit(' ').next().unwrap_or("");
    let last_run = last_word
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    // Unless one side has no vowel at all ("chươn" + "g"): no syllable is spelt so, so the
    // producer cut a word too wide for the column.
    let first_run = first
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if next.text.starts_with(char::is_lowercase)
        && last_run.chars().all(char::is_alphabetic)
        && has_vowel(last_run)
        && has_vowel(first_run)
    {
        return false;
    }
    let width = (prev.bbox.x1 - prev.last_word_x0) + (next.first_word_x1 - next.bbox.x0);
    width > right - left + 0.05 * size
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(s: &str, x: f64, baseline: f64, size: f64, advance: f64) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut pen = x;
        for c in s.chars() {
            let w = if is_combining_mark(c) { 0.0 } else { advance };
            let x0 = if is_combining_mark(c) {
                pen - advance * 0.6
            } else {
                pen
            };
            out.push(Glyph {
                text: c.to_string(),
                bbox: BBox::new(
                    x0,
                    baseline - size * 0.8,
                    x0 + w.max(advance * 0.2),
                    baseline + size * 0.2,
                ),
                baseline,
                size,
                font: "F".into(),
                upright: true,
            });
            pen += w;
        }
        out
    }

    fn line(s: &str, x: f64, baseline: f64) -> Vec<Glyph> {
        glyphs(s, x, baseline, 10.0, 5.0)
    }

    fn text_of(gs: &[Glyph]) -> String {
        let refs: Vec<&Glyph> = gs.iter().collect();
        let lines = lines_of(&refs, &TextSettings::default());
        join_lines(&lines, 0.0, 1000.0, &TextSettings::default())
    }

    #[test]
    fn lines_join_with_one_space() {
        let mut g = line("Sở Tư", 10.0, 20.0);
        g.extend(line("pháp", 10.0, 32.0));
        assert_eq!(text_of(&g), "Sở Tư pháp");
    }

    #[test]
    fn glued_hyphen_joins_without_space() {
        let mut g = line("2021-", 10.0, 20.0);
        g.extend(line("2030", 10.0, 32.0));
        assert_eq!(text_of(&g), "2021-2030");
        let mut g = line("kinh tế -", 10.0, 20.0);
        g.extend(line("xã hội", 10.0, 32.0));
        assert_eq!(text_of(&g), "kinh tế - xã hội");
    }

    #[test]
    fn list_items_start_on_new_line() {
        let mut g = line("Gồm:", 10.0, 20.0);
        g.extend(line("- Sở Nội vụ", 10.0, 32.0));
        g.extend(line("+ Sở Tài chính", 10.0, 44.0));
        assert_eq!(text_of(&g), "Gồm:\n- Sở Nội vụ\n+ Sở Tài chính");
    }

    #[test]
    fn word_spaces_from_gaps_when_no_space_glyphs() {
        let mut g = line("Sở", 10.0, 20.0);
        g.extend(line("Nội", 26.0, 20.0));
        assert_eq!(text_of(&g), "Sở Nội");
    }

    #[test]
    fn reading_order_ignores_stream_order() {
        let mut g = line("pháp", 10.0, 32.0);
        g.extend(line("Tư", 26.0, 20.0));
        g.extend(line("Sở", 10.0, 20.0));
        assert_eq!(text_of(&g), "Sở Tư pháp");
    }

    #[test]
    fn separate_tone_marks_are_composed_nfc() {
        // "ệ" as e + circumflex + dot below, marks drawn before the base in the stream.
        let mut g = line("Vi", 10.0, 20.0);
        let e = glyphs("e", 20.0, 20.0, 10.0, 5.0);
        let mut marks = glyphs("\u{0302}\u{0323}", 21.0, 20.0, 10.0, 5.0);
        for m in &mut marks {
            m.bbox.x0 = 21.0;
            m.bbox.x1 = 23.0;
        }
        g.extend(marks);
        g.extend(e);
        g.extend(line("t", 25.0, 20.0));
        assert_eq!(text_of(&g), "Việt");
    }

    #[test]
    fn broken_word_is_rejoined() {
        let settings = TextSettings::default();
        // "TT&TT" (25 pt) is wider than the 20 pt text area: cut after "TT&T".
        let mut g = line("Sở", 10.0, 20.0);
        g.extend(line("TT&T", 10.0, 32.0));
        g.extend(line("T", 10.0, 44.0));
        let refs: Vec<&Glyph> = g.iter().collect();
        let lines = lines_of(&refs, &settings);
        assert_eq!(join_lines(&lines, 10.0, 30.0, &settings), "Sở TT&TT");
        // In a wide cell the same lines are three words.
        assert_eq!(join_lines(&lines, 10.0, 200.0, &settings), "Sở TT&T T");
    }

    #[test]
    fn ordinary_wrap_is_not_a_broken_word() {
        let settings = TextSettings::default();
        // "Các Nghị" fills the line; "quyết/" wrapped as a word of its own.
        let mut g = line("Các Nghị", 10.0, 20.0);
        g.extend(line("quyết/", 10.0, 32.0));
        let refs: Vec<&Glyph> = g.iter().collect();
        let lines = lines_of(&refs, &settings);
        assert_eq!(join_lines(&lines, 10.0, 50.0, &settings), "Các Nghị quyết/");
    }
}
