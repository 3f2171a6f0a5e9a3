//! The after-action review: the played campaign against the model's own ensemble.
//!
//! Every course of action of the scenario (as `cordon compare` runs them) is run `REPS` times
//! on the game's seed, to the day the game ended, and the played outcome is placed among each
//! course's runs: the share of its runs the players did better than, per measure. The turns
//! are set against the scenario's baseline course turn by turn (the median change of each
//! measure over the same days), which shows the turns whose decisions moved the outcome.

use cordon_engine::{Campaign, Mode, NoObserver, Outcome, StreamKey};
use cordon_experiment::outcomes::{Better, outcome_specs};
use cordon_model::{CoaId, Scenario};
use cordon_wargame::{Orders, Setup, Stance, TurnResult};

/// Replications per course of action.
pub const REPS: u64 = 12;

/// The measures compared.
const MEASURES: &[&str] = &[
    "fighters_total",
    "coalition_losses",
    "civilian_casualties",
    "links_severed",
    "leadership_strength",
    "territory_freed_km2",
];

pub struct Measure {
    pub name: String,
    pub label: String,
    pub better: Better,
    pub played: f64,
}

pub struct Course {
    pub id: String,
    pub name: String,
    /// Per measure: (10th percentile, median, 90th percentile, share of runs the players beat).
    pub stats: Vec<(f64, f64, f64, Option<f64>)>,
    pub baseline: bool,
}

pub struct Turn {
    pub turn: usize,
    pub regime: &'static str,
    pub day: f64,
    /// Per measure: (played change over the turn, baseline course's median change).
    pub change: Vec<(f64, f64)>,
    pub decisions: Vec<String>,
}

pub struct Review {
    pub day: f64,
    pub measures: Vec<Measure>,
    pub courses: Vec<Course>,
    /// The course whose medians lie nearest the played outcome (scaled per measure).
    pub nearest: String,
    pub turns: Vec<Turn>,
}

fn pick(s: &Scenario, o: &Outcome) -> Vec<f64> {
    let names = Outcome::names(s);
    let values = o.values();
    MEASURES
        .iter()
        .map(|m| {
            names
                .iter()
                .position(|n| n == m)
                .map_or(f64::NAN, |i| values[i])
        })
        .collect()
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i]
}

/// The baseline course's values at each turn's end: [turn][rep][measure], and at day 0: [rep][measure].
struct BaseTrack {
    track: Vec<Vec<Vec<f64>>>,
    start: Vec<Vec<f64>>,
}

/// The measures, with the played values.
fn measures_of(s: &Scenario, played: &[f64]) -> Vec<Measure> {
    let specs = outcome_specs(s);
    MEASURES
        .iter()
        .zip(played)
        .map(|(m, &v)| {
            let spec = specs.iter().find(|x| x.name == *m);
            Measure {
                name: m.to_string(),
                label: spec.map_or(m.to_string(), |x| x.label.clone()),
                better: spec.map_or(Better::Neither, |x| x.better),
                played: v,
            }
        })
        .collect()
}

/// Runs one course `REPS` times to the turns' ends; the finished runs' outcomes. For the
/// baseline course, records its values along the way in `base`.
fn course_runs(
    s: &Scenario,
    setup: &Setup,
    id: CoaId,
    ends: &[f64],
    base: &mut BaseTrack,
) -> Vec<Vec<f64>> {
    let baseline = s.meta().baseline;
    let mut runs: Vec<Vec<f64>> = Vec::new();
    for rep in 0..REPS {
        let mut campaign = Campaign::new(s, id, Mode::Stochastic, StreamKey::new(setup.seed, rep));
        if id == baseline {
            campaign.begin(&mut NoObserver);
            base.start.push(pick(s, &campaign.outcome()));
        }
        let mut ok = true;
        for (k, &end) in ends.iter().enumerate() {
            if campaign.step_to(end, &mut NoObserver).is_err() {
                ok = false;
                break;
            }
            if id == baseline {
                base.track[k].push(pick(s, &campaign.outcome()));
            }
        }
        if ok {
            runs.push(pick(s, &campaign.outcome()));
        }
    }
    runs
}

/// Per measure: the runs' 10th percentile, median, 90th percentile and the share the played
/// outcome beat.
fn course_stats(measures: &[Measure], runs: &[Vec<f64>]) -> Vec<(f64, f64, f64, Option<f64>)> {
    measures
        .iter()
        .enumerate()
        .map(|(m, measure)| {
            let mut xs: Vec<f64> = runs
                .iter()
                .map(|r| r[m])
                .filter(|x| x.is_finite())
                .collect();
            xs.sort_by(f64::total_cmp);
            let beat = match measure.better {
                Better::Lower => Some(
                    xs.iter().filter(|&&x| measure.played < x).count() as f64
                        / xs.len().max(1) as f64,
                ),
                Better::Higher => Some(
                    xs.iter().filter(|&&x| measure.played > x).count() as f64
                        / xs.len().max(1) as f64,
                ),
                Better::Neither => None,
            };
            (
                quantile(&xs, 0.1),
                quantile(&xs, 0.5),
                quantile(&xs, 0.9),
                beat,
            )
        })
        .collect()
}

