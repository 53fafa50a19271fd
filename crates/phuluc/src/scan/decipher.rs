//! Text layers that lie, deciphered with the OCR of their own page.
//!
//! A broken ToUnicode map (or a legacy font read as Latin-1) decodes every occurrence of one
//! glyph of one font to the same wrong character: "Kế hoạch" arrives as "Кế һоạсһ" or "Lế
//! ipạdi". The layer is then a substitution cipher over exact glyph positions. Its key is
//! learned from an OCR of the rendered page: where an OCR word lies over a layer word of as
//! many characters, each position is a vote for "this font's character `c` is really `d`";
//! the majority of hundreds of votes per character outvotes OCR's misreadings. The page then
//! keeps its exact geometry and reads as printed, which neither the lying layer nor the OCR
//! alone gives.
//!
//! Takes the page's glyphs and its OCR words; gives the glyphs with the key applied, with a
//! confidence per layer word (the weakest agreement of its characters' keys, 0–100) and how
//! many glyphs no key covers. A character the OCR never read clearly enough keeps the OCR's
//! own reading where its word aligned, and otherwise stays as the layer has it (confidence 0,
//! so its record is flagged).

use phuluc_model::{BBox, Glyph};
use std::collections::HashMap;
use std::ops::Range;

/// Fewest agreeing votes for a key entry ("font F's `а` is `a`").
pub const MIN_KEY_VOTES: usize = 2;

/// Least share of a character's votes the winning reading must have.
pub const MIN_KEY_AGREEMENT: f64 = 0.6;

/// Least share of a character's votes for its own reading that keeps it as it is. A broken
/// map moves a letter wholesale (the OCR never reads the lying letter), while OCR misreads a
/// printed letter now and then ("ề" as "ê", a bold "I" as "l"): a letter read as itself this
/// often is printed as itself.
pub const MIN_IDENTITY_SHARE: f64 = 0.2;

/// Least overlap of an OCR word's box and a layer word's box, as a share of the smaller box,
/// for the two to be taken for the same printed word.
pub const MIN_WORD_OVERLAP: f64 = 0.5;

/// A gap between two glyphs wider than this share of their size separates words.
pub const WORD_GAP_SHARE: f64 = 0.2;

/// The page's glyphs grouped into words, in drawing order: a glyph starts a new word after a
/// space, on another line, after a gap of [`WORD_GAP_SHARE`], or left of the one before.
/// Gives each word's glyph indexes (white-space glyphs belong to no word).
pub fn layer_words(glyphs: &[Glyph]) -> Vec<Vec<usize>> {
    word_spans(glyphs).into_iter().map(Vec::from_iter).collect()
}

/// [`layer_words`] as ranges of glyph indexes (a word's glyphs are consecutive): no
/// allocation per word, for the checks that run on every page.
pub fn word_spans(glyphs: &[Glyph]) -> Vec<Range<usize>> {
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut prev: Option<&Glyph> = None;
    for (i, g) in glyphs.iter().enumerate() {
        let blank = g.text.trim().is_empty();
        let starts = match prev {
            None => true,
            Some(p) => {
                let size = p.size.max(g.size).max(1.0);
                blank
                    || (g.baseline - p.baseline).abs() > 0.5 * size
                    || g.bbox.x0 - p.bbox.x1 > WORD_GAP_SHARE * size
                    || g.bbox.x1 < p.bbox.x0
            }
        };
        prev = (!blank).then_some(g);
        if blank {
            continue;
        }
        match words.last_mut() {
            Some(w) if !starts => w.end = i + 1,
            _ => words.push(i..i + 1),
        }
    }
    words
}

/// The text of a word of the layer.
pub fn word_text(glyphs: &[Glyph], word: &[usize]) -> String {
    word.iter()
        .filter_map(|&i| glyphs.get(i))
        .map(|g| g.text.trim())
        .collect()
}

/// A layer deciphered ([`decipher`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Deciphered {
    /// The page's glyphs, their text replaced where the key covers them.
    pub glyphs: Vec<Glyph>,
    /// Each layer word's box and confidence (0–100): the weakest key agreement of its
    /// characters, an unaligned OCR reading's confidence, or 0 where a character is unknown.
    pub words: Vec<(BBox, f64)>,
    /// Glyphs neither the key nor an aligned OCR word gave a reading for.
    pub unknown: usize,
    /// Glyphs in words.
    pub total: usize,
    /// Entries in the key.
    pub key_size: usize,
}

/// A word read by OCR, as [`decipher`] takes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadWord {
    pub text: String,
    pub bbox: BBox,
    pub confidence: f64,
}

fn overlap(a: &BBox, b: &BBox) -> f64 {
    let w = (a.x1.min(b.x1) - a.x0.max(b.x0)).max(0.0);
    let h = (a.bottom.min(b.bottom) - a.top.max(b.top)).max(0.0);
    let smaller = (a.width() * a.height()).min(b.width() * b.height());
    if smaller <= 0.0 {
        0.0
    } else {
        w * h / smaller
    }
}

