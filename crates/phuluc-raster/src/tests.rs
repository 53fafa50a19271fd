use super::*;

/// A white page `w`×`h` with a grid of 1-in-`cell` lines `thick` samples wide, turned by `deg`,
/// and some "text" blobs that must not become lines.
fn grid(w: usize, h: usize, cell: usize, thick: usize, deg: f64) -> Gray {
    let mut straight = vec![255u8; w * h];
    let margin = 50;
    for y in margin..h - margin {
        for x in margin..w - margin {
            let on_h = (y - margin) % cell < thick;
            let on_v = (x - margin) % cell < thick;
            if on_h || on_v {
                straight[y * w + x] = 20;
            }
        }
    }
    // Letters: 8×12 blobs inside each cell.
    for cy in (margin + 20..h - margin - 20).step_by(cell) {
        for cx in (margin + 20..w - margin - 40).step_by(cell) {
            for y in cy..cy + 12 {
                for x in (cx..cx + 30).filter(|x| (x / 10) % 2 == 0) {
                    straight[y * w + x] = 40;
                }
            }
        }
    }
    let bits = Bitmap {
        width: w,
        height: h,
        ink: straight.iter().map(|v| *v < 128).collect(),
    };
    // Turning the straight page by -deg with `rotated` skews it by +deg.
    let turned = bits.rotated(-deg);
    Gray {
        width: w,
        height: h,
        data: turned
            .ink
            .iter()
            .map(|b| if *b { 30 } else { 230 })
            .collect(),
    }
}

#[test]
fn skew_is_measured_within_a_tenth_of_a_degree() {
    for deg in [-0.5, 0.0, 0.3, 0.7] {
        let g = grid(800, 600, 100, 3, deg);
        let got = Bitmap::otsu(&g).skew_degrees();
        assert!((got - deg).abs() <= 0.1, "turned {deg}°, measured {got}°");
    }
}

#[test]
fn the_lines_of_a_turned_grid_are_found_and_letters_are_not_lines() {
    let g = grid(800, 600, 100, 3, 0.5);
    let bits = Bitmap::otsu(&g);
    let skew = bits.skew_degrees();
    let lines = bits.rotated(skew).lines(40, 8);
    let h = lines.iter().filter(|l| l.horizontal).count();
    let v = lines.iter().filter(|l| !l.horizontal).count();
    // Margins 50: 500 rows of grid → lines at 0,100,…,400 (5, the last cut at 500) and
    // 700 columns → 7.
    assert_eq!((h, v), (5, 7), "{lines:?}");
    for l in lines.iter().filter(|l| l.horizontal) {
        assert!(l.x1 - l.x0 > 600, "a horizontal line is whole: {l:?}");
        assert!(l.y1 - l.y0 < 8, "and thin: {l:?}");
    }
}

#[test]
fn rules_land_on_the_page_where_the_image_is_drawn() {
    // 800×600 samples drawn on a 400×300 pt area at (10, 20) top-left.
    let g = grid(800, 600, 100, 3, 0.0);
    let image = PlacedImage {
        id: (1, 0),
        width: 800,
        height: 600,
        // unit square → page: x = 400u + 10, y = -300v + 320 (v = 1 is the image's top)
        matrix: [400.0, 0.0, 0.0, -300.0, 10.0, 320.0],
    };
    let a = ScanAnalysis::of(&g, image);
    assert!(a.skew_degrees.abs() < 0.05);
    let top = a
        .rules
        .iter()
        .filter(|r| r.is_horizontal())
        .map(|r| r.bbox.top)
        .fold(f64::INFINITY, f64::min);
    // The first horizontal line is at sample row 50 → 20 + 25 pt.
    assert!((top - 45.0).abs() < 1.0, "{top}");
    let left = a
        .rules
        .iter()
        .filter(|r| !r.is_horizontal())
        .map(|r| r.bbox.x0)
        .fold(f64::INFINITY, f64::min);
    assert!((left - 35.0).abs() < 1.0, "{left}");
}

