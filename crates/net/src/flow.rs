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

/// A shortest `source`–`sink` path with `extra` as in [`shortest_path_masked`]: its length
/// (`f64::INFINITY` when there is none) and its arcs from source to sink. Ties between equal
/// paths go to the one Dijkstra settles first (heap order by distance, then insertion).
pub(crate) fn shortest_path_arcs(
    graph: &NetGraph,
    source: NodeId,
    sink: NodeId,
    extra: &dyn Fn(ArcId) -> Option<f64>,
) -> (f64, Vec<ArcId>) {
    use crate::paths::HeapEntry;
    let adjacency = Adjacency::new(graph);
    let n = graph.node_bound();
    let mut dist = vec![f64::INFINITY; n];
    let mut via: Vec<Option<(usize, usize)>> = vec![None; n];
    let mut done = vec![false; n];
    let mut heap = std::collections::BinaryHeap::new();
    let mut count = 0u64;
    dist[source.index()] = 0.0;
    heap.push(HeapEntry {
        dist: 0.0,
        count,
        pred: source.index(),
        node: source.index(),
    });
    while let Some(HeapEntry {
        dist: d, node: v, ..
    }) = heap.pop()
    {
        if done[v] {
            continue;
        }
        done[v] = true;
        if v == sink.index() {
            break;
        }
        for &(w, arc) in &adjacency.out[v] {
            let id = ArcId(arc as u32);
            let candidate = d + graph.arc(id).length + extra(id).unwrap_or(0.0);
            if !done[w] && candidate < dist[w] {
                dist[w] = candidate;
                via[w] = Some((v, arc));
                count += 1;
                heap.push(HeapEntry {
                    dist: candidate,
                    count,
                    pred: v,
                    node: w,
                });
            }
        }
    }
    let length = dist[sink.index()];
    let mut arcs = Vec::new();
    if length.is_finite() {
        let mut v = sink.index();
        while let Some((u, arc)) = via[v] {
            arcs.push(ArcId(arc as u32));
            v = u;
        }
        arcs.reverse();
    }
    (length, arcs)
}

/// A minimum `source`–`sink` cut with the arcs for which `removed` is true left out: the max
/// flow and the live arcs (edges) crossing from the source side to the sink side.
pub(crate) fn min_cut_masked(
    graph: &NetGraph,
    source: NodeId,
    sink: NodeId,
    removed: &dyn Fn(ArcId) -> bool,
) -> (f64, Vec<ArcId>) {
    let mut network = FlowNetwork::new(graph.node_bound());
    let mut kept = Vec::new();
    for arc in graph.arc_ids() {
        if removed(arc) {
            continue;
        }
        let a = graph.arc(arc);
        let backward = if graph.is_directed() { 0.0 } else { a.capacity };
        network.add(a.from.index(), a.to.index(), a.capacity, backward);
        kept.push(arc);
    }
    let value = network.max_flow(source.index(), sink.index());
    let side = network.source_side(source.index());
    let crossing = kept
        .into_iter()
        .filter(|&arc| {
            let a = graph.arc(arc);
            let (u, v) = (side[a.from.index()], side[a.to.index()]);
            (u && !v) || (!graph.is_directed() && v && !u)
        })
        .collect();
    (value, crossing)
}
