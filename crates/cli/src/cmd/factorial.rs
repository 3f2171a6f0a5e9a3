//! `cordon factorial [FILE]`: the full factorial of the strategy factors (isolation,
//! destruction, regime, proxy, sequence and any `[[factor]]`), every arm generated from the same
//! capability base and run on common random numbers; main effects, two-way interactions and the
//! essay's claims as contrasts with 95% intervals and the conditions under which they hold.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use cordon_engine::Mode;
use cordon_experiment::factorial::{self, Design, Effects, Estimate, FactorialRun};
use cordon_experiment::{Better, Kind, OutcomeSpec};
use cordon_model::{FactorSpec, Scenario};

use super::load_scenario;
use super::run::TermProgress;
use crate::exit::bad_input;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML). Default: the embedded scenario levant-2017.
    pub file: Option<PathBuf>,
    /// Replications per arm (the same stream keys in every arm).
    #[arg(long, default_value_t = 100)]
    pub reps: u64,
    /// Seed of the random streams (default: the scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Run the mean-field mode (one deterministic run per arm; intervals have zero width).
    #[arg(long)]
    pub mean_field: bool,
    /// Hold factors at one level, e.g. `--fix sequence=isolate-first,proxy=none`.
    #[arg(long, value_delimiter = ',')]
    pub fix: Vec<String>,
    /// Outcomes shown in the terminal, comma-separated (every outcome is written to the files).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "fighters_total,coalition_losses,civilian_casualties"
    )]
    pub metrics: Vec<String>,
    /// Output directory.
    #[arg(long, default_value = "out/factorial")]
    pub out: PathBuf,
    /// Worker threads (default: one per core); results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Do not write the HTML report (OUT/report.html and OUT/charts/) after the runs.
    #[arg(long)]
    pub no_report: bool,
    /// Replace the results of another experiment in --out (without it, a directory holding
    /// them is left untouched and the command exits 2; the same factorial again is allowed).
    #[arg(long)]
    pub force: bool,
}

/// The largest design run without `--fix` narrowing it.
const MAX_ARMS: usize = 2000;

