//! Fog of war: what one seat sees of the campaign after a turn.
//!
//! - Its own forces exactly (and, in the joint command, every member's).
//! - The adversary through estimates. In each region the seat's intelligence quality `q` is
//!   the best intelligence of its actors that may act there (in the joint command: the pooled
//!   quality `1 - Π(1 - qᵢ)` of every member's actors there); where none may act, it sees
//!   nothing. An estimate is the true value times `exp(σ·Z)` with `σ = 1 - q` and `Z` a
//!   standard normal drawn from the seat's own stream for that turn (the joint command's
//!   stream for its members, so they share one picture); the 90% range shown is
//!   `estimate · exp(∓1.645 σ)`. Link integrity is estimated the same way, additively (`σ/2`),
//!   over links touching a region the seat sees.
//! - The white cell sees the true state.
//!
//! The streams: `StreamKey(seed, 1 + turn)`, channel 0 for the joint command and `1 + seat`
//! for a seat outside it, so the pictures are reproducible and independent of the campaign's
//! own random numbers (which use replication 0).

use cordon_engine::{StreamKey, World};
use cordon_model::{ActorId, Scenario};
use rand_distr::{Distribution as _, StandardNormal};

use crate::setup::Setup;

/// Who is looking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viewer {
    /// The umpire: the true state.
    White,
    /// Seat `i` of the setup.
    Seat(usize),
}

/// A quantity as a seat knows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub value: f64,
    /// The 90% range (equal to `value` when exact).
    pub low: f64,
    pub high: f64,
    pub exact: bool,
}

impl Estimate {
    fn exact(value: f64) -> Estimate {
        Estimate {
            value,
            low: value,
            high: value,
            exact: true,
        }
    }
}

/// One region as a seat knows it.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionView {
    /// The seat's intelligence quality there (0: it sees nothing of the adversary there).
    pub quality: f64,
    /// Adversary fighters (`None`: unknown).
    pub fighters: Option<Estimate>,
    /// The branch's support base (`None`: unknown).
    pub support: Option<Estimate>,
    /// The branch's posture (fight, dormant, relocate): known where the seat sees.
    pub posture: Option<&'static str>,
    /// Whether the branch there is defeated, where the seat sees.
    pub defeated: Option<bool>,
}

/// One inter-regional link as a seat knows it.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkView {
    /// Integrity from 0 (severed) to 1 (`None`: unknown).
    pub integrity: Option<Estimate>,
}

/// Forces of one actor in one region, known exactly.
#[derive(Clone, Debug, PartialEq)]
pub struct Forces {
    pub actor: ActorId,
    pub region: usize,
    pub based: f64,
    pub engaged: f64,
    pub losses: f64,
}

/// Everything a seat sees after a turn.
#[derive(Clone, Debug, PartialEq)]
pub struct SeatView {
    pub viewer: Viewer,
    pub day: f64,
    /// Whether this is the joint command's pooled picture.
    pub pooled: bool,
    pub regions: Vec<RegionView>,
    pub links: Vec<LinkView>,
    /// The forces the seat knows exactly: its own (and the joint command's).
    pub forces: Vec<Forces>,
    /// The adversary's leadership: where it is (white cell only).
    pub leader_region: Option<usize>,
}

/// The actors whose eyes and forces the picture of `seat` (none: the white cell) is made of.
fn picture_of(
    s: &Scenario,
    setup: &Setup,
    seat: Option<usize>,
    pooled: bool,
    joint: &[bool],
) -> Vec<ActorId> {
    match seat {
        None => (0..s.actors().len()).map(ActorId::from_index).collect(),
        Some(_) if pooled => (0..setup.seats.len())
            .filter(|&j| joint.get(j).copied().unwrap_or(false))
            .flat_map(|j| setup.actors_of(s, j))
            .collect(),
        Some(i) => setup.actors_of(s, i),
    }
}

/// The intelligence quality of the picture in each region.
fn qualities(s: &Scenario, picture: &[ActorId], seat: Option<usize>, pooled: bool) -> Vec<f64> {
    let n_r = s.regions().len();
    (0..n_r)
        .map(|r| match seat {
            None => 1.0,
            Some(_) => {
                let present = picture.iter().filter(|&&a| s.actor(a).access[r]);
                if pooled {
                    1.0 - present
                        .map(|&a| 1.0 - s.actor(a).intelligence)
                        .product::<f64>()
                } else {
                    present
                        .map(|&a| s.actor(a).intelligence)
                        .fold(0.0, f64::max)
                }
            }
        })
        .collect()
}

