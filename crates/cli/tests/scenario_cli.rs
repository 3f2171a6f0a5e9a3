//! `cordon check`, `cordon show` and `cordon schema`: exit codes, diagnostics on stderr, and
//! what each prints. The invalid scenarios are the model crate's corpus
//! (`crates/model/tests/invalid/`), so every kind of problem goes through the binary too.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use expect_test::expect;

/// Runs `cordon` with `args` in `dir`.
fn cordon_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the cordon binary runs")
}

fn cordon(args: &[&str]) -> Output {
    cordon_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The exit code, with the output in the failure message when it is not `expected`.
fn assert_exit(output: &Output, expected: i32) {
    assert_eq!(
        output.status.code(),
        Some(expected),
        "stdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
    assert!(
        !stderr(output).contains("panicked"),
        "the binary panicked:\n{}",
        stderr(output)
    );
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/tests/invalid")
}

fn default_scenario_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/levant-2017.toml")
}

/// `cordon check NAME.toml` in the directory of the file: exit code 2, and stderr holds the
/// model's diagnostics, each located as `NAME.toml:LINE:COL`.
fn check_invalid(dir: &Path, file: &str) {
    let output = cordon_in(dir, &["check", file]);
    assert_exit(&output, 2);
    let stderr = stderr(&output);
    let bytes = std::fs::read(dir.join(file)).expect("the file exists");
    let diagnostics = cordon_model::parse(file, &bytes).expect_err("an invalid scenario");
    for d in diagnostics.iter() {
        let location = format!("{file}:{}:{}", d.line, d.column);
        assert!(
            stderr.contains(&location),
            "{file}: stderr lacks {location}:\n{stderr}"
        );
    }
    assert!(
        stderr.contains(&diagnostics.to_string()),
        "{file}: stderr is not the model's rendering:\n{stderr}"
    );
    assert!(stdout(&output).is_empty(), "{file}: stdout is not empty");
}

#[test]
fn check_rejects_every_invalid_corpus_file() {
    let dir = corpus_dir();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("crates/model/tests/invalid")
        .map(|entry| {
            entry
                .expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "only {} corpus files", files.len());
    for file in &files {
        check_invalid(&dir, file);
    }
}

/// The inputs too big or too deep to commit, written to a temporary directory.
#[test]
fn check_rejects_generated_inputs() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-generated");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let n = 10_000;
    let deep = format!(
        "[scenario]\nname = \"deep\"\nx = {}{}\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    let dotted = format!(
        "[scenario]\nname = \"deep\"\n{} = 1\n",
        vec!["a"; n].join(".")
    );
    let huge = format!(
        "[scenario]\nname = \"huge\"\n# {}\n",
        "x".repeat(10 * 1024 * 1024)
    );
    for (file, text) in [
        ("deep_nesting.toml", deep),
        ("deep_dotted_key.toml", dotted),
        ("huge_file.toml", huge),
    ] {
        std::fs::write(dir.join(file), text).expect("write the generated file");
        check_invalid(&dir, file);
    }
}

#[test]
fn check_accepts_the_default_scenario() {
    let output = cordon(&["check"]);
    assert_exit(&output, 0);
    assert!(stdout(&output).contains("ok"), "{}", stdout(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));

    let output = cordon(&[
        "check",
        default_scenario_path().to_str().expect("UTF-8 path"),
    ]);
    assert_exit(&output, 0);
}

#[test]
fn check_rejects_a_missing_file() {
    let output = cordon(&["check", "no/such/scenario.toml"]);
    assert_exit(&output, 2);
    let stderr = stderr(&output);
    assert!(stderr.contains("no/such/scenario.toml"), "{stderr}");
}

#[test]
fn check_rejects_a_directory() {
    let output = cordon_in(&corpus_dir(), &["check", "."]);
    assert_exit(&output, 2);
    assert!(stderr(&output).contains("directory"), "{}", stderr(&output));
}

#[test]
fn unknown_flags_are_usage_errors() {
    for args in [
        &["check", "--frobnicate"][..],
        &["--frobnicate"],
        &["no-such-command"],
        &["check", "a.toml", "b.toml"],
    ] {
        let output = cordon(args);
        assert_exit(&output, 2);
        assert!(!stderr(&output).is_empty(), "{args:?}: no message");
    }
}

#[test]
fn schema_prints_valid_json() {
    let output = cordon(&["schema"]);
    assert_exit(&output, 0);
    let schema: serde_json::Value =
        serde_json::from_str(&stdout(&output)).expect("cordon schema prints JSON");
    assert_eq!(schema, cordon_model::schema::json_schema());
    for table in ["scenario", "region", "coa", "uncertain"] {
        assert!(schema["properties"].get(table).is_some(), "no `{table}`");
    }
}

#[test]
fn schema_markdown_is_the_reference() {
    let output = cordon(&["schema", "--markdown"]);
    assert_exit(&output, 0);
    assert_eq!(stdout(&output), cordon_model::spec::markdown_reference());
}

#[test]
fn show_summarises_the_default_scenario() {
    let output = cordon(&["show"]);
    assert_exit(&output, 0);
    let text = stdout(&output);
    let head: Vec<&str> = text.lines().take(6).collect();
    expect![[r#"
        Scenario levant-2017 — IS in the Levant and its regional bastions, March 2017; the essay's two-pronged strategy and its alternatives
        Start 2017-03-01, step 1 days, horizon 1095 days (1095 steps), seed 20170301, core region levant, baseline status-quo

        Regions and adversary branches
        region          theatre               territory km²  population  sanctuary  law           branch             fighters  support base  finance M USD
        --------------  --------------------  -------------  ----------  ---------  ------------  -----------------  --------  ------------  -------------"#]].assert_eq(&head.join("\n"));
}

#[test]
fn show_rejects_an_invalid_scenario() {
    let output = cordon_in(&corpus_dir(), &["show", "many_problems.toml"]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("many_problems.toml:5:13"),
        "{}",
        stderr(&output)
    );
}
