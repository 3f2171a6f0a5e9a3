//! How long parsing and validating a scenario takes (target: under 5 ms for the default).
//!
//! Run with `cargo bench -p cordon-model`.

use divan::black_box;

fn main() {
    divan::main();
}

/// The embedded default scenario: TOML parsing, checking every key, resolving ids and
/// building the typed model.
#[divan::bench]
fn default_scenario() -> cordon_model::Scenario {
    let bytes = black_box(cordon_model::DEFAULT_SCENARIO_TOML.as_bytes());
    match cordon_model::parse(cordon_model::DEFAULT_SCENARIO_NAME, bytes) {
        Ok(scenario) => scenario,
        Err(diagnostics) => panic!("{diagnostics}"),
    }
}

/// An invalid scenario: the cost of collecting and placing every diagnostic.
#[divan::bench]
fn invalid_scenario() -> usize {
    let bytes = black_box(include_bytes!("../tests/invalid/many_problems.toml").as_slice());
    match cordon_model::parse("many_problems.toml", bytes) {
        Ok(_) => panic!("the corpus file parsed"),
        Err(diagnostics) => diagnostics.len(),
    }
}

/// Setting one uncertain parameter, as every run of a sweep does.
#[divan::bench]
fn with_one_value(bencher: divan::Bencher) {
    let scenario = cordon_model::default_scenario();
    bencher.bench_local(|| {
        scenario
            .with_values(black_box(&[(
                "region.levant.sanctuary",
                cordon_model::Scalar::Num(0.3),
            )]))
            .map(|s| s.hash())
    });
}
