//! PRIM, the patient rule induction method (Friedman & Fisher 1999), as the EMA Workbench
//! implements it for scenario discovery (`ema_workbench.analysis.prim`, version 2.5), step by
//! step:
//!
//! - **Peeling.** From the box holding every case, each input offers two candidate peels: cut
//!   the cases below its `peel_alpha` quantile, or above its `1 − peel_alpha` quantile (the
//!   quantile is the Workbench's `get_quantile`: the midpoint between the order statistic and
//!   the next distinct value, so a peel never splits tied values). The candidate with the best
//!   objective wins (ties: the one restricting fewer inputs, then the first in input order,
//!   upper before lower). The objective is the Workbench's default "lenient 1": the gain in
//!   density divided by the number of cases removed. Peeling stops when the best objective is
//!   not positive or the box would hold fewer than `mass_min` of the cases.
//! - **Pasting.** Each restricted input offers to widen its lower and upper limit to the
//!   `paste_alpha` quantile of the cases just outside; the best widening is kept while it
//!   raises the density, keeps `mass ≥ mass_min` and grows the box.
//! - Every box of the trajectory carries its coverage (share of all cases of interest inside),
//!   density (share of cases inside that are of interest), mass (share of all cases inside),
//!   its limits, its restricted inputs and, per restricted limit, a quasi-p-value (Bryant &
//!   Lempert 2010): the one-sided binomial probability of the box's hits if that limit were
//!   dropped.
//!
//! Inputs are numeric; the Workbench's integer and categorical peels are not implemented.
//! Only the first box of the Workbench's covering sequence is found. The chosen box is the
//! first box of the trajectory (the one with the highest coverage) whose density reaches the
//! threshold; the Workbench's `find_box` leaves that choice to its user and selects the last.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::dataset::Dataset;
use crate::error::DiscoveryError;

/// The settings of a PRIM run.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PrimOptions {
    /// Share of the box's cases each peel removes (default 0.05, as the Workbench).
    pub peel_alpha: f64,
    /// Share of the cases outside each paste adds (default 0.05).
    pub paste_alpha: f64,
    /// The smallest box, as a share of all cases (default 0.05).
    pub mass_min: f64,
    /// The density the chosen box must reach (default 0.8).
    pub threshold: f64,
}

impl Default for PrimOptions {
    fn default() -> Self {
        PrimOptions {
            peel_alpha: 0.05,
            paste_alpha: 0.05,
            mass_min: 0.05,
            threshold: 0.8,
        }
    }
}

impl PrimOptions {
    /// Checks every setting.
    pub fn validate(&self) -> Result<(), DiscoveryError> {
        let open = |name: &str, v: f64| {
            if v.is_finite() && v > 0.0 && v < 1.0 {
                Ok(())
            } else {
                Err(DiscoveryError::Invalid(format!(
                    "{name} must lie strictly between 0 and 1, not {v}"
                )))
            }
        };
        open("peel_alpha", self.peel_alpha)?;
        open("paste_alpha", self.paste_alpha)?;
        open("mass_min", self.mass_min)?;
        if !(self.threshold.is_finite() && (0.0..=1.0).contains(&self.threshold)) {
            return Err(DiscoveryError::Invalid(format!(
                "the density threshold must lie between 0 and 1, not {}",
                self.threshold
            )));
        }
        Ok(())
    }
}

/// How a box of the trajectory was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The box holding every case.
    Start,
    Peel,
    Paste,
}

/// The limits of one input in a box (inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Limits {
    pub lower: f64,
    pub upper: f64,
}

/// The quasi-p-values of one restricted input: `None` for a side left at the data's range.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct QuasiP {
    /// Input index.
    pub input: usize,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
}

/// One box of the peeling and pasting trajectory.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PrimBox {
    pub phase: Phase,
    pub coverage: f64,
    pub density: f64,
    pub mass: f64,
    /// Cases inside, and cases of interest inside.
    pub n: usize,
    pub k: usize,
    /// Per input, in input order.
    pub limits: Vec<Limits>,
    /// Inputs whose limits differ from the data's range, in input order.
    pub restricted: Vec<usize>,
    /// Per restricted input, in the same order.
    pub quasi_p: Vec<QuasiP>,
}

