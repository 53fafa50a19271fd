//! Simple-font encodings (WinAnsi, MacRoman, Standard) and glyph names → Unicode.
//!
//! The glyph-name resolver knows the names of the Latin encodings and the common extras, the
//! `uniXXXX[XXXX…]` and `uXXXX[XX]` forms, ligature names (`f_i`), suffixed names (`a.sc`), and
//! composes accented Latin names from a base letter and mark names (`acircumflexacute` → `ấ`,
//! `ohornhookabove` → `ở`), which covers every precomposed Vietnamese letter.

use unicode_normalization::UnicodeNormalization;

/// A base encoding of a simple font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BaseEncoding {
    WinAnsi,
    MacRoman,
    Standard,
    /// No usable base: every code is undecodable unless `/Differences` names it.
    None,
}

impl BaseEncoding {
    pub(crate) fn from_name(name: &[u8]) -> Option<BaseEncoding> {
        match name {
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacRomanEncoding" => Some(BaseEncoding::MacRoman),
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            // Not supported in full: PDFDoc is close to WinAnsi for text.
            b"PDFDocEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacExpertEncoding" => Some(BaseEncoding::None),
            _ => None,
        }
    }

    /// The character a code stands for, if any.
    pub(crate) fn decode(self, code: u8) -> Option<char> {
        match self {
            BaseEncoding::WinAnsi => win_ansi(code),
            BaseEncoding::MacRoman => mac_roman(code),
            BaseEncoding::Standard => standard(code),
            BaseEncoding::None => None,
        }
    }
}

fn win_ansi(code: u8) -> Option<char> {
    match code {
        // The glyph at 0xAD is named "hyphen" in WinAnsiEncoding.
        0xad => Some('-'),
        // Otherwise WinAnsiEncoding is Windows-1252 (printable codes only).
        0x20..=0x7e | 0x80..=0xff => phuluc_vnfont::cp1252(code),
        _ => None,
    }
}

fn mac_roman(code: u8) -> Option<char> {
    const HIGH: [u16; 128] = [
        0xC4, 0xC5, 0xC7, 0xC9, 0xD1, 0xD6, 0xDC, 0xE1, 0xE0, 0xE2, 0xE4, 0xE3, 0xE5, 0xE7, 0xE9,
        0xE8, 0xEA, 0xEB, 0xED, 0xEC, 0xEE, 0xEF, 0xF1, 0xF3, 0xF2, 0xF4, 0xF6, 0xF5, 0xFA, 0xF9,
        0xFB, 0xFC, 0x2020, 0xB0, 0xA2, 0xA3, 0xA7, 0x2022, 0xB6, 0xDF, 0xAE, 0xA9, 0x2122, 0xB4,
        0xA8, 0x2260, 0xC6, 0xD8, 0x221E, 0xB1, 0x2264, 0x2265, 0xA5, 0xB5, 0x2202, 0x2211, 0x220F,
        0x3C0, 0x222B, 0xAA, 0xBA, 0x3A9, 0xE6, 0xF8, 0xBF, 0xA1, 0xAC, 0x221A, 0x192, 0x2248,
        0x2206, 0xAB, 0xBB, 0x2026, 0xA0, 0xC0, 0xC3, 0xD5, 0x152, 0x153, 0x2013, 0x2014, 0x201C,
        0x201D, 0x2018, 0x2019, 0xF7, 0x25CA, 0xFF, 0x178, 0x2044, 0xA4, 0x2039, 0x203A, 0xFB01,
        0xFB02, 0x2021, 0xB7, 0x201A, 0x201E, 0x2030, 0xC2, 0xCA, 0xC1, 0xCB, 0xC8, 0xCD, 0xCE,
        0xCF, 0xCC, 0xD3, 0xD4, 0, 0xD2, 0xDA, 0xDB, 0xD9, 0x131, 0x2C6, 0x2DC, 0xAF, 0x2D8, 0x2D9,
        0x2DA, 0xB8, 0x2DD, 0x2DB, 0x2C7,
    ];
    match code {
        0x20..=0x7e => Some(char::from(code)),
        0x80..=0xff => {
            let v = HIGH[usize::from(code - 0x80)];
            if v == 0 {
                None
            } else {
                char::from_u32(u32::from(v))
            }
        }
        _ => None,
    }
}

