//! Fonts: code splitting, Unicode decoding and glyph widths.
//!
//! Decoding order for a code: the font's `/ToUnicode` map first (lopdf's own helper prefers
//! `/Encoding` for simple fonts, which is wrong for subset fonts with custom encodings), then for
//! simple fonts `/Encoding` (`/Differences` by glyph name over the base encoding), then the font's
//! built-in base encoding. A code that none of them maps decodes to U+FFFD.
//!
//! Legacy Vietnamese fonts (TCVN3 `.VnTime`/`.VnTimeH`, VNI `VNI-Times` …) are simple fonts
//! whose maps give Latin-1 look-alikes (`Céng hoµ`, `Vieät`): when the font name says so, or
//! the byte profile of its text does (see [`Legacy`]), each code is taken back to the byte it
//! stands for and decoded by `phuluc-vnfont` instead.

use crate::cmap::{CMap, Codespaces};
use crate::encoding::{glyph_name_to_unicode, BaseEncoding};
use crate::std14::Std14;
use crate::Limits;
use lopdf::{Dictionary, Document, Object};
use phuluc_model::{BBox, Glyph};
use phuluc_vnfont::{ByteProfile, LegacyEncoding};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use unicode_normalization::UnicodeNormalization;

/// Fallback ascent and descent, as fractions of the font size.
const DEFAULT_ASCENT: f64 = 0.9;
const DEFAULT_DESCENT: f64 = -0.25;

#[derive(Debug)]
enum Kind {
    /// Type1, TrueType, MMType1 (and Type3, with its font matrix): one byte per code.
    Simple {
        /// Unicode by code from `/Encoding` (differences over the base encoding).
        encoding: Box<[Option<String>]>,
        /// Widths by code, glyph units.
        widths: Box<[Option<f64>]>,
        /// Standard-14 metrics when `/Widths` is missing.
        std14: Option<Std14>,
        missing_width: f64,
    },
    /// Type0 with a CID font below it.
    Composite {
        codespaces: Codespaces,
        /// Code → CID from an embedded CMap; `None` = identity.
        cid_map: Option<CMap>,
        widths: HashMap<u32, f64>,
        default_width: f64,
    },
}

/// A font ready to decode strings.
#[derive(Debug)]
pub(crate) struct Font {
    /// `/BaseFont` (subset prefix included), or the resource name when there is none.
    pub name: String,
    kind: Kind,
    to_unicode: Option<CMap>,
    /// Glyph units → text space units (0.001, or the Type 3 font matrix).
    pub units: f64,
    /// Vertical scale of glyph units for ascent and descent (Type 3: the matrix's `d`).
    pub ascent: f64,
    pub descent: f64,
    /// Problems found while loading, reported once per page where the font is used.
    pub load_warnings: Vec<String>,
    /// Legacy Vietnamese decoding, for simple fonts whose maps give Latin-1 look-alikes.
    legacy: Option<Legacy>,
}

/// A simple font that may be (or is, by its name) in a legacy Vietnamese 8-bit encoding.
#[derive(Debug)]
struct Legacy {
    /// The encoding the font name gives; `None`: decided from the byte profile of its text.
    by_name: Option<LegacyEncoding>,
    /// Code → the byte it stands for: the Latin-1/Windows-1252 byte of the look-alike its
    /// `/ToUnicode` or `/Differences` gives, else the code itself.
    bytes: Box<[u8]>,
    /// Evidence gathered from the runs shown so far, and the encoding once it is clear.
    profile: Mutex<(ByteProfile, Option<LegacyEncoding>)>,
}

/// Evidence that makes a font without a legacy name legacy for good, and for one run.
const PROFILE_FONT_EVIDENCE: u32 = 4;
const PROFILE_RUN_EVIDENCE: u32 = 2;

/// Whether a `/ToUnicode` value is real Vietnamese Unicode (not a Latin-1 look-alike).
fn is_vietnamese_unicode(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(u32::from(c),
            0x0102 | 0x0103 | 0x0110 | 0x0111 | 0x0128 | 0x0129 | 0x0168 | 0x0169
            | 0x01A0 | 0x01A1 | 0x01AF | 0x01B0 | 0x0300..=0x0323 | 0x1EA0..=0x1EF9)
    })
}

