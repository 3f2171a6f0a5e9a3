//! One campaign, recorded as columns: the trajectory per region and step, the links per step,
//! the events and the outcome. The columns and the events are those of `cordon simulate`'s
//! trajectory.csv, links.csv and events.jsonl (the tests compare them value for value).

use cordon_engine::{Event, Mode, Observer, StreamKey, World};
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
        for (r, region) in s.regions().iter().enumerate() {
            c.step.push(w.step as u64);
            c.day.push(w.day);
            c.region.push(region.id.clone());
            c.posture.push(w.posture[r].as_str());
            let row = cordon_experiment::trajectory::region_row(s, w, r);
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
        self.c
            .events
            .push(cordon_experiment::events::event_json(self.s, event));
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
