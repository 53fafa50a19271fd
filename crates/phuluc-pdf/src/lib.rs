//! PDF bytes → page geometry: the first stage of phuluc.
//!
//! [`PdfDocument::load`] reads a PDF; [`PdfDocument::page`] interprets one page and returns a
//! [`phuluc_model::Page`] — every visible glyph with its Unicode text, box, baseline, size and
//! font, and every ruling line or thin filled rectangle that can act as a table border — plus
//! the [`Warning`]s of what was recovered or guessed. Coordinates are PDF points with the origin
//! at the top-left corner of the displayed page (crop box, after `/Rotate`) and `y` growing
//! down, exactly as pdfplumber reports `x0, top, x1, bottom`.
//!
//! # Design
//!
//! * **lopdf is the object layer** (xref reading and reconstruction, object streams, empty-
//!   password decryption, stream filters with decompression caps, `forbid(unsafe_code)`).
//!   With `default-features = false` it still decodes Flate/LZW/ASCII85/… and decrypts RC4 and
//!   AES; the features it drops (chrono, rayon) are not needed here.
//! * **The content-stream interpreter is our own** ([`interp`](crate) module, private): a
//!   tolerant tokenizer (lopdf's `Content::decode` silently drops the rest of a page at the
//!   first unparsable token), graphics state (`q Q cm w gs`, colours to skip white rules), text
//!   state and showing (`BT ET Tf Tc Tw Tz TL Ts Tr Td TD Tm T* Tj TJ ' "`), paths and painting
//!   (`m l c v y re h`, `S s f F f* B B* b b* n`), form XObjects with `/Matrix` and their own
//!   resources (depth-capped, self-reference detected), inline images skipped.
//! * **Fonts are decoded by us**: `/ToUnicode` first (lopdf prefers `/Encoding` for simple
//!   fonts), then `/Encoding` with `/Differences` and glyph names, then the base encoding;
//!   Type0 fonts with both `/W` forms (pdf-extract misreads `c1 c2 w`), Type3 with
//!   `/FontMatrix`, approximate standard-14 widths.
//! * **pdf-extract is only a test oracle** (dev-dependency): it decodes LibreOffice fonts well
//!   but drops `'`/`"` text, ignores form matrices, misreads `/W`, panics or overflows the stack
//!   on hostile files and has no decompression cap, so it is unfit for production but useful
//!   for differential tests on well-formed fixtures.
//!
//! Nothing here panics on input: every value read from the file is checked, recursion is
//! capped, and [`Limits`] bound sizes and work per page.
//!
//! # Not covered (yet)
//! Clipping paths (glyphs and rules under a clip are still emitted), vertical writing (laid out
//! horizontally, with a warning), predefined non-Unicode CJK CMaps, CID→Unicode without a
//! `/ToUnicode`, legacy Vietnamese 8-bit fonts (TCVN3/VNI: decoded as their bytes say; the
//! normalizer's job), annotations and form-field appearances, text inside Type 3 glyph
//! procedures, soft masks and transparency (a fully transparent rule is still a rule).

mod cmap;
mod encoding;
mod font;
mod interp;
mod lexer;
mod std14;

use font::FontCache;
use interp::{Interp, Matrix};
use lopdf::{Dictionary, Document, Object, ObjectId};
use phuluc_model::{BBox, Glyph, Page, Warning, WarningCode};
use std::collections::{BTreeMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Bounds on the work and memory one document or page may take.
///
/// Exceeding one gives [`PdfError::LimitExceeded`] (for the document at load, or for the one
/// page being read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest input accepted (default 128 MiB).
    pub max_file_bytes: usize,
    /// Most pages in a document (default 10 000).
    pub max_pages: u32,
    /// Largest decompressed size of one stream: content, form, font map, object stream
    /// (default 32 MiB).
    pub max_decompressed_bytes_per_stream: usize,
    /// Largest decompressed size of all the content streams and forms of one page
    /// (default 128 MiB).
    pub max_decompressed_bytes_per_page: usize,
    /// Most content-stream operators run for one page, forms included (default 5 000 000).
    pub max_operators_per_page: usize,
    /// Deepest nesting of form XObjects (default 12); deeper forms are skipped with a warning.
    pub max_form_depth: usize,
    /// Most glyphs on one page (default 100 000; a dense A4 page has about 10 000).
    pub max_glyphs_per_page: usize,
    /// Most rules on one page (default 500 000).
    pub max_rules_per_page: usize,
    /// Largest decompressed size of all the content streams and forms read from one document,
    /// summed over its pages (default 1 GiB). Bounds the work of a file whose pages each stay
    /// under the per-page cap.
    pub max_decompressed_bytes_per_document: usize,
    /// Longest time one document may take, from [`PdfDocument::load`] (default 120 s). Checked
    /// before each page and every few thousand operators inside a page; the pipeline checks it
    /// between its own stages through [`PdfDocument::check_time`].
    pub max_duration: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 128 << 20,
            max_pages: 10_000,
            max_decompressed_bytes_per_stream: 32 << 20,
            max_decompressed_bytes_per_page: 128 << 20,
            max_operators_per_page: 5_000_000,
            max_form_depth: 12,
            max_glyphs_per_page: 100_000,
            max_rules_per_page: 500_000,
            max_decompressed_bytes_per_document: 1 << 30,
            max_duration: Duration::from_secs(120),
        }
    }
}

