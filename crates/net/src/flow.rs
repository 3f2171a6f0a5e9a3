//! s–t maximum flow and shortest path length on the live graph.

use crate::error::NetError;
use crate::graph::{Adjacency, ArcId, NetGraph, NodeId};
use crate::paths::{FlowNetwork, distances};

/// The value of a maximum `source`–`sink` flow with arc `capacity` (an undirected edge carries
/// up to its capacity in either direction).
pub fn max_flow(graph: &NetGraph, source: NodeId, sink: NodeId) -> Result<f64, NetError> {
    check_pair(graph, source, sink)?;
    Ok(max_flow_masked(graph, source, sink, &|_| false))
}

/// The length of a shortest `source`–`sink` path with arc `length`; `f64::INFINITY` when the
/// sink cannot be reached.
pub fn shortest_path_length(
    graph: &NetGraph,
    source: NodeId,
    sink: NodeId,
) -> Result<f64, NetError> {
    check_pair(graph, source, sink)?;
    Ok(shortest_path_masked(graph, source, sink, &|_| None))
}

pub(crate) fn check_pair(graph: &NetGraph, source: NodeId, sink: NodeId) -> Result<(), NetError> {
    graph.check_live(source)?;
    graph.check_live(sink)?;
    if source == sink {
        return Err(NetError::SameSourceSink(graph.name(source).to_owned()));
    }
    Ok(())
}

/// Max flow with the arcs for which `removed` is true left out.
pub(crate) fn max_flow_masked(
    graph: &NetGraph,
    source: NodeId,
    sink: NodeId,
    removed: &dyn Fn(ArcId) -> bool,
) -> f64 {
    let mut network = FlowNetwork::new(graph.node_bound());
    for arc in graph.arc_ids() {
        if removed(arc) {
            continue;
        }
        let a = graph.arc(arc);
        let backward = if graph.is_directed() { 0.0 } else { a.capacity };
        network.add(a.from.index(), a.to.index(), a.capacity, backward);
    }
    network.max_flow(source.index(), sink.index())
}

/// Shortest path where `extra(arc)` gives `Some(delay)` to lengthen an arc by, `Some(inf)`
/// to remove it, `None` to leave it.
pub(crate) fn shortest_path_masked(
    graph: &NetGraph,
    source: NodeId,
    sink: NodeId,
    extra: &dyn Fn(ArcId) -> Option<f64>,
) -> f64 {
    let adjacency = Adjacency::new(graph);
    let length = |arc: usize| {
        let id = ArcId(arc as u32);
        graph.arc(id).length + extra(id).unwrap_or(0.0)
    };
    distances(&adjacency.out, &length, &[source.index()], None)[sink.index()]
}
