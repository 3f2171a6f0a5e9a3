//! The results directory: the edge where experiments meet files. The engine and the rest of
//! this crate never touch a file; everything on disk is written and read here.
//!
//! ```text
//! DIR/manifest.json            what produced the directory (see manifest.rs)
//! DIR/runs.csv, runs.parquet   one row per course of action × successful replication
//! DIR/bands.csv, bands.parquet per course, recorded day, region and variable: mean, quantiles
//! DIR/failures.csv             replications whose engine returned an error
//! DIR/cuts.csv, mean_field_*.csv  per course: the optimiser's cuts and one mean-field run
//! DIR/state/plan.json          the experiment's identity: what --resume and merge check
//! DIR/state/scenario.toml      the fully resolved scenario
//! DIR/state/journal-NNN.log    per course of action: one checksummed line per replication
//! DIR/state/bands.ckpt         band cells of the replications journaled so far (checkpoint)
//! DIR/state/finished           written last: the final files are complete
//! ```
//!
//! Final files are written from `state/` only, in (course, replication) order, so they are the
//! same whatever the threads, interruptions or shards that filled `state/`.

pub(crate) mod journal;
pub mod lock;
pub use journal::format_number;
pub use lock::DirLock;
pub mod courses;
pub mod manifest;
pub mod parquet;
pub mod seal;
mod tables;

use std::fs::File;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::bands::{BandLayout, Bands};
use crate::error::ExperimentError;
use crate::files::{FileError, Pending, write_atomic};
use crate::summary::{Comparison, Row, RowSource, summarize};
use journal::{JournalReader, JournalRows, JournalWriter};
pub use manifest::RunInfo;
pub use tables::{RunRow, Runs, first_failure, read_runs_csv};

const STATE: &str = "state";
const PLAN: &str = "plan.json";
const SCENARIO: &str = "scenario.toml";
const BANDS: &str = "bands.ckpt";
const FINISHED: &str = "finished";
const CHECKPOINT_MAGIC: &[u8] = b"CORDON-BANDS 1\n";

/// The identity of an experiment: everything its results depend on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Plan {
    pub format: String,
    pub cordon_version: String,
    pub git_commit: String,
    pub scenario_name: String,
    pub scenario_hash: String,
    pub seed: u64,
    pub mode: String,
    pub coas: Vec<String>,
    /// Replications per course of action (the ceiling of an adaptive run).
    pub replications: u64,
    pub shard_index: u64,
    pub shard_count: u64,
    pub ci_width: Option<f64>,
    pub ci_batch: u64,
    pub band_every_steps: u64,
    pub outcomes: Vec<String>,
}

impl Plan {
    pub(crate) fn hash(&self) -> String {
        let text = serde_json::to_string(self).unwrap_or_default();
        format!("{:016x}", journal::fnv1a(text.as_bytes()))
    }

    /// The replications of this shard: `[⌊i·R/n⌋, ⌊(i+1)·R/n⌋)`.
    pub(crate) fn range(&self) -> (u64, u64) {
        shard_range(self.replications, self.shard_index, self.shard_count)
    }

    /// The first field that differs from `other`, as (name, self's value, other's value).
    fn difference(&self, other: &Plan) -> Option<(String, String, String)> {
        let a = serde_json::to_value(self).ok()?;
        let b = serde_json::to_value(other).ok()?;
        let (a, b) = (a.as_object()?, b.as_object()?);
        a.iter().find_map(|(key, va)| {
            let vb = b.get(key)?;
            (va != vb).then(|| (key.clone(), va.to_string(), vb.to_string()))
        })
    }
}

pub(crate) fn shard_range(replications: u64, index: u64, count: u64) -> (u64, u64) {
    let at = |i: u64| (u128::from(replications) * u128::from(i) / u128::from(count.max(1))) as u64;
    (at(index), at(index + 1))
}

fn state_dir(dir: &Path) -> PathBuf {
    dir.join(STATE)
}

