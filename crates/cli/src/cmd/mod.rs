//! One module per subcommand; each has an `Args` struct (clap) and a `run` function.

pub mod check;
pub mod compare;
pub mod interdict;
pub mod merge;
pub mod network;
pub mod report;
pub mod run;
pub mod sa;
pub mod schema;
pub mod sensitivity;
pub mod show;
pub mod simulate;

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use cordon_model::Scenario;

use crate::exit::bad_input;

/// Loads a scenario file, or the embedded default scenario when `file` is `None`.
///
/// An unreadable file or an invalid scenario is bad input (exit code 2), with every diagnostic.
pub fn load_scenario(file: Option<&Path>) -> anyhow::Result<Scenario> {
    let Some(path) = file else {
        return Ok(cordon_model::default_scenario());
    };
    let bytes = read_input(path)?;
    cordon_model::parse(&path.display().to_string(), &bytes)
        .map_err(|diags| bad_input(diags.to_string()))
}

/// Reads an input file; failures are bad input.
pub fn read_input(path: &Path) -> anyhow::Result<Vec<u8>> {
    if path.is_dir() {
        return Err(bad_input(format!(
            "error: {} is a directory, not a file",
            path.display()
        )));
    }
    let meta = std::fs::metadata(path)
        .map_err(|e| bad_input(format!("error: cannot read {}: {e}", path.display())))?;
    // Refuse huge inputs before reading them into memory.
    if meta.len() > 64 * 1024 * 1024 {
        return Err(bad_input(format!(
            "error: {} is {:.0} MB, far larger than any input Cordon reads",
            path.display(),
            meta.len() as f64 / 1e6
        )));
    }
    std::fs::read(path)
        .map_err(|e| bad_input(format!("error: cannot read {}: {e}", path.display())))
}

/// Creates an output directory (and its parents).
pub fn create_out_dir(dir: &Path) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create output directory {}", dir.display()))?;
    Ok(dir.to_path_buf())
}

/// Takes the exclusive lock of a results directory for this command (exit 2, naming the holder,
/// if another process writes it).
pub fn lock_dir(dir: &Path) -> anyhow::Result<cordon_experiment::store::DirLock> {
    cordon_experiment::store::DirLock::acquire(dir, &command_line()).map_err(run::experiment_error)
}

/// This process's command line, as one line.
pub fn command_line() -> String {
    std::env::args().collect::<Vec<_>>().join(" ")
}
