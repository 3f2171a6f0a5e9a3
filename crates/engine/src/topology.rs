//! Who is where: per region, the links, support links and third parties that touch it, in
//! scenario order, so that the step loop visits each once instead of scanning every entity for
//! every region (per-step cost linear in regions + links, not their product).

use cordon_model::{LinkKind, Scenario, TaskKind};

/// Per-region adjacency of a scenario, fixed for a campaign.
#[derive(Clone, Debug, Default)]
pub struct Topology {
    /// Per region: command links that can carry the leadership's command into it (`to`, or
    /// `from` of a bidirectional link), in link order.
    pub command_in: Vec<Vec<usize>>,
    /// Per region: propaganda links into it, in link order.
    pub propaganda_in: Vec<Vec<usize>>,
    /// Per region: its support links, in order.
    pub support: Vec<Vec<usize>>,
    /// Per region: its third parties, in order.
    pub third_parties: Vec<Vec<usize>>,
    /// Per region: the (link, direction) pairs along which fighters may leave it, in link order.
    pub departures: Vec<Vec<(usize, usize)>>,
    /// Per region: the actors that can ever have forces there (forces on day 0, access, a
    /// reinforcement, or an attack task of some course of action), in actor order. Every other
    /// actor's engaged and based forces there stay exactly zero, so the step loop skips them.
    pub actors_in: Vec<Vec<usize>>,
    /// Per actor: the regions where it can ever have forces (the transpose of `actors_in`).
    pub regions_of: Vec<Vec<usize>>,
}

impl Topology {
    pub fn new(s: &Scenario) -> Topology {
        let n_r = s.regions().len();
        let mut t = Topology {
            command_in: vec![Vec::new(); n_r],
            propaganda_in: vec![Vec::new(); n_r],
            support: vec![Vec::new(); n_r],
            third_parties: vec![Vec::new(); n_r],
            departures: vec![Vec::new(); n_r],
            actors_in: vec![Vec::new(); n_r],
            regions_of: vec![Vec::new(); s.actors().len()],
        };
        for (l, link) in s.links().iter().enumerate() {
            let (a, b) = (link.from.index(), link.to.index());
            match link.kind {
                LinkKind::Command => {
                    t.command_in[b].push(l);
                    if link.bidirectional && a != b {
                        t.command_in[a].push(l);
                    }
                }
                LinkKind::Propaganda => t.propaganda_in[b].push(l),
                LinkKind::Fighters | LinkKind::Finance => {}
            }
            t.departures[a].push((l, 0));
            t.departures[b].push((l, 1));
        }
        for (k, link) in s.support_links().iter().enumerate() {
            t.support[link.region.index()].push(k);
        }
        for (g, tp) in s.third_parties().iter().enumerate() {
            t.third_parties[tp.region.index()].push(g);
        }
        let n_a = s.actors().len();
        let mut present = vec![false; n_a * n_r];
        for (a, actor) in s.actors().iter().enumerate() {
            for r in 0..n_r {
                present[a * n_r + r] = actor.access[r] || actor.forces[r] != 0.0;
            }
        }
        for rf in s.reinforcements() {
            present[rf.actor.index() * n_r + rf.region.index()] = true;
        }
        for coa in s.coas() {
            for task in coa.phases.iter().flat_map(|p| &p.tasks) {
                if let TaskKind::Attack(r) = task.kind {
                    present[task.actor.index() * n_r + r.index()] = true;
                }
            }
        }
        for a in 0..n_a {
            for r in 0..n_r {
                if present[a * n_r + r] {
                    t.actors_in[r].push(a);
                    t.regions_of[a].push(r);
                }
            }
        }
        t
    }
}
