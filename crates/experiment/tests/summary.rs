//! Summaries from a results directory: a course against itself, failures, and the readers.

use std::path::Path;

use cordon_engine::Mode;
use cordon_experiment::{Better, Comparison, Kind, read_runs_csv, summarize, summarize_dir};
use expect_test::expect;
use parquet::file::reader::{FileReader as _, SerializedFileReader};
use parquet::record::RowAccessor as _;

use crate::util::{TempDir, fixture, run, small};

/// Every paired difference of the baseline against itself is exactly zero, with P(better) = ½
/// (ties count half) where a direction is better.
fn check_self_comparison(cmp: &Comparison) {
    let b = cmp.baseline;
    for (o, spec) in cmp.outcomes.iter().enumerate() {
        let d = &cmp.diffs[b][o];
        let expect_n = cmp.summaries[b][o].n;
        assert_eq!(d.n, expect_n, "{}", spec.name);
        if d.n > 0 {
            assert_eq!(
                d.mean.to_bits(),
                0.0_f64.to_bits(),
                "{}: {}",
                spec.name,
                d.mean
            );
        }
        if d.n > 1 {
            assert_eq!((d.ci.lo, d.ci.hi), (0.0, 0.0), "{}", spec.name);
        }
        assert_eq!(d.n_ties, d.n_compared, "{}", spec.name);
        if spec.better == Better::Neither {
            assert!(d.p_better.is_nan());
        } else {
            assert_eq!(d.p_better, 0.5, "{}", spec.name);
        }
    }
}

#[test]
fn a_course_against_itself_is_a_tie() {
    let s = fixture("small.toml");
    let tmp = TempDir::new("self");
    run(&small(&s, 20), tmp.path(), false);
    for baseline in ["isolate", "pressure", "hold"] {
        let cmp = summarize_dir(tmp.path(), Some(baseline)).expect("summary");
        check_self_comparison(&cmp);
    }
}

/// The journal-streaming summary and the in-memory one of runs.csv agree, and runs.parquet
/// holds the same numbers as runs.csv.
fn check_readers_agree(dir: &Path) {
    let runs = read_runs_csv(dir).expect("runs.csv");
    let from_journal = summarize_dir(dir, Some("hold")).expect("summary");
    let specs = cordon_experiment::outcomes::specs_of(&runs.names);
    let baseline = runs.coas.iter().position(|c| c == "hold").expect("hold");
    let from_csv = summarize(&runs, &runs.coas, &specs, baseline).expect("summary");
    // Debug strings: NaN (a day that never came) is not equal to itself.
    assert_eq!(
        format!("{:?}", from_journal.summaries),
        format!("{:?}", from_csv.summaries)
    );
    assert_eq!(
        format!("{:?}", from_journal.diffs),
        format!("{:?}", from_csv.diffs)
    );
    let file = std::fs::File::open(dir.join("runs.parquet")).expect("parquet");
    let reader = SerializedFileReader::new(file).expect("parquet reader");
    let meta = reader.metadata().file_metadata();
    assert_eq!(meta.num_rows() as usize, runs.rows.len());
    let columns: Vec<String> = meta
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    assert_eq!(columns[3..], runs.names[..]);
    for (row, expected) in reader.get_row_iter(None).expect("rows").zip(&runs.rows) {
        let row = row.expect("row");
        assert_eq!(row.get_string(0).expect("coa"), &runs.coas[expected.coa]);
        assert_eq!(
            row.get_long(1).expect("replication"),
            expected.replication as i64
        );
        for (i, v) in expected.values.iter().enumerate() {
            let got = row.get_double(3 + i).expect("value");
            assert!(got.to_bits() == v.to_bits() || (got.is_nan() && v.is_nan()));
        }
    }
}

#[test]
fn csv_parquet_and_journal_agree() {
    let s = fixture("small.toml");
    let tmp = TempDir::new("readers");
    run(&small(&s, 25), tmp.path(), false);
    check_readers_agree(tmp.path());
}

#[test]
fn failed_replications_are_recorded_not_fatal() {
    // Mean-field growth of 1e300/day overflows on the first step: every replication fails
    // with the engine's non-finite error, and the run still finishes.
    let s = fixture("overflow.toml");
    let tmp = TempDir::new("failures");
    let mut exp = small(&s, 3);
    exp.mode = Mode::MeanField;
    let report = run(&exp, tmp.path(), false);
    assert_eq!((report.rows, report.failures), (0, 6));
    let failures = std::fs::read_to_string(tmp.join("failures.csv")).expect("failures.csv");
    let first_lines: String = failures.lines().take(2).map(|l| format!("{l}\n")).collect();
    expect![[r#"
        coa,replication,stream_key,message
        grow,0,chacha8:1:0,non-finite value in fighters[core] at step 0 (day 0) of replication chacha8:1:0; the most extreme value behind it: `third_party.militia.carrying_capacity` = 1e308 at overflow.toml:28:21
    "#]]
    .assert_eq(&first_lines);
    let cmp = summarize_dir(tmp.path(), None).expect("summary");
    assert_eq!(cmp.replications, vec![0, 0]);
    assert_eq!(cmp.outcomes[0].kind, Kind::Amount);
}

/// Every outcome column the engine writes is classified (label, kind, better direction) in
/// `crates/experiment/src/outcomes.rs`: a new outcome fails here until it is.
#[test]
fn every_outcome_of_the_engine_is_classified() {
    let scenarios = [
        cordon_model::default_scenario(),
        crate::util::fixture("small.toml"),
    ];
    for s in &scenarios {
        for spec in cordon_experiment::outcome_specs(s) {
            let unclassified = spec.label == spec.name.replace('_', " ")
                && spec.better == cordon_experiment::Better::Neither
                && !spec.headline;
            assert!(
                !unclassified,
                "outcome `{}` is not classified in crates/experiment/src/outcomes.rs",
                spec.name
            );
        }
    }
}
