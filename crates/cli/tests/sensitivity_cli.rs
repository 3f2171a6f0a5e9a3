//! `cordon sensitivity`: determinism (same seed, any thread count), indices on a scenario whose
//! answer is known, and bad input.
//!
//! The fixture is one region under the Lanchester square law with two uncertain parameters:
//! the coalition's lethality, which drives attrition, and `targeting_half_fighters`, which only
//! the intelligence law reads. Under common random numbers two design points that differ only
//! in the ignored field run the very same campaigns, so its Sobol indices and Morris effects
//! are exactly zero (tolerance 1e-12 for rounding), while lethality takes all the variance.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SQUARE: &str = r#"
[scenario]
name = "sensitivity-square"
step_days = 1.0
horizon_days = 20.0
seed = 11
core_region = "island"

[outcomes]
decisive_defeat_fraction = 0.0

[adversary]
doctrine = "fight"

[[region]]
id = "island"

[[engagement]]
region = "island"
law = "square"
coalition_lethality = 0.002
adversary_lethality = 0.001

[[branch]]
id = "garrison"
region = "island"
fighters = 2000.0

[[actor]]
id = "blue"
forces = { island = 3000.0 }
access = ["island"]

[[coa]]
id = "assault"
regime = "joint"

[[coa.phase]]
id = "assault"
task = [{ actor = "blue", kind = "attack", region = "island" }]

[[uncertain]]
field = "engagement.island.coalition_lethality"
dist = "uniform"
low = 0.001
high = 0.004

[[uncertain]]
field = "engagement.island.targeting_half_fighters"
dist = "uniform"
low = 10.0
high = 1000.0
"#;

const LETHALITY: &str = "engagement.island.coalition_lethality";
const IGNORED: &str = "engagement.island.targeting_half_fighters";

/// A fresh directory for one test, holding `scenario.toml` with `text`.
fn workdir(name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("sensitivity-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the test directory");
    std::fs::write(dir.join("scenario.toml"), text).expect("write the scenario");
    dir
}

fn cordon(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the cordon binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn assert_exit(output: &Output, expected: i32) {
    assert_eq!(
        output.status.code(),
        Some(expected),
        "stdout:\n{}\nstderr:\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    assert!(
        !text(&output.stderr).contains("panicked"),
        "the binary panicked:\n{}",
        text(&output.stderr)
    );
}

/// Runs `cordon sensitivity scenario.toml ARGS --out OUT` in `dir`, expecting success.
fn sensitivity(dir: &Path, out: &str, args: &[&str]) -> Output {
    let mut all = vec!["sensitivity", "scenario.toml", "--out", out];
    all.extend_from_slice(args);
    let output = cordon(dir, &all);
    assert_exit(&output, 0);
    output
}

/// One row of `sensitivity.csv`.
#[derive(Debug)]
struct Row {
    parameter: String,
    index: String,
    value: f64,
    interval: Option<(f64, f64)>,
}

/// `sensitivity.csv`, checking its header and that an interval has both ends or none.
fn indices(path: &Path) -> Vec<Row> {
    let csv = std::fs::read_to_string(path).expect("sensitivity.csv exists");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("parameter,index,value,ci_low,ci_high"),
        "{csv}"
    );
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), 5, "{l}");
            let opt = |s: &str| (!s.is_empty()).then(|| s.parse::<f64>().expect("a number"));
            let interval = match (opt(f[3]), opt(f[4])) {
                (Some(lo), Some(hi)) => Some((lo, hi)),
                (None, None) => None,
                _ => panic!("half an interval: {l}"),
            };
            Row {
                parameter: f[0].to_string(),
                index: f[1].to_string(),
                value: f[2].parse().expect("a number"),
                interval,
            }
        })
        .collect()
}

fn index(rows: &[Row], p: &str, kind: &str) -> f64 {
    rows.iter()
        .find(|r| r.parameter == p && r.index == kind)
        .unwrap_or_else(|| panic!("no {kind} for {p} in {rows:?}"))
        .value
}

const SOBOL: [&str; 8] = [
    "--method",
    "sobol",
    "--n",
    "64",
    "--reps",
    "3",
    "--metric",
    "fighters_total",
];

