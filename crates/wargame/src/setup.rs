//! A game of a scenario: seats, turn length, turns, seed.

use cordon_model::{ActorId, Scenario};
use serde::{Deserialize, Serialize};

/// One seat: a player (or a team) who orders one coalition actor or a group of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Seat {
    pub name: String,
    /// Actor ids, as in the scenario.
    pub actors: Vec<String>,
}

/// A game: its seats, how long a turn is, how many turns it has, and its seed. The white cell
/// (the umpire) is not a seat of this list: every game has one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Setup {
    pub seats: Vec<Seat>,
    pub turn_days: f64,
    pub turns: usize,
    pub seed: u64,
}

/// A setup that does not fit its scenario.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SetupError {
    #[error("the game has no seat")]
    NoSeat,
    #[error("seat {seat} has no name")]
    Unnamed { seat: usize },
    #[error("two seats are named `{name}`")]
    DuplicateName { name: String },
    #[error("seat `{seat}` has no actor")]
    EmptySeat { seat: String },
    #[error("seat `{seat}`: the scenario has no actor `{actor}`{hint}")]
    UnknownActor {
        seat: String,
        actor: String,
        hint: String,
    },
    #[error("actor `{actor}` sits at two seats (`{first}` and `{second}`)")]
    TwoSeats {
        actor: String,
        first: String,
        second: String,
    },
    #[error("turn_days {value} is out of range: from the step ({step}) to the horizon ({horizon})")]
    TurnDays { value: f64, step: f64, horizon: f64 },
    #[error("turns {value} is out of range: 1 to {max} (the horizon in turns of {turn_days} days)")]
    Turns {
        value: usize,
        max: usize,
        turn_days: f64,
    },
}

impl Setup {
    /// The default game of a scenario: one seat per coalition actor, turns of 30 days up to the
    /// horizon, the scenario's seed.
    pub fn default_for(s: &Scenario) -> Setup {
        let turn_days = 30.0_f64.min(s.meta().horizon_days);
        Setup {
            seats: s
                .actors()
                .iter()
                .map(|a| Seat {
                    name: a.name.clone(),
                    actors: vec![a.id.clone()],
                })
                .collect(),
            turn_days,
            turns: max_turns(s, turn_days),
            seed: s.meta().seed,
        }
    }

    /// Checks the setup against its scenario.
    pub fn check(&self, s: &Scenario) -> Result<(), SetupError> {
        if self.seats.is_empty() {
            return Err(SetupError::NoSeat);
        }
        let mut owner: Vec<Option<&str>> = vec![None; s.actors().len()];
        for (i, seat) in self.seats.iter().enumerate() {
            if seat.name.trim().is_empty() {
                return Err(SetupError::Unnamed { seat: i + 1 });
            }
            if self.seats[..i].iter().any(|x| x.name == seat.name) {
                return Err(SetupError::DuplicateName {
                    name: seat.name.clone(),
                });
            }
            if seat.actors.is_empty() {
                return Err(SetupError::EmptySeat {
                    seat: seat.name.clone(),
                });
            }
            for actor in &seat.actors {
                let Some(a) = s.actor_by_id(actor) else {
                    let hint =
                        cordon_model::did_you_mean(actor, s.actors().iter().map(|a| a.id.as_str()))
                            .map(|x| format!(" (did you mean `{x}`?)"))
                            .unwrap_or_default();
                    return Err(SetupError::UnknownActor {
                        seat: seat.name.clone(),
                        actor: actor.clone(),
                        hint,
                    });
                };
                if let Some(first) = owner[a.index()] {
                    return Err(SetupError::TwoSeats {
                        actor: actor.clone(),
                        first: first.to_string(),
                        second: seat.name.clone(),
                    });
                }
                owner[a.index()] = Some(&seat.name);
            }
        }
        let (step, horizon) = (s.meta().step_days, s.meta().horizon_days);
        if !(self.turn_days.is_finite() && self.turn_days >= step && self.turn_days <= horizon) {
            return Err(SetupError::TurnDays {
                value: self.turn_days,
                step,
                horizon,
            });
        }
        let max = max_turns(s, self.turn_days);
        if self.turns == 0 || self.turns > max {
            return Err(SetupError::Turns {
                value: self.turns,
                max,
                turn_days: self.turn_days,
            });
        }
        Ok(())
    }

    /// The actors of seat `seat`.
    pub fn actors_of(&self, s: &Scenario, seat: usize) -> Vec<ActorId> {
        self.seats[seat]
            .actors
            .iter()
            .filter_map(|a| s.actor_by_id(a))
            .collect()
    }

    /// The seat that plays actor `a`, if any.
    pub fn seat_of(&self, s: &Scenario, a: ActorId) -> Option<usize> {
        self.seats
            .iter()
            .position(|seat| seat.actors.iter().any(|x| s.actor_by_id(x) == Some(a)))
    }

    /// The day turn `turn` (from 0) ends.
    pub fn turn_end(&self, s: &Scenario, turn: usize) -> f64 {
        ((turn + 1) as f64 * self.turn_days).min(s.meta().horizon_days)
    }
}

/// Turns of `turn_days` days that fit in the horizon (the last may be shorter).
fn max_turns(s: &Scenario, turn_days: f64) -> usize {
    if turn_days <= 0.0 {
        return 0;
    }
    (s.meta().horizon_days / turn_days - 1e-9).ceil().max(1.0) as usize
}
