//! OCR of a scanned page image: decoded grey samples in, positioned glyphs with word
//! confidences out, in the straightened page frame of [`phuluc_raster::ScanAnalysis`] (so that
//! they sit with the ruling lines found in the same image).
//!
//! The engine is the `tesseract` program (Debian `tesseract-ocr` + `tesseract-ocr-vie`), run
//! once per page on the straightened image with TSV output (`… tsv`): every word with its box
//! and confidence; and once more per page on a mosaic of the cells of its table
//! ([`ocr_mosaic`]), when the caller reads cell by cell. The program rather than a libtesseract binding because the maintained Rust
//! bindings (`tesseract`, `leptess`) need the C++ headers and libleptonica at build time, which
//! would make every build of phuluc need them; the program is found at run time, so a machine
//! without it still builds and reads born-digital PDFs, and the cost of a process per page
//! (~20 ms) is nothing next to the seconds OCR takes.
//!
//! Each word becomes one [`Glyph`] per character (NFC), the word's box split evenly, which is
//! what the parser needs to place text in cells and cut at column lines.

use phuluc_model::{BBox, Glyph};
use phuluc_pdf::PlacedImage;
use phuluc_raster::Gray;
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use unicode_normalization::UnicodeNormalization;

/// Why a page could not be OCR'd.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    /// The `tesseract` program could not be started.
    #[error("the tesseract program could not be run ({0}); install tesseract-ocr and tesseract-ocr-{1} (docs/ocr.md)")]
    NoTesseract(String, String),
    /// It ran and failed (a missing language model, say).
    #[error("tesseract failed: {0}")]
    Failed(String),
    /// A temporary file could not be written.
    #[error("cannot write the page image for tesseract: {0}")]
    Io(#[from] std::io::Error),
}

/// One word read by OCR, in page coordinates (points, top-left origin, straightened frame).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub bbox: BBox,
    /// Tesseract's confidence, 0–100.
    pub confidence: f64,
    /// The size of its text (points): the tallest word of the line Tesseract read it in. A
    /// word's own box is its ink ("vụ" is little more than x-height), so the line's tallest
    /// word (ascenders, accents, descenders) is nearer the printed size, which the parser's
    /// gaps and tolerances are measured in.
    pub size: f64,
}

/// The font name given to OCR'd glyphs.
pub const OCR_FONT: &str = "OCR";

/// OCRs a straightened page image (`gray`, drawn at `image`) with language `lang`
/// ("vie", "vie+eng") at `dpi`, page-wise (`--psm 3`), giving its words in page coordinates.
pub fn ocr_words(
    gray: &Gray,
    image: &PlacedImage,
    lang: &str,
    dpi: u32,
) -> Result<Vec<Word>, OcrError> {
    let tsv = run_tesseract(gray, lang, dpi, PAGE_PSM, None)?;
    Ok(parse_tsv(&tsv, gray, image))
}

/// Tesseract's page segmentation for a whole page: fully automatic.
const PAGE_PSM: &str = "3";

/// Tesseract's page segmentation for a mosaic of cells ([`ocr_mosaic`]): one uniform block of
/// text, every line read, however short (a lone "1" of the STT column is a line).
const MOSAIC_PSM: &str = "6";

