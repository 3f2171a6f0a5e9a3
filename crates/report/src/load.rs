//! Reading a results directory: the only module of this crate that opens files for reading.
//!
//! Required: `manifest.json` (with the resolved scenario), `runs.csv`, and the per-course files
//! `cuts.csv`, `mean_field_links.csv`, `mean_field_escapes.csv`, `mean_field_events.csv`
//! (older directories lack them: exit code 2 naming the file). Optional: `bands.csv` (without
//! it, the charts over time are left out), `failures.csv`, `sensitivity.csv`.

use cordon_experiment::FileError;
use std::path::{Path, PathBuf};

use cordon_model::Scenario;
use serde_json::Value;

use crate::error::ReportError;
use crate::results::{
    BandRow, BandTable, CourseTable, Failure, Manifest, Results, Sensitivity, SensitivityRow,
};

/// Larger files are refused: a results directory's CSVs are read into memory.
const MAX_FILE_BYTES: u64 = 1 << 30;

/// What a directory holds, as its `manifest.json` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirKind {
    /// `cordon compare` or `cordon run`: runs, bands, failures.
    Results,
    /// `cordon sensitivity`: a design and its indices.
    Sensitivity,
    /// `cordon factorial`: effects, cells and claims.
    Factorial,
    /// `cordon explore`: worlds, robustness, PRIM's boxes.
    Explore,
    /// `cordon optimize`: the Pareto set, the courses against it, the convergence.
    Optimize,
}

/// The kind of results directory `dir` is (a missing or unknown manifest is bad input).
pub fn kind(dir: &Path) -> Result<DirKind, ReportError> {
    if !dir.is_dir() {
        return Err(ReportError::NotADirectory {
            path: dir.to_path_buf(),
        });
    }
    let path = dir.join("manifest.json");
    let text = read_required(dir, "manifest.json")?;
    let root: Value = serde_json::from_str(&text)
        .map_err(|e| FileError::corrupt(&path, Some(e.line() as u64), e.to_string()))?;
    let format = root.get("format").and_then(Value::as_str).unwrap_or("");
    let command = root.get("command").and_then(Value::as_str).unwrap_or("");
    if format.starts_with("cordon-sensitivity") {
        Ok(DirKind::Sensitivity)
    } else if format.starts_with("cordon-optimize") {
        Ok(DirKind::Optimize)
    } else if command == "factorial" || format.starts_with("cordon-factorial") {
        Ok(DirKind::Factorial)
    } else if command == "explore" || format.starts_with("cordon-explore") {
        Ok(DirKind::Explore)
    } else {
        Ok(DirKind::Results)
    }
}

/// The files of a `cordon factorial` directory, as text (parsed by the factorial page).
pub(crate) struct FactorialFiles {
    pub manifest: String,
    pub effects: String,
    pub cells: String,
    pub claims: String,
}

pub(crate) fn load_factorial(dir: &Path) -> Result<FactorialFiles, ReportError> {
    Ok(FactorialFiles {
        manifest: read_required(dir, "manifest.json")?,
        effects: read_required(dir, "effects.csv")?,
        cells: read_required(dir, "cells.csv")?,
        claims: read_required(dir, "claims.csv")?,
    })
}

pub(crate) fn load_optimize(
    dir: &Path,
) -> Result<crate::optimize_page::OptimizeFiles, ReportError> {
    Ok(crate::optimize_page::OptimizeFiles {
        manifest: read_required(dir, "manifest.json")?,
        pareto: read_required(dir, "pareto.csv")?,
        courses: read_required(dir, "courses.csv")?,
        convergence: read_required(dir, "convergence.csv")?,
    })
}

/// A `cordon sensitivity` directory: its indices, its manifest's fields and the scenario it
/// recorded.
pub(crate) struct SensitivityDir {
    pub sensitivity: Sensitivity,
    pub fields: Vec<(String, String)>,
    pub scenario: Scenario,
    pub version: String,
    pub commit: String,
}

