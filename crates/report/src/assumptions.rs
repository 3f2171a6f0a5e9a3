//! The assumptions: every parameter of the resolved scenario (defaults written out), as HTML
//! tables, with the declared uncertain parameters marked and their distributions listed.

use cordon_model::{Distribution, Scenario};

use crate::format::{exact, html};

/// Sections in the order a reader meets them in the scenario language; others follow.
const ORDER: [&str; 14] = [
    "scenario",
    "outcomes",
    "adversary",
    "theatre",
    "region",
    "engagement",
    "branch",
    "support_link",
    "link",
    "actor",
    "relation",
    "third_party",
    "reinforcement",
    "coa",
];

/// The HTML of the assumptions section's body.
pub(crate) fn render(s: &Scenario) -> String {
    let mut out = String::new();
    let table: toml::Table = match toml::from_str(&s.resolved_toml()) {
        Ok(t) => t,
        Err(e) => {
            return format!(
                "<p class=\"warning\">The resolved scenario could not be read back: {}</p>",
                html(&e.to_string())
            );
        }
    };
    let uncertain: Vec<&str> = s.uncertain().iter().map(|u| u.field.as_str()).collect();
    out.push_str(&introduction(s));
    out.push_str(&uncertain_table(s, &table));
    let mut names: Vec<&String> = table.keys().filter(|k| *k != "uncertain").collect();
    names.sort_by_key(|k| {
        (
            ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()),
            (*k).clone(),
        )
    });
    for name in names {
        let value = &table[name.as_str()];
        match value {
            toml::Value::Table(t) => out.push_str(&section_table(name, t, &uncertain)),
            toml::Value::Array(items) => out.push_str(&entity_table(name, items, &uncertain)),
            other => {
                out.push_str(&format!(
                    "<p><code>{}</code> = {}{}</p>\n",
                    html(name),
                    cell(other),
                    mark(&uncertain, name)
                ));
            }
        }
    }
    out
}

/// What the section shows and how many parameters are declared uncertain.
fn introduction(s: &Scenario) -> String {
    format!(
        "<p>Every parameter the results were computed with: the scenario <code>{}</code> with every default written out (hash <code>{}</code>). \
         {}</p>\n",
        html(&s.meta().name),
        html(&s.hash()),
        match s.uncertain().len() {
            0 => "No parameter is declared uncertain (<code>[[uncertain]]</code>).".to_string(),
            1 => "The declared uncertain parameter (marked <span class=\"uncertain-mark\">†</span>) can be swept with <code>cordon sensitivity</code>.".to_string(),
            n => format!("The {n} declared uncertain parameters (marked <span class=\"uncertain-mark\">†</span>) can be swept with <code>cordon sensitivity</code>."),
        },
    )
}

/// The declared uncertain parameters: value used and distribution (empty when none).
fn uncertain_table(s: &Scenario, table: &toml::Table) -> String {
    let mut out = String::new();
    if !s.uncertain().is_empty() {
        out.push_str("<h3>Declared uncertain parameters</h3>\n<table class=\"params\"><thead><tr><th>parameter</th><th>value used</th><th>distribution</th></tr></thead><tbody>\n");
        for u in s.uncertain() {
            out.push_str(&format!(
                "<tr><td><code>{}</code><span class=\"uncertain-mark\">†</span></td><td>{}</td><td>{}</td></tr>\n",
                html(&u.field),
                html(&lookup(table, &u.field).unwrap_or_else(|| "–".to_string())),
                html(&distribution(&u.distribution)),
            ));
        }
        out.push_str("</tbody></table>\n");
    }
    out
}

/// A `[name]` table: one row per key.
fn section_table(name: &str, t: &toml::Table, uncertain: &[&str]) -> String {
    let mut out = format!("<h3><code>[{}]</code></h3>\n", html(name));
    out.push_str("<table class=\"params\"><tbody>\n");
    for (key, v) in ordered(t) {
        let path = format!("{name}.{key}");
        out.push_str(&format!(
            "<tr><th><code>{}</code>{}</th><td>{}</td></tr>\n",
            html(key),
            mark(uncertain, &path),
            cell(v)
        ));
    }
    out.push_str("</tbody></table>\n");
    out
}