/// Runs `tesseract` on `gray` with page segmentation `psm`, giving its TSV output.
fn run_tesseract(
    gray: &Gray,
    lang: &str,
    dpi: u32,
    psm: &str,
    whitelist: Option<&str>,
) -> Result<String, OcrError> {
    let path = temp_path();
    let result = (|| {
        let mut f = std::fs::File::create(&path)?;
        write!(f, "P5\n{} {}\n255\n", gray.width, gray.height)?;
        f.write_all(&gray.data)?;
        f.flush()?;
        drop(f);
        let out = Command::new("tesseract")
            .arg(&path)
            .arg("stdout")
            .args(["-l", lang, "--dpi", &dpi.to_string(), "--psm", psm])
            .args(
                whitelist
                    .map(|w| vec!["-c".to_string(), format!("tessedit_char_whitelist={w}")])
                    .unwrap_or_default(),
            )
            .arg("tsv")
            .env("OMP_THREAD_LIMIT", "1")
            .output()
            .map_err(|e| OcrError::NoTesseract(e.to_string(), lang.to_string()))?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            return Err(OcrError::Failed(
                err.lines().last().unwrap_or("no message").to_string(),
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    })();
    let _ = std::fs::remove_file(&path);
    result
}

/// One piece of a page image to OCR on its own ([`ocr_mosaic`]): the samples, and where they
/// lie on the page (a box in page coordinates, the samples spread evenly over it).
#[derive(Debug, Clone)]
pub struct Piece {
    pub gray: Gray,
    pub bbox: BBox,
}

/// Paper (samples) around every piece of a mosaic, and between one piece and the next: more
/// than a line of text, so that Tesseract never reads two pieces as one line or paragraph.
pub const MOSAIC_GAP_PX: usize = 48;

/// OCRs `pieces` (cells of a table, cut from the straightened page image) in one run of
/// `tesseract`: they are stacked, left-aligned, one under the other with [`MOSAIC_GAP_PX`] of
/// paper around each, and every word read is given back with the index of its piece and its
/// box on the page. One run, not one per cell: starting Tesseract with its model costs
/// ~0.1 s, a page has ~100 cells.
///
/// `whitelist`: the only characters Tesseract may read (`tessedit_char_whitelist`), or all.
pub fn ocr_mosaic(
    pieces: &[Piece],
    lang: &str,
    dpi: u32,
    whitelist: Option<&str>,
) -> Result<Vec<(usize, Word)>, OcrError> {
    let Some((mosaic, tops)) = mosaic(pieces) else {
        return Ok(Vec::new());
    };
    let tsv = run_tesseract(&mosaic, lang, dpi, MOSAIC_PSM, whitelist)?;
    Ok(mosaic_words(&tsv, pieces, &tops))
}

/// The pieces stacked into one image ([`ocr_mosaic`]), with the top row of each; `None` when
/// there are none or the image would be larger than [`phuluc_raster::MAX_PIXELS`].
fn mosaic(pieces: &[Piece]) -> Option<(Gray, Vec<usize>)> {
    let gap = MOSAIC_GAP_PX;
    let width = pieces.iter().map(|p| p.gray.width).max().unwrap_or(0) + 2 * gap;
    let mut tops = Vec::with_capacity(pieces.len());
    let mut height = gap;
    for p in pieces {
        tops.push(height);
        height += p.gray.height + gap;
    }
    if pieces.is_empty() || width as u64 * height as u64 > phuluc_raster::MAX_PIXELS {
        return None;
    }
    let mut mosaic = Gray {
        width,
        height,
        data: vec![255; width * height],
    };
    for (p, &top) in pieces.iter().zip(&tops) {
        for y in 0..p.gray.height {
            let row = &p.gray.data[y * p.gray.width..(y + 1) * p.gray.width];
            let at = (top + y) * width + gap;
            mosaic.data[at..at + p.gray.width].copy_from_slice(row);
        }
    }
    Some((mosaic, tops))
}

/// The words of Tesseract's TSV of a mosaic, each with the index of the piece holding its
/// centre and its box on the page.
fn mosaic_words(tsv: &str, pieces: &[Piece], tops: &[usize]) -> Vec<(usize, Word)> {
    let gap = MOSAIC_GAP_PX;
    let mut out = Vec::new();
    for w in tsv_rows(tsv) {
        let (cx, cy) = (w.left + w.width / 2.0, w.top + w.height / 2.0);
        // The piece whose samples (with half the gap either side) hold the word's centre.
        let Some(i) = tops
            .iter()
            .rposition(|&t| cy >= t as f64 - gap as f64 / 2.0)
        else {
            continue;
        };
        let (Some(p), Some(&top)) = (pieces.get(i), tops.get(i)) else {
            continue;
        };
        if p.gray.width == 0 || p.gray.height == 0 || cx < 0.0 {
            continue;
        }
        let top = top as f64;
        let (sx, sy) = (
            p.bbox.width() / p.gray.width as f64,
            p.bbox.height() / p.gray.height as f64,
        );
        let x = |v: f64| p.bbox.x0 + ((v - gap as f64) * sx).clamp(0.0, p.bbox.width());
        let y = |v: f64| p.bbox.top + ((v - top) * sy).clamp(0.0, p.bbox.height());
        out.push((
            i,
            Word {
                bbox: BBox::new(
                    x(w.left),
                    y(w.top),
                    x(w.left + w.width),
                    y(w.top + w.height),
                ),
                text: w.text,
                confidence: w.confidence,
                size: w.line_height * sy,
            },
        ));
    }
    out
}

fn temp_path() -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    std::env::temp_dir().join(format!(
        "phuluc-ocr-{}-{}.pgm",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ))
}

/// A word of Tesseract's TSV, in the samples of the image it read.
struct TsvWord {
    /// Tesseract's block, paragraph and line numbers.
    line: (u32, u32, u32),
    /// The tallest word of that line (samples).
    line_height: f64,
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    confidence: f64,
    text: String,
}

/// The words of Tesseract's TSV (level 5 rows: left, top, width, height in samples, conf,
/// text), NFC, without empty or unsure-of-nothing (negative confidence) rows.
fn tsv_rows(tsv: &str) -> Vec<TsvWord> {
    let mut words = Vec::new();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.splitn(12, '\t').collect();
        let [level, _, block, par, line_no, _, left, top, width, height, conf, text] = cols[..]
        else {
            continue;
        };
        if level != "5" {
            continue;
        }
        let text: String = vietnamese_letters(&text.trim().nfc().collect::<String>());
        let num = |s: &str| s.trim().parse::<f64>().ok().filter(|v| v.is_finite());
        let (Some(l), Some(t), Some(w), Some(h), Some(c)) =
            (num(left), num(top), num(width), num(height), num(conf))
        else {
            continue;
        };
        if text.is_empty() || c < 0.0 || w <= 0.0 || h <= 0.0 {
            continue;
        }
        let id = |s: &str| s.trim().parse::<u32>().unwrap_or(0);
        words.push(TsvWord {
            line: (id(block), id(par), id(line_no)),
            line_height: h,
            left: l,
            top: t,
            width: w,
            height: h,
            confidence: c,
            text,
        });
    }
    let mut tallest: std::collections::HashMap<(u32, u32, u32), f64> = Default::default();
    for w in &words {
        let t = tallest.entry(w.line).or_insert(0.0);
        *t = t.max(w.height);
    }
    for w in &mut words {
        w.line_height = tallest.get(&w.line).copied().unwrap_or(w.height);
    }
    words
}

