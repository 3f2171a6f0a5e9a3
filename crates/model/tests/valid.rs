//! Every scenario shipped with Cordon parses, and so does the documentation's example.

use std::path::{Path, PathBuf};

use crate::workspace_root;

/// Parses a file, failing with its rendered diagnostics.
fn check_valid(path: &Path) -> cordon_model::Scenario {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    cordon_model::parse(&path.display().to_string(), &bytes)
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
}

/// The `.toml` files directly in `dir` (none if it does not exist), sorted.
fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn default_scenario_is_valid() {
    let scenario = cordon_model::default_scenario();
    assert_eq!(scenario.source_name(), cordon_model::DEFAULT_SCENARIO_NAME);
    assert_eq!(scenario.meta().name, "levant-2017");
    assert!(scenario.regions().len() >= 2);
    assert!(scenario.coas().len() >= 2);
    let core = scenario.region(scenario.meta().core_region);
    assert_eq!(core.id, "levant");
}

#[test]
fn embedded_default_is_the_file() {
    let path = workspace_root().join(cordon_model::DEFAULT_SCENARIO_NAME);
    let on_disk = std::fs::read_to_string(&path).expect("scenarios/levant-2017.toml");
    assert_eq!(on_disk, cordon_model::DEFAULT_SCENARIO_TOML);
}

#[test]
fn every_shipped_scenario_is_valid() {
    let root = workspace_root();
    let files: Vec<PathBuf> = toml_files(&root.join("scenarios"))
        .into_iter()
        .chain(toml_files(&root.join("scenarios/examples")))
        .collect();
    assert!(!files.is_empty(), "no scenario under scenarios/");
    for path in files {
        check_valid(&path);
    }
}

/// The complete examples of `docs/scenario.md` (TOML blocks that begin with the line
/// `# A complete scenario`) are valid scenarios.
#[test]
fn documented_examples_are_valid() {
    let path = workspace_root().join("docs/scenario.md");
    let doc = std::fs::read_to_string(&path).expect("docs/scenario.md");
    let mut n_examples = 0;
    for block in doc.split("```toml\n").skip(1) {
        let block = block.split("```").next().expect("a fenced block");
        if block.starts_with("# A complete scenario") {
            n_examples += 1;
            cordon_model::parse("docs/scenario.md example", block.as_bytes())
                .unwrap_or_else(|diagnostics| panic!("{diagnostics}\n\n{block}"));
        }
    }
    assert!(n_examples >= 1, "docs/scenario.md has no complete example");
}

/// A scenario written with every default spelled out is the same scenario.
#[test]
fn comments_and_layout_do_not_change_the_hash() {
    let default = cordon_model::default_scenario();
    let without_comments: String = cordon_model::DEFAULT_SCENARIO_TOML
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .map(|line| format!("{}\n", line.trim_end()))
        .collect();
    let reparsed = cordon_model::parse("no-comments.toml", without_comments.as_bytes())
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    assert_eq!(default.hash(), reparsed.hash());
}

/// A large file under the size limit (a 3 MB comment after the default scenario) parses to
/// the same scenario.
#[test]
fn large_comment_is_harmless() {
    let mut text = cordon_model::DEFAULT_SCENARIO_TOML.to_string();
    text.push_str("\n# ");
    text.push_str(&"x".repeat(3 * 1024 * 1024));
    text.push('\n');
    let scenario = cordon_model::parse("large.toml", text.as_bytes())
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    assert_eq!(scenario.hash(), cordon_model::default_scenario().hash());
}
