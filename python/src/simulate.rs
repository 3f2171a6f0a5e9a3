//! One campaign, recorded as columns: the trajectory per region and step, the links per step,
//! the events and the outcome. The columns and the events are those of `cordon simulate`'s
//! trajectory.csv, links.csv and events.jsonl (the tests compare them value for value).

use cordon_engine::{Event, EventKind, Mode, Observer, StreamKey, World};
use cordon_model::Scenario;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::scenario::Scenario as PyScenario;
use crate::watch::{Watch, interruptible};

/// The trajectory.csv columns, in order.
const TRAJECTORY: [&str; 19] = [
    "step",
    "day",
    "region",
    "fighters",
    "posture",
    "support_base",
    "finance_musd",
    "territory_km2",
    "population",
    "coalition_engaged",
    "coalition_losses",
    "civilian_casualties",
    "recruits",
    "fighters_killed",
    "support_integrity",
    "arrived",
    "arrived_from_core",
    "defeated",
    "leadership_strength",
];

/// Numeric columns of the trajectory (every column but step, day, region and posture).
const NUMERIC: usize = TRAJECTORY.len() - 4;

/// Records a campaign into [`Columns`], stopping it when the user asks.
struct Recorder<'a> {
    s: &'a Scenario,
    watch: &'a Watch,
    c: Columns,
}

/// Every state and event of one campaign, as columns.
#[derive(Default)]
struct Columns {
    step: Vec<u64>,
    day: Vec<f64>,
    region: Vec<String>,
    posture: Vec<&'static str>,
    numbers: [Vec<f64>; NUMERIC],
    link_step: Vec<u64>,
    link_day: Vec<f64>,
    link: Vec<String>,
    kind: Vec<&'static str>,
    integrity: Vec<f64>,
    severed: Vec<u32>,
    in_transit: Vec<f64>,
    caught: Vec<f64>,
    events: Vec<serde_json::Value>,
}

impl Observer for Recorder<'_> {
    fn on_state(&mut self, w: &World) {
        self.watch.check();
        let s = self.s;
        let c = &mut self.c;
        let lay = &w.layout;
        let leadership = w.leadership_strength(s);
        for (r, region) in s.regions().iter().enumerate() {
            let support: Vec<f64> = s
                .support_links()
                .iter()
                .enumerate()
                .filter(|(_, k)| k.region.index() == r)
                .map(|(k, _)| w.u[lay.support_integrity(k)])
                .collect();
            let support = if support.is_empty() {
                1.0
            } else {
                support.iter().sum::<f64>() / support.len() as f64
            };
            c.step.push(w.step as u64);
            c.day.push(w.day);
            c.region.push(region.id.clone());
            c.posture.push(w.posture[r].as_str());
            let row = [
                w.fighters(r),
                w.u[lay.support_base(r)],
                w.u[lay.finance(r)],
                w.territory(s, r),
                w.population(s, r),
                w.engaged_in(r),
                w.coalition_losses_in(r),
                w.u[lay.civilians(r)],
                w.u[lay.recruits(r)],
                w.u[lay.kills(r)],
                support,
                w.arrived[r],
                w.arrived_from_core[r],
                f64::from(u8::from(w.defeated_now[r])),
                leadership,
            ];
            for (column, value) in c.numbers.iter_mut().zip(row) {
                column.push(value);
            }
        }
        for (l, link) in s.links().iter().enumerate() {
            c.link_step.push(w.step as u64);
            c.link_day.push(w.day);
            c.link.push(link.id.clone());
            c.kind.push(link.kind.as_str());
            c.integrity.push(w.integrity(l));
            c.severed.push(u32::from(w.severed[l]));
            c.in_transit
                .push(w.transit[2 * l].in_transit() + w.transit[2 * l + 1].in_transit());
            c.caught.push(w.caught[l]);
        }
    }

    fn on_event(&mut self, event: &Event) {
        self.c.events.push(event_json(self.s, event));
    }
}

