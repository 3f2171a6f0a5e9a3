//! First-order index of categorical levers (correlation ratio η² = SSB / SST).

use cordon_sa::{
    AnalysisError, BootstrapConfig, Design, Distribution, ParamSpace, Parameter,
    analyze_categorical, sample_factorial, sample_lhs,
};
use expect_test::{Expect, expect};

use crate::common::{eval, render_categorical};

/// `regime` (3 equally likely levers, effects 0, 1, 2: between variance 2/3), `proxy` (no
/// effect), `x` ~ U(0, 2√2) (variance 2/3): exact S(regime) = 0.5, S(proxy) = 0.
fn levers() -> ParamSpace {
    ParamSpace::new(vec![
        Parameter::new(
            "regime",
            Distribution::categorical(["joint", "parallel", "cross"]),
        ),
        Parameter::new("x", Distribution::uniform(0.0, 8f64.sqrt())),
        Parameter::new("proxy", Distribution::categorical(["no", "yes"])),
    ])
    .unwrap()
}

fn model(row: &[f64]) -> f64 {
    row[0] + row[1]
}

/// Analyses `design` of `levers()`: each index within `tol` of `exact` and its interval
/// covering it; the table as in `expect`.
fn check(design: &Design, exact: [f64; 2], tol: f64, expect: Expect) {
    let space = levers();
    let y = eval(design, model);
    let ci = analyze_categorical(&space, design, &y, &BootstrapConfig::default()).unwrap();
    for (idx, want) in ci.indices.iter().zip(exact) {
        assert!(
            (idx.s1.value - want).abs() < tol,
            "{}: {:?} vs {want}",
            idx.name,
            idx.s1
        );
        assert!(
            idx.s1.covers(want),
            "{}: {:?} misses {want}",
            idx.name,
            idx.s1
        );
    }
    expect.assert_eq(&render_categorical(&ci));
}

#[test]
fn factorial_design() {
    let design = sample_factorial(&levers(), 200, 8).unwrap();
    check(
        &design,
        [0.5, 0.0],
        0.01,
        expect![[r#"
            rows = 1200
            regime S1 0.4997 [0.4672, 0.5323]  joint: n=400 mean=1.414  parallel: n=400 mean=2.414  cross: n=400 mean=3.414
            proxy  S1 0.0000 [-0.0021, 0.0021]  no: n=600 mean=2.414  yes: n=600 mean=2.414
        "#]],
    );
}

#[test]
fn latin_hypercube_design() {
    let design = sample_lhs(&levers(), 3000, 8).unwrap();
    check(
        &design,
        [0.5, 0.0],
        0.03,
        expect![[r#"
            rows = 3000
            regime S1 0.5022 [0.4820, 0.5225]  joint: n=1000 mean=1.413  parallel: n=1000 mean=2.407  cross: n=1000 mean=3.422
            proxy  S1 0.0002 [-0.0012, 0.0015]  no: n=1500 mean=2.399  yes: n=1500 mean=2.429
        "#]],
    );
}

#[test]
fn weighted_lever() {
    // p(b) = 3/4, effect 4: between variance 0.25 · 0.75 · 16 = 3; x ~ U(0, 6): variance 3.
    let space = ParamSpace::new(vec![
        Parameter::new(
            "lever",
            Distribution::Categorical {
                values: vec!["a".into(), "b".into()],
                weights: Some(vec![1.0, 3.0]),
            },
        ),
        Parameter::new("x", Distribution::uniform(0.0, 6.0)),
    ])
    .unwrap();
    let design = sample_lhs(&space, 4000, 3).unwrap();
    let y = eval(&design, |r| 4.0 * r[0] + r[1]);
    let ci = analyze_categorical(&space, &design, &y, &BootstrapConfig::default()).unwrap();
    let s = ci.indices[0].s1;
    assert!((s.value - 0.5).abs() < 0.03 && s.covers(0.5), "{s:?}");
    assert_eq!(ci.indices[0].categories[1].count, 3000);
}

#[test]
fn unusable_inputs_are_typed_errors() {
    let cfg = BootstrapConfig::default();
    let continuous = ParamSpace::uniform(&[("x", 0.0, 1.0)]).unwrap();
    let d = sample_lhs(&continuous, 10, 0).unwrap();
    let space = levers();
    let design = sample_factorial(&space, 2, 0).unwrap();
    let mut bad = design.values().to_vec();
    bad[3] = 3.0; // row 2: regime index 3 of 3 categories
    let errs: Vec<AnalysisError> = vec![
        analyze_categorical(&continuous, &d, &[0.0; 10], &cfg).unwrap_err(),
        analyze_categorical(&space, &design, &vec![2.0; design.rows()], &cfg).unwrap_err(),
        analyze_categorical(
            &space,
            &Design::new(space.names(), bad).unwrap(),
            &[0.0; 12],
            &cfg,
        )
        .unwrap_err(),
        analyze_categorical(&space, &d, &[0.0; 10], &cfg).unwrap_err(),
    ];
    let text: String = errs.iter().map(|e| format!("{e}\n")).collect();
    expect![[r#"
        the space has no categorical parameter
        the outputs are constant: variance-based indices are undefined
        row 2 (1-based): `regime` is 3, not a category index below 3
        design columns [x] do not match parameters [regime, x, proxy]
    "#]]
    .assert_eq(&text);
}

#[test]
fn saltelli_design_with_a_lever() {
    // The Sobol estimators need no ordering: a categorical column in a Saltelli design gets
    // its first-order and total index (both 0.5 here, the model being additive).
    let space = levers();
    let design =
        cordon_sa::sample_sobol(&space, 4096, &cordon_sa::SobolOptions::default()).unwrap();
    let y = eval(&design, model);
    let si = cordon_sa::analyze_sobol(&space, &design, &y, &BootstrapConfig::default()).unwrap();
    let exact = [0.5, 0.5, 0.0];
    for (idx, want) in si.indices.iter().zip(exact) {
        assert!(
            (idx.s1.value - want).abs() < 0.02,
            "{}: S1 {:?}",
            idx.name,
            idx.s1
        );
        assert!(
            (idx.st.value - want).abs() < 0.02,
            "{}: ST {:?}",
            idx.name,
            idx.st
        );
        assert!(
            idx.s1.covers(want) && idx.st.covers(want),
            "{}: {:?} {:?}",
            idx.name,
            idx.s1,
            idx.st
        );
    }
}
