//! Text folding shared by the agency, timeline and budget parsers.
//!
//! The central piece is [`fold_word`]: lowercase plus a *canonical tone-mark placement*, so that
//! the old and new Vietnamese orthographies ("hòa"/"hoà", "thủy"/"thuỷ", "Ủy"/"Uỷ") and NFC/NFD
//! input all give the same string.

use unicode_normalization::UnicodeNormalization;

/// The five Vietnamese tone marks as combining characters (huyền, sắc, ngã, hỏi, nặng).
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// Vowels carrying a quality mark: when a syllable has one, the tone sits on it.
const MARKED_VOWELS: [char; 6] = ['ă', 'â', 'ê', 'ô', 'ơ', 'ư'];

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

/// NFC with typographic dashes and non-breaking spaces mapped to their plain forms.
pub fn clean(text: &str) -> String {
    text.nfc()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{a0}' | '\u{2007}' | '\u{202f}' => ' ',
            _ => c,
        })
        .collect()
}

/// Splits a word into its tone-less base (NFC, lowercase) and its tone mark, if any.
fn split_tone(word: &str) -> (Vec<char>, Option<char>) {
    let mut tone = None;
    let mut base = String::with_capacity(word.len());
    for c in word.to_lowercase().nfd() {
        if TONES.contains(&c) {
            tone.get_or_insert(c);
        } else {
            base.push(c);
        }
    }
    (base.nfc().collect(), tone)
}

/// Index of the character that carries the tone in a tone-less syllable, by the "new" rules
/// (hoà, thuỷ, quý, giữa, người, khuyến). Any deterministic choice would do for matching; this
/// one also reads naturally.
fn tone_position(base: &[char]) -> Option<usize> {
    let mut v0 = base.iter().position(|&c| is_vowel(c))?;
    let mut v1 = v0;
    while v1 < base.len() && is_vowel(base[v1]) {
        v1 += 1;
    }
    // "qu" and "gi": the u/i belongs to the consonant when another vowel follows.
    if v1 - v0 >= 2
        && v0 >= 1
        && ((base[v0 - 1] == 'q' && base[v0] == 'u') || (base[v0 - 1] == 'g' && base[v0] == 'i'))
    {
        v0 += 1;
    }
    let run = &base[v0..v1];
    if let Some(k) = run.iter().rposition(|c| MARKED_VOWELS.contains(c)) {
        return Some(v0 + k);
    }
    let s: String = run.iter().collect();
    if run.len() >= 2 && matches!(&s[..], "oa" | "oe" | "uy" | "oai" | "oay" | "uya" | "oeo") {
        return Some(v0 + 1);
    }
    if v1 < base.len() {
        return Some(v1 - 1); // closed syllable: the last vowel
    }
    Some(match run.len() {
        1 | 2 => v0,
        _ => v0 + 1,
    })
}

/// Lowercase, NFC, tone mark moved to its canonical vowel — per syllable: every run of letters
/// (with their combining marks) is folded on its own, so "tháng/lần" keeps both tones.
pub fn fold_word(word: &str) -> String {
    // Words repeat a great deal within a document (agency names in every row): remember the
    // folds of this thread's recent words. Bounded, and a pure function all the same.
    thread_local! {
        static MEMO: std::cell::RefCell<std::collections::HashMap<String, String>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    if let Some(hit) = MEMO.with(|m| m.borrow().get(word).cloned()) {
        return hit;
    }
    let folded = fold_word_uncached(word);
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= 4096 {
            m.clear();
        }
        m.insert(word.to_string(), folded.clone());
    });
    folded
}

fn fold_word_uncached(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    let mut run = String::new();
    for c in word.nfd() {
        if c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c) {
            run.push(c);
        } else {
            if !run.is_empty() {
                out.push_str(&fold_syllable(&run));
                run.clear();
            }
            out.extend(c.to_lowercase());
        }
    }
    if !run.is_empty() {
        out.push_str(&fold_syllable(&run));
    }
    out.nfc().collect()
}

fn fold_syllable(word: &str) -> String {
    let (base, tone) = split_tone(word);
    let Some(tone) = tone else {
        return base.into_iter().collect();
    };
    let mut out = String::with_capacity(word.len() + 2);
    match tone_position(&base) {
        Some(p) => {
            for (i, c) in base.iter().enumerate() {
                out.push(*c);
                if i == p {
                    out.push(tone);
                }
            }
        }
        None => {
            out.extend(base.iter());
            out.push(tone);
        }
    }
    out.nfc().collect()
}

/// [`fold_word`] applied to every whitespace-separated word, joined by single spaces.
pub fn fold_text(text: &str) -> String {
    clean(text)
        .split_whitespace()
        .map(fold_word)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a folded word carries a tone mark.
pub fn has_tone(word: &str) -> bool {
    word.nfd().any(|c| TONES.contains(&c))
}

/// Lowercase ASCII letter for a (folded) Vietnamese letter: diacritics removed, "đ" → "d".
pub fn ascii_letter(c: char) -> char {
    if c == 'đ' || c == 'Đ' {
        return 'd';
    }
    c.to_lowercase()
        .flat_map(|l| l.nfd())
        .next()
        .filter(char::is_ascii)
        .unwrap_or(c)
}

/// ASCII slug of a text: diacritics removed, "đ" → "d", runs of anything else → "-".
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        let a = ascii_letter(c);
        if a.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(a.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_placement_old_and_new_agree() {
        for (a, b) in [
            ("hòa", "hoà"),
            ("Hóa", "hoá"),
            ("thủy", "thuỷ"),
            ("Ủy", "Uỷ"),
            ("ủy", "uỷ"),
            ("khỏe", "khoẻ"),
            ("hoạ", "họa"),
            ("Hoàng", "hòang"),
        ] {
            assert_eq!(fold_word(a), fold_word(b), "{a} / {b}");
        }
    }

    #[test]
    fn tone_placement_is_natural() {
        assert_eq!(fold_word("NGƯỜI"), "người");
        assert_eq!(fold_word("quý"), "quý");
        assert_eq!(fold_word("giữa"), "giữa");
        assert_eq!(fold_word("khuyến"), "khuyến");
        assert_eq!(fold_word("Sở"), "sở");
        assert_eq!(fold_word("tư"), "tư");
        assert_eq!(fold_word("mùa"), "mùa");
        assert_eq!(fold_word("hòa"), "hoà");
    }

    #[test]
    fn nfd_input_is_folded() {
        let nfd: String = "Ủy ban".nfd().collect();
        assert_eq!(fold_text(&nfd), "uỷ ban");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Sở Tư pháp"), "so-tu-phap");
        assert_eq!(slug("  Đài PT-TH  "), "dai-pt-th");
        assert_eq!(ascii_letter('Đ'), 'd');
        assert_eq!(ascii_letter('ữ'), 'u');
    }
}
