//! A page's image, for the ruling lines and the OCR of a page read from its image.
//!
//! Takes a page as phuluc-pdf read it and gives grey samples of it with where they lie on the
//! page: the page's own scan, decoded by phuluc-raster, when one image covers the page and
//! phuluc decodes it; otherwise — a page printed with vector fonts whose text layer lies, a
//! scan tiled into several images, a JBIG2 or JPX scan — the page rendered with poppler
//! (phuluc-render) at the resolution asked for (`--dpi`), when rendering is allowed.

use phuluc_pdf::{PageGeometry, PdfDocument, PlacedImage};
use phuluc_raster::Gray;

/// Resolution pages are rendered at for OCR when `--dpi` does not say (Tesseract reads body
/// text best at about 300 dpi).
pub const DEFAULT_RENDER_DPI: u32 = 300;

/// How pages that are not one image phuluc decodes are rendered for OCR.
#[derive(Debug, Clone, Copy)]
pub struct Rendering<'a> {
    /// The whole PDF.
    pub pdf: &'a [u8],
    /// Its password, when it is encrypted with one.
    pub password: Option<&'a str>,
    /// The resolution asked for (`--dpi`).
    pub dpi: u32,
}

/// A page's image: its samples, where they lie on the page, and how it was had (for the
/// page's warning: "its image", "rendered at 300 dpi").
#[derive(Debug, Clone)]
pub struct PageRaster {
    pub gray: Gray,
    pub image: PlacedImage,
    pub how: String,
}

/// The page's image: its decoded scan, or the page rendered (`rendering`) where there is no
/// scan covering the page or it cannot be decoded. `None`: no scan and no rendering; an
/// error: why neither gave an image.
pub fn page_raster(
    doc: &PdfDocument,
    geometry: &PageGeometry,
    rendering: Option<&Rendering>,
) -> Option<Result<PageRaster, String>> {
    let page = &geometry.page;
    let decoded =
        phuluc_raster::page_image(&geometry.images, page.width, page.height).map(|image| {
            doc.image(&image)
                .map_err(|e| e.to_string())
                .and_then(|data| phuluc_raster::decode(&data).map_err(|e| e.to_string()))
                .map(|gray| PageRaster {
                    gray,
                    image,
                    how: "its image".into(),
                })
        });
    match (decoded, rendering) {
        (Some(Ok(scan)), _) => Some(Ok(scan)),
        (decoded, Some(rendering)) => {
            let why_not_scan = match decoded {
                Some(Err(e)) => format!(" (its image could not be decoded: {e})"),
                _ => String::new(),
            };
            Some(
                render(geometry, rendering)
                    .map(|mut r| {
                        r.how.push_str(&why_not_scan);
                        r
                    })
                    .map_err(|e| format!("it could not be rendered ({e}){why_not_scan}")),
            )
        }
        (decoded, None) => decoded,
    }
}

/// Renders the page with poppler, as an image covering the whole page.
#[cfg(feature = "ocr")]
fn render(geometry: &PageGeometry, rendering: &Rendering) -> Result<PageRaster, String> {
    let page = &geometry.page;
    let (gray, dpi) = phuluc_render::render(&phuluc_render::PageToRender {
        pdf: rendering.pdf,
        password: rendering.password,
        page: page.number,
        size: (page.width, page.height),
        dpi: rendering.dpi,
    })
    .map_err(|e| e.to_string())?;
    let image = covering(page.width, page.height, &gray);
    Ok(PageRaster {
        gray,
        image,
        how: format!("the page rendered at {dpi} dpi"),
    })
}

/// Built without the `ocr` feature: pages are not rendered.
#[cfg(not(feature = "ocr"))]
fn render(_: &PageGeometry, _: &Rendering) -> Result<PageRaster, String> {
    Err("phuluc was built without the `ocr` feature".into())
}

/// Where an image of `gray`'s samples covering a `width` × `height` page lies: its unit
/// square's bottom-left at the page's bottom-left corner (page coordinates: top-left origin,
/// y down).
pub fn covering(width: f64, height: f64, gray: &Gray) -> PlacedImage {
    PlacedImage {
        id: (0, 0),
        width: u32::try_from(gray.width).unwrap_or(u32::MAX),
        height: u32::try_from(gray.height).unwrap_or(u32::MAX),
        matrix: [width, 0.0, 0.0, -height, 0.0, height],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rendered_page_covers_the_page_top_row_first() {
        let gray = Gray {
            width: 200,
            height: 100,
            data: vec![255; 200 * 100],
        };
        let image = covering(400.0, 200.0, &gray);
        let b = image.bbox();
        assert!((b.x0, b.top, b.x1, b.bottom) == (0.0, 0.0, 400.0, 200.0));
        // Sample (0, 0) is at the top-left, sample (199, 99) at the bottom-right.
        let (x, y) = image.to_page(0.0, 0.0);
        assert!(x < 2.0 && y < 2.0, "{x} {y}");
        let (x, y) = image.to_page(199.0, 99.0);
        assert!(x > 398.0 && y > 198.0, "{x} {y}");
    }
}