/// Why a document or page could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// The bytes are not a PDF (no `%PDF-` header near the start).
    #[error("not a PDF file: {0}")]
    NotPdf(String),
    /// The file is a PDF but too damaged to read (even after xref reconstruction).
    #[error("damaged PDF: {0}")]
    Damaged(String),
    /// The file is encrypted with a non-empty user password.
    #[error("the PDF is encrypted and needs a password")]
    Encrypted,
    /// The password given does not open the file.
    #[error("wrong password for the encrypted PDF")]
    WrongPassword,
    /// A [`Limits`] bound was exceeded.
    #[error("limit exceeded: {what} (limit {limit})")]
    LimitExceeded { what: &'static str, limit: u64 },
    /// A page number outside `1..=page_count`.
    #[error("page {number} out of range (the document has {count} pages)")]
    PageOutOfRange { number: u32, count: u32 },
}

/// One page's geometry and what was recovered or guessed while reading it.
#[derive(Debug, Clone, PartialEq)]
pub struct PageGeometry {
    pub page: Page,
    pub warnings: Vec<Warning>,
    /// Glyphs shown invisibly (text render mode 3 or 7), in the same coordinates as
    /// `page.glyphs`: the text layer an OCR tool lays over a scanned page image. Never part of
    /// `page`; the caller decides whether to read them (phuluc does when the page has no
    /// visible text).
    pub hidden_glyphs: Vec<Glyph>,
    /// The image XObjects the page draws, in drawing order (inline images are not listed).
    pub images: Vec<PlacedImage>,
}

/// An image XObject drawn on a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedImage {
    /// The image's object, for [`PdfDocument::image`].
    pub id: ObjectId,
    /// Samples across and down, as the image dictionary says.
    pub width: u32,
    pub height: u32,
    /// The matrix `[a b c d e f]` that maps the image's unit square (`(0,0)` its bottom-left,
    /// `(1,1)` its top-right sample corner) to page coordinates (top-left origin, y down, as
    /// every box of [`Page`]): `x = a·u + c·v + e`, `y = b·u + d·v + f`.
    pub matrix: [f64; 6],
}

impl PlacedImage {
    /// Where the centre of sample (`col`, `row`) (row 0 at the top of the image) lies on the page.
    pub fn to_page(&self, col: f64, row: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.matrix;
        let u = (col + 0.5) / f64::from(self.width);
        let v = 1.0 - (row + 0.5) / f64::from(self.height);
        (a * u + c * v + e, b * u + d * v + f)
    }

    /// The page box the image covers.
    pub fn bbox(&self) -> BBox {
        let [a, b, c, d, e, f] = self.matrix;
        let pts = [
            (e, f),
            (a + e, b + f),
            (c + e, d + f),
            (a + c + e, b + d + f),
        ];
        let mut bb = BBox::new(
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for (x, y) in pts {
            bb = bb.union(&BBox::new(x, y, x, y));
        }
        bb
    }
}

/// How an image's samples are stored, after the generic filters (Flate, LZW, …) are undone.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageEncoding {
    /// Plain samples, row by row (rows padded to a whole byte).
    Samples,
    /// A JPEG file (`/DCTDecode`).
    Dct,
    /// CCITT fax data (`/CCITTFaxDecode`) with its parameters.
    Ccitt {
        /// `/K`: < 0 is Group 4, 0 is Group 3 one-dimensional, > 0 Group 3 mixed.
        k: i64,
        columns: u32,
        rows: u32,
        /// `/BlackIs1`: 1 bits are black (default: 0 bits are black).
        black_is_1: bool,
        /// `/EncodedByteAlign`.
        byte_align: bool,
    },
    /// `/JBIG2Decode`.
    Jbig2,
    /// `/JPXDecode` (JPEG 2000).
    Jpx,
    /// Another filter (its name).
    Other(String),
}

/// The colours of an image's samples.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageColor {
    Gray,
    Rgb,
    Cmyk,
    /// An indexed colour space: a palette of `base`-component entries.
    Indexed {
        base: u8,
        palette: Vec<u8>,
    },
    /// A 1-bit stencil mask (`/ImageMask true`): 0 samples are painted (black).
    Mask,
    /// Another colour space (its name); read as its first component where possible.
    Other(String),
}

/// The data of one image XObject, ready for an image decoder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageData {
    pub width: u32,
    pub height: u32,
    pub bits_per_component: u8,
    pub color: ImageColor,
    pub encoding: ImageEncoding,
    /// `/Decode` inverts the samples (`[1 0]`).
    pub inverted: bool,
    pub data: Vec<u8>,
}

/// Document information dictionary entries (decoded text), when present.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocInfo {
    pub producer: Option<String>,
    pub creator: Option<String>,
    pub title: Option<String>,
}

/// A loaded PDF, read page by page.
pub struct PdfDocument {
    doc: Document,
    pages: Vec<ObjectId>,
    limits: Limits,
    fonts: FontCache,
    warnings: Vec<Warning>,
    /// When [`Limits::max_duration`] runs out (`None`: too far to represent).
    deadline: Option<Instant>,
    /// Decompressed content bytes read so far, against
    /// [`Limits::max_decompressed_bytes_per_document`].
    decompressed: AtomicUsize,
    /// Streams whose data was found by `endstream` because their `/Length` was unusable, with
    /// what was wrong (reported on the pages that use them as content).
    repaired: BTreeMap<ObjectId, String>,
}

impl std::fmt::Debug for PdfDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PdfDocument")
            .field("pages", &self.pages.len())
            .field("warnings", &self.warnings.len())
            .finish()
    }
}

fn map_lopdf_error(e: lopdf::Error, limits: &Limits) -> PdfError {
    match e {
        lopdf::Error::Parse(lopdf::ParseError::InvalidFileHeader) => {
            PdfError::NotPdf("invalid header".into())
        }
        lopdf::Error::InvalidPassword => PdfError::WrongPassword,
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            PdfError::LimitExceeded {
                what: "decompressed bytes per stream",
                limit: limits.max_decompressed_bytes_per_stream as u64,
            }
        }
        other => PdfError::Damaged(other.to_string()),
    }
}

