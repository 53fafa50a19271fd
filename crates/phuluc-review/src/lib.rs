//! The review report: one self-contained HTML file that shows what phuluc extracted, over the
//! pages it was extracted from (`phuluc review plan.pdf -o plan.review.html`).
//!
//! [`render`] is a pure function of an [`Extraction`] (the same one the JSON is written from)
//! and the pages' geometry ([`Page`]: glyphs and rules, as `phuluc-pdf` read them). The file
//! holds:
//!
//! - a **summary**: pages, tables, records, how each column was mapped (header text → field),
//!   warnings by kind, unresolved agencies with their counts;
//! - the **pages**, each one inline `<svg class="page" data-page="N">`: the glyphs' text at
//!   their positions and the rules, under overlays that can be toggled (table area, header
//!   band, column boundaries with their field names, row bands, cells coloured by field,
//!   continuation fragments tied to their record, page furniture greyed out, text no cell took
//!   in red);
//! - the **records** as a table with the CSV's columns (`phuluc_csv::flat_header`), one
//!   `<tr data-record="<index into records>">` each; records needing review carry the class
//!   `flag` and their reasons; `j`/`k` jump between them; clicking a record highlights its
//!   cells on every page, clicking a cell selects its record.
//!
//! Nothing is fetched: no external script, style, font or image, and a Content-Security-Policy
//! forbids any. All document text reaches the file escaped (see `html`), never inside a
//! script. When the extraction has no page layouts (`Extraction::layouts`), the pages show
//! the glyphs, rules and the records' cell boxes only.

mod html;
mod page;

use phuluc_model::{AgencyKind, Column, Extraction, Page, PageLayout};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The overlays, in the toolbar's order: (key, label, what it shows).
pub const OVERLAYS: [(&str, &str, &str); 9] = [
    ("area", "table area", "the table's area on the page"),
    (
        "header",
        "header band",
        "the header row, or its repeat on a continuation page",
    ),
    (
        "cols",
        "columns",
        "column boundaries, with the field each column was mapped to",
    ),
    (
        "rows",
        "row bands",
        "the body's row bands, labelled with their record's STT",
    ),
    ("cells", "cells", "every record's cells, coloured by field"),
    (
        "cont",
        "continuations",
        "cell pieces continuing a row from an earlier page, tied to their record",
    ),
    (
        "furniture",
        "furniture",
        "page furniture (page numbers, running text, repeated header, title block) greyed out",
    ),
    (
        "unassigned",
        "unassigned text",
        "text inside the table that no cell took, in red",
    ),
    (
        "text",
        "page text",
        "the glyphs and rules of the page itself",
    ),
];

/// Renders the review report of `ex` over `pages` (the document's pages in any order, matched
/// by [`Page::number`]; a page missing from `pages` is drawn empty with its overlays).
pub fn render(ex: &Extraction, pages: &[Page]) -> String {
    let page_count = (ex.source.pages as usize)
        .max(pages.iter().map(|p| p.number as usize).max().unwrap_or(0))
        .max(
            ex.layouts
                .iter()
                .map(|l| l.page as usize)
                .max()
                .unwrap_or(0),
        );
    let glyphs: usize = pages.iter().map(|p| p.glyphs.len()).sum();
    let mut out = String::with_capacity(64 * 1024 + glyphs * 12 + ex.records.len() * 2048);
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"vi\" data-errors=\"\"><head><meta charset=\"utf-8\">",
    );
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    out.push_str("<meta name=\"generator\" content=\"phuluc review\"><title>Review: ");
    html::text(&mut out, &ex.source.file);
    out.push_str("</title><script>");
    out.push_str(ERROR_TRAP);
    out.push_str("</script><style>");
    out.push_str(STYLE);
    out.push_str("</style></head>\n<body>");
    summary(&mut out, ex, page_count);
    toolbar(&mut out, ex);
    out.push_str("<main><section id=\"pages\" aria-label=\"pages\">\n");
    let cells = page::cells_by_page(ex, page_count);
    for (k, cells) in cells.iter().enumerate() {
        let number = k as u32 + 1;
        let geometry = pages.iter().find(|p| p.number == number);
        let layout: Option<&PageLayout> = ex.layouts.iter().find(|l| l.page == number);
        page::draw(&mut out, ex, number, geometry, layout, cells);
    }
    out.push_str("</section>\n<section id=\"records\" aria-label=\"records\">");
    records(&mut out, ex);
    out.push_str("</section></main><script>");
    out.push_str(SCRIPT);
    out.push_str("</script></body></html>\n");
    out
}

