//! A synthetic scenario whose answer is known (tests/fixtures/threshold.toml): under "wait" the
//! fighters at the horizon are exactly the band's initial strength, so "wait" fails
//! `fighters_total<2000` exactly when `branch.band.fighters` exceeds 2000. PRIM, asked for the
//! worlds where "wait" fails, must find a box restricting that parameter alone, with a lower
//! limit within one peeling step of 2000.

use cordon_explore::{Question, Shard};

use crate::util::{exploration, explore_into, fixture, fresh_dir, settings};

#[test]
fn prim_recovers_the_known_failure_threshold_within_one_peeling_step() {
    let s = fixture("threshold.toml");
    let dir = fresh_dir("threshold");
    let explore = exploration(&s, 200, 0, 2, Shard::WHOLE);
    let finished = explore_into(
        &explore,
        &dir,
        false,
        &settings(&["fighters_total"], "fighters_total<2000", 1.0),
    );
    let (inputs, analysis) = finished.analysis.unwrap();
    let wait = inputs.courses.iter().position(|c| c == "wait").unwrap();
    // The known truth, world by world: "wait" fails exactly when the band starts above 2000.
    let fighters = inputs
        .parameters
        .iter()
        .position(|p| p == "branch.band.fighters")
        .unwrap();
    let fails: Vec<bool> = inputs.worlds.iter().map(|w| w[fighters] > 2000.0).collect();
    let d = analysis
        .discoveries
        .iter()
        .find(|d| d.course == wait && d.question == Question::Fails)
        .unwrap();
    assert_eq!(d.cases, fails.iter().filter(|&&f| f).count());
    let prim = d.prim.as_ref().unwrap();
    let chosen = prim.chosen.unwrap();
    let b = &prim.trajectory[chosen];
    assert_eq!(
        b.restricted,
        vec![fighters],
        "only the band's strength is restricted"
    );
    assert_eq!(b.density, 1.0);
    assert!(b.coverage >= 0.95, "coverage {}", b.coverage);
    // The box before the chosen one still held worlds that do not fail: the limit lies between
    // the two, so the chosen limit is within one peeling step of the truth.
    let before = prim.trajectory[chosen - 1].limits[fighters].lower;
    let limit = b.limits[fighters].lower;
    assert!(
        before < 2000.0 && 2000.0 <= limit,
        "{before} < 2000 <= {limit}"
    );
    assert!(limit - 2000.0 <= limit - before);
    // "strike" meets the threshold in more worlds: it is the most robust by satisficing.
    assert!(
        analysis
            .verdict
            .starts_with("strike is the most robust course by satisficing"),
        "{}",
        analysis.verdict
    );
}