/// The forces of the picture's actors, per region where they have any.
fn forces_of(s: &Scenario, world: &World, picture: &[ActorId]) -> Vec<Forces> {
    let lay = &world.layout;
    let n_r = s.regions().len();
    let mut forces = Vec::new();
    for &a in picture {
        for r in 0..n_r {
            let (based, engaged, losses) = (
                world.u[lay.based(a.index(), r)],
                world.u[lay.engaged(a.index(), r)],
                world.u[lay.coalition_losses(a.index(), r)],
            );
            if based > 0.0 || engaged > 0.0 || losses > 0.0 {
                forces.push(Forces {
                    actor: a,
                    region: r,
                    based,
                    engaged,
                    losses,
                });
            }
        }
    }
    forces
}

/// What `viewer` sees of `world` at the end of turn `turn`; `joint[i]` says whether seat `i`
/// was in the joint command that turn.
pub fn view(
    s: &Scenario,
    setup: &Setup,
    turn: usize,
    world: &World,
    joint: &[bool],
    viewer: Viewer,
) -> SeatView {
    let lay = &world.layout;
    let n_r = s.regions().len();
    let seat = match viewer {
        Viewer::White => None,
        Viewer::Seat(i) => Some(i),
    };
    let pooled = seat.is_some_and(|i| joint.get(i).copied().unwrap_or(false));
    // The actors whose eyes and forces the picture is made of.
    let picture = picture_of(s, setup, seat, pooled, joint);
    let quality = qualities(s, &picture, seat, pooled);
    let channel = match seat {
        Some(i) if !pooled => 1 + i as u32,
        _ => 0,
    };
    let mut rng = StreamKey::new(setup.seed, 1 + turn as u64).channel(channel);
    let mut estimate = |truth: f64, q: f64| -> Option<Estimate> {
        if seat.is_none() {
            return Some(Estimate::exact(truth));
        }
        // Drawn whatever the quality, so that one region's picture never shifts another's.
        let z: f64 = StandardNormal.sample(&mut rng);
        if q <= 0.0 {
            return None;
        }
        let sigma = 1.0 - q;
        let value = truth * (sigma * z).exp();
        Some(Estimate {
            value,
            low: value * (-1.645 * sigma).exp(),
            high: value * (1.645 * sigma).exp(),
            exact: sigma == 0.0,
        })
    };
    let mut regions = Vec::with_capacity(n_r);
    for (r, &q) in quality.iter().enumerate() {
        let fighters = estimate(world.u[lay.fighters(r)], q);
        let support = estimate(world.u[lay.support_base(r)], q);
        let sees = q > 0.0;
        regions.push(RegionView {
            quality: q,
            fighters,
            support,
            posture: sees.then(|| world.posture[r].as_str()),
            defeated: sees.then(|| world.defeated_now[r]),
        });
    }
    let mut links = Vec::with_capacity(s.links().len());
    for (l, link) in s.links().iter().enumerate() {
        let q = quality[link.from.index()].max(quality[link.to.index()]);
        let truth = world.u[lay.integrity(l)];
        let integrity = match seat {
            None => Some(Estimate::exact(truth)),
            Some(_) => {
                let z: f64 = StandardNormal.sample(&mut rng);
                (q > 0.0).then(|| {
                    let sigma = 0.5 * (1.0 - q);
                    let value = (truth + sigma * z).clamp(0.0, 1.0);
                    Estimate {
                        value,
                        low: (value - 1.645 * sigma).clamp(0.0, 1.0),
                        high: (value + 1.645 * sigma).clamp(0.0, 1.0),
                        exact: sigma == 0.0,
                    }
                })
            }
        };
        links.push(LinkView { integrity });
    }
    let forces = forces_of(s, world, &picture);
    SeatView {
        viewer,
        day: world.day,
        pooled,
        regions,
        links,
        forces,
        leader_region: if seat.is_none() {
            world.leader_region
        } else {
            None
        },
    }
}
