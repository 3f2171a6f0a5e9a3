//! From the checked document tree to the typed [`Scenario`], with the checks that involve
//! several keys (one branch per region, phases well ordered, tasks that fit their kind, …).

use crate::read::{Namespaces, Reader, Tbl, Val, fmt_num};
use crate::scenario::*;
use crate::spec::{self, Ns, Ty, Word};

pub(crate) fn build(r: &mut Reader<'_>, doc: &Tbl, ns: &Namespaces) -> Scenario {
    let b = Builder { ns };
    let meta = build_meta(r, &b, &table_or_defaults(doc, "scenario", &spec::SCENARIO));
    let outcomes = build_outcomes(&table_or_defaults(doc, "outcomes", &spec::OUTCOMES));
    let adversary = build_adversary(
        r,
        &b,
        &table_or_defaults(doc, "adversary", &spec::ADVERSARY),
    );
    let theatres = build_theatres(&b, doc);
    let mut regions = build_regions(&b, doc);
    build_engagements(r, &b, doc, &mut regions);
    let branches = build_branches(r, &b, doc, &mut regions);
    let links = doc
        .tables("link")
        .iter()
        .map(|t| build_link(r, &b, t))
        .collect();
    let support_links = doc
        .tables("support_link")
        .iter()
        .map(|t| build_support_link(r, &b, t, &regions))
        .collect::<Vec<_>>();
    let actors: Vec<Actor> = doc
        .tables("actor")
        .iter()
        .map(|t| build_actor(r, &b, t))
        .collect();
    let relations = build_relations(r, &b, doc);
    let third_parties: Vec<ThirdParty> = doc
        .tables("third_party")
        .iter()
        .map(|t| build_third_party(r, &b, t))
        .collect();
    let reinforcements: Vec<Reinforcement> = doc
        .tables("reinforcement")
        .iter()
        .filter_map(|t| build_reinforcement(r, &b, t, &actors))
        .collect();
    let mut coas: Vec<Coa> = doc
        .tables("coa")
        .iter()
        .map(|t| build_coa(r, &b, t, &actors))
        .collect();
    let strategy = crate::strategy_build::build_strategy(r, &b, doc);
    let factors = crate::strategy_build::build_factors(r, doc);
    let based = crate::strategy_build::based_regions(&actors, &reinforcements);
    crate::strategy_build::generate_coas(
        r,
        doc,
        &mut coas,
        &strategy,
        &crate::strategy::Base {
            actors: &actors,
            support_links: &support_links,
            based,
        },
    );
    let levers = crate::lever::build_levers(
        r,
        doc,
        &crate::lever::LeverContext {
            strategy: &strategy,
            actor_ids: actors.iter().map(|a| a.id.clone()).collect(),
            region_ids: regions.iter().map(|x| x.id.clone()).collect(),
            third_party_ids: third_parties
                .iter()
                .map(|g: &ThirdParty| g.id.clone())
                .collect(),
        },
    );
    check_leadership(r, doc, &adversary, &regions);
    let uncertain = build_uncertainties(r, doc);
    Scenario {
        meta,
        outcomes,
        adversary,
        theatres,
        regions,
        branches,
        links,
        support_links,
        actors,
        relations,
        third_parties,
        reinforcements,
        coas,
        uncertain,
        strategy,
        factors,
        levers,
        doc: doc.clone(),
        source: None,
    }
}

/// A top-level table as read, or its defaults: a missing or rejected table was reported, and
/// its defaults stand in for it.
fn table_or_defaults(doc: &Tbl, key: &str, spec: &'static spec::TableSpec) -> Tbl {
    doc.table(key)
        .cloned()
        .unwrap_or_else(|| Tbl::defaults(spec, key.to_string()))
}

/// `[scenario]`, with the clock's checks.
fn build_meta(r: &mut Reader<'_>, b: &Builder<'_>, sc: &Tbl) -> Meta {
    let (step_days, horizon_days) = checked_clock(r, sc);
    Meta {
        name: sc.str("name").to_string(),
        description: sc.str("description").to_string(),
        start_date: sc.opt_str("start_date").map(str::to_string),
        step_days,
        horizon_days,
        seed: sc.int("seed").max(0) as u64,
        core_region: b.region(sc.opt_str("core_region")).unwrap_or(RegionId(0)),
        baseline: b.coa(sc.opt_str("baseline")).unwrap_or(CoaId(0)),
    }
}

/// `step_days` and `horizon_days`, checked against each other.
fn checked_clock(r: &mut Reader<'_>, sc: &Tbl) -> (f64, f64) {
    // A missing or rejected clock was reported: its checks and values then mean nothing.
    let (step_days, horizon_days) = match (sc.opt_num("step_days"), sc.opt_num("horizon_days")) {
        (Some(step), Some(horizon)) => (step, horizon),
        _ => (f64::NAN, f64::NAN),
    };
    if step_days > horizon_days {
        let d = r.error(
            sc.span_of("step_days"),
            &sc.path_of("step_days"),
            format!(
                "`step_days` = {} is longer than `horizon_days` = {}",
                fmt_num(step_days),
                fmt_num(horizon_days)
            ),
        );
        *d = d
            .clone()
            .expected("step_days ≤ horizon_days")
            .hint("a campaign must last at least one step");
    }
    if horizon_days / step_days > 1.0e6 {
        let d = r.error(
            sc.span_of("horizon_days"),
            &sc.path_of("horizon_days"),
            format!(
                "{} steps per campaign is too many",
                fmt_num((horizon_days / step_days).ceil())
            ),
        );
        *d = d
            .clone()
            .expected("at most 1,000,000 steps (horizon_days / step_days)")
            .hint("lengthen `step_days` or shorten `horizon_days`");
    }
    (step_days, horizon_days)
}

fn build_outcomes(oc: &Tbl) -> OutcomeRules {
    OutcomeRules {
        decisive_defeat_fraction: oc.num("decisive_defeat_fraction"),
        resurgence_fraction: oc.num("resurgence_fraction"),
        severed_integrity: oc.num("severed_integrity"),
    }
}

