//! PDF page → grey image, for the OCR of pages that are not one scanned image phuluc can
//! decode itself: a page whose text layer lies (printed with vector fonts whose ToUnicode map
//! decodes to other letters), a scan tiled into several images, or a scan in an image format
//! phuluc does not decode (JBIG2, JPX).
//!
//! Takes the document's bytes, a page number, a resolution and the page's size; gives the page
//! as [`Gray`] samples covering the displayed page (crop box, after `/Rotate` — the frame of
//! every box phuluc-pdf reports), top row first, so that sample (`c`, `r`) lies at
//! (`c · 72/dpi`, `r · 72/dpi`) points from the top-left corner.
//!
//! The engine is poppler's `pdftoppm` program (Debian `poppler-utils`), found at run time like
//! the `tesseract` program OCR runs: a machine without it still builds phuluc and reads every
//! born-digital PDF, and the few seconds of OCR that follow a rendering dwarf the cost of a
//! process. poppler renders the fonts, shadings, masks and image codecs (JBIG2, JPX, CCITT)
//! real documents use; phuluc's own content interpreter only follows text and rules.
//!
//! Bounds: the samples of one page are capped ([`MAX_RENDER_SAMPLES`]: the resolution is
//! lowered to fit, down to [`MIN_RENDER_DPI`]) and one rendering may take
//! [`RENDER_TIMEOUT`] before the program is stopped; the document goes through a temporary
//! file that is removed whatever happens.

use phuluc_raster::Gray;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Most samples one rendered page may have (60 M: an A3 page at 500 dpi). A larger page is
/// rendered at a lower resolution.
pub const MAX_RENDER_SAMPLES: f64 = 60_000_000.0;

/// Lowest resolution a page is rendered at to stay under [`MAX_RENDER_SAMPLES`]; a page too
/// large even at this resolution is not rendered.
pub const MIN_RENDER_DPI: u32 = 72;

/// Longest one page's rendering may take before `pdftoppm` is stopped.
pub const RENDER_TIMEOUT: Duration = Duration::from_secs(60);

/// Why a page could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The `pdftoppm` program could not be started.
    #[error("the pdftoppm program could not be run ({0}); install poppler-utils (docs/ocr.md)")]
    NoRenderer(String),
    /// It ran and failed.
    #[error("pdftoppm failed: {0}")]
    Failed(String),
    /// It ran longer than [`RENDER_TIMEOUT`].
    #[error("pdftoppm took longer than {0:?} and was stopped")]
    TimedOut(Duration),
    /// The page is too large to render even at [`MIN_RENDER_DPI`].
    #[error("the page ({0:.0} × {1:.0} pt) is too large to render")]
    TooLarge(f64, f64),
    /// Its output is not a grey image of the expected kind.
    #[error("pdftoppm's output is not a PGM image: {0}")]
    BadImage(String),
    /// A temporary file could not be written or read.
    #[error("cannot pass the page to pdftoppm: {0}")]
    Io(#[from] std::io::Error),
}

/// One page to render.
#[derive(Debug, Clone, Copy)]
pub struct PageToRender<'a> {
    /// The whole PDF.
    pub pdf: &'a [u8],
    /// Its password, when it is encrypted with one.
    pub password: Option<&'a str>,
    /// The page number, from 1.
    pub page: u32,
    /// The displayed page's size in points (width, height).
    pub size: (f64, f64),
    /// The resolution asked for.
    pub dpi: u32,
}

/// The resolution `page` is rendered at: the one asked for, lowered so that the page has at
/// most [`MAX_RENDER_SAMPLES`]; `None` when that would be under [`MIN_RENDER_DPI`].
pub fn render_dpi(size: (f64, f64), dpi: u32) -> Option<u32> {
    let (w, h) = (size.0.abs().max(1.0) / 72.0, size.1.abs().max(1.0) / 72.0);
    let fit = (MAX_RENDER_SAMPLES / (w * h)).sqrt().floor();
    let dpi = f64::from(dpi.max(1)).min(fit);
    (dpi >= f64::from(MIN_RENDER_DPI)).then_some(dpi as u32)
}

/// Renders one page in grey. Gives the samples and the resolution they were rendered at.
pub fn render(page: &PageToRender) -> Result<(Gray, u32), RenderError> {
    let dpi =
        render_dpi(page.size, page.dpi).ok_or(RenderError::TooLarge(page.size.0, page.size.1))?;
    let dir = TempDir::new()?;
    let input = dir.path.join("in.pdf");
    std::fs::write(&input, page.pdf)?;
    let prefix = dir.path.join("page");
    let mut cmd = Command::new("pdftoppm");
    cmd.args(["-gray", "-singlefile", "-r", &dpi.to_string()])
        .args(["-f", &page.page.to_string(), "-l", &page.page.to_string()]);
    if let Some(pw) = page.password {
        cmd.args(["-opw", pw, "-upw", pw]);
    }
    cmd.arg(&input)
        .arg(&prefix)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let child = cmd
        .spawn()
        .map_err(|e| RenderError::NoRenderer(e.to_string()))?;
    let stderr = wait_for(child, RENDER_TIMEOUT)?;
    let out = dir.path.join("page.pgm");
    let bytes = std::fs::read(&out).map_err(|e| {
        let why = stderr.lines().last().unwrap_or("").trim().to_string();
        if why.is_empty() {
            RenderError::Failed(format!("no image was written ({e})"))
        } else {
            RenderError::Failed(why)
        }
    })?;
    Ok((parse_pgm(&bytes)?, dpi))
}

