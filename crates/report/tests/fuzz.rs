//! No damaged results directory makes the report panic: the final files of the small
//! experiment are copied, one of them (manifest, runs, bands, failures, the per-course files, the seal, or an added
//! sensitivity file) is mutated structure-aware, and `load` ends in an error that is bad input
//! (exit code 2) or in results that `build` draws without panicking; the same for the
//! factorial fixture's files and `write`. Case counts rise with
//! `CORDON_FUZZ_CASES` (see `docs/fuzzing.md`).

use std::path::{Path, PathBuf};

use cordon_report::{Options, ReportError, build, kind, load, write};
use proptest::prelude::*;

use crate::util::{RESULT_FILES, fresh_dir, small_report};

#[path = "../../../fuzz/mutate.rs"]
mod mutate;

/// The files a case may mutate; the seal (`state/finished`) is copied only when it is the one
/// mutated, so that mutations of the other files reach their parsers.
const FILES: [&str; 10] = [
    "manifest.json",
    "runs.csv",
    "bands.csv",
    "failures.csv",
    "state/finished",
    "sensitivity.csv",
    "cuts.csv",
    "mean_field_links.csv",
    "mean_field_escapes.csv",
    "mean_field_events.csv",
];

/// The files of the factorial fixture.
const FACTORIAL: [&str; 4] = ["manifest.json", "cells.csv", "claims.csv", "effects.csv"];

/// A sensitivity file in the format `cordon sensitivity` writes, for the optional section.
const SENSITIVITY: &str = "parameter,S1,S1_conf,ST,ST_conf\n\
    adversary.fighters,0.41,0.05,0.52,0.06\n\
    coa.hold.intensity,0.12,0.03,0.20,0.04\n";

fn mutated(pick: usize, ops: &[(u8, usize, usize)]) -> PathBuf {
    let from = small_report();
    let to = fresh_dir("fuzz");
    let target = FILES[pick % FILES.len()];
    for file in RESULT_FILES {
        std::fs::copy(from.join(file), to.join(file)).expect("copy");
    }
    match target {
        "state/finished" => {
            std::fs::create_dir_all(to.join("state")).expect("state dir");
            std::fs::copy(from.join(target), to.join(target)).expect("copy seal");
        }
        "sensitivity.csv" => std::fs::write(to.join(target), SENSITIVITY).expect("write"),
        _ => {}
    }
    let path = to.join(target);
    let bytes = std::fs::read(&path).expect("read");
    std::fs::write(&path, mutate::apply(&bytes, ops)).expect("write");
    to
}

/// A copy of `tests/fixtures/factorial/` (a `cordon factorial` directory) with one file mutated.
fn mutated_factorial(pick: usize, ops: &[(u8, usize, usize)]) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/factorial");
    let to = fresh_dir("fuzz-factorial");
    for file in FACTORIAL {
        std::fs::copy(from.join(file), to.join(file)).expect("copy");
    }
    let path = to.join(FACTORIAL[pick % FACTORIAL.len()]);
    let bytes = std::fs::read(&path).expect("read");
    std::fs::write(&path, mutate::apply(&bytes, ops)).expect("write");
    to
}

fn check_err(e: &ReportError, dir: &Path) {
    assert!(e.is_bad_input(), "{}: not bad input: {e:?}", dir.display());
    assert!(!e.to_string().is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: mutate::cases(40), .. ProptestConfig::default() })]

    #[test]
    fn mutated_results_directories_never_panic(
        pick in any::<usize>(),
        ops in proptest::collection::vec((0..mutate::OPS, any::<usize>(), 0usize..10_000), 1..5),
    ) {
        let dir = mutated(pick, &ops);
        if let Err(e) = kind(&dir) {
            check_err(&e, &dir);
        }
        match load(&dir) {
            Ok((results, scenario)) => {
                if let Err(e) = build(&results, &scenario, &Options::default()) {
                    check_err(&e, &dir);
                }
            }
            Err(e) => check_err(&e, &dir),
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn mutated_factorial_directories_never_panic(
        pick in any::<usize>(),
        ops in proptest::collection::vec((0..mutate::OPS, any::<usize>(), 0usize..10_000), 1..5),
    ) {
        let dir = mutated_factorial(pick, &ops);
        if let Err(e) = kind(&dir) {
            check_err(&e, &dir);
        }
        if let Err(e) = write(&dir) {
            check_err(&e, &dir);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