/// Letters an OCR engine gives for Vietnamese ones that look alike: the Icelandic eth "Ð",
/// "ð" for "Đ", "đ" (Vietnamese has no eth).
pub fn vietnamese_letters(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'Ð' => 'Đ',
            'ð' => 'đ',
            c => c,
        })
        .collect()
}

/// Tesseract's TSV of `gray` (drawn at `image`) → words in page coordinates.
pub fn parse_tsv(tsv: &str, gray: &Gray, image: &PlacedImage) -> Vec<Word> {
    let (sx, sy) = (
        f64::from(image.width) / gray.width.max(1) as f64,
        f64::from(image.height) / gray.height.max(1) as f64,
    );
    tsv_rows(tsv)
        .into_iter()
        .map(|w| {
            let (l, t) = (w.left, w.top);
            let (x0, y0) = image.to_page(l * sx - 0.5, t * sy - 0.5);
            let (x1, y1) = image.to_page((l + w.width) * sx - 0.5, (t + w.height) * sy - 0.5);
            let (_, h0) = image.to_page(0.0, 0.0);
            let (_, h1) = image.to_page(0.0, w.line_height * sy);
            Word {
                text: w.text,
                bbox: BBox::new(x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)),
                confidence: w.confidence,
                size: (h1 - h0).abs(),
            }
        })
        .collect()
}

/// The text size of each word: the largest [`Word::size`] of the words printed on its line
/// of the page (their middles within each other's height; words of at least two letters or
/// digits, no more than twice as tall: not a rule read as "|"), and at least the median of
/// the page's. A cell read on its own is a line of its own to Tesseract ("STT" is all
/// capitals, "1" a digit, "Thời" stands above the one-line header cells), but the parser
/// measures gaps in the size the text is printed in.
fn row_sizes(words: &[Word]) -> Vec<f64> {
    let own = |w: &Word| w.size.max(w.bbox.height()).max(1.0);
    let text_like = |w: &Word| w.text.chars().filter(|c| c.is_alphanumeric()).count() >= 2;
    // The size most words of the page are printed in: no word is taken smaller.
    let mut all: Vec<f64> = words.iter().filter(|w| text_like(w)).map(own).collect();
    all.sort_by(f64::total_cmp);
    let body = all.get(all.len() / 2).copied().unwrap_or(1.0);
    words
        .iter()
        .map(|w| {
            let mine = own(w);
            let (mid, top, bottom) = (w.bbox.center_y(), w.bbox.top, w.bbox.bottom);
            words
                .iter()
                .filter(|o| text_like(o) && own(o) <= 2.0 * mine)
                .filter(|o| {
                    let omid = o.bbox.center_y();
                    (omid >= top && omid <= bottom) || (mid >= o.bbox.top && mid <= o.bbox.bottom)
                })
                .map(own)
                .fold(mine.max(body), f64::max)
        })
        .collect()
}

