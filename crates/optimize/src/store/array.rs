//! The search as a job array: each generation's evaluations split across `n` tasks, then one
//! step that folds them in (docs/cluster.md, "Optimize: plan evaluations as an array").
//!
//! The candidates of the generation to evaluate next follow from the journal alone (the first
//! generation from the seed, the next from the population by [`State::offspring`]), so every
//! task computes them itself. Task `i/n` evaluates candidates `[⌊i·P/n⌋, ⌊(i+1)·P/n⌋)` into
//! `pending/gen-G/shard-i-of-n.txt` (written atomically; objectives as their bits; a task run
//! again reuses its file). [`advance`] checks that all `n` files are there and belong to this
//! search and this generation, folds them in exactly as a single run folds its evaluation,
//! journals, removes the generation's files, and at the last generation writes the results:
//! the directory ends byte-identical to a single run's.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use cordon_experiment::files::write_atomic;
use cordon_experiment::{FileError, Shard};

use crate::nsga::{self, Config, GenStat, State, Value};
use crate::store::{self, Finished, JOURNAL};
use crate::study::{OptimizeError, Prepared};

/// The folder, in the search's directory, of the evaluations waiting to be folded in.
pub const PENDING: &str = "pending";

/// A generation whose candidates wait for their evaluations.
#[derive(Clone, Debug, PartialEq)]
pub struct Generation {
    /// 0: the first population.
    pub number: usize,
    pub candidates: Vec<Vec<Value>>,
}

/// The generation the journal waits for (`None`: the search is complete).
pub fn pending(prep: &Prepared<'_>, config: &Config, state: Option<&State>) -> Option<Generation> {
    match state {
        None => Some(Generation {
            number: 0,
            candidates: nsga::initial(&prep.problem, config, std::slice::from_ref(&prep.start)),
        }),
        Some(s) if s.generation < config.generations => Some(Generation {
            number: s.generation + 1,
            candidates: s.offspring(&prep.problem, config),
        }),
        Some(_) => None,
    }
}

/// The candidates of a generation of `n` that task `shard` evaluates.
pub fn slice(shard: Shard, n: usize) -> Range<usize> {
    let at = |i: u64| (i as u128 * n as u128 / shard.count as u128) as usize;
    at(shard.index)..at(shard.index + 1)
}

/// The folder of generation `g`'s evaluations.
pub fn generation_dir(out: &Path, g: usize) -> PathBuf {
    out.join(PENDING).join(format!("gen-{g}"))
}

/// The file of task `shard`'s evaluations of generation `g`.
pub fn shard_file(out: &Path, g: usize, shard: Shard) -> PathBuf {
    generation_dir(out, g).join(format!("shard-{}-of-{}.txt", shard.index, shard.count))
}

/// What [`evaluate_shard`] did.
#[derive(Clone, Debug, PartialEq)]
pub enum Evaluated {
    /// Evaluated candidates `range` of generation `generation` into `file`.
    Wrote {
        generation: usize,
        range: Range<usize>,
        file: PathBuf,
    },
    /// `file` held them already (a task run again).
    Reused {
        generation: usize,
        range: Range<usize>,
        file: PathBuf,
    },
    /// The search is complete: nothing to evaluate.
    Complete,
}

/// Evaluates task `shard`'s part of the generation the journal in `out` waits for. Other tasks
/// may run at the same time (the caller holds a shared lock on `out`).
pub fn evaluate_shard(
    prep: &Prepared<'_>,
    config: &Config,
    out: &Path,
    shard: Shard,
) -> Result<Evaluated, OptimizeError> {
    let spec = store::spec_line(prep, config);
    let state = store::read_journal(&out.join(JOURNAL), &spec)?;
    let Some(generation) = pending(prep, config, state.as_ref()) else {
        return Ok(Evaluated::Complete);
    };
    let range = slice(shard, generation.candidates.len());
    let file = shard_file(out, generation.number, shard);
    if file.exists() {
        read_shard(&file, &spec, &generation, shard, prep.problem.objectives)?;
        return Ok(Evaluated::Reused {
            generation: generation.number,
            range,
            file,
        });
    }
    let f = prep.evaluate_at(range.start, &generation.candidates[range.clone()])?;
    let dir = generation_dir(out, generation.number);
    std::fs::create_dir_all(&dir).map_err(|e| FileError::io(&dir, e))?;
    let text = encode_shard(&spec, &generation, shard, range.clone(), &f);
    write_atomic(&file, text.as_bytes())?;
    Ok(Evaluated::Wrote {
        generation: generation.number,
        range,
        file,
    })
}

