//! No silent overwrite for `cordon factorial` and `cordon explore` (as `run`/`compare` do in
//! `run::guard_out`): an `--out` that is a file is bad input, and a directory that holds the
//! results of another experiment is left untouched (exit 2) unless `--force`.

use std::path::Path;

use crate::exit::bad_input;

/// Refuses an `--out` that is a file, or lies under one.
pub fn refuse_file(out: &Path) -> anyhow::Result<()> {
    match out.ancestors().find(|a| a.exists() && !a.is_dir()) {
        Some(file) => Err(bad_input(format!(
            "error: --out {}: {} is a file, not a directory",
            crate::escape::text(&out.display().to_string()),
            crate::escape::text(&file.display().to_string())
        ))),
        None => Ok(()),
    }
}

/// The manifest of a results directory, if it has one that parses.
pub fn manifest(out: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(out.join("manifest.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// What kind of results a manifest describes, in words.
pub fn kind_of(manifest: &serde_json::Value) -> String {
    let at = |p: &str| manifest.pointer(p).and_then(serde_json::Value::as_str);
    match (at("/command"), at("/format")) {
        (Some(c), _) => format!("the results of `cordon {c}`"),
        (None, Some(f)) => format!("results of format {f}"),
        (None, None) => "results".to_string(),
    }
}

/// The refusal: what the directory holds, that nothing changed, and the ways out.
pub fn refusal(out: &Path, held: &str, resume: bool) -> anyhow::Error {
    bad_input(format!(
        "error: {} holds {held}; nothing was changed. Add --force to replace them{}, or choose another --out",
        crate::escape::text(&out.display().to_string()),
        if resume {
            ", --resume to finish the same experiment"
        } else {
            ""
        }
    ))
}
