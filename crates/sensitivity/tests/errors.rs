//! Bad requests are typed errors marked as bad input.

use cordon_model::CoaId;
use cordon_sensitivity::{Method, SensitivityError, Study, prepare};

use crate::util::{fixture, small_study};

#[test]
fn a_scenario_without_uncertain_parameters() {
    let s = cordon_model::parse(
        "iwo-jima.toml",
        include_bytes!("../../../scenarios/examples/iwo-jima.toml"),
    )
    .expect("valid");
    let study = Study::new(&s, Method::Sobol, 8, "fighters_total");
    let e = prepare(&s, &study).expect_err("nothing to analyse");
    assert!(matches!(e, SensitivityError::NoUncertain), "{e:?}");
    assert!(e.is_bad_input());
}

#[test]
fn a_misspelt_metric_is_named_with_a_suggestion() {
    let s = fixture("small.toml");
    let mut study = small_study(&s, Method::Lhs, 4, 1, 1);
    study.metric = "fighters_totl".into();
    let e = prepare(&s, &study).expect_err("unknown metric");
    match &e {
        SensitivityError::UnknownMetric {
            suggestion,
            available,
            ..
        } => {
            assert_eq!(suggestion.as_deref(), Some("fighters_total"));
            assert!(available.iter().any(|m| m == "escaped_from_core"));
        }
        other => panic!("expected UnknownMetric, got {other:?}"),
    }
    assert!(e.is_bad_input());
}

#[test]
fn a_course_of_action_out_of_range() {
    let s = fixture("small.toml");
    let mut study = small_study(&s, Method::Lhs, 4, 1, 1);
    study.coa = CoaId::from_index(s.coas().len());
    let e = prepare(&s, &study).expect_err("no such course");
    assert!(matches!(e, SensitivityError::Invalid(_)), "{e:?}");
    assert!(e.is_bad_input());
}
