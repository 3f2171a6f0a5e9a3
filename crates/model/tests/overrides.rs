//! `Scenario::with_values` (the fields uncertain parameters and sweeps set), the resolved TOML
//! and the hash.

use cordon_model::{Regime, Scalar, Scenario};
use expect_test::{Expect, expect};

fn default() -> Scenario {
    cordon_model::default_scenario()
}

/// Sets fields that must be rejected, and compares the rendered diagnostics.
fn check_rejected(values: &[(&str, Scalar)], expect: Expect) {
    let diagnostics = match default().with_values(values) {
        Ok(_) => panic!("{values:?} was accepted"),
        Err(diagnostics) => diagnostics,
    };
    for d in diagnostics.iter() {
        assert!(d.line >= 1 && d.column >= 1, "{d:?}");
    }
    expect.assert_eq(&diagnostics.to_string());
}

#[test]
fn sets_a_numeric_field() {
    let scenario = default()
        .with_values(&[("region.levant.sanctuary", Scalar::Num(0.4))])
        .unwrap_or_else(|d| panic!("{d}"));
    let levant = scenario.region_by_id("levant").expect("levant");
    assert_eq!(scenario.region(levant).sanctuary, 0.4);
    // Nothing else changed.
    let khorasan = scenario.region_by_id("khorasan").expect("khorasan");
    assert_eq!(
        scenario.region(khorasan).sanctuary,
        default().region(khorasan).sanctuary
    );
}

#[test]
fn sets_a_single_table_field() {
    let scenario = default()
        .with_values(&[("adversary.repair_rate_per_day", Scalar::Num(0.07))])
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(scenario.adversary().repair_rate_per_day, 0.07);
}

#[test]
fn sets_a_map_entry() {
    let scenario = default()
        .with_values(&[("actor.us.forces.levant", Scalar::Num(12345.0))])
        .unwrap_or_else(|d| panic!("{d}"));
    let us = scenario.actor(scenario.actor_by_id("us").expect("us"));
    let levant = scenario.region_by_id("levant").expect("levant");
    assert_eq!(us.forces[levant.index()], 12345.0);
}

#[test]
fn sets_an_engagement_by_its_region() {
    let scenario = default()
        .with_values(&[("engagement.levant.coalition_lethality", Scalar::Num(0.001))])
        .unwrap_or_else(|d| panic!("{d}"));
    let levant = scenario.region_by_id("levant").expect("levant");
    let engagement = scenario
        .region(levant)
        .engagement
        .as_ref()
        .expect("engagement");
    assert_eq!(engagement.coalition_lethality, 0.001);
}

#[test]
fn sets_a_regime() {
    let scenario = default()
        .with_values(&[("coa.parallel.regime", Scalar::Str("joint".into()))])
        .unwrap_or_else(|d| panic!("{d}"));
    let parallel = scenario.coa(scenario.coa_by_id("parallel").expect("parallel"));
    assert_eq!(parallel.regime, Regime::Joint);
    assert_ne!(scenario.hash(), default().hash());
}

#[test]
fn sets_several_fields_at_once() {
    let scenario = default()
        .with_values(&[
            ("region.levant.sanctuary", Scalar::Num(0.1)),
            ("actor.russia.intelligence", Scalar::Num(0.9)),
        ])
        .unwrap_or_else(|d| panic!("{d}"));
    let levant = scenario.region_by_id("levant").expect("levant");
    assert_eq!(scenario.region(levant).sanctuary, 0.1);
    let russia = scenario.actor(scenario.actor_by_id("russia").expect("russia"));
    assert_eq!(russia.intelligence, 0.9);
}

#[test]
fn no_values_is_the_same_scenario() {
    let scenario = default().with_values(&[]).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(scenario.hash(), default().hash());
}