pub(crate) fn load_sensitivity(dir: &Path) -> Result<SensitivityDir, ReportError> {
    let path = dir.join("manifest.json");
    let text = read_required(dir, "manifest.json")?;
    let root: Value = serde_json::from_str(&text)
        .map_err(|e| FileError::corrupt(&path, Some(e.line() as u64), e.to_string()))?;
    let resolved = root
        .pointer("/scenario/resolved_toml")
        .and_then(Value::as_str)
        .ok_or_else(|| FileError::corrupt(&path, None, "no field scenario.resolved_toml"))?;
    let scenario = cordon_model::parse(
        &format!("{} (scenario.resolved_toml)", path.display()),
        resolved.as_bytes(),
    )
    .map_err(|d| ReportError::Scenario {
        path: path.clone(),
        diagnostics: d.to_string(),
    })?;
    let csv = read_optional(dir, "sensitivity.csv")?.ok_or_else(|| ReportError::Missing {
        dir: dir.to_path_buf(),
        file: "sensitivity.csv",
    })?;
    let metric = root.get("metric").and_then(Value::as_str).map(String::from);
    let sensitivity = parse_sensitivity(&csv, metric)
        .map_err(|why| FileError::corrupt(dir.join("sensitivity.csv"), None, why))?;
    let mut fields = Vec::new();
    if let Value::Object(map) = &root {
        for (key, value) in map {
            flatten(key, value, &mut fields);
        }
    }
    fields.retain(|(k, _)| k != "scenario.resolved_toml");
    let text_at = |p: &str| {
        root.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or("-")
            .to_string()
    };
    Ok(SensitivityDir {
        sensitivity,
        fields,
        scenario,
        version: text_at("/cordon_version"),
        commit: text_at("/git_commit"),
    })
}

/// Reads a results directory and the scenario its manifest records.
pub fn load(dir: &Path) -> Result<(Results, Scenario), ReportError> {
    if !dir.is_dir() {
        return Err(ReportError::NotADirectory {
            path: dir.to_path_buf(),
        });
    }
    // The files are the ones the run wrote (sizes and checksums in state/finished).
    cordon_experiment::store::seal::verify(dir).map_err(|e| match e {
        cordon_experiment::ExperimentError::File(file) => ReportError::File(file),
        other => ReportError::File(FileError::corrupt(
            dir.join("state"),
            None,
            other.to_string(),
        )),
    })?;
    let manifest_path = dir.join("manifest.json");
    let manifest_text = read_required(dir, "manifest.json")?;
    let manifest = parse_manifest(&manifest_path, &manifest_text)?;
    let scenario = cordon_model::parse(
        &format!("{} (scenario.resolved_toml)", manifest_path.display()),
        manifest.resolved_toml.as_bytes(),
    )
    .map_err(|d| ReportError::Scenario {
        path: manifest_path.clone(),
        diagnostics: d.to_string(),
    })?;

    // runs.csv: the experiment crate's reader, so that values are parsed as the terminal's are.
    let runs_path = dir.join("runs.csv");
    read_required(dir, "runs.csv")?;
    let runs = cordon_experiment::read_runs_csv(dir).map_err(|e| match e {
        cordon_experiment::ExperimentError::File(file @ FileError::Corrupt { .. }) => file,
        other => FileError::corrupt(&runs_path, None, other.to_string()),
    })?;
    check_runs(&runs_path, &runs, &manifest, &scenario)?;

    let mut warnings = Vec::new();
    let bands = match read_optional(dir, "bands.csv")? {
        Some(text) => parse_bands(&dir.join("bands.csv"), &text, &manifest.coas)?,
        None => {
            warnings.push(
                "bands.csv is missing: the charts of adversary strength over time are left out"
                    .to_string(),
            );
            BandTable::default()
        }
    };
    let failures = match read_optional(dir, "failures.csv")? {
        Some(text) => parse_failures(&dir.join("failures.csv"), &text)?,
        None => Vec::new(),
    };
    check_counts(dir, &runs, &failures, &manifest)?;
    let courses = load_courses(dir, &manifest.coas, &scenario)?;
    // `cordon sensitivity --out DIR/sensitivity` keeps its own manifest next to its indices.
    let (sensitivity_text, sensitivity_metric) = match read_optional(dir, "sensitivity.csv")? {
        Some(text) => (Some(text), None),
        None => {
            let sub = dir.join("sensitivity");
            match read_optional(&sub, "sensitivity.csv")? {
                Some(text) => (Some(text), sensitivity_metric(&sub)),
                None => (None, None),
            }
        }
    };
    let sensitivity = match sensitivity_text {
        Some(text) => match parse_sensitivity(&text, sensitivity_metric) {
            Ok(s) => Some(s),
            Err(reason) => {
                warnings.push(format!(
                    "sensitivity.csv could not be read ({reason}); the sensitivity section is left out"
                ));
                None
            }
        },
        None => None,
    };
    let results = Results {
        source: dir.display().to_string(),
        manifest,
        runs,
        bands,
        failures,
        courses,
        sensitivity,
        warnings,
    };
    Ok((results, scenario))
}

