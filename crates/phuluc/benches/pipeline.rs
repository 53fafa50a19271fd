//! Criterion benchmark of the whole pipeline on the 30-page fixture: PDF bytes → geometry →
//! records → normalized records → JSON, and of its stages separately.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

// The allocator the `phuluc` command runs with.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn fixture() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/bac-giang-402.word.pdf"
    );
    std::fs::read(path).unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let bytes = fixture();
    assert!(!bytes.is_empty(), "fixture missing");
    let options = phuluc::Options::default();
    let mut group = c.benchmark_group("bac-giang-402.word.pdf (30 pages)");
    group.sample_size(20);
    group.bench_function("whole pipeline to JSON", |b| {
        b.iter(|| {
            let ex = phuluc::extract_bytes("bench.pdf", black_box(&bytes), &options).ok();
            let json =
                ex.and_then(|ex| phuluc_json::to_string(&ex, phuluc_json::Layout::Pretty).ok());
            black_box(json)
        })
    });
    let doc = phuluc_pdf::PdfDocument::load(&bytes, &Default::default());
    if let Ok(doc) = doc {
        group.bench_function("pdf layer: page geometry", |b| {
            b.iter(|| {
                (1..=doc.page_count())
                    .filter_map(|n| doc.page(n).ok())
                    .count()
            })
        });
        let pages: Vec<phuluc_model::Page> = (1..=doc.page_count())
            .filter_map(|n| doc.page(n).ok())
            .map(|g| g.page)
            .collect();
        group.bench_function("parser: geometry to records", |b| {
            b.iter(|| {
                phuluc_parser::parse_pages(black_box(&pages), Default::default())
                    .records
                    .len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
