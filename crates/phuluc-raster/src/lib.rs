//! Scanned page images → what the table finder needs: ruling lines, and the page's skew.
//!
//! Takes one image XObject of a page ([`phuluc_pdf::ImageData`] and where it is drawn,
//! [`phuluc_pdf::PlacedImage`]) and gives a [`ScanAnalysis`]: the skew of the scan, the ruling
//! lines found in the image as [`Rule`]s in page coordinates (top-left origin, points, after
//! straightening), and [`ScanAnalysis::straighten`] to put glyphs read from the same page
//! (an OCR text layer, or OCR words) into that straightened frame, so the parser sees an
//! upright page.
//!
//! # How
//! 1. **Decode** ([`decode`]) to 8-bit grey: JPEG (`/DCTDecode`) with `zune-jpeg`, CCITT fax
//!    Group 4 and Group 3 (`/CCITTFaxDecode`) with `fax`, plain samples (already inflated by
//!    phuluc-pdf: Flate, LZW …) of 1–16 bits, grey, RGB, CMYK or indexed. JBIG2 and JPEG 2000
//!    give [`RasterError::Unsupported`].
//! 2. **Binarise** ([`Bitmap::otsu`]): one global threshold chosen by Otsu's method, which
//!    separates ink from paper on scans with even lighting (the ones scanners and phones with
//!    a "document" mode write).
//! 3. **Skew** ([`Bitmap::skew_degrees`]): the angle whose horizontal projection of the ink is
//!    sharpest (text lines and rules are then rows), searched in ±[`MAX_SKEW_DEGREES`], first
//!    coarsely, then finely.
//! 4. **Lines** ([`Bitmap::lines`]) in the straightened image: runs of ink at least
//!    [`MIN_RULE_PT`] long (gaps up to [`MAX_GAP_PX`] bridged: JPEG and noise break lines),
//!    joined across neighbouring rows (columns) into one line of some thickness; a line
//!    thicker than [`MAX_RULE_PT`] is a filled area, not a rule.
//!
//! Nothing here panics on input: sizes are checked against [`MAX_PIXELS`] before any
//! allocation, and decoder failures are errors.

use phuluc_model::{BBox, Glyph, Rule, RuleKind};
use phuluc_pdf::{ImageColor, ImageData, ImageEncoding, PlacedImage};

pub mod cells;

/// Largest image decoded (samples): 20 000 × 15 000, A3 at 1200 dpi.
pub const MAX_PIXELS: u64 = 300_000_000;
/// Largest skew searched, either way (scanners turn a sheet by a degree or two at most).
pub const MAX_SKEW_DEGREES: f64 = 3.0;
/// Shortest ruling line, in points (the narrowest column of an appendix, STT, is ~25 pt; a
/// letter's stroke is under 10 pt).
pub const MIN_RULE_PT: f64 = 16.0;
/// Thickest ruling line, in points; thicker ink is a filled area or a blob.
pub const MAX_RULE_PT: f64 = 4.0;
/// Widest gap of paper bridged inside one line, in samples.
pub const MAX_GAP_PX: usize = 3;
/// Shortest ruling line, in points, that stands on its own: a shorter one must meet a line
/// across it at one of its ends (a row border under one narrow column meets the column's
/// borders). Bold print makes runs of ink longer than [`MIN_RULE_PT`] along the feet or the
/// tops of its letters ("STT", "Kinh phí" in a bold serif face), which meet no line.
pub const FREE_RULE_PT: f64 = 60.0;
/// Smallest part of the page an image must cover to be read as the page's scan.
pub const MIN_PAGE_COVER: f64 = 0.5;

/// Why an image could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RasterError {
    /// An encoding or colour space that is not supported (JBIG2, JPEG 2000 …).
    #[error("{0} images are not supported")]
    Unsupported(String),
    /// The data does not decode.
    #[error("the image does not decode: {0}")]
    Invalid(String),
    /// Larger than [`MAX_PIXELS`].
    #[error("the image is too large ({0} samples, limit {MAX_PIXELS})")]
    TooLarge(u64),
}

