//! The game the tests play: three seats of the default scenario.

use cordon_model::Scenario;
use cordon_wargame::{Orders, Seat, Setup};

pub fn scenario() -> Scenario {
    cordon_model::default_scenario()
}

pub fn setup() -> Setup {
    let seat = |name: &str, actors: &[&str]| Seat {
        name: name.to_string(),
        actors: actors.iter().map(|a| a.to_string()).collect(),
    };
    Setup {
        seats: vec![
            seat("Washington", &["us", "nato"]),
            seat("Moscow", &["russia", "syria"]),
            seat("Baghdad", &["iraq", "turkey"]),
        ],
        turn_days: 30.0,
        turns: 3,
        seed: 7,
    }
}

/// Orders from form fields, which must be valid.
pub fn orders(s: &Scenario, setup: &Setup, seat: usize, fields: &[(&str, &str)]) -> Orders {
    let fields: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Orders::from_fields(s, setup, seat, &fields).unwrap_or_else(|p| panic!("{p:?}"))
}

/// Three turns of play: the seats attack, interdict, join the joint command on turn 2.
pub fn three_turns(s: &Scenario, setup: &Setup) -> Vec<Vec<Option<Orders>>> {
    let t1 = vec![
        Some(orders(
            s,
            setup,
            0,
            &[
                ("us.posture.levant", "attack"),
                ("us.effort.levant", "0.8"),
                ("us.interdict.levant-khorasan-command", "0.5"),
                ("nato.interdict.levant-europe-fighters", "0.6"),
            ],
        )),
        Some(orders(
            s,
            setup,
            1,
            &[
                ("russia.posture.levant", "attack"),
                ("russia.effort.levant", "0.5"),
            ],
        )),
        None,
    ];
    let t2 = vec![
        Some(orders(
            s,
            setup,
            0,
            &[
                ("joint", "on"),
                ("us.posture.levant", "attack"),
                ("us.effort.levant", "1"),
            ],
        )),
        Some(orders(s, setup, 1, &[("joint", "on")])),
        Some(orders(
            s,
            setup,
            2,
            &[
                ("joint", "on"),
                ("iraq.posture.levant", "attack"),
                ("iraq.effort.levant", "0.9"),
                ("iraq.disrupt.levant", "1"),
            ],
        )),
    ];
    let t3 = vec![
        None,
        Some(orders(
            s,
            setup,
            1,
            &[("russia.posture.levant", "withdraw")],
        )),
        None,
    ];
    vec![t1, t2, t3]
}
