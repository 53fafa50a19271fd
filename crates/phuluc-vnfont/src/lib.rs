//! Legacy Vietnamese 8-bit font encodings → Unicode.
//!
//! Before Unicode (TCVN 6909:2001) became mandatory, Vietnamese documents were typed in 8-bit
//! fonts that draw Vietnamese letters at Latin-1 positions. A PDF made from such a document
//! carries the bytes and, at best, a `/ToUnicode` map to the Latin-1 look-alikes, so text
//! extraction gives `Céng hoµ x· héi chñ nghÜa ViÖt Nam` (TCVN3) or `Coäng hoøa xaõ hoäi` (VNI).
//! This crate converts those bytes back to Unicode (NFC):
//!
//! * **TCVN3** (TCVN 5712:1993 "VN3", the ABC fonts `.VnTime`, `.VnArial`, …): one byte per
//!   letter; the 67 lowercase Vietnamese letters and 7 capitals (`Ă Â Ê Ô Ơ Ư Đ`) sit in
//!   `0xA1..=0xFE`; `ư` is `0xAD`, the Latin-1 soft hyphen. The other capitals come from a
//!   paired font (`.VnTimeH`, …) that draws the lowercase codes as capitals:
//!   [`LegacyEncoding::Tcvn3Capitals`].
//! * **VNI** (VNI-Windows, fonts `VNI-Times`, `VNI-Helve`, …): a base letter followed by a mark
//!   byte (`Vieät` = `Việt`, `Haø` = `Hà`); marks have a lowercase and a capital form
//!   (`aù` / `AÙ`); `ñ`/`Ñ` = `đ`/`Đ`, `ô`/`ö` = `ơ`/`ư`, and the toned `i` and `ỵ` are
//!   single bytes.
//!
//! Bytes an encoding does not assign decode as Windows-1252 (the legacy fonts keep ASCII and
//! the Windows punctuation). Tables written for this crate from the published code charts.

use unicode_normalization::UnicodeNormalization;

/// A legacy Vietnamese font encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegacyEncoding {
    /// TCVN3 / ABC (`.VnTime`, `.VnArial`, …).
    Tcvn3,
    /// TCVN3 capital fonts (`.VnTimeH`, `.VnArialH`, …): lowercase codes drawn as capitals.
    Tcvn3Capitals,
    /// VNI-Windows (`VNI-Times`, `VNI-Helve`, …): letters followed by separate mark bytes.
    Vni,
}

impl LegacyEncoding {
    /// A short name for messages: `TCVN3`, `TCVN3 capitals`, `VNI`.
    pub fn label(self) -> &'static str {
        match self {
            LegacyEncoding::Tcvn3 => "TCVN3",
            LegacyEncoding::Tcvn3Capitals => "TCVN3 capitals",
            LegacyEncoding::Vni => "VNI",
        }
    }
}

/// TCVN3 (VN3): byte → letter. 67 lowercase letters and 7 capitals.
const TCVN3: [(u8, char); 74] = [
    // capitals present in the base font
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    // letters with a modifier and no tone
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    // a
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    // ă
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    // â
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    // e
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    // ê
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    // i
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    // o
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    // ô
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    // ơ
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    // u
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    // ư
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    // y
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
];

/// VNI: bytes that are whole letters (lowercase, capital).
const VNI_LETTERS: [(u8, char); 18] = [
    (0xEC, 'ì'),
    (0xED, 'í'),
    (0xF3, 'ĩ'),
    (0xE6, 'ỉ'),
    (0xF2, 'ị'),
    (0xEE, 'ỵ'),
    (0xF1, 'đ'),
    (0xF4, 'ơ'),
    (0xF6, 'ư'),
    (0xCC, 'Ì'),
    (0xCD, 'Í'),
    (0xD3, 'Ĩ'),
    (0xC6, 'Ỉ'),
    (0xD2, 'Ị'),
    (0xCE, 'Ỵ'),
    (0xD1, 'Đ'),
    (0xD4, 'Ơ'),
    (0xD6, 'Ư'),
];

