//! Directories that are not a comparison get their own report: a factorial experiment
//! (`tests/fixtures/factorial/`, written by `cordon factorial --reps 4 --fix
//! proxy=none,sequence=together`, three outcomes kept), a sensitivity analysis alone, and an
//! exploration (`tests/fixtures/explore/`: the analysis files of `cordon explore --worlds 20
//! --reps 2` on the default scenario, whose uncertain parameters include a categorical one).

use std::path::{Path, PathBuf};

use expect_test::expect;

use crate::util::{between, fresh_dir, text_of};

pub fn factorial_dir(name: &str) -> PathBuf {
    fixture_dir("factorial", name)
}

pub fn explore_dir(name: &str) -> PathBuf {
    fixture_dir("explore", name)
}

fn fixture_dir(fixture: &str, name: &str) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let to = fresh_dir(name);
    for entry in std::fs::read_dir(&from).expect("fixture") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
    to
}

/// The outline of a page: its `h2` and `h3` headings.
pub fn outline(html: &str) -> String {
    let mut outline = String::new();
    for part in html.split("<h").skip(1) {
        let level = part.chars().next().unwrap_or(' ');
        if level != '2' && level != '3' {
            continue;
        }
        let Some(end) = part.find(&format!("</h{level}>")) else {
            continue;
        };
        let text = text_of(&format!("<h{}", &part[..end]));
        let indent = if level == '2' { "" } else { "  " };
        outline.push_str(&format!("{indent}{text}\n"));
    }
    outline
}

#[test]
fn a_factorial_directory_reports_claims_effects_and_interactions() {
    let dir = factorial_dir("factorial");
    assert_eq!(
        cordon_report::kind(&dir).expect("kind"),
        cordon_report::DirKind::Factorial
    );
    let written = cordon_report::write(&dir).expect("report");
    let html = std::fs::read_to_string(&written.html).expect("html");
    expect![[r#"
        Summary: the essay's claims
        Main effects
        The largest interactions
          fighters_total
          coalition_losses
          civilian_casualties
        Where each claim holds or reverses
        The best arms
          fighters_total (lower is better)
          coalition_losses (lower is better)
          civilian_casualties (lower is better)
        Manifest
    "#]]
    .assert_eq(&outline(&html));
    // The claims table: one row per claim of claims.csv, each cell the overall contrast.
    let mut reader = csv::Reader::from_path(dir.join("claims.csv")).expect("claims.csv");
    let overall: Vec<Vec<String>> = reader
        .records()
        .map(|r| {
            r.expect("record")
                .iter()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .filter(|r| r[0] == "fighters_total" && r[5].is_empty())
        .collect();
    let table = between(&html, "id=\"claims-table\"", "</table>").expect("claims table");
    assert_eq!(table.matches("<tr data-claim=").count(), overall.len());
    for r in &overall {
        let cell = format!(
            "data-outcome=\"fighters_total\" data-value=\"{}\" data-lo=\"{}\" data-hi=\"{}\"",
            r[7], r[8], r[9]
        );
        assert!(table.contains(&cell), "{cell}");
        assert!(text_of(table).contains(&r[10]), "verdict {}", r[10]);
    }
    // The verdict comes first and says which claims the model credits.
    let summary = between(&html, "<section id=\"summary\">", "</section>").expect("summary");
    assert!(text_of(summary).contains("Verdict. On fighters_total, the model credits"));
    // One main-effects chart per outcome shown, with its mode.
    for o in ["fighters_total", "coalition_losses", "civilian_casualties"] {
        let name = format!("effects-{o}");
        assert!(
            dir.join("charts").join(format!("{name}.svg")).is_file(),
            "{name}"
        );
        let figure = between(&html, &format!("id=\"chart-{name}\""), "</figure>").expect(&name);
        assert!(
            figure.contains("stochastic mode: 4 replications per arm"),
            "{name}"
        );
    }
}

#[test]
fn a_sensitivity_directory_alone_has_its_own_report() {
    let dir = fresh_dir("sensitivity-alone");
    let s = crate::util::fixture("small.toml");
    let manifest = serde_json::json!({
        "format": "cordon-sensitivity/1",
        "cordon_version": "0.1.0",
        "git_commit": "-",
        "scenario": {"name": s.meta().name, "hash": s.hash(), "resolved_toml": s.resolved_toml()},
        "method": "sobol",
        "n": 8,
        "points": 40,
        "replications": 2,
        "mode": "stochastic",
        "course_of_action": "isolate",
        "metric": "fighters_total",
    });
    std::fs::write(dir.join("manifest.json"), manifest.to_string()).expect("manifest");
    std::fs::write(
        dir.join("sensitivity.csv"),
        "parameter,S1,S1_conf,ST,ST_conf\nregion.core.sanctuary,0.55,0.05,0.62,0.04\nactor.north.intelligence,0.20,0.06,0.31,0.05\n",
    )
    .expect("sensitivity.csv");
    assert_eq!(
        cordon_report::kind(&dir).expect("kind"),
        cordon_report::DirKind::Sensitivity
    );
    let written = cordon_report::write(&dir).expect("report");
    let html = std::fs::read_to_string(&written.html).expect("html");
    expect![[r#"
        Summary
        Sensitivity to the assumptions
        Assumptions
          Declared uncertain parameters
          [scenario]
          [outcomes]
          [adversary]
          [[region]] (3 entries)
          [[engagement]] (3 entries)
          [[branch]] (3 entries)
          [[support_link]] (1 entry)
          [[link]] (2 entries)
          [[actor]] (2 entries)
          [[third_party]] (1 entry)
          [[coa]] (3 entries)
          [strategy]
        Manifest
    "#]]
    .assert_eq(&outline(&html));
    let summary =
        text_of(between(&html, "<section id=\"summary\">", "</section>").expect("summary"));
    assert!(
        summary.contains("fighters_total depends most on region.core.sanctuary (ST 0.62"),
        "{summary}"
    );
}

#[test]
fn an_exploration_states_its_verdict_once_and_its_boxes_in_the_parameters_own_words() {
    let dir = explore_dir("explore");
    let page = cordon_report::write(&dir).expect("explore report").html;
    let html = std::fs::read_to_string(page).expect("report.html");
    let verdict = std::fs::read_to_string(dir.join("verdict.txt")).expect("verdict");
    let first = verdict.split(':').next().expect("text");
    // Once before the manifest (which records it too).
    let shown = &html[..html.find("id=\"manifest\"").expect("a manifest section")];
    assert_eq!(shown.matches(first).count(), 1, "the verdict once");
    // A categorical parameter's box names its levels, not their codes.
    assert!(
        html.contains(
            "parallel is not the best when coa.parallel.regime in {parallel, cross-purpose}"
        ),
        "{}",
        text_of(&html)
    );
    assert!(!html.contains("≤ coa.parallel.regime"));
    // A course that is never the best needs no box (as the terminal says it).
    assert!(html.contains("isolation-only is not the best in any world"));
    assert!(!html.contains("not the best in 20 of 20 worlds"));
    // The charts say how the worlds were run (stochastic, 2 replications).
    let svg =
        std::fs::read_to_string(dir.join("charts/worlds-peeling-not_best.svg")).expect("chart");
    assert!(svg.contains("stochastic: 2 replications per course in each of 20 worlds"));
    expect![[r#"
        Summary
        Robustness across plausible worlds
        Manifest
    "#]]
    .assert_eq(&outline(&html));
}
