//! `cordon network` and `cordon interdict` on a scenario's adversary network (`--scenario`).

use std::process::{Command, Output};

fn cordon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the cordon binary runs")
}

fn json(output: &Output) -> serde_json::Value {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

#[test]
fn the_default_scenarios_fighters_network() {
    let out = json(&cordon(&[
        "network",
        "metrics",
        "--scenario",
        "--kind",
        "fighters",
        "--json",
    ]));
    let text = out.to_string();
    for region in [
        "levant",
        "khorasan",
        "africa",
        "europe",
        "south-asia",
        "southeast-asia",
    ] {
        assert!(text.contains(region), "{region} is a node");
    }
}

#[test]
fn interdicting_the_route_to_south_asia() {
    // South Asia is reached from the Levant only through Khorasan (capacity 5): one cut suffices.
    let out = json(&cordon(&[
        "interdict",
        "--scenario",
        "--kind",
        "fighters",
        "--objective",
        "max-flow",
        "--source",
        "levant",
        "--sink",
        "south-asia",
        "--budget",
        "1",
        "--json",
    ]));
    let text = out.to_string();
    assert!(
        text.contains("\"before\":5") || text.contains("\"before\":5.0"),
        "{text}"
    );
}

#[test]
fn kind_without_scenario_is_bad_input() {
    let out = cordon(&[
        "network", "metrics", "--edges", "x.csv", "--kind", "fighters",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

const KARATE: &str = "../net/tests/fixtures/networkx/karate.csv";
const GLPK: &str = "../net/tests/fixtures/glpk_maxflow.csv";

/// `network metrics --json` with `args`: the computed measures, the ones that did not
/// converge, and each power iteration's (iterations, converged).
fn check_metrics(
    args: &[&str],
    measures: &[&str],
    not_converged: &[&str],
    power: &[(&str, u64, bool)],
) {
    let mut all = vec!["network", "metrics", "--json"];
    all.extend_from_slice(args);
    let out = json(&cordon(&all));
    assert_eq!(out["measures"], serde_json::json!(measures));
    assert_eq!(out["not_converged"], serde_json::json!(not_converged));
    for &(name, iterations, converged) in power {
        let c = &out["convergence"][name];
        assert_eq!(c["converged"], converged, "{c}");
        if iterations > 0 {
            assert_eq!(c["iterations"], iterations, "{c}");
        }
        assert!(c["change"].as_f64().is_some() && c["threshold"].as_f64().is_some());
    }
    let node = &out["nodes"][0]["values"];
    assert_eq!(node.as_object().unwrap().len(), measures.len(), "{node}");
}

#[test]
fn metrics_computes_only_the_measures_asked_for() {
    check_metrics(
        &["--edges", KARATE, "--undirected", "--measures", "pagerank"],
        &["pagerank"],
        &[],
        &[("pagerank", 0, true)],
    );
    check_metrics(
        &[
            "--edges",
            KARATE,
            "--undirected",
            "--measures",
            "betweenness,degree",
        ],
        &["degree", "betweenness"],
        &[],
        &[],
    );
    // The GLPK digraph's eigenvector iteration needs more than NetworkX's 100 iterations.
    check_metrics(
        &["--edges", GLPK, "--measures", "eigenvector,in-degree"],
        &["in_degree"],
        &["eigenvector"],
        &[("eigenvector", 100, false)],
    );
    check_metrics(
        &[
            "--edges",
            GLPK,
            "--measures",
            "eigenvector",
            "--max-iter",
            "10000",
        ],
        &["eigenvector"],
        &[],
        &[("eigenvector", 0, true)],
    );
}

/// Runs `cordon` and checks exit code 2 and a message on stderr.
fn check_refused(args: &[&str], needle: &str) {
    let out = cordon(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(needle), "{stderr}");
}

#[test]
fn metrics_options_are_checked() {
    let base = ["network", "metrics", "--edges", KARATE, "--undirected"];
    let with =
        |extra: &[&'static str]| -> Vec<&str> { base.iter().chain(extra).copied().collect() };
    check_refused(&with(&["--measures", "in_degree"]), "directed graphs only");
    check_refused(
        &with(&["--measures", "pagerank,bogus"]),
        "unknown measure `bogus`",
    );
    check_refused(&with(&["--tol", "0"]), "--tol must be a finite number > 0");
    check_refused(&with(&["--max-iter", "0"]), "--max-iter must be at least 1");
}
