//! Prints the table grid the parser finds on pages given as JSON (as `phuluc-pdf`'s `dump`
//! example writes them), a debugging aid:
//!
//! ```sh
//! for p in 1 2 3; do cargo run -q -p phuluc-pdf --example dump -- X.pdf $p; done \
//!   | cargo run -q -p phuluc-parser --example grid
//! ```
//!
//! Reads a stream of `{"page": {...}}` objects (or bare pages) in page order and prints, per
//! page, the column bounds and headers, the row bands and every cell's text.

use phuluc_model::Page;
use std::io::Read;

fn main() {
    let mut input = String::new();
    if std::io::stdin().read_to_string(&mut input).is_err() {
        eprintln!("cannot read stdin");
        std::process::exit(2);
    }
    let settings = phuluc_parser::TableSettings::default();
    let mut layout = None;
    for value in serde_json::Deserializer::from_str(&input).into_iter::<serde_json::Value>() {
        let Ok(value) = value else {
            eprintln!("not JSON");
            std::process::exit(2);
        };
        let page_value = value.get("page").cloned().unwrap_or(value);
        let page: Page = match serde_json::from_value(page_value) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("not a page: {e}");
                std::process::exit(2);
            }
        };
        let Some(grid) = phuluc_parser::grid::find_grid(&page, layout.as_ref(), &settings) else {
            println!("page {}: no table", page.number);
            continue;
        };
        println!(
            "page {} (header {}): header {:.1}..{:.1}, bottom {:.1}",
            grid.page, grid.has_header, grid.header_top, grid.header_bottom, grid.bottom
        );
        let bounds: Vec<String> = grid
            .layout
            .bounds
            .iter()
            .map(|x| format!("{x:.1}"))
            .collect();
        println!("  bounds {}", bounds.join(" "));
        println!(
            "  headers {:?} next_header {:?}",
            grid.layout.headers, grid.next_header
        );
        for (r, (t, b)) in grid.rows.iter().enumerate() {
            println!("  row {r}: {t:.1}..{b:.1}");
            for c in grid.cells.iter().filter(|c| c.row == r) {
                println!(
                    "    [{}..{} x {}..{}] {:?}",
                    c.col, c.col_end, c.row, c.row_end, c.text
                );
            }
        }
        for w in &grid.warnings {
            println!("  warning: {}", w.message);
        }
        layout = Some(grid.layout);
    }
}
