//! `cordon init NAME`: write a small commented starter scenario (two regions, one route, two
//! actors, two courses of action given as strategy factors) that passes `cordon check`.

use std::path::PathBuf;

use anyhow::Context as _;

use crate::exit::bad_input;

/// The starter scenario (`scenarios/examples/starter.toml`).
const STARTER: &str = include_str!("../../../../scenarios/examples/starter.toml");

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Name of the scenario; the file NAME.toml is written (NAME itself if it ends in .toml).
    pub name: String,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let name = args.name.trim_end_matches(".toml");
    let stem = std::path::Path::new(name)
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if stem.is_empty()
        || !stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(bad_input(format!(
            "error: \"{}\" is not a usable scenario name: use letters, digits, `-` and `_`",
            crate::escape::text(&args.name)
        )));
    }
    let path = PathBuf::from(format!("{name}.toml"));
    if path.exists() {
        return Err(bad_input(format!(
            "error: {} exists already; choose another name or remove it",
            path.display()
        )));
    }
    let text = STARTER.replacen("name = \"starter\"", &format!("name = \"{stem}\""), 1);
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    outln!(
        "Wrote {}: 2 regions, 1 route, 2 actors, 2 courses of action.\nNext: cordon check {0} && cordon compare {0}",
        path.display()
    );
    Ok(())
}