/// Runs one campaign of `coa` (default: the first course of action) and returns its
/// trajectory, links and events as columns, and its outcome.
#[pyfunction]
#[pyo3(signature = (scenario, coa=None, *, seed=None, replication=0, mean_field=false))]
pub fn simulate<'py>(
    py: Python<'py>,
    scenario: &PyScenario,
    coa: Option<&str>,
    seed: Option<u64>,
    replication: u64,
    mean_field: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let s = &*scenario.inner;
    let coa = scenario.coa(py, coa)?;
    let mode = if mean_field {
        Mode::MeanField
    } else {
        Mode::Stochastic
    };
    let key = StreamKey::new(seed.unwrap_or(s.meta().seed), replication);
    let (rec, outcome) = interruptible(py, None, |watch| {
        let mut rec = Recorder {
            s,
            watch,
            c: Columns::default(),
        };
        let outcome = cordon_engine::run(s, coa, mode, key, &mut rec);
        (rec.c, outcome)
    })?;
    let outcome = outcome.map_err(|e| crate::errors::run_error(py, &e.to_string()))?;
    let trajectory = PyDict::new(py);
    trajectory.set_item("step", rec.step)?;
    trajectory.set_item("day", rec.day)?;
    trajectory.set_item("region", rec.region)?;
    let mut numbers = rec.numbers.into_iter();
    for name in &TRAJECTORY[3..] {
        if *name == "posture" {
            trajectory.set_item(name, &rec.posture)?;
        } else {
            trajectory.set_item(name, numbers.next().unwrap_or_default())?;
        }
    }
    let links = PyDict::new(py);
    links.set_item("step", rec.link_step)?;
    links.set_item("day", rec.link_day)?;
    links.set_item("link", rec.link)?;
    links.set_item("kind", rec.kind)?;
    links.set_item("integrity", rec.integrity)?;
    links.set_item("severed", rec.severed)?;
    links.set_item("in_transit", rec.in_transit)?;
    links.set_item("caught", rec.caught)?;
    let result = PyDict::new(py);
    result.set_item("trajectory", trajectory)?;
    result.set_item("links", links)?;
    result.set_item("events", serde_json::Value::Array(rec.events).to_string())?;
    result.set_item("outcome_names", cordon_engine::Outcome::names(s))?;
    result.set_item("outcome", outcome.values())?;
    result.set_item("stream", key.to_string())?;
    result.set_item("coa", &s.coa(coa).id)?;
    Ok(result)
}

/// An event as a JSON object: day, kind, cause, a sentence, and the ids involved (the lines of
/// `cordon simulate`'s events.jsonl).
fn event_json(s: &Scenario, e: &Event) -> serde_json::Value {
    use serde_json::json;
    let region = |r: usize| s.regions()[r].id.clone();
    let link = |l: usize| s.links()[l].id.clone();
    let mut v = json!({
        "day": e.day,
        "kind": e.kind.name(),
        "cause": e.cause(),
        "text": e.describe(s),
    });
    let extra = match e.kind {
        EventKind::PhaseStarted { phase, actor } => {
            json!({"phase": phase + 1, "actor": actor.map(|a| s.actors()[a].id.clone())})
        }
        EventKind::PhaseNeverStarted { phase } => json!({"phase": phase + 1}),
        EventKind::LinkSevered { link: l } | EventKind::LinkRestored { link: l } => {
            json!({"link": link(l)})
        }
        EventKind::PostureChanged {
            region: r,
            posture,
            threat_per_day,
        } => {
            json!({"region": region(r), "posture": posture.as_str(), "threat_per_day": threat_per_day})
        }
        EventKind::Trapped {
            region: r,
            threat_per_day,
        } => json!({"region": region(r), "threat_per_day": threat_per_day}),
        EventKind::Departed {
            link: l,
            from,
            to,
            fighters,
            caught,
        } => {
            json!({"link": link(l), "from": region(from), "to": region(to), "fighters": fighters, "caught": caught})
        }
        EventKind::Arrived {
            region: r,
            fighters,
        } => json!({"region": region(r), "fighters": fighters}),
        EventKind::LeaderMoved { from, to } => json!({"from": region(from), "to": region(to)}),
        EventKind::LeaderArrived { region: r } => json!({"region": region(r)}),
        EventKind::LeaderKilled {
            region: r,
            in_transit,
        } => json!({"region": r.map(region), "in_transit": in_transit}),
        EventKind::SuccessionComplete => json!({}),
        EventKind::RegionDefeated { region: r }
        | EventKind::Resurgence { region: r }
        | EventKind::ConcentrationShifted { region: r } => {
            json!({"region": region(r)})
        }
        EventKind::ThirdPartyHostile {
            third_party: g,
            fighters,
        } => json!({"third_party": s.third_parties()[g].id, "fighters": fighters}),
        EventKind::ThirdPartyDestroyed { third_party: g } => {
            json!({"third_party": s.third_parties()[g].id})
        }
    };
    if let (Some(obj), serde_json::Value::Object(more)) = (v.as_object_mut(), extra) {
        obj.extend(more);
    }
    v
}
