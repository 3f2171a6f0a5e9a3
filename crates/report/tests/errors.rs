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

/// Copies a whole results directory, `state/` included.
fn copy_all(from: &std::path::Path, name: &str) -> std::path::PathBuf {
    let to = copy_results(from, name);
    for file in ["runs.parquet", "bands.parquet"] {
        std::fs::copy(from.join(file), to.join(file)).expect("copy");
    }
    let state = to.join("state");
    std::fs::create_dir_all(&state).expect("state");
    for entry in std::fs::read_dir(from.join("state")).expect("state dir") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), state.join(entry.file_name())).expect("copy");
    }
    to
}

#[test]
fn files_changed_since_the_run_are_refused() {
    let dir = copy_all(&crate::util::run_small("sealed", &[]), "sealed-copy");
    cordon_report::write(&dir).expect("the sealed directory as written reads");
    // One byte of a value changed, as an edit would: same size, other checksum.
    let runs = std::fs::read_to_string(dir.join("runs.csv")).expect("runs");
    let at = runs.rfind(',').expect("a comma") + 1;
    let digit = if runs.as_bytes()[at] == b'1' {
        "2"
    } else {
        "1"
    };
    let edited = format!("{}{digit}{}", &runs[..at], &runs[at + 1..]);
    std::fs::write(dir.join("runs.csv"), edited).expect("edit");
    let e = error_of(&dir);
    assert!(e.is_bad_input(), "{e:?}");
    assert!(
        e.to_string()
            .contains("runs.csv: changed since the run wrote it"),
        "{e}"
    );
    // A garbage Parquet file in place of the one written.
    let dir = copy_all(&crate::util::run_small("sealed-2", &[]), "sealed-parquet");
    std::fs::write(dir.join("runs.parquet"), b"PAR1 garbage PAR1").expect("write");
    let e = error_of(&dir);
    assert!(
        e.to_string()
            .contains("runs.parquet: changed since the run wrote it"),
        "{e}"
    );
    // An unfinished run is not reported.
    std::fs::remove_file(dir.join("state/finished")).expect("rm");
    let e = error_of(&dir);
    assert!(e.is_bad_input());
    assert!(e.to_string().contains("unfinished experiment"), "{e}");
}

#[test]
fn rows_that_do_not_add_up_are_refused() {
    // A replication twice, as two writers at once would leave it.
    let dir = copy_results(small_report(), "duplicate-row");
    let runs = std::fs::read_to_string(dir.join("runs.csv")).expect("runs");
    let second = runs.lines().nth(1).expect("a row");
    std::fs::write(dir.join("runs.csv"), format!("{runs}{second}\n")).expect("write");
    let e = error_of(&dir);
    assert!(e.is_bad_input());
    assert!(e.to_string().contains("appears twice"), "{e}");
    // A row fewer than the manifest says ran.
    let dir = copy_results(small_report(), "missing-row");
    let cut: Vec<&str> = runs.lines().collect();
    std::fs::write(
        dir.join("runs.csv"),
        format!("{}\n", cut[..cut.len() - 1].join("\n")),
    )
    .expect("write");
    let e = error_of(&dir);
    assert!(
        e.to_string()
            .contains("the manifest records 90 replications"),
        "{e}"
    );
    // A manifest of another format.
    let dir = copy_results(small_report(), "other-format");
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).expect("manifest");
    let edited = manifest.replace("\"cordon-results/1\"", "\"cordon-results/9\"");
    assert_ne!(manifest, edited);
    std::fs::write(dir.join("manifest.json"), edited).expect("write");
    let e = error_of(&dir);
    assert!(
        e.to_string().contains("format is \"cordon-results/9\""),
        "{e}"
    );
}

#[test]
fn directories_without_the_per_course_files_name_the_missing_file() {
    for file in [
        "cuts.csv",
        "mean_field_links.csv",
        "mean_field_escapes.csv",
        "mean_field_events.csv",
    ] {
        let dir = copy_results(small_report(), "outdated");
        std::fs::remove_file(dir.join(file)).expect("rm");
        let e = error_of(&dir);
        assert!(
            matches!(e, ReportError::Outdated { file: f, .. } if f == file),
            "{e:?}"
        );
        assert!(e.is_bad_input());
        let text = e.to_string();
        assert!(text.contains(&format!("has no {file}")), "{text}");
        assert!(text.contains("--resume"), "{text}");
    }
}

#[test]
fn corrupt_per_course_files_are_located() {
    let dir = copy_results(small_report(), "corrupt-links");
    let text = std::fs::read_to_string(dir.join("mean_field_links.csv")).expect("links");
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let fields: Vec<&str> = lines[2].split(',').collect();
    lines[2] = format!("{},{},{},x", fields[0], fields[1], fields[2]);
    std::fs::write(dir.join("mean_field_links.csv"), lines.join("\n")).expect("write");
    let e = error_of(&dir);
    assert!(e.is_bad_input(), "{e:?}");
    assert!(e.to_string().contains("mean_field_links.csv:3"), "{e}");
    let dir = copy_results(small_report(), "corrupt-cuts");
    std::fs::write(dir.join("cuts.csv"), "coa,phase,link\nnowhere,p,l\n").expect("write");
    let e = error_of(&dir);
    assert!(e.is_bad_input(), "{e:?}");
    assert!(
        e.to_string()
            .contains("course of action nowhere is not in the manifest"),
        "{e}"
    );
}