/// A `[[name]]` array of tables: one row per entry, one column per key any entry has (empty
/// when no item is a table).
fn entity_table(name: &str, items: &[toml::Value], uncertain: &[&str]) -> String {
    let mut out = String::new();
    let entries: Vec<&toml::Table> = items.iter().filter_map(|v| v.as_table()).collect();
    if entries.is_empty() {
        return out;
    }
    let id_key = if name == "engagement" { "region" } else { "id" };
    let mut keys: Vec<&str> = Vec::new();
    for e in &entries {
        for (k, _) in ordered(e) {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    out.push_str(&format!(
        "<h3><code>[[{}]]</code> ({} entr{})</h3>\n<div class=\"wide\"><table class=\"params entities\"><thead><tr>",
        html(name),
        entries.len(),
        if entries.len() == 1 { "y" } else { "ies" }
    ));
    for k in &keys {
        out.push_str(&format!("<th><code>{}</code></th>", html(k)));
    }
    out.push_str("</tr></thead><tbody>\n");
    for e in &entries {
        let id = e.get(id_key).and_then(|v| v.as_str());
        out.push_str("<tr>");
        for k in &keys {
            let marked = id.map_or(String::new(), |id| {
                mark(uncertain, &format!("{name}.{id}.{k}"))
            });
            let text = match e.get(*k) {
                // A course's phases and their tasks: collapsed, counted.
                Some(v @ toml::Value::Array(phases)) if name == "coa" && *k == "phase" => {
                    let tasks: usize = phases
                        .iter()
                        .filter_map(|p| p.get("task")?.as_array().map(Vec::len))
                        .sum();
                    format!(
                        "<details class=\"tasks\"><summary>{} phase{}, {tasks} task{}</summary>{}</details>",
                        phases.len(),
                        if phases.len() == 1 { "" } else { "s" },
                        if tasks == 1 { "" } else { "s" },
                        cell(v)
                    )
                }
                Some(v) => cell(v),
                None => String::new(),
            };
            out.push_str(&format!("<td>{text}{marked}</td>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    out
}

/// A table's entries with `id` and `name` first, then alphabetical.
fn ordered(t: &toml::Table) -> Vec<(&str, &toml::Value)> {
    let mut entries: Vec<(&str, &toml::Value)> = t.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let rank = |k: &str| match k {
        "id" => 0,
        "region" => 1,
        "name" => 2,
        "description" => 3,
        _ => 4,
    };
    entries.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)).then(a.0.cmp(b.0)));
    entries
}

/// The uncertainty mark of a cell: when a declared field is this path or lies inside it.
fn mark(uncertain: &[&str], path: &str) -> String {
    let hit = uncertain
        .iter()
        .any(|u| *u == path || u.starts_with(&format!("{path}.")));
    if hit {
        format!(
            "<span class=\"uncertain-mark\" title=\"declared uncertain: {}\">†</span>",
            html(path)
        )
    } else {
        String::new()
    }
}

/// A value as HTML: scalars as text, lists joined, tables and lists of tables as nested lists.
fn cell(v: &toml::Value) -> String {
    match v {
        toml::Value::Array(items) if items.iter().any(|i| i.is_table()) => {
            let mut out = String::from("<ul>");
            for item in items {
                out.push_str(&format!("<li>{}</li>", cell(item)));
            }
            out.push_str("</ul>");
            out
        }
        toml::Value::Table(t) if t.contains_key("actor") && t.contains_key("kind") => task(t),
        toml::Value::Table(t) => {
            let parts: Vec<String> = ordered(t)
                .into_iter()
                .map(|(k, v)| {
                    if v.is_array() && v.as_array().is_some_and(|a| a.iter().any(|i| i.is_table()))
                    {
                        format!(
                            "{} ({}): {}",
                            html(k),
                            v.as_array().map_or(0, Vec::len),
                            cell(v)
                        )
                    } else {
                        format!("{} = {}", html(k), cell(v))
                    }
                })
                .collect();
            parts.join("; ")
        }
        toml::Value::Array(items) if items.is_empty() => "–".to_string(),
        other => html(&scalar(other)),
    }
}

/// A course of action's task in a few words: `us attack levant (effort 0.4)`; every key of
/// the task is still shown.
fn task(t: &toml::Table) -> String {
    let text = |k: &str| t.get(k).map(scalar).unwrap_or_default();
    let mut out = format!("<b>{}</b> {}", html(&text("actor")), html(&text("kind")));
    for (key, value) in ordered(t) {
        match key {
            "actor" | "kind" => {}
            "region" | "third_party" => out.push_str(&format!(" {}", html(&scalar(value)))),
            "links" if value.as_array().is_some_and(Vec::is_empty) => {}
            "effort" if value.as_float() == Some(1.0) => {}
            _ => out.push_str(&format!(" ({} {})", html(key), html(&scalar(value)))),
        }
    }
    out
}

fn scalar(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(x) => exact(*x),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(", "),
        toml::Value::Table(_) => "{…}".to_string(),
    }
}

/// The value at an `[[uncertain]]` path (`region.levant.sanctuary`, `adversary.x`,
/// `actor.us.forces.levant`) in the resolved document.
fn lookup(table: &toml::Table, path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split('.').collect();
    let section = table.get(parts[0])?;
    let (entry, rest) = match section {
        toml::Value::Table(t) => (t, &parts[1..]),
        toml::Value::Array(items) => {
            let id_key = if parts[0] == "engagement" {
                "region"
            } else {
                "id"
            };
            let id = parts.get(1)?;
            let t = items
                .iter()
                .filter_map(|v| v.as_table())
                .find(|t| t.get(id_key).and_then(|v| v.as_str()) == Some(id))?;
            (t, &parts[2..])
        }
        _ => return None,
    };
    let mut value = entry.get(*rest.first()?)?;
    for key in &rest[1..] {
        value = value.as_table()?.get(*key)?;
    }
    Some(scalar(value))
}

/// A distribution in words, with its parameters ("uniform on [0.05, 0.3]"); `cordon show`
/// prints the same words.
pub fn distribution(d: &Distribution) -> String {
    match d {
        Distribution::Uniform { low, high } => {
            format!("uniform on [{}, {}]", exact(*low), exact(*high))
        }
        Distribution::Triangular { low, mode, high } => format!(
            "triangular on [{}, {}], mode {}",
            exact(*low),
            exact(*high),
            exact(*mode)
        ),
        Distribution::Normal {
            mean,
            sd,
            low,
            high,
        } => {
            let mut text = format!("normal, mean {}, sd {}", exact(*mean), exact(*sd));
            if low.is_finite() || high.is_finite() {
                text.push_str(&format!(
                    ", truncated to [{}, {}]",
                    exact(*low),
                    exact(*high)
                ));
            }
            text
        }
        Distribution::LogUniform { low, high } => {
            format!("log-uniform on [{}, {}]", exact(*low), exact(*high))
        }
        Distribution::Categorical { values, weights } => {
            // No weights: every value equally likely.
            let total: f64 = weights.iter().sum();
            let parts: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(i, v)| match weights.get(i) {
                    Some(w) if total > 0.0 => format!("{v} ({:.0}%)", 100.0 * w / total),
                    _ => v.to_string(),
                })
                .collect();
            let equal = if weights.is_empty() && values.len() > 1 {
                " (equally likely)"
            } else {
                ""
            };
            format!("categorical: {}{equal}", parts.join(", "))
        }
    }
}
