//! Factorial experiments over the strategy factors: which element of a strategy matters, by how
//! much, and under which conditions.
//!
//! A [`Design`] is a set of points of the scenario's factor space
//! ([`cordon_model::Scenario::factor_space`]); every point is a course of action generated from
//! the same capability base ([`cordon_model::Scenario::with_arms`]). Every arm runs the same
//! replications with the same stream keys (common random numbers), so every effect is estimated
//! replication by replication and its interval comes from the spread of those paired estimates.
//!
//! Effects are the ANOVA decomposition of the cell means (sum-to-zero coding): for a set of
//! factors `S` at levels `l`, `E_S(l) = Σ_{T ⊆ S} (−1)^{|S∖T|} M_T(l_T)`, with `M_T` the mean of
//! the cells that match `l` on `T` (`M_∅` is the grand mean). In a full factorial every cell
//! mean is exactly the sum of the effects of every subset of factors at its levels
//! ([`Effects::reconstruct`]); main effects are the `|S| = 1` terms, two-way interactions the
//! `|S| = 2` terms.

use cordon_model::{FactorSpec, Levels, Scenario};

use crate::stats::Moments;

/// The arms of a factorial experiment: one level index per factor for each arm.
#[derive(Clone, Debug, PartialEq)]
pub struct Design {
    pub factors: Vec<FactorSpec>,
    pub points: Vec<Vec<usize>>,
}

impl Design {
    /// The full factorial over `factors`, with some factors held at one level (`fixed`: factor
    /// index and level index). Arms are in mixed-radix order, the last factor fastest.
    pub fn full(factors: &[FactorSpec], fixed: &[(usize, usize)]) -> Design {
        let choices: Vec<Vec<usize>> = factors
            .iter()
            .enumerate()
            .map(|(f, spec)| match fixed.iter().find(|(g, _)| *g == f) {
                Some(&(_, l)) => vec![l],
                None => (0..spec.levels.len()).collect(),
            })
            .collect();
        let mut points = vec![Vec::new()];
        for options in &choices {
            points = points
                .into_iter()
                .flat_map(|p| {
                    options.iter().map(move |&l| {
                        let mut q = p.clone();
                        q.push(l);
                        q
                    })
                })
                .collect();
        }
        Design {
            factors: factors.to_vec(),
            points,
        }
    }

    /// The factors that vary across the arms.
    pub fn varied(&self) -> Vec<usize> {
        (0..self.factors.len())
            .filter(|&f| {
                self.points
                    .first()
                    .is_some_and(|p0| self.points.iter().any(|p| p[f] != p0[f]))
            })
            .collect()
    }

    /// The id of arm `i`: its levels, `factor=level` joined by `,` (varied factors only).
    pub fn arm_id(&self, i: usize) -> String {
        let varied = self.varied();
        let parts: Vec<String> = varied
            .iter()
            .map(|&f| {
                format!(
                    "{}={}",
                    self.factors[f].name, self.factors[f].levels[self.points[i][f]]
                )
            })
            .collect();
        if parts.is_empty() {
            "all-fixed".into()
        } else {
            parts.join(",")
        }
    }

    /// The scenario whose courses of action are the arms.
    pub fn scenario(&self, s: &Scenario) -> Result<Scenario, String> {
        let arms: Vec<(String, Levels)> = (0..self.points.len())
            .map(|i| {
                let levels = s
                    .levels_of(&self.points[i])
                    .ok_or_else(|| format!("arm {i} is not a point of the factor space"))?;
                Ok((self.arm_id(i), levels))
            })
            .collect::<Result<_, String>>()?;
        s.with_arms(&arms)
    }

    /// Arms at level `level` of factor `factor`.
    fn arms_at(&self, factor: usize, level: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.points.len()).filter(move |&i| self.points[i][factor] == level)
    }
}

/// A statistic estimated replication by replication: its mean and 95% t-interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub mean: f64,
    pub lo: f64,
    pub hi: f64,
    pub n: u64,
}

