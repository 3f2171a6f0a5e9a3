//! Cross-check against SALib 1.6 (fixtures written by `fixtures/salib/make_fixtures.py`).
//!
//! Point estimates use the same formulas on the same numbers, so they must agree to 1e-9.
//! Interval half-widths come from different random resamples (1000 each side), so they agree
//! only statistically: within 20% (the Monte Carlo error of a 1000-resample bootstrap sd is
//! about 2–3%).

use cordon_sa::{
    BootstrapConfig, OutputColumn, ParamSpace, SobolOptions, analyze_morris, analyze_sobol,
    parse_design_csv, parse_outputs_csv, sample_sobol,
};
use serde_json::Value;

use crate::common::{fixture, space};

const POINT_TOL: f64 = 1e-9;
const CONF_REL_TOL: f64 = 0.20;

fn numbers(v: &Value, key: &str) -> Vec<f64> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// SALib's design and outputs of `case`, parsed by this crate.
fn load(space: &ParamSpace, case: &str) -> (cordon_sa::Design, Vec<f64>, Value) {
    let design = parse_design_csv(&fixture(&format!("salib/{case}_design.csv")), space).unwrap();
    let y = parse_outputs_csv(
        &fixture(&format!("salib/{case}_outputs.csv")),
        &OutputColumn::Only,
        Some(design.rows()),
    )
    .unwrap();
    let json: Value =
        serde_json::from_str(&fixture(&format!("salib/{case}_indices.json"))).unwrap();
    (design, y, json)
}

/// `ours` equals SALib's point estimates `want` to [`POINT_TOL`].
fn check_points(what: &str, ours: &[f64], want: &[f64]) {
    for (i, (o, w)) in ours.iter().zip(want).enumerate() {
        assert!(
            (o - w).abs() < POINT_TOL,
            "{what}[{i}]: ours {o}, SALib {w}"
        );
    }
}

/// `ours` (interval half-widths) agree with SALib's `*_conf` within [`CONF_REL_TOL`].
fn check_conf(what: &str, ours: &[f64], want: &[f64]) {
    for (i, (o, w)) in ours.iter().zip(want).enumerate() {
        assert!(
            (o - w).abs() <= CONF_REL_TOL * w,
            "{what}[{i}]: ours {o}, SALib {w}"
        );
    }
}

#[test]
fn sobol_indices_of_a_salib_design() {
    let space = space("salib/params_g.txt");
    let (design, y, salib) = load(&space, "sobol");
    let cfg = BootstrapConfig {
        resamples: 1000,
        confidence: 0.95,
        ..BootstrapConfig::default()
    };
    let si = analyze_sobol(&space, &design, &y, &cfg).unwrap();
    assert_eq!(si.base_samples, 256);
    let get = |f: fn(&cordon_sa::SobolIndex) -> f64| si.indices.iter().map(f).collect::<Vec<_>>();
    check_points("S1", &get(|i| i.s1.value), &numbers(&salib, "S1"));
    check_points("ST", &get(|i| i.st.value), &numbers(&salib, "ST"));
    check_conf(
        "S1_conf",
        &get(|i| i.s1.half_width()),
        &numbers(&salib, "S1_conf"),
    );
    check_conf(
        "ST_conf",
        &get(|i| i.st.half_width()),
        &numbers(&salib, "ST_conf"),
    );
}

#[test]
fn morris_statistics_of_a_salib_design() {
    let space = space("salib/params_g.txt");
    let (design, y, salib) = load(&space, "morris");
    let cfg = BootstrapConfig {
        resamples: 1000,
        confidence: 0.95,
        ..BootstrapConfig::default()
    };
    let mi = analyze_morris(&space, &design, &y, 4, &cfg).unwrap();
    assert_eq!(mi.trajectories, 30);
    let get = |f: fn(&cordon_sa::MorrisIndex) -> f64| mi.indices.iter().map(f).collect::<Vec<_>>();
    check_points("mu", &get(|i| i.mu), &numbers(&salib, "mu"));
    check_points(
        "mu_star",
        &get(|i| i.mu_star.value),
        &numbers(&salib, "mu_star"),
    );
    check_points("sigma", &get(|i| i.sigma), &numbers(&salib, "sigma"));
    check_conf(
        "mu_star_conf",
        &get(|i| i.mu_star.half_width()),
        &numbers(&salib, "mu_star_conf"),
    );
}

#[test]
fn default_sobol_design_equals_salib_unscrambled_design() {
    // SALib: sobol.sample(params_dists, 8, calc_second_order=False, scramble=False,
    // skip_values=1), with unif, logunif, triang and norm parameters. Equal designs mean a
    // design made here is one SALib would have made, so SALib can analyse its outputs.
    let space = space("salib/params_dists.txt");
    let salib = parse_design_csv(&fixture("salib/saltelli_unscrambled.csv"), &space).unwrap();
    let ours = sample_sobol(&space, 8, &SobolOptions::default()).unwrap();
    assert_eq!((ours.rows(), ours.cols()), (8 * 6, 4));
    assert_eq!(ours.names(), salib.names());
    for (i, (o, s)) in ours.values().iter().zip(salib.values()).enumerate() {
        assert!(
            (o - s).abs() <= 1e-12 * s.abs().max(1.0),
            "value {i}: ours {o}, SALib {s}"
        );
    }
}