fn journal_path(dir: &Path, coa: usize) -> PathBuf {
    state_dir(dir).join(format!("journal-{coa:03}.log"))
}

fn read_plan(dir: &Path) -> Result<Plan, ExperimentError> {
    let path = state_dir(dir).join(PLAN);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            ExperimentError::Invalid(format!(
                "{} is not a Cordon results directory (no state/plan.json)",
                dir.display()
            ))
        } else {
            FileError::io(&path, e).into()
        }
    })?;
    serde_json::from_str(&text).map_err(|e| FileError::corrupt(&path, None, e.to_string()).into())
}

/// The experiment state on disk, open for appending.
pub(crate) struct State {
    dir: PathBuf,
    pub plan: Plan,
    plan_hash: String,
    writers: Vec<JournalWriter>,
    /// Journaled replications per course of action.
    pub done: Vec<u64>,
    pub bands: Bands,
    /// Replications per course whose samples are in `bands` (and in the last checkpoint
    /// once [`State::checkpoint`] ran).
    pub in_bands: Vec<u64>,
}

/// What [`State::open`] found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Resumed {
    /// Units found in the journals.
    pub units: u64,
    /// Journals whose torn last line was cut off.
    pub truncated: u64,
}

impl State {
    /// Opens (resume) or creates the state of `plan` in `dir`.
    pub(crate) fn open(
        dir: &Path,
        plan: &Plan,
        resolved_toml: &str,
        layout: BandLayout,
        resume: bool,
    ) -> Result<(State, Resumed), ExperimentError> {
        let sdir = state_dir(dir);
        let existing = sdir.join(PLAN).exists();
        if existing {
            let stored = read_plan(dir)?;
            if resume {
                if let Some((field, stored, requested)) = stored.difference(plan) {
                    if field == "git_commit" || field == "cordon_version" {
                        return Err(ExperimentError::Invalid(format!(
                            "cannot resume {}: it was started by another build of Cordon ({field} {stored}, this build has {requested}), and results must not mix two versions of the model; resume with the build that started it, or start again into a new --out",
                            dir.display()
                        )));
                    }
                    return Err(ExperimentError::PlanMismatch {
                        dir: dir.to_path_buf(),
                        field,
                        stored,
                        requested,
                    });
                }
            } else if !sdir.join(FINISHED).exists() {
                let (lo, hi) = stored.range();
                let done = (0..stored.coas.len())
                    .map(|c| count_lines(&journal_path(dir, c)))
                    .sum();
                return Err(ExperimentError::Unfinished {
                    dir: dir.to_path_buf(),
                    done,
                    total: (hi - lo) * stored.coas.len() as u64,
                });
            } else {
                clear(dir, stored.coas.len())?;
            }
        }
        let fresh = !existing || !resume;
        std::fs::create_dir_all(&sdir).map_err(|e| FileError::io(&sdir, e))?;
        if fresh {
            write_atomic(&sdir.join(SCENARIO), resolved_toml.as_bytes())?;
            let text = serde_json::to_string_pretty(plan).unwrap_or_default();
            write_atomic(&sdir.join(PLAN), text.as_bytes())?;
        } else {
            // A finished run being resumed is finished again at the end.
            let _ = std::fs::remove_file(sdir.join(FINISHED));
        }
        let plan_hash = plan.hash();
        let (lo, _) = plan.range();
        let n_coas = plan.coas.len();
        let mut resumed = Resumed::default();
        let mut done = Vec::with_capacity(n_coas);
        let mut writers = Vec::with_capacity(n_coas);
        for c in 0..n_coas {
            let path = journal_path(dir, c);
            if fresh {
                let _ = std::fs::remove_file(&path);
            }
            let found = journal::recover(&path, &plan_hash, lo)?;
            resumed.units += found.done;
            resumed.truncated += u64::from(found.truncated);
            done.push(found.done);
            writers.push(JournalWriter::open(&path)?);
        }
        let mut bands = Bands::new(layout, n_coas);
        let in_bands = if fresh {
            vec![0; n_coas]
        } else {
            load_checkpoint(&sdir.join(BANDS), &plan_hash, &mut bands)?
        };
        if in_bands.iter().zip(&done).any(|(b, d)| b > d) {
            return Err(FileError::corrupt(
                sdir.join(BANDS),
                None,
                "the band checkpoint covers replications the journals do not have",
            )
            .into());
        }
        let mut state = State {
            dir: dir.to_path_buf(),
            plan: plan.clone(),
            plan_hash,
            writers,
            done,
            bands,
            in_bands,
        };
        if fresh {
            state.checkpoint()?;
        }
        Ok((state, resumed))
    }

