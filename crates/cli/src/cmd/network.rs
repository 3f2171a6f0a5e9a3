//! `cordon network metrics|keyplayer|impact`: which nodes and links of a network matter.
//!
//! The graph comes from an edge-list CSV (`--edges`); the library parses it from a string, this
//! module reads the file and turns library errors into `FILE:LINE` messages (exit code 2).
//! JSON outputs are documented in `docs/network.md`; their `schema` field names the version.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use cordon_model::LinkKind;
use cordon_net::impact::{Change, impact};
use cordon_net::keyplayer::{
    self, KeyPlayerMeasure, KeyPlayerOptions, SearchChoice, SearchMethod, key_players_with,
};
use cordon_net::measures::{self, Measure, MetricsOptions, PowerOptions};
use cordon_net::{ArcId, ArcSpec, NetError, NetGraph, NodeId, Removal, render};
use serde::Serialize;

use super::read_input;
use crate::exit::bad_input;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: NetworkCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum NetworkCommand {
    /// Centralities of every node and ranked key-entity tables.
    Metrics(MetricsArgs),
    /// The best set of k key players (Borgatti 2006).
    Keyplayer(KeyplayerArgs),
    /// What removing nodes and arcs does: before / after / delta.
    Impact(ImpactArgs),
}

/// Where the graph comes from. Only `--edges` for now; a `--scenario FILE [--kind ...]` source
/// (the scenario's linkage network, built with `NetGraph::new`) fits here later.
#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// Edge-list CSV with a header: from,to[,capacity,cost,length,delay,kind] (see docs/network.md).
    #[arg(
        long,
        value_name = "FILE.csv",
        required_unless_present = "scenario",
        conflicts_with = "scenario"
    )]
    pub edges: Option<PathBuf>,
    /// Treat each row as an undirected edge (default: directed arcs).
    #[arg(long)]
    pub undirected: bool,
    /// Use a scenario's adversary network instead of a CSV: regions as nodes, inter-regional
    /// links as arcs (both ways for bidirectional links). Without FILE: the embedded scenario.
    #[arg(long, value_name = "FILE", num_args = 0..=1)]
    pub scenario: Option<Option<PathBuf>>,
    /// With --scenario: the link kinds to include (default: all).
    #[arg(
        long,
        value_delimiter = ',',
        requires = "scenario",
        value_parser = link_kind_parser()
    )]
    pub kind: Vec<LinkKind>,
}

/// Parses `--kind` with the model's own words for link kinds.
fn link_kind_parser() -> impl clap::builder::TypedValueParser<Value = LinkKind> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(LinkKind::WORDS).try_map(|word: String| {
        LinkKind::from_word(&word).ok_or_else(|| format!("unknown link kind \"{word}\""))
    })
}

/// The graph of a scenario's inter-regional links: one arc per ordered pair of regions, whose
/// capacity is the sum of its links' capacities, whose interdiction cost is the number of links
/// (one effort unit each), and whose length is the longest travel time (1 day at least).
pub fn scenario_graph(
    s: &cordon_model::Scenario,
    kinds: &[LinkKind],
) -> Result<NetGraph, NetError> {
    let nodes: Vec<String> = s.regions().iter().map(|r| r.id.clone()).collect();
    let pairs = cordon_engine::plan::region_pairs(
        s,
        |link| kinds.is_empty() || kinds.contains(&link.kind),
        false,
    );
    let arcs = pairs
        .iter()
        .map(|pair| {
            let mut arc = ArcSpec::new(nodes[pair.from].clone(), nodes[pair.to].clone());
            let mut kind_words: Vec<&str> = Vec::new();
            arc.capacity = 0.0;
            for &l in &pair.links {
                let link = &s.links()[l];
                arc.capacity += link.capacity;
                arc.length = arc.length.max(link.travel_days);
                if !kind_words.contains(&link.kind.as_str()) {
                    kind_words.push(link.kind.as_str());
                }
            }
            arc.cost = pair.links.len() as f64;
            arc.kind = Some(kind_words.join("+"));
            arc
        })
        .collect();
    NetGraph::new(true, nodes, arcs)
}

