//! What the report computes from the results and the scenario, before drawing anything:
//! the comparison (with `cordon_experiment`'s statistics, as the terminal table), per-course
//! distributions from `runs.csv`, and per course what the experiment recorded beside its
//! replications (the optimiser's cuts, the mean-field run's link integrity, escape destinations
//! and link events: `cuts.csv` and `mean_field_*.csv`). Nothing here runs the engine.

use cordon_experiment::FileError;
use cordon_experiment::{
    Comparison, ExperimentError, Row, RowSource, Runs, outcomes::specs_of, summarize,
};
use cordon_model::Scenario;

use crate::error::ReportError;
use crate::results::{CourseTable, Results};

/// Everything derived, per course of action in the order of the results.
pub(crate) struct Analysis {
    pub coas: Vec<CoaInfo>,
    pub comparison: Comparison,
    /// Whether differences against the baseline are shown (more than one course).
    pub paired: bool,
    pub horizon: f64,
    /// Days at which the network is drawn.
    pub snapshot_days: Vec<f64>,
    /// Whether link integrity comes from the bands (else from the mean-field runs).
    pub integrity_from_bands: bool,
    /// Whether arrivals from the core per region come from the bands (else mean-field runs).
    pub arrivals_from_bands: bool,
    /// The verdict the summary opens with (the terminal's).
    pub verdict: crate::verdict::Verdict,
}

impl Analysis {
    /// Integrity of link `l` for course `c` at snapshot day `day` (None: unknown).
    pub fn integrity(&self, c: usize, l: usize, day: f64) -> Option<f64> {
        let at = self.snapshot_days.iter().position(|d| *d == day)?;
        self.coas[c]
            .integrity
            .get(at)?
            .as_ref()
            .ok()?
            .get(l)
            .copied()
    }
}

pub(crate) struct CoaInfo {
    pub id: String,
    /// Position in the scenario: the course's colour everywhere.
    pub index: usize,
    /// Links cut by the interdiction optimiser, per phase: (phase id, link indices).
    pub cuts: Vec<(String, Vec<usize>)>,
    /// The deterministic mean-field campaign, or why it failed.
    pub mean_field: Result<MeanField, String>,
    /// Days of decisive defeat where it happened, sorted; and replications in all.
    pub defeat_days: Vec<f64>,
    pub n_replications: u64,
    /// Fighters escaped from the core, one value per replication.
    pub escaped: Vec<f64>,
    /// Per snapshot day: integrity per link, or why it is unknown.
    pub integrity: Vec<Result<Vec<f64>, String>>,
    /// Per region: fighters who left the core and arrived there by the horizon.
    pub arrivals: Option<Vec<f64>>,
}

/// The deterministic mean-field campaign the experiment recorded.
pub(crate) struct MeanField {
    /// Per region: fighters who had left the core and arrived there, by the horizon.
    pub arrived_from_core: Vec<f64>,
    /// Links severed and restored: (day, sentence).
    pub link_events: Vec<(f64, String)>,
}

/// Which course the others are compared with.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// A course-of-action id of the results (default: the scenario's `baseline` when it is
    /// among them, else the first).
    pub baseline: Option<String>,
}

pub(crate) fn analyse(
    results: &Results,
    s: &Scenario,
    options: &Options,
) -> Result<Analysis, ReportError> {
    let coa_ids = &results.manifest.coas;
    let baseline = baseline_of(results, s, options)?;
    let source = ByManifest::new(&results.runs, coa_ids);
    let outcomes = specs_of(&results.runs.names);
    let comparison = summarize(&source, coa_ids, &outcomes, baseline)
        .map_err(|e| FileError::corrupt(runs_csv(results), None, e.to_string()))?;
    let bands = &results.bands;
    let mut a = Analysis {
        coas: Vec::with_capacity(coa_ids.len()),
        paired: coa_ids.len() > 1,
        verdict: verdict_of(results, s, &source, &comparison)?,
        comparison,
        horizon: s.meta().horizon_days,
        snapshot_days: cordon_experiment::courses::network_days(s),
        integrity_from_bands: bands.has_variable("integrity"),
        arrivals_from_bands: bands.has_variable("arrived_from_core"),
    };
    for (c, id) in coa_ids.iter().enumerate() {
        let info = coa_info(results, s, &a, &source, c, id)?;
        a.coas.push(info);
    }
    Ok(a)
}

