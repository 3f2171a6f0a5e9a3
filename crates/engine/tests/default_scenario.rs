//! The essay's scenario: every course of action runs to the horizon in both modes, and the
//! two-pronged plan tells the story the essay describes.

use cordon_engine::{EventKind, Mode};

use crate::util::run;

#[test]
fn every_course_of_action_runs_to_the_horizon() {
    let s = cordon_model::default_scenario();
    for coa in s.coa_ids() {
        for mode in [Mode::MeanField, Mode::Stochastic] {
            let (outcome, trace) = run(&s, coa, mode, 0);
            let last = trace.states.last().expect("states");
            assert!(
                (last.day - s.meta().horizon_days).abs() < 1e-9,
                "{coa} {mode:?} ends at the horizon"
            );
            assert!(outcome.values().iter().all(|v| v.is_finite() || v.is_nan()));
        }
    }
}

#[test]
fn the_two_pronged_plan_severs_links_and_destroys_in_detail() {
    let s = cordon_model::default_scenario();
    let (_, trace) = run(&s, "two-prong", Mode::MeanField, 0);
    let severed = trace
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::LinkSevered { .. }))
        .count();
    assert!(severed >= 3, "prong one severs links ({severed})");
    assert!(
        trace
            .events
            .iter()
            .any(|e| matches!(e.kind, EventKind::PhaseStarted { phase: 1, .. })),
        "prong two begins"
    );
    assert!(
        trace
            .events
            .iter()
            .any(|e| matches!(e.kind, EventKind::ConcentrationShifted { .. })),
        "forces concentrate"
    );
}
