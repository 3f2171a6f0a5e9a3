//! Events and observers: how a campaign tells its story without doing I/O.
//!
//! The engine pushes every step's state and every event into an [`Observer`] the caller
//! supplies (as ripgrep's searcher pushes matches into a `Sink`). Writers of CSV and JSON lines,
//! progress bars and reports are observers that live outside the engine.

use cordon_model::{ActorId, LinkId, RegionId, ThirdPartyId};

use crate::world::World;

/// Something that happened, with the day it happened on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Event {
    pub day: f64,
    pub kind: EventKind,
}

/// What happened, with the scenario's typed handles (regions, links, actors, third parties).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EventKind {
    /// The course of action entered phase `phase` (`actor`: one actor's own timeline under
    /// parallel regimes; `None`: the whole coalition together).
    PhaseStarted {
        phase: usize,
        actor: Option<ActorId>,
    },
    /// A link's integrity fell to the severed level.
    LinkSevered { link: LinkId },
    /// A severed link was repaired above the severed level.
    LinkRestored { link: LinkId },
    /// A branch changed posture.
    PostureChanged {
        region: RegionId,
        posture: crate::world::Posture,
        threat_per_day: f64,
    },
    /// A branch wanted to relocate but every fighters link out of its region is severed.
    Trapped {
        region: RegionId,
        threat_per_day: f64,
    },
    /// Fighters that set out this step, and those of them caught in transit.
    Departed {
        link: LinkId,
        from: RegionId,
        to: RegionId,
        fighters: f64,
        caught: f64,
    },
    /// Fighters arrived from elsewhere.
    Arrived { region: RegionId, fighters: f64 },
    /// The leader set out for another region.
    LeaderMoved { from: RegionId, to: RegionId },
    /// The leader arrived.
    LeaderArrived { region: RegionId },
    /// The leader was killed (stochastic), or the leader's survival probability fell below one
    /// half (mean-field).
    LeaderKilled {
        region: Option<RegionId>,
        in_transit: bool,
    },
    /// A successor restored command.
    SuccessionComplete,
    /// A branch fell to the decisive-defeat level.
    RegionDefeated { region: RegionId },
    /// A defeated branch grew back above the resurgence level.
    Resurgence { region: RegionId },
    /// The concentration of force moved to a new region.
    ConcentrationShifted { region: RegionId },
    /// A third party turned hostile to the coalition.
    ThirdPartyHostile {
        third_party: ThirdPartyId,
        fighters: f64,
    },
    /// A third party was destroyed.
    ThirdPartyDestroyed { third_party: ThirdPartyId },
    /// At the horizon: a phase of the course of action never started (its trigger never fired
    /// for anyone).
    PhaseNeverStarted { phase: usize },
}

impl EventKind {
    /// A stable lower-case name for files (`events.jsonl`).
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::PhaseStarted { .. } => "phase_started",
            EventKind::PhaseNeverStarted { .. } => "phase_never_started",
            EventKind::LinkSevered { .. } => "link_severed",
            EventKind::LinkRestored { .. } => "link_restored",
            EventKind::PostureChanged { .. } => "posture_changed",
            EventKind::Trapped { .. } => "trapped",
            EventKind::Departed { .. } => "departed",
            EventKind::Arrived { .. } => "arrived",
            EventKind::LeaderMoved { .. } => "leader_moved",
            EventKind::LeaderArrived { .. } => "leader_arrived",
            EventKind::LeaderKilled { .. } => "leader_killed",
            EventKind::SuccessionComplete => "succession_complete",
            EventKind::RegionDefeated { .. } => "region_defeated",
            EventKind::Resurgence { .. } => "resurgence",
            EventKind::ConcentrationShifted { .. } => "concentration_shifted",
            EventKind::ThirdPartyHostile { .. } => "third_party_hostile",
            EventKind::ThirdPartyDestroyed { .. } => "third_party_destroyed",
        }
    }
}

/// Receives a campaign's states and events. Every method has a default that does nothing.
pub trait Observer {
    /// Called with the state at day 0 and after every step.
    fn on_state(&mut self, _world: &World) {}
    /// Called for every event, in order.
    fn on_event(&mut self, _event: &Event) {}
    /// The first step, from `step` on, whose state this observer needs: every step unless it
    /// says otherwise. [`run_planned`](crate::run_planned) passes over the quiet steps (see
    /// `calm.rs`) whose states no one asked for without reporting them; every event and every
    /// state asked for is reported as before, and the results are the same.
    fn next_state_wanted(&self, step: usize) -> usize {
        step
    }
}

/// An observer that ignores everything.
pub struct NoObserver;

impl Observer for NoObserver {
    fn next_state_wanted(&self, _step: usize) -> usize {
        usize::MAX
    }
}

/// An observer that keeps every event (for tests and short runs).
#[derive(Default)]
pub struct EventLog {
    pub events: Vec<Event>,
}

impl Observer for EventLog {
    fn on_event(&mut self, event: &Event) {
        self.events.push(*event);
    }