const GRAVE: char = '\u{300}';
const ACUTE: char = '\u{301}';
const CIRCUMFLEX: char = '\u{302}';
const TILDE: char = '\u{303}';
const BREVE: char = '\u{306}';
const HOOK: char = '\u{309}';
const HORN: char = '\u{31B}';
const DOT: char = '\u{323}';

/// VNI mark bytes: (lowercase byte, capital byte, modifier, tone).
const VNI_MARKS: [(u8, u8, Option<char>, Option<char>); 17] = [
    (0xF8, 0xD8, None, Some(GRAVE)),
    (0xF9, 0xD9, None, Some(ACUTE)),
    (0xFB, 0xDB, None, Some(HOOK)),
    (0xF5, 0xD5, None, Some(TILDE)),
    (0xEF, 0xCF, None, Some(DOT)),
    (0xE2, 0xC2, Some(CIRCUMFLEX), None),
    (0xE1, 0xC1, Some(CIRCUMFLEX), Some(ACUTE)),
    (0xE0, 0xC0, Some(CIRCUMFLEX), Some(GRAVE)),
    (0xE5, 0xC5, Some(CIRCUMFLEX), Some(HOOK)),
    (0xE3, 0xC3, Some(CIRCUMFLEX), Some(TILDE)),
    (0xE4, 0xC4, Some(CIRCUMFLEX), Some(DOT)),
    (0xEA, 0xCA, Some(BREVE), None),
    (0xE9, 0xC9, Some(BREVE), Some(ACUTE)),
    (0xE8, 0xC8, Some(BREVE), Some(GRAVE)),
    (0xFA, 0xDA, Some(BREVE), Some(HOOK)),
    (0xFC, 0xDC, Some(BREVE), Some(TILDE)),
    (0xEB, 0xCB, Some(BREVE), Some(DOT)),
];

/// Windows-1252 for the bytes an encoding leaves unassigned (`None` for undefined codes).
/// Also the PDF layer's WinAnsiEncoding, which is Windows-1252.
pub fn cp1252(b: u8) -> Option<char> {
    const HIGH: [u16; 32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
        0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
        0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ];
    match b {
        0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0xA0..=0xFF => Some(char::from(b)),
        0x80..=0x9F => match HIGH[usize::from(b - 0x80)] {
            0 => None,
            v => char::from_u32(u32::from(v)),
        },
        _ => None,
    }
}

/// The Windows-1252 byte of a character, if it has one (the inverse of the fallback).
pub fn cp1252_byte(c: char) -> Option<u8> {
    let v = u32::from(c);
    if (0x20..=0x7E).contains(&v) || (0xA0..=0xFF).contains(&v) || matches!(v, 0x09 | 0x0A | 0x0D) {
        return u8::try_from(v).ok();
    }
    (0x80..=0x9Fu8).find(|&b| cp1252(b) == Some(c))
}

fn tcvn3_letter(b: u8) -> Option<char> {
    TCVN3.iter().find(|(k, _)| *k == b).map(|(_, c)| *c)
}

fn vni_letter(b: u8) -> Option<char> {
    VNI_LETTERS.iter().find(|(k, _)| *k == b).map(|(_, c)| *c)
}

/// The combining marks of a VNI mark byte (modifier first), if `b` is one.
fn vni_mark(b: u8) -> Option<(Option<char>, Option<char>)> {
    VNI_MARKS
        .iter()
        .find(|(lo, up, _, _)| *lo == b || *up == b)
        .map(|(_, _, m, t)| (*m, *t))
}

/// Whether `b` is a VNI mark byte (a combining tone or vowel mark drawn over the letter
/// before it).
pub fn is_vni_mark_byte(b: u8) -> bool {
    vni_mark(b).is_some()
}

