//! Distributions: inverse CDFs against SciPy, CDF round trips, categorical picks, validation.

use cordon_sa::{Distribution, ParamSpace, Parameter};
use expect_test::{Expect, expect};

fn tn(mean: f64, sd: f64, low: f64, high: f64) -> Distribution {
    Distribution::TruncatedNormal {
        mean,
        sd,
        low,
        high,
    }
}

/// `quantile(u)` is within `tol` of `want` for each `(u, want)`.
fn check_quantiles(d: Distribution, cases: &[(f64, f64)], tol: f64) {
    d.validate().unwrap();
    for &(u, want) in cases {
        let got = d.quantile(u);
        assert!(
            (got - want).abs() <= tol,
            "{d:?} at u = {u}: {got} vs {want}"
        );
    }
}

#[test]
fn quantiles_match_scipy() {
    // scipy.stats.{truncnorm,triang,loguniform,norm}.ppf, SciPy 1.17.
    check_quantiles(
        tn(0.0, 1.0, -1.0, 2.0),
        &[
            (0.1, -0.704647821094745),
            (0.5, 0.17116391801782482),
            (0.9, 1.2557153641502152),
        ],
        1e-9,
    );
    // Interval far in the right tail: the reflected computation keeps full precision.
    check_quantiles(
        tn(0.0, 1.0, 5.0, 6.0),
        &[
            (0.1, 5.020202578936887),
            (0.5, 5.131371763283919),
            (0.9, 5.421484350937918),
        ],
        1e-9,
    );
    check_quantiles(
        tn(10.0, 3.0, -20.0, 0.0),
        &[
            (0.1, -1.7826795848059813),
            (0.5, -0.5645970124995117),
            (0.9, -0.08759937078185587),
        ],
        1e-9,
    );
    check_quantiles(
        tn(2.0, 0.5, 1.0, 3.0),
        &[
            (0.1, 1.4079837666530475),
            (0.5, 2.0),
            (0.9, 2.592016233346953),
        ],
        1e-9,
    );
    check_quantiles(
        Distribution::Triangular {
            low: 1.0,
            mode: 2.0,
            high: 5.0,
        },
        &[(0.3, 2.1017246507621126), (0.0, 1.0), (1.0, 5.0)],
        1e-12,
    );
    check_quantiles(
        Distribution::LogUniform {
            low: 0.01,
            high: 100.0,
        },
        &[(0.3, 0.15848931924611143), (0.0, 0.01), (1.0, 100.0)],
        1e-12,
    );
    check_quantiles(
        Distribution::Normal { mean: 0.0, sd: 1.0 },
        &[(0.975, 1.959963984540054), (0.5, 0.0)],
        1e-9,
    );
    check_quantiles(
        Distribution::uniform(-2.0, 6.0),
        &[(0.25, 0.0), (1.0, 6.0)],
        0.0,
    );
}

#[test]
fn normal_stays_finite_at_the_unit_cube_faces() {
    let d = Distribution::Normal { mean: 5.0, sd: 2.0 };
    let (lo, hi) = (d.quantile(0.0), d.quantile(1.0));
    assert!(lo.is_finite() && hi.is_finite());
    // Φ⁻¹(2⁻⁵³) ≈ −8.2: finite, and far in the tail.
    let (zl, zh) = ((lo - 5.0) / 2.0, (hi - 5.0) / 2.0);
    assert!(
        (-8.5..-8.0).contains(&zl) && (8.0..8.5).contains(&zh),
        "{zl} {zh}"
    );
}

#[test]
fn cdf_inverts_quantile() {
    let dists = [
        Distribution::uniform(-3.0, 7.0),
        Distribution::Triangular {
            low: 0.0,
            mode: 0.2,
            high: 3.0,
        },
        Distribution::Triangular {
            low: 0.0,
            mode: 0.0,
            high: 1.0,
        },
        tn(1.0, 2.0, -1.0, 4.0),
        tn(0.0, 1.0, 4.0, 9.0),
        Distribution::Normal {
            mean: -1.0,
            sd: 0.1,
        },
        Distribution::LogUniform {
            low: 1e-3,
            high: 1e3,
        },
    ];
    for d in &dists {
        for i in 1..20 {
            let u = f64::from(i) / 20.0;
            let back = d.cdf(d.quantile(u));
            assert!(
                (back - u).abs() < 1e-9,
                "{d:?}: cdf(quantile({u})) = {back}"
            );
        }
    }
}

