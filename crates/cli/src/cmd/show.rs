//! `cordon show [FILE]`: readable summary tables of a scenario.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use cordon_model::{Scenario, TaskKind};

use super::load_scenario;
use crate::table::{Table, num};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML). Default: the embedded scenario levant-2017.
    pub file: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let scenario = load_scenario(args.file.as_deref())?;
    std::io::stdout().write_all(crate::escape::lines(&render(&scenario)).as_bytes())?;
    Ok(())
}

/// The summary, as text.
pub fn render(s: &Scenario) -> String {
    let mut out = String::new();
    let m = s.meta();
    let _ = writeln!(out, "Scenario {} — {}", m.name, m.description);
    let _ = writeln!(
        out,
        "Start {}, step {} days, horizon {} days ({} steps), seed {}, core region {}, baseline {}\n",
        m.start_date.as_deref().unwrap_or("day 0"),
        m.step_days,
        m.horizon_days,
        s.n_steps(),
        m.seed,
        s.region(m.core_region).id,
        s.coa(m.baseline).id
    );

    regions(s, &mut out);
    links(s, &mut out);
    support_links(s, &mut out);
    actors(s, &mut out);
    third_parties(s, &mut out);
    courses(s, &mut out);
    factor_levels(s, &mut out);
    uncertain(s, &mut out);
    out
}

/// Regions and their adversary branches.
fn regions(s: &Scenario, out: &mut String) {
    let mut t = Table::new(&[
        "region",
        "theatre",
        "territory km²",
        "population",
        "sanctuary",
        "law",
        "branch",
        "fighters",
        "support base",
        "finance M USD",
    ]);
    for r in s.regions() {
        let branch = r.branch.map(|b| s.branch(b));
        t.row(vec![
            r.id.clone(),
            r.theatre
                .map_or("-".into(), |th| s.theatres()[th.index()].id.clone()),
            num(r.territory_km2, 0),
            num(r.population, 0),
            num(r.sanctuary, 2),
            r.engagement
                .as_ref()
                .map_or("-".into(), |e| e.law.as_str().into()),
            branch.map_or("-".into(), |b| b.id.clone()),
            branch.map_or("-".into(), |b| num(b.fighters, 0)),
            branch.map_or("-".into(), |b| num(b.support_base, 0)),
            branch.map_or("-".into(), |b| num(b.finance_musd, 1)),
        ]);
    }
    let _ = writeln!(out, "Regions and adversary branches\n{}", t.render());
}

