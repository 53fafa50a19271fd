//! OCR of a scanned page image: decoded grey samples in, positioned glyphs with word
//! confidences out, in the straightened page frame of [`phuluc_raster::ScanAnalysis`] (so that
//! they sit with the ruling lines found in the same image).
//!
//! The engine is the `tesseract` program (Debian `tesseract-ocr` + `tesseract-ocr-vie`), run
//! once per page on the straightened image with TSV output (`… tsv`): every word with its box
//! and confidence. The program rather than a libtesseract binding because the maintained Rust
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
}

/// The font name given to OCR'd glyphs.
pub const OCR_FONT: &str = "OCR";

/// OCRs a straightened page image (`gray`, drawn at `image`) with language `lang`
/// ("vie", "vie+eng") at `dpi`, giving its words in page coordinates.
pub fn ocr_words(
    gray: &Gray,
    image: &PlacedImage,
    lang: &str,
    dpi: u32,
) -> Result<Vec<Word>, OcrError> {
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
            .args(["-l", lang, "--dpi", &dpi.to_string(), "--psm", "3", "tsv"])
            .env("OMP_THREAD_LIMIT", "1")
            .output()
            .map_err(|e| OcrError::NoTesseract(e.to_string(), lang.to_string()))?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            return Err(OcrError::Failed(
                err.lines().last().unwrap_or("no message").to_string(),
            ));
        }
        Ok(parse_tsv(
            &String::from_utf8_lossy(&out.stdout),
            gray,
            image,
        ))
    })();
    let _ = std::fs::remove_file(&path);
    result
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

/// Tesseract's TSV (level 5 rows are words: left, top, width, height in samples, conf, text)
/// → words in page coordinates.
pub fn parse_tsv(tsv: &str, gray: &Gray, image: &PlacedImage) -> Vec<Word> {
    let (sx, sy) = (
        f64::from(image.width) / gray.width.max(1) as f64,
        f64::from(image.height) / gray.height.max(1) as f64,
    );
    let mut words = Vec::new();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.splitn(12, '\t').collect();
        let [level, _, _, _, _, _, left, top, width, height, conf, text] = cols[..] else {
            continue;
        };
        if level != "5" {
            continue;
        }
        let text: String = text.trim().nfc().collect();
        let num = |s: &str| s.trim().parse::<f64>().ok().filter(|v| v.is_finite());
        let (Some(l), Some(t), Some(w), Some(h), Some(c)) =
            (num(left), num(top), num(width), num(height), num(conf))
        else {
            continue;
        };
        if text.is_empty() || c < 0.0 || w <= 0.0 || h <= 0.0 {
            continue;
        }
        let (x0, y0) = image.to_page(l * sx - 0.5, t * sy - 0.5);
        let (x1, y1) = image.to_page((l + w) * sx - 0.5, (t + h) * sy - 0.5);
        words.push(Word {
            text,
            bbox: BBox::new(x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)),
            confidence: c,
        });
    }
    words
}

/// Words → glyphs, one per character, each word's box split evenly.
pub fn glyphs_of(words: &[Word]) -> Vec<Glyph> {
    let mut out = Vec::new();
    for w in words {
        let chars: Vec<char> = w.text.chars().collect();
        let n = chars.len().max(1) as f64;
        let step = w.bbox.width() / n;
        let size = w.bbox.height().max(1.0);
        for (i, c) in chars.iter().enumerate() {
            out.push(Glyph {
                text: c.to_string(),
                bbox: BBox::new(
                    w.bbox.x0 + step * i as f64,
                    w.bbox.top,
                    w.bbox.x0 + step * (i + 1) as f64,
                    w.bbox.bottom,
                ),
                baseline: w.bbox.bottom - 0.2 * size,
                size,
                font: OCR_FONT.into(),
                upright: true,
            });
        }
    }
    out
}

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
}
