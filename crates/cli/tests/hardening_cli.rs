//! Issue 16's hardening: every size from input bounded before anything is allocated (exit 2
//! with the key or flag, the estimate and the limit), one writer per results directory, exit
//! codes that mean what they say, and escaped terminal output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn small() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../experiment/tests/fixtures/small.toml")
        .display()
        .to_string()
}

fn cordon_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the cordon binary runs")
}

/// A fresh working directory for one test.
fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cordon-hardening-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit code 2, and stderr holds every needle.
fn refused(o: &Output, needles: &[&str]) {
    assert_eq!(
        o.status.code(),
        Some(2),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&o.stdout),
        stderr(o)
    );
    for needle in needles {
        assert!(
            stderr(o).contains(needle),
            "no {needle:?} in:\n{}",
            stderr(o)
        );
    }
}

#[test]
fn travel_times_of_1e308_and_1e12_days_exit_2_at_the_key() {
    let dir = workdir("travel");
    let file = fixture("travel_time_too_long.toml").display().to_string();
    for command in ["check", "simulate", "show"] {
        let o = cordon_in(&dir, &[command, &file]);
        refused(
            &o,
            &[
                "travel_time_too_long.toml:18:15",
                "travel_time_too_long.toml:26:15",
                "1e308 steps",
                "1000000000000 steps",
                "at most 1,000,000 steps",
            ],
        );
    }
}

#[test]
fn thousands_of_threads_are_refused_at_once() {
    let dir = workdir("threads");
    let small = small();
    let o = cordon_in(
        &dir,
        &["run", &small, "--threads", "100000", "--out", "out"],
    );
    refused(&o, &["--threads 100000", "at most"]);
    assert!(!dir.join("out").exists(), "nothing is written");
    let o = cordon_in(
        &dir,
        &[
            "sensitivity",
            "--method",
            "lhs",
            "--n",
            "8",
            "--metric",
            "fighters_total",
            "--threads",
            "100000",
        ],
    );
    refused(&o, &["--threads 100000", "at most"]);
}

#[test]
fn replications_near_u64_max_are_refused_at_once() {
    let dir = workdir("reps");
    let small = small();
    for reps in ["18446744073709551615", "2635249153387078803"] {
        let o = cordon_in(&dir, &["compare", &small, "--reps", reps, "--out", "out"]);
        refused(&o, &[&format!("--reps {reps}"), "at most 1099511627776"]);
    }
    assert!(!dir.join("out").exists(), "nothing is written");
    let o = cordon_in(
        &dir,
        &[
            "sensitivity",
            "--method",
            "lhs",
            "--n",
            "8",
            "--metric",
            "fighters_total",
            "--reps",
            "2305843009213693952",
        ],
    );
    refused(&o, &["--reps 2305843009213693952", "campaigns"]);
}

#[test]
fn a_design_of_2_pow_28_rows_is_refused_at_once() {
    let dir = workdir("design");
    let params = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/params.txt");
    let params = params.display().to_string();
    for method in ["sobol", "morris", "lhs"] {
        let o = cordon_in(
            &dir,
            &[
                "sa",
                "sample",
                "--method",
                method,
                "--params",
                &params,
                "--n",
                "268435456",
            ],
        );
        refused(&o, &["--n 268435456", "cells", "at most 33554432 cells"]);
        assert!(o.stdout.is_empty(), "no design is written");
    }
}

