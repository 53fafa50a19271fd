//! The example of docs/truth-format.md is a valid truth and scores as the page says.

use phuluc_check::truth::Truth;
use phuluc_model::{
    AgencyCell, AgencyKind, AgencyMention, Date, Extraction, Record, Recurrence, Section,
    SourceFile, TextCell, TimelineCell,
};
use std::path::Path;

fn example() -> Truth {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/truth-format.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let start = doc
        .find("```json\n")
        .map(|i| i + 8)
        .unwrap_or_else(|| panic!("an example"));
    let end = doc[start..].find("```").map(|i| start + i).unwrap_or(start);
    serde_json::from_str(&doc[start..end]).unwrap_or_else(|e| panic!("example: {e}"))
}

fn mention(text: &str, id: &str) -> AgencyMention {
    AgencyMention {
        mention: text.into(),
        id: id.into(),
        name: text.into(),
        kind: AgencyKind::Department,
        current_id: None,
        succession_source: None,
    }
}

#[test]
fn the_documented_example_scores() {
    let truth = example();
    assert_eq!(truth.rows.len(), 2);
    assert_eq!(
        truth.fields(),
        ["task", "lead", "partners", "timeline", "extra:Địa điểm"]
    );
    let section = Some(Section {
        number: "I".into(),
        title: "Cải cách thể chế".into(),
    });
    let mut ex = Extraction::new(SourceFile::default());
    let mut r1 = Record {
        stt: "1".into(),
        section: section.clone(),
        lead: Some(AgencyCell {
            text: "Sở Tư pháp".into(),
            agencies: Some(vec![mention("Sở Tư pháp", "so-tu-phap")]),
            ..Default::default()
        }),
        partners: Some(AgencyCell {
            text: "Các sở, ban, ngành; UBND cấp huyện".into(),
            agencies: Some(vec![
                mention("Các sở, ban, ngành", "group:provincial-agencies"),
                mention("UBND cấp huyện", "group:district-pcs"),
            ]),
            ..Default::default()
        }),
        timeline: Some(TimelineCell {
            text: "Quý II/2025".into(),
            start: Some(Date::new(2025, 4, 1)),
            end: Some(Date::new(2025, 6, 30)),
            recurrence: Some(None),
        }),
        ..Default::default()
    };
    r1.task = Some(phuluc_model::CodedCell {
        code: None,
        text: "Rà soát văn bản quy phạm pháp luật của tỉnh".into(),
        starts_here: true,
    });
    r1.extra.insert(
        "Địa điểm".into(),
        TextCell {
            text: "Toàn tỉnh".into(),
        },
    );
    let mut r2 = r1.clone();
    r2.stt = "2.".into();
    if let Some(t) = r2.task.as_mut() {
        t.text = "Kiểm tra việc thực hiện - tại các sở - tại các huyện".into();
    }
    r2.partners = Some(AgencyCell::default());
    r2.timeline = Some(TimelineCell {
        text: "Hằng năm".into(),
        start: Some(None),
        end: Some(None),
        recurrence: Some(Some(Recurrence::Annual)),
    });
    r2.extra.clear();
    ex.records = vec![r1, r2];
    let (s, misses) = phuluc_check::score(&ex, &truth);
    assert!(misses.is_empty(), "{misses:?}");
    assert!(s.is_perfect(), "{s:?}");
    assert!(phuluc_check::exact_mismatches(&ex, &truth).is_empty());
    // A different id for one of the two "Sở Tư pháp" mentions splits the cluster.
    if let Some(m) = ex.records[1]
        .lead
        .as_mut()
        .and_then(|c| c.agencies.as_mut())
        .and_then(|a| a.first_mut())
    {
        m.id = "so-tu-phap-2".into();
    }
    let (s, _) = phuluc_check::score(&ex, &truth);
    assert_eq!(s.agency_mention_recall, Some(1.0));
    assert!(s.agency_cluster_f1.is_some_and(|f| f < 1.0), "{s:?}");
}
