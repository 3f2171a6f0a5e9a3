//! Helpers: fixture scenarios, small studies and fresh directories.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use cordon_engine::Mode;
use cordon_model::Scenario;
use cordon_sensitivity::{Method, Study};

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

/// A small study of `small.toml`'s two declared parameters: `n` points or trajectories,
/// `reps` stochastic replications per point (mean-field when `reps` is 0), few resamples.
pub fn small_study(s: &Scenario, method: Method, n: usize, reps: u64, threads: usize) -> Study {
    let mut study = Study::new(s, method, n, "fighters_total");
    if reps == 0 {
        study.mode = Mode::MeanField;
        study.reps = 1;
    } else {
        study.reps = reps;
    }
    study.threads = threads;
    study.bootstrap.resamples = 50;
    study
}

/// A fresh directory under Cargo's temporary directory for integration tests.
pub fn fresh_dir(name: &str) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "cordon-sensitivity-{}-{n}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(&path).expect("temp dir");
    path
}