fn read_required(dir: &Path, file: &'static str) -> Result<String, ReportError> {
    read_optional(dir, file)?.ok_or_else(|| ReportError::Missing {
        dir: dir.to_path_buf(),
        file,
    })
}

fn read_optional(dir: &Path, file: &str) -> Result<Option<String>, ReportError> {
    let path = dir.join(file);
    let meta = match std::fs::metadata(&path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(FileError::io(&path, e).into()),
    };
    if !meta.is_file() {
        return Err(FileError::corrupt(&path, None, "not a regular file").into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(FileError::corrupt(
            &path,
            None,
            format!(
                "{:.1} GB is larger than the report reads",
                meta.len() as f64 / 1e9
            ),
        )
        .into());
    }
    let bytes = std::fs::read(&path).map_err(|e| FileError::io(&path, e))?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|e| FileError::corrupt(&path, None, format!("not UTF-8 text: {e}")).into())
}

fn parse_manifest(path: &Path, text: &str) -> Result<Manifest, ReportError> {
    let root: Value = serde_json::from_str(text)
        .map_err(|e| FileError::corrupt(path, Some(e.line() as u64), e.to_string()))?;
    let bad = |what: &str| FileError::corrupt(path, None, what.to_string());
    let Value::Object(map) = &root else {
        return Err(bad("expected a JSON object").into());
    };
    let text_at = |pointer: &str| -> Result<String, ReportError> {
        match root.pointer(pointer) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(v) if !v.is_null() => Ok(v.to_string()),
            _ => Err(bad(&format!(
                "no field {} (written by another version of Cordon?)",
                pointer.trim_start_matches('/').replace('/', ".")
            ))
            .into()),
        }
    };
    let text_or = |pointer: &str| text_at(pointer).unwrap_or_else(|_| "-".to_string());
    let u64_at = |pointer: &str| -> Result<u64, FileError> {
        root.pointer(pointer)
            .and_then(Value::as_u64)
            .ok_or_else(|| bad(&format!("{} is not a whole number", &pointer[1..])))
    };
    let coas: Vec<String> = match root.pointer("/courses_of_action") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(String::from))
            .collect::<Option<_>>()
            .ok_or_else(|| bad("courses_of_action is not a list of ids"))?,
        _ => return Err(bad("no field courses_of_action").into()),
    };
    if coas.is_empty() {
        return Err(bad("courses_of_action is empty").into());
    }
    match root.pointer("/format").and_then(Value::as_str) {
        Some("cordon-results/1") => {}
        other => {
            return Err(bad(&format!(
                "format is {}, not cordon-results/1: not a manifest this Cordon reads",
                other.map_or_else(|| "missing".to_string(), |f| format!("\"{f}\""))
            ))
            .into());
        }
    }
    let mut fields = Vec::new();
    for (key, value) in map {
        flatten(key, value, &mut fields);
    }
    fields.retain(|(k, _)| k != "scenario.resolved_toml");
    Ok(Manifest {
        format: text_or("/format"),
        cordon_version: text_or("/cordon_version"),
        git_commit: text_or("/git_commit"),
        scenario_name: text_or("/scenario/name"),
        scenario_hash: text_or("/scenario/hash"),
        resolved_toml: text_at("/scenario/resolved_toml")?,
        seed: u64_at("/seed")?,
        mode: text_or("/mode"),
        coas,
        replications: u64_at("/replications")?,
        stop: text_or("/stop"),
        failures: root
            .pointer("/failures")
            .and_then(Value::as_u64)
            .unwrap_or(0),
        units: root.pointer("/units").and_then(Value::as_u64),
        fields,
    })
}