/// Whether `b` is a byte the encoding assigns to a Vietnamese letter or mark (not a
/// Windows-1252 fallback and not ASCII).
pub fn is_assigned(b: u8, enc: LegacyEncoding) -> bool {
    match enc {
        LegacyEncoding::Tcvn3 | LegacyEncoding::Tcvn3Capitals => tcvn3_letter(b).is_some(),
        LegacyEncoding::Vni => vni_letter(b).is_some() || vni_mark(b).is_some(),
    }
}

/// The Unicode text of one byte: a letter, or for a VNI mark byte one or two combining marks
/// (U+0300 family; compose them with the letter before by NFC). `None` for bytes that are
/// undefined (control codes, the holes of Windows-1252).
pub fn decode_byte(b: u8, enc: LegacyEncoding) -> Option<String> {
    match enc {
        LegacyEncoding::Tcvn3 => tcvn3_letter(b).or_else(|| cp1252(b)).map(String::from),
        LegacyEncoding::Tcvn3Capitals => {
            if b.is_ascii_lowercase() {
                return Some(char::from(b.to_ascii_uppercase()).to_string());
            }
            match tcvn3_letter(b) {
                Some(c) => Some(c.to_uppercase().collect()),
                None => cp1252(b).map(String::from),
            }
        }
        LegacyEncoding::Vni => {
            if let Some(c) = vni_letter(b) {
                return Some(c.to_string());
            }
            if let Some((m, t)) = vni_mark(b) {
                return Some(m.into_iter().chain(t).collect());
            }
            cp1252(b).map(String::from)
        }
    }
}

/// Decodes a run of bytes to NFC Unicode; undefined bytes become U+FFFD.
pub fn decode(bytes: &[u8], enc: LegacyEncoding) -> String {
    let mut s = String::with_capacity(bytes.len() + bytes.len() / 2);
    for &b in bytes {
        match decode_byte(b, enc) {
            Some(t) => s.push_str(&t),
            None => s.push('\u{FFFD}'),
        }
    }
    s.nfc().collect()
}

/// Encodes Unicode text in a legacy encoding (the inverse of [`decode`], for tests and fixture
/// generators). Fails with the first character the encoding cannot write: a capital with a
/// tone in [`LegacyEncoding::Tcvn3`] (it needs the capitals font), a lowercase letter in
/// [`LegacyEncoding::Tcvn3Capitals`], or anything outside Vietnamese and Windows-1252.
pub fn encode(text: &str, enc: LegacyEncoding) -> Result<Vec<u8>, char> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.nfc() {
        encode_char(c, enc, &mut out)?;
    }
    Ok(out)
}

fn encode_char(c: char, enc: LegacyEncoding, out: &mut Vec<u8>) -> Result<(), char> {
    match enc {
        LegacyEncoding::Tcvn3 => {
            if let Some((b, _)) = TCVN3.iter().find(|(_, l)| *l == c) {
                out.push(*b);
                return Ok(());
            }
            push_fallback(c, enc, out)
        }
        LegacyEncoding::Tcvn3Capitals => {
            if c.is_lowercase() {
                return Err(c);
            }
            if c.is_ascii_uppercase() {
                out.push(c.to_ascii_lowercase() as u8);
                return Ok(());
            }
            let lower: String = c.to_lowercase().collect();
            let mut l = lower.chars();
            if let (Some(lc), None) = (l.next(), l.next()) {
                if let Some((b, _)) = TCVN3[7..].iter().find(|(_, x)| *x == lc) {
                    out.push(*b);
                    return Ok(());
                }
            }
            push_fallback(c, enc, out)
        }
        LegacyEncoding::Vni => encode_vni(c, out),
    }
}

/// A character the encoding writes as its Windows-1252 byte: never a Vietnamese letter, and
/// only when the encoding leaves that byte to Windows-1252.
fn push_fallback(c: char, enc: LegacyEncoding, out: &mut Vec<u8>) -> Result<(), char> {
    if is_vietnamese_letter(c) && !c.is_ascii() {
        return Err(c);
    }
    let b = cp1252_byte(c).ok_or(c)?;
    if is_assigned(b, enc) || (enc == LegacyEncoding::Tcvn3Capitals && b.is_ascii_lowercase()) {
        return Err(c);
    }
    out.push(b);
    Ok(())
}

