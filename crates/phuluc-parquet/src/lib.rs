//! Parquet exporter: the records of one or many extractions in one Parquet file, for pandas,
//! DuckDB, Spark and the like.
//!
//! Takes [`Extraction`]s, gives one row per record, in order, with these columns:
//!
//! * `document_id` (the input's SHA-256) and `document_file` (the input as given): which
//!   document the row came from;
//! * the flat CSV's columns ([`phuluc_csv::RECORD_COLUMNS`], the same values as
//!   [`phuluc_csv::flat_rows`] gives), as strings, except `budget_million_vnd` (a float, null
//!   when not known) and `review_needed` (a boolean);
//! * one `extra:<header>` string column per unknown header of any document (null in the rows
//!   of documents without it);
//! * `lead_agencies` and `partner_agencies`: the normalizer's agencies of the cell, nested (a
//!   list of `{mention, id, name, kind, current_id}`), null when the cell was not normalized.
//!
//! Written with snappy compression.

use arrow_array::{Array, StructArray};
use arrow_array::{ArrayRef, BooleanArray, Float64Array, ListArray, RecordBatch, StringArray};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, Fields, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use phuluc_model::{AgencyCell, Extraction};
use std::io::Write;
use std::sync::Arc;

/// The columns in front: which document a row came from.
pub const DOCUMENT_COLUMNS: [&str; 2] = ["document_id", "document_file"];

/// The nested agency columns at the end.
pub const AGENCY_COLUMNS: [&str; 2] = ["lead_agencies", "partner_agencies"];

/// The fields of one nested agency.
pub const AGENCY_FIELDS: [&str; 5] = ["mention", "id", "name", "kind", "current_id"];

/// Why Parquet could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ParquetError {
    #[error("could not build the Parquet columns: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    #[error("could not write Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
}

/// The type of a flat column.
fn flat_type(name: &str) -> DataType {
    match name {
        "budget_million_vnd" => DataType::Float64,
        "review_needed" => DataType::Boolean,
        _ => DataType::Utf8,
    }
}

fn agency_struct() -> Fields {
    AGENCY_FIELDS
        .iter()
        .map(|n| Field::new(*n, DataType::Utf8, *n == "current_id"))
        .collect()
}

fn agency_list_type() -> DataType {
    DataType::List(Arc::new(Field::new(
        "item",
        DataType::Struct(agency_struct()),
        false,
    )))
}

/// The Parquet schema for `docs`: the columns above, with the `extra:` columns of all of them.
pub fn schema(docs: &[&Extraction]) -> Schema {
    let mut fields: Vec<Field> = DOCUMENT_COLUMNS
        .iter()
        .map(|n| Field::new(*n, DataType::Utf8, false))
        .collect();
    for name in phuluc_csv::RECORD_COLUMNS {
        let t = flat_type(name);
        let nullable = t == DataType::Float64;
        fields.push(Field::new(name, t, nullable));
    }
    for extra in extra_columns(docs) {
        fields.push(Field::new(extra, DataType::Utf8, true));
    }
    for name in AGENCY_COLUMNS {
        fields.push(Field::new(name, agency_list_type(), true));
    }
    Schema::new(fields)
}

/// The `extra:<header>` columns of any of `docs`, sorted.
fn extra_columns(docs: &[&Extraction]) -> Vec<String> {
    let mut extras: Vec<String> = docs
        .iter()
        .flat_map(|ex| phuluc_csv::flat_header(ex))
        .filter(|h| h.starts_with("extra:"))
        .collect();
    extras.sort();
    extras.dedup();
    extras
}

/// Writes the records of `docs` as one Parquet file to `out`.
pub fn write_parquet<W: Write + Send>(docs: &[&Extraction], out: W) -> Result<(), ParquetError> {
    let schema = Arc::new(schema(docs));
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut writer = ArrowWriter::try_new(out, schema.clone(), Some(props))?;
    for ex in docs {
        writer.write(&batch(ex, &schema)?)?;
    }
    writer.close()?;
    Ok(())
}

/// One document's rows under `schema`.
fn batch(ex: &Extraction, schema: &Arc<Schema>) -> Result<RecordBatch, ParquetError> {
    let header = phuluc_csv::flat_header(ex);
    let rows = phuluc_csv::flat_rows(ex);
    let n = rows.len();
    let column = |name: &str| -> Option<Vec<&str>> {
        let i = header.iter().position(|h| h == name)?;
        Some(
            rows.iter()
                .map(|r| r.get(i).map_or("", String::as_str))
                .collect(),
        )
    };
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(schema.fields().len());
    for field in schema.fields() {
        let name = field.name().as_str();
        let array: ArrayRef = match name {
            "document_id" => Arc::new(StringArray::from(vec![ex.source.sha256.as_str(); n])),
            "document_file" => Arc::new(StringArray::from(vec![ex.source.file.as_str(); n])),
            "lead_agencies" => agencies(ex.records.iter().map(|r| r.lead.as_ref()))?,
            "partner_agencies" => agencies(ex.records.iter().map(|r| r.partners.as_ref()))?,
            _ => match (field.data_type(), column(name)) {
                (DataType::Float64, values) => Arc::new(Float64Array::from(
                    (0..n)
                        .map(|i| {
                            values
                                .as_ref()
                                .and_then(|v| v.get(i))
                                .and_then(|s| s.parse::<f64>().ok())
                        })
                        .collect::<Vec<_>>(),
                )),
                (DataType::Boolean, values) => Arc::new(BooleanArray::from(
                    (0..n)
                        .map(|i| values.as_ref().and_then(|v| v.get(i)) == Some(&"true"))
                        .collect::<Vec<_>>(),
                )),
                (_, Some(values)) => Arc::new(StringArray::from(values)),
                // An extra column this document does not have.
                (_, None) => Arc::new(StringArray::from(vec![None::<&str>; n])),
            },
        };
        arrays.push(array);
    }
    Ok(RecordBatch::try_new(schema.clone(), arrays)?)
}

