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
use phuluc_parser::records::{roman_value, to_roman};
use phuluc_pdf::{PageGeometry, PdfDocument};
use std::collections::BTreeMap;

pub mod decipher;
pub mod raster;
pub use raster::{page_raster, PageRaster, Rendering, DEFAULT_RENDER_DPI};

/// Mean word confidence (0–100, Tesseract's scale) below which an OCR'd cell is flagged for
/// review (`low_confidence`). Tesseract gives clean print 90 and more; below 70, one word in a
/// few is usually wrong.
pub const LOW_OCR_CONFIDENCE: f64 = 70.0;

/// One word read by OCR, with its confidence, in the page's (straightened) coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrWord {
    pub bbox: BBox,
    pub confidence: f64,
    /// Where the word was read: phuluc's own OCR, or (never with a confidence) a text layer.
    pub origin: TextOrigin,
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

/// Largest share of a page's letters that may come from other scripts (Cyrillic, Greek …)
/// before its text layer is taken for one that lies: a broken ToUnicode map decodes printed
/// Vietnamese to look-alike letters ("Кế һоạсһ"). Vietnamese text is Latin; a plan quoting a
/// few Greek letters stays far below.
pub const MAX_FOREIGN_LETTERS: f64 = 0.2;

/// Fewest letters on a page before its script is judged.
const MIN_LETTERS_JUDGED: usize = 20;

/// Least share of a page's words that must read as Vietnamese (syllables, numbers, codes,
/// acronyms: `phuluc_normalize::syllable`) for its text layer to be believed. A plan's page
/// reads at 0.85–1 (English names, units and misprints make the rest); a map that decodes
/// printed Vietnamese to other Latin letters ("Lế ipạdi" for "Kế hoạch"), or a legacy font
/// read as Latin-1 ("KÕ ho¹ch"), reads far lower.
pub const MIN_LAYER_PLAUSIBLE: f64 = 0.5;

/// Most words of a page judged by [`MIN_LAYER_PLAUSIBLE`], taken evenly over the page: enough
/// to tell a lying layer, cheap on every page of a born-digital document.
const MAX_WORDS_JUDGED: usize = 120;

/// Fewest words on a page before its syllables are judged.
const MIN_WORDS_JUDGED: usize = 20;

/// What a page's visible text layer says of itself ([`judge_text_layer`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerVerdict {
    /// It reads as Vietnamese.
    Believed,
    /// It is implausible for a Vietnamese document: it lies.
    Lies,
    /// Too few words to tell (a signature page, a page of numbers): a document whose other
    /// pages lie is taken to lie here too.
    Unjudged,
}

/// Judges a page's visible text: it lies when more than [`MAX_FOREIGN_LETTERS`] of its
/// letters are not Latin, or fewer than [`MIN_LAYER_PLAUSIBLE`] of its words read as
/// Vietnamese. Such a page is read from its image (`--ocr auto`): its scan, or the page
/// rendered.
pub fn judge_text_layer(page: &Page) -> LayerVerdict {
    if foreign_script(page) {
        return LayerVerdict::Lies;
    }
    match reads_as_vietnamese(page) {
        Some(true) => LayerVerdict::Believed,
        Some(false) => LayerVerdict::Lies,
        None => LayerVerdict::Unjudged,
    }
}

/// Whether a page's visible text is judged to lie ([`judge_text_layer`]).
pub fn text_layer_lies(page: &Page) -> bool {
    judge_text_layer(page) == LayerVerdict::Lies
}

/// Whether a page's words read as Vietnamese, judged on up to [`MAX_WORDS_JUDGED`] of them
/// (`None`: fewer than [`MIN_WORDS_JUDGED`] to judge).
fn reads_as_vietnamese(page: &Page) -> Option<bool> {
    let glyphs = &page.glyphs;
    let words = decipher::word_spans(glyphs);
    if words.len() < MIN_WORDS_JUDGED {
        return None;
    }
    // Only the sampled words are looked at, and judging stops once the answer is known (half
    // of the sample plausible): this runs on every page of every document.
    let step = words.len().div_ceil(MAX_WORDS_JUDGED);
    let sampled = words.len().div_ceil(step);
    let (mut judged, mut plausible) = (0usize, 0usize);
    for w in words.iter().step_by(step) {
        if plausible >= MIN_WORDS_JUDGED && plausible as f64 >= MIN_LAYER_PLAUSIBLE * sampled as f64
        {
            return Some(true);
        }
        let text: String = glyphs[w.clone()].iter().map(|g| g.text.trim()).collect();
        if !text.chars().any(char::is_alphabetic) {
            continue; // numbers and punctuation tell nothing
        }
        judged += 1;
        plausible += usize::from(phuluc_normalize::syllable::is_plausible_word(&text));
    }
    (judged >= MIN_WORDS_JUDGED).then_some(plausible as f64 >= MIN_LAYER_PLAUSIBLE * judged as f64)
}

/// Whether more than [`MAX_FOREIGN_LETTERS`] of a page's letters are not Latin.
fn foreign_script(page: &Page) -> bool {
    let (mut letters, mut foreign) = (0usize, 0usize);
    for c in page.glyphs.iter().flat_map(|g| g.text.chars()) {
        // Latin: ASCII, Latin-1, Latin Extended A/B, IPA, and Latin Extended Additional
        // (Vietnamese precomposed letters: U+1E00–U+1EFF). Told by range first: the general
        // Unicode tables are slow, and every glyph of every page is looked at.
        let latin = matches!(c as u32, 0x41..=0x24F | 0x1E00..=0x1EFF);
        let letter = if c.is_ascii() {
            c.is_ascii_alphabetic()
        } else {
            let vietnamese = matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF);
            (vietnamese && c != '\u{D7}' && c != '\u{F7}') || c.is_alphabetic()
        };
        if !letter {
            continue;
        }
        letters += 1;
        foreign += usize::from(!latin);
    }
    letters >= MIN_LETTERS_JUDGED && foreign as f64 > MAX_FOREIGN_LETTERS * letters as f64
}

/// When `geometry`'s page has no visible text but an invisible text layer, makes that layer
/// the page's text: straightened with the skew of the page image, with the image's ruling
/// lines when the page has no vector rules. Returns how the page was read (`None`: left as
/// it is). Problems with the image are warnings; the text is read whatever happens to it.
///
/// With `ocr_lang` (OCR allowed: the `ocr` feature, not `--ocr never`), the cells of the first
/// column of a ruled table whose layer text is not a row label (the OCR tool dropped a short
/// number, or read "2_") are OCR'd from the image as row labels ([`relabel_layer`]); their
/// words are given back with their confidence.
pub fn read_ocr_layer(
    doc: &PdfDocument,
    geometry: &mut PageGeometry,
    ocr_lang: Option<&str>,
    rendering: Option<&Rendering>,
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
    for g in &mut glyphs {
        if g.text.contains(['Ð', 'ð']) {
            g.text = g.text.replace('Ð', "Đ").replace('ð', "đ");
        }
    }
    let mut found = String::new();
    let mut words = Vec::new();
    let raster = page_raster(doc, geometry, rendering);
    let page = &mut geometry.page;
    if let Some(raster) = raster {
        match raster {
            Ok(PageRaster { gray, image, how }) => {
                if how != "its image" {
                    found.push_str(&format!("; {how}"));
                }
                let analysis = phuluc_raster::ScanAnalysis::of(&gray, image);
                analysis.straighten(&mut glyphs);
                found += &format!(
                    "; its image is turned {:.2}° and shows {} ruling line(s)",
                    analysis.skew_degrees,
                    analysis.rules.len()
                );
                if page.rules.is_empty() {
                    page.rules = analysis.rules.clone();
                }
                drop_rule_bars(&mut glyphs, &page.rules);
                clean_layer_labels(&mut glyphs, &page.rules);
                if let Some(lang) = ocr_lang {
                    // The image straightened once for both readings of its cells.
                    let straight = gray.rotated(analysis.skew_degrees);
                    let dpi = gray.dpi(&image).round().clamp(50.0, 1200.0) as u32;
                    let image = (&straight, &analysis, dpi);
                    match relabel_layer(image, &page.rules, &mut glyphs, lang).and_then(
                        |mut read| {
                            read.extend(reread_layer_cells(image, &page.rules, &mut glyphs, lang)?);
                            read.extend(guess_layer_labels(&page.rules, &mut glyphs));
                            Ok(read)
                        },
                    ) {
                        Ok(read) => {
                            if !read.is_empty() {
                                found.push_str(&format!(
                                    "; {} word(s) of row labels missing from the layer or of cells it misread OCR'd from the image",
                                    read.len()
                                ));
                            }
                            words = read;
                        }
                        Err(e) => warnings.push(
                            Warning::new(
                                WarningCode::OcrText,
                                format!(
                                    "page {number}: the row labels missing from its OCR text \
                                     layer could not be OCR'd from its image ({e})"
                                ),
                            )
                            .on_page(number),
                        ),
                    }
                }
            }
            Err(e) => warnings.push(
                Warning::new(
                    WarningCode::OcrText,
                    format!(
                        "page {number}: the page image could not be read: {e}; the table is \
                         read without its ruling lines"
                    ),
                )
                .on_page(number),
            ),
        }
    }
    drop_rule_bars(&mut glyphs, &page.rules);
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
        words,
    })
}

/// The cells of the first column of the ruled table on an OCR-layer page whose layer text is
/// not a row label, OCR'd from the page image as row labels ([`cellwise_words`] with
/// [`LABEL_CHARS`]); where that gives a row label, it replaces the layer's text of the cell.
/// Returns the words read. An OCR tool reading the page as a whole drops most short numbers
/// of a narrow STT column, and the rows without one fold into the row above.
#[cfg(feature = "ocr")]
pub fn relabel_layer(
    image: LayerImage,
    rules: &[phuluc_model::Rule],
    glyphs: &mut Vec<Glyph>,
    lang: &str,
) -> Result<Vec<OcrWord>, phuluc_ocr::OcrError> {
    use phuluc_parser::grid::is_row_label;
    let cells = phuluc_raster::cells::ruled_cells(rules);
    let inside = |c: &BBox, g: &Glyph| c.contains(g.bbox.center_x(), g.bbox.center_y());
    let wanted: Vec<BBox> = cells
        .iter()
        .filter(|c| c.col == 0 && c.col_end == 0)
        .map(|c| c.bbox)
        .filter(|b| {
            let text: String = glyphs
                .iter()
                .filter(|g| inside(b, g))
                .map(|g| g.text.as_str())
                .collect();
            !is_row_label(text.trim())
        })
        .collect();
    let mut out = Vec::new();
    for (cell, ws, text) in ocr_layer_cells(image, &wanted, lang, Some(LABEL_CHARS))? {
        let confidence = ws.iter().map(|w| w.confidence).sum::<f64>() / ws.len().max(1) as f64;
        if let Some(b) = wanted.get(cell) {
            if is_row_label(&text) && confidence >= LABEL_MIN_CONFIDENCE {
                out.extend(take_cell_reading(glyphs, b, ws));
            }
        }
    }
    Ok(out)
}

/// A page image straightened for OCR, the analysis it came from, and its resolution.
pub type LayerImage<'a> = (
    &'a phuluc_raster::Gray,
    &'a phuluc_raster::ScanAnalysis,
    u32,
);