impl PdfDocument {
    /// Loads a PDF from memory. Encrypted files open when their user password is empty.
    pub fn load(bytes: &[u8], limits: &Limits) -> Result<PdfDocument, PdfError> {
        Self::load_inner(bytes, limits, None)
    }

    /// Loads an encrypted PDF with its password (user or owner).
    pub fn load_with_password(
        bytes: &[u8],
        password: &str,
        limits: &Limits,
    ) -> Result<PdfDocument, PdfError> {
        Self::load_inner(bytes, limits, Some(password))
    }

    fn load_inner(
        bytes: &[u8],
        limits: &Limits,
        password: Option<&str>,
    ) -> Result<PdfDocument, PdfError> {
        let deadline = Instant::now().checked_add(limits.max_duration);
        if bytes.len() > limits.max_file_bytes {
            return Err(PdfError::LimitExceeded {
                what: "file bytes",
                limit: limits.max_file_bytes as u64,
            });
        }
        let head = &bytes[..bytes.len().min(1024)];
        if !head.windows(5).any(|w| w == b"%PDF-") {
            return Err(PdfError::NotPdf("no %PDF- header".into()));
        }
        let options = lopdf::LoadOptions {
            password: password.map(str::to_string),
            max_decompressed_size: Some(limits.max_decompressed_bytes_per_stream),
            ..lopdf::LoadOptions::default()
        };
        let mut doc = catch_unwind(AssertUnwindSafe(|| {
            Document::load_mem_with_options(bytes, options)
        }))
        .map_err(|_| PdfError::Damaged("the PDF object parser failed".into()))
        .and_then(|r| r.map_err(|e| map_lopdf_error(e, limits)))
        .map_err(|e| with_truncation_hint(e, bytes))?;
        if doc.is_encrypted() {
            return Err(if password.is_some() {
                PdfError::WrongPassword
            } else {
                PdfError::Encrypted
            });
        }
        let mut warnings = Vec::new();
        if let Some(how) = &doc.xref_recovery {
            let how = format!("{how:?}");
            let how = if how == "Reconstructed" {
                "rebuilt by scanning the file for objects".to_string()
            } else {
                how.to_lowercase()
            };
            warnings.push(Warning::new(
                WarningCode::RecoveredDamage,
                format!("the cross-reference table was repaired ({how})"),
            ));
        }
        let repaired = if doc.encryption_state.is_some() || doc.trailer.get(b"Encrypt").is_ok() {
            BTreeMap::new()
        } else {
            repair_stream_lengths(&mut doc, bytes)
        };
        let (pages, page_warnings) = catch_unwind(AssertUnwindSafe(|| page_tree(&doc)))
            .map_err(|_| PdfError::Damaged("the page tree could not be read".into()))?;
        warnings.extend(page_warnings);
        // Repaired streams that are no page's content (forms, fonts, images) are reported once.
        let contents: HashSet<ObjectId> = pages
            .iter()
            .flat_map(|p| doc.get_page_contents(*p))
            .collect();
        for (id, why) in &repaired {
            if !contents.contains(id) {
                warnings.push(Warning::new(
                    WarningCode::RecoveredDamage,
                    format!("stream {} {} R: {why}", id.0, id.1),
                ));
            }
        }
        if pages.len() > limits.max_pages as usize {
            return Err(PdfError::LimitExceeded {
                what: "pages",
                limit: u64::from(limits.max_pages),
            });
        }
        if pages.is_empty() {
            return Err(with_truncation_hint(
                PdfError::Damaged("no pages found".into()),
                bytes,
            ));
        }
        Ok(PdfDocument {
            doc,
            pages,
            limits: limits.clone(),
            fonts: FontCache::default(),
            warnings,
            deadline,
            decompressed: AtomicUsize::new(0),
            repaired,
        })
    }

    /// `Err(LimitExceeded)` once [`Limits::max_duration`] has passed since the document was
    /// loaded. [`PdfDocument::page`] checks it itself; callers that do more work per document
    /// check it between their stages.
    pub fn check_time(&self) -> Result<(), PdfError> {
        check_deadline(self.deadline, &self.limits)
    }

    /// Number of pages.
    pub fn page_count(&self) -> u32 {
        self.pages.len() as u32
    }

    /// Document-level warnings (damage repaired while loading).
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Producer, Creator and Title from the document information dictionary.
    pub fn info(&self) -> DocInfo {
        let doc = &self.doc;
        let info = match doc
            .trailer
            .get(b"Info")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
        {
            Some((_, Object::Dictionary(d))) => d,
            _ => return DocInfo::default(),
        };
        let text = |key: &[u8]| -> Option<String> {
            match info.get(key).ok().and_then(|o| doc.dereference(o).ok()) {
                Some((_, Object::String(s, _))) => {
                    Some(decode_text_string(s)).filter(|s| !s.is_empty())
                }
                _ => None,
            }
        };
        DocInfo {
            producer: text(b"Producer"),
            creator: text(b"Creator"),
            title: text(b"Title"),
        }
    }

    /// Reads page `number` (1-based).
    pub fn page(&self, number: u32) -> Result<PageGeometry, PdfError> {
        let count = self.page_count();
        let id = match number
            .checked_sub(1)
            .and_then(|i| self.pages.get(i as usize))
        {
            Some(id) => *id,
            None => return Err(PdfError::PageOutOfRange { number, count }),
        };
        self.check_time()?;
        catch_unwind(AssertUnwindSafe(|| self.page_inner(id, number))).unwrap_or_else(|_| {
            Err(PdfError::Damaged(format!(
                "page {number} could not be read (internal failure)"
            )))
        })
    }

