//! Helpers: fixture scenarios, small explorations run into fresh directories.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use cordon_engine::Mode;
use cordon_experiment::{Better, NoProgress};
use cordon_explore::robust::parse_thresholds;
use cordon_explore::store::{self, Finished, Plan, Settings};
use cordon_explore::{Explore, Sampler, Shard};
use cordon_model::{CoaId, Scenario};
use cordon_sa::PrimOptions;

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

/// A fresh directory under Cargo's temporary directory for integration tests.
pub fn fresh_dir(name: &str) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("cordon-explore-{}-{n}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(&path).expect("temp dir");
    path
}

/// Every course of `s`, `worlds` worlds, `reps` replications (mean-field when 0).
pub fn exploration(
    s: &Scenario,
    worlds: usize,
    reps: u64,
    threads: usize,
    shard: Shard,
) -> Explore<'_> {
    Explore {
        scenario: s,
        coas: (0..s.coas().len()).map(CoaId::from_index).collect(),
        worlds,
        sampler: Sampler::Lhs,
        reps: reps.max(1),
        seed: 11,
        mode: if reps == 0 {
            Mode::MeanField
        } else {
            Mode::Stochastic
        },
        threads,
        shard,
    }
}

/// Analysis settings: `metrics` (all "lower is better"), thresholds, PRIM's density threshold.
pub fn settings(metrics: &[&str], satisfice: &str, density: f64) -> Settings {
    Settings {
        metrics: metrics
            .iter()
            .map(|m| (m.to_string(), Better::Lower))
            .collect(),
        thresholds: parse_thresholds(satisfice).unwrap(),
        prim: PrimOptions {
            threshold: density,
            ..PrimOptions::default()
        },
    }
}

/// Runs an exploration into `dir` (resuming when asked) and writes its files.
pub fn explore_into(
    explore: &Explore<'_>,
    dir: &Path,
    resume: bool,
    settings: &Settings,
) -> Finished {
    let prep = cordon_explore::prepare(explore).unwrap();
    let plan = Plan::of(&prep);
    let (mut journal, done) = store::open(dir, &plan, resume).unwrap();
    let ids = prep.coa_ids();
    let range = prep.range();
    cordon_explore::run(
        &prep,
        range.start + done..range.end,
        &NoProgress,
        &mut |r| journal.append(r, &ids),
    )
    .unwrap();
    store::finish(dir, &prep, &plan, settings).unwrap()
}

/// The files of a directory (not `state/`), name and bytes, in name order.
pub fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Rows of a CSV file (header first), split on commas (the test files hold no quoted comma).
pub fn csv(dir: &Path, name: &str) -> Vec<Vec<String>> {
    std::fs::read_to_string(dir.join(name))
        .unwrap()
        .lines()
        .map(|l| l.split(',').map(String::from).collect())
        .collect()
}
