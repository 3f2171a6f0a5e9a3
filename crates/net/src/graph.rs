//! The graph type: string node ids, stable numeric handles, arcs with attributes.

use std::collections::BTreeMap;

use crate::error::{GraphErrorKind, NetError};

/// A stable handle to a node: its position in the node list given at construction.
///
/// Removing nodes or arcs never renumbers: a `NodeId` means the same node in a graph and in
/// every graph derived from it with [`NetGraph::without`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub(crate) u32);

/// A stable handle to an arc (an edge, in an undirected graph): its position in the arc list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArcId(pub(crate) u32);

impl NodeId {
    /// The 0-based position of the node in the graph's node list.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl ArcId {
    /// The 0-based position of the arc in the graph's arc list (the CSV row order).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One arc as given to [`NetGraph::new`]: endpoints by node id, plus attributes.
///
/// All numbers must be finite; `capacity`, `cost` and `delay` must be `>= 0` and `length` must
/// be `> 0`.
#[derive(Debug, Clone, PartialEq)]
pub struct ArcSpec {
    /// Tail node id.
    pub from: String,
    /// Head node id.
    pub to: String,
    /// Flow capacity, also the tie weight for strength, eigenvector centrality and PageRank
    /// (default 1).
    pub capacity: f64,
    /// Cost of interdicting the arc, in budget units (default 1).
    pub cost: f64,
    /// Length for shortest paths and distances (default 1).
    pub length: f64,
    /// Delay added to `length` when the arc is interdicted in shortest-path interdiction;
    /// `None` (the default) means an interdicted arc is removed.
    pub delay: Option<f64>,
    /// Optional label, for example `fighters` or `finance`.
    pub kind: Option<String>,
}

impl ArcSpec {
    /// An arc with every attribute at its default: capacity, cost and length 1, no delay (an
    /// interdicted arc is removed), no kind.
    pub fn new(from: impl Into<String>, to: impl Into<String>) -> ArcSpec {
        ArcSpec {
            from: from.into(),
            to: to.into(),
            capacity: 1.0,
            cost: 1.0,
            length: 1.0,
            delay: None,
            kind: None,
        }
    }
}

/// An arc of a [`NetGraph`].
#[derive(Debug, Clone, PartialEq)]
pub struct Arc {
    /// Tail node.
    pub from: NodeId,
    /// Head node.
    pub to: NodeId,
    /// Flow capacity and tie weight.
    pub capacity: f64,
    /// Interdiction cost.
    pub cost: f64,
    /// Length for shortest paths.
    pub length: f64,
    /// Delay when interdicted; `None`: removed when interdicted.
    pub delay: Option<f64>,
    /// Optional label.
    pub kind: Option<String>,
}

/// A directed or undirected network with string node ids and stable numeric handles.
///
/// Parallel arcs and self-loops are rejected at construction. In an undirected graph an arc is
/// an edge that can be travelled both ways; `a,b` and `b,a` are then the same edge.
/// Removals ([`NetGraph::without`]) keep every id and mark nodes and arcs dead; every measure
/// works on the live part only.
#[derive(Debug, Clone)]
pub struct NetGraph {
    directed: bool,
    node_names: Vec<String>,
    by_name: BTreeMap<String, NodeId>,
    arcs: Vec<Arc>,
    node_alive: Vec<bool>,
    arc_alive: Vec<bool>,
}

/// Nodes and arcs to remove, by stable id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Removal {
    /// Nodes to remove (with their arcs).
    pub nodes: Vec<NodeId>,
    /// Arcs to remove.
    pub arcs: Vec<ArcId>,
}