    /// The data of an image a page draws ([`PageGeometry::images`]), within
    /// [`Limits::max_decompressed_bytes_per_stream`]. Generic filters (Flate, LZW, ASCII85, …)
    /// are undone here; an image filter (DCT, CCITT, JBIG2, JPX) is left for the caller's
    /// decoder and named in [`ImageData::encoding`].
    pub fn image(&self, image: &PlacedImage) -> Result<ImageData, PdfError> {
        self.check_time()?;
        catch_unwind(AssertUnwindSafe(|| self.image_inner(image))).unwrap_or_else(|_| {
            Err(PdfError::Damaged(
                "an image could not be read (internal failure)".into(),
            ))
        })
    }

    fn image_inner(&self, image: &PlacedImage) -> Result<ImageData, PdfError> {
        let doc = &self.doc;
        let cap = self.limits.max_decompressed_bytes_per_stream;
        let id = image.id;
        let damaged = |what: &str| PdfError::Damaged(format!("image {} {} R: {what}", id.0, id.1));
        let stream = doc
            .get_object(id)
            .and_then(Object::as_stream)
            .map_err(|e| damaged(&e.to_string()))?;
        let dict = &stream.dict;
        let get = |key: &[u8]| {
            dict.get(key)
                .ok()
                .and_then(|o| doc.dereference(o).ok())
                .map(|(_, o)| o)
        };
        let int = |key: &[u8]| match get(key) {
            Some(Object::Integer(i)) => Some(*i),
            Some(Object::Real(r)) if r.is_finite() => Some(*r as i64),
            _ => None,
        };
        let mask = matches!(get(b"ImageMask"), Some(Object::Boolean(true)));
        let bpc = if mask {
            1
        } else {
            int(b"BitsPerComponent").unwrap_or(8)
        };
        let bits_per_component = match bpc {
            1 | 2 | 4 | 8 | 16 => bpc as u8,
            other => return Err(damaged(&format!("/BitsPerComponent {other}"))),
        };
        let color = if mask {
            ImageColor::Mask
        } else {
            image_color(doc, get(b"ColorSpace"))
        };
        let inverted = match get(b"Decode") {
            Some(Object::Array(a)) => matches!(
                (a.first().and_then(font::number), a.get(1).and_then(font::number)),
                (Some(x), Some(y)) if x > y
            ),
            _ => false,
        };
        let filters: Vec<Vec<u8>> = match get(b"Filter") {
            Some(Object::Name(n)) => vec![n.clone()],
            Some(Object::Array(a)) => a
                .iter()
                .filter_map(|o| match doc.dereference(o).ok()?.1 {
                    Object::Name(n) => Some(n.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        let image_filter = filters.last().filter(|f| {
            matches!(
                f.as_slice(),
                b"DCTDecode" | b"DCT" | b"CCITTFaxDecode" | b"CCF" | b"JBIG2Decode" | b"JPXDecode"
            )
        });
        let (encoding, data) = match image_filter {
            None => {
                let row =
                    (u64::from(image.width) * bpc as u64 * color_components(&color)).div_ceil(8);
                let need = row.saturating_mul(u64::from(image.height));
                if need > cap as u64 {
                    return Err(PdfError::LimitExceeded {
                        what: "decompressed bytes per stream",
                        limit: cap as u64,
                    });
                }
                let data = if filters.is_empty() {
                    stream.content.clone()
                } else {
                    decode_stream(stream, cap)
                        .map_err(|e| map_lopdf_error(e, &self.limits))?
                        .0
                };
                (ImageEncoding::Samples, data)
            }
            Some(f) => {
                if filters.len() > 1 {
                    return Err(damaged(&format!(
                        "filters {} before /{} are not supported for images",
                        filters.len() - 1,
                        String::from_utf8_lossy(f)
                    )));
                }
                if stream.content.len() > cap {
                    return Err(PdfError::LimitExceeded {
                        what: "decompressed bytes per stream",
                        limit: cap as u64,
                    });
                }
                let encoding = match f.as_slice() {
                    b"DCTDecode" | b"DCT" => ImageEncoding::Dct,
                    b"JBIG2Decode" => ImageEncoding::Jbig2,
                    b"JPXDecode" => ImageEncoding::Jpx,
                    _ => {
                        let parms = match get(b"DecodeParms") {
                            Some(Object::Dictionary(d)) => Some(d),
                            Some(Object::Array(a)) => a
                                .first()
                                .and_then(|o| doc.dereference(o).ok())
                                .and_then(|(_, o)| o.as_dict().ok()),
                            _ => None,
                        };
                        let p = |key: &[u8]| {
                            parms
                                .and_then(|d| d.get(key).ok())
                                .and_then(|o| doc.dereference(o).ok())
                                .map(|(_, o)| o)
                        };
                        let pint = |key: &[u8], default: i64| match p(key) {
                            Some(Object::Integer(i)) => *i,
                            _ => default,
                        };
                        let pbool = |key: &[u8]| matches!(p(key), Some(Object::Boolean(true)));
                        let dim = |v: i64, fallback: u32| {
                            u32::try_from(v).ok().filter(|v| *v > 0).unwrap_or(fallback)
                        };
                        ImageEncoding::Ccitt {
                            k: pint(b"K", 0),
                            columns: dim(pint(b"Columns", 1728), image.width),
                            rows: dim(pint(b"Rows", i64::from(image.height)), image.height),
                            black_is_1: pbool(b"BlackIs1"),
                            byte_align: pbool(b"EncodedByteAlign"),
                        }
                    }
                };
                (encoding, stream.content.clone())
            }
        };
        Ok(ImageData {
            width: image.width,
            height: image.height,
            bits_per_component,
            color,
            encoding,
            inverted,
            data,
        })
    }

    fn page_inner(&self, id: ObjectId, number: u32) -> Result<PageGeometry, PdfError> {
        let doc = &self.doc;
        let mut warnings = Vec::new();
        let page_dict = doc
            .get_dictionary(id)
            .map_err(|e| PdfError::Damaged(format!("page {number}: {e}")))?;
        let media = inherited_rect(doc, page_dict, b"MediaBox").unwrap_or_else(|| {
            warnings.push(
                Warning::new(
                    WarningCode::RecoveredDamage,
                    "page has no usable /MediaBox; US Letter assumed",
                )
                .on_page(number),
            );
            [0.0, 0.0, 612.0, 792.0]
        });
        let crop = match inherited_rect(doc, page_dict, b"CropBox") {
            Some(c) => {
                let i = [
                    c[0].max(media[0]),
                    c[1].max(media[1]),
                    c[2].min(media[2]),
                    c[3].min(media[3]),
                ];
                if i[2] - i[0] > 0.0 && i[3] - i[1] > 0.0 {
                    i
                } else {
                    media
                }
            }
            None => media,
        };
        let rotate = match inherited(doc, page_dict, b"Rotate") {
            Some(Object::Integer(r)) => r.rem_euclid(360),
            _ => 0,
        };
        let rotate = if rotate % 90 == 0 {
            rotate
        } else {
            warnings.push(
                Warning::new(
                    WarningCode::RecoveredDamage,
                    format!("page /Rotate {rotate} is not a multiple of 90; ignored"),
                )
                .on_page(number),
            );
            0
        };
        let [cx0, cy0, cx1, cy1] = crop;
        let (base, width, height) = match rotate {
            90 => (
                Matrix::new(0.0, 1.0, 1.0, 0.0, -cy0, -cx0),
                cy1 - cy0,
                cx1 - cx0,
            ),
            180 => (
                Matrix::new(-1.0, 0.0, 0.0, 1.0, cx1, -cy0),
                cx1 - cx0,
                cy1 - cy0,
            ),
            270 => (
                Matrix::new(0.0, -1.0, -1.0, 0.0, cy1, cx1),
                cy1 - cy0,
                cx1 - cx0,
            ),
            _ => (
                Matrix::new(1.0, 0.0, 0.0, -1.0, -cx0, cy1),
                cx1 - cx0,
                cy1 - cy0,
            ),
        };

        let resources = match doc.get_page_resources(id) {
            Ok((Some(d), _)) => Some(d),
            Ok((None, ids)) => ids.iter().find_map(|rid| doc.get_dictionary(*rid).ok()),
            Err(_) => None,
        };
        let mut interp = Interp::new(doc, &self.limits, &self.fonts, number, base, resources);
        interp.deadline = self.deadline;
        let result = self.run_contents(&mut interp, id, number, resources, &mut warnings);
        // Everything this page decompressed counts against the document, even when it failed.
        let total = self
            .decompressed
            .fetch_add(interp.decompressed, Ordering::Relaxed)
            .saturating_add(interp.decompressed);
        if total > self.limits.max_decompressed_bytes_per_document {
            return Err(PdfError::LimitExceeded {
                what: "decompressed bytes per document",
                limit: self.limits.max_decompressed_bytes_per_document as u64,
            });
        }
        result?;
        warnings.append(&mut interp.warnings);
        Ok(PageGeometry {
            page: Page {
                number,
                width,
                height,
                glyphs: interp.glyphs,
                rules: interp.rules,
            },
            warnings,
            hidden_glyphs: interp.hidden,
            images: interp.images,
        })
    }
}

impl PdfDocument {
    /// Runs the page's content streams one at a time, so that only one decoded stream is in
    /// memory (the streams of a page used to be joined first: 40 streams of 3 MiB took
    /// 120 MiB and twice that while growing). Tokens never span streams, but operands may
    /// precede their operator in the next stream: the tail of a stream after its last
    /// operator (usually nothing) is carried over to the next one.
    fn run_contents<'d>(
        &'d self,
        interp: &mut Interp<'d>,
        id: ObjectId,
        number: u32,
        resources: Option<&'d Dictionary>,
        warnings: &mut Vec<Warning>,
    ) -> Result<(), PdfError> {
        const MAX_CARRY: usize = 64 << 10;
        let per_page = self.limits.max_decompressed_bytes_per_page;
        let mut carry: Vec<u8> = Vec::new();
        for cid in self.doc.get_page_contents(id) {
            let remaining = per_page.saturating_sub(interp.decompressed);
            let Some(data) = self.content_stream(cid, number, remaining, warnings)? else {
                continue;
            };
            interp.charge(data.len())?;
            let content = if carry.is_empty() {
                data
            } else {
                carry.push(b'\n');
                carry.extend_from_slice(&data);
                drop(data);
                std::mem::take(&mut carry)
            };
            interp.last_op_end = 0;
            interp.run(&content, resources, 0)?;
            let tail = content.get(interp.last_op_end..).unwrap_or_default();
            if tail.len() <= MAX_CARRY && tail.iter().any(|b| !b.is_ascii_whitespace()) {
                carry = tail.to_vec();
            }
        }
        Ok(())
    }

    /// One content stream of a page, decoded within [`Limits`] (`remaining`: what the page may
    /// still decompress). A stream that is missing is skipped (`None`) and one that cannot be
    /// decoded is read raw (as lenient readers do: some writers name a filter they did not
    /// apply), each with a warning; a stream over a limit fails the page before more than the
    /// limit is allocated.
    fn content_stream(
        &self,
        cid: ObjectId,
        number: u32,
        remaining: usize,
        warnings: &mut Vec<Warning>,
    ) -> Result<Option<Vec<u8>>, PdfError> {
        let per_stream = self.limits.max_decompressed_bytes_per_stream;
        let per_page = self.limits.max_decompressed_bytes_per_page;
        let Ok(stream) = self.doc.get_object(cid).and_then(Object::as_stream) else {
            warnings.push(
                Warning::new(
                    WarningCode::RecoveredDamage,
                    format!("content stream {} {} R is missing; skipped", cid.0, cid.1),
                )
                .on_page(number),
            );
            return Ok(None);
        };
        if let Some(why) = self.repaired.get(&cid) {
            warnings.push(
                Warning::new(
                    WarningCode::RecoveredDamage,
                    format!("content stream {} {} R: {why}", cid.0, cid.1),
                )
                .on_page(number),
            );
        }
        let cap = per_stream.min(remaining);
        match decode_stream(stream, cap) {
            Ok((data, damage)) => {
                if let Some(d) = damage {
                    warnings.push(
                        Warning::new(
                            WarningCode::RecoveredDamage,
                            format!("content stream {} {} R: {d}", cid.0, cid.1),
                        )
                        .on_page(number),
                    );
                }
                Ok(Some(data))
            }
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => Err(if remaining < per_stream {
                PdfError::LimitExceeded {
                    what: "decompressed bytes per page",
                    limit: per_page as u64,
                }
            } else {
                PdfError::LimitExceeded {
                    what: "decompressed bytes per stream",
                    limit: per_stream as u64,
                }
            }),
            Err(e) => {
                warnings.push(
                    Warning::new(
                        WarningCode::RecoveredDamage,
                        format!(
                            "content stream {} {} R could not be decoded ({e}); read as is",
                            cid.0, cid.1
                        ),
                    )
                    .on_page(number),
                );
                Ok((stream.content.len() <= cap).then(|| stream.content.clone()))
            }
        }
    }
}

/// Decodes a stream within `cap` bytes, like lopdf, except that damaged Flate data is
/// reported: what inflates before the damage is kept (as qpdf and poppler do), a stream whose
/// zlib header is damaged is read as raw deflate, and the second value says what was wrong
/// (lopdf keeps about the same bytes but says nothing). Other filters and chains go through
/// lopdf.
pub(crate) fn decode_stream(
    stream: &lopdf::Stream,
    cap: usize,
) -> Result<(Vec<u8>, Option<String>), lopdf::Error> {
    let flate_only = matches!(stream.filters().as_deref(), Ok([f]) if *f == b"FlateDecode")
        && stream.dict.get(b"DecodeParms").is_err();
    if !flate_only {
        return stream.get_plain_content_with_limit(cap).map(|d| (d, None));
    }
    let over =
        || lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit: cap });
    let data = stream.content.as_slice();
    let (out, err) = inflate(data, true, cap);
    if out.len() > cap {
        return Err(over());
    }
    let Some(err) = err else {
        return Ok((out, None));
    };
    if out.is_empty() && data.len() > 2 {
        // A damaged zlib header: the deflate data after it may be whole.
        let (raw, raw_err) = inflate(data.get(2..).unwrap_or_default(), false, cap);
        if raw.len() > cap {
            return Err(over());
        }
        if !raw.is_empty() {
            let how = match raw_err {
                None => format!(
                    "its zlib header is damaged ({err}); the deflate data after it was read"
                ),
                Some(e) => format!(
                    "its zlib header is damaged ({err}) and its data too ({e}); the {} bytes \
                     before the damage were kept, the rest is lost",
                    raw.len()
                ),
            };
            return Ok((raw, Some(how)));
        }
    }
    let how = if out.is_empty() {
        format!("its Flate data is damaged from the start ({err}); nothing could be read")
    } else {
        format!(
            "its Flate data is damaged ({err}); the {} bytes decoded before the damage was \
             found were kept (text near the damage may be wrong), the rest is lost",
            out.len()
        )
    };
    Ok((out, Some(how)))
}

/// Inflates `data` (zlib when `zlib`, raw deflate otherwise) in small steps, keeping every
/// byte produced before an error; stops past `cap` bytes. Returns the bytes and the error
/// (data that ends before its end marker is one: what it held after the cut is lost).
fn inflate(data: &[u8], zlib: bool, cap: usize) -> (Vec<u8>, Option<String>) {
    let mut d = flate2::Decompress::new(zlib);
    let mut out = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let (in_before, out_before) = (d.total_in(), d.total_out());
        let consumed = usize::try_from(in_before).unwrap_or(usize::MAX);
        let input = data.get(consumed..).unwrap_or_default();
        let r = d.decompress(input, &mut buf, flate2::FlushDecompress::None);
        let produced = usize::try_from(d.total_out().saturating_sub(out_before)).unwrap_or(0);
        out.extend_from_slice(buf.get(..produced).unwrap_or_default());
        if out.len() > cap {
            return (out, None);
        }
        match r {
            Err(e) => return (out, Some(e.to_string())),
            Ok(flate2::Status::StreamEnd) => return (out, None),
            // No progress: the data ends (or stalls) before its end marker.
            Ok(_) if produced == 0 && d.total_in() == in_before => {
                return (
                    out,
                    Some("the data ends before its end marker (damaged or cut short)".into()),
                )
            }
            Ok(_) => {}
        }
    }
}