    /// Journals one unit and folds its band sample (call [`State::commit`] after a chunk).
    pub(crate) fn record(&mut self, coa: usize, replication: u64, result: &crate::UnitResult) {
        self.writers[coa].push(&journal::entry_line(replication, &result.outcome));
        self.done[coa] += 1;
        self.add_to_bands(coa, result);
    }

    fn add_to_bands(&mut self, coa: usize, result: &crate::UnitResult) {
        if let Some(sample) = &result.sample {
            self.bands.add_sample(coa, sample);
        }
        self.in_bands[coa] += 1;
    }

    /// Writes and fsyncs the journal lines of the chunk.
    pub(crate) fn commit(&mut self) -> Result<(), ExperimentError> {
        for w in &mut self.writers {
            w.commit()?;
        }
        Ok(())
    }

    /// Replications journaled but not in the bands (after a crash between a journal commit and
    /// the next checkpoint): (course, first, end).
    pub(crate) fn band_gap(&self) -> Vec<(usize, u64, u64)> {
        let (lo, _) = self.plan.range();
        (0..self.done.len())
            .filter(|&c| self.in_bands[c] < self.done[c])
            .map(|c| (c, lo + self.in_bands[c], lo + self.done[c]))
            .collect()
    }

    /// The journal entries of course `coa` from replication `first` (in the gap).
    pub(crate) fn journal_entries(
        &self,
        coa: usize,
        first: u64,
        end: u64,
    ) -> Result<Vec<journal::Entry>, ExperimentError> {
        let (lo, _) = self.plan.range();
        let reader = JournalReader::open(&journal_path(&self.dir, coa), end - lo)?;
        reader
            .skip((first - lo) as usize)
            .collect::<Result<Vec<_>, _>>()
    }

    /// Folds a re-run unit of the gap into the bands, after checking it reproduces its entry.
    pub(crate) fn fill_gap_unit(
        &mut self,
        coa: usize,
        entry: &journal::Entry,
        result: &crate::UnitResult,
    ) -> Result<(), ExperimentError> {
        let same = match (entry, &result.outcome) {
            (journal::Entry::Ok { payload, .. }, Ok(values)) => {
                *payload == journal::values_payload(values)
            }
            (journal::Entry::Failed { message, .. }, Err(m)) => message == m,
            _ => false,
        };
        if !same {
            return Err(ExperimentError::NotReproducible {
                dir: self.dir.clone(),
                coa: self.plan.coas[coa].clone(),
                replication: entry.replication(),
            });
        }
        self.add_to_bands(coa, result);
        Ok(())
    }

    /// Writes the band checkpoint (atomically) for the journaled replications.
    pub(crate) fn checkpoint(&mut self) -> Result<(), ExperimentError> {
        write_checkpoint_file(&self.dir, &self.plan_hash, &self.in_bands, &self.bands)
    }

    /// Writes the final files and the manifest, then marks the directory finished.
    pub(crate) fn finalize(
        &self,
        facts: FinalFacts<'_>,
        info: &RunInfo,
    ) -> Result<Finalized, ExperimentError> {
        finalize(&self.dir, &self.plan, &self.done, &self.bands, facts, info)
    }
}

