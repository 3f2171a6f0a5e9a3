//! `cordon sa analyze` streams the design: the same indices as the in-memory analysis, and
//! layout errors that point at the file's line.

use std::process::{Command, Output};

const FIXTURES: &str = "../sa/tests/fixtures";

fn cordon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the cordon binary runs")
}

fn fixture(rel: &str) -> String {
    format!("{FIXTURES}/{rel}")
}

/// `sa analyze --method sobol --json` on a design and its outputs, against the library's
/// in-memory `analyze_sobol` on the same files (every index, bit for bit).
fn check_sobol(params: &str, design: &str, outputs: &str) {
    let out = cordon(&[
        "sa",
        "analyze",
        "--method",
        "sobol",
        "--params",
        &fixture(params),
        "--design",
        &fixture(design),
        "--outputs",
        &fixture(outputs),
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let read = |rel: &str| std::fs::read_to_string(fixture(rel)).unwrap();
    let space = cordon_sa::parse_param_file(&read(params)).unwrap();
    let whole = cordon_sa::parse_design_csv(&read(design), &space).unwrap();
    let column = cordon_sa::OutputColumn::Only;
    let y = cordon_sa::parse_outputs_csv(&read(outputs), &column, Some(whole.rows())).unwrap();
    let cfg = cordon_sa::BootstrapConfig::default();
    let want = cordon_sa::analyze_sobol(&space, &whole, &y, &cfg).unwrap();
    // Both sides go through the same shortest-digits text, so parsing rounds them alike.
    let text = serde_json::to_string(&want).unwrap();
    let mut want: serde_json::Value = serde_json::from_str(&text).unwrap();
    want["schema"] = "cordon-sa-sobol/1".into();
    assert_eq!(got, want);
}

#[test]
fn streamed_sobol_analysis_equals_the_in_memory_one() {
    check_sobol(
        "salib/params_g.txt",
        "salib/sobol_design.csv",
        "salib/sobol_outputs.csv",
    );
}

#[test]
fn a_broken_saltelli_block_points_at_its_line() {
    let out = cordon(&[
        "sa",
        "analyze",
        "--method",
        "sobol",
        "--params",
        &fixture("salib/params_g.txt"),
        "--design",
        &fixture("bad/saltelli_broken.csv"),
        "--outputs",
        &fixture("salib/sobol_outputs.csv"),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("saltelli_broken.csv:5: "), "{stderr}");
}