/// Paper (× the text size) added to either side of an OCR'd word's box: a PDF glyph's box is
/// its advance width, the ink with its side bearings (some 5 % of the size each side), and
/// the parser's gaps between words and header cells are measured between such boxes. OCR
/// boxes are the bare ink, so the gap between two words looks a point wider than printed.
pub const SIDE_BEARING: f64 = 0.05;

/// Words → glyphs, one per character, each word's box (widened by [`SIDE_BEARING`]) split
/// evenly, with a space between two words of one line.
pub fn glyphs_of(words: &[Word]) -> Vec<Glyph> {
    let mut out = Vec::new();
    let sizes = row_sizes(words);
    // Whether word `b` follows word `a` on its line (Tesseract gives words in reading order).
    let next_on_line = |a: &Word, b: &Word, size: f64| {
        (b.bbox.bottom - a.bbox.bottom).abs() < 0.5 * size
            && b.bbox.center_x() > a.bbox.center_x()
            && b.bbox.x0 - a.bbox.x1 < MAX_SPACE * size
    };
    for (k, (w, size)) in words.iter().zip(sizes.iter().copied()).enumerate() {
        let chars: Vec<char> = w.text.chars().collect();
        let n = chars.len().max(1) as f64;
        // The glyphs of a PDF span their advance widths; an OCR word's box is its ink.
        let bearing = (SIDE_BEARING * size).min(0.25 * w.bbox.width() / n);
        // Next to a word of the same line, leave at least WORD_GAP × size between their
        // glyphs (boxes of ink may touch or overlap), so that the space is read as one.
        let gap = WORD_GAP * size;
        let room = |other: Option<&Word>, left: bool| -> f64 {
            let Some(o) = other else { return bearing };
            let free = if left {
                w.bbox.x0 - o.bbox.x1
            } else {
                o.bbox.x0 - w.bbox.x1
            };
            ((free - gap) / 2.0).min(bearing)
        };
        let prev = k
            .checked_sub(1)
            .and_then(|i| words.get(i))
            .filter(|p| next_on_line(p, w, size));
        let next = words.get(k + 1).filter(|nx| next_on_line(w, nx, size));
        let x0 = w.bbox.x0 - room(prev, true);
        let x1 = (w.bbox.x1 + room(next, false)).max(x0 + 0.1 * n);
        let step = (x1 - x0) / n;
        for (i, c) in chars.iter().enumerate() {
            out.push(Glyph {
                text: c.to_string(),
                bbox: BBox::new(
                    x0 + step * i as f64,
                    w.bbox.top,
                    x0 + step * (i + 1) as f64,
                    w.bbox.bottom,
                ),
                baseline: w.bbox.bottom - 0.2 * w.bbox.height().max(1.0),
                size,
                font: OCR_FONT.into(),
                upright: true,
            });
        }
        // Tesseract gives its words in reading order: the next word on the same line gets
        // the space between them, as a PDF's text has it (the gap alone is not told from
        // the gap between letters: OCR boxes are ink).
        if let Some(next) = next {
            // From this word's last glyph to where the next word's first begins.
            let next_x0 = x1 + gap.max(next.bbox.x0 - w.bbox.x1 - 2.0 * bearing);
            out.push(Glyph {
                text: " ".into(),
                bbox: BBox::new(x1, w.bbox.top, next_x0, w.bbox.bottom),
                baseline: w.bbox.bottom - 0.2 * w.bbox.height().max(1.0),
                size,
                font: OCR_FONT.into(),
                upright: true,
            });
        }
    }
    out
}

/// Widest gap (× the text size) between two words of one line that is a space between them;
/// wider is a column's white space.
pub const MAX_SPACE: f64 = 1.0;