/// What the caller knows about a run that the state does not.
pub(crate) struct FinalFacts<'a> {
    pub stop: &'a str,
    pub merged_from: &'a [String],
    pub courses: CourseFiles<'a>,
}

/// Where the per-course files (`courses::COURSE_FILES`) come from.
pub(crate) enum CourseFiles<'a> {
    /// Written from these records (a run).
    Write(
        &'a cordon_model::Scenario,
        &'a [crate::courses::CourseRecord],
    ),
    /// Copied from this directory (a merge: the first shard's).
    CopyFrom(&'a Path),
}

/// Counts in the final files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Finalized {
    pub rows: u64,
    pub failures: u64,
}

fn finalize(
    dir: &Path,
    plan: &Plan,
    done: &[u64],
    bands: &Bands,
    facts: FinalFacts<'_>,
    info: &RunInfo,
) -> Result<Finalized, ExperimentError> {
    let sdir = state_dir(dir);
    let _ = std::fs::remove_file(sdir.join(FINISHED));
    let scenario_path = sdir.join(SCENARIO);
    let resolved_toml =
        std::fs::read_to_string(&scenario_path).map_err(|e| FileError::io(&scenario_path, e))?;
    let counts = tables::write_runs(dir, plan, done, |c, limit| {
        JournalReader::open(&journal_path(dir, c), limit)
    })?;
    tables::write_bands(dir, plan, bands)?;
    match facts.courses {
        CourseFiles::Write(s, records) => courses::write(dir, s, records)?,
        CourseFiles::CopyFrom(from) => courses::copy(from, dir)?,
    }
    let replications = done.iter().copied().max().unwrap_or(0);
    manifest::write(
        &dir.join("manifest.json"),
        plan,
        &manifest::ManifestFacts {
            resolved_toml: &resolved_toml,
            replications,
            stop: facts.stop,
            band_days: bands.layout.steps.len(),
            units: done.iter().sum(),
            failures: counts.failures,
            merged_from: facts.merged_from,
        },
        info,
    )?;
    seal::write(dir, replications)?;
    Ok(counts)
}

fn load_checkpoint(
    path: &Path,
    plan_hash: &str,
    bands: &mut Bands,
) -> Result<Vec<u64>, ExperimentError> {
    let n_coas = bands.n_coas();
    let mut bytes = Vec::new();
    match File::open(path) {
        Ok(mut f) => f
            .read_to_end(&mut bytes)
            .map_err(|e| FileError::io(path, e))?,
        // No checkpoint yet: the bands are rebuilt from the journals.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![0; n_coas]),
        Err(e) => return Err(FileError::io(path, e).into()),
    };
    let bad = |reason: &str| FileError::corrupt(path, None, reason);
    if bytes.len() < 8 {
        return Err(bad("truncated band checkpoint").into());
    }
    let (body, sum) = bytes.split_at(bytes.len() - 8);
    if journal::fnv1a(body).to_le_bytes() != sum {
        return Err(bad("band checkpoint checksum mismatch").into());
    }
    let mut input = body;
    let header = [CHECKPOINT_MAGIC, plan_hash.as_bytes(), b"\n"].concat();
    if !input.starts_with(&header) {
        return Err(bad("band checkpoint of another experiment plan").into());
    }
    input = &input[header.len()..];
    let n = crate::sketch::take_u32(&mut input).ok_or_else(|| bad("truncated"))? as usize;
    if n != n_coas {
        return Err(bad("band checkpoint with another number of courses of action").into());
    }
    let mut covered = Vec::with_capacity(n);
    for _ in 0..n {
        covered.push(crate::sketch::take_u64(&mut input).ok_or_else(|| bad("truncated"))?);
    }
    bands
        .decode_cells(&mut input)
        .ok_or_else(|| bad("unreadable band cells"))?;
    if !input.is_empty() {
        return Err(bad("trailing bytes in the band checkpoint").into());
    }
    Ok(covered)
}

