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