/// Finds the data of every stream whose `/Length` lopdf could not use — an indirect length
/// that is freed, missing, garbage, points at another kind of object, or gives a length not
/// followed by `endstream` — the way qpdf does: from the `stream` keyword to the next
/// `endstream`. Returns what was repaired, with the reason.
fn repair_stream_lengths(doc: &mut Document, bytes: &[u8]) -> BTreeMap<ObjectId, String> {
    let mut repaired = BTreeMap::new();
    let mut lengths: Vec<(ObjectId, Option<i64>)> = Vec::new();
    for (id, obj) in &doc.objects {
        if let Object::Stream(st) = obj {
            if st.start_position.is_some() {
                let length = st
                    .dict
                    .get(b"Length")
                    .ok()
                    .and_then(|l| doc.dereference(l).ok())
                    .and_then(|(_, o)| o.as_i64().ok());
                lengths.push((*id, length));
            }
        }
    }
    // Every `endstream` of the file, found once when a stream needs it: a file of many
    // streams without one must not cost a scan of the rest of the file per stream.
    let mut ends: Option<Vec<usize>> = None;
    for (id, length) in lengths {
        let Some(Object::Stream(st)) = doc.objects.get_mut(&id) else {
            continue;
        };
        let Some(start) = st.start_position else {
            continue;
        };
        let Some(rest) = bytes.get(start..) else {
            continue;
        };
        // The data lopdf took is right when `endstream` follows it.
        let taken = st.content.len();
        let ends_right = length.is_some_and(|l| usize::try_from(l).ok() == Some(taken))
            && rest.get(taken..).is_some_and(|after| {
                let after = after
                    .strip_prefix(b"\r\n")
                    .or_else(|| after.strip_prefix(b"\n"))
                    .or_else(|| after.strip_prefix(b"\r"))
                    .unwrap_or(after);
                after.starts_with(b"endstream")
            });
        if ends_right {
            continue;
        }
        let ends = ends.get_or_insert_with(|| {
            bytes
                .windows(9)
                .enumerate()
                .filter(|(_, w)| *w == b"endstream")
                .map(|(i, _)| i)
                .collect()
        });
        let Some(end) = ends
            .get(ends.partition_point(|&e| e < start))
            .map(|&e| e - start)
        else {
            continue;
        };
        let mut data = rest.get(..end).unwrap_or_default();
        if let Some(d) = data.strip_suffix(b"\r\n") {
            data = d;
        } else if let Some(d) = data
            .strip_suffix(b"\n")
            .or_else(|| data.strip_suffix(b"\r"))
        {
            data = d;
        }
        let what = match st.dict.get(b"Length") {
            Ok(Object::Reference(r)) => match length {
                Some(l) => format!("its /Length {} {} R says {l} bytes", r.0, r.1),
                None => format!(
                    "its /Length {} {} R does not resolve to a number (it is freed, missing, garbage or another kind of object)",
                    r.0, r.1
                ),
            },
            Ok(other) => format!("its /Length {other:?} is unusable"),
            Err(_) => "it has no /Length".to_string(),
        };
        let why = format!(
            "{what}; its {} bytes were found by `endstream`, as qpdf reads it",
            data.len()
        );
        st.set_content(data.to_vec());
        st.start_position = None;
        repaired.insert(id, why);
    }
    repaired
}

