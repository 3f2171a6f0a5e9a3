//! `Stop::HalfWidth` (`--ci-width`): replications are added in batches until the headline
//! outcome's relative half-width is below the target, up to the ceiling.

use cordon_experiment::{HEADLINE_OUTCOME, Stop, StopReason, read_runs_csv};

use crate::util::{COMPARED, TempDir, check_same_results, crash, fixture, run, small};

/// Runs with `--ci-width relative` in batches of `batch` up to `ceiling`, and checks the
/// reported stop against the half-widths recomputed from runs.csv.
fn check_adaptive(relative: f64, batch: u64, ceiling: u64, expect_converged: bool, crash_at: u64) {
    let s = fixture("small.toml");
    let tmp = TempDir::new("adaptive");
    let mut exp = small(&s, ceiling);
    exp.stop = Stop::HalfWidth { relative, batch };
    let report = run(&exp, tmp.path(), false);
    assert_eq!(report.replications % batch, 0, "{report:?}");
    assert!(report.replications <= ceiling);
    let runs = read_runs_csv(tmp.path()).expect("runs.csv");
    let column = runs
        .names
        .iter()
        .position(|n| n == HEADLINE_OUTCOME)
        .expect("column");
    let widths: Vec<f64> = (0..runs.coas.len())
        .map(|c| {
            let mut m = cordon_experiment::stats::Moments::default();
            for row in runs.rows.iter().filter(|r| r.coa == c) {
                m.push(row.values[column]);
            }
            assert_eq!(m.n(), report.replications);
            m.interval().half_width() / m.mean().abs()
        })
        .collect();
    let worst = widths.iter().copied().fold(0.0, f64::max);
    match &report.stop {
        StopReason::Converged { worst: w, .. } => {
            assert!(expect_converged, "{report:?}");
            assert!(worst < relative && (worst - w).abs() < 1e-12, "{widths:?}");
        }
        StopReason::Ceiling { worst: w, .. } => {
            assert!(!expect_converged, "{report:?}");
            assert_eq!(report.replications, ceiling);
            assert!(worst >= relative && (worst - w).abs() < 1e-12, "{widths:?}");
        }
        StopReason::Fixed => panic!("an adaptive run reported a fixed stop"),
    }
    // Interrupted after `crash_at` units and resumed, the adaptive experiment decides the same
    // and writes the same files.
    let again = TempDir::new("adaptive-again");
    crash(&exp, again.path(), crash_at);
    let resumed = run(&exp, again.path(), true);
    assert_eq!(resumed.stop, report.stop);
    check_same_results(tmp.path(), again.path(), &COMPARED);
}

#[test]
fn stops_when_the_interval_is_narrow_enough() {
    // Total fighters vary by about 1% between replications: 0.5% is reached in a few batches.
    // One thread, chunks of 64: the crash after 99 units comes after the first batch (30 units,
    // checkpointed) and a first chunk of the second (journaled, not yet checkpointed).
    check_adaptive(0.005, 10, 200, true, 99);
}

#[test]
fn stops_at_the_ceiling() {
    check_adaptive(1e-6, 10, 30, false, 35);
}
