//! Shortest paths and maximum flow: the kernels every measure is built on.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A heap entry ordered by (distance, insertion counter), smallest first, as NetworkX's heapq.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeapEntry {
    pub(crate) dist: f64,
    pub(crate) count: u64,
    pub(crate) pred: usize,
    pub(crate) node: usize,
}

impl PartialEq for HeapEntry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for HeapEntry {}
impl PartialOrd for HeapEntry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for HeapEntry {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap.
        other
            .dist
            .total_cmp(&self.dist)
            .then_with(|| other.count.cmp(&self.count))
    }
}

/// Multi-source Dijkstra over `adj` (`(neighbour, arc index)` lists), skipping `blocked` nodes.
///
/// Returns the distance to every node slot, `f64::INFINITY` where unreachable.
pub(crate) fn distances(
    adj: &[Vec<(usize, usize)>],
    length: &dyn Fn(usize) -> f64,
    sources: &[usize],
    blocked: Option<&[bool]>,
) -> Vec<f64> {
    let n = adj.len();
    let mut dist = vec![f64::INFINITY; n];
    let mut done = vec![false; n];
    let mut heap = BinaryHeap::new();
    let mut count = 0u64;
    for &s in sources {
        dist[s] = 0.0;
        heap.push(HeapEntry {
            dist: 0.0,
            count,
            pred: s,
            node: s,
        });
        count += 1;
    }
    while let Some(HeapEntry {
        dist: d, node: v, ..
    }) = heap.pop()
    {
        if done[v] {
            continue;
        }
        done[v] = true;
        for &(w, arc) in &adj[v] {
            if done[w] || blocked.is_some_and(|b| b[w]) {
                continue;
            }
            let candidate = d + length(arc);
            if candidate < dist[w] {
                dist[w] = candidate;
                heap.push(HeapEntry {
                    dist: candidate,
                    count,
                    pred: v,
                    node: w,
                });
                count += 1;
            }
        }
    }
    dist
}

/// Residual network for Dinic's algorithm, capacities in `f64`.
pub(crate) struct FlowNetwork {
    head: Vec<usize>,
    cap: Vec<f64>,
    adj: Vec<Vec<usize>>,
}

/// Residual capacities below this are treated as zero.
const FLOW_EPS: f64 = 1e-12;

impl FlowNetwork {
    pub(crate) fn new(n: usize) -> FlowNetwork {
        FlowNetwork {
            head: Vec::new(),
            cap: Vec::new(),
            adj: vec![Vec::new(); n],
        }
    }

    /// Adds `u -> v` with capacity `forward` and `v -> u` with capacity `backward` (0 for a
    /// directed arc, the same capacity for an undirected edge).
    pub(crate) fn add(&mut self, u: usize, v: usize, forward: f64, backward: f64) {
        self.adj[u].push(self.head.len());
        self.head.push(v);
        self.cap.push(forward);
        self.adj[v].push(self.head.len());
        self.head.push(u);
        self.cap.push(backward);
    }

    /// The value of a maximum `s`–`t` flow (Dinic).
    pub(crate) fn max_flow(&mut self, s: usize, t: usize) -> f64 {
        let n = self.adj.len();
        let mut total = 0.0;
        loop {
            let mut level = vec![usize::MAX; n];
            level[s] = 0;
            let mut queue = std::collections::VecDeque::from([s]);
            while let Some(v) = queue.pop_front() {
                for &e in &self.adj[v] {
                    let w = self.head[e];
                    if self.cap[e] > FLOW_EPS && level[w] == usize::MAX {
                        level[w] = level[v] + 1;
                        queue.push_back(w);
                    }
                }
            }
            if level[t] == usize::MAX {
                return total;
            }
            let mut next = vec![0usize; n];
            total += self.blocking_flow(s, t, &mut level, &mut next);
        }
    }

    /// After [`FlowNetwork::max_flow`]: the nodes reachable from `s` in the residual network
    /// (the source side of a minimum cut).
    pub(crate) fn source_side(&self, s: usize) -> Vec<bool> {
        let mut side = vec![false; self.adj.len()];
        side[s] = true;
        let mut stack = vec![s];
        while let Some(v) = stack.pop() {
            for &e in &self.adj[v] {
                let w = self.head[e];
                if self.cap[e] > FLOW_EPS && !side[w] {
                    side[w] = true;
                    stack.push(w);
                }
            }
        }
        side
    }

    /// One blocking flow in the level graph, by iterative depth-first search (no recursion, so
    /// long paths cannot overflow the stack).
    fn blocking_flow(
        &mut self,
        s: usize,
        t: usize,
        level: &mut [usize],
        next: &mut [usize],
    ) -> f64 {
        let mut total = 0.0;
        let mut path: Vec<usize> = Vec::new();
        let mut v = s;
        loop {
            if v == t {
                if path.is_empty() {
                    return total;
                }
                let push = path
                    .iter()
                    .map(|&e| self.cap[e])
                    .fold(f64::INFINITY, f64::min);
                for &e in &path {
                    self.cap[e] -= push;
                    self.cap[e ^ 1] += push;
                }
                total += push;
                // Resume from the tail of the first saturated arc.
                let saturated = path
                    .iter()
                    .position(|&e| self.cap[e] <= FLOW_EPS)
                    .unwrap_or(0);
                path.truncate(saturated);
                v = path.last().map_or(s, |&e| self.head[e]);
                continue;
            }
            let mut advanced = false;
            while next[v] < self.adj[v].len() {
                let e = self.adj[v][next[v]];
                let w = self.head[e];
                if self.cap[e] > FLOW_EPS && level[w] == level[v] + 1 {
                    path.push(e);
                    v = w;
                    advanced = true;
                    break;
                }
                next[v] += 1;
            }
            if !advanced {
                // Dead end: drop v from the level graph and retreat.
                let Some(e) = path.pop() else { return total };
                level[v] = usize::MAX;
                v = self.head[e ^ 1];
                next[v] += 1;
            }
        }
    }
}
