//! The PDF layer: arbitrary bytes → load → every page. Any panic (caught or not — the layer's
//! own `catch_unwind` is a last resort, so panics are reported here via the hook), hang or
//! out-of-memory is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phuluc_pdf::{Limits, PdfDocument};

fuzz_target!(|data: &[u8]| {
    // Tighter than the defaults so one input cannot run for long under the sanitizer.
    let limits = Limits {
        max_decompressed_bytes_per_stream: 4 << 20,
        max_decompressed_bytes_per_page: 8 << 20,
        max_decompressed_bytes_per_document: 16 << 20,
        max_operators_per_page: 200_000,
        max_glyphs_per_page: 50_000,
        max_rules_per_page: 50_000,
        max_pages: 200,
        ..Limits::default()
    };
    let Ok(doc) = PdfDocument::load(data, &limits) else {
        return;
    };
    let _ = doc.info();
    for n in 1..=doc.page_count() {
        let _ = doc.page(n);
    }
});
