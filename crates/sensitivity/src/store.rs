//! The output directory: the only module that touches files.
//!
//! ```text
//! DIR/design.csv, design.parquet            one row per design point
//! DIR/sensitivity.csv, sensitivity.parquet  one row per parameter and index
//! DIR/manifest.json                         what produced the directory
//! ```
//!
//! `design.*` columns: `point` (0-based, design order), one column per parameter (a category's
//! label for a categorical lever), `<metric>_mean`, `<metric>_se` (standard error of the mean
//! over the replications), then `mean_<outcome>` for every outcome column.
//! `sensitivity.*` columns: `parameter`, `index` (`S1`, `ST`, `mu`, `mu_star`, `sigma`,
//! `categorical`, `spearman`), `value`, `ci_low`, `ci_high` (empty in CSV, NaN in Parquet, for
//! an index without an interval). Numbers are written in their shortest round-trip form, so the
//! files are byte-identical for identical results.

use std::path::Path;

use cordon_experiment::RunInfo;
use cordon_experiment::files::{FileError, Pending, write_atomic};
use cordon_experiment::store::format_number;
use cordon_experiment::store::manifest::{CORDON_VERSION, GIT_COMMIT};
use cordon_experiment::store::parquet::{ColumnType, ParquetTable, Value};
use cordon_model::Scalar;
use serde::Serialize;

use crate::analysis::Indices;
use crate::error::SensitivityError;
use crate::levers::Target;
use crate::study::{Outputs, Prepared};

/// The files a complete analysis writes, in order.
pub const FILES: [&str; 5] = [
    "design.csv",
    "design.parquet",
    "sensitivity.csv",
    "sensitivity.parquet",
    "manifest.json",
];

/// Removes the files of an earlier analysis from `dir`, so that a failed run does not leave
/// stale indices next to a new design.
pub fn remove_previous(dir: &Path) -> Result<(), SensitivityError> {
    for file in FILES {
        let path = dir.join(file);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(FileError::io(&path, e).into()),
        }
    }
    Ok(())
}

/// A column of a table.
enum Column {
    Int(Vec<i64>),
    Double(Vec<f64>),
    Text(Vec<String>),
}

struct Table {
    names: Vec<String>,
    columns: Vec<Column>,
}

impl Table {
    fn rows(&self) -> usize {
        match self.columns.first() {
            Some(Column::Int(v)) => v.len(),
            Some(Column::Double(v)) => v.len(),
            Some(Column::Text(v)) => v.len(),
            None => 0,
        }
    }

