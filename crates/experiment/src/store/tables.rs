//! The final tables: `runs.csv`/`runs.parquet`, `failures.csv`, `bands.csv`/`bands.parquet`,
//! written from the journals and the band cells; and [`read_runs_csv`].

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use cordon_engine::StreamKey;

use super::journal::{Entry, JournalReader, format_number, parse_values};
use super::parquet::{ColumnType, ParquetTable, Value};
use super::{Finalized, Plan};
use crate::bands::{BAND_QUANTILES, Bands};
use crate::error::ExperimentError;
use crate::files::{FileError, Pending};
use crate::summary::{Row, RowSource};

/// Opens a buffered CSV writer on a pending file's temporary path.
pub(super) fn csv_writer(pending: &Pending) -> Result<csv::Writer<BufWriter<File>>, FileError> {
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(BufWriter::with_capacity(1 << 16, pending.create()?)))
}

/// Flushes a CSV writer, syncs its file and renames it into place.
pub(super) fn finish_csv(
    pending: Pending,
    writer: csv::Writer<BufWriter<File>>,
) -> Result<(), FileError> {
    let io = |e| FileError::io(pending.tmp(), e);
    let buffered = writer
        .into_inner()
        .map_err(|e| io(std::io::Error::other(e.to_string())))?;
    let file = buffered.into_inner().map_err(|e| io(e.into_error()))?;
    file.sync_all().map_err(io)?;
    pending.finish()
}

pub(super) fn csv_error(path: &Path, e: csv::Error) -> FileError {
    if e.is_io_error() {
        return FileError::io(path, std::io::Error::other(e.to_string()));
    }
    // Malformed CSV (bad UTF-8, ragged records): the file is not what Cordon writes.
    let line = e.position().map(|p| p.line());
    FileError::corrupt(path, line, e.to_string())
}

/// Writes `runs.csv`, `runs.parquet` and `failures.csv` from the journals.
pub(crate) fn write_runs(
    dir: &Path,
    plan: &Plan,
    done: &[u64],
    open: impl Fn(usize, u64) -> Result<JournalReader, ExperimentError>,
) -> Result<Finalized, ExperimentError> {
    let runs = Pending::new(&dir.join("runs.csv"));
    let failures = Pending::new(&dir.join("failures.csv"));
    let parquet = Pending::new(&dir.join("runs.parquet"));
    let mut runs_csv = csv_writer(&runs)?;
    let mut failures_csv = csv_writer(&failures)?;
    let mut header = vec!["coa", "replication", "stream_key"];
    header.extend(plan.outcomes.iter().map(String::as_str));
    runs_csv
        .write_record(&header)
        .map_err(|e| csv_error(runs.tmp(), e))?;
    failures_csv
        .write_record(["coa", "replication", "stream_key", "message"])
        .map_err(|e| csv_error(failures.tmp(), e))?;
    let mut schema = vec![
        ("coa".to_string(), ColumnType::Utf8),
        ("replication".to_string(), ColumnType::Int64),
        ("stream_key".to_string(), ColumnType::Utf8),
    ];
    schema.extend(
        plan.outcomes
            .iter()
            .map(|n| (n.clone(), ColumnType::Double)),
    );
    let mut table = ParquetTable::create(parquet.tmp(), "runs", &schema)?;
    let mut counts = Finalized::default();
    for (c, coa) in plan.coas.iter().enumerate() {
        for entry in open(c, done[c])? {
            match entry? {
                Entry::Ok {
                    replication,
                    payload,
                } => {
                    let key = StreamKey::new(plan.seed, replication).to_string();
                    let rep = replication.to_string();
                    let mut record = vec![coa.as_str(), rep.as_str(), key.as_str()];
                    record.extend(payload.split(','));
                    if record.len() != header.len() {
                        return Err(FileError::corrupt(
                            runs.tmp(),
                            None,
                            format!(
                                "replication {replication} of {coa} has {} values, expected {}",
                                record.len() - 3,
                                header.len() - 3
                            ),
                        )
                        .into());
                    }
                    runs_csv
                        .write_record(&record)
                        .map_err(|e| csv_error(runs.tmp(), e))?;
                    let values = parse_values(&payload).ok_or_else(|| {
                        FileError::corrupt(runs.tmp(), None, "unreadable outcome values")
                    })?;
                    table.push(
                        [
                            Value::Str(coa),
                            Value::Int(replication as i64),
                            Value::Str(&key),
                        ]
                        .into_iter()
                        .chain(values.into_iter().map(Value::Double)),
                    )?;
                    counts.rows += 1;
                }
                Entry::Failed {
                    replication,
                    message,
                } => {
                    let key = StreamKey::new(plan.seed, replication).to_string();
                    failures_csv
                        .write_record([coa.as_str(), &replication.to_string(), &key, &message])
                        .map_err(|e| csv_error(failures.tmp(), e))?;
                    counts.failures += 1;
                }
            }
        }
    }
    table.close()?;
    parquet.finish()?;
    finish_csv(runs, runs_csv)?;
    finish_csv(failures, failures_csv)?;
    Ok(counts)
}

