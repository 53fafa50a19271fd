//! Whether text reads as Vietnamese: each word a Vietnamese syllable (onset, rhyme, tone, as
//! the orthography allows), a number, or an acronym. Used to tell an OCR engine's misreadings
//! ("b2 quh nạn phẩm" for "Kết quả/ Sản phẩm") from text, and a text layer that lies.

use regex::Regex;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// The base letters of a word: lower case, tone marks and letter diacritics removed, "đ" → "d"
/// ("Nghiệm" → "nghiem"); `None` when a letter is not of the Vietnamese alphabet's base.
fn skeleton(word: &str) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    for c in word.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c.to_ascii_lowercase(),
        };
        if !c.is_ascii_lowercase() {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

fn syllable_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Onset (qu- and gi- as written), an optional medial o/u, a vowel nucleus, a coda.
        Regex::new(
            r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?(?:uye|uya|ieu|yeu|uoi|uou|oai|oay|oeo|uay|uyu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ye|ya|a|e|i|o|u|y)(?:ch|ng|nh|c|m|n|p|t|i|o|u|y)?$",
        )
        .unwrap_or_else(|e| panic!("syllable regex: {e}"))
    })
}

/// Whether one word (punctuation around it ignored) reads as Vietnamese text: a syllable, a
/// number or code with digits ("45/2020/NĐ-CP" pieces, "2.1"), or an acronym in capitals
/// ("UBND", "PCI").
pub fn is_plausible_word(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    if w.is_empty() {
        return true;
    }
    // Codes and acronyms: joined pieces are judged one by one ("NĐ-CP", "45/2020").
    if w.contains(['-', '/', '.']) {
        return w
            .split(['-', '/', '.'])
            .filter(|p| !p.is_empty())
            .all(is_plausible_word);
    }
    if w.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    let letters: Vec<char> = w.chars().collect();
    // An acronym has no vowel marks ("UBND", "HĐND"); a word in capitals with them is a
    // syllable written in capitals ("KẾ HOẠCH"), judged as one ("OIÂO" is none).
    let capitals = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    if capitals && letters.iter().all(|&c| c.is_ascii() || c == 'Đ') {
        return true;
    }
    if letters.iter().any(|c| c.is_ascii_digit()) {
        return false; // "b2", "n0rf806": digits inside a word
    }
    // A capital inside a word ("SIPAS" aside) is a misreading: "chỉTP".
    if !capitals && letters.iter().skip(1).any(|c| c.is_uppercase()) {
        return false;
    }
    skeleton(w).is_some_and(|s| syllable_pattern().is_match(&s))
}

/// The share of a text's words that read as Vietnamese ([`is_plausible_word`]); 1 for a text
/// without words.
pub fn plausibility(text: &str) -> f64 {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return 1.0;
    }
    words.iter().filter(|w| is_plausible_word(w)).count() as f64 / words.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_reads_as_vietnamese() {
        for t in [
            "Kết quả/ Sản phẩm",
            "Nghị định số 45/2020/NĐ-CP",
            "Tuyên truyền, phổ biến hạ tầng mạng truyền số liệu chuyên dùng đến 100% xã, phường",
            "Sở Văn hóa, Thể thao và Du lịch; UBND cấp xã",
            "Quý IV hằng năm",
            "Kinh phí (triệu đồng)",
            "khuyến nghị, nguyễn, giường, quyết, gì, oanh, khoèo",
            "KẾ HOẠCH THỰC HIỆN, UBND, HĐND, CNTT",
        ] {
            assert_eq!(plausibility(t), 1.0, "{t}");
        }
    }

    #[test]
    fn misreadings_do_not() {
        for t in ["b2 quh nạn phẩm", "SN hp cu sa", "mm P ^Ýfbí"] {
            assert!(plausibility(t) < 0.8, "{t}: {}", plausibility(t));
        }
        assert!(plausibility("Nhi đi? số n0rf806 TÌNG-CP") < 1.0);
        for w in ["quh", "b2", "xyz", "chỉTP", "strk", "OIÂO", "EÂO", "UỊDI"] {
            assert!(!is_plausible_word(w), "{w}");
        }
    }
}
