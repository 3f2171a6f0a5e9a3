//! `manifest.json`: what produced a results directory. The clock is read here, at the edge,
//! and nowhere else in Cordon's libraries.

use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use super::Plan;
use crate::error::ExperimentError;
use crate::files::FileError;

/// The Cordon version (the workspace's).
pub const CORDON_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The git commit Cordon was built from ("unknown" outside a git checkout).
pub const GIT_COMMIT: &str = env!("CORDON_GIT_COMMIT");

/// How one invocation ran: recorded under `run` in the manifest, the only part of it that
/// differs between a single run and merged shards of the same experiment.
#[derive(Clone, Debug)]
pub struct RunInfo {
    /// The command line, as typed.
    pub command_line: Vec<String>,
    /// The machine's host name.
    pub host: String,
    /// UTC start time, RFC 3339.
    pub started_at: String,
    /// Worker threads (0: one per core).
    pub threads: usize,
    started: Instant,
}

impl RunInfo {
    /// Reads the clock and the host name.
    pub fn now(command_line: Vec<String>, threads: usize) -> RunInfo {
        RunInfo {
            command_line,
            host: host_name(),
            started_at: utc_now(),
            threads,
            started: Instant::now(),
        }
    }

    /// Seconds since [`RunInfo::now`].
    pub fn elapsed_seconds(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }
}

#[derive(Serialize)]
struct Manifest<'a> {
    format: &'a str,
    cordon_version: &'a str,
    git_commit: &'a str,
    scenario: ScenarioRecord<'a>,
    seed: u64,
    mode: &'a str,
    courses_of_action: &'a [String],
    /// Replications per course of action in the files.
    replications: u64,
    /// The `--reps` ceiling of an adaptive run (equal to `replications` otherwise).
    replications_requested: u64,
    ci_width: Option<f64>,
    stop: &'a str,
    shard: Option<ShardRecord>,
    band_every_steps: u64,
    band_days: usize,
    outcomes: &'a [String],
    units: u64,
    failures: u64,
    files: &'a [&'a str],
    run: RunRecord<'a>,
}

#[derive(Serialize)]
struct ScenarioRecord<'a> {
    name: &'a str,
    hash: &'a str,
    resolved_toml: &'a str,
}

#[derive(Serialize)]
struct ShardRecord {
    index: u64,
    count: u64,
}

#[derive(Serialize)]
struct RunRecord<'a> {
    command_line: &'a [String],
    host: &'a str,
    started_at: &'a str,
    wall_seconds: f64,
    threads: usize,
    merged_from: &'a [String],
}

/// What the manifest says beyond the plan.
pub(crate) struct ManifestFacts<'a> {
    pub resolved_toml: &'a str,
    pub replications: u64,
    pub stop: &'a str,
    pub band_days: usize,
    pub units: u64,
    pub failures: u64,
    pub merged_from: &'a [String],
}

pub(crate) const FINAL_FILES: [&str; 10] = [
    "runs.csv",
    "runs.parquet",
    "bands.csv",
    "bands.parquet",
    "failures.csv",
    "cuts.csv",
    "mean_field_links.csv",
    "mean_field_escapes.csv",
    "mean_field_events.csv",
    "manifest.json",
];

pub(crate) fn write(
    path: &Path,
    plan: &Plan,
    facts: &ManifestFacts<'_>,
    info: &RunInfo,
) -> Result<(), ExperimentError> {
    // The final files there are (a merge of shards written by an older version has no
    // per-course files), the manifest itself included.
    let dir = path.parent().unwrap_or(Path::new("."));
    let files: Vec<&str> = FINAL_FILES
        .into_iter()
        .filter(|f| *f == "manifest.json" || dir.join(f).exists())
        .collect();
    let manifest = Manifest {
        format: "cordon-results/1",
        cordon_version: &plan.cordon_version,
        git_commit: &plan.git_commit,
        scenario: ScenarioRecord {
            name: &plan.scenario_name,
            hash: &plan.scenario_hash,
            resolved_toml: facts.resolved_toml,
        },
        seed: plan.seed,
        mode: &plan.mode,
        courses_of_action: &plan.coas,
        replications: facts.replications,
        replications_requested: plan.replications,
        ci_width: plan.ci_width,
        stop: facts.stop,
        shard: (plan.shard_count > 1).then_some(ShardRecord {
            index: plan.shard_index,
            count: plan.shard_count,
        }),
        band_every_steps: plan.band_every_steps,
        band_days: facts.band_days,
        outcomes: &plan.outcomes,
        units: facts.units,
        failures: facts.failures,
        files: &files,
        run: RunRecord {
            command_line: &info.command_line,
            host: &info.host,
            started_at: &info.started_at,
            wall_seconds: info.elapsed_seconds(),
            threads: info.threads,
            merged_from: facts.merged_from,
        },
    };
    let mut text = serde_json::to_string_pretty(&manifest)
        .map_err(|e| FileError::io(path, std::io::Error::other(e)))?;
    text.push('\n');
    crate::files::write_atomic(path, text.as_bytes())?;
    Ok(())
}

fn host_name() -> String {
    let from_file = |p: &str| {
        std::fs::read_to_string(p)
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    from_file("/proc/sys/kernel/hostname")
        .or_else(|| from_file("/etc/hostname"))
        .or_else(|| std::env::var("HOSTNAME").ok().filter(|s| !s.is_empty()))
        .or_else(|| std::env::var("COMPUTERNAME").ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown".to_string())
}

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
fn utc_now() -> String {
    #[allow(clippy::disallowed_methods)] // The one clock read, at the edge, for the manifest.
    let now = std::time::SystemTime::now();
    let secs = now
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}
