//! Bands: per course of action, recorded day, region and variable, the mean and the 5, 25, 50,
//! 75 and 95% quantiles of a trajectory variable across replications.
//!
//! No trajectory is kept: each replication's sampled states are folded into one [`Cell`] per
//! (course, day, region, variable), which holds integers only (a count, a fixed-point sum and a
//! [`LogHistogram`] with `2^BAND_BITS` buckets per power of two). Cells merge by addition, so
//! bands do not depend on the order replications finished in, on threads or on shards.
//! Quantiles are within `2^−(BAND_BITS+1)` = 0.78% relative error of the exact type-7 quantiles
//! of the values; means are exact up to 2⁻³² per value.

use cordon_engine::{Observer, World};
use cordon_model::Scenario;

use crate::sketch::{FixedSum, LogHistogram};

/// Buckets per power of two in band histograms: `2^6`, relative accuracy 2⁻⁷ ≈ 0.78%.
pub const BAND_BITS: u32 = 6;

/// The quantiles of a band, as fractions.
pub const BAND_QUANTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// Variables recorded per region, in this order (`bands.csv` column `variable`).
pub const BAND_VARIABLES: [&str; 6] = [
    "fighters",
    "territory_km2",
    "population",
    "coalition_engaged",
    "coalition_losses",
    "civilian_casualties",
];

/// The pseudo-region of sums over all regions.
pub const ALL_REGIONS: &str = "all";

/// Which steps are recorded, and the shape of one replication's sample.
#[derive(Clone, Debug, PartialEq)]
pub struct BandLayout {
    /// Recorded step numbers: 0, k, 2k, … and the last step.
    pub steps: Vec<usize>,
    /// The day of each recorded step: `min(step · step_days, horizon_days)`.
    pub days: Vec<f64>,
    /// Region ids, then [`ALL_REGIONS`].
    pub regions: Vec<String>,
}

impl BandLayout {
    /// Records every `every_steps` steps (and the last).
    pub fn new(s: &Scenario, every_steps: usize) -> BandLayout {
        let every = every_steps.max(1);
        let n_steps = s.n_steps();
        let mut steps: Vec<usize> = (0..=n_steps).step_by(every).collect();
        if steps.last() != Some(&n_steps) {
            steps.push(n_steps);
        }
        let meta = s.meta();
        let days = steps
            .iter()
            .map(|&k| (k as f64 * meta.step_days).min(meta.horizon_days))
            .collect();
        let mut regions: Vec<String> = s.regions().iter().map(|r| r.id.clone()).collect();
        regions.push(ALL_REGIONS.to_string());
        BandLayout {
            steps,
            days,
            regions,
        }
    }

    /// The default spacing: at most about 120 recorded days per campaign
    /// (`⌈n_steps / 120⌉` steps; 7 days for a 730-day campaign in daily steps).
    pub fn default_every_steps(s: &Scenario) -> usize {
        s.n_steps().div_ceil(120).max(1)
    }

    /// Values in one replication's sample: steps × regions (with "all") × variables.
    pub fn sample_len(&self) -> usize {
        self.steps.len() * self.regions.len() * BAND_VARIABLES.len()
    }

    /// The position of (recorded step, region, variable) in a sample.
    pub fn index(&self, slot: usize, region: usize, variable: usize) -> usize {
        (slot * self.regions.len() + region) * BAND_VARIABLES.len() + variable
    }
}

/// An observer that samples one campaign at the recorded steps.
pub struct BandRecorder<'a> {
    s: &'a Scenario,
    layout: &'a BandLayout,
    next: usize,
    sample: Vec<f64>,
    last: Vec<f64>,
}

impl<'a> BandRecorder<'a> {
    pub fn new(s: &'a Scenario, layout: &'a BandLayout) -> BandRecorder<'a> {
        BandRecorder {
            s,
            layout,
            next: 0,
            sample: Vec::with_capacity(layout.sample_len()),
            last: Vec::new(),
        }
    }

    /// The sample; slots the campaign never reached repeat its last state.
    pub fn finish(mut self) -> Vec<f64> {
        while self.next < self.layout.steps.len() {
            self.sample.extend_from_slice(&self.last);
            self.next += 1;
        }
        self.sample
    }
}