/// Flattens a JSON value into (`a.b.c`, text) pairs; lists of scalars are joined with ", ".
fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if map.is_empty() {
                out.push((prefix.to_string(), "-".to_string()));
            }
            for (k, v) in map {
                flatten(&format!("{prefix}.{k}"), v, out);
            }
        }
        Value::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
            let joined: Vec<String> = items.iter().map(scalar_text).collect();
            out.push((
                prefix.to_string(),
                if joined.is_empty() {
                    "-".to_string()
                } else {
                    joined.join(", ")
                },
            ));
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), v, out);
            }
        }
        scalar => out.push((prefix.to_string(), scalar_text(scalar))),
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "-".to_string(),
        other => other.to_string(),
    }
}

fn check_runs(
    path: &Path,
    runs: &cordon_experiment::Runs,
    manifest: &Manifest,
    scenario: &Scenario,
) -> Result<(), ReportError> {
    for coa in &runs.coas {
        if !manifest.coas.contains(coa) {
            return Err(FileError::corrupt(
                path,
                None,
                format!(
                    "course of action {coa} is not in the manifest ({})",
                    manifest.coas.join(", ")
                ),
            )
            .into());
        }
    }
    for coa in &manifest.coas {
        if scenario.coa_by_id(coa).is_none() {
            return Err(FileError::corrupt(
                path.with_file_name("manifest.json"),
                None,
                format!("course of action {coa} is not in the recorded scenario"),
            )
            .into());
        }
    }
    if !runs.names.iter().any(|n| n == "fighters_total") {
        return Err(FileError::corrupt(
            path,
            Some(1),
            "no fighters_total column: not a runs.csv Cordon writes",
        )
        .into());
    }
    Ok(())
}

/// The rows add up: every (course, replication) once, in runs.csv or failures.csv, and as
/// many as the manifest says ran.
fn check_counts(
    dir: &Path,
    runs: &cordon_experiment::Runs,
    failures: &[Failure],
    manifest: &Manifest,
) -> Result<(), ReportError> {
    let mut seen: Vec<(&str, u64)> = runs
        .rows
        .iter()
        .map(|r| (runs.coas[r.coa].as_str(), r.replication))
        .chain(failures.iter().map(|f| (f.coa.as_str(), f.replication)))
        .collect();
    seen.sort_unstable();
    if let Some(w) = seen.windows(2).find(|w| w[0] == w[1]) {
        return Err(ReportError::File(FileError::corrupt(
            dir.join("runs.csv"),
            None,
            format!(
                "replication {} of course of action {} appears twice: two runs wrote this directory",
                w[0].1, w[0].0
            ),
        )));
    }
    let failed = failures.len() as u64;
    let units = manifest.units.unwrap_or(runs.rows.len() as u64 + failed);
    if runs.rows.len() as u64 + failed != units || failed != manifest.failures {
        return Err(ReportError::File(FileError::corrupt(
            dir.join("manifest.json"),
            None,
            format!(
                "the manifest records {units} replications ({} failed), but runs.csv has {} and failures.csv {failed}",
                manifest.failures,
                runs.rows.len()
            ),
        )));
    }
    Ok(())
}

/// A CSV reader over text, with the header's column positions.
fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().from_reader(text.as_bytes())
}

fn column(headers: &csv::StringRecord, name: &str) -> Option<usize> {
    headers.iter().position(|h| h.trim() == name)
}

