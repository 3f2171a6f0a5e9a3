//! Morris screening on the Ishigami function.

use cordon_sa::{
    BootstrapConfig, Design, Distribution, ParamSpace, Parameter, analyze_morris, sample_morris,
};
use expect_test::{Expect, expect};

use crate::common::{eval, ishigami, render_morris, sd, space};

/// Morris with `levels` levels and `r` trajectories on Ishigami; returns the table.
fn check_morris(r: usize, levels: usize, seed: u64, expect: Expect) {
    let space = space("ishigami.txt");
    let design = sample_morris(&space, r, levels, seed).unwrap();
    let y = eval(&design, ishigami);
    let mi = analyze_morris(&space, &design, &y, levels, &BootstrapConfig::default()).unwrap();
    assert_eq!(mi.trajectories, r);
    expect.assert_eq(&render_morris(&mi));
}

#[test]
fn ishigami_x2_has_one_elementary_effect() {
    // With 4 levels, Δ = 2/3: x2 moves between −π and π/3 or between −π/3 and π, and
    // 7 sin² changes by 5.25 either way, so |EE2| = 5.25 / (2/3) = 7.875 on every trajectory.
    let space = space("ishigami.txt");
    let design = sample_morris(&space, 40, 4, 17).unwrap();
    let y = eval(&design, ishigami);
    let mi = analyze_morris(&space, &design, &y, 4, &BootstrapConfig::default()).unwrap();
    assert!((mi.delta - 2.0 / 3.0).abs() < 1e-15);
    let x2 = &mi.indices[1];
    assert!(
        (x2.mu_star.value - 7.875).abs() < 1e-9,
        "mu* = {}",
        x2.mu_star.value
    );
    let abs: Vec<f64> = x2.effects.iter().map(|e| e.abs()).collect();
    assert!(abs.iter().all(|e| (e - 7.875).abs() < 1e-9), "{abs:?}");
    assert!(sd(&abs) < 1e-9, "sd |EE2| = {}", sd(&abs));
    // The bootstrap of a constant |EE| has zero spread.
    assert!(x2.mu_star.half_width() < 1e-9);
    // x3 acts only through its interaction with x1: μ ≈ 0 by symmetry is not guaranteed on
    // few trajectories, but σ must be large relative to μ*.
    let x3 = &mi.indices[2];
    assert!(x3.sigma > 0.5 * x3.mu_star.value);
}

#[test]
fn ishigami_table() {
    check_morris(
        40,
        4,
        17,
        expect![[r#"
            r = 40, p = 4, delta = 0.666667
            x1  mu   8.0165  mu* 8.0165 [6.1588, 9.8742]  sigma 6.3205
            x2  mu  -0.7875  mu* 7.8750 [7.8750, 7.8750]  sigma 7.9353
            x3  mu  -0.6249  mu* 6.2488 [4.3086, 8.1890]  sigma 8.9273
        "#]],
    );
}

#[test]
fn six_levels() {
    // Δ = 6/10; x2 moves between levels l and l+3 of {0, .2, ..., 1}.
    check_morris(
        20,
        6,
        1,
        expect![[r#"
            r = 20, p = 6, delta = 0.600000
            x1  mu   6.6515  mu* 6.6515 [3.3952, 9.9078]  sigma 7.5778
            x2  mu   0.4031  mu* 2.4184 [1.5662, 3.2706]  sigma 3.1765
            x3  mu   2.1999  mu* 3.7414 [1.1446, 6.3383]  sigma 6.8381
        "#]],
    );
}

#[test]
fn a_wrong_level_count_is_caught() {
    let space = space("ishigami.txt");
    let design = sample_morris(&space, 5, 4, 0).unwrap();
    let y = eval(&design, ishigami);
    let err = analyze_morris(&space, &design, &y, 6, &BootstrapConfig::default()).unwrap_err();
    expect!["row 2 (1-based) breaks the Morris layout: `x1` moves by 0.666667 of its range, not Δ = 0.600000 (6 levels)"].assert_eq(&err.to_string());
}

#[test]
fn broken_trajectories_are_typed_errors() {
    let space = space("ishigami.txt");
    let design = sample_morris(&space, 3, 4, 0).unwrap();
    let y = eval(&design, ishigami);
    let cfg = BootstrapConfig::default();
    let names = design.names().to_vec();
    let mut two = design.values().to_vec();
    two[3] = 0.123; // row 2 moves x1 off the grid (and maybe a second factor)
    let mut still = design.values().to_vec();
    still.copy_within(0..3, 3); // row 2 repeats row 1
    let cat = ParamSpace::new(vec![
        Parameter::new("x1", Distribution::uniform(0.0, 1.0)),
        Parameter::new("x2", Distribution::categorical(["a", "b"])),
        Parameter::new("x3", Distribution::uniform(0.0, 1.0)),
    ])
    .unwrap();
    let errs = [
        analyze_morris(
            &space,
            &Design::new(names.clone(), two).unwrap(),
            &y,
            4,
            &cfg,
        )
        .unwrap_err(),
        analyze_morris(
            &space,
            &Design::new(names.clone(), still).unwrap(),
            &y,
            4,
            &cfg,
        )
        .unwrap_err(),
        analyze_morris(&space, &design, &y, 3, &cfg).unwrap_err(),
        analyze_morris(&cat, &design, &y, 4, &cfg).unwrap_err(),
        analyze_morris(
            &space,
            &Design::new(names, design.values()[..12].to_vec()).unwrap(),
            &y[..4],
            4,
            &cfg,
        )
        .unwrap_err(),
    ];
    let text: String = errs.iter().map(|e| format!("{e}\n")).collect();
    expect![[r#"
        row 2 (1-based) breaks the Morris layout: `x1` moves by 0.480424 of its range, not Δ = 0.666667 (4 levels)
        row 2 (1-based) breaks the Morris layout: 0 parameters change from the previous row; exactly one must
        Morris needs an even number of levels >= 2, got 3
        categorical parameter `x2` has no elementary effects: use the categorical analysis
        1 trajectories is too few: at least 2 are needed
    "#]].assert_eq(&text);
}
