//! Factorial experiments: the ANOVA decomposition identity, a factor no mechanism reads, and
//! the default scenario's arms using every capability.

use cordon_engine::Mode;
use cordon_experiment::factorial::{self, Cells, Design};
use cordon_model::{FactorSpec, Idle};

fn spec(name: &str, n: usize) -> FactorSpec {
    FactorSpec {
        name: name.into(),
        levels: (0..n).map(|i| format!("l{i}")).collect(),
    }
}

/// Cell values with every order of interaction present (a deterministic pseudo-random table).
fn synthetic(design: &Design, reps: usize) -> Cells {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..design.points.len())
        .map(|_| {
            (0..reps)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    (x % 10_000) as f64 / 7.0
                })
                .collect()
        })
        .collect()
}

#[test]
fn cell_means_are_the_grand_mean_plus_every_effect() {
    let design = Design::full(
        &[spec("a", 3), spec("b", 2), spec("c", 3), spec("d", 2)],
        &[],
    );
    assert_eq!(design.points.len(), 36);
    let cells = synthetic(&design, 5);
    let effects = factorial::effects(&design, &cells, 4);
    let means = factorial::cell_means(&cells);
    for (arm, m) in means.iter().enumerate() {
        let rebuilt = effects.reconstruct(&design, arm);
        assert!(
            (rebuilt - m.mean).abs() <= 1e-9 * m.mean.abs().max(1.0),
            "arm {arm}: cell mean {} rebuilt as {rebuilt}",
            m.mean
        );
    }
    // Sum-to-zero coding: the main effects of a factor cancel.
    for f in 0..4 {
        let total: f64 = effects.main(f).map(|e| e.estimate.mean).sum();
        assert!(
            total.abs() < 1e-9,
            "main effects of factor {f} sum to {total}"
        );
    }
}

#[test]
fn the_decomposition_holds_for_a_real_design() {
    let s = cordon_model::default_scenario();
    let space = s.factor_space();
    // proxy and sequence held: 27 arms, mean-field.
    let design = Design::full(&space, &[(3, 0), (4, 1)]);
    let pool = cordon_experiment::thread_pool(2).unwrap();
    let run = factorial::run(
        &s,
        &design,
        1,
        s.meta().seed,
        Mode::MeanField,
        &pool,
        &cordon_experiment::NoProgress,
    )
    .unwrap();
    let k = run
        .names
        .iter()
        .position(|n| n == "fighters_total")
        .unwrap();
    let cells = &run.values[k];
    let effects = factorial::effects(&design, cells, 3);
    for (arm, cell) in cells.iter().enumerate() {
        let rebuilt = effects.reconstruct(&design, arm);
        assert!((rebuilt - cell[0]).abs() <= 1e-9 * cell[0].abs().max(1.0));
    }
}

#[test]
fn a_factor_no_mechanism_reads_has_no_effect() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dummy-factor.toml");
    let s = cordon_model::parse("dummy-factor.toml", &std::fs::read(path).unwrap()).unwrap();
    let space = s.factor_space();
    let dummy = space.iter().position(|f| f.name == "dummy").unwrap();
    // isolation, regime and dummy vary; the rest held.
    let design = Design::full(&space, &[(1, 2), (3, 0), (4, 1)]);
    let pool = cordon_experiment::thread_pool(2).unwrap();
    let run = factorial::run(
        &s,
        &design,
        40,
        1,
        Mode::Stochastic,
        &pool,
        &cordon_experiment::NoProgress,
    )
    .unwrap();
    let k = run
        .names
        .iter()
        .position(|n| n == "fighters_total")
        .unwrap();
    let effects = factorial::effects(&design, &run.values[k], 2);
    for e in effects.main(dummy) {
        assert_eq!(
            e.estimate.mean, 0.0,
            "dummy level {}: {:?}",
            e.levels[0], e.estimate
        );
        assert!(!e.estimate.significant());
    }
    // The factors that mechanisms read do have effects.
    let isolation = effects
        .main(0)
        .map(|e| e.estimate.mean.abs())
        .fold(0.0, f64::max);
    assert!(isolation > 1.0, "isolation has no effect: {isolation}");
}

#[test]
fn no_factorial_arm_of_the_default_scenario_leaves_a_capability_unused() {
    let s = cordon_model::default_scenario();
    let design = Design::full(&s.factor_space(), &[]);
    let arms = design.scenario(&s).unwrap();
    assert_eq!(arms.coas().len(), 108);
    for (c, coa) in arms.coas().iter().enumerate() {
        let unused: Vec<String> = arms
            .idle_capabilities(cordon_model::CoaId::from_index(c))
            .into_iter()
            .filter(|i| i.why == Idle::Unused)
            .map(|i| format!("{} {}", arms.actor(i.actor).id, i.capability.as_str()))
            .collect();
        assert!(unused.is_empty(), "{}: unused {unused:?}", coa.id);
    }
}