/// A PRIM run: the trajectory and the chosen box.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prim {
    pub inputs: Vec<String>,
    pub options: PrimOptions,
    /// Cases, and cases of interest.
    pub n: usize,
    pub n_interest: usize,
    /// The range of every input over the data.
    pub range: Vec<Limits>,
    pub trajectory: Vec<PrimBox>,
    /// The first box whose density reaches the threshold, if any.
    pub chosen: Option<usize>,
}

/// Runs PRIM on a data set.
pub fn prim(data: &Dataset, options: &PrimOptions) -> Result<Prim, DiscoveryError> {
    options.validate()?;
    let n_interest = data.y().iter().filter(|&&y| y).count();
    if n_interest == 0 {
        return Err(DiscoveryError::Invalid(
            "no case is of interest: there is nothing for a box to find".into(),
        ));
    }
    let range = ranges(data);
    let run = Run {
        data,
        options,
        range: &range,
        n_interest,
    };
    let mut rows: Vec<usize> = (0..data.len()).collect();
    let mut limits = range.clone();
    let mut trajectory = vec![run.make_box(Phase::Start, &rows, &limits)];
    while let Some((next_rows, next_limits)) = run.peel(&rows, &limits) {
        trajectory.push(run.make_box(Phase::Peel, &next_rows, &next_limits));
        (rows, limits) = (next_rows, next_limits);
    }
    while let Some((next_rows, next_limits)) = run.paste(&rows, &limits) {
        trajectory.push(run.make_box(Phase::Paste, &next_rows, &next_limits));
        (rows, limits) = (next_rows, next_limits);
    }
    let chosen = trajectory
        .iter()
        .position(|b| b.density >= options.threshold);
    Ok(Prim {
        inputs: data.names().to_vec(),
        options: *options,
        n: data.len(),
        n_interest,
        range,
        trajectory,
        chosen,
    })
}

/// The range of every input over the data.
pub(crate) fn ranges(data: &Dataset) -> Vec<Limits> {
    (0..data.cols())
        .map(|j| {
            let c = data.column(j);
            Limits {
                lower: c.iter().copied().fold(f64::INFINITY, f64::min),
                upper: c.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            }
        })
        .collect()
}

/// How often PRIM on random halves of the data restricts each input near a box.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stability {
    pub input: usize,
    /// Percentage of resamples whose box of nearest coverage restricts the input.
    pub reproduce_coverage: f64,
    /// Percentage of resamples whose box of nearest density restricts the input.
    pub reproduce_density: f64,
}