/// The pages in order, walking the page tree by its shape as lenient readers do: a node with
/// `/Kids` is an inner node and anything else is a page, whatever its `/Type` says (a
/// misspelt `/Type /Pgae` would otherwise drop the page and stitch rows across the gap).
/// Each node taken by its shape gets a warning with its page. A node met twice (a cycle) is
/// skipped; the depth is capped.
fn page_tree(doc: &Document) -> (Vec<ObjectId>, Vec<Warning>) {
    const MAX_DEPTH: usize = 256;
    let mut pages = Vec::new();
    let mut warnings = Vec::new();
    let Some(root) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|p| p.as_reference().ok())
    else {
        return (pages, warnings);
    };
    let kids_of = |d: &Dictionary| -> Option<Vec<ObjectId>> {
        let kids = d.get(b"Kids").ok()?;
        let (_, kids) = doc.dereference(kids).ok()?;
        let arr = kids.as_array().ok()?;
        Some(arr.iter().filter_map(|k| k.as_reference().ok()).collect())
    };
    let type_of = |d: &Dictionary| -> Option<String> {
        d.get(b"Type")
            .ok()
            .and_then(|t| t.as_name().ok())
            .map(|n| String::from_utf8_lossy(n).into_owned())
    };
    let mut seen: HashSet<ObjectId> = HashSet::new();
    seen.insert(root);
    let Ok(root_dict) = doc.get_dictionary(root) else {
        return (pages, warnings);
    };
    // A stack of kid lists still to visit (reversed, so pop gives document order).
    let mut stack: Vec<Vec<ObjectId>> = vec![kids_of(root_dict).unwrap_or_default()];
    stack[0].reverse();
    let budget = doc.objects.len().saturating_add(1);
    let mut steps = 0usize;
    while let Some(top) = stack.last_mut() {
        let Some(id) = top.pop() else {
            stack.pop();
            continue;
        };
        steps += 1;
        if steps > budget {
            break;
        }
        if !seen.insert(id) {
            continue;
        }
        let Ok(dict) = doc.get_dictionary(id) else {
            // Unreadable: a stand-in page, reported when it is read.
            pages.push(id);
            continue;
        };
        let ty = type_of(dict);
        if ty.as_deref() == Some("Page") {
            pages.push(id);
            continue;
        }
        match kids_of(dict) {
            Some(mut kids) => {
                if stack.len() < MAX_DEPTH {
                    if ty.as_deref() != Some("Pages") {
                        warnings.push(Warning::new(
                            WarningCode::RecoveredDamage,
                            format!(
                                "page tree node {} {} R has /Type {}; read as a node of pages                                  (it has /Kids)",
                                id.0,
                                id.1,
                                ty.map_or("missing".to_string(), |t| format!("/{t}"))
                            ),
                        ));
                    }
                    kids.reverse();
                    stack.push(kids);
                }
            }
            None => {
                pages.push(id);
                let number = u32::try_from(pages.len()).unwrap_or(u32::MAX);
                warnings.push(
                    Warning::new(
                        WarningCode::RecoveredDamage,
                        format!(
                            "page {number} (object {} {} R) has /Type {}, not /Page; read as \
                             a page",
                            id.0,
                            id.1,
                            ty.map_or("missing".to_string(), |t| format!("/{t}"))
                        ),
                    )
                    .on_page(number),
                );
            }
        }
    }
    (pages, warnings)
}

