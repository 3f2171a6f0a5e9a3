//! Regression tests for engine faults found against published cases and exact results. Each
//! failed on the engine before its fix.

use cordon_engine::{Mode, StreamKey};

use crate::util::{check_rel, load, mean_field};

/// Probability that the coalition wins an aimed-fire duel, from the exact continuous-time
/// Markov chain: in state (x, y) the next event is a kill of a fighter with probability
/// a·x / (a·x + b·y).
fn exact_win_probability(x0: usize, y0: usize, a: f64, b: f64) -> f64 {
    let mut p = vec![vec![0.0; y0 + 1]; x0 + 1];
    for x in 1..=x0 {
        p[x][0] = 1.0;
        for y in 1..=y0 {
            let (kx, ky) = (a * x as f64, b * y as f64);
            p[x][y] = (kx * p[x][y - 1] + ky * p[x - 1][y]) / (kx + ky);
        }
    }
    p[x0][y0]
}

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

#[test]
fn a_small_duel_matches_the_exact_markov_chain() {
    let s = load("duel.toml");
    let coa = s.coa_by_id("fight").unwrap();
    let n = 4000;
    let (mut wins, mut both_gone) = (0, 0);
    for rep in 0..n {
        let outcome = cordon_engine::run(
            &s,
            coa,
            Mode::Stochastic,
            StreamKey::new(7, rep),
            &mut cordon_engine::NoObserver,
        )
        .unwrap();
        let squad_left = 6.0 - outcome.coalition_losses;
        let band_left = outcome.total_fighters;
        if band_left < 0.5 && squad_left >= 0.5 {
            wins += 1;
        }
        if band_left < 0.5 && squad_left < 0.5 {
            both_gone += 1;
        }
    }
    // The chain forbids mutual annihilation: one side's last loss ends the fight.
    assert_eq!(
        both_gone, 0,
        "mutual annihilation in {both_gone} of {n} duels"
    );
    let p = exact_win_probability(6, 5, 0.3, 0.35);
    let got = wins as f64 / n as f64;
    let se = (p * (1.0 - p) / n as f64).sqrt();
    // Four standard errors (~0.03): the leap's residual bias is far smaller.
    assert!(
        (got - p).abs() <= 4.0 * se,
        "P(coalition wins) = {got:.4} over {n} duels, exact {p:.4} (±{:.4})",
        4.0 * se
    );
}

#[test]
fn an_actor_with_no_forces_on_day_0_fights_with_its_reinforcements() {
    let text =
        fixture_text("landing.toml").replace("forces = { iwo-jima = 1000.0 }", "forces = {}");
    let s = cordon_model::parse("landing-no-beach-party.toml", text.as_bytes()).unwrap();
    let (outcome, _) = mean_field(&s, "assault");
    assert!(
        outcome.total_fighters < 0.5 * 21500.0,
        "the garrison kept {:.0} of 21,500: the landed forces never fought",
        outcome.total_fighters
    );
}

#[test]
fn reinforcement_windows_are_integrated_inside_the_step() {
    let coarse = load("landing.toml");
    let text = fixture_text("landing.toml").replace("step_days = 0.25", "step_days = 0.00625");
    let fine = cordon_model::parse("landing-fine.toml", text.as_bytes()).unwrap();
    let (_, a) = mean_field(&coarse, "assault");
    let (_, b) = mean_field(&fine, "assault");
    // A lump at the start of each step is an error first order in the step; a rate inside it
    // leaves only RK4's error at the windows' edges.
    for day in [1.0, 3.0, 6.0, 10.0, 20.0] {
        let (x, y) = (a.at(day), b.at(day));
        check_rel(
            &format!("garrison at day {day}"),
            x.fighters(0),
            y.fighters(0),
            2e-3,
        );
        check_rel(
            &format!("US ashore at day {day}"),
            x.engaged_in(0),
            y.engaged_in(0),
            2e-3,
        );
    }
}

#[test]
fn civilian_casualties_never_exceed_the_population() {
    let s = load("massacre.toml");
    for mode in [Mode::MeanField, Mode::Stochastic] {
        let outcome = cordon_engine::run(
            &s,
            s.coa_by_id("sweep").unwrap(),
            mode,
            StreamKey::new(1, 0),
            &mut cordon_engine::NoObserver,
        )
        .unwrap();
        assert!(
            outcome.civilian_casualties <= 2000.0 + 1e-6,
            "{mode:?}: {:.0} civilian casualties in a population of 2,000",
            outcome.civilian_casualties
        );
        assert!(
            outcome.civilian_casualties > 100.0,
            "{mode:?}: no casualties at all"
        );
    }
}
