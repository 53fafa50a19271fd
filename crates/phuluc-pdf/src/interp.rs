//! The content-stream interpreter: graphics and text state, text showing, paths and painting,
//! form XObjects. It turns operators into [`Glyph`]s and [`Rule`]s in page coordinates.

use crate::font::{attach_legacy_mark, number, Font, FontCache};
use crate::lexer::{decode_name, Lexer, Operand, Token};
use crate::{Limits, PdfError};
use lopdf::{Dictionary, Document, Object, ObjectId};
use phuluc_model::{BBox, Glyph, Rule, RuleKind, Warning, WarningCode};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Instant;

/// Deepest `q` nesting kept; deeper saves are counted and matched by `Q` but not stored.
const MAX_GSTATE_DEPTH: usize = 1024;
/// A filled rectangle whose thinner side is at most this (points) is a border.
pub(crate) const THIN_FILL: f64 = 3.0;
/// Most points kept in one path; more are dropped with a warning.
const MAX_PATH_POINTS: usize = 1 << 20;
/// A colour component at least this light counts as white (at most this dark for CMYK ink).
const WHITE: f64 = 0.95;

/// An affine matrix `[a b c d e f]` in PDF's row-vector convention: `p' = p × M`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Matrix {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub d: f64,
    pub e: f64,
    pub f: f64,
}

impl Matrix {
    pub(crate) const IDENTITY: Matrix = Matrix::new(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);

    pub(crate) const fn new(a: f64, b: f64, c: f64, d: f64, e: f64, f: f64) -> Matrix {
        Matrix { a, b, c, d, e, f }
    }

    /// `self × other`: apply `self` first, then `other`.
    pub(crate) fn then(&self, o: &Matrix) -> Matrix {
        Matrix {
            a: self.a * o.a + self.b * o.c,
            b: self.a * o.b + self.b * o.d,
            c: self.c * o.a + self.d * o.c,
            d: self.c * o.b + self.d * o.d,
            e: self.e * o.a + self.f * o.c + o.e,
            f: self.e * o.b + self.f * o.d + o.f,
        }
    }

    pub(crate) fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        (
            x * self.a + y * self.c + self.e,
            x * self.b + y * self.d + self.f,
        )
    }

    fn from_values(v: [f64; 6]) -> Option<Matrix> {
        if v.iter().all(|x| x.is_finite()) {
            Some(Matrix::new(v[0], v[1], v[2], v[3], v[4], v[5]))
        } else {
            None
        }
    }

    fn from_objects(doc: &Document, arr: &[Object]) -> Option<Matrix> {
        let v: Vec<f64> = arr
            .iter()
            .filter_map(|o| doc.dereference(o).ok().and_then(|(_, o)| number(o)))
            .collect();
        let v: [f64; 6] = v.try_into().ok()?;
        Matrix::from_values(v)
    }
}

/// What a colour operator's numbers mean.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Space {
    Gray,
    Rgb,
    Cmyk,
    /// Separation / DeviceN: tints, 0 = no ink.
    Tint,
    /// Pattern, Indexed, Lab …: never taken as white.
    Other,
}

#[derive(Debug, Clone)]
struct GState {
    ctm: Matrix,
    line_width: f64,
    fill_space: Space,
    stroke_space: Space,
    fill_white: bool,
    stroke_white: bool,
    font: Option<Arc<Font>>,
    font_size: f64,
    char_spacing: f64,
    word_spacing: f64,
    h_scale: f64,
    leading: f64,
    rise: f64,
    render_mode: i64,
}

impl GState {
    fn new(ctm: Matrix) -> GState {
        GState {
            ctm,
            line_width: 1.0,
            fill_space: Space::Gray,
            stroke_space: Space::Gray,
            fill_white: false,
            stroke_white: false,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render_mode: 0,
        }
    }
}

#[derive(Debug, Default)]
struct SubPath {
    pts: Vec<(f64, f64)>,
    /// `straight[i]`: whether the segment ending at `pts[i]` is a straight line (i ≥ 1).
    straight: Vec<bool>,
    closed: bool,
}

fn is_white(space: Space, values: &[f64]) -> bool {
    match space {
        Space::Gray | Space::Rgb => !values.is_empty() && values.iter().all(|v| *v >= WHITE),
        Space::Cmyk | Space::Tint => !values.is_empty() && values.iter().all(|v| *v <= 1.0 - WHITE),
        Space::Other => false,
    }
}

/// The last `N` operands as numbers (extra junk before them is ignored).
fn nums<const N: usize>(ops: &[Operand<'_>]) -> Option<[f64; N]> {
    if ops.len() < N {
        return None;
    }
    let mut out = [0.0; N];
    for (slot, op) in out.iter_mut().zip(&ops[ops.len() - N..]) {
        *slot = op.as_f64()?;
    }
    Some(out)
}

fn last_name<'a>(ops: &[Operand<'a>]) -> Option<&'a [u8]> {
    ops.iter().rev().find_map(|o| match o {
        Operand::Name(n) => Some(*n),
        _ => None,
    })
}

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

fn dict_get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key).ok().and_then(|o| deref(doc, o))
}

