//! Orders given during play (`Campaign::with_orders`, `set_orders`, `step_to`): a campaign that
//! follows a course as orders is the campaign of that course, and switching orders is
//! deterministic and never changes what came before the switch.

use cordon_engine::{Campaign, Mode, NoObserver, StreamKey, run};
use cordon_model::{CoaId, Regime};

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

#[test]
fn a_joint_course_given_as_orders_is_that_course() {
    let s = cordon_model::default_scenario();
    let mut checked = 0;
    for (c, coa) in s.coas().iter().enumerate() {
        // Joint (no actor's lag) and a first phase in force from day 0: orders install it so.
        let first = &coa.phases[0];
        if coa.regime != Regime::Joint
            || first.when.is_some()
            || first.start_day.is_some_and(|d| d > 0.0)
        {
            continue;
        }
        for mode in [Mode::MeanField, Mode::Stochastic] {
            let key = StreamKey::new(s.meta().seed, 3);
            let expected = run(&s, CoaId::from_index(c), mode, key, &mut NoObserver).expect("runs");
            let mut campaign = Campaign::with_orders(&s, coa, mode, key);
            campaign
                .step_to(s.meta().horizon_days, &mut NoObserver)
                .expect("runs");
            assert_eq!(
                bits(&campaign.outcome().values()),
                bits(&expected.values()),
                "{} {mode:?}",
                coa.id
            );
            checked += 1;
        }
    }
    assert!(checked >= 2, "the default scenario has joint courses");
}

#[test]
fn switching_orders_changes_only_what_follows() {
    let s = cordon_model::default_scenario();
    let (a, b) = (&s.coas()[0], &s.coas()[s.coas().len() - 1]);
    let key = StreamKey::new(7, 0);
    let mut plain = Campaign::with_orders(&s, a, Mode::Stochastic, key);
    plain.step_to(60.0, &mut NoObserver).expect("runs");
    let at_60 = plain.world.u.clone();
    plain.step_to(120.0, &mut NoObserver).expect("runs");

    let mut switched = Campaign::with_orders(&s, a, Mode::Stochastic, key);
    switched.step_to(60.0, &mut NoObserver).expect("runs");
    assert_eq!(bits(&switched.world.u), bits(&at_60));
    switched.set_orders(b, &mut NoObserver);
    assert_eq!(switched.orders().id, b.id);
    switched.step_to(120.0, &mut NoObserver).expect("runs");
    assert_eq!(switched.world.day, 120.0);
    assert_ne!(bits(&switched.world.u), bits(&plain.world.u));

    let mut again = Campaign::with_orders(&s, a, Mode::Stochastic, key);
    again.step_to(60.0, &mut NoObserver).expect("runs");
    again.set_orders(b, &mut NoObserver);
    again.step_to(120.0, &mut NoObserver).expect("runs");
    assert_eq!(bits(&again.world.u), bits(&switched.world.u));
}

#[test]
fn new_orders_replace_the_interdiction_in_force() {
    // Two-prong isolates from day 0 (its second phase starts on day 2), the status quo
    // interdicts nothing; on day 1 both are in their first phase for every actor, so the
    // decisions cached from the phases in force must be dropped with the old orders: from then
    // on no link is degraded.
    let s = cordon_model::default_scenario();
    let course = |id: &str| {
        s.coas()
            .iter()
            .find(|c| c.id == id)
            .expect("a course of the default scenario")
    };
    let key = StreamKey::new(s.meta().seed, 0);
    let mut campaign = Campaign::with_orders(&s, course("two-prong"), Mode::MeanField, key);
    campaign.step_to(1.0, &mut NoObserver).expect("runs");
    assert_eq!(campaign.world.phase_started, [Some(0.0), None]);
    let n_links = s.links().len();
    let before: Vec<f64> = (0..n_links).map(|l| campaign.world.integrity(l)).collect();
    assert!(
        before.iter().any(|&i| i < 0.99),
        "two-prong degrades links: {before:?}"
    );
    campaign.set_orders(course("status-quo"), &mut NoObserver);
    campaign.step_to(30.0, &mut NoObserver).expect("runs");
    for (l, &i) in before.iter().enumerate() {
        assert!(
            campaign.world.integrity(l) >= i,
            "link {l}: {i} before, {} after",
            campaign.world.integrity(l)
        );
    }
}
