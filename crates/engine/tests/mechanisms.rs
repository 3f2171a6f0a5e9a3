//! The networked adversary and the coalition: linkages, doctrine, leadership, coordination
//! regimes and third parties (issue 4's "must show").

use cordon_engine::{EventKind, Mode, Posture};

use crate::util::{actor, load, mean_field, region, run, with};

fn departed_arrived_caught(trace: &crate::util::Trace) -> (f64, f64, f64, f64) {
    let w = trace.states.last().expect("states");
    let lay = &w.layout;
    let departed: f64 = (0..lay.n_links)
        .flat_map(|l| [lay.departed(l, 0), lay.departed(l, 1)])
        .map(|i| w.u[i])
        .sum();
    let arrived: f64 = w.arrived.iter().sum();
    let caught: f64 = w.caught.iter().sum();
    (departed, arrived, caught, w.in_transit())
}

#[test]
fn fighters_departed_equal_arrived_plus_caught_plus_in_transit() {
    let s = load("network.toml");
    for mode in [Mode::MeanField, Mode::Stochastic] {
        let (_, trace) = run(&s, "press-and-catch", mode, 3);
        let (departed, arrived, caught, transit) = departed_arrived_caught(&trace);
        assert!(
            departed > 100.0,
            "{mode:?}: the pressed core relocates ({departed} departed)"
        );
        assert!(
            caught > 0.0,
            "{mode:?}: interdiction catches some in transit"
        );
        assert!(
            (departed - arrived - caught - transit).abs() < 1e-6,
            "{mode:?}: {departed} ≠ {arrived} + {caught} + {transit}"
        );
    }
}

#[test]
fn a_fully_severed_link_carries_nothing() {
    let s = with(&load("network.toml"), &[("link.core-haven.integrity", 0.0)]);
    let (_, trace) = mean_field(&s, "press");
    let w = trace.states.last().expect("states");
    let l = s.link_by_id("core-haven").expect("link").index();
    assert_eq!(w.u[w.layout.departed(l, 0)], 0.0);
    assert_eq!(w.arrived[region(&s, "haven")], 0.0);
}

#[test]
fn with_every_inter_regional_link_severed_no_branch_relocates() {
    let s = with(
        &load("network.toml"),
        &[
            ("link.core-haven.integrity", 0.0),
            ("link.core-contested.integrity", 0.0),
        ],
    );
    for mode in [Mode::MeanField, Mode::Stochastic] {
        let (outcome, trace) = run(&s, "press", mode, 1);
        assert_eq!(outcome.escaped_from_core, 0.0);
        assert!(!trace.events.iter().any(|e| matches!(
            e.kind,
            EventKind::PostureChanged {
                posture: Posture::Relocate { .. },
                ..
            }
        )));
        // Under overwhelming threat with no way out, the branch goes dormant and says so.
        let core = region(&s, "core");
        assert!(trace.events.iter().any(
            |e| matches!(e.kind, EventKind::Trapped { region, .. } if region.index() == core)
        ));
        assert!(trace.events.iter().any(|e| matches!(e.kind, EventKind::PostureChanged { region, posture: Posture::Dormant, .. } if region.index() == core)));
    }
}

#[test]
fn a_threatened_branch_relocates_towards_the_safest_reachable_region() {
    let s = load("network.toml");
    let (outcome, trace) = mean_field(&s, "press");
    let core = region(&s, "core");
    let haven_link = s.link_by_id("core-haven").expect("link").index() as u32;
    let relocation = trace.events.iter().find_map(|e| match e.kind {
        EventKind::PostureChanged {
            region,
            posture: Posture::Relocate { link, .. },
            ..
        } if region.index() == core => Some(link),
        _ => None,
    });
    assert_eq!(
        relocation,
        Some(haven_link),
        "the haven (no coalition there) is safer than the contested region"
    );
    assert!(outcome.escaped_from_core > 0.0);
    assert!(trace.states.last().unwrap().arrived[region(&s, "haven")] > 0.0);
    assert_eq!(
        trace.states.last().unwrap().arrived[region(&s, "contested")],
        0.0
    );
}

#[test]
fn dormancy_lowers_exposure_and_activity() {
    // Same pressure, both routes severed: the adaptive branch goes dormant, the other fights.
    let trapped = with(
        &load("network.toml"),
        &[
            ("link.core-haven.integrity", 0.0),
            ("link.core-contested.integrity", 0.0),
        ],
    );
    let fight = cordon_model::parse(
        "fight.toml",
        trapped
            .resolved_toml()
            .replace("doctrine = \"adaptive\"", "doctrine = \"fight\"")
            .as_bytes(),
    )
    .expect("valid");
    let (_, dormant) = mean_field(&trapped, "press");
    let (_, fighting) = mean_field(&fight, "press");
    let core = region(&trapped, "core");
    let (d, f) = (dormant.at(10.0), fighting.at(10.0));
    assert_eq!(d.posture[core], Posture::Dormant);
    let kills = |w: &cordon_engine::World| w.u[w.layout.kills(core)];
    assert!(
        kills(d) < kills(f),
        "less exposed: {} killed vs {}",
        kills(d),
        kills(f)
    );
    assert!(
        d.coalition_losses_in(core) < f.coalition_losses_in(core),
        "less active: fewer coalition losses"
    );
    assert!(d.territory(&trapped, core) <= f.territory(&fight, core));
}