/// Entries of a journal: its lines but the header, counted in a stream (journals can be large).
fn count_lines(path: &Path) -> u64 {
    let Ok(mut file) = File::open(path) else {
        return 0;
    };
    let mut buf = vec![0u8; 1 << 16];
    let mut lines: u64 = 0;
    while let Ok(n) = file.read(&mut buf) {
        if n == 0 {
            break;
        }
        lines += buf[..n].iter().filter(|b| **b == b'\n').count() as u64;
    }
    lines.saturating_sub(1)
}

/// Removes a finished experiment's files before a fresh run in the same directory.
fn clear(dir: &Path, n_coas: usize) -> Result<(), ExperimentError> {
    let sdir = state_dir(dir);
    let mut paths: Vec<PathBuf> = (0..n_coas).map(|c| journal_path(dir, c)).collect();
    paths.extend([PLAN, SCENARIO, BANDS, FINISHED].map(|f| sdir.join(f)));
    paths.extend(manifest::FINAL_FILES.map(|f| dir.join(f)));
    for path in paths {
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(FileError::io(&path, e).into()),
        }
    }
    Ok(())
}

/// The journals of a results directory, as a source of replications for summaries.
struct JournalSource<'a> {
    dir: &'a Path,
    done: Vec<u64>,
}

impl RowSource for JournalSource<'_> {
    fn rows(
        &self,
        coa: usize,
    ) -> Result<Box<dyn Iterator<Item = Result<Row, ExperimentError>> + '_>, ExperimentError> {
        let reader = JournalReader::open(&journal_path(self.dir, coa), self.done[coa])?;
        Ok(Box::new(JournalRows(reader)))
    }
}

/// Summaries and paired differences of a finished results directory, streaming its journals
/// (memory does not grow with the number of replications).
///
/// `baseline`: a course-of-action id of the directory (default: the first).
pub fn summarize_dir(dir: &Path, baseline: Option<&str>) -> Result<Comparison, ExperimentError> {
    let plan = read_plan(dir)?;
    let baseline = match baseline {
        None => 0,
        Some(id) => plan.coas.iter().position(|c| c == id).ok_or_else(|| {
            ExperimentError::Invalid(format!(
                "the baseline {id} is not among the courses of action of {}: {}",
                dir.display(),
                plan.coas.join(", ")
            ))
        })?,
    };
    let done = (0..plan.coas.len())
        .map(|c| count_lines(&journal_path(dir, c)))
        .collect();
    let source = JournalSource { dir, done };
    summarize(
        &source,
        &plan.coas,
        &crate::outcomes::specs_of(&plan.outcomes),
        baseline,
    )
}

/// Relative 95% half-widths of outcome `column` for each course, over its first `n`
/// journaled replications: `t · s / √n / |mean|` (0 when every value is 0).
pub(crate) fn relative_half_widths(
    dir: &Path,
    n_coas: usize,
    n: u64,
    column: usize,
) -> Result<Vec<f64>, ExperimentError> {
    (0..n_coas)
        .map(|c| {
            let mut moments = crate::stats::Moments::default();
            for row in JournalRows(JournalReader::open(&journal_path(dir, c), n)?) {
                let (_, values) = row?;
                if let Some(x) = values.get(column).filter(|x| x.is_finite()) {
                    moments.push(*x);
                }
            }
            let half = moments.interval().half_width();
            let mean = moments.mean().abs();
            Ok(if half == 0.0 {
                0.0
            } else if mean > 0.0 {
                half / mean
            } else {
                f64::INFINITY
            })
        })
        .collect()
}