/// The cells `boxes` of an OCR-layer page OCR'd from its straightened image in one mosaic
/// (enlarged [`CELL_SCALE`] times; `whitelist`, if any, the characters allowed): per cell read,
/// its index in `boxes`, its words and their text.
#[cfg(feature = "ocr")]
fn ocr_layer_cells(
    (straight, analysis, dpi): LayerImage,
    boxes: &[BBox],
    lang: &str,
    whitelist: Option<&str>,
) -> Result<Vec<(usize, Vec<phuluc_ocr::Word>, String)>, phuluc_ocr::OcrError> {
    if boxes.is_empty() {
        return Ok(Vec::new());
    }
    let pieces = cell_pieces(straight, analysis, boxes);
    let (index, pieces): (Vec<usize>, Vec<phuluc_ocr::Piece>) = pieces.into_iter().unzip();
    let dpi = (f64::from(dpi) * CELL_SCALE).round() as u32;
    let read = phuluc_ocr::ocr_mosaic(&pieces, lang, dpi, whitelist)?;
    Ok(index
        .iter()
        .enumerate()
        .map(|(k, cell)| {
            let ws: Vec<phuluc_ocr::Word> = read
                .iter()
                .filter(|(i, _)| *i == k)
                .map(|(_, w)| w.clone())
                .collect();
            let text = ws
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            (*cell, ws, text)
        })
        .collect())
}

/// A cell's OCR reading put in place of the layer's glyphs inside it; its words, for their
/// confidence.
#[cfg(feature = "ocr")]
fn take_cell_reading(glyphs: &mut Vec<Glyph>, b: &BBox, ws: Vec<phuluc_ocr::Word>) -> Vec<OcrWord> {
    glyphs.retain(|g| !b.contains(g.bbox.center_x(), g.bbox.center_y()));
    glyphs.extend(phuluc_ocr::glyphs_of(&ws));
    ws.into_iter()
        .map(|w| OcrWord {
            bbox: w.bbox,
            confidence: w.confidence,
            origin: TextOrigin::Ocr,
        })
        .collect()
}

/// Least share of an OCR layer cell's words that must read as Vietnamese
/// (`phuluc_normalize::syllable::plausibility`) for the layer's text to be kept without a
/// second reading ([`reread_layer_cells`]).
pub const LAYER_MIN_PLAUSIBLE: f64 = 0.8;

/// The cells of the ruled table on an OCR-layer page whose layer text does not read as
/// Vietnamese (an OCR tool's misreadings: "b2 quh nạn phẩm" for "Kết quả/ Sản phẩm"), OCR'd
/// again from the page image, cell by cell; the new reading replaces the layer's where it
/// reads as Vietnamese more. Returns the words read.
#[cfg(feature = "ocr")]
pub fn reread_layer_cells(
    image: LayerImage,
    rules: &[phuluc_model::Rule],
    glyphs: &mut Vec<Glyph>,
    lang: &str,
) -> Result<Vec<OcrWord>, phuluc_ocr::OcrError> {
    use phuluc_normalize::syllable::plausibility;
    let cells = phuluc_raster::cells::ruled_cells(rules);
    let inside = |c: &BBox, g: &Glyph| c.contains(g.bbox.center_x(), g.bbox.center_y());
    let text_of = |b: &BBox, glyphs: &[Glyph]| -> String {
        glyphs
            .iter()
            .filter(|g| inside(b, g))
            .map(|g| g.text.as_str())
            .collect()
    };
    let wanted: Vec<(BBox, f64)> = cells
        .iter()
        .map(|c| (c.bbox, plausibility(&text_of(&c.bbox, glyphs))))
        .filter(|(b, p)| *p < LAYER_MIN_PLAUSIBLE && !text_of(b, glyphs).trim().is_empty())
        .collect();
    let boxes: Vec<BBox> = wanted.iter().map(|(b, _)| *b).collect();
    let mut out = Vec::new();
    for (cell, ws, text) in ocr_layer_cells(image, &boxes, lang, None)? {
        let Some((b, layer)) = wanted.get(cell) else {
            continue;
        };
        if !ws.is_empty() && plausibility(&text) > *layer {
            out.extend(take_cell_reading(glyphs, b, ws));
        }
    }
    Ok(out)
}

/// [`guess_lost_labels`] on an OCR-layer page's glyphs (after the labels were OCR'd from the
/// image where that could be done): each guessed label replaces its cell's glyphs and is
/// given back as a word with no confidence, so that its record is flagged.
#[cfg(feature = "ocr")]
pub fn guess_layer_labels(rules: &[phuluc_model::Rule], glyphs: &mut Vec<Glyph>) -> Vec<OcrWord> {
    let ruled = phuluc_raster::cells::ruled_cells(rules);
    let first = first_cells(&ruled);
    let inside = |b: &BBox, g: &Glyph| {
        !g.text.trim().is_empty() && b.contains(g.bbox.center_x(), g.bbox.center_y())
    };
    let guesses = guess_first_column(
        &ruled,
        &first,
        |b| {
            glyphs
                .iter()
                .filter(|g| inside(b, g))
                .map(|g| g.text.as_str())
                .collect()
        },
        |b| glyphs.iter().any(|g| inside(b, g)),
    );
    let mut out = Vec::new();
    for (cell, guess) in first.iter().zip(guesses) {
        let Some(label) = guess else { continue };
        let b = cell.bbox;
        let size = glyphs
            .iter()
            .filter(|g| g.bbox.top >= b.top && g.bbox.bottom <= b.bottom)
            .map(|g| g.size)
            .fold(0.0, f64::max)
            .max(8.0);
        let width = 0.5 * size * label.chars().count() as f64;
        let bbox = BBox::new(
            b.center_x() - width / 2.0,
            b.top + 2.0,
            b.center_x() + width / 2.0,
            b.top + 2.0 + size,
        );
        glyphs.retain(|g| !b.contains(g.bbox.center_x(), g.bbox.center_y()));
        let word = phuluc_ocr::Word {
            text: label,
            bbox,
            confidence: 0.0,
            size,
        };
        glyphs.extend(phuluc_ocr::glyphs_of(std::slice::from_ref(&word)));
        out.push(OcrWord {
            bbox,
            confidence: 0.0,
            origin: TextOrigin::Ocr,
        });
    }
    out
}

/// Built without the `ocr` feature: nothing is guessed.
#[cfg(not(feature = "ocr"))]
pub fn guess_layer_labels(_: &[phuluc_model::Rule], _: &mut Vec<Glyph>) -> Vec<OcrWord> {
    Vec::new()
}

/// Built without the `ocr` feature: nothing is OCR'd.
#[cfg(not(feature = "ocr"))]
pub fn reread_layer_cells(
    _: LayerImage,
    _: &[phuluc_model::Rule],
    _: &mut Vec<Glyph>,
    _: &str,
) -> Result<Vec<OcrWord>, std::convert::Infallible> {
    Ok(Vec::new())
}

/// Built without the `ocr` feature: nothing is OCR'd.
#[cfg(not(feature = "ocr"))]
pub fn relabel_layer(
    _: LayerImage,
    _: &[phuluc_model::Rule],
    _: &mut Vec<Glyph>,
    _: &str,
) -> Result<Vec<OcrWord>, std::convert::Infallible> {
    Ok(Vec::new())
}

/// The numeral right after `prev` for a Roman section number `read` misread by OCR: "II" read
/// for "III" (a stroke lost), "H" for "II", "1I" for "II" — the look-alike strokes
/// ([`numeral_strokes`]) are the expected numeral, or it
/// with one "I" lost.
fn next_numeral_misread(prev: &str, read: &str) -> Option<String> {
    let expected = to_roman(roman_numeral(prev)? + 1);
    let strokes = numeral_strokes(read)?;
    let one_lost = expected.ends_with('I') && strokes.len() + 1 == expected.len();
    (strokes == expected || (one_lost && expected.starts_with(&strokes)))
        .then_some(expected)
        .filter(|e| e.chars().all(|c| c == 'I'))
}

/// The letters Vietnamese plans letter their sections with, in order (the alphabet without
/// its marked letters: A, B, C, D, Đ, E, G …).
const SECTION_LETTERS: &[&str] = &[
    "A", "B", "C", "D", "Đ", "E", "G", "H", "I", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T",
    "U", "V", "X", "Y",
];

/// The section number after `n`: the next Roman numeral ("II" → "III") or section letter
/// ("D" → "Đ"); `None` for anything else. A lone "I", "V", "X" is taken for a numeral.
fn next_section_number(n: &str) -> Option<String> {
    if let Some(v) = roman_numeral(n) {
        return Some(to_roman(v + 1));
    }
    let at = SECTION_LETTERS.iter().position(|l| *l == n)?;
    SECTION_LETTERS.get(at + 1).map(|l| l.to_string())
}

/// The section number before `n` ([`next_section_number`] the other way); `None` before the
/// first.
fn previous_section_number(n: &str) -> Option<String> {
    if let Some(v) = roman_numeral(n) {
        return (v > 1).then(|| to_roman(v - 1));
    }
    let at = SECTION_LETTERS.iter().position(|l| *l == n)?;
    at.checked_sub(1)
        .and_then(|i| SECTION_LETTERS.get(i))
        .map(|l| l.to_string())
}

/// Letters an OCR engine reads for the strokes of a Roman numeral in a bold serif face: "I"
/// as "l", "1", "|", "i", "!", "'"; "II" as "H" or a double quote (two strokes, read small on
/// a noisy scan); "V" and "X" as themselves ("VH" for "VII").
const NUMERAL_LOOKALIKES: &[char] = &[
    'I', 'l', '1', '|', 'i', '!', '\'', '’', '‘', 'H', '"', '“', '”', 'V', 'X',
];

/// What an OCR engine reads for the two strokes of "II": "H", or a double quote.
const TWO_STROKES: &[char] = &['H', '"', '“', '”'];

/// An "I" read with a tone mark ("VỊ" for "VI": a speck under or over the stroke): a stroke,
/// and a sign of a numeral misread, as no row label carries one.
const MARKED_I: &[char] = &['Ị', 'Ì', 'Í', 'Ỉ', 'Ĩ', 'ị', 'ì', 'í', 'ỉ', 'ĩ'];

/// A label of look-alike strokes ([`NUMERAL_LOOKALIKES`], [`MARKED_I`]) read as the strokes of
/// a numeral: "H" and double quotes as "II", "V" and "X" as themselves, the others as "I"
/// ("1H" → "III"); `None` when a letter is none of them.
fn numeral_strokes(label: &str) -> Option<String> {
    let t = label.trim().trim_end_matches('.');
    let stroke = |c: char| NUMERAL_LOOKALIKES.contains(&c) || MARKED_I.contains(&c);
    if t.is_empty() || !t.chars().all(stroke) {
        return None;
    }
    Some(
        t.chars()
            .map(|c| match c {
                'V' => "V",
                'X' => "X",
                c if TWO_STROKES.contains(&c) => "II",
                _ => "I",
            })
            .collect(),
    )
}