#[test]
fn straightening_undoes_the_skew_of_glyph_positions() {
    let image = PlacedImage {
        id: (1, 0),
        width: 1000,
        height: 1000,
        matrix: [500.0, 0.0, 0.0, -500.0, 0.0, 500.0],
    };
    let a = ScanAnalysis {
        image,
        skew_degrees: 1.0,
        rules: Vec::new(),
    };
    // Two glyphs on one printed line, turned by 1° about the centre (250, 250).
    let t = 1f64.to_radians().tan();
    let glyph = |x: f64| Glyph {
        text: "a".into(),
        bbox: BBox::new(
            x - 2.0,
            240.0 + (x - 250.0) * t,
            x + 2.0,
            248.0 + (x - 250.0) * t,
        ),
        baseline: 246.0 + (x - 250.0) * t,
        size: 8.0,
        font: "F".into(),
        upright: false,
    };
    let mut gs = vec![glyph(50.0), glyph(450.0)];
    a.straighten(&mut gs);
    assert!((gs[0].bbox.top - gs[1].bbox.top).abs() < 0.2, "{gs:?}");
    assert!(gs.iter().all(|g| g.upright));
}

#[test]
fn plain_samples_of_every_depth_decode() {
    let img = |bpc: u8, color: ImageColor, data: Vec<u8>| ImageData {
        width: 2,
        height: 1,
        bits_per_component: bpc,
        color,
        encoding: ImageEncoding::Samples,
        inverted: false,
        data,
    };
    assert_eq!(
        decode(&img(8, ImageColor::Gray, vec![0, 255])).map(|g| g.data),
        Ok(vec![0, 255])
    );
    assert_eq!(
        decode(&img(1, ImageColor::Gray, vec![0b0100_0000])).map(|g| g.data),
        Ok(vec![0, 255])
    );
    assert_eq!(
        decode(&img(1, ImageColor::Mask, vec![0b0100_0000])).map(|g| g.data),
        Ok(vec![0, 255])
    );
    assert_eq!(
        decode(&img(8, ImageColor::Rgb, vec![255, 255, 255, 0, 0, 0])).map(|g| g.data),
        Ok(vec![255, 0])
    );
    // Short data is an error, not a panic.
    assert!(matches!(
        decode(&img(8, ImageColor::Rgb, vec![1])),
        Err(RasterError::Invalid(_))
    ));
    let mut big = img(8, ImageColor::Gray, vec![]);
    big.width = 100_000;
    big.height = 100_000;
    assert!(matches!(decode(&big), Err(RasterError::TooLarge(_))));
    let mut jbig = img(1, ImageColor::Gray, vec![]);
    jbig.encoding = ImageEncoding::Jbig2;
    assert!(matches!(decode(&jbig), Err(RasterError::Unsupported(_))));
}

#[test]
fn broken_jpeg_and_fax_data_are_errors() {
    let img = |encoding| ImageData {
        width: 16,
        height: 16,
        bits_per_component: 8,
        color: ImageColor::Gray,
        encoding,
        inverted: false,
        data: vec![0xff, 0xd8, 0xff, 0x00, 1, 2, 3],
    };
    assert!(decode(&img(ImageEncoding::Dct)).is_err());
    let g4 = ImageEncoding::Ccitt {
        k: -1,
        columns: 16,
        rows: 16,
        black_is_1: false,
        byte_align: false,
    };
    // Whatever the decoder makes of garbage, it is an error or a 16×16 image.
    match decode(&img(g4)) {
        Ok(g) => assert_eq!((g.width, g.height, g.data.len()), (16, 16, 256)),
        Err(e) => assert!(matches!(e, RasterError::Invalid(_))),
    }
}

