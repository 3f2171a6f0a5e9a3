//! Designs (rows of parameter values) and the samplers that build them.
//!
//! Every sampler is deterministic: the same space, size and seed give the same design, on any
//! machine and thread count. Randomness comes only from `ChaCha8Rng::seed_from_u64(seed)`.
//!
//! | sampler              | rows           | row layout                                           |
//! |----------------------|----------------|------------------------------------------------------|
//! | [`sample_lhs`]       | `n`            | independent Latin-hypercube rows                     |
//! | [`sample_sobol`]     | `n·(k+2)`      | per base sample: `A`, `A_B^(1)` … `A_B^(k)`, `B` (SALib, `calc_second_order=False`) |
//! | [`sample_morris`]    | `r·(k+1)`      | per trajectory: `k+1` points, one factor moving `±Δ` per step (SALib) |
//! | [`sample_factorial`] | `Πm_c · n`     | every combination of categorical levels × the same `n` LHS rows |

use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::error::{SampleError, ShapeError};
use crate::sobol_seq::{MAX_DIMS, SobolSequence};
use crate::space::ParamSpace;

/// A table of parameter values: `rows × names.len()`, row-major. Categorical columns hold the
/// 0-based category index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Design {
    names: Vec<String>,
    values: Vec<f64>,
}

impl Design {
    /// A design from column names and row-major values; `values.len()` must be a multiple of
    /// the (non-zero) number of names.
    pub fn new(names: Vec<String>, values: Vec<f64>) -> Result<Self, ShapeError> {
        if names.is_empty() || !values.len().is_multiple_of(names.len()) {
            return Err(ShapeError {
                values: values.len(),
                columns: names.len(),
            });
        }
        Ok(Design { names, values })
    }

    /// For samplers and parsers, whose shapes are right by construction.
    pub(crate) fn from_parts(names: Vec<String>, values: Vec<f64>) -> Self {
        debug_assert!(!names.is_empty() && values.len().is_multiple_of(names.len()));
        Design { names, values }
    }

    /// Column names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        if self.names.is_empty() {
            0
        } else {
            self.values.len() / self.names.len()
        }
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.names.len()
    }

    /// Row `i` (panics when out of range, like slice indexing).
    pub fn row(&self, i: usize) -> &[f64] {
        let k = self.names.len();
        &self.values[i * k..(i + 1) * k]
    }

    /// The rows, in order.
    pub fn iter_rows(&self) -> impl Iterator<Item = &[f64]> {
        self.values.chunks_exact(self.names.len().max(1))
    }

    /// All values, row-major.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Writes the design as CSV: a header of parameter names, then one line per row. Numbers use
    /// Rust's shortest round-trip form; categorical columns (per `space`) print their label.
    /// With `header = false` the header is left out (SALib's `np.loadtxt(..., delimiter=",")`
    /// reads that directly).
    pub fn to_csv(&self, space: &ParamSpace, header: bool) -> String {
        let mut out = String::new();
        if header {
            out.push_str(&self.names.join(","));
            out.push('\n');
        }
        for row in self.iter_rows() {
            for (j, v) in row.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                let label = space.params().get(j).and_then(|p| match &p.distribution {
                    crate::Distribution::Categorical { values, .. } => values.get(*v as usize),
                    _ => None,
                });
                match label {
                    Some(l) => out.push_str(l),
                    None => out.push_str(&format_number(*v)),
                }
            }
            out.push('\n');
        }
        out
    }
}