fn union(glyphs: &[Glyph], word: &[usize]) -> BBox {
    let mut b: Option<BBox> = None;
    for g in word.iter().filter_map(|&i| glyphs.get(i)) {
        b = Some(match b {
            None => g.bbox,
            Some(b) => BBox::new(
                b.x0.min(g.bbox.x0),
                b.top.min(g.bbox.top),
                b.x1.max(g.bbox.x1),
                b.bottom.max(g.bbox.bottom),
            ),
        });
    }
    b.unwrap_or_else(|| BBox::new(0.0, 0.0, 0.0, 0.0))
}

/// Whether `layer` is a Vietnamese letter with a mark and `read` the same base letter with
/// other marks ("ề" read "ê"): what OCR gets wrong, and no broken map does (it moves a glyph
/// to an unrelated code).
fn same_letter_marked(layer: char, read: char) -> bool {
    use unicode_normalization::char::{decompose_canonical, is_combining_mark};
    let base = |c: char| {
        let mut b = None;
        decompose_canonical(c, |d| {
            if b.is_none() && !is_combining_mark(d) {
                b = Some(d.to_lowercase().next().unwrap_or(d));
            }
        });
        b
    };
    !layer.is_ascii() && base(layer).is_some() && base(layer) == base(read)
}

/// Characters OCR reads for one another: a bold "I" as "l", "1" or "!"; "O" as "0".
pub const LOOK_ALIKES: &[&str] = &["Il1i!|J", "O0oQD", "S5s", "B8", "Z2z", "G6"];

/// Whether OCR may read `a` for `b` ([`LOOK_ALIKES`]).
fn look_alikes(a: char, b: char) -> bool {
    LOOK_ALIKES
        .iter()
        .any(|set| set.contains(a) && set.contains(b))
}

/// The single character of a glyph's text, or `None` (a ligature, a lone combining mark).
fn single_char(g: &Glyph) -> Option<char> {
    let mut cs = g.text.trim().chars();
    let c = cs.next()?;
    cs.next().is_none().then_some(c)
}

