//! Per-step cost against the size of the world: generated scenarios of 6 to 1,000 regions
//! (a ring of fighters links with chords, command and propaganda links from the core, four
//! actors), one stochastic replication of 30 daily steps each.
//! Run: `cargo bench -p cordon-engine --bench scaling`; divide by 30 for the cost of a step.
//! `ring_scenario(n)` (in `support/ring.rs`, shared with `cordon-experiment`'s `compare` bench and
//! the `replications` example) is the generator; a scenario file of any size:
//! `cargo run --release -p cordon-engine --example replications -- --print ring:300 > ring.toml`.

use cordon_engine::{CoaPlan, Mode, NoObserver, StreamKey};

#[path = "support/ring.rs"]
mod ring;
use ring::ring_scenario;

fn main() {
    divan::main();
}

#[divan::bench(args = [6, 30, 100, 300, 1000])]
fn stochastic_30_steps(bencher: divan::Bencher, n: usize) {
    let text = ring_scenario(n);
    let s = cordon_model::parse("ring.toml", text.as_bytes()).expect("valid generated scenario");
    let plan = CoaPlan::new(&s, cordon_model::CoaId::from_index(0));
    let mut rep = 0u64;
    bencher.bench_local(|| {
        rep += 1;
        cordon_engine::run_planned(
            &s,
            &plan,
            Mode::Stochastic,
            StreamKey::new(1, rep),
            &mut NoObserver,
        )
        .expect("runs")
    });
}
