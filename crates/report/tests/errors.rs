//! Bad input is a typed error with a clear message, never a panic.

use cordon_report::{Options, ReportError};

use crate::util::{copy_results, fresh_dir, small_report};

fn error_of(dir: &std::path::Path) -> ReportError {
    match cordon_report::write(dir) {
        Ok(_) => panic!("{} gave a report", dir.display()),
        Err(e) => e,
    }
}

#[test]
fn missing_directory() {
    let e = error_of(std::path::Path::new("/nonexistent/cordon/results"));
    assert!(matches!(e, ReportError::NotADirectory { .. }), "{e:?}");
    assert!(e.is_bad_input());
    assert_eq!(
        e.to_string(),
        "/nonexistent/cordon/results is not a directory"
    );
}

#[test]
fn directory_without_results() {
    let dir = fresh_dir("empty");
    let e = error_of(&dir);
    assert!(e.is_bad_input());
    assert!(e.to_string().ends_with(
        "has no manifest.json: is it a results directory written by `cordon compare` or `cordon run`?"
    ), "{e}");
    let dir = copy_results(small_report(), "no-runs");
    std::fs::remove_file(dir.join("runs.csv")).expect("rm");
    let e = error_of(&dir);
    assert!(
        matches!(
            e,
            ReportError::Missing {
                file: "runs.csv",
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn corrupt_runs_csv() {
    let dir = copy_results(small_report(), "corrupt-runs");
    let text = std::fs::read_to_string(dir.join("runs.csv")).expect("runs");
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[3] = lines[3].replacen(",", ",x", 4);
    std::fs::write(dir.join("runs.csv"), lines.join("\n")).expect("write");
    let e = error_of(&dir);
    assert!(e.is_bad_input(), "{e:?}");
    assert!(e.to_string().contains("runs.csv:4"), "{e}");
    std::fs::write(dir.join("runs.csv"), "not,a,results,file\n1,2,3,4\n").expect("write");
    let e = error_of(&dir);
    assert!(e.is_bad_input(), "{e:?}");
    assert!(
        e.to_string()
            .contains("runs.csv:1: expected the columns coa,replication,stream_key first"),
        "{e}"
    );
}

#[test]
fn corrupt_bands_and_manifest() {
    let dir = copy_results(small_report(), "corrupt-bands");
    std::fs::write(dir.join("bands.csv"), "coa,day,region\nisolate,0,core\n").expect("write");
    let e = error_of(&dir);
    assert!(e.is_bad_input());
    assert!(
        e.to_string().ends_with("bands.csv:1: no column variable"),
        "{e}"
    );
    let dir = copy_results(small_report(), "corrupt-manifest");
    std::fs::write(dir.join("manifest.json"), "{\"format\": ").expect("write");
    let e = error_of(&dir);
    assert!(
        matches!(
            e,
            ReportError::File(cordon_experiment::FileError::Corrupt { .. })
        ),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("manifest.json:1: EOF while parsing"),
        "{e}"
    );
}

#[test]
fn unknown_baseline() {
    let dir = copy_results(small_report(), "baseline");
    let options = Options {
        baseline: Some("surrender".into()),
    };
    let e = cordon_report::write_with(&dir, &options).expect_err("unknown baseline");
    assert!(e.is_bad_input());
    assert_eq!(
        e.to_string(),
        "the baseline surrender is not among the courses of action of the results: isolate, pressure, hold"
    );
}

#[test]
fn missing_bands_are_said_not_fatal() {
    let dir = copy_results(small_report(), "no-bands");
    std::fs::remove_file(dir.join("bands.csv")).expect("rm");
    let written = cordon_report::write(&dir).expect("report without bands");
    let html = std::fs::read_to_string(written.html).expect("html");
    assert!(
        html.contains(
            "bands.csv is missing: the charts of adversary strength over time are left out"
        )
    );
    assert!(!html.contains("id=\"chart-strength-total\""));
    assert!(html.contains("id=\"chart-escape\""));
}