fn parse_bands(path: &Path, text: &str, coas: &[String]) -> Result<BandTable, ReportError> {
    let mut reader = csv_reader(text);
    let headers = reader
        .headers()
        .map_err(|e| FileError::corrupt(path, Some(1), e.to_string()))?
        .clone();
    let names = [
        "coa", "day", "region", "variable", "n", "mean", "p5", "p25", "p50", "p75", "p95",
    ];
    let mut at = [0usize; 11];
    for (i, name) in names.iter().enumerate() {
        at[i] = column(&headers, name)
            .ok_or_else(|| FileError::corrupt(path, Some(1), format!("no column {name}")))?;
    }
    let mut table = BandTable::default();
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let record = record.map_err(|e| FileError::corrupt(path, Some(line), e.to_string()))?;
        let get = |k: usize| record.get(at[k]).unwrap_or_default();
        let number = |k: usize| -> Result<f64, FileError> {
            get(k).trim().parse::<f64>().map_err(|_| {
                FileError::corrupt(
                    path,
                    Some(line),
                    format!("{} is not a number: \"{}\"", names[k], get(k)),
                )
            })
        };
        let coa = get(0);
        if !coas.iter().any(|c| c == coa) {
            return Err(FileError::corrupt(
                path,
                Some(line),
                format!("course of action {coa} is not in the manifest"),
            )
            .into());
        }
        let row = BandRow {
            day: number(1)?,
            n: number(4)? as u64,
            mean: number(5)?,
            q: [number(6)?, number(7)?, number(8)?, number(9)?, number(10)?],
        };
        table.push(coa, get(2), get(3), row);
    }
    Ok(table)
}

/// The per-course files (`cordon_experiment::courses`), per course of the manifest.
fn load_courses(
    dir: &Path,
    coas: &[String],
    s: &Scenario,
) -> Result<Vec<CourseTable>, ReportError> {
    let mut courses = vec![
        CourseTable {
            integrity: vec![Vec::new(); s.links().len()],
            arrived_from_core: vec![f64::NAN; s.regions().len()],
            ..CourseTable::default()
        };
        coas.len()
    ];
    let link = |id: &str| s.links().iter().position(|l| l.id == id);
    let region = |id: &str| s.regions().iter().position(|r| r.id == id);
    let names = ["coa", "phase", "link"];
    course_rows(dir, "cuts.csv", &names, coas, |row| {
        let l = row.index(2, link, "link")?;
        courses[row.coa].cuts.push((row.fields[1].clone(), l));
        Ok(())
    })?;
    let names = ["coa", "day", "link", "integrity"];
    course_rows(dir, "mean_field_links.csv", &names, coas, |row| {
        let l = row.index(2, link, "link")?;
        let point = (row.number(1)?, row.number(3)?);
        courses[row.coa].integrity[l].push(point);
        Ok(())
    })?;
    let names = ["coa", "region", "arrived_from_core"];
    course_rows(dir, "mean_field_escapes.csv", &names, coas, |row| {
        let r = row.index(1, region, "region")?;
        courses[row.coa].arrived_from_core[r] = row.number(2)?;
        Ok(())
    })?;
    let names = ["coa", "day", "link", "event", "description"];
    course_rows(dir, "mean_field_events.csv", &names, coas, |row| {
        let course = &mut courses[row.coa];
        if row.fields[3] == "failed" {
            course.failed = Some(row.fields[4].clone());
        } else {
            course
                .link_events
                .push((row.number(1)?, row.fields[4].clone()));
        }
        Ok(())
    })?;
    for course in &mut courses {
        for series in &mut course.integrity {
            series.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
    }
    Ok(courses)
}

/// One row of a per-course file: its fields in the order asked for, the course's position in
/// the manifest, and where it is.
struct CourseRow<'p> {
    path: &'p Path,
    line: u64,
    coa: usize,
    fields: Vec<String>,
}

