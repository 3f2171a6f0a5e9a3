//! Reading `[strategy]`, `[[factor]]` and `[[coa]] factors = { … }`, and generating the phases
//! of courses given as factor levels (see [`crate::strategy`]).

use crate::build::{Builder, build_condition, word};
use crate::read::{Reader, Tbl};
use crate::scenario::{Actor, Coa, RegionId, Reinforcement};
use crate::strategy::{
    Base, Destruction, Factor, FactorLevel, Isolation, Levels, Proxy, Sequence, Strategy, generate,
};
use crate::{Regime, spec};

/// The `[strategy]` table (every key has a default).
pub(crate) fn build_strategy(r: &mut Reader<'_>, b: &Builder<'_>, doc: &Tbl) -> Strategy {
    let empty = Tbl {
        spec: &spec::STRATEGY,
        span: 0..0,
        path: "strategy".into(),
        fields: Vec::new(),
    };
    let t = doc.table("strategy").unwrap_or(&empty);
    let num = |key: &str| {
        t.opt_num(key)
            .or_else(|| default_num(&spec::STRATEGY, key))
            .unwrap_or(0.0)
    };
    Strategy {
        isolation_effort: num("isolation_effort"),
        containment_effort: num("containment_effort"),
        destroy_when: t.table("destroy_when").map(|w| build_condition(r, b, w)),
        destroy_no_later_than: num("destroy_no_later_than"),
        concentration_order: b.regions(&t.strs("concentration_order")),
        proxy_third_party: b.third_party(t.opt_str("proxy_third_party")),
        proxy_backers: b.actors(&t.strs("proxy_backers")),
    }
}

/// The spec's default of a numeric key.
fn default_num(table: &spec::TableSpec, key: &str) -> Option<f64> {
    match table.field(key)?.absent {
        spec::Absent::Num(x) => Some(x),
        _ => None,
    }
}

/// The `[[factor]]` tables: ids unique, at least two levels with unique ids.
pub(crate) fn build_factors(r: &mut Reader<'_>, doc: &Tbl) -> Vec<Factor> {
    let mut out: Vec<Factor> = Vec::new();
    for t in doc.tables("factor") {
        let id = t.str("id").to_string();
        if crate::strategy::BUILT_IN_FACTORS.contains(&id.as_str())
            || out.iter().any(|f| f.id == id)
        {
            r.error(
                t.span_of("id"),
                &t.path_of("id"),
                format!("factor \"{id}\" is declared twice (or is a built-in factor)"),
            )
            .hint = Some(format!(
                "built-in factors: {}; choose another id",
                crate::strategy::BUILT_IN_FACTORS.join(", ")
            ));
        }
        let mut levels: Vec<FactorLevel> = Vec::new();
        for l in t.tables("level") {
            let level_id = l.str("id").to_string();
            if levels.iter().any(|x| x.id == level_id) {
                r.error(
                    l.span_of("id"),
                    &l.path_of("id"),
                    format!("level \"{level_id}\" appears twice in factor \"{id}\""),
                );
            }
            levels.push(FactorLevel {
                id: level_id,
                isolation_effort: l.opt_num("isolation_effort"),
                containment_effort: l.opt_num("containment_effort"),
                destroy_threshold: l.opt_num("destroy_threshold"),
                destroy_no_later_than: l.opt_num("destroy_no_later_than"),
            });
        }
        if levels.len() < 2 && t.node("level").is_some_and(|n| n.span.is_some()) {
            let d = r.error(
                t.span_of("level"),
                &t.path_of("level"),
                format!("factor \"{id}\" has {} level(s)", levels.len()),
            );
            *d = d.clone().expected("at least two `level` entries");
        }
        out.push(Factor { id, levels });
    }
    out
}

/// `factors = { … }` of a course, if given.
pub(crate) fn build_levels(r: &mut Reader<'_>, coa: &Tbl, regime: Regime) -> Option<Levels> {
    let t = coa.table("factors")?;
    if coa.node("factors").is_none_or(|n| n.span.is_none()) {
        return None;
    }
    Some(Levels {
        isolation: word::<Isolation>(r, t, "isolation"),
        destruction: word::<Destruction>(r, t, "destruction"),
        regime,
        proxy: word::<Proxy>(r, t, "proxy"),
        sequence: word::<Sequence>(r, t, "sequence"),
        extra: Vec::new(),
    })
}

/// Per actor: the regions where it has forces at day 0 or receives reinforcements.
pub(crate) fn based_regions(
    actors: &[Actor],
    reinforcements: &[Reinforcement],
) -> Vec<Vec<RegionId>> {
    actors
        .iter()
        .enumerate()
        .map(|(a, actor)| {
            let mut regions: Vec<RegionId> = actor
                .forces
                .iter()
                .enumerate()
                .filter(|(_, x)| **x > 0.0)
                .map(|(r, _)| RegionId::from_index(r))
                .chain(
                    reinforcements
                        .iter()
                        .filter(|rf| rf.actor.index() == a && rf.forces > 0.0)
                        .map(|rf| rf.region),
                )
                .collect();
            regions.sort();
            regions.dedup();
            regions
        })
        .collect()
}

/// Fills the phases of the courses given as factor levels, reporting levels the scenario cannot
/// give (concentration without an order, a proxy without a third party).
pub(crate) fn generate_coas(
    r: &mut Reader<'_>,
    doc: &Tbl,
    coas: &mut [Coa],
    strategy: &Strategy,
    base: &Base<'_>,
) {
    let tables = doc.tables("coa");
    for (coa, t) in coas.iter_mut().zip(tables) {
        let Some(levels) = coa.factors.clone() else {
            continue;
        };
        if let Err(message) = check_levels(strategy, &levels, &coa.concentration_order) {
            let f = t.table("factors").unwrap_or(t);
            let key = message.0;
            let d = r.error(f.span_of(key), &f.path_of(key), message.1);
            *d = d.clone().hint(message.2);
            continue;
        }
        if coa.concentration_order.is_empty() {
            coa.concentration_order = strategy.concentration_order.clone();
        }
        coa.phases = generate(base, strategy, &levels, &coa.concentration_order);
    }
}

/// Whether the strategy can give these levels: (key, message, hint) when not.
pub(crate) fn check_levels(
    strategy: &Strategy,
    levels: &Levels,
    own_order: &[RegionId],
) -> Result<(), (&'static str, String, String)> {
    if levels.destruction == Destruction::Concentrate
        && own_order.is_empty()
        && strategy.concentration_order.is_empty()
    {
        return Err((
            "destruction",
            "destruction = \"concentrate\" needs a concentration order".into(),
            "add `concentration_order = [\"region\", …]` to `[strategy]` or to the `[[coa]]`"
                .into(),
        ));
    }
    if levels.proxy == Proxy::Backed
        && (strategy.proxy_third_party.is_none() || strategy.proxy_backers.is_empty())
    {
        return Err((
            "proxy",
            "proxy = \"backed\" needs a third party and its backers".into(),
            "add `proxy_third_party = \"…\"` and `proxy_backers = [\"…\"]` to `[strategy]`".into(),
        ));
    }
    Ok(())
}
