//! Every command of the README (the "Two commands" and "A short tour" blocks) and of
//! `cordon --help`'s examples runs as written from a clean copy of the repository's inputs
//! (`examples/`, `scenarios/`), through `sh`, with `cordon` on the PATH.
//!
//! One change only, so that the test takes seconds: the number of replications (`--reps`, and
//! `--n` of `cordon sensitivity`) is scaled down; every other argument, file and redirection is
//! as written. A command that needs a file the repository does not ship fails here.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh directory holding copies of the repository's example inputs: what a user of a
/// fresh clone has at its root (and no `out/`).
fn clean_root(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("cordon-readme-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for dir in ["examples", "scenarios"] {
        copy_dir(&repo().join(dir), &root.join(dir));
    }
    root
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The `sh` code blocks of a README section (from its `## ` heading to the next).
fn blocks(readme: &str, section: &str) -> Vec<String> {
    let start = readme
        .find(&format!("## {section}\n"))
        .unwrap_or_else(|| panic!("README has no section {section}"));
    let body = &readme[start + 3..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    let mut lines = Vec::new();
    let mut inside = false;
    for line in body.lines() {
        if line.starts_with("```") {
            inside = line == "```sh";
            continue;
        }
        if inside && !line.trim().is_empty() {
            lines.push(line.to_string());
        }
    }
    lines
}

/// A README line as a command: its comment dropped, `cargo run … --` as `cordon`; `None` for
/// the build and test commands themselves.
fn command_of_readme(line: &str) -> Option<String> {
    let command = line.split("  #").next().unwrap_or(line).trim();
    if command.starts_with("cargo test") || command.starts_with("cargo build") {
        return None;
    }
    Some(
        command
            .replace("cargo run --release --bin cordon --", "cordon")
            .to_string(),
    )
}

/// The replications scaled down: `--reps N` → 2 (added to ensemble commands without it), and
/// for `cordon sensitivity` `--n N` → 2 and one replication per point, for `cordon explore`
/// `--worlds N` → 4 and one replication per world.
fn scaled(command: &str) -> String {
    let mut words: Vec<String> = command.split_whitespace().map(String::from).collect();
    let sub = words.get(1).cloned().unwrap_or_default();
    let set = |words: &mut Vec<String>, flag: &str, value: &str| {
        match words.iter().position(|w| w == flag) {
            Some(i) if i + 1 < words.len() => words[i + 1] = value.to_string(),
            _ => {
                // Before any redirection.
                let at = words.iter().position(|w| w == ">").unwrap_or(words.len());
                words.insert(at, value.to_string());
                words.insert(at, flag.to_string());
            }
        }
    };
    match sub.as_str() {
        "compare" | "run" | "factorial" => set(&mut words, "--reps", "2"),
        "explore" => {
            set(&mut words, "--worlds", "4");
            set(&mut words, "--reps", "1");
        }
        "sensitivity" => {
            set(&mut words, "--n", "2");
            set(&mut words, "--reps", "1");
        }
        _ => {}
    }
    words.join(" ")
}

/// Runs `commands` in order in a clean root; every one must exit 0.
fn run_all(name: &str, commands: &[String]) {
    let root = clean_root(name);
    let bin = Path::new(env!("CARGO_BIN_EXE_cordon"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for command in commands {
        let run = scaled(command);
        let output = Command::new("sh")
            .arg("-c")
            .arg(&run)
            .current_dir(&root)
            .env("PATH", &path)
            .output()
            .expect("sh runs");
        assert!(
            output.status.success(),
            "`{command}` (run as `{run}`) failed with {}:\n{}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn readme_tour() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let mut commands = Vec::new();
    for section in ["Two commands", "A short tour"] {
        commands.extend(
            blocks(&readme, section)
                .iter()
                .filter_map(|l| command_of_readme(l)),
        );
    }
    assert!(commands.len() >= 10, "{commands:?}");
    assert!(
        commands.iter().all(|c| c.starts_with("cordon ")),
        "{commands:?}"
    );
    run_all("tour", &commands);
}

#[test]
fn help_examples() {
    // Wide enough that clap does not wrap an example.
    let output = Command::new(env!("CARGO_BIN_EXE_cordon"))
        .arg("--help")
        .env("COLUMNS", "400")
        .output()
        .expect("cordon --help");
    let help = String::from_utf8_lossy(&output.stdout).to_string();
    let examples = &help[help.find("Examples:").expect("an Examples section")..];
    let commands: Vec<String> = examples
        .lines()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        // A description wrapped onto a line of its own is not a command.
        .filter(|l| l.trim_start().starts_with("cordon "))
        .map(|l| {
            // The command ends where its description starts (three spaces or more).
            let l = l.trim();
            l.split("   ").next().unwrap_or(l).trim().to_string()
        })
        .collect();
    assert!(commands.len() >= 8, "{commands:?}");
    assert!(
        commands.iter().all(|c| c.starts_with("cordon ")),
        "{commands:?}"
    );
    run_all("help", &commands);
}

#[test]
fn scaling_changes_only_the_replications() {
    assert_eq!(
        scaled("cordon compare --reps 1000"),
        "cordon compare --reps 2"
    );
    assert_eq!(scaled("cordon factorial"), "cordon factorial --reps 2");
    assert_eq!(
        scaled("cordon sensitivity --method sobol --n 1024 --metric fighters_total"),
        "cordon sensitivity --method sobol --n 2 --metric fighters_total --reps 1"
    );
    assert_eq!(
        scaled(
            "cordon sa sample --method sobol --params examples/params.txt --n 1024 > design.csv"
        ),
        "cordon sa sample --method sobol --params examples/params.txt --n 1024 > design.csv"
    );
    assert_eq!(
        command_of_readme("cargo run --release --bin cordon -- compare   # the main job"),
        Some("cordon compare".to_string())
    );
    assert_eq!(
        command_of_readme("cargo test --workspace   # the tests"),
        None
    );
}
