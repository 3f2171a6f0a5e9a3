//! The engine's tests, one binary.
//!
//! - `lanchester`: mean-field laws against closed forms, invariants and published figures.
//! - `counterinsurgency`: the intelligence-driven law (Kress & Szechtman 2009, qualitative).
//! - `stochastic`: convergence of the stochastic mean to the mean field; determinism.
//! - `invariants`: property tests (no negative strengths, no effort no attrition, conservation);
//!   actors outside `Topology::actors_in` hold exactly nothing (the step loop skips them).
//! - `mechanisms`: links, doctrine, leadership, regimes, third parties.
//! - `allocation`: the step loop does not allocate.
//! - `faults`: regression tests of engine faults against exact and published results.
//! - `default_scenario`: every course of action of the essay's scenario runs and tells its story.
//! - `orders`: a campaign re-tasked during play (the wargame).

mod util;

mod allocation;
mod counterinsurgency;
mod default_scenario;
mod faults;
mod invariants;
mod lanchester;
mod mechanisms;
mod orders;
mod quiet;
mod stochastic;
