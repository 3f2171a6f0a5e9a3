//! `cordon prim`: scenario discovery on a CSV, its JSON (the whole trajectory, equal to the
//! library's), its table, and its input errors (exit code 2).

use std::process::{Command, Output};

const DATA: &str = "../sa/tests/fixtures/ema/bryant_lempert_2010.csv";
const X: &str = "Cellulosic cost,Total biomass,Feedstock distribution,Cellulosic yield,Oil elasticity,Demand elasticity,Electricity coproduction,oil supply shift,Biomass backstop price";

fn cordon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the cordon binary runs")
}

#[test]
fn json_carries_the_whole_trajectory_and_the_chosen_box() {
    let out = cordon(&[
        "prim",
        "--data",
        DATA,
        "--y",
        "Greater than 90%",
        "--x",
        X,
        "--peel-alpha",
        "0.1",
        "--json",
        "--cart",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = std::fs::read_to_string(format!("{}/{DATA}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let table = cordon_sa::parse_table(&text).unwrap();
    let x: Vec<String> = X.split(',').map(String::from).collect();
    let data = table
        .dataset("Greater than 90%", cordon_sa::Classify::Boolean, &x)
        .unwrap();
    let options = cordon_sa::PrimOptions {
        peel_alpha: 0.1,
        ..Default::default()
    };
    let want = cordon_sa::prim(&data, &options).unwrap();
    let want: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&want).unwrap()).unwrap();
    assert_eq!(got["prim"], want);
    assert_eq!(got["prim"]["trajectory"].as_array().unwrap().len(), 28);
    assert_eq!(got["prim"]["chosen"], 22);
    assert_eq!(got["stability"].as_array().unwrap().len(), 9);
    assert_eq!(got["cart"]["nodes"].as_array().unwrap().len(), 15);
}

#[test]
fn a_numeric_outcome_is_classified_and_the_box_is_printed() {
    let out = cordon(&[
        "prim",
        "--data",
        DATA,
        "--y",
        "Incremental cost",
        "--above",
        "245",
        "--x",
        "Total biomass,Demand elasticity",
        "--threshold",
        "0.5",
        "--resamples",
        "0",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("cases of interest Incremental cost > 245"),
        "{stdout}"
    );
    assert!(
        stdout.contains("peeling and pasting trajectory"),
        "{stdout}"
    );
}

#[test]
fn bad_input_exits_2_with_a_message() {
    for (args, needle) in [
        (vec!["--y", "nope"], "no column `nope`"),
        (vec!["--y", "renew req %"], "neither 0 nor 1"),
        (
            vec!["--y", "Greater than 90%", "--peel-alpha", "1.5"],
            "peel_alpha must lie strictly between 0 and 1",
        ),
        (vec!["--y", "Greater than 90%", "--box", "999"], "--box 999"),
    ] {
        let mut all = vec!["prim", "--data", DATA];
        all.extend(args);
        let out = cordon(&all);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{all:?}: {stderr}");
        assert!(stderr.contains(needle), "{all:?}: {stderr}");
    }
}
