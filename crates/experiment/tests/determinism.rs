//! The same experiment gives byte-identical files whatever the threads, the shards and the
//! interruptions.

use std::io::Write as _;
use std::path::PathBuf;

use cordon_experiment::Shard;

use crate::util::{
    COMPARED, TempDir, check_same_results, crash, fixture, info, run, small, tear_last_line,
};

const REPS: u64 = 60;

#[test]
fn threads_do_not_change_results() {
    let s = fixture("small.toml");
    let tmp = TempDir::new("threads");
    let mut exp = small(&s, REPS);
    for threads in [1, 2] {
        exp.threads = threads;
        run(&exp, &tmp.join(&format!("t{threads}")), false);
    }
    check_same_results(&tmp.join("t1"), &tmp.join("t2"), &COMPARED);
}

#[test]
fn four_shards_merge_into_the_single_run() {
    let s = fixture("small.toml");
    let tmp = TempDir::new("shards");
    let exp = small(&s, REPS);
    run(&exp, &tmp.join("whole"), false);
    let mut dirs: Vec<PathBuf> = Vec::new();
    for i in [2, 0, 3, 1] {
        let mut shard = small(&s, REPS);
        shard.shard = Shard { index: i, count: 4 };
        let dir = tmp.join(&format!("shard{i}"));
        let report = run(&shard, &dir, false);
        assert_eq!(report.replications, REPS / 4);
        dirs.push(dir);
    }
    let merged = tmp.join("merged");
    let done = cordon_experiment::merge(&dirs, &merged, &info()).expect("merge");
    assert_eq!(done.rows, 3 * REPS);
    check_same_results(&tmp.join("whole"), &merged, &COMPARED);
}

fn check_resume_after(exp: &cordon_experiment::Experiment<'_>, tmp: &TempDir, limit: u64) {
    let whole = tmp.join("whole");
    run(exp, &whole, false);
    let dir = tmp.join("interrupted");
    crash(exp, &dir, limit);
    // A torn last line in one journal, half a line appended to another.
    tear_last_line(&dir.join("state/journal-000.log"));
    let mut journal = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.join("state/journal-001.log"))
        .expect("journal");
    journal.write_all(b"99\tok\t1,2,3").expect("append");
    drop(journal);
    let report = run(exp, &dir, true);
    assert!(report.resumed.units > 0, "{report:?}");
    assert_eq!(report.resumed.truncated, 2, "{report:?}");
    assert_eq!(report.resumed.units + report.units_run, 3 * REPS);
    check_same_results(&whole, &dir, &COMPARED);
    // Resuming a finished run redoes nothing and changes nothing.
    let again = run(exp, &dir, true);
    assert_eq!(again.units_run, 0);
    check_same_results(&whole, &dir, &COMPARED);
}

#[test]
fn interrupted_runs_resume_to_the_same_results() {
    let s = fixture("small.toml");
    let tmp = TempDir::new("resume");
    // One thread: chunks of 64 units; the crash comes in the second chunk, so the first is
    // journaled and the bands checkpoint is older than the journal.
    check_resume_after(&small(&s, REPS), &tmp, 100);
}

#[test]
fn interrupted_runs_resume_with_two_threads() {
    let s = fixture("small.toml");
    let tmp = TempDir::new("resume2");
    let mut exp = small(&s, REPS);
    exp.threads = 2;
    check_resume_after(&exp, &tmp, 70);
}
