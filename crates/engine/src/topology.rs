//! Who is where: per region, the links, support links and third parties that touch it, in
//! scenario order, so that the step loop visits each once instead of scanning every entity for
//! every region (per-step cost linear in regions + links, not their product).

use cordon_model::{LinkKind, Scenario};

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
        t
    }
}
