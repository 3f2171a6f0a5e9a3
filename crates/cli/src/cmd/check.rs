//! `cordon check [FILE]`: validate a scenario.

use std::path::PathBuf;

use cordon_engine::{Campaign, Mode, NoObserver, StreamKey};
use cordon_model::{CoaId, Scenario};

use super::load_scenario;
use crate::exit::bad_input;

/// Steps of every course of action `check` runs (mean-field) to find values the engine
/// cannot compute with; values that overflow do so from the first steps.
pub const TRIAL_STEPS: usize = 100;

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
    trial(&scenario)?;
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let links = scenario.links().len() + scenario.support_links().len();
    outln!(
        "{name}: ok — {}, {}, {}, {}, {}, {}",
        count(scenario.regions().len(), "region", "regions"),
        count(scenario.branches().len(), "branch", "branches"),
        count(links, "link", "links"),
        count(scenario.actors().len(), "actor", "actors"),
        count(
            scenario.coas().len(),
            "course of action",
            "courses of action"
        ),
        count(
            scenario.uncertain().len(),
            "uncertain parameter",
            "uncertain parameters"
        )
    );
    Ok(())
}

/// Runs the first [`TRIAL_STEPS`] steps of every course of action in mean-field: a scenario
/// whose values the engine cannot compute with (they overflow to infinity) is bad input, said
/// here rather than by every replication of a later run.
fn trial(s: &Scenario) -> anyhow::Result<()> {
    for c in 0..s.coas().len() {
        let coa = CoaId::from_index(c);
        let mut campaign = Campaign::new(s, coa, Mode::MeanField, StreamKey::new(s.meta().seed, 0));
        let mut obs = NoObserver;
        for _ in 0..TRIAL_STEPS {
            if campaign.finished() {
                break;
            }
            if let Err(e) = campaign.step(&mut obs) {
                let cordon_engine::EngineError::NonFinite {
                    step,
                    variable,
                    behind,
                    ..
                } = &e;
                let message = format!(
                    "the engine cannot run course of action {}: a non-finite value in {variable} at step {step} (mean-field)",
                    s.coa(coa).id
                );
                let hint = match behind {
                    Some(_) => format!(
                        "this is the most extreme value written for what {variable} depends on; a value this large (or small) overflows to infinity"
                    ),
                    None => format!(
                        "a value is too large to compute with (it overflows to infinity); look at the quantities behind {variable}, such as fighters, forces, support bases, finance and rates"
                    ),
                };
                let d = s.diagnostic_at(behind.as_deref(), message).hint(hint);
                return Err(bad_input(d.to_string()));
            }
        }
    }
    Ok(())
}
