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

const COVERT: &str = "../net/tests/fixtures/covert.csv";

/// `network keyplayer --json` with `args`: the method's kind and the reason given.
fn check_keyplayer(args: &[&str], kind: &str, reason: &str) {
    let mut all = vec![
        "network",
        "keyplayer",
        "--edges",
        COVERT,
        "--undirected",
        "--json",
    ];
    all.extend_from_slice(args);
    let out = json(&cordon(&all));
    assert_eq!(out["method"]["kind"], kind, "{out}");
    let said = out["search"]["reason"].as_str().unwrap();
    assert!(said.contains(reason), "{said}");
    assert_eq!(out["search"]["subsets"], 28);
}

#[test]
fn keyplayer_says_which_search_ran_and_why() {
    let df = ["--k", "2", "--measure", "distance-fragmentation"];
    check_keyplayer(&df, "exact", "within the budget of 1.000e9");
    let tight: Vec<&str> = df.iter().copied().chain(["--exact-budget", "10"]).collect();
    check_keyplayer(&tight, "greedy-swap", "over the budget of 1.000e1");
    let forced: Vec<&str> = df.iter().copied().chain(["--search", "greedy"]).collect();
    check_keyplayer(&forced, "greedy-swap", "greedy + swap, as asked");
    check_refused(
        &[
            "network",
            "keyplayer",
            "--edges",
            COVERT,
            "--k",
            "2",
            "--measure",
            "reach",
            "--exact-budget",
            "nan",
        ],
        "--exact-budget must be a finite number >= 0",
    );
}

/// `interdict --json` on the GLPK fixture with `args`: the status, the methods of the chain,
/// and that the bound brackets the value.
fn check_interdict(args: &[&str], status: &str, methods: &[&str]) {
    let mut all = vec![
        "interdict",
        "--edges",
        GLPK,
        "--source",
        "1",
        "--sink",
        "9",
        "--json",
    ];
    all.extend_from_slice(args);
    let out = json(&cordon(&all));
    assert_eq!(out["status"], status, "{out}");
    let ran: Vec<&str> = out["chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| step["method"].as_str().unwrap())
        .collect();
    assert_eq!(ran, methods, "{out}");
    if status == "optimal" {
        assert_eq!(out["bound"], out["value"], "{out}");
        assert_eq!(out["gap"], 0.0);
    }
}

#[test]
fn interdict_reports_status_bound_and_chain() {
    let sp = ["--objective", "shortest-path", "--budget", "2"];
    let with = |extra: &[&'static str]| -> Vec<&str> { sp.iter().chain(extra).copied().collect() };
    check_interdict(
        &with(&["--time-limit", "30"]),
        "optimal",
        &["greedy", "path-branching"],
    );
    check_interdict(
        &with(&["--solver", "microlp", "--gap", "0.1"]),
        "optimal",
        &["greedy", "microlp"],
    );
    check_interdict(
        &with(&["--solver", "enumeration"]),
        "optimal",
        &["enumeration"],
    );
    let mf = [
        "--objective",
        "max-flow",
        "--budget",
        "1",
        "--time-limit",
        "30",
    ];
    check_interdict(&mf, "optimal", &["cut-branching"]);
    let mf_mip = [
        "--objective",
        "max-flow",
        "--budget",
        "1",
        "--solver",
        "microlp",
    ];
    check_interdict(&mf_mip, "optimal", &["greedy", "microlp"]);
    let base = [
        "interdict",
        "--edges",
        GLPK,
        "--source",
        "1",
        "--sink",
        "9",
        "--objective",
        "max-flow",
        "--budget",
        "1",
    ];
    let bad = |extra: &[&'static str]| -> Vec<&str> { base.iter().chain(extra).copied().collect() };
    check_refused(
        &bad(&["--time-limit", "0"]),
        "--time-limit must be a finite number of seconds > 0",
    );
    check_refused(
        &bad(&["--gap", "-0.5"]),
        "--gap must be a finite number >= 0",
    );
    check_refused(
        &bad(&["--solver", "auto-cplex"]),
        "unknown or not compiled in: `auto-cplex`",
    );
}
