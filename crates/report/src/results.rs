//! A results directory in memory: what [`crate::load`] reads and [`crate::render`] draws.
//!
//! These are the report's own types for the files `cordon compare` and `cordon run` write
//! (docs/experiments.md); `runs.csv` is read with `cordon_experiment::read_runs_csv`, so the
//! report's numbers come from the same values as the terminal's.

use std::collections::BTreeMap;

use cordon_experiment::Runs;

/// Everything the report shows that comes from files.
#[derive(Clone, Debug)]
pub struct Results {
    /// Where the files were read from, as the user named it (shown, never opened again).
    pub source: String,
    pub manifest: Manifest,
    /// `runs.csv`: one row per course of action × successful replication.
    pub runs: Runs,
    /// `bands.csv`, when present.
    pub bands: BandTable,
    /// `failures.csv`: replications whose engine returned an error.
    pub failures: Vec<Failure>,
    /// Per course of action, in the manifest's order: `cuts.csv` and the `mean_field_*.csv`
    /// files (the optimiser's cuts and the mean-field campaign the experiment recorded).
    pub courses: Vec<CourseTable>,
    /// `sensitivity.csv` (written by `cordon sensitivity`), when present.
    pub sensitivity: Option<Sensitivity>,
    /// Problems with optional files, shown in the report rather than failing it.
    pub warnings: Vec<String>,
}

/// The fields of `manifest.json` the report uses, and every scalar field for the manifest table.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    pub format: String,
    pub cordon_version: String,
    pub git_commit: String,
    pub scenario_name: String,
    pub scenario_hash: String,
    /// The fully resolved scenario the results were computed from.
    pub resolved_toml: String,
    pub seed: u64,
    pub mode: String,
    /// Course-of-action ids, in the experiment's order.
    pub coas: Vec<String>,
    /// Replications per course of action in the files.
    pub replications: u64,
    pub stop: String,
    pub failures: u64,
    /// Units (course × replication) run, successes and failures (absent in older manifests).
    pub units: Option<u64>,
    /// Every other field, flattened to (`a.b`, text), in file order; the resolved scenario
    /// is left out (the assumptions section shows it).
    pub fields: Vec<(String, String)>,
}

/// One row of `failures.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub coa: String,
    pub replication: u64,
    pub stream_key: String,
    pub message: String,
}

/// One row of `bands.csv`: quantiles of a trajectory variable across replications.
#[derive(Clone, Debug, PartialEq)]
pub struct BandRow {
    pub day: f64,
    /// Replications with a value.
    pub n: u64,
    pub mean: f64,
    /// The 5, 25, 50, 75 and 95% quantiles.
    pub q: [f64; 5],
}

/// `bands.csv`, indexed by (course of action, region, variable); rows sorted by day.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BandTable {
    series: BTreeMap<(String, String, String), Vec<BandRow>>,
}

impl BandTable {
    /// Adds one row (kept sorted by day).
    pub fn push(&mut self, coa: &str, region: &str, variable: &str, row: BandRow) {
        let rows = self
            .series
            .entry((coa.to_string(), region.to_string(), variable.to_string()))
            .or_default();
        let at = rows.partition_point(|r| r.day <= row.day);
        rows.insert(at, row);
    }

    /// The rows of one series, by day (empty when absent).
    pub fn series(&self, coa: &str, region: &str, variable: &str) -> &[BandRow] {
        self.series
            .get(&(coa.to_string(), region.to_string(), variable.to_string()))
            .map_or(&[], Vec::as_slice)
    }

    /// Whether any course of action records `variable`.
    pub fn has_variable(&self, variable: &str) -> bool {
        self.series.keys().any(|(_, _, v)| v == variable)
    }

    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }
}

/// What the experiment recorded about one course of action beyond its replications.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CourseTable {
    /// `cuts.csv`: (phase id, link index) cut by the interdiction optimiser.
    pub cuts: Vec<(String, usize)>,
    /// `mean_field_links.csv`: per link of the scenario, (day, integrity) sorted by day.
    pub integrity: Vec<Vec<(f64, f64)>>,
    /// `mean_field_escapes.csv`: per region, fighters who left the core and arrived there by
    /// the horizon (NaN where the file has no row).
    pub arrived_from_core: Vec<f64>,
    /// `mean_field_events.csv`: links severed and restored, (day, description).
    pub link_events: Vec<(f64, String)>,
    /// `mean_field_events.csv`: why the mean-field run failed, when it did.
    pub failed: Option<String>,
}

/// Sensitivity indices, one row per (outcome, parameter), ranked.
#[derive(Clone, Debug, PartialEq)]
pub struct Sensitivity {
    /// Names of the indices, in file order (e.g. `S1`, `ST`; `mu`, `mu_star`, `sigma`;
    /// `spearman`, `categorical`).
    pub indices: Vec<String>,
    /// What the rows are ranked by (e.g. `ST`, or `spearman² / categorical`).
    pub ranked_by: String,
    /// The metric the indices are about, when known (the sensitivity manifest's `metric`).
    pub metric: Option<String>,
    pub rows: Vec<SensitivityRow>,
}

/// An index estimate and its interval, when there is one.
pub type Estimate = (f64, Option<(f64, f64)>);

#[derive(Clone, Debug, PartialEq)]
pub struct SensitivityRow {
    /// The outcome the indices are about, when the file has an outcome column.
    pub outcome: Option<String>,
    pub parameter: String,
    /// Per index of [`Sensitivity::indices`]: the estimate and its interval, when the file
    /// gives them for this parameter.
    pub values: Vec<Option<Estimate>>,
    /// The ranking key (larger: more influential).
    pub rank: f64,
    /// The index shown for this parameter in the ranking chart: its position in `indices`.
    pub shown: usize,
}
