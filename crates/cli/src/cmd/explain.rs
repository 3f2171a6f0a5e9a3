//! `cordon explain --coa ID [FILE]`: why one campaign of a course did what it did, told from its
//! events (`cordon_experiment::explain`), verdict first, within 80 columns.

use std::fmt::Write as _;
use std::path::PathBuf;

use cordon_engine::{Mode, StreamKey};

use super::load_scenario;
use super::simulate::resolve_coa;
use crate::table::wrap_indent;

/// Columns of the explanation.
const WIDTH: usize = 80;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML). Default: the embedded scenario levant-2017.
    pub file: Option<PathBuf>,
    /// Course of action to explain (default: the first in the file).
    #[arg(long)]
    pub coa: Option<String>,
    /// Seed of the random streams (default: the scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Replication number: which random stream of the seed to use.
    #[arg(long, default_value_t = 0)]
    pub replication: u64,
    /// Explain the deterministic mean-field run instead of a stochastic replication.
    #[arg(long)]
    pub mean_field: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let s = load_scenario(args.file.as_deref())?;
    let coa = resolve_coa(&s, args.coa.as_deref())?;
    let (mode, what) = if args.mean_field {
        (Mode::MeanField, "mean-field run".to_string())
    } else {
        (
            Mode::Stochastic,
            format!(
                "stochastic replication {} of seed {}",
                args.replication,
                args.seed.unwrap_or(s.meta().seed)
            ),
        )
    };
    let key = StreamKey::new(args.seed.unwrap_or(s.meta().seed), args.replication);
    let e = cordon_experiment::explain::explain(&s, coa, mode, key)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut out = String::new();
    let _ = writeln!(out, "{}", wrap_indent(&e.verdict, WIDTH, "").trim_end());
    let _ = writeln!(
        out,
        "{}",
        wrap_indent(
            &format!(
                "(One {what}; `cordon run --coa {}` gives intervals over many.)",
                s.coa(coa).id
            ),
            WIDTH,
            ""
        )
        .trim_end()
    );
    for section in &e.sections {
        let _ = writeln!(out, "\n{}:", section.title);
        for sentence in &section.sentences {
            let _ = writeln!(
                out,
                "  {}",
                wrap_indent(sentence, WIDTH - 2, "    ")
                    .trim_end()
                    .replace('\n', "\n  ")
            );
        }
    }
    out!("{}", crate::escape::lines(&out));
    Ok(())
}
