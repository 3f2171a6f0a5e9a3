//! Immediate impact: remove nodes and arcs, recompute, report before / after / delta.

use crate::error::NetError;
use crate::flow;
use crate::graph::{NetGraph, NodeId, Removal};
use crate::keyplayer;
use crate::measures::{self, Measure};

/// One graph-level quantity before and after the removal.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Name used in tables and JSON: `nodes`, `arcs`, `components`, `largest_component`,
    /// `fragmentation`, `distance_fragmentation`, `max_flow`, `shortest_path`.
    pub name: &'static str,
    /// Value before; `f64::INFINITY` for a shortest path that does not exist.
    pub before: f64,
    /// Value after; `f64::INFINITY` for a shortest path that does not exist.
    pub after: f64,
}

impl Change {
    /// `after − before` (infinite or NaN when a value is infinite).
    pub fn delta(&self) -> f64 {
        self.after - self.before
    }
}

/// One node measure of a surviving node before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeChange {
    /// The node.
    pub node: NodeId,
    /// Betweenness before and after.
    pub betweenness: (f64, f64),
    /// Closeness before and after.
    pub closeness: (f64, f64),
    /// Degree before and after.
    pub degree: (f64, f64),
}

/// The impact of a removal.
#[derive(Debug, Clone, PartialEq)]
pub struct Impact {
    /// Graph-level changes, in the order of [`Change::name`]'s list (flow and path only with
    /// a source and sink).
    pub changes: Vec<Change>,
    /// Surviving nodes, sorted by |Δ betweenness| (largest first), then by node id string.
    pub nodes: Vec<NodeChange>,
}

/// Removes `removal` from `graph` and reports what changes. With `flow_pair = Some((s, t))`
/// the s–t max flow and shortest path are included; a removed source or sink leaves flow 0
/// and no path.
pub fn impact(
    graph: &NetGraph,
    removal: &Removal,
    flow_pair: Option<(NodeId, NodeId)>,
) -> Result<Impact, NetError> {
    if let Some((s, t)) = flow_pair {
        flow::check_pair(graph, s, t)?;
    }
    let after = graph.without(removal)?;
    let mut changes = Vec::new();
    let mut push = |name, before: f64, after: f64| {
        changes.push(Change {
            name,
            before,
            after,
        })
    };
    push(
        "nodes",
        graph.node_count() as f64,
        after.node_count() as f64,
    );
    push("arcs", graph.arc_count() as f64, after.arc_count() as f64);
    let (components_before, components_after) =
        (measures::components(graph), measures::components(&after));
    push(
        "components",
        components_before.len() as f64,
        components_after.len() as f64,
    );
    let largest = |c: &[Vec<NodeId>]| c.first().map_or(0.0, |c| c.len() as f64);
    push(
        "largest_component",
        largest(&components_before),
        largest(&components_after),
    );
    push(
        "fragmentation",
        keyplayer::fragmentation(graph, &[]),
        keyplayer::fragmentation(&after, &[]),
    );
    push(
        "distance_fragmentation",
        keyplayer::distance_fragmentation(graph, &[]),
        keyplayer::distance_fragmentation(&after, &[]),
    );
    if let Some((s, t)) = flow_pair {
        let alive = after.is_live(s) && after.is_live(t);
        let flow_after = if alive {
            flow::max_flow(&after, s, t)?
        } else {
            0.0
        };
        let path_after = if alive {
            flow::shortest_path_length(&after, s, t)?
        } else {
            f64::INFINITY
        };
        push("max_flow", flow::max_flow(graph, s, t)?, flow_after);
        push(
            "shortest_path",
            flow::shortest_path_length(graph, s, t)?,
            path_after,
        );
    }

    let column = |g: &NetGraph, m: Measure| -> Vec<f64> {
        let mut slots = vec![0.0; g.node_bound()];
        for (v, x) in measures::measure_values(g, m).unwrap_or_default() {
            slots[v.index()] = x;
        }
        slots
    };
    let (b0, b1) = (
        column(graph, Measure::Betweenness),
        column(&after, Measure::Betweenness),
    );
    let (c0, c1) = (
        column(graph, Measure::Closeness),
        column(&after, Measure::Closeness),
    );
    let (d0, d1) = (
        column(graph, Measure::Degree),
        column(&after, Measure::Degree),
    );
    let mut nodes: Vec<NodeChange> = after
        .node_ids()
        .map(|v| {
            let i = v.index();
            NodeChange {
                node: v,
                betweenness: (b0[i], b1[i]),
                closeness: (c0[i], c1[i]),
                degree: (d0[i], d1[i]),
            }
        })
        .collect();
    nodes.sort_by(|a, b| {
        let da = (a.betweenness.1 - a.betweenness.0).abs();
        let db = (b.betweenness.1 - b.betweenness.0).abs();
        db.total_cmp(&da)
            .then_with(|| graph.name(a.node).cmp(graph.name(b.node)))
    });
    Ok(Impact { changes, nodes })
}
