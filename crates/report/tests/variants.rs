//! Reports of other shapes of results: one course of action, a sensitivity file, a baseline.

use crate::util::{between, copy_results, results_table, run_small, small_report, text_of};

#[test]
fn one_course_of_action_has_no_differences() {
    let dir = run_small("run", &["pressure"]);
    let written = cordon_report::write(&dir).expect("report");
    let html = std::fs::read_to_string(written.html).expect("html");
    let blocks = results_table(&html, "headline-table");
    assert!(!blocks.is_empty());
    for (_, rows) in &blocks {
        assert_eq!(rows.len(), 1);
        assert!(
            rows[0]
                .cells
                .iter()
                .all(|c| c.stat.as_deref() != Some("diff"))
        );
    }
    assert!(html.contains("These are the numbers <code>cordon run</code> prints."));
    assert!(!html.contains("Δ vs"));
}

#[test]
fn a_chosen_baseline() {
    let dir = copy_results(small_report(), "chosen-baseline");
    let options = cordon_report::Options {
        baseline: Some("isolate".into()),
    };
    let written = cordon_report::write_with(&dir, &options).expect("report");
    let html = std::fs::read_to_string(written.html).expect("html");
    assert!(html.contains("<th>Δ vs isolate</th>"));
    for (outcome, rows) in results_table(&html, "headline-table") {
        let isolate = rows
            .iter()
            .find(|r| r.coa == "isolate")
            .expect("isolate row");
        assert!(
            isolate
                .cells
                .iter()
                .all(|c| c.stat.as_deref() != Some("diff")),
            "{outcome}: the baseline has no difference"
        );
    }
}

#[test]
fn sensitivity_indices_are_ranked_with_intervals() {
    let dir = copy_results(small_report(), "sensitivity");
    std::fs::write(
        dir.join("sensitivity.csv"),
        "outcome,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi\n\
         fighters_total,region.core.sanctuary,0.10,0.05,0.15,0.20,0.12,0.28\n\
         fighters_total,actor.north.intelligence,0.55,0.45,0.65,0.70,0.60,0.80\n",
    )
    .expect("write");
    let written = cordon_report::write(&dir).expect("report");
    let html = std::fs::read_to_string(&written.html).expect("html");
    let section = between(&html, "<section id=\"sensitivity\">", "</section>").expect("section");
    let text = text_of(section);
    let first = text.find("actor.north.intelligence").expect("ranked first");
    let second = text.find("region.core.sanctuary").expect("ranked second");
    assert!(first < second, "ranked by ST, largest first");
    assert!(text.contains("0.700 [0.600, 0.800]"), "{text}");
    assert!(section.contains("id=\"chart-sensitivity-fighters_total\""));
    assert!(dir.join("charts/sensitivity-fighters_total.png").exists());
    // Without the file, no section.
    assert!(
        !std::fs::read_to_string(small_report().join("report.html"))
            .expect("html")
            .contains("<section id=\"sensitivity\">")
    );
}