#[test]
fn sobol_is_reproducible_and_finds_the_ignored_parameter() {
    let dir = workdir("sobol", SQUARE);
    let mut one = SOBOL.to_vec();
    one.extend(["--threads", "1"]);
    let mut two = SOBOL.to_vec();
    two.extend(["--threads", "2"]);
    let first = sensitivity(&dir, "a", &one);
    sensitivity(&dir, "b", &one);
    sensitivity(&dir, "c", &two);
    for file in ["sensitivity.csv", "design.csv"] {
        let a = std::fs::read(dir.join("a").join(file)).expect("file a");
        let b = std::fs::read(dir.join("b").join(file)).expect("file b");
        let c = std::fs::read(dir.join("c").join(file)).expect("file c");
        assert!(a == b, "{file}: two runs with the same seed differ");
        assert!(a == c, "{file}: --threads 1 and --threads 2 differ");
    }
    for file in ["design.parquet", "sensitivity.parquet", "manifest.json"] {
        let bytes = std::fs::read(dir.join("a").join(file)).expect("file exists");
        assert!(!bytes.is_empty(), "{file} is empty");
    }

    let rows = indices(&dir.join("a/sensitivity.csv"));
    assert_eq!(rows.len(), 4, "S1 and ST for two parameters: {rows:?}");
    assert!(
        rows.iter().all(|r| r
            .interval
            .is_some_and(|(lo, hi)| lo <= r.value && r.value <= hi)),
        "every Sobol index has an interval around it: {rows:?}"
    );
    // The ignored field: exactly zero but for rounding.
    for kind in ["S1", "ST"] {
        let v = index(&rows, IGNORED, kind);
        assert!(v.abs() <= 1e-12, "{kind} of the ignored field is {v}");
    }
    // Lethality is the only thing that varies.
    let st = index(&rows, LETHALITY, "ST");
    let s1 = index(&rows, LETHALITY, "S1");
    assert!(st > 0.9, "ST of lethality is {st}");
    assert!(s1 > 0.8, "S1 of lethality is {s1}");

    // The design: 64 · (2 + 2) points, metric mean and standard error, every outcome's mean.
    let design = std::fs::read_to_string(dir.join("a/design.csv")).expect("design.csv");
    let header = design.lines().next().expect("a header");
    assert!(
        header.starts_with(&format!(
            "point,{LETHALITY},{IGNORED},fighters_total_mean,fighters_total_se,mean_fighters_island,"
        )),
        "{header}"
    );
    assert_eq!(design.lines().count(), 1 + 64 * 4);

    // The table ranks lethality first.
    let stdout = text(&first.stdout);
    let first_row = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("1 "))
        .unwrap_or_else(|| panic!("no ranked row:\n{stdout}"));
    assert!(first_row.contains(LETHALITY), "{stdout}");
    assert!(stdout.contains("ST 95% CI"), "{stdout}");

    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("a/manifest.json")).expect("manifest.json"),
    )
    .expect("valid JSON");
    assert_eq!(manifest["format"], "cordon-sensitivity/1");
    assert_eq!(manifest["points"], 256);
    assert_eq!(manifest["replications"], 3);
    assert_eq!(manifest["campaigns"], 768);
    assert_eq!(manifest["ranking"][0], LETHALITY);
}

#[test]
fn morris_ranks_lethality_above_the_ignored_field() {
    let dir = workdir("morris", SQUARE);
    let output = sensitivity(
        &dir,
        "out",
        &[
            "--method",
            "morris",
            "--n",
            "8",
            "--reps",
            "3",
            "--metric",
            "fighters_total",
            "--threads",
            "2",
        ],
    );
    let rows = indices(&dir.join("out/sensitivity.csv"));
    assert_eq!(rows.len(), 6, "mu, mu_star, sigma for two parameters");
    for r in &rows {
        assert_eq!(
            r.interval.is_some(),
            r.index == "mu_star",
            "only mu* has an interval: {r:?}"
        );
    }
    let ignored = index(&rows, IGNORED, "mu_star");
    let lethality = index(&rows, LETHALITY, "mu_star");
    assert!(
        ignored.abs() <= 1e-12,
        "mu* of the ignored field is {ignored}"
    );
    assert!(
        index(&rows, IGNORED, "sigma").abs() <= 1e-12,
        "sigma of the ignored field"
    );
    // More lethality, fewer fighters: every elementary effect is negative.
    assert!(lethality > 100.0, "mu* of lethality is {lethality}");
    assert!(
        (index(&rows, LETHALITY, "mu") + lethality).abs() <= 1e-9 * lethality,
        "mu = -mu* for a monotonic decreasing effect"
    );
    let stdout = text(&output.stdout);
    let ranked: Vec<&str> = stdout
        .lines()
        .filter(|l| l.trim_start().starts_with(['1', '2']) && l.contains("engagement."))
        .collect();
    assert_eq!(ranked.len(), 2, "{stdout}");
    assert!(
        ranked[0].contains(LETHALITY) && ranked[1].contains(IGNORED),
        "{stdout}"
    );
}

