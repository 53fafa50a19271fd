//! Cell-text assembly: arbitrary glyphs (any text, any box, NaN and infinities included) →
//! lines, words and the joined cell text.
//!
//! Input format (so that seeds can be made from real pages, see `fuzz/README.md`):
//! `left:f32 right:f32` then glyphs, each `len:u8 text[len] x0 top x1 bottom baseline size:f32`
//! (little-endian); the text is decoded lossily, a short tail is ignored.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phuluc_model::{BBox, Glyph};
use phuluc_parser::text::{join_lines, lines_of, words_of, TextSettings};

fn f32_at(data: &[u8], at: usize) -> Option<f64> {
    let b: [u8; 4] = data.get(at..at + 4)?.try_into().ok()?;
    Some(f64::from(f32::from_le_bytes(b)))
}

fn glyphs(data: &[u8]) -> (f64, f64, Vec<Glyph>) {
    let left = f32_at(data, 0).unwrap_or(0.0);
    let right = f32_at(data, 4).unwrap_or(100.0);
    let mut out = Vec::new();
    let mut at = 8;
    while out.len() < 4000 {
        let Some(&len) = data.get(at) else { break };
        let start = at + 1;
        let Some(text) = data.get(start..start + usize::from(len)) else {
            break;
        };
        let mut v = [0.0f64; 6];
        let mut p = start + usize::from(len);
        for slot in v.iter_mut() {
            match f32_at(data, p) {
                Some(x) => *slot = x,
                None => return (left, right, out),
            }
            p += 4;
        }
        out.push(Glyph {
            text: String::from_utf8_lossy(text).into_owned(),
            bbox: BBox::new(v[0], v[1], v[2], v[3]),
            baseline: v[4],
            size: v[5],
            font: "F".into(),
            upright: len & 0x80 == 0,
        });
        at = p;
    }
    (left, right, out)
}

fuzz_target!(|data: &[u8]| {
    let (left, right, glyphs) = glyphs(data);
    let refs: Vec<&Glyph> = glyphs.iter().collect();
    let settings = TextSettings::default();
    let lines = lines_of(&refs, &settings);
    let _ = words_of(&refs, &settings);
    let _ = join_lines(&lines, left, right, &settings);
});
