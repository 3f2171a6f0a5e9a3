//! `cordon-net`: network analysis, key players and optimal interdiction.
//!
//! # Brief overview
//!
//! * [`NetGraph`]: a directed or undirected network with string node ids and stable
//!   [`NodeId`] / [`ArcId`] handles; arcs carry `capacity`, `cost`, `length`, an optional
//!   `delay` and `kind`. Build it from parts ([`NetGraph::new`]) or from an edge-list CSV held
//!   in a string ([`NetGraph::from_csv`]). Removals ([`NetGraph::without`]) never renumber.
//! * [`measures`]: degree, strength, betweenness, closeness, eigenvector centrality, PageRank
//!   and components, with NetworkX's definitions and defaults, and ranked tables.
//! * [`keyplayer`]: Borgatti's (2006) fragmentation, distance-weighted fragmentation, reach
//!   and m-reach, and the best set of k key players (exact or greedy plus swap).
//! * [`impact`]: what removing nodes and arcs does to the measures and to s–t flow.
//! * [`interdiction`]: budgeted max-flow interdiction (Wood 1993) and shortest-path
//!   interdiction (Israeli & Wood 2002) as MIPs through `good_lp`, and exact enumeration.
//! * [`render`]: plain-text tables.
//!
//! # Architecture invariants
//!
//! * No I/O and no clock: callers pass strings in and get values out. The CLI reads files and
//!   times solves.
//! * Deterministic: no hashed collections, ties broken by node id string or by id order.
//! * No `Serialize`: wire formats (JSON) belong to the front ends.
//! * Bad input is a typed [`NetError`], never a panic.
//!
//! # Example
//!
//! (Doctests are off for this crate; `tests/interdiction.rs` runs this as `crate_doc_example`.)
//!
//! ```
//! use cordon_net::{NetGraph, interdiction::{interdict, Method, Objective, Solver}};
//! let graph = NetGraph::from_csv("from,to,capacity\ns,a,2\na,t,1\ns,t,1\n", true).unwrap();
//! let (s, t) = (graph.node("s").unwrap(), graph.node("t").unwrap());
//! let cut = interdict(&graph, Objective::MaxFlow, s, t, 1.0, Method::Mip(Solver::Microlp)).unwrap();
//! assert_eq!(cut.value, 1.0);
//! ```

#![deny(missing_docs)]

mod csr;
mod csv_format;
mod error;
mod flow;
mod graph;
pub mod impact;
pub mod interdiction;
pub mod keyplayer;
pub mod measures;
mod paths;
pub mod render;

pub use error::{CsvErrorKind, GraphErrorKind, NetError};
pub use flow::{max_flow, shortest_path_length};
pub use graph::{Arc, ArcId, ArcSpec, NetGraph, NodeId, Removal};