#[test]
fn short_runs_that_meet_no_line_are_text_not_rules() {
    let line = |horizontal, x0, y0, x1, y1| Line {
        horizontal,
        x0,
        y0,
        x1,
        y1,
    };
    let lines = vec![
        line(true, 10, 100, 500, 101),  // long: a rule
        line(false, 10, 100, 11, 400),  // long vertical
        line(true, 11, 200, 60, 201),   // short, meets the vertical at its left end
        line(true, 200, 300, 250, 301), // short, meets nothing: the feet of bold letters
    ];
    let kept = without_text_runs(lines.clone(), 100, 3);
    assert_eq!(kept, lines[..3].to_vec());
}

#[test]
fn crops_scale_and_ink_bounds() {
    let mut g = Gray {
        width: 10,
        height: 10,
        data: vec![255; 100],
    };
    // A 2×2 blot at (4, 5) and one lone dark sample (noise) at (0, 0).
    for (x, y) in [(4, 5), (5, 5), (4, 6), (5, 6)] {
        g.data[y * 10 + x] = 0;
    }
    g.data[0] = 0;
    assert_eq!(g.ink_bounds(128), Some((4, 5, 6, 7)));
    let c = g.crop(3, 4, 8, 20);
    assert_eq!((c.width, c.height), (5, 6));
    assert_eq!(c.ink_bounds(128), Some((1, 1, 3, 3)));
    let s = c.scaled(2.0);
    assert_eq!((s.width, s.height), (10, 12));
    assert!(s.data[3 * 10 + 3] < 128);
    assert_eq!(c.scaled(f64::NAN), c);
}

#[test]
fn a_one_sample_rule_flickering_between_two_rows_is_one_line() {
    // A rule one sample thick that a straightening left on the border of two rows: its ink
    // changes row every few samples, so that neither row holds a run of the minimum length.
    let (w, h) = (600, 40);
    let mut ink = vec![false; w * h];
    for x in 20..580 {
        let y = if (x / 7) % 2 == 0 { 20 } else { 21 };
        ink[y * w + x] = true;
    }
    let bits = Bitmap {
        width: w,
        height: h,
        ink,
    };
    let lines = bits.lines(40, 8);
    let horizontal: Vec<&Line> = lines.iter().filter(|l| l.horizontal).collect();
    assert_eq!(horizontal.len(), 1, "{lines:?}");
    assert!(
        horizontal[0].x0 <= 20 && horizontal[0].x1 >= 579,
        "{lines:?}"
    );
    assert!(
        lines.iter().all(|l| l.horizontal),
        "no vertical line: {lines:?}"
    );
}

#[test]
fn a_grey_noisy_paper_is_made_white_and_ink_stays_black() {
    // Paper around 235 ± 8, ink at 20: the paper's level is taken low in its class, so that
    // nearly all of it turns 255 while the ink keeps its darkness.
    let (w, h) = (100, 20);
    let mut data = Vec::with_capacity(w * h);
    for i in 0..w * h {
        data.push(if i % 10 == 0 {
            20
        } else {
            227 + (i * 7 % 17) as u8
        });
    }
    let g = Gray {
        width: w,
        height: h,
        data,
    };
    let white = g.whiten_paper();
    let paper_white = white
        .data
        .iter()
        .zip(&g.data)
        .filter(|(_, o)| **o > 100)
        .filter(|(n, _)| **n == 255)
        .count();
    let paper = g.data.iter().filter(|o| **o > 100).count();
    assert!(
        paper_white as f64 >= 0.9 * paper as f64,
        "{paper_white}/{paper}"
    );
    assert!(white
        .data
        .iter()
        .zip(&g.data)
        .filter(|(_, o)| **o == 20)
        .all(|(n, _)| *n <= 25));
    // A page already white is left as it is.
    let clean = Gray {
        width: 4,
        height: 1,
        data: vec![0, 255, 255, 255],
    };
    assert_eq!(clean.whiten_paper(), clean);
}
