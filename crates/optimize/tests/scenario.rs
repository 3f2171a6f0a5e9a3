//! The search on scenarios: the square law's known optimum, thread independence, resumption
//! after an interruption, and plan snippets that parse back to the plans.

use std::path::{Path, PathBuf};

use cordon_engine::Mode;
use cordon_model::{CoaId, Scenario};
use cordon_optimize::nsga::{Config, Survival};
use cordon_optimize::store;
use cordon_optimize::study::{Statistic, Study, lever_values, prepare};

fn fixture(name: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read(&path).expect("fixture");
    cordon_model::parse(name, &text).unwrap_or_else(|d| panic!("{d}"))
}

/// A fresh, empty directory under the target's scratch space.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("optimize-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn study<'s>(
    s: &'s Scenario,
    objectives: &[&str],
    mode: Mode,
    reps: u64,
    threads: usize,
) -> Study<'s> {
    Study {
        scenario: s,
        objectives: objectives.iter().map(|o| o.to_string()).collect(),
        reps,
        mode,
        seed: 11,
        robust: None,
        threads,
    }
}

/// Every file a search writes, by name, as bytes (the journal included).
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                out.push((name, std::fs::read(&path).expect("file")));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_square_law_optimum_is_to_concentrate() {
    let s = fixture("square-law.toml");
    let prep = prepare(&study(
        &s,
        &["fighters_total", "coalition_losses"],
        Mode::MeanField,
        1,
        0,
    ))
    .unwrap();
    // The baseline splits the force: each body of 500 loses to a red of 700, which keeps
    // √(700² − 500²) = 489.9.
    let split = prep.evaluate(std::slice::from_ref(&prep.start)).unwrap();
    let red_left = 2.0 * (700.0f64.powi(2) - 500.0f64.powi(2)).sqrt();
    assert!(
        (split[0][0] - red_left).abs() < 0.02 * red_left,
        "{:?}",
        split[0]
    );
    assert!((split[0][1] - 1000.0).abs() < 1.0, "{:?}", split[0]);
    let dir = scratch("square-law");
    let config = Config::new(8, 6, 3);
    let done = store::search(&prep, &config, &dir, false, None, &mut |_| {}).unwrap();
    // Concentrated, blue keeps √(1000² − 700² − 700²) = 141.4 whatever the order.
    let kept = (1000.0f64.powi(2) - 2.0 * 700.0f64.powi(2)).sqrt();
    assert!(!done.pareto.is_empty());
    // The scenario's own course (the split) is scored the same way, and dominated.
    assert_eq!(done.courses.len(), 1);
    assert_eq!(done.courses[0].id, "split");
    assert_eq!(done.courses[0].f, split[0]);
    assert_eq!(done.courses[0].dominated_by.len(), done.pareto.len());
    for (name, member) in &done.pareto {
        let values = lever_values(&member.x);
        assert_eq!(s.levers()[0].format(&values[0]), "concentrate", "{name}");
        assert!(member.f[0] < 1.0, "{name}: {:?}", member.f);
        assert!(
            (member.f[1] - (1000.0 - kept)).abs() < 0.005 * 1000.0,
            "{name}: {:?}",
            member.f
        );
    }
}

#[test]
fn the_pareto_set_does_not_depend_on_the_thread_count() {
    let s = cordon_model::default_scenario();
    let objectives = ["fighters_total", "coalition_losses", "civilian_casualties"];
    let mut config = Config::new(8, 2, 5);
    config.survival = Survival::ReferenceDirections { divisions: 2 };
    let mut outputs = Vec::new();
    for threads in [1, 2] {
        let prep = prepare(&study(&s, &objectives, Mode::Stochastic, 2, threads)).unwrap();
        let dir = scratch(&format!("threads-{threads}"));
        store::search(&prep, &config, &dir, false, None, &mut |_| {}).unwrap();
        outputs.push(files(&dir));
    }
    assert!(outputs[0].iter().any(|(n, _)| n == "pareto.csv"));
    assert_eq!(outputs[0], outputs[1]);
}

#[test]
fn robust_search_over_worlds_does_not_depend_on_the_thread_count() {
    let s = cordon_model::default_scenario();
    let mut outputs = Vec::new();
    for threads in [1, 2] {
        let mut st = study(
            &s,
            &["fighters_total", "coalition_losses"],
            Mode::MeanField,
            1,
            threads,
        );
        st.robust = Some((3, Statistic::Regret));
        let prep = prepare(&st).unwrap();
        assert_eq!(prep.worlds.len(), 3);
        assert_eq!(
            prep.objective_names(),
            ["regret_fighters_total", "regret_coalition_losses"]
        );
        let dir = scratch(&format!("robust-{threads}"));
        store::search(&prep, &Config::new(6, 1, 9), &dir, false, None, &mut |_| {}).unwrap();
        outputs.push(files(&dir));
    }
    assert_eq!(outputs[0], outputs[1]);
}

#[test]
fn a_resumed_search_ends_with_the_same_bytes() {
    let s = cordon_model::default_scenario();
    let objectives = ["fighters_total", "coalition_losses"];
    let prep = prepare(&study(&s, &objectives, Mode::MeanField, 1, 0)).unwrap();
    let config = Config::new(8, 4, 21);
    let whole = scratch("resume-whole");
    store::search(&prep, &config, &whole, false, None, &mut |_| {}).unwrap();
    let parts = scratch("resume-parts");
    // Stopped after generation 2 (as a kill would leave it: the journal, no results yet).
    let first = store::search(&prep, &config, &parts, false, Some(2), &mut |_| {}).unwrap();
    assert!(!first.complete);
    assert!(!parts.join("pareto.csv").exists());
    // Without --resume the directory is refused; with it the search goes on.
    assert!(store::search(&prep, &config, &parts, false, None, &mut |_| {}).is_err());
    let second = store::search(&prep, &config, &parts, true, None, &mut |_| {}).unwrap();
    assert_eq!(second.resumed_from, Some(2));
    assert_eq!(files(&whole), files(&parts));
    // Another search's journal is refused.
    let other = Config::new(8, 4, 22);
    assert!(store::search(&prep, &other, &parts, true, None, &mut |_| {}).is_err());
}

#[test]
fn every_plan_snippet_parses_back_to_its_plan() {
    let s = cordon_model::default_scenario();
    let prep = prepare(&study(
        &s,
        &["fighters_total", "coalition_losses"],
        Mode::MeanField,
        1,
        0,
    ))
    .unwrap();
    let dir = scratch("snippets");
    let done = store::search(&prep, &Config::new(8, 2, 4), &dir, false, None, &mut |_| {}).unwrap();
    assert!(!done.pareto.is_empty());
    for (name, member) in &done.pareto {
        let snippet =
            std::fs::read_to_string(dir.join("plans").join(format!("{name}.toml"))).unwrap();
        let text = format!("{}\n{snippet}", cordon_model::DEFAULT_SCENARIO_TOML);
        let spliced =
            cordon_model::parse("spliced.toml", text.as_bytes()).unwrap_or_else(|d| panic!("{d}"));
        let coa = spliced.coa(spliced.coa_by_id(name).expect("the plan's course"));
        let plan = s
            .with_plans(&[(name.clone(), lever_values(&member.x))])
            .unwrap();
        assert_eq!(coa.phases, plan.coa(CoaId::from_index(0)).phases, "{name}");
        assert_eq!(coa.regime, plan.coa(CoaId::from_index(0)).regime, "{name}");
    }
}