/// Deciphers the page's `glyphs` with the key learned from `read` (the page's OCR words, in
/// the same page coordinates).
pub fn decipher(glyphs: &[Glyph], read: &[ReadWord]) -> Deciphered {
    let words = layer_words(glyphs);
    let boxes: Vec<BBox> = words.iter().map(|w| union(glyphs, w)).collect();
    // Each layer word's OCR reading, when one OCR word lies over it with as many characters.
    let aligned: Vec<Option<(Vec<char>, f64)>> = words
        .iter()
        .zip(&boxes)
        .map(|(word, b)| {
            let best = read
                .iter()
                .map(|r| (overlap(b, &r.bbox), r))
                .filter(|(o, _)| *o >= MIN_WORD_OVERLAP)
                .max_by(|a, b| a.0.total_cmp(&b.0))?
                .1;
            // OCR text is NFC already (phuluc-ocr).
            let chars: Vec<char> = best.text.trim().chars().collect();
            let singles = word
                .iter()
                .all(|&i| glyphs.get(i).and_then(single_char).is_some());
            (singles && chars.len() == word.len()).then_some((chars, best.confidence))
        })
        .collect();
    // Votes: (font, layer character) → reading → count.
    let mut votes: HashMap<(&str, char), HashMap<char, usize>> = HashMap::new();
    for (word, al) in words.iter().zip(&aligned) {
        let Some((chars, _)) = al else { continue };
        for (&i, &d) in word.iter().zip(chars) {
            if let Some(g) = glyphs.get(i) {
                if let Some(c) = single_char(g) {
                    *votes
                        .entry((g.font.as_str(), c))
                        .or_default()
                        .entry(d)
                        .or_insert(0) += 1;
                }
            }
        }
    }
    let key: HashMap<(&str, char), (char, f64)> = votes
        .iter()
        .filter_map(|(k, counts)| {
            let total = counts.values().sum::<usize>().max(1) as f64;
            let own = counts.get(&k.1).copied().unwrap_or(0) as f64 / total;
            let (&d, &n) = counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
            let share = n as f64 / total;
            if own >= MIN_IDENTITY_SHARE || same_letter_marked(k.1, d) {
                return Some((*k, (k.1, own.max(MIN_KEY_AGREEMENT))));
            }
            (n >= MIN_KEY_VOTES && share >= MIN_KEY_AGREEMENT).then_some((*k, (d, share)))
        })
        .collect();
    let mut out = glyphs.to_vec();
    let (mut unknown, mut total) = (0usize, 0usize);
    let mut word_conf = Vec::with_capacity(words.len());
    for ((word, al), b) in words.iter().zip(&aligned).zip(&boxes) {
        let mut conf: f64 = 100.0;
        for (pos, &i) in word.iter().enumerate() {
            total += 1;
            let Some(g) = glyphs.get(i) else { continue };
            let entry = single_char(g).and_then(|c| key.get(&(g.font.as_str(), c)));
            let reading = match (entry, al) {
                (Some(&(d, share)), _) => {
                    conf = conf.min(share * 100.0);
                    Some(d)
                }
                (None, Some((chars, c))) => {
                    conf = conf.min(*c);
                    // The OCR's reading of this very word, unless it only moves a mark or reads
                    // a look-alike: one reading is not evidence enough against the layer.
                    match (single_char(g), chars.get(pos).copied()) {
                        (Some(l), Some(d)) if same_letter_marked(l, d) || look_alikes(l, d) => {
                            Some(l)
                        }
                        (_, d) => d,
                    }
                }
                (None, None) => None,
            };
            match (reading, out.get_mut(i)) {
                (Some(d), Some(o)) => o.text = d.to_string(),
                _ => {
                    unknown += 1;
                    conf = 0.0;
                }
            }
        }
        word_conf.push((*b, conf));
    }
    Deciphered {
        glyphs: out,
        words: word_conf,
        unknown,
        total,
        key_size: key.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of glyphs of font `font`, one per character, 6 pt apart, words 4 pt apart.
    fn line(text: &str, font: &str, top: f64) -> Vec<Glyph> {
        let mut x = 10.0;
        let mut out = Vec::new();
        for c in text.chars() {
            if c == ' ' {
                x += 4.0;
                continue;
            }
            out.push(Glyph {
                text: c.to_string(),
                bbox: BBox::new(x, top, x + 6.0, top + 10.0),
                baseline: top + 8.0,
                size: 10.0,
                font: font.into(),
                upright: true,
            });
            x += 6.0;
        }
        out
    }

    /// The OCR words of a line made by [`line`], read as `text`.
    fn read(text: &str, top: f64, confidence: f64) -> Vec<ReadWord> {
        let mut x = 10.0;
        let mut out = Vec::new();
        for w in text.split(' ') {
            let n = w.chars().count() as f64;
            out.push(ReadWord {
                text: w.into(),
                bbox: BBox::new(x, top, x + 6.0 * n, top + 10.0),
                confidence,
            });
            x += 6.0 * n + 4.0;
        }
        out
    }

    fn text(glyphs: &[Glyph]) -> String {
        layer_words(glyphs)
            .iter()
            .map(|w| word_text(glyphs, w))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn a_cyrillic_layer_reads_as_printed() {
        let printed = ["Kế hoạch số 12", "chuyển đổi số", "hoạch định", "Kế toán"];
        let lying = ["Кế һоạсһ ѕố 12", "сһuуển đổі ѕố", "һоạсһ địnһ", "Кế tоán"];
        let mut glyphs = Vec::new();
        let mut words = Vec::new();
        for (i, (p, l)) in printed.iter().zip(lying).enumerate() {
            let top = 20.0 * i as f64;
            glyphs.extend(line(l, "F1", top));
            words.extend(read(p, top, 90.0));
        }
        // OCR misreads one word ("hoach"): outvoted.
        words[1].text = "hoach".into();
        let d = decipher(&glyphs, &words);
        assert_eq!(d.unknown, 0);
        assert_eq!(
            text(&d.glyphs),
            "Kế hoạch số 12 chuyển đổi số hoạch định Kế toán"
        );
        assert!(d.words.iter().all(|(_, c)| *c >= 60.0), "{:?}", d.words);
    }

    #[test]
    fn a_letter_no_ocr_word_covers_stays_and_is_unsure() {
        // "ѕ" is read nowhere: the word "ѕố" keeps it, with confidence 0.
        let glyphs = [line("һоạсһ", "F1", 0.0), line("һоạсһ ѕố", "F1", 20.0)].concat();
        let words = read("hoạch", 0.0, 90.0);
        let words = [words, read("hoạch", 20.0, 90.0)].concat();
        let d = decipher(&glyphs, &words);
        assert_eq!(d.unknown, 2);
        assert_eq!(text(&d.glyphs), "hoạch hoạch ѕố");
        assert_eq!(d.words.last().map(|w| w.1), Some(0.0));
    }

    #[test]
    fn ocr_misreadings_of_printed_letters_are_not_learned() {
        // "ề" printed as itself, read "ê" by OCR every time; a bold "I" read "l" 3 times of 4.
        let glyphs = [line("điều điều", "F1", 0.0), line("II II", "B", 20.0)].concat();
        let words = [read("điêu điêu", 0.0, 90.0), read("Il ll", 20.0, 90.0)].concat();
        let d = decipher(&glyphs, &words);
        assert_eq!(text(&d.glyphs), "điều điều II II");
        // A section number read once, as look-alikes: kept as the layer has it.
        let glyphs = [line("III Phát", "B", 0.0)].concat();
        let d = decipher(&glyphs, &read("l1! Phát", 0.0, 90.0));
        assert_eq!(text(&d.glyphs), "III Phát");
    }

    #[test]
    fn keys_are_per_font() {
        // Font F1 maps "b" to "a"; F2 prints "b" as "b".
        let glyphs = [line("bb bb", "F1", 0.0), line("bb bb", "F2", 20.0)].concat();
        let words = [read("aa aa", 0.0, 90.0), read("bb bb", 20.0, 90.0)].concat();
        let d = decipher(&glyphs, &words);
        assert_eq!(text(&d.glyphs), "aa aa bb bb");
    }
}
