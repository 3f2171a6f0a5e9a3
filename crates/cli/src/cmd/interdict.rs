//! `cordon interdict`: which arcs to cut, within a budget, to minimise the adversary's s–t
//! max flow or maximise its s–t shortest path (optimal interdiction).
//!
//! The library is clock-free; the solve time is measured here and is the only field of the
//! output that changes between runs.

use std::io::Write as _;
use std::time::Instant;

use cordon_net::interdiction::{
    Bounded, Limits, Method, Objective, Solver, Status, interdict_with,
};
use cordon_net::render;
use serde::Serialize;

use super::network::{GraphArgs, InputJson, net_error};
use crate::exit::bad_input;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ObjectiveArg {
    /// Minimise the maximum flow left (Wood 1993).
    MaxFlow,
    /// Maximise the shortest path length (Israeli & Wood 2002).
    ShortestPath,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub graph: GraphArgs,
    /// What the interdictor optimises.
    #[arg(long, value_enum)]
    pub objective: ObjectiveArg,
    /// Source node id.
    #[arg(long, value_name = "S")]
    pub source: String,
    /// Sink node id.
    #[arg(long, value_name = "T")]
    pub sink: String,
    /// Interdiction budget, in the units of the `cost` column (default cost 1 per arc).
    #[arg(long, value_name = "B", allow_negative_numbers = true)]
    pub budget: f64,
    /// `auto` (default: for max flow, cut branching, then class branching when every affordable
    /// arc costs the same, then the microlp MIP only if they have not settled the instance; for
    /// shortest path, greedy, then path branching when small, then
    /// the microlp MIP), `microlp` (pure Rust MIP), `highs` (if built with the `highs` feature of
    /// cordon-net), or `enumeration` (exact, tries every affordable set; at most 20 affordable
    /// arcs). `auto-highs`: the chain with HiGHS as its MIP solver.
    #[arg(long, value_name = "NAME", default_value = "auto")]
    pub solver: String,
    /// Stop after this many seconds (counted from the start of the command) and report the
    /// best set found, the bound proved and the gap.
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    pub time_limit: Option<f64>,
    /// Relative gap |bound − value| / max(|bound|, |value|) at which the MIP solver may stop.
    #[arg(
        long,
        value_name = "GAP",
        default_value_t = 0.0,
        allow_negative_numbers = true
    )]
    pub gap: f64,
    /// Print JSON (schema cordon-interdict/1).
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct InterdictJson<'a> {
    schema: &'static str,
    input: InputJson,
    objective: &'static str,
    source: &'a str,
    sink: &'a str,
    budget: f64,
    solver: &'static str,
    before: Option<f64>,
    value: Option<f64>,
    disconnected: bool,
    cost: f64,
    arcs: Vec<ArcJson<'a>>,
    mip_objective: Option<f64>,
    sets_evaluated: Option<u64>,
    status: &'static str,
    bound: Option<f64>,
    gap: Option<f64>,
    time_limit: Option<f64>,
    chain: Vec<StepJson>,
    solve_seconds: f64,
}

#[derive(Serialize)]
struct StepJson {
    method: &'static str,
    outcome: String,
}

