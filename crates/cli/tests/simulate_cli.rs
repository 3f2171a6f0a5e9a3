//! `cordon simulate` and `cordon report`: the files a campaign writes, and bad input.

use std::path::PathBuf;
use std::process::{Command, Output};

fn cordon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the cordon binary runs")
}

fn out_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn a_campaign_writes_its_trajectory_events_and_resolved_scenario() {
    let dir = out_dir("simulate-iwo-jima");
    let out = cordon(&[
        "simulate",
        "../../scenarios/examples/iwo-jima.toml",
        "--mean-field",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("branch in iwo-jima decisively defeated"),
        "{stdout}"
    );

    let trajectory = std::fs::read_to_string(dir.join("trajectory.csv")).expect("trajectory.csv");
    let header: Vec<&str> = trajectory.lines().next().unwrap().split(',').collect();
    for column in [
        "step",
        "day",
        "region",
        "fighters",
        "posture",
        "coalition_engaged",
        "coalition_losses",
        "territory_km2",
    ] {
        assert!(header.contains(&column), "trajectory.csv has {column}");
    }
    // Day 0 plus 160 half-day steps, one region.
    assert_eq!(trajectory.lines().count(), 1 + 161);

    let events = std::fs::read_to_string(dir.join("events.jsonl")).expect("events.jsonl");
    for line in events.lines() {
        let e: serde_json::Value = serde_json::from_str(line).expect("one JSON object per line");
        assert!(
            e["day"].is_number() && e["kind"].is_string() && e["cause"].is_string(),
            "{line}"
        );
    }
    assert!(events.contains("\"region_defeated\""));

    let resolved = std::fs::read(dir.join("scenario.toml")).expect("scenario.toml");
    cordon_model::parse("scenario.toml", &resolved)
        .expect("the resolved scenario is a valid scenario");
}

#[test]
fn an_unknown_course_of_action_is_bad_input_with_a_hint() {
    let out = cordon(&[
        "simulate",
        "--coa",
        "two-prongs",
        "--out",
        out_dir("simulate-bad").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("did you mean \"two-prong\""), "{stderr}");
}

#[test]
fn a_report_of_a_directory_without_results_is_bad_input() {
    let dir = out_dir("report-empty");
    std::fs::create_dir_all(&dir).unwrap();
    let out = cordon(&["report", dir.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let missing = cordon(&["report", out_dir("report-missing").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
}
