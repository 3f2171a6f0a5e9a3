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

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, .. ProptestConfig::default() })]

    /// Any valid values of the default scenario's key parameters, anywhere in their ranges, give
    /// a campaign that runs to the horizon with finite outcomes (days that never came are NaN).
    #[test]
    fn valid_parameters_anywhere_in_range_run_cleanly(
        sanctuary in 0.0..=1.0f64,
        repair in 0.0..=1.0f64,
        relocate in 0.0..0.5f64,
        dormant in 0.0..0.5f64,
        command in 0.0..5.0f64,
        vulnerability in 0.0..10.0f64,
        succession in 0.0..200.0f64,
        lethality in 0.0..0.05f64,
        intelligence in 0.0..=1.0f64,
        finance_weight in 0.0..=1.0f64,
        rep in 0u64..1000,
    ) {
        let s = with(
            &cordon_model::default_scenario(),
            &[
                ("region.levant.sanctuary", sanctuary),
                ("adversary.repair_rate_per_day", repair),
                ("adversary.relocate_threshold", relocate),
                ("adversary.dormant_threshold", dormant),
                ("adversary.command_multiplier", command),
                ("adversary.leadership_vulnerability", vulnerability),
                ("adversary.succession_days", succession),
                ("engagement.levant.coalition_lethality", lethality),
                ("actor.us.intelligence", intelligence),
                ("adversary.finance_weight", finance_weight),
            ],
        );
        for coa in ["two-prong", "pressure-only", "cross-purpose"] {
            for mode in [Mode::Stochastic, Mode::MeanField] {
                let (outcome, _) = run(&s, coa, mode, rep);
                for (name, v) in cordon_engine::Outcome::names(&s).iter().zip(outcome.values()) {
                    prop_assert!(v.is_finite() || (v.is_nan() && name.contains("day")), "{coa} {mode:?}: {name} = {v}");
                }
            }
        }
    }
}

/// Records every actor × region slot that holds anything but +0.0 outside the cells the step
/// loop visits (`Topology::actors_in`), which it skips because they stay exactly zero.
struct OutsideCells {
    inside: Vec<Vec<bool>>,
    found: Vec<String>,
}

impl cordon_engine::Observer for OutsideCells {
    fn on_state(&mut self, w: &cordon_engine::World) {
        let lay = &w.layout;
        for r in 0..lay.n_regions {
            for a in 0..lay.n_actors {
                if self.inside[r][a] {
                    continue;
                }
                for (what, i) in [
                    ("engaged", lay.engaged(a, r)),
                    ("based", lay.based(a, r)),
                    ("losses", lay.coalition_losses(a, r)),
                ] {
                    if w.u[i].to_bits() != 0 {
                        self.found
                            .push(format!("{what}[{a}, {r}] = {} on day {}", w.u[i], w.day));
                    }
                }
            }
        }
    }
}

#[test]
fn actors_that_cannot_be_in_a_region_hold_exactly_nothing_there() {
    let scenarios = [
        cordon_model::default_scenario(),
        load("coalition.toml"),
        load("iwo-jima-reinforced.toml"),
        load("counterinsurgency.toml"),
    ];
    for s in &scenarios {
        let topo = cordon_engine::topology::Topology::new(s);
        let inside: Vec<Vec<bool>> = topo
            .actors_in
            .iter()
            .map(|here| (0..s.actors().len()).map(|a| here.contains(&a)).collect())
            .collect();
        for (c, coa) in s.coas().iter().enumerate() {
            for mode in [Mode::Stochastic, Mode::MeanField] {
                let mut obs = OutsideCells {
                    inside: inside.clone(),
                    found: Vec::new(),
                };
                let key = cordon_engine::StreamKey::new(s.meta().seed, 1);
                let id = cordon_model::CoaId::from_index(c);
                cordon_engine::run(s, id, mode, key, &mut obs).expect("campaign runs");
                assert!(
                    obs.found.is_empty(),
                    "{} / {} ({mode:?}): {:?}",
                    s.meta().name,
                    coa.id,
                    &obs.found[..obs.found.len().min(3)]
                );
            }
        }
    }
}
