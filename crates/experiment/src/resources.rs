//! What an experiment will cost, checked before it starts: units, threads and memory.
//!
//! Memory of a run (see docs/experiments.md, *Resources*): every worker holds one campaign
//! (`Scenario::size().campaign_bytes()`) and one band sample; a chunk of finished units holds
//! their samples and outcomes until they are folded; the bands hold one cell per course,
//! recorded step, region (and "all") and variable. Nothing grows with the replications.

use crate::bands::{BandLayout, Cell};
use crate::experiment::Experiment;

/// The most units (course of action × replication) one experiment may run: 2⁴⁰, about 10¹²,
/// years of computing at the fastest rate Cordon runs.
pub const MAX_UNITS: u64 = 1 << 40;

/// Worker threads per core at most: more only adds stacks and campaign states.
pub const THREADS_PER_CORE: usize = 8;

/// The least [`max_threads`] on any machine.
pub const MIN_THREAD_LIMIT: usize = 64;

/// Bytes of the band samples a chunk of finished units may hold before they are folded.
pub const CHUNK_BYTES: usize = 256 << 20;

/// Bytes a band cell takes, with a few histogram buckets.
const CELL_BYTES: u64 = std::mem::size_of::<Cell>() as u64 + 96;

/// The most worker threads a command may start on this machine.
pub fn max_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (THREADS_PER_CORE * cores).max(MIN_THREAD_LIMIT)
}

/// Checks a `--threads` request against [`max_threads`].
pub fn check_threads(threads: usize) -> Result<(), crate::ExperimentError> {
    let limit = max_threads();
    if threads > limit {
        return Err(crate::ExperimentError::Invalid(format!(
            "--threads {threads} is more than this machine can use: at most {limit} ({THREADS_PER_CORE} per core, at least {MIN_THREAD_LIMIT}); results do not depend on it, and 0 starts one per core"
        )));
    }
    Ok(())
}

/// The workers `threads` asks for (0: one per core).
pub fn workers(threads: usize) -> usize {
    if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    }
}

/// Units per chunk: enough to keep every worker busy, few enough that the chunk's band samples
/// stay within [`CHUNK_BYTES`].
pub fn chunk_units(workers: usize, layout: Option<&BandLayout>) -> usize {
    let workers = workers.max(2);
    let sample_bytes = layout.map_or(0, |l| 8 * l.sample_len()).max(1);
    (32 * workers).min((CHUNK_BYTES / sample_bytes).max(workers))
}

impl Experiment<'_> {
    /// Units the experiment runs at most (all shards): courses × `reps`; `None` on overflow.
    pub fn units(&self) -> Option<u64> {
        self.reps.checked_mul(self.coas.len() as u64)
    }

    /// Estimated peak memory of running the experiment, in bytes.
    pub fn memory_estimate(&self) -> u64 {
        let layout = BandLayout::new(self.scenario, self.band_every_steps);
        let workers = workers(self.threads) as u64;
        let sample = 8 * layout.sample_len() as u64;
        let outcomes = 8 * cordon_engine::Outcome::names(self.scenario).len() as u64;
        let chunk = chunk_units(workers as usize, Some(&layout)) as u64;
        let campaign = self.scenario.size().campaign_bytes();
        let bands = self.coas.len() as u64 * layout.sample_len() as u64 * CELL_BYTES;
        workers
            .saturating_mul(campaign + sample)
            .saturating_add(chunk.saturating_mul(sample + outcomes))
            .saturating_add(bands)
    }
}