fn build_adversary(r: &mut Reader<'_>, b: &Builder<'_>, t: &Tbl) -> Adversary {
    Adversary {
        name: t.str("name").to_string(),
        doctrine: word(r, t, "doctrine"),
        leadership_region: b.region(t.opt_str("leadership_region")),
        succession_days: t.num("succession_days"),
        leadership_vulnerability: t.num("leadership_vulnerability"),
        succession_command: t.num("succession_command"),
        command_multiplier: t.num("command_multiplier"),
        repair_rate_per_day: t.num("repair_rate_per_day"),
        relocate_threshold: t.num("relocate_threshold"),
        dormant_threshold: t.num("dormant_threshold"),
        dormant_exposure: t.num("dormant_exposure"),
        dormant_activity: t.num("dormant_activity"),
        relocate_fraction_per_day: t.num("relocate_fraction_per_day"),
        finance_half_musd: t.num("finance_half_musd"),
        finance_weight: t.num("finance_weight"),
        upkeep_usd_per_fighter_day: t.num("upkeep_usd_per_fighter_day"),
    }
}

fn build_theatres(b: &Builder<'_>, doc: &Tbl) -> Vec<Theatre> {
    doc.tables("theatre")
        .iter()
        .map(|t| Theatre {
            id: t.str("id").to_string(),
            name: t.str("name").to_string(),
            leads: b.actors(&t.strs("leads")),
        })
        .collect()
}

/// The regions, without their engagements and branches (declared in their own tables).
fn build_regions(b: &Builder<'_>, doc: &Tbl) -> Vec<Region> {
    doc.tables("region")
        .iter()
        .map(|t| Region {
            id: t.str("id").to_string(),
            name: t.str("name").to_string(),
            theatre: b.theatre(t.opt_str("theatre")),
            territory_km2: t.num("territory_km2"),
            population: t.num("population"),
            sanctuary: t.num("sanctuary"),
            territory_elasticity: t.num("territory_elasticity"),
            engagement: None,
            branch: None,
        })
        .collect()
}

/// Puts each `[[engagement]]` into its region, one per region.
fn build_engagements(r: &mut Reader<'_>, b: &Builder<'_>, doc: &Tbl, regions: &mut [Region]) {
    // Where each region's engagement was declared, for "first declared at" hints.
    let mut engagement_at = vec![0; b.n_regions()];
    for t in doc.tables("engagement") {
        let Some(region) = b.region(t.opt_str("region")) else {
            continue;
        };
        let Some(slot) = regions.get_mut(region.index()) else {
            continue;
        };
        if slot.engagement.is_some() {
            let first = r.location(engagement_at[region.index()]);
            r.error(
                t.span_of("region"),
                &t.path_of("region"),
                format!("region \"{}\" already has an engagement", slot.id),
            )
            .hint = Some(format!(
                "the first is at {first}; declare one `[[engagement]]` per region"
            ));
            continue;
        }
        engagement_at[region.index()] = t.span_of("region").start;
        slot.engagement = Some(Engagement {
            law: word(r, t, "law"),
            coalition_lethality: t.num("coalition_lethality"),
            adversary_lethality: t.num("adversary_lethality"),
            targeting_half_fighters: t.num("targeting_half_fighters"),
            grievance_recruits_per_casualty: t.num("grievance_recruits_per_casualty"),
            grievance_support_per_casualty: t.num("grievance_support_per_casualty"),
        });
    }
}

/// The adversary's branches, each noted in its region, one per region.
fn build_branches(
    r: &mut Reader<'_>,
    b: &Builder<'_>,
    doc: &Tbl,
    regions: &mut [Region],
) -> Vec<Branch> {
    let mut branches: Vec<Branch> = Vec::new();
    for t in doc.tables("branch") {
        let region = b.region(t.opt_str("region")).unwrap_or(RegionId(0));
        if let Some(slot) = regions.get_mut(region.index())
            && b.region(t.opt_str("region")).is_some()
        {
            if let Some(other_id) = slot.branch {
                // Branches are pushed one per `[[branch]]`, so ids index the tables too.
                let other = &branches[other_id.index()];
                let first = doc.tables("branch")[other_id.index()].span_of("region");
                let first = r.location(first.start);
                r.error(
                    t.span_of("region"),
                    &t.path_of("region"),
                    format!(
                        "region \"{}\" already has a branch (\"{}\")",
                        slot.id, other.id
                    ),
                )
                .hint = Some(format!(
                    "\"{}\" is declared at {first}; declare one `[[branch]]` per region",
                    other.id
                ));
            } else {
                slot.branch = Some(BranchId(branches.len() as u32));
            }
        }
        branches.push(Branch {
            id: t.str("id").to_string(),
            name: t.str("name").to_string(),
            region,
            fighters: t.num("fighters"),
            support_base: t.num("support_base"),
            recruits_per_supporter_day: t.num("recruits_per_supporter_day"),
            supporters_per_recruit: t.opt_num("supporters_per_recruit"),
            finance_musd: t.num("finance_musd"),
            income_musd_per_day: t.num("income_musd_per_day"),
        });
    }
    branches
}

/// A `[[link]]` between two different regions; a command link's capacity is a strength ≤ 1.
fn build_link(r: &mut Reader<'_>, b: &Builder<'_>, t: &Tbl) -> Link {
    let from = b.region(t.opt_str("from"));
    let to = b.region(t.opt_str("to"));
    if from.is_some() && from == to {
        let d = r.error(
            t.span_of("to"),
            &t.path_of("to"),
            format!(
                "link \"{}\" connects region \"{}\" to itself",
                t.str("id"),
                t.str("to")
            ),
        );
        *d = d
            .clone()
            .expected("two different regions")
            .hint("links inside a region are `[[support_link]]` entries");
    }
    let kind = word(r, t, "kind");
    if kind == LinkKind::Command && t.num("capacity") > 1.0 {
        let d = r.error(
            t.span_of("capacity"),
            &t.path_of("capacity"),
            format!(
                "command link capacity {} is above 1",
                fmt_num(t.num("capacity"))
            ),
        );
        *d = d
            .clone()
            .expected("a command strength in [0, 1] for `kind = \"command\"`");
    }
    Link {
        id: t.str("id").to_string(),
        kind,
        from: from.unwrap_or(RegionId(0)),
        to: to.unwrap_or(RegionId(0)),
        bidirectional: t.bool("bidirectional"),
        capacity: t.num("capacity"),
        travel_days: t.num("travel_days"),
        integrity: t.num("integrity"),
        jurisdiction: b.actors(&t.strs("jurisdiction")),
        transit_exposure: t.num("transit_exposure"),
    }
}

