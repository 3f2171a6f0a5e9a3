//! The journal: one append-only text file per course of action, one checksummed line per
//! completed replication, fsync'd after every chunk of units.
//!
//! ```text
//! #cordon-journal 1 <plan hash>\t<checksum>
//! <replication>\tok\t<value>,<value>,…\t<checksum>
//! <replication>\terr\t<escaped message>\t<checksum>
//! ```
//!
//! The checksum is FNV-1a (64 bits, 16 hex digits) of the bytes before the last tab. Values are
//! written with Rust's shortest round-trip formatting (`NaN` for "never"), so reading a line
//! gives back the exact numbers. Replications follow each other without gaps from the first of
//! the shard. A last line without its newline or with a wrong checksum is a torn write and is
//! cut off on resume; a bad line anywhere else means the file was damaged.

use std::fs::{File, OpenOptions};
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};

use crate::error::ExperimentError;
use crate::files::FileError;
use crate::summary::Row;

/// FNV-1a, 64 bits.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        h ^= u64::from(*byte);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn seal(payload: &str) -> String {
    format!("{payload}\t{:016x}\n", fnv1a(payload.as_bytes()))
}

/// The first line of a journal.
pub(crate) fn header_line(plan_hash: &str) -> String {
    seal(&format!("#cordon-journal 1 {plan_hash}"))
}

/// A number as Cordon writes it in text files: the shortest decimal that reads back as the
/// same `f64`, in exponent form beyond 1e16 and below 1e-5 (`1500`, `0.25`, `8e302`, `NaN`).
pub fn format_number(x: f64) -> String {
    let magnitude = x.abs();
    if x.is_finite() && x != 0.0 && !(1e-5..1e16).contains(&magnitude) {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// The outcome values of a line, as written.
pub(crate) fn values_payload(values: &[f64]) -> String {
    let mut out = String::with_capacity(values.len() * 12);
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format_number(*v));
    }
    out
}

/// The line of one replication.
pub(crate) fn entry_line(replication: u64, outcome: &Result<Vec<f64>, String>) -> String {
    match outcome {
        Ok(values) => seal(&format!("{replication}\tok\t{}", values_payload(values))),
        Err(message) => seal(&format!("{replication}\terr\t{}", escape(message))),
    }
}

fn escape(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for ch in message.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        if ch == '\\' {
            match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(c) => out.push(c),
                None => out.push('\\'),
            }
        } else {
            out.push(ch);
        }
    }
    out
}

/// One line of a journal, checked.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Entry {
    /// The comma-separated values, as written.
    Ok {
        replication: u64,
        payload: String,
    },
    Failed {
        replication: u64,
        message: String,
    },
}

impl Entry {
    /// The journal line of the entry.
    pub(crate) fn line(&self) -> String {
        match self {
            Entry::Ok {
                replication,
                payload,
            } => seal(&format!("{replication}\tok\t{payload}")),
            Entry::Failed {
                replication,
                message,
            } => seal(&format!("{replication}\terr\t{}", escape(message))),
        }
    }

    pub(crate) fn replication(&self) -> u64 {
        match self {
            Entry::Ok { replication, .. } | Entry::Failed { replication, .. } => *replication,
        }
    }
}

/// The payload of a sealed line (without its newline), if its checksum holds.
fn unseal(line: &str) -> Option<&str> {
    let (payload, sum) = line.rsplit_once('\t')?;
    let sum = u64::from_str_radix(sum, 16).ok()?;
    (sum == fnv1a(payload.as_bytes()) && line.len() - payload.len() == 17).then_some(payload)
}

fn parse_entry(line: &str) -> Option<Entry> {
    let payload = unseal(line)?;
    let mut parts = payload.splitn(3, '\t');
    let replication: u64 = parts.next()?.parse().ok()?;
    let status = parts.next()?;
    let rest = parts.next()?;
    match status {
        "ok" => Some(Entry::Ok {
            replication,
            payload: rest.to_string(),
        }),
        "err" => Some(Entry::Failed {
            replication,
            message: unescape(rest),
        }),
        _ => None,
    }
}