/// Writes `bands.csv` and `bands.parquet`.
pub(crate) fn write_bands(dir: &Path, plan: &Plan, bands: &Bands) -> Result<(), ExperimentError> {
    let csv_file = Pending::new(&dir.join("bands.csv"));
    let parquet = Pending::new(&dir.join("bands.parquet"));
    let mut csv_out = csv_writer(&csv_file)?;
    let quantile_names: Vec<String> = BAND_QUANTILES
        .iter()
        .map(|q| format!("p{}", (q * 100.0).round()))
        .collect();
    let mut header: Vec<String> = ["coa", "day", "region", "variable", "n", "mean"]
        .map(String::from)
        .to_vec();
    header.extend(quantile_names.iter().cloned());
    csv_out
        .write_record(&header)
        .map_err(|e| csv_error(csv_file.tmp(), e))?;
    let mut schema = vec![
        ("coa".to_string(), ColumnType::Utf8),
        ("day".to_string(), ColumnType::Double),
        ("region".to_string(), ColumnType::Utf8),
        ("variable".to_string(), ColumnType::Utf8),
        ("n".to_string(), ColumnType::Int64),
        ("mean".to_string(), ColumnType::Double),
    ];
    schema.extend(
        quantile_names
            .iter()
            .map(|n| (n.clone(), ColumnType::Double)),
    );
    let mut table = ParquetTable::create(parquet.tmp(), "bands", &schema)?;
    for row in bands.rows(&plan.coas) {
        let mut record = vec![
            row.coa.to_string(),
            format_number(row.day),
            row.region.to_string(),
            row.variable.to_string(),
            row.n.to_string(),
            format_number(row.mean),
        ];
        record.extend(row.quantiles.iter().map(|q| format_number(*q)));
        csv_out
            .write_record(&record)
            .map_err(|e| csv_error(csv_file.tmp(), e))?;
        table.push(
            [
                Value::Str(row.coa),
                Value::Double(row.day),
                Value::Str(row.region),
                Value::Str(row.variable),
                Value::Int(row.n as i64),
                Value::Double(row.mean),
            ]
            .into_iter()
            .chain(row.quantiles.iter().map(|q| Value::Double(*q))),
        )?;
    }
    table.close()?;
    parquet.finish()?;
    finish_csv(csv_file, csv_out)?;
    Ok(())
}

/// The rows of a `runs.csv`, in memory (for reports and small experiments).
#[derive(Clone, Debug, PartialEq)]
pub struct Runs {
    /// Outcome column names.
    pub names: Vec<String>,
    /// Course-of-action ids, in order of first appearance.
    pub coas: Vec<String>,
    pub rows: Vec<RunRow>,
}

/// One row of `runs.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct RunRow {
    /// Index into [`Runs::coas`].
    pub coa: usize,
    pub replication: u64,
    pub stream_key: String,
    pub values: Vec<f64>,
}

/// Reads `DIR/runs.csv`.
pub fn read_runs_csv(dir: &Path) -> Result<Runs, ExperimentError> {
    let path = dir.join("runs.csv");
    let mut reader = csv::ReaderBuilder::new()
        .from_path(&path)
        .map_err(|e| csv_error(&path, e))?;
    let headers = reader.headers().map_err(|e| csv_error(&path, e))?.clone();
    let fixed = ["coa", "replication", "stream_key"];
    if headers.len() < 3 || headers.iter().take(3).ne(fixed) {
        return Err(FileError::corrupt(
            &path,
            Some(1),
            "expected the columns coa,replication,stream_key first",
        )
        .into());
    }
    let names: Vec<String> = headers.iter().skip(3).map(String::from).collect();
    let mut coas: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let record = record.map_err(|e| csv_error(&path, e))?;
        let bad = |what: &str| FileError::corrupt(&path, Some(line), what.to_string());
        let coa_id = record.get(0).unwrap_or_default();
        let coa = match coas.iter().position(|c| c == coa_id) {
            Some(c) => c,
            None => {
                coas.push(coa_id.to_string());
                coas.len() - 1
            }
        };
        let replication = record
            .get(1)
            .and_then(|r| r.parse().ok())
            .ok_or_else(|| bad("replication is not a whole number"))?;
        let values = record
            .iter()
            .skip(3)
            .map(|v| v.parse::<f64>().ok())
            .collect::<Option<Vec<f64>>>()
            .ok_or_else(|| bad("an outcome value is not a number"))?;
        if values.len() != names.len() {
            return Err(bad("wrong number of columns").into());
        }
        rows.push(RunRow {
            coa,
            replication,
            stream_key: record.get(2).unwrap_or_default().to_string(),
            values,
        });
    }
    Ok(Runs { names, coas, rows })
}

impl RowSource for Runs {
    fn rows(
        &self,
        coa: usize,
    ) -> Result<Box<dyn Iterator<Item = Result<Row, ExperimentError>> + '_>, ExperimentError> {
        Ok(Box::new(
            self.rows
                .iter()
                .filter(move |r| r.coa == coa)
                .map(|r| Ok((r.replication, r.values.clone()))),
        ))
    }
}

/// The first row of `DIR/failures.csv`: (course of action, replication, message), if any.
pub fn first_failure(dir: &Path) -> Result<Option<(String, u64, String)>, ExperimentError> {
    let path = dir.join("failures.csv");
    let mut reader = csv::ReaderBuilder::new()
        .from_path(&path)
        .map_err(|e| csv_error(&path, e))?;
    let Some(record) = reader.records().next() else {
        return Ok(None);
    };
    let record = record.map_err(|e| csv_error(&path, e))?;
    let field = |i: usize| record.get(i).unwrap_or_default().to_string();
    let replication = field(1).parse().map_err(|_| {
        ExperimentError::corrupt(&path, Some(2), "replication is not a whole number")
    })?;
    Ok(Some((field(0), replication, field(3))))
}