/// A `[[support_link]]`, into a region that has a branch to support.
fn build_support_link(
    r: &mut Reader<'_>,
    b: &Builder<'_>,
    t: &Tbl,
    regions: &[Region],
) -> SupportLink {
    let region = b.region(t.opt_str("region"));
    if let Some(region) = region
        && regions
            .get(region.index())
            .is_some_and(|g| g.branch.is_none())
    {
        let d = r.error(
            t.span_of("region"),
            &t.path_of("region"),
            format!(
                "region \"{}\" has no adversary branch to support",
                t.str("region")
            ),
        );
        *d = d
            .clone()
            .hint("declare a `[[branch]]` in that region, or remove the link");
    }
    SupportLink {
        id: t.str("id").to_string(),
        region: region.unwrap_or(RegionId(0)),
        kind: word(r, t, "kind"),
        share: t.num("share"),
        integrity: t.num("integrity"),
        jurisdiction: b.actors(&t.strs("jurisdiction")),
    }
}

/// An `[[actor]]`, with forces only where it has access.
fn build_actor(r: &mut Reader<'_>, b: &Builder<'_>, t: &Tbl) -> Actor {
    let regions_n = b.n_regions();
    // An `access` of the wrong type was reported already: take it as "everywhere" so that
    // every use of the actor does not report the same problem again.
    let access_rejected = t
        .node("access")
        .is_some_and(|n| n.span.is_some() && matches!(n.val, Val::Absent));
    let mut access = vec![access_rejected; regions_n];
    for region in b.regions(&t.strs("access")) {
        access[region.index()] = true;
    }
    let mut forces = vec![0.0; regions_n];
    for (id, span, amount) in t.map("forces") {
        let Some(region) = b.region(Some(id)) else {
            continue;
        };
        forces[region.index()] = *amount;
        if !access[region.index()] && *amount > 0.0 {
            let d = r.error(
                span.clone(),
                &format!("{}.{id}", t.path_of("forces")),
                format!(
                    "actor \"{}\" has forces in region \"{id}\" but no access to it",
                    t.str("id")
                ),
            );
            *d = d.clone().hint(format!("add \"{id}\" to `access`"));
        }
    }
    let total: f64 = forces.iter().sum();
    Actor {
        id: t.str("id").to_string(),
        name: t.str("name").to_string(),
        force_pool: t.opt_num("force_pool").unwrap_or(total),
        forces,
        lethality: t.num("lethality"),
        intelligence: t.num("intelligence"),
        interdiction_capacity: t.num("interdiction_capacity"),
        disruption_capacity: t.num("disruption_capacity"),
        collateral: t.num("collateral"),
        access,
        redeploy_days: t.num("redeploy_days"),
        replace_losses: t.bool("replace_losses"),
        lag_days: t.num("lag_days"),
    }
}

/// The actor-by-actor relation matrix (neutral where none is declared), one
/// `[[relation]]` per pair.
fn build_relations(r: &mut Reader<'_>, b: &Builder<'_>, doc: &Tbl) -> Vec<Relation> {
    let actors_n = b.n_actors();
    let neutral = Relation {
        kind: RelationKind::Neutral,
        friction: 0.0,
    };
    let mut relations = vec![neutral; actors_n * actors_n];
    let mut declared: Vec<((usize, usize), usize)> = Vec::new();
    for t in doc.tables("relation") {
        let ids = t.strs("actors");
        if ids.len() != 2 || ids[0] == ids[1] {
            report_relation_pair(r, t, &ids);
            continue;
        }
        let (Some(a), Some(c)) = (b.actor(Some(ids[0])), b.actor(Some(ids[1]))) else {
            continue;
        };
        let key = (a.index().min(c.index()), a.index().max(c.index()));
        if let Some((_, first)) = declared.iter().find(|(k, _)| *k == key) {
            let first = r.location(*first);
            r.error(
                t.span_of("actors"),
                &t.path_of("actors"),
                format!(
                    "the relation between \"{}\" and \"{}\" is declared twice",
                    ids[0], ids[1]
                ),
            )
            .hint = Some(format!("first declared at {first}; keep one of the two"));
            continue;
        }
        declared.push((key, t.span_of("actors").start));
        let relation = Relation {
            kind: word(r, t, "kind"),
            friction: t.num("friction"),
        };
        relations[a.index() * actors_n + c.index()] = relation;
        relations[c.index() * actors_n + a.index()] = relation;
    }
    relations
}

/// Reports a relation whose `actors` are not two different actors.
fn report_relation_pair(r: &mut Reader<'_>, t: &Tbl, ids: &[&str]) {
    let message = match ids {
        [a, b] if a == b => {
            format!("a relation needs two different actors, but both are \"{a}\"")
        }
        [] => "a relation needs two different actors, found none".to_string(),
        [one] => format!("a relation needs two different actors, found only \"{one}\""),
        _ => format!("a relation needs two different actors, found {}", ids.len()),
    };
    let d = r.error(t.span_of("actors"), &t.path_of("actors"), message);
    *d = d
        .clone()
        .expected("exactly two actor ids: `actors = [\"a\", \"b\"]`")
        .hint("relations are between pairs; declare one `[[relation]]` per pair");
}

fn build_third_party(r: &mut Reader<'_>, b: &Builder<'_>, t: &Tbl) -> ThirdParty {
    ThirdParty {
        id: t.str("id").to_string(),
        name: t.str("name").to_string(),
        region: b.region(t.opt_str("region")).unwrap_or(RegionId(0)),
        fighters: t.num("fighters"),
        stance: word(r, t, "stance"),
        lethality: t.num("lethality"),
        vulnerability: t.num("vulnerability"),
        backing_multiplier: t.num("backing_multiplier"),
        growth_per_kill: t.num("growth_per_kill"),
        growth_rate_per_day: t.num("growth_rate_per_day"),
        carrying_capacity: t.opt_num("carrying_capacity"),
        hostile_above_ratio: t.num("hostile_above_ratio"),
        coalition_lethality: t.num("coalition_lethality"),
    }
}