/// The Workbench's resampling check (`PrimBox.resample`): PRIM on `iterations` random subsets
/// of `fraction` of the cases (drawn without replacement from `seed`); in each trajectory the
/// box nearest in coverage and the box nearest in density to `target`; per input, the
/// percentage of those boxes that restrict it. Sorted by both percentages, highest first.
pub fn resample(
    data: &Dataset,
    options: &PrimOptions,
    target: &PrimBox,
    iterations: usize,
    fraction: f64,
    seed: u64,
) -> Result<Vec<Stability>, DiscoveryError> {
    if iterations == 0 || !(fraction > 0.0 && fraction <= 1.0) {
        return Err(DiscoveryError::Invalid(format!(
            "resampling needs at least one iteration and a fraction in (0, 1], not {iterations} and {fraction}"
        )));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let m = ((data.len() as f64) * fraction) as usize;
    let mut coverage = vec![0usize; data.cols()];
    let mut density = vec![0usize; data.cols()];
    for _ in 0..iterations {
        let mut all: Vec<usize> = (0..data.len()).collect();
        for i in 0..m {
            let j = rng.random_range(i..all.len());
            all.swap(i, j);
        }
        let mut rows = all[..m].to_vec();
        rows.sort_unstable();
        let Ok(run) = prim(&data.subset(&rows), options) else {
            // A half without cases of interest restricts nothing.
            continue;
        };
        let nearest = |f: &dyn Fn(&PrimBox) -> f64| {
            let mut best = 0;
            for (i, b) in run.trajectory.iter().enumerate() {
                if f(b) < f(&run.trajectory[best]) {
                    best = i;
                }
            }
            best
        };
        let c = nearest(&|b| (b.coverage - target.coverage).abs());
        let d = nearest(&|b| (b.density - target.density).abs());
        for &j in &run.trajectory[c].restricted {
            coverage[j] += 1;
        }
        for &j in &run.trajectory[d].restricted {
            density[j] += 1;
        }
    }
    let pct = |c: usize| c as f64 * 100.0 / iterations as f64;
    let mut out: Vec<Stability> = (0..data.cols())
        .map(|j| Stability {
            input: j,
            reproduce_coverage: pct(coverage[j]),
            reproduce_density: pct(density[j]),
        })
        .collect();
    out.sort_by(|a, b| {
        b.reproduce_coverage
            .total_cmp(&a.reproduce_coverage)
            .then(b.reproduce_density.total_cmp(&a.reproduce_density))
    });
    Ok(out)
}

/// The Workbench's `get_quantile`: for a quantile above one half, the midpoint between the
/// order statistic at `⌊(n−1)q⌋` (moved down past values tied with the one at `⌈(n−1)q⌉`) and
/// the one at `⌈(n−1)q⌉`; at or below one half, the mirror image.
pub fn ema_quantile(sorted: &[f64], q: f64) -> f64 {
    let last = sorted.len() - 1;
    let i = last as f64 * q;
    let (mut lo, mut hi) = (i.floor() as usize, i.ceil() as usize);
    if q > 0.5 {
        while sorted[lo] == sorted[hi] && lo > 0 {
            lo -= 1;
        }
    } else {
        while sorted[lo] == sorted[hi] && hi < last {
            hi += 1;
        }
    }
    (sorted[lo] + sorted[hi]) / 2.0
}

/// `P(X ≥ k)` for `X ~ Binomial(n, p)`: the one-sided binomial test (SciPy's `binomtest`,
/// `alternative="greater"`).
pub fn binomial_upper_tail(k: usize, n: usize, p: f64) -> f64 {
    if k == 0 || p >= 1.0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    statrs::function::beta::beta_reg(k as f64, (n - k + 1) as f64, p)
}

struct Run<'a> {
    data: &'a Dataset,
    options: &'a PrimOptions,
    range: &'a [Limits],
    n_interest: usize,
}

/// A candidate box: its limits, cases, and (objective, unrestricted inputs) score.
struct Candidate {
    limits: Vec<Limits>,
    rows: Vec<usize>,
    objective: f64,
    free: usize,
}

