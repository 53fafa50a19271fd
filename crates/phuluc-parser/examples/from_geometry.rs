//! Runs the parser on page geometry stored as JSON (a list of `Page`s, e.g. dumped by another
//! PDF reader) and prints the phuluc/1 JSON. A debugging aid: `cargo run --example
//! from_geometry -- pages.json`.

use phuluc_model::{Extraction, Page, SourceFile};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: from_geometry PAGES.json")?;
    let pages: Vec<Page> = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    let parsed = phuluc_parser::parse_pages(&pages, Default::default());
    let mut ex = Extraction::new(SourceFile {
        file: path,
        sha256: String::new(),
        pages: pages.len() as u32,
    });
    ex.document = parsed.document;
    ex.columns = parsed.columns;
    ex.records = parsed.records;
    ex.warnings = parsed.warnings;
    println!("{}", serde_json::to_string_pretty(&ex)?);
    Ok(())
}
