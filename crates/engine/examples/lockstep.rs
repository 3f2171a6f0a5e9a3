//! Replications stepped in lockstep: batches of B campaigns of one course, one step of each in
//! turn (replications as the inner dimension, in loop order only), against one at a time
//! (B = 1). The checksum is that of `examples/replications` for the same arguments: each
//! replication draws from its own streams, so the order of the steps changes nothing.
//! Arguments: COA N B [FILE] (FILE: a scenario file or `ring:N`; the default scenario without it).
//! `/usr/bin/time -f %U target/release/examples/lockstep status-quo 300 64`

use cordon_engine::{Campaign, CoaPlan, Mode, NoObserver, Outcome, StreamKey};

#[path = "support/scenario.rs"]
mod scenario;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let coa = args.get(1).map_or("status-quo", String::as_str);
    let n: u64 = args.get(2).and_then(|x| x.parse().ok()).unwrap_or(100);
    let batch: u64 = args
        .get(3)
        .and_then(|x| x.parse().ok())
        .unwrap_or(64)
        .max(1);
    let s = scenario::scenario(args.get(4).map(String::as_str));
    let id = s
        .coa_by_id(coa)
        .expect("a course of action of the scenario");
    let plan = CoaPlan::new(&s, id);
    let mut sum = 0.0;
    let mut first = 0;
    while first < n {
        let reps = first..(first + batch).min(n);
        let mut campaigns: Vec<Campaign> = reps
            .map(|rep| {
                let key = StreamKey::new(s.meta().seed, rep);
                Campaign::with_plan(&s, &plan, Mode::Stochastic, key)
            })
            .collect();
        for c in &mut campaigns {
            c.begin(&mut NoObserver);
        }
        let mut running = true;
        while running {
            running = false;
            for c in campaigns.iter_mut().filter(|c| !c.finished()) {
                c.advance(&mut NoObserver).expect("runs");
                running = true;
            }
        }
        for c in &campaigns {
            let out = Outcome::from_world(&s, &c.world);
            sum += out.values().iter().filter(|x| x.is_finite()).sum::<f64>();
        }
        first += batch;
    }
    println!("{n} replications of {coa} in lockstep batches of {batch}: checksum {sum}");
}