impl Run<'_> {
    fn hits(&self, rows: &[usize]) -> usize {
        rows.iter().filter(|&&r| self.data.y()[r]).count()
    }

    fn restricted(&self, limits: &[Limits]) -> Vec<usize> {
        (0..limits.len())
            .filter(|&j| limits[j] != self.range[j])
            .collect()
    }

    /// The Workbench's "lenient 1" objective: change of mean over change of size.
    fn objective(&self, old: &[usize], new: &[usize]) -> f64 {
        let mean = |rows: &[usize]| {
            if rows.is_empty() {
                0.0
            } else {
                self.hits(rows) as f64 / rows.len() as f64
            }
        };
        let (m_old, m_new) = (mean(old), mean(new));
        if m_old == m_new || old.len() == new.len() {
            return 0.0;
        }
        (m_new - m_old) / old.len().abs_diff(new.len()) as f64
    }

    fn candidate(&self, old: &[usize], rows: Vec<usize>, limits: Vec<Limits>) -> Candidate {
        Candidate {
            objective: self.objective(old, &rows),
            free: limits.len() - self.restricted(&limits).len(),
            rows,
            limits,
        }
    }

    /// The first candidate with the highest (objective, unrestricted inputs).
    fn best(candidates: Vec<Candidate>) -> Option<Candidate> {
        let mut best: Option<Candidate> = None;
        for c in candidates {
            let better = match &best {
                None => true,
                Some(b) => {
                    c.objective > b.objective || (c.objective == b.objective && c.free > b.free)
                }
            };
            if better {
                best = Some(c);
            }
        }
        best
    }

    fn mass(&self, rows: &[usize]) -> f64 {
        rows.len() as f64 / self.data.len() as f64
    }

    fn peel(&self, rows: &[usize], limits: &[Limits]) -> Option<(Vec<usize>, Vec<Limits>)> {
        let alpha = self.options.peel_alpha;
        let mut candidates = Vec::with_capacity(2 * self.data.cols());
        for j in 0..self.data.cols() {
            let x = self.data.column(j);
            let mut sorted: Vec<f64> = rows.iter().map(|&r| x[r]).collect();
            sorted.sort_by(f64::total_cmp);
            let upper = ema_quantile(&sorted, 1.0 - alpha);
            let mut l = limits.to_vec();
            l[j].upper = upper;
            let kept = rows.iter().copied().filter(|&r| x[r] <= upper).collect();
            candidates.push(self.candidate(rows, kept, l));
            let lower = ema_quantile(&sorted, alpha);
            let mut l = limits.to_vec();
            l[j].lower = lower;
            let kept = rows.iter().copied().filter(|&r| x[r] >= lower).collect();
            candidates.push(self.candidate(rows, kept, l));
        }
        let best = Self::best(candidates)?;
        let mass = self.mass(&best.rows);
        (mass >= self.options.mass_min && mass < self.mass(rows) && best.objective > 0.0)
            .then_some((best.rows, best.limits))
    }

    /// The cases (of all) inside `limits` on the inputs `dims`.
    fn inside(&self, limits: &[Limits], dims: &[usize]) -> Vec<usize> {
        (0..self.data.len())
            .filter(|&r| {
                dims.iter().all(|&j| {
                    let v = self.data.column(j)[r];
                    limits[j].lower <= v && v <= limits[j].upper
                })
            })
            .collect()
    }

    fn paste(&self, rows: &[usize], limits: &[Limits]) -> Option<(Vec<usize>, Vec<Limits>)> {
        let dims = self.restricted(limits);
        let alpha = self.options.paste_alpha;
        let mut candidates = Vec::with_capacity(2 * dims.len());
        for &j in &dims {
            let x = self.data.column(j);
            for lower_side in [true, false] {
                let mut outside = limits.to_vec();
                if lower_side {
                    outside[j].upper = limits[j].lower;
                    outside[j].lower = self.range[j].lower;
                } else {
                    outside[j].lower = limits[j].upper;
                    outside[j].upper = self.range[j].upper;
                }
                let mut data: Vec<f64> =
                    self.inside(&outside, &dims).iter().map(|&r| x[r]).collect();
                data.sort_by(f64::total_cmp);
                let mut l = limits.to_vec();
                if lower_side {
                    l[j].lower = if data.is_empty() {
                        self.range[j].lower
                    } else {
                        ema_quantile(&data, 1.0 - alpha)
                    };
                } else {
                    l[j].upper = if data.is_empty() {
                        self.range[j].upper
                    } else {
                        ema_quantile(&data, alpha)
                    };
                }
                let kept = self.inside(&l, &dims);
                candidates.push(self.candidate(rows, kept, l));
            }
        }
        let best = Self::best(candidates)?;
        let density = |r: &[usize]| self.hits(r) as f64 / r.len() as f64;
        let mass = self.mass(&best.rows);
        let accept = mass >= self.options.mass_min
            && mass > self.mass(rows)
            && best.objective > 0.0
            && density(&best.rows) > density(rows);
        accept.then_some((best.rows, best.limits))
    }

    fn make_box(&self, phase: Phase, rows: &[usize], limits: &[Limits]) -> PrimBox {
        let k = self.hits(rows);
        let n = rows.len();
        let restricted = self.restricted(limits);
        let quasi_p = restricted
            .iter()
            .map(|&j| {
                let side = |lower: bool| {
                    let mut l = limits.to_vec();
                    if lower {
                        if l[j].lower == self.range[j].lower {
                            return None;
                        }
                        l[j].lower = self.range[j].lower;
                    } else {
                        if l[j].upper == self.range[j].upper {
                            return None;
                        }
                        l[j].upper = self.range[j].upper;
                    }
                    let wider = self.inside(&l, &restricted);
                    let p = self.hits(&wider) as f64 / wider.len() as f64;
                    Some(binomial_upper_tail(k, n, p))
                };
                QuasiP {
                    input: j,
                    lower: side(true),
                    upper: side(false),
                }
            })
            .collect();
        PrimBox {
            phase,
            coverage: k as f64 / self.n_interest as f64,
            density: k as f64 / n as f64,
            mass: n as f64 / self.data.len() as f64,
            n,
            k,
            limits: limits.to_vec(),
            restricted,
            quasi_p,
        }
    }
}