#[test]
fn rejects_out_of_range_values() {
    check_rejected(
        &[("region.levant.sanctuary", Scalar::Num(1.5))],
        expect![[r#"
            error: `region.levant.sanctuary` = 1.5 is out of range: expected a finite number in [0, 1]
              --> <override>:1:27
              |
            1 | region.levant.sanctuary = 1.5
              |                           ^^^
              = at: region.levant.sanctuary

            <override>: 1 problem found"#]],
    );
    check_rejected(
        &[("actor.us.forces.levant", Scalar::Num(-1.0))],
        expect![[r#"
            error: `actor.us.forces.levant` = -1 is out of range: expected a finite number ≥ 0
              --> <override>:1:26
              |
            1 | actor.us.forces.levant = -1
              |                          ^^
              = at: actor.us.forces.levant

            <override>: 1 problem found"#]],
    );
    check_rejected(
        &[("actor.us.intelligence", Scalar::Num(f64::NAN))],
        expect![[r#"
            error: `actor.us.intelligence` = NaN is not a finite number: expected a finite number in [0, 1]
              --> <override>:1:25
              |
            1 | actor.us.intelligence = NaN
              |                         ^^^
              = at: actor.us.intelligence

            <override>: 1 problem found"#]],
    );
}

#[test]
fn rejects_unknown_paths() {
    check_rejected(
        &[("region.atlantis.sanctuary", Scalar::Num(0.5))],
        expect![[r#"
            error: no `region` entry with id "atlantis" for field path `region.atlantis.sanctuary`
              --> <override>:1:1
              |
            1 | region.atlantis.sanctuary = 0.5
              | ^^^^^^^^^^^^^^^^^^^^^^^^^
              = at: region.atlantis.sanctuary

            <override>: 1 problem found"#]],
    );
    check_rejected(
        &[("region.levant.sanctity", Scalar::Num(0.5))],
        expect![[r#"
        error: `region` has no key `sanctity`
          --> <override>:1:1
          |
        1 | region.levant.sanctity = 0.5
          | ^^^^^^^^^^^^^^^^^^^^^^
          = at: region.levant.sanctity
          = hint: did you mean `sanctuary`?

        <override>: 1 problem found"#]],
    );
    check_rejected(
        &[("actor.us.forces.mars", Scalar::Num(10.0))],
        expect![[r#"
        error: `actor.us.forces` has no entry `mars`
          --> <override>:1:1
          |
        1 | actor.us.forces.mars = 10
          | ^^^^^^^^^^^^^^^^^^^^
          = at: actor.us.forces.mars
          = hint: its entries are: africa, khorasan, levant

        <override>: 1 problem found"#]],
    );
    check_rejected(
        &[("scenario.horizon_days", Scalar::Num(10.0))],
        expect![[r#"
            error: `scenario` keys are not parameters: `scenario.horizon_days` cannot be uncertain or swept
              --> <override>:1:1
              |
            1 | scenario.horizon_days = 10
              | ^^^^^^^^^^^^^^^^^^^^^
              = at: scenario.horizon_days
              = hint: parameters belong to one of: outcomes, adversary, theatre, region, engagement, branch, link, support_link, actor, relation, third_party, reinforcement, coa, strategy, factor, lever

            <override>: 1 problem found"#]],
    );
    check_rejected(
        &[("sanctuary", Scalar::Num(0.5))],
        expect![[r#"
        error: `sanctuary` is not a field path
          --> <override>:1:1
          |
        1 | sanctuary = 0.5
          | ^^^^^^^^^
          = at: sanctuary
          = hint: a field path is `table.id.key` (`region.levant.sanctuary`) or `table.key` (`adversary.repair_rate_per_day`)

        <override>: 1 problem found"#]],
    );
}

#[test]
fn rejects_values_of_the_wrong_kind() {
    check_rejected(
        &[("coa.parallel.regime", Scalar::Str("solo".into()))],
        expect![[r#"
            error: "solo" is not a value of `coa.parallel.regime`: expected one of "joint", "parallel", "cross-purpose"
              --> <override>:1:23
              |
            1 | coa.parallel.regime = "solo"
              |                       ^^^^^^
              = at: coa.parallel.regime

            <override>: 1 problem found"#]],
    );
    check_rejected(
        &[("coa.parallel.regime", Scalar::Num(1.0))],
        expect![[r#"
        error: `coa.parallel.regime` takes a word, not the number 1: expected one of "joint", "parallel", "cross-purpose"
          --> <override>:1:23
          |
        1 | coa.parallel.regime = 1
          |                       ^
          = at: coa.parallel.regime

        <override>: 1 problem found"#]],
    );
    check_rejected(
        &[("region.levant.sanctuary", Scalar::Str("high".into()))],
        expect![[r#"
            error: `region.levant.sanctuary` takes a number, not the text "high": expected a finite number in [0, 1]
              --> <override>:1:27
              |
            1 | region.levant.sanctuary = "high"
              |                           ^^^^^^
              = at: region.levant.sanctuary

            <override>: 1 problem found"#]],
    );
}

/// Every bad value is reported, not only the first.
#[test]
fn reports_every_bad_value() {
    let diagnostics = default()
        .with_values(&[
            ("region.levant.sanctuary", Scalar::Num(2.0)),
            ("region.levant.sanctuary", Scalar::Num(0.5)),
            ("actor.nobody.intelligence", Scalar::Num(0.5)),
        ])
        .expect_err("two bad values");
    assert_eq!(diagnostics.len(), 2, "{diagnostics}");
}

#[test]
fn resolved_toml_reparses_to_the_same_hash() {
    let scenario = default();
    let resolved = scenario.resolved_toml();
    let reparsed = cordon_model::parse("resolved.toml", resolved.as_bytes())
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}\n\n{resolved}"));
    assert_eq!(reparsed.hash(), scenario.hash());
    assert_eq!(reparsed.resolved_toml(), resolved);
}

#[test]
fn resolved_toml_of_an_override_reparses_to_the_same_hash() {
    let scenario = default()
        .with_values(&[
            ("actor.us.forces.levant", Scalar::Num(5000.0)),
            ("coa.parallel.regime", Scalar::Str("cross-purpose".into())),
        ])
        .unwrap_or_else(|d| panic!("{d}"));
    let reparsed = cordon_model::parse("resolved.toml", scenario.resolved_toml().as_bytes())
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    assert_eq!(reparsed.hash(), scenario.hash());
    assert_ne!(reparsed.hash(), default().hash());
}

#[test]
fn resolved_toml_writes_defaults_out() {
    let minimal = "[scenario]\nname = \"m\"\nhorizon_days = 10.0\ncore_region = \"r\"\n\n\
                   [[region]]\nid = \"r\"\n\n[[coa]]\nid = \"c\"\nregime = \"joint\"\n\n\
                   [[coa.phase]]\nid = \"p\"\n";
    let scenario = cordon_model::parse("minimal.toml", minimal.as_bytes())
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let resolved = scenario.resolved_toml();
    assert!(resolved.contains("step_days = 1.0"), "{resolved}");
    assert!(resolved.contains("[adversary]"), "{resolved}");
    assert!(
        resolved.contains("repair_rate_per_day = 0.02"),
        "{resolved}"
    );
}

#[test]
fn hash_is_stable_hex() {
    let hash = default().hash();
    assert_eq!(hash.len(), 16);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(hash, default().hash());
}
