//! The turns of a game adjudicated by the engine.
//!
//! A turn's orders (one [`Orders`] per seat) become one course of action of one phase
//! ([`turn_course`]): the engine's tasks for every seated actor, and for the actors no seat
//! plays, the standing order (contain where they may act). The regime is joint when every seat
//! is in the joint command; otherwise cross-purpose if two rivals sit at different seats and
//! one of them is outside it, parallel if not.
//!
//! [`play`] runs the campaign from day 0 through every turn whose orders it is given, switching
//! orders at each turn's first day ([`cordon_engine::Campaign::set_orders`]). It is
//! stochastic, keyed by the game's seed alone, so the same orders give the same turns to the
//! bit: a game replays from its stored orders, and adjudicating turn k again after turn k+1's
//! orders are known gives the same state at its end.

use cordon_engine::{Campaign, EngineError, Event, Mode, Observer, Outcome, StreamKey, World};
use cordon_model::{ActorId, Coa, Phase, Regime, RelationKind, Scenario, Task, TaskKind};

use crate::orders::{Orders, Stance, accessible};
use crate::setup::Setup;

/// The state at the end of one turn.
#[derive(Clone, Debug)]
pub struct TurnResult {
    pub turn: usize,
    /// The regime the turn was played under.
    pub regime: Regime,
    /// The day the turn ended.
    pub day: f64,
    /// The world at the end of the turn.
    pub world: World,
    /// What happened during the turn (and on its first day, the decisions under its orders).
    pub events: Vec<Event>,
    /// The campaign's outcome measures if it ended now.
    pub outcome: Outcome,
}

struct Collect(Vec<Event>);

impl Observer for Collect {
    fn on_event(&mut self, event: &Event) {
        self.0.push(*event);
    }
}

/// The regime of a turn in which seat `i` is in the joint command when `joint[i]`.
pub fn regime(s: &Scenario, setup: &Setup, joint: &[bool]) -> Regime {
    if joint.iter().all(|&j| j) {
        return Regime::Joint;
    }
    let seats: Vec<Vec<ActorId>> = (0..setup.seats.len())
        .map(|i| setup.actors_of(s, i))
        .collect();
    for i in 0..seats.len() {
        for j in i + 1..seats.len() {
            if joint[i] && joint[j] {
                continue;
            }
            let rivals = seats[i].iter().any(|&a| {
                seats[j]
                    .iter()
                    .any(|&b| s.relation(a, b).kind == RelationKind::Rival)
            });
            if rivals {
                return Regime::CrossPurpose;
            }
        }
    }
    Regime::Parallel
}

/// The course of action of one turn: every seat's orders (`orders[i]` for seat `i`) as the
/// engine's tasks.
pub fn turn_course(s: &Scenario, setup: &Setup, turn: usize, orders: &[Orders]) -> Coa {
    let containment = s.strategy().containment_effort;
    let mut tasks = Vec::new();
    let joint: Vec<bool> = orders.iter().map(|o| o.joint).collect();
    for o in orders {
        for ao in &o.actors {
            let Some(a) = s.actor_by_id(&ao.actor) else {
                continue;
            };
            for (region, stance, effort) in &ao.regions {
                let Some(r) = s.region_by_id(region) else {
                    continue;
                };
                let effort = match stance {
                    Stance::Attack => *effort,
                    Stance::Contain => containment,
                    Stance::Withdraw => 0.0,
                };
                if effort > 0.0 {
                    tasks.push(Task {
                        actor: a,
                        kind: TaskKind::Attack(r),
                        effort,
                    });
                }
            }
            for (link, effort) in &ao.interdict {
                if let Some(l) = s.link_by_id(link)
                    && *effort > 0.0
                {
                    tasks.push(Task {
                        actor: a,
                        kind: TaskKind::Interdict(vec![l]),
                        effort: *effort,
                    });
                }
            }
            for (region, effort) in &ao.disrupt {
                if let Some(r) = s.region_by_id(region)
                    && *effort > 0.0
                {
                    tasks.push(Task {
                        actor: a,
                        kind: TaskKind::DisruptSupport(r),
                        effort: *effort,
                    });
                }
            }
            for (third, effort) in &ao.back {
                if let Some(g) = s.third_party_by_id(third)
                    && *effort > 0.0
                {
                    tasks.push(Task {
                        actor: a,
                        kind: TaskKind::BackProxy(g),
                        effort: *effort,
                    });
                }
            }
        }
    }
    // Actors no seat plays hold their standing order.
    for (i, _) in s.actors().iter().enumerate() {
        let a = ActorId::from_index(i);
        if setup.seat_of(s, a).is_none() {
            for r in accessible(s, a) {
                tasks.push(Task {
                    actor: a,
                    kind: TaskKind::Attack(cordon_model::RegionId::from_index(r)),
                    effort: containment,
                });
            }
        }
    }
    Coa {
        id: format!("turn-{}", turn + 1),
        name: format!("Turn {}", turn + 1),
        description: "orders given during a game".to_string(),
        regime: regime(s, setup, &joint),
        concentration_order: Vec::new(),
        phases: vec![Phase {
            id: "orders".to_string(),
            start_day: None,
            when: None,
            no_later_than: None,
            tasks,
        }],
        factors: None,
    }
}

/// Adjudicates the turns whose orders are given: `turns[k][i]` is seat `i`'s orders for turn
/// `k` (`None`: it gave none, and its orders of the turn before stand; on the first turn,
/// its standing orders). Returns one result per turn.
pub fn play(
    s: &Scenario,
    setup: &Setup,
    turns: &[Vec<Option<Orders>>],
) -> Result<Vec<TurnResult>, EngineError> {
    let n = setup.seats.len();
    let mut current: Vec<Orders> = (0..n).map(|i| Orders::standing(s, setup, i)).collect();
    let mut courses = Vec::with_capacity(turns.len());
    for (k, turn) in turns.iter().enumerate() {
        for (i, o) in turn.iter().enumerate().take(n) {
            if let Some(o) = o {
                current[i] = o.clone();
            }
        }
        courses.push(turn_course(s, setup, k, &current));
    }
    let mut results = Vec::with_capacity(turns.len());
    let Some(first) = courses.first() else {
        return Ok(results);
    };
    let key = StreamKey::new(setup.seed, 0);
    let mut campaign = Campaign::with_orders(s, first, Mode::Stochastic, key);
    let mut log = Collect(Vec::new());
    campaign.begin(&mut log);
    for (k, course) in courses.iter().enumerate() {
        if k > 0 {
            campaign.set_orders(course, &mut log);
        }
        campaign.step_to(setup.turn_end(s, k), &mut log)?;
        results.push(TurnResult {
            turn: k,
            regime: course.regime,
            day: campaign.world.day,
            world: campaign.world.clone(),
            events: std::mem::take(&mut log.0),
            outcome: campaign.outcome(),
        });
    }
    Ok(results)
}