#[derive(Debug, clap::Args)]
pub struct MetricsArgs {
    #[command(flatten)]
    pub graph: GraphArgs,
    /// Measures to compute, comma-separated: degree, in_degree, out_degree, strength,
    /// in_strength, out_strength, betweenness, closeness, eigenvector, pagerank, or all
    /// (default: all that apply; in/out variants only for directed graphs). Betweenness and
    /// closeness cost a shortest-path search from every node; the others one pass or one power
    /// iteration.
    #[arg(long, value_name = "NAME,...", value_delimiter = ',', value_parser = parse_measure)]
    pub measures: Vec<MeasureArg>,
    /// Power iterations (eigenvector, pagerank): stop when the L1 change is below n·TOL.
    #[arg(long, value_name = "TOL", default_value_t = measures::TOL)]
    pub tol: f64,
    /// Power iterations (eigenvector, pagerank): most iterations; when reached, the measure is
    /// reported as not converged, with the change it reached.
    #[arg(long, value_name = "N", default_value_t = measures::MAX_ITER)]
    pub max_iter: usize,
    /// Rows per ranked table.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Print JSON (schema cordon-network-metrics/1) instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// One `--measures` item: a measure, or `all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureArg {
    All,
    One(Measure),
}

fn parse_measure(text: &str) -> Result<MeasureArg, String> {
    let name = text.trim().replace('-', "_");
    if name == "all" {
        return Ok(MeasureArg::All);
    }
    Measure::ALL
        .into_iter()
        .find(|m| m.name() == name)
        .map(MeasureArg::One)
        .ok_or_else(|| {
            let known: Vec<&str> = Measure::ALL.iter().map(|m| m.name()).collect();
            format!(
                "unknown measure `{text}` (known: {}, all)",
                known.join(", ")
            )
        })
}