pub fn run(args: Args) -> anyhow::Result<()> {
    let s = load_scenario(args.file.as_deref())?;
    let space = s.factor_space();
    let fixed = parse_fixed(&space, &args.fix)?;
    let design = Design::full(&space, &fixed);
    if design.points.len() > MAX_ARMS {
        return Err(bad_input(format!(
            "error: the full factorial has {} arms (more than {MAX_ARMS}); hold some factors with --fix",
            design.points.len()
        )));
    }
    if args.reps == 0 || args.reps > 1_000_000 {
        return Err(bad_input("error: --reps must be between 1 and 1,000,000"));
    }
    let mode = if args.mean_field {
        Mode::MeanField
    } else {
        Mode::Stochastic
    };
    let reps = if args.mean_field { 1 } else { args.reps };
    let seed = args.seed.unwrap_or(s.meta().seed);
    let specs = cordon_experiment::outcome_specs(&s);
    for m in &args.metrics {
        if !specs.iter().any(|o| &o.name == m) {
            return Err(bad_input(format!(
                "error: unknown outcome \"{m}\" in --metrics (known: {})",
                specs
                    .iter()
                    .map(|o| o.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    guard_out(&args, &identity(&s, &design, seed, reps, mode))?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    // One writer per results directory.
    let _lock = super::lock_dir(&args.out)?;
    let pool =
        cordon_experiment::thread_pool(args.threads).map_err(super::run::experiment_error)?;
    let progress = TermProgress::new("factorial");
    let result = factorial::run(&s, &design, reps, seed, mode, &pool, &progress)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let analysed = analyse(&design, &result, &specs);
    write_files(&args.out, &s, &design, &result, &analysed, seed, reps, mode)?;
    // Within 80 columns: long lines of text are folded.
    out!(
        "{}",
        crate::table::fold(
            &terminal(&s, &design, &analysed, &args.metrics, reps, mode),
            80
        )
    );
    out!(
        "{}",
        crate::table::fold(
            &format!(
                "Results in {}: effects.csv, cells.csv, claims.csv, manifest.json",
                args.out.display()
            ),
            80
        )
    );
    if !args.no_report {
        // The results are on disk already; a failed report loses nothing and says so.
        let written = cordon_report::write(&args.out).map_err(|e| {
            anyhow::anyhow!(
                "the results are in {}, but the report could not be written: {e}",
                args.out.display()
            )
        })?;
        outln!(
            "Report: {} (open it in a browser); charts: {}/ (SVG and PNG)",
            written.html.display(),
            args.out.join("charts").display()
        );
    }
    Ok(())
}

/// What makes two factorials the same experiment: the fields of `manifest.json` that the
/// results depend on.
fn identity(s: &Scenario, design: &Design, seed: u64, reps: u64, mode: Mode) -> serde_json::Value {
    serde_json::json!({
        "command": "factorial",
        "scenario_hash": s.hash(),
        "seed": seed,
        "replications": reps,
        "mode": match mode { Mode::Stochastic => "stochastic", Mode::MeanField => "mean-field" },
        "factors": design.factors.iter().map(|f| serde_json::json!({"name": f.name, "levels": f.levels})).collect::<Vec<_>>(),
        "arms": design.points.iter().map(|p| p.iter().enumerate().map(|(f, &l)| design.factors[f].levels[l].clone()).collect::<Vec<_>>()).collect::<Vec<_>>(),
    })
}

/// Refuses an `--out` that is a file, and one that holds another experiment unless `--force`.
fn guard_out(args: &Args, identity: &serde_json::Value) -> anyhow::Result<()> {
    super::occupied::refuse_file(&args.out)?;
    if args.force {
        return Ok(());
    }
    let Some(held) = super::occupied::manifest(&args.out) else {
        return Ok(());
    };
    let arms: Option<Vec<serde_json::Value>> = held
        .pointer("/arms")
        .and_then(serde_json::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|arm| arm.get("levels").cloned())
                .collect()
        });
    let same = [
        "command",
        "scenario_hash",
        "seed",
        "replications",
        "mode",
        "factors",
    ]
    .iter()
    .all(|k| held.get(*k) == identity.get(*k))
        && arms.as_ref() == identity.get("arms").and_then(serde_json::Value::as_array);
    if same {
        return Ok(());
    }
    let what = if held.get("command") == identity.get("command") {
        format!(
            "another factorial ({} arms × {} replications, seed {})",
            arms.map_or(0, |a| a.len()),
            held.get("replications").unwrap_or(&serde_json::Value::Null),
            held.get("seed").unwrap_or(&serde_json::Value::Null)
        )
    } else {
        super::occupied::kind_of(&held)
    };
    Err(super::occupied::refusal(&args.out, &what, false))
}

pub(super) fn parse_fixed(
    space: &[FactorSpec],
    fix: &[String],
) -> anyhow::Result<Vec<(usize, usize)>> {
    let mut fixed = Vec::new();
    for item in fix {
        let Some((name, level)) = item.split_once('=') else {
            return Err(bad_input(format!(
                "error: --fix takes FACTOR=LEVEL, not \"{item}\""
            )));
        };
        let (name, level) = (name.trim(), level.trim());
        let Some(f) = space.iter().position(|x| x.name == name) else {
            return Err(bad_input(format!(
                "error: unknown factor \"{name}\" in --fix (factors: {})",
                space
                    .iter()
                    .map(|x| x.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        let Some(l) = space[f].levels.iter().position(|x| x == level) else {
            return Err(bad_input(format!(
                "error: factor \"{name}\" has no level \"{level}\" (levels: {})",
                space[f].levels.join(", ")
            )));
        };
        fixed.push((f, l));
    }
    Ok(fixed)
}

/// The analysis of one outcome.
struct Analysis {
    spec: OutcomeSpec,
    effects: Effects,
    cells: Vec<Estimate>,
    claims: Vec<Claim>,
    /// The factor whose levels differ most, its best and worst level, and their paired
    /// difference (best minus worst, per replication).
    lead: Option<(usize, usize, usize, Estimate)>,
}

/// One of the essay's claims as a contrast of two levels of a factor.
struct Claim {
    claim: &'static str,
    factor: usize,
    better_level: usize,
    other_level: usize,
    overall: Estimate,
    /// Per other varied factor and level: the contrast within those arms.
    conditional: Vec<(usize, usize, Estimate)>,
}

/// The essay's claims: (claim, factor, level claimed better, level it is compared with).
const CLAIMS: &[(&str, &str, &str, &str)] = &[
    (
        "isolate (prong one)",
        "isolation",
        "links-and-support",
        "none",
    ),
    (
        "isolate first, then destroy",
        "sequence",
        "isolate-first",
        "together",
    ),
    (
        "destroy in detail",
        "destruction",
        "concentrate",
        "pressure",
    ),
    (
        "act jointly, not in parallel",
        "regime",
        "joint",
        "parallel",
    ),
    (
        "parallel beats cross purposes",
        "regime",
        "parallel",
        "cross-purpose",
    ),
    ("do not back a proxy", "proxy", "none", "backed"),
];

fn analyse(design: &Design, run: &FactorialRun, specs: &[OutcomeSpec]) -> Vec<Analysis> {
    let varied = design.varied();
    let mut out = Vec::new();
    for (k, spec) in specs.iter().enumerate() {
        if spec.kind == Kind::TimeToEvent {
            continue;
        }
        let cells = &run.values[k];
        let effects = factorial::effects(design, cells, 2);
        let mut claims = Vec::new();
        for &(claim, name, better, other) in CLAIMS {
            let Some(f) = design.factors.iter().position(|x| x.name == name) else {
                continue;
            };
            let level = |w: &str| design.factors[f].levels.iter().position(|x| x == w);
            let (Some(a), Some(b)) = (level(better), level(other)) else {
                continue;
            };
            if !varied.contains(&f) || !design.points.iter().any(|p| p[f] == a) {
                continue;
            }
            let overall = factorial::contrast(design, cells, f, a, b, None);
            let mut conditional = Vec::new();
            for &g in varied.iter().filter(|&&g| g != f) {
                for gl in 0..design.factors[g].levels.len() {
                    if design.points.iter().any(|p| p[g] == gl) {
                        let e = factorial::contrast(design, cells, f, a, b, Some((g, gl)));
                        conditional.push((g, gl, e));
                    }
                }
            }
            claims.push(Claim {
                claim,
                factor: f,
                better_level: a,
                other_level: b,
                overall,
                conditional,
            });
        }
        let lead = lead_factor(design, &effects, spec.better)
            .map(|(f, a, b)| (f, a, b, factorial::contrast(design, cells, f, a, b, None)));
        out.push(Analysis {
            spec: spec.clone(),
            lead,
            effects,
            cells: factorial::cell_means(cells),
            claims,
        });
    }
    out
}

/// The varied factor whose main effects span the widest range, with its best and worst level
/// for the outcome's direction (highest and lowest when it has none).
fn lead_factor(
    design: &Design,
    effects: &Effects,
    better: Better,
) -> Option<(usize, usize, usize)> {
    design
        .varied()
        .into_iter()
        .filter_map(|f| {
            let mains: Vec<(usize, f64)> = effects
                .main(f)
                .map(|e| (e.levels[0], e.estimate.mean))
                .collect();
            let lo = mains.iter().copied().min_by(|a, b| a.1.total_cmp(&b.1))?;
            let hi = mains.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1))?;
            let (best, worst) = match better {
                Better::Lower => (lo, hi),
                Better::Higher | Better::Neither => (hi, lo),
            };
            Some((f, best.0, worst.0, hi.1 - lo.1))
        })
        .max_by(|a, b| a.3.total_cmp(&b.3))
        .map(|(f, best, worst, _)| (f, best, worst))
}

/// The verdict of a factorial on its headline outcome: the factor that matters most with its
/// paired margin, the best arm, the essay's claims, and where a supported claim stops holding.
fn factorial_verdict(design: &Design, a: &Analysis) -> String {
    let mut v = Vec::new();
    let name = &a.spec.name;
    if let Some((f, best, worst, e)) = &a.lead {
        let factor = &design.factors[*f];
        v.push(format!(
            "on {name} ({} is better), {} matters most: {} against {} changes it by {} [{}, {}], paired over replications.",
            a.spec.better.as_str().trim_end_matches(" is better"),
            factor.name,
            factor.levels[*best],
            factor.levels[*worst],
            fmt(e.mean),
            fmt(e.lo),
            fmt(e.hi)
        ));
    }
    let best_arm = (0..a.cells.len()).min_by(|&i, &j| {
        let (x, y) = (a.cells[i].mean, a.cells[j].mean);
        match a.spec.better {
            Better::Higher => y.total_cmp(&x),
            Better::Lower | Better::Neither => x.total_cmp(&y),
        }
    });
    if let Some(i) = best_arm {
        let levels: Vec<String> = design
            .varied()
            .iter()
            .map(|&f| {
                format!(
                    "{}={}",
                    design.factors[f].name, design.factors[f].levels[design.points[i][f]]
                )
            })
            .collect();
        let c = &a.cells[i];
        v.push(format!(
            "The best arm is {} at {} [{}, {}].",
            levels.join(", "),
            fmt(c.mean),
            fmt(c.lo),
            fmt(c.hi)
        ));
    }
    if !a.claims.is_empty() {
        let word = |c: &Claim| verdict(a.spec.better, &c.overall);
        let supported = a.claims.iter().filter(|c| word(c) == "supports").count();
        let against: Vec<String> = a
            .claims
            .iter()
            .filter(|c| word(c) == "contradicts")
            .map(|c| {
                format!(
                    "\"{}\" ({} [{}, {}])",
                    c.claim,
                    fmt(c.overall.mean),
                    fmt(c.overall.lo),
                    fmt(c.overall.hi)
                )
            })
            .collect();
        let mut sentence = format!(
            "The results support {supported} of the essay's {} claims on {name}",
            a.claims.len()
        );
        if !against.is_empty() {
            sentence.push_str(&format!(" and contradict {}", against.join(", ")));
        }
        sentence.push('.');
        v.push(sentence);
        let overturned = a
            .claims
            .iter()
            .filter(|c| word(c) == "supports")
            .find_map(|c| {
                c.conditional
                    .iter()
                    .find(|(_, _, e)| verdict(a.spec.better, e) != "supports")
                    .map(|(g, l, e)| (c, *g, *l, e))
            });
        v.push(match overturned {
            Some((c, g, l, e)) => format!(
                "Where a supported claim stops holding: \"{}\" does not hold when {}={} ({}, {}).",
                c.claim,
                design.factors[g].name,
                design.factors[g].levels[l],
                fmt(e.mean),
                verdict(a.spec.better, e)
            ),
            None if supported > 0 => {
                "Every supported claim holds at every level of the other factors.".to_string()
            }
            None => String::new(),
        });
    }
    let mut text = format!("Verdict: {}", v.join(" ").trim_end());
    if let Some(c) = text.get(9..10) {
        let upper = c.to_uppercase();
        text.replace_range(9..10, &upper);
    }
    crate::table::wrap(&text, 80).trim_end().to_string()
}

/// "supports", "contradicts" or "no detectable difference", given the outcome's direction.
fn verdict(better: Better, e: &Estimate) -> &'static str {
    if !e.significant() {
        return "no detectable difference";
    }
    match better {
        Better::Lower if e.mean < 0.0 => "supports",
        Better::Higher if e.mean > 0.0 => "supports",
        Better::Neither => "differs",
        _ => "contradicts",
    }
}

fn fmt(x: f64) -> String {
    cordon_experiment::format::num(x, if x.abs() >= 100.0 { 0 } else { 3 })
}

fn fmt_est(e: &Estimate) -> String {
    format!("{:>10}  [{}, {}]", fmt(e.mean), fmt(e.lo), fmt(e.hi))
}

fn terminal(
    s: &Scenario,
    design: &Design,
    analysed: &[Analysis],
    metrics: &[String],
    reps: u64,
    mode: Mode,
) -> String {
    let mut t = String::new();
    let varied = design.varied();
    // The verdict first, on the first outcome asked for.
    if let Some(a) = metrics
        .first()
        .and_then(|m| analysed.iter().find(|a| &a.spec.name == m))
    {
        let _ = writeln!(t, "{}\n", factorial_verdict(design, a));
    }
    let _ = writeln!(
        t,
        "factorial: {} arms ({}) × {reps} replication(s), {}, scenario {}; every arm generated from the same capability base",
        design.points.len(),
        varied
            .iter()
            .map(|&f| format!(
                "{} {}",
                design.factors[f].name,
                design.factors[f].levels.len()
            ))
            .collect::<Vec<_>>()
            .join(" × "),
        match mode {
            Mode::Stochastic => "stochastic mode, common random numbers",
            Mode::MeanField => "mean-field mode",
        },
        s.meta().name
    );
    for a in analysed.iter().filter(|a| metrics.contains(&a.spec.name)) {
        let _ = writeln!(
            t,
            "\n{}: {} ({}); grand mean {}",
            a.spec.name,
            a.spec.label,
            a.spec.better.as_str(),
            fmt_est(&a.effects.grand).trim_start()
        );
        let _ = writeln!(t, "  main effects (level mean minus grand mean, 95% CI)");
        for &f in &varied {
            for e in a.effects.main(f) {
                let _ = writeln!(
                    t,
                    "    {:<12} {:<18} {}",
                    design.factors[f].name,
                    design.factors[f].levels[e.levels[0]],
                    fmt_est(&e.estimate)
                );
            }
        }
        if let Some(e) = a
            .effects
            .effects
            .iter()
            .filter(|e| e.factors.len() == 2)
            .max_by(|x, y| x.estimate.mean.abs().total_cmp(&y.estimate.mean.abs()))
        {
            let _ = writeln!(
                t,
                "  largest two-way interaction: {}={} × {}={}: {}",
                design.factors[e.factors[0]].name,
                design.factors[e.factors[0]].levels[e.levels[0]],
                design.factors[e.factors[1]].name,
                design.factors[e.factors[1]].levels[e.levels[1]],
                fmt_est(&e.estimate).trim_start()
            );
        }
    }
    let _ = writeln!(
        t,
        "\nThe essay's claims, as contrasts (first level minus second, 95% CI):"
    );
    for a in analysed.iter().filter(|a| metrics.contains(&a.spec.name)) {
        for c in &a.claims {
            let f = &design.factors[c.factor];
            let _ = writeln!(
                t,
                "  {:<30} {:<16} {}={} vs {}: {} — {}",
                c.claim,
                a.spec.name,
                f.name,
                f.levels[c.better_level],
                f.levels[c.other_level],
                fmt_est(&c.overall).trim_start(),
                verdict(a.spec.better, &c.overall)
            );
            let exceptions: Vec<String> = c
                .conditional
                .iter()
                .filter(|(_, _, e)| verdict(a.spec.better, e) != verdict(a.spec.better, &c.overall))
                .map(|(g, l, e)| {
                    format!(
                        "{}={}: {} ({})",
                        design.factors[*g].name,
                        design.factors[*g].levels[*l],
                        fmt(e.mean),
                        verdict(a.spec.better, e)
                    )
                })
                .collect();
            if exceptions.is_empty() {
                let _ = writeln!(t, "      holds at every level of the other factors");
            } else {
                let _ = writeln!(t, "      except when {}", exceptions.join("; "));
            }
        }
    }
    t
}

fn csv_field(x: &str) -> String {
    if x.contains([',', '"', '\n']) {
        format!("\"{}\"", x.replace('"', "\"\""))
    } else {
        x.to_string()
    }
}

#[allow(clippy::too_many_arguments)]
fn write_files(
    out: &std::path::Path,
    s: &Scenario,
    design: &Design,
    run: &FactorialRun,
    analysed: &[Analysis],
    seed: u64,
    reps: u64,
    mode: Mode,
) -> anyhow::Result<()> {
    let write = |name: &str, text: String| {
        let path = out.join(name);
        let tmp = out.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, text)
            .and_then(|()| std::fs::rename(&tmp, &path))
            .with_context(|| format!("cannot write {}", path.display()))
    };
    let mut effects = String::from("outcome,order,factors,levels,effect,ci_low,ci_high,n\n");
    let mut cells = String::from("arm");
    for f in &design.factors {
        let _ = write!(cells, ",{}", csv_field(&f.name));
    }
    cells.push_str(",outcome,mean,ci_low,ci_high,n\n");
    let mut claims = String::from(
        "outcome,claim,factor,level,versus,given_factor,given_level,difference,ci_low,ci_high,verdict\n",
    );
    for a in analysed {
        let g = &a.effects.grand;
        let _ = writeln!(
            effects,
            "{},0,,,{},{},{},{}",
            a.spec.name, g.mean, g.lo, g.hi, g.n
        );
        for e in &a.effects.effects {
            let names: Vec<&str> = e
                .factors
                .iter()
                .map(|&f| design.factors[f].name.as_str())
                .collect();
            let levels: Vec<&str> = e
                .factors
                .iter()
                .zip(&e.levels)
                .map(|(&f, &l)| design.factors[f].levels[l].as_str())
                .collect();
            let _ = writeln!(
                effects,
                "{},{},{},{},{},{},{},{}",
                a.spec.name,
                e.factors.len(),
                names.join(":"),
                levels.join(":"),
                e.estimate.mean,
                e.estimate.lo,
                e.estimate.hi,
                e.estimate.n
            );
        }
        for (i, c) in a.cells.iter().enumerate() {
            let _ = write!(cells, "{}", csv_field(&run.scenario.coas()[i].id));
            for (f, spec) in design.factors.iter().enumerate() {
                let _ = write!(cells, ",{}", spec.levels[design.points[i][f]]);
            }
            let _ = writeln!(
                cells,
                ",{},{},{},{},{}",
                a.spec.name, c.mean, c.lo, c.hi, c.n
            );
        }
        for c in &a.claims {
            let f = &design.factors[c.factor];
            let rows = std::iter::once((None, &c.overall))
                .chain(c.conditional.iter().map(|(g, l, e)| (Some((*g, *l)), e)));
            for (given, e) in rows {
                let (gf, gl) = given.map_or((String::new(), String::new()), |(g, l)| {
                    (
                        design.factors[g].name.clone(),
                        design.factors[g].levels[l].clone(),
                    )
                });
                let _ = writeln!(
                    claims,
                    "{},{},{},{},{},{},{},{},{},{},{}",
                    a.spec.name,
                    csv_field(c.claim),
                    f.name,
                    f.levels[c.better_level],
                    f.levels[c.other_level],
                    gf,
                    gl,
                    e.mean,
                    e.lo,
                    e.hi,
                    verdict(a.spec.better, e)
                );
            }
        }
    }
    write("effects.csv", effects)?;
    write("cells.csv", cells)?;
    write("claims.csv", claims)?;
    let manifest = serde_json::json!({
        "command": "factorial",
        "scenario": s.meta().name,
        "scenario_hash": s.hash(),
        "seed": seed,
        "replications": reps,
        "mode": match mode { Mode::Stochastic => "stochastic", Mode::MeanField => "mean-field" },
        "factors": design.factors.iter().map(|f| serde_json::json!({"name": f.name, "levels": f.levels})).collect::<Vec<_>>(),
        "arms": (0..design.points.len()).map(|i| serde_json::json!({
            "id": run.scenario.coas()[i].id,
            "levels": design.points[i].iter().enumerate().map(|(f, &l)| design.factors[f].levels[l].clone()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    write(
        "manifest.json",
        serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n",
    )?;
    Ok(())
}