/// A `[[reinforcement]]` of an actor into a region it has access to; `None` when the actor
/// or the region is unknown (reported by the reader).
fn build_reinforcement(
    r: &mut Reader<'_>,
    b: &Builder<'_>,
    t: &Tbl,
    actors: &[Actor],
) -> Option<Reinforcement> {
    let (Some(actor), Some(region)) = (b.actor(t.opt_str("actor")), b.region(t.opt_str("region")))
    else {
        return None;
    };
    let day = t.num("day");
    let until_day = t.opt_num("until_day");
    if let Some(until) = until_day
        && until < day
    {
        let d = r.error(
            t.span_of("until_day"),
            &t.path_of("until_day"),
            format!(
                "`until_day` = {} is before `day` = {}",
                fmt_num(until),
                fmt_num(day)
            ),
        );
        *d = d.clone().expected("until_day ≥ day");
    }
    check_access(r, t, actors, actor, region);
    Some(Reinforcement {
        actor,
        region,
        day,
        until_day,
        forces: t.num("forces"),
    })
}

/// Reports an actor sent to a region it has no access to (`t`'s `region` names it).
fn check_access(r: &mut Reader<'_>, t: &Tbl, actors: &[Actor], actor: ActorId, region: RegionId) {
    if let Some(a) = actors.get(actor.index())
        && !a.access[region.index()]
    {
        let d = r.error(
            t.span_of("region"),
            &t.path_of("region"),
            format!(
                "actor \"{}\" has no access to region \"{}\"",
                a.id,
                t.str("region")
            ),
        );
        *d = d.clone().hint(format!(
            "add \"{}\" to the actor's `access`",
            t.str("region")
        ));
    }
}

/// The adversary's leadership must sit in a region with a branch.
fn check_leadership(r: &mut Reader<'_>, doc: &Tbl, adversary: &Adversary, regions: &[Region]) {
    if let Some(region) = adversary.leadership_region
        && regions
            .get(region.index())
            .is_some_and(|g| g.branch.is_none())
    {
        let t = doc
            .table("adversary")
            .expect("adversary has a leadership region");
        let d = r.error(
            t.span_of("leadership_region"),
            &t.path_of("leadership_region"),
            format!(
                "the leadership sits in region \"{}\", which has no adversary branch",
                t.str("leadership_region")
            ),
        );
        *d = d.clone().hint("declare a `[[branch]]` in that region");
    }
}

/// The `[[uncertain]]` entries that check out, each field declared once.
fn build_uncertainties(r: &mut Reader<'_>, doc: &Tbl) -> Vec<Uncertain> {
    // Entries that failed were reported; the others keep their table to point at.
    let checked: Vec<(&Tbl, Uncertain)> = doc
        .tables("uncertain")
        .iter()
        .filter_map(|t| build_uncertain(r, doc, t).map(|u| (t, u)))
        .collect();
    for (i, (t, u)) in checked.iter().enumerate() {
        if let Some((first, _)) = checked[..i]
            .iter()
            .find(|(_, other)| other.field == u.field)
        {
            let first = r.location(first.span_of("field").start);
            r.error(
                t.span_of("field"),
                &t.path_of("field"),
                format!("`{}` is declared uncertain twice", u.field),
            )
            .hint = Some(format!("first declared at {first}; keep one distribution"));
        }
    }
    checked.into_iter().map(|(_, u)| u).collect()
}

/// The variant an enum key holds. The reader accepts only the vocabulary's words and fills in
/// the spec's defaults, so a key without a value was reported already: the scenario is then
/// discarded, and the first variant only stands in for the value.
pub(crate) fn word<E: Word>(r: &Reader<'_>, t: &Tbl, key: &str) -> E {
    t.word(key).unwrap_or_else(|| {
        debug_assert!(
            !r.diags.is_empty(),
            "`{}` has no value, and no diagnostic says why",
            t.path_of(key)
        );
        E::ALL[0]
    })
}

/// Looks up ids that the reader already resolved (unresolved ones were reported there).
pub(crate) struct Builder<'a> {
    ns: &'a Namespaces,
}

impl Builder<'_> {
    /// How many regions the document declares (distinct ids).
    fn n_regions(&self) -> usize {
        self.ns.get(&Ns::Region).map_or(0, Vec::len)
    }
    /// How many actors the document declares (distinct ids).
    fn n_actors(&self) -> usize {
        self.ns.get(&Ns::Actor).map_or(0, Vec::len)
    }
    fn find(&self, ns: Ns, id: Option<&str>) -> Option<u32> {
        let id = id?;
        self.ns
            .get(&ns)?
            .iter()
            .position(|(known, _)| known == id)
            .map(|i| i as u32)
    }
    pub(crate) fn region(&self, id: Option<&str>) -> Option<RegionId> {
        self.find(Ns::Region, id).map(RegionId)
    }
    pub(crate) fn regions(&self, ids: &[&str]) -> Vec<RegionId> {
        ids.iter().filter_map(|id| self.region(Some(id))).collect()
    }
    fn theatre(&self, id: Option<&str>) -> Option<TheatreId> {
        self.find(Ns::Theatre, id).map(TheatreId)
    }
    fn actor(&self, id: Option<&str>) -> Option<ActorId> {
        self.find(Ns::Actor, id).map(ActorId)
    }
    pub(crate) fn actors(&self, ids: &[&str]) -> Vec<ActorId> {
        ids.iter().filter_map(|id| self.actor(Some(id))).collect()
    }
    fn link(&self, id: Option<&str>) -> Option<LinkId> {
        self.find(Ns::Link, id).map(LinkId)
    }
    pub(crate) fn third_party(&self, id: Option<&str>) -> Option<ThirdPartyId> {
        self.find(Ns::ThirdParty, id).map(ThirdPartyId)
    }
    fn coa(&self, id: Option<&str>) -> Option<CoaId> {
        self.find(Ns::Coa, id).map(CoaId)
    }
}

fn build_coa(r: &mut Reader<'_>, b: &Builder<'_>, t: &Tbl, actors: &[Actor]) -> Coa {
    let regime = word(r, t, "regime");
    let order_ids = t.strs("concentration_order");
    let concentration_order = b.regions(&order_ids);
    check_concentration_order(r, t, &order_ids);
    let factors = crate::strategy_build::build_levels(r, t, regime);
    check_phases_or_factors(r, t, factors.is_some());
    let phases = build_phases(r, b, t, actors, &concentration_order);
    Coa {
        id: t.str("id").to_string(),
        name: t.str("name").to_string(),
        description: t.str("description").to_string(),
        regime,
        concentration_order,
        phases,
        factors,
    }
}

