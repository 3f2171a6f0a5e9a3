//! No damaged results directory makes its readers panic: a real small run is copied, one of its
//! files (runs.csv, the plan, a journal, the manifest, …) is mutated structure-aware, and
//! `read_runs_csv` and `summarize_dir` end in a value or in an error that is bad input (exit
//! code 2), never a panic. Case counts rise with `CORDON_FUZZ_CASES` (see `docs/fuzzing.md`).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use cordon_experiment::files::FileError;
use cordon_experiment::{ExperimentError, read_runs_csv, summarize_dir};
use proptest::prelude::*;

use crate::util::{TempDir, fixture, run, small};

#[path = "../../../fuzz/mutate.rs"]
mod mutate;

/// A finished run of `small.toml` (under Cargo's temporary directory), made once per test
/// binary and only read, and its files.
fn base() -> &'static (PathBuf, Vec<PathBuf>) {
    static BASE: OnceLock<(PathBuf, Vec<PathBuf>)> = OnceLock::new();
    BASE.get_or_init(|| {
        let s = fixture("small.toml");
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cordon-experiment-fuzz-base");
        let _ = std::fs::remove_dir_all(&dir);
        run(&small(&s, 4), &dir, false);
        let mut files = Vec::new();
        list(&dir, Path::new(""), &mut files);
        files.sort();
        (dir, files)
    })
}

/// Every file under `dir`, relative to the root.
fn list(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(root.join(rel))
        .expect("read dir")
        .flatten()
    {
        let rel = rel.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            list(root, &rel, out);
        } else {
            out.push(rel);
        }
    }
}

/// A copy of the base run with file `pick` (modulo their count) mutated by `ops`.
fn mutated(pick: usize, ops: &[(u8, usize, usize)]) -> (TempDir, PathBuf) {
    let (base, files) = base();
    let tmp = TempDir::new("fuzz");
    for rel in files {
        let to = tmp.path().join(rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(base.join(rel), &to).expect("copy");
    }
    let rel = files[pick % files.len()].clone();
    let path = tmp.path().join(&rel);
    let bytes = std::fs::read(&path).expect("read");
    std::fs::write(&path, mutate::apply(&bytes, ops)).expect("write");
    (tmp, rel)
}

fn check(result: Result<impl Sized, ExperimentError>, rel: &Path) {
    if let Err(e) = result {
        assert!(
            e.is_bad_input(),
            "{} mutated: not bad input: {e:?}",
            rel.display()
        );
        assert!(!e.to_string().is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: mutate::cases(60), .. ProptestConfig::default() })]

    #[test]
    fn mutated_results_directories_never_panic(
        pick in any::<usize>(),
        ops in proptest::collection::vec((0..mutate::OPS, any::<usize>(), 0usize..10_000), 1..5),
    ) {
        let (tmp, rel) = mutated(pick, &ops);
        check(read_runs_csv(tmp.path()), &rel);
        check(summarize_dir(tmp.path(), None), &rel);
        check(summarize_dir(tmp.path(), Some("hold")), &rel);
    }
}

/// A copy of the base run with `rel` replaced by the fixture `tests/fixtures/fuzz/<name>`.
fn with_fixture(rel: &str, name: &str) -> TempDir {
    let (tmp, _) = mutated(0, &[]);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(name);
    std::fs::copy(fixture, tmp.join(rel)).expect("copy fixture");
    tmp
}

/// Found by the fuzzer: a `runs.csv` that is not UTF-8 was an I/O error (exit code 1); it is
/// a corrupt file, with its line.
#[test]
fn runs_csv_not_utf8_is_corrupt() {
    let tmp = with_fixture("runs.csv", "runs-not-utf8.csv");
    match read_runs_csv(tmp.path()) {
        Err(ExperimentError::File(FileError::Corrupt { line, reason, .. })) => {
            assert_eq!(line, Some(3), "{reason}");
            assert!(reason.contains("UTF-8"), "{reason}");
        }
        other => panic!("expected a corrupt runs.csv, got {other:?}"),
    }
}

/// Found by the fuzzer: a `plan.json` naming more courses of action than there are journals
/// made the missing journal an I/O error (exit code 1); a journal the plan names and that is
/// not there is a damaged directory, bad input.
#[test]
fn a_journal_the_plan_names_and_that_is_missing_is_bad_input() {
    let (tmp, _) = mutated(0, &[]);
    std::fs::remove_file(tmp.path().join("state/journal-000.log")).expect("remove");
    match summarize_dir(tmp.path(), None) {
        Err(e) => {
            assert!(e.is_bad_input(), "{e:?}");
            assert!(e.to_string().contains("journal-000.log: missing"), "{e}");
        }
        Ok(_) => panic!("a directory without its journal summarised"),
    }
}

/// Found by the fuzzer: a journal that is not UTF-8 was not reported as bad input.
#[test]
fn journal_not_utf8_is_bad_input() {
    let tmp = with_fixture("state/journal-000.log", "journal-not-utf8.log");
    match summarize_dir(tmp.path(), None) {
        Err(e) => assert!(e.is_bad_input(), "{e:?}"),
        Ok(_) => panic!("a journal that is not UTF-8 was read"),
    }
}
