//! Centralities and key players on seeded Barabási–Albert graphs.
//!
//! Run with `cargo bench -p cordon-net --bench centrality`. Betweenness and closeness use every
//! core (rayon); set `RAYON_NUM_THREADS=1` for one thread. The graphs are the ones
//! `scripts/network_graphs.py ba N 3 1` writes in spirit (same model, another generator).

use cordon_net::keyplayer::{KeyPlayerMeasure, key_players};
use cordon_net::measures::{self, PowerOptions};
use cordon_net::{ArcSpec, NetGraph};

fn main() {
    divan::main();
}

/// SplitMix64: a tiny seeded generator, so the graphs never change with a crate version.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// An undirected Barabási–Albert graph: each new node links to `m` distinct earlier nodes
/// chosen in proportion to degree; with `lengths`, edge lengths 1..10.
fn barabasi_albert(n: usize, m: usize, lengths: bool) -> NetGraph {
    let mut rng = SplitMix64(1);
    let mut ends: Vec<usize> = Vec::new();
    let mut arcs = Vec::new();
    let mut targets: Vec<usize> = (0..m).collect();
    for v in m..n {
        for &t in &targets {
            let mut arc = ArcSpec::new(format!("n{v}"), format!("n{t}"));
            if lengths {
                arc.length = (1 + rng.next() % 10) as f64;
            }
            arcs.push(arc);
            ends.extend([v, t]);
        }
        targets.clear();
        while targets.len() < m {
            let pick = ends[(rng.next() % ends.len() as u64) as usize];
            if !targets.contains(&pick) {
                targets.push(pick);
            }
        }
    }
    let nodes = (0..n).map(|v| format!("n{v}")).collect();
    NetGraph::new(false, nodes, arcs).expect("a valid graph")
}

#[divan::bench(args = [2_000, 10_000])]
fn betweenness_unit_lengths(bencher: divan::Bencher, n: usize) {
    let graph = barabasi_albert(n, 3, false);
    bencher.bench(|| measures::betweenness(&graph));
}

#[divan::bench(args = [2_000])]
fn betweenness_lengths(bencher: divan::Bencher, n: usize) {
    let graph = barabasi_albert(n, 3, true);
    bencher.bench(|| measures::betweenness(&graph));
}

#[divan::bench(args = [2_000])]
fn closeness_unit_lengths(bencher: divan::Bencher, n: usize) {
    let graph = barabasi_albert(n, 3, false);
    bencher.bench(|| measures::closeness(&graph));
}

#[divan::bench(args = [50_000])]
fn pagerank(bencher: divan::Bencher, n: usize) {
    let graph = barabasi_albert(n, 3, false);
    bencher.bench(|| measures::pagerank_with(&graph, &PowerOptions::NETWORKX));
}

#[divan::bench(args = [200])]
fn key_players_distance_fragmentation_k2(bencher: divan::Bencher, n: usize) {
    let graph = barabasi_albert(n, 3, false);
    bencher.bench(|| key_players(&graph, 2, KeyPlayerMeasure::DistanceFragmentation));
}