/// The serde (JSON) name of a value such as a warning code.
fn json_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "other".into())
}

fn summary(out: &mut String, ex: &Extraction, page_count: usize) {
    let flagged = ex.records_needing_review();
    out.push_str("<header id=\"summary\"><h1>Review: ");
    html::text(out, &ex.source.file);
    out.push_str("</h1>");
    if let Some(t) = &ex.document.title {
        out.push_str("<p class=\"doctitle\">");
        html::text(out, t);
        out.push_str("</p>");
    }
    let tables = ex.tables.len().max(usize::from(!ex.columns.is_empty()));
    let _ = write!(
        out,
        "<dl class=\"counts\"><dt>pages</dt><dd id=\"n-pages\">{page_count}</dd>\
         <dt>tables</dt><dd id=\"n-tables\">{tables}</dd>\
         <dt>records</dt><dd id=\"n-records\">{}</dd>\
         <dt>need review</dt><dd id=\"n-flagged\" class=\"{}\">{flagged}</dd>\
         <dt>warnings</dt><dd id=\"n-warnings\">{}</dd></dl>",
        ex.records.len(),
        if flagged > 0 { "bad" } else { "good" },
        ex.warnings.len()
    );
    out.push_str("<div class=\"boxes\">");

    // Column mapping, per table.
    out.push_str("<section><h2>Columns</h2>");
    let mut listed: Vec<(Option<&str>, &[Column])> = ex
        .tables
        .iter()
        .map(|t| (t.title.as_deref(), t.columns.as_slice()))
        .collect();
    if listed.is_empty() {
        listed.push((None, &ex.columns));
    }
    for (k, (title, columns)) in listed.iter().enumerate() {
        if listed.len() > 1 || title.is_some() {
            let _ = write!(out, "<h3>Table {}", k + 1);
            if let Some(t) = title {
                out.push_str(": ");
                html::text(out, t);
            }
            out.push_str("</h3>");
        }
        out.push_str(
            "<table class=\"mapping\"><tr><th>#</th><th>header as printed</th><th>field</th></tr>",
        );
        for c in columns.iter() {
            let field = c.field.as_str();
            let _ = write!(out, "<tr><td>{}</td><td>", c.index + 1);
            html::text(out, &c.header);
            let _ = write!(
                out,
                "</td><td><span class=\"sw f{}\"></span>{field}</td></tr>",
                page::field_class(field)
            );
        }
        out.push_str("</table>");
    }
    out.push_str("</section>");

    // Warnings by kind, and the full list.
    out.push_str("<section><h2>Warnings by kind</h2>");
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for w in &ex.warnings {
        *kinds.entry(json_name(&w.code)).or_default() += 1;
    }
    if kinds.is_empty() {
        out.push_str("<p class=\"good\">none</p>");
    } else {
        out.push_str("<table class=\"kinds\">");
        for (kind, n) in &kinds {
            let _ = write!(out, "<tr data-kind=\"{}\"><td>", html::token(kind));
            html::text(out, kind);
            let _ = write!(out, "</td><td>{n}</td></tr>");
        }
        out.push_str("</table><details><summary>every warning</summary><ol class=\"warnings\">");
        for w in &ex.warnings {
            out.push_str("<li");
            if let Some(r) = w.record {
                let _ = write!(out, " data-goto=\"{r}\"");
            }
            out.push('>');
            out.push_str("<code>");
            html::text(out, &json_name(&w.code));
            out.push_str("</code> ");
            if let Some(p) = w.page {
                let _ = write!(out, "<a href=\"#page-{p}\">page {p}</a> ");
            }
            html::text(out, &w.message);
            out.push_str("</li>");
        }
        out.push_str("</ol></details>");
    }
    out.push_str("</section>");

    // Unresolved agencies: mentions the registry does not know, with how often they occur.
    out.push_str("<section><h2>Unresolved agencies</h2>");
    let mut unresolved: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, rec) in ex.records.iter().enumerate() {
        for cell in [&rec.lead, &rec.partners].into_iter().flatten() {
            for m in cell.agencies.iter().flatten() {
                if m.kind == AgencyKind::Unknown {
                    unresolved.entry(m.mention.as_str()).or_default().push(i);
                }
            }
        }
    }
    if unresolved.is_empty() {
        out.push_str("<p class=\"good\">none</p>");
    } else {
        let mut rows: Vec<(&str, Vec<usize>)> = unresolved.into_iter().collect();
        rows.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        out.push_str("<table class=\"unresolved\"><tr><th>mention</th><th>count</th></tr>");
        for (mention, recs) in rows {
            let _ = write!(out, "<tr data-goto=\"{}\"><td>", recs[0]);
            html::text(out, mention);
            let _ = write!(out, "</td><td>{}</td></tr>", recs.len());
        }
        out.push_str("</table>");
    }
    out.push_str("</section></div></header>\n");
}

