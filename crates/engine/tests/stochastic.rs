//! Stochastic mode: its mean converges to the mean field for large forces; results depend only
//! on the seed and the replication, never on the thread count or run order.

use cordon_engine::{Mode, StreamKey};
use rayon::prelude::*;

use crate::util::{check_rel, load, mean_field, run};

#[test]
fn stochastic_mean_converges_to_the_mean_field() {
    let s = load("iwo-jima.toml");
    let (_, mf) = mean_field(&s, "assault");
    let n = 200;
    let (mut a, mut j) = (0.0, 0.0);
    for rep in 0..n {
        let (_, trace) = run(&s, "assault", Mode::Stochastic, rep);
        a += trace.at(30.0).engaged_in(0);
        j += trace.at(30.0).fighters(0);
    }
    // Large forces: the standard error is tiny; the remaining gap is tau-leaping's first-order
    // step error (1% is far above both).
    check_rel("mean A(30)", a / n as f64, mf.at(30.0).engaged_in(0), 0.01);
    check_rel("mean J(30)", j / n as f64, mf.at(30.0).fighters(0), 0.01);
}

fn outcomes(threads: usize) -> Vec<Vec<u64>> {
    let s = cordon_model::default_scenario();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool");
    pool.install(|| {
        (0..6u64)
            .into_par_iter()
            .map(|rep| {
                let coa = cordon_model::CoaId::from_index((rep % 3) as usize);
                let outcome = cordon_engine::run(
                    &s,
                    coa,
                    Mode::Stochastic,
                    StreamKey::new(7, rep),
                    &mut cordon_engine::NoObserver,
                )
                .expect("runs");
                outcome.values().iter().map(|x| x.to_bits()).collect()
            })
            .collect()
    })
}

#[test]
fn same_seed_bit_identical_and_independent_of_thread_count() {
    let one = outcomes(1);
    assert_eq!(one, outcomes(1), "same seed, same bits");
    assert_eq!(one, outcomes(2), "thread count must not matter");
}

#[test]
fn different_replications_differ() {
    let s = load("iwo-jima.toml");
    let (a, _) = run(&s, "assault", Mode::Stochastic, 0);
    let (b, _) = run(&s, "assault", Mode::Stochastic, 1);
    assert_ne!(a.values(), b.values());
}