/// The byte a look-alike character stands for; `code` when the map gave a hyphen for the soft
/// hyphen position (TCVN3 `ư`).
fn lookalike_byte(text: &str, code: u8) -> Option<u8> {
    let mut chars = text.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    if code == 0xAD && matches!(c, '-' | '\u{2010}' | '\u{2011}') {
        return Some(0xAD);
    }
    phuluc_vnfont::cp1252_byte(c)
}

/// One decoded code of a shown string.
pub(crate) struct Code {
    pub code: u32,
    pub len: usize,
    /// Unicode text, or `None` when the code cannot be decoded.
    pub text: Option<String>,
    /// Advance in text-space units per unit of font size (before `Tc`, `Tw`, `Th`).
    pub width: f64,
    /// A legacy (VNI) mark byte: `text` is combining marks that belong to the glyph before.
    pub combining: bool,
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key).ok().and_then(|o| deref(doc, o))
}

pub(crate) fn number(obj: &Object) -> Option<f64> {
    match obj {
        Object::Integer(i) => Some(*i as f64),
        // lopdf keeps reals as f32: take the shortest decimal that round-trips ("841.89"), not
        // the binary expansion (841.8897705…).
        Object::Real(r) => r.to_string().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|v| v.is_finite())
}

fn get_number(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f64> {
    get(doc, dict, key).and_then(number)
}

fn get_name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

fn stream_bytes(
    doc: &Document,
    obj: &Object,
    limits: &Limits,
    warnings: &mut Vec<String>,
) -> Option<Vec<u8>> {
    let stream = match deref(doc, obj)? {
        Object::Stream(s) => s,
        _ => return None,
    };
    match stream.get_plain_content_with_limit(limits.max_decompressed_bytes_per_stream) {
        Ok(b) => Some(b),
        Err(e) => {
            warnings.push(format!("cannot read a font stream: {e}"));
            None
        }
    }
}

impl Font {
    /// Loads a font dictionary. Never fails: what cannot be read is reported in
    /// `load_warnings` and decoded as U+FFFD or measured with a fallback width.
    pub(crate) fn load(
        doc: &Document,
        dict: &Dictionary,
        resource_name: &str,
        limits: &Limits,
    ) -> Font {
        let mut warnings = Vec::new();
        let subtype = get_name(doc, dict, b"Subtype").unwrap_or(b"");
        let name = get_name(doc, dict, b"BaseFont")
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_else(|| resource_name.to_string());
        let to_unicode = dict
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| stream_bytes(doc, o, limits, &mut warnings))
            .map(|bytes| CMap::parse(&bytes));
        if let Some(tu) = &to_unicode {
            if tu.damaged {
                warnings.push("its /ToUnicode map is partly unreadable".into());
            }
        }
        if subtype == b"Type0" {
            Self::load_composite(doc, dict, name, to_unicode, limits, warnings)
        } else {
            Self::load_simple(doc, dict, subtype, name, to_unicode, warnings)
        }
    }

    fn descriptor_metrics(doc: &Document, dict: &Dictionary, font: &mut Font) {
        let Some(Object::Dictionary(fd)) = get(doc, dict, b"FontDescriptor") else {
            return;
        };
        let ascent = get_number(doc, fd, b"Ascent").unwrap_or(0.0);
        let descent = get_number(doc, fd, b"Descent").unwrap_or(0.0);
        if ascent > 0.0 && ascent < 5000.0 {
            font.ascent = ascent / 1000.0;
        }
        if descent < 0.0 && descent > -5000.0 {
            font.descent = descent / 1000.0;
        }
    }

    fn load_simple(
        doc: &Document,
        dict: &Dictionary,
        subtype: &[u8],
        name: String,
        to_unicode: Option<CMap>,
        mut warnings: Vec<String>,
    ) -> Font {
        let is_type3 = subtype == b"Type3";
        let std14 = Std14::from_base_font(&name);
        // Base encoding: the font program's built-in one is unknown to us; assume Standard for
        // Type 1 and WinAnsi for TrueType (what viewers do for non-symbolic fonts).
        let lower = name.to_ascii_lowercase();
        let symbolic = lower.contains("symbol") || lower.contains("dingbat");
        let mut base = if symbolic {
            BaseEncoding::None
        } else if subtype == b"TrueType" {
            BaseEncoding::WinAnsi
        } else {
            BaseEncoding::Standard
        };
        let mut differences: Vec<(u8, Option<String>)> = Vec::new();
        match get(doc, dict, b"Encoding") {
            Some(Object::Name(n)) => match BaseEncoding::from_name(n) {
                Some(b) => base = b,
                None => warnings.push(format!("unknown encoding /{}", String::from_utf8_lossy(n))),
            },
            Some(Object::Dictionary(enc)) => {
                if let Some(n) = get_name(doc, enc, b"BaseEncoding") {
                    if let Some(b) = BaseEncoding::from_name(n) {
                        base = b;
                    }
                }
                if let Some(Object::Array(diffs)) = get(doc, enc, b"Differences") {
                    let mut code: i64 = -1;
                    for item in diffs {
                        match deref(doc, item) {
                            Some(Object::Integer(i)) => code = *i,
                            Some(Object::Name(n)) => {
                                if (0..=255).contains(&code) {
                                    let gname = String::from_utf8_lossy(n);
                                    differences.push((code as u8, glyph_name_to_unicode(&gname)));
                                }
                                code += 1;
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
        let mut encoding: Vec<Option<String>> = (0..=255u8)
            .map(|c| base.decode(c).map(String::from))
            .collect();
        let mut diff_codes: Vec<(u8, Option<String>)> = Vec::new();
        for (code, text) in differences {
            if let Some(slot) = encoding.get_mut(usize::from(code)) {
                *slot = text.clone();
            }
            diff_codes.push((code, text));
        }

        let mut widths: Vec<Option<f64>> = vec![None; 256];
        let first = get_number(doc, dict, b"FirstChar").unwrap_or(0.0);
        let mut have_widths = false;
        if let Some(Object::Array(ws)) = get(doc, dict, b"Widths") {
            if (0.0..256.0).contains(&first) {
                for (i, w) in ws.iter().enumerate() {
                    let code = first as usize + i;
                    if code > 255 {
                        break;
                    }
                    if let Some(w) = deref(doc, w).and_then(number) {
                        widths[code] = Some(w);
                        have_widths = true;
                    }
                }
            }
        }
        let mut missing_width = 0.0;
        if let Some(Object::Dictionary(fd)) = get(doc, dict, b"FontDescriptor") {
            missing_width = get_number(doc, fd, b"MissingWidth").unwrap_or(0.0);
        }
        let mut units = 0.001;
        let mut ascent = DEFAULT_ASCENT;
        let mut descent = DEFAULT_DESCENT;
        if is_type3 {
            if let Some(Object::Array(m)) = get(doc, dict, b"FontMatrix") {
                let m: Vec<f64> = m
                    .iter()
                    .filter_map(|o| deref(doc, o).and_then(number))
                    .collect();
                if m.len() == 6 && m[0].abs() > 1e-9 && m[0].abs() < 1e3 {
                    units = m[0];
                    // FontBBox in glyph space gives ascent and descent.
                    if let Some(Object::Array(bb)) = get(doc, dict, b"FontBBox") {
                        let bb: Vec<f64> = bb
                            .iter()
                            .filter_map(|o| deref(doc, o).and_then(number))
                            .collect();
                        if bb.len() == 4 && m[3].abs() > 1e-9 {
                            let (lo, hi) = (bb[1].min(bb[3]) * m[3], bb[1].max(bb[3]) * m[3]);
                            if hi > 0.0 && hi < 5.0 && lo <= 0.0 && lo > -5.0 {
                                ascent = hi;
                                descent = if lo < 0.0 { lo } else { DEFAULT_DESCENT };
                            }
                        }
                    }
                } else {
                    warnings.push("Type 3 font without a usable /FontMatrix".into());
                }
            }
        }
        let std14 = if have_widths {
            None
        } else {
            match std14 {
                Some(s) => Some(s),
                None => {
                    warnings.push("no /Widths and not a standard font: widths guessed".into());
                    None
                }
            }
        };
        if !have_widths && missing_width == 0.0 && std14.is_none() {
            missing_width = 500.0;
        }
        let legacy = if is_type3 {
            None
        } else {
            Self::legacy_setup(&name, to_unicode.as_ref(), &diff_codes, symbolic)
        };
        let mut font = Font {
            name,
            legacy,
            kind: Kind::Simple {
                encoding: encoding.into_boxed_slice(),
                widths: widths.into_boxed_slice(),
                std14,
                missing_width,
            },
            to_unicode,
            units,
            ascent,
            descent,
            load_warnings: warnings,
        };
        if !is_type3 {
            Self::descriptor_metrics(doc, dict, &mut font);
        }
        font
    }

    fn load_composite(
        doc: &Document,
        dict: &Dictionary,
        name: String,
        to_unicode: Option<CMap>,
        limits: &Limits,
        mut warnings: Vec<String>,
    ) -> Font {
        let mut codespaces = Codespaces::two_byte();
        let mut cid_map = None;
        match dict.get(b"Encoding").ok().and_then(|o| deref(doc, o)) {
            Some(Object::Name(n)) => {
                let n = n.as_slice();
                if n != b"Identity-H" && n != b"Identity-V" {
                    if n.ends_with(b"-V") {
                        warnings.push("vertical writing is laid out horizontally".into());
                    }
                    // Predefined CMaps are not bundled: 2-byte codes with CID = code is right
                    // for the UCS2/UTF16 ones and a guess for the others.
                    if !n.starts_with(b"Uni") {
                        warnings.push(format!(
                            "predefined CMap /{} is not supported: codes taken as 2-byte CIDs",
                            String::from_utf8_lossy(n)
                        ));
                    }
                } else if n == b"Identity-V" {
                    warnings.push("vertical writing is laid out horizontally".into());
                }
            }
            Some(obj @ Object::Stream(_)) => {
                if let Some(bytes) = stream_bytes(doc, obj, limits, &mut warnings) {
                    let cmap = CMap::parse(&bytes);
                    if !cmap.codespaces.0.is_empty() {
                        codespaces = cmap.codespaces.clone();
                    }
                    if cmap.damaged {
                        warnings.push("its encoding CMap is partly unreadable".into());
                    }
                    cid_map = Some(cmap);
                }
            }
            _ => warnings.push("Type0 font without a usable /Encoding: Identity assumed".into()),
        }
        let mut widths = HashMap::new();
        let mut default_width = 1000.0;
        let mut font = Font {
            name,
            kind: Kind::Composite {
                codespaces: Codespaces::default(),
                cid_map: None,
                widths: HashMap::new(),
                default_width: 1000.0,
            },
            to_unicode,
            units: 0.001,
            ascent: DEFAULT_ASCENT,
            descent: DEFAULT_DESCENT,
            load_warnings: Vec::new(),
            legacy: None,
        };
        let descendant = match get(doc, dict, b"DescendantFonts") {
            Some(Object::Array(a)) => a.first().and_then(|o| deref(doc, o)),
            Some(o @ Object::Dictionary(_)) => Some(o),
            _ => None,
        };
        if let Some(Object::Dictionary(cid_font)) = descendant {
            if let Some(dw) = get_number(doc, cid_font, b"DW") {
                default_width = dw;
            }
            if let Some(Object::Array(w)) = get(doc, cid_font, b"W") {
                if !parse_w(doc, w, &mut widths) {
                    warnings.push("its /W array is too large; the rest was ignored".into());
                }
            }
            Self::descriptor_metrics(doc, cid_font, &mut font);
        } else {
            warnings.push("Type0 font without a descendant font: default widths".into());
        }
        font.kind = Kind::Composite {
            codespaces,
            cid_map,
            widths,
            default_width,
        };
        font.load_warnings = warnings;
        font
    }

    /// Legacy decoding for a simple font: by name, or a candidate for the byte profile when
    /// the name says nothing. Not for symbolic fonts nor when `/ToUnicode` gives real
    /// Vietnamese Unicode (the file is then decoded right already).
    fn legacy_setup(
        name: &str,
        to_unicode: Option<&CMap>,
        differences: &[(u8, Option<String>)],
        symbolic: bool,
    ) -> Option<Legacy> {
        let by_name = phuluc_vnfont::detect_from_font_name(name);
        if symbolic && by_name.is_none() {
            return None;
        }
        let mut bytes: Vec<u8> = (0..=255u8).collect();
        for (code, text) in differences {
            if let Some(b) = text.as_deref().and_then(|t| lookalike_byte(t, *code)) {
                bytes[usize::from(*code)] = b;
            }
        }
        if let Some(tu) = to_unicode {
            for code in 0..=255u8 {
                let Some(text) = tu.unicode(u32::from(code), 1) else {
                    continue;
                };
                if is_vietnamese_unicode(&text) {
                    return None;
                }
                if let Some(b) = lookalike_byte(&text, code) {
                    bytes[usize::from(code)] = b;
                }
            }
        }
        Some(Legacy {
            by_name,
            bytes: bytes.into_boxed_slice(),
            profile: Mutex::new((ByteProfile::default(), None)),
        })
    }

    /// The legacy encoding to decode the string `bytes` with, and whether it was guessed from
    /// the byte profile (the font name says nothing): the font's runs so far and this one must
    /// show enough TCVN3 or VNI evidence.
    pub(crate) fn legacy_run(&self, bytes: &[u8]) -> Option<(LegacyEncoding, bool)> {
        let legacy = self.legacy.as_ref()?;
        if let Some(enc) = legacy.by_name {
            return Some((enc, false));
        }
        let run: Vec<u8> = bytes
            .iter()
            .map(|&b| legacy.bytes.get(usize::from(b)).copied().unwrap_or(b))
            .collect();
        let mut state = legacy.profile.lock().ok()?;
        if let Some(enc) = state.1 {
            return Some((enc, true));
        }
        state.0.add(&run);
        if let Some(enc) = state.0.verdict(PROFILE_FONT_EVIDENCE) {
            state.1 = Some(enc);
            return Some((enc, true));
        }
        let mut this_run = ByteProfile::default();
        this_run.add(&run);
        this_run
            .verdict(PROFILE_RUN_EVIDENCE)
            .map(|enc| (enc, true))
    }

    /// Whether this font uses one byte per code (so `Tw` applies to code 32).
    fn codespaces(&self) -> Option<&Codespaces> {
        match &self.kind {
            Kind::Simple { .. } => None,
            Kind::Composite { codespaces, .. } => Some(codespaces),
        }
    }

    /// Decodes the next code of `bytes` (not empty), through a legacy Vietnamese encoding
    /// when `legacy` is given (from [`Font::legacy_run`]).
    pub(crate) fn next_code_as(&self, bytes: &[u8], legacy: Option<LegacyEncoding>) -> Code {
        let (code, len) = match self.codespaces() {
            None => (u32::from(bytes[0]), 1),
            Some(cs) => cs.next_code(bytes),
        };
        let mut combining = false;
        let mut text = match (legacy, &self.legacy, &self.kind) {
            (Some(enc), Some(l), Kind::Simple { .. }) => {
                let byte = l.bytes.get(code as usize).copied().unwrap_or(0);
                combining = enc == LegacyEncoding::Vni && phuluc_vnfont::is_vni_mark_byte(byte);
                Some(phuluc_vnfont::decode_byte(byte, enc).unwrap_or_else(|| "\u{fffd}".into()))
            }
            _ => self
                .to_unicode
                .as_ref()
                .and_then(|tu| tu.unicode(code, len)),
        };
        let width = match &self.kind {
            Kind::Simple {
                encoding,
                widths,
                std14,
                missing_width,
            } => {
                if text.is_none() {
                    text = encoding.get(code as usize).cloned().flatten();
                }
                let w = widths.get(code as usize).copied().flatten();
                match (w, std14) {
                    (Some(w), _) => w,
                    (None, Some(s)) => s.width(code as u8),
                    (None, None) => *missing_width,
                }
            }
            Kind::Composite {
                cid_map,
                widths,
                default_width,
                ..
            } => {
                let cid = match cid_map {
                    Some(m) => m.cid(code, len).unwrap_or(0),
                    None => code,
                };
                widths.get(&cid).copied().unwrap_or(*default_width)
            }
        };
        Code {
            code,
            len,
            text,
            width: width * self.units,
            combining,
        }
    }
}

/// Composes a legacy (VNI) mark into the glyph shown just before it, when the mark is drawn
/// at that glyph (its origin within 0.3 em of the glyph's box; the mark byte may come in
/// another string or font than its letter): the letter's text becomes NFC(letter + marks) and
/// its box takes in the mark's. Returns whether it did; if not, the mark is a glyph of its own
/// and the parser places it by position.
pub(crate) fn attach_legacy_mark(
    glyphs: &mut [Glyph],
    marks: &str,
    origin: (f64, f64),
    bbox: BBox,
) -> bool {
    let Some(prev) = glyphs.last_mut() else {
        return false;
    };
    if prev.text.chars().all(char::is_whitespace) {
        return false;
    }
    let tol = 0.3 * prev.size.max(1.0);
    let b = prev.bbox;
    let (x, y) = origin;
    if !(x >= b.x0 - tol && x <= b.x1 + tol && y >= b.top - tol && y <= b.bottom + tol) {
        return false;
    }
    prev.text = format!("{}{marks}", prev.text).nfc().collect();
    if bbox.x0.is_finite() && bbox.top.is_finite() {
        prev.bbox = prev.bbox.union(&bbox);
    }
    true
}

/// Reads a CID font's `/W` array in both forms: `c [w1 w2 …]` and `c_first c_last w`.
fn parse_w(doc: &Document, w: &[Object], widths: &mut HashMap<u32, f64>) -> bool {
    /// Most CIDs one entry may cover, and most widths kept in all.
    const MAX_CIDS: u32 = 1 << 17;
    const MAX_WIDTHS: usize = 1 << 18;
    let items: Vec<&Object> = w.iter().filter_map(|o| deref(doc, o)).collect();
    let mut i = 0;
    while i < items.len() {
        if widths.len() > MAX_WIDTHS {
            return false;
        }
        let Some(first) = number(items[i]).filter(|v| *v >= 0.0) else {
            i += 1;
            continue;
        };
        let first = first as u32;
        match items.get(i + 1) {
            Some(Object::Array(ws)) => {
                for (k, wv) in ws.iter().enumerate() {
                    if let Some(wv) = deref(doc, wv).and_then(number) {
                        widths.insert(first.saturating_add(k as u32), wv);
                    }
                    if k as u32 > MAX_CIDS {
                        break;
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Some(last), Some(wv)) =
                    (number(last), items.get(i + 2).and_then(|o| number(o)))
                else {
                    i += 3;
                    continue;
                };
                let last = (last.max(0.0) as u32).min(first.saturating_add(MAX_CIDS));
                for cid in first..=last {
                    widths.insert(cid, wv);
                }
                i += 3;
            }
            None => break,
        }
    }
    true
}

/// Per-document cache of fonts by object id (fonts are shared across pages).
#[derive(Default)]
pub(crate) struct FontCache {
    fonts: std::sync::Mutex<HashMap<lopdf::ObjectId, Arc<Font>>>,
}

impl FontCache {
    pub(crate) fn get_or_load(
        &self,
        id: lopdf::ObjectId,
        load: impl FnOnce() -> Font,
    ) -> Arc<Font> {
        if let Ok(map) = self.fonts.lock() {
            if let Some(f) = map.get(&id) {
                return Arc::clone(f);
            }
        }
        let font = Arc::new(load());
        if let Ok(mut map) = self.fonts.lock() {
            map.insert(id, Arc::clone(&font));
        }
        font
    }
}