/// The quantile of the background class (samples lighter than Otsu's threshold) taken as
/// the paper's level by [`Gray::whiten_paper`]: a twentieth, so that most of the paper's noise
/// lies above it and turns white, while the faint edges of strokes (below the paper's level)
/// keep their grey.
pub const PAPER_QUANTILE: f64 = 0.05;

/// An 8-bit grey image, row by row from the top; 0 is black, 255 white.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub data: Vec<u8>,
}

/// Decodes an image to grey.
pub fn decode(img: &ImageData) -> Result<Gray, RasterError> {
    let (w, h) = (img.width as usize, img.height as usize);
    let pixels = u64::from(img.width) * u64::from(img.height);
    if pixels > MAX_PIXELS {
        return Err(RasterError::TooLarge(pixels));
    }
    let mut gray = match &img.encoding {
        ImageEncoding::Dct => decode_jpeg(&img.data)?,
        ImageEncoding::Ccitt {
            k,
            columns,
            rows,
            black_is_1,
            byte_align: _,
        } => decode_ccitt(&img.data, *k, *columns, *rows, *black_is_1)?,
        ImageEncoding::Samples => samples_to_gray(img, w, h)?,
        ImageEncoding::Jbig2 => return Err(RasterError::Unsupported("JBIG2".into())),
        ImageEncoding::Jpx => return Err(RasterError::Unsupported("JPEG 2000 (JPX)".into())),
        ImageEncoding::Other(f) => return Err(RasterError::Unsupported(format!("/{f}"))),
        _ => return Err(RasterError::Unsupported("this".into())),
    };
    if img.inverted && !matches!(img.encoding, ImageEncoding::Samples) {
        gray.data.iter_mut().for_each(|v| *v = 255 - *v);
    }
    Ok(gray)
}

fn decode_jpeg(data: &[u8]) -> Result<Gray, RasterError> {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .set_max_width(1 << 16)
        .set_max_height(1 << 16)
        .jpeg_set_out_colorspace(ColorSpace::Luma);
    let mut dec = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(data), options);
    dec.decode_headers()
        .map_err(|e| RasterError::Invalid(format!("JPEG: {e:?}")))?;
    let (w, h) = dec
        .dimensions()
        .ok_or_else(|| RasterError::Invalid("JPEG without dimensions".into()))?;
    let pixels = (w as u64) * (h as u64);
    if pixels > MAX_PIXELS {
        return Err(RasterError::TooLarge(pixels));
    }
    let size = dec
        .output_buffer_size()
        .ok_or_else(|| RasterError::Invalid("JPEG output size unknown".into()))?;
    let mut out = vec![0u8; size];
    dec.decode_into(&mut out)
        .map_err(|e| RasterError::Invalid(format!("JPEG: {e:?}")))?;
    if out.len() != w * h {
        // Not one byte per sample: take the first component.
        let n = out.len() / (w * h).max(1);
        if n == 0 {
            return Err(RasterError::Invalid("JPEG output is short".into()));
        }
        out = out.chunks(n).map(|c| c[0]).collect();
    }
    Ok(Gray {
        width: w,
        height: h,
        data: out,
    })
}

fn decode_ccitt(
    data: &[u8],
    k: i64,
    columns: u32,
    rows: u32,
    black_is_1: bool,
) -> Result<Gray, RasterError> {
    let width = u16::try_from(columns)
        .map_err(|_| RasterError::Unsupported(format!("CCITT with {columns} columns")))?;
    let height = u16::try_from(rows).ok();
    let w = columns as usize;
    let mut out: Vec<u8> = Vec::with_capacity(w * rows as usize);
    let max_rows = rows as usize;
    // fax reports colour changes; with /BlackIs1 false (the default) its White is paper.
    let (paper, ink) = if black_is_1 {
        (0u8, 255u8)
    } else {
        (255u8, 0u8)
    };
    let mut line = |transitions: &[u16]| {
        if out.len() / w.max(1) < max_rows {
            out.extend(fax::decoder::pels(transitions, width).map(|c| match c {
                fax::Color::White => paper,
                fax::Color::Black => ink,
            }));
        }
    };
    let ok = if k < 0 {
        fax::decoder::decode_g4(data.iter().copied(), width, height, &mut line)
    } else {
        fax::decoder::decode_g3(data.iter().copied(), &mut line)
    };
    let h = out.len() / w.max(1);
    if ok.is_none() && h == 0 {
        return Err(RasterError::Invalid("CCITT data does not decode".into()));
    }
    out.truncate(h * w);
    out.resize(max_rows.max(h) * w, 255);
    Ok(Gray {
        width: w,
        height: max_rows.max(h),
        data: out,
    })
}