fn encode_shard(
    spec: &str,
    generation: &Generation,
    shard: Shard,
    range: Range<usize>,
    f: &[Vec<f64>],
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "cordon-optimize evaluations 1");
    let _ = writeln!(out, "spec {spec}");
    let _ = writeln!(out, "generation {}", generation.number);
    let _ = writeln!(out, "shard {}/{}", shard.index, shard.count);
    for (i, f) in range.zip(f) {
        let x: Vec<String> = generation.candidates[i]
            .iter()
            .map(store::encode_value)
            .collect();
        let _ = writeln!(out, "candidate {i} {} ; {}", x.join(" "), store::floats(f));
    }
    out
}

/// Reads task `shard`'s file of `generation`: its objectives, in candidate order, once it is
/// checked to be this search's evaluation of exactly that task's candidates.
fn read_shard(
    path: &Path,
    spec: &str,
    generation: &Generation,
    shard: Shard,
    want_objectives: usize,
) -> Result<Vec<Vec<f64>>, OptimizeError> {
    let text = std::fs::read_to_string(path).map_err(|e| FileError::io(path, e))?;
    let bad = |line: usize, why: &str| FileError::corrupt(path, Some(line as u64 + 1), why);
    let mut lines = text.lines().enumerate();
    let mut header = |key: &str| -> Result<String, FileError> {
        match lines.next() {
            Some((_, l)) if l.starts_with(key) => Ok(l[key.len()..].to_string()),
            Some((n, _)) => Err(bad(n, &format!("expected `{key}…`"))),
            None => Err(bad(0, "the file is empty")),
        }
    };
    header("cordon-optimize evaluations 1")?;
    let found = header("spec ")?;
    if found != spec {
        return Err(OptimizeError::Mismatch(format!(
            "{} holds the evaluations of another search ({found}); this one is ({spec}): give every task and --advance the same FILE and flags",
            path.display()
        )));
    }
    let g = header("generation ")?;
    let s = header("shard ")?;
    let want = format!("{}/{}", shard.index, shard.count);
    if g != generation.number.to_string() || s != want {
        return Err(OptimizeError::Mismatch(format!(
            "{} holds generation {g}, shard {s}: expected generation {}, shard {want}",
            path.display(),
            generation.number
        )));
    }
    let range = slice(shard, generation.candidates.len());
    let mut f = Vec::with_capacity(range.len());
    for (n, line) in lines {
        let i = range.start + f.len();
        let parsed = line
            .strip_prefix(&format!("candidate {i} "))
            .and_then(|rest| rest.split_once(" ; "))
            .and_then(|(x, objectives)| {
                let x: Vec<Value> = x
                    .split_whitespace()
                    .map(store::decode_value)
                    .collect::<Option<_>>()?;
                let objectives: Vec<f64> = objectives
                    .split_whitespace()
                    .map(store::unhex)
                    .collect::<Option<_>>()?;
                Some((x, objectives))
            });
        match parsed {
            Some((x, objectives))
                if i < range.end
                    && x == generation.candidates[i]
                    && objectives.len() == want_objectives =>
            {
                f.push(objectives);
            }
            _ => {
                return Err(bad(
                    n,
                    &format!(
                        "not the evaluation of candidate {i} of generation {}",
                        generation.number
                    ),
                )
                .into());
            }
        }
    }
    if f.len() != range.len() {
        return Err(bad(
            0,
            &format!(
                "{} of its {} candidates are evaluated",
                f.len(),
                range.len()
            ),
        )
        .into());
    }
    Ok(f)
}

/// What [`advance`] did.
#[derive(Clone, Debug)]
pub enum Advanced {
    /// Generation `folded` is in the journal (`None`: it was already, by an earlier run of this
    /// step); generation `next` waits for its evaluations.
    Pending { folded: Option<usize>, next: usize },
    /// The last generation is in the journal and the results are written.
    Finished(Box<Finished>),
}

