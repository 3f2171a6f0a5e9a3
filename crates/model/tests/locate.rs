//! From an entity of the model back to the keys written for it (`Scenario::keys_behind`,
//! `Scenario::key_behind`): what an engine error names, at file:line:column.

use cordon_model::{Scalar, Subject};
use expect_test::expect;

#[test]
fn the_keys_behind_a_region_are_every_number_written_for_it_or_about_it() {
    let s = cordon_model::default_scenario();
    let levant = s.region_by_id("levant").expect("levant");
    let keys: Vec<String> = s
        .keys_behind(Subject::Region(levant))
        .iter()
        .map(|k| k.path.clone())
        .collect();
    for path in [
        "region.levant.population",
        "engagement.levant.coalition_lethality",
        "branch.is-core.fighters",
        "actor.us.forces.levant",
    ] {
        assert!(keys.contains(&path.to_string()), "no {path} in {keys:?}");
    }
    // Nothing about another region's own entry.
    assert!(
        !keys.iter().any(|k| k.starts_with("region.khorasan.")),
        "{keys:?}"
    );
}

#[test]
fn the_key_behind_an_overflow_is_the_most_extreme_value_with_its_location() {
    let s = cordon_model::default_scenario()
        .with_values(&[("branch.is-core.fighters", Scalar::Num(1e300))])
        .expect("valid override");
    let levant = s.region_by_id("levant").expect("levant");
    let us = s.actor_by_id("us").expect("us");
    let key = s.key_behind(Subject::ActorIn(us, levant)).expect("a key");
    expect!["`branch.is-core.fighters` = 1e300 at scenarios/levant-2017.toml:182:12"]
        .assert_eq(&key.to_string());
    let d = s.diagnostic_at(Some(&key), "a non-finite value".to_string());
    assert_eq!((d.line, d.path.as_str()), (182, "branch.is-core.fighters"));
}

#[test]
fn global_tables_are_not_behind_a_region() {
    let s = cordon_model::default_scenario();
    let levant = s.region_by_id("levant").expect("levant");
    let keys = s.keys_behind(Subject::Region(levant));
    let global = ["scenario.", "adversary.", "strategy.", "outcomes."];
    assert!(
        !keys
            .iter()
            .any(|k| global.iter().any(|g| k.path.starts_with(g))),
        "{:?}",
        keys.iter().map(|k| &k.path).collect::<Vec<_>>()
    );
    // The leadership is: `[adversary]` is what its hazard is made of.
    let leadership = s.keys_behind(Subject::Leadership);
    assert!(
        leadership
            .iter()
            .any(|k| k.path == "adversary.leadership_vulnerability")
    );
}
