//! Scanned pages in the pipeline: pages whose text is not a visible text layer.
//!
//! Takes each page as phuluc-pdf read it ([`PageGeometry`]) and, when the page has no visible
//! text, gives the parser the text of its invisible OCR layer (text render mode 3, which an
//! OCR tool lays over a scan), with the ruling lines found in the page image underneath
//! (phuluc-raster) and the glyphs turned with the scan's skew, so that the same parser reads
//! it as an upright page. After parsing, [`ScanPages::mark`] records on every record and cell
//! from such pages where its text came from (`source.origin`, `source.ocr`) and flags cells
//! whose OCR confidence is below [`LOW_OCR_CONFIDENCE`].
//!
//! A page that has visible text is left as it is (invisible text there stays skipped), so a
//! born-digital PDF reads exactly as before.

use phuluc_model::{
    BBox, Extraction, Glyph, OcrText, Page, ReviewCode, TextOrigin, Warning, WarningCode,
};
use phuluc_pdf::{PageGeometry, PdfDocument};
use std::collections::BTreeMap;

/// Mean word confidence (0–100, Tesseract's scale) below which an OCR'd cell is flagged for
/// review (`low_confidence`). Tesseract gives clean print 90 and more; below 70, one word in a
/// few is usually wrong.
pub const LOW_OCR_CONFIDENCE: f64 = 70.0;

/// One word read by OCR, with its confidence, in the page's (straightened) coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrWord {
    pub bbox: BBox,
    pub confidence: f64,
}

/// How a page's text was read, when not from its visible text layer.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanPage {
    pub origin: TextOrigin,
    /// The words with their confidence (empty when unknown: an OCR text layer).
    pub words: Vec<OcrWord>,
}

/// The pages of a document read from OCR, by page number.
#[derive(Debug, Clone, Default)]
pub struct ScanPages {
    pub pages: BTreeMap<u32, ScanPage>,
}

/// Whether a page shows any visible text.
pub fn has_visible_text(page: &Page) -> bool {
    page.glyphs.iter().any(|g| !g.text.trim().is_empty())
}

/// When `geometry`'s page has no visible text but an invisible text layer, makes that layer
/// the page's text: straightened with the skew of the page image, with the image's ruling
/// lines when the page has no vector rules. Returns how the page was read (`None`: left as
/// it is). Problems with the image are warnings; the text is read whatever happens to it.
pub fn read_ocr_layer(
    doc: &PdfDocument,
    geometry: &mut PageGeometry,
    warnings: &mut Vec<Warning>,
) -> Option<ScanPage> {
    let page = &mut geometry.page;
    if has_visible_text(page)
        || !geometry
            .hidden_glyphs
            .iter()
            .any(|g| !g.text.trim().is_empty())
    {
        return None;
    }
    let number = page.number;
    let mut glyphs = fill_words(std::mem::take(&mut geometry.hidden_glyphs));
    let mut found = String::new();
    if let Some(image) = phuluc_raster::page_image(&geometry.images, page.width, page.height) {
        match doc
            .image(&image)
            .map_err(|e| e.to_string())
            .and_then(|data| phuluc_raster::decode(&data).map_err(|e| e.to_string()))
        {
            Ok(gray) => {
                let analysis = phuluc_raster::ScanAnalysis::of(&gray, image);
                analysis.straighten(&mut glyphs);
                found = format!(
                    "; its image is turned {:.2}° and shows {} ruling line(s)",
                    analysis.skew_degrees,
                    analysis.rules.len()
                );
                if page.rules.is_empty() {
                    page.rules = analysis.rules;
                }
            }
            Err(e) => warnings.push(
                Warning::new(
                    WarningCode::OcrText,
                    format!(
                        "page {number}: the page image could not be read ({e}); the table is \
                         read without its ruling lines"
                    ),
                )
                .on_page(number),
            ),
        }
    }
    for g in &mut glyphs {
        g.upright = true;
    }
    page.glyphs = glyphs;
    warnings.push(
        Warning::new(
            WarningCode::OcrText,
            format!(
                "page {number}: no visible text; read from its invisible OCR text layer{found}"
            ),
        )
        .on_page(number),
    );
    Some(ScanPage {
        origin: TextOrigin::OcrLayer,
        words: Vec::new(),
    })
}