/// Folds the evaluations of the generation the journal in `out` waits for into the search, as
/// a single run folds its own, journals, and at the last generation writes the results. The
/// caller holds the directory's lock. Missing task files: [`OptimizeError::Incomplete`],
/// naming them.
pub fn advance(
    prep: &Prepared<'_>,
    config: &Config,
    out: &Path,
    on_generation: &mut dyn FnMut(&GenStat),
) -> Result<Advanced, OptimizeError> {
    let spec = store::spec_line(prep, config);
    let journal = out.join(JOURNAL);
    let state = store::read_journal(&journal, &spec)?;
    let state = match state {
        // Complete already (this step run again): the results once more, the same bytes.
        Some(s) if s.generation >= config.generations => {
            return Ok(Advanced::Finished(Box::new(store::finish(
                prep, config, out, s, None,
            )?)));
        }
        other => other,
    };
    let Some(generation) = pending(prep, config, state.as_ref()) else {
        return Err(OptimizeError::Invalid("no generation is pending".into()));
    };
    let dir = generation_dir(out, generation.number);
    let Some(count) = task_count(&dir, generation.number)? else {
        if let Some(s) = &state
            && generation_dir(out, s.generation).is_dir()
        {
            // This step ran already and stopped before removing the folded files.
            remove_generation(out, s.generation)?;
            return Ok(Advanced::Pending {
                folded: None,
                next: generation.number,
            });
        }
        return Err(OptimizeError::Incomplete(format!(
            "generation {} of the search in {} has no evaluations yet ({} holds none): run its tasks (--evaluate-shard i/n for i in 0..n), then --advance",
            generation.number,
            out.display(),
            dir.display()
        )));
    };
    let shards: Vec<Shard> = (0..count).map(|index| Shard { index, count }).collect();
    let missing: Vec<String> = shards
        .iter()
        .map(|&s| shard_file(out, generation.number, s))
        .filter(|p| !p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !missing.is_empty() {
        return Err(OptimizeError::Incomplete(format!(
            "generation {} is not evaluated in full: {} of {count} task files missing: {}; run those tasks (--evaluate-shard i/{count}) again, then --advance",
            generation.number,
            missing.len(),
            missing.join(", ")
        )));
    }
    let mut f = Vec::with_capacity(generation.candidates.len());
    for &s in &shards {
        let file = shard_file(out, generation.number, s);
        f.extend(read_shard(
            &file,
            &spec,
            &generation,
            s,
            prep.problem.objectives,
        )?);
    }
    let state = store::fold(prep, config, state, store::zip(generation.candidates, f));
    store::write_journal(&journal, &spec, &state)?;
    if let Some(last) = state.history.last() {
        on_generation(last);
    }
    remove_generation(out, generation.number)?;
    if state.generation >= config.generations {
        return Ok(Advanced::Finished(Box::new(store::finish(
            prep, config, out, state, None,
        )?)));
    }
    Ok(Advanced::Pending {
        folded: Some(generation.number),
        next: generation.number + 1,
    })
}

/// The number of tasks generation `g`'s files in `dir` were split into (`None`: no file yet).
fn task_count(dir: &Path, g: usize) -> Result<Option<u64>, OptimizeError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(FileError::io(dir, e).into()),
    };
    let mut counts = std::collections::BTreeSet::new();
    for entry in entries {
        let entry = entry.map_err(|e| FileError::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let count = name
            .strip_prefix("shard-")
            .and_then(|n| n.strip_suffix(".txt"))
            .and_then(|n| n.split_once("-of-"))
            .and_then(|(_, n)| n.parse::<u64>().ok());
        if let Some(n) = count {
            counts.insert(n);
        }
    }
    match counts.len() {
        0 => Ok(None),
        1 => Ok(counts.first().copied()),
        _ => Err(OptimizeError::Mismatch(format!(
            "generation {g} in {} was split into {} tasks by different runs: give every task the same n in --evaluate-shard i/n, remove the others' files, and run the missing tasks",
            dir.display(),
            counts
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(" and ")
        ))),
    }
}

/// Removes generation `g`'s folded files (and `pending/` once empty).
fn remove_generation(out: &Path, g: usize) -> Result<(), OptimizeError> {
    let dir = generation_dir(out, g);
    std::fs::remove_dir_all(&dir).map_err(|e| FileError::io(&dir, e))?;
    // Fails while another generation's files are there: then it stays.
    let _ = std::fs::remove_dir(out.join(PENDING));
    Ok(())
}