impl Observer for BandRecorder<'_> {
    fn on_state(&mut self, w: &World) {
        if self.next >= self.layout.steps.len() || w.step != self.layout.steps[self.next] {
            return;
        }
        let s = self.s;
        let n_r = s.regions().len();
        let start = self.sample.len();
        let mut total = [0.0; BAND_VARIABLES.len()];
        for r in 0..n_r {
            let (territory, population) = w.held(s, r);
            let values = [
                w.fighters(r),
                territory,
                population,
                w.engaged_in(r),
                w.coalition_losses_in(r),
                w.u[w.layout.civilians(r)],
            ];
            for (t, v) in total.iter_mut().zip(values) {
                *t += v;
            }
            self.sample.extend_from_slice(&values);
        }
        self.sample.extend_from_slice(&total);
        self.last.clear();
        self.last.extend_from_slice(&self.sample[start..]);
        self.next += 1;
    }

    fn next_state_wanted(&self, _step: usize) -> usize {
        self.layout
            .steps
            .get(self.next)
            .copied()
            .unwrap_or(usize::MAX)
    }
}

/// The folded values of one (course, day, region, variable).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub n: u64,
    pub sum: FixedSum,
    pub histogram: LogHistogram,
}

impl Cell {
    fn new() -> Cell {
        Cell {
            n: 0,
            sum: FixedSum::default(),
            histogram: LogHistogram::new(BAND_BITS),
        }
    }

    fn add(&mut self, x: f64) {
        if x.is_finite() {
            self.n += 1;
            self.sum.add(x);
            self.histogram.insert(x);
        }
    }

    fn merge(&mut self, other: &Cell) {
        self.n += other.n;
        self.sum.merge(other.sum);
        self.histogram.merge(&other.histogram);
    }
}

/// One row of `bands.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct BandRow<'a> {
    pub coa: &'a str,
    pub day: f64,
    pub region: &'a str,
    pub variable: &'static str,
    pub n: u64,
    pub mean: f64,
    /// At [`BAND_QUANTILES`].
    pub quantiles: [f64; 5],
}

/// The band cells of every course of action of an experiment.
#[derive(Clone, Debug, PartialEq)]
pub struct Bands {
    pub layout: BandLayout,
    n_coas: usize,
    cells: Vec<Cell>,
}

impl Bands {
    pub fn new(layout: BandLayout, n_coas: usize) -> Bands {
        let cells = vec![Cell::new(); n_coas * layout.sample_len()];
        Bands {
            layout,
            n_coas,
            cells,
        }
    }

    pub fn n_coas(&self) -> usize {
        self.n_coas
    }

    /// Folds one replication's sample into course `coa`'s cells.
    pub fn add_sample(&mut self, coa: usize, sample: &[f64]) {
        let len = self.layout.sample_len();
        let cells = &mut self.cells[coa * len..(coa + 1) * len];
        for (cell, x) in cells.iter_mut().zip(sample) {
            cell.add(*x);
        }
    }

    /// Adds another experiment's cells (same layout and courses; false otherwise).
    pub fn merge(&mut self, other: &Bands) -> bool {
        if other.layout != self.layout || other.n_coas != self.n_coas {
            return false;
        }
        for (a, b) in self.cells.iter_mut().zip(&other.cells) {
            a.merge(b);
        }
        true
    }

    /// The rows of `bands.csv`, ordered by course, day, region (file order, then "all") and
    /// variable.
    pub fn rows<'a>(&'a self, coa_ids: &'a [String]) -> impl Iterator<Item = BandRow<'a>> + 'a {
        let len = self.layout.sample_len();
        (0..self.n_coas.min(coa_ids.len())).flat_map(move |c| {
            (0..self.layout.steps.len()).flat_map(move |slot| {
                (0..self.layout.regions.len()).flat_map(move |r| {
                    (0..BAND_VARIABLES.len()).map(move |v| {
                        let cell = &self.cells[c * len + self.layout.index(slot, r, v)];
                        BandRow {
                            coa: &coa_ids[c],
                            day: self.layout.days[slot],
                            region: &self.layout.regions[r],
                            variable: BAND_VARIABLES[v],
                            n: cell.n,
                            mean: cell.sum.mean(cell.n),
                            quantiles: BAND_QUANTILES.map(|q| cell.histogram.quantile(q)),
                        }
                    })
                })
            })
        })
    }

    /// Encodes the cells (checkpoint files).
    pub(crate) fn encode_cells(&self, out: &mut Vec<u8>) {
        for cell in &self.cells {
            out.extend_from_slice(&cell.n.to_le_bytes());
            out.extend_from_slice(&cell.sum.to_le_bytes());
            cell.histogram.encode(out);
        }
    }

    /// Decodes cells written by [`Self::encode_cells`] into empty bands of the same shape.
    pub(crate) fn decode_cells(&mut self, input: &mut &[u8]) -> Option<()> {
        use crate::sketch::{take_16, take_u64};
        for cell in &mut self.cells {
            cell.n = take_u64(input)?;
            cell.sum = FixedSum::from_le_bytes(take_16(input)?);
            cell.histogram = LogHistogram::decode(BAND_BITS, input)?;
        }
        Some(())
    }
}