/// Each region at most once in a course's `concentration_order`.
fn check_concentration_order(r: &mut Reader<'_>, t: &Tbl, order_ids: &[&str]) {
    for (i, id) in order_ids.iter().enumerate() {
        if order_ids[..i].contains(id) {
            let span = t.list("concentration_order")[i]
                .span
                .clone()
                .unwrap_or(t.span.clone());
            r.error(
                span,
                &format!("{}[{i}]", t.path_of("concentration_order")),
                format!("region \"{id}\" appears twice in the concentration order"),
            );
        }
    }
}

/// A course of action has phases or factors, not both (and not an empty list of phases).
fn check_phases_or_factors(r: &mut Reader<'_>, t: &Tbl, has_factors: bool) {
    let phase_tables = t.tables("phase");
    let phase_written = t.node("phase").is_some_and(|n| n.span.is_some());
    if phase_tables.is_empty() && !has_factors && !phase_written {
        let d = r.error(
            r.head(t),
            &t.path,
            format!(
                "course of action \"{}\" has neither phases nor factors",
                t.str("id")
            ),
        );
        *d = d
            .clone()
            .expected("one or more `[[coa.phase]]` sections, or `factors = { … }`")
            .hint("e.g. `factors = { isolation = \"links-and-support\", destruction = \"concentrate\" }`");
    } else if !phase_tables.is_empty() && has_factors {
        let d = r.error(
            t.span_of("factors"),
            &t.path_of("factors"),
            "a course of action has both `factors` and `[[coa.phase]]` sections".into(),
        );
        *d = d
            .clone()
            .hint("keep one: `factors` generates the phases from the `[strategy]`");
    }
    if phase_tables.is_empty()
        && !has_factors
        && t.node("phase")
            .is_some_and(|n| n.span.is_some() && matches!(n.val, Val::Tables(_)))
    {
        let d = r.error(
            t.span_of("phase"),
            &t.path_of("phase"),
            "a course of action needs at least one phase".into(),
        );
        *d = d.clone().expected("one or more `[[coa.phase]]` sections");
    }
}

/// The `[[coa.phase]]` sections of course `coa`, in file order (the first starts on day 0
/// unless it says otherwise).
fn build_phases(
    r: &mut Reader<'_>,
    b: &Builder<'_>,
    coa: &Tbl,
    actors: &[Actor],
    order: &[RegionId],
) -> Vec<Phase> {
    let phase_tables = coa.tables("phase");
    let mut phases: Vec<Phase> = Vec::new();
    let mut last_start = 0.0_f64;
    for (i, p) in phase_tables.iter().enumerate() {
        let id = p.str("id").to_string();
        if let Some(first) = phases.iter().position(|q| q.id == id)
            && !id.is_empty()
        {
            let first = r.location(phase_tables[first].span_of("id").start);
            r.error(
                p.span_of("id"),
                &p.path_of("id"),
                format!(
                    "duplicate phase id \"{id}\" in course of action \"{}\"",
                    coa.str("id")
                ),
            )
            .hint = Some(format!("first declared at {first}"));
        }
        let start_day = p.opt_num("start_day");
        let when = p.table("when").map(|w| build_condition(r, b, w));
        check_phase_start(r, p, &id, i > 0, last_start);
        if let Some(day) = start_day {
            last_start = last_start.max(day);
        }
        let tasks = p
            .tables("task")
            .iter()
            .filter_map(|task| build_task(r, b, task, coa, actors, order))
            .collect();
        phases.push(Phase {
            id,
            start_day: if i == 0 {
                Some(start_day.unwrap_or(0.0))
            } else {
                start_day
            },
            when,
            no_later_than: p.opt_num("no_later_than"),
            tasks,
        });
    }
    phases
}

/// A phase after the first needs a trigger, and start days never decrease.
fn check_phase_start(r: &mut Reader<'_>, p: &Tbl, id: &str, later: bool, last_start: f64) {
    let start_day = p.opt_num("start_day");
    let when_given = p.node("when").is_some_and(|n| n.span.is_some());
    if later && start_day.is_none() && !when_given && p.opt_num("no_later_than").is_none() {
        let d = r.error(r.head(p), &p.path, format!("phase \"{id}\" has no trigger"));
        *d = d
            .clone()
            .expected(
                "`start_day`, a `when` condition, or both (only the first phase defaults to day 0)",
            )
            .hint("e.g. `start_day = 30.0` or `when = { metric = \"inter_regional_integrity\", below = 0.2 }`");
    }
    if let Some(day) = start_day
        && day < last_start
    {
        let d = r.error(
            p.span_of("start_day"),
            &p.path_of("start_day"),
            format!(
                "phase \"{id}\" starts on day {} before the previous phase (day {})",
                fmt_num(day),
                fmt_num(last_start)
            ),
        );
        *d = d
            .clone()
            .expected("phases in order: start days that never decrease")
            .hint(
                "phases run in file order: reorder the `[[coa.phase]]` sections or fix `start_day`",
            );
    }
}

pub(crate) fn build_condition(r: &mut Reader<'_>, b: &Builder<'_>, w: &Tbl) -> Condition {
    let metric: Metric = word(r, w, "metric");
    let region = b.region(w.opt_str("region"));
    if region.is_some() && !metric.per_region() {
        r.error(
            w.span_of("region"),
            &w.path_of("region"),
            format!("metric \"{}\" is not per region", w.str("metric")),
        )
        .hint = Some("remove `region`".into());
    }
    let comparison = match (w.opt_num("below"), w.opt_num("above")) {
        (Some(x), None) => Comparison::Below(x),
        (None, Some(x)) => Comparison::Above(x),
        (below, above) => {
            if w.node("below").is_some_and(|n| n.span.is_some()) == below.is_some()
                && w.node("above").is_some_and(|n| n.span.is_some()) == above.is_some()
            {
                let (message, hint) = if below.is_some() {
                    (
                        "a condition has both `below` and `above`",
                        "keep one; a range needs two phases, one per threshold",
                    )
                } else {
                    (
                        "a condition needs a threshold",
                        "`below = x` fires when the metric falls to x, `above = x` when it rises to x",
                    )
                };
                let d = r.error(r.head(w), &w.path, message.to_string());
                *d = d
                    .clone()
                    .expected("exactly one of `below` and `above`")
                    .hint(hint);
            }
            Comparison::Below(0.0)
        }
    };
    Condition {
        metric,
        region,
        comparison,
    }
}

