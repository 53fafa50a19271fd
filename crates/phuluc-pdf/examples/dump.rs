//! Prints one page's geometry as JSON: `cargo run -p phuluc-pdf --example dump -- FILE [PAGE]`.
//!
//! Without PAGE, prints a per-page summary (glyph and rule counts, warnings, time).
//! With PAGE = `bench`, reads every page 20 times and prints the best time per page.

use phuluc_pdf::{Limits, PdfDocument};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: dump FILE.pdf [PAGE]");
        std::process::exit(2);
    };
    let arg = args.next();
    let bench = arg.as_deref() == Some("bench");
    let page: Option<u32> = arg.and_then(|p| p.parse().ok());
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let t = Instant::now();
    let doc = match PdfDocument::load(&bytes, &Limits::default()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let load = t.elapsed();
    if bench {
        let mut best = f64::INFINITY;
        for _ in 0..20 {
            let t = Instant::now();
            for n in 1..=doc.page_count() {
                let _ = doc.page(n);
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{} pages, best pass {:.2} ms, {:.3} ms/page (load {:?})",
            doc.page_count(),
            best * 1e3,
            best * 1e3 / f64::from(doc.page_count()),
            load
        );
        return;
    }
    match page {
        Some(n) => match doc.page(n) {
            Ok(g) => {
                let out = serde_json::json!({
                    "page": g.page,
                    "warnings": g.warnings,
                });
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            }
            Err(e) => {
                eprintln!("page {n}: {e}");
                std::process::exit(1);
            }
        },
        None => {
            println!(
                "{:?} load {:?} pages {}",
                doc.info(),
                load,
                doc.page_count()
            );
            let t = Instant::now();
            for n in 1..=doc.page_count() {
                let t1 = Instant::now();
                match doc.page(n) {
                    Ok(g) => println!(
                        "page {n}: {} glyphs, {} rules, {} warnings, {:?}",
                        g.page.glyphs.len(),
                        g.page.rules.len(),
                        g.warnings.len(),
                        t1.elapsed()
                    ),
                    Err(e) => println!("page {n}: error {e}"),
                }
            }
            println!("all pages: {:?}", t.elapsed());
        }
    }
}