#[derive(Serialize)]
struct ArcJson<'a> {
    id: usize,
    from: &'a str,
    to: &'a str,
    capacity: f64,
    cost: f64,
    length: f64,
    delay: Option<f64>,
    kind: Option<&'a str>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let started = Instant::now();
    if let Some(t) = args.time_limit
        && !(t.is_finite() && t > 0.0)
    {
        return Err(bad_input(format!(
            "error: --time-limit must be a finite number of seconds > 0, got {t}"
        )));
    }
    if !(args.gap.is_finite() && args.gap >= 0.0) {
        return Err(bad_input(format!(
            "error: --gap must be a finite number >= 0, got {}",
            args.gap
        )));
    }
    if !args.budget.is_finite() || args.budget < 0.0 {
        return Err(bad_input(format!(
            "error: --budget must be a finite number >= 0, got {}",
            args.budget
        )));
    }
    let unknown = |name: &str| {
        let known: Vec<&str> = Solver::AVAILABLE.iter().map(|s| s.name()).collect();
        bad_input(format!(
            "error: --solver: unknown or not compiled in: `{name}` (available: auto, {}, enumeration)",
            known.join(", ")
        ))
    };
    let method = match args.solver.as_str() {
        "enumeration" => Method::Enumeration,
        "auto" => Method::Chain(Solver::Microlp),
        name => match name.strip_prefix("auto-") {
            Some(solver) => Method::Chain(Solver::from_name(solver).ok_or_else(|| unknown(name))?),
            None => Method::Mip(Solver::from_name(name).ok_or_else(|| unknown(name))?),
        },
    };
    let loaded = args.graph.load()?;
    let graph = &loaded.graph;
    let source = loaded.node("--source", &args.source)?;
    let sink = loaded.node("--sink", &args.sink)?;
    let objective = match args.objective {
        ObjectiveArg::MaxFlow => Objective::MaxFlow,
        ObjectiveArg::ShortestPath => Objective::ShortestPath,
    };
    let solve_started = Instant::now();
    let deadline = args
        .time_limit
        .map(|t| started + std::time::Duration::from_secs_f64(t));
    let time_left = || deadline.map(|d| d.saturating_duration_since(Instant::now()).as_secs_f64());
    let limits = Limits {
        gap: args.gap,
        time_left: &time_left,
    };
    let bounded = interdict_with(graph, objective, source, sink, args.budget, method, &limits)
        .map_err(net_error)?;
    let solve_seconds = solve_started.elapsed().as_secs_f64();
    let result = &bounded.result;
    let out = if args.json {
        let value = InterdictJson {
            schema: "cordon-interdict/1",
            input: loaded.input(),
            objective: objective.name(),
            source: graph.name(source),
            sink: graph.name(sink),
            budget: args.budget,
            solver: method.name(),
            before: result.before.is_finite().then_some(result.before),
            value: result.value.is_finite().then_some(result.value),
            disconnected: result.value.is_infinite(),
            cost: result.cost,
            arcs: result
                .arcs
                .iter()
                .map(|&arc| {
                    let a = graph.arc(arc);
                    ArcJson {
                        id: arc.index(),
                        from: graph.name(a.from),
                        to: graph.name(a.to),
                        capacity: a.capacity,
                        cost: a.cost,
                        length: a.length,
                        delay: a.delay,
                        kind: a.kind.as_deref(),
                    }
                })
                .collect(),
            mip_objective: result.mip_objective,
            sets_evaluated: result.sets_evaluated,
            status: bounded.status.name(),
            bound: bounded.bound.is_finite().then_some(bounded.bound),
            gap: bounded.gap.is_finite().then_some(bounded.gap),
            time_limit: args.time_limit,
            chain: bounded
                .chain
                .iter()
                .map(|step| StepJson {
                    method: step.method,
                    outcome: step.outcome.clone(),
                })
                .collect(),
            solve_seconds,
        };
        let mut text = serde_json::to_string_pretty(&value)?;
        text.push('\n');
        text
    } else {
        let mut text = render::interdiction_table(graph, args.budget, result);
        text.push_str(&proof_words(&bounded, args.time_limit));
        text.push_str(&format!("solve time: {:.3} s\n", solve_seconds));
        text
    };
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(())
}

/// What is proved, and the chain of methods that ran, in words.
fn proof_words(bounded: &Bounded, time_limit: Option<f64>) -> String {
    let number = |x: f64| {
        if x.is_finite() {
            format!("{x}")
        } else {
            "infinite (cut off)".to_owned()
        }
    };
    let mut out = match bounded.status {
        Status::Optimal => "status: optimal (proved)\n".to_owned(),
        Status::WithinGap => format!(
            "status: within the requested gap: bound {}, gap {:.3e}\n",
            number(bounded.bound),
            bounded.gap
        ),
        Status::Stopped => format!(
            "status: stopped by the time limit ({} s): best found so far; bound {}, gap {}\n",
            time_limit.map_or_else(|| "-".to_owned(), |t| t.to_string()),
            number(bounded.bound),
            if bounded.gap.is_finite() {
                format!("{:.3e}", bounded.gap)
            } else {
                "unbounded".to_owned()
            }
        ),
    };
    for (i, step) in bounded.chain.iter().enumerate() {
        out.push_str(&format!("  {}. {}: {}\n", i + 1, step.method, step.outcome));
    }
    out
}
