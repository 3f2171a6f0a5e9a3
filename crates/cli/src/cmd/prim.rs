//! `cordon prim --data FILE.csv --y COLUMN`: scenario discovery on any CSV, as the EMA
//! Workbench does it: PRIM's peeling and pasting trajectory (coverage, density, mass,
//! restricted inputs), the chosen box with its limits and quasi-p-values, a resampling
//! stability check, and optionally CART's leaves. `--json` writes everything (the whole
//! trajectory with every box's limits) as one JSON document. See docs/explore.md.

use std::fmt::Write as _;
use std::path::PathBuf;

use cordon_sa::{Cart, Classify, Dataset, Prim, PrimOptions, Stability, parse_table};
use serde::Serialize;

use super::read_input;
use crate::exit::bad_input;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The data: a CSV file with a header line.
    #[arg(long)]
    pub data: PathBuf,
    /// The outcome column: 0/1 or true/false, unless --above or --below classifies it.
    #[arg(long)]
    pub y: String,
    /// Cases of interest: the outcome strictly above this value.
    #[arg(long, conflicts_with = "below", allow_negative_numbers = true)]
    pub above: Option<f64>,
    /// Cases of interest: the outcome strictly below this value.
    #[arg(long, allow_negative_numbers = true)]
    pub below: Option<f64>,
    /// Input columns, comma-separated (default: every other numeric column).
    #[arg(long, value_delimiter = ',')]
    pub x: Vec<String>,
    /// Share of the box's cases each peel removes.
    #[arg(long, default_value_t = 0.05)]
    pub peel_alpha: f64,
    /// Share of the cases outside each paste adds.
    #[arg(long, default_value_t = 0.05)]
    pub paste_alpha: f64,
    /// The smallest box, as a share of all cases.
    #[arg(long, default_value_t = 0.05)]
    pub mass_min: f64,
    /// The density the chosen box must reach (the first such box on the trajectory is chosen).
    #[arg(long, default_value_t = 0.8)]
    pub threshold: f64,
    /// Choose this box of the trajectory instead (0-based).
    #[arg(long = "box")]
    pub box_index: Option<usize>,
    /// Resamples of the stability check (0: none).
    #[arg(long, default_value_t = 10)]
    pub resamples: usize,
    /// Seed of the resampling.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Also grow a CART tree and print its leaves as boxes.
    #[arg(long)]
    pub cart: bool,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Output<'a> {
    data: String,
    y: &'a str,
    prim: &'a Prim,
    stability: &'a [Stability],
    #[serde(skip_serializing_if = "Option::is_none")]
    cart: Option<&'a Cart>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let shown = crate::escape::text(&args.data.display().to_string());
    let bytes = read_input(&args.data)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| bad_input(format!("error: {shown} is not UTF-8 text")))?;
    let bad = |e: cordon_sa::DiscoveryError| bad_input(format!("error: {shown}: {e}"));
    let table = parse_table(&text).map_err(bad)?;
    let classify = match (args.above, args.below) {
        (Some(v), _) => Classify::Above(v),
        (_, Some(v)) => Classify::Below(v),
        _ => Classify::Boolean,
    };
    let data = table.dataset(&args.y, classify, &args.x).map_err(bad)?;
    let options = PrimOptions {
        peel_alpha: args.peel_alpha,
        paste_alpha: args.paste_alpha,
        mass_min: args.mass_min,
        threshold: args.threshold,
    };
    let mut run = cordon_sa::prim(&data, &options).map_err(bad)?;
    if let Some(i) = args.box_index {
        if i >= run.trajectory.len() {
            return Err(bad_input(format!(
                "error: --box {i}: the trajectory has boxes 0 to {}",
                run.trajectory.len() - 1
            )));
        }
        run.chosen = Some(i);
    }
    let stability = match run.chosen {
        Some(i) if args.resamples > 0 => cordon_sa::resample(
            &data,
            &options,
            &run.trajectory[i],
            args.resamples,
            0.5,
            args.seed,
        )
        .map_err(bad)?,
        _ => Vec::new(),
    };
    let tree = if args.cart {
        Some(cordon_sa::cart(&data, args.mass_min).map_err(bad)?)
    } else {
        None
    };
    let what = describe_y(&args.y, classify);
    if args.json {
        let out = Output {
            data: args.data.display().to_string(),
            y: &what,
            prim: &run,
            stability: &stability,
            cart: tree.as_ref(),
        };
        outln!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    out!(
        "{}",
        render(&shown, &what, &data, &run, &stability, args.resamples)
    );
    if let Some(tree) = &tree {
        out!("{}", render_cart(tree));
    }
    Ok(())
}

fn describe_y(y: &str, classify: Classify) -> String {
    match classify {
        Classify::Boolean => format!("{y} = 1"),
        Classify::Above(v) => format!("{y} > {v}"),
        Classify::Below(v) => format!("{y} < {v}"),
    }
}

