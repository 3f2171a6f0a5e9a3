//! One campaign of the default scenario over its whole horizon (1,095 daily steps), and the
//! side-by-side square-law kernel.
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

/// The side-by-side kernel of `bench/run.py`: Engel's Iwo Jima square-law battle stepped daily
/// for 1,000 days (`bench/iwo-jima-1000.toml`), one stochastic replication. The battle is
/// decided by day ~62; the quiet steps after it are skipped (`Campaign::skip_quiet_steps`;
/// `Campaign::advance`, as `run_planned`, passes over them at once since no observer wants
/// their states), so `full` (every step computed) against `quiet` is what the skipping saves.
#[divan::bench(args = ["quiet", "full"])]
fn iwo_jima_1000_days(bencher: divan::Bencher, how: &str) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../bench/iwo-jima-1000.toml"
    );
    let bytes = std::fs::read(path).expect("bench/iwo-jima-1000.toml");
    let s = cordon_model::parse("iwo-jima-1000.toml", &bytes).expect("valid");
    let plan = CoaPlan::new(&s, s.coa_by_id("assault").expect("coa"));
    let mut rep = 0u64;
    bencher.bench_local(|| {
        rep += 1;
        let key = StreamKey::new(1, rep);
        let mut c = cordon_engine::Campaign::with_plan(&s, &plan, Mode::Stochastic, key);
        c.skip_quiet_steps(how == "quiet");
        c.begin(&mut NoObserver);
        while !c.finished() {
            c.advance(&mut NoObserver).expect("runs");
        }
        c.world.u[0]
    });
}