fn samples_to_gray(img: &ImageData, w: usize, h: usize) -> Result<Gray, RasterError> {
    let bpc = usize::from(img.bits_per_component);
    let comps = match &img.color {
        ImageColor::Rgb => 3,
        ImageColor::Cmyk => 4,
        _ => 1,
    };
    let row_bytes = (w * bpc * comps).div_ceil(8);
    if img.data.len() < row_bytes * h {
        return Err(RasterError::Invalid(format!(
            "{} bytes of samples for a {w}×{h} image that needs {}",
            img.data.len(),
            row_bytes * h
        )));
    }
    let max = ((1u32 << bpc) - 1) as f64;
    let sample = |row: &[u8], i: usize| -> u32 {
        match bpc {
            8 => u32::from(row[i]),
            16 => u32::from(row[2 * i]) << 8 | u32::from(row[2 * i + 1]),
            _ => {
                let bit = i * bpc;
                let byte = row[bit / 8];
                let shift = 8 - bpc - (bit % 8);
                (u32::from(byte) >> shift) & ((1 << bpc) - 1)
            }
        }
    };
    let scale = |v: u32| -> u8 { ((f64::from(v) / max) * 255.0).round() as u8 };
    let mut data = Vec::with_capacity(w * h);
    for r in 0..h {
        let row = &img.data[r * row_bytes..(r + 1) * row_bytes];
        for x in 0..w {
            let g = match &img.color {
                ImageColor::Rgb => {
                    let (rr, gg, bb) = (
                        scale(sample(row, 3 * x)),
                        scale(sample(row, 3 * x + 1)),
                        scale(sample(row, 3 * x + 2)),
                    );
                    ((u32::from(rr) * 299 + u32::from(gg) * 587 + u32::from(bb) * 114) / 1000) as u8
                }
                ImageColor::Cmyk => {
                    let k = scale(sample(row, 4 * x + 3));
                    let c = scale(sample(row, 4 * x));
                    255u8.saturating_sub(k.saturating_add(c / 3))
                }
                ImageColor::Indexed { base, palette } => {
                    let i = sample(row, x) as usize * usize::from(*base);
                    match usize::from(*base) {
                        3 => match palette.get(i..i + 3) {
                            Some(p) => {
                                ((u32::from(p[0]) * 299
                                    + u32::from(p[1]) * 587
                                    + u32::from(p[2]) * 114)
                                    / 1000) as u8
                            }
                            None => 255,
                        },
                        4 => palette.get(i + 3).map_or(255, |k| 255u8.saturating_sub(*k)),
                        _ => palette.get(i).copied().unwrap_or(255),
                    }
                }
                // A stencil mask paints its 0 samples.
                ImageColor::Mask => {
                    if sample(row, x) == 0 {
                        0
                    } else {
                        255
                    }
                }
                _ => scale(sample(row, x)),
            };
            data.push(g);
        }
    }
    if img.inverted {
        data.iter_mut().for_each(|v| *v = 255 - *v);
    }
    Ok(Gray {
        width: w,
        height: h,
        data,
    })
}

impl Gray {
    /// The image turned back by `deg` (as [`Bitmap::rotated`]) about its centre, same size
    /// (nearest sample; what falls outside is paper).
    pub fn rotated(&self, deg: f64) -> Gray {
        if deg == 0.0 {
            return self.clone();
        }
        let (s, c) = deg.to_radians().sin_cos();
        let (cx, cy) = (self.width as f64 / 2.0, self.height as f64 / 2.0);
        let mut data = vec![255u8; self.data.len()];
        for y in 0..self.height {
            let dy = y as f64 + 0.5 - cy;
            for x in 0..self.width {
                let dx = x as f64 + 0.5 - cx;
                let sx = dx * c - dy * s + cx;
                let sy = dx * s + dy * c + cy;
                if sx >= 0.0 && sy >= 0.0 {
                    let (sx, sy) = (sx as usize, sy as usize);
                    if sx < self.width && sy < self.height {
                        data[y * self.width + x] = self.data[sy * self.width + sx];
                    }
                }
            }
        }
        Gray {
            width: self.width,
            height: self.height,
            data,
        }
    }

