//! Results depend on the exploration only: 1 vs 2 threads, 2 shards merged, and an
//! interrupted run resumed all give byte-identical files.

use cordon_explore::Shard;
use cordon_explore::store::{self, Plan};

use crate::util::{exploration, explore_into, files, fixture, fresh_dir, settings};

fn analysis() -> cordon_explore::store::Settings {
    settings(
        &["fighters_total", "civilian_casualties"],
        "fighters_total<1800",
        0.8,
    )
}

#[test]
fn threads_shards_and_resume_give_byte_identical_files() {
    let s = fixture("small.toml");
    let one = fresh_dir("threads-1");
    explore_into(
        &exploration(&s, 12, 2, 1, Shard::WHOLE),
        &one,
        false,
        &analysis(),
    );
    let two = fresh_dir("threads-2");
    explore_into(
        &exploration(&s, 12, 2, 2, Shard::WHOLE),
        &two,
        false,
        &analysis(),
    );
    let reference = files(&one);
    assert_eq!(
        reference.len(),
        11,
        "{:?}",
        reference.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert!(reference == files(&two), "1 vs 2 threads differ");

    // Two shards, then merged.
    let mut shard_dirs = Vec::new();
    for i in 0..2 {
        let dir = fresh_dir(&format!("shard-{i}"));
        let shard = Shard { index: i, count: 2 };
        let done = explore_into(&exploration(&s, 12, 2, 2, shard), &dir, false, &analysis());
        assert!(done.analysis.is_none());
        shard_dirs.push(dir);
    }
    let merged = fresh_dir("merged");
    let plan = store::merge(&shard_dirs, &merged).unwrap();
    let whole = exploration(&s, 12, 2, 2, Shard::WHOLE);
    let prep = cordon_explore::prepare(&whole).unwrap();
    assert_eq!(plan, Plan::of(&prep));
    store::finish(&merged, &prep, &plan, &analysis()).unwrap();
    assert!(
        reference == files(&merged),
        "2 shards merged differ from one run"
    );

    // An interrupted run: the journal cut in the middle of a line, then resumed.
    let resumed = fresh_dir("resumed");
    explore_into(&whole, &resumed, false, &analysis());
    let journal = resumed.join("state/journal.csv");
    let bytes = std::fs::read(&journal).unwrap();
    std::fs::write(&journal, &bytes[..bytes.len() / 3]).unwrap();
    for f in ["results.csv", "robustness.csv", "manifest.json"] {
        std::fs::remove_file(resumed.join(f)).unwrap();
    }
    explore_into(&whole, &resumed, true, &analysis());
    assert!(
        reference == files(&resumed),
        "a resumed run differs from one run"
    );
    assert_eq!(std::fs::read(&journal).unwrap(), bytes);
}

#[test]
fn merge_refuses_incomplete_or_foreign_shards() {
    let s = fixture("small.toml");
    let a = fresh_dir("only-shard-0");
    explore_into(
        &exploration(&s, 6, 1, 1, Shard { index: 0, count: 2 }),
        &a,
        false,
        &analysis(),
    );
    let out = fresh_dir("merge-missing");
    let err = store::merge(std::slice::from_ref(&a), &out).unwrap_err();
    assert!(err.is_bad_input());
    assert!(
        err.to_string().contains("do not make one exploration"),
        "{err}"
    );
    let b = fresh_dir("other-seed");
    let mut other = exploration(&s, 6, 1, 1, Shard { index: 1, count: 2 });
    other.seed = 99;
    explore_into(&other, &b, false, &analysis());
    let err = store::merge(&[a, b], &out).unwrap_err();
    assert!(
        err.to_string().contains("another exploration (seed"),
        "{err}"
    );
}

#[test]
fn in_memory_analysis_equals_the_files() {
    let s = fixture("small.toml");
    let dir = fresh_dir("in-memory");
    let whole = exploration(&s, 10, 2, 2, Shard::WHOLE);
    explore_into(&whole, &dir, false, &analysis());
    let prep = cordon_explore::prepare(&whole).unwrap();
    let mut results = Vec::new();
    cordon_explore::run(
        &prep,
        prep.range(),
        &cordon_experiment::NoProgress,
        &mut |r| {
            results.extend_from_slice(r);
            Ok(())
        },
    )
    .unwrap();
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    assert_eq!(store::worlds_csv(&prep), read("worlds.csv"));
    assert_eq!(
        store::results_csv(&Plan::of(&prep), &results),
        read("results.csv")
    );
    let (inputs, result) = store::analyze_results(&prep, &analysis(), &results).unwrap();
    let written = store::analysis_files(&inputs, &result);
    assert_eq!(written.len(), 6);
    for (name, text) in written {
        assert_eq!(text, read(name), "{name}");
    }
}
