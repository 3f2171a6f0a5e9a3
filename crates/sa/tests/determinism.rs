//! Same seed ⇒ identical designs and indices, whatever the number of threads.

use cordon_sa::{
    BootstrapConfig, CiMethod, SobolOptions, analyze_categorical, analyze_morris, analyze_sobol,
    sample_factorial, sample_lhs, sample_morris, sample_sobol,
};

use crate::common::{eval, ishigami, space};

/// Runs `f` inside a rayon pool of `threads` threads.
fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

/// Every analysis, serialized: designs from `seed`, bootstrap from `seed + 1`.
fn everything(seed: u64) -> String {
    let ishigami_space = space("ishigami.txt");
    let cfg = BootstrapConfig {
        resamples: 200,
        seed: seed + 1,
        ..BootstrapConfig::default()
    };
    let d = sample_sobol(
        &ishigami_space,
        256,
        &SobolOptions {
            skip: 1,
            scramble: Some(seed),
        },
    )
    .unwrap();
    let sobol = analyze_sobol(&ishigami_space, &d, &eval(&d, ishigami), &cfg).unwrap();
    let d = sample_morris(&ishigami_space, 20, 4, seed).unwrap();
    let pct = BootstrapConfig {
        method: CiMethod::Percentile,
        ..cfg
    };
    let morris = analyze_morris(&ishigami_space, &d, &eval(&d, ishigami), 4, &pct).unwrap();
    let lhs = sample_lhs(&ishigami_space, 100, seed).unwrap();
    let levers = cordon_sa::ParamSpace::new(vec![
        cordon_sa::Parameter::new("c", cordon_sa::Distribution::categorical(["a", "b", "c"])),
        cordon_sa::Parameter::new("x", cordon_sa::Distribution::uniform(0.0, 1.0)),
    ])
    .unwrap();
    let d = sample_factorial(&levers, 40, seed).unwrap();
    let cat = analyze_categorical(&levers, &d, &eval(&d, |r| r[0] * r[1]), &cfg).unwrap();
    serde_json::to_string(&(sobol, morris, lhs, cat)).unwrap()
}

#[test]
fn same_seed_same_numbers() {
    assert_eq!(everything(5), everything(5));
    assert_ne!(everything(5), everything(6));
}

#[test]
fn thread_count_does_not_matter() {
    let one = on_threads(1, || everything(7));
    let two = on_threads(2, || everything(7));
    let four = on_threads(4, || everything(7));
    assert_eq!(one, two);
    assert_eq!(one, four);
}