/// Merges complete shards of one experiment into `out`, as if it had run on one machine.
pub fn merge(dirs: &[PathBuf], out: &Path, info: &RunInfo) -> Result<Finalized, ExperimentError> {
    let shards = read_shards(dirs, out)?;
    // Every shard must be complete (checked before anything is written).
    let bands = shard_bands(&shards)?;
    // The shards' plans differ only in `shard_index`: any of them, made whole, is the plan.
    let mut whole = shards[0].0.clone();
    whole.shard_index = 0;
    whole.shard_count = 1;
    let whole_hash = whole.hash();
    let out_state = state_dir(out);
    if out_state.join(PLAN).exists() {
        if !out_state.join(FINISHED).exists() {
            return Err(ExperimentError::Merge(format!(
                "{} holds an unfinished experiment; choose another --out",
                out.display()
            )));
        }
        let stored = read_plan(out)?;
        clear(out, stored.coas.len())?;
    }
    std::fs::create_dir_all(&out_state).map_err(|e| FileError::io(&out_state, e))?;
    let scenario_src = state_dir(shards[0].1).join(SCENARIO);
    let resolved = std::fs::read(&scenario_src).map_err(|e| FileError::io(&scenario_src, e))?;
    write_atomic(&out_state.join(SCENARIO), &resolved)?;
    let text = serde_json::to_string_pretty(&whole).unwrap_or_default();
    write_atomic(&out_state.join(PLAN), text.as_bytes())?;
    let done = merge_journals(&shards, out, &whole_hash)?;
    write_checkpoint_file(out, &whole_hash, &done, &bands)?;
    let merged_from: Vec<String> = shards
        .iter()
        .map(|(_, d)| d.display().to_string())
        .collect();
    finalize(
        out,
        &whole,
        &done,
        &bands,
        FinalFacts {
            stop: "fixed",
            merged_from: &merged_from,
            courses: CourseFiles::CopyFrom(shards[0].1),
        },
        info,
    )
}

/// The plans of the shards in `dirs`, checked to be every shard of one experiment once, in
/// shard order.
fn read_shards<'d>(
    dirs: &'d [PathBuf],
    out: &Path,
) -> Result<Vec<(Plan, &'d PathBuf)>, ExperimentError> {
    if dirs.is_empty() {
        return Err(ExperimentError::Merge("no directories to merge".into()));
    }
    let mut shards: Vec<(Plan, &PathBuf)> = Vec::with_capacity(dirs.len());
    for dir in dirs {
        if same_dir(dir, out) {
            return Err(ExperimentError::Merge(format!(
                "the output directory {} is one of the shards",
                out.display()
            )));
        }
        shards.push((read_plan(dir)?, dir));
    }
    let first = &shards[0].0;
    let count = first.shard_count;
    for (plan, dir) in &shards {
        let mut as_first = plan.clone();
        as_first.shard_index = first.shard_index;
        if let Some((field, theirs, ours)) = as_first.difference(first) {
            return Err(ExperimentError::Merge(format!(
                "{} has {field} = {theirs} but {} has {field} = {ours}: they are not shards of one experiment",
                dir.display(),
                shards[0].1.display()
            )));
        }
    }
    shards.sort_by_key(|(p, _)| p.shard_index);
    for pair in shards.windows(2) {
        if pair[0].0.shard_index == pair[1].0.shard_index {
            return Err(ExperimentError::Merge(format!(
                "{} and {} are both shard {}/{count} (overlapping shards)",
                pair[0].1.display(),
                pair[1].1.display(),
                pair[0].0.shard_index
            )));
        }
    }
    let missing: Vec<String> = (0..count)
        .filter(|i| !shards.iter().any(|(p, _)| p.shard_index == *i))
        .map(|i| format!("{i}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(ExperimentError::Merge(format!(
            "missing shard{} {}",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", ")
        )));
    }
    Ok(shards)
}

