//! A profiling harness: `N` stochastic replications of one course of action of the default
//! scenario (or of a scenario file), on one thread, with a checksum of the outcomes so that
//! nothing is optimised away. For instruction counts:
//! `valgrind --tool=callgrind target/release/examples/replications two-prong 20`.
//! Arguments: COA N [FILE] (defaults: two-prong 100, the embedded scenario); FILE `ring:300` is
//! the scaling benchmark's generated ring of 300 regions (its course is `isolate-and-press`).
//! `replications --print ring:300` prints that scenario instead (a file for `cordon`).

use cordon_engine::{CoaPlan, Mode, NoObserver, StreamKey};

#[path = "support/scenario.rs"]
mod scenario;
use scenario::{ring_scenario, scenario};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--print") {
        let ring = args.get(2).and_then(|x| x.strip_prefix("ring:"));
        let n: usize = ring.and_then(|n| n.parse().ok()).expect("--print ring:N");
        print!("{}", ring_scenario(n));
        return;
    }
    let coa = args.get(1).map_or("two-prong", String::as_str);
    let n: u64 = args.get(2).and_then(|x| x.parse().ok()).unwrap_or(100);
    let s = scenario(args.get(3).map(String::as_str));
    let id = s
        .coa_by_id(coa)
        .expect("a course of action of the scenario");
    let plan = CoaPlan::new(&s, id);
    let mut sum = 0.0;
    for rep in 0..n {
        let key = StreamKey::new(s.meta().seed, rep);
        let out = cordon_engine::run_planned(&s, &plan, Mode::Stochastic, key, &mut NoObserver)
            .expect("runs");
        sum += out.values().iter().filter(|x| x.is_finite()).sum::<f64>();
    }
    println!("{n} replications of {coa}: checksum {sum}");
}
