//! Which charts a report has, and the data each is drawn from.

use cordon_experiment::stats::quantiles;
use cordon_model::Scenario;

use crate::analysis::{Analysis, nearest};
use crate::charts::{
    Bar, Chart, CoaBand, Defeat, Escape, EscapeRow, Fans, Network, SensitivityBars, StrengthTotal,
    render,
};
use crate::error::ReportError;
use crate::format::file_id;
use crate::results::Results;

/// What the mean-field charts are drawn from.
pub(crate) const MEAN_FIELD: &str = "mean-field mode: one deterministic run per course";

/// The mode of the ensemble's charts: "stochastic mode: 1,000 replications per course, …".
pub(crate) fn ensemble_mode(results: &Results) -> String {
    let m = &results.manifest;
    format!(
        "{} mode: {} replication{} per course{}",
        m.mode,
        crate::format::num(m.replications as f64, 0),
        if m.replications == 1 { "" } else { "s" },
        if m.coas.len() > 1 {
            ", common random numbers"
        } else {
            ""
        }
    )
}

/// The mode of the sensitivity charts.
pub(crate) fn sensitivity_mode(sa: &crate::results::Sensitivity) -> String {
    format!(
        "sensitivity analysis (sensitivity.csv): {} over the declared uncertain parameters",
        sa.indices.join(", ")
    )
}

/// Every chart of the report, in the order the page shows them.
pub(crate) fn all(
    results: &Results,
    s: &Scenario,
    a: &Analysis,
) -> Result<Vec<Chart>, ReportError> {
    let ensemble = ensemble_mode(results);
    let mut charts = strength_charts(results, s, a, &ensemble)?;
    charts.push(escape_chart(results, s, a)?);
    charts.push(defeat_chart(a, &ensemble)?);
    charts.extend(network_charts(results, s, a)?);
    if let Some(sa) = &results.sensitivity {
        charts.extend(sensitivity_charts(sa)?);
    }
    Ok(charts)
}

/// A chart's drawing error, named.
fn chart_error(name: &str) -> impl FnOnce(String) -> ReportError {
    let name = name.to_string();
    move |message: String| ReportError::Chart { name, message }
}

/// Adversary strength over time (none without bands): all regions per course, then each
/// course's fan per region.
fn strength_charts(
    results: &Results,
    s: &Scenario,
    a: &Analysis,
    ensemble: &str,
) -> Result<Vec<Chart>, ReportError> {
    let mut charts = Vec::new();
    let bands = &results.bands;
    let all_regions = cordon_experiment::bands::ALL_REGIONS;
    if bands.is_empty() {
        return Ok(charts);
    }
    let total = StrengthTotal {
        coas: a
            .coas
            .iter()
            .map(|c| CoaBand {
                id: &c.id,
                index: c.index,
                rows: bands.series(&c.id, all_regions, "fighters"),
            })
            .collect(),
        horizon: a.horizon,
    };
    charts.push(
        render(
            "strength-total",
            "Adversary fighters in the regions over time: median and middle 50%",
            ensemble,
            &total,
        )
        .map_err(chart_error("strength-total"))?,
    );
    for c in &a.coas {
        let mut panels = vec![(
            "all regions".to_string(),
            bands.series(&c.id, all_regions, "fighters"),
        )];
        for r in s.regions() {
            let title = if r.name.is_empty() || r.name == r.id {
                r.id.clone()
            } else {
                r.name.clone()
            };
            panels.push((title, bands.series(&c.id, &r.id, "fighters")));
        }
        let name = format!("fan-{}", file_id(&c.id));
        let fans = Fans {
            index: c.index,
            panels,
            horizon: a.horizon,
        };
        charts.push(
            render(
                &name,
                &format!(
                    "{}: adversary fighters per region (each panel its own scale)",
                    c.id
                ),
                ensemble,
                &fans,
            )
            .map_err(chart_error(&name))?,
        );
    }
    Ok(charts)
}

/// Strength escaped from the core per course, and where it went.
fn escape_chart(results: &Results, s: &Scenario, a: &Analysis) -> Result<Chart, ReportError> {
    let core = s.meta().core_region.index();
    let destinations: Vec<usize> = (0..s.regions().len()).filter(|&r| r != core).collect();
    let escaped_outcome = a
        .comparison
        .outcomes
        .iter()
        .position(|o| o.name == "escaped_from_core");
    let escape = Escape {
        coas: a
            .coas
            .iter()
            .enumerate()
            .map(|(c, info)| {
                let q = quantiles(&info.escaped, &[0.05, 0.25, 0.5, 0.75, 0.95]);
                let summary = escaped_outcome.map(|o| a.comparison.summaries[c][o]);
                EscapeRow {
                    id: &info.id,
                    index: info.index,
                    q: [q[0], q[1], q[2], q[3], q[4]],
                    mean: summary.map_or(f64::NAN, |s| s.mean),
                    ci: summary.map_or((f64::NAN, f64::NAN), |s| (s.ci.lo, s.ci.hi)),
                }
            })
            .collect(),
        destinations: destinations
            .iter()
            .map(|&r| s.regions()[r].id.as_str())
            .collect(),
        arrivals: a
            .coas
            .iter()
            .map(|c| {
                c.arrivals
                    .as_ref()
                    .map(|v| destinations.iter().map(|&r| v[r]).collect())
            })
            .collect(),
    };
    render(
        "escape",
        "Strength escaped from the core, and where it went",
        &format!(
            "left: stochastic, {} replications per course; right: {}",
            crate::format::num(results.manifest.replications as f64, 0),
            if a.arrivals_from_bands {
                "mean of the same replications"
            } else {
                "mean-field, one run per course"
            }
        ),
        &escape,
    )
    .map_err(chart_error("escape"))
}