impl CourseRow<'_> {
    fn number(&self, k: usize) -> Result<f64, FileError> {
        let text = self.fields[k].trim();
        text.parse::<f64>().map_err(|_| {
            FileError::corrupt(
                self.path,
                Some(self.line),
                format!("not a number: \"{text}\""),
            )
        })
    }

    /// The position of the id in field `k` among the scenario's `what`s.
    fn index(
        &self,
        k: usize,
        find: impl Fn(&str) -> Option<usize>,
        what: &str,
    ) -> Result<usize, FileError> {
        find(&self.fields[k]).ok_or_else(|| {
            FileError::corrupt(
                self.path,
                Some(self.line),
                format!("{what} {} is not in the scenario", self.fields[k]),
            )
        })
    }
}

/// Hands each row of `dir/file` (required), with the columns `names` (the first is `coa`, a
/// course of the manifest), to `each`.
fn course_rows(
    dir: &Path,
    file: &'static str,
    names: &[&str],
    coas: &[String],
    mut each: impl FnMut(&CourseRow<'_>) -> Result<(), FileError>,
) -> Result<(), ReportError> {
    let path = dir.join(file);
    let text = read_optional(dir, file)?.ok_or_else(|| ReportError::Outdated {
        dir: dir.to_path_buf(),
        file,
    })?;
    let mut reader = csv_reader(&text);
    let headers = reader
        .headers()
        .map_err(|e| FileError::corrupt(&path, Some(1), e.to_string()))?
        .clone();
    let at = names
        .iter()
        .map(|name| {
            column(&headers, name)
                .ok_or_else(|| FileError::corrupt(&path, Some(1), format!("no column {name}")))
        })
        .collect::<Result<Vec<usize>, FileError>>()?;
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let record = record.map_err(|e| FileError::corrupt(&path, Some(line), e.to_string()))?;
        let fields: Vec<String> = at
            .iter()
            .map(|&k| record.get(k).unwrap_or_default().to_string())
            .collect();
        let coa = coas.iter().position(|c| *c == fields[0]).ok_or_else(|| {
            FileError::corrupt(
                &path,
                Some(line),
                format!("course of action {} is not in the manifest", fields[0]),
            )
        })?;
        each(&CourseRow {
            path: &path,
            line,
            coa,
            fields,
        })?;
    }
    Ok(())
}

fn parse_failures(path: &Path, text: &str) -> Result<Vec<Failure>, ReportError> {
    let mut reader = csv_reader(text);
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 2;
        let record = record.map_err(|e| FileError::corrupt(path, Some(line), e.to_string()))?;
        let get = |k: usize| record.get(k).unwrap_or_default().to_string();
        out.push(Failure {
            coa: get(0),
            replication: get(1).parse().map_err(|_| {
                FileError::corrupt(path, Some(line), "replication is not a whole number")
            })?,
            stream_key: get(2),
            message: get(3),
        });
    }
    Ok(out)
}

/// Reads a `sensitivity.csv`, in either layout:
///
/// - long, as `cordon sensitivity` writes it (docs/sensitivity.md): `parameter`, `index`,
///   `value`, `ci_low`, `ci_high` (empty when the index has no interval);
/// - wide: a `parameter` (or `name`, `field`, `input`) column, an optional `outcome` column,
///   and one column per index with `X_lo`/`X_hi` (or `X_conf`, a half-width) intervals.
///
/// Rows are ranked as `cordon sensitivity` ranks them: by `ST`, else `mu_star`, else by `ρ²`
/// (`spearman`) and `η²` (`categorical`) together, else by the first index.
fn parse_sensitivity(text: &str, metric: Option<String>) -> Result<Sensitivity, String> {
    let mut reader = csv_reader(text);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let records: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let table = SaTable::new(headers, records)?;
    let (indices, mut rows) = match (table.find(&["index"]), table.find(&["value"])) {
        (Some(index), Some(value)) => table.long(index, value)?,
        _ => table.wide(),
    };
    if indices.is_empty() || rows.is_empty() {
        return Err("no index values".into());
    }
    let ranked_by = rank(&mut rows, &indices);
    for row in &mut rows {
        row.values.resize(indices.len(), None);
    }
    sort_by_outcome(&mut rows);
    Ok(Sensitivity {
        indices,
        ranked_by,
        metric,
        rows,
    })
}

