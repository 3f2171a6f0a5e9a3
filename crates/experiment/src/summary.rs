//! Summaries per course of action and outcome, and paired differences against a baseline,
//! computed in one streaming pass over replications in replication order.
//!
//! Memory does not grow with the number of replications: means and variances are running
//! (Welford) sums; medians are exact (type 7) while a course has at most [`EXACT_MEDIAN_CAP`]
//! values of an outcome and come from a [`LogHistogram`] of relative accuracy 2⁻¹¹ ≈ 0.05%
//! beyond that.

use crate::error::ExperimentError;
use crate::outcomes::{Better, Kind, OutcomeSpec};
use crate::sketch::LogHistogram;
use crate::stats::{Interval, Moments, quantile_sorted, wilson_interval};

/// Up to this many values per course and outcome, medians are exact.
pub const EXACT_MEDIAN_CAP: usize = 10_000;

/// Bits of the median sketch beyond the cap: relative accuracy 2⁻¹¹.
const MEDIAN_BITS: u32 = 10;

/// One outcome of one course of action over its replications.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// Replications that gave a value (for a time to an event: where it happened).
    pub n: u64,
    /// Successful replications of the course of action.
    pub n_total: u64,
    /// Mean (for a proportion: `k / n`).
    pub mean: f64,
    /// Sample standard deviation (divisor n − 1).
    pub sd: f64,
    /// 95% interval of the mean: t-interval, or Wilson for a proportion.
    pub ci: Interval,
    /// Median (type 7).
    pub median: f64,
    /// Whether the median is exact (false: within 0.05%, from the sketch).
    pub median_exact: bool,
}

/// The difference `course − baseline` of one outcome, paired by replication (same stream key).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairedDiff {
    /// Pairs in the mean difference (for a time to an event: both happened).
    pub n: u64,
    /// Mean of the per-replication differences.
    pub mean: f64,
    /// 95% t-interval of the mean difference.
    pub ci: Interval,
    /// Pairs compared for "better" (for a time to an event, "never" counts as later than any
    /// day, so every pair is compared).
    pub n_compared: u64,
    pub n_better: u64,
    pub n_ties: u64,
    /// `(n_better + n_ties / 2) / n_compared`: the probability that the course beats the
    /// baseline on one replication, ties counted half. NaN when no direction is better.
    pub p_better: f64,
}

/// Accumulates a [`Summary`] from values in replication order.
#[derive(Clone, Debug)]
pub struct SummaryBuilder {
    kind: Kind,
    n_total: u64,
    moments: Moments,
    ones: u64,
    exact: Vec<f64>,
    sketch: Option<LogHistogram>,
}

impl SummaryBuilder {
    pub fn new(kind: Kind) -> SummaryBuilder {
        SummaryBuilder {
            kind,
            n_total: 0,
            moments: Moments::default(),
            ones: 0,
            exact: Vec::new(),
            sketch: None,
        }
    }

    /// One replication's value (NaN: did not happen / not available).
    pub fn push(&mut self, x: f64) {
        self.n_total += 1;
        if !x.is_finite() {
            return;
        }
        self.moments.push(x);
        if x != 0.0 {
            self.ones += 1;
        }
        match &mut self.sketch {
            Some(sketch) => sketch.insert(x),
            None if self.exact.len() < EXACT_MEDIAN_CAP => self.exact.push(x),
            None => {
                let mut sketch = LogHistogram::new(MEDIAN_BITS);
                for v in self.exact.drain(..) {
                    sketch.insert(v);
                }
                sketch.insert(x);
                self.exact = Vec::new();
                self.sketch = Some(sketch);
            }
        }
    }

    pub fn finish(mut self) -> Summary {
        let n = self.moments.n();
        let (median, median_exact) = match &self.sketch {
            Some(sketch) => (sketch.quantile(0.5), false),
            None => {
                self.exact.sort_by(f64::total_cmp);
                (quantile_sorted(&self.exact, 0.5), true)
            }
        };
        let (mean, ci) = match self.kind {
            Kind::Proportion => (
                if n == 0 {
                    f64::NAN
                } else {
                    self.ones as f64 / n as f64
                },
                wilson_interval(self.ones, n),
            ),
            Kind::Amount | Kind::TimeToEvent => (self.moments.mean(), self.moments.interval()),
        };
        Summary {
            n,
            n_total: self.n_total,
            mean,
            sd: self.moments.sd(),
            ci,
            median,
            median_exact,
        }
    }
}

/// Accumulates a [`PairedDiff`] from pairs in replication order.
#[derive(Clone, Debug)]
pub struct PairedBuilder {
    kind: Kind,
    better: Better,
    moments: Moments,
    n_compared: u64,
    n_better: u64,
    n_ties: u64,
}

impl PairedBuilder {
    pub fn new(kind: Kind, better: Better) -> PairedBuilder {
        PairedBuilder {
            kind,
            better,
            moments: Moments::default(),
            n_compared: 0,
            n_better: 0,
            n_ties: 0,
        }
    }