/// Adds "the file looks truncated" to a damage error when the file does not end in `%%EOF`:
/// the usual cause is an incomplete download or copy, which the user can fix.
fn with_truncation_hint(e: PdfError, bytes: &[u8]) -> PdfError {
    match e {
        PdfError::Damaged(detail) => {
            let tail = &bytes[bytes.len().saturating_sub(1024)..];
            if tail.windows(5).any(|w| w == b"%%EOF") {
                PdfError::Damaged(detail)
            } else {
                PdfError::Damaged(format!(
                    "{detail}; the file looks truncated (no %EOF at its end: an incomplete \
                     download or copy?)"
                ))
            }
        }
        other => other,
    }
}

/// `Err(LimitExceeded)` when `deadline` has passed.
pub(crate) fn check_deadline(deadline: Option<Instant>, limits: &Limits) -> Result<(), PdfError> {
    match deadline {
        Some(d) if Instant::now() >= d => Err(PdfError::LimitExceeded {
            what: "seconds per document",
            limit: limits.max_duration.as_secs().max(1),
        }),
        _ => Ok(()),
    }
}

/// A page attribute, looked up the page tree (`/Parent` chain, depth-capped).
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..32 {
        if let Ok(v) = node.get(key) {
            return doc.dereference(v).ok().map(|(_, o)| o);
        }
        node = match node
            .get(b"Parent")
            .ok()
            .and_then(|p| doc.dereference(p).ok())
        {
            Some((_, Object::Dictionary(d))) => d,
            _ => return None,
        };
    }
    None
}

