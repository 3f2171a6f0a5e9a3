//! Cordon's campaign engine.
//!
//! A time-stepped model of one campaign of a validated [`cordon_model::Scenario`]: regional
//! attrition under four engagement laws, replenishment and grievance, the adversary's typed
//! inter-regional links and intra-regional support links, interdiction and disruption, the
//! adversary's doctrine (fight, go dormant, relocate), leadership and succession, coalition
//! actors under three coordination regimes, third parties, and phased courses of action.
//!
//! - [`run`] runs one campaign to the horizon and returns its [`Outcome`]; [`run_planned`] does
//!   the same with a [`CoaPlan`] computed once per course of action.
//! - [`Campaign`] steps one campaign at a time, for callers that watch it closely.
//! - [`Mode`] picks stochastic (integer events) or mean-field (expected values, RK4).
//! - [`StreamKey`] names one replication's random numbers.
//! - [`Observer`] receives every state and [`Event`].
//!
//! Architecture invariant: the engine does no I/O, reads no clock and no ambient randomness.
//! A run depends only on the scenario, the course of action, the mode and the stream key.
//! The equations are in `docs/model.md`.

mod campaign;
pub mod dynamics;
mod event;
pub mod grid;
mod outcome;
pub mod plan;
mod stream;
pub mod topology;
mod world;

pub use campaign::{Campaign, EngineError, Mode, run, run_planned};
pub use event::{Event, EventKind, EventLog, NoObserver, Observer};
pub use outcome::{KNIFE_EDGE, Outcome};
pub use plan::CoaPlan;
pub use stream::StreamKey;
pub use world::{Layout, Pipeline, Posture, World};