fn f3(x: f64) -> String {
    format!("{x:.3}")
}

fn limit(x: f64) -> String {
    cordon_experiment::format::num(x, if x.abs() >= 100.0 { 1 } else { 4 })
}

fn qp(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |p| format!("{p:.2e}"))
}

/// The trajectory, the chosen box and the stability check as text.
pub fn render(
    source: &str,
    what: &str,
    data: &Dataset,
    run: &Prim,
    stability: &[Stability],
    resamples: usize,
) -> String {
    let mut t = String::new();
    let o = &run.options;
    let _ = writeln!(
        t,
        "PRIM on {source}: cases of interest {what}: {} of {} ({:.1}%); {} inputs; peel_alpha {}, paste_alpha {}, mass_min {}",
        run.n_interest,
        run.n,
        100.0 * run.n_interest as f64 / run.n as f64,
        data.cols(),
        o.peel_alpha,
        o.paste_alpha,
        o.mass_min
    );
    let _ = writeln!(
        t,
        "\npeeling and pasting trajectory\n  box  phase  coverage  density   mass  restricted"
    );
    for (i, b) in run.trajectory.iter().enumerate() {
        let mark = if run.chosen == Some(i) { "*" } else { " " };
        let _ = writeln!(
            t,
            "{mark}{i:>4}  {:<5}  {:>8}  {:>7}  {:>5}  {}",
            match b.phase {
                cordon_sa::Phase::Start => "start",
                cordon_sa::Phase::Peel => "peel",
                cordon_sa::Phase::Paste => "paste",
            },
            f3(b.coverage),
            f3(b.density),
            f3(b.mass),
            b.restricted.len()
        );
    }
    let Some(c) = run.chosen else {
        let _ = writeln!(
            t,
            "\nno box reaches density {}: the cases of interest are not concentrated in any box PRIM finds (lower --threshold, or pick one with --box)",
            o.threshold
        );
        return t;
    };
    let b = &run.trajectory[c];
    let _ = writeln!(
        t,
        "\nchosen box {c} (the first whose density reaches {}): coverage {}, density {}, mass {}",
        o.threshold,
        f3(b.coverage),
        f3(b.density),
        f3(b.mass)
    );
    let width = b
        .restricted
        .iter()
        .map(|&j| run.inputs[j].len())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(
        t,
        "  {:<width$}  {:>12}  {:>12}  {:>10}  {:>10}  (data range)",
        "input", "lower", "upper", "qp lower", "qp upper"
    );
    for q in &b.quasi_p {
        let (l, r) = (b.limits[q.input], run.range[q.input]);
        let _ = writeln!(
            t,
            "  {:<width$}  {:>12}  {:>12}  {:>10}  {:>10}  ({} to {})",
            run.inputs[q.input],
            limit(l.lower),
            limit(l.upper),
            qp(q.lower),
            qp(q.upper),
            limit(r.lower),
            limit(r.upper)
        );
    }
    if !stability.is_empty() {
        let _ = writeln!(
            t,
            "\nstability over {resamples} random halves of the data (% of resampled trajectories whose box nearest in coverage / density restricts the input)"
        );
        for s in stability.iter().filter(|s| {
            s.reproduce_coverage > 0.0
                || s.reproduce_density > 0.0
                || b.restricted.contains(&s.input)
        }) {
            let _ = writeln!(
                t,
                "  {:<width$}  {:>5.0}%  {:>5.0}%",
                run.inputs[s.input], s.reproduce_coverage, s.reproduce_density
            );
        }
    }
    t
}

fn render_cart(tree: &Cart) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "\nCART (Gini, leaves of at least {} cases): {} nodes, {} leaves; leaves by density",
        tree.min_samples_leaf,
        tree.nodes.len(),
        tree.leaves.len()
    );
    let mut leaves: Vec<_> = tree.leaves.iter().collect();
    leaves.sort_by(|a, b| {
        b.density
            .total_cmp(&a.density)
            .then(b.coverage.total_cmp(&a.coverage))
    });
    for leaf in leaves {
        let limits: Vec<String> = (0..tree.inputs.len())
            .filter_map(|j| {
                let (l, r) = (leaf.limits[j], tree.range[j]);
                let name = &tree.inputs[j];
                let lower = (l.lower > r.lower).then(|| format!("{name} > {}", limit(l.lower)));
                let upper = (l.upper < r.upper).then(|| format!("{name} <= {}", limit(l.upper)));
                match (lower, upper) {
                    (None, None) => None,
                    (l, u) => Some([l, u].into_iter().flatten().collect::<Vec<_>>().join(", ")),
                }
            })
            .collect();
        let _ = writeln!(
            t,
            "  leaf {:>3}: coverage {}, density {}, mass {}: {}",
            leaf.node,
            f3(leaf.coverage),
            f3(leaf.density),
            f3(leaf.mass),
            if limits.is_empty() {
                "everything".to_string()
            } else {
                limits.join(", ")
            }
        );
    }
    t
}