/// Least gap (× the text size) kept between the glyphs of two words of one line: twice the
/// parser's default word gap (`text.word_gap`, 0.15), so that touching OCR boxes ("Quyết" |
/// "định") still read as two words.
pub const WORD_GAP: f64 = 0.3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words_land_on_the_page_with_their_confidence() {
        let gray = Gray {
            width: 200,
            height: 100,
            data: vec![255; 20_000],
        };
        // 200×100 samples over 100×50 pt at the page's top-left.
        let image = PlacedImage {
            id: (1, 0),
            width: 200,
            height: 100,
            matrix: [100.0, 0.0, 0.0, -50.0, 0.0, 50.0],
        };
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t200\t100\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t20\t10\t40\t20\t96.5\tSở\n\
                   5\t1\t1\t1\t1\t2\t70\t10\t20\t20\t-1\t \n\
                   5\t1\t1\t1\t1\t3\tx\t10\t20\t20\t90\tbad\n";
        let words = parse_tsv(tsv, &gray, &image);
        assert_eq!(words.len(), 1);
        let w = &words[0];
        assert_eq!(w.text, "Sở");
        assert_eq!(w.confidence, 96.5);
        assert!(
            (w.bbox.x0 - 10.0).abs() < 1e-9 && (w.bbox.x1 - 30.0).abs() < 1e-9,
            "{w:?}"
        );
        assert!(
            (w.bbox.top - 5.0).abs() < 1e-9 && (w.bbox.bottom - 15.0).abs() < 1e-9,
            "{w:?}"
        );
        let glyphs = glyphs_of(&words);
        assert_eq!(glyphs.len(), 2);
        assert_eq!(glyphs[1].text, "ở");
        assert!((glyphs[1].bbox.x0 - 20.0).abs() < 1e-9);
    }

    #[test]
    fn mosaic_words_go_back_to_their_cells() {
        let piece = |w: usize, h: usize, bbox| Piece {
            gray: Gray {
                width: w,
                height: h,
                data: vec![255; w * h],
            },
            bbox,
        };
        // Two cells, each drawn at 2 samples per point.
        let pieces = [
            piece(40, 20, BBox::new(100.0, 50.0, 120.0, 60.0)),
            piece(60, 20, BBox::new(10.0, 200.0, 40.0, 210.0)),
        ];
        let (m, tops) = mosaic(&pieces).expect("mosaic");
        let g = MOSAIC_GAP_PX;
        assert_eq!(tops, [g, 2 * g + 20]);
        assert_eq!((m.width, m.height), (60 + 2 * g, 3 * g + 40));
        let row = |top: usize, left: usize, text: &str| {
            format!("5\t1\t1\t1\t1\t1\t{left}\t{top}\t20\t20\t91\t{text}\n")
        };
        let tsv = format!("header\n{}{}", row(g, g, "1"), row(tops[1], g + 20, "Sở"));
        let words = mosaic_words(&tsv, &pieces, &tops);
        assert_eq!(words.len(), 2);
        assert_eq!(words[0].0, 0);
        assert_eq!(words[0].1.bbox, BBox::new(100.0, 50.0, 110.0, 60.0));
        assert_eq!(words[1].0, 1);
        assert_eq!(words[1].1.bbox, BBox::new(20.0, 200.0, 30.0, 210.0));
        assert_eq!(words[1].1.size, 10.0);
    }

    #[test]
    fn words_of_one_line_are_parted_by_a_space() {
        let word = |text: &str, x0: f64, x1: f64, top: f64| Word {
            text: text.into(),
            bbox: BBox::new(x0, top, x1, top + 10.0),
            confidence: 95.0,
            size: 10.0,
        };
        let glyphs = glyphs_of(&[
            word("Tháng", 0.0, 30.0, 0.0),
            word("9", 32.0, 37.0, 0.0),
            word("Quý", 0.0, 20.0, 14.0),
        ]);
        let text: String = glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "Tháng 9Quý");
        assert!(glyphs.iter().all(|g| g.size == 10.0));
        // Boxes of ink that touch, or overlap: the glyphs still leave a word gap between them.
        for (a, b) in [((0.0, 30.0), (30.0, 50.0)), ((0.0, 30.0), (29.0, 50.0))] {
            let glyphs = glyphs_of(&[word("Quyết", a.0, a.1, 0.0), word("định", b.0, b.1, 0.0)]);
            let last = glyphs
                .iter()
                .rfind(|g| g.text == "t")
                .map_or(0.0, |g| g.bbox.x1);
            let first = glyphs
                .iter()
                .find(|g| g.text == "đ")
                .map_or(0.0, |g| g.bbox.x0);
            assert!(first - last >= WORD_GAP * 10.0 - 1e-9, "{last} {first}");
        }
    }
}
