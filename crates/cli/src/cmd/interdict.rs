//! `cordon interdict`: which arcs to cut, within a budget, to minimise the adversary's s–t
//! max flow or maximise its s–t shortest path (optimal interdiction).
//!
//! The library is clock-free; the solve time is measured here and is the only field of the
//! output that changes between runs.

use std::io::Write as _;
use std::time::Instant;

use cordon_net::interdiction::{Method, Objective, Solver, interdict};
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
    /// `microlp` (pure Rust, default), `highs` (if built with the `highs` feature of cordon-net),
    /// or `enumeration` (exact, tries every affordable set; at most 20 affordable arcs).
    #[arg(long, value_name = "NAME", default_value = "microlp")]
    pub solver: String,
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
    solve_seconds: f64,
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
    if !args.budget.is_finite() || args.budget < 0.0 {
        return Err(bad_input(format!(
            "error: --budget must be a finite number >= 0, got {}",
            args.budget
        )));
    }
    let method = match args.solver.as_str() {
        "enumeration" => Method::Enumeration,
        name => Method::Mip(Solver::from_name(name).ok_or_else(|| {
            let known: Vec<&str> = Solver::AVAILABLE.iter().map(|s| s.name()).collect();
            bad_input(format!(
                "error: --solver: unknown or not compiled in: `{name}` (available: {}, enumeration)",
                known.join(", ")
            ))
        })?),
    };
    let loaded = args.graph.load()?;
    let graph = &loaded.graph;
    let source = loaded.node("--source", &args.source)?;
    let sink = loaded.node("--sink", &args.sink)?;
    let objective = match args.objective {
        ObjectiveArg::MaxFlow => Objective::MaxFlow,
        ObjectiveArg::ShortestPath => Objective::ShortestPath,
    };
    let started = Instant::now();
    let result =
        interdict(graph, objective, source, sink, args.budget, method).map_err(net_error)?;
    let solve_seconds = started.elapsed().as_secs_f64();
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
            solve_seconds,
        };
        let mut text = serde_json::to_string_pretty(&value)?;
        text.push('\n');
        text
    } else {
        let mut text = render::interdiction_table(graph, args.budget, &result);
        text.push_str(&format!("solve time: {:.3} s\n", solve_seconds));
        text
    };
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(())
}
