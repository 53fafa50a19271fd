//! `diff` on a fixture output against copies of it changed in one way each: exactly that
//! change is reported, and nothing else.

use phuluc_check::diff::{diff, Change};
use phuluc_check::render::{self, Style};
use phuluc_check::words::WordOp;
use phuluc_model::{Extraction, ReviewCode, Warning, WarningCode};
use std::path::Path;

fn fixture() -> Extraction {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/bac-giang-402.word.expected.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    phuluc_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn only_change(old: &Extraction, new: &Extraction) -> (String, Change) {
    let d = diff(old, new);
    assert!(!d.equal);
    assert!(d.added.is_empty() && d.removed.is_empty() && d.document.is_empty());
    assert!(d.warnings_added.is_empty() && d.warnings_gone.is_empty());
    assert_eq!(d.changed.len(), 1, "{:#?}", d.changed);
    assert_eq!(d.changed[0].changes.len(), 1, "{:#?}", d.changed[0].changes);
    (d.changed[0].key.label(), d.changed[0].changes[0].clone())
}

#[test]
fn an_output_equals_itself() {
    let ex = fixture();
    let d = diff(&ex, &ex);
    assert!(d.equal);
    assert_eq!(render::summary_line(&d), "no differences");
    // source.file is the path as given, not the content
    let mut moved = ex.clone();
    moved.source.file = "elsewhere/x.pdf".into();
    assert!(diff(&ex, &moved).equal);
}

#[test]
fn a_changed_cell_shows_the_changed_words() {
    let old = fixture();
    let mut new = old.clone();
    let rec = &mut new.records[5];
    let Some(act) = rec.activity.as_mut() else {
        panic!("record 6 has an activity")
    };
    act.text = act.text.replacen("hoạt động", "HOẠT ĐỘNG", 1);
    let (key, change) = only_change(&old, &new);
    assert_eq!(key, "I/6");
    let Change::Cell { field, words, .. } = &change else {
        panic!("{change:?}")
    };
    assert_eq!(field, "activity");
    assert!(
        words.contains(&WordOp::Delete("hoạt động".into())),
        "{words:?}"
    );
    assert!(
        words.contains(&WordOp::Insert("HOẠT ĐỘNG".into())),
        "{words:?}"
    );
    let line = render::change_line(&change, &Style::default());
    assert!(line.contains("[-hoạt động-] {+HOẠT ĐỘNG+}"), "{line}");
    let colored = render::change_line(&change, &Style { color: true });
    assert!(
        colored.contains("\x1b[31m[-hoạt động-]\x1b[0m"),
        "{colored}"
    );
}

#[test]
fn records_added_and_removed_by_key() {
    let old = fixture();
    let mut new = old.clone();
    let removed = new.records.remove(10);
    let mut added = new.records[0].clone();
    added.stt = "74".into();
    new.records.push(added);
    let d = diff(&old, &new);
    assert_eq!(d.removed.len(), 1);
    assert_eq!(d.removed[0].key.stt, removed.stt);
    assert_eq!(d.added.len(), 1);
    assert_eq!(d.added[0].key.label(), "I/74");
    assert!(
        d.changed.is_empty(),
        "the others are not shifted: {:?}",
        d.changed
    );
    // Order does not matter, keys do.
    let mut shuffled = old.clone();
    shuffled.records.reverse();
    assert!(diff(&old, &shuffled).equal);
}

#[test]
fn normalized_values_and_review_flags() {
    let old = fixture();
    let mut new = old.clone();
    let i = new
        .records
        .iter()
        .position(|r| {
            r.lead
                .as_ref()
                .and_then(|c| c.agencies.as_ref())
                .is_some_and(|a| !a.is_empty())
        })
        .unwrap_or_else(|| panic!("a record with a lead agency"));
    if let Some(m) = new.records[i]
        .lead
        .as_mut()
        .and_then(|c| c.agencies.as_mut())
        .and_then(|a| a.first_mut())
    {
        m.id = "other-id".into();
    }
    let (_, c) = only_change(&old, &new);
    assert!(
        matches!(&c, Change::Agency { field, new, .. } if field == "lead" && new.id == "other-id")
    );

    let mut new = old.clone();
    if let Some(t) = new.records[2].timeline.as_mut() {
        t.end = Some(phuluc_model::Date::new(2025, 12, 31));
    }
    let (_, c) = only_change(&old, &new);
    assert!(matches!(c, Change::Interval { .. }), "{c:?}");

    let mut new = old.clone();
    if let Some(t) = new.records[2].timeline.as_mut() {
        t.recurrence = Some(Some(phuluc_model::Recurrence::Annual));
    }
    let (_, c) = only_change(&old, &new);
    assert!(matches!(c, Change::Recurrence { .. }), "{c:?}");

    let mut new = old.clone();
    if let Some(b) = new.records[2].budget.as_mut() {
        b.million_vnd = Some(Some(500.0));
    }
    let (_, c) = only_change(&old, &new);
    assert!(matches!(c, Change::Amount { .. }), "{c:?}");

    let mut new = old.clone();
    new.records[3].review.flag(
        ReviewCode::UnresolvedAgency,
        Some("lead"),
        "not in the registry",
    );
    let (_, c) = only_change(&old, &new);
    assert!(matches!(&c, Change::ReviewRaised { code, .. } if code == "unresolved_agency"));
    let (_, c) = only_change(&new, &old);
    assert!(matches!(&c, Change::ReviewCleared { code, .. } if code == "unresolved_agency"));
}

#[test]
fn warnings_added_and_gone() {
    let old = fixture();
    let mut new = old.clone();
    new.warnings.push(
        Warning::new(WarningCode::UnassignedText, "text outside every column")
            .on_page(4)
            .for_record(7)
            .with_text("xyz"),
    );
    let d = diff(&old, &new);
    assert_eq!(d.warnings_added.len(), 1);
    assert!(d.warnings_gone.is_empty() && d.changed.is_empty());
    let d = diff(&new, &old);
    assert_eq!(d.warnings_gone.len(), 1);
    let text = render::render(&d, &Style::default(), 100);
    assert!(
        text.contains("- warning gone: unassigned_text (page 4)"),
        "{text}"
    );
}

#[test]
fn json_form_of_a_diff() {
    let old = fixture();
    let mut new = old.clone();
    new.records[0].stt = "1000".into();
    let json = diff(&old, &new).to_json().unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(v["equal"], false);
    assert_eq!(v["summary"]["records_added"], 1);
    assert_eq!(v["summary"]["records_removed"], 1);
    assert_eq!(v["added"][0]["stt"], "1000");
}