fn is_vietnamese_letter(c: char) -> bool {
    let mut it = c.to_lowercase();
    let Some(lc) = it.next() else { return false };
    TCVN3[7..].iter().any(|(_, x)| *x == lc)
}

fn encode_vni(c: char, out: &mut Vec<u8>) -> Result<(), char> {
    if c.is_ascii() {
        out.push(c as u8);
        return Ok(());
    }
    if let Some((b, _)) = VNI_LETTERS.iter().find(|(_, l)| *l == c) {
        out.push(*b);
        return Ok(());
    }
    if !is_vietnamese_letter(c) {
        // Windows-1252 symbols the VNI fonts keep (quotes, dashes …).
        return push_fallback(c, LegacyEncoding::Vni, out);
    }
    let mut base = None;
    let (mut modifier, mut tone, mut horn) = (None, None, false);
    for d in std::iter::once(c).nfd() {
        match d {
            CIRCUMFLEX | BREVE => modifier = Some(d),
            HORN => horn = true,
            GRAVE | ACUTE | TILDE | HOOK | DOT => tone = Some(d),
            _ if base.is_none() && d.is_ascii_alphabetic() => base = Some(d),
            _ => return Err(c),
        }
    }
    let base = base.ok_or(c)?;
    let upper = base.is_ascii_uppercase();
    if horn {
        let b = match base {
            'o' => 0xF4,
            'u' => 0xF6,
            'O' => 0xD4,
            'U' => 0xD6,
            _ => return Err(c),
        };
        out.push(b);
    } else {
        out.push(base as u8);
    }
    if modifier.is_none() && tone.is_none() {
        return Ok(());
    }
    let (lo, up, _, _) = VNI_MARKS
        .iter()
        .find(|(_, _, m, t)| *m == modifier && *t == tone)
        .ok_or(c)?;
    out.push(if upper { *up } else { *lo });
    Ok(())
}

/// Font names of the legacy encodings: subset prefix (`ABCDEF+`) and style suffix (`,Bold`,
/// `-Bold` …) ignored. `VNI-…` → VNI; `.Vn…`, `_Vn…`, `Vn…` (followed by a capital) → TCVN3,
/// capitals when the family name ends in `H` (`.VnTimeH`, `.VnArialH,Bold`).
pub fn detect_from_font_name(name: &str) -> Option<LegacyEncoding> {
    let mut n = name.trim();
    if n.len() > 7
        && n.as_bytes().get(6) == Some(&b'+')
        && n.as_bytes()[..6].iter().all(u8::is_ascii_uppercase)
    {
        n = &n[7..];
    }
    if let Some(i) = n.find(',') {
        n = &n[..i];
    }
    let dotted = n.starts_with(['.', '_']);
    let n = n.trim_start_matches(['.', '_']).trim();
    let b = n.as_bytes();
    if b.len() >= 4 && b[..3].eq_ignore_ascii_case(b"vni") {
        let next = b[3];
        if matches!(next, b'-' | b'_' | b' ') || next.is_ascii_uppercase() {
            return Some(LegacyEncoding::Vni);
        }
    }
    let tcvn = b.len() >= 3
        && b[..2].eq_ignore_ascii_case(b"vn")
        && (b[2].is_ascii_uppercase() || (dotted && b[2].is_ascii_alphabetic()));
    if !tcvn {
        return None;
    }
    // Drop a style suffix after '-' (".VnTimeH-Bold") and spaces.
    let mut family = n;
    if let Some(i) = family.rfind('-') {
        let style = family[i + 1..].to_ascii_lowercase();
        if [
            "bold",
            "italic",
            "bolditalic",
            "oblique",
            "boldoblique",
            "regular",
        ]
        .contains(&style.as_str())
        {
            family = &family[..i];
        }
    }
    if family.trim_end().ends_with('H') {
        Some(LegacyEncoding::Tcvn3Capitals)
    } else {
        Some(LegacyEncoding::Tcvn3)
    }
}