impl MetricsArgs {
    /// The measures and stopping rule asked for; in/out measures of an undirected graph and a
    /// bad tolerance or iteration count are bad input.
    fn options(&self, graph: &NetGraph) -> anyhow::Result<MetricsOptions> {
        if !(self.tol.is_finite() && self.tol > 0.0) {
            return Err(bad_input(format!(
                "error: --tol must be a finite number > 0, got {}",
                self.tol
            )));
        }
        if self.max_iter == 0 {
            return Err(bad_input("error: --max-iter must be at least 1"));
        }
        let mut wanted = Vec::new();
        for arg in &self.measures {
            match arg {
                MeasureArg::All => wanted.extend(Measure::ALL),
                MeasureArg::One(m) if !m.applies(graph.is_directed()) => {
                    return Err(bad_input(format!(
                        "error: --measures: {} applies to directed graphs only (drop --undirected, or ask for {})",
                        m.name(),
                        m.name().split('_').nth(1).unwrap_or("degree")
                    )));
                }
                MeasureArg::One(m) => wanted.push(*m),
            }
        }
        if wanted.is_empty() {
            wanted.extend(Measure::ALL);
        }
        Ok(MetricsOptions {
            measures: wanted,
            power: PowerOptions {
                tol: self.tol,
                max_iter: self.max_iter,
            },
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KeyPlayerArg {
    /// Fragmentation F of the graph left (KPP-Neg).
    Fragmentation,
    /// Distance-weighted fragmentation D_F of the graph left (KPP-Neg).
    DistanceFragmentation,
    /// Distance-weighted reach D_R of the set (KPP-Pos).
    Reach,
    /// Share of nodes within distance m of the set (KPP-Pos; needs --m).
    MReach,
}

#[derive(Debug, clap::Args)]
pub struct KeyplayerArgs {
    #[command(flatten)]
    pub graph: GraphArgs,
    /// Size of the key-player set.
    #[arg(long, value_name = "K")]
    pub k: usize,
    /// What the set should maximise.
    #[arg(long, value_enum)]
    pub measure: KeyPlayerArg,
    /// Horizon for m-reach, in `length` units (hops with the default length 1).
    #[arg(long, value_name = "M")]
    pub m: Option<f64>,
    /// Search: auto (exact when C(n, k) × the estimated cost of one evaluation is within
    /// --exact-budget, greedy + swap otherwise), exact, or greedy.
    #[arg(long, value_enum, default_value_t = SearchArg::Auto)]
    pub search: SearchArg,
    /// Work units (adjacency entries scanned) the exact search may cost under --search auto;
    /// about 1–5 s per 1e9 on one core.
    #[arg(long, value_name = "UNITS", default_value_t = keyplayer::EXACT_BUDGET)]
    pub exact_budget: f64,
    /// Print JSON (schema cordon-network-keyplayer/1).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SearchArg {
    /// Exact if its estimated cost fits --exact-budget, else greedy + swap.
    Auto,
    /// Every subset (optimal, however long it takes).
    Exact,
    /// Greedy construction then swaps (a local optimum).
    Greedy,
}

#[derive(Debug, clap::Args)]
pub struct ImpactArgs {
    #[command(flatten)]
    pub graph: GraphArgs,
    /// Node ids to remove, comma-separated.
    #[arg(long, value_name = "a,b,...", value_delimiter = ',')]
    pub remove: Vec<String>,
    /// Arcs to remove, comma-separated, each `from->to` (or `a--b`).
    #[arg(long, value_name = "from->to,...", value_delimiter = ',')]
    pub remove_arcs: Vec<String>,
    /// Source node for the s–t max flow and shortest path (with --sink).
    #[arg(long, value_name = "S", requires = "sink")]
    pub source: Option<String>,
    /// Sink node for the s–t max flow and shortest path (with --source).
    #[arg(long, value_name = "T", requires = "source")]
    pub sink: Option<String>,
    /// Rows in the node table.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Print JSON (schema cordon-network-impact/1).
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let out = match args.command {
        NetworkCommand::Metrics(args) => metrics(&args)?,
        NetworkCommand::Keyplayer(args) => keyplayer(&args)?,
        NetworkCommand::Impact(args) => impact_command(&args)?,
    };
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(())
}

/// A graph loaded from a file, with what is needed to word errors.
pub struct Loaded {
    pub graph: NetGraph,
    pub path: PathBuf,
}

impl GraphArgs {
    /// Reads and parses the CSV; every failure is bad input with `FILE:LINE`.
    pub fn load(&self) -> anyhow::Result<Loaded> {
        if let Some(file) = &self.scenario {
            let scenario = super::load_scenario(file.as_deref())?;
            let graph = scenario_graph(&scenario, &self.kind)
                .map_err(|err| bad_input(format!("error: {}: {err}", scenario.source_name())))?;
            return Ok(Loaded {
                graph,
                path: PathBuf::from(scenario.source_name()),
            });
        }
        let Some(edges) = &self.edges else {
            return Err(bad_input(
                "error: give --edges FILE.csv or --scenario [FILE]",
            ));
        };
        let bytes = read_input(edges)?;
        let shown = edges.display();
        let text = String::from_utf8(bytes)
            .map_err(|_| bad_input(format!("error: {shown}: not valid UTF-8 text")))?;
        let graph = NetGraph::from_csv(&text, !self.undirected).map_err(|err| match err {
            NetError::Csv { line, kind } => bad_input(format!("error: {shown}:{line}: {kind}")),
            other => bad_input(format!("error: {shown}: {other}")),
        })?;
        Ok(Loaded {
            graph,
            path: edges.clone(),
        })
    }
}

impl Loaded {
    /// Looks up a node id given on the command line, with a "did you mean" hint.
    pub fn node(&self, flag: &str, name: &str) -> anyhow::Result<NodeId> {
        self.graph.node(name).ok_or_else(|| {
            let hint = suggest(name, self.graph.names())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            bad_input(format!(
                "error: {flag}: no node `{name}` in {}{hint}",
                self.path.display()
            ))
        })
    }

    /// Looks up an arc written `from->to` (or `a--b`).
    pub fn arc(&self, flag: &str, text: &str) -> anyhow::Result<ArcId> {
        let Some((from, to)) = text.split_once("->").or_else(|| text.split_once("--")) else {
            return Err(bad_input(format!(
                "error: {flag}: `{text}` is not an arc; write it `from->to`"
            )));
        };
        let (from, to) = (self.node(flag, from.trim())?, self.node(flag, to.trim())?);
        self.graph.find_arc(from, to).ok_or_else(|| {
            let hint = match self.graph.find_arc(to, from) {
                Some(reverse) => format!("; there is `{}`", self.graph.arc_label(reverse)),
                None => String::new(),
            };
            bad_input(format!(
                "error: {flag}: no arc `{text}` in {}{hint}",
                self.path.display()
            ))
        })
    }

    pub fn input(&self) -> InputJson {
        InputJson {
            edges: self.path.display().to_string(),
            directed: self.graph.is_directed(),
            nodes: self.graph.node_count(),
            arcs: self.graph.arc_count(),
        }
    }
}

/// The closest node id by Jaro–Winkler similarity, if close enough.
fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// Library errors on valid files (k out of range, same source and sink...) are bad input.
pub fn net_error(err: NetError) -> anyhow::Error {
    match err {
        NetError::Solver { .. } => anyhow::Error::new(err),
        other => bad_input(format!("error: {other}")),
    }
}

/// Non-finite numbers have no JSON form: infinity (no path) becomes null.
fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

fn to_json(value: &impl Serialize) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

#[derive(Serialize)]
pub struct InputJson {
    pub edges: String,
    pub directed: bool,
    pub nodes: usize,
    pub arcs: usize,
}

#[derive(Serialize)]
struct MetricsJson<'a> {
    schema: &'static str,
    input: InputJson,
    measures: Vec<&'static str>,
    not_converged: Vec<&'static str>,
    convergence: serde_json::Map<String, serde_json::Value>,
    components: Vec<Vec<&'a str>>,
    nodes: Vec<NodeJson<'a>>,
    ranked: serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
struct NodeJson<'a> {
    id: &'a str,
    values: std::collections::BTreeMap<&'static str, f64>,
}

#[derive(Serialize)]
struct RankJson<'a> {
    rank: usize,
    id: &'a str,
    value: f64,
}

fn metrics(args: &MetricsArgs) -> anyhow::Result<String> {
    let loaded = args.graph.load()?;
    let graph = &loaded.graph;
    let options = args.options(graph)?;
    let metrics = measures::metrics_with(graph, &options);
    if !args.json {
        return Ok(render::metrics_table(graph, &metrics, args.top));
    }
    let nodes = metrics
        .nodes
        .iter()
        .enumerate()
        .map(|(row, node)| NodeJson {
            id: graph.name(*node),
            values: metrics
                .columns
                .iter()
                .map(|(m, column)| (m.name(), column[row]))
                .collect(),
        })
        .collect();
    let mut ranked = serde_json::Map::new();
    for measure in Measure::ALL {
        if let Some(rows) = metrics.ranked(graph, measure) {
            let rows: Vec<RankJson> = rows
                .iter()
                .take(args.top)
                .enumerate()
                .map(|(i, (v, value))| RankJson {
                    rank: i + 1,
                    id: graph.name(*v),
                    value: *value,
                })
                .collect();
            ranked.insert(measure.name().into(), serde_json::to_value(rows)?);
        }
    }
    to_json(&MetricsJson {
        schema: "cordon-network-metrics/1",
        input: loaded.input(),
        measures: metrics.columns.iter().map(|(m, _)| m.name()).collect(),
        not_converged: metrics.not_converged.iter().map(|m| m.name()).collect(),
        convergence: metrics
            .convergence
            .iter()
            .map(|c| {
                let value = serde_json::json!({
                    "iterations": c.iterations,
                    "change": c.change,
                    "threshold": c.threshold,
                    "converged": c.converged,
                });
                (c.measure.name().to_owned(), value)
            })
            .collect(),
        components: measures::components(graph)
            .iter()
            .map(|c| c.iter().map(|v| graph.name(*v)).collect())
            .collect(),
        nodes,
        ranked,
    })
}

#[derive(Serialize)]
struct KeyplayerJson<'a> {
    schema: &'static str,
    input: InputJson,
    k: usize,
    measure: &'static str,
    m: Option<f64>,
    set: Vec<&'a str>,
    value: f64,
    method: MethodJson,
    search: SearchJson,
}

#[derive(Serialize)]
struct SearchJson {
    asked: &'static str,
    subsets: u64,
    evaluation_cost: f64,
    exact_cost: f64,
    exact_budget: f64,
    reason: String,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum MethodJson {
    Exact { subsets: u64 },
    GreedySwap { evaluations: u64, swaps: u64 },
}

fn keyplayer(args: &KeyplayerArgs) -> anyhow::Result<String> {
    let measure = match (args.measure, args.m) {
        (KeyPlayerArg::MReach, Some(m)) => KeyPlayerMeasure::MReach { m },
        (KeyPlayerArg::MReach, None) => {
            return Err(bad_input(
                "error: --measure m-reach needs --m M (a distance > 0)",
            ));
        }
        (_, Some(_)) => return Err(bad_input("error: --m applies to --measure m-reach only")),
        (KeyPlayerArg::Fragmentation, None) => KeyPlayerMeasure::Fragmentation,
        (KeyPlayerArg::DistanceFragmentation, None) => KeyPlayerMeasure::DistanceFragmentation,
        (KeyPlayerArg::Reach, None) => KeyPlayerMeasure::Reach,
    };
    if !(args.exact_budget.is_finite() && args.exact_budget >= 0.0) {
        return Err(bad_input(format!(
            "error: --exact-budget must be a finite number >= 0, got {}",
            args.exact_budget
        )));
    }
    let options = KeyPlayerOptions {
        search: match args.search {
            SearchArg::Auto => SearchChoice::Auto,
            SearchArg::Exact => SearchChoice::Exact,
            SearchArg::Greedy => SearchChoice::Greedy,
        },
        exact_budget: args.exact_budget,
    };
    let loaded = args.graph.load()?;
    let graph = &loaded.graph;
    let set = key_players_with(graph, args.k, measure, &options).map_err(net_error)?;
    if !args.json {
        return Ok(render::key_player_table(graph, args.k, measure, &set));
    }
    to_json(&KeyplayerJson {
        schema: "cordon-network-keyplayer/1",
        input: loaded.input(),
        k: args.k,
        measure: measure.name(),
        m: args.m,
        set: set.nodes.iter().map(|v| graph.name(*v)).collect(),
        value: set.value,
        search: SearchJson {
            asked: match set.plan.choice {
                SearchChoice::Auto => "auto",
                SearchChoice::Exact => "exact",
                SearchChoice::Greedy => "greedy",
            },
            subsets: set.plan.subsets,
            evaluation_cost: set.plan.evaluation_cost,
            exact_cost: set.plan.exact_cost,
            exact_budget: set.plan.budget,
            reason: set.plan.reason(&set.method),
        },
        method: match set.method {
            SearchMethod::Exact { subsets } => MethodJson::Exact { subsets },
            SearchMethod::GreedySwap { evaluations, swaps } => {
                MethodJson::GreedySwap { evaluations, swaps }
            }
        },
    })
}

#[derive(Serialize)]
struct ImpactJson<'a> {
    schema: &'static str,
    input: InputJson,
    removed: RemovedJson<'a>,
    source: Option<&'a str>,
    sink: Option<&'a str>,
    changes: Vec<ChangeJson>,
    nodes: Vec<NodeChangeJson<'a>>,
}

#[derive(Serialize)]
struct RemovedJson<'a> {
    nodes: Vec<&'a str>,
    arcs: Vec<String>,
}

