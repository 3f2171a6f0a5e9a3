//! The file edge shared by every crate that writes or reads results (`cordon-experiment`,
//! `cordon-report`, `cordon-sensitivity`): one vocabulary for file problems ([`FileError`])
//! and one way to put a file in place so that a reader never sees half of it
//! ([`write_atomic`], [`Pending`]).

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// A file problem: the machine could not read or write it, or it is not what Cordon writes.
///
/// Each crate's error wraps it (`ExperimentError::File`, `ReportError::File`,
/// `SensitivityError::File`) and shows it unchanged.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FileError {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file is not what Cordon writes.
    #[error("{}{}: {reason}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Corrupt {
        path: PathBuf,
        /// 1-based line, where the problem has one.
        line: Option<u64>,
        reason: String,
    },
    /// The Parquet writer failed.
    #[error("{}: parquet: {message}", path.display())]
    Parquet { path: PathBuf, message: String },
}

impl FileError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> FileError {
        FileError::Io {
            path: path.into(),
            source,
        }
    }

    pub fn corrupt(
        path: impl Into<PathBuf>,
        line: Option<u64>,
        reason: impl Into<String>,
    ) -> FileError {
        FileError::Corrupt {
            path: path.into(),
            line,
            reason: reason.into(),
        }
    }

    pub fn parquet(path: impl Into<PathBuf>, message: impl std::fmt::Display) -> FileError {
        FileError::Parquet {
            path: path.into(),
            message: message.to_string(),
        }
    }

    /// Whether the input is at fault (a file that is not what Cordon writes: the CLI exits
    /// with code 2), rather than the machine or the program.
    pub fn is_bad_input(&self) -> bool {
        match self {
            FileError::Corrupt { .. } => true,
            // Text that is not UTF-8 is a damaged file, not a machine failure.
            FileError::Io { source, .. } => source.kind() == std::io::ErrorKind::InvalidData,
            FileError::Parquet { .. } => false,
        }
    }
}

/// Writes a file atomically: a temporary file beside it, fsync, rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let pending = Pending::new(path);
    let mut file = pending.create()?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| FileError::io(pending.tmp(), e))?;
    pending.finish()
}

/// A file written under a temporary name beside it (`NAME.tmp`) and renamed into place when
/// complete, for writers that stream (CSV and Parquet tables, journals).
#[derive(Debug)]
pub struct Pending {
    tmp: PathBuf,
    path: PathBuf,
}

impl Pending {
    pub fn new(path: &Path) -> Pending {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".tmp");
        Pending {
            tmp: path.with_file_name(name),
            path: path.to_path_buf(),
        }
    }

    /// The temporary file's path: write here, then [`Pending::finish`].
    pub fn tmp(&self) -> &Path {
        &self.tmp
    }

    /// Creates (or truncates) the temporary file.
    pub fn create(&self) -> Result<File, FileError> {
        File::create(&self.tmp).map_err(|e| FileError::io(&self.tmp, e))
    }

    /// Renames the complete temporary file into place, durably where the platform allows.
    pub fn finish(self) -> Result<(), FileError> {
        std::fs::rename(&self.tmp, &self.path).map_err(|e| FileError::io(&self.path, e))?;
        sync_dir(self.path.parent().unwrap_or(Path::new(".")));
        Ok(())
    }
}

/// Makes a rename durable (best effort: not every platform can open a directory).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}
