//! Sobol indices (Saltelli 2010 first order, Jansen total) on the Ishigami function.

use cordon_sa::{
    AnalysisError, BootstrapConfig, CiMethod, Design, SobolOptions, analyze_sobol, sample_sobol,
};
use expect_test::{Expect, expect};

use crate::common::{ISHIGAMI_EXACT, eval, ishigami, render_sobol, space};

/// Ishigami on a Saltelli design of `n` base samples: every S1 and ST within `tol` of the exact
/// value, every interval covering it, and the table as in `expect`.
fn check_ishigami(n: usize, opts: SobolOptions, method: CiMethod, tol: f64, expect: Expect) {
    let space = space("ishigami.txt");
    let design = sample_sobol(&space, n, &opts).unwrap();
    let y = eval(&design, ishigami);
    let cfg = BootstrapConfig {
        method,
        ..BootstrapConfig::default()
    };
    let si = analyze_sobol(&space, &design, &y, &cfg).unwrap();
    for (idx, &(s1, st)) in si.indices.iter().zip(&ISHIGAMI_EXACT) {
        assert!(
            (idx.s1.value - s1).abs() < tol,
            "{}: S1 {:?} vs {s1}",
            idx.name,
            idx.s1
        );
        assert!(
            (idx.st.value - st).abs() < tol,
            "{}: ST {:?} vs {st}",
            idx.name,
            idx.st
        );
        assert!(
            idx.s1.covers(s1),
            "{}: S1 interval {:?} misses {s1}",
            idx.name,
            idx.s1
        );
        assert!(
            idx.st.covers(st),
            "{}: ST interval {:?} misses {st}",
            idx.name,
            idx.st
        );
    }
    // Variance of the Ishigami output: 13.844588 (docs/validation.md).
    assert!(
        (si.variance - 13.844588).abs() / 13.844588 < 0.02,
        "variance {}",
        si.variance
    );
    expect.assert_eq(&render_sobol(&si));
}

#[test]
fn ishigami_n8192_normal_intervals() {
    check_ishigami(
        8192,
        SobolOptions::default(),
        CiMethod::Normal,
        0.02,
        expect![[r#"
            N = 8192
            x1  S1 0.3149 [0.2935, 0.3362]  ST 0.5586 [0.5287, 0.5886]
            x2  S1 0.4424 [0.4238, 0.4610]  ST 0.4424 [0.4279, 0.4569]
            x3  S1 0.0008 [-0.0192, 0.0207]  ST 0.2434 [0.2339, 0.2530]
        "#]],
    );
}

#[test]
fn ishigami_n8192_percentile_intervals_scrambled() {
    check_ishigami(
        8192,
        SobolOptions {
            skip: 0,
            scramble: Some(2024),
        },
        CiMethod::Percentile,
        0.02,
        expect![[r#"
            N = 8192
            x1  S1 0.3140 [0.2939, 0.3343]  ST 0.5582 [0.5258, 0.5912]
            x2  S1 0.4424 [0.4221, 0.4610]  ST 0.4424 [0.4271, 0.4566]
            x3  S1 0.0003 [-0.0199, 0.0206]  ST 0.2439 [0.2345, 0.2536]
        "#]],
    );
}

#[test]
fn ranking_is_by_total_index() {
    let space = space("ishigami.txt");
    let design = sample_sobol(&space, 512, &SobolOptions::default()).unwrap();
    let y = eval(&design, ishigami);
    let cfg = BootstrapConfig {
        resamples: 50,
        ..BootstrapConfig::default()
    };
    let si = analyze_sobol(&space, &design, &y, &cfg).unwrap();
    let order: Vec<&str> = si.ranked().iter().map(|i| i.name.as_str()).collect();
    assert_eq!(order, ["x1", "x2", "x3"]);
}

#[test]
fn unusable_inputs_are_typed_errors() {
    let space = space("ishigami.txt");
    let design = sample_sobol(&space, 8, &SobolOptions::default()).unwrap();
    let y = eval(&design, ishigami);
    let cfg = BootstrapConfig::default();
    let mut broken = design.values().to_vec();
    broken[3 + 1] += 1.0; // row 2 (A_B^(1)), column x2: no longer a copy of A
    let broken = Design::new(design.names().to_vec(), broken).unwrap();
    let one_block = Design::new(design.names().to_vec(), design.values()[..15].to_vec()).unwrap();
    let mut nan = y.clone();
    nan[6] = f64::NAN;
    let errs: Vec<AnalysisError> = vec![
        analyze_sobol(&space, &design, &y[1..], &cfg).unwrap_err(),
        analyze_sobol(&space, &design, &nan, &cfg).unwrap_err(),
        analyze_sobol(&space, &broken, &y, &cfg).unwrap_err(),
        analyze_sobol(&space, &one_block, &y[..5], &cfg).unwrap_err(),
        analyze_sobol(&space, &design, &vec![1.5; y.len()], &cfg).unwrap_err(),
        analyze_sobol(
            &space,
            &design,
            &y,
            &BootstrapConfig {
                resamples: 1,
                ..cfg
            },
        )
        .unwrap_err(),
        analyze_sobol(
            &space,
            &design,
            &y,
            &BootstrapConfig {
                confidence: 1.0,
                ..cfg
            },
        )
        .unwrap_err(),
        analyze_sobol(
            &space,
            &design,
            &y,
            &BootstrapConfig {
                resamples: 1_000_000_000,
                ..cfg
            },
        )
        .unwrap_err(),
        analyze_sobol(
            &space,
            &Design::new(
                design.names().to_vec(),
                design.values()[..4 * 3 * 5 - 3].to_vec(),
            )
            .unwrap(),
            &y[..19],
            &cfg,
        )
        .unwrap_err(),
    ];
    let text: String = errs.iter().map(|e| format!("{e}\n")).collect();
    expect![[r#"
        39 outputs for 40 design rows
        output 7 (1-based) is NaN: every output must be finite
        row 2 (1-based) breaks the Saltelli layout: column `x2` should equal that of row 1
        1 base samples is too few: at least 2 are needed
        the outputs are constant: variance-based indices are undefined
        bootstrap: at least 2 resamples are needed, got 1
        bootstrap: the confidence level must be in (0, 1), got 1
        bootstrap: 1000000000 resamples is more than the 1000000 allowed: the intervals' own Monte Carlo error is already negligible at 10,000, and more only costs time (hours at 10^9)
        19 rows is not a multiple of 5 (the Saltelli block size for 3 parameters)
    "#]]
    .assert_eq(&text);
}