fn toolbar(out: &mut String, ex: &Extraction) {
    out.push_str("<nav id=\"toolbar\">");
    for (key, label, title) in OVERLAYS {
        let _ = write!(
            out,
            "<label title=\"{title}\"><input type=\"checkbox\" data-ov=\"{key}\" checked> <span class=\"key k-{key}\"></span>{label}</label>"
        );
    }
    out.push_str("<label title=\"page width\">zoom <select id=\"zoom\"><option value=\"1\" selected>fit</option><option value=\"1.5\">150%</option><option value=\"2\">200%</option><option value=\"3\">300%</option></select></label>");
    out.push_str("<label title=\"record columns that are empty in every record\"><input type=\"checkbox\" id=\"show-empty\"> empty columns</label>");
    if ex.layouts.is_empty() {
        out.push_str("<span class=\"muted\" id=\"no-layout\">no table layouts in this extraction: cells only</span>");
    }
    let _ = writeln!(
        out,
        "<span id=\"nav\"><kbd>j</kbd>/<kbd>k</kbd> next/previous of <b>{}</b> flagged</span><span id=\"status\" aria-live=\"polite\"></span></nav>",
        ex.records_needing_review()
    );
}

fn records(out: &mut String, ex: &Extraction) {
    let header = phuluc_csv::flat_header(ex);
    let rows = phuluc_csv::flat_rows(ex);
    // Columns empty in every record (a column the document lacks) stay in the table but are
    // folded away until "empty columns" is ticked.
    let empty: Vec<bool> = (0..header.len())
        .map(|c| rows.iter().all(|r| r.get(c).is_none_or(|v| v.is_empty())))
        .collect();
    out.push_str("<table id=\"record-table\"><thead><tr><th>#</th><th>review</th>");
    for (h, &e) in header.iter().zip(&empty) {
        out.push_str(if e { "<th class=\"e\">" } else { "<th>" });
        html::text(out, h);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead><tbody>\n");
    for (i, (rec, row)) in ex.records.iter().zip(&rows).enumerate() {
        let _ = write!(
            out,
            "<tr id=\"record-{i}\" data-record=\"{i}\" data-pages=\""
        );
        for (k, p) in rec.source.pages.iter().enumerate() {
            if k > 0 {
                out.push(' ');
            }
            let _ = write!(out, "{p}");
        }
        out.push('"');
        if rec.review.needed {
            out.push_str(" class=\"flag\" data-review=\"");
            // Each code once, in the order of the reasons.
            html::attr(out, &rec.review.codes().replace(", ", " "));
            out.push('"');
        }
        let _ = write!(out, "><td class=\"idx\">{}</td><td class=\"why\">", i + 1);
        if rec.review.needed {
            out.push_str("<ul>");
            for r in &rec.review.reasons {
                out.push_str("<li><code>");
                html::text(out, r.code.as_str());
                out.push_str("</code>");
                if let Some(f) = &r.field {
                    out.push_str(" (");
                    html::text(out, f);
                    out.push(')');
                }
                out.push_str(": ");
                html::text(out, &r.message);
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        out.push_str("</td>");
        for (v, &e) in row.iter().zip(&empty) {
            out.push_str(if e {
                "<td class=\"e\"><div>"
            } else {
                "<td><div>"
            });
            html::text(out, v);
            out.push_str("</div></td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>");
}

/// Installed before anything else: every script error and `console.error` is written into the
/// root element's `data-errors`, so a test reading the DOM sees them.
const ERROR_TRAP: &str = r#"(function(){var d=document.documentElement,errs=[];function note(m){errs.push(String(m));d.setAttribute('data-errors',errs.join(' | '));}
window.addEventListener('error',function(e){note((e.message||'error')+(e.filename?' @'+e.lineno:''));});
window.addEventListener('unhandledrejection',function(e){note('unhandled rejection: '+e.reason);});
document.addEventListener('securitypolicyviolation',function(e){note('blocked by the report\'s policy: '+e.blockedURI);});
var ce=console.error;console.error=function(){note([].slice.call(arguments).join(' '));return ce.apply(console,arguments);};})();"#;

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

#[cfg(test)]
mod tests;