    /// The samples of the rectangle `[x0, x1) × [y0, y1)` (clamped to the image).
    pub fn crop(&self, x0: usize, y0: usize, x1: usize, y1: usize) -> Gray {
        let (x1, y1) = (x1.min(self.width), y1.min(self.height));
        let (x0, y0) = (x0.min(x1), y0.min(y1));
        let mut data = Vec::with_capacity((x1 - x0) * (y1 - y0));
        for y in y0..y1 {
            data.extend_from_slice(&self.data[y * self.width + x0..y * self.width + x1]);
        }
        Gray {
            width: x1 - x0,
            height: y1 - y0,
            data,
        }
    }

    /// The image scaled by `factor` (bilinear), at least one sample each way.
    pub fn scaled(&self, factor: f64) -> Gray {
        if self.width == 0 || self.height == 0 || factor.is_nan() || factor <= 0.0 || factor == 1.0
        {
            return self.clone();
        }
        let w = ((self.width as f64 * factor).round() as usize).max(1);
        let h = ((self.height as f64 * factor).round() as usize).max(1);
        let mut data = Vec::with_capacity(w * h);
        let at = |x: usize, y: usize| f64::from(self.data[y * self.width + x]);
        for y in 0..h {
            let fy = ((y as f64 + 0.5) / factor - 0.5).clamp(0.0, (self.height - 1) as f64);
            let (y0, ty) = (fy.floor() as usize, fy - fy.floor());
            let y1 = (y0 + 1).min(self.height - 1);
            for x in 0..w {
                let fx = ((x as f64 + 0.5) / factor - 0.5).clamp(0.0, (self.width - 1) as f64);
                let (x0, tx) = (fx.floor() as usize, fx - fx.floor());
                let x1 = (x0 + 1).min(self.width - 1);
                let top = at(x0, y0) * (1.0 - tx) + at(x1, y0) * tx;
                let bottom = at(x0, y1) * (1.0 - tx) + at(x1, y1) * tx;
                data.push((top * (1.0 - ty) + bottom * ty).round().clamp(0.0, 255.0) as u8);
            }
        }
        Gray {
            width: w,
            height: h,
            data,
        }
    }

    /// The image with its paper made white: the paper's level is taken as the
    /// [`PAPER_QUANTILE`] quantile of the samples lighter than Otsu's threshold (the
    /// background class), and grey levels are stretched linearly so that it and everything
    /// lighter become 255 while black stays 0. A scan's background is a noisy grey (sensor
    /// noise, JPEG ringing, a tinted sheet); left so, speckles around letters are read as
    /// marks and thin strokes lose contrast against it, for the binarisation and the OCR
    /// alike. An image without a light class (or whose paper is already white) is unchanged.
    pub fn whiten_paper(&self) -> Gray {
        let hist = histogram(self);
        let threshold = otsu_of(&hist);
        let light: u64 = hist[usize::from(threshold) + 1..].iter().sum();
        if light == 0 {
            return self.clone();
        }
        let target = (light as f64 * PAPER_QUANTILE).ceil() as u64;
        let mut seen = 0u64;
        let mut paper = 255usize;
        for (level, n) in hist.iter().enumerate().skip(usize::from(threshold) + 1) {
            seen += n;
            if seen >= target.max(1) {
                paper = level;
                break;
            }
        }
        if paper >= 255 || paper <= usize::from(threshold) {
            return self.clone();
        }
        let lut: Vec<u8> = (0..256usize)
            .map(|v| ((v * 255 + paper / 2) / paper).min(255) as u8)
            .collect();
        Gray {
            width: self.width,
            height: self.height,
            data: self.data.iter().map(|v| lut[usize::from(*v)]).collect(),
        }
    }

    /// Otsu's threshold of the image: samples at or below it are ink ([`Bitmap::otsu`]).
    pub fn otsu_level(&self) -> u8 {
        otsu_threshold(self)
    }

