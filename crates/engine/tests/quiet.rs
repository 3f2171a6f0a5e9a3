//! Quiet stretches: steps that would change nothing are skipped, with the same states and
//! events, to the bit, as when every step is computed in full.

use cordon_engine::{Campaign, CoaPlan, Event, Mode, Observer, StreamKey, World};
use cordon_model::Scenario;

use crate::util::{Trace, load, repo_root};

/// Runs `coa` with quiet steps skipped and computed, compares every state and event, and
/// returns the number of steps skipped.
fn check(s: &Scenario, coa: &str, mode: Mode, replication: u64) -> usize {
    let coa = s.coa_by_id(coa).expect("course");
    let plan = CoaPlan::new(s, coa);
    let run = |skip: bool| {
        let mut c = Campaign::with_plan(s, &plan, mode, StreamKey::new(s.meta().seed, replication));
        c.skip_quiet_steps(skip);
        let mut trace = Trace::default();
        c.begin(&mut trace);
        while !c.finished() {
            c.step(&mut trace).expect("campaign runs");
        }
        (trace, c.skipped_steps())
    };
    let (full, none) = run(false);
    let (fast, skipped) = run(true);
    assert_eq!(none, 0);
    assert_eq!(full.states.len(), fast.states.len());
    for (a, b) in full.states.iter().zip(&fast.states) {
        let bits = |w: &cordon_engine::World| w.u.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!((a.step, a.day.to_bits()), (b.step, b.day.to_bits()));
        assert_eq!(bits(a), bits(b), "state of step {} (day {})", a.step, a.day);
        assert_eq!(
            format!("{a:?}"),
            format!("{b:?}"),
            "world of step {}",
            a.step
        );
    }
    assert_eq!(format!("{:?}", full.events), format!("{:?}", fast.events));
    // Through `advance`, an observer that wants every seventh state (and the last) gets those
    // states and every event, the same as above; the others are passed over.
    let mut c = Campaign::with_plan(s, &plan, mode, StreamKey::new(s.meta().seed, replication));
    let mut sparse = Sparse {
        every: 7,
        last: s.n_steps(),
        trace: Trace::default(),
    };
    c.begin(&mut sparse);
    while !c.finished() {
        c.advance(&mut sparse).expect("campaign runs");
    }
    assert_eq!(c.skipped_steps(), skipped);
    let wanted: Vec<_> = (full.states.iter())
        .filter(|w| w.step.is_multiple_of(7) || w.step == s.n_steps())
        .collect();
    assert_eq!(wanted.len(), sparse.trace.states.len());
    for (a, b) in wanted.iter().zip(&sparse.trace.states) {
        assert_eq!(
            format!("{a:?}"),
            format!("{b:?}"),
            "world of step {}",
            a.step
        );
    }
    assert_eq!(
        format!("{:?}", full.events),
        format!("{:?}", sparse.trace.events)
    );
    assert_eq!(
        format!("{:?}", c.world),
        format!("{:?}", full.states.last().unwrap())
    );
    skipped
}

/// Keeps every event and the states of every `every`-th step and of the last; says so.
struct Sparse {
    every: usize,
    last: usize,
    trace: Trace,
}

impl Observer for Sparse {
    fn on_state(&mut self, world: &World) {
        if world.step.is_multiple_of(self.every) || world.step == self.last {
            self.trace.on_state(world);
        }
    }
    fn on_event(&mut self, event: &Event) {
        self.trace.on_event(event);
    }
    fn next_state_wanted(&self, step: usize) -> usize {
        step.next_multiple_of(self.every).min(self.last)
    }
}

#[test]
fn a_decided_battle_costs_nothing_until_the_calendar_brings_something_new() {
    let s = load("quiet.toml");
    for mode in [Mode::Stochastic, Mode::MeanField] {
        for rep in 0..3 {
            let skipped = check(&s, "assault", mode, rep);
            // The north falls within weeks; then only the days around 200, 300 and 420–440
            // bring something new (529–531 of the 600 steps are skipped).
            assert!(
                skipped > 450,
                "{mode:?} replication {rep}: {skipped} skipped"
            );
            assert!(
                skipped < 590,
                "{mode:?} replication {rep}: {skipped} skipped"
            );
        }
    }
}

/// The same fixture in half-day steps (quiet stretches passed day by day: the days are not
/// whole numbers) and in weekly steps (passed in jumps of whole weeks).
#[test]
fn quiet_stretches_in_half_days_and_in_weeks() {
    let text = std::fs::read_to_string(repo_root().join("crates/engine/tests/fixtures/quiet.toml"))
        .expect("read");
    for step in ["0.5", "7.0"] {
        let changed = text.replace("step_days = 1.0", &format!("step_days = {step}"));
        assert_ne!(changed, text);
        let s =
            cordon_model::parse("quiet.toml", changed.as_bytes()).unwrap_or_else(|d| panic!("{d}"));
        for mode in [Mode::Stochastic, Mode::MeanField] {
            let skipped = check(&s, "assault", mode, 0);
            assert!(
                skipped > s.n_steps() / 2,
                "step {step}, {mode:?}: {skipped} skipped"
            );
        }
    }
}

#[test]
fn iwo_jima_over_a_thousand_days_is_decided_and_then_quiet() {
    let path = repo_root().join("bench/iwo-jima-1000.toml");
    let s = cordon_model::parse("iwo-jima-1000.toml", &std::fs::read(path).expect("read"))
        .unwrap_or_else(|d| panic!("{d}"));
    for rep in 0..3 {
        let skipped = check(&s, "assault", Mode::Stochastic, rep);
        assert!(skipped > 900, "replication {rep}: {skipped} skipped");
    }
}

#[test]
fn the_default_scenario_and_the_examples_are_unchanged() {
    let s = cordon_model::default_scenario();
    for coa in s.coas() {
        check(&s, &coa.id, Mode::Stochastic, 1);
    }
    for name in [
        "counterinsurgency.toml",
        "iwo-jima-reinforced.toml",
        "destruction-in-detail.toml",
    ] {
        let s = load(name);
        for coa in s.coas() {
            check(&s, &coa.id, Mode::Stochastic, 0);
            check(&s, &coa.id, Mode::MeanField, 0);
        }
    }
}
