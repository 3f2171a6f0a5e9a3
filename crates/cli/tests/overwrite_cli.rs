//! Results are never replaced silently: a second, different experiment into an occupied
//! results directory exits 2 and leaves every file as it was; `--force` replaces them; the
//! same experiment again is allowed; an `--out` that is a file is bad input (exit 2).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../experiment/tests/fixtures/small.toml")
        .display()
        .to_string()
}

fn cordon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(args)
        .output()
        .expect("the cordon binary runs")
}

/// Every file under `dir` with its bytes.
fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.clone(), std::fs::read(&path).expect("read"));
            }
        }
    }
    out
}

fn compare(out: &str, reps: &str, extra: &[&str]) -> Output {
    let f = fixture();
    let mut args = vec![
        "compare",
        f.as_str(),
        "--reps",
        reps,
        "--out",
        out,
        "--no-report",
    ];
    args.extend(extra);
    cordon(&args)
}

#[test]
fn a_second_experiment_into_an_occupied_directory_exits_2_without_touching_it() {
    let dir = std::env::temp_dir().join(format!("cordon-overwrite-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.join("results");
    let o = out.display().to_string();
    assert!(compare(&o, "10", &[]).status.success());
    let before = contents(&out);

    let second = compare(&o, "5", &[]);
    assert_eq!(second.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains(
            "holds the results of another experiment (3 courses × 10 replications, seed 7"
        ) && stderr.contains("nothing was changed")
            && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(contents(&out), before, "the directory is untouched");

    // The same experiment again is not another one.
    assert!(compare(&o, "10", &[]).status.success());
    // --force replaces the results.
    assert!(compare(&o, "5", &["--force"]).status.success());
    let manifest = std::fs::read_to_string(out.join("manifest.json")).expect("manifest");
    assert!(
        manifest.contains("\"replications_requested\": 5"),
        "{manifest}"
    );

    // --out naming a file, or a path under one: bad input.
    let file = dir.join("a-file");
    std::fs::write(&file, "x").expect("file");
    for target in [file.clone(), file.join("below")] {
        let output = compare(&target.display().to_string(), "5", &[]);
        assert_eq!(output.status.code(), Some(2), "{}", target.display());
        assert!(String::from_utf8_lossy(&output.stderr).contains("is a file, not a directory"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs `cordon` with `args` from the crate's directory (fixtures by relative path).
fn cordon_here(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the cordon binary runs")
}

/// Exit 2 naming what the directory holds, with the directory untouched.
fn refused_untouched(o: &Output, out: &Path, before: &BTreeMap<PathBuf, Vec<u8>>, needle: &str) {
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(needle)
            && stderr.contains("nothing was changed")
            && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(&contents(out), before, "the directory is untouched");
}

#[test]
fn factorial_and_explore_refuse_an_occupied_directory_without_force() {
    let dir = std::env::temp_dir().join(format!("cordon-overwrite-fx-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.join("results");
    let o = out.display().to_string();
    let starter = "../../scenarios/examples/starter.toml";
    let factorial = |reps: &str, extra: &[&str]| {
        let mut args = vec![
            "factorial",
            starter,
            "--reps",
            reps,
            "--out",
            &o,
            "--no-report",
        ];
        args.extend(extra);
        cordon_here(&args)
    };
    assert!(factorial("3", &[]).status.success());
    let before = contents(&out);
    // Another factorial into it: refused, untouched.
    let second = factorial("2", &[]);
    refused_untouched(&second, &out, &before, "another factorial (");
    // The same factorial again is not another one.
    assert!(factorial("3", &[]).status.success());

    // An exploration into the factorial's directory: refused, untouched.
    let explore = |worlds: &str, extra: &[&str]| {
        let mut args = vec![
            "explore",
            "../explore/tests/fixtures/small.toml",
            "--worlds",
            worlds,
            "--reps",
            "1",
            "--out",
            &o,
        ];
        args.extend(extra);
        cordon_here(&args)
    };
    let before = contents(&out);
    refused_untouched(
        &explore("4", &[]),
        &out,
        &before,
        "the results of `cordon factorial`",
    );
    // --force replaces them; then another exploration is refused, the same one allowed, and
    // --resume finishes the same one.
    assert!(explore("4", &["--force"]).status.success());
    let before = contents(&out);
    refused_untouched(
        &explore("6", &[]),
        &out,
        &before,
        "another exploration (worlds is 4 there, 6 here)",
    );
    assert!(explore("4", &[]).status.success());
    assert!(explore("4", &["--resume"]).status.success());
    // A factorial into the exploration's directory: refused; with --force, it runs.
    let before = contents(&out);
    refused_untouched(
        &factorial("3", &[]),
        &out,
        &before,
        "the results of `cordon explore`",
    );
    assert!(factorial("3", &["--force"]).status.success());

    // --out naming a file: bad input for both.
    let file = dir.join("a-file");
    std::fs::write(&file, "x").expect("file");
    let f = file.display().to_string();
    for args in [
        vec!["factorial", starter, "--reps", "2", "--out", &f],
        vec![
            "explore",
            "../explore/tests/fixtures/small.toml",
            "--worlds",
            "4",
            "--out",
            &f,
        ],
    ] {
        let output = cordon_here(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("is a file, not a directory"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