impl NetGraph {
    /// Builds a graph from its parts.
    ///
    /// `nodes` lists every node id (nodes without arcs are allowed); arcs name their endpoints by
    /// id. The order of `nodes` and `arcs` fixes the [`NodeId`]s and [`ArcId`]s.
    pub fn new(
        directed: bool,
        nodes: Vec<String>,
        arcs: Vec<ArcSpec>,
    ) -> Result<NetGraph, NetError> {
        let mut by_name = BTreeMap::new();
        for (index, name) in nodes.iter().enumerate() {
            if name.trim().is_empty() {
                return Err(NetError::Graph(GraphErrorKind::EmptyNodeId { index }));
            }
            let id = NodeId(index as u32);
            if by_name.insert(name.clone(), id).is_some() {
                return Err(NetError::Graph(GraphErrorKind::DuplicateNode {
                    id: name.clone(),
                }));
            }
        }
        let mut seen: BTreeMap<(NodeId, NodeId), usize> = BTreeMap::new();
        let mut out = Vec::with_capacity(arcs.len());
        for (index, spec) in arcs.into_iter().enumerate() {
            let lookup = |name: &str| {
                by_name.get(name).copied().ok_or_else(|| {
                    NetError::Graph(GraphErrorKind::UnknownEndpoint {
                        index,
                        node: name.to_owned(),
                    })
                })
            };
            let from = lookup(&spec.from)?;
            let to = lookup(&spec.to)?;
            if from == to {
                return Err(NetError::Graph(GraphErrorKind::SelfLoop {
                    index,
                    node: spec.from,
                }));
            }
            check_attribute(index, "capacity", spec.capacity, false)?;
            check_attribute(index, "cost", spec.cost, false)?;
            check_attribute(index, "length", spec.length, true)?;
            if let Some(delay) = spec.delay {
                check_attribute(index, "delay", delay, false)?;
            }
            let key = if directed {
                (from, to)
            } else {
                (from.min(to), from.max(to))
            };
            if let Some(&first) = seen.get(&key) {
                return Err(NetError::Graph(GraphErrorKind::DuplicateArc {
                    index,
                    first,
                    from: spec.from,
                    to: spec.to,
                }));
            }
            seen.insert(key, index);
            out.push(Arc {
                from,
                to,
                capacity: spec.capacity,
                cost: spec.cost,
                length: spec.length,
                delay: spec.delay,
                kind: spec.kind,
            });
        }
        let n_nodes = nodes.len();
        let n_arcs = out.len();
        Ok(NetGraph {
            directed,
            node_names: nodes,
            by_name,
            arcs: out,
            node_alive: vec![true; n_nodes],
            arc_alive: vec![true; n_arcs],
        })
    }

    /// Whether arcs are directed.
    pub fn is_directed(&self) -> bool {
        self.directed
    }

    /// Number of node slots, removed nodes included: valid [`NodeId`] indices are below this.
    pub fn node_bound(&self) -> usize {
        self.node_names.len()
    }

    /// Number of arc slots, removed arcs included.
    pub fn arc_bound(&self) -> usize {
        self.arcs.len()
    }

    /// Number of live nodes.
    pub fn node_count(&self) -> usize {
        self.node_alive.iter().filter(|alive| **alive).count()
    }

    /// Number of live arcs.
    pub fn arc_count(&self) -> usize {
        self.arc_ids().count()
    }

    /// The id string of a node (live or removed).
    pub fn name(&self, node: NodeId) -> &str {
        &self.node_names[node.index()]
    }

    /// Looks a node up by its id string (live or removed).
    pub fn node(&self, name: &str) -> Option<NodeId> {
        self.by_name.get(name).copied()
    }

    /// Looks a node up by its id string, failing with [`NetError::UnknownNode`].
    pub fn node_or_err(&self, name: &str) -> Result<NodeId, NetError> {
        self.node(name)
            .ok_or_else(|| NetError::UnknownNode(name.to_owned()))
    }

    /// Whether a node is live (not removed).
    pub fn is_live(&self, node: NodeId) -> bool {
        self.node_alive[node.index()]
    }

    /// Whether an arc is live: not removed and both endpoints live.
    pub fn is_arc_live(&self, arc: ArcId) -> bool {
        let a = &self.arcs[arc.index()];
        self.arc_alive[arc.index()]
            && self.node_alive[a.from.index()]
            && self.node_alive[a.to.index()]
    }

