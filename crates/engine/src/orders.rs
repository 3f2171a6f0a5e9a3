//! Orders given during play: a campaign re-tasked turn by turn (the seminar wargame,
//! `cordon-wargame`), rather than one driven by a course of action fixed in advance.
//!
//! The orders of a turn are a course of action built by the caller (not one of the scenario's):
//! its regime and its first phase's tasks. They are in force from the day they are installed,
//! for every actor at once (the players issue them: no trigger and no actor's lag applies to
//! the first phase); later phases, if any, follow their triggers as usual. A game is
//! [`Campaign::with_orders`], then per turn [`Campaign::step_to`] the turn's last day and
//! [`Campaign::set_orders`] the next turn's orders.
//!
//! A campaign that never switches orders behaves exactly as [`Campaign::new`] with the same
//! course: nothing here runs on the paths of `run` and `run_planned`.

use cordon_model::{Coa, Scenario};

use std::borrow::Cow;

use super::{Campaign, EngineError, Mode};
use crate::event::Observer;
use crate::outcome::Outcome;
use crate::plan::CoaPlan;
use crate::stream::StreamKey;

impl<'s> Campaign<'s> {
    /// A campaign that follows `orders` from day 0.
    pub fn with_orders(
        s: &'s Scenario,
        orders: &'s Coa,
        mode: Mode,
        key: StreamKey,
    ) -> Campaign<'s> {
        let baseline = s.meta().baseline;
        let mut campaign =
            Campaign::build(s, Cow::Owned(CoaPlan::of(s, baseline, orders)), mode, key);
        campaign.install(orders, 0.0);
        campaign
    }

    /// Steps until the campaign reaches `day` (or the horizon).
    pub fn step_to(&mut self, day: f64, obs: &mut dyn Observer) -> Result<(), EngineError> {
        self.begin(obs);
        while !self.finished() && self.world.day < day - 1e-9 {
            self.step(obs)?;
        }
        Ok(())
    }

    /// Puts `orders` in force from today and makes today's decisions again under them.
    ///
    /// Today's decisions were made under the previous orders when the last step ended, so the
    /// forces they set moving have moved one day's relaxation already; the new orders take it
    /// from there. The state reached before the switch therefore never depends on the orders
    /// that follow it, which is what lets a game be replayed turn by turn from its orders.
    pub fn set_orders(&mut self, orders: &'s Coa, obs: &mut dyn Observer) {
        self.begin(obs);
        let day = self.world.day;
        self.install(orders, day);
        if !self.finished() {
            let dt = self.dt();
            self.decide(dt, obs);
        }
    }

    /// The outcome measures as they stand now (at the horizon: the campaign's outcome).
    pub fn outcome(&self) -> Outcome {
        Outcome::from_world(self.s, &self.world)
    }

    /// The orders in force: the regime and tasks the campaign now follows.
    pub fn orders(&self) -> &Coa {
        self.coa
    }

    /// Puts `orders` in force from `day`: its first phase started on that day for every actor.
    fn install(&mut self, orders: &'s Coa, day: f64) {
        let s = self.s;
        let n_a = s.actors().len();
        let n_p = orders.phases.len();
        self.coa = orders;
        // New orders change what a step does: whatever was quiet is watched again.
        self.calm = super::calm::Calm::Busy;
        self.cache.clear();
        self.plan = Cow::Owned(CoaPlan::of(s, s.meta().baseline, orders));
        self.by_actor = orders
            .phases
            .iter()
            .map(|p| {
                (0..n_a)
                    .map(|a| {
                        (0..p.tasks.len() as u32)
                            .filter(|&i| p.tasks[i as usize].actor.index() == a)
                            .collect()
                    })
                    .collect()
            })
            .collect();
        self.world.phase_started = vec![None; n_p];
        self.actor_started = vec![None; n_a * n_p];
        if n_p > 0 {
            self.world.phase_started[0] = Some(day);
            for a in 0..n_a {
                // Started `lag` days ago, so in force today whatever the actor's lag.
                self.actor_started[a * n_p] = Some(day - s.actors()[a].lag_days);
                self.actor_phase[a] = Some(0);
            }
        } else {
            self.actor_phase.fill(None);
        }
    }
}