/// The cells of a `sensitivity.csv` and its parameter and outcome columns.
struct SaTable {
    headers: Vec<String>,
    records: Vec<csv::StringRecord>,
    parameter: usize,
    outcome: Option<usize>,
}

impl SaTable {
    fn new(headers: Vec<String>, records: Vec<csv::StringRecord>) -> Result<SaTable, String> {
        let mut table = SaTable {
            headers,
            records,
            parameter: 0,
            outcome: None,
        };
        table.parameter = table
            .find(&["parameter", "name", "field", "input", "param"])
            .ok_or("no parameter column (parameter, name, field or input)")?;
        table.outcome = table.find(&["outcome", "output"]);
        Ok(table)
    }

    /// The first column named any of `names` (ignoring case).
    fn find(&self, names: &[&str]) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    }

    fn number(r: &csv::StringRecord, i: Option<usize>) -> Option<f64> {
        i.and_then(|i| r.get(i))
            .and_then(|v| v.trim().parse::<f64>().ok())
    }

    /// The row of record `r`'s (outcome, parameter), added when new.
    fn row_of(&self, rows: &mut Vec<SensitivityRow>, r: &csv::StringRecord) -> usize {
        let outcome = self.outcome.and_then(|o| r.get(o)).map(String::from);
        let parameter = r.get(self.parameter).unwrap_or_default().to_string();
        match rows
            .iter()
            .position(|r| r.outcome == outcome && r.parameter == parameter)
        {
            Some(i) => i,
            None => {
                rows.push(SensitivityRow {
                    outcome,
                    parameter,
                    values: Vec::new(),
                    rank: f64::NEG_INFINITY,
                    shown: 0,
                });
                rows.len() - 1
            }
        }
    }

    /// The long layout: one row per (parameter, index) with `value` and an optional interval.
    fn long(
        &self,
        index: usize,
        value: usize,
    ) -> Result<(Vec<String>, Vec<SensitivityRow>), String> {
        let (lo, hi) = (
            self.find(&["ci_low", "lo", "low"]),
            self.find(&["ci_high", "hi", "high"]),
        );
        let mut indices: Vec<String> = Vec::new();
        let mut rows: Vec<SensitivityRow> = Vec::new();
        for (line, r) in self.records.iter().enumerate() {
            let name = r.get(index).unwrap_or_default().trim().to_string();
            let k = match indices.iter().position(|n| *n == name) {
                Some(k) => k,
                None => {
                    indices.push(name);
                    indices.len() - 1
                }
            };
            let v = Self::number(r, Some(value))
                .ok_or_else(|| format!("line {}: value is not a number", line + 2))?;
            let interval = Self::number(r, lo).zip(Self::number(r, hi));
            let at = self.row_of(&mut rows, r);
            if rows[at].values.len() <= k {
                rows[at].values.resize(k + 1, None);
            }
            rows[at].values[k] = Some((v, interval));
        }
        Ok((indices, rows))
    }

    /// The wide layout: one column per index, intervals in `X_lo`/`X_hi` (`X_low`/`X_high`)
    /// or `X_conf` columns.
    fn wide(&self) -> (Vec<String>, Vec<SensitivityRow>) {
        let headers = &self.headers;
        let number = Self::number;
        let suffixes = ["_lo", "_hi", "_conf", "_low", "_high"];
        let numeric = |i: usize| self.records.iter().all(|r| number(r, Some(i)).is_some());
        let columns: Vec<usize> = (0..headers.len())
            .filter(|&i| i != self.parameter && Some(i) != self.outcome)
            .filter(|&i| !suffixes.iter().any(|s| headers[i].ends_with(s)))
            .filter(|&i| numeric(i))
            .collect();
        let with_suffix = |i: usize, suffix: &str| {
            let name = format!("{}{suffix}", headers[i]);
            headers.iter().position(|h| *h == name)
        };
        let indices = columns.iter().map(|&i| headers[i].clone()).collect();
        let mut rows: Vec<SensitivityRow> = Vec::new();
        for r in &self.records {
            let at = self.row_of(&mut rows, r);
            rows[at].values = columns
                .iter()
                .map(|&i| {
                    let v = number(r, Some(i))?;
                    let interval = number(r, with_suffix(i, "_lo"))
                        .zip(number(r, with_suffix(i, "_hi")))
                        .or_else(|| {
                            number(r, with_suffix(i, "_low"))
                                .zip(number(r, with_suffix(i, "_high")))
                        })
                        .or_else(|| number(r, with_suffix(i, "_conf")).map(|c| (v - c, v + c)));
                    Some((v, interval))
                })
                .collect();
        }
        (indices, rows)
    }
}