/// The nested agency list of each cell (null when the cell is missing or not normalized).
fn agencies<'a>(
    cells: impl Iterator<Item = Option<&'a AgencyCell>>,
) -> Result<ArrayRef, ParquetError> {
    let mut offsets: Vec<i32> = vec![0];
    let mut valid: Vec<bool> = Vec::new();
    let mut cols: [Vec<Option<String>>; 5] = Default::default();
    for cell in cells {
        let list = cell.and_then(|c| c.agencies.as_ref());
        valid.push(list.is_some());
        for m in list.into_iter().flatten() {
            cols[0].push(Some(m.mention.clone()));
            cols[1].push(Some(m.id.clone()));
            cols[2].push(Some(m.name.clone()));
            cols[3].push(Some(m.kind.as_str().to_string()));
            cols[4].push(m.current_id.clone());
        }
        let len = i32::try_from(cols[0].len()).map_err(|_| {
            arrow_schema::ArrowError::InvalidArgumentError("too many agencies".into())
        })?;
        offsets.push(len);
    }
    let children: Vec<ArrayRef> = cols
        .into_iter()
        .map(|c| Arc::new(StringArray::from(c)) as ArrayRef)
        .collect();
    let values = StructArray::try_new(agency_struct(), children, None)?;
    let item = Arc::new(Field::new("item", DataType::Struct(agency_struct()), false));
    let list = ListArray::try_new(
        item,
        OffsetBuffer::new(offsets.into()),
        Arc::new(values),
        Some(valid.into()),
    )?;
    debug_assert_eq!(list.len(), list.offsets().len() - 1);
    Ok(Arc::new(list))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::cast::AsArray;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use phuluc_model::{AgencyKind, AgencyMention, BudgetCell, Record, SourceFile, TextCell};

    fn doc(file: &str, extra: Option<&str>) -> Extraction {
        let mut ex = Extraction::new(SourceFile {
            file: file.into(),
            sha256: format!("sha-{file}"),
            pages: 1,
        });
        for stt in ["1", "2"] {
            let mut r = Record {
                stt: stt.into(),
                budget: Some(BudgetCell {
                    text: "1,5 tỷ".into(),
                    million_vnd: Some(Some(1500.0)),
                }),
                lead: Some(AgencyCell {
                    text: "Sở Nội vụ".into(),
                    lines: Vec::new(),
                    agencies: (stt == "1").then(|| {
                        vec![AgencyMention {
                            mention: "Sở Nội vụ".into(),
                            id: "so-noi-vu".into(),
                            name: "Sở Nội vụ".into(),
                            kind: AgencyKind::Department,
                            current_id: None,
                            succession_source: None,
                        }]
                    }),
                }),
                ..Default::default()
            };
            if let Some(h) = extra {
                r.extra.insert(h.into(), TextCell { text: "x".into() });
            }
            ex.records.push(r);
        }
        ex
    }

    #[test]
    fn rows_columns_and_nested_agencies_read_back() {
        let a = doc("a.pdf", None);
        let b = doc("b.pdf", Some("Ghi chú khác"));
        let mut buf = Vec::new();
        write_parquet(&[&a, &b], &mut buf).expect("parquet");
        let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(buf))
            .expect("reader")
            .with_batch_size(2)
            .build()
            .expect("build");
        let batches: Vec<RecordBatch> = reader.map(|b| b.expect("batch")).collect();
        // Two rows a batch: one document each.
        assert_eq!(
            batches
                .iter()
                .map(RecordBatch::num_rows)
                .collect::<Vec<_>>(),
            [2, 2]
        );
        let first = &batches[0];
        let names: Vec<&str> = first
            .schema_ref()
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        assert_eq!(names[..3], ["document_id", "document_file", "stt"]);
        assert!(names.contains(&"extra:Ghi chú khác"));
        let col = |b: &RecordBatch, n: &str| b.column_by_name(n).cloned().expect(n);
        assert_eq!(
            col(first, "document_file").as_string::<i32>().value(0),
            "a.pdf"
        );
        assert_eq!(
            col(first, "budget_million_vnd")
                .as_primitive::<arrow_array::types::Float64Type>()
                .value(1),
            1500.0
        );
        assert!(col(first, "extra:Ghi chú khác").is_null(0));
        let last = batches.last().expect("b");
        assert_eq!(
            col(last, "extra:Ghi chú khác").as_string::<i32>().value(0),
            "x"
        );
        let lead = col(first, "lead_agencies");
        let lead = lead.as_list::<i32>();
        assert!(lead.is_null(1), "not normalized: null");
        let agencies = lead.value(0);
        let agencies = agencies.as_struct();
        assert_eq!(agencies.len(), 1);
        let id = agencies.column_by_name("id").expect("id");
        assert_eq!(id.as_string::<i32>().value(0), "so-noi-vu");
    }
}