#[test]
fn categorical_picks_by_cumulative_weight() {
    let d = Distribution::Categorical {
        values: vec!["a".into(), "b".into(), "c".into(), "d".into()],
        weights: Some(vec![1.0, 0.0, 3.0, 0.0]),
    };
    let picks: Vec<f64> = [0.0, 0.2, 0.2499, 0.25, 0.9, 0.999_999, 1.0]
        .iter()
        .map(|&u| d.quantile(u))
        .collect();
    assert_eq!(picks, [0.0, 0.0, 0.0, 2.0, 2.0, 2.0, 2.0]);
    let even = Distribution::categorical(["x", "y", "z"]);
    let picks: Vec<f64> = [0.0, 0.333, 0.334, 0.666, 0.667, 1.0]
        .iter()
        .map(|&u| even.quantile(u))
        .collect();
    assert_eq!(picks, [0.0, 0.0, 1.0, 1.0, 2.0, 2.0]);
}

/// Renders the validation result of each distribution, one per line.
fn check_validation(cases: &[Distribution], expect: Expect) {
    let text: String = cases
        .iter()
        .map(|d| match d.validate() {
            Ok(()) => "ok\n".to_owned(),
            Err(e) => format!("{e}\n"),
        })
        .collect();
    expect.assert_eq(&text);
}

#[test]
fn invalid_distributions_are_typed_errors() {
    check_validation(
        &[
            Distribution::uniform(1.0, 1.0),
            Distribution::uniform(f64::NAN, 1.0),
            Distribution::Triangular {
                low: 0.0,
                mode: 2.0,
                high: 1.0,
            },
            tn(0.0, 0.0, -1.0, 1.0),
            tn(0.0, 1.0, 40.0, 41.0),
            tn(0.0, 1.0, f64::NEG_INFINITY, 1.0),
            Distribution::Normal {
                mean: 0.0,
                sd: -1.0,
            },
            Distribution::LogUniform {
                low: 0.0,
                high: 1.0,
            },
            Distribution::categorical(Vec::<String>::new()),
            Distribution::categorical(["a", "a"]),
            Distribution::Categorical {
                values: vec!["a".into()],
                weights: Some(vec![]),
            },
            Distribution::Categorical {
                values: vec!["a".into(), "b".into()],
                weights: Some(vec![1.0, -1.0]),
            },
            Distribution::Categorical {
                values: vec!["a".into(), "b".into()],
                weights: Some(vec![0.0, 0.0]),
            },
            Distribution::Categorical {
                values: vec!["a".into()],
                weights: Some(vec![2.0]),
            },
        ],
        expect![[r#"
            lower bound 1 must be below upper bound 1
            low must be a finite number, got NaN
            mode 2 must lie within [0, 1]
            standard deviation must be > 0, got 0
            truncation interval [40, 41] holds no probability under normal(0, 1)
            low must be a finite number, got -inf
            standard deviation must be > 0, got -1
            log-uniform bounds must be > 0, got lower bound 0
            a categorical parameter needs at least one value
            categorical value `a` is empty or repeated
            0 weights given for 1 values
            weight 1 is -1: weights must be finite and >= 0
            weights sum to zero
            ok
        "#]],
    );
}

#[test]
fn invalid_spaces_are_typed_errors() {
    let u = Distribution::uniform(0.0, 1.0);
    let errs: Vec<String> = [
        vec![],
        vec![Parameter::new("a b", u.clone())],
        vec![
            Parameter::new("a", u.clone()),
            Parameter::new("a", u.clone()),
        ],
        vec![Parameter::new("a", Distribution::uniform(2.0, 1.0))],
    ]
    .into_iter()
    .map(|ps| ParamSpace::new(ps).unwrap_err().to_string())
    .collect();
    expect![[r#"
        [
            "a parameter space needs at least one parameter",
            "parameter name `a b` is empty or contains whitespace, `,`, `\"` or `#`",
            "parameter `a` is defined twice",
            "parameter `a`: lower bound 2 must be below upper bound 1",
        ]
    "#]]
    .assert_debug_eq(&errs);
}
