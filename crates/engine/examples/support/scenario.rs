//! The scenario the profiling examples run: a scenario file, `ring:N` (the scaling
//! benchmark's generated ring of N regions, whose course is `isolate-and-press`), or the
//! embedded default scenario.

#[path = "../../benches/support/ring.rs"]
mod ring;
pub use ring::ring_scenario;

/// The scenario named by a command-line argument (the default scenario for `None`).
pub fn scenario(arg: Option<&str>) -> cordon_model::Scenario {
    match arg {
        Some(ring) if ring.starts_with("ring:") => {
            let n: usize = ring[5..]
                .parse()
                .expect("ring:N with N a number of regions");
            cordon_model::parse("ring.toml", ring_scenario(n).as_bytes()).expect("valid ring")
        }
        Some(path) => {
            let text = std::fs::read(path).expect("readable scenario file");
            cordon_model::parse(path, &text).expect("valid scenario")
        }
        None => cordon_model::default_scenario(),
    }
}
