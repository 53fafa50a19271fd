//! The normalizer: arbitrary cell texts (agencies, timelines, budgets, budget header, plan
//! period, province) → structured values, through the public functions and a whole
//! `normalize_in_place` over a real extraction template.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phuluc_model::{Extraction, Field, Period};
use phuluc_normalize::{
    fold_text, header_multiplier, parse_budget, parse_timeline, split_agencies, Registry,
};
use std::sync::OnceLock;

static TEMPLATE: &str = include_str!("../template.json");

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(Registry::builtin)
}

fn template() -> &'static Extraction {
    static T: OnceLock<Extraction> = OnceLock::new();
    T.get_or_init(|| serde_json::from_str(TEMPLATE).expect("fuzz/template.json is valid"))
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let start = 1900 + i32::from(data[0]);
    let end = start + i32::from(data[1] % 40);
    let period = (data[2] & 1 == 1).then_some(Period { start, end });
    let text = String::from_utf8_lossy(&data[3..]);
    let parts: Vec<&str> = text.split('|').collect();
    let part = |i: usize| parts.get(i).copied().unwrap_or("");
    let registry = registry();

    let province = (!part(4).is_empty()).then(|| part(4));
    let _ = split_agencies(part(0), registry, province);
    let _ = parse_timeline(part(1), period);
    let _ = parse_budget(part(2), header_multiplier(part(3)));
    let _ = fold_text(part(0));

    let mut ex = template().clone();
    ex.document.period = period;
    ex.document.province = province.map(str::to_string);
    for c in ex.columns.iter_mut() {
        if c.field == Field::Budget {
            c.header = part(3).to_string();
        }
    }
    for (i, rec) in ex.records.iter_mut().enumerate() {
        let p = |k: usize| part(5 + 4 * i + k).to_string();
        if let Some(c) = rec.lead.as_mut() {
            c.text = p(0);
        }
        if let Some(c) = rec.partners.as_mut() {
            c.text = p(1);
        }
        if let Some(c) = rec.timeline.as_mut() {
            c.text = p(2);
        }
        if let Some(c) = rec.budget.as_mut() {
            c.text = p(3);
        }
    }
    phuluc_normalize::normalize_in_place(&mut ex, registry);
});
