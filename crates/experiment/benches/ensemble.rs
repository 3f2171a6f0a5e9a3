//! Ensemble throughput: replications per second of the default scenario on 1 and 2 threads.
//!
//! `cargo bench -p cordon-experiment --bench ensemble`. Each sample runs 32 replications, one
//! per stream key, cycling through every course of action, with band recording as
//! `cordon compare` does; divan reports items (replications) per second.

use cordon_engine::{Mode, StreamKey};
use cordon_experiment::{BandLayout, NoProgress, Unit, run_units, thread_pool};
use cordon_model::CoaId;

const UNITS: u64 = 32;

fn main() {
    divan::main();
}

#[divan::bench(args = [1, 2], sample_count = 10, sample_size = 1)]
fn replications(bencher: divan::Bencher, threads: usize) {
    let s = cordon_model::default_scenario();
    let layout = BandLayout::new(&s, BandLayout::default_every_steps(&s));
    let n_coas = s.coas().len() as u64;
    let units: Vec<Unit> = (0..UNITS)
        .map(|i| Unit {
            coa: CoaId::from_index((i % n_coas) as usize),
            key: StreamKey::new(s.meta().seed, i / n_coas),
        })
        .collect();
    let pool = thread_pool(threads).expect("thread pool");
    bencher
        .counter(divan::counter::ItemsCount::new(UNITS))
        .bench(|| {
            run_units(
                &s,
                divan::black_box(&units),
                Mode::Stochastic,
                Some(&layout),
                &pool,
                &NoProgress,
            )
        });
}
