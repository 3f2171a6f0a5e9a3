//! The seal of a finished results directory: `state/finished` records the size and FNV-1a
//! checksum of every final file, so that a reader can tell the files are the ones the run
//! wrote, not edited, truncated or replaced since.
//!
//! ```text
//! cordon-finished 2
//! replications 1000
//! file runs.csv 123456 0123456789abcdef
//! …
//! ```

use std::fs::File;
use std::io::Read as _;
use std::path::Path;

use super::manifest::FINAL_FILES;
use super::{FINISHED, PLAN, state_dir, write_atomic};
use crate::error::ExperimentError;

const MAGIC: &str = "cordon-finished 2";

/// Size and FNV-1a of a file, read in blocks.
fn checksum(path: &Path) -> Result<(u64, u64), ExperimentError> {
    let mut file = File::open(path).map_err(|e| ExperimentError::io(path, e))?;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut size = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| ExperimentError::io(path, e))?;
        if n == 0 {
            return Ok((size, h));
        }
        size += n as u64;
        for &byte in &buf[..n] {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// Writes `state/finished` with the checksums of the final files: the directory is complete.
pub(crate) fn write(dir: &Path, replications: u64) -> Result<(), ExperimentError> {
    let mut text = format!("{MAGIC}\nreplications {replications}\n");
    for file in FINAL_FILES {
        let path = dir.join(file);
        if path.exists() {
            let (size, sum) = checksum(&path)?;
            text.push_str(&format!("file {file} {size} {sum:016x}\n"));
        }
    }
    Ok(write_atomic(
        &state_dir(dir).join(FINISHED),
        text.as_bytes(),
    )?)
}

/// Checks the final files of `dir` against its seal. A directory without `state/` (final files
/// copied elsewhere) has no seal to check; one whose run has not finished, or whose files
/// differ from what the run wrote, is refused.
pub fn verify(dir: &Path) -> Result<(), ExperimentError> {
    let sdir = state_dir(dir);
    if !sdir.is_dir() {
        return Ok(());
    }
    let path = sdir.join(FINISHED);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if sdir.join(PLAN).exists() {
                return Err(ExperimentError::Invalid(format!(
                    "{} holds an unfinished experiment: finish it with --resume before reading it",
                    dir.display()
                )));
            }
            return Ok(());
        }
        Err(e) => return Err(ExperimentError::io(&path, e)),
    };
    let mut lines = text.lines();
    if lines.next() != Some(MAGIC) {
        // A seal of an older Cordon (the replication count alone): nothing to check.
        return Ok(());
    }
    for (i, line) in lines.enumerate() {
        let Some(rest) = line.strip_prefix("file ") else {
            continue;
        };
        let parts: Vec<&str> = rest.split(' ').collect();
        let bad = || ExperimentError::corrupt(&path, Some(i as u64 + 2), "malformed seal line");
        let [file, size, sum] = parts[..] else {
            return Err(bad());
        };
        if !FINAL_FILES.contains(&file) {
            return Err(bad());
        }
        let (size, sum) = (
            size.parse::<u64>().map_err(|_| bad())?,
            u64::from_str_radix(sum, 16).map_err(|_| bad())?,
        );
        let target = dir.join(file);
        let found = match checksum(&target) {
            Ok(found) => found,
            Err(ExperimentError::File(crate::files::FileError::Io { source, .. }))
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                return Err(ExperimentError::corrupt(
                    &target,
                    None,
                    "missing: the run wrote it (see state/finished)",
                ));
            }
            Err(e) => return Err(e),
        };
        if found != (size, sum) {
            return Err(ExperimentError::corrupt(
                &target,
                None,
                format!(
                    "changed since the run wrote it ({} bytes, checksum {:016x}; state/finished records {size} bytes, checksum {sum:016x})",
                    found.0, found.1
                ),
            ));
        }
    }
    Ok(())
}
