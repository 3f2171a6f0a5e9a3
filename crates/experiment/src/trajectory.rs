//! A campaign's state per region as numbers: the rows of `trajectory.csv` (`cordon simulate`)
//! and of the Python package's trajectory table, from one definition.

use cordon_engine::World;
use cordon_model::Scenario;

/// Names of the numbers of [`region_row`], in order (the CSV puts `posture` after `fighters`).
pub const REGION_COLUMNS: [&str; 15] = [
    "fighters",
    "support_base",
    "finance_musd",
    "territory_km2",
    "population",
    "coalition_engaged",
    "coalition_losses",
    "civilian_casualties",
    "recruits",
    "fighters_killed",
    "support_integrity",
    "arrived",
    "arrived_from_core",
    "defeated",
    "leadership_strength",
];

/// The numbers of region `r` in state `w`, in the order of [`REGION_COLUMNS`]; `defeated` is 0
/// or 1, `support_integrity` the mean over the region's support links (1 with none).
pub fn region_row(s: &Scenario, w: &World, r: usize) -> [f64; 15] {
    let lay = &w.layout;
    let (mut sum, mut n) = (0.0, 0usize);
    for (k, link) in s.support_links().iter().enumerate() {
        if link.region.index() == r {
            sum += w.u[lay.support_integrity(k)];
            n += 1;
        }
    }
    let support = if n == 0 { 1.0 } else { sum / n as f64 };
    let (territory, population) = w.held(s, r);
    [
        w.fighters(r),
        w.u[lay.support_base(r)],
        w.u[lay.finance(r)],
        territory,
        population,
        w.engaged_in(r),
        w.coalition_losses_in(r),
        w.u[lay.civilians(r)],
        w.u[lay.recruits(r)],
        w.u[lay.kills(r)],
        support,
        w.arrived[r],
        w.arrived_from_core[r],
        f64::from(u8::from(w.defeated_now[r])),
        w.leadership_strength(s),
    ]
}
