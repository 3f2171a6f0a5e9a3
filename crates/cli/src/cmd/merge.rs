//! `cordon merge DIR… --out DIR`: combines the shards of one experiment (`--shard i/n`) into a
//! directory identical to a single-machine run (only `manifest.json`'s `run` part differs).

use std::path::PathBuf;

use cordon_experiment::RunInfo;

use super::create_out_dir;
use super::run::experiment_error;
use crate::table::num;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Results directories of the shards (`cordon compare --shard i/n --out DIR`), in any order.
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Output directory of the merged results.
    #[arg(long)]
    pub out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let out = create_out_dir(&args.out)?;
    let _lock = super::lock_dir(&out)?;
    // The shards are read under a shared lock: no writer may change them meanwhile.
    let mut shard_locks = Vec::new();
    for dir in &args.dirs {
        if dir.is_dir() && !same_dir(dir, &out) {
            shard_locks.push(
                cordon_experiment::store::DirLock::acquire_shared(dir).map_err(experiment_error)?,
            );
        }
    }
    let info = RunInfo::now(std::env::args().collect(), 0);
    let done = cordon_experiment::merge(&args.dirs, &out, &info).map_err(experiment_error)?;
    outln!(
        "Merged {} shards into {}: {} replications in runs.csv, {} failures.",
        args.dirs.len(),
        out.display(),
        num(done.rows as f64, 0),
        num(done.failures as f64, 0)
    );
    outln!(
        "Summarise with: cordon compare ... --out {} --resume (re-uses every replication)",
        out.display()
    );
    Ok(())
}

/// Whether two paths name the same directory.
fn same_dir(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
