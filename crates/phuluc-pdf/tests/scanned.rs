//! Invisible text (an OCR layer) and image XObjects: kept apart from the visible page.
mod common;
use common::*;
use lopdf::dictionary;
use phuluc_pdf::{ImageColor, ImageEncoding, Limits, PdfDocument};

#[test]
fn invisible_text_is_kept_apart_from_the_visible_glyphs() {
    let g = page1(&one_page(
        b"BT /F1 10 Tf 3 Tr 1 0 0 1 100 700 Tm (Hidden) Tj 0 Tr 1 0 0 1 100 600 Tm (Shown) Tj ET",
    ));
    assert_eq!(text(&g), "Shown");
    let hidden: String = g.hidden_glyphs.iter().map(|x| x.text.as_str()).collect();
    assert_eq!(hidden, "Hidden");
    // Same coordinates as visible glyphs: top-left origin, baseline at 792 - 700.
    assert!((g.hidden_glyphs[0].baseline - 92.0).abs() < 1e-6);
    assert!(g.images.is_empty());
}

#[test]
fn an_image_is_placed_and_its_data_read() {
    let mut pdf = TestPdf::new();
    pdf.font("F1", simple_font("TestFont"));
    // A 4×2 grey image (plain samples) drawn over 200×100 pt at (50, 600)-(250, 700).
    let id = pdf.stream(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 4, "Height" => 2,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        &[0, 64, 128, 255, 255, 255, 255, 255],
    );
    pdf.xobjects.set("Im1", id);
    let jpeg = pdf.stream(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 8, "Height" => 8,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
        },
        b"\xff\xd8not really a jpeg",
    );
    pdf.xobjects.set("Im2", jpeg);
    let bytes = pdf.build(&[b"q 200 0 0 100 50 600 cm /Im1 Do Q q 10 0 0 10 0 0 cm /Im2 Do Q"]);
    let doc = PdfDocument::load(&bytes, &Limits::default()).expect("load");
    let g = doc.page(1).expect("page");
    assert_eq!(g.images.len(), 2);
    let im = g.images[0];
    assert_eq!((im.width, im.height), (4, 2));
    let b = im.bbox();
    assert!(
        (b.x0 - 50.0).abs() < 1e-6 && (b.top - 92.0).abs() < 1e-6,
        "{b:?}"
    );
    assert!(
        (b.x1 - 250.0).abs() < 1e-6 && (b.bottom - 192.0).abs() < 1e-6,
        "{b:?}"
    );
    // Sample (0, 0) is the image's top-left.
    let (x, y) = im.to_page(0.0, 0.0);
    assert!(
        (x - 75.0).abs() < 1e-6 && (y - 117.0).abs() < 1e-6,
        "{x} {y}"
    );
    let data = doc.image(&im).expect("image data");
    assert_eq!(data.encoding, ImageEncoding::Samples);
    assert_eq!(data.color, ImageColor::Gray);
    assert_eq!(data.data, vec![0, 64, 128, 255, 255, 255, 255, 255]);
    // An image filter is named, and its bytes handed over as they are.
    let data = doc.image(&g.images[1]).expect("jpeg data");
    assert_eq!(data.encoding, ImageEncoding::Dct);
    assert!(data.data.starts_with(b"\xff\xd8"));
}