    fn next_state_wanted(&self, _step: usize) -> usize {
        usize::MAX
    }
}

impl Event {
    /// One readable sentence, with the scenario's ids.
    pub fn describe(&self, s: &cordon_model::Scenario) -> String {
        let region = |r: RegionId| s.region(r).id.as_str();
        let link = |l: LinkId| s.link(l).id.as_str();
        match self.kind {
            EventKind::PhaseStarted { phase, actor: None } => format!("phase {} begins", phase + 1),
            EventKind::PhaseStarted {
                phase,
                actor: Some(a),
            } => {
                format!(
                    "{} enters phase {} on its own timeline",
                    s.actor(a).id,
                    phase + 1
                )
            }
            EventKind::LinkSevered { link: l } => format!("link {} severed", link(l)),
            EventKind::LinkRestored { link: l } => {
                format!("link {} restored by the adversary", link(l))
            }
            EventKind::PostureChanged {
                region: r,
                posture,
                threat_per_day,
            } => match posture {
                crate::world::Posture::Relocate { link: l, .. } => format!(
                    "branch in {} relocates along {} (losing {:.2}%/day)",
                    region(r),
                    link(LinkId::from_index(l as usize)),
                    100.0 * threat_per_day
                ),
                p => format!(
                    "branch in {} turns to {} (losing {:.2}%/day)",
                    region(r),
                    p.as_str(),
                    100.0 * threat_per_day
                ),
            },
            EventKind::Trapped {
                region: r,
                threat_per_day,
            } => format!(
                "branch in {} is trapped: every route out is severed (losing {:.2}%/day)",
                region(r),
                100.0 * threat_per_day
            ),
            EventKind::Departed {
                link: l,
                from,
                to,
                fighters,
                caught,
            } => format!(
                "{fighters:.0} fighters leave {} for {} along {} ({caught:.0} caught in transit)",
                region(from),
                region(to),
                link(l)
            ),
            EventKind::Arrived {
                region: r,
                fighters,
            } => format!("{fighters:.0} fighters arrive in {}", region(r)),
            EventKind::LeaderMoved { from, to } => {
                format!("the leadership leaves {} for {}", region(from), region(to))
            }
            EventKind::LeaderArrived { region: r } => {
                format!("the leadership arrives in {}", region(r))
            }
            EventKind::LeaderKilled {
                region: r,
                in_transit,
            } => match (r, in_transit) {
                (_, true) => "the leader is killed in transit".to_string(),
                (Some(r), false) => format!("the leader is killed in {}", region(r)),
                (None, false) => "the leader is killed".to_string(),
            },
            EventKind::SuccessionComplete => "a successor restores command".to_string(),
            EventKind::RegionDefeated { region: r } => {
                format!("branch in {} decisively defeated", region(r))
            }
            EventKind::Resurgence { region: r } => format!("branch in {} resurges", region(r)),
            EventKind::ConcentrationShifted { region: r } => {
                format!("the coalition concentrates on {}", region(r))
            }
            EventKind::ThirdPartyHostile {
                third_party: g,
                fighters,
            } => format!(
                "{} ({fighters:.0} fighters) turns on the coalition",
                s.third_parties()[g.index()].id
            ),
            EventKind::ThirdPartyDestroyed { third_party: g } => {
                format!("{} is destroyed", s.third_parties()[g.index()].id)
            }
            EventKind::PhaseNeverStarted { phase } => {
                format!("phase {} never started: its trigger never fired", phase + 1)
            }
        }
    }

    /// The mechanism that caused the event, in a few words.
    pub fn cause(&self) -> &'static str {
        match self.kind {
            EventKind::PhaseStarted { .. } => "phase trigger (date or condition)",
            EventKind::LinkSevered { .. } => "interdiction effort outpaced repair",
            EventKind::LinkRestored { .. } => "adversary repair outpaced interdiction",
            EventKind::PostureChanged { .. } => "doctrine: threat against thresholds",
            EventKind::Trapped { .. } => "isolation: no open fighters link",
            EventKind::Departed { .. } => "relocation along an open link",
            EventKind::Arrived { .. } => "end of transit",
            EventKind::LeaderMoved { .. } => "leadership escapes with relocating fighters",
            EventKind::LeaderArrived { .. } => "end of transit",
            EventKind::LeaderKilled { .. } => "targeted pressure on the leadership",
            EventKind::SuccessionComplete => "succession delay elapsed",
            EventKind::RegionDefeated { .. } => "attrition below the decisive-defeat level",
            EventKind::Resurgence { .. } => "recruitment and arrivals above the resurgence level",
            EventKind::ConcentrationShifted { .. } => {
                "concentration order: previous target defeated"
            }
            EventKind::ThirdPartyHostile { .. } => {
                "third party grew past its threshold with its enemy beaten"
            }
            EventKind::ThirdPartyDestroyed { .. } => "attrition",
            EventKind::PhaseNeverStarted { .. } => "phase trigger never fired by the horizon",
        }
    }
}