/// The share of replications decisively defeated by each day, per course.
fn defeat_chart(a: &Analysis, ensemble: &str) -> Result<Chart, ReportError> {
    let defeat = Defeat {
        coas: a
            .coas
            .iter()
            .map(|c| {
                (
                    c.id.as_str(),
                    c.index,
                    c.defeat_days.as_slice(),
                    c.n_replications,
                )
            })
            .collect(),
        horizon: a.horizon,
    };
    render(
        "defeat-time",
        "Time to decisive defeat: share of replications defeated by each day",
        ensemble,
        &defeat,
    )
    .map_err(chart_error("defeat-time"))
}

/// Per course: the adversary network at the snapshot days, links by integrity and regions by
/// the median fighters.
fn network_charts(
    results: &Results,
    s: &Scenario,
    a: &Analysis,
) -> Result<Vec<Chart>, ReportError> {
    let bands = &results.bands;
    let core = s.meta().core_region.index();
    let mut charts = Vec::new();
    for info in &a.coas {
        let name = format!("network-{}", file_id(&info.id));
        let snapshots = a
            .snapshot_days
            .iter()
            .zip(&info.integrity)
            .map(|(&day, integrity)| {
                let fighters: Option<Vec<f64>> = if bands.is_empty() {
                    None
                } else {
                    Some(
                        s.regions()
                            .iter()
                            .map(|r| {
                                nearest(bands.series(&info.id, &r.id, "fighters"), day)
                                    .map_or(f64::NAN, |row| row.q[2])
                            })
                            .collect(),
                    )
                };
                (day, integrity.clone(), fighters)
            })
            .collect();
        let network = Network {
            index: info.index,
            regions: s.regions().iter().map(|r| r.id.as_str()).collect(),
            core,
            links: s
                .links()
                .iter()
                .map(|l| (l.from.index(), l.to.index(), l.kind))
                .collect(),
            severed_at: s.outcome_rules().severed_integrity,
            snapshots,
        };
        charts.push(
            render(
                &name,
                &format!("{}: the adversary network and its links", info.id),
                &format!(
                    "links: {}; circles: median of the replications",
                    if a.integrity_from_bands {
                        "median of the replications"
                    } else {
                        MEAN_FIELD
                    }
                ),
                &network,
            )
            .map_err(chart_error(&name))?,
        );
    }
    Ok(charts)
}

/// The ranking charts of a sensitivity analysis, one per outcome (at most six).
pub(crate) fn sensitivity_charts(
    sa: &crate::results::Sensitivity,
) -> Result<Vec<Chart>, ReportError> {
    let mut charts = Vec::new();
    let mut outcomes: Vec<Option<&str>> = Vec::new();
    for row in &sa.rows {
        if !outcomes.contains(&row.outcome.as_deref()) {
            outcomes.push(row.outcome.as_deref());
        }
    }
    for (i, outcome) in outcomes.iter().take(6).enumerate() {
        let rows: Vec<Bar<'_>> = sa
            .rows
            .iter()
            .filter(|r| r.outcome.as_deref() == *outcome)
            .take(25)
            .map(|r| match r.values.get(r.shown).copied().flatten() {
                Some((v, interval)) => (r.parameter.as_str(), v, interval),
                None => (r.parameter.as_str(), f64::NAN, None),
            })
            .collect();
        let name = match outcome {
            Some(o) => format!("sensitivity-{}", file_id(o)),
            None if i == 0 => "sensitivity".to_string(),
            None => format!("sensitivity-{i}"),
        };
        let about = outcome.map(String::from).or_else(|| sa.metric.clone());
        let title = match about {
            Some(o) => format!("Sensitivity of {o}: {} per parameter", sa.ranked_by),
            None => format!("Sensitivity: {} per parameter", sa.ranked_by),
        };
        let index_name = if sa.ranked_by.contains('/') {
            "spearman ρ (categorical: η²)"
        } else {
            sa.ranked_by.as_str()
        };
        let bars = SensitivityBars { index_name, rows };
        charts
            .push(render(&name, &title, &sensitivity_mode(sa), &bars).map_err(chart_error(&name))?);
    }

    Ok(charts)
}