fn standard(code: u8) -> Option<char> {
    let v: u32 = match code {
        0x27 => 0x2019,
        0x60 => 0x2018,
        0x20..=0x7e => u32::from(code),
        0xa1 => 0xa1,
        0xa2 => 0xa2,
        0xa3 => 0xa3,
        0xa4 => 0x2044,
        0xa5 => 0xa5,
        0xa6 => 0x192,
        0xa7 => 0xa7,
        0xa8 => 0xa4,
        0xa9 => 0x27,
        0xaa => 0x201c,
        0xab => 0xab,
        0xac => 0x2039,
        0xad => 0x203a,
        0xae => 0xfb01,
        0xaf => 0xfb02,
        0xb1 => 0x2013,
        0xb2 => 0x2020,
        0xb3 => 0x2021,
        0xb4 => 0xb7,
        0xb6 => 0xb6,
        0xb7 => 0x2022,
        0xb8 => 0x201a,
        0xb9 => 0x201e,
        0xba => 0x201d,
        0xbb => 0xbb,
        0xbc => 0x2026,
        0xbd => 0x2030,
        0xbf => 0xbf,
        0xc1 => 0x60,
        0xc2 => 0xb4,
        0xc3 => 0x2c6,
        0xc4 => 0x2dc,
        0xc5 => 0xaf,
        0xc6 => 0x2d8,
        0xc7 => 0x2d9,
        0xc8 => 0xa8,
        0xca => 0x2da,
        0xcb => 0xb8,
        0xcd => 0x2dd,
        0xce => 0x2db,
        0xcf => 0x2c7,
        0xd0 => 0x2014,
        0xe1 => 0xc6,
        0xe3 => 0xaa,
        0xe8 => 0x141,
        0xe9 => 0xd8,
        0xea => 0x152,
        0xeb => 0xba,
        0xf1 => 0xe6,
        0xf5 => 0x131,
        0xf8 => 0x142,
        0xf9 => 0xf8,
        0xfa => 0x153,
        0xfb => 0xdf,
        _ => return None,
    };
    char::from_u32(v)
}