    /// Every node id string, in [`NodeId`] order, live or removed.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.node_names.iter().map(String::as_str)
    }

    /// Live nodes in [`NodeId`] order.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.node_names.len())
            .map(|i| NodeId(i as u32))
            .filter(|&v| self.is_live(v))
    }

    /// Live arcs in [`ArcId`] order.
    pub fn arc_ids(&self) -> impl Iterator<Item = ArcId> + '_ {
        (0..self.arcs.len())
            .map(|i| ArcId(i as u32))
            .filter(|&a| self.is_arc_live(a))
    }

    /// An arc's data (live or removed).
    pub fn arc(&self, arc: ArcId) -> &Arc {
        &self.arcs[arc.index()]
    }

    /// The arc from `from` to `to` (either way round in an undirected graph), live or removed.
    pub fn find_arc(&self, from: NodeId, to: NodeId) -> Option<ArcId> {
        self.arcs
            .iter()
            .position(|a| {
                (a.from == from && a.to == to) || (!self.directed && a.from == to && a.to == from)
            })
            .map(|i| ArcId(i as u32))
    }

    /// A readable label of an arc: `a->b` in a directed graph, `a--b` in an undirected one.
    pub fn arc_label(&self, arc: ArcId) -> String {
        let a = &self.arcs[arc.index()];
        let sep = if self.directed { "->" } else { "--" };
        format!("{}{sep}{}", self.name(a.from), self.name(a.to))
    }

    /// A copy of this graph with some nodes and arcs removed; all ids stay the same.
    pub fn without(&self, removal: &Removal) -> Result<NetGraph, NetError> {
        let mut graph = self.clone();
        for &node in &removal.nodes {
            if node.index() >= graph.node_alive.len() {
                return Err(NetError::UnknownNode(format!("#{}", node.index())));
            }
            graph.node_alive[node.index()] = false;
        }
        for &arc in &removal.arcs {
            if arc.index() >= graph.arc_alive.len() {
                return Err(NetError::UnknownArc(format!("#{}", arc.index())));
            }
            graph.arc_alive[arc.index()] = false;
        }
        Ok(graph)
    }

    /// Checks that a node is live, for use as a source or sink.
    pub(crate) fn check_live(&self, node: NodeId) -> Result<(), NetError> {
        if node.index() >= self.node_alive.len() {
            return Err(NetError::UnknownNode(format!("#{}", node.index())));
        }
        if !self.is_live(node) {
            return Err(NetError::RemovedNode(self.name(node).to_owned()));
        }
        Ok(())
    }
}

fn check_attribute(
    index: usize,
    attribute: &'static str,
    value: f64,
    positive: bool,
) -> Result<(), NetError> {
    let ok = value.is_finite() && if positive { value > 0.0 } else { value >= 0.0 };
    if ok {
        Ok(())
    } else {
        Err(NetError::Graph(GraphErrorKind::BadAttribute {
            index,
            attribute,
            value,
            requirement: if positive { "> 0" } else { ">= 0" },
        }))
    }
}

/// Adjacency lists over the live part of a graph, in arc order.
///
/// `out[v]` holds `(w, arc index)` for arcs leaving `v`, `inc[v]` for arcs entering `v`; an
/// undirected edge appears in both directions in both lists.
pub(crate) struct Adjacency {
    pub(crate) out: Vec<Vec<(usize, usize)>>,
    pub(crate) inc: Vec<Vec<(usize, usize)>>,
}

impl Adjacency {
    pub(crate) fn new(graph: &NetGraph) -> Adjacency {
        let n = graph.node_bound();
        let mut out = vec![Vec::new(); n];
        let mut inc = vec![Vec::new(); n];
        for arc in graph.arc_ids() {
            let a = graph.arc(arc);
            let (u, v) = (a.from.index(), a.to.index());
            out[u].push((v, arc.index()));
            inc[v].push((u, arc.index()));
            if !graph.is_directed() {
                out[v].push((u, arc.index()));
                inc[u].push((v, arc.index()));
            }
        }
        Adjacency { out, inc }
    }

    /// Neighbours ignoring direction (the underlying undirected graph); a pair of opposite arcs
    /// gives two entries, and shortest paths then take the shorter.
    pub(crate) fn undirected(graph: &NetGraph) -> Vec<Vec<(usize, usize)>> {
        let adjacency = Adjacency::new(graph);
        if !graph.is_directed() {
            return adjacency.out;
        }
        adjacency
            .out
            .into_iter()
            .zip(adjacency.inc)
            .map(|(mut out, inc)| {
                out.extend(inc);
                out
            })
            .collect()
    }
}
