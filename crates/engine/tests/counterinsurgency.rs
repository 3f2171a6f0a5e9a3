//! The intelligence-driven law, in the spirit of Kress & Szechtman (2009): force alone contains
//! the insurgency at an interior level, and poorer intelligence means more recruits.

use crate::util::{load, mean_field};

#[test]
fn containment_at_an_interior_level_with_recruitment_on() {
    let s = load("counterinsurgency.toml");
    // Good intelligence: the fixed point is reached well within the horizon. (With poor
    // intelligence the containment level is far above the population's reach: see docs/model.md.)
    let (outcome, trace) = mean_field(&s, "good");
    let late = trace.at(2700.0).fighters(0);
    let end = outcome.fighters[0];
    assert!(
        end > 1.0,
        "the insurgency is contained, not eradicated (end {end})"
    );
    let drift = (end - late).abs() / end;
    assert!(
        drift < 0.01,
        "fighters settle at a fixed level (drift {drift:.4} over the last 300 days)"
    );
}

#[test]
fn more_recruits_as_intelligence_falls() {
    let s = load("counterinsurgency.toml");
    let recruits = |coa: &str| {
        let (_, trace) = mean_field(&s, coa);
        let w = trace.states.last().expect("states");
        w.u[w.layout.recruits(0)]
    };
    let (good, fair, poor) = (recruits("good"), recruits("fair"), recruits("poor"));
    assert!(
        good < fair && fair < poor,
        "recruits must rise as intelligence falls: good {good:.0}, fair {fair:.0}, poor {poor:.0}"
    );
}