/// Section numbers read by OCR that repeat or break the Roman sequence of their table ("I",
/// "II", "II": the third read "III" with a stroke lost) are taken for the numeral after the
/// section before, where the read strokes fit it; the records keep a review reason saying
/// so. Only for records whose text came from OCR (an OCR layer or the page image).
pub fn repair_section_numbers(ex: &mut Extraction) {
    // Per table, its sections (number and title) in order, with their records.
    type Sections = Vec<((String, String), Vec<usize>)>;
    let mut by_table: BTreeMap<usize, Sections> = BTreeMap::new();
    for (i, r) in ex.records.iter().enumerate() {
        let Some(s) = &r.section else { continue };
        let key = (s.number.clone(), s.title.clone());
        let list = by_table.entry(r.table).or_default();
        match list.last_mut() {
            Some((k, idx)) if *k == key => idx.push(i),
            _ => list.push((key, vec![i])),
        }
    }
    for list in by_table.values() {
        let mut prev: Option<String> = None;
        for (k, ((number, _), idx)) in list.iter().enumerate() {
            // A section row whose number OCR could not read at all (UNREAD_SECTION): the one
            // after the section before, where the section after (if any) leaves room for it.
            if number == UNREAD_SECTION {
                let next = list.get(k + 1).map(|((n, _), _)| n.as_str());
                let guess = match prev.as_deref() {
                    Some(p) => next_section_number(p).filter(|g| {
                        next.is_none_or(|n| next_section_number(g).as_deref() == Some(n))
                    }),
                    None => next
                        .and_then(previous_section_number)
                        .filter(|g| next_section_number(g).as_deref() == next),
                };
                let (shown, message) = match &guess {
                    Some(g) => (
                        g.clone(),
                        format!("OCR could not read this section's number; taken for \"{g}\", the one the sections around it call for"),
                    ),
                    None => (
                        "?".to_string(),
                        "OCR could not read this section's number, and the sections around it do not tell it".to_string(),
                    ),
                };
                renumber(&mut ex.records, idx, &shown, &message);
                prev = guess;
                continue;
            }
            let from_ocr = idx.iter().all(|&i| {
                ex.records.get(i).is_some_and(|r| {
                    matches!(
                        r.source.origin,
                        Some(TextOrigin::Ocr | TextOrigin::OcrLayer)
                    )
                })
            });
            // A section row whose numeral OCR lost or garbled (no numeral: "", "IL"): the one
            // between its neighbours ("" before "II" at the start: "I"; between "I" and
            // "III": "II").
            if roman_numeral(number).is_none() {
                let next = list.get(k + 1).and_then(|((n, _), _)| roman_numeral(n));
                let before = prev.as_deref().and_then(roman_numeral);
                let guess = match (before, next) {
                    (None, Some(2)) if prev.is_none() => Some(1),
                    (Some(p), Some(n)) if n == p + 2 => Some(p + 1),
                    _ => None,
                };
                if let Some(g) = guess.filter(|_| from_ocr) {
                    let n = to_roman(g);
                    renumber(
                        &mut ex.records,
                        idx,
                        &n,
                        &format!("OCR read no numeral for this section (\"{number}\"); taken for \"{n}\", the one between the sections around it"),
                    );
                    prev = Some(n);
                    continue;
                }
            }
            // Where the read strokes are the next numeral's, or it with one lost.
            let fixed = prev
                .as_ref()
                .filter(|_| from_ocr)
                .and_then(|p| next_numeral_misread(p, number))
                .filter(|n| n != number);
            match fixed {
                Some(n) => {
                    renumber(
                        &mut ex.records,
                        idx,
                        &n,
                        &format!("OCR read this section's number \"{number}\"; taken for \"{n}\", the next after the section before"),
                    );
                    prev = Some(n);
                }
                None => prev = Some(number.clone()),
            }
        }
    }
}

