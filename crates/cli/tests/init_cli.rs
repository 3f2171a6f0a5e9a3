//! `cordon init NAME`, `completions` and `man`: the starter scenario passes `check`, `simulate`
//! and `compare`, an existing file is never overwritten, completions and the manual page are
//! generated from the CLI definition.

use std::path::Path;
use std::process::{Command, Output};

fn cordon_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("cordon runs")
}

#[track_caller]
fn check_ok(output: &Output, what: &str) {
    assert!(
        output.status.success(),
        "{what}: exit {:?}\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_starter_scenario_checks_simulates_and_compares() {
    let dir = std::env::temp_dir().join(format!("cordon-init-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    check_ok(&cordon_in(&dir, &["init", "my-war"]), "init");
    let text = std::fs::read_to_string(dir.join("my-war.toml")).unwrap();
    assert!(text.contains("name = \"my-war\""));
    check_ok(&cordon_in(&dir, &["check", "my-war.toml"]), "check");
    check_ok(
        &cordon_in(
            &dir,
            &["simulate", "my-war.toml", "--mean-field", "--out", "sim"],
        ),
        "simulate",
    );
    let compare = cordon_in(
        &dir,
        &[
            "compare",
            "my-war.toml",
            "--reps",
            "4",
            "--worlds",
            "4",
            "--no-report",
            "--out",
            "cmp",
        ],
    );
    check_ok(&compare, "compare");
    assert!(String::from_utf8_lossy(&compare.stdout).contains("Verdict:"));
    // A second init never overwrites.
    let again = cordon_in(&dir, &["init", "my-war"]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.join("my-war.toml")).unwrap(),
        text
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn completions_and_the_manual_page_are_generated() {
    let dir = std::env::temp_dir();
    for shell in ["bash", "zsh", "fish"] {
        let out = cordon_in(&dir, &["completions", shell]);
        check_ok(&out, shell);
        assert!(String::from_utf8_lossy(&out.stdout).contains("factorial"));
    }
    let man = cordon_in(&dir, &["man"]);
    check_ok(&man, "man");
    assert!(String::from_utf8_lossy(&man.stdout).starts_with(".ie"));
    assert_eq!(
        cordon_in(&dir, &["completions", "nosuch"]).status.code(),
        Some(2)
    );
}