/// Waits until the lock file of `dir` names a holder (the first writer has started).
fn wait_for_holder(dir: &Path, child: &mut std::process::Child) -> String {
    let lock = dir.join(".cordon-lock");
    for _ in 0..6000 {
        if let Ok(text) = std::fs::read_to_string(&lock)
            && text.contains("command")
        {
            return text;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the first writer ended ({status}) before it was seen holding the lock");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the first writer never took the lock");
}

#[test]
fn a_second_writer_to_one_directory_exits_2_naming_the_first() {
    let dir = workdir("lock");
    let small = small();
    // A first writer that runs long enough to be caught in the act.
    let mut first = Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(["compare", &small, "--reps", "1000000", "--threads", "1"])
        .args(["--seed", "1", "--out", "out", "--no-report"])
        .current_dir(&dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the first writer starts");
    let record = wait_for_holder(&dir.join("out"), &mut first);
    // The lock comes first; under load the writer may not have recorded its plan yet, and a
    // directory with no plan holds no experiment to protect (the last check below needs one).
    for _ in 0..6000 {
        if dir.join("out/state/plan.json").exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(
        dir.join("out/state/plan.json").exists(),
        "the first writer never wrote its plan"
    );
    let pid = format!("pid {}", first.id());
    assert!(record.contains(&pid), "{record}");
    let attempts: [&[&str]; 4] = [
        &["run", &small, "--seed", "2", "--out", "out"],
        &[
            "compare", &small, "--reps", "1000000", "--resume", "--out", "out",
        ],
        &["report", "out"],
        &["merge", "elsewhere", "--out", "out"],
    ];
    for args in attempts {
        let o = cordon_in(&dir, args);
        refused(&o, &["is being written by", &pid, "cordon", "compare"]);
    }
    // A reader (a merge's shard) cannot start while it is written either.
    let o = cordon_in(&dir, &["merge", "out", "--out", "merged"]);
    refused(&o, &["is being written by", &pid]);
    first.kill().expect("kill the first writer");
    first.wait().expect("it ends");
    // Its lock ends with it: the interrupted run can be resumed.
    let o = cordon_in(
        &dir,
        &[
            "compare", &small, "--reps", "1000000", "--seed", "1", "--out", "out",
        ],
    );
    refused(&o, &["unfinished experiment"]);
}

#[test]
fn failed_replications_exit_1_with_the_count_and_the_first_located() {
    let dir = workdir("failures");
    // A branch of 1e308 fighters passes validation but overflows on the first step.
    std::fs::copy(fixture("overflow.toml"), dir.join("broken.toml")).expect("fixture");
    // `check` runs the first steps of every course and says so at the key, like every other
    // diagnostic.
    let o = cordon_in(&dir, &["check", "broken.toml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    expect_test::expect![[r#"
        error: the engine cannot run course of action isolate: a non-finite value in fighters[core] at step 0 (mean-field)
          --> broken.toml:68:12
           |
        68 | fighters = 1e308
           |            ^^^^^
           = at: branch.core-branch.fighters
           = hint: this is the most extreme value written for what fighters[core] depends on; a value this large (or small) overflows to infinity

    "#]]
    .assert_eq(&stderr(&o));
    // Each failed replication names the scenario key behind it, at file:line:column.
    let behind = "the most extreme value behind it: `branch.core-branch.fighters` = 1e308 at broken.toml:68:12";
    for (command, units) in [("run", 5), ("compare", 15)] {
        let o = cordon_in(
            &dir,
            &[command, "broken.toml", "--reps", "5", "--out", command],
        );
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let err = stderr(&o);
        let count = format!("{units} of {units} replications failed");
        for needle in [
            count.as_str(),
            "the first: course of action",
            "replication 0",
            "non-finite value in rate of kills at step 0",
            behind,
        ] {
            assert!(err.contains(needle), "no {needle:?} in:\n{err}");
        }
        // What ran is written: the failures, with the manifest that counts them.
        let failures =
            std::fs::read_to_string(dir.join(command).join("failures.csv")).expect("failures");
        assert!(failures.lines().count() > 1, "{failures}");
        assert!(failures.contains(behind), "{failures}");
        assert!(dir.join(command).join("manifest.json").exists());
    }
    // A single campaign says the same.
    let o = cordon_in(
        &dir,
        &[
            "simulate",
            "broken.toml",
            "--coa",
            "isolate",
            "--out",
            "sim",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains(behind), "{}", stderr(&o));
}

#[test]
fn an_endless_stream_and_a_fifo_without_writer_are_refused() {
    let dir = workdir("streams");
    let o = cordon_in(&dir, &["check", "/dev/zero"]);
    refused(&o, &["/dev/zero goes on past 64 MiB"]);
    let fifo = dir.join("pipe.toml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let o = cordon_in(&dir, &["check", "pipe.toml"]);
        refused(&o, &["nothing arrived from pipe.toml", "no writer"]);
    }
}

#[test]
fn control_characters_from_input_are_escaped_and_errors_said_once() {
    let dir = workdir("escape");
    let text = std::fs::read_to_string(small()).expect("fixture");
    let hostile = text.replacen(
        "name = \"experiment-small\"",
        "name = \"\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\"",
        1,
    );
    assert_ne!(text, hostile);
    std::fs::write(dir.join("hostile.toml"), hostile).expect("write");
    let o = cordon_in(&dir, &["show", "hostile.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let shown = String::from_utf8_lossy(&o.stdout);
    assert!(
        shown.contains("\\x1b]0;pwned\\x07\\x1b[2J\\u{9b}31m"),
        "{shown}"
    );
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{9b}'));
    // An argument with an escape sequence, echoed in an error.
    let o = cordon_in(&dir, &["check", "\u{1b}[31mred.toml"]);
    refused(&o, &["\\x1b[31mred.toml"]);
    assert!(!stderr(&o).contains('\u{1b}'), "{}", stderr(&o));
    // An I/O error says its cause once: `state` is a file where the store wants a directory.
    std::fs::create_dir_all(dir.join("out")).expect("out");
    std::fs::write(dir.join("out/state"), "").expect("state file");
    let o = cordon_in(&dir, &["run", &small(), "--reps", "2", "--out", "out"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stderr(&o).matches("(os error").count(), 1, "{}", stderr(&o));
}