#[derive(Serialize)]
struct ChangeJson {
    measure: &'static str,
    before: Option<f64>,
    after: Option<f64>,
    delta: Option<f64>,
}

#[derive(Serialize)]
struct BeforeAfterJson {
    before: f64,
    after: f64,
    delta: f64,
}

#[derive(Serialize)]
struct NodeChangeJson<'a> {
    id: &'a str,
    betweenness: BeforeAfterJson,
    closeness: BeforeAfterJson,
    degree: BeforeAfterJson,
}

fn before_after((before, after): (f64, f64)) -> BeforeAfterJson {
    BeforeAfterJson {
        before,
        after,
        delta: after - before,
    }
}

fn change_json(change: &Change) -> ChangeJson {
    let (before, after) = (finite(change.before), finite(change.after));
    ChangeJson {
        measure: change.name,
        before,
        after,
        delta: before.zip(after).map(|(b, a)| a - b),
    }
}

fn impact_command(args: &ImpactArgs) -> anyhow::Result<String> {
    let loaded = args.graph.load()?;
    let graph = &loaded.graph;
    let mut removal = Removal::default();
    for name in args.remove.iter().filter(|n| !n.trim().is_empty()) {
        removal.nodes.push(loaded.node("--remove", name.trim())?);
    }
    for text in args.remove_arcs.iter().filter(|n| !n.trim().is_empty()) {
        removal.arcs.push(loaded.arc("--remove-arcs", text.trim())?);
    }
    let pair = match (&args.source, &args.sink) {
        (Some(s), Some(t)) => Some((loaded.node("--source", s)?, loaded.node("--sink", t)?)),
        _ => None,
    };
    let result = impact(graph, &removal, pair).map_err(net_error)?;
    if !args.json {
        let mut out = String::new();
        let names: Vec<&str> = removal.nodes.iter().map(|v| graph.name(*v)).collect();
        let arcs: Vec<String> = removal.arcs.iter().map(|a| graph.arc_label(*a)).collect();
        let _ = writeln!(out, "removed nodes: {}", list_or_none(&names));
        let _ = writeln!(out, "removed arcs:  {}", list_or_none(&arcs));
        if let (Some(s), Some(t)) = (&args.source, &args.sink) {
            let _ = writeln!(out, "flow from {s} to {t}");
        }
        out.push('\n');
        out.push_str(&render::impact_table(graph, &result, args.top));
        return Ok(out);
    }
    to_json(&ImpactJson {
        schema: "cordon-network-impact/1",
        input: loaded.input(),
        removed: RemovedJson {
            nodes: removal.nodes.iter().map(|v| graph.name(*v)).collect(),
            arcs: removal.arcs.iter().map(|a| graph.arc_label(*a)).collect(),
        },
        source: pair.map(|(s, _)| graph.name(s)),
        sink: pair.map(|(_, t)| graph.name(t)),
        changes: result.changes.iter().map(change_json).collect(),
        nodes: result
            .nodes
            .iter()
            .map(|c| NodeChangeJson {
                id: graph.name(c.node),
                betweenness: before_after(c.betweenness),
                closeness: before_after(c.closeness),
                degree: before_after(c.degree),
            })
            .collect(),
    })
}

fn list_or_none(items: &[impl AsRef<str>]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(", ")
    }
}
