//! Page geometry: what the PDF layer gives the table finder.
//!
//! A [`Page`] holds every visible glyph with its Unicode text and box, and every ruling line or
//! thin filled rectangle that can act as a table border, all in top-left-origin PDF points.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An axis-aligned box `[x0, top, x1, bottom]` in PDF points, origin top-left, y down.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(from = "[f64; 4]", into = "[f64; 4]")]
pub struct BBox {
    pub x0: f64,
    pub top: f64,
    pub x1: f64,
    pub bottom: f64,
}

impl BBox {
    pub const fn new(x0: f64, top: f64, x1: f64, bottom: f64) -> Self {
        BBox {
            x0,
            top,
            x1,
            bottom,
        }
    }
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> f64 {
        self.bottom - self.top
    }
    pub fn center_x(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn center_y(&self) -> f64 {
        (self.top + self.bottom) / 2.0
    }
    /// The smallest box holding both.
    pub fn union(&self, other: &BBox) -> BBox {
        BBox {
            x0: self.x0.min(other.x0),
            top: self.top.min(other.top),
            x1: self.x1.max(other.x1),
            bottom: self.bottom.max(other.bottom),
        }
    }
    /// Whether the point lies inside the box (edges included).
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.top && y <= self.bottom
    }
    /// Rounds every coordinate to 0.01 pt, for stable output.
    pub fn rounded(&self) -> BBox {
        let r = |v: f64| (v * 100.0).round() / 100.0;
        BBox::new(r(self.x0), r(self.top), r(self.x1), r(self.bottom))
    }
}

/// In JSON, `[x0, top, x1, bottom]`.
impl JsonSchema for BBox {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "BBox".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A box [x0, top, x1, bottom] in PDF points, origin top-left, y down.",
            "type": "array",
            "items": {"type": "number"},
            "minItems": 4,
            "maxItems": 4
        })
    }
}

impl From<[f64; 4]> for BBox {
    fn from(a: [f64; 4]) -> Self {
        BBox::new(a[0], a[1], a[2], a[3])
    }
}

impl From<BBox> for [f64; 4] {
    fn from(b: BBox) -> Self {
        [b.x0, b.top, b.x1, b.bottom]
    }
}

/// One shown glyph: its Unicode text (usually one character, sometimes a ligature's several or
/// a combining mark alone) and where it was drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Glyph {
    /// Unicode text of the glyph (not yet NFC-normalized: a tone mark may arrive alone).
    pub text: String,
    /// Box from the pen position to the advance, and from the font's ascent to its descent.
    pub bbox: BBox,
    /// Baseline `y` (top-left origin).
    pub baseline: f64,
    /// Effective font size in points (font size × text matrix scale × CTM scale).
    pub size: f64,
    /// Font name as the PDF gives it (`BaseFont`, subset prefix included).
    pub font: String,
    /// Whether the text runs left to right horizontally (false for rotated or vertical text).
    #[serde(default = "yes")]
    pub upright: bool,
}

fn yes() -> bool {
    true
}

/// How a [`Rule`] was drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// A stroked path segment (browsers, LibreOffice).
    Stroke,
    /// A thin filled rectangle (Word).
    Fill,
}

/// A horizontal or vertical ruling line, as a box whose thin side is the line width.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Rule {
    pub bbox: BBox,
    pub kind: RuleKind,
}

impl Rule {
    /// A rule is horizontal when it is wider than tall.
    pub fn is_horizontal(&self) -> bool {
        self.bbox.width() >= self.bbox.height()
    }
    /// The rule's centre line position across its length: `y` for horizontal, `x` for vertical.
    pub fn position(&self) -> f64 {
        if self.is_horizontal() {
            self.bbox.center_y()
        } else {
            self.bbox.center_x()
        }
    }
    /// The extent along its length: `(x0, x1)` for horizontal, `(top, bottom)` for vertical.
    pub fn span(&self) -> (f64, f64) {
        if self.is_horizontal() {
            (self.bbox.x0, self.bbox.x1)
        } else {
            (self.bbox.top, self.bbox.bottom)
        }
    }
}

/// One page's geometry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Page {
    /// 1-based page number in the document.
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
}
