//! `cordon optimize`: progress per generation, the Pareto table, its files, a plan snippet
//! that `cordon check` accepts once spliced into the scenario; bad input exits 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SQUARE_LAW: &str = "../optimize/tests/fixtures/square-law.toml";

fn cordon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the cordon binary runs")
}

fn dir(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("optimize-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    path
}

#[test]
fn optimize_finds_concentration_and_writes_plans_that_check() {
    let out = dir("square-law");
    let o = cordon(&[
        "optimize",
        SQUARE_LAW,
        "--objectives",
        "fighters_total,coalition_losses",
        "--mean-field",
        "--generations",
        "3",
        "--population",
        "8",
        "--out",
        out.to_str().unwrap(),
    ]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("generation 3/3: 32 evaluations, hypervolume"),
        "{stderr}"
    );
    assert!(
        stdout.contains("plan-01: destruction=concentrate"),
        "{stdout}"
    );
    for file in [
        "pareto.csv",
        "convergence.csv",
        "manifest.json",
        "plans/plan-01.toml",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let csv = std::fs::read_to_string(out.join("pareto.csv")).unwrap();
    assert!(
        csv.starts_with("plan,destruction,order,containment,fighters_total,coalition_losses\n"),
        "{csv}"
    );
    // The report of the directory: the trade-off charts and where the course sits.
    let o = cordon(&["report", out.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(page.contains("Plans on the front"), "report");
    assert!(page.contains("split (by plan-01)"), "report");
    assert!(out.join("charts/tradeoff-1-2.svg").is_file());
    // The snippet, pasted into the scenario, passes `cordon check`.
    let scenario =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SQUARE_LAW)).unwrap();
    let snippet = std::fs::read_to_string(out.join("plans/plan-01.toml")).unwrap();
    let spliced = out.join("spliced.toml");
    std::fs::write(&spliced, format!("{scenario}\n{snippet}")).unwrap();
    let o = cordon(&["check", spliced.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("2 courses of action"));
}

#[test]
fn bad_input_exits_2() {
    let out = dir("bad");
    let o_str = out.to_str().unwrap();
    let cases: &[&[&str]] = &[
        &[
            "optimize",
            SQUARE_LAW,
            "--objectives",
            "fighters_totl,coalition_losses",
            "--out",
            o_str,
        ],
        &[
            "optimize",
            SQUARE_LAW,
            "--objectives",
            "fighters_total",
            "--out",
            o_str,
        ],
        &["optimize", SQUARE_LAW, "--population", "7", "--out", o_str],
        &[
            "optimize",
            "../explore/tests/fixtures/small.toml",
            "--out",
            o_str,
        ],
        &["optimize", SQUARE_LAW, "--robust", "1", "--out", o_str],
    ];
    for args in cases {
        let o = cordon(args);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let o = cordon(cases[0]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `fighters_total`"));
}