/// Looks up `/Category /name` in a resource dictionary: the object and its id when indirect.
fn resource<'a>(
    doc: &'a Document,
    resources: Option<&'a Dictionary>,
    category: &[u8],
    name: &[u8],
) -> Option<(Option<ObjectId>, &'a Object)> {
    let cat = match dict_get(doc, resources?, category)? {
        Object::Dictionary(d) => d,
        _ => return None,
    };
    let name = decode_name(name);
    let raw = cat.get(&name).ok()?;
    doc.dereference(raw).ok()
}

/// The interpreter for one page.
pub(crate) struct Interp<'d> {
    doc: &'d Document,
    limits: &'d Limits,
    fonts: &'d FontCache,
    page: u32,
    page_resources: Option<&'d Dictionary>,
    pub glyphs: Vec<Glyph>,
    /// Glyphs shown invisibly (text render mode 3 or 7): an OCR text layer, usually.
    pub hidden: Vec<Glyph>,
    /// Image XObjects drawn on the page, with where.
    pub images: Vec<crate::PlacedImage>,
    pub rules: Vec<Rule>,
    pub warnings: Vec<Warning>,
    gs: GState,
    stack: Vec<GState>,
    /// Saves beyond `MAX_GSTATE_DEPTH`, matched by `Q` without restoring.
    phantom_saves: usize,
    tm: Matrix,
    tlm: Matrix,
    path: Vec<SubPath>,
    path_points: usize,
    /// Decoded form XObject contents of this page, by object id.
    form_cache: HashMap<ObjectId, Arc<Vec<u8>>>,
    ops: usize,
    /// Decompressed bytes charged to this page (content and forms).
    pub decompressed: usize,
    /// When the document's time runs out (checked every few thousand operators).
    pub deadline: Option<Instant>,
    /// Where the last operator of the page's content stream (depth 0) ended: what follows
    /// is carried over to the next content stream.
    pub last_op_end: usize,
    forms: Vec<ObjectId>,
    direct_fonts: HashMap<usize, Arc<Font>>,
    fonts_used: HashSet<usize>,
    fonts_failed: HashSet<usize>,
    warned: HashSet<&'static str>,
}

