//! Tidy: the invariants of ARCHITECTURE.md (*Invariants*, *Code map*), checked on the sources
//! so that a change that breaks one fails here, with the file and line.
//!
//! - the crate graph: each crate's `[dependencies]` are within its allowed list (and a new
//!   crate must be given a list);
//! - the core crates (engine, model, net, sa) open no file, print nothing, read neither the
//!   clock nor the environment, and draw no ambient randomness;
//! - above them, files are touched only by the modules named here, and the clock is read only
//!   by the run records of `cordon-experiment` and by the CLI.

use std::path::{Path, PathBuf};

/// Each library crate (folder under `crates/`) and the dependencies it may have. The CLI
/// may depend on anything.
const ALLOWED_DEPENDENCIES: &[(&str, &[&str])] = &[
    ("model", &["toml", "serde_json", "strsim", "thiserror"]),
    (
        "net",
        &["petgraph", "good_lp", "csv", "rayon", "thiserror", "strsim"],
    ),
    (
        "sa",
        &[
            "rand",
            "rand_chacha",
            "rayon",
            "serde",
            "statrs",
            "strsim",
            "thiserror",
        ],
    ),
    (
        "engine",
        &[
            "cordon-model",
            "cordon-net",
            "rand",
            "rand_chacha",
            "rand_distr",
            "thiserror",
        ],
    ),
    (
        "experiment",
        &[
            "cordon-model",
            "cordon-engine",
            "csv",
            "parquet",
            "rayon",
            "serde",
            "serde_json",
            "statrs",
            "thiserror",
        ],
    ),
    (
        "report",
        &[
            "cordon-model",
            "cordon-engine",
            "cordon-experiment",
            "csv",
            "plotters",
            "png",
            "serde_json",
            "thiserror",
            "toml",
        ],
    ),
    (
        "sensitivity",
        &[
            "cordon-model",
            "cordon-engine",
            "cordon-experiment",
            "cordon-sa",
            "rayon",
            "serde",
            "serde_json",
            "thiserror",
        ],
    ),
    (
        "explore",
        &[
            "cordon-model",
            "cordon-engine",
            "cordon-experiment",
            "cordon-sa",
            "cordon-sensitivity",
            "rayon",
            "serde",
            "serde_json",
            "thiserror",
        ],
    ),
    (
        "optimize",
        &[
            "cordon-model",
            "cordon-engine",
            "cordon-experiment",
            "cordon-explore",
            "cordon-sensitivity",
            "rand",
            "rand_chacha",
            "rayon",
            "serde_json",
            "thiserror",
        ],
    ),
];

/// The crates below the edge: no I/O, no clock, no ambient randomness.
const CORE: &[&str] = &["engine", "model", "net", "sa"];

/// What the core crates must not contain, and why.
const CORE_FORBIDDEN: &[(&str, &str)] = &[
    ("std::fs", "file access"),
    ("File::", "file access"),
    ("println!", "printing"),
    ("eprintln!", "printing"),
    ("print!(", "printing"),
    ("eprint!(", "printing"),
    ("stdout()", "printing"),
    ("stderr()", "printing"),
    ("SystemTime", "the clock"),
    ("Instant::", "the clock"),
    ("std::env", "the environment"),
    ("thread_rng", "ambient randomness"),
    ("rand::rng()", "ambient randomness"),
];

/// The only modules (paths under `crates/`) that open, write or remove files.
const FILE_MODULES: &[&str] = &[
    "experiment/src/files.rs",
    "experiment/src/experiment.rs",
    "experiment/src/store/",
    "report/src/lib.rs",
    "report/src/load.rs",
    "sensitivity/src/store.rs",
    "explore/src/store.rs",
    "optimize/src/store.rs",
    "cli/src/",
];

/// The only modules that read the clock (run records, progress and timing).
const CLOCK_MODULES: &[&str] = &["experiment/src/store/manifest.rs", "cli/src/"];

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("crates/")
        .to_path_buf()
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// `(crate-relative path, line number, line)` of every code line (comments left out) of the
/// `src/` of every crate.
fn source_lines() -> Vec<(String, usize, String)> {
    let root = crates_dir();
    let mut out = Vec::new();
    for file in rust_files(&root) {
        let relative = file
            .strip_prefix(&root)
            .expect("under crates/")
            .to_string_lossy()
            .replace('\\', "/");
        if relative.split('/').nth(1).is_none_or(|part| part != "src") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("readable source");
        for (i, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            out.push((relative.clone(), i + 1, line.to_string()));
        }
    }
    out
}

/// The names under `[dependencies]` of a Cargo.toml.
fn dependencies(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut inside = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == "[dependencies]";
            continue;
        }
        if inside && !line.is_empty() && !line.starts_with('#') {
            let name = line.split(['=', '.']).next().unwrap_or("").trim();
            names.push(name.to_string());
        }
    }
    names
}

#[test]
fn each_crate_depends_only_on_what_the_architecture_allows() {
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(crates_dir()).expect("crates/") {
        let dir = entry.expect("entry").path();
        let name = dir
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if name == "cli" || !dir.join("Cargo.toml").exists() {
            continue;
        }
        let Some((_, allowed)) = ALLOWED_DEPENDENCIES.iter().find(|(c, _)| *c == name) else {
            problems.push(format!(
                "crates/{name} has no entry in ALLOWED_DEPENDENCIES: add its allowed \
                 dependencies here and its place in ARCHITECTURE.md"
            ));
            continue;
        };
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("Cargo.toml");
        for dependency in dependencies(&manifest) {
            if !allowed.contains(&dependency.as_str()) {
                problems.push(format!(
                    "crates/{name}/Cargo.toml depends on `{dependency}`, which the \
                     architecture does not allow it"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_core_crates_do_no_io_and_read_no_clock() {
    let mut problems = Vec::new();
    for (path, line_no, line) in source_lines() {
        let krate = path.split('/').next().unwrap_or("");
        if !CORE.contains(&krate) {
            continue;
        }
        for (pattern, what) in CORE_FORBIDDEN {
            if line.contains(pattern) {
                problems.push(format!(
                    "crates/{path}:{line_no}: `{pattern}` ({what}) in a core crate: {}",
                    line.trim()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn files_and_the_clock_are_touched_only_at_the_edge() {
    let mut problems = Vec::new();
    for (path, line_no, line) in source_lines() {
        let allowed = |modules: &[&str]| modules.iter().any(|m| path.starts_with(m));
        if (line.contains("std::fs") || line.contains("File::")) && !allowed(FILE_MODULES) {
            problems.push(format!(
                "crates/{path}:{line_no}: file access outside the file modules: {}",
                line.trim()
            ));
        }
        if (line.contains("SystemTime") || line.contains("Instant::")) && !allowed(CLOCK_MODULES) {
            problems.push(format!(
                "crates/{path}:{line_no}: the clock read outside the run records: {}",
                line.trim()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