fn build_task(
    r: &mut Reader<'_>,
    b: &Builder<'_>,
    t: &Tbl,
    coa: &Tbl,
    actors: &[Actor],
    order: &[RegionId],
) -> Option<Task> {
    let actor = b.actor(t.opt_str("actor"))?;
    // An unknown `kind` was reported already; which keys fit it cannot be said.
    let task_type: TaskType = t.word("kind")?;
    let kind_word = task_type.as_str();
    // `links = []` is the default written out (the resolved TOML does so for every task):
    // it says nothing, whatever the kind.
    let given = |key: &str| {
        t.node(key).is_some_and(|n| {
            n.span.is_some() && !matches!(&n.val, Val::List(items) if items.is_empty())
        })
    };
    let region = b.region(t.opt_str("region"));
    let needs = |key: &str| task_type.target_key() == Some(key);
    let allowed = |key: &str| needs(key) || (task_type.takes_links() && key == "links");
    for key in ["region", "links", "third_party"] {
        if given(key) && !allowed(key) {
            r.error(
                t.span_of(key),
                &t.path_of(key),
                format!("`{key}` has no meaning for {} task", a_kind(kind_word)),
            )
            .hint = Some(format!("remove `{key}`, or use another task `kind`"));
        }
        if needs(key) && !given(key) {
            let d = r.error(
                r.head(t),
                &t.path,
                format!("{} task needs `{key}`", a_kind(kind_word)),
            );
            *d = d.clone().expected(format!(
                "`{key}`: {}",
                spec::describe(&spec::TASK.field(key).map_or(Ty::Str, |f| f.ty))
            ));
        }
    }
    if let Some(region) = region
        && allowed("region")
    {
        check_access(r, t, actors, actor, region);
    }
    if task_type == TaskType::Concentrate
        && order.is_empty()
        && coa.strs("concentration_order").is_empty()
    {
        let d = r.error(
            t.span_of("kind"),
            &t.path_of("kind"),
            format!("a `concentrate` task needs the course of action's `concentration_order`, but \"{}\" has none", coa.str("id")),
        );
        *d = d
            .clone()
            .hint("add `concentration_order = [\"region\", …]` to the `[[coa]]`");
    }
    let kind = match task_type {
        TaskType::Attack => TaskKind::Attack(region?),
        TaskType::Concentrate => TaskKind::Concentrate,
        TaskType::Interdict => TaskKind::Interdict(
            t.strs("links")
                .iter()
                .filter_map(|id| b.link(Some(id)))
                .collect(),
        ),
        TaskType::DisruptSupport => TaskKind::DisruptSupport(region?),
        TaskType::BackProxy => TaskKind::BackProxy(b.third_party(t.opt_str("third_party"))?),
    };
    Some(Task {
        actor,
        kind,
        effort: t.num("effort"),
    })
}

/// "a value in [0, 1]", "a value ≥ 0", "a value > 0".
fn value_range(lo: f64, hi: f64, lo_open: bool) -> String {
    let lower = if lo_open { ">" } else { "≥" };
    match (lo.is_finite(), hi.is_finite()) {
        (true, true) if lo_open => format!("a value in ({}, {}]", fmt_num(lo), fmt_num(hi)),
        (true, true) => format!("a value in [{}, {}]", fmt_num(lo), fmt_num(hi)),
        (true, false) => format!("a value {lower} {}", fmt_num(lo)),
        (false, true) => format!("a value ≤ {}", fmt_num(hi)),
        (false, false) => "a finite value".to_string(),
    }
}

/// "an `attack`", "a `concentrate`".
fn a_kind(kind_word: &str) -> String {
    let article = if kind_word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} `{kind_word}`")
}

/// Resolves an uncertain parameter's field path and checks its distribution.
fn build_uncertain(r: &mut Reader<'_>, doc: &Tbl, t: &Tbl) -> Option<Uncertain> {
    let path = t.opt_str("field")?.to_string();
    let target = match resolve_field(doc, &path) {
        Ok(target) => target,
        Err((message, hint)) => {
            let d = r.error(t.span_of("field"), &t.path_of("field"), message);
            if let Some(hint) = hint {
                *d = d.clone().hint(hint);
            }
            return None;
        }
    };
    // An unknown `dist` was reported already.
    let dist: DistKind = t.word("dist")?;
    let entry = UncertainEntry::new(t, path, target, dist);
    if dist != DistKind::Categorical && !entry.numeric() {
        let d = r.error(
            t.span_of("dist"),
            &t.path_of("dist"),
            format!(
                "`{}` takes words, so its distribution must be categorical",
                entry.path
            ),
        );
        *d = d.clone().expected("`dist = \"categorical\"`");
        return None;
    }
    let distribution = entry.distribution(r)?;
    Some(Uncertain {
        field: entry.path,
        distribution,
    })
}

/// An `[[uncertain]]` entry whose field path resolved, checked against that field's range.
struct UncertainEntry<'t> {
    t: &'t Tbl,
    /// The field path.
    path: String,
    /// The type of the field it names.
    target: Ty,
    dist: DistKind,
    lo: f64,
    hi: f64,
    lo_open: bool,
}