    /// The smallest rectangle `(x0, y0, x1, y1)` (exclusive ends) holding every sample at or
    /// below `level` that has another such sample among its eight neighbours (a lone dark
    /// sample is noise), or `None` when there is no ink.
    pub fn ink_bounds(&self, level: u8) -> Option<(usize, usize, usize, usize)> {
        let ink = |x: usize, y: usize| self.data[y * self.width + x] <= level;
        let mut bounds: Option<(usize, usize, usize, usize)> = None;
        for y in 0..self.height {
            for x in 0..self.width {
                if !ink(x, y) {
                    continue;
                }
                let neighbour = (y.saturating_sub(1)..(y + 2).min(self.height)).any(|ny| {
                    (x.saturating_sub(1)..(x + 2).min(self.width))
                        .any(|nx| (nx, ny) != (x, y) && ink(nx, ny))
                });
                if !neighbour {
                    continue;
                }
                bounds = Some(match bounds {
                    None => (x, y, x + 1, y + 1),
                    Some((a, b, c, d)) => (a.min(x), b.min(y), c.max(x + 1), d.max(y + 1)),
                });
            }
        }
        bounds
    }

    /// Samples per inch of the image as drawn at `image` (the larger of both directions).
    pub fn dpi(&self, image: &PlacedImage) -> f64 {
        let bb = image.bbox();
        72.0 * (self.width as f64 / bb.width().max(1e-6))
            .max(self.height as f64 / bb.height().max(1e-6))
    }
}

/// A binary image: `true` is ink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitmap {
    pub width: usize,
    pub height: usize,
    pub ink: Vec<bool>,
}

/// A ruling line found in a bitmap, in samples (inclusive bounds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub horizontal: bool,
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
}

impl Bitmap {
    /// Otsu's global threshold: ink is darker than the level that best separates two classes.
    pub fn otsu(g: &Gray) -> Bitmap {
        let threshold = otsu_threshold(g);
        Bitmap {
            width: g.width,
            height: g.height,
            ink: g.data.iter().map(|v| *v <= threshold).collect(),
        }
    }

    fn at(&self, x: usize, y: usize) -> bool {
        self.ink[y * self.width + x]
    }

    /// The angle (degrees, positive: lines fall to the right in the image, y down) by which
    /// the content is turned, found by the sharpest horizontal projection of the ink.
    pub fn skew_degrees(&self) -> f64 {
        // At most ~300k ink samples take part (every n-th).
        let count = self.ink.iter().filter(|b| **b).count();
        let step = (count / 300_000).max(1);
        let mut pts: Vec<(f64, f64)> = Vec::with_capacity(count / step + 1);
        let (cx, cy) = (self.width as f64 / 2.0, self.height as f64 / 2.0);
        let mut i = 0usize;
        for y in 0..self.height {
            for x in 0..self.width {
                if self.at(x, y) {
                    if i.is_multiple_of(step) {
                        pts.push((x as f64 - cx, y as f64 - cy));
                    }
                    i += 1;
                }
            }
        }
        if pts.is_empty() {
            return 0.0;
        }
        let rows = self.height + self.width;
        let mut bins = vec![0u32; 2 * rows + 1];
        let mut score = |deg: f64| -> f64 {
            let t = deg.to_radians().tan();
            bins.iter_mut().for_each(|b| *b = 0);
            for (x, y) in &pts {
                // The row the point lies on once the page is turned back by `deg`.
                let r = (y - x * t) as i64 + rows as i64;
                if let Some(b) = usize::try_from(r).ok().and_then(|r| bins.get_mut(r)) {
                    *b += 1;
                }
            }
            bins.iter().map(|b| f64::from(*b) * f64::from(*b)).sum()
        };
        let search = |score: &mut dyn FnMut(f64) -> f64, from: f64, to: f64, by: f64| {
            let mut best = (f64::NEG_INFINITY, 0.0);
            let mut a = from;
            while a <= to + 1e-9 {
                let s = score(a);
                if s > best.0 {
                    best = (s, a);
                }
                a += by;
            }
            best.1
        };
        let coarse = search(&mut score, -MAX_SKEW_DEGREES, MAX_SKEW_DEGREES, 0.2);
        search(&mut score, coarse - 0.2, coarse + 0.2, 0.02)
    }