    /// CSV text; `blank_nan` writes NaN as an empty field.
    fn to_csv(&self, blank_nan: bool) -> String {
        let mut out = String::new();
        out.push_str(
            &self
                .names
                .iter()
                .map(|n| quote(n))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
        for r in 0..self.rows() {
            for (j, column) in self.columns.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                match column {
                    Column::Int(v) => out.push_str(&v[r].to_string()),
                    Column::Double(v) if blank_nan && v[r].is_nan() => {}
                    Column::Double(v) => out.push_str(&format_number(v[r])),
                    Column::Text(v) => out.push_str(&quote(&v[r])),
                }
            }
            out.push('\n');
        }
        out
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn design_table(prep: &Prepared<'_>, outputs: &Outputs) -> Table {
    let points = prep.design.rows();
    let mut names = vec!["point".to_string()];
    let mut columns = vec![Column::Int((0..points as i64).collect())];
    for (j, lever) in prep.levers.iter().enumerate() {
        names.push(lever.name.clone());
        let values = prep.design.iter_rows().map(|r| r[j]);
        columns.push(if lever.is_categorical() {
            Column::Text(
                values
                    .map(|x| match lever.value(x) {
                        Scalar::Str(s) => s,
                        Scalar::Num(v) => format_number(v),
                    })
                    .collect(),
            )
        } else {
            Column::Double(values.collect())
        });
    }
    names.push(format!("{}_mean", prep.study.metric));
    columns.push(Column::Double(outputs.metric()));
    names.push(format!("{}_se", prep.study.metric));
    columns.push(Column::Double(outputs.metric_se()));
    for (j, name) in outputs.names.iter().enumerate() {
        names.push(format!("mean_{name}"));
        columns.push(Column::Double(outputs.column(j)));
    }
    Table { names, columns }
}

fn indices_table(indices: &Indices) -> Table {
    let rows = indices.rows();
    let interval = |f: fn((f64, f64)) -> f64| {
        Column::Double(
            rows.iter()
                .map(|r| r.interval.map_or(f64::NAN, f))
                .collect(),
        )
    };
    Table {
        names: ["parameter", "index", "value", "ci_low", "ci_high"]
            .map(String::from)
            .to_vec(),
        columns: vec![
            Column::Text(rows.iter().map(|r| r.parameter.clone()).collect()),
            Column::Text(rows.iter().map(|r| r.kind.as_str().to_string()).collect()),
            Column::Double(rows.iter().map(|r| r.value).collect()),
            interval(|i| i.0),
            interval(|i| i.1),
        ],
    }
}

/// Writes `design.csv` and `design.parquet` into `dir`.
pub fn write_design(
    dir: &Path,
    prep: &Prepared<'_>,
    outputs: &Outputs,
) -> Result<(), SensitivityError> {
    let table = design_table(prep, outputs);
    write_atomic(&dir.join("design.csv"), table.to_csv(false).as_bytes())?;
    write_parquet(&dir.join("design.parquet"), "design", &table)
}

/// Writes `sensitivity.csv` and `sensitivity.parquet` into `dir`.
pub fn write_indices(dir: &Path, indices: &Indices) -> Result<(), SensitivityError> {
    let table = indices_table(indices);
    write_atomic(&dir.join("sensitivity.csv"), table.to_csv(true).as_bytes())?;
    write_parquet(&dir.join("sensitivity.parquet"), "sensitivity", &table)
}

#[derive(Serialize)]
struct Manifest<'a> {
    format: &'a str,
    cordon_version: &'a str,
    git_commit: &'a str,
    scenario: ScenarioRecord<'a>,
    method: &'a str,
    /// Base samples, trajectories or points, as given to --n.
    n: usize,
    morris_levels: Option<usize>,
    sobol_skip: Option<u64>,
    points: usize,
    replications: u64,
    seed: u64,
    mode: &'a str,
    course_of_action: &'a str,
    metric: &'a str,
    parameters: Vec<ParameterRecord<'a>>,
    set_aside: Vec<SetAsideRecord<'a>>,
    bootstrap: &'a cordon_sa::BootstrapConfig,
    outcomes: &'a [String],
    /// Outcome columns whose "never" counts as the horizon day.
    censored_at_horizon: Vec<&'a str>,
    campaigns: u64,
    metric_mean: Option<f64>,
    metric_variance: Option<f64>,
    noise_share: Option<f64>,
    ranking: Vec<String>,
    files: Vec<&'a str>,
    run: RunRecord<'a>,
}

#[derive(Serialize)]
struct ScenarioRecord<'a> {
    name: &'a str,
    hash: String,
    resolved_toml: String,
}

#[derive(Serialize)]
struct ParameterRecord<'a> {
    name: &'a str,
    sets: &'a str,
    distribution: &'a cordon_sa::Distribution,
}

#[derive(Serialize)]
struct SetAsideRecord<'a> {
    name: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct RunRecord<'a> {
    command_line: &'a [String],
    host: &'a str,
    started_at: &'a str,
    wall_seconds: f64,
    threads: usize,
}

