//! The files of an analysis.

use cordon_experiment::{NoProgress, RunInfo};
use cordon_sensitivity::store::{self, FILES};
use cordon_sensitivity::{Method, analyze, prepare, run};
use expect_test::expect;

use crate::util::{fixture, fresh_dir, small_study};

#[test]
fn an_analysis_writes_its_five_files() {
    let s = fixture("small.toml");
    let prep = prepare(&s, &small_study(&s, Method::Lhs, 6, 2, 1)).expect("prepared");
    let outputs = run(&prep, &NoProgress).expect("runs");
    let indices = analyze(&prep, &outputs).expect("indices");
    let dir = fresh_dir("files");
    let info = RunInfo::now(vec!["cordon".into(), "sensitivity".into()], 1);
    store::write_design(&dir, &prep, &outputs).expect("design");
    store::write_indices(&dir, &indices).expect("indices");
    store::write_manifest(&dir, &prep, Some(&indices), &info).expect("manifest");

    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = FILES.iter().map(|f| f.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected, "no temporary file is left behind");

    let design = std::fs::read_to_string(dir.join("design.csv")).expect("design.csv");
    let header = design.lines().next().expect("header");
    expect![[r#"point,region.core.sanctuary,actor.north.intelligence,fighters_total_mean,fighters_total_se"#]]
        .assert_eq(&header.split(',').take(5).collect::<Vec<_>>().join(","));
    assert_eq!(design.lines().count(), 1 + 6, "a row per design point");

    let indices_csv = std::fs::read_to_string(dir.join("sensitivity.csv")).expect("csv");
    expect![[r#"parameter,index,value,ci_low,ci_high"#]]
        .assert_eq(indices_csv.lines().next().expect("header"));
    assert_eq!(
        indices_csv.lines().count(),
        1 + 2,
        "a Spearman ρ per parameter"
    );

    for parquet in ["design.parquet", "sensitivity.parquet"] {
        let bytes = std::fs::read(dir.join(parquet)).expect("parquet");
        assert!(
            bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
            "{parquet}"
        );
    }

    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).expect("json"))
            .expect("valid JSON");
    assert_eq!(manifest["format"], "cordon-sensitivity/1");
    assert_eq!(manifest["points"], 6);
    assert_eq!(
        manifest["files"].as_array().map(Vec::len),
        Some(FILES.len())
    );
}

#[test]
fn a_new_analysis_removes_the_previous_files() {
    let dir = fresh_dir("previous");
    for file in FILES {
        std::fs::write(dir.join(file), "stale").expect("write");
    }
    std::fs::write(dir.join("notes.txt"), "mine").expect("write");
    store::remove_previous(&dir).expect("removed");
    for file in FILES {
        assert!(!dir.join(file).exists(), "{file} is removed");
    }
    assert!(dir.join("notes.txt").exists(), "other files stay");
    // Nothing to remove is fine too.
    store::remove_previous(&dir).expect("removed again");
}