    /// The bitmap turned back by `deg` (as measured by [`Bitmap::skew_degrees`]) about its
    /// centre, same size (nearest sample; what falls outside is paper).
    pub fn rotated(&self, deg: f64) -> Bitmap {
        if deg == 0.0 {
            return self.clone();
        }
        let (s, c) = deg.to_radians().sin_cos();
        let (cx, cy) = (self.width as f64 / 2.0, self.height as f64 / 2.0);
        let mut ink = vec![false; self.ink.len()];
        for y in 0..self.height {
            let dy = y as f64 + 0.5 - cy;
            for x in 0..self.width {
                let dx = x as f64 + 0.5 - cx;
                // Output (straight) → source (turned by deg).
                let sx = dx * c - dy * s + cx;
                let sy = dx * s + dy * c + cy;
                if sx >= 0.0 && sy >= 0.0 {
                    let (sx, sy) = (sx as usize, sy as usize);
                    if sx < self.width && sy < self.height {
                        ink[y * self.width + x] = self.at(sx, sy);
                    }
                }
            }
        }
        Bitmap {
            width: self.width,
            height: self.height,
            ink,
        }
    }

    /// Horizontal and vertical lines at least `min_len` samples long and at most `max_thick`
    /// thick.
    pub fn lines(&self, min_len: usize, max_thick: usize) -> Vec<Line> {
        let mut out = self.lines_one_way(true, min_len, max_thick);
        out.extend(self.lines_one_way(false, min_len, max_thick));
        out
    }

    fn lines_one_way(&self, horizontal: bool, min_len: usize, max_thick: usize) -> Vec<Line> {
        let (len, across) = if horizontal {
            (self.width, self.height)
        } else {
            (self.height, self.width)
        };
        let ink = |along: usize, at: usize| {
            if horizontal {
                self.at(along, at)
            } else {
                self.at(at, along)
            }
        };
        // A rule straightened by a turn it was not quite turned by (or drawn a fraction of a
        // degree off) steps from one row to the next, and where it lies near the border of two
        // rows its ink flickers between them every few samples: read two rows at once, a
        // rule's ink is continuous in one or the other.
        let ink =
            |along: usize, at: usize| ink(along, at) || (at + 1 < across && ink(along, at + 1));
        // 1. Long runs of ink on every row (column), gaps bridged: (row, start, end).
        let mut runs: Vec<(usize, usize, usize)> = Vec::new();
        for at in 0..across {
            let mut a = 0;
            while a < len {
                if !ink(a, at) {
                    a += 1;
                    continue;
                }
                let start = a;
                let mut end = a;
                a += 1;
                while a < len && a - end <= MAX_GAP_PX + 1 {
                    if ink(a, at) {
                        end = a;
                    }
                    a += 1;
                }
                if end + 1 - start >= min_len {
                    runs.push((at, start, end));
                }
            }
        }
        // 2. Runs on neighbouring rows (one missing row bridged) that overlap are one line.
        let mut parent: Vec<usize> = (0..runs.len()).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        let mut row_start = 0; // first run of the row two before the current one
        for (i, &(row, s, e)) in runs.iter().enumerate() {
            while runs[row_start].0 + 2 < row {
                row_start += 1;
            }
            for (j, &(prow, ps, pe)) in runs.iter().enumerate().take(i).skip(row_start) {
                if prow < row && ps <= e && s <= pe {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    parent[a] = b;
                }
            }
        }
        let mut lines: std::collections::BTreeMap<usize, (usize, usize, usize, usize)> =
            std::collections::BTreeMap::new();
        for (i, &(row, s, e)) in runs.iter().enumerate() {
            let r = root(&mut parent, i);
            let l = lines.entry(r).or_insert((s, e, row, row));
            *l = (l.0.min(s), l.1.max(e), l.2.min(row), l.3.max(row));
        }
        lines
            .into_values()
            .filter(|(_, _, first, last)| last - first < max_thick)
            .map(|(a0, a1, first, last)| {
                if horizontal {
                    Line {
                        horizontal,
                        x0: a0,
                        y0: first,
                        x1: a1,
                        y1: last,
                    }
                } else {
                    Line {
                        horizontal,
                        x0: first,
                        y0: a0,
                        x1: last,
                        y1: a1,
                    }
                }
            })
            .collect()
    }
}