#[test]
fn a_killed_leader_weakens_command_until_succession() {
    let s = with(
        &load("network.toml"),
        &[
            ("adversary.leadership_vulnerability", 5.0),
            ("link.core-haven.integrity", 0.0),
            ("link.core-contested.integrity", 0.0),
        ],
    );
    let (_, trace) = run(&s, "press", Mode::Stochastic, 0);
    let killed = trace
        .events
        .iter()
        .find(|e| matches!(e.kind, EventKind::LeaderKilled { .. }))
        .expect("leader killed");
    let succession = trace
        .events
        .iter()
        .find(|e| matches!(e.kind, EventKind::SuccessionComplete))
        .expect("succession completes");
    assert!(
        (succession.day - killed.day - 20.0).abs() < 1.0 + 1e-9,
        "succession takes 20 days"
    );
    let during = trace.at(killed.day + 5.0).leadership_strength(&s);
    let after = trace.at(succession.day).leadership_strength(&s);
    assert!(
        (during - 0.3).abs() < 1e-9,
        "command at the succession level while it lasts ({during})"
    );
    assert_eq!(after, 1.0);
    // Mean-field: the expected command strength dips and recovers.
    let (_, mf) = mean_field(&s, "press");
    let min = mf
        .states
        .iter()
        .map(|w| w.leadership_strength(&s))
        .fold(1.0_f64, f64::min);
    assert!(min < 0.9, "expected command strength dips ({min})");
}

#[test]
fn joint_detection_beats_the_best_single_actor() {
    let s = load("coalition.toml");
    // 1 − (1 − 0.5)(1 − 0.6) = 0.8 > 0.6: more of the fire is targeted, fewer civilians die.
    let (_, joint) = mean_field(&s, "joint");
    let (_, parallel) = mean_field(&s, "parallel");
    let (j, p) = (joint.at(5.0), parallel.at(5.0));
    assert!(
        j.u[j.layout.kills(0)] > p.u[p.layout.kills(0)],
        "more kills under pooled intelligence"
    );
    assert!(
        j.u[j.layout.civilians(0)] < p.u[p.layout.civilians(0)],
        "fewer civilian casualties under pooled intelligence"
    );
}

#[test]
fn cross_purpose_friction_costs_fire() {
    let s = load("coalition.toml");
    let (_, parallel) = mean_field(&s, "parallel");
    let (_, cross) = mean_field(&s, "cross-purpose");
    let (p, c) = (parallel.at(5.0), cross.at(5.0));
    assert!(
        c.u[c.layout.kills(0)] < p.u[p.layout.kills(0)],
        "rivals' friction costs kills"
    );
}

#[test]
fn under_parallel_an_actor_cannot_interdict_outside_its_jurisdiction() {
    let s = load("network.toml");
    let l = s.link_by_id("core-haven").expect("link").index();
    // green is not in core-haven's jurisdiction (blue is).
    let jurisdiction = &s.link(cordon_model::LinkId::from_index(l)).jurisdiction;
    assert!(!jurisdiction.contains(&cordon_model::ActorId::from_index(actor(&s, "green"))));
    assert!(jurisdiction.contains(&cordon_model::ActorId::from_index(actor(&s, "blue"))));
    let (_, parallel) = mean_field(&s, "green-interdicts-parallel");
    assert_eq!(parallel.states.last().unwrap().integrity(l), 1.0);
    // In the joint regime the pooled plan acts on it through blue's jurisdiction.
    let (_, joint) = mean_field(&s, "green-interdicts-joint");
    assert!(joint.states.last().unwrap().integrity(l) < 0.05);
    assert!(
        joint
            .events
            .iter()
            .any(|e| matches!(e.kind, EventKind::LinkSevered { link } if link.index() == l))
    );
}

#[test]
fn a_third_party_past_its_threshold_attacks_the_coalition() {
    let s = load("coalition.toml");
    let (outcome, trace) = mean_field(&s, "south-alone");
    let hostile = trace
        .events
        .iter()
        .find(|e| matches!(e.kind, EventKind::ThirdPartyHostile { .. }))
        .expect("turns hostile");
    assert!(outcome.third_party_hostile[0]);
    // Before: the coalition loses soldiers only to the insurgents; after, to the militia too.
    let before = trace.at(hostile.day - 1.0);
    let after = trace.at(hostile.day + 20.0);
    let losses_per_day = |a: &cordon_engine::World, b: &cordon_engine::World| {
        (b.coalition_losses_in(0) - a.coalition_losses_in(0)) / (b.day - a.day)
    };
    let insurgents_left = after.fighters(0);
    assert!(
        insurgents_left < 60.0,
        "the insurgents are beaten when it turns ({insurgents_left})"
    );
    let rate_before = losses_per_day(trace.at(hostile.day - 2.0), before);
    let rate_after = losses_per_day(after, trace.at(hostile.day + 21.0));
    assert!(
        rate_after > 5.0,
        "the hostile militia kills coalition soldiers ({rate_after:.2} a day)"
    );
    assert!(
        rate_after > rate_before,
        "the coalition loses more soldiers a day once the militia turns ({rate_before:.2} before, {rate_after:.2} after)"
    );
}

