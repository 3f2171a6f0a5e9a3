//! `cordon optimize` as a job array (`--evaluate-shard i/n`, then `--advance`, per generation):
//! the directory ends byte-identical to a single run's, whatever the order of the tasks and a
//! task run twice; a missing task, another search's flags and a bad `i/n` exit 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use expect_test::{Expect, expect};

fn cordon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the cordon binary runs")
}

fn ok(args: &[&str]) -> String {
    let o = cordon(args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn dir(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("optimize-array-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    path
}

/// Every file under `dir` but the lock, by relative path, as bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("dir") {
            let path = entry.expect("entry").path();
            let name = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                stack.push(path);
            } else if name != ".cordon-lock" {
                out.push((name, std::fs::read(&path).expect("file")));
            }
        }
    }
    out.sort();
    out
}

/// The search of `flags`: a single run against 3 tasks per generation, run in the order 2, 0,
/// 1, 0 (task 0 twice: it reuses its file) with another thread count, then --advance. Every
/// file is the same bytes, the journal and manifest.json included (nothing in them depends on
/// how the evaluations were split).
fn check_array_equals_single_run(name: &str, flags: &[&str], generations: usize) {
    let single = dir(&format!("{name}-single"));
    let array = dir(&format!("{name}-array"));
    let with = |out: &Path, more: &[&str]| -> Vec<String> {
        let mut args = vec!["optimize".to_string()];
        args.extend(flags.iter().map(|s| s.to_string()));
        args.extend(["--out".to_string(), out.display().to_string()]);
        args.extend(more.iter().map(|s| s.to_string()));
        args
    };
    let run = |args: Vec<String>| ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    run(with(&single, &["--threads", "2"]));
    for g in 0..=generations {
        for i in [2, 0, 1, 0] {
            let task = format!("{i}/3");
            let said = run(with(&array, &["--threads", "1", "--evaluate-shard", &task]));
            assert!(
                said.contains(&format!(
                    "optimize: generation {g}, shard {i}/3: candidates"
                )),
                "{said}"
            );
        }
        let said = run(with(&array, &["--advance"]));
        if g < generations {
            assert!(
                said.contains(&format!("generation {}/{generations} waits", g + 1)),
                "{said}"
            );
        } else {
            assert!(said.contains("plans on the front after"), "{said}");
        }
    }
    let expected = files(&single);
    for file in [
        "pareto.csv",
        "convergence.csv",
        "courses.csv",
        "manifest.json",
        "journal.txt",
    ] {
        assert!(expected.iter().any(|(n, _)| n == file), "{file} missing");
    }
    assert!(expected.iter().any(|(n, _)| n.starts_with("plans/")));
    assert_eq!(
        files(&array).iter().map(|(n, _)| n).collect::<Vec<_>>(),
        expected.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        "the same files (pending/ is gone)"
    );
    assert!(files(&array) == expected, "{name}: a file differs");
    // Both steps run again once the search is complete: nothing to do, the same bytes.
    let said = run(with(&array, &["--evaluate-shard", "1/3"]));
    assert!(said.contains("is complete: nothing to evaluate"), "{said}");
    run(with(&array, &["--advance"]));
    assert!(
        files(&array) == expected,
        "{name}: --advance again changed a file"
    );
}

#[test]
fn an_array_search_ends_with_the_bytes_of_a_single_run() {
    // Three objectives (NSGA-III), stochastic, on common random numbers.
    check_array_equals_single_run(
        "stochastic",
        &[
            "--reps",
            "2",
            "--population",
            "8",
            "--generations",
            "2",
            "--seed",
            "5",
        ],
        2,
    );
    // Over sampled worlds, minimax regret.
    check_array_equals_single_run(
        "robust",
        &[
            "--objectives",
            "fighters_total,coalition_losses",
            "--mean-field",
            "--robust",
            "3",
            "--statistic",
            "regret",
            "--population",
            "6",
            "--generations",
            "1",
            "--seed",
            "9",
        ],
        1,
    );
}

