//! The Bắc Giang truth fixture through the CSV exporter.

use phuluc_csv::{excel_safe, write_flat, write_tables, CsvOptions, UTF8_BOM};
use phuluc_model::Extraction;
use std::collections::HashSet;
use std::path::PathBuf;

fn bac_giang() -> Extraction {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let text = std::fs::read_to_string(root.join("fixtures/bac-giang-402.truth.json")).unwrap();
    let truth: serde_json::Value = serde_json::from_str(&text).unwrap();
    phuluc_sql::testing::extraction_from_truth(&truth, "bac-giang-402.word.pdf", &"ab".repeat(32))
        .unwrap()
}

fn read(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(bytes);
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

#[test]
fn flat_file_has_73_rows_with_every_cell_intact() {
    let ex = bac_giang();
    for opts in [CsvOptions::default(), CsvOptions::excel()] {
        let mut out = Vec::new();
        write_flat(&ex, &mut out, &opts).unwrap();
        assert_eq!(out.starts_with(UTF8_BOM), opts.excel);
        let body = if opts.excel {
            &out[UTF8_BOM.len()..]
        } else {
            &out[..]
        };
        let (header, rows) = read(body);
        assert_eq!(rows.len(), 73);
        let col = |n: &str| header.iter().position(|h| h == n).unwrap();
        // Excel mode defuses formula starts (a leading apostrophe); plain mode is raw.
        let cell = |s: &str| {
            if opts.excel {
                excel_safe(s).into_owned()
            } else {
                s.to_string()
            }
        };
        for (rec, row) in ex.records.iter().zip(&rows) {
            assert_eq!(row[col("stt")], rec.stt);
            assert_eq!(
                row[col("activity")],
                cell(&rec.activity.as_ref().unwrap().text)
            );
            assert_eq!(row[col("output")], cell(&rec.output.as_ref().unwrap().text));
            assert_eq!(row[col("lead")], cell(&rec.lead.as_ref().unwrap().text));
        }
        // stt 9 has a multi-line output: still one field of one row.
        assert!(rows[8][col("output")].contains('\n'));
        assert_eq!(rows[0][col("partner_ids")], "so-tu-phap");
        assert_eq!(rows[0][col("start")], "2021-01-01");
        assert_eq!(rows[0][col("end")], "2030-12-31");
    }
}

#[test]
fn tables_link_every_mention_to_an_agency() {
    let ex = bac_giang();
    let dir = tempfile::tempdir().unwrap();
    write_tables(&ex, dir.path(), &CsvOptions::default()).unwrap();
    let (_, records) = read(&std::fs::read(dir.path().join("records.csv")).unwrap());
    let (_, agencies) = read(&std::fs::read(dir.path().join("agencies.csv")).unwrap());
    let (_, links) = read(&std::fs::read(dir.path().join("record_agencies.csv")).unwrap());
    assert_eq!(records.len(), 73);
    assert_eq!(agencies.len(), 14);
    assert_eq!(links.len(), 231);
    let record_ids: HashSet<&str> = records.iter().map(|r| r[0].as_str()).collect();
    let agency_ids: HashSet<&str> = agencies.iter().map(|r| r[0].as_str()).collect();
    for l in &links {
        assert!(record_ids.contains(l[0].as_str()));
        assert!(agency_ids.contains(l[1].as_str()), "{l:?}");
        assert!(l[2] == "lead" || l[2] == "partner");
    }
    let used: HashSet<&str> = links.iter().map(|l| l[1].as_str()).collect();
    assert_eq!(used, agency_ids, "every agency is linked");
}