/// Waits for `child` at most `timeout`, killing it after that; gives what it wrote on
/// standard error, or why it failed.
fn wait_for(mut child: Child, timeout: Duration) -> Result<String, RenderError> {
    // Standard error is read on a thread so that a chatty program cannot fill the pipe and
    // stall.
    let mut err = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(e) = err.as_mut() {
            let _ = e.read_to_string(&mut s);
        }
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(RenderError::TimedOut(timeout));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stderr = reader.join().unwrap_or_default();
    if !status.success() {
        let why = stderr.lines().last().unwrap_or("no message").trim();
        return Err(RenderError::Failed(format!("{status}: {why}")));
    }
    Ok(stderr)
}

/// Reads a binary grey PNM image (`P5`, 8-bit samples; `#` comments in the header allowed).
pub fn parse_pgm(bytes: &[u8]) -> Result<Gray, RenderError> {
    let bad = |why: &str| RenderError::BadImage(why.to_string());
    let mut at = 0usize;
    let mut fields = Vec::with_capacity(4);
    while fields.len() < 4 {
        // Skip white space and comments.
        loop {
            match bytes.get(at) {
                Some(b'#') => {
                    while bytes.get(at).is_some_and(|&b| b != b'\n') {
                        at += 1;
                    }
                }
                Some(b) if b.is_ascii_whitespace() => at += 1,
                Some(_) => break,
                None => return Err(bad("its header ends early")),
            }
        }
        let start = at;
        while bytes.get(at).is_some_and(|b| !b.is_ascii_whitespace()) {
            at += 1;
        }
        fields.push(&bytes[start..at]);
    }
    if fields[0] != b"P5" {
        return Err(bad("not a binary grey image (P5)"));
    }
    let num = |f: &[u8]| -> Result<usize, RenderError> {
        std::str::from_utf8(f)
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
            .ok_or_else(|| bad("a size in its header is not a number"))
    };
    let (width, height, max) = (num(fields[1])?, num(fields[2])?, num(fields[3])?);
    if max != 255 {
        return Err(bad("its samples are not 8-bit"));
    }
    // One white-space byte ends the header.
    let data_start = at + 1;
    let len = width
        .checked_mul(height)
        .ok_or_else(|| bad("its size overflows"))?;
    let data = bytes
        .get(data_start..)
        .and_then(|d| d.get(..len))
        .ok_or_else(|| bad("it holds fewer samples than its size says"))?;
    Ok(Gray {
        width,
        height,
        data: data.to_vec(),
    })
}

/// A temporary directory of its own, removed when dropped.
struct TempDir {
    path: PathBuf,
}

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "phuluc-render-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir(&path)?;
        Ok(TempDir { path })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = remove(&self.path);
    }
}

fn remove(path: &Path) -> std::io::Result<()> {
    std::fs::remove_dir_all(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pgm_with_a_comment_is_read() {
        let mut b = b"P5\n# made by a test\n3 2\n255\n".to_vec();
        b.extend_from_slice(&[0, 50, 100, 150, 200, 250]);
        let g = parse_pgm(&b).expect("a valid image");
        assert_eq!((g.width, g.height), (3, 2));
        assert_eq!(g.data, [0, 50, 100, 150, 200, 250]);
    }

    #[test]
    fn a_short_or_foreign_image_is_an_error() {
        assert!(parse_pgm(b"P5\n3 2\n255\n\x00\x01").is_err());
        assert!(parse_pgm(b"P6\n1 1\n255\n\x00\x00\x00").is_err());
        assert!(parse_pgm(b"P5\n1 1\n65535\n\x00\x00").is_err());
        assert!(parse_pgm(b"P5\n99999999999999999999 1\n255\n").is_err());
        assert!(parse_pgm(b"P5 1").is_err());
        assert!(parse_pgm(b"").is_err());
    }

    #[test]
    fn a_large_page_is_rendered_at_a_lower_resolution() {
        // A4 at 300 dpi fits; A0 at 600 dpi does not, and is lowered; a page a kilometre wide
        // is not rendered.
        assert_eq!(render_dpi((595.0, 842.0), 300), Some(300));
        let a0 = render_dpi((2384.0, 3370.0), 600).expect("A0 fits at some resolution");
        assert!((MIN_RENDER_DPI..600).contains(&a0));
        let (w, h) = (2384.0 / 72.0 * f64::from(a0), 3370.0 / 72.0 * f64::from(a0));
        assert!(w * h <= MAX_RENDER_SAMPLES);
        assert_eq!(render_dpi((2.8e6, 842.0), 300), None);
    }
}