/// Evidence for a legacy encoding gathered from the bytes of text runs (see
/// [`detect_from_bytes`]). Accumulate runs of one font with [`ByteProfile::add`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ByteProfile {
    /// TCVN3-only letters (`0xA1..=0xBE`, never text in Latin-1) next to a letter.
    pub tcvn3: u32,
    /// VNI mark bytes that no Latin-1 text puts after a vowel (`aø`, `eä`, `oï` …), after a
    /// vowel of the same case.
    pub vni: u32,
}

impl ByteProfile {
    /// Adds the evidence of one run.
    pub fn add(&mut self, bytes: &[u8]) {
        let letterish = |b: u8| b.is_ascii_alphabetic() || b >= 0xA1;
        for (i, &b) in bytes.iter().enumerate() {
            let prev = if i > 0 {
                bytes.get(i - 1).copied()
            } else {
                None
            };
            let next = bytes.get(i + 1).copied();
            if (0xA1..=0xBE).contains(&b)
                && tcvn3_letter(b).is_some()
                && (prev.is_some_and(letterish) || next.is_some_and(letterish))
            {
                self.tcvn3 += 1;
            }
            if let Some(p) = prev {
                let lower_vowel = matches!(p, b'a' | b'e' | b'o' | b'u' | b'y' | 0xF4 | 0xF6);
                let upper_vowel = matches!(p, b'A' | b'E' | b'O' | b'U' | b'Y' | 0xD4 | 0xD6);
                let lower_mark = matches!(b, 0xE4 | 0xE5 | 0xEB | 0xEF | 0xF5 | 0xF8 | 0xF9)
                    || matches!(b, 0xFB | 0xFC);
                let upper_mark = matches!(b, 0xC4 | 0xC5 | 0xCB | 0xCF | 0xD5 | 0xD8 | 0xD9)
                    || matches!(b, 0xDB | 0xDC);
                if (lower_vowel && lower_mark) || (upper_vowel && upper_mark) {
                    self.vni += 1;
                }
            }
        }
    }

    /// The encoding the evidence points to: at least `min` pieces of evidence and three times
    /// as many as for the other encoding.
    pub fn verdict(&self, min: u32) -> Option<LegacyEncoding> {
        if self.tcvn3 >= min.max(1) && self.tcvn3 >= 3 * self.vni {
            Some(LegacyEncoding::Tcvn3)
        } else if self.vni >= min.max(1) && self.vni >= 3 * self.tcvn3 {
            Some(LegacyEncoding::Vni)
        } else {
            None
        }
    }
}

/// Guesses the encoding of a run from its byte profile (for fonts whose name says nothing):
/// TCVN3 when bytes `0xA1..=0xBE` (`µ ¸ ¶ ª « ¬ ®` …) sit inside words, VNI when mark bytes
/// follow vowels (`aø`, `eä`, `oï`). Needs two pieces of evidence and no strong evidence
/// for the other encoding; plain Latin-1 and ASCII give `None`. The capitals fonts cannot be
/// told from bytes (they use the lowercase codes): a TCVN3 run is reported as
/// [`LegacyEncoding::Tcvn3`].
pub fn detect_from_bytes(bytes: &[u8]) -> Option<LegacyEncoding> {
    let mut p = ByteProfile::default();
    p.add(bytes);
    p.verdict(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_consistent() {
        let mut seen = std::collections::HashSet::new();
        for (b, c) in TCVN3 {
            assert!(seen.insert(b), "duplicate byte {b:02X}");
            assert!(b >= 0xA1, "{c}");
        }
        for (b, _) in VNI_LETTERS {
            assert!(vni_mark(b).is_none());
        }
        let mut seen = std::collections::HashSet::new();
        for (lo, up, _, _) in VNI_MARKS {
            assert!(seen.insert(lo) && seen.insert(up));
            assert!(vni_letter(lo).is_none() && vni_letter(up).is_none());
        }
    }
}
