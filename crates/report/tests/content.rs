//! The report of the fixture experiment, checked against its files.

use cordon_experiment::outcomes::specs_of;
use cordon_experiment::stats::{Z_975, quantile_sorted, t_quantile};
use cordon_experiment::{Better, Kind, read_runs_csv, summarize_dir};
use expect_test::expect;

use crate::util::{
    assert_rounds, attribute, between, displayed_interval, fixture, results_table, small_report,
    text_of,
};

fn report_html() -> String {
    std::fs::read_to_string(small_report().join("report.html")).expect("report.html")
}

/// Mean and 95% t-interval, computed directly (two passes, no running sums).
fn t_interval(values: &[f64]) -> (f64, f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let half = t_quantile(0.975, n - 1.0) * sd / n.sqrt();
    (mean, mean - half, mean + half)
}

/// The Wilson score interval, from its textbook form.
fn wilson(k: f64, n: f64) -> (f64, f64) {
    let p = k / n;
    let z2 = Z_975 * Z_975;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z_975 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / (1.0 + z2 / n);
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    quantile_sorted(&v, 0.5)
}

fn close(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

fn parse_value(text: Option<&str>) -> f64 {
    text.expect("a data value").parse().expect("a number")
}

#[test]
fn headline_numbers_are_the_statistics_of_runs_csv() {
    let dir = small_report();
    let html = report_html();
    let runs = read_runs_csv(dir).expect("runs.csv");
    let specs = specs_of(&runs.names);
    let s = fixture("small.toml");
    let baseline = s.coa(s.meta().baseline).id.clone();
    // The terminal's numbers: cordon compare summarises the journals.
    let terminal = summarize_dir(dir, Some(&baseline)).expect("summarize_dir");
    let blocks = results_table(&html, "headline-table");
    let headline: Vec<&str> = specs
        .iter()
        .filter(|o| o.headline)
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(
        blocks.iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>(),
        headline,
        "one block per headline outcome, in column order"
    );
    let values_of = |coa: &str, column: usize| -> Vec<(u64, f64)> {
        let c = runs
            .coas
            .iter()
            .position(|x| x == coa)
            .expect("coa in runs");
        runs.rows
            .iter()
            .filter(|r| r.coa == c)
            .map(|r| (r.replication, r.values[column]))
            .collect()
    };
    let mut checked = 0;
    for (outcome, rows) in &blocks {
        let o = runs
            .names
            .iter()
            .position(|n| n == outcome)
            .expect("column");
        let spec = &specs[o];
        assert_eq!(
            rows.len(),
            terminal.coas.len(),
            "{outcome}: a row per course"
        );
        for row in rows {
            let c = terminal
                .coas
                .iter()
                .position(|x| *x == row.coa)
                .expect("coa");
            let what = format!("{outcome} / {}", row.coa);
            let own: Vec<(u64, f64)> = values_of(&row.coa, o);
            let finite: Vec<f64> = own
                .iter()
                .map(|(_, x)| *x)
                .filter(|x| x.is_finite())
                .collect();
            // Exact equality with the terminal's statistics (same f64, to the bit).
            let t = &terminal.summaries[c][o];
            let mean_cell = row.stat("mean");
            assert!(
                close(parse_value(mean_cell.value.as_deref()), t.mean),
                "{what}: mean"
            );
            assert_eq!(
                parse_value(mean_cell.value.as_deref()).to_bits(),
                t.mean.to_bits(),
                "{what}: the mean is the terminal's, to the bit"
            );
            let ci = row.stat("ci");
            assert_eq!(
                parse_value(ci.lo.as_deref()).to_bits(),
                t.ci.lo.to_bits(),
                "{what}: CI lo"
            );
            assert_eq!(
                parse_value(ci.hi.as_deref()).to_bits(),
                t.ci.hi.to_bits(),
                "{what}: CI hi"
            );
            // The printed numbers are the statistics of runs.csv, computed here independently.
            let (mean, lo, hi) = match spec.kind {
                Kind::Proportion => {
                    let k = finite.iter().filter(|x| **x != 0.0).count() as f64;
                    let n = finite.len() as f64;
                    let (lo, hi) = wilson(k, n);
                    (k / n, lo, hi)
                }
                Kind::Amount | Kind::TimeToEvent => {
                    if finite.len() >= 2 {
                        t_interval(&finite)
                    } else if finite.len() == 1 {
                        (finite[0], f64::NAN, f64::NAN)
                    } else {
                        (f64::NAN, f64::NAN, f64::NAN)
                    }
                }
            };
            assert!(
                close(parse_value(mean_cell.value.as_deref()), mean),
                "{what}: mean {mean}"
            );
            assert_rounds(&mean_cell.text, mean, &format!("{what}: printed mean"));
            match displayed_interval(&ci.text) {
                Some((plo, phi)) => {
                    let d = crate::util::decimals_of(ci.text.split(", ").next().unwrap_or(""));
                    let tolerance = 0.5 * 10f64.powi(-d) + 1e-9;
                    // Degenerate t-intervals (all values equal) have sd = 0: both ends = mean.
                    let (lo, hi) = if lo.is_nan() && finite.len() >= 2 {
                        (mean, mean)
                    } else {
                        (lo, hi)
                    };
                    assert!(
                        (plo - lo).abs() <= tolerance && (phi - hi).abs() <= tolerance,
                        "{what}: printed CI {} but computed [{lo}, {hi}]",
                        ci.text
                    );
                }
                None => assert!(lo.is_nan(), "{what}: CI printed – but is [{lo}, {hi}]"),
            }
            if spec.kind != Kind::Proportion {
                assert_rounds(
                    &row.stat("median").text,
                    median(&finite),
                    &format!("{what}: median"),
                );
            }
            if row.coa == baseline {
                continue;
            }
            // Paired differences against the baseline, replication by replication.
            let base = values_of(&baseline, o);
            let mut diffs = Vec::new();
            let (mut better, mut ties, mut compared) = (0.0, 0.0, 0.0);
            for ((r, x), (rb, b)) in own.iter().zip(&base) {
                assert_eq!(r, rb, "replications are in the same order");
                if x.is_finite() && b.is_finite() {
                    diffs.push(x - b);
                }
                let never = |v: f64| {
                    if spec.kind == Kind::TimeToEvent && v.is_nan() {
                        f64::INFINITY
                    } else {
                        v
                    }
                };
                let (xc, bc) = (never(*x), never(*b));
                if xc.is_nan() || bc.is_nan() {
                    continue;
                }
                compared += 1.0;
                if xc == bc {
                    ties += 1.0;
                } else if (spec.better == Better::Lower && xc < bc)
                    || (spec.better == Better::Higher && xc > bc)
                {
                    better += 1.0;
                }
            }
            let diff_cell = row.stat("diff");
            let expected_diff = if diffs.is_empty() {
                f64::NAN
            } else {
                diffs.iter().sum::<f64>() / diffs.len() as f64
            };
            assert!(
                close(parse_value(diff_cell.value.as_deref()), expected_diff),
                "{what}: Δ"
            );
            assert_rounds(
                &diff_cell.text.replace('+', ""),
                expected_diff,
                &format!("{what}: printed Δ"),
            );
            let p_cell = row.stat("p_better");
            let expected_p = if spec.better == Better::Neither {
                f64::NAN
            } else {
                (better + ties / 2.0) / compared
            };
            assert!(
                close(parse_value(p_cell.value.as_deref()), expected_p),
                "{what}: P(better)"
            );
            // Every pair ties: the page says "tie", not a probability of one half.
            if compared > 0.0 && ties == compared && !expected_p.is_nan() {
                assert_eq!(p_cell.text, "tie", "{what}: every pair ties");
            } else {
                assert_rounds(
                    &p_cell.text,
                    expected_p,
                    &format!("{what}: printed P(better)"),
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} paired rows checked");
}

#[test]
fn every_course_of_action_appears() {
    let html = report_html();
    let s = fixture("small.toml");
    for coa in s.coas() {
        let id = &coa.id;
        let question = between(&html, "<section id=\"question\">", "</section>").expect("question");
        assert!(
            question.contains(&format!("data-coa=\"{id}\"")),
            "{id} in the question"
        );
        assert!(text_of(question).contains(&coa.name), "{id}: its name");
        assert!(
            text_of(question).contains(&coa.description),
            "{id}: its description"
        );
        for (outcome, rows) in results_table(&html, "headline-table") {
            assert!(
                rows.iter().any(|r| r.coa == *id),
                "{id} in the block of {outcome}"
            );
        }
        for chart in [format!("fan-{id}"), format!("network-{id}")] {
            assert!(
                html.contains(&format!("id=\"chart-{chart}\"")),
                "figure {chart}"
            );
        }
    }
    // Text from the scenario is escaped, not interpreted.
    assert!(html.contains("&lt;linked&gt; by fighter routes &amp; a militia"));
    assert!(!html.contains("<linked>"));
}

#[test]
fn the_report_references_nothing_outside_itself() {
    let html = report_html();
    let lower = html.to_ascii_lowercase();
    let allowed = ["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"];
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("http") {
        let tail = &rest[at..];
        if tail.starts_with("http://") || tail.starts_with("https://") {
            assert!(
                allowed.iter().any(|a| tail.starts_with(a)),
                "external URL: {}",
                &tail[..tail.len().min(80)]
            );
        }
        rest = &tail[4..];
    }
    for forbidden in [
        "src=", "@import", "<link", "<script", "url(", "<iframe", "<object", "<embed", "//cdn",
    ] {
        assert!(!lower.contains(forbidden), "the page contains {forbidden}");
    }
    assert!(lower.contains("<style>"), "inline style sheet");
    assert!(lower.contains("@media print"), "print rules");
}

#[test]
fn every_chart_exists_as_svg_and_png() {
    let dir = small_report();
    let html = report_html();
    let s = fixture("small.toml");
    let mut names = vec![
        "strength-total".to_string(),
        "escape".into(),
        "defeat-time".into(),
    ];
    for coa in s.coas() {
        names.push(format!("fan-{}", coa.id));
        names.push(format!("network-{}", coa.id));
    }
    for name in &names {
        let svg = std::fs::read_to_string(dir.join("charts").join(format!("{name}.svg")))
            .unwrap_or_else(|e| panic!("charts/{name}.svg: {e}"));
        assert!(svg.contains("<svg"), "{name}.svg is SVG");
        let shapes = [
            "<path",
            "<polyline",
            "<polygon",
            "<circle",
            "<rect",
            "<line",
        ]
        .iter()
        .map(|tag| svg.matches(tag).count())
        .sum::<usize>();
        assert!(shapes >= 20, "{name}.svg has only {shapes} shapes");
        assert!(svg.matches("<text").count() >= 8, "{name}.svg has labels");
        let width: u32 = attribute(&svg[svg.find("<svg").unwrap_or(0)..], "width")
            .and_then(|w| w.parse().ok())
            .expect("svg width");
        let png = std::fs::read(dir.join("charts").join(format!("{name}.png")))
            .unwrap_or_else(|e| panic!("charts/{name}.png: {e}"));
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{name}.png is PNG");
        let png_width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
        assert_eq!(png_width, 2 * width, "{name}.png is twice the SVG's size");
        assert!(png.len() > 20_000, "{name}.png is {} bytes", png.len());
        // The page inlines the same drawing.
        let figure = between(&html, &format!("id=\"chart-{name}\""), "</figure>")
            .unwrap_or_else(|| panic!("figure {name} in the page"));
        assert!(figure.contains("<svg"), "{name} inline");
    }
}

#[test]
fn sections_in_order() {
    let html = report_html();
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
    expect![[r#"
        Summary
        The question
        Results
          Ranking on fighters_total
          Headline outcomes
          Fighters per region at the horizon
        Adversary strength over time
        Escape from the core
        Time to decisive defeat
          Decisive defeat of each branch
        The adversary network
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
    .assert_eq(&outline);
}

#[test]
fn uncertain_parameters_are_marked_with_their_distributions() {
    let html = report_html();
    let section =
        between(&html, "<section id=\"assumptions\">", "</section>").expect("assumptions");
    let text = text_of(section);
    assert!(
        text.contains("region.core.sanctuary† 0.1 uniform on [0.05, 0.3]"),
        "{text}"
    );
    assert!(text.contains("actor.north.intelligence† 0.7 triangular on [0.5, 0.9], mode 0.7"));
    // The parameter tables mark the cells too (two fields, two marks beyond the list).
    assert!(section.matches("title=\"declared uncertain").count() >= 2);
    // Every key of the resolved scenario is shown, defaults included.
    for key in [
        "horizon_days",
        "step_days",
        "severed_integrity",
        "repair_rate_per_day",
        "transit_exposure",
    ] {
        assert!(section.contains(&format!("<code>{key}</code>")), "{key}");
    }
}