impl Estimate {
    fn of(values: impl Iterator<Item = f64>) -> Estimate {
        let mut m = Moments::default();
        for v in values {
            m.push(v);
        }
        let (mean, n) = (m.mean(), m.n());
        let ci = if n >= 2 {
            m.interval()
        } else {
            crate::stats::Interval { lo: mean, hi: mean }
        };
        // A constant statistic (every replication agrees) has a zero-width interval.
        let (lo, hi) = if m.sd() == 0.0 {
            (mean, mean)
        } else {
            (ci.lo, ci.hi)
        };
        Estimate { mean, lo, hi, n }
    }

    /// Whether the interval excludes zero.
    pub fn significant(&self) -> bool {
        self.lo > 0.0 || self.hi < 0.0
    }
}

/// One effect of the decomposition: a set of factors at given levels.
#[derive(Clone, Debug, PartialEq)]
pub struct Effect {
    /// Factor indices (increasing).
    pub factors: Vec<usize>,
    /// Their levels.
    pub levels: Vec<usize>,
    pub estimate: Estimate,
}

/// Every effect of one outcome, up to an order, and the per-replication cell values.
#[derive(Clone, Debug)]
pub struct Effects {
    pub grand: Estimate,
    pub effects: Vec<Effect>,
}

/// Cell values of one outcome: `values[arm][rep]`.
pub type Cells = Vec<Vec<f64>>;

/// The marginal mean of one replication over the arms that match `levels` on `factors`.
fn marginal(
    design: &Design,
    cells: &Cells,
    rep: usize,
    factors: &[usize],
    levels: &[usize],
) -> f64 {
    let (mut sum, mut n) = (0.0, 0usize);
    for (i, p) in design.points.iter().enumerate() {
        if factors.iter().zip(levels).all(|(&f, &l)| p[f] == l) {
            sum += cells[i][rep];
            n += 1;
        }
    }
    if n == 0 { f64::NAN } else { sum / n as f64 }
}

/// The effect of `factors` at `levels` in one replication, by inclusion–exclusion over subsets.
fn effect_in(
    design: &Design,
    cells: &Cells,
    rep: usize,
    factors: &[usize],
    levels: &[usize],
) -> f64 {
    let k = factors.len();
    let mut total = 0.0;
    for mask in 0u32..(1 << k) {
        let (fs, ls): (Vec<usize>, Vec<usize>) = (0..k)
            .filter(|j| mask & (1 << j) != 0)
            .map(|j| (factors[j], levels[j]))
            .unzip();
        let sign = if (k - fs.len()).is_multiple_of(2) {
            1.0
        } else {
            -1.0
        };
        total += sign * marginal(design, cells, rep, &fs, &ls);
    }
    total
}

/// Every subset of `of` with exactly `size` elements, in lexicographic order.
fn subsets(of: &[usize], size: usize) -> Vec<Vec<usize>> {
    if size == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for (i, &f) in of.iter().enumerate() {
        for mut rest in subsets(&of[i + 1..], size - 1) {
            rest.insert(0, f);
            out.push(rest);
        }
    }
    out
}