#[test]
fn lhs_rank_correlation_and_categorical_lever() {
    let with_lever = format!(
        "{SQUARE}\n[[uncertain]]\nfield = \"coa.assault.regime\"\ndist = \"categorical\"\nvalues = [\"joint\", \"parallel\"]\n"
    );
    let dir = workdir("lhs", &with_lever);
    let output = sensitivity(
        &dir,
        "out",
        &[
            "--method",
            "lhs",
            "--n",
            "64",
            "--reps",
            "2",
            "--metric",
            "fighters_total",
        ],
    );
    let rows = indices(&dir.join("out/sensitivity.csv"));
    let rho = index(&rows, LETHALITY, "spearman");
    assert!(rho < -0.9, "Spearman rho of lethality is {rho}");
    let noise = index(&rows, IGNORED, "spearman");
    assert!(
        noise.abs() < 0.3,
        "Spearman rho of the ignored field is {noise}"
    );
    // The lever gets the correlation ratio.
    let eta = index(&rows, "coa.assault.regime", "categorical");
    assert!((0.0..=1.0).contains(&eta), "eta² is {eta}");
    let stdout = text(&output.stdout);
    assert!(stdout.contains("Spearman rho"), "{stdout}");
    assert!(stdout.contains("eta² (categorical)"), "{stdout}");

    // Morris sets the categorical lever aside and says so.
    let output = sensitivity(
        &dir,
        "morris",
        &[
            "--method",
            "morris",
            "--n",
            "4",
            "--reps",
            "1",
            "--metric",
            "fighters_total",
        ],
    );
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("`coa.assault.regime` is left out") && stderr.contains("ordered scale"),
        "{stderr}"
    );
    let rows = indices(&dir.join("morris/sensitivity.csv"));
    assert!(
        rows.iter().all(|r| r.parameter != "coa.assault.regime"),
        "{rows:?}"
    );
}

/// Bad input: exit code 2 and a message that says what is wrong.
fn refused(dir: &Path, args: &[&str], needles: &[&str]) {
    let mut all = vec!["sensitivity", "scenario.toml", "--out", "bad"];
    all.extend_from_slice(args);
    let output = cordon(dir, &all);
    assert_exit(&output, 2);
    let stderr = text(&output.stderr);
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "stderr lacks {needle:?}:\n{stderr}"
        );
    }
}