/// Glyph names that are not a letter plus marks.
const NAMES: &[(&str, u32)] = &[
    ("space", 0x20),
    ("exclam", 0x21),
    ("quotedbl", 0x22),
    ("numbersign", 0x23),
    ("dollar", 0x24),
    ("percent", 0x25),
    ("ampersand", 0x26),
    ("quotesingle", 0x27),
    ("parenleft", 0x28),
    ("parenright", 0x29),
    ("asterisk", 0x2a),
    ("plus", 0x2b),
    ("comma", 0x2c),
    ("hyphen", 0x2d),
    ("period", 0x2e),
    ("slash", 0x2f),
    ("zero", 0x30),
    ("one", 0x31),
    ("two", 0x32),
    ("three", 0x33),
    ("four", 0x34),
    ("five", 0x35),
    ("six", 0x36),
    ("seven", 0x37),
    ("eight", 0x38),
    ("nine", 0x39),
    ("colon", 0x3a),
    ("semicolon", 0x3b),
    ("less", 0x3c),
    ("equal", 0x3d),
    ("greater", 0x3e),
    ("question", 0x3f),
    ("at", 0x40),
    ("bracketleft", 0x5b),
    ("backslash", 0x5c),
    ("bracketright", 0x5d),
    ("asciicircum", 0x5e),
    ("underscore", 0x5f),
    ("grave", 0x60),
    ("braceleft", 0x7b),
    ("bar", 0x7c),
    ("braceright", 0x7d),
    ("asciitilde", 0x7e),
    ("exclamdown", 0xa1),
    ("cent", 0xa2),
    ("sterling", 0xa3),
    ("currency", 0xa4),
    ("yen", 0xa5),
    ("brokenbar", 0xa6),
    ("section", 0xa7),
    ("dieresis", 0xa8),
    ("copyright", 0xa9),
    ("ordfeminine", 0xaa),
    ("guillemotleft", 0xab),
    ("logicalnot", 0xac),
    ("registered", 0xae),
    ("macron", 0xaf),
    ("degree", 0xb0),
    ("plusminus", 0xb1),
    ("twosuperior", 0xb2),
    ("threesuperior", 0xb3),
    ("acute", 0xb4),
    ("mu", 0xb5),
    ("paragraph", 0xb6),
    ("periodcentered", 0xb7),
    ("cedilla", 0xb8),
    ("onesuperior", 0xb9),
    ("ordmasculine", 0xba),
    ("guillemotright", 0xbb),
    ("onequarter", 0xbc),
    ("onehalf", 0xbd),
    ("threequarters", 0xbe),
    ("questiondown", 0xbf),
    ("AE", 0xc6),
    ("Eth", 0xd0),
    ("multiply", 0xd7),
    ("Oslash", 0xd8),
    ("Thorn", 0xde),
    ("germandbls", 0xdf),
    ("ae", 0xe6),
    ("eth", 0xf0),
    ("divide", 0xf7),
    ("oslash", 0xf8),
    ("thorn", 0xfe),
    ("Dcroat", 0x110),
    ("dcroat", 0x111),
    ("Dslash", 0x110),
    ("dslash", 0x111),
    ("dotlessi", 0x131),
    ("Lslash", 0x141),
    ("lslash", 0x142),
    ("OE", 0x152),
    ("oe", 0x153),
    ("florin", 0x192),
    ("circumflex", 0x2c6),
    ("caron", 0x2c7),
    ("breve", 0x2d8),
    ("dotaccent", 0x2d9),
    ("ring", 0x2da),
    ("ogonek", 0x2db),
    ("tilde", 0x2dc),
    ("hungarumlaut", 0x2dd),
    ("gravecomb", 0x300),
    ("acutecomb", 0x301),
    ("tildecomb", 0x303),
    ("hookabovecomb", 0x309),
    ("dotbelowcomb", 0x323),
    ("endash", 0x2013),
    ("emdash", 0x2014),
    ("quoteleft", 0x2018),
    ("quoteright", 0x2019),
    ("quotesinglbase", 0x201a),
    ("quotedblleft", 0x201c),
    ("quotedblright", 0x201d),
    ("quotedblbase", 0x201e),
    ("dagger", 0x2020),
    ("daggerdbl", 0x2021),
    ("bullet", 0x2022),
    ("ellipsis", 0x2026),
    ("perthousand", 0x2030),
    ("guilsinglleft", 0x2039),
    ("guilsinglright", 0x203a),
    ("fraction", 0x2044),
    ("Euro", 0x20ac),
    ("dong", 0x20ab),
    ("trademark", 0x2122),
    ("minus", 0x2212),
    ("fi", 0xfb01),
    ("fl", 0xfb02),
    ("ff", 0xfb00),
    ("ffi", 0xfb03),
    ("ffl", 0xfb04),
    ("nbspace", 0xa0),
    ("nonbreakingspace", 0xa0),
    ("sfthyphen", 0xad),
    ("softhyphen", 0xad),
    ("middot", 0xb7),
    ("notequal", 0x2260),
    ("lessequal", 0x2264),
    ("greaterequal", 0x2265),
    ("infinity", 0x221e),
    ("lozenge", 0x25ca),
    ("summation", 0x2211),
    ("product", 0x220f),
    ("pi", 0x3c0),
    ("integral", 0x222b),
    ("Omega", 0x3a9),
    ("Delta", 0x394),
    ("partialdiff", 0x2202),
    ("radical", 0x221a),
    ("approxequal", 0x2248),
    ("numero", 0x2116),
    ("arrowright", 0x2192),
    ("arrowleft", 0x2190),
    ("checkmark", 0x2713),
];

/// Combining marks by their suffix names, longest first where one is a prefix of another.
const MARKS: &[(&str, u32)] = &[
    ("circumflex", 0x302),
    ("commaaccent", 0x326),
    ("hungarumlaut", 0x30b),
    ("dotaccent", 0x307),
    ("hookabove", 0x309),
    ("dieresis", 0x308),
    ("dotbelow", 0x323),
    ("cedilla", 0x327),
    ("macron", 0x304),
    ("ogonek", 0x328),
    ("acute", 0x301),
    ("breve", 0x306),
    ("caron", 0x30c),
    ("grave", 0x300),
    ("tilde", 0x303),
    ("horn", 0x31b),
    ("ring", 0x30a),
];

fn hex4(s: &str) -> Option<u32> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
        u32::from_str_radix(s, 16).ok()
    } else {
        None
    }
}

