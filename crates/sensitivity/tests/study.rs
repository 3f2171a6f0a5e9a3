//! A small study end to end.

use cordon_engine::{Mode, NoObserver, StreamKey};
use cordon_experiment::NoProgress;
use cordon_model::Scalar;
use cordon_sensitivity::{Method, Target, analyze, prepare, run};

use crate::util::{fixture, small_study};

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|x| x.to_bits()).collect()
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let s = fixture("small.toml");
    let one = prepare(&s, &small_study(&s, Method::Lhs, 12, 3, 1)).expect("prepared");
    let three = prepare(&s, &small_study(&s, Method::Lhs, 12, 3, 3)).expect("prepared");
    let (a, b) = (
        run(&one, &NoProgress).expect("runs"),
        run(&three, &NoProgress).expect("runs"),
    );
    assert_eq!(bits(&a.means), bits(&b.means));
    assert_eq!(bits(&a.standard_errors), bits(&b.standard_errors));
    assert_eq!(
        analyze(&one, &a).expect("indices"),
        analyze(&three, &b).expect("indices")
    );
}

#[test]
fn design_sizes_are_as_documented() {
    let s = fixture("small.toml");
    let k = 2;
    let n = 4;
    // Sobol: N·(k+2) points; Morris: N·(k+1); LHS: N.
    for (method, points) in [
        (Method::Sobol, n * (k + 2)),
        (Method::Morris, n * (k + 1)),
        (Method::Lhs, n),
    ] {
        let prep = prepare(&s, &small_study(&s, method, n, 2, 1)).expect("prepared");
        assert_eq!(prep.levers.len(), k, "{method:?}");
        assert_eq!(prep.design.rows(), points, "{method:?}");
        assert_eq!(prep.campaigns(), 2 * points as u64, "{method:?}");
    }
}

#[test]
fn a_mean_field_study_has_no_replication_noise() {
    let s = fixture("small.toml");
    let prep = prepare(&s, &small_study(&s, Method::Lhs, 8, 0, 1)).expect("prepared");
    let outputs = run(&prep, &NoProgress).expect("runs");
    assert_eq!(outputs.points(), 8);
    assert!(outputs.metric_se().iter().all(|se| se.is_nan()));
    let indices = analyze(&prep, &outputs).expect("indices");
    assert_eq!(indices.noise_share, 0.0);
    let metric = outputs.metric();
    let mean = metric.iter().sum::<f64>() / metric.len() as f64;
    assert!((indices.mean - mean).abs() <= 1e-9 * mean.abs().max(1.0));
}

#[test]
fn every_point_runs_the_same_stream_keys() {
    // Common random numbers: replication r of every design point is the campaign of stream key
    // (seed, r) on the scenario with the point's values, whatever the point.
    let s = fixture("small.toml");
    let prep = prepare(&s, &small_study(&s, Method::Lhs, 4, 2, 2)).expect("prepared");
    let outputs = run(&prep, &NoProgress).expect("runs");
    let column = prep.metric_column;
    for p in 0..prep.design.rows() {
        let values: Vec<(&str, Scalar)> = prep
            .levers
            .iter()
            .zip(prep.design.row(p))
            .map(|(lever, &x)| match &lever.target {
                Target::Field(field) => (field.as_str(), lever.value(x)),
                Target::Coa => panic!("small.toml has no course-of-action lever"),
            })
            .collect();
        let point = s.with_values(&values).expect("a valid point");
        let campaigns: Vec<f64> = (0..2)
            .map(|r| {
                let key = StreamKey::new(prep.study.seed, r);
                cordon_engine::run(
                    &point,
                    prep.study.coa,
                    Mode::Stochastic,
                    key,
                    &mut NoObserver,
                )
                .expect("runs")
                .values()[column]
            })
            .collect();
        let mean = (campaigns[0] + campaigns[1]) / 2.0;
        assert_eq!(
            outputs.metric()[p].to_bits(),
            mean.to_bits(),
            "point {p}: {campaigns:?}"
        );
    }
}