#[test]
fn the_joint_plan_cuts_the_core_off_the_bastions() {
    // Wood's max-flow interdiction on the fighters network: the optimal cut separates the core
    // from every bastion, whatever else the budget then covers.
    let s = cordon_model::default_scenario();
    let plan = cordon_engine::CoaPlan::new(&s, s.coa_by_id("two-prong").expect("coa"));
    let cut: Vec<&str> = plan.cuts[0]
        .iter()
        .map(|&l| s.links()[l].id.as_str())
        .collect();
    // Every route out of the Levant is a fighters link to a bastion, so any cut that leaves no
    // flow contains all four (with spare budget, supersets are equally optimal: compare sets
    // only by what they must contain).
    for id in [
        "levant-khorasan-fighters",
        "levant-africa-fighters",
        "levant-europe-fighters",
        "levant-seasia-fighters",
    ] {
        assert!(cut.contains(&id), "the cut {cut:?} must contain {id}");
    }
    // Under parallel, each actor cuts only within its own jurisdiction.
    let parallel = cordon_engine::CoaPlan::new(&s, s.coa_by_id("parallel").expect("coa"));
    for &l in &parallel.cuts[0] {
        assert!(!s.links()[l].jurisdiction.is_empty());
    }
}

#[test]
fn a_journey_longer_than_the_campaign_never_arrives_and_takes_no_more_than_the_campaign() {
    // 900,000 days (within the limit of 1,000,000 steps) on a campaign of a few hundred days:
    // the pipeline holds one slot per step of the campaign, not per day of the journey.
    let s = with(
        &load("network.toml"),
        &[
            ("link.core-haven.travel_days", 900_000.0),
            ("link.core-contested.travel_days", 900_000.0),
        ],
    );
    let world = cordon_engine::World::new(&s);
    for pipe in &world.transit {
        assert!(
            pipe.slots.len() <= s.n_steps() + 2,
            "{} slots for {} steps",
            pipe.slots.len(),
            s.n_steps()
        );
    }
    for mode in [Mode::MeanField, Mode::Stochastic] {
        let (_, trace) = run(&s, "press-and-catch", mode, 3);
        let (departed, arrived, caught, transit) = departed_arrived_caught(&trace);
        assert!(departed > 100.0, "{mode:?}: {departed} departed");
        assert_eq!(arrived, 0.0, "{mode:?}: nothing arrives before the horizon");
        assert!(
            (departed - caught - transit).abs() < 1e-6,
            "{mode:?}: {departed} ≠ {caught} + {transit}"
        );
    }
}

#[test]
fn recruitment_depletes_the_support_base_only_when_asked() {
    // One region, no grievance, no disruption: recruits come from the support base alone.
    let base = with(
        &load("massacre.toml"),
        &[("engagement.valley.grievance_recruits_per_casualty", 0.0)],
    );
    let r = region(&base, "valley");
    let depleting = with(&base, &[("branch.insurgents.supporters_per_recruit", 1.0)]);
    let neutral = with(&base, &[("branch.insurgents.supporters_per_recruit", 0.0)]);
    let (_, off) = mean_field(&base, "sweep");
    let (_, zero) = mean_field(&neutral, "sweep");
    let (_, on) = mean_field(&depleting, "sweep");
    let last = |t: &crate::util::Trace| t.states.last().expect("states").clone();
    let (off, zero, on) = (last(&off), last(&zero), last(&on));
    let lay = &off.layout;
    let (s_index, rec_index) = (lay.support_base(r), lay.recruits(r));
    // Absent: the support base is a constant source; 0 per recruit is the same campaign.
    assert_eq!(off.u[s_index], 20000.0);
    assert_eq!(off.u, zero.u);
    // One supporter per recruit: the base shrinks by exactly the recruits it yielded, and
    // the smaller base yields fewer recruits.
    let recruited = on.u[rec_index];
    assert!(recruited > 100.0, "recruits {recruited}");
    crate::util::check_rel("supporters lost", 20000.0 - on.u[s_index], recruited, 1e-9);
    assert!(
        recruited < off.u[rec_index],
        "{recruited} vs {}",
        off.u[rec_index]
    );
    // Stochastic: whole supporters are lost, and the base ends below the constant source.
    let (_, trace) = run(&depleting, "sweep", Mode::Stochastic, 1);
    let w = trace.states.last().expect("states");
    assert!(w.u[s_index] < 20000.0);
    assert_eq!(w.u[s_index], w.u[s_index].round());
}
