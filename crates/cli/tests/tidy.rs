//! Tidy: the invariants of ARCHITECTURE.md (*Invariants*, *Code map*), checked on the sources
//! so that a change that breaks one fails here, with the file and line.
//!
//! - the crate graph: each crate's `[dependencies]` are within its allowed list (and a new
//!   crate must be given a list);
//! - the core crates (engine, model, net, sa) open no file, print nothing, read neither the
//!   clock nor the environment, and draw no ambient randomness;
//! - above them, files are touched only by the modules named here, and the clock is read only
//!   by the run records of `cordon-experiment` and by the CLI;
//! - no function of a crate's `src/` is longer than 120 lines (as `scripts/long-functions.py`
//!   counts them).

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
        "wargame",
        &[
            "cordon-model",
            "cordon-engine",
            "rand_distr",
            "serde",
            "thiserror",
        ],
    ),
    (
        "serve",
        &[
            "cordon-model",
            "cordon-engine",
            "cordon-experiment",
            "cordon-wargame",
            "axum",
            "tokio",
            "rusqlite",
            "sha2",
            "subtle",
            "getrandom",
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
const CORE: &[&str] = &["engine", "model", "net", "sa", "wargame"];

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
    "serve/src/db.rs",
    "optimize/src/store.rs",
    "optimize/src/store/",
    "cli/src/",
];

/// The only modules that read the clock (run records, progress and timing).
const CLOCK_MODULES: &[&str] = &[
    "experiment/src/store/manifest.rs",
    "serve/src/lib.rs",
    "cli/src/",
];

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

/// The longest a function of a crate's `src/` may be, in lines (tests excepted).
const MAX_FUNCTION_LINES: usize = 120;

/// The indent and name of a line that starts a function (`pub(crate) const unsafe fn name`).
fn function_start(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_start();
    let indent = &line[..line.len() - rest.len()];
    let mut r = rest;
    if let Some(after) = r.strip_prefix("pub") {
        let after = match after.strip_prefix('(') {
            Some(inner) => &inner[inner.find(')')? + 1..],
            None => after,
        };
        if after.starts_with(char::is_whitespace) {
            r = after.trim_start();
        }
    }
    for keyword in ["const", "async", "unsafe"] {
        if let Some(after) = r.strip_prefix(keyword)
            && after.starts_with(char::is_whitespace)
        {
            r = after.trim_start();
        }
    }
    let after = r.strip_prefix("fn")?;
    if !after.starts_with(char::is_whitespace) {
        return None;
    }
    let after = after.trim_start();
    let end = after
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(after.len());
    (end > 0).then(|| (indent, &after[..end]))
}

/// `(name, first line, lines)` of every function of a rustfmt-formatted file, as
/// `scripts/long-functions.py` finds them: from the `fn` line to the first line after it that
/// closes the brace at its indentation; `#[cfg(test)]` items, one-line functions and
/// declarations without a body are skipped.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut skip_indent: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        if let Some(indent) = skip_indent {
            if *line == format!("{}}}", " ".repeat(indent)) {
                skip_indent = None;
            }
            continue;
        }
        if line.trim() == "#[cfg(test)]" {
            skip_indent = Some(line.len() - line.trim_start().len());
            continue;
        }
        let Some((indent, name)) = function_start(line) else {
            continue;
        };
        let first = line.trim_end();
        if first.ends_with('}') || first.ends_with(';') {
            continue;
        }
        for (j, text) in lines.iter().enumerate().skip(i + 1) {
            let text_end = text.trim_end();
            if text.starts_with(indent) && text[indent.len()..].starts_with(';') {
                break;
            }
            if text_end.strip_prefix(indent) == Some("}") {
                out.push((name.to_string(), i + 1, j - i + 1));
                break;
            }
            if text_end.strip_prefix(indent) == Some(");") {
                break;
            }
        }
    }
    out
}

#[test]
fn no_function_is_longer_than_the_limit() {
    let root = crates_dir();
    let mut problems = Vec::new();
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
        for (name, line, length) in functions(&text) {
            if length > MAX_FUNCTION_LINES {
                problems.push(format!(
                    "crates/{relative}:{line}: fn {name} has {length} lines (at most \
                     {MAX_FUNCTION_LINES}): split it into named steps"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_length_check_finds_functions_as_the_script_does() {
    let text = "fn short() {}\n\
                pub(crate) fn two(\n    a: u8,\n) -> u8 {\n    a\n}\n\
                trait T {\n    fn declared(&self);\n    fn body(&self) {\n        x();\n    }\n}\n\
                #[cfg(test)]\nmod tests {\n    fn hidden() {\n        y();\n    }\n}\n";
    assert_eq!(
        functions(text),
        vec![("two".to_string(), 2, 5), ("body".to_string(), 9, 3)]
    );
}
