//! Quiet stretches: once a step has changed nothing at all, the steps that follow it cost
//! nothing until the next scheduled day.
//!
//! A step of a campaign is a function of its state and of the calendar. When one step left the
//! whole state exactly as it found it (every continuous quantity to the bit, every flag,
//! every random stream's position, the transit pipes empty, no event emitted) and the step
//! before it did too, then every later step is the same identity as long as the calendar
//! brings nothing new: no reinforcement, no phase date or deadline, no actor's lag running out,
//! no leader arriving or succession completing, and not the last (possibly shorter) step. Such
//! steps are skipped: the day advances, the transit rings turn, the observer sees the state as
//! it would have, and the results are identical to the bit (a battle fought to the end, a
//! theatre where nothing moves any more: Engel's Iwo Jima with a 1,000-day horizon is decided
//! by day ~62 and then costs nothing).
//!
//! Nothing is assumed about the model: the check is on the state, so a mechanism added later
//! that changes anything keeps the step busy. What a step reads from the calendar is listed in
//! [`Campaign::next_scheduled`]; a new date-driven rule must be added there.

use crate::event::{Event, Observer};
use crate::world::{Posture, World};

use super::Campaign;

/// Whether the campaign is in a quiet stretch.
#[derive(Clone, Debug, Default)]
pub(super) enum Calm {
    /// The last step changed something.
    #[default]
    Busy,
    /// The last step changed nothing; `calm_aux[0]` holds the rest of its state at its end.
    Once,
    /// Two steps in a row changed nothing: the steps that end before `until` are skipped.
    Quiet { until: f64 },
}

/// The part of a campaign's state outside its continuous quantities, at the end of a step
/// (reused buffers: the step loop does not allocate).
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Aux {
    rng: Vec<u128>,
    posture: Vec<Posture>,
    flags: Vec<bool>,
    days: Vec<Option<u64>>,
    amounts: Vec<u64>,
    phases: Vec<Option<usize>>,
    leader: (Option<usize>, Option<(usize, u64)>, Option<u64>),
    concentration: Option<usize>,
}

impl Aux {
    fn fill(&mut self, c: &Campaign<'_>) {
        let w: &World = &c.world;
        self.rng.clear();
        self.rng.push(c.rngs.leader.get_word_pos());
        for rng in c
            .rngs
            .regions
            .iter()
            .chain(&c.rngs.links)
            .chain(&c.rngs.third_parties)
        {
            self.rng.push(rng.get_word_pos());
        }
        self.posture.clear();
        self.posture.extend_from_slice(&w.posture);
        self.flags.clear();
        for v in [
            &w.defeated_now,
            &w.resurged,
            &w.hostile,
            &w.severed,
            &c.trapped,
        ] {
            self.flags.extend_from_slice(v);
        }
        self.flags.push(c.leader_alive_half);
        self.flags.push(c.leader_killed_now);
        let bits = |d: &Option<f64>| d.map(f64::to_bits);
        self.days.clear();
        for v in [
            &w.defeated_on,
            &w.defeated_last,
            &w.phase_started,
            &c.actor_started,
        ] {
            self.days.extend(v.iter().map(bits));
        }
        self.amounts.clear();
        for v in [&w.arrived, &w.arrived_from_core, &w.caught] {
            self.amounts.extend(v.iter().map(|x| x.to_bits()));
        }
        self.phases.clear();
        self.phases.extend_from_slice(&c.actor_phase);
        self.leader = (
            w.leader_region,
            w.leader_transit.map(|(r, d)| (r, d.to_bits())),
            bits(&w.succession_until),
        );
        self.concentration = w.concentration;
    }
}

/// An observer that counts the events passing through it.
pub(super) struct Counting<'o> {
    pub inner: &'o mut dyn Observer,
    pub events: u64,
}

impl Observer for Counting<'_> {
    fn on_state(&mut self, world: &World) {
        self.inner.on_state(world);
    }

    fn on_event(&mut self, event: &Event) {
        self.events += 1;
        self.inner.on_event(event);
    }

    fn next_state_wanted(&self, step: usize) -> usize {
        self.inner.next_state_wanted(step)
    }
}

