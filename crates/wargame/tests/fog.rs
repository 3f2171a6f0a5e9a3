//! Fog of war: own forces exact, the adversary estimated, the joint command's shared picture,
//! the white cell's truth.

use cordon_wargame::{Viewer, play, view};

use crate::common::{scenario, setup, three_turns};

#[test]
fn each_seat_sees_its_own_forces_and_estimates_of_the_adversary() {
    let s = scenario();
    let setup = setup();
    let played = play(&s, &setup, &three_turns(&s, &setup)).expect("plays");
    let w = &played[0].world;
    let none = [false, false, false];
    let white = view(&s, &setup, 0, w, &none, Viewer::White);
    let levant = s.region_by_id("levant").expect("levant").index();
    let truth = w.fighters(levant);
    assert_eq!(white.regions[levant].fighters.expect("seen").value, truth);
    assert!(
        white.forces.len() > 6,
        "the white cell sees every actor's forces"
    );

    let washington = view(&s, &setup, 0, w, &none, Viewer::Seat(0));
    let f = washington.regions[levant]
        .fighters
        .expect("the US sees the Levant");
    assert!(!f.exact && f.value != truth && f.low < f.value && f.value < f.high);
    assert!(
        washington
            .forces
            .iter()
            .all(|x| ["us", "nato"].contains(&s.actor(x.actor).id.as_str())),
        "a seat knows only its own forces"
    );
    let us = s.actor_by_id("us").expect("us").index();
    let exact = washington
        .forces
        .iter()
        .find(|x| x.actor.index() == us && x.region == levant)
        .expect("US forces in the Levant");
    assert_eq!(exact.engaged, w.u[w.layout.engaged(us, levant)]);
    // Baghdad (Iraq, Turkey) has no access to South-East Asia: it sees nothing there.
    let sea = s.region_by_id("southeast-asia").expect("region").index();
    let baghdad = view(&s, &setup, 0, w, &none, Viewer::Seat(2));
    assert_eq!(baghdad.regions[sea].fighters, None);
    // Two seats draw from their own streams.
    let moscow = view(&s, &setup, 0, w, &none, Viewer::Seat(1));
    assert_ne!(
        moscow.regions[levant].fighters,
        washington.regions[levant].fighters
    );
    // The same view twice is the same picture.
    assert_eq!(view(&s, &setup, 0, w, &none, Viewer::Seat(0)), washington);
}

#[test]
fn joint_command_members_share_one_pooled_picture() {
    let s = scenario();
    let setup = setup();
    let played = play(&s, &setup, &three_turns(&s, &setup)).expect("plays");
    let w = &played[1].world;
    let joint = [true, true, false];
    let a = view(&s, &setup, 1, w, &joint, Viewer::Seat(0));
    let b = view(&s, &setup, 1, w, &joint, Viewer::Seat(1));
    assert!(a.pooled && b.pooled);
    assert_eq!(a.regions, b.regions);
    assert_eq!(a.forces, b.forces, "members see each other's forces");
    let alone = view(&s, &setup, 1, w, &[false, false, false], Viewer::Seat(0));
    let levant = s.region_by_id("levant").expect("levant").index();
    assert!(a.regions[levant].quality > alone.regions[levant].quality);
}