/// Runs `cordon ARGS --out DIR`, expects exit 2 and its stderr (`DIR` for the directory,
/// `HASH` for the scenario's hash).
fn check_refused(out: &Path, args: &[&str], expect: Expect) {
    let mut all = args.to_vec();
    let out_str = out.display().to_string();
    all.extend(["--out", &out_str]);
    let o = cordon(&all);
    assert_eq!(o.status.code(), Some(2), "{args:?}");
    let stderr = String::from_utf8_lossy(&o.stderr).replace(&out_str, "DIR");
    // The scenario's hash changes with the embedded scenario: not this test's business.
    let words: Vec<&str> = stderr.split(' ').collect();
    let redacted: Vec<&str> = words
        .iter()
        .enumerate()
        .map(|(i, w)| match i.checked_sub(1).map(|p| words[p]) {
            Some("(scenario") => "HASH",
            _ => w,
        })
        .collect();
    expect.assert_eq(&redacted.join(" "));
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

const SMALL: &[&str] = &["--mean-field", "--population", "6", "--generations", "1"];

#[test]
fn a_missing_task_another_search_and_a_bad_slice_exit_2() {
    let out = dir("refused");
    let small = |more: &[&str]| -> Vec<String> {
        std::iter::once(&"optimize")
            .chain(SMALL)
            .chain(more)
            .map(|s| s.to_string())
            .collect()
    };
    let o = out.display().to_string();
    for task in ["0/3", "2/3"] {
        ok(&args(&small(&["--evaluate-shard", task, "--out", &o])));
    }
    check_refused(
        &out,
        &args(&small(&["--advance"])),
        expect![[r#"
            note: mean-field runs are deterministic: 1 run per candidate instead of 10 replications
            error: generation 0 is not evaluated in full: 1 of 3 task files missing: DIR/pending/gen-0/shard-1-of-3.txt; run those tasks (--evaluate-shard i/3) again, then --advance
        "#]],
    );
    // The other tasks' evaluations were made with another seed: refused, and named.
    check_refused(
        &out,
        &args(&small(&["--seed", "8", "--evaluate-shard", "0/3"])),
        expect![[r#"
            note: mean-field runs are deterministic: 1 run per candidate instead of 10 replications
            error: DIR/pending/gen-0/shard-0-of-3.txt holds the evaluations of another search (scenario HASH objectives fighters_total,coalition_losses,civilian_casualties population 6 generations 1 seed 20170301 epsilon relative 0.01 reps 1 mode MeanField robust none survival directions 2); this one is (scenario HASH objectives fighters_total,coalition_losses,civilian_casualties population 6 generations 1 seed 8 epsilon relative 0.01 reps 1 mode MeanField robust none survival directions 2): give every task and --advance the same FILE and flags
        "#]],
    );
    ok(&args(&small(&["--evaluate-shard", "1/3", "--out", &o])));
    ok(&args(&small(&["--advance", "--out", &o])));
    // Once journaled, a step with other flags is refused by the journal.
    let refused = cordon(&args(&small(&[
        "--algorithm",
        "nsga2",
        "--evaluate-shard",
        "0/3",
        "--out",
        &o,
    ])));
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("is the journal of another search"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    // The step run again after it journaled but before it removed the folded files (a kill
    // in between): it removes them and leaves generation 1 waiting.
    std::fs::create_dir_all(out.join("pending/gen-0")).unwrap();
    let again = cordon(&args(&small(&["--advance", "--out", &o])));
    assert_eq!(again.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("generation 0 was folded in already"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(!out.join("pending").exists());
    // No task has run for generation 1 yet.
    check_refused(
        &out,
        &args(&small(&["--advance"])),
        expect![[r#"
            note: mean-field runs are deterministic: 1 run per candidate instead of 10 replications
            error: generation 1 of the search in DIR has no evaluations yet (DIR/pending/gen-1 holds none): run its tasks (--evaluate-shard i/n for i in 0..n), then --advance
        "#]],
    );
    for (task, expect) in [
        (
            "3/2",
            expect![[r#"
                error: bad shard "3/2": shard 3 does not exist among 2 (0 to 1) (expected i/n with 0 <= i < n, e.g. 0/4)
            "#]],
        ),
        (
            "0/0",
            expect![[r#"
                error: bad shard "0/0": the count must be at least 1 (expected i/n with 0 <= i < n, e.g. 0/4)
            "#]],
        ),
        (
            "garbage",
            expect![[r#"
                error: bad shard "garbage": no "/" between the shard and the count (expected i/n with 0 <= i < n, e.g. 0/4)
            "#]],
        ),
    ] {
        check_refused(&out, &args(&small(&["--evaluate-shard", task])), expect);
    }
    let both = cordon(&args(&small(&["--advance", "--resume", "--out", &o])));
    assert_eq!(both.status.code(), Some(2));
}
