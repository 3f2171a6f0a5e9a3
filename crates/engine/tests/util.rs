//! Helpers shared by the test modules.

use std::path::PathBuf;

use cordon_engine::{Event, Mode, Observer, Outcome, StreamKey, World};
use cordon_model::{Scalar, Scenario};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A scenario from `scenarios/examples/` or `crates/engine/tests/fixtures/`.
pub fn load(name: &str) -> Scenario {
    let candidates = [
        repo_root().join("scenarios/examples").join(name),
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    ];
    let path = candidates
        .iter()
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("no fixture {name}"));
    let bytes = std::fs::read(path).expect("read fixture");
    cordon_model::parse(name, &bytes).unwrap_or_else(|d| panic!("{d}"))
}

/// The scenario with fields overridden (paths as in `[[uncertain]]`).
pub fn with(s: &Scenario, values: &[(&str, f64)]) -> Scenario {
    let values: Vec<(&str, Scalar)> = values.iter().map(|(k, v)| (*k, Scalar::Num(*v))).collect();
    s.with_values(&values).unwrap_or_else(|d| panic!("{d}"))
}

/// Every state (one row per step) and event of a campaign.
#[derive(Default)]
pub struct Trace {
    pub states: Vec<World>,
    pub events: Vec<Event>,
}

impl Observer for Trace {
    fn on_state(&mut self, world: &World) {
        self.states.push(world.clone());
    }
    fn on_event(&mut self, event: &Event) {
        self.events.push(*event);
    }
}

impl Trace {
    /// The state at `day` (the first step at or after it).
    pub fn at(&self, day: f64) -> &World {
        self.states
            .iter()
            .find(|w| w.day >= day - 1e-9)
            .expect("day within horizon")
    }
}

pub fn run(s: &Scenario, coa: &str, mode: Mode, replication: u64) -> (Outcome, Trace) {
    let coa = s.coa_by_id(coa).unwrap_or_else(|| panic!("no coa {coa}"));
    let mut trace = Trace::default();
    let outcome = cordon_engine::run(
        s,
        coa,
        mode,
        StreamKey::new(s.meta().seed, replication),
        &mut trace,
    )
    .expect("campaign runs");
    (outcome, trace)
}

pub fn mean_field(s: &Scenario, coa: &str) -> (Outcome, Trace) {
    run(s, coa, Mode::MeanField, 0)
}

/// Asserts |got − want| ≤ tol·|want| with a readable message.
#[track_caller]
pub fn check_rel(what: &str, got: f64, want: f64, tol: f64) {
    let err = (got - want).abs() / want.abs().max(1e-12);
    assert!(
        err <= tol,
        "{what}: got {got}, want {want} (relative error {err:.2e} > {tol:.1e})"
    );
}

pub fn region(s: &Scenario, id: &str) -> usize {
    s.region_by_id(id)
        .unwrap_or_else(|| panic!("no region {id}"))
        .index()
}

pub fn actor(s: &Scenario, id: &str) -> usize {
    s.actor_by_id(id)
        .unwrap_or_else(|| panic!("no actor {id}"))
        .index()
}
