//! One module per subcommand; each has an `Args` struct (clap) and a `run` function.

pub mod check;
pub mod compare;
pub mod explain;
pub mod explore;
pub mod factorial;
pub mod init;
pub mod interdict;
pub mod merge;
pub mod network;
pub mod occupied;
pub mod optimize;
pub mod prim;
pub mod report;
pub mod run;
pub mod sa;
pub mod schema;
pub mod sensitivity;
pub mod serve;
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

/// The largest input file Cordon reads (64 MiB).
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// How long to wait for the first bytes of a FIFO (a named pipe) before giving up on it.
const FIFO_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Reads an input file; failures are bad input. Reads at most [`MAX_INPUT_BYTES`] whatever
/// the file is (an endless stream is refused once past it), and gives up on a FIFO that no
/// process writes to.
pub fn read_input(path: &Path) -> anyhow::Result<Vec<u8>> {
    let shown = crate::escape::text(&path.display().to_string());
    if path.is_dir() {
        return Err(bad_input(format!(
            "error: {shown} is a directory, not a file"
        )));
    }
    let meta = std::fs::metadata(path)
        .map_err(|e| bad_input(format!("error: cannot read {shown}: {e}")))?;
    // Refuse huge inputs before reading them into memory.
    if meta.len() > MAX_INPUT_BYTES {
        return Err(bad_input(format!(
            "error: {shown} is {:.0} MB, far larger than any input Cordon reads",
            meta.len() as f64 / 1e6
        )));
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = path.to_path_buf();
    // Opening a FIFO blocks until a writer opens it: the read runs on its own thread.
    std::thread::spawn(move || {
        use std::io::Read as _;
        let result = std::fs::File::open(&owned).and_then(|file| {
            let mut bytes = Vec::new();
            file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)?;
            Ok(bytes)
        });
        let _ = tx.send(result);
    });
    let wait = if meta.is_file() {
        std::time::Duration::MAX
    } else {
        FIFO_WAIT
    };
    let bytes = match rx.recv_timeout(wait) {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e)) => return Err(bad_input(format!("error: cannot read {shown}: {e}"))),
        Err(_) => {
            return Err(bad_input(format!(
                "error: nothing arrived from {shown} in {} s: it is not a regular file (a pipe with no writer?)",
                FIFO_WAIT.as_secs()
            )));
        }
    };
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(bad_input(format!(
            "error: {shown} goes on past {} MiB, far more than any input Cordon reads (an endless stream?)",
            MAX_INPUT_BYTES >> 20
        )));
    }
    Ok(bytes)
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
