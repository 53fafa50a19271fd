//! Text comparison as the scorer does it: Unicode NFC, all white space collapsed to one space.

use unicode_normalization::UnicodeNormalization;

/// Whether Python's `str.isspace` holds for `c` (what `str.split()` splits on): Unicode white
/// space plus the ASCII information separators U+001C–U+001F.
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// NFC, then every run of white space (newlines too) collapsed to one space, trimmed.
pub fn norm(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    nfc.split(is_py_space)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Python's `str.casefold` for the text phuluc meets: lower case, with the full case folds that
/// differ from lower-casing (ß → ss, final sigma, ligatures …).
pub fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'ς' => out.push('σ'),
            'ſ' => out.push('s'),
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            'ŉ' => out.push_str("ʼn"),
            'µ' => out.push('μ'),
            'ẛ' => out.push('ṡ'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The scorer's key of an agency mention: normalized, case-folded, trimmed of " ,;.-".
pub fn mention_key(s: &str) -> String {
    casefold(&norm(s))
        .trim_matches(|c| matches!(c, ' ' | ',' | ';' | '.' | '-'))
        .to_string()
}

/// A record key's STT: normalized, trailing dots dropped ("12." → "12").
pub fn stt_key(s: &str) -> String {
    norm(s).trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_collapses_space_and_composes() {
        assert_eq!(norm("  a\n\tb  c\u{a0}d "), "a b c d");
        assert_eq!(norm("Vie\u{302}\u{323}t"), "Việt");
        assert_eq!(norm("a\u{1f}b"), "a b");
        assert_eq!(norm(""), "");
    }

    #[test]
    fn mention_keys_fold_and_trim() {
        assert_eq!(mention_key(" Sở  Tư pháp; "), "sở tư pháp");
        assert_eq!(mention_key("- UBND tỉnh."), "ubnd tỉnh");
        assert_eq!(casefold("Straße ΣΑΣ"), "strasse σασ");
        assert_eq!(stt_key(" 12.. "), "12");
    }
}