/// Every combination of levels of `factors` present in the design, in design order.
fn level_tuples(design: &Design, factors: &[usize]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    for p in &design.points {
        let t: Vec<usize> = factors.iter().map(|&f| p[f]).collect();
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out.sort();
    out
}

/// The effects of every set of up to `max_order` varied factors, each estimated per
/// replication.
pub fn effects(design: &Design, cells: &Cells, max_order: usize) -> Effects {
    let reps = cells.first().map_or(0, Vec::len);
    let varied = design.varied();
    let grand = Estimate::of((0..reps).map(|r| marginal(design, cells, r, &[], &[])));
    let mut out = Vec::new();
    for order in 1..=max_order.min(varied.len()) {
        for fs in subsets(&varied, order) {
            for ls in level_tuples(design, &fs) {
                let estimate =
                    Estimate::of((0..reps).map(|r| effect_in(design, cells, r, &fs, &ls)));
                out.push(Effect {
                    factors: fs.clone(),
                    levels: ls,
                    estimate,
                });
            }
        }
    }
    Effects {
        grand,
        effects: out,
    }
}

impl Effects {
    /// The mean of arm `arm` rebuilt from the grand mean and the effects of every subset of
    /// factors at its levels (exact for a full factorial when every order was computed).
    pub fn reconstruct(&self, design: &Design, arm: usize) -> f64 {
        let p = &design.points[arm];
        self.grand.mean
            + self
                .effects
                .iter()
                .filter(|e| e.factors.iter().zip(&e.levels).all(|(&f, &l)| p[f] == l))
                .map(|e| e.estimate.mean)
                .sum::<f64>()
    }

    /// The main effects of factor `f`, one per level.
    pub fn main(&self, f: usize) -> impl Iterator<Item = &Effect> {
        self.effects.iter().filter(move |e| e.factors == [f])
    }
}

/// The difference of the marginal means of levels `a` and `b` of `factor` (a − b), optionally
/// within the arms where `given` factor is at a level, estimated per replication.
pub fn contrast(
    design: &Design,
    cells: &Cells,
    factor: usize,
    a: usize,
    b: usize,
    given: Option<(usize, usize)>,
) -> Estimate {
    let reps = cells.first().map_or(0, Vec::len);
    let keep = |i: &usize| given.is_none_or(|(g, l)| design.points[*i][g] == l);
    let at_a: Vec<usize> = design.arms_at(factor, a).filter(keep).collect();
    let at_b: Vec<usize> = design.arms_at(factor, b).filter(keep).collect();
    let mean = |arms: &[usize], r: usize| {
        arms.iter().map(|&i| cells[i][r]).sum::<f64>() / arms.len().max(1) as f64
    };
    Estimate::of((0..reps).map(|r| mean(&at_a, r) - mean(&at_b, r)))
}

/// The cell mean of every arm with its interval.
pub fn cell_means(cells: &Cells) -> Vec<Estimate> {
    cells
        .iter()
        .map(|reps| Estimate::of(reps.iter().copied()))
        .collect()
}

/// The outcomes of every arm and replication of a factorial experiment.
#[derive(Clone, Debug)]
pub struct FactorialRun {
    /// The scenario whose courses of action are the arms.
    pub scenario: Scenario,
    /// Outcome names (`cordon_engine::Outcome::names`).
    pub names: Vec<String>,
    /// `values[outcome][arm][rep]`.
    pub values: Vec<Cells>,
}

/// Runs every arm of `design` `reps` times; replication `r` of every arm uses the stream key
/// (seed, r). Any failed campaign fails the experiment, naming the first.
pub fn run(
    s: &Scenario,
    design: &Design,
    reps: u64,
    seed: u64,
    mode: cordon_engine::Mode,
    pool: &rayon::ThreadPool,
    progress: &dyn crate::Progress,
) -> Result<FactorialRun, crate::ExperimentError> {
    use crate::ExperimentError::Invalid;
    if reps == 0 {
        return Err(Invalid(
            "a factorial experiment needs at least one replication".into(),
        ));
    }
    let arms = design.scenario(s).map_err(Invalid)?;
    let n_arms = design.points.len();
    let units: Vec<crate::Unit> = (0..n_arms)
        .flat_map(|a| {
            (0..reps).map(move |r| crate::Unit {
                coa: cordon_model::CoaId::from_index(a),
                key: cordon_engine::StreamKey::new(seed, r),
            })
        })
        .collect();
    progress.start(units.len() as u64, 0);
    let results = crate::run_units(&arms, &units, mode, None, pool, progress);
    progress.finish();
    let names = cordon_engine::Outcome::names(&arms);
    let reps = reps as usize;
    let mut values = vec![vec![vec![0.0; reps]; n_arms]; names.len()];
    for (u, result) in results.into_iter().enumerate() {
        let (a, r) = (u / reps, u % reps);
        let outcome = result.outcome.map_err(|e| {
            Invalid(format!(
                "arm {} ({}), replication {r} failed: {e}",
                a,
                arms.coas()[a].id
            ))
        })?;
        for (k, v) in outcome.into_iter().enumerate() {
            values[k][a][r] = v;
        }
    }
    Ok(FactorialRun {
        scenario: arms,
        names,
        values,
    })
}
