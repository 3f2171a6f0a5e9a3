//! `[[lever]]`: plans as generated courses, and their `[[coa]]` snippets.

use cordon_model::{CoaId, LeverValue, Scenario, default_scenario, parse};

/// The essay's two-prong plan in the default scenario's levers (isolation, destruction, regime,
/// sequence, trigger, order).
fn two_prong(s: &Scenario) -> Vec<LeverValue> {
    let ids: Vec<&str> = s.levers().iter().map(|l| l.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "isolation",
            "destruction",
            "regime",
            "sequence",
            "trigger",
            "order"
        ]
    );
    vec![
        LeverValue::Choice(2),
        LeverValue::Choice(2),
        LeverValue::Choice(0),
        LeverValue::Choice(1),
        LeverValue::Real(0.2),
        LeverValue::Order((0..6).collect()),
    ]
}

#[test]
fn the_essays_plan_as_levers_is_the_two_prong_course() {
    let s = default_scenario();
    let plan = s.plan_coa("p", &two_prong(&s)).unwrap();
    let named = s.coas().iter().find(|c| c.id == "two-prong").unwrap();
    assert_eq!(plan.phases, named.phases);
    assert_eq!(plan.regime, named.regime);
    assert_eq!(plan.concentration_order, named.concentration_order);
    assert_eq!(
        plan.description,
        "isolation=links-and-support, destruction=concentrate, regime=joint, \
         sequence=isolate-first, trigger=0.2, order=levant>khorasan>africa>southeast-asia>south-asia>europe"
    );
}

#[test]
fn a_plan_snippet_parses_back_to_the_same_course() {
    let s = default_scenario();
    let mut values = two_prong(&s);
    values[4] = LeverValue::Real(0.1 + 0.2); // a number without a short decimal form
    values[5] = LeverValue::Order(vec![5, 4, 3, 2, 1, 0]);
    let plans = s.with_plans(&[("plan-1".into(), values)]).unwrap();
    let snippet = plans.coa_toml(CoaId::from_index(0));
    let text = format!("{}\n{snippet}", cordon_model::DEFAULT_SCENARIO_TOML);
    let back = parse("spliced.toml", text.as_bytes()).unwrap_or_else(|d| panic!("{d}\n{snippet}"));
    let coa = back.coas().iter().find(|c| c.id == "plan-1").unwrap();
    let plan = plans.coa(CoaId::from_index(0));
    assert_eq!(coa.phases, plan.phases);
    assert_eq!(coa.regime, plan.regime);
    assert_eq!(coa.concentration_order, plan.concentration_order);
}

#[test]
fn values_a_lever_cannot_take_are_refused() {
    let s = default_scenario();
    let mut values = two_prong(&s);
    values[4] = LeverValue::Real(0.9);
    assert!(s.plan_coa("p", &values).unwrap_err().contains("trigger"));
    let mut values = two_prong(&s);
    values[5] = LeverValue::Order(vec![0, 0, 1, 2, 3, 4]);
    assert!(s.plan_coa("p", &values).is_err());
    assert!(s.plan_coa("p", &values[..3]).is_err());
}
