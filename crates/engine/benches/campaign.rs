//! One replication of the default scenario over its whole horizon (730 daily steps, 7 courses
//! of action available; the two-pronged plan is the busiest). Run: `cargo bench -p cordon-engine`.

use cordon_engine::{Mode, NoObserver, StreamKey};

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

fn main() {
    divan::main();
}

#[divan::bench(args = ["two-prong", "status-quo"])]
fn stochastic_replication(bencher: divan::Bencher, coa: &str) {
    let s = cordon_model::default_scenario();
    let coa = s.coa_by_id(coa).expect("coa");
    let mut rep = 0u64;
    bencher.bench_local(|| {
        rep += 1;
        cordon_engine::run(
            &s,
            coa,
            Mode::Stochastic,
            StreamKey::new(1, rep),
            &mut NoObserver,
        )
        .expect("runs")
    });
}

#[divan::bench(args = ["two-prong", "status-quo"])]
fn mean_field_campaign(bencher: divan::Bencher, coa: &str) {
    let s = cordon_model::default_scenario();
    let coa = s.coa_by_id(coa).expect("coa");
    bencher.bench_local(|| {
        cordon_engine::run(
            &s,
            coa,
            Mode::MeanField,
            StreamKey::new(1, 0),
            &mut NoObserver,
        )
        .expect("runs")
    });
}