/// Shortest text that parses back to the same `f64` (`{:?}` switches to exponent form for very
/// large and very small magnitudes, which both Rust and NumPy read).
pub(crate) fn format_number(v: f64) -> String {
    let s = format!("{v:?}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

fn from_unit(space: &ParamSpace, unit: &[f64]) -> Design {
    let k = space.len();
    let mut values = Vec::with_capacity(unit.len());
    for row in unit.chunks_exact(k) {
        values.extend(space.map_unit(row));
    }
    Design::from_parts(space.names(), values)
}

/// Latin-hypercube unit coordinates: `n` rows, `dims` columns; in every column each stratum
/// `[i/n, (i+1)/n)` holds exactly one point, placed uniformly within it.
fn lhs_unit(dims: usize, n: usize, rng: &mut ChaCha8Rng) -> Vec<f64> {
    let mut unit = vec![0.0; n * dims];
    let mut perm: Vec<usize> = (0..n).collect();
    for j in 0..dims {
        perm.shuffle(rng);
        for (i, &stratum) in perm.iter().enumerate() {
            let jitter: f64 = rng.random();
            unit[i * dims + j] = (stratum as f64 + jitter) / n as f64;
        }
    }
    unit
}

/// A Latin-hypercube design of `n` rows.
pub fn sample_lhs(space: &ParamSpace, n: usize, seed: u64) -> Result<Design, SampleError> {
    if n == 0 {
        return Err(SampleError::ZeroSamples);
    }
    n.checked_mul(space.len()).ok_or(SampleError::TooManyRows)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    Ok(from_unit(space, &lhs_unit(space.len(), n, &mut rng)))
}

/// Options of the Sobol/Saltelli design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SobolOptions {
    /// Points of the Sobol sequence to skip before the first base sample. The default, 1,
    /// drops the all-zero first point; the design then equals SALib's
    /// `sobol.sample(problem, N, calc_second_order=False, scramble=False, skip_values=1)`.
    pub skip: u64,
    /// `Some(seed)`: apply a random digital shift drawn from `seed` (randomized QMC; the points
    /// then differ from SALib's, the layout does not). `None`: unscrambled.
    pub scramble: Option<u64>,
}

impl Default for SobolOptions {
    fn default() -> Self {
        SobolOptions {
            skip: 1,
            scramble: None,
        }
    }
}

/// The Saltelli (2010) design for first-order and total Sobol indices: `n` base samples, each
/// giving `k + 2` rows `A, A_B^(1), …, A_B^(k), B`, where `A` and `B` are the first and last `k`
/// coordinates of one point of the `2k`-dimensional Sobol sequence and `A_B^(i)` is `A` with
/// column `i` taken from `B`. Same layout as SALib's `sobol.sample(..., calc_second_order=False)`.
pub fn sample_sobol(
    space: &ParamSpace,
    n: usize,
    opts: &SobolOptions,
) -> Result<Design, SampleError> {
    if n == 0 {
        return Err(SampleError::ZeroSamples);
    }
    let k = space.len();
    let dims = 2 * k;
    if dims > MAX_DIMS {
        return Err(SampleError::TooManyDimensions {
            needed: dims,
            max: MAX_DIMS,
        });
    }
    let rows = n.checked_mul(k + 2).ok_or(SampleError::TooManyRows)?;
    rows.checked_mul(k).ok_or(SampleError::TooManyRows)?;
    let mut seq = sobol_sequence(dims, n, opts)?;
    let mut point = vec![0.0; dims];
    let mut unit = Vec::with_capacity(rows * k);
    for _ in 0..n {
        seq.next_into(&mut point)?;
        let (a, b) = point.split_at(k);
        unit.extend_from_slice(a);
        for i in 0..k {
            unit.extend(
                a.iter()
                    .enumerate()
                    .map(|(j, &x)| if j == i { b[j] } else { x }),
            );
        }
        unit.extend_from_slice(b);
    }
    Ok(from_unit(space, &unit))
}

/// The `dims`-dimensional Sobol sequence positioned at `opts.skip`, with a random digital shift
/// when `opts.scramble` is set, checked to hold `n` more points.
fn sobol_sequence(
    dims: usize,
    n: usize,
    opts: &SobolOptions,
) -> Result<SobolSequence, SampleError> {
    let end = opts
        .skip
        .checked_add(n as u64)
        .ok_or(SampleError::SequenceExhausted)?;
    if end > 1 << 32 {
        return Err(SampleError::SequenceExhausted);
    }
    let mut seq = SobolSequence::new(dims)?;
    if let Some(seed) = opts.scramble {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        seq = seq.with_shift((0..dims).map(|_| rng.random::<u32>()).collect());
    }
    seq.seek(opts.skip)?;
    Ok(seq)
}

/// The first `n` points of the `k`-dimensional Sobol sequence after `opts.skip`, with a random
/// digital shift when `opts.scramble` is set, mapped through the parameters' quantiles: a
/// space-filling sample of `n` rows (for exploring, not for Sobol indices).
pub fn sample_sobol_points(
    space: &ParamSpace,
    n: usize,
    opts: &SobolOptions,
) -> Result<Design, SampleError> {
    if n == 0 {
        return Err(SampleError::ZeroSamples);
    }
    let k = space.len();
    if k > MAX_DIMS {
        return Err(SampleError::TooManyDimensions {
            needed: k,
            max: MAX_DIMS,
        });
    }
    n.checked_mul(k).ok_or(SampleError::TooManyRows)?;
    let mut seq = sobol_sequence(k, n, opts)?;
    let mut point = vec![0.0; k];
    let mut unit = Vec::with_capacity(n * k);
    for _ in 0..n {
        seq.next_into(&mut point)?;
        unit.extend_from_slice(&point);
    }
    Ok(from_unit(space, &unit))
}

/// Morris step `Δ = p / (2(p − 1))` on the unit scale for `p` levels.
pub fn morris_delta(levels: usize) -> f64 {
    levels as f64 / (2.0 * (levels as f64 - 1.0))
}

/// `r` Morris trajectories on a `levels`-level grid (`levels` even, ≥ 2), each of `k + 1`
/// rows: a random base point on the levels `{0, 1/(p−1), …, 1 − Δ}`, random directions, and a
/// random order in which the `k` factors move by `±Δ` one at a time (Morris 1991; the
/// construction of SALib's `morris.sample` without trajectory optimisation). Categorical
/// parameters are refused: elementary effects need an ordered scale.
pub fn sample_morris(
    space: &ParamSpace,
    trajectories: usize,
    levels: usize,
    seed: u64,
) -> Result<Design, SampleError> {
    if trajectories == 0 {
        return Err(SampleError::ZeroSamples);
    }
    if levels < 2 || !levels.is_multiple_of(2) {
        return Err(SampleError::BadLevels { levels });
    }
    if let Some(p) = space
        .params()
        .iter()
        .find(|p| p.distribution.is_categorical())
    {
        return Err(SampleError::CategoricalInMorris {
            name: p.name.clone(),
        });
    }
    let k = space.len();
    let rows = trajectories
        .checked_mul(k + 1)
        .ok_or(SampleError::TooManyRows)?;
    rows.checked_mul(k).ok_or(SampleError::TooManyRows)?;
    let step = levels / 2; // Δ in grid steps
    let top = (levels - 1) as f64;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut unit = Vec::with_capacity(rows * k);
    let mut order: Vec<usize> = (0..k).collect();
    for _ in 0..trajectories {
        // Base point on the lower half of the grid, then the starting level per direction.
        let mut level: Vec<usize> = (0..k).map(|_| rng.random_range(0..step)).collect();
        let up: Vec<bool> = (0..k).map(|_| rng.random::<bool>()).collect();
        for (l, &u) in level.iter_mut().zip(&up) {
            if !u {
                *l += step;
            }
        }
        order.shuffle(&mut rng);
        unit.extend(level.iter().map(|&l| l as f64 / top));
        for &j in &order {
            if up[j] {
                level[j] += step;
            } else {
                level[j] -= step;
            }
            unit.extend(level.iter().map(|&l| l as f64 / top));
        }
    }
    Ok(from_unit(space, &unit))
}

/// A full factorial over the categorical parameters crossed with one Latin hypercube of `n`
/// rows over the continuous parameters: for every combination of categories (the first
/// categorical parameter varies slowest), the same `n` continuous rows. With no categorical
/// parameter this is an LHS; with no continuous parameter, the factorial alone (`n` ignored).
pub fn sample_factorial(space: &ParamSpace, n: usize, seed: u64) -> Result<Design, SampleError> {
    let k = space.len();
    let cat: Vec<(usize, usize)> = space
        .params()
        .iter()
        .enumerate()
        .filter_map(|(j, p)| p.distribution.category_count().map(|m| (j, m)))
        .collect();
    let cont: Vec<usize> = (0..k)
        .filter(|&j| !space.params()[j].distribution.is_categorical())
        .collect();
    let n = if cont.is_empty() { 1 } else { n };
    if n == 0 {
        return Err(SampleError::ZeroSamples);
    }
    let combos = cat
        .iter()
        .try_fold(1usize, |acc, &(_, m)| acc.checked_mul(m))
        .ok_or(SampleError::TooManyRows)?;
    let rows = combos.checked_mul(n).ok_or(SampleError::TooManyRows)?;
    rows.checked_mul(k).ok_or(SampleError::TooManyRows)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let lhs = lhs_unit(cont.len(), n, &mut rng);
    let mut values = Vec::with_capacity(rows * k);
    let mut digits = vec![0usize; cat.len()];
    for _ in 0..combos {
        for i in 0..n {
            let mut row = vec![0.0; k];
            for (c, &j) in cont.iter().enumerate() {
                row[j] = space.params()[j]
                    .distribution
                    .quantile(lhs[i * cont.len() + c]);
            }
            for (d, &(j, _)) in digits.iter().zip(&cat) {
                row[j] = *d as f64;
            }
            values.extend(row);
        }
        // Odometer increment, last categorical parameter fastest.
        for (d, &(_, m)) in digits.iter_mut().zip(&cat).rev() {
            *d += 1;
            if *d < m {
                break;
            }
            *d = 0;
        }
    }
    Ok(Design::from_parts(space.names(), values))
}
