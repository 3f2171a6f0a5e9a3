//! One campaign of the default scenario over its whole horizon (730 daily steps).
//! Run: `cargo bench -p cordon-engine`.

use cordon_engine::{CoaPlan, Mode, NoObserver, StreamKey};

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

fn main() {
    divan::main();
}

/// What an ensemble pays per replication: the interdiction plan is computed once per course of
/// action and shared by its replications.
#[divan::bench(args = ["two-prong", "status-quo"])]
fn stochastic_replication(bencher: divan::Bencher, coa: &str) {
    let s = cordon_model::default_scenario();
    let plan = CoaPlan::new(&s, s.coa_by_id(coa).expect("coa"));
    let mut rep = 0u64;
    bencher.bench_local(|| {
        rep += 1;
        let key = StreamKey::new(1, rep);
        cordon_engine::run_planned(&s, &plan, Mode::Stochastic, key, &mut NoObserver).expect("runs")
    });
}

#[divan::bench(args = ["two-prong", "status-quo"])]
fn mean_field_campaign(bencher: divan::Bencher, coa: &str) {
    let s = cordon_model::default_scenario();
    let plan = CoaPlan::new(&s, s.coa_by_id(coa).expect("coa"));
    bencher.bench_local(|| {
        let key = StreamKey::new(1, 0);
        cordon_engine::run_planned(&s, &plan, Mode::MeanField, key, &mut NoObserver).expect("runs")
    });
}

/// The interdiction plan of a course of action: max-flow interdiction MIPs (microlp), per
/// phase, pooled (joint) or per actor (parallel).
#[divan::bench(args = ["two-prong", "parallel"])]
fn interdiction_plan(bencher: divan::Bencher, coa: &str) {
    let s = cordon_model::default_scenario();
    let coa = s.coa_by_id(coa).expect("coa");
    bencher.bench_local(|| CoaPlan::new(&s, coa));
}