impl ScanPages {
    /// Records where the text of every record and cell from a scanned page came from, with
    /// the mean confidence of each cell's words where known, and flags cells below
    /// [`LOW_OCR_CONFIDENCE`] for review.
    pub fn mark(&self, ex: &mut Extraction) {
        if self.pages.is_empty() {
            return;
        }
        for r in &mut ex.records {
            let mut ocr: BTreeMap<String, OcrText> = BTreeMap::new();
            for (field, pieces) in &r.source.cells {
                let mut origin: Option<TextOrigin> = None;
                let (mut sum, mut n) = (0.0, 0usize);
                for piece in pieces {
                    let Some(page) = self.pages.get(&piece.page) else {
                        continue;
                    };
                    origin = origin.max(Some(page.origin));
                    for w in &page.words {
                        if piece.bbox.contains(w.bbox.center_x(), w.bbox.center_y()) {
                            sum += w.confidence;
                            n += 1;
                        }
                    }
                }
                if let Some(origin) = origin {
                    let confidence = (n > 0).then(|| sum / n as f64);
                    ocr.insert(
                        field.clone(),
                        OcrText {
                            origin,
                            confidence: confidence.map(|c| (c * 10.0).round() / 10.0),
                        },
                    );
                }
            }
            for (field, text) in &ocr {
                if let Some(c) = text.confidence.filter(|c| *c < LOW_OCR_CONFIDENCE) {
                    r.review.flag(
                        ReviewCode::LowConfidence,
                        Some(field),
                        format!(
                            "the OCR of this cell is unsure (mean word confidence {c:.0} < \
                             {LOW_OCR_CONFIDENCE:.0}): check it against the page"
                        ),
                    );
                }
            }
            r.source.origin = ocr.values().map(|t| t.origin).max();
            r.source.ocr = ocr;
        }
    }
}

/// An OCR layer's words without their spaces, each word's letters spread over the whole box
/// the OCR tool gave the word.
///
/// Tesseract (and most OCR tools) write each word as its letters and a trailing space, all of
/// one width, stretched (`Tz`) so that letters and space together fill the word's box in the
/// image: the space's share is the word's own ink, not the gap to the next word. Dropping the
/// space as it is would open a gap inside every phrase ("Nhiệm  vụ") that the parser reads as
/// a column break, so the letters take its room.
pub fn fill_words(glyphs: Vec<Glyph>) -> Vec<Glyph> {
    let mut out: Vec<Glyph> = Vec::with_capacity(glyphs.len());
    let mut word_start = 0usize;
    for g in glyphs {
        if !g.text.trim().is_empty() {
            out.push(g);
            continue;
        }
        // A space: it ends the word out[word_start..] when it follows on the same line.
        let word = out.get_mut(word_start..).unwrap_or_default();
        if let (Some(first), Some(last)) = (word.first(), word.last()) {
            let same_line = (last.baseline - g.baseline).abs() <= 0.3 * last.size.max(1.0)
                && g.bbox.x0 >= last.bbox.x0
                && g.bbox.x1 - first.bbox.x0 < 2.0 * (last.bbox.x1 - first.bbox.x0) + last.size;
            if same_line {
                let (x0, x1) = (first.bbox.x0, g.bbox.x1);
                let step = (x1 - x0) / word.len() as f64;
                for (i, l) in word.iter_mut().enumerate() {
                    l.bbox.x0 = x0 + step * i as f64;
                    l.bbox.x1 = x0 + step * (i + 1) as f64;
                }
            }
        }
        word_start = out.len();
    }
    out
}