/// Otsu's global threshold of `g`: the grey level that best separates two classes.
fn otsu_threshold(g: &Gray) -> u8 {
    otsu_of(&histogram(g))
}

/// How many samples of `g` have each grey level.
fn histogram(g: &Gray) -> [u64; 256] {
    let mut hist = [0u64; 256];
    for v in &g.data {
        hist[usize::from(*v)] += 1;
    }
    hist
}

/// Otsu's threshold of a grey-level histogram ([`otsu_threshold`]).
fn otsu_of(hist: &[u64; 256]) -> u8 {
    let total: u64 = hist.iter().sum();
    let sum: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, n)| i as f64 * *n as f64)
        .sum();
    let (mut w0, mut sum0, mut best, mut threshold) = (0u64, 0.0f64, -1.0f64, 128u8);
    for (t, n) in hist.iter().enumerate() {
        w0 += n;
        if w0 == 0 {
            continue;
        }
        let w1 = total - w0;
        if w1 == 0 {
            break;
        }
        sum0 += t as f64 * *n as f64;
        let m0 = sum0 / w0 as f64;
        let m1 = (sum - sum0) / w1 as f64;
        let between = w0 as f64 * w1 as f64 * (m0 - m1) * (m0 - m1);
        if between > best {
            best = between;
            threshold = t as u8;
        }
    }
    threshold
}

/// `lines` without the short ones ([`FREE_RULE_PT`], `min_free` samples) that meet no line
/// across them within `near` samples of one of their ends: runs along bold letters, not
/// rules.
fn without_text_runs(lines: Vec<Line>, min_free: usize, near: usize) -> Vec<Line> {
    let len = |l: &Line| {
        if l.horizontal {
            l.x1 - l.x0
        } else {
            l.y1 - l.y0
        }
    };
    let within = |v: usize, a: usize, b: usize| v + near >= a && v <= b + near;
    let meets_at_end = |l: &Line| {
        lines.iter().any(|o| {
            if o.horizontal == l.horizontal {
                return false;
            }
            if l.horizontal {
                let y = (l.y0 + l.y1) / 2;
                within(y, o.y0, o.y1) && (within(l.x0, o.x0, o.x1) || within(l.x1, o.x0, o.x1))
            } else {
                let x = (l.x0 + l.x1) / 2;
                within(x, o.x0, o.x1) && (within(l.y0, o.y0, o.y1) || within(l.y1, o.y0, o.y1))
            }
        })
    };
    let keep: Vec<bool> = lines
        .iter()
        .map(|l| len(l) >= min_free || meets_at_end(l))
        .collect();
    lines
        .into_iter()
        .zip(keep)
        .filter_map(|(l, k)| k.then_some(l))
        .collect()
}

/// A page's scan, analysed: its skew and ruling lines.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanAnalysis {
    /// Where the image lies on the page.
    pub image: PlacedImage,
    /// The skew measured in the image (degrees; see [`Bitmap::skew_degrees`]).
    pub skew_degrees: f64,
    /// Ruling lines in straightened page coordinates.
    pub rules: Vec<Rule>,
}

/// The image that is the page's scan: the largest one drawn, when it covers at least
/// [`MIN_PAGE_COVER`] of the page.
pub fn page_image(images: &[PlacedImage], width: f64, height: f64) -> Option<PlacedImage> {
    let page = BBox::new(0.0, 0.0, width, height);
    let area = |b: &BBox| {
        let w = (b.x1.min(page.x1) - b.x0.max(page.x0)).max(0.0);
        let h = (b.bottom.min(page.bottom) - b.top.max(page.top)).max(0.0);
        w * h
    };
    let best = images
        .iter()
        .max_by(|a, b| area(&a.bbox()).total_cmp(&area(&b.bbox())))?;
    (area(&best.bbox()) >= MIN_PAGE_COVER * width * height).then_some(*best)
}