/// Whether two slices hold the same numbers to the bit.
fn same_bits(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

impl Campaign<'_> {
    /// Fills the buffers of the quiet check once, so that the step loop never allocates.
    pub(super) fn prime_calm(&mut self) {
        let mut aux = Aux::default();
        aux.fill(self);
        self.calm_aux = [aux.clone(), aux];
    }

    /// In a quiet stretch: skips this step (the day advances, the transit rings turn, the
    /// observer sees the state) and returns true; otherwise leaves the stretch and returns false.
    /// With `through`, goes on skipping the steps of the stretch whose states the observer does
    /// not want ([`Observer::next_state_wanted`]) and stops after the first one it wants.
    pub(super) fn skip_quiet_step(&mut self, obs: &mut dyn Observer, through: bool) -> bool {
        let Calm::Quiet { until } = self.calm else {
            return false;
        };
        if !self.skip_quiet {
            return false;
        }
        // `before` still holds the state the quiet step started from, which nothing may have
        // changed since (skipped steps change nothing, and observers only read).
        if !same_bits(&self.world.u, &self.before) {
            self.calm = Calm::Busy;
            return false;
        }
        let step_days = self.s.meta().step_days.to_bits();
        // Observers only change when they are called: asked once, the answer holds.
        let wanted = if through {
            obs.next_state_wanted(self.world.step + 1)
        } else {
            self.world.step + 1
        };
        let mut skipped_any = through && self.jump_quiet(until, wanted) > 0;
        loop {
            let dt = self.dt();
            // What the skipped step would read from the calendar lies within
            // [day, day + 2·dt] (this step, then the decisions at the start of the next).
            let quiet = dt.to_bits() == step_days && self.world.day + 2.0 * dt + 1e-6 < until;
            if !quiet {
                if !skipped_any {
                    self.calm = Calm::Busy;
                }
                return skipped_any;
            }
            self.pass_quiet(1, self.world.day + dt);
            skipped_any = true;
            if self.world.step >= wanted {
                obs.on_state(&self.world);
                return true;
            }
        }
    }

    /// Skips at once the quiet steps of the stretch that end before the step whose state is
    /// `wanted`, when the calendar is in whole days (the step length and the day whole numbers,
    /// so that `day + k·dt` is the sum the steps one by one would reach, exactly); returns how
    /// many. The last of them passes the same test as in [`Campaign::skip_quiet_step`], and the
    /// test can only turn false as the days grow, so every one before it passes too.
    fn jump_quiet(&mut self, until: f64, wanted: usize) -> usize {
        let (day, dt) = (self.world.day, self.s.meta().step_days);
        if dt <= 0.0 || dt.fract() != 0.0 || day.fract() != 0.0 {
            return 0;
        }
        // Steps that may pass unreported, and about as many as the calendar leaves quiet.
        let unreported = wanted.saturating_sub(self.world.step + 1);
        let room = ((until - 1e-6 - 2.0 * dt - day) / dt).floor() - 1.0;
        if !room.is_finite() || room < 1.0 || unreported == 0 {
            return 0;
        }
        let k = unreported.min(room.min(1e15) as usize);
        let last = day + (k - 1) as f64 * dt;
        let end = day + k as f64 * dt;
        if !(end < 9.0e15 && last + 2.0 * dt + 1e-6 < until) {
            return 0;
        }
        self.pass_quiet(k, end);
        k
    }

    /// Passes `k` quiet steps, the last ending on `day`: the transit rings (empty in a quiet
    /// stretch) turn as `k` steps would turn them, and the step count advances.
    fn pass_quiet(&mut self, k: usize, day: f64) {
        for pipe in &mut self.world.transit {
            pipe.turn(k);
        }
        self.world.step += k;
        self.world.day = day;
        self.skipped += k;
    }

    /// Whether steps that would change nothing are skipped (the default). Turning it off
    /// computes every step in full, with the same results: for tests and measurements.
    pub fn skip_quiet_steps(&mut self, on: bool) {
        self.skip_quiet = on;
    }

    /// How many steps were skipped as quiet so far.
    pub fn skipped_steps(&self) -> usize {
        self.skipped
    }

    /// After a step that started on `start` and emitted `events` events: whether it changed
    /// nothing, and whether it is the second such step in a row.
    pub(super) fn watch_calm(&mut self, start: f64, events: u64) {
        let calm = events == 0
            && same_bits(&self.world.u, &self.before)
            && self
                .world
                .transit
                .iter()
                .all(|p| p.slots.iter().all(|x| x.to_bits() == 0));
        if !calm {
            self.calm = Calm::Busy;
            return;
        }
        let mut aux = std::mem::take(&mut self.calm_aux[1]);
        aux.fill(self);
        self.calm = match self.calm {
            Calm::Once if aux == self.calm_aux[0] => Calm::Quiet {
                until: self.next_scheduled(start),
            },
            _ => Calm::Once,
        };
        self.calm_aux[1] = aux;
        self.calm_aux.swap(0, 1);
    }

    /// The first day after `after` on which the calendar changes what a step does:
    /// reinforcements (their day and the end of their window), phase dates and deadlines,
    /// an actor's lag running out, the leader's arrival, the end of a succession, the horizon.
    pub(super) fn next_scheduled(&self, after: f64) -> f64 {
        let s = self.s;
        let n_p = self.coa.phases.len();
        let reinforcements = s
            .reinforcements()
            .iter()
            .flat_map(|rf| [Some(rf.day), rf.until_day]);
        let phases = self
            .coa
            .phases
            .iter()
            .flat_map(|p| [p.start_day, p.no_later_than]);
        let lags = self.actor_started.iter().enumerate().map(|(i, t)| {
            let a = i / n_p.max(1);
            t.map(|t| t + s.actors()[a].lag_days)
        });
        let leader = [
            self.world.leader_transit.map(|(_, d)| d),
            self.world.succession_until,
        ];
        reinforcements
            .chain(phases)
            .chain(lags)
            .chain(leader)
            .flatten()
            .filter(|&d| d > after)
            .fold(s.meta().horizon_days, f64::min)
    }
}