/// Parses the values of an `ok` line.
pub(crate) fn parse_values(payload: &str) -> Option<Vec<f64>> {
    if payload.is_empty() {
        return Some(Vec::new());
    }
    payload.split(',').map(|v| v.parse().ok()).collect()
}

/// What [`recover`] found in a journal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Recovered {
    /// Valid entries (replications `first..first + done`).
    pub done: u64,
    /// Whether a torn last line was cut off.
    pub truncated: bool,
}

/// Counts the valid entries of a journal without changing it (0 if it does not exist).
pub(crate) fn count_valid(
    path: &Path,
    plan_hash: &str,
    first: u64,
) -> Result<u64, ExperimentError> {
    if !path.exists() {
        return Ok(0);
    }
    scan(path, plan_hash, first, false).map(|r| r.done)
}

/// Reads a journal, checks every line, cuts off a torn last line, and counts the entries.
///
/// A missing or empty file, or one whose header was torn, is (re)started with a header.
pub(crate) fn recover(
    path: &Path,
    plan_hash: &str,
    first: u64,
) -> Result<Recovered, ExperimentError> {
    scan(path, plan_hash, first, true)
}

fn scan(
    path: &Path,
    plan_hash: &str,
    first: u64,
    repair: bool,
) -> Result<Recovered, ExperimentError> {
    let header = header_line(plan_hash);
    let write_new = |path: &Path, header: &str| {
        if repair {
            write_new(path, header)
        } else {
            Ok(())
        }
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            write_new(path, &header)?;
            return Ok(Recovered {
                done: 0,
                truncated: false,
            });
        }
        Err(e) => return Err(FileError::io(path, e).into()),
    };
    let mut reader = BufReader::new(file);
    let mut line = Vec::new();
    let mut offset: u64 = 0;
    let mut done = 0;
    let mut line_no: u64 = 0;
    let mut cut: Option<u64> = None;
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| FileError::io(path, e))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let complete = line.last() == Some(&b'\n');
        let text = std::str::from_utf8(&line[..line.len() - usize::from(complete)]).ok();
        if line_no == 1 {
            if !complete {
                // The header itself was torn: nothing was recorded yet.
                write_new(path, &header)?;
                return Ok(Recovered {
                    done: 0,
                    truncated: true,
                });
            }
            if line != header.as_bytes() {
                return Err(FileError::corrupt(
                    path,
                    Some(1),
                    "this journal belongs to another experiment plan",
                )
                .into());
            }
            offset += n as u64;
            continue;
        }
        let entry = text.filter(|_| complete).and_then(parse_entry);
        match entry {
            Some(entry) if entry.replication() == first + done => {
                done += 1;
                offset += n as u64;
            }
            Some(entry) => {
                return Err(FileError::corrupt(
                    path,
                    Some(line_no),
                    format!(
                        "expected replication {}, found {}",
                        first + done,
                        entry.replication()
                    ),
                )
                .into());
            }
            None => {
                // Torn only if nothing follows.
                let mut rest = Vec::new();
                std::io::Read::read_to_end(&mut reader, &mut rest)
                    .map_err(|e| FileError::io(path, e))?;
                if !rest.is_empty() {
                    return Err(FileError::corrupt(
                        path,
                        Some(line_no),
                        "damaged line (bad checksum) before the end of the journal",
                    )
                    .into());
                }
                cut = Some(offset);
                break;
            }
        }
    }
    if line_no == 0 {
        write_new(path, &header)?;
        return Ok(Recovered {
            done: 0,
            truncated: false,
        });
    }
    if let Some(len) = cut.filter(|_| repair) {
        let file = OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| FileError::io(path, e))?;
        file.set_len(len).map_err(|e| FileError::io(path, e))?;
        file.sync_all().map_err(|e| FileError::io(path, e))?;
    }
    Ok(Recovered {
        done,
        truncated: cut.is_some(),
    })
}