impl ScanAnalysis {
    /// Analyses a decoded page image drawn at `image`.
    pub fn of(gray: &Gray, image: PlacedImage) -> ScanAnalysis {
        let bits = Bitmap::otsu(gray);
        let skew = bits.skew_degrees();
        let straight = bits.rotated(skew);
        // Samples per point, from the image's placement.
        let bb = image.bbox();
        let ppt = (gray.width as f64 / bb.width().max(1e-6))
            .max(gray.height as f64 / bb.height().max(1e-6));
        let min_len = (MIN_RULE_PT * ppt).round().max(8.0) as usize;
        let max_thick = (MAX_RULE_PT * ppt).round().max(2.0) as usize;
        let mut analysis = ScanAnalysis {
            image,
            skew_degrees: skew,
            rules: Vec::new(),
        };
        // The decoded size may differ from the dictionary's; positions are scaled to it.
        let (sx, sy) = (
            f64::from(image.width) / gray.width.max(1) as f64,
            f64::from(image.height) / gray.height.max(1) as f64,
        );
        let lines = without_text_runs(
            straight.lines(min_len, max_thick),
            (FREE_RULE_PT * ppt).round() as usize,
            max_thick + MAX_GAP_PX,
        );
        for l in lines {
            let corners = [
                (l.x0 as f64 - 0.5, l.y0 as f64 - 0.5),
                (l.x1 as f64 + 0.5, l.y1 as f64 + 0.5),
            ];
            let mut bbox: Option<BBox> = None;
            for (x, y) in corners {
                let (px, py) = image.to_page(x * sx, y * sy);
                let b = BBox::new(px, py, px, py);
                bbox = Some(bbox.map_or(b, |bb| bb.union(&b)));
            }
            if let Some(b) = bbox {
                analysis.rules.push(Rule {
                    bbox: b,
                    kind: RuleKind::Stroke,
                });
            }
        }
        analysis
    }

    /// The sample (column, row, fractional) of `gray` (the decoded image, possibly of another
    /// size than the dictionary says) under the page point (`x`, `y`); `None` when the
    /// image's matrix cannot be inverted.
    pub fn sample_at(&self, gray: &Gray, x: f64, y: f64) -> Option<(f64, f64)> {
        let inv = invert(self.image.matrix)?;
        let (u, v) = apply(inv, x, y);
        let col = u * gray.width as f64;
        let row = (1.0 - v) * gray.height as f64;
        (col.is_finite() && row.is_finite()).then_some((col, row))
    }

    /// Moves glyphs read on the scanned page into the straightened frame of
    /// [`ScanAnalysis::rules`]: each box keeps its size and moves with its centre; the glyphs
    /// are then upright.
    pub fn straighten(&self, glyphs: &mut [Glyph]) {
        let Some(inv) = invert(self.image.matrix) else {
            return;
        };
        let (w, h) = (f64::from(self.image.width), f64::from(self.image.height));
        let (s, c) = self.skew_degrees.to_radians().sin_cos();
        for g in glyphs {
            let (mx, my) = (g.bbox.center_x(), g.bbox.center_y());
            // Page → image samples (row 0 at the top).
            let (u, v) = apply(inv, mx, my);
            let (col, row) = (u * w, (1.0 - v) * h);
            // Turn back about the image centre (the inverse of `rotated`'s mapping).
            let (dx, dy) = (col - w / 2.0, row - h / 2.0);
            let (nc, nr) = (dx * c + dy * s + w / 2.0, -dx * s + dy * c + h / 2.0);
            let (px, py) = self.image.to_page(nc - 0.5, nr - 0.5);
            let (ddx, ddy) = (px - mx, py - my);
            if ddx.is_finite() && ddy.is_finite() {
                g.bbox = BBox::new(
                    g.bbox.x0 + ddx,
                    g.bbox.top + ddy,
                    g.bbox.x1 + ddx,
                    g.bbox.bottom + ddy,
                );
                g.baseline += ddy;
                g.upright = true;
            }
        }
    }
}

fn invert(m: [f64; 6]) -> Option<[f64; 6]> {
    let [a, b, c, d, e, f] = m;
    let det = a * d - b * c;
    if det.abs() < 1e-12 || !det.is_finite() {
        return None;
    }
    let (ia, ib, ic, id) = (d / det, -b / det, -c / det, a / det);
    Some([ia, ib, ic, id, -(e * ia + f * ic), -(e * ib + f * id)])
}

fn apply(m: [f64; 6], x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

#[cfg(test)]
mod tests;
