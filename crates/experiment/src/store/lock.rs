//! One writer per results directory: an exclusive advisory lock on `DIR/.cordon-lock`, held
//! for as long as a command writes the directory, with the holder's pid and command line in
//! the file so that a second writer can say who holds it.
//!
//! The lock is the operating system's (`flock` on Unix, `LockFileEx` on Windows): it is released
//! when the holder exits, however it exits, so a crashed run leaves no stale lock behind.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use crate::error::ExperimentError;

/// The lock file's name inside a results directory.
pub const LOCK_FILE: &str = ".cordon-lock";

/// An exclusive lock on a results directory; released when dropped.
#[derive(Debug)]
pub struct DirLock {
    file: File,
    path: PathBuf,
}

impl DirLock {
    /// Takes the lock on `dir` (which must exist) for `command` (the command line, for the
    /// message another writer gets). Fails at once, naming the holder, if another process
    /// holds it.
    pub fn acquire(dir: &Path, command: &str) -> Result<DirLock, ExperimentError> {
        let path = dir.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| ExperimentError::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                return Err(ExperimentError::Locked {
                    dir: dir.to_path_buf(),
                    holder: describe_holder(&holder),
                });
            }
            Err(TryLockError::Error(e)) => return Err(ExperimentError::io(&path, e)),
        }
        let record = format!("pid {}\ncommand {command}\n", std::process::id());
        file.set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(record.as_bytes()))
            .and_then(|()| file.flush())
            .map_err(|e| ExperimentError::io(&path, e))?;
        Ok(DirLock { file, path })
    }

    /// Takes a shared lock on `dir`, for a command that only reads it (the shards a merge
    /// reads): any number of readers, but no writer, may hold it at once.
    pub fn acquire_shared(dir: &Path) -> Result<DirLock, ExperimentError> {
        let path = dir.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| ExperimentError::io(&path, e))?;
        match file.try_lock_shared() {
            Ok(()) => Ok(DirLock { file, path }),
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                Err(ExperimentError::Locked {
                    dir: dir.to_path_buf(),
                    holder: describe_holder(&holder),
                })
            }
            Err(TryLockError::Error(e)) => Err(ExperimentError::io(&path, e)),
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        // The lock goes with the file handle; the record of the writer goes with it (a reader
        // never wrote one, and must not erase the record of a writer it cannot coexist with).
        if self.file.try_lock().is_ok() {
            let _ = self.file.set_len(0);
        }
    }
}

/// "pid 1234 (cordon run …)" from the lock file's record.
fn describe_holder(record: &str) -> String {
    let field = |name: &str| {
        record
            .lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
            .map(str::trim)
    };
    match (field("pid"), field("command")) {
        (Some(pid), Some(command)) => format!("pid {pid} ({command})"),
        (Some(pid), None) => format!("pid {pid}"),
        _ => "another process (a reader, or a writer that has not written its pid yet)".to_string(),
    }
}
