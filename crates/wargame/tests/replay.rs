//! Adjudication is a pure function of the orders: replays are identical to the bit, and a
//! turn's state does not depend on the orders that follow it.

use cordon_engine::World;
use cordon_model::Regime;
use cordon_wargame::play;

use crate::common::{scenario, setup, three_turns};

fn bits(w: &World) -> Vec<u64> {
    w.u.iter().map(|x| x.to_bits()).collect()
}

#[test]
fn replaying_the_orders_gives_every_turn_to_the_bit() {
    let s = scenario();
    let setup = setup();
    let turns = three_turns(&s, &setup);
    let a = play(&s, &setup, &turns).expect("plays");
    let b = play(&s, &setup, &turns).expect("plays");
    assert_eq!(a.len(), 3);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(bits(&x.world), bits(&y.world), "turn {}", x.turn);
        assert_eq!(x.events, y.events);
        assert_eq!(x.world.posture, y.world.posture);
    }
    assert_eq!(a[2].day, 90.0);
    // Turn by turn, as a server adjudicates when each turn's orders are in: the same states.
    for k in 1..=3 {
        let prefix = play(&s, &setup, &turns[..k]).expect("plays");
        for (x, y) in prefix.iter().zip(&a) {
            assert_eq!(bits(&x.world), bits(&y.world), "turn {} of {k}", x.turn);
        }
    }
}

#[test]
fn orders_change_the_campaign_and_the_seed_changes_the_luck() {
    let s = scenario();
    let setup = setup();
    let turns = three_turns(&s, &setup);
    let played = play(&s, &setup, &turns).expect("plays");
    let idle = play(&s, &setup, &vec![vec![None, None, None]; 3]).expect("plays");
    let levant = s.region_by_id("levant").expect("levant").index();
    assert!(
        played[2].world.fighters(levant) < idle[2].world.fighters(levant),
        "attacking leaves fewer fighters in the Levant: {} vs {}",
        played[2].world.fighters(levant),
        idle[2].world.fighters(levant)
    );
    let mut other = setup.clone();
    other.seed = 8;
    let reseeded = play(&s, &other, &turns).expect("plays");
    assert_ne!(bits(&played[2].world), bits(&reseeded[2].world));
}

#[test]
fn the_joint_command_sets_the_regime() {
    let s = scenario();
    let setup = setup();
    let played = play(&s, &setup, &three_turns(&s, &setup)).expect("plays");
    // Turn 1: the US and Russia (rivals) outside the joint command.
    assert_eq!(played[0].regime, Regime::CrossPurpose);
    // Turn 2: every seat joined; turn 3 keeps the standing orders of turn 2 for two seats and
    // Moscow's new orders leave the joint flag off.
    assert_eq!(played[1].regime, Regime::Joint);
    assert_eq!(played[2].regime, Regime::CrossPurpose);
}