    /// The course's and the baseline's values on the same replication.
    pub fn push(&mut self, x: f64, baseline: f64) {
        let (x_cmp, b_cmp) = match self.kind {
            // "Never" is later than any day.
            Kind::TimeToEvent => (nan_to_inf(x), nan_to_inf(baseline)),
            Kind::Amount | Kind::Proportion => (x, baseline),
        };
        if x.is_finite() && baseline.is_finite() {
            self.moments.push(x - baseline);
        }
        if x_cmp.is_nan() || b_cmp.is_nan() {
            return;
        }
        self.n_compared += 1;
        if x_cmp == b_cmp {
            self.n_ties += 1;
        } else if (self.better == Better::Lower && x_cmp < b_cmp)
            || (self.better == Better::Higher && x_cmp > b_cmp)
        {
            self.n_better += 1;
        }
    }

    pub fn finish(self) -> PairedDiff {
        let p_better = if self.better == Better::Neither || self.n_compared == 0 {
            f64::NAN
        } else {
            (self.n_better as f64 + 0.5 * self.n_ties as f64) / self.n_compared as f64
        };
        PairedDiff {
            n: self.moments.n(),
            mean: self.moments.mean(),
            ci: self.moments.interval(),
            n_compared: self.n_compared,
            n_better: self.n_better,
            n_ties: self.n_ties,
            p_better,
        }
    }
}

fn nan_to_inf(x: f64) -> f64 {
    if x.is_nan() { f64::INFINITY } else { x }
}

/// The summary of an ensemble: per course of action and outcome, plus paired differences
/// against the baseline.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// Course-of-action ids, in the experiment's order.
    pub coas: Vec<String>,
    pub outcomes: Vec<OutcomeSpec>,
    /// Index in `coas` of the baseline.
    pub baseline: usize,
    /// `summaries[coa][outcome]`.
    pub summaries: Vec<Vec<Summary>>,
    /// `diffs[coa][outcome]`: `course − baseline` (for the baseline itself: all zero, P = ½).
    pub diffs: Vec<Vec<PairedDiff>>,
    /// Successful replications per course of action.
    pub replications: Vec<u64>,
}

impl Comparison {
    /// The per-region fighters outcomes (`fighters_<region>`, not `fighters_total`), each with
    /// its region id: the columns of the "fighters per region" tables of the terminal and the
    /// report.
    pub fn region_outcomes(&self) -> Vec<(usize, &str)> {
        self.outcomes
            .iter()
            .enumerate()
            .filter(|(_, o)| o.name != "fighters_total")
            .filter_map(|(i, o)| o.name.strip_prefix("fighters_").map(|region| (i, region)))
            .collect()
    }
}

/// One successful replication: its number and its outcome values.
pub type Row = (u64, Vec<f64>);

/// Where summaries read replications from: one stream per course of action, in replication
/// order, successful replications only.
pub trait RowSource {
    fn rows(
        &self,
        coa: usize,
    ) -> Result<Box<dyn Iterator<Item = Result<Row, ExperimentError>> + '_>, ExperimentError>;
}

/// Summarises every course of action of a source and pairs each with `baseline`.
///
/// Replications that failed for either course are left out of that pair.
pub fn summarize(
    source: &dyn RowSource,
    coas: &[String],
    outcomes: &[OutcomeSpec],
    baseline: usize,
) -> Result<Comparison, ExperimentError> {
    let mut summaries = Vec::with_capacity(coas.len());
    let mut diffs = Vec::with_capacity(coas.len());
    let mut replications = Vec::with_capacity(coas.len());
    for c in 0..coas.len() {
        let mut own: Vec<SummaryBuilder> = outcomes
            .iter()
            .map(|o| SummaryBuilder::new(o.kind))
            .collect();
        let mut paired: Vec<PairedBuilder> = outcomes
            .iter()
            .map(|o| PairedBuilder::new(o.kind, o.better))
            .collect();
        let mut n_rows = 0;
        let mut rows = source.rows(c)?;
        let mut base_rows = source.rows(baseline)?;
        let mut base: Option<Row> = base_rows.next().transpose()?;
        while let Some(row) = rows.next().transpose()? {
            let (rep, values) = row;
            check_width(&values, outcomes.len(), &coas[c], rep)?;
            n_rows += 1;
            for (b, x) in own.iter_mut().zip(&values) {
                b.push(*x);
            }
            // Advance the baseline to this replication (both streams are in order).
            while base.as_ref().is_some_and(|(r, _)| *r < rep) {
                base = base_rows.next().transpose()?;
            }
            if let Some((r, base_values)) = &base
                && *r == rep
            {
                check_width(base_values, outcomes.len(), &coas[baseline], rep)?;
                for ((p, x), y) in paired.iter_mut().zip(&values).zip(base_values) {
                    p.push(*x, *y);
                }
            }
        }
        summaries.push(own.into_iter().map(SummaryBuilder::finish).collect());
        diffs.push(paired.into_iter().map(PairedBuilder::finish).collect());
        replications.push(n_rows);
    }
    Ok(Comparison {
        coas: coas.to_vec(),
        outcomes: outcomes.to_vec(),
        baseline,
        summaries,
        diffs,
        replications,
    })
}

fn check_width(values: &[f64], n: usize, coa: &str, rep: u64) -> Result<(), ExperimentError> {
    if values.len() == n {
        Ok(())
    } else {
        Err(ExperimentError::Invalid(format!(
            "replication {rep} of {coa} has {} outcome values, expected {n}",
            values.len()
        )))
    }
}
