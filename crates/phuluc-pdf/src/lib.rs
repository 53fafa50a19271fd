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
use phuluc_model::{Page, Warning, WarningCode};
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
        let doc = catch_unwind(AssertUnwindSafe(|| {
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
        if doc.xref_recovery.is_some() {
            warnings.push(Warning::new(
                WarningCode::RecoveredDamage,
                format!(
                    "the cross-reference table was repaired ({:?})",
                    doc.xref_recovery
                ),
            ));
        }
        let pages: Vec<ObjectId> = catch_unwind(AssertUnwindSafe(|| doc.get_pages()))
            .map_err(|_| PdfError::Damaged("the page tree could not be read".into()))?
            .into_values()
            .collect();
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
        let content = self.page_content(id, number, &mut warnings)?;

        let mut interp = Interp::new(doc, &self.limits, &self.fonts, number, base, resources);
        interp.deadline = self.deadline;
        interp.charge(content.len())?;
        let result = interp.run(&content, resources, 0);
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
        })
    }
}

impl PdfDocument {
    /// The page's content streams, decoded one by one within [`Limits`] and joined by
    /// newlines. A stream that is missing is skipped and one that cannot be decoded is read
    /// raw (as lenient readers do: some writers name a filter they did not apply), each with a
    /// warning; a stream over a limit fails the page before more than the limit is allocated.
    fn page_content(
        &self,
        id: ObjectId,
        number: u32,
        warnings: &mut Vec<Warning>,
    ) -> Result<Vec<u8>, PdfError> {
        let per_stream = self.limits.max_decompressed_bytes_per_stream;
        let per_page = self.limits.max_decompressed_bytes_per_page;
        let mut content = Vec::new();
        for cid in self.doc.get_page_contents(id) {
            let Ok(stream) = self.doc.get_object(cid).and_then(Object::as_stream) else {
                warnings.push(
                    Warning::new(
                        WarningCode::RecoveredDamage,
                        format!("content stream {} {} R is missing; skipped", cid.0, cid.1),
                    )
                    .on_page(number),
                );
                continue;
            };
            let remaining = per_page.saturating_sub(content.len());
            let cap = per_stream.min(remaining);
            match stream.get_plain_content_with_limit(cap) {
                Ok(data) => content.extend_from_slice(&data),
                Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                    ..
                })) => {
                    return Err(if remaining < per_stream {
                        PdfError::LimitExceeded {
                            what: "decompressed bytes per page",
                            limit: per_page as u64,
                        }
                    } else {
                        PdfError::LimitExceeded {
                            what: "decompressed bytes per stream",
                            limit: per_stream as u64,
                        }
                    });
                }
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
                    if stream.content.len() <= cap {
                        content.extend_from_slice(&stream.content);
                    }
                }
            }
            content.push(b'\n');
        }
        Ok(content)
    }
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
