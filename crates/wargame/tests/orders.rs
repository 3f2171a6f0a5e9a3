//! Order validation: every problem at once, each naming its field.

use cordon_wargame::{Orders, Setup};
use expect_test::{Expect, expect};

use crate::common::{scenario, setup};

fn check(fields: &[(&str, &str)], expected: Expect) {
    let s = scenario();
    let setup = setup();
    let fields: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let text = match Orders::from_fields(&s, &setup, 0, &fields) {
        Ok(_) => "accepted\n".to_string(),
        Err(problems) => problems.iter().map(|p| format!("{p}\n")).collect(),
    };
    expected.assert_eq(&text);
}

#[test]
fn valid_orders_are_accepted() {
    check(
        &[
            ("_csrf", "x"),
            ("joint", "on"),
            ("us.posture.levant", "attack"),
            ("us.effort.levant", "0.7"),
            ("us.interdict.levant-khorasan-command", "0.5"),
            ("us.disrupt.levant", ""),
            ("nato.posture.africa", "withdraw"),
        ],
        expect![[r#"
            accepted
        "#]],
    );
}

#[test]
fn out_of_range_and_beyond_means() {
    check(
        &[
            ("us.posture.levant", "attack"),
            ("us.effort.levant", "1.5"),
            ("us.interdict.levant-khorasan-command", "0.7"),
            ("us.interdict.levant-khorasan-finance", "0.6"),
            ("nato.back.taliban", "-1"),
            ("us.effort.khorasan", "lots"),
        ],
        expect![[r#"
            us.effort.khorasan: `lots` is not a number
            us.effort.levant: 1.5 is out of range: 0 to 1
            us.interdict: the interdiction shares sum to 1.3, beyond the whole capacity (1)
            nato.back.taliban: -1 is out of range: 0 to 1
        "#]],
    );
}

#[test]
fn access_jurisdiction_and_names() {
    check(
        &[
            ("russia.posture.levant", "attack"),
            ("us.posture.levnt", "attack"),
            ("us.posture.khorasan", "hold"),
            ("us.interdict.levant-africa-fighters", "0.2"),
            ("nato.disrupt.south-asia", "0.5"),
            ("us.bomb.levant", "1"),
            ("hello", "1"),
            ("joint", "maybe"),
        ],
        expect![[r#"
            russia.posture.levant: `russia` is not an actor of this seat (did you mean `us`?)
            us.posture.khorasan: `hold` is not a posture: attack, contain or withdraw
            us.bomb.levant: `bomb` is not an order: posture, effort, interdict, disrupt or back
            hello: not an order field (ACTOR.posture|effort|interdict|disrupt|back.TARGET)
            joint: `maybe` is not a choice: `on` or `off`
            us.posture.levnt: the scenario has no region `levnt` (did you mean `levant`?)
            us.interdict.levant-africa-fighters: link `levant-africa-fighters` is outside United States's jurisdiction
            nato.disrupt.south-asia: no support network of South Asia (India, Bangladesh) is in NATO allies (UK, France, others)'s jurisdiction
        "#]],
    );
}

#[test]
fn a_bad_setup_says_what() {
    let s = scenario();
    let mut bad = setup();
    bad.seats[1].actors.push("us".into());
    assert_eq!(
        bad.check(&s).unwrap_err().to_string(),
        "actor `us` sits at two seats (`Washington` and `Moscow`)"
    );
    let mut bad = setup();
    bad.seats[0].actors[0] = "usa".into();
    assert_eq!(
        bad.check(&s).unwrap_err().to_string(),
        "seat `Washington`: the scenario has no actor `usa` (did you mean `us`?)"
    );
    let mut bad = setup();
    bad.turns = 40;
    assert_eq!(
        bad.check(&s).unwrap_err().to_string(),
        "turns 40 is out of range: 1 to 37 (the horizon in turns of 30 days)"
    );
    assert_eq!(setup().check(&s), Ok(()));
    assert_eq!(Setup::default_for(&s).check(&s), Ok(()));
}