impl<'t> UncertainEntry<'t> {
    fn new(t: &'t Tbl, path: String, target: Ty, dist: DistKind) -> UncertainEntry<'t> {
        let (lo, hi, lo_open) = match target {
            Ty::Num { min, max, min_open } => (min, max, min_open),
            Ty::NumMap { min, max, .. } => (min, max, false),
            Ty::Int { min, max } => (min as f64, max as f64, false),
            _ => (f64::NEG_INFINITY, f64::INFINITY, false),
        };
        UncertainEntry {
            t,
            path,
            target,
            dist,
            lo,
            hi,
            lo_open,
        }
    }

    fn outside(&self, x: f64) -> bool {
        (if self.lo_open {
            x <= self.lo
        } else {
            x < self.lo
        }) || x > self.hi
    }

    /// The field's range, for "expected" messages.
    fn range(&self) -> String {
        value_range(self.lo, self.hi, self.lo_open)
    }

    fn numeric(&self) -> bool {
        !matches!(self.target, Ty::Enum(_))
    }

    /// A parameter of the distribution, reported when it is missing.
    fn need(&self, r: &mut Reader<'_>, key: &str) -> Option<f64> {
        let t = self.t;
        let v = t.opt_num(key);
        if v.is_none() && t.node(key).is_some_and(|n| n.span.is_none()) {
            let dist = self.dist;
            let keys = match dist {
                DistKind::Triangular => "`low`, `mode` and `high`",
                DistKind::Normal => {
                    "`mean`, `sd`, `low` and `high` (it is truncated to [low, high])"
                }
                DistKind::Uniform | DistKind::LogUniform | DistKind::Categorical => {
                    "`low` and `high`"
                }
            };
            let d = r.error(
                r.head(t),
                &t.path,
                format!("a `{dist}` distribution needs `{key}`"),
            );
            *d = d
                .clone()
                .expected(format!("`{key} = <number>` in this `[[uncertain]]` entry"))
                .hint(format!("a `{dist}` distribution takes {keys}"));
        }
        v
    }

    /// Reports a bound outside the field's range.
    fn check_bound(&self, r: &mut Reader<'_>, key: &str, x: f64) {
        if self.outside(x) {
            let d = r.error(
                self.t.span_of(key),
                &self.t.path_of(key),
                format!(
                    "`{key}` = {} is outside the range of `{}`",
                    fmt_num(x),
                    self.path
                ),
            );
            *d = d.clone().expected(self.range());
        }
    }

    /// `low` and `high` of a bounded distribution, checked.
    fn bounds(&self, r: &mut Reader<'_>) -> Option<(f64, f64)> {
        let t = self.t;
        let low = self.need(r, "low");
        let high = self.need(r, "high");
        let (low, high) = (low?, high?);
        self.check_bound(r, "low", low);
        self.check_bound(r, "high", high);
        if low >= high {
            let d = r.error(
                t.span_of("high"),
                &t.path_of("high"),
                format!(
                    "`high` = {} is not above `low` = {}",
                    fmt_num(high),
                    fmt_num(low)
                ),
            );
            *d = d.clone().expected("low < high");
            return None;
        }
        Some((low, high))
    }

    fn distribution(&self, r: &mut Reader<'_>) -> Option<Distribution> {
        let t = self.t;
        Some(match self.dist {
            DistKind::Uniform => {
                let (low, high) = self.bounds(r)?;
                Distribution::Uniform { low, high }
            }
            DistKind::LogUniform => {
                let (low, high) = self.bounds(r)?;
                if low <= 0.0 {
                    let d = r.error(
                        t.span_of("low"),
                        &t.path_of("low"),
                        "a log-uniform distribution needs `low` > 0".into(),
                    );
                    *d = d.clone().expected("0 < low < high");
                    return None;
                }
                Distribution::LogUniform { low, high }
            }
            DistKind::Triangular => {
                let (low, high) = self.bounds(r)?;
                let mode = self.need(r, "mode")?;
                if mode < low || mode > high {
                    let d = r.error(
                        t.span_of("mode"),
                        &t.path_of("mode"),
                        format!("`mode` = {} is outside [low, high]", fmt_num(mode)),
                    );
                    *d = d.clone().expected("low ≤ mode ≤ high");
                    return None;
                }
                Distribution::Triangular { low, mode, high }
            }
            DistKind::Normal => {
                let (low, high) = self.bounds(r)?;
                let mean = self.need(r, "mean");
                let sd = self.need(r, "sd");
                Distribution::Normal {
                    mean: mean?,
                    sd: sd?,
                    low,
                    high,
                }
            }
            DistKind::Categorical => self.categorical(r)?,
        })
    }

    /// A categorical distribution: values of the field's type and range, and weights that
    /// match them.
    fn categorical(&self, r: &mut Reader<'_>) -> Option<Distribution> {
        let t = self.t;
        let values: Vec<Scalar> = t
            .list("values")
            .iter()
            .filter_map(|n| match &n.val {
                Val::Num(x) => Some(Scalar::Num(*x)),
                Val::Int(i) => Some(Scalar::Num(*i as f64)),
                Val::Str(s) => Some(Scalar::Str(s.clone())),
                _ => None,
            })
            .collect();
        if values.is_empty() {
            let d = r.error(
                t.span_of("values"),
                &t.path_of("values"),
                "a categorical distribution needs at least one value".into(),
            );
            *d = d.clone().expected(if self.numeric() {
                "`values = [...]`: the numbers to choose from"
            } else {
                "`values = [...]`: the words to choose from"
            });
            return None;
        }
        for (i, v) in values.iter().enumerate() {
            self.check_value(r, i, v);
        }
        let weights = self.weights(r, values.len())?;
        Some(Distribution::Categorical { values, weights })
    }

    /// Reports a categorical value that the field cannot take.
    fn check_value(&self, r: &mut Reader<'_>, i: usize, v: &Scalar) {
        let (t, path, target) = (self.t, &self.path, self.target);
        let span = t.list("values")[i].span.clone().unwrap_or(t.span.clone());
        let vpath = format!("{}[{i}]", t.path_of("values"));
        match (v, target) {
            (Scalar::Str(s), Ty::Enum(vocabulary)) if !vocabulary.contains(s) => {
                let d = r.error(span, &vpath, format!("\"{s}\" is not a value of `{path}`"));
                *d = d.clone().expected(spec::describe(&target));
            }
            (Scalar::Num(_), Ty::Enum(_)) => {
                let d = r.error(span, &vpath, format!("`{path}` takes words, not numbers"));
                *d = d.clone().expected(spec::describe(&target));
            }
            (Scalar::Str(s), _) if self.numeric() => {
                let d = r.error(span, &vpath, format!("\"{s}\" is not a number"));
                *d = d
                    .clone()
                    .expected(format!("numbers for the numeric field `{path}`"));
            }
            (Scalar::Num(x), _) if self.outside(*x) => {
                let d = r.error(
                    span,
                    &vpath,
                    format!("{} is outside the range of `{path}`", fmt_num(*x)),
                );
                *d = d.clone().expected(self.range());
            }
            _ => {}
        }
    }

    /// The categorical weights: none, or one per value with a positive sum.
    fn weights(&self, r: &mut Reader<'_>, n_values: usize) -> Option<Vec<f64>> {
        let t = self.t;
        let weights = t.nums("weights");
        if !weights.is_empty() && weights.len() != n_values {
            let d = r.error(
                t.span_of("weights"),
                &t.path_of("weights"),
                format!(
                    "{} weight{} for {} values",
                    weights.len(),
                    if weights.len() == 1 { "" } else { "s" },
                    n_values
                ),
            );
            *d = d.clone().expected("one weight per value, or none");
            return None;
        }
        if !weights.is_empty() && weights.iter().sum::<f64>() <= 0.0 {
            let d = r.error(
                t.span_of("weights"),
                &t.path_of("weights"),
                "the weights sum to zero".into(),
            );
            *d = d.clone().expected("at least one positive weight");
            return None;
        }
        Some(weights)
    }
}

/// Why a field path is wrong: the message, and a hint where one helps.
type PathError = (String, Option<String>);

/// The type of the field a path names, or why the path is wrong.
pub(crate) fn resolve_field(doc: &Tbl, path: &str) -> Result<Ty, PathError> {
    let parts: Vec<&str> = path.split('.').collect();
    let tables: Vec<&str> = spec::ROOT
        .fields
        .iter()
        .filter(|f| !matches!(f.key, "scenario" | "uncertain"))
        .map(|f| f.key)
        .collect();
    let table = parts[0];
    if matches!(table, "scenario" | "uncertain") {
        return Err((
            format!("`{table}` keys are not parameters: `{path}` cannot be uncertain or swept"),
            Some(format!(
                "parameters belong to one of: {}",
                tables.join(", ")
            )),
        ));
    }
    if parts.len() < 2 {
        return Err((
            format!("`{path}` is not a field path"),
            Some(
                "a field path is `table.id.key` (`region.levant.sanctuary`) or `table.key` \
                 (`adversary.repair_rate_per_day`)"
                    .to_string(),
            ),
        ));
    }
    let Some(field) = spec::ROOT.field(table).filter(|_| tables.contains(&table)) else {
        let hint = crate::diag::did_you_mean(table, tables.iter().copied())
            .map(|h| format!("did you mean `{h}`?"));
        return Err((
            format!("unknown table `{table}` in field path `{path}`"),
            hint,
        ));
    };
    let (entry, key, subkey) = field_entry(doc, field.ty, &parts, path)?;
    let Some(entry) = entry else {
        return Err((format!("`{table}` is not declared"), None));
    };
    let Some(f) = entry.spec.field(key) else {
        let keys = entry.spec.fields.iter().map(|f| f.key);
        let hint = crate::diag::did_you_mean(key, keys).map(|h| format!("did you mean `{h}`?"));
        return Err((format!("`{table}` has no key `{key}`"), hint));
    };
    key_type(entry, f.ty, key, subkey, path)
}

/// The table a field path points into (`None` when it is not declared), the key in it, and
/// the entry of a number map the path names after the key, if any.
fn field_entry<'d, 'p>(
    doc: &'d Tbl,
    ty: Ty,
    parts: &[&'p str],
    path: &str,
) -> Result<(Option<&'d Tbl>, &'p str, Option<&'p str>), PathError> {
    let table = parts[0];
    match ty {
        Ty::Table(_) => {
            if parts.len() != 2 {
                return Err((format!("`{path}` should be `{table}.KEY`"), None));
            }
            Ok((doc.table(table), parts[1], None))
        }
        Ty::Tables(sub) => {
            if parts.len() < 3 || parts.len() > 4 {
                return Err((format!("`{path}` should be `{table}.ID.KEY`"), None));
            }
            // Engagements are named by their region.
            let id_key = if sub.name == "engagement" {
                "region"
            } else {
                "id"
            };
            let id = parts[1];
            let entries = doc.tables(table);
            let Some(found) = entries.iter().find(|t| t.opt_str(id_key) == Some(id)) else {
                let ids: Vec<&str> = entries.iter().filter_map(|t| t.opt_str(id_key)).collect();
                let hint = crate::diag::did_you_mean(id, ids.iter().copied())
                    .map(|h| format!("did you mean `{table}.{h}`?"));
                return Err((
                    format!("no `{table}` entry with id \"{id}\" for field path `{path}`"),
                    hint,
                ));
            };
            Ok((Some(found), parts[2], parts.get(3).copied()))
        }
        _ => Err((format!("`{table}` has no parameters"), None)),
    }
}

/// The type of key `key` of `entry` (its entry `subkey` for a number map), if a parameter
/// can take it.
fn key_type(
    entry: &Tbl,
    ty: Ty,
    key: &str,
    subkey: Option<&str>,
    path: &str,
) -> Result<Ty, PathError> {
    match (ty, subkey) {
        (Ty::Num { .. } | Ty::Int { .. }, None) => Ok(ty),
        (Ty::Enum(_), None) if key == "regime" || key == "law" || key == "doctrine" => Ok(ty),
        (Ty::NumMap { .. }, Some(sub)) => {
            let entries = entry.map(key);
            if entries.iter().any(|(id, _, _)| id == sub) {
                return Ok(ty);
            }
            let ids: Vec<&str> = entries.iter().map(|(id, _, _)| id.as_str()).collect();
            let hint = if ids.is_empty() {
                format!("`{}` has no entries", entry.path_of(key))
            } else {
                format!("its entries are: {}", ids.join(", "))
            };
            Err((
                format!("`{}` has no entry `{sub}`", entry.path_of(key)),
                Some(match crate::diag::did_you_mean(sub, ids.iter().copied()) {
                    Some(close) => {
                        format!("did you mean `{}.{close}`? {hint}", entry.path_of(key))
                    }
                    None => hint,
                }),
            ))
        }
        (Ty::NumMap { .. }, None) => Err((
            format!("`{path}` is a table: name one of its entries, `{path}.ID`"),
            None,
        )),
        _ => Err((
            format!("`{path}` is not a numeric parameter"),
            Some(
                "uncertain fields are numbers, or the words `regime`, `law` and `doctrine`".into(),
            ),
        )),
    }
}
