//! A compact adjacency layout (compressed sparse rows) for the all-sources kernels.
//!
//! One flat array of neighbours and one of weights, with an offset per node, instead of a
//! `Vec` per node holding `(neighbour, arc index)` pairs whose weight is looked up through the
//! arc: the hot loops of betweenness, closeness and key-player search read two contiguous
//! slices. Neighbours of a node keep arc order (an undirected edge listed at both ends), the
//! same order as `Adjacency`, so that every result is bit-identical to the per-node lists.

use std::collections::{BinaryHeap, VecDeque};

use crate::graph::{Arc, NetGraph};
use crate::paths::HeapEntry;

/// Neighbours and weights of every node slot, live arcs only.
pub(crate) struct Csr {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
}

/// Which arcs a node's row lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Arcs leaving the node (both ways for an undirected edge).
    Out,
    /// Arcs entering the node (both ways for an undirected edge).
    In,
    /// Arcs leaving or entering the node (the symmetrised graph; two entries for a pair of
    /// opposite arcs).
    Both,
}

impl Csr {
    /// Builds the rows of `direction` with `weight(arc)` as the weight of each entry.
    pub(crate) fn new(graph: &NetGraph, direction: Direction, weight: &dyn Fn(&Arc) -> f64) -> Csr {
        let n = graph.node_bound();
        let both_ways = !graph.is_directed() || direction == Direction::Both;
        // Entries in arc order: (row, neighbour, weight).
        let entries = |visit: &mut dyn FnMut(usize, usize, f64)| {
            for arc in graph.arc_ids() {
                let a = graph.arc(arc);
                let (u, v) = (a.from.index(), a.to.index());
                let w = weight(a);
                match direction {
                    Direction::Out => visit(u, v, w),
                    Direction::In => visit(v, u, w),
                    Direction::Both => visit(u, v, w),
                }
                if both_ways {
                    match direction {
                        Direction::Out | Direction::Both => visit(v, u, w),
                        Direction::In => visit(u, v, w),
                    }
                }
            }
        };
        let mut offsets = vec![0usize; n + 1];
        entries(&mut |row, _, _| offsets[row + 1] += 1);
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut cursor = offsets.clone();
        let mut targets = vec![0u32; offsets[n]];
        let mut weights = vec![0.0; offsets[n]];
        entries(&mut |row, to, w| {
            targets[cursor[row]] = to as u32;
            weights[cursor[row]] = w;
            cursor[row] += 1;
        });
        Csr {
            offsets,
            targets,
            weights,
        }
    }

    /// Number of node slots.
    pub(crate) fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of entries (an undirected edge counts twice).
    pub(crate) fn entries(&self) -> usize {
        self.targets.len()
    }

    /// The neighbours of `v` and the weights of the entries, aligned.
    #[inline]
    pub(crate) fn row(&self, v: usize) -> (&[u32], &[f64]) {
        let range = self.offsets[v]..self.offsets[v + 1];
        (&self.targets[range.clone()], &self.weights[range])
    }

    /// The common weight of every entry, if they are all equal (then breadth-first search
    /// gives the same distances, orders and sums as Dijkstra's algorithm).
    pub(crate) fn uniform_weight(&self) -> Option<f64> {
        let first = *self.weights.first()?;
        self.weights.iter().all(|&w| w == first).then_some(first)
    }
}

/// Scratch memory for repeated single- or multi-source shortest-path searches on a [`Csr`].
///
/// Only the nodes the previous search touched are reset, so a search costs what it explores,
/// not the size of the graph.
pub(crate) struct Search {
    dist: Vec<f64>,
    done: Vec<bool>,
    touched: Vec<u32>,
    heap: BinaryHeap<HeapEntry>,
    queue: VecDeque<u32>,
    closer: Vec<(usize, f64)>,
}

impl Search {
    pub(crate) fn new(n_slots: usize) -> Search {
        Search {
            dist: vec![f64::INFINITY; n_slots],
            done: vec![false; n_slots],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
            queue: VecDeque::new(),
            closer: Vec::new(),
        }
    }

