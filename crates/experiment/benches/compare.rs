//! `cordon compare` at scale: 8 replications of every course of action of a generated
//! 1,000-region scenario (`ring_scenario`, shared with `cordon-engine`'s `scaling` bench), with
//! band recording as `compare` does, on 2 threads.
//!
//! `cargo bench -p cordon-experiment --bench compare`. Its peak memory, measured with the
//! command line on the same scenario, is stated in docs/experiments.md ("Memory").

use cordon_engine::{Mode, StreamKey};
use cordon_experiment::{BandLayout, NoProgress, Unit, run_units, thread_pool};
use cordon_model::CoaId;

#[path = "../../engine/benches/support/ring.rs"]
mod ring;

const REPS: u64 = 8;

fn main() {
    divan::main();
}

#[divan::bench(args = [1000], sample_count = 3, sample_size = 1)]
fn compare_ring(bencher: divan::Bencher, regions: usize) {
    let text = ring::ring_scenario(regions);
    let s = cordon_model::parse("ring.toml", text.as_bytes()).expect("valid generated scenario");
    let layout = BandLayout::new(&s, BandLayout::default_every_steps(&s));
    let units: Vec<Unit> = (0..s.coas().len())
        .flat_map(|c| {
            (0..REPS).map(move |rep| Unit {
                coa: CoaId::from_index(c),
                key: StreamKey::new(1, rep),
            })
        })
        .collect();
    let pool = thread_pool(2).expect("thread pool");
    bencher
        .counter(divan::counter::ItemsCount::new(units.len()))
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
