//! `cordon run`, `cordon compare` and `cordon merge`: a real `kill -9` then `--resume`, shards
//! merged by the binary, and exit code 2 with a clear message on bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use expect_test::{Expect, expect};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../experiment/tests/fixtures/small.toml")
}

fn cordon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(args)
        .output()
        .expect("the cordon binary runs")
}

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("cordon-cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir");
        TempDir(path)
    }

    fn join(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The result files of two directories are byte-identical.
fn check_same_files(a: &str, b: &str) {
    for file in [
        "runs.csv",
        "bands.csv",
        "failures.csv",
        "runs.parquet",
        "bands.parquet",
        "cuts.csv",
        "mean_field_links.csv",
        "mean_field_escapes.csv",
        "mean_field_events.csv",
    ] {
        let x = std::fs::read(Path::new(a).join(file)).expect("file");
        let y = std::fs::read(Path::new(b).join(file)).expect("file");
        assert!(x == y, "{file} differs between {a} and {b}");
    }
}

#[test]
fn kill_9_then_resume_equals_uninterrupted() {
    let tmp = TempDir::new("kill");
    let scenario = fixture().display().to_string();
    let (whole, killed) = (tmp.join("whole"), tmp.join("killed"));
    let common = ["compare", scenario.as_str(), "--reps", "400"];
    let mut args: Vec<&str> = common.to_vec();
    args.extend(["--threads", "2", "--out", whole.as_str()]);
    assert_success(&cordon(&args));
    // One thread, so that the run lasts long enough to be killed in the middle.
    let mut child = Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(common)
        .args(["--threads", "1", "--out", killed.as_str()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn cordon");
    let journal = Path::new(&killed).join("state/journal-000.log");
    let started = Instant::now();
    // Wait for a first chunk to be journaled, then SIGKILL.
    while std::fs::read(&journal).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count()) < 10 {
        assert!(started.elapsed() < Duration::from_secs(60), "no journal");
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("kill -9");
    child.wait().expect("wait");
    assert!(
        !Path::new(&killed).join("state/finished").exists(),
        "the run finished before it could be killed"
    );
    let mut args: Vec<&str> = common.to_vec();
    args.extend(["--out", killed.as_str(), "--resume"]);
    let resumed = cordon(&args);
    assert_success(&resumed);
    let text = String::from_utf8_lossy(&resumed.stdout);
    assert!(text.contains("Resumed: "), "{text}");
    check_same_files(&whole, &killed);
}

#[test]
fn shards_merged_by_the_binary() {
    let tmp = TempDir::new("merge");
    let scenario = fixture().display().to_string();
    let whole = tmp.join("whole");
    assert_success(&cordon(&[
        "compare", &scenario, "--reps", "12", "--out", &whole,
    ]));
    let mut dirs = Vec::new();
    for i in 0..3 {
        let dir = tmp.join(&format!("s{i}"));
        let shard = format!("{i}/3");
        assert_success(&cordon(&[
            "compare", &scenario, "--reps", "12", "--shard", &shard, "--out", &dir,
        ]));
        dirs.push(dir);
    }
    let merged = tmp.join("merged");
    let mut args = vec!["merge"];
    args.extend(dirs.iter().rev().map(String::as_str));
    args.extend(["--out", merged.as_str()]);
    assert_success(&cordon(&args));
    check_same_files(&whole, &merged);
}

/// Exit code 2, and this message on stderr (`$DIR` for the temporary directory).
fn check_bad_input(args: &[&str], dir: Option<&TempDir>, expected: Expect) {
    let output = cordon(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let stderr = match dir {
        Some(d) => stderr.replace(&d.0.display().to_string(), "$DIR"),
        None => stderr,
    };
    expected.assert_eq(&stderr);
}

#[test]
fn bad_input_exits_with_2() {
    let scenario = fixture().display().to_string();
    let s = scenario.as_str();
    check_bad_input(
        &["run", s, "--coa", "isolat", "--reps", "5"],
        None,
        expect![[r#"
        error: unknown course of action "isolat" (did you mean "isolate"?); the scenario has: isolate, pressure, hold
    "#]],
    );
    check_bad_input(
        &["compare", s, "--coas", "hold,presure"],
        None,
        expect![[r#"
        error: unknown course of action "presure" (did you mean "pressure"?); the scenario has: isolate, pressure, hold
    "#]],
    );
    check_bad_input(
        &["compare", s, "--reps", "0"],
        None,
        expect![[r#"
        error: --reps must be at least 1
    "#]],
    );
    check_bad_input(
        &["compare", s, "--reps", "10", "--shard", "3/2"],
        None,
        expect![[r#"
        error: bad shard "3/2": shard 3 does not exist among 2 (0 to 1) (expected i/n with 0 <= i < n, e.g. 0/4)
    "#]],
    );
    check_bad_input(
        &["compare", s, "--reps", "10", "--ci-width", "0"],
        None,
        expect![[r#"
        error: --ci-width must be a positive number (a fraction of the mean, e.g. 0.02), not 0
    "#]],
    );
    check_bad_input(
        &["compare", s, "--reps", "10", "--ci-width", "-1"],
        None,
        expect![[r#"
        error: --ci-width must be a positive number (a fraction of the mean, e.g. 0.02), not -1
    "#]],
    );
    check_bad_input(
        &["compare", s, "--reps", "10", "--ci-width", "inf"],
        None,
        expect![[r#"
        error: --ci-width must be a positive number (a fraction of the mean, e.g. 0.02), not inf
    "#]],
    );
    let tmp = TempDir::new("bad-merge");
    let (a, b) = (tmp.join("a"), tmp.join("b"));
    assert_success(&cordon(&[
        "compare", s, "--reps", "4", "--shard", "0/2", "--out", &a,
    ]));
    assert_success(&cordon(&[
        "compare", s, "--reps", "4", "--shard", "1/2", "--seed", "9", "--out", &b,
    ]));
    check_bad_input(
        &["merge", &a, &b, "--out", &tmp.join("m")],
        Some(&tmp),
        expect![[r#"
        error: cannot merge: $DIR/b has seed = 9 but $DIR/a has seed = 7: they are not shards of one experiment
    "#]],
    );
    check_bad_input(
        &["merge", &a, "--out", &tmp.join("m")],
        Some(&tmp),
        expect![[r#"
        error: cannot merge: missing shard 1/2
    "#]],
    );
}
