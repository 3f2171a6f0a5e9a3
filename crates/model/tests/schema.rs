//! The JSON Schema, and the generated reference embedded in `docs/scenario.md`.

use crate::workspace_root;

const BEGIN: &str = "<!-- BEGIN GENERATED REFERENCE -->";
const END: &str = "<!-- END GENERATED REFERENCE -->";

#[test]
fn schema_is_valid_json_with_every_top_level_table() {
    let schema = cordon_model::schema::json_schema();
    let text = serde_json::to_string_pretty(&schema).expect("serialisable");
    let reparsed: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(reparsed, schema);
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["type"], "object");
    assert_eq!(schema["additionalProperties"], false);
    let properties = schema["properties"].as_object().expect("properties");
    for field in cordon_model::spec::ROOT.fields {
        assert!(
            properties.contains_key(field.key),
            "the schema lacks the top-level table `{}`",
            field.key
        );
    }
    assert_eq!(properties.len(), cordon_model::spec::ROOT.fields.len());
    let required: Vec<&str> = schema["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(required, ["scenario", "region", "coa"]);
}

#[test]
fn schema_describes_nested_tables() {
    let schema = cordon_model::schema::json_schema();
    let phase = &schema["properties"]["coa"]["items"]["properties"]["phase"]["items"];
    assert_eq!(phase["type"], "object");
    let task = &phase["properties"]["task"]["items"];
    assert!(
        task["properties"]["kind"]["enum"]
            .as_array()
            .expect("enum")
            .iter()
            .any(|v| v == "concentrate")
    );
    let sanctuary = &schema["properties"]["region"]["items"]["properties"]["sanctuary"];
    assert_eq!(sanctuary["minimum"], 0.0);
    assert_eq!(sanctuary["maximum"], 1.0);
}

/// The default scenario satisfies the schema's `required` and `additionalProperties` rules
/// at the top level (a smoke test that schema and parser agree).
#[test]
fn default_scenario_keys_are_in_the_schema() {
    let schema = cordon_model::schema::json_schema();
    let doc: toml::Table = cordon_model::DEFAULT_SCENARIO_TOML
        .parse()
        .expect("valid TOML");
    let properties = schema["properties"].as_object().expect("properties");
    for key in doc.keys() {
        assert!(properties.contains_key(key), "`{key}` is not in the schema");
    }
}

/// `docs/scenario.md` embeds `markdown_reference()` verbatim between its markers.
/// `UPDATE_EXPECT=1` rewrites that part, like the snapshots.
#[test]
fn docs_embed_the_current_reference() {
    let path = workspace_root().join("docs/scenario.md");
    let doc = std::fs::read_to_string(&path).expect("docs/scenario.md");
    let (Some(begin), Some(end)) = (doc.find(BEGIN), doc.find(END)) else {
        panic!("docs/scenario.md lacks the markers {BEGIN} and {END}");
    };
    let embedded = doc[begin + BEGIN.len()..end].trim();
    let current = cordon_model::spec::markdown_reference();
    if embedded == current.trim() {
        return;
    }
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let updated = format!(
            "{}{BEGIN}\n\n{}\n\n{}",
            &doc[..begin],
            current.trim(),
            &doc[end..]
        );
        std::fs::write(&path, updated).expect("write docs/scenario.md");
        return;
    }
    panic!(
        "docs/scenario.md is out of date with crates/model/src/spec.rs: regenerate the part \
         between the markers with `cargo run -p cordon-cli -- schema --markdown`, or run \
         `UPDATE_EXPECT=1 cargo test -p cordon-model`"
    );
}

/// Every numeric key of the spec has a plausible range, with its source or reasoning, in the
/// "Plausible values" table of `docs/scenario.md`: a new key must be documented there too.
#[test]
fn every_numeric_key_has_a_plausible_range_in_the_docs() {
    use cordon_model::spec::{Ty, all_tables};
    let doc = std::fs::read_to_string(workspace_root().join("docs/scenario.md"))
        .expect("docs/scenario.md");
    let start = doc
        .find("\n## Plausible values\n")
        .expect("docs/scenario.md has a section \"Plausible values\"");
    let section = &doc[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let mut missing = Vec::new();
    for (path, spec) in all_tables() {
        for field in spec.fields {
            let numeric = matches!(
                field.ty,
                Ty::Num { .. } | Ty::Int { .. } | Ty::NumMap { .. } | Ty::NumList { .. }
            );
            let row = format!("| `{path}.{}` |", field.key);
            if numeric && !section.contains(&row) {
                missing.push(format!("{path}.{}", field.key));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/scenario.md, \"Plausible values\", has no row for: {}",
        missing.join(", ")
    );
}
