//! What `cordon compare` and `cordon run` print: the verdict first (ranking, margin with its
//! interval, mechanism, trade-offs, caveat), in 80 columns by default; every outcome behind
//! `--all`, fitted to the terminal's width; "tie" where every replication ties; a Δ that
//! cannot be computed says why; the closing lines name the report and the charts.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use expect_test::expect;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../experiment/tests/fixtures/small.toml")
}

fn temp(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("cordon-verdict-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    path
}

fn cordon(args: &[&str], columns: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cordon"));
    command.args(args);
    match columns {
        Some(c) => command.env("COLUMNS", c),
        None => command.env_remove("COLUMNS"),
    };
    command.output().expect("the cordon binary runs")
}

/// Stdout with what changes from run to run (seconds, directories) replaced.
fn redacted(output: &Output, dir: &Path) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout).replace(&dir.display().to_string(), "DIR");
    let mut out = String::new();
    for line in text.lines() {
        let line = match line.rfind(", ") {
            Some(at) if line[at..].ends_with(" s.") => format!("{}, T s.", &line[..at]),
            _ => line.to_string(),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn compare_opens_with_the_verdict_in_80_columns() {
    let dir = temp("compare");
    let d = dir.display().to_string();
    let output = cordon(
        &[
            "compare",
            &fixture().display().to_string(),
            "--reps",
            "30",
            "--out",
            &d,
            "--no-report",
        ],
        None,
    );
    let text = redacted(&output, &dir);
    assert!(widest(&text) <= 80, "wider than 80 columns:\n{text}");
    expect![[r#"
        experiment-small (hash d0970d1299f5181d): 3 courses of action × 30 replications,
        seed 7, stochastic mode, common random numbers, T s.

        Verdict: isolate leaves the fewest adversary fighters at the horizon: 1,742
        [1,736, 1,749] (mean, 95% CI), against 1,901 [1,892, 1,910] for pressure, the
        next best: Δ -158 [-171, -146], isolate better on 30 of 30 paired replications.
        The baseline hold ends at 2,261 (Δ -519 [-529, -509]).
        Why: under isolate, 0.0 fighters escape the core (pressure: 514.3; hold: 0.0); 2
        inter-regional links are severed at the horizon (pressure: 0; hold: 0); no
        replication of these courses defeats every branch decisively; most of what
        remains is in core (1,215 of 1,742).
        Trade-offs: isolate is also best (or tied best) on resurgences,
        third_party_hostile_militia. It is beaten by pressure on coalition_losses (87.5
        against 144.6); hold on civilian_casualties (7.8 against 16.0); pressure on
        territory_freed_km2 (5,327 against 2,325); pressure on population_freed (239,811
        against 116,267).
        Caveat: the intervals cover the chance variation of the model over 30
        replications per course (stochastic mode, common random numbers), not its
        assumptions. The scenario declares no parameter uncertain ([[uncertain]]), so no
        assumption has been tested.

        fighters_total: adversary fighters at the horizon, all regions and in transit
        (lower is better), best first
        #  coa        mean  Δ vs hold  95% CI of Δ   P(better)
        -  --------  -----  ---------  ------------  ---------
        1  isolate   1,742       -519  [-529, -509]      1.000
        2  pressure  1,901       -361  [-371, -350]      1.000
        3  hold*     2,261          –  –                     –

        Key outcomes (mean per replication; coalition: soldiers killed; civilians:
        civilian casualties; --all for intervals, Δ and P(better))
        coa       escaped  P(defeat)  coalition  civilians  P(militia hostile)
        --------  -------  ---------  ---------  ---------  ------------------
        isolate       0.0      0.000      144.6       16.0               0.000
        pressure    514.3      0.000       87.5       82.9               0.000
        hold          0.0      0.000      177.9        7.8               0.000

        Data in DIR: runs.csv, runs.parquet, bands.csv,
        bands.parquet, failures.csv, manifest.json. --all prints every outcome with its
        intervals, Δ and P(better).
    "#]]
    .assert_eq(&text);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_outcome_with_all_fits_the_terminal_and_says_tie() {
    let dir = temp("all");
    let d = dir.display().to_string();
    let f = fixture().display().to_string();
    let args = [
        "compare",
        f.as_str(),
        "--reps",
        "30",
        "--out",
        &d,
        "--no-report",
        "--all",
    ];
    let narrow = redacted(&cordon(&args, Some("80")), &dir);
    assert!(widest(&narrow) <= 80, "wider than 80 columns:\n{narrow}");
    // Every replication of every course ends undefeated: a tie, not a coin flip.
    let defeated = narrow
        .split("\n\n")
        .find(|b| b.starts_with("defeated:"))
        .expect("the block of defeated");
    assert!(defeated.contains("tie"), "{defeated}");
    assert!(!defeated.contains("0.500"), "{defeated}");
    // The day of decisive defeat never came: Δ says n/a, and why.
    let day = narrow
        .split("\n\n")
        .find(|b| b.starts_with("decisive_defeat_day:"))
        .expect("the block of decisive_defeat_day");
    assert!(day.contains("n/a"), "{day}");
    assert!(day.contains("Δ needs the event in both courses"), "{day}");
    // A wide terminal gets each outcome in one table.
    let _ = std::fs::remove_dir_all(&dir);
    let wide = redacted(&cordon(&args, Some("160")), &dir);
    assert!(
        widest(&wide) > 80 && widest(&wide) <= 160,
        "{}",
        widest(&wide)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn run_writes_its_report_and_names_it_last() {
    let dir = temp("run");
    let d = dir.display().to_string();
    let output = cordon(
        &[
            "run",
            &fixture().display().to_string(),
            "--coa",
            "isolate",
            "--reps",
            "10",
            "--out",
            &d,
        ],
        None,
    );
    let text = redacted(&output, &dir);
    assert!(dir.join("report.html").is_file(), "{text}");
    assert!(dir.join("charts").is_dir());
    // The closing lines (wrapped as the directory's name requires) name the report and charts.
    let flat = text.replace('\n', " ");
    let report = flat
        .find("Report: DIR/report.html")
        .expect("the report is named");
    assert!(
        report > flat.find("Key outcomes").expect("key outcomes"),
        "{text}"
    );
    assert!(flat[report..].contains("charts: DIR/charts/"), "{text}");
    assert!(text.starts_with("experiment-small"), "{text}");
    assert!(text.contains("\nVerdict: isolate: "), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The paragraph of the terminal text that starts with `label`: its lines up to a blank line
/// or the next labelled paragraph.
fn paragraph(text: &str, label: &str) -> Option<String> {
    let labels = ["Verdict:", "Worlds (", "Why:", "Trade-offs:", "Caveat:"];
    let mut lines = text.lines().skip_while(|l| !l.starts_with(label));
    let mut out = format!("{}\n", lines.next()?);
    for line in lines.take_while(|l| !l.is_empty() && !labels.iter().any(|x| l.starts_with(x))) {
        out.push_str(line);
        out.push('\n');
    }
    Some(out)
}

#[test]
fn compare_adds_the_worlds_section_after_the_verdict_unless_no_worlds() {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../explore/tests/fixtures/small.toml")
        .display()
        .to_string();
    let dir = temp("worlds");
    let d = dir.display().to_string();
    let args = [
        "compare",
        scenario.as_str(),
        "--reps",
        "20",
        "--worlds",
        "20",
        "--out",
        &d,
        "--no-report",
    ];
    let text = redacted(&cordon(&args, None), &dir);
    assert!(widest(&text) <= 80, "wider than 80 columns:\n{text}");
    // Right after the nominal verdict, before the mechanism.
    let verdict = text.find("\nVerdict: ").expect("a verdict");
    let worlds = text.find("\nWorlds (").expect("a worlds section");
    let why = text.find("\nWhy: ").expect("a mechanism");
    assert!(verdict < worlds && worlds < why, "{text}");
    expect![[r#"
        Worlds (20 plausible worlds of the 2 declared uncertain parameters, mean-field:
        R = 1 run per course and world): isolate is the most robust course by minimax
        regret in fighters_total: its regret is at most 0 (0 at the 90th percentile),
        and it is the best course in 100% of worlds [84%, 100%]. Next: pressure. It
        beats pressure on fighters_total in 100% of worlds [84%, 100%] (mean 1752
        against 1909). No assumption overturns it: it is the best course in every world
        explored. Ranking by minimax regret in fighters_total (lowest maximum regret
        across worlds; ties: lowest mean regret): isolate > pressure > hold.
    "#]]
    .assert_eq(&paragraph(&text, "Worlds (").expect("the worlds paragraph"));
    expect![[r#"
        Caveat: the intervals cover the chance variation of the model over 20
        replications per course (stochastic mode, common random numbers), not its
        assumptions. The worlds section covers the declared assumptions: every course in
        20 plausible worlds drawn from the 2 parameters declared uncertain.
    "#]]
    .assert_eq(&paragraph(&text, "Caveat:").expect("the caveat"));
    for file in [
        "worlds.csv",
        "results.csv",
        "robustness.csv",
        "discovery.csv",
        "boxes.csv",
    ] {
        assert!(dir.join("worlds").join(file).is_file(), "no worlds/{file}");
    }
    assert!(
        text.contains("\nWorlds in DIR/worlds: worlds.csv,"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);

    // The report gains the robustness section.
    let with_report: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| *a != "--no-report")
        .collect();
    redacted(&cordon(&with_report, None), &dir);
    let html = std::fs::read_to_string(dir.join("report.html")).expect("a report");
    let section = &html[html
        .find("<section id=\"worlds\">")
        .expect("a worlds section")..];
    assert!(
        section.contains("<li>isolate is the best in every world</li>"),
        "{section}"
    );
    assert!(section.contains("<td>isolate</td>"), "{section}");
    let _ = std::fs::remove_dir_all(&dir);

    let mut without = args.to_vec();
    without.push("--no-worlds");
    let text = redacted(&cordon(&without, None), &dir);
    assert!(!text.contains("Worlds ("), "{text}");
    assert!(!text.contains("worlds section"), "{text}");
    assert!(text.contains("`cordon sensitivity`"), "{text}");
    assert!(!text.contains("Worlds in DIR"), "{text}");
    assert!(!dir.join("worlds").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The verdict paragraph that opens the output of `args` (up to the first blank line), checked
/// to fit 80 columns.
fn opening_verdict(args: &[&str]) -> String {
    let o = cordon(args, None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(text.starts_with("Verdict: "), "{text}");
    let verdict = text.split("\n\n").next().unwrap_or_default().to_string();
    for line in verdict.lines() {
        assert!(line.chars().count() <= 80, "over 80 columns: {line:?}");
    }
    verdict + "\n"
}

#[test]
fn factorial_opens_with_its_verdict_in_80_columns() {
    let out = temp("factorial");
    // Every line of the output, not only the verdict, fits 80 columns.
    let starter =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/examples/starter.toml");
    let all = cordon(
        &[
            "factorial",
            starter.to_str().unwrap(),
            "--reps",
            "2",
            "--no-report",
            "--out",
            temp("factorial-all").to_str().unwrap(),
        ],
        None,
    );
    assert!(
        all.status.success(),
        "{}",
        String::from_utf8_lossy(&all.stderr)
    );
    for line in String::from_utf8_lossy(&all.stdout).lines() {
        assert!(line.chars().count() <= 80, "over 80 columns: {line:?}");
    }
    let scenario =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/examples/starter.toml");
    let verdict = opening_verdict(&[
        "factorial",
        scenario.to_str().unwrap(),
        "--reps",
        "3",
        "--no-report",
        "--out",
        out.to_str().unwrap(),
    ]);
    expect![[r#"
        Verdict: On fighters_total (lower is better), isolation matters most:
        links-and-support against none changes it by -1,604 [-1,701, -1,508], paired
        over replications. The best arm is isolation=links-and-support,
        destruction=concentrate, regime=joint, sequence=together at 2,407 [2,266,
        2,549]. The results support 3 of the essay's 5 claims on fighters_total and
        contradict "isolate first, then destroy" (157 [137, 176]). Where a supported
        claim stops holding: "act jointly, not in parallel" does not hold when
        isolation=links-and-support (-12.000, no detectable difference).
    "#]]
    .assert_eq(&verdict);
}

#[test]
fn explore_opens_with_its_verdict_and_margin_in_80_columns() {
    let out = temp("explore");
    // Every line of the output, not only the verdict, fits 80 columns.
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../explore/tests/fixtures/small.toml");
    let all = cordon(
        &[
            "explore",
            fixture.to_str().unwrap(),
            "--worlds",
            "8",
            "--reps",
            "1",
            "--satisfice",
            "fighters_total<1800",
            "--out",
            temp("explore-all").to_str().unwrap(),
        ],
        None,
    );
    assert!(
        all.status.success(),
        "{}",
        String::from_utf8_lossy(&all.stderr)
    );
    for line in String::from_utf8_lossy(&all.stdout).lines() {
        assert!(line.chars().count() <= 80, "over 80 columns: {line:?}");
    }
    let scenario =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../explore/tests/fixtures/small.toml");
    let verdict = opening_verdict(&[
        "explore",
        scenario.to_str().unwrap(),
        "--worlds",
        "8",
        "--reps",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    expect![[r#"
        Verdict: isolate is the most robust course by minimax regret in fighters_total:
        its regret is at most 0 (0 at the 90th percentile), and it is the best course in
        100% of worlds [68%, 100%]. Next: pressure. It beats pressure on fighters_total
        in 100% of worlds [68%, 100%] (mean 1750 against 1932). No assumption overturns
        it: it is the best course in every world explored.
    "#]]
    .assert_eq(&verdict);
}
