//! Mean-field Lanchester laws against closed forms and the published figures of
//! `docs/validation.md` (tolerance 0.5% unless stated).

use crate::util::{check_rel, load, mean_field, with};

const TOL: f64 = 0.005;

/// The Iwo Jima textbook figures (Engel 1954 coefficients, no reinforcement).
fn check_iwo_jima(step_days: f64) -> [f64; 5] {
    let s = with(&load("iwo-jima.toml"), &[]);
    let text = s
        .resolved_toml()
        .replace("step_days = 0.5", &format!("step_days = {step_days}"));
    let s = cordon_model::parse("iwo-jima.toml", text.as_bytes()).expect("valid");
    let (outcome, trace) = mean_field(&s, "assault");
    let a = |w: &cordon_engine::World| w.engaged_in(0);
    let day30 = trace.at(30.0);
    let end = outcome.defeat_day[0].expect("garrison annihilated");
    let survivors = 54000.0 - outcome.coalition_losses;
    check_rel("A(30)", a(day30), 30426.0, TOL);
    check_rel("J(30)", day30.fighters(0), 8628.0, TOL);
    check_rel("time to J = 0 (days)", end, 61.744, TOL);
    check_rel("US survivors", survivors, 23317.335, TOL);
    [a(day30), day30.fighters(0), end, survivors, 0.0]
}

#[test]
fn iwo_jima_textbook_figures() {
    check_iwo_jima(0.5);
}

#[test]
fn halving_the_step_changes_the_figures_by_less_than_the_tolerance() {
    let coarse = check_iwo_jima(0.5);
    let fine = check_iwo_jima(0.25);
    for (c, f) in coarse.iter().zip(&fine) {
        if *f != 0.0 {
            check_rel("step 0.5 vs 0.25", *c, *f, TOL);
        }
    }
}

#[test]
fn iwo_jima_force_needed_to_annihilate_within_28_days() {
    let s = with(
        &load("iwo-jima.toml"),
        &[("actor.us.forces.iwo-jima", 83040.0)],
    );
    let (outcome, _) = mean_field(&s, "assault");
    check_rel(
        "time to annihilate with A0 = 83,040",
        outcome.defeat_day[0].expect("annihilated"),
        28.0,
        TOL,
    );
}

#[test]
fn square_law_closed_form_and_invariant() {
    let s = load("iwo-jima.toml");
    let (la, lj, a0, j0) = (0.0106_f64, 0.0544_f64, 54000.0_f64, 21500.0_f64);
    let (_, trace) = mean_field(&s, "assault");
    let w = (la * lj).sqrt();
    let k0 = lj * j0 * j0 - la * a0 * a0;
    for day in [5.0, 10.0, 20.0, 40.0, 55.0] {
        let st = trace.at(day);
        let a = a0 * (w * day).cosh() - (lj / la).sqrt() * j0 * (w * day).sinh();
        let j = j0 * (w * day).cosh() - (la / lj).sqrt() * a0 * (w * day).sinh();
        check_rel(&format!("A({day})"), st.engaged_in(0), a, TOL);
        check_rel(&format!("J({day})"), st.fighters(0), j, TOL);
        let k = lj * st.fighters(0).powi(2) - la * st.engaged_in(0).powi(2);
        check_rel(&format!("square-law invariant at day {day}"), k, k0, 1e-4);
    }
}

#[test]
fn linear_and_mixed_law_invariants() {
    let s = load("linear-and-mixed.toml");
    let (_, trace) = mean_field(&s, "both");
    let (plain, jungle) = (0, 1);
    // Linear: dx/dt = −b·x·y, dy/dt = −a·x·y: a·x − b·y is constant.
    let (a, b) = (0.00002, 0.00001);
    // Mixed: dx/dt = −B·y, dy/dt = −D·x·y: B·y − D·x²/2 is constant.
    let (big_b, d) = (0.02, 0.000002);
    let first = &trace.states[0];
    let linear0 = a * first.engaged_in(plain) - b * first.fighters(plain);
    let mixed0 = big_b * first.fighters(jungle) - d * first.engaged_in(jungle).powi(2) / 2.0;
    for day in [10.0, 50.0, 100.0] {
        let st = trace.at(day);
        let linear = a * st.engaged_in(plain) - b * st.fighters(plain);
        let mixed = big_b * st.fighters(jungle) - d * st.engaged_in(jungle).powi(2) / 2.0;
        check_rel(
            &format!("linear invariant at day {day}"),
            linear,
            linear0,
            1e-4,
        );
        check_rel(
            &format!("mixed invariant at day {day}"),
            mixed,
            mixed0,
            1e-4,
        );
    }
    // Mixed-law winner (docs/validation.md): K = B·y0 − D·x0²/2 < 0, so x wins with sqrt(−2K/D).
    assert!(mixed0 < 0.0);
    let end = trace.states.last().expect("states");
    check_rel(
        "mixed-law survivors",
        end.engaged_in(jungle),
        (-2.0 * mixed0 / d).sqrt(),
        TOL,
    );
}

#[test]
fn destruction_in_detail_theorem() {
    let s = load("destruction-in-detail.toml");
    // One at a time: B_end² = B0² − R1² − R2² = 1000² − 2·700².
    let (outcome, _) = mean_field(&s, "in-detail");
    check_rel(
        "blue left after defeating the reds in detail",
        1000.0 - outcome.coalition_losses,
        141.42,
        TOL,
    );
    // Concentrated: red (1,400) wins with sqrt(1400² − 1000²).
    let (outcome, _) = mean_field(&s, "concentrated-red");
    check_rel(
        "red left when concentrated",
        outcome.fighters[2],
        979.80,
        TOL,
    );
}

#[test]
fn destruction_in_detail_does_not_depend_on_the_order() {
    // Unequal coefficients: B_end² = B0² − Σ (βi/αi)·Ri², whatever the order.
    let base = load("destruction-in-detail.toml");
    let s = with(
        &base,
        &[
            ("engagement.south.adversary_lethality", 0.02),
            ("branch.red-south.fighters", 400.0),
        ],
    );
    let expected = (1000.0_f64.powi(2) - 700.0_f64.powi(2) - 2.0 * 400.0_f64.powi(2)).sqrt();
    let forward = 1000.0 - mean_field(&s, "in-detail").0.coalition_losses;
    let text = s.resolved_toml().replace(
        "concentration_order = [\"north\", \"south\"]",
        "concentration_order = [\"south\", \"north\"]",
    );
    let reversed = cordon_model::parse("reversed.toml", text.as_bytes()).expect("valid");
    let backward = 1000.0 - mean_field(&reversed, "in-detail").0.coalition_losses;
    check_rel("north then south", forward, expected, TOL);
    check_rel("south then north", backward, expected, TOL);
}
