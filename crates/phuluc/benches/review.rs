//! Criterion benchmark of the review report on the 30-page fixture: `phuluc_review::render`
//! from the extraction and the pages' geometry (the work `phuluc review` adds to extracting),
//! and the whole `phuluc review` path from the PDF's bytes. The report's size is printed and
//! held to the budget of docs/review.md (≤ 2 MB).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The report's size budget for the 30-page fixture.
const MAX_BYTES: usize = 2_000_000;

fn bench(c: &mut Criterion) {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/bac-giang-402.word.pdf"
    ));
    let options = phuluc::Options::default();
    let (ex, pages) = phuluc::extract_file_with_pages(path, &options).expect("fixture extracts");
    let html = phuluc_review::render(&ex, &pages);
    println!(
        "review report of bac-giang-402.word.pdf: {} bytes ({} pages, {} records)",
        html.len(),
        pages.len(),
        ex.records.len()
    );
    assert!(html.len() <= MAX_BYTES, "report of {} bytes", html.len());
    let mut group = c.benchmark_group("bac-giang-402.word.pdf (30 pages)");
    group.sample_size(30);
    group.bench_function("review report: render", |b| {
        b.iter(|| black_box(phuluc_review::render(black_box(&ex), black_box(&pages))).len())
    });
    group.bench_function("review report: PDF to HTML", |b| {
        b.iter(|| {
            let (ex, pages) = phuluc::extract_file_with_pages(path, &options).expect("extracts");
            black_box(phuluc_review::render(&ex, &pages)).len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