/// Gives the records `idx` (one section's) the section number `number`, flagged for review
/// with `message` ([`repair_section_numbers`]).
fn renumber(records: &mut [phuluc_model::Record], idx: &[usize], number: &str, message: &str) {
    for &i in idx {
        if let Some(r) = records.get_mut(i) {
            if let Some(s) = r.section.as_mut() {
                s.number = number.to_string();
            }
            r.review
                .flag(ReviewCode::Other, Some("section"), message.to_string());
        }
    }
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
                            origin = origin.max(Some(w.origin));
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
            // Text from an OCR layer comes without any confidence, and OCR'd tables lose
            // short numbers and fold rows (docs/ocr.md): no such record is taken on trust.
            if !ocr.is_empty() && !r.review.has(ReviewCode::LowConfidence) {
                r.review.flag(
                    ReviewCode::LowConfidence,
                    None,
                    "read by OCR (an invisible OCR text layer, phuluc's own, or a lying text \
                     layer deciphered with it), not from the PDF's text: check it against the \
                     page"
                        .to_string(),
                );
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

/// How near a vertical rule (points) a "|" read by OCR is taken for the rule itself.
pub const BAR_ON_RULE_PT: f64 = 3.0;

/// How near a vertical rule (× the glyph's size) a "|" is taken for the rule when an OCR text
/// layer glued it to a word ("|Tuyên"): the layer stretches a word's letters over its box, so
/// the bar no longer stands on the rule itself.
pub const GLUED_BAR_SIZES: f64 = 1.0;

/// Drops the "|" an OCR engine reads where a vertical ruling line is printed: it is the line,
/// not text (appendix text has no vertical bars) — standing on the rule, or glued to a word
/// within [`GLUED_BAR_SIZES`] of it.
pub fn drop_rule_bars(glyphs: &mut Vec<Glyph>, rules: &[phuluc_model::Rule]) {
    glyphs.retain(|g| {
        if g.text.trim() != "|" {
            return true;
        }
        let reach = BAR_ON_RULE_PT.max(GLUED_BAR_SIZES * g.size);
        !rules.iter().any(|r| {
            !r.is_horizontal()
                && r.bbox.center_x() >= g.bbox.x0 - reach
                && r.bbox.center_x() <= g.bbox.x1 + reach
                && r.bbox.top <= g.bbox.bottom
                && r.bbox.bottom >= g.bbox.top
        })
    });
}

/// Marks an OCR tool leaves around a short number ("I_", "2.'", "‘3"): dropped from a
/// first-column cell of an OCR text layer when what remains is a row label
/// ([`clean_layer_labels`]).
pub const LABEL_NOISE: &[char] = &['_', '|', '\'', '‘', '’', '`', ',', '~', '-', '—', ':', ';'];

/// The first-column cells of a ruled table on an OCR-layer page whose text is a row label once
/// the OCR tool's stray marks are dropped ("I_" → "I") lose those marks. Returns how many
/// cells were cleaned.
pub fn clean_layer_labels(glyphs: &mut Vec<Glyph>, rules: &[phuluc_model::Rule]) -> usize {
    use phuluc_parser::grid::is_row_label;
    let cells = phuluc_raster::cells::ruled_cells(rules);
    let mut cleaned = 0;
    for cell in cells.iter().filter(|c| c.col == 0 && c.col_end == 0) {
        let b = cell.bbox;
        let inside = |g: &Glyph| b.contains(g.bbox.center_x(), g.bbox.center_y());
        let text: String = glyphs
            .iter()
            .filter(|g| inside(g))
            .map(|g| g.text.as_str())
            .collect();
        let text = text.trim();
        if text.is_empty() || is_row_label(text) {
            continue;
        }
        let kept: String = text.chars().filter(|c| !LABEL_NOISE.contains(c)).collect();
        if kept.trim().is_empty() || !is_row_label(kept.trim()) {
            continue;
        }
        glyphs.retain(|g| {
            !(inside(g)
                && g.text
                    .chars()
                    .all(|c| LABEL_NOISE.contains(&c) || c.is_whitespace()))
        });
        cleaned += 1;
    }
    cleaned
}

/// How a scanned page is OCR'd ([`ocr_page`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OcrReading {
    /// The whole page in one pass (Tesseract's own page layout analysis).
    PageWise,
    /// The page in one pass, then every cell of its ruled table again on its own
    /// ([`cellwise_words`]); the cell's words replace the page-wise ones inside it.
    #[default]
    CellWise,
}

/// How far inside the centre line of the rules around a cell (points) the cell is cut out of
/// the page image for OCR: past the rule's ink (at most [`phuluc_raster::MAX_RULE_PT`] thick,
/// half of it on this side) and a little JPEG blur, never into text (cells pad their text by
/// 2 pt and more).
pub const CELL_INSET_PT: f64 = 2.5;

/// Paper (points) kept around the ink of a cell when it is cut out for OCR.
pub const CELL_INK_PAD_PT: f64 = 1.5;

/// By how much a cell's samples are enlarged before OCR. Tesseract reads best with letters
/// some 30 samples tall; a 200 dpi scan of 11–13 pt print has ~20–25.
pub const CELL_SCALE: f64 = 2.0;

/// The pieces of a straightened page image (`straight`, analysed as `analysis`) that hold
/// the ink of each cell, cut [`CELL_INSET_PT`] inside the cell's rules and trimmed to the
/// ink with [`CELL_INK_PAD_PT`] of paper, enlarged by [`CELL_SCALE`]: `(cell index, piece)`.
/// A cell without ink is left out.
#[cfg(feature = "ocr")]
fn cell_pieces(
    straight: &phuluc_raster::Gray,
    analysis: &phuluc_raster::ScanAnalysis,
    cells: &[BBox],
) -> Vec<(usize, phuluc_ocr::Piece)> {
    let image = analysis.image;
    let (sx, sy) = (
        f64::from(image.width) / straight.width.max(1) as f64,
        f64::from(image.height) / straight.height.max(1) as f64,
    );
    let to_page = |col: f64, row: f64| image.to_page(col * sx - 0.5, row * sy - 0.5);
    let level = straight.otsu_level();
    let ppt = straight.dpi(&image) / 72.0;
    let pad = (CELL_INK_PAD_PT * ppt).round() as usize;
    let mut out = Vec::new();
    for (i, cell) in cells.iter().enumerate() {
        let inner = BBox::new(
            cell.x0 + CELL_INSET_PT,
            cell.top + CELL_INSET_PT,
            cell.x1 - CELL_INSET_PT,
            cell.bottom - CELL_INSET_PT,
        );
        if inner.x1 <= inner.x0 || inner.bottom <= inner.top {
            continue;
        }
        let (Some(a), Some(b)) = (
            analysis.sample_at(straight, inner.x0, inner.top),
            analysis.sample_at(straight, inner.x1, inner.bottom),
        ) else {
            continue;
        };
        let clamp = |v: f64, max: usize| v.max(0.0).min(max as f64) as usize;
        let (x0, x1) = (
            clamp(a.0.min(b.0).ceil(), straight.width),
            clamp(a.0.max(b.0).floor(), straight.width),
        );
        let (y0, y1) = (
            clamp(a.1.min(b.1).ceil(), straight.height),
            clamp(a.1.max(b.1).floor(), straight.height),
        );
        let crop = straight.crop(x0, y0, x1, y1);
        let Some((ix0, iy0, ix1, iy1)) = crop.ink_bounds(level) else {
            continue;
        };
        let (cx0, cy0) = (x0 + ix0.saturating_sub(pad), y0 + iy0.saturating_sub(pad));
        let (cx1, cy1) = ((x0 + ix1 + pad).min(x1), (y0 + iy1 + pad).min(y1));
        let gray = straight.crop(cx0, cy0, cx1, cy1).scaled(CELL_SCALE);
        let (px0, py0) = to_page(cx0 as f64, cy0 as f64);
        let (px1, py1) = to_page(cx1 as f64, cy1 as f64);
        out.push((
            i,
            phuluc_ocr::Piece {
                gray,
                bbox: BBox::new(px0.min(px1), py0.min(py1), px0.max(px1), py0.max(py1)),
            },
        ));
    }
    out
}

/// The characters a row label may be read in ([`phuluc_parser::grid::is_row_label`]):
/// digits, Roman numerals to XXXIX, the section letters A–D, sub-row letters and their punctuation.
/// Read freely, a bold "II" comes out "H" and "I" "E" or "|".
pub const LABEL_CHARS: &str = "0123456789IVXABDĐabcdđeg.)";

/// Least confidence (0–100) of a first-column cell's reading as a row label for it to be
/// kept ([`cellwise_words`]). Low: a label read below [`LOW_OCR_CONFIDENCE`] flags its record
/// for review, and a row kept with an unsure number is better than a row lost into the one
/// above; but a header's "STT" comes out as "II" with confidence 0.
pub const LABEL_MIN_CONFIDENCE: f64 = 20.0;

/// Longest text (characters) of a first-column cell read again as a row label.
pub const LABEL_MAX_CHARS: usize = 6;

/// Every cell of the ruled table on a straightened page image, OCR'd on its own (one
/// `tesseract` run for all, [`phuluc_ocr::ocr_mosaic`]): `(cell index, word)`, the words in
/// page coordinates. Read cell by cell, a table loses no short numbers to the page layout
/// analysis, reads no "|" from its rules and runs no words across its columns. The cells of
/// the first column that read as one short word, or as nothing, are read again with only
/// [`LABEL_CHARS`] allowed; that reading is kept where it is a row label read with at least
/// [`LABEL_MIN_CONFIDENCE`], and the first is not a row label in those characters ("H" for a
/// bold "II") or was read less surely. ("STT" in the header is no label, but is read as one
/// "I" with no confidence.)
///
/// The cells are read from the page with its paper made white ([`phuluc_raster::Gray::whiten_paper`]:
/// a scan's noisy grey paper gives Tesseract specks to read as tone marks); a cell whose reading
/// is doubtful ([`doubtful_reading`]) is read again from the image as scanned, and the reading
/// that reads more as Vietnamese (then: more surely) is kept.
#[cfg(feature = "ocr")]
pub fn cellwise_words(
    scanned: &phuluc_raster::Gray,
    analysis: &phuluc_raster::ScanAnalysis,
    cells: &[phuluc_raster::cells::RuledCell],
    lang: &str,
    dpi: u32,
) -> Result<Vec<(usize, phuluc_ocr::Word)>, phuluc_ocr::OcrError> {
    use phuluc_parser::grid::is_row_label;
    let boxes: Vec<BBox> = cells.iter().map(|c| c.bbox).collect();
    let white = scanned.whiten_paper();
    let pieces = cell_pieces(&white, analysis, &boxes);
    let dpi = (f64::from(dpi) * CELL_SCALE).round() as u32;
    let read = |pieces: &[(usize, phuluc_ocr::Piece)], whitelist| {
        let (index, pieces): (Vec<usize>, Vec<phuluc_ocr::Piece>) = pieces.iter().cloned().unzip();
        Ok::<_, phuluc_ocr::OcrError>(
            phuluc_ocr::ocr_mosaic(&pieces, lang, dpi, whitelist)?
                .into_iter()
                .filter_map(|(i, mut w)| {
                    // A cell is cut inside its rules, so a bar read in it is a letter: the
                    // section numeral "I" (appendix text has no vertical bars).
                    if w.text.contains('|') {
                        w.text = w.text.replace('|', "I");
                    }
                    Some((*index.get(i)?, w))
                })
                .collect::<Vec<_>>(),
        )
    };
    let mut words = read(&pieces, None)?;
    let text_of = |words: &[(usize, phuluc_ocr::Word)], cell: usize| {
        words
            .iter()
            .filter(|(i, _)| *i == cell)
            .map(|(_, w)| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let confidence = |words: &[(usize, phuluc_ocr::Word)], cell: usize| {
        let cs: Vec<f64> = words
            .iter()
            .filter(|(i, _)| *i == cell)
            .map(|(_, w)| w.confidence)
            .collect();
        cs.iter().sum::<f64>() / cs.len().max(1) as f64
    };
    // Doubtful readings of the whitened image, read again from the image as scanned.
    let doubtful: std::collections::HashSet<usize> = pieces
        .iter()
        .map(|(i, _)| *i)
        .filter(|i| doubtful_reading(&text_of(&words, *i), confidence(&words, *i)))
        .collect();
    if !doubtful.is_empty() {
        let again: Vec<(usize, phuluc_ocr::Piece)> = cell_pieces(scanned, analysis, &boxes)
            .into_iter()
            .filter(|(i, _)| doubtful.contains(i))
            .collect();
        let second = read(&again, None)?;
        for i in &doubtful {
            let (first, other) = (text_of(&words, *i), text_of(&second, *i));
            if other.trim().is_empty() {
                continue;
            }
            if better_reading(
                (&other, confidence(&second, *i)),
                (&first, confidence(&words, *i)),
            ) {
                words.retain(|(j, _)| j != i);
                words.extend(second.iter().filter(|(j, _)| j == i).cloned());
            }
        }
    }
    let labels: Vec<(usize, phuluc_ocr::Piece)> = pieces
        .iter()
        .filter(|(i, _)| {
            let text = text_of(&words, *i);
            cells.get(*i).is_some_and(|c| c.col == 0 && c.col_end == 0)
                && !text.contains(' ')
                && text.chars().count() <= LABEL_MAX_CHARS
        })
        .cloned()
        .collect();
    if !labels.is_empty() {
        let again = read(&labels, Some(LABEL_CHARS))?;
        for (i, _) in &labels {
            let (first, label) = (text_of(&words, *i), text_of(&again, *i));
            let surer = confidence(&again, *i) > confidence(&words, *i);
            let first_is_label =
                is_row_label(&first) && first.chars().all(|c| LABEL_CHARS.contains(c));
            if is_row_label(&label)
                && (surer || !first_is_label)
                && confidence(&again, *i) >= LABEL_MIN_CONFIDENCE
            {
                words.retain(|(j, _)| j != i);
                words.extend(again.iter().filter(|(j, _)| j == i).cloned());
            }
        }
    }
    Ok(words)
}

/// Height (share of the page's median word height) under which an unsure OCR word is a speck
/// of noise read as a word ([`drop_specks`]): print is never that flat but for a dash.
pub const SPECK_HEIGHT_SHARE: f64 = 0.4;

/// Confidence (0–100) under which a flat OCR word is a speck ([`drop_specks`]); a dash read
/// surely stays.
pub const SPECK_MAX_CONFIDENCE: f64 = 50.0;

/// Leaves out of `words` the specks of noise OCR read as words ("=", "sa" two points tall,
/// read unsurely, in a header of eleven-point print: they would be spelt into the words they
/// stand among, "t=iêu"): words under [`SPECK_HEIGHT_SHARE`] of the median height of the
/// page's sure words and under [`SPECK_MAX_CONFIDENCE`], and words over the ink of a surer
/// one ([`SAME_INK_SHARE`]: "Mi" three points tall inside "Phối"). Gives how many were left
/// out.
#[cfg(feature = "ocr")]
pub fn drop_specks(words: &mut Vec<phuluc_ocr::Word>) -> usize {
    let mut heights: Vec<f64> = words
        .iter()
        .filter(|w| w.confidence >= SPECK_MAX_CONFIDENCE)
        .map(|w| w.bbox.height())
        .collect();
    if heights.is_empty() {
        return 0;
    }
    heights.sort_by(f64::total_cmp);
    let median = heights[heights.len() / 2];
    let before = words.len();
    words.retain(|w| {
        !(w.confidence < SPECK_MAX_CONFIDENCE && w.bbox.height() < SPECK_HEIGHT_SHARE * median)
    });
    // Of two words over the same ink, the less sure one is noise read beside the print.
    let area = |b: &BBox| b.width().max(0.0) * b.height().max(0.0);
    let overlap = |a: &BBox, b: &BBox| {
        let w = a.x1.min(b.x1) - a.x0.max(b.x0);
        let h = a.bottom.min(b.bottom) - a.top.max(b.top);
        if w <= 0.0 || h <= 0.0 {
            return 0.0;
        }
        w * h / area(a).min(area(b)).max(1e-9)
    };
    let mut noise = vec![false; words.len()];
    for i in 0..words.len() {
        for j in i + 1..words.len() {
            let (a, b) = (&words[i], &words[j]);
            if overlap(&a.bbox, &b.bbox) > SAME_INK_SHARE {
                let (k, other) = if a.confidence < b.confidence {
                    (i, j)
                } else {
                    (j, i)
                };
                if words[k].confidence < SPECK_MAX_CONFIDENCE
                    || area(&words[k].bbox) < 0.5 * area(&words[other].bbox)
                {
                    noise[k] = true;
                }
            }
        }
    }
    let mut k = 0;
    words.retain(|_| {
        k += 1;
        !noise[k - 1]
    });
    before - words.len()
}

/// Share of the smaller of two OCR words' boxes that must overlap the other for the two to be
/// read over the same ink ([`drop_specks`]): the less sure one is left out if it is unsure or
/// the smaller by half (print does not overlap).
pub const SAME_INK_SHARE: f64 = 0.5;

/// Mean word confidence (0–100) under which a cell's OCR reading is read again from the image
/// as scanned ([`cellwise_words`]): [`LOW_OCR_CONFIDENCE`], the level that flags a record.
pub const SECOND_READING_CONFIDENCE: f64 = LOW_OCR_CONFIDENCE;

/// Whether a cell's reading (`text`, its mean word confidence `confidence`) is worth a second
/// reading: it is unsure ([`SECOND_READING_CONFIDENCE`]) or its words do not all read as
/// Vietnamese syllables, numbers or acronyms (`normalize::syllable::plausibility`).
#[cfg(feature = "ocr")]
pub fn doubtful_reading(text: &str, confidence: f64) -> bool {
    !text.trim().is_empty()
        && (confidence < SECOND_READING_CONFIDENCE
            || phuluc_normalize::syllable::plausibility(text) < 1.0)
}

/// Whether reading `a` (text, mean confidence) of a cell is better than reading `b`: more of
/// its words read as Vietnamese, or as many and more surely.
#[cfg(feature = "ocr")]
pub fn better_reading(a: (&str, f64), b: (&str, f64)) -> bool {
    use phuluc_normalize::syllable::plausibility;
    let (pa, pb) = (plausibility(a.0), plausibility(b.0));
    pa > pb || (pa == pb && a.1 > b.1)
}

/// The value of a section numeral as this module reads them: a Roman numeral under 40
/// ("I" … "XXXIX"; a lone "C", "D", "L" or "M" is a lettered section, not 100).
fn roman_numeral(t: &str) -> Option<u32> {
    roman_value(t).filter(|n| *n < 40)
}

#[cfg(feature = "ocr")]
/// The numeral a section row's misread label stands for: made only of look-alike strokes
/// ([`NUMERAL_LOOKALIKES`]), not a number ("1", "11" stay) nor a numeral already, and read
/// with "H" as "II" and the others as "I" a numeral — the one after `section` when the page
/// showed one before ("H" after "I", "1H" after "II"), else any ("l" is "I"; an "H" alone is
/// taken for "II", not for a lettered section).
fn misread_numeral(text: &str, section: Option<u32>) -> Option<u32> {
    let t = text.trim().trim_end_matches('.');
    if t.chars().all(|c| c.is_ascii_digit()) || roman_numeral(t).is_some() {
        return None;
    }
    let n = roman_numeral(&numeral_strokes(t)?)?;
    match section {
        Some(prev) => (n == prev + 1).then_some(n),
        None => Some(n),
    }
}

#[cfg(feature = "ocr")]
/// A row label's numbers ("1.2." → [1, 2], "12" → [12]); `None` for anything else.
fn label_path(text: &str) -> Option<Vec<u32>> {
    let t = text.trim().trim_end_matches(['.', ')']);
    if t.is_empty() {
        return None;
    }
    t.split('.')
        .map(|p| {
            (!p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect()
}

#[cfg(feature = "ocr")]
/// Whether row label `cur` continues the numbering after `prev`: the next sibling ("1.2" →
/// "1.3"), the first child ("1" → "1.1") or the next of an ancestor ("1.5" → "2", "2.1").
fn continues(prev: &[u32], cur: &[u32]) -> bool {
    let Some((last, head)) = cur.split_last() else {
        return false;
    };
    if cur.len() == prev.len() + 1 && cur[..prev.len()] == *prev {
        return *last == 1;
    }
    if cur.len() > prev.len() {
        return false;
    }
    // The next at depth cur.len(): the same head, last one more; deeper levels start at 1.
    prev[..head.len()] == *head && prev.get(head.len()).is_some_and(|p| *last == p + 1)
        || (cur.len() > 1 && *last == 1 && {
            let up = &cur[..cur.len() - 1];
            up.len() <= prev.len()
                && up.split_last().is_some_and(|(u, h)| {
                    prev[..h.len()] == *h && prev.get(h.len()).is_some_and(|p| *u == p + 1)
                })
        })
}

#[cfg(feature = "ocr")]
/// The first column of a ruled table read both ways: per cell, the cell-wise reading is kept
/// unless the page-wise one continues the numbering from the label above and it does not
/// (cell-wise OCR of a narrow cell may read "1.2" as "12", page-wise OCR drops short labels).
pub fn keep_continuing_labels(
    mut merged: Vec<phuluc_ocr::Word>,
    page_words: &[phuluc_ocr::Word],
    ruled: &[phuluc_raster::cells::RuledCell],
) -> Vec<phuluc_ocr::Word> {
    let mut first: Vec<&phuluc_raster::cells::RuledCell> = ruled
        .iter()
        .filter(|c| c.col == 0 && c.col_end == 0)
        .collect();
    first.sort_by(|a, b| a.bbox.top.total_cmp(&b.bbox.top));
    let mut prev: Option<Vec<u32>> = None;
    let mut section: Option<u32> = None;
    let last_col = ruled.iter().map(|c| c.col_end).max().unwrap_or(0);
    for cell in first {
        let b = cell.bbox;
        // A section row: one cell over every column after the first.
        let section_row = last_col > 1
            && ruled
                .iter()
                .any(|c| c.row == cell.row && c.col == 1 && c.col_end == last_col);
        // Outside a row the ruling shows as a section row (its title cell's borders may be
        // read through it), strokes that can only be a numeral's ("IH", "1H", a quote for
        // "II", a marked "I": "VỊ") are one too.
        let text = text_in(&merged, &b);
        let sign = |c: char| TWO_STROKES.contains(&c) || MARKED_I.contains(&c);
        let misread = if section_row || text.contains(sign) {
            misread_numeral(&text, section)
        } else {
            None
        };
        if let Some(n) = misread {
            // The next section's numeral misread ("H" for "II"): written as that numeral,
            // with no confidence, so that its records are flagged.
            let inside = |w: &phuluc_ocr::Word| b.contains(w.bbox.center_x(), w.bbox.center_y());
            let mut word: Option<phuluc_ocr::Word> = None;
            for w in merged.iter().filter(|w| inside(w)) {
                word = Some(match word {
                    None => w.clone(),
                    Some(mut u) => {
                        u.bbox = u.bbox.union(&w.bbox);
                        u
                    }
                });
            }
            if let Some(mut w) = word {
                merged.retain(|w| !inside(w));
                w.text = to_roman(n);
                w.confidence = 0.0;
                merged.push(w);
                section = Some(n);
                continue;
            }
        }
        if let Some(n) = roman_numeral(text_in(&merged, &b).trim()) {
            section = Some(n);
        }
        let cell_label = label_path(&text_in(&merged, &b));
        let page_label = label_path(&text_in(page_words, &b));
        let fits = |l: &Option<Vec<u32>>| match (&prev, l) {
            (Some(p), Some(c)) => continues(p, c),
            _ => false,
        };
        let chosen = if prev.is_some() && !fits(&cell_label) && fits(&page_label) {
            let inside = |w: &phuluc_ocr::Word| b.contains(w.bbox.center_x(), w.bbox.center_y());
            merged.retain(|w| !inside(w));
            merged.extend(page_words.iter().filter(|w| inside(w)).cloned());
            page_label
        } else {
            cell_label
        };
        if chosen.is_some() {
            prev = chosen;
        }
    }
    infer_misread_labels(merged, ruled)
}

/// How many of a ruled table's top rows may be its header ([`keep_header_rows`]).
#[cfg(feature = "ocr")]
pub const HEADER_ROWS: usize = 1;

/// Least header words (of the parser's vocabulary) the page-wise reading of a ruled row must
/// hold for the row to be kept as read page-wise ([`keep_header_rows`]).
#[cfg(feature = "ocr")]
pub const HEADER_ROW_WORDS: usize = 3;

/// The top rows of the ruled table that the page-wise reading reads as a header (at least
/// [`HEADER_ROW_WORDS`] header words: "Nhiệm vụ", "Chủ trì" …) keep that reading: a header's
/// cells read one by one, in bold and wrapped, lose the words the parser finds the table by.
/// Cell by cell, though, the cell-wise reading that names a column (`Vocabulary::field_of_header`)
/// is kept, a page-wise one that does wins over a cell-wise one that does not (page-wise OCR
/// drops a short "TT", a cell read on its own may run "Thời gian" into "Thờigan"), and where
/// neither does the better reading ([`better_reading`]) is kept; a cell loses its unsure words
/// ([`HEADER_NOISE_CONFIDENCE`]) where the others name its column.
#[cfg(feature = "ocr")]
pub fn keep_header_rows(
    mut merged: Vec<phuluc_ocr::Word>,
    page_words: &[phuluc_ocr::Word],
    ruled: &[phuluc_raster::cells::RuledCell],
) -> Vec<phuluc_ocr::Word> {
    let vocab = phuluc_parser::Vocabulary::builtin();
    // A header is the table's top row.
    let rows = ruled
        .iter()
        .map(|c| c.row_end)
        .max()
        .map_or(0, |r| (r + 1).min(HEADER_ROWS));
    let inside = |b: &BBox, w: &phuluc_ocr::Word| b.contains(w.bbox.center_x(), w.bbox.center_y());
    for row in 0..rows {
        let cells: Vec<BBox> = ruled
            .iter()
            .filter(|c| c.row <= row && c.row_end >= row)
            .map(|c| c.bbox)
            .collect();
        let header_words = page_words
            .iter()
            .filter(|w| cells.iter().any(|b| inside(b, w)) && vocab.is_header_word(&w.text))
            .count();
        let page_wise_row = header_words >= HEADER_ROW_WORDS;
        let field = |t: &str| vocab.field_of_header(t);
        for b in &cells {
            let (cell_text, page_text) = (text_in(&merged, b), text_in(page_words, b));
            let (cell_names, page_names) =
                (field(&cell_text).is_some(), field(&page_text).is_some());
            // Where neither names a column ("Theo dõi, kiểm tra, đôn đốc"), the better read.
            let take_page = !cell_names
                && (page_names
                    || (page_wise_row
                        && better_reading(
                            (&page_text, mean_confidence(page_words, b)),
                            (&cell_text, mean_confidence(&merged, b)),
                        )));
            if take_page {
                merged.retain(|w| !inside(b, w));
                merged.extend(page_words.iter().filter(|w| inside(b, w)).cloned());
            }
            // Unsure words of a header cell that names its column as well without them, or
            // only without them, are noise ("đt Phối hợp": a rule's end and specks read as
            // "đt", spelt into the words they overlap: "Phốđit hợp").
            let sure: Vec<phuluc_ocr::Word> = merged
                .iter()
                .filter(|w| inside(b, w) && w.confidence >= HEADER_NOISE_CONFIDENCE)
                .cloned()
                .collect();
            let without = field(&text_in(&sure, b));
            let with = field(&text_in(&merged, b));
            if without.is_some() && (with.is_none() || with == without) {
                merged.retain(|w| !inside(b, w) || w.confidence >= HEADER_NOISE_CONFIDENCE);
            }
        }
    }
    merged
}

/// The text of the OCR words whose centre lies in `b`, in their order, spaced.
#[cfg(feature = "ocr")]
fn text_in(words: &[phuluc_ocr::Word], b: &BBox) -> String {
    words
        .iter()
        .filter(|w| b.contains(w.bbox.center_x(), w.bbox.center_y()))
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The mean confidence of the OCR words whose centre lies in `b` (0 without any).
#[cfg(feature = "ocr")]
fn mean_confidence(words: &[phuluc_ocr::Word], b: &BBox) -> f64 {
    let cs: Vec<f64> = words
        .iter()
        .filter(|w| b.contains(w.bbox.center_x(), w.bbox.center_y()))
        .map(|w| w.confidence)
        .collect();
    cs.iter().sum::<f64>() / cs.len().max(1) as f64
}

/// Confidence (0–100) under which an OCR word of a header cell is left out where the cell's
/// other words name its column ([`keep_header_rows`]).
#[cfg(feature = "ocr")]
pub const HEADER_NOISE_CONFIDENCE: f64 = 50.0;

/// The cells of a ruled table that begin in its first column, top-down: the first column's
/// cells and the rows that are one cell from the first column on (a section row "D. PHÁT
/// TRIỂN KINH TẾ SỐ" printed across the table).
#[cfg(feature = "ocr")]
fn first_cells(ruled: &[phuluc_raster::cells::RuledCell]) -> Vec<phuluc_raster::cells::RuledCell> {
    let mut first: Vec<phuluc_raster::cells::RuledCell> =
        ruled.iter().filter(|c| c.col == 0).cloned().collect();
    first.sort_by(|a, b| a.bbox.top.total_cmp(&b.bbox.top));
    first
}

/// Per first-column cell, whether its row is a section row: one cell over every other column
/// (a cell that itself spans the columns is not: see [`guess_first_column`]).
#[cfg(feature = "ocr")]
fn section_rows(
    ruled: &[phuluc_raster::cells::RuledCell],
    first: &[phuluc_raster::cells::RuledCell],
) -> Vec<bool> {
    let last = ruled.iter().map(|c| c.col_end).max().unwrap_or(0);
    first
        .iter()
        .map(|f| {
            last > 1
                && f.col_end == 0
                && ruled
                    .iter()
                    .any(|c| c.row == f.row && c.col == 1 && c.col_end == last)
        })
        .collect()
}

/// Longest text (characters) of a first-column cell taken for a misread row label.
#[cfg(feature = "ocr")]
pub const MISREAD_LABEL_CHARS: usize = 4;

/// The row labels of first-column cells that an OCR reading lost or misread, guessed from the
/// labels around them, within one section (a section row without a numeric label, or a cell
/// reading as a section's numeral or letter, "II" or "B", bounds the search both ways:
/// numbering restarts under it):
/// - a cell holding a few characters that are no label ("nh"), or nothing while its row holds
///   text elsewhere (not the page's first row, which may go on from the page before), between
///   labels that leave room for exactly one — the label after the one above ("3.4" → "3.5"),
///   and the label below continues from it (a misread one may also end the section or page);
/// - a label that breaks the numbering where the label after the one above differs from it
///   in one digit ("45" read for "3.5", "5" for "3": [`LABEL_DIGIT_EDITS`]) and the label
///   below continues from that one, or the section or page ends.
///
/// Guesses are made top-down, each one the "label above" of the next. `texts[i]` is cell i's
/// text, `row_text[i]` whether its row holds text in other cells, `section_row[i]` whether it
/// is a section row (one cell over the other columns).
#[cfg(feature = "ocr")]
pub fn guess_lost_labels(
    texts: &[String],
    row_text: &[bool],
    section_row: &[bool],
) -> Vec<Option<String>> {
    let mut labels: Vec<Option<Vec<u32>>> = texts.iter().map(|t| label_path(t)).collect();
    // A section row whose label is no number ends the numbering above it, and so does a
    // section's numeral or letter ("II", "B") where the ruling did not show its row as one.
    let bound: Vec<bool> = (0..texts.len())
        .map(|i| {
            let t = texts[i].trim().trim_end_matches('.');
            let sectionlike = roman_numeral(t).is_some()
                || (numeral_strokes(t).is_some_and(|n| roman_numeral(&n).is_some())
                    && !t.chars().all(|c| c.is_ascii_digit()))
                || (t.chars().count() == 1 && phuluc_parser::grid::is_section_label(t));
            labels[i].is_none() && (section_row.get(i).copied().unwrap_or(false) || sectionlike)
        })
        .collect();
    let mut out = vec![None; texts.len()];
    // Whether cell j holds a few characters that are no label (nor the header's "STT"), or
    // nothing in a row with text.
    let vocab = phuluc_parser::Vocabulary::builtin();
    let misread_at = |j: usize| {
        let t = texts[j].trim();
        !t.is_empty()
            && t.chars().count() <= MISREAD_LABEL_CHARS
            && roman_numeral(t).is_none()
            && vocab.field_of_header(t) != Some(phuluc_model::Field::Stt)
    };
    let lost_at =
        |j: usize| texts[j].trim().is_empty() && j > 0 && row_text.get(j).copied().unwrap_or(false);
    let candidate = |j: usize| misread_at(j) || lost_at(j);
    for i in 0..texts.len() {
        if bound[i] {
            continue;
        }
        let (misread, lost) = (misread_at(i), lost_at(i));
        let read = labels[i].clone();
        if read.is_none() && !(misread || lost) {
            continue;
        }
        let Some((above, prev)) = (0..i)
            .rev()
            .take_while(|&j| !bound[j])
            .find_map(|j| labels[j].clone().map(|l| (j, l)))
        else {
            // No label above in its section on the page: a misread label right above the
            // first one read is the one before it ("Ề.", "3": "2"), where that is no first
            // child ("2.1" has none before it on the page to tell).
            let next = (i + 1..texts.len())
                .take_while(|&j| !bound[j])
                .find(|&j| labels[j].is_some() || !candidate(j));
            let Some(n) = next.and_then(|j| labels[j].clone()) else {
                continue;
            };
            if read.is_none() && misread && next == Some(i + 1) {
                if let Some((&last, head)) = n.split_last() {
                    if last >= 2 {
                        let mut guess = head.to_vec();
                        guess.push(last - 1);
                        out[i] = Some(dotted(&guess));
                        labels[i] = Some(guess);
                    }
                }
            }
            continue;
        };
        // A label read that continues the numbering, or starts it over ("1", "2.1": after a
        // section row OCR did not see as one), is left as read.
        if read
            .as_ref()
            .is_some_and(|r| continues(&prev, r) || r.last() == Some(&1))
        {
            continue;
        }
        let mut guess = prev.clone();
        if let Some(last) = guess.last_mut() {
            *last += 1;
        }
        let next = (i + 1..texts.len())
            .take_while(|&j| !bound[j])
            .find_map(|j| labels[j].clone());
        let confirmed = match (&read, next) {
            // A label read that breaks the numbering: one digit off the expected one.
            // Not after a row that lost its label: "4", "", "7" lost "5" and "6" is gone.
            // Ending the section or page, the label above must itself continue the one above it.
            (Some(r), n) => {
                let above_holds = || {
                    (0..above)
                        .rev()
                        .take_while(|&j| !bound[j])
                        .find_map(|j| labels[j].as_ref())
                        .is_some_and(|pp| continues(pp, &prev))
                };
                digit_edits(&dotted(r), &dotted(&guess)) <= LABEL_DIGIT_EDITS
                    && n.map_or_else(above_holds, |n| continues(&guess, &n))
                    && (above + 1..i).all(|j| !lost_at(j))
            }
            // A lost label needs the label below to confirm it, past the run of cells that
            // lost theirs with it ("1", "w,", ":", "4": "2" and "3"); a misread one may end
            // the section or page.
            (None, Some(n)) => {
                let run = (i..texts.len())
                    .take_while(|&j| !bound[j] && labels[j].is_none() && candidate(j))
                    .count();
                let mut last = guess.clone();
                if let Some(l) = last.last_mut() {
                    *l += run.saturating_sub(1) as u32;
                }
                continues(&last, &n)
            }
            (None, None) => misread,
        };
        if confirmed {
            out[i] = Some(dotted(&guess));
            labels[i] = Some(guess);
        }
    }
    out
}

/// How many digits (inserted, removed or replaced; dots not counted) a row label read by OCR
/// may differ from the one its neighbours call for and still be taken for it
/// ([`guess_lost_labels`]).
#[cfg(feature = "ocr")]
pub const LABEL_DIGIT_EDITS: usize = 1;

/// A label path written with dots: [3, 5] → "3.5".
#[cfg(feature = "ocr")]
fn dotted(path: &[u32]) -> String {
    path.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// The edit distance between the digits of two labels ("3.5" and "45": 1).
#[cfg(feature = "ocr")]
fn digit_edits(a: &str, b: &str) -> usize {
    let digits = |t: &str| -> Vec<char> { t.chars().filter(char::is_ascii_digit).collect() };
    phuluc_parser::vocab::edit_distance(&digits(a), &digits(b))
}

/// The numerals of section rows whose label an OCR reading lost or misread (their cell holds
/// no numeral), guessed from the section rows around them: between "I" and "III" it is
/// "II"; before a "II" with no section row above on the page, "I". `texts[i]` is first-column
/// cell i's text, `section_row[i]` whether its row is one cell over the other columns.
#[cfg(feature = "ocr")]
pub fn guess_lost_sections(texts: &[String], section_row: &[bool]) -> Vec<Option<String>> {
    let numeral = |i: usize| -> Option<u32> {
        if !section_row.get(i).copied().unwrap_or(false) {
            return None;
        }
        roman_numeral(texts[i].trim().trim_end_matches('.'))
    };
    let is_section = |j: usize| section_row.get(j).copied().unwrap_or(false);
    let mut out = vec![None; texts.len()];
    for (i, slot) in out.iter_mut().enumerate() {
        if !is_section(i) || numeral(i).is_some() {
            continue;
        }
        let prev = (0..i).rev().filter(|&j| is_section(j)).find_map(numeral);
        let before_any = (0..i).all(|j| !is_section(j));
        let next = (i + 1..texts.len())
            .filter(|&j| is_section(j))
            .find_map(numeral);
        let guess = match (prev, next) {
            (Some(p), Some(n)) if n == p + 2 => Some(p + 1),
            (None, Some(2)) if before_any => Some(1),
            _ => None,
        };
        let t = texts[i].trim();
        *slot = match guess {
            Some(g) => Some(to_roman(g)),
            // Something no label was read ("Hội" for "III"; a numbered section's "2" is a
            // label): the row is still a section row; its number is left to the pages around it (`repair_section_numbers`).
            None if !t.is_empty() && !phuluc_parser::grid::is_row_label(t) => {
                Some(UNREAD_SECTION.to_string())
            }
            None => None,
        };
    }
    out
}

/// The label written for a section row whose numeral OCR could not read and its page cannot
/// tell ([`guess_lost_sections`]): a capital letter the Vietnamese alphabet has not, so no
/// document's own section, that the parser takes for a section label;
/// [`repair_section_numbers`] gives it the number its neighbours call for, or flags its records.
pub const UNREAD_SECTION: &str = "Z";

/// The labels [`guess_lost_labels`] and [`guess_lost_sections`] guess for the first-column
/// cells `first` of a ruled table, whatever the page's text is made of: `text_in` gives the
/// text inside a box, `has_text` whether a box holds any.
#[cfg(feature = "ocr")]
fn guess_first_column(
    ruled: &[phuluc_raster::cells::RuledCell],
    first: &[phuluc_raster::cells::RuledCell],
    text_in: impl Fn(&BBox) -> String,
    has_text: impl Fn(&BBox) -> bool,
) -> Vec<Option<String>> {
    let texts: Vec<String> = first.iter().map(|c| text_in(&c.bbox)).collect();
    let row_text: Vec<bool> = first
        .iter()
        .map(|f| {
            ruled
                .iter()
                .filter(|c| c.row <= f.row && c.row_end >= f.row && c.col > 0)
                .any(|c| has_text(&c.bbox))
        })
        .collect();
    // A row that is one cell across the table is a section row: it bounds the numbering, and
    // its label (inside its title) is not guessed.
    let across: Vec<bool> = first.iter().map(|c| c.col_end > 0).collect();
    let sections = section_rows(ruled, first);
    let bounds: Vec<bool> = sections
        .iter()
        .zip(&across)
        .map(|(s, a)| *s || *a)
        .collect();
    guess_lost_labels(&texts, &row_text, &bounds)
        .into_iter()
        .zip(guess_lost_sections(&texts, &sections))
        .zip(&across)
        .map(|((a, b), across)| a.or(b).filter(|_| !across))
        .collect()
}

/// [`guess_lost_labels`] on a page's OCR words: each guessed label replaces its cell's words,
/// as one word with no confidence, so that its record is flagged.
#[cfg(feature = "ocr")]
fn infer_misread_labels(
    mut words: Vec<phuluc_ocr::Word>,
    ruled: &[phuluc_raster::cells::RuledCell],
) -> Vec<phuluc_ocr::Word> {
    let inside = |b: &BBox, w: &phuluc_ocr::Word| b.contains(w.bbox.center_x(), w.bbox.center_y());
    let first = first_cells(ruled);
    let guesses = guess_first_column(
        ruled,
        &first,
        |b| text_in(&words, b),
        |b| words.iter().any(|w| inside(b, w)),
    );
    for (cell, guess) in first.iter().zip(guesses) {
        let Some(label) = guess else { continue };
        let b = cell.bbox;
        let mut word = words
            .iter()
            .filter(|w| inside(&b, w))
            .cloned()
            .reduce(|mut u, w| {
                u.bbox = u.bbox.union(&w.bbox);
                u
            })
            .unwrap_or(phuluc_ocr::Word {
                text: String::new(),
                bbox: BBox::new(b.x0 + 2.0, b.top + 2.0, b.x0 + 12.0, b.top + 12.0),
                confidence: 0.0,
                size: 10.0,
            });
        words.retain(|w| !inside(&b, w));
        word.text = label;
        word.confidence = 0.0;
        words.push(word);
    }
    words
}

/// The words of a page read page-wise (`page_words`) with those read cell by cell
/// (`cell_words`, by cell index into `cells`): in a cell where the cell-wise reading found
/// words, they replace the page-wise ones; elsewhere (outside the table, or a cell the
/// cell-wise reading found empty) the page-wise words stay.
#[cfg(feature = "ocr")]
pub fn merge_cellwise(
    page_words: Vec<phuluc_ocr::Word>,
    cells: &[BBox],
    cell_words: Vec<(usize, phuluc_ocr::Word)>,
) -> Vec<phuluc_ocr::Word> {
    let mut read = vec![false; cells.len()];
    for (i, _) in &cell_words {
        if let Some(r) = read.get_mut(*i) {
            *r = true;
        }
    }
    let mut out: Vec<phuluc_ocr::Word> = page_words
        .into_iter()
        .filter(|w| {
            let (x, y) = (w.bbox.center_x(), w.bbox.center_y());
            !cells.iter().zip(&read).any(|(c, r)| *r && c.contains(x, y))
        })
        .collect();
    out.extend(cell_words.into_iter().map(|(_, w)| w));
    out
}

/// OCRs a page from its image with the `tesseract` program ([`phuluc_ocr`]): the image is
/// decoded, its skew and ruling lines found, the straightened image OCR'd page-wise and, with
/// [`OcrReading::CellWise`], every cell of its ruled table again on its own
/// ([`cellwise_words`], [`merge_cellwise`]); the page's glyphs are replaced by the words read
/// (its vector rules kept when it has some). Returns how the page was read, or why it could
/// not be (the page is then left as it is). `lying`: the page's visible text layer lies
/// ([`judge_text_layer`]): it is deciphered with the OCR's words ([`decipher_layer`]).
#[cfg(feature = "ocr")]
pub fn ocr_page(
    doc: &PdfDocument,
    geometry: &mut PageGeometry,
    lying: bool,
    lang: &str,
    reading: OcrReading,
    rendering: Option<&Rendering>,
    warnings: &mut Vec<Warning>,
) -> Option<ScanPage> {
    let raster = page_raster(doc, geometry, rendering);
    let page = &mut geometry.page;
    let number = page.number;
    let lying = lying && has_visible_text(page);
    let fail = |warnings: &mut Vec<Warning>, why: String| {
        warnings.push(
            Warning::new(
                WarningCode::OcrText,
                format!("page {number}: could not be OCR'd: {why}"),
            )
            .on_page(number),
        );
        None
    };
    let PageRaster {
        gray,
        image,
        how: had,
    } = match raster {
        Some(Ok(r)) => r,
        Some(Err(e)) => return fail(warnings, e),
        None => {
            return fail(
                warnings,
                "it has no image covering the page, and rendering is off (--ocr never)".into(),
            )
        }
    };
    // A scan's grey, noisy paper is made white before its rules are found.
    let analysis = phuluc_raster::ScanAnalysis::of(&gray.whiten_paper(), image);
    let straight = gray.rotated(analysis.skew_degrees);
    let dpi = gray.dpi(&image).round().clamp(50.0, 1200.0) as u32;
    let mut words = match phuluc_ocr::ocr_words(&straight, &image, lang, dpi) {
        Ok(w) => w,
        Err(e) => return fail(warnings, e.to_string()),
    };
    let mut specks = drop_specks(&mut words);
    if page.rules.is_empty() {
        page.rules = analysis.rules.clone();
    }
    let mut how = "page-wise";
    if reading == OcrReading::CellWise {
        let ruled = phuluc_raster::cells::ruled_cells(&page.rules);
        let cells: Vec<BBox> = ruled.iter().map(|c| c.bbox).collect();
        if !cells.is_empty() {
            match cellwise_words(&straight, &analysis, &ruled, lang, dpi) {
                Ok(cell_words) => {
                    let merged = merge_cellwise(words.clone(), &cells, cell_words);
                    let merged = keep_header_rows(merged, &words, &ruled);
                    words = keep_continuing_labels(merged, &words, &ruled);
                    specks += drop_specks(&mut words);
                    how = "page-wise, then cell by cell";
                }
                Err(e) => warnings.push(
                    Warning::new(
                        WarningCode::OcrText,
                        format!(
                            "page {number}: its table's cells could not be OCR'd one by one \
                             ({e}); read page-wise"
                        ),
                    )
                    .on_page(number),
                ),
            }
        }
    }
    if lying && analysis.skew_degrees.abs() <= MAX_DECIPHER_SKEW {
        if let Some(read) = decipher_layer(page, &words, warnings) {
            return Some(read);
        }
    }
    let mut glyphs = phuluc_ocr::glyphs_of(&words);
    drop_rule_bars(&mut glyphs, &page.rules);
    page.glyphs = glyphs;
    warnings.push(
        Warning::new(
            WarningCode::OcrText,
            format!(
                "page {number}: read by OCR of {had} (tesseract -l {lang}, {dpi} dpi, {how}, \
                 {} words{}); the image is turned {:.2}° and shows {} ruling line(s)",
                words.len(),
                if specks > 0 {
                    format!(", {specks} specks of noise read as words left out")
                } else {
                    String::new()
                },
                analysis.skew_degrees,
                analysis.rules.len()
            ),
        )
        .on_page(number),
    );
    Some(ScanPage {
        origin: TextOrigin::Ocr,
        words: words
            .into_iter()
            .map(|w| OcrWord {
                bbox: w.bbox,
                confidence: w.confidence,
                origin: TextOrigin::Ocr,
            })
            .collect(),
    })
}

/// Largest skew (degrees) of a page image under a lying text layer for the layer to be
/// deciphered with its OCR: the layer is not turned, so the OCR's words must lie over it.
pub const MAX_DECIPHER_SKEW: f64 = 0.2;

/// Largest share of a lying layer's glyphs the key may leave unknown for the deciphered
/// layer to be read (more, and the page is read from its OCR instead).
pub const MAX_UNDECIPHERED: f64 = 0.01;

/// Reads a page whose text layer lies as that layer deciphered with the page's OCR `words`
/// ([`decipher::decipher`]), when the key covers all but [`MAX_UNDECIPHERED`] of its glyphs;
/// `None` (and a warning) otherwise.
#[cfg(feature = "ocr")]
fn decipher_layer(
    page: &mut Page,
    words: &[phuluc_ocr::Word],
    warnings: &mut Vec<Warning>,
) -> Option<ScanPage> {
    let number = page.number;
    let read: Vec<decipher::ReadWord> = words
        .iter()
        .map(|w| decipher::ReadWord {
            text: w.text.clone(),
            bbox: w.bbox,
            confidence: w.confidence,
        })
        .collect();
    let d = decipher::decipher(&page.glyphs, &read);
    if d.total == 0 || d.unknown as f64 > MAX_UNDECIPHERED * d.total as f64 {
        warnings.push(
            Warning::new(
                WarningCode::OcrText,
                format!(
                    "page {number}: its text layer lies and could not be deciphered with the \
                     OCR of its image ({} of {} glyphs left unknown); read by OCR instead",
                    d.unknown, d.total
                ),
            )
            .on_page(number),
        );
        return None;
    }
    page.glyphs = d.glyphs;
    warnings.push(
        Warning::new(
            WarningCode::OcrText,
            format!(
                "page {number}: its text layer lies (a broken ToUnicode map?); its {} glyphs \
                 were deciphered with a key of {} characters learned from the OCR of its image \
                 ({} left unknown)",
                d.total, d.key_size, d.unknown
            ),
        )
        .on_page(number),
    );
    Some(ScanPage {
        origin: TextOrigin::Deciphered,
        words: d
            .words
            .into_iter()
            .map(|(bbox, confidence)| OcrWord {
                bbox,
                confidence,
                origin: TextOrigin::Deciphered,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use phuluc_model::{Record, Rule, RuleKind, SourceFile};

    #[test]
    fn a_section_numeral_misread_after_the_one_before() {
        assert_eq!(next_numeral_misread("II", "II").as_deref(), Some("III"));
        assert_eq!(next_numeral_misread("I", "H").as_deref(), Some("II"));
        assert_eq!(next_numeral_misread("I", "II").as_deref(), Some("II"));
        assert_eq!(next_numeral_misread("III", "II"), None);
        assert_eq!(next_numeral_misread("II", "V"), None);
        assert_eq!(next_numeral_misread("A", "B"), None);
    }

    #[cfg(feature = "ocr")]
    #[test]
    fn misread_section_numerals_after_the_one_before() {
        assert_eq!(misread_numeral("H", Some(1)), Some(2));
        assert_eq!(misread_numeral("1H", Some(2)), Some(3));
        assert_eq!(misread_numeral("Il", Some(1)), Some(2));
        assert_eq!(misread_numeral("\"", Some(1)), Some(2));
        assert_eq!(misread_numeral("!\"", None), Some(3));
        assert_eq!(misread_numeral("VH", None), Some(7));
        assert_eq!(misread_numeral("VỊ", Some(5)), Some(6));
        assert_eq!(misread_numeral("IH", None), Some(3));
        assert_eq!(misread_numeral("VV", None), None);
        // Not the next numeral, a number, a real numeral, or no section before: left alone.
        assert_eq!(misread_numeral("H", Some(2)), None);
        assert_eq!(misread_numeral("11", Some(1)), None);
        assert_eq!(misread_numeral("II", Some(1)), None);
        assert_eq!(misread_numeral("1H", None), Some(3));
        assert_eq!(misread_numeral("l", None), Some(1));
    }

    #[cfg(feature = "ocr")]
    #[test]
    fn lost_and_misread_labels_are_guessed_between_their_neighbours() {
        let texts = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // "nh" between 3.4 and the end; an empty cell between 4 and 6 in a row with text.
        assert_eq!(
            guess_lost_labels(&texts(&["3.3", "3.4", "nh"]), &[true; 3], &[false; 3]),
            [None, None, Some("3.5".to_string())]
        );
        assert_eq!(
            guess_lost_labels(&texts(&["4", "", "6"]), &[true; 3], &[false; 3]),
            [None, Some("5".to_string()), None]
        );
        // Not guessed: an empty cell whose row is empty, the page's first cell, a gap the
        // labels do not leave, an empty cell with no label below to confirm it.
        assert_eq!(
            guess_lost_labels(&texts(&["4", "", "6"]), &[true, false, true], &[false; 3]),
            vec![None::<String>; 3]
        );
        assert_eq!(
            guess_lost_labels(&texts(&["", "2"]), &[true; 2], &[false; 2]),
            vec![None::<String>; 2]
        );
        assert_eq!(
            guess_lost_labels(&texts(&["4", "", "7"]), &[true; 3], &[false; 3]),
            vec![None::<String>; 3]
        );
        assert_eq!(
            guess_lost_labels(&texts(&["4", ""]), &[true; 2], &[false; 2]),
            vec![None::<String>; 2]
        );
    }

    #[cfg(feature = "ocr")]
    #[test]
    fn specks_and_words_over_a_surer_word_are_noise() {
        let word = |text: &str, x0: f64, top: f64, x1: f64, bottom: f64, confidence: f64| {
            phuluc_ocr::Word {
                text: text.to_string(),
                bbox: BBox::new(x0, top, x1, bottom),
                confidence,
                size: bottom - top,
            }
        };
        let mut words = vec![
            word("Mục", 149.0, 130.7, 173.9, 141.8, 97.0),
            word("tiêu", 177.8, 131.0, 200.2, 141.7, 96.0),
            word("=", 182.9, 130.0, 191.9, 132.1, 0.0), // a speck two points tall
            word("Phối", 874.0, 129.0, 900.0, 140.0, 96.0),
            word("Mi", 891.0, 129.0, 901.0, 132.0, 58.0), // over the ink of "Phối"
            word("hợp", 906.0, 130.0, 929.0, 142.0, 96.0),
            word("-", 300.0, 135.0, 304.0, 136.0, 91.0), // a dash read surely stays
        ];
        assert_eq!(drop_specks(&mut words), 2);
        let kept: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(kept, ["Mục", "tiêu", "Phối", "hợp", "-"]);
    }

    #[cfg(feature = "ocr")]
    #[test]
    fn labels_that_break_the_numbering_by_a_digit_are_the_expected_ones() {
        let texts = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let some = |s: &str| Some(s.to_string());
        // "45" for "3.5" at the end of the page; "5" for "3" before a section row.
        assert_eq!(
            guess_lost_labels(&texts(&["3.3", "3.4", "45"]), &[true; 3], &[false; 3]),
            [None, None, some("3.5")]
        );
        assert_eq!(
            guess_lost_labels(
                &texts(&["1", "2", "5", "Đ", "1"]),
                &[true; 5],
                &[false, false, false, true, false]
            ),
            [None, None, some("3"), None, None]
        );
        // A misread label first on its page: the one before the label below it.
        assert_eq!(
            guess_lost_labels(&texts(&["STT", "Ề.", "3", "4"]), &[true; 4], &[false; 4]),
            [None, some("2"), None, None]
        );
        assert_eq!(
            guess_lost_labels(&texts(&["STT", "Ề.", "3.1"]), &[true; 3], &[false; 3]),
            [None, None, None]
        );
        // The header's "STT" over "2" is no misread "1".
        assert_eq!(
            guess_lost_labels(&texts(&["STT", "2", "3"]), &[true; 3], &[false; 3]),
            [None, None, None]
        );
        // Two labels misread in a row, between labels that leave room for both.
        assert_eq!(
            guess_lost_labels(&texts(&["1", "w,", ":", "4"]), &[true; 4], &[false; 4]),
            [None, some("2"), some("3"), None]
        );
        assert_eq!(
            guess_lost_labels(&texts(&["1", "w,", ":", "5"]), &[true; 4], &[false; 4]),
            [None, None, None, None]
        );
        // "8" for "3" where "4" follows; a guess is the label above the next one.
        assert_eq!(
            guess_lost_labels(&texts(&["2", "8", "4", "9"]), &[true; 4], &[false; 4]),
            [None, some("3"), None, some("5")]
        );
        // A "1" after "12" starts the numbering over (a section row above it not seen as
        // one), and a section numeral misread in strokes ("HI") bounds the numbering.
        assert_eq!(
            guess_lost_labels(&texts(&["11", "12", "1", "2"]), &[true; 4], &[false; 4]),
            [None, None, None, None]
        );
        assert_eq!(
            guess_lost_labels(
                &texts(&["11", "12", "HI", "2", "5"]),
                &[true; 5],
                &[false; 5]
            ),
            [None, None, None, None, None]
        );
        // A section's letter bounds the numbering where its row was not seen as one.
        assert_eq!(
            guess_lost_labels(&texts(&["1", "2", "5", "Đ", "1"]), &[true; 5], &[false; 5]),
            [None, None, some("3"), None, None]
        );
        // A misread label ending its section ("&," for "3" before section "B").
        assert_eq!(
            guess_lost_labels(
                &texts(&["1", "2", "&,", "B", "1"]),
                &[true; 5],
                &[false, false, false, true, false]
            ),
            [None, None, some("3"), None, None]
        );
        // Left alone: numbering restarting under a section row; a label two digits off; one
        // after a row that lost its label; one the label below does not continue from.
        let none = vec![None::<String>; 5];
        assert_eq!(
            guess_lost_labels(
                &texts(&["4", "5", "II", "1", "2"]),
                &[true; 5],
                &[false, false, true, false, false]
            ),
            none
        );
        assert_eq!(
            guess_lost_labels(
                &texts(&["1.8", "1.9", "17", "", ""]),
                &[true; 5],
                &[false; 5]
            ),
            none
        );
        assert_eq!(
            guess_lost_labels(
                &texts(&["4", "", "7", "8", ""]),
                &[true, true, true, true, false],
                &[false; 5]
            ),
            none
        );
        assert_eq!(
            guess_lost_labels(
                &texts(&["2", "5", "7", "", ""]),
                &[true, true, true, false, false],
                &[false; 5]
            ),
            none
        );
    }

    #[cfg(feature = "ocr")]
    #[test]
    fn lost_section_numerals_are_guessed_between_their_neighbours() {
        let texts = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let sec = [true, false, true, false, true];
        assert_eq!(
            guess_lost_sections(&texts(&["", "1", "II", "5", "III"]), &sec),
            [Some("I".to_string()), None, None, None, None]
        );
        assert_eq!(
            guess_lost_sections(&texts(&["I", "1", "", "5", "III"]), &sec),
            [None, None, Some("II".to_string()), None, None]
        );
        // No section after it, or one that leaves no room: nothing guessed.
        assert_eq!(
            guess_lost_sections(&texts(&["I", "1", "II", "5", ""]), &sec),
            vec![None::<String>; 5]
        );
        assert_eq!(
            guess_lost_sections(&texts(&["", "1", "III", "5", "IV"]), &sec),
            vec![None::<String>; 5]
        );
        // Something no label read in a section row the page cannot tell: left to the pages
        // around it, as UNREAD_SECTION.
        assert_eq!(
            guess_lost_sections(&texts(&["I", "1", "Hội", "5", ""]), &sec),
            [None, None, Some(UNREAD_SECTION.to_string()), None, None]
        );
        // Sections numbered with digits are left alone.
        assert_eq!(
            guess_lost_sections(&texts(&["1", "1", "2", "1", "3"]), &sec),
            vec![None::<String>; 5]
        );
    }

    #[test]
    fn an_unread_section_number_is_the_one_its_neighbours_call_for_or_flagged() {
        use phuluc_model::{Extraction, Record, Section, SourceFile};
        let extraction = |numbers: &[&str]| {
            let mut ex = Extraction::new(SourceFile::default());
            for (i, n) in numbers.iter().enumerate() {
                let mut r = Record {
                    stt: (i + 1).to_string(),
                    section: Some(Section {
                        number: n.to_string(),
                        title: format!("Mục {i}"),
                    }),
                    ..Record::default()
                };
                r.source.origin = Some(TextOrigin::Ocr);
                ex.records.push(r);
            }
            ex
        };
        let numbers = |ex: &Extraction| -> Vec<String> {
            ex.records
                .iter()
                .filter_map(|r| r.section.as_ref().map(|s| s.number.clone()))
                .collect()
        };
        let mut ex = extraction(&["I", "II", UNREAD_SECTION]);
        repair_section_numbers(&mut ex);
        assert_eq!(numbers(&ex), ["I", "II", "III"]);
        assert!(ex.records[2].review.needed && !ex.records[1].review.needed);
        let mut ex = extraction(&["C", UNREAD_SECTION, "Đ"]);
        repair_section_numbers(&mut ex);
        assert_eq!(numbers(&ex), ["C", "D", "Đ"]);
        // Neighbours that leave no room for one: "?", flagged.
        let mut ex = extraction(&["I", UNREAD_SECTION, "II"]);
        repair_section_numbers(&mut ex);
        assert_eq!(numbers(&ex), ["I", "?", "II"]);
        assert!(ex.records[1].review.needed);
    }

    #[test]
    fn section_numbers_follow_numerals_and_letters() {
        let next = |n: &str| next_section_number(n);
        assert_eq!(next("II").as_deref(), Some("III"));
        assert_eq!(next("D").as_deref(), Some("Đ"));
        assert_eq!(next("Đ").as_deref(), Some("E"));
        assert_eq!(next("E").as_deref(), Some("G"));
        assert_eq!(next("1"), None);
        assert_eq!(previous_section_number("III").as_deref(), Some("II"));
        assert_eq!(previous_section_number("B").as_deref(), Some("A"));
        assert_eq!(previous_section_number("I"), None);
        assert_eq!(previous_section_number("A"), None);
        // The placeholder is no section letter of a Vietnamese plan.
        assert!(!SECTION_LETTERS.contains(&UNREAD_SECTION));
        assert!(phuluc_parser::grid::is_section_label(UNREAD_SECTION));
    }

    #[cfg(feature = "ocr")]
    #[test]
    fn row_labels_continue_their_numbering() {
        let path = |t: &str| label_path(t).unwrap_or_default();
        assert_eq!(path("1.2."), [1, 2]);
        assert_eq!(path("12"), [12]);
        assert_eq!(label_path("I"), None);
        for (prev, cur) in [
            ("1", "1.1"),
            ("1.1", "1.2"),
            ("1.5", "2"),
            ("1.5", "2.1"),
            ("1", "2"),
        ] {
            assert!(continues(&path(prev), &path(cur)), "{prev} → {cur}");
        }
        for (prev, cur) in [
            ("1.1", "12"),
            ("2.1", "4"),
            ("3", "5"),
            ("2", "1.1"),
            ("1.2", "1.2"),
        ] {
            assert!(!continues(&path(prev), &path(cur)), "{prev} → {cur}");
        }
    }

    fn glyph(text: &str, x0: f64, x1: f64) -> Glyph {
        Glyph {
            text: text.into(),
            bbox: BBox::new(x0, 100.0, x1, 110.0),
            baseline: 108.0,
            size: 10.0,
            font: "GlyphLessFont".into(),
            upright: true,
        }
    }

    #[test]
    fn a_words_letters_take_the_room_of_its_trailing_space() {
        // "ab " stretched over 0..30, then "c " over 40..60.
        let gs = vec![
            glyph("a", 0.0, 10.0),
            glyph("b", 10.0, 20.0),
            glyph(" ", 20.0, 30.0),
            glyph("c", 40.0, 50.0),
            glyph(" ", 50.0, 60.0),
        ];
        let out = fill_words(gs);
        let boxes: Vec<(String, f64, f64)> = out
            .iter()
            .map(|g| (g.text.clone(), g.bbox.x0, g.bbox.x1))
            .collect();
        assert_eq!(
            boxes,
            [
                ("a".into(), 0.0, 15.0),
                ("b".into(), 15.0, 30.0),
                ("c".into(), 40.0, 60.0)
            ]
        );
    }

    #[test]
    fn a_text_layer_of_look_alike_letters_lies() {
        let page = |text: &str| Page {
            glyphs: text
                .split(' ')
                .enumerate()
                .map(|(i, w)| glyph(w, i as f64 * 30.0, i as f64 * 30.0 + 25.0))
                .collect(),
            ..Default::default()
        };
        // Printed "Kế hoạch triển khai nhiệm vụ năm 2026", decoded through a broken map.
        assert!(text_layer_lies(&page(
            "Кế һоạсһ тгіển кһаі пһіệм ѵụ пăм 2026 сủа Ủу ьап пһâп ԁâп"
        )));
        assert!(!text_layer_lies(&page(
            "Kế hoạch triển khai nhiệm vụ năm 2026 của Ủy ban nhân dân tỉnh"
        )));
        // Too few letters to judge.
        assert!(!text_layer_lies(&page("Кế 1")));
    }

    #[test]
    fn a_bar_on_a_vertical_rule_is_the_rule_not_text() {
        let rule = Rule {
            bbox: BBox::new(50.0, 0.0, 50.5, 300.0),
            kind: RuleKind::Stroke,
        };
        let mut gs = vec![
            glyph("|", 49.0, 52.0),
            glyph("|", 200.0, 203.0),
            glyph("H", 52.0, 58.0),
        ];
        drop_rule_bars(&mut gs, &[rule]);
        let texts: Vec<&str> = gs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(texts, ["|", "H"]);
        assert_eq!(gs[0].bbox.x0, 200.0);
    }

    #[test]
    fn ocr_cells_carry_origin_and_confidence_and_unsure_ones_are_flagged() {
        let mut ex = Extraction::new(SourceFile::default());
        let mut r = Record {
            stt: "1".into(),
            ..Default::default()
        };
        let cell = |page, x0, x1| phuluc_model::CellSource {
            page,
            bbox: BBox::new(x0, 0.0, x1, 50.0),
            docx: None,
        };
        r.source
            .cells
            .insert("task".into(), vec![cell(1, 0.0, 100.0)]);
        r.source
            .cells
            .insert("lead".into(), vec![cell(1, 100.0, 200.0)]);
        r.source
            .cells
            .insert("note".into(), vec![cell(2, 0.0, 100.0)]);
        ex.records.push(r);
        let word = |x: f64, confidence| OcrWord {
            bbox: BBox::new(x, 10.0, x + 10.0, 20.0),
            confidence,
            origin: TextOrigin::Ocr,
        };
        let mut pages = ScanPages::default();
        pages.pages.insert(
            1,
            ScanPage {
                origin: TextOrigin::Ocr,
                words: vec![word(10.0, 95.0), word(40.0, 91.0), word(150.0, 40.0)],
            },
        );
        pages.mark(&mut ex);
        let r = &ex.records[0];
        assert_eq!(r.source.origin, Some(TextOrigin::Ocr));
        assert_eq!(r.source.ocr["task"].confidence, Some(93.0));
        assert_eq!(r.source.ocr["lead"].confidence, Some(40.0));
        // Page 2 was born-digital: its cell is not marked.
        assert!(!r.source.ocr.contains_key("note"));
        assert!(r.review.needed && r.review.has(ReviewCode::LowConfidence));
        assert_eq!(r.review.reasons.len(), 1);
        assert_eq!(r.review.reasons[0].field.as_deref(), Some("lead"));
    }
}