    /// Distances from the nearest of `sources` over `csr`, skipping `blocked` nodes; with
    /// `uniform = Some(w)` (every weight equal to `w`) by breadth-first search, else by
    /// Dijkstra's algorithm. The distances are the same either way.
    pub(crate) fn run(
        &mut self,
        csr: &Csr,
        uniform: Option<f64>,
        sources: &[usize],
        blocked: Option<&[bool]>,
    ) -> &[f64] {
        for &v in &self.touched {
            self.dist[v as usize] = f64::INFINITY;
            self.done[v as usize] = false;
        }
        self.touched.clear();
        let is_blocked = |w: usize| blocked.is_some_and(|b| b[w]);
        match uniform {
            Some(step) => {
                self.queue.clear();
                for &s in sources {
                    if self.dist[s] != 0.0 {
                        self.dist[s] = 0.0;
                        self.touched.push(s as u32);
                        self.queue.push_back(s as u32);
                    }
                }
                while let Some(v) = self.queue.pop_front() {
                    let next = self.dist[v as usize] + step;
                    let (targets, _) = csr.row(v as usize);
                    for &w in targets {
                        let w_index = w as usize;
                        if self.dist[w_index] == f64::INFINITY && !is_blocked(w_index) {
                            self.dist[w_index] = next;
                            self.touched.push(w);
                            self.queue.push_back(w);
                        }
                    }
                }
            }
            None => self.dijkstra(csr, sources, &is_blocked),
        }
        &self.dist
    }

    fn dijkstra(&mut self, csr: &Csr, sources: &[usize], is_blocked: &dyn Fn(usize) -> bool) {
        self.heap.clear();
        let mut count = 0u64;
        for &s in sources {
            if self.dist[s] != 0.0 {
                self.dist[s] = 0.0;
                self.touched.push(s as u32);
            }
            self.heap.push(HeapEntry {
                dist: 0.0,
                count,
                pred: s,
                node: s,
            });
            count += 1;
        }
        while let Some(HeapEntry {
            dist: d, node: v, ..
        }) = self.heap.pop()
        {
            if self.done[v] {
                continue;
            }
            self.done[v] = true;
            let (targets, weights) = csr.row(v);
            for (&w, &length) in targets.iter().zip(weights) {
                let w_index = w as usize;
                if self.done[w_index] || is_blocked(w_index) {
                    continue;
                }
                let candidate = d + length;
                if candidate < self.dist[w_index] {
                    if self.dist[w_index] == f64::INFINITY {
                        self.touched.push(w);
                    }
                    self.dist[w_index] = candidate;
                    self.heap.push(HeapEntry {
                        dist: candidate,
                        count,
                        pred: v,
                        node: w_index,
                    });
                    count += 1;
                }
            }
        }
    }

    /// The nodes strictly closer to `source` than `bound` says, with their distances, in the
    /// order they were reached. A search from `source` stops at every node that is not closer:
    /// no path through it can be closer either.
    pub(crate) fn run_bounded(
        &mut self,
        csr: &Csr,
        uniform: Option<f64>,
        source: usize,
        bound: &[f64],
    ) -> &[(usize, f64)] {
        for &v in &self.touched {
            self.dist[v as usize] = f64::INFINITY;
            self.done[v as usize] = false;
        }
        self.touched.clear();
        self.closer.clear();
        if bound[source] <= 0.0 {
            return &self.closer;
        }
        self.dist[source] = 0.0;
        self.touched.push(source as u32);
        self.heap.clear();
        self.queue.clear();
        match uniform {
            Some(step) => {
                self.queue.push_back(source as u32);
                while let Some(v) = self.queue.pop_front() {
                    let v = v as usize;
                    let d = self.dist[v];
                    self.closer.push((v, d));
                    for &w in csr.row(v).0 {
                        let w = w as usize;
                        if self.dist[w] == f64::INFINITY && d + step < bound[w] {
                            self.dist[w] = d + step;
                            self.touched.push(w as u32);
                            self.queue.push_back(w as u32);
                        }
                    }
                }
            }
            None => {
                let mut count = 0u64;
                self.heap.push(HeapEntry {
                    dist: 0.0,
                    count,
                    pred: source,
                    node: source,
                });
                while let Some(HeapEntry {
                    dist: d, node: v, ..
                }) = self.heap.pop()
                {
                    if self.done[v] {
                        continue;
                    }
                    self.done[v] = true;
                    self.closer.push((v, d));
                    let (targets, weights) = csr.row(v);
                    for (&w, &length) in targets.iter().zip(weights) {
                        let w = w as usize;
                        let candidate = d + length;
                        if !self.done[w] && candidate < self.dist[w] && candidate < bound[w] {
                            if self.dist[w] == f64::INFINITY {
                                self.touched.push(w as u32);
                            }
                            self.dist[w] = candidate;
                            count += 1;
                            self.heap.push(HeapEntry {
                                dist: candidate,
                                count,
                                pred: v,
                                node: w,
                            });
                        }
                    }
                }
            }
        }
        &self.closer
    }

    /// The distances of the last search and the nodes it reached, in the order reached.
    pub(crate) fn view(&self) -> (&[f64], &[u32]) {
        (&self.dist, &self.touched)
    }

    /// The nodes the last search reached, in the order it reached them.
    pub(crate) fn reached(&self) -> &[u32] {
        &self.touched
    }
}