fn write_new(path: &Path, header: &str) -> Result<(), ExperimentError> {
    let mut file = File::create(path).map_err(|e| FileError::io(path, e))?;
    file.write_all(header.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| FileError::io(path, e).into())
}

/// Appends lines to a journal; [`Self::commit`] writes and fsyncs them.
pub(crate) struct JournalWriter {
    path: PathBuf,
    file: File,
    pending: Vec<u8>,
}

impl JournalWriter {
    pub(crate) fn open(path: &Path) -> Result<JournalWriter, ExperimentError> {
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| FileError::io(path, e))?;
        Ok(JournalWriter {
            path: path.to_path_buf(),
            file,
            pending: Vec::new(),
        })
    }

    pub(crate) fn push(&mut self, line: &str) {
        self.pending.extend_from_slice(line.as_bytes());
    }

    pub(crate) fn commit(&mut self) -> Result<(), ExperimentError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        self.file
            .write_all(&self.pending)
            .and_then(|()| self.file.sync_data())
            .map_err(|e| FileError::io(&self.path, e))?;
        self.pending.clear();
        Ok(())
    }
}

/// Reads the entries of a journal in order (after [`recover`] checked it).
pub(crate) struct JournalReader {
    path: PathBuf,
    reader: BufReader<File>,
    line: String,
    line_no: u64,
    remaining: u64,
}

impl JournalReader {
    /// At most `limit` entries.
    pub(crate) fn open(path: &Path, limit: u64) -> Result<JournalReader, ExperimentError> {
        let file = File::open(path).map_err(|e| match e.kind() {
            // The directory's plan names every journal: one that is not there is a damaged or
            // incomplete results directory (bad input), not a machine failure.
            std::io::ErrorKind::NotFound => FileError::corrupt(
                path,
                None,
                "missing: the directory's plan (state/plan.json) names this journal; the directory is incomplete or its plan damaged",
            ),
            _ => FileError::io(path, e),
        })?;
        let mut reader = JournalReader {
            path: path.to_path_buf(),
            reader: BufReader::with_capacity(1 << 16, file),
            line: String::new(),
            line_no: 0,
            remaining: limit,
        };
        // Skip the header.
        reader.read_line()?;
        Ok(reader)
    }

    fn read_line(&mut self) -> Result<bool, ExperimentError> {
        self.line.clear();
        let n = self
            .reader
            .read_line(&mut self.line)
            .map_err(|e| FileError::io(&self.path, e))?;
        self.line_no += 1;
        Ok(n > 0)
    }

    fn next_entry(&mut self) -> Result<Option<Entry>, ExperimentError> {
        if self.remaining == 0 || !self.read_line()? {
            return Ok(None);
        }
        self.remaining -= 1;
        let text = self.line.strip_suffix('\n').unwrap_or(&self.line);
        parse_entry(text).map(Some).ok_or_else(|| {
            FileError::corrupt(&self.path, Some(self.line_no), "damaged journal line").into()
        })
    }

    fn corrupt(&self, reason: &str) -> ExperimentError {
        FileError::corrupt(&self.path, Some(self.line_no), reason).into()
    }
}

impl Iterator for JournalReader {
    type Item = Result<Entry, ExperimentError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_entry().transpose()
    }
}

/// The successful replications of a journal, parsed.
pub(crate) struct JournalRows(pub JournalReader);

impl Iterator for JournalRows {
    type Item = Result<Row, ExperimentError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.0.next()? {
                Err(e) => return Some(Err(e)),
                Ok(Entry::Failed { .. }) => continue,
                Ok(Entry::Ok {
                    replication,
                    payload,
                }) => {
                    return Some(
                        parse_values(&payload)
                            .map(|v| (replication, v))
                            .ok_or_else(|| self.0.corrupt("unreadable outcome values")),
                    );
                }
            }
        }
    }
}
