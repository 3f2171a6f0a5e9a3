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
    assert!(html.contains("These are the numbers <code>cordon run --all</code> prints."));
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

#[test]
fn sensitivity_as_cordon_sensitivity_writes_it() {
    // `cordon sensitivity --out DIR/sensitivity`: long rows and the analysis' own manifest.
    let dir = copy_results(small_report(), "sensitivity-long");
    let sub = dir.join("sensitivity");
    std::fs::create_dir_all(&sub).expect("mkdir");
    std::fs::write(
        sub.join("manifest.json"),
        r#"{"format": "cordon-sensitivity/1", "metric": "escaped_from_core"}"#,
    )
    .expect("write");
    std::fs::write(
        sub.join("sensitivity.csv"),
        "parameter,index,value,ci_low,ci_high\n\
         region.core.sanctuary,mu,-40,,\n\
         region.core.sanctuary,mu_star,45,30,60\n\
         region.core.sanctuary,sigma,12,,\n\
         actor.north.intelligence,mu,-300,,\n\
         actor.north.intelligence,mu_star,310,250,370\n\
         actor.north.intelligence,sigma,80,,\n",
    )
    .expect("write");
    let written = cordon_report::write(&dir).expect("report");
    let html = std::fs::read_to_string(&written.html).expect("html");
    let section = between(&html, "<section id=\"sensitivity\">", "</section>").expect("section");
    let text = text_of(section);
    assert!(text.contains("drive escaped_from_core"), "{text}");
    assert!(text.contains("ranked by mu_star"), "{text}");
    let first = text
        .find("actor.north.intelligence -300.0")
        .expect("ranked first");
    let second = text
        .find("region.core.sanctuary -40.0")
        .expect("ranked second");
    assert!(first < second, "{text}");
    assert!(
        // One format per index (decimals from its largest value); no interval column for
        // an index the file gives none for.
        text.contains("310.0 [250.0, 370.0] 80.0"),
        "{text}"
    );
    assert!(dir.join("charts/sensitivity.svg").exists());
}