/// The name of the course whose medians lie nearest the played outcome.
fn nearest_course(courses: &[Course], measures: &[Measure]) -> String {
    courses
        .iter()
        .map(|c| {
            let d: f64 = c
                .stats
                .iter()
                .zip(measures)
                .map(|(&(lo, med, hi, _), m)| {
                    let scale = (hi - lo).abs().max(med.abs() * 0.05).max(1e-9);
                    let z = (m.played - med) / scale;
                    if z.is_finite() { z * z } else { 0.0 }
                })
                .sum();
            (d, c.name.clone())
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|x| x.1)
        .unwrap_or_default()
}

/// The turns: the played change of each measure against the baseline course's median change.
fn turns_of(
    s: &Scenario,
    setup: &Setup,
    results: &[TurnResult],
    orders: &[Vec<Option<Orders>>],
    base: &BaseTrack,
) -> Vec<Turn> {
    let baseline = s.meta().baseline;
    let median_of = |rows: &[Vec<f64>], m: usize| {
        let mut xs: Vec<f64> = rows.iter().map(|r| r[m]).collect();
        xs.sort_by(f64::total_cmp);
        quantile(&xs, 0.5)
    };
    let mut turns = Vec::new();
    // The played campaign's day 0 (the same for every course: nothing has happened yet).
    let mut before = {
        let mut c = Campaign::new(s, baseline, Mode::Stochastic, StreamKey::new(setup.seed, 0));
        c.begin(&mut NoObserver);
        pick(s, &c.outcome())
    };
    for (k, r) in results.iter().enumerate() {
        let now = pick(s, &r.outcome);
        let change = (0..MEASURES.len())
            .map(|m| {
                let base_now = median_of(&base.track[k], m);
                let base_before = if k == 0 {
                    median_of(&base.start, m)
                } else {
                    median_of(&base.track[k - 1], m)
                };
                (now[m] - before[m], base_now - base_before)
            })
            .collect();
        turns.push(Turn {
            turn: k,
            regime: r.regime.as_str(),
            day: r.day,
            change,
            decisions: decisions(s, setup, orders.get(k)),
        });
        before = now;
    }
    turns
}

impl Review {
    pub fn compute(
        s: &Scenario,
        setup: &Setup,
        results: &[TurnResult],
        orders: &[Vec<Option<Orders>>],
    ) -> Review {
        let played = results
            .last()
            .map(|r| pick(s, &r.outcome))
            .unwrap_or_default();
        let day = results.last().map_or(0.0, |r| r.day);
        let measures = measures_of(s, &played);
        let ends: Vec<f64> = results.iter().map(|r| r.day).collect();
        let baseline = s.meta().baseline;
        let mut base = BaseTrack {
            track: vec![Vec::new(); ends.len()],
            start: Vec::new(),
        };
        let mut courses = Vec::new();
        for (c, coa) in s.coas().iter().enumerate() {
            let id = CoaId::from_index(c);
            let runs = course_runs(s, setup, id, &ends, &mut base);
            courses.push(Course {
                id: coa.id.clone(),
                name: coa.name.clone(),
                stats: course_stats(&measures, &runs),
                baseline: id == baseline,
            });
        }
        let nearest = nearest_course(&courses, &measures);
        let turns = turns_of(s, setup, results, orders, &base);
        Review {
            day,
            measures,
            courses,
            nearest,
            turns,
        }
    }
}

/// The orders given on a turn, in words.
fn decisions(s: &Scenario, setup: &Setup, orders: Option<&Vec<Option<Orders>>>) -> Vec<String> {
    let mut out = Vec::new();
    let Some(orders) = orders else {
        return out;
    };
    for (i, o) in orders.iter().enumerate() {
        let Some(o) = o else {
            out.push(format!(
                "{}: no new orders (the last stood)",
                setup.seats[i].name
            ));
            continue;
        };
        let mut parts = Vec::new();
        if o.joint {
            parts.push("in the joint command".to_string());
        }
        for a in &o.actors {
            for (r, stance, effort) in &a.regions {
                let region = s
                    .region_by_id(r)
                    .map_or(r.as_str(), |x| s.region(x).name.as_str());
                match stance {
                    Stance::Attack => parts.push(format!(
                        "{} attacks {region} ({:.0}%)",
                        a.actor,
                        effort * 100.0
                    )),
                    Stance::Withdraw => parts.push(format!("{} withdraws from {region}", a.actor)),
                    Stance::Contain => {}
                }
            }
            for (l, e) in &a.interdict {
                parts.push(format!("{} interdicts {l} ({:.0}%)", a.actor, e * 100.0));
            }
            for (r, e) in &a.disrupt {
                parts.push(format!(
                    "{} disrupts support in {r} ({:.0}%)",
                    a.actor,
                    e * 100.0
                ));
            }
            for (g, e) in &a.back {
                parts.push(format!("{} backs {g} ({:.0}%)", a.actor, e * 100.0));
            }
        }
        if parts.is_empty() {
            parts.push("contain everywhere".into());
        }
        out.push(format!("{}: {}", setup.seats[i].name, parts.join("; ")));
    }
    out
}