fn runs_csv(results: &Results) -> std::path::PathBuf {
    std::path::Path::new(&results.source).join("runs.csv")
}

/// The position of the baseline among the results' courses: the one asked for, else the
/// scenario's `baseline` when it is among them, else the first.
fn baseline_of(results: &Results, s: &Scenario, options: &Options) -> Result<usize, ReportError> {
    let coa_ids = &results.manifest.coas;
    match &options.baseline {
        Some(id) => {
            coa_ids
                .iter()
                .position(|c| c == id)
                .ok_or_else(|| ReportError::UnknownBaseline {
                    id: id.clone(),
                    coas: coa_ids.clone(),
                })
        }
        None => {
            let scenario_baseline = &s.coa(s.meta().baseline).id;
            Ok(coa_ids
                .iter()
                .position(|c| c == scenario_baseline)
                .unwrap_or(0))
        }
    }
}

/// What the report shows of course `c` (id `id`): its replications' defeat days and escapes,
/// and what the experiment recorded of its plan and mean-field run.
fn coa_info(
    results: &Results,
    s: &Scenario,
    a: &Analysis,
    source: &ByManifest<'_>,
    c: usize,
    id: &str,
) -> Result<CoaInfo, ReportError> {
    let coa = s.coa_by_id(id).ok_or_else(|| {
        FileError::corrupt(
            runs_csv(results),
            None,
            format!("no course {id} in the scenario"),
        )
    })?;
    let values: Vec<&[f64]> = source
        .indices(c)
        .map(|i| results.runs.rows[i].values.as_slice())
        .collect();
    let finite = |name: &str| -> Vec<f64> {
        let column = results.runs.names.iter().position(|n| n == name);
        column.map_or(Vec::new(), |k| {
            values
                .iter()
                .map(|v| v[k])
                .filter(|x| x.is_finite())
                .collect()
        })
    };
    let mut defeat_days = finite("decisive_defeat_day");
    defeat_days.sort_by(f64::total_cmp);
    let escaped = finite("escaped_from_core");
    let table = &results.courses[c];
    let mean_field = match &table.failed {
        Some(why) => Err(why.clone()),
        None => Ok(MeanField {
            arrived_from_core: table.arrived_from_core.clone(),
            link_events: table.link_events.clone(),
        }),
    };
    let integrity = a
        .snapshot_days
        .iter()
        .map(|&day| integrity_at(results, s, a, id, table, &mean_field, day))
        .collect();
    let arrivals = if a.arrivals_from_bands {
        Some(
            s.regions()
                .iter()
                .map(|r| {
                    results
                        .bands
                        .series(id, &r.id, "arrived_from_core")
                        .last()
                        .map_or(f64::NAN, |row| row.mean)
                })
                .collect(),
        )
    } else {
        mean_field
            .as_ref()
            .ok()
            .map(|mf| mf.arrived_from_core.clone())
    };
    Ok(CoaInfo {
        id: id.to_string(),
        index: coa.index(),
        cuts: cuts_by_phase(s, coa, table),
        mean_field,
        defeat_days,
        n_replications: values.len() as u64,
        escaped,
        integrity,
        arrivals,
    })
}

/// Integrity per link of course `id` at `day`: the bands' median when they record it, else
/// the mean-field run's.
fn integrity_at(
    results: &Results,
    s: &Scenario,
    a: &Analysis,
    id: &str,
    table: &CourseTable,
    mean_field: &Result<MeanField, String>,
    day: f64,
) -> Result<Vec<f64>, String> {
    if a.integrity_from_bands {
        s.links()
            .iter()
            .map(|link| {
                nearest(results.bands.series(id, &link.id, "integrity"), day)
                    .map(|r| r.q[2])
                    .ok_or_else(|| format!("no integrity of {} in bands.csv", link.id))
            })
            .collect()
    } else {
        match mean_field {
            Ok(_) => mean_field_integrity(s, table, day),
            Err(why) => Err(format!("the mean-field run failed: {why}")),
        }
    }
}