/// Inter-regional links.
fn links(s: &Scenario, out: &mut String) {
    let mut t = Table::new(&[
        "link",
        "kind",
        "from",
        "to",
        "capacity",
        "travel days",
        "integrity",
        "jurisdiction",
    ]);
    for l in s.links() {
        t.row(vec![
            l.id.clone(),
            l.kind.as_str().into(),
            s.region(l.from).id.clone(),
            s.region(l.to).id.clone(),
            num(l.capacity, 2),
            num(l.travel_days, 0),
            num(l.integrity, 2),
            l.jurisdiction
                .iter()
                .map(|a| s.actor(*a).id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ]);
    }
    let _ = writeln!(out, "Inter-regional links\n{}", t.render());
}

/// Militant-support links, if any.
fn support_links(s: &Scenario, out: &mut String) {
    if !s.support_links().is_empty() {
        let mut t = Table::new(&[
            "support link",
            "region",
            "share",
            "integrity",
            "jurisdiction",
        ]);
        for l in s.support_links() {
            t.row(vec![
                l.id.clone(),
                s.region(l.region).id.clone(),
                num(l.share, 2),
                num(l.integrity, 2),
                l.jurisdiction
                    .iter()
                    .map(|a| s.actor(*a).id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ]);
        }
        let _ = writeln!(out, "Militant-support links\n{}", t.render());
    }
}

/// Coalition actors.
fn actors(s: &Scenario, out: &mut String) {
    let mut t = Table::new(&[
        "actor",
        "forces",
        "intelligence",
        "interdiction",
        "disruption",
        "collateral",
        "access",
    ]);
    for a in s.actors() {
        let access: Vec<&str> = s
            .regions()
            .iter()
            .zip(&a.access)
            .filter(|(_, ok)| **ok)
            .map(|(r, _)| r.id.as_str())
            .collect();
        t.row(vec![
            a.id.clone(),
            num(a.forces.iter().sum(), 0),
            num(a.intelligence, 2),
            num(a.interdiction_capacity, 2),
            num(a.disruption_capacity, 2),
            num(a.collateral, 2),
            access.join(", "),
        ]);
    }
    let _ = writeln!(out, "Coalition actors\n{}", t.render());
}

/// Third parties, if any.
fn third_parties(s: &Scenario, out: &mut String) {
    if !s.third_parties().is_empty() {
        let mut t = Table::new(&[
            "third party",
            "region",
            "fighters",
            "stance",
            "turns hostile above",
        ]);
        for g in s.third_parties() {
            t.row(vec![
                g.id.clone(),
                s.region(g.region).id.clone(),
                num(g.fighters, 0),
                g.stance.as_str().into(),
                if g.hostile_above_ratio.is_finite() {
                    format!("{}× initial", g.hostile_above_ratio)
                } else {
                    "never".into()
                },
            ]);
        }
        let _ = writeln!(out, "Third parties\n{}", t.render());
    }
}

/// Courses of action: regime, phases, tasks, concentration order.
fn courses(s: &Scenario, out: &mut String) {
    let mut t = Table::new(&[
        "course of action",
        "regime",
        "phases",
        "tasks",
        "concentration order",
    ]);
    for c in s.coas() {
        let phases: Vec<String> = c
            .phases
            .iter()
            .map(|p| {
                let mut trigger = Vec::new();
                if let Some(d) = p.start_day {
                    trigger.push(format!("day {d}"));
                }
                if p.when.is_some() {
                    trigger.push("condition".into());
                }
                format!("{} ({})", p.id, trigger.join(" + "))
            })
            .collect();
        let tasks: usize = c.phases.iter().map(|p| p.tasks.len()).sum();
        let kinds: Vec<&str> = {
            let mut k: Vec<&str> = c
                .phases
                .iter()
                .flat_map(|p| p.tasks.iter())
                .map(|t| match t.kind {
                    TaskKind::Attack(_) => "attack",
                    TaskKind::Concentrate => "concentrate",
                    TaskKind::Interdict(_) => "interdict",
                    TaskKind::DisruptSupport(_) => "disrupt",
                    TaskKind::BackProxy(_) => "proxy",
                })
                .collect();
            k.sort_unstable();
            k.dedup();
            k
        };
        t.row(vec![
            c.id.clone(),
            c.regime.as_str().into(),
            phases.join(" → "),
            format!("{tasks} ({})", kinds.join(", ")),
            c.concentration_order
                .iter()
                .map(|r| s.region(*r).id.as_str())
                .collect::<Vec<_>>()
                .join(" → "),
        ]);
    }
    let _ = writeln!(out, "Courses of action\n{}", t.render());
}

/// Each course's factor levels and what it leaves idle: a course that leaves a capability
/// unused cannot be compared fairly with one that uses it.
fn factor_levels(s: &Scenario, out: &mut String) {
    // Each course's factor levels and what it leaves idle: a course that leaves a capability
    // unused cannot be compared fairly with one that uses it.
    let mut t = Table::new(&["course of action", "factor levels", "idle capabilities"]);
    for (i, c) in s.coas().iter().enumerate() {
        let levels = c.factors.as_ref().map_or_else(
            || "written by hand".to_string(),
            |l| cordon_model::describe_levels(l, s.factors()),
        );
        let idle: Vec<String> = s
            .idle_capabilities(cordon_model::CoaId::from_index(i))
            .iter()
            .map(|x| {
                let why = match &x.why {
                    cordon_model::Idle::Unused => "UNUSED".to_string(),
                    cordon_model::Idle::Withheld(level) => format!("withheld by {level}"),
                    cordon_model::Idle::NoJurisdiction => "nothing in its jurisdiction".into(),
                };
                format!("{} {} ({why})", s.actor(x.actor).id, x.capability.as_str())
            })
            .collect();
        t.row(vec![
            c.id.clone(),
            levels,
            if idle.is_empty() {
                "none".into()
            } else {
                idle.join("; ")
            },
        ]);
    }
    let _ = writeln!(out, "Factor levels and idle capabilities\n{}", t.render());
}

/// Declared uncertain parameters, if any.
fn uncertain(s: &Scenario, out: &mut String) {
    if !s.uncertain().is_empty() {
        let mut t = Table::new(&["uncertain field", "distribution"]);
        for u in s.uncertain() {
            t.row(vec![
                u.field.clone(),
                cordon_report::describe_distribution(&u.distribution),
            ]);
        }
        let _ = writeln!(out, "Declared uncertainties\n{}", t.render());
    }
}