/// Writes `manifest.json`; `indices` is `None` when the analysis failed after the runs.
pub fn write_manifest(
    dir: &Path,
    prep: &Prepared<'_>,
    indices: Option<&Indices>,
    info: &RunInfo,
) -> Result<(), SensitivityError> {
    let s = prep.scenario;
    let study = &prep.study;
    let manifest = Manifest {
        format: "cordon-sensitivity/1",
        cordon_version: CORDON_VERSION,
        git_commit: GIT_COMMIT,
        scenario: ScenarioRecord {
            name: &s.meta().name,
            hash: s.hash(),
            resolved_toml: s.resolved_toml(),
        },
        method: study.method.as_str(),
        n: study.n,
        morris_levels: (study.method == crate::Method::Morris).then_some(study.levels),
        sobol_skip: (study.method == crate::Method::Sobol)
            .then_some(cordon_sa::SobolOptions::default().skip),
        points: prep.design.rows(),
        replications: study.reps,
        seed: study.seed,
        mode: match study.mode {
            cordon_engine::Mode::Stochastic => "stochastic",
            cordon_engine::Mode::MeanField => "mean-field",
        },
        course_of_action: &s.coa(study.coa).id,
        metric: &study.metric,
        parameters: prep
            .levers
            .iter()
            .map(|l| ParameterRecord {
                name: &l.name,
                sets: match &l.target {
                    Target::Field(f) => f,
                    Target::Coa => "the course of action",
                },
                distribution: &l.distribution,
            })
            .collect(),
        set_aside: prep
            .set_aside
            .iter()
            .map(|a| SetAsideRecord {
                name: &a.name,
                reason: &a.reason,
            })
            .collect(),
        bootstrap: &study.bootstrap,
        outcomes: &prep.outcomes,
        censored_at_horizon: prep
            .outcomes
            .iter()
            .zip(&prep.censored)
            .filter(|(_, c)| **c)
            .map(|(n, _)| n.as_str())
            .collect(),
        campaigns: prep.campaigns(),
        metric_mean: indices.map(|i| i.mean),
        metric_variance: indices.map(|i| i.variance),
        noise_share: indices.map(|i| i.noise_share),
        ranking: indices.map(Indices::ranking).unwrap_or_default(),
        files: if indices.is_some() {
            FILES.to_vec()
        } else {
            vec!["design.csv", "design.parquet", "manifest.json"]
        },
        run: RunRecord {
            command_line: &info.command_line,
            host: &info.host,
            started_at: &info.started_at,
            wall_seconds: info.elapsed_seconds(),
            threads: study.threads,
        },
    };
    let path = dir.join("manifest.json");
    let mut text = serde_json::to_string_pretty(&manifest)
        .map_err(|e| FileError::io(&path, std::io::Error::other(e)))?;
    text.push('\n');
    write_atomic(&path, text.as_bytes())?;
    Ok(())
}

/// Writes a table as Parquet, with `cordon-experiment`'s writer (the one that writes
/// `runs.parquet`): UTF-8 strings, 64-bit integers and doubles, all required, uncompressed.
fn write_parquet(path: &Path, name: &str, table: &Table) -> Result<(), SensitivityError> {
    let schema: Vec<(String, ColumnType)> = table
        .names
        .iter()
        .zip(&table.columns)
        .map(|(column, values)| {
            let ty = match values {
                Column::Int(_) => ColumnType::Int64,
                Column::Double(_) => ColumnType::Double,
                Column::Text(_) => ColumnType::Utf8,
            };
            (column.clone(), ty)
        })
        .collect();
    let pending = Pending::new(path);
    let mut parquet = ParquetTable::create(pending.tmp(), name, &schema)?;
    for r in 0..table.rows() {
        parquet.push(table.columns.iter().map(|column| match column {
            Column::Int(v) => Value::Int(v[r]),
            Column::Double(v) => Value::Double(v[r]),
            Column::Text(v) => Value::Str(&v[r]),
        }))?;
    }
    parquet.close()?;
    pending.finish()?;
    Ok(())
}