#[test]
fn bad_input_is_refused_with_exit_code_2() {
    let dir = workdir("bad", SQUARE);
    let base = ["--method", "sobol", "--n", "4"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut v = base.to_vec();
        v.extend_from_slice(extra);
        v
    };
    refused(
        &dir,
        &with(&["--metric", "fighter_total"]),
        &[
            "unknown metric `fighter_total`",
            "did you mean `fighters_total`?",
        ],
    );
    refused(
        &dir,
        &with(&["--metric", "fighters_total", "--reps", "0"]),
        &["--reps must be at least 1"],
    );
    refused(
        &dir,
        &[
            "--method",
            "sobol",
            "--n",
            "1",
            "--metric",
            "fighters_total",
        ],
        &["--n 1 is too small"],
    );
    refused(
        &dir,
        &with(&["--metric", "fighters_total", "--coa", "asault"]),
        &[
            "unknown course of action \"asault\"",
            "did you mean \"assault\"?",
        ],
    );
    refused(
        &dir,
        &[
            "--method",
            "morris",
            "--n",
            "4",
            "--levels",
            "3",
            "--metric",
            "fighters_total",
        ],
        &["even number of levels"],
    );

    // A metric that never varies (nobody is defeated within 20 days) has nothing to rank: the
    // design is written, the indices of an earlier run in the same directory are removed.
    sensitivity(
        &dir,
        "bad",
        &with(&["--metric", "fighters_total", "--reps", "1"]),
    );
    assert!(dir.join("bad/sensitivity.csv").exists());
    refused(
        &dir,
        &with(&["--metric", "defeated", "--reps", "1"]),
        &["the metric `defeated` is 0 at every design point"],
    );
    assert!(dir.join("bad/design.csv").exists());
    assert!(!dir.join("bad/sensitivity.csv").exists());

    // No uncertain parameters at all.
    let plain = SQUARE
        .split("[[uncertain]]")
        .next()
        .expect("the scenario part");
    let dir = workdir("bad-none", plain);
    refused(
        &dir,
        &with(&["--metric", "fighters_total"]),
        &["declares no uncertain parameters"],
    );

    // A design point that is not a valid scenario: a command link's capacity above 1.
    let linked = format!(
        "{plain}
[[region]]
id = \"mainland\"

[[link]]
id = \"orders\"
kind = \"command\"
from = \"island\"
to = \"mainland\"
capacity = 0.5

[[uncertain]]
field = \"link.orders.capacity\"
dist = \"uniform\"
low = 0.5
high = 1.5
"
    );
    let dir = workdir("bad-point", &linked);
    refused(
        &dir,
        &with(&["--metric", "fighters_total"]),
        &[
            "design point",
            "link.orders.capacity = ",
            "is not a valid scenario",
            "above 1",
        ],
    );
}

/// A lever over the course of action itself (`field = "coa"`) picks the course that runs at
/// each point. The scenario format has no such field yet, so the lever is added through the
/// library: `hold` attacks with a tenth of the effort of `assault`, and the lever explains
/// most of the spread of the fighters left.
#[test]
fn a_coa_lever_picks_the_course_of_action_per_point() {
    use cordon_sensitivity::{Analysis, Lever, Method, Study};

    let text = format!(
        "{SQUARE}
[[coa]]
id = \"hold\"
regime = \"joint\"

[[coa.phase]]
id = \"hold\"
task = [{{ actor = \"blue\", kind = \"attack\", region = \"island\", effort = 0.1 }}]
"
    );
    let s = cordon_model::parse("coa-lever.toml", text.as_bytes()).expect("a valid scenario");
    let mut study = Study::new(&s, Method::Lhs, 32, "fighters_total");
    study.reps = 2;
    study.levers.push(Lever::coa(&["assault", "hold"]));
    let prep = cordon_sensitivity::prepare(&s, &study).expect("a valid study");
    let outputs =
        cordon_sensitivity::run(&prep, &cordon_experiment::NoProgress).expect("campaigns run");
    let indices = cordon_sensitivity::analyze(&prep, &outputs).expect("indices");
    let Analysis::Lhs {
        categorical: Some(c),
        ..
    } = &indices.analysis
    else {
        panic!("an LHS analysis with a categorical lever: {indices:?}");
    };
    let lever = &c.indices[0];
    assert_eq!(lever.name, "coa");
    assert!(
        lever.s1.value > 0.5,
        "eta² of the course of action: {lever:?}"
    );
    let (assault, hold) = (&lever.categories[0], &lever.categories[1]);
    assert_eq!(
        (assault.label.as_str(), hold.label.as_str()),
        ("assault", "hold")
    );
    assert!(
        hold.mean > assault.mean + 100.0,
        "holding back leaves more fighters: {lever:?}"
    );
    assert_eq!(indices.ranking()[0], "coa");
}

#[test]
fn a_design_too_small_for_stable_indices_says_so() {
    let dir = workdir("small-n", SQUARE);
    let small = sensitivity(
        &dir,
        "small",
        &[
            "--method",
            "sobol",
            "--n",
            "4",
            "--metric",
            "fighters_total",
            "--mean-field",
        ],
    );
    let printed = text(&small.stdout);
    assert!(
        printed.contains("warning: N is too small for stable indices of"),
        "no warning at N = 4:\n{printed}"
    );
    // The lethality is estimated tightly at the test's usual N: no warning names it.
    let usual = sensitivity(&dir, "usual", &SOBOL);
    let printed = text(&usual.stdout);
    let warned = printed
        .lines()
        .find(|l| l.starts_with("warning: N is too small"))
        .unwrap_or("");
    assert!(!warned.contains(LETHALITY), "{printed}");
}
