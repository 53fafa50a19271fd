//! Writing HTML and SVG text safely: escaping, sanitising and compact numbers.

use std::fmt::Write;

/// Replaces what must not reach an HTML document as a character: C0 controls other than tab,
/// line feed and carriage return, DEL, C1 controls and the non-characters U+FFFE/U+FFFF (the
/// HTML parser would turn some into U+FFFD anyway, or report a parse error).
fn clean(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
        _ => c,
    }
}

/// Appends `s` as element text: `&`, `<` and `>` escaped, a carriage return as a character
/// reference (the HTML parser would turn a literal one into a line feed), controls replaced.
pub fn text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\r' => out.push_str("&#13;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(clean(c)),
        }
    }
}

/// Appends `s` as the value of a double-quoted attribute: `&`, `<`, `>`, `"` and `'` escaped,
/// line breaks and tabs as character references (kept through attribute normalization),
/// controls replaced.
pub fn attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\r' => out.push_str("&#13;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(clean(c)),
        }
    }
}

/// Appends a coordinate rounded to 0.1 pt, without a trailing `.0` (non-finite values as 0).
pub fn num(out: &mut String, v: f64) {
    let r = if v.is_finite() {
        (v * 10.0).round() / 10.0
    } else {
        0.0
    };
    if r == r.trunc() {
        let _ = write!(out, "{}", r as i64);
    } else {
        let _ = write!(out, "{r:.1}");
    }
}

/// A word safe as a CSS class or `data-` value: ASCII letters, digits, `-` and `_`; anything
/// else becomes `_`.
pub fn token(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_cannot_break_out() {
        let hostile = "</td></tr><script>alert(1)</script>\"' onmouseover=x &amp; \u{0}\u{7}\u{85}";
        let mut t = String::new();
        text(&mut t, hostile);
        assert!(!t.contains('<') && !t.contains('>'), "{t}");
        assert!(t.contains("&lt;/td&gt;"), "{t}");
        assert!(
            t.contains("&amp;amp;"),
            "an entity in the text stays text: {t}"
        );
        assert!(!t.contains('\u{0}') && !t.contains('\u{7}') && !t.contains('\u{85}'));
        let mut a = String::new();
        attr(&mut a, hostile);
        assert!(
            !a.contains('"') && !a.contains('\'') && !a.contains('<'),
            "{a}"
        );
        assert!(a.contains("&quot;") && a.contains("&#39;"), "{a}");
        // A carriage return survives the HTML parser only as a reference.
        let mut cr = String::new();
        text(&mut cr, "a\r\nb");
        assert_eq!(cr, "a&#13;\nb");
        // Vietnamese text passes unchanged.
        let mut v = String::new();
        text(&mut v, "Sở Tư pháp; UBND cấp huyện\n- Hoạt động");
        assert_eq!(v, "Sở Tư pháp; UBND cấp huyện\n- Hoạt động");
    }

    #[test]
    fn numbers_are_compact() {
        let f = |v: f64| {
            let mut s = String::new();
            num(&mut s, v);
            s
        };
        assert_eq!(f(12.0), "12");
        assert_eq!(f(12.04), "12");
        assert_eq!(f(12.06), "12.1");
        assert_eq!(f(-0.01), "0");
        assert_eq!(f(f64::NAN), "0");
        assert_eq!(f(595.276), "595.3");
    }

    #[test]
    fn tokens_are_css_safe() {
        assert_eq!(token("extra:Địa điểm"), "extra___a__i_m");
        assert_eq!(token("unassigned_text"), "unassigned_text");
    }
}
