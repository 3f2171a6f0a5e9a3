//! `cordon check [FILE]`: validate a scenario.

use std::path::PathBuf;

use super::load_scenario;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML). Default: the embedded scenario levant-2017.
    pub file: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let scenario = load_scenario(args.file.as_deref())?;
    let name = args.file.as_ref().map_or_else(
        || format!("{} (embedded)", cordon_model::DEFAULT_SCENARIO_NAME),
        |p| crate::escape::text(&p.display().to_string()),
    );
    println!(
        "{name}: ok — {} regions, {} branches, {} links, {} actors, {} courses of action, {} uncertain parameters",
        scenario.regions().len(),
        scenario.branches().len(),
        scenario.links().len() + scenario.support_links().len(),
        scenario.actors().len(),
        scenario.coas().len(),
        scenario.uncertain().len()
    );
    Ok(())
}