/// The bands of the whole experiment: the sum of the shards' checkpointed cells, once every
/// shard is found complete (all its replications journaled and in its bands).
fn shard_bands(shards: &[(Plan, &PathBuf)]) -> Result<Bands, ExperimentError> {
    let mut bands: Option<Bands> = None;
    for (plan, dir) in shards {
        let count = plan.shard_count;
        let (lo, hi) = plan.range();
        for (c, coa) in plan.coas.iter().enumerate() {
            let found = journal::count_valid(&journal_path(dir, c), &plan.hash(), lo)?;
            if found != hi - lo {
                return Err(ExperimentError::Merge(format!(
                    "shard {}/{count} in {} is incomplete ({found} of {} replications of {coa}): finish it with --resume",
                    plan.shard_index,
                    dir.display(),
                    hi - lo,
                )));
            }
        }
        let mut b = Bands::new(shard_layout(dir, plan)?, plan.coas.len());
        let covered = load_checkpoint(&state_dir(dir).join(BANDS), &plan.hash(), &mut b)?;
        if covered.iter().any(|n| *n != hi - lo) {
            return Err(ExperimentError::Merge(format!(
                "shard {}/{count} in {} has bands of fewer replications than its journals: finish it with --resume",
                plan.shard_index,
                dir.display()
            )));
        }
        match &mut bands {
            None => bands = Some(b),
            Some(all) => {
                if !all.merge(&b) {
                    return Err(ExperimentError::Merge(format!(
                        "{} records bands on other days or regions",
                        dir.display()
                    )));
                }
            }
        }
    }
    bands.ok_or_else(|| ExperimentError::Merge("no shards".into()))
}

/// Writes each course's journal in `out`: its lines, shard after shard (replication order).
/// Returns how many replications each course has.
fn merge_journals(
    shards: &[(Plan, &PathBuf)],
    out: &Path,
    whole_hash: &str,
) -> Result<Vec<u64>, ExperimentError> {
    let n_coas = shards[0].0.coas.len();
    let mut done = vec![0; n_coas];
    for (c, done_c) in done.iter_mut().enumerate() {
        let pending = Pending::new(&journal_path(out, c));
        let io = |e| FileError::io(pending.tmp(), e);
        let mut text = std::io::BufWriter::with_capacity(1 << 16, pending.create()?);
        text.write_all(journal::header_line(whole_hash).as_bytes())
            .map_err(io)?;
        for (plan, dir) in shards {
            let (lo, hi) = plan.range();
            for entry in JournalReader::open(&journal_path(dir, c), hi - lo)? {
                text.write_all(entry?.line().as_bytes()).map_err(io)?;
                *done_c += 1;
            }
        }
        let file = text.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        pending.finish()?;
    }
    Ok(done)
}

fn write_checkpoint_file(
    dir: &Path,
    plan_hash: &str,
    in_bands: &[u64],
    bands: &Bands,
) -> Result<(), ExperimentError> {
    let mut bytes = Vec::with_capacity(1 << 20);
    bytes.extend_from_slice(CHECKPOINT_MAGIC);
    bytes.extend_from_slice(plan_hash.as_bytes());
    bytes.push(b'\n');
    bytes.extend_from_slice(&(in_bands.len() as u32).to_le_bytes());
    for n in in_bands {
        bytes.extend_from_slice(&n.to_le_bytes());
    }
    bands.encode_cells(&mut bytes);
    let sum = journal::fnv1a(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    write_atomic(&state_dir(dir).join(BANDS), &bytes)?;
    Ok(())
}

/// The band layout of a shard, rebuilt from its resolved scenario.
fn shard_layout(dir: &Path, plan: &Plan) -> Result<BandLayout, ExperimentError> {
    let path = state_dir(dir).join(SCENARIO);
    let text = std::fs::read_to_string(&path).map_err(|e| FileError::io(&path, e))?;
    let scenario = cordon_model::parse(&path.display().to_string(), text.as_bytes())
        .map_err(|d| FileError::corrupt(&path, None, d.to_string()))?;
    Ok(BandLayout::new(&scenario, plan.band_every_steps as usize))
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