/// The verdict, its margin paired against the runner-up (the same runs summarised once more).
fn verdict_of(
    results: &Results,
    s: &Scenario,
    source: &ByManifest<'_>,
    comparison: &Comparison,
) -> Result<crate::verdict::Verdict, ReportError> {
    let coa_ids = &comparison.coas;
    let vs_runner_up = match crate::verdict::runner_up(comparison) {
        Some(id) if coa_ids.len() > 1 => {
            let r = coa_ids.iter().position(|c| c == id).unwrap_or(0);
            Some(
                summarize(source, coa_ids, &comparison.outcomes, r).map_err(|e| {
                    let runs = std::path::Path::new(&results.source).join("runs.csv");
                    FileError::corrupt(runs, None, e.to_string())
                })?,
            )
        }
        _ => None,
    };
    Ok(crate::verdict::verdict(
        comparison,
        vs_runner_up.as_ref(),
        &verdict_context(results, s),
    ))
}

/// What the verdict needs from the scenario and a sensitivity analysis, when there is one.
fn verdict_context(results: &Results, s: &Scenario) -> crate::verdict::Context {
    let top_assumption = results.sensitivity.as_ref().and_then(|sa| {
        let row = sa.rows.first()?;
        let (value, _) = row.values.get(row.shown).copied().flatten()?;
        let outcome = row
            .outcome
            .clone()
            .or_else(|| sa.metric.clone())
            .unwrap_or_else(|| "the outcome".to_string());
        Some((
            row.parameter.clone(),
            sa.indices.get(row.shown).cloned().unwrap_or_default(),
            value,
            outcome,
        ))
    });
    crate::verdict::Context {
        core_region: Some(s.region(s.meta().core_region).id.clone()),
        uncertain: s.uncertain().len(),
        top_assumption,
        worlds: None,
    }
}

/// The band row recorded nearest to `day`.
pub(crate) fn nearest(
    rows: &[crate::results::BandRow],
    day: f64,
) -> Option<&crate::results::BandRow> {
    rows.iter()
        .min_by(|a, b| (a.day - day).abs().total_cmp(&(b.day - day).abs()))
}

/// The phases of course `coa` with the links `cuts.csv` says the optimiser cuts in each.
fn cuts_by_phase(
    s: &Scenario,
    coa: cordon_model::CoaId,
    table: &CourseTable,
) -> Vec<(String, Vec<usize>)> {
    s.coa(coa)
        .phases
        .iter()
        .map(|phase| {
            let links = table
                .cuts
                .iter()
                .filter(|(p, _)| *p == phase.id)
                .map(|(_, l)| *l)
                .collect();
            (phase.id.clone(), links)
        })
        .collect()
}

/// Per link: the mean-field integrity recorded nearest to `day`.
fn mean_field_integrity(s: &Scenario, table: &CourseTable, day: f64) -> Result<Vec<f64>, String> {
    table
        .integrity
        .iter()
        .zip(s.links())
        .map(|(series, link)| {
            series
                .iter()
                .min_by(|a, b| (a.0 - day).abs().total_cmp(&(b.0 - day).abs()))
                .map(|&(_, x)| x)
                .ok_or_else(|| format!("no integrity of {} in mean_field_links.csv", link.id))
        })
        .collect()
}

/// `runs.csv` as a source of replications per course of action in the manifest's order (a
/// course with no successful replication has no rows in the file).
pub(crate) struct ByManifest<'a> {
    runs: &'a Runs,
    /// Per manifest course: its index in `runs.coas`.
    map: Vec<Option<usize>>,
}

impl<'a> ByManifest<'a> {
    pub fn new(runs: &'a Runs, coas: &[String]) -> ByManifest<'a> {
        let map = coas
            .iter()
            .map(|id| runs.coas.iter().position(|c| c == id))
            .collect();
        ByManifest { runs, map }
    }

    /// Positions in `runs.rows` of course `coa`, in file (replication) order.
    pub fn indices(&self, coa: usize) -> impl Iterator<Item = usize> + '_ {
        let target = self.map[coa];
        self.runs
            .rows
            .iter()
            .enumerate()
            .filter(move |(_, r)| Some(r.coa) == target)
            .map(|(i, _)| i)
    }
}

impl RowSource for ByManifest<'_> {
    fn rows(
        &self,
        coa: usize,
    ) -> Result<Box<dyn Iterator<Item = Result<Row, ExperimentError>> + '_>, ExperimentError> {
        Ok(Box::new(self.indices(coa).map(|i| {
            let r = &self.runs.rows[i];
            Ok((r.replication, r.values.clone()))
        })))
    }
}
