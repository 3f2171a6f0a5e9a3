//! Exploration throughput: worlds per second of the default scenario, every course of action,
//! R = 10 stochastic replications per course and world, on 1 and 2 threads; and the analysis
//! (robustness and PRIM per course) of K synthetic worlds.
//!
//! `cargo bench -p cordon-explore --bench explore`. Each sample of `worlds` runs 4 worlds (all
//! courses, 10 replications each, scenario and plan built per world as `cordon explore` does);
//! divan reports items (worlds) per second. Peak memory against K is measured on the command
//! (docs/explore.md, *Performance*), not here.

use cordon_engine::Mode;
use cordon_experiment::{Better, NoProgress};
use cordon_explore::robust::Matrix;
use cordon_explore::{Explore, Inputs, Sampler, Shard};
use cordon_model::CoaId;
use cordon_sa::PrimOptions;

const WORLDS: usize = 4;

fn main() {
    divan::main();
}

#[divan::bench(args = [1, 2], sample_count = 5, sample_size = 1)]
fn worlds(bencher: divan::Bencher, threads: usize) {
    let s = cordon_model::default_scenario();
    let explore = Explore {
        scenario: &s,
        coas: (0..s.coas().len()).map(CoaId::from_index).collect(),
        worlds: WORLDS,
        sampler: Sampler::Lhs,
        reps: 10,
        seed: s.meta().seed,
        mode: Mode::Stochastic,
        threads,
        shard: Shard::WHOLE,
    };
    let prep = cordon_explore::prepare(&explore).expect("prepared");
    bencher
        .counter(divan::counter::ItemsCount::new(WORLDS))
        .bench(|| {
            let mut n = 0;
            cordon_explore::run(&prep, 0..WORLDS, &NoProgress, &mut |r| {
                n += r.len();
                Ok(())
            })
            .expect("ran");
            divan::black_box(n)
        });
}

/// K worlds of 8 parameters, 5 courses whose metric depends on two of them.
fn synthetic(k: usize) -> Inputs {
    let worlds: Vec<Vec<f64>> = (0..k)
        .map(|w| {
            (0..8)
                .map(|j| ((w * (2 * j + 7) + 3 * j) % k) as f64 / k as f64)
                .collect()
        })
        .collect();
    let values = worlds
        .iter()
        .flat_map(|x| (0..5).map(move |c| (x[0] - 0.2 * c as f64).abs() + x[1] * c as f64))
        .collect();
    Inputs {
        courses: (0..5).map(|c| format!("c{c}")).collect(),
        parameters: (0..8).map(|j| format!("p{j}")).collect(),
        categories: vec![None; 8],
        worlds,
        metrics: vec![("m".into(), Better::Lower, Matrix { courses: 5, values })],
        thresholds: Vec::new(),
        prim: PrimOptions::default(),
    }
}

#[divan::bench(args = [1000, 10000], sample_count = 3, sample_size = 1)]
fn analysis(bencher: divan::Bencher, k: usize) {
    let inputs = synthetic(k);
    bencher
        .counter(divan::counter::ItemsCount::new(k))
        .bench(|| cordon_explore::analyze(divan::black_box(&inputs)).expect("analysed"));
}
