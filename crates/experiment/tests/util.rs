//! Helpers: fixtures, temporary directories, running experiments, comparing files.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use cordon_experiment::{Experiment, NoProgress, Progress, RunInfo, RunReport};
use cordon_model::{CoaId, Scenario};

/// A scenario of `tests/fixtures/`.
pub fn fixture(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let bytes = std::fs::read(&path).expect("fixture exists");
    match cordon_model::parse(name, &bytes) {
        Ok(s) => s,
        Err(d) => panic!("fixture {name} is invalid:\n{d}"),
    }
}

/// A directory removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "cordon-experiment-{}-{n}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every course of action of the small fixture, `reps` replications, one thread.
pub fn small(s: &Scenario, reps: u64) -> Experiment<'_> {
    let coas = (0..s.coas().len()).map(CoaId::from_index).collect();
    let mut exp = Experiment::new(s, coas, reps);
    exp.threads = 1;
    exp
}

pub fn info() -> RunInfo {
    RunInfo::now(vec!["tests".into()], 1)
}

pub fn run(exp: &Experiment<'_>, dir: &Path, resume: bool) -> RunReport {
    match cordon_experiment::run(exp, dir, resume, &info(), &NoProgress) {
        Ok(report) => report,
        Err(e) => panic!("run into {} failed: {e}", dir.display()),
    }
}

/// The result files compared byte for byte.
pub const COMPARED: [&str; 9] = [
    "runs.csv",
    "bands.csv",
    "failures.csv",
    "runs.parquet",
    "bands.parquet",
    "cuts.csv",
    "mean_field_links.csv",
    "mean_field_escapes.csv",
    "mean_field_events.csv",
];

/// Asserts that two results directories hold byte-identical `files`, and manifests that
/// differ only in their `run` part.
pub fn check_same_results(a: &Path, b: &Path, files: &[&str]) {
    for file in files {
        let x = std::fs::read(a.join(file)).expect("file a");
        let y = std::fs::read(b.join(file)).expect("file b");
        if x != y {
            let first = x
                .iter()
                .zip(&y)
                .position(|(p, q)| p != q)
                .unwrap_or(x.len().min(y.len()));
            panic!(
                "{file} differs between {} and {} ({} vs {} bytes, first difference at byte {first})",
                a.display(),
                b.display(),
                x.len(),
                y.len()
            );
        }
    }
    assert_eq!(manifest_without_run(a), manifest_without_run(b));
}

/// `manifest.json` without its `run` object (command line, host, times, threads).
pub fn manifest_without_run(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("manifest.json")).expect("manifest");
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("manifest is JSON");
    let run = value.as_object_mut().and_then(|o| o.remove("run"));
    assert!(run.is_some(), "manifest has a run object");
    value
}

/// Replaces a temporary directory's path with `$DIR` in a message.
pub fn redact(message: &str, dir: &Path) -> String {
    message.replace(&dir.display().to_string(), "$DIR")
}

/// Stops the process "abruptly" after `limit` units: the worker panics, as a crash would,
/// leaving the journal and the checkpoint as they were on disk.
pub struct CrashAfter {
    done: AtomicU64,
    limit: u64,
}

impl Progress for CrashAfter {
    fn advance(&self, n: u64) {
        if self.done.fetch_add(n, Ordering::SeqCst) + n > self.limit {
            panic!("simulated crash");
        }
    }
}

pub fn crash(exp: &cordon_experiment::Experiment<'_>, dir: &Path, limit: u64) {
    let progress = CrashAfter {
        done: AtomicU64::new(0),
        limit,
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        cordon_experiment::run(exp, dir, false, &info(), &progress)
    }));
    assert!(result.is_err(), "the run was meant to be interrupted");
    assert!(!dir.join("state/finished").exists());
}

/// Cuts a file in the middle of its last line, as a torn write would.
pub fn tear_last_line(path: &Path) {
    let bytes = std::fs::read(path).expect("journal");
    let body = &bytes[..bytes.len() - 1];
    let start = body.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let cut = start + (bytes.len() - start) / 2;
    std::fs::write(path, &bytes[..cut]).expect("tear");
}