fn inherited_rect(doc: &Document, page: &Dictionary, key: &[u8]) -> Option<[f64; 4]> {
    let Object::Array(a) = inherited(doc, page, key)? else {
        return None;
    };
    let v: Vec<f64> = a
        .iter()
        .filter_map(|o| doc.dereference(o).ok().and_then(|(_, o)| font::number(o)))
        .collect();
    let [x0, y0, x1, y1]: [f64; 4] = v.try_into().ok()?;
    let r = [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
    (r[2] - r[0] > 0.0 && r[3] - r[1] > 0.0).then_some(r)
}

/// Decodes a PDF text string: UTF-16BE or UTF-8 with a BOM, else PDFDocEncoding (≈ Latin-1).
fn decode_text_string(s: &[u8]) -> String {
    if let Some(rest) = s.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| match c {
                [h, l] => (u16::from(*h) << 8) | u16::from(*l),
                _ => 0xfffd,
            })
            .collect();
        char::decode_utf16(units)
            .map(|r| r.unwrap_or('\u{fffd}'))
            .collect()
    } else if let Some(rest) = s.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        s.iter().map(|&b| char::from(b)).collect()
    }
}

/// The colour space of an image, as far as a grey reading needs it.
fn image_color(doc: &Document, cs: Option<&Object>) -> ImageColor {
    let name = |o: &Object| match doc.dereference(o).ok().map(|(_, o)| o) {
        Some(Object::Name(n)) => Some(n.clone()),
        _ => None,
    };
    match cs {
        None => ImageColor::Gray,
        Some(Object::Name(n)) => match n.as_slice() {
            b"DeviceGray" | b"G" | b"CalGray" => ImageColor::Gray,
            b"DeviceRGB" | b"RGB" | b"CalRGB" => ImageColor::Rgb,
            b"DeviceCMYK" | b"CMYK" => ImageColor::Cmyk,
            other => ImageColor::Other(String::from_utf8_lossy(other).into_owned()),
        },
        Some(Object::Array(a)) => {
            let family = a.first().and_then(name).unwrap_or_default();
            match family.as_slice() {
                b"Indexed" | b"I" => {
                    let base = match a
                        .get(1)
                        .and_then(|o| doc.dereference(o).ok())
                        .map(|(_, o)| o)
                    {
                        Some(o) => image_color(doc, Some(o)),
                        None => ImageColor::Other("Indexed".into()),
                    };
                    let base = match base {
                        ImageColor::Gray => 1,
                        ImageColor::Rgb => 3,
                        ImageColor::Cmyk => 4,
                        _ => return ImageColor::Other("Indexed".into()),
                    };
                    let palette = match a
                        .get(3)
                        .and_then(|o| doc.dereference(o).ok())
                        .map(|(_, o)| o)
                    {
                        Some(Object::String(s, _)) => s.clone(),
                        Some(Object::Stream(st)) => {
                            st.get_plain_content_with_limit(4096).unwrap_or_default()
                        }
                        _ => Vec::new(),
                    };
                    ImageColor::Indexed { base, palette }
                }
                b"ICCBased" => {
                    let n = a
                        .get(1)
                        .and_then(|o| doc.dereference(o).ok())
                        .and_then(|(_, o)| o.as_stream().ok())
                        .and_then(|st| st.dict.get(b"N").ok().and_then(|o| o.as_i64().ok()));
                    match n {
                        Some(1) => ImageColor::Gray,
                        Some(4) => ImageColor::Cmyk,
                        _ => ImageColor::Rgb,
                    }
                }
                b"CalGray" => ImageColor::Gray,
                b"CalRGB" | b"Lab" => ImageColor::Rgb,
                other => ImageColor::Other(String::from_utf8_lossy(other).into_owned()),
            }
        }
        Some(_) => ImageColor::Other("unknown".into()),
    }
}

/// Components per sample of a colour space.
fn color_components(color: &ImageColor) -> u64 {
    match color {
        ImageColor::Rgb => 3,
        ImageColor::Cmyk => 4,
        _ => 1,
    }
}