/// Unicode text of a glyph name, `None` when the name means nothing known.
pub(crate) fn glyph_name_to_unicode(name: &str) -> Option<String> {
    if name.is_empty() || name == ".notdef" {
        return None;
    }
    // Suffixes: "a.sc", "one.oldstyle".
    if let Some(dot) = name.find('.') {
        if dot == 0 {
            return None;
        }
        return glyph_name_to_unicode(&name[..dot]);
    }
    // Ligatures of components: "f_f_i".
    if name.contains('_') {
        let mut out = String::new();
        for part in name.split('_') {
            out.push_str(&glyph_name_to_unicode(part)?);
        }
        return Some(out);
    }
    if let Some(&(_, v)) = NAMES.iter().find(|(n, _)| *n == name) {
        return char::from_u32(v).map(String::from);
    }
    if let Some(hex) = name.strip_prefix("uni") {
        if !hex.is_empty() && hex.len() % 4 == 0 {
            let mut out = String::new();
            for i in (0..hex.len()).step_by(4) {
                let v = hex4(hex.get(i..i + 4)?)?;
                if (0xd800..=0xdfff).contains(&v) {
                    return None;
                }
                out.push(char::from_u32(v)?);
            }
            return Some(out);
        }
    }
    if let Some(hex) = name.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let v = u32::from_str_radix(hex, 16).ok()?;
            return char::from_u32(v).map(String::from);
        }
    }
    let mut chars = name.chars();
    let first = chars.next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let rest = chars.as_str();
    if rest.is_empty() {
        return Some(first.to_string());
    }
    // A base letter followed by mark names.
    let mut marks = Vec::new();
    let mut tail = rest;
    while !tail.is_empty() {
        let (mark, len) = MARKS
            .iter()
            .find(|(n, _)| tail.starts_with(n))
            .map(|(n, v)| (*v, n.len()))?;
        marks.push(mark);
        tail = &tail[len..];
    }
    let mut s = String::new();
    s.push(first);
    for m in &marks {
        s.push(char::from_u32(*m)?);
    }
    let composed: String = s.nfc().collect();
    if composed.chars().count() == 1 {
        return Some(composed);
    }
    // "Gcommaaccent" is G with a cedilla in Unicode.
    if marks.contains(&0x326) {
        let alt: String = s.replace('\u{326}', "\u{327}").nfc().collect();
        if alt.chars().count() == 1 {
            return Some(alt);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_encodings() {
        assert_eq!(BaseEncoding::WinAnsi.decode(0x80), Some('€'));
        assert_eq!(BaseEncoding::WinAnsi.decode(0xe0), Some('à'));
        assert_eq!(BaseEncoding::WinAnsi.decode(0x81), None);
        assert_eq!(BaseEncoding::MacRoman.decode(0x8e), Some('é'));
        assert_eq!(BaseEncoding::MacRoman.decode(0xd5), Some('’'));
        assert_eq!(BaseEncoding::Standard.decode(0x27), Some('’'));
        assert_eq!(BaseEncoding::Standard.decode(0xae), Some('ﬁ'));
        assert_eq!(BaseEncoding::None.decode(0x41), None);
    }

    #[test]
    fn glyph_names() {
        let g = |n: &str| glyph_name_to_unicode(n);
        assert_eq!(g("A").as_deref(), Some("A"));
        assert_eq!(g("space").as_deref(), Some(" "));
        assert_eq!(g("uni1EA5").as_deref(), Some("ấ"));
        assert_eq!(g("uni00410042").as_deref(), Some("AB"));
        assert_eq!(g("u1EA5").as_deref(), Some("ấ"));
        assert_eq!(g("u1F600").as_deref(), Some("😀"));
        assert_eq!(g("acircumflexacute").as_deref(), Some("ấ"));
        assert_eq!(g("ohornhookabove").as_deref(), Some("ở"));
        assert_eq!(g("Udieresis").as_deref(), Some("Ü"));
        assert_eq!(g("dcroat").as_deref(), Some("đ"));
        assert_eq!(g("Gcommaaccent").as_deref(), Some("Ģ"));
        assert_eq!(g("f_i").as_deref(), Some("fi"));
        assert_eq!(g("a.sc").as_deref(), Some("a"));
        assert_eq!(g("g123"), None);
        assert_eq!(g(".notdef"), None);
        assert_eq!(g("uniD800"), None);
    }
}
