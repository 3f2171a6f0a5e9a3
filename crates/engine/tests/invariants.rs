//! Property tests over random variations of a scenario: no negative strengths, no effort no
//! attrition, and conservation of fighters except through stated flows.

use cordon_engine::Mode;
use proptest::prelude::*;

use crate::util::{load, run, with};

fn scenario(sanctuary: f64, lethality: f64, recruits: f64, repair: f64) -> cordon_model::Scenario {
    with(
        &load("network.toml"),
        &[
            ("region.core.sanctuary", sanctuary),
            ("engagement.core.coalition_lethality", lethality),
            ("branch.core-branch.fighters", 2000.0),
            ("adversary.repair_rate_per_day", repair),
            ("adversary.relocate_threshold", 0.005 + recruits),
        ],
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn no_negative_strengths(sanctuary in 0.0..0.9f64, lethality in 0.0..0.01f64, repair in 0.0..0.2f64, rep in 0u64..1000) {
        let s = scenario(sanctuary, lethality, 0.0, repair);
        for coa in ["press", "press-and-catch"] {
            for mode in [Mode::Stochastic, Mode::MeanField] {
                let (_, trace) = run(&s, coa, mode, rep);
                for w in &trace.states {
                    prop_assert!(w.u.iter().all(|x| x.is_finite()));
                    for r in 0..w.layout.n_regions {
                        prop_assert!(w.fighters(r) >= 0.0);
                        prop_assert!(w.engaged_in(r) >= 0.0);
                    }
                }
            }
        }
    }

    #[test]
    fn zero_coalition_effort_attrites_nothing(sanctuary in 0.0..0.9f64, rep in 0u64..1000) {
        let s = scenario(sanctuary, 0.005, 0.0, 0.02);
        let (outcome, trace) = run(&s, "idle", Mode::Stochastic, rep);
        let w = trace.states.last().unwrap();
        for r in 0..w.layout.n_regions {
            prop_assert_eq!(w.u[w.layout.kills(r)], 0.0);
        }
        prop_assert_eq!(outcome.coalition_losses, 0.0);
        prop_assert_eq!(outcome.total_fighters, 2200.0);
    }

    #[test]
    fn fighters_are_conserved_except_through_stated_flows(lethality in 0.0..0.01f64, rep in 0u64..1000) {
        // Stochastic mode draws whole fighters, so the books balance exactly.
        let s = scenario(0.0, lethality, 0.0, 0.0);
        let (_, trace) = run(&s, "press-and-catch", Mode::Stochastic, rep);
        let first = &trace.states[0];
        for w in &trace.states {
            let lay = &w.layout;
            let mut present = w.in_transit();
            let mut out = 0.0;
            let mut inflow = 0.0;
            for r in 0..lay.n_regions {
                present += w.fighters(r);
                out += w.u[lay.kills(r)];
                inflow += w.u[lay.recruits(r)];
            }
            out += w.caught.iter().sum::<f64>();
            let initial: f64 = (0..lay.n_regions).map(|r| first.fighters(r)).sum();
            prop_assert!((present + out - inflow - initial).abs() < 1e-6, "books do not balance on day {}", w.day);
        }
    }
}