/// Sets each row's ranking key as `cordon sensitivity` ranks (`ST`, else `mu_star`, else `ρ²`
/// and `η²` together, else the first index) and says what it ranked by.
fn rank(rows: &mut [SensitivityRow], indices: &[String]) -> String {
    let position = |name: &str| indices.iter().position(|n| n.eq_ignore_ascii_case(name));
    if let Some(k) = position("ST") {
        set_rank(rows, |_| Some(k), |v| v);
        "ST".to_string()
    } else if let Some(k) = position("mu_star") {
        set_rank(rows, |_| Some(k), |v| v);
        "mu_star".to_string()
    } else if position("spearman").is_some() || position("categorical").is_some() {
        let (s, c) = (position("spearman"), position("categorical"));
        set_rank(
            rows,
            |row| {
                s.filter(|&k| row.values.get(k).is_some_and(Option::is_some))
                    .or(c)
            },
            |v| v * v,
        );
        "spearman ρ² / categorical η²".to_string()
    } else {
        set_rank(rows, |_| Some(0), |v| v);
        indices[0].clone()
    }
}

/// Ranked: by outcome in file order, then most influential first.
fn sort_by_outcome(rows: &mut [SensitivityRow]) {
    let mut outcomes: Vec<Option<String>> = Vec::new();
    for r in rows.iter() {
        if !outcomes.contains(&r.outcome) {
            outcomes.push(r.outcome.clone());
        }
    }
    rows.sort_by(|a, b| {
        let oa = outcomes.iter().position(|o| *o == a.outcome);
        let ob = outcomes.iter().position(|o| *o == b.outcome);
        oa.cmp(&ob).then(b.rank.total_cmp(&a.rank))
    });
}

/// Sets each row's ranking key from the index `which` picks, through `key`.
fn set_rank(
    rows: &mut [SensitivityRow],
    which: impl Fn(&SensitivityRow) -> Option<usize>,
    key: impl Fn(f64) -> f64,
) {
    for row in rows {
        let k = which(row);
        let value = k.and_then(|k| row.values.get(k).copied().flatten());
        row.shown = k.unwrap_or(0);
        row.rank = value.map_or(f64::NEG_INFINITY, |(v, _)| {
            let r = key(v);
            if r.is_nan() { f64::NEG_INFINITY } else { r }
        });
    }
}

/// The metric of a `cordon sensitivity` manifest, if `dir` holds one.
fn sensitivity_metric(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("manifest.json")).ok()?;
    let root: Value = serde_json::from_str(&text).ok()?;
    root.get("format")?
        .as_str()?
        .starts_with("cordon-sensitivity")
        .then(|| root.get("metric")?.as_str().map(String::from))?
}

/// Where the report of `dir` is written.
pub fn report_path(dir: &Path) -> PathBuf {
    dir.join("report.html")
}

/// Whether `dir/name` is a file.
pub(crate) fn has_file(dir: &Path, name: &str) -> bool {
    dir.join(name).is_file()
}

/// The text of `dir/name`.
pub(crate) fn read_file(dir: &Path, name: &str) -> Result<String, ReportError> {
    let path = dir.join(name);
    std::fs::read_to_string(&path).map_err(|e| ReportError::from(FileError::io(&path, e)))
}