impl<'d> Interp<'d> {
    pub(crate) fn new(
        doc: &'d Document,
        limits: &'d Limits,
        fonts: &'d FontCache,
        page: u32,
        base: Matrix,
        page_resources: Option<&'d Dictionary>,
    ) -> Interp<'d> {
        Interp {
            doc,
            limits,
            fonts,
            page,
            page_resources,
            glyphs: Vec::new(),
            hidden: Vec::new(),
            images: Vec::new(),
            rules: Vec::new(),
            warnings: Vec::new(),
            gs: GState::new(base),
            stack: Vec::new(),
            phantom_saves: 0,
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            path: Vec::new(),
            path_points: 0,
            form_cache: HashMap::new(),
            ops: 0,
            decompressed: 0,
            deadline: None,
            last_op_end: 0,
            forms: Vec::new(),
            direct_fonts: HashMap::new(),
            fonts_used: HashSet::new(),
            fonts_failed: HashSet::new(),
            warned: HashSet::new(),
        }
    }

    fn warn(&mut self, code: WarningCode, message: impl Into<String>) {
        self.warnings
            .push(Warning::new(code, message).on_page(self.page));
    }

    /// Warns once per page under `key`.
    fn warn_once(&mut self, key: &'static str, code: WarningCode, message: impl Into<String>) {
        if self.warned.insert(key) {
            self.warn(code, message);
        }
    }

    /// Counts decompressed bytes against the per-page budget.
    pub(crate) fn charge(&mut self, bytes: usize) -> Result<(), PdfError> {
        self.decompressed = self.decompressed.saturating_add(bytes);
        if self.decompressed > self.limits.max_decompressed_bytes_per_page {
            return Err(PdfError::LimitExceeded {
                what: "decompressed bytes per page",
                limit: self.limits.max_decompressed_bytes_per_page as u64,
            });
        }
        Ok(())
    }

    /// Runs one content stream with its resources.
    pub(crate) fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'d Dictionary>,
        depth: usize,
    ) -> Result<(), PdfError> {
        let mut lexer = Lexer::new(content);
        let mut operands: Vec<Operand<'_>> = Vec::with_capacity(16);
        while let Some(tok) = lexer.next_op(&mut operands) {
            self.ops += 1;
            if self.ops > self.limits.max_operators_per_page {
                return Err(PdfError::LimitExceeded {
                    what: "operators per page",
                    limit: self.limits.max_operators_per_page as u64,
                });
            }
            if self.ops.is_multiple_of(4096) {
                crate::check_deadline(self.deadline, self.limits)?;
            }
            if let Token::Op(op) = tok {
                self.op(op, &operands, resources, depth)?;
                if depth == 0 {
                    self.last_op_end = lexer.pos();
                }
            }
        }
        let p = &lexer.problems;
        if p.skips > 0 {
            let msg = format!(
                "{} unreadable token(s) in a content stream{} skipped, the first at byte {} ({})",
                p.skips,
                if depth > 0 { " of a form XObject" } else { "" },
                p.first_offset.unwrap_or(0),
                p.first_what.unwrap_or("?"),
            );
            self.warn(WarningCode::ContentTruncated, msg);
        }
        Ok(())
    }

    fn op(
        &mut self,
        op: &[u8],
        ops: &[Operand<'_>],
        resources: Option<&'d Dictionary>,
        depth: usize,
    ) -> Result<(), PdfError> {
        match op {
            // Graphics state.
            b"q" => {
                if self.stack.len() < MAX_GSTATE_DEPTH {
                    self.stack.push(self.gs.clone());
                } else {
                    self.phantom_saves += 1;
                    self.warn_once(
                        "qdepth",
                        WarningCode::Other,
                        "graphics state saved too deeply; extra saves ignored",
                    );
                }
            }
            b"Q" => {
                if self.phantom_saves > 0 {
                    self.phantom_saves -= 1;
                } else if let Some(g) = self.stack.pop() {
                    self.gs = g;
                }
            }
            b"cm" => {
                if let Some(m) = nums::<6>(ops).and_then(Matrix::from_values) {
                    self.gs.ctm = m.then(&self.gs.ctm);
                }
            }
            b"w" => {
                if let Some([w]) = nums::<1>(ops) {
                    self.gs.line_width = w.abs();
                }
            }
            b"gs" => self.ext_gstate(ops, resources),
            // Colour.
            b"g" | b"G" | b"rg" | b"RG" | b"k" | b"K" => {
                let (space, n) = match op {
                    b"g" | b"G" => (Space::Gray, 1),
                    b"rg" | b"RG" => (Space::Rgb, 3),
                    _ => (Space::Cmyk, 4),
                };
                let vals: Vec<f64> = ops
                    .iter()
                    .rev()
                    .take(n)
                    .filter_map(Operand::as_f64)
                    .collect();
                let white = vals.len() == n && is_white(space, &vals);
                if op[0].is_ascii_lowercase() {
                    self.gs.fill_space = space;
                    self.gs.fill_white = white;
                } else {
                    self.gs.stroke_space = space;
                    self.gs.stroke_white = white;
                }
            }
            b"cs" | b"CS" => {
                let space = last_name(ops)
                    .map(|n| self.color_space(n, resources))
                    .unwrap_or(Space::Other);
                if op == b"cs" {
                    self.gs.fill_space = space;
                    self.gs.fill_white = false;
                } else {
                    self.gs.stroke_space = space;
                    self.gs.stroke_white = false;
                }
            }
            b"sc" | b"scn" | b"SC" | b"SCN" => {
                let vals: Vec<f64> = ops.iter().filter_map(Operand::as_f64).collect();
                let has_pattern = ops.iter().any(|o| matches!(o, Operand::Name(_)));
                if op[0] == b's' {
                    self.gs.fill_white = !has_pattern && is_white(self.gs.fill_space, &vals);
                } else {
                    self.gs.stroke_white = !has_pattern && is_white(self.gs.stroke_space, &vals);
                }
            }
            // Text objects and state.
            b"BT" => {
                self.tm = Matrix::IDENTITY;
                self.tlm = Matrix::IDENTITY;
            }
            b"ET" => {}
            b"Tf" => {
                if let (Some(name), Some([size])) = (last_name(ops), nums::<1>(ops)) {
                    self.gs.font = Some(self.font(name, resources));
                    self.gs.font_size = size;
                }
            }
            b"Tc" => {
                if let Some([v]) = nums::<1>(ops) {
                    self.gs.char_spacing = v;
                }
            }
            b"Tw" => {
                if let Some([v]) = nums::<1>(ops) {
                    self.gs.word_spacing = v;
                }
            }
            b"Tz" => {
                if let Some([v]) = nums::<1>(ops) {
                    self.gs.h_scale = v / 100.0;
                }
            }
            b"TL" => {
                if let Some([v]) = nums::<1>(ops) {
                    self.gs.leading = v;
                }
            }
            b"Ts" => {
                if let Some([v]) = nums::<1>(ops) {
                    self.gs.rise = v;
                }
            }
            b"Tr" => {
                if let Some([v]) = nums::<1>(ops) {
                    self.gs.render_mode = v as i64;
                }
            }
            b"Td" => {
                if let Some([tx, ty]) = nums::<2>(ops) {
                    self.next_line(tx, ty);
                }
            }
            b"TD" => {
                if let Some([tx, ty]) = nums::<2>(ops) {
                    self.gs.leading = -ty;
                    self.next_line(tx, ty);
                }
            }
            b"Tm" => {
                if let Some(m) = nums::<6>(ops).and_then(Matrix::from_values) {
                    self.tm = m;
                    self.tlm = m;
                }
            }
            b"T*" => self.next_line(0.0, -self.gs.leading),
            b"Tj" => {
                if let Some(Operand::Str(s)) = ops.last() {
                    self.show(s)?;
                }
            }
            b"'" => {
                self.next_line(0.0, -self.gs.leading);
                if let Some(Operand::Str(s)) = ops.last() {
                    self.show(s)?;
                }
            }
            b"\"" => {
                if let [.., Operand::Number(aw), Operand::Number(ac), Operand::Str(s)] = ops {
                    self.gs.word_spacing = *aw;
                    self.gs.char_spacing = *ac;
                    self.next_line(0.0, -self.gs.leading);
                    self.show(s)?;
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = ops.last() {
                    for item in items {
                        match item {
                            Operand::Str(s) => self.show(s)?,
                            Operand::Number(n) => {
                                let tx = -n / 1000.0 * self.gs.font_size * self.gs.h_scale;
                                self.advance(tx);
                            }
                            _ => {}
                        }
                    }
                }
            }
            // Path construction.
            b"m" | b"l" | b"c" | b"v" | b"y" | b"re" if !self.path_room() => {}
            b"m" => {
                if let Some([x, y]) = nums::<2>(ops) {
                    let p = self.gs.ctm.apply(x, y);
                    self.path.push(SubPath {
                        pts: vec![p],
                        straight: vec![false],
                        closed: false,
                    });
                }
            }
            b"l" => {
                if let Some([x, y]) = nums::<2>(ops) {
                    let p = self.gs.ctm.apply(x, y);
                    self.segment_to(p, true);
                }
            }
            b"c" => {
                if let Some([_, _, _, _, x, y]) = nums::<6>(ops) {
                    let p = self.gs.ctm.apply(x, y);
                    self.segment_to(p, false);
                }
            }
            b"v" | b"y" => {
                if let Some([_, _, x, y]) = nums::<4>(ops) {
                    let p = self.gs.ctm.apply(x, y);
                    self.segment_to(p, false);
                }
            }
            b"h" => {
                if let Some(sp) = self.path.last_mut() {
                    sp.closed = true;
                }
            }
            b"re" => {
                if let Some([x, y, w, h]) = nums::<4>(ops) {
                    let m = &self.gs.ctm;
                    self.path.push(SubPath {
                        pts: vec![
                            m.apply(x, y),
                            m.apply(x + w, y),
                            m.apply(x + w, y + h),
                            m.apply(x, y + h),
                        ],
                        straight: vec![false, true, true, true],
                        closed: true,
                    });
                }
            }
            // Painting.
            b"S" => self.paint(true, false, false)?,
            b"s" => self.paint(true, false, true)?,
            b"f" | b"F" | b"f*" => self.paint(false, true, false)?,
            b"B" | b"B*" => self.paint(true, true, false)?,
            b"b" | b"b*" => self.paint(true, true, true)?,
            b"n" => {
                self.path.clear();
                self.path_points = 0;
            }
            // External objects.
            b"Do" => {
                if let Some(name) = last_name(ops) {
                    self.do_xobject(name, resources, depth)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Whether the current path may grow (counts the points of the operator to come).
    fn path_room(&mut self) -> bool {
        self.path_points += 4;
        if self.path_points > MAX_PATH_POINTS {
            self.warn_once(
                "pathsize",
                WarningCode::Other,
                "a path has too many points; the rest of it was dropped",
            );
            return false;
        }
        true
    }

    fn next_line(&mut self, tx: f64, ty: f64) {
        self.tlm = Matrix::new(1.0, 0.0, 0.0, 1.0, tx, ty).then(&self.tlm);
        self.tm = self.tlm;
    }

    /// Moves the text matrix by `tx` text-space units along the baseline.
    fn advance(&mut self, tx: f64) {
        self.tm.e += tx * self.tm.a;
        self.tm.f += tx * self.tm.b;
    }

    fn ext_gstate(&mut self, ops: &[Operand<'_>], resources: Option<&'d Dictionary>) {
        let Some(name) = last_name(ops) else { return };
        let doc = self.doc;
        let Some((_, Object::Dictionary(gs))) = resource(doc, resources, b"ExtGState", name) else {
            return;
        };
        if let Some(w) = dict_get(doc, gs, b"LW").and_then(number) {
            self.gs.line_width = w.abs();
        }
        if let Some(Object::Array(f)) = dict_get(doc, gs, b"Font") {
            if let (Some(Object::Reference(id)), Some(size)) = (
                f.first(),
                f.get(1).and_then(|o| deref(doc, o)).and_then(number),
            ) {
                if let Ok(Object::Dictionary(fd)) = doc.get_object(*id) {
                    let limits = self.limits;
                    let font = self
                        .fonts
                        .get_or_load(*id, || Font::load(doc, fd, "ExtGState font", limits));
                    self.gs.font = Some(font);
                    self.gs.font_size = size;
                }
            }
        }
    }

    fn color_space(&self, name: &[u8], resources: Option<&'d Dictionary>) -> Space {
        match name {
            b"DeviceGray" | b"G" | b"CalGray" => return Space::Gray,
            b"DeviceRGB" | b"RGB" | b"CalRGB" => return Space::Rgb,
            b"DeviceCMYK" | b"CMYK" => return Space::Cmyk,
            b"Pattern" => return Space::Other,
            _ => {}
        }
        let doc = self.doc;
        match resource(doc, resources, b"ColorSpace", name) {
            Some((_, obj)) => space_of(doc, obj, 0),
            None => Space::Other,
        }
    }

    /// The font for a `Tf` name: from the document cache, or loaded now.
    fn font(&mut self, name: &[u8], resources: Option<&'d Dictionary>) -> Arc<Font> {
        let doc = self.doc;
        let limits = self.limits;
        let res_name = String::from_utf8_lossy(&decode_name(name)).into_owned();
        match resource(doc, resources, b"Font", name) {
            Some((Some(id), Object::Dictionary(d))) => self
                .fonts
                .get_or_load(id, || Font::load(doc, d, &res_name, limits)),
            Some((None, Object::Dictionary(d))) => {
                let key = d as *const Dictionary as usize;
                Arc::clone(
                    self.direct_fonts
                        .entry(key)
                        .or_insert_with(|| Arc::new(Font::load(doc, d, &res_name, limits))),
                )
            }
            _ => {
                let msg = format!("font /{res_name} is missing from the resources");
                self.warn(WarningCode::FontDecoding, msg.clone());
                let mut font = Font::load(doc, &Dictionary::new(), &res_name, limits);
                font.load_warnings.clear();
                Arc::new(font)
            }
        }
    }

    fn show(&mut self, bytes: &[u8]) -> Result<(), PdfError> {
        let Some(font) = self.gs.font.clone() else {
            self.warn_once(
                "nofont",
                WarningCode::FontDecoding,
                "text shown before any font was set; skipped",
            );
            return Ok(());
        };
        let font_key = Arc::as_ptr(&font) as usize;
        if self.fonts_used.insert(font_key) {
            for w in &font.load_warnings {
                let msg = format!("font {}: {w}", font.name);
                self.warnings.push(
                    Warning::new(WarningCode::FontDecoding, msg)
                        .on_page(self.page)
                        .with_text(font.name.clone()),
                );
            }
        }
        // Legacy Vietnamese fonts (TCVN3, VNI) are decoded by the font; a warning only when the
        // byte profile, not the font name, said so.
        let legacy = font.legacy_run(bytes);
        if let Some((enc, true)) = legacy {
            let msg = format!(
                "font {}: decoded as {} from the byte profile of its text (the name does not say)",
                font.name,
                enc.label()
            );
            self.warn_once("legacy-profile", WarningCode::FontDecoding, msg);
        }
        let gs = &self.gs;
        let tfs = gs.font_size;
        let th = gs.h_scale;
        let rise = gs.rise;
        let m0 = self.tm.then(&gs.ctm);
        let visible = !matches!(gs.render_mode, 3 | 7);
        // Glyph-space unit vectors in device space.
        let (xa, xb) = (tfs * th * m0.a, tfs * th * m0.b);
        let (ya, yb) = (tfs * m0.c, tfs * m0.d);
        let size = ya.hypot(yb);
        let upright = xa > 0.0 && xb.abs() <= 1e-6 * xa && ya.abs() <= 1e-6 * yb.abs() && yb < 0.0;
        let (asc, desc) = (font.ascent, font.descent);
        let (tc, tw) = (gs.char_spacing, gs.word_spacing);
        let mut s = 0.0;
        let mut pos = 0;
        while pos < bytes.len() {
            let code = font.next_code_as(&bytes[pos..], legacy.map(|l| l.0));
            pos += code.len.max(1);
            {
                let (ox, oy) = m0.apply(s, rise);
                let w = code.width;
                let mut x0 = f64::INFINITY;
                let mut x1 = f64::NEG_INFINITY;
                let mut top = f64::INFINITY;
                let mut bottom = f64::NEG_INFINITY;
                for (u, v) in [(0.0, desc), (w, desc), (0.0, asc), (w, asc)] {
                    let px = ox + u * xa + v * ya;
                    let py = oy + u * xb + v * yb;
                    x0 = x0.min(px);
                    x1 = x1.max(px);
                    top = top.min(py);
                    bottom = bottom.max(py);
                }
                let text = match code.text {
                    // A code mapped to a control character (U+0000 from a `/ToUnicode` entry
                    // <0000>, a byte below 32 of an encoding): not text. U+FFFD, and the font
                    // is reported, so no NUL reaches the cells (SQL cannot store it, CSV
                    // readers choke on it).
                    Some(t) if t.chars().any(char::is_control) => {
                        if visible && self.fonts_failed.insert(font_key) {
                            let msg = format!(
                                "font {}: code {:0width$X} maps to a control character \
                                 (U+{:04X}); shown as U+FFFD",
                                font.name,
                                code.code,
                                t.chars().find(|c| c.is_control()).map_or(0, u32::from),
                                width = code.len * 2
                            );
                            self.warnings.push(
                                Warning::new(WarningCode::FontDecoding, msg)
                                    .on_page(self.page)
                                    .with_text(font.name.clone()),
                            );
                        }
                        t.chars()
                            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
                            .collect()
                    }
                    Some(t) => t,
                    None => {
                        if visible && self.fonts_failed.insert(font_key) {
                            let msg = format!(
                                "font {}: code {:0width$X} has no Unicode mapping; shown as U+FFFD",
                                font.name,
                                code.code,
                                width = code.len * 2
                            );
                            self.warnings.push(
                                Warning::new(WarningCode::FontDecoding, msg)
                                    .on_page(self.page)
                                    .with_text(font.name.clone()),
                            );
                        }
                        "\u{fffd}".to_string()
                    }
                };
                let bbox = BBox::new(x0, top, x1, bottom);
                // Invisible text (an OCR layer) is kept apart: the caller decides whether the
                // page has a visible text layer.
                let glyphs = if visible {
                    &mut self.glyphs
                } else {
                    &mut self.hidden
                };
                if code.combining && attach_legacy_mark(glyphs, &text, (ox, oy), bbox) {
                    // A VNI mark composed into the letter before it.
                } else if !text.is_empty() && x0.is_finite() && top.is_finite() {
                    if glyphs.len() >= self.limits.max_glyphs_per_page {
                        return Err(PdfError::LimitExceeded {
                            what: "glyphs per page",
                            limit: self.limits.max_glyphs_per_page as u64,
                        });
                    }
                    glyphs.push(Glyph {
                        text,
                        bbox,
                        baseline: oy,
                        size,
                        font: font.name.clone(),
                        upright,
                    });
                }
            }
            let mut adv = code.width * tfs + tc;
            if code.len == 1 && code.code == 32 {
                adv += tw;
            }
            s += adv * th;
        }
        self.advance(s);
        Ok(())
    }

    fn segment_to(&mut self, p: (f64, f64), straight: bool) {
        let start_new = match self.path.last() {
            None => true,
            Some(sp) => sp.closed,
        };
        if start_new {
            // After `h` (or with no current point) a segment starts from the subpath's start.
            let from = self.path.last().and_then(|sp| sp.pts.first().copied());
            let mut sp = SubPath::default();
            if let Some(f) = from {
                sp.pts.push(f);
                sp.straight.push(false);
            }
            self.path.push(sp);
        }
        if let Some(sp) = self.path.last_mut() {
            if sp.pts.is_empty() {
                // `l` without a current point: take it as `m`.
                sp.pts.push(p);
                sp.straight.push(false);
            } else {
                sp.pts.push(p);
                sp.straight.push(straight);
            }
        }
    }

    fn push_rule(&mut self, bbox: BBox, kind: RuleKind) -> Result<(), PdfError> {
        if self.rules.len() >= self.limits.max_rules_per_page {
            return Err(PdfError::LimitExceeded {
                what: "rules per page",
                limit: self.limits.max_rules_per_page as u64,
            });
        }
        self.rules.push(Rule { bbox, kind });
        Ok(())
    }

    fn paint(&mut self, stroke: bool, fill: bool, close: bool) -> Result<(), PdfError> {
        let path = std::mem::take(&mut self.path);
        self.path_points = 0;
        let n = path.len();
        if fill && !self.gs.fill_white {
            for sp in &path {
                if let Some(r) = rect_of(sp) {
                    let (w, h) = (r.width(), r.height());
                    let (thin, long) = (w.min(h), w.max(h));
                    if thin <= THIN_FILL && long > 0.0 && long >= 2.0 * thin {
                        self.push_rule(r, RuleKind::Fill)?;
                    }
                }
            }
        }
        if stroke && !self.gs.stroke_white {
            let m = self.gs.ctm;
            let lw = self.gs.line_width;
            // Half thickness of a device-horizontal / device-vertical line.
            let half_h = lw / 2.0 * m.b.hypot(m.d);
            let half_v = lw / 2.0 * m.a.hypot(m.c);
            for (i, sp) in path.iter().enumerate() {
                // `s`, `b`, `b*` close the current (last) subpath.
                let closed = sp.closed || (close && i + 1 == n);
                let mut segs: Vec<((f64, f64), (f64, f64))> = Vec::new();
                for k in 1..sp.pts.len() {
                    if sp.straight.get(k).copied().unwrap_or(false) {
                        segs.push((sp.pts[k - 1], sp.pts[k]));
                    }
                }
                if closed && sp.pts.len() > 1 {
                    if let (Some(&last), Some(&first)) = (sp.pts.last(), sp.pts.first()) {
                        segs.push((last, first));
                    }
                }
                for (p, q) in segs {
                    if let Some(r) = axis_rule(p, q, half_h, half_v) {
                        self.push_rule(r, RuleKind::Stroke)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn do_xobject(
        &mut self,
        name: &[u8],
        resources: Option<&'d Dictionary>,
        depth: usize,
    ) -> Result<(), PdfError> {
        let doc = self.doc;
        let Some((id, Object::Stream(stream))) = resource(doc, resources, b"XObject", name) else {
            return Ok(());
        };
        match dict_get(doc, &stream.dict, b"Subtype") {
            Some(Object::Name(n)) if n == b"Form" => {}
            Some(Object::Name(n)) if n == b"Image" => {
                if let Some(id) = id {
                    self.place_image(id, stream);
                }
                return Ok(());
            }
            _ => return Ok(()),
        }
        let Some(id) = id else { return Ok(()) };
        if self.forms.contains(&id) {
            self.warn(
                WarningCode::Other,
                format!(
                    "form XObject /{} draws itself; the repeat was skipped",
                    String::from_utf8_lossy(name)
                ),
            );
            return Ok(());
        }
        if depth + 1 > self.limits.max_form_depth {
            self.warn(
                WarningCode::Other,
                format!(
                    "form XObjects nested deeper than {}; /{} skipped",
                    self.limits.max_form_depth,
                    String::from_utf8_lossy(name)
                ),
            );
            return Ok(());
        }
        let bytes = match self.form_cache.get(&id) {
            Some(b) => Arc::clone(b),
            None => {
                let Some(b) = self.decode_form(stream, name)? else {
                    return Ok(());
                };
                self.charge(b.len())?;
                let b = Arc::new(b);
                self.form_cache.insert(id, Arc::clone(&b));
                b
            }
        };
        let form_res = match dict_get(doc, &stream.dict, b"Resources") {
            Some(Object::Dictionary(d)) => Some(d),
            _ => self.page_resources,
        };
        let matrix = match dict_get(doc, &stream.dict, b"Matrix") {
            Some(Object::Array(a)) => Matrix::from_objects(doc, a).unwrap_or(Matrix::IDENTITY),
            _ => Matrix::IDENTITY,
        };
        let saved_gs = self.gs.clone();
        let saved_depth = self.stack.len();
        let saved_phantom = self.phantom_saves;
        let saved_text = (self.tm, self.tlm);
        let saved_path = std::mem::take(&mut self.path);
        let saved_points = std::mem::take(&mut self.path_points);
        self.gs.ctm = matrix.then(&self.gs.ctm);
        self.forms.push(id);
        let result = self.run(&bytes[..], form_res, depth + 1);
        self.forms.pop();
        self.stack.truncate(saved_depth);
        self.phantom_saves = saved_phantom;
        self.gs = saved_gs;
        (self.tm, self.tlm) = saved_text;
        self.path = saved_path;
        self.path_points = saved_points;
        result
    }
    /// Notes an image XObject drawn with the current matrix (its unit square is the image).
    fn place_image(&mut self, id: ObjectId, stream: &lopdf::Stream) {
        const MAX_IMAGES_PER_PAGE: usize = 1000;
        if self.images.len() >= MAX_IMAGES_PER_PAGE {
            return;
        }
        let doc = self.doc;
        let dim = |key: &[u8]| {
            dict_get(doc, &stream.dict, key)
                .and_then(number)
                .filter(|v| v.is_finite() && *v >= 1.0 && *v <= f64::from(u32::MAX))
                .map(|v| v as u32)
        };
        let (Some(width), Some(height)) = (dim(b"Width"), dim(b"Height")) else {
            return;
        };
        let m = self.gs.ctm;
        if ![m.a, m.b, m.c, m.d, m.e, m.f].iter().all(|v| v.is_finite()) {
            return;
        }
        self.images.push(crate::PlacedImage {
            id,
            width,
            height,
            matrix: [m.a, m.b, m.c, m.d, m.e, m.f],
        });
    }

    /// Decodes a form's content within the limits; `None` (with a warning) when unreadable.
    fn decode_form(
        &mut self,
        stream: &lopdf::Stream,
        name: &[u8],
    ) -> Result<Option<Vec<u8>>, PdfError> {
        let remaining = self
            .limits
            .max_decompressed_bytes_per_page
            .saturating_sub(self.decompressed);
        let cap = self.limits.max_decompressed_bytes_per_stream.min(remaining);
        match crate::decode_stream(stream, cap) {
            Ok((b, damage)) => {
                if let Some(d) = damage {
                    self.warn(
                        WarningCode::RecoveredDamage,
                        format!("form XObject /{}: {d}", String::from_utf8_lossy(name)),
                    );
                }
                Ok(Some(b))
            }
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                if remaining < self.limits.max_decompressed_bytes_per_stream {
                    return Err(PdfError::LimitExceeded {
                        what: "decompressed bytes per page",
                        limit: self.limits.max_decompressed_bytes_per_page as u64,
                    });
                }
                Err(PdfError::LimitExceeded {
                    what: "decompressed bytes per stream",
                    limit: self.limits.max_decompressed_bytes_per_stream as u64,
                })
            }
            Err(e) => {
                self.warn(
                    WarningCode::ContentTruncated,
                    format!(
                        "form XObject /{} could not be decoded ({e}); skipped",
                        String::from_utf8_lossy(name)
                    ),
                );
                Ok(None)
            }
        }
    }
}

fn space_of(doc: &Document, obj: &Object, depth: usize) -> Space {
    if depth > 4 {
        return Space::Other;
    }
    match obj {
        Object::Name(n) => match n.as_slice() {
            b"DeviceGray" | b"CalGray" | b"G" => Space::Gray,
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Space::Rgb,
            b"DeviceCMYK" | b"CMYK" => Space::Cmyk,
            _ => Space::Other,
        },
        Object::Array(a) => {
            let kind = match a.first().and_then(|o| deref(doc, o)) {
                Some(Object::Name(n)) => n.as_slice(),
                _ => return Space::Other,
            };
            match kind {
                b"ICCBased" => {
                    let n = a.get(1).and_then(|o| deref(doc, o)).and_then(|o| match o {
                        Object::Stream(s) => dict_get(doc, &s.dict, b"N").and_then(number),
                        _ => None,
                    });
                    match n.map(|v| v as i64) {
                        Some(1) => Space::Gray,
                        Some(3) => Space::Rgb,
                        Some(4) => Space::Cmyk,
                        _ => Space::Other,
                    }
                }
                b"CalGray" => Space::Gray,
                b"CalRGB" => Space::Rgb,
                b"Separation" | b"DeviceN" => Space::Tint,
                _ => Space::Other,
            }
        }
        Object::Reference(_) => match deref(doc, obj) {
            Some(o) => space_of(doc, o, depth + 1),
            None => Space::Other,
        },
        _ => Space::Other,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-3
}

/// Whether a segment of these extents is straight enough along its long axis.
fn aligned(along: f64, across: f64) -> bool {
    across <= (0.01 * along).clamp(0.05, 1.0)
}

/// A horizontal or vertical stroked segment as a rule box widened by the line width.
fn axis_rule(p: (f64, f64), q: (f64, f64), half_h: f64, half_v: f64) -> Option<BBox> {
    let dx = (q.0 - p.0).abs();
    let dy = (q.1 - p.1).abs();
    if dx < 1e-6 && dy < 1e-6 {
        return None;
    }
    if dx >= dy && aligned(dx, dy) {
        let y = (p.1 + q.1) / 2.0;
        Some(BBox::new(
            p.0.min(q.0),
            y - half_h,
            p.0.max(q.0),
            y + half_h,
        ))
    } else if dy > dx && aligned(dy, dx) {
        let x = (p.0 + q.0) / 2.0;
        Some(BBox::new(
            x - half_v,
            p.1.min(q.1),
            x + half_v,
            p.1.max(q.1),
        ))
    } else {
        None
    }
}

/// The box of a subpath that is an axis-aligned rectangle (as `re` or as four lines).
fn rect_of(sp: &SubPath) -> Option<BBox> {
    if sp.straight.iter().skip(1).any(|s| !s) {
        return None;
    }
    let mut pts: Vec<(f64, f64)> = Vec::with_capacity(5);
    for &p in &sp.pts {
        if pts
            .last()
            .is_none_or(|l: &(f64, f64)| !(close(l.0, p.0) && close(l.1, p.1)))
        {
            pts.push(p);
        }
    }
    if pts.len() == 5 && close(pts[0].0, pts[4].0) && close(pts[0].1, pts[4].1) {
        pts.pop();
    }
    if pts.len() != 4 {
        return None;
    }
    for k in 0..4 {
        let a = pts[k];
        let b = pts[(k + 1) % 4];
        if !(close(a.0, b.0) || close(a.1, b.1)) {
            return None;
        }
    }
    let x0 = pts.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let x1 = pts.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let y0 = pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let y1 = pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    Some(BBox::new(x0, y0, x1, y1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_order() {
        let scale = Matrix::new(2.0, 0.0, 0.0, 2.0, 0.0, 0.0);
        let shift = Matrix::new(1.0, 0.0, 0.0, 1.0, 10.0, 0.0);
        // Scale first, then shift.
        assert_eq!(scale.then(&shift).apply(1.0, 1.0), (12.0, 2.0));
        assert_eq!(shift.then(&scale).apply(1.0, 1.0), (22.0, 2.0));
    }

    #[test]
    fn axis_rules_with_tolerance() {
        let r = axis_rule((10.0, 5.0), (110.0, 5.3), 0.25, 0.25).unwrap();
        assert_eq!(r, BBox::new(10.0, 4.9, 110.0, 5.4));
        assert!(axis_rule((0.0, 0.0), (10.0, 3.0), 0.1, 0.1).is_none());
        assert!(axis_rule((1.0, 1.0), (1.0, 1.0), 0.1, 0.1).is_none());
        let v = axis_rule((3.0, 50.0), (3.0, 0.0), 0.5, 1.0).unwrap();
        assert_eq!(v, BBox::new(2.0, 0.0, 4.0, 50.0));
    }

    #[test]
    fn rectangles_from_subpaths() {
        let sp = |pts: Vec<(f64, f64)>, straight: Vec<bool>| SubPath {
            pts,
            straight,
            closed: true,
        };
        let r = sp(
            vec![(0.0, 0.0), (10.0, 0.0), (10.0, 2.0), (0.0, 2.0), (0.0, 0.0)],
            vec![false, true, true, true, true],
        );
        assert_eq!(rect_of(&r), Some(BBox::new(0.0, 0.0, 10.0, 2.0)));
        let tri = sp(
            vec![(0.0, 0.0), (10.0, 0.0), (10.0, 2.0)],
            vec![false, true, true],
        );
        assert_eq!(rect_of(&tri), None);
        let curved = sp(
            vec![(0.0, 0.0), (10.0, 0.0), (10.0, 2.0), (0.0, 2.0)],
            vec![false, true, false, true],
        );
        assert_eq!(rect_of(&curved), None);
    }

    #[test]
    fn whiteness() {
        assert!(is_white(Space::Gray, &[1.0]));
        assert!(!is_white(Space::Gray, &[0.9]));
        assert!(is_white(Space::Rgb, &[0.96, 1.0, 0.99]));
        assert!(!is_white(Space::Rgb, &[1.0, 1.0, 0.0]));
        assert!(is_white(Space::Cmyk, &[0.0, 0.0, 0.0, 0.0]));
        assert!(!is_white(Space::Cmyk, &[0.0, 0.0, 0.0, 1.0]));
        assert!(is_white(Space::Tint, &[0.0]));
        assert!(!is_white(Space::Other, &[1.0]));
        assert!(!is_white(Space::Rgb, &[]));
    }
}
