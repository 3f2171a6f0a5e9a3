//! Bad input gives a clear error (exit code 2 in the CLI), never a panic.

use std::path::Path;

use cordon_experiment::{ExperimentError, Shard, Stop, merge};
use expect_test::{Expect, expect};

use crate::util::{TempDir, crash, fixture, info, redact, run, small};

/// The error is bad input, with this message (`$DIR` for the temporary directory).
fn check_error<T: std::fmt::Debug>(
    result: Result<T, ExperimentError>,
    dir: Option<&Path>,
    expected: Expect,
) {
    let err = result.expect_err("an error");
    assert!(err.is_bad_input(), "{err:?} should be bad input");
    let message = err.to_string();
    expected.assert_eq(&dir.map_or(message.clone(), |d| redact(&message, d)));
}

#[test]
fn bad_shards() {
    let here = None;
    check_error(
        Shard::parse("3/2"),
        here,
        expect![[
            r#"bad shard "3/2": shard 3 does not exist among 2 (0 to 1) (expected i/n with 0 <= i < n, e.g. 0/4)"#
        ]],
    );
    check_error(
        Shard::parse("4/4"),
        here,
        expect![[
            r#"bad shard "4/4": shard 4 does not exist among 4 (0 to 3) (expected i/n with 0 <= i < n, e.g. 0/4)"#
        ]],
    );
    check_error(
        Shard::parse("1/0"),
        here,
        expect![[
            r#"bad shard "1/0": the count must be at least 1 (expected i/n with 0 <= i < n, e.g. 0/4)"#
        ]],
    );
    check_error(
        Shard::parse("two/4"),
        here,
        expect![[
            r#"bad shard "two/4": the shard is not a whole number (expected i/n with 0 <= i < n, e.g. 0/4)"#
        ]],
    );
    check_error(
        Shard::parse("2"),
        here,
        expect![[
            r#"bad shard "2": no "/" between the shard and the count (expected i/n with 0 <= i < n, e.g. 0/4)"#
        ]],
    );
    assert_eq!(
        Shard::parse(" 3/4").ok(),
        Some(Shard { index: 3, count: 4 })
    );
}

#[test]
fn bad_experiments() {
    let s = fixture("small.toml");
    let here = None;
    let exp = small(&s, 0);
    check_error(exp.validate(), here, expect!["--reps must be at least 1"]);
    for (w, message) in [
        (
            0.0,
            expect![
                "--ci-width must be a positive number (a fraction of the mean, e.g. 0.02), not 0"
            ],
        ),
        (
            -0.1,
            expect![
                "--ci-width must be a positive number (a fraction of the mean, e.g. 0.02), not -0.1"
            ],
        ),
        (
            f64::NAN,
            expect![
                "--ci-width must be a positive number (a fraction of the mean, e.g. 0.02), not NaN"
            ],
        ),
        (
            f64::INFINITY,
            expect![
                "--ci-width must be a positive number (a fraction of the mean, e.g. 0.02), not inf"
            ],
        ),
    ] {
        let mut exp = small(&s, 10);
        exp.stop = Stop::HalfWidth {
            relative: w,
            batch: 10,
        };
        check_error(exp.validate(), here, message);
    }
    let mut exp = small(&s, 10);
    exp.stop = Stop::HalfWidth {
        relative: 0.01,
        batch: 10,
    };
    exp.shard = Shard { index: 0, count: 2 };
    check_error(
        exp.validate(),
        here,
        expect![
            "--ci-width decides when to stop from all replications: it cannot be combined with --shard"
        ],
    );
    let mut exp = small(&s, 10);
    exp.coas.push(exp.coas[0]);
    check_error(
        exp.validate(),
        here,
        expect!["course of action isolate is listed twice"],
    );
    let mut exp = small(&s, 3);
    exp.shard = Shard { index: 0, count: 4 };
    check_error(
        exp.validate(),
        here,
        expect!["4 shards for 3 replications: some shards would be empty"],
    );
}

#[test]
fn resume_and_overwrite_are_checked() {
    let s = fixture("small.toml");
    let tmp = TempDir::new("resume-errors");
    let exp = small(&s, 40);
    crash(&exp, tmp.path(), 70);
    // A new run must not silently discard an unfinished one.
    check_error(
        cordon_experiment::run(
            &exp,
            tmp.path(),
            false,
            &info(),
            &cordon_experiment::NoProgress,
        ),
        Some(tmp.path()),
        expect![
            "$DIR holds an unfinished experiment (64 of 120 units done): add --resume to finish it, or choose another --out"
        ],
    );
    // --resume with another experiment.
    let mut other = small(&s, 40);
    other.seed = 8;
    check_error(
        cordon_experiment::run(
            &other,
            tmp.path(),
            true,
            &info(),
            &cordon_experiment::NoProgress,
        ),
        Some(tmp.path()),
        expect!["cannot resume $DIR: it holds an experiment with seed = 7, not 8"],
    );
}

#[test]
fn merges_are_checked() {
    let s = fixture("small.toml");
    let tmp = TempDir::new("merge-errors");
    let shard = |i: u64, seed: u64| {
        let mut exp = small(&s, 8);
        exp.shard = Shard { index: i, count: 4 };
        exp.seed = seed;
        let dir = tmp.join(&format!("s{i}-{seed}"));
        run(&exp, &dir, false);
        dir
    };
    let (s0, s1, s2, s3) = (shard(0, 7), shard(1, 7), shard(2, 7), shard(3, 7));
    let other_seed = shard(3, 8);
    let out = tmp.join("out");
    let merge_of = |dirs: &[&Path]| {
        let dirs: Vec<_> = dirs.iter().map(|d| d.to_path_buf()).collect();
        merge(&dirs, &out, &info())
    };
    check_error(
        merge_of(&[&s0, &s1, &s2, &other_seed]),
        Some(tmp.path()),
        expect![
            "cannot merge: $DIR/s3-8 has seed = 8 but $DIR/s0-7 has seed = 7: they are not shards of one experiment"
        ],
    );
    check_error(
        merge_of(&[&s0, &s1, &s3]),
        Some(tmp.path()),
        expect!["cannot merge: missing shard 2/4"],
    );
    check_error(
        merge_of(&[&s0, &s1, &s1, &s2, &s3]),
        Some(tmp.path()),
        expect!["cannot merge: $DIR/s1-7 and $DIR/s1-7 are both shard 1/4 (overlapping shards)"],
    );
    check_error(
        merge_of(&[&s0, &tmp.join("nothing")]),
        Some(tmp.path()),
        expect!["$DIR/nothing is not a Cordon results directory (no state/plan.json)"],
    );
    // An interrupted shard cannot be merged until it is finished.
    let broken = tmp.join("broken");
    let mut exp = small(&s, 8);
    exp.shard = Shard { index: 2, count: 4 };
    crash(&exp, &broken, 3);
    check_error(
        merge_of(&[&s0, &s1, &broken, &s3]),
        Some(tmp.path()),
        expect![
            "cannot merge: shard 2/4 in $DIR/broken is incomplete (0 of 2 replications of isolate): finish it with --resume"
        ],
    );
    merge_of(&[&s3, &s2, &s1, &s0]).expect("a complete set merges");
}
