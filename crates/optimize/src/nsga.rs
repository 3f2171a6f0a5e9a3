//! NSGA-II (Deb et al. 2002) over mixed variables, with an ε-dominance archive (Laumanns et al.
//! 2002; as in ε-NSGA-II, Kollat & Reed 2006, and Borg): the archive is the search's answer.
//!
//! The search is a sequence of pure steps so that a caller can evaluate a generation however it
//! likes (in parallel, on a cluster) and store the state between generations:
//! [`initial`] → evaluate → [`State::start`] → ([`State::offspring`] → evaluate →
//! [`State::advance`])*. [`run`] strings them together.
//!
//! Determinism: every random draw comes from a ChaCha8 stream keyed by (seed, generation,
//! index) — the index of the individual (generation 0) or of the pair of children — so the
//! candidates of a generation do not depend on how or in which order the previous generation
//! was evaluated; every sort breaks ties by index. Objectives are minimised.

use rand::{RngExt as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;

use crate::hv::hypervolume;

/// One decision variable.
#[derive(Clone, Debug, PartialEq)]
pub enum Gene {
    Real {
        min: f64,
        max: f64,
    },
    Int {
        min: i64,
        max: i64,
    },
    /// One of `n` choices.
    Choice(usize),
    /// A non-empty subset of `n` items.
    Subset(usize),
    /// An order of `n` items.
    Order(usize),
}

/// A variable's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Real(f64),
    Int(i64),
    Choice(usize),
    Subset(Vec<bool>),
    Order(Vec<usize>),
}

/// How fine the ε-archive's boxes are.
#[derive(Clone, Debug, PartialEq)]
pub enum Epsilon {
    /// Per objective, in its own units.
    Absolute(Vec<f64>),
    /// A fraction of each objective's range over the first generation.
    Relative(f64),
}

/// The search's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub population: usize,
    pub generations: usize,
    pub seed: u64,
    pub epsilon: Epsilon,
    /// Crossover probability per pair.
    pub crossover: f64,
    /// SBX distribution index.
    pub eta_crossover: f64,
    /// Polynomial mutation distribution index.
    pub eta_mutation: f64,
    /// How the next population is chosen within the last front that fits only in part.
    pub survival: Survival,
}

/// The environmental selection within the last front that does not fit whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Survival {
    /// NSGA-II: the members with the largest crowding distance.
    Crowding,
    /// NSGA-III (Deb & Jain 2014): members near the least crowded of the Das–Dennis reference
    /// directions with `divisions` divisions per objective, on objectives normalised by the
    /// ideal point and the first front's extent. Better spread for three objectives or more.
    ReferenceDirections { divisions: usize },
}

impl Config {
    pub fn new(population: usize, generations: usize, seed: u64) -> Config {
        Config {
            population,
            generations,
            seed,
            epsilon: Epsilon::Relative(0.01),
            crossover: 0.9,
            eta_crossover: 15.0,
            eta_mutation: 5.0,
            survival: Survival::Crowding,
        }
    }
}

/// A problem: its variables and its number of objectives.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub genes: Vec<Gene>,
    pub objectives: usize,
}

/// An evaluated candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct Individual {
    pub x: Vec<Value>,
    pub f: Vec<f64>,
}

/// What one generation achieved.
#[derive(Clone, Debug, PartialEq)]
pub struct GenStat {
    pub generation: usize,
    /// Evaluations so far.
    pub evaluations: u64,
    /// Hypervolume of the archive, objectives scaled to [0, 1] over the first generation's
    /// range, reference point 1.1 in each.
    pub hypervolume: f64,
    /// ε-progress so far: how many times a candidate entered a box no archive member held
    /// (Borg's measure of whether the search still finds new trade-offs).
    pub epsilon_progress: u64,
    pub archive: usize,
}

/// The state between generations.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// Generations done (0: the first population is evaluated).
    pub generation: usize,
    pub evaluations: u64,
    pub population: Vec<Individual>,
    /// The ε-nondominated archive, in the order members entered.
    pub archive: Vec<Individual>,
    /// The archive members' boxes (derived from `archive`: [`State::rebox`]).
    pub boxes: Vec<Vec<f64>>,
    /// The first generation's best and worst of each objective (the scale of the hypervolume).
    pub ideal: Vec<f64>,
    pub nadir: Vec<f64>,
    /// The boxes' size per objective.
    pub epsilons: Vec<f64>,
    pub epsilon_progress: u64,
    pub history: Vec<GenStat>,
}

/// The random stream of (seed, generation, index).
fn stream(seed: u64, generation: usize, index: usize) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&(generation as u64).to_le_bytes());
    key[16..24].copy_from_slice(&(index as u64).to_le_bytes());
    key[24..].copy_from_slice(b"cordonop");
    ChaCha8Rng::from_seed(key)
}

fn random_value(gene: &Gene, rng: &mut ChaCha8Rng) -> Value {
    match *gene {
        Gene::Real { min, max } => Value::Real(min + (max - min) * rng.random::<f64>()),
        Gene::Int { min, max } => Value::Int(rng.random_range(min..=max)),
        Gene::Choice(n) => Value::Choice(rng.random_range(0..n)),
        Gene::Subset(n) => {
            let mut m: Vec<bool> = (0..n).map(|_| rng.random::<bool>()).collect();
            repair_subset(&mut m, rng);
            Value::Subset(m)
        }
        Gene::Order(n) => {
            let mut o: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                let j = rng.random_range(0..=i);
                o.swap(i, j);
            }
            Value::Order(o)
        }
    }
}

fn repair_subset(m: &mut [bool], rng: &mut ChaCha8Rng) {
    if !m.is_empty() && !m.iter().any(|x| *x) {
        let i = rng.random_range(0..m.len());
        m[i] = true;
    }
}

/// The first generation: the `seeds` given (e.g. the status quo), then random candidates up to
/// the population size.
pub fn initial(problem: &Problem, config: &Config, seeds: &[Vec<Value>]) -> Vec<Vec<Value>> {
    let mut out: Vec<Vec<Value>> = seeds.iter().take(config.population).cloned().collect();
    for i in out.len()..config.population {
        let mut rng = stream(config.seed, 0, i);
        out.push(
            problem
                .genes
                .iter()
                .map(|g| random_value(g, &mut rng))
                .collect(),
        );
    }
    out
}

/// `a` dominates `b` (minimisation).
pub fn dominates(a: &[f64], b: &[f64]) -> bool {
    a.iter().zip(b).all(|(x, y)| x <= y) && a.iter().zip(b).any(|(x, y)| x < y)
}

/// Fronts of non-dominated sorting (Deb's fast sort), each in index order.
pub fn fronts(f: &[&[f64]]) -> Vec<Vec<usize>> {
    let n = f.len();
    let mut dominated_by: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut count = vec![0usize; n];
    for i in 0..n {
        for j in (i + 1)..n {
            if dominates(f[i], f[j]) {
                dominated_by[i].push(j);
                count[j] += 1;
            } else if dominates(f[j], f[i]) {
                dominated_by[j].push(i);
                count[i] += 1;
            }
        }
    }
    let mut out = Vec::new();
    let mut current: Vec<usize> = (0..n).filter(|&i| count[i] == 0).collect();
    while !current.is_empty() {
        let mut next = Vec::new();
        for &i in &current {
            for &j in &dominated_by[i] {
                count[j] -= 1;
                if count[j] == 0 {
                    next.push(j);
                }
            }
        }
        next.sort_unstable();
        out.push(std::mem::take(&mut current));
        current = next;
    }
    out
}

/// Crowding distance of the members of one front (in the front's order).
#[allow(clippy::needless_range_loop)] // `k` indexes the objectives of several members
fn crowding(f: &[&[f64]], front: &[usize]) -> Vec<f64> {
    let n = front.len();
    let mut d = vec![0.0; n];
    if n == 0 {
        return d;
    }
    let m = f[front[0]].len();
    for k in 0..m {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| {
            f[front[a]][k]
                .total_cmp(&f[front[b]][k])
                .then(front[a].cmp(&front[b]))
        });
        let (lo, hi) = (f[front[order[0]]][k], f[front[order[n - 1]]][k]);
        d[order[0]] = f64::INFINITY;
        d[order[n - 1]] = f64::INFINITY;
        if hi > lo {
            for w in 1..n.saturating_sub(1) {
                d[order[w]] += (f[front[order[w + 1]]][k] - f[front[order[w - 1]]][k]) / (hi - lo);
            }
        }
    }
    d
}

/// Rank and crowding of every individual.
fn rank_and_crowding(pop: &[Individual]) -> (Vec<usize>, Vec<f64>) {
    let f: Vec<&[f64]> = pop.iter().map(|i| i.f.as_slice()).collect();
    let mut rank = vec![0; pop.len()];
    let mut crowd = vec![0.0; pop.len()];
    for (r, front) in fronts(&f).iter().enumerate() {
        for (&i, d) in front.iter().zip(crowding(&f, front)) {
            rank[i] = r;
            crowd[i] = d;
        }
    }
    (rank, crowd)
}

/// Environmental selection: the best `n` of `pop` by front, then by the survival rule within
/// the last front that fits only in part (ties by index).
fn select(pop: Vec<Individual>, n: usize, survival: Survival) -> Vec<Individual> {
    let f: Vec<&[f64]> = pop.iter().map(|i| i.f.as_slice()).collect();
    let mut keep: Vec<usize> = Vec::with_capacity(n);
    let all_fronts = fronts(&f);
    for front in &all_fronts {
        if keep.len() + front.len() <= n {
            keep.extend(front);
            continue;
        }
        match survival {
            Survival::Crowding => {
                let d = crowding(&f, front);
                let mut order: Vec<usize> = (0..front.len()).collect();
                order.sort_by(|&a, &b| d[b].total_cmp(&d[a]).then(front[a].cmp(&front[b])));
                keep.extend(order.iter().take(n - keep.len()).map(|&w| front[w]));
            }
            Survival::ReferenceDirections { divisions } => {
                let chosen = niche(&f, &all_fronts[0], &keep, front, n - keep.len(), divisions);
                keep.extend(chosen);
            }
        }
        break;
    }
    keep.sort_unstable();
    let mut slots: Vec<Option<Individual>> = pop.into_iter().map(Some).collect();
    keep.iter().filter_map(|&i| slots[i].take()).collect()
}

impl State {
    /// The state after the first generation is evaluated.
    pub fn start(problem: &Problem, config: &Config, evaluated: Vec<Individual>) -> State {
        let m = problem.objectives;
        let mut ideal = vec![f64::INFINITY; m];
        let mut nadir = vec![f64::NEG_INFINITY; m];
        for i in &evaluated {
            for k in 0..m {
                ideal[k] = ideal[k].min(i.f[k]);
                nadir[k] = nadir[k].max(i.f[k]);
            }
        }
        let epsilons = match &config.epsilon {
            Epsilon::Absolute(e) => e.clone(),
            Epsilon::Relative(r) => ideal
                .iter()
                .zip(&nadir)
                .map(|(lo, hi)| {
                    let range = hi - lo;
                    if range > 0.0 && range.is_finite() {
                        r * range
                    } else {
                        r * lo.abs().max(1.0)
                    }
                })
                .collect(),
        };
        let evaluations = evaluated.len() as u64;
        let mut state = State {
            generation: 0,
            evaluations,
            population: Vec::new(),
            archive: Vec::new(),
            boxes: Vec::new(),
            ideal,
            nadir,
            epsilons,
            epsilon_progress: 0,
            history: Vec::new(),
        };
        for i in &evaluated {
            state.archive_add(i);
        }
        state.population = select(evaluated, config.population, config.survival);
        state.record();
        state
    }

    /// The children of the next generation (one stream per pair).
    pub fn offspring(&self, problem: &Problem, config: &Config) -> Vec<Vec<Value>> {
        let (rank, crowd) = rank_and_crowding(&self.population);
        let n = self.population.len();
        let better = |a: usize, b: usize| {
            if rank[a] != rank[b] {
                if rank[a] < rank[b] { a } else { b }
            } else if crowd[a] != crowd[b] {
                if crowd[a] > crowd[b] { a } else { b }
            } else {
                a.min(b)
            }
        };
        let generation = self.generation + 1;
        let p_mut = 1.0 / problem.genes.len().max(1) as f64;
        let mut out = Vec::with_capacity(config.population);
        let mut pair = 0;
        while out.len() < config.population {
            let mut rng = stream(config.seed, generation, pair);
            let pick = |rng: &mut ChaCha8Rng| {
                let a = rng.random_range(0..n);
                let b = rng.random_range(0..n);
                better(a, b)
            };
            let (pa, pb) = (pick(&mut rng), pick(&mut rng));
            let (mut c1, mut c2) = (self.population[pa].x.clone(), self.population[pb].x.clone());
            if rng.random::<f64>() < config.crossover {
                for (g, (a, b)) in problem.genes.iter().zip(c1.iter_mut().zip(c2.iter_mut())) {
                    crossover(g, a, b, config.eta_crossover, &mut rng);
                }
            }
            for c in [&mut c1, &mut c2] {
                for (g, v) in problem.genes.iter().zip(c.iter_mut()) {
                    mutate(g, v, p_mut, config.eta_mutation, &mut rng);
                }
            }
            out.push(c1);
            if out.len() < config.population {
                out.push(c2);
            }
            pair += 1;
        }
        out
    }

    /// The state after the offspring are evaluated: (μ + λ) selection and the archive.
    pub fn advance(&mut self, config: &Config, offspring: Vec<Individual>) {
        self.evaluations += offspring.len() as u64;
        for i in &offspring {
            self.archive_add(i);
        }
        let mut all = std::mem::take(&mut self.population);
        // Copies of a member already present take no place (they would crowd out diversity).
        for child in offspring {
            if !all.iter().any(|m| m.x == child.x) {
                all.push(child);
            }
        }
        self.population = select(all, config.population, config.survival);
        self.generation += 1;
        self.record();
    }

    fn boxed(&self, f: &[f64]) -> Vec<f64> {
        f.iter()
            .zip(&self.ideal)
            .zip(&self.epsilons)
            .map(|((x, lo), e)| ((x - lo) / e).floor())
            .collect()
    }

    /// Recomputes the archive's boxes (after the state is read back).
    pub fn rebox(&mut self) {
        self.boxes = self.archive.iter().map(|a| self.boxed(&a.f)).collect();
    }

    /// Adds a candidate to the ε-archive if no member's box dominates its box (within one box,
    /// the candidate that dominates, else the one closer to the box's corner, stays; the
    /// earlier on a tie).
    fn archive_add(&mut self, cand: &Individual) {
        if cand.f.iter().any(|x| !x.is_finite()) {
            return;
        }
        let b = self.boxed(&cand.f);
        let corner_distance = |f: &[f64], s: &State| -> f64 {
            f.iter()
                .zip(&b)
                .zip(s.ideal.iter().zip(&s.epsilons))
                .map(|((x, bi), (lo, e))| ((x - (lo + bi * e)) / e).powi(2))
                .sum()
        };
        let mut same_box = None;
        for (i, ab) in self.boxes.iter().enumerate() {
            if *ab == b {
                same_box = Some(i);
                break;
            }
            if dominates(ab, &b) {
                return;
            }
        }
        if let Some(i) = same_box {
            let incumbent = &self.archive[i];
            let replace = dominates(&cand.f, &incumbent.f)
                || (!dominates(&incumbent.f, &cand.f)
                    && corner_distance(&cand.f, self) < corner_distance(&incumbent.f, self));
            if replace {
                self.archive[i] = cand.clone();
            }
            return;
        }
        let mut keep = self
            .boxes
            .iter()
            .map(|ab| !dominates(&b, ab))
            .collect::<Vec<_>>()
            .into_iter();
        self.archive.retain(|_| keep.next().unwrap_or(true));
        self.boxes.retain(|ab| !dominates(&b, ab));
        self.archive.push(cand.clone());
        self.boxes.push(b);
        self.epsilon_progress += 1;
    }

    /// The archive's hypervolume on the first generation's scale (reference point 1.1).
    pub fn hypervolume(&self) -> f64 {
        let points: Vec<Vec<f64>> = self
            .archive
            .iter()
            .map(|i| {
                i.f.iter()
                    .zip(self.ideal.iter().zip(&self.nadir))
                    .map(|(x, (lo, hi))| {
                        let range = hi - lo;
                        if range > 0.0 {
                            (x - lo) / range
                        } else {
                            x - lo
                        }
                    })
                    .collect()
            })
            .collect();
        hypervolume(&points, &vec![1.1; self.ideal.len()])
    }

    fn record(&mut self) {
        self.history.push(GenStat {
            generation: self.generation,
            evaluations: self.evaluations,
            hypervolume: self.hypervolume(),
            epsilon_progress: self.epsilon_progress,
            archive: self.archive.len(),
        });
    }
}

/// Simulated binary crossover (reals, ints rounded), uniform crossover (choices, subsets),
/// order crossover (permutations).
fn crossover(gene: &Gene, a: &mut Value, b: &mut Value, eta: f64, rng: &mut ChaCha8Rng) {
    match (gene, a, b) {
        (Gene::Real { min, max }, Value::Real(x), Value::Real(y)) => {
            let (u, swap) = (rng.random::<f64>(), rng.random::<f64>());
            if swap < 0.5 {
                let (c1, c2) = sbx(*x, *y, *min, *max, eta, u);
                *x = c1;
                *y = c2;
            }
        }
        (Gene::Int { min, max }, Value::Int(x), Value::Int(y)) => {
            let (u, swap) = (rng.random::<f64>(), rng.random::<f64>());
            if swap < 0.5 {
                let (c1, c2) = sbx(*x as f64, *y as f64, *min as f64, *max as f64, eta, u);
                *x = (c1.round() as i64).clamp(*min, *max);
                *y = (c2.round() as i64).clamp(*min, *max);
            }
        }
        (Gene::Choice(_), Value::Choice(x), Value::Choice(y)) if rng.random::<bool>() => {
            std::mem::swap(x, y);
        }
        (Gene::Subset(_), Value::Subset(x), Value::Subset(y)) => {
            for (p, q) in x.iter_mut().zip(y.iter_mut()) {
                if rng.random::<bool>() {
                    std::mem::swap(p, q);
                }
            }
            repair_subset(x, rng);
            repair_subset(y, rng);
        }
        (Gene::Order(n), Value::Order(x), Value::Order(y)) if *n >= 2 => {
            let i = rng.random_range(0..*n);
            let j = rng.random_range(0..*n);
            let (lo, hi) = (i.min(j), i.max(j));
            let c1 = order_crossover(x, y, lo, hi);
            let c2 = order_crossover(y, x, lo, hi);
            *x = c1;
            *y = c2;
        }
        _ => {}
    }
}

/// SBX (Deb & Agrawal 1995, bounded form) of one variable with draw `u`.
fn sbx(x: f64, y: f64, lo: f64, hi: f64, eta: f64, u: f64) -> (f64, f64) {
    if (x - y).abs() < 1e-14 || hi <= lo {
        return (x, y);
    }
    let (y1, y2) = (x.min(y), x.max(y));
    let child = |beta: f64| {
        let alpha = 2.0 - beta.powf(-(eta + 1.0));
        if u <= 1.0 / alpha {
            (u * alpha).powf(1.0 / (eta + 1.0))
        } else {
            (1.0 / (2.0 - u * alpha)).powf(1.0 / (eta + 1.0))
        }
    };
    let b1 = 1.0 + 2.0 * (y1 - lo) / (y2 - y1);
    let c1 = 0.5 * ((y1 + y2) - child(b1) * (y2 - y1));
    let b2 = 1.0 + 2.0 * (hi - y2) / (y2 - y1);
    let c2 = 0.5 * ((y1 + y2) + child(b2) * (y2 - y1));
    let (c1, c2) = (c1.clamp(lo, hi), c2.clamp(lo, hi));
    if x <= y { (c1, c2) } else { (c2, c1) }
}

/// OX: the child keeps `a[lo..=hi]` in place and fills the rest in `b`'s order.
fn order_crossover(a: &[usize], b: &[usize], lo: usize, hi: usize) -> Vec<usize> {
    let n = a.len();
    let mut child = vec![usize::MAX; n];
    let mut used = vec![false; n];
    for i in lo..=hi {
        child[i] = a[i];
        used[a[i]] = true;
    }
    let mut fill = b.iter().filter(|v| !used[**v]);
    for c in child.iter_mut() {
        if *c == usize::MAX {
            *c = *fill.next().unwrap_or(&0);
        }
    }
    child
}

/// Polynomial mutation (reals, ints rounded), a new choice, bit flips, a swap.
fn mutate(gene: &Gene, v: &mut Value, p: f64, eta: f64, rng: &mut ChaCha8Rng) {
    match (gene, v) {
        (Gene::Real { min, max }, Value::Real(x)) => {
            let (draw, u) = (rng.random::<f64>(), rng.random::<f64>());
            if draw < p {
                *x = polynomial(*x, *min, *max, eta, u);
            }
        }
        (Gene::Int { min, max }, Value::Int(x)) => {
            let (draw, u) = (rng.random::<f64>(), rng.random::<f64>());
            if draw < p {
                let y = polynomial(*x as f64, *min as f64, *max as f64, eta, u);
                let mut z = (y.round() as i64).clamp(*min, *max);
                if z == *x && max > min {
                    // A whole-number step at least, so that mutation can move.
                    z = if (u < 0.5 && *x > *min) || *x == *max {
                        *x - 1
                    } else {
                        *x + 1
                    };
                }
                *x = z;
            }
        }
        (Gene::Choice(n), Value::Choice(c)) => {
            let (draw, k) = (rng.random::<f64>(), rng.random_range(0..(*n).max(2) - 1));
            if draw < p && *n >= 2 {
                *c = if k >= *c { k + 1 } else { k };
            }
        }
        (Gene::Subset(_), Value::Subset(m)) => {
            let q = 1.0 / m.len().max(1) as f64;
            for b in m.iter_mut() {
                if rng.random::<f64>() < q {
                    *b = !*b;
                }
            }
            repair_subset(m, rng);
        }
        (Gene::Order(n), Value::Order(o)) if *n >= 2 => {
            let (draw, i, j) = (
                rng.random::<f64>(),
                rng.random_range(0..*n),
                rng.random_range(0..*n),
            );
            if draw < p {
                o.swap(i, j);
            }
        }
        _ => {}
    }
}

fn polynomial(x: f64, lo: f64, hi: f64, eta: f64, u: f64) -> f64 {
    if hi <= lo {
        return x;
    }
    let (d1, d2) = ((x - lo) / (hi - lo), (hi - x) / (hi - lo));
    let power = 1.0 / (eta + 1.0);
    let dq = if u < 0.5 {
        let v = 2.0 * u + (1.0 - 2.0 * u) * (1.0 - d1).powf(eta + 1.0);
        v.powf(power) - 1.0
    } else {
        let v = 2.0 * (1.0 - u) + 2.0 * (u - 0.5) * (1.0 - d2).powf(eta + 1.0);
        1.0 - v.powf(power)
    };
    (x + dq * (hi - lo)).clamp(lo, hi)
}

/// Runs the whole search with `evaluate` (a batch of candidates to their objectives, in order).
pub fn run(
    problem: &Problem,
    config: &Config,
    seeds: &[Vec<Value>],
    mut evaluate: impl FnMut(&[Vec<Value>]) -> Vec<Vec<f64>>,
) -> State {
    let zip = |xs: Vec<Vec<Value>>, fs: Vec<Vec<f64>>| -> Vec<Individual> {
        xs.into_iter()
            .zip(fs)
            .map(|(x, f)| Individual { x, f })
            .collect()
    };
    let first = initial(problem, config, seeds);
    let f = evaluate(&first);
    let mut state = State::start(problem, config, zip(first, f));
    while state.generation < config.generations {
        let children = state.offspring(problem, config);
        let f = evaluate(&children);
        state.advance(config, zip(children, f));
    }
    state
}

/// The Das–Dennis points: every vector of `m` non-negative multiples of 1/`h` summing to 1,
/// in lexicographic order.
pub fn reference_directions(m: usize, h: usize) -> Vec<Vec<f64>> {
    fn rec(m: usize, left: usize, h: usize, prefix: &mut Vec<usize>, out: &mut Vec<Vec<f64>>) {
        if prefix.len() == m - 1 {
            prefix.push(left);
            out.push(prefix.iter().map(|&k| k as f64 / h as f64).collect());
            prefix.pop();
            return;
        }
        for k in 0..=left {
            prefix.push(k);
            rec(m, left - k, h, prefix, out);
            prefix.pop();
        }
    }
    let mut out = Vec::new();
    if m > 0 && h > 0 {
        rec(m, h, h, &mut Vec::new(), &mut out);
    }
    out
}

/// NSGA-III niching: `k` members of `last` to join `kept`, each from the reference direction
/// with the fewest members so far (ties by direction index), the closest to it first.
fn niche(
    f: &[&[f64]],
    first: &[usize],
    kept: &[usize],
    last: &[usize],
    k: usize,
    divisions: usize,
) -> Vec<usize> {
    let m = f.first().map_or(0, |x| x.len());
    let refs = reference_directions(m, divisions);
    let members: Vec<usize> = kept.iter().chain(last).copied().collect();
    let mut ideal = vec![f64::INFINITY; m];
    for &i in &members {
        for j in 0..m {
            ideal[j] = ideal[j].min(f[i][j]);
        }
    }
    let mut extent = vec![0.0f64; m];
    for &i in first {
        for j in 0..m {
            extent[j] = extent[j].max(f[i][j] - ideal[j]);
        }
    }
    for (j, e) in extent.iter_mut().enumerate() {
        if *e <= 1e-12 {
            *e = members
                .iter()
                .map(|&i| f[i][j] - ideal[j])
                .fold(0.0, f64::max)
                .max(1e-12);
        }
    }
    // Each member's nearest direction and its perpendicular distance to it.
    let associate = |i: usize| -> (usize, f64) {
        let p: Vec<f64> = (0..m).map(|j| (f[i][j] - ideal[j]) / extent[j]).collect();
        let mut best = (0, f64::INFINITY);
        for (r, w) in refs.iter().enumerate() {
            let norm2: f64 = w.iter().map(|x| x * x).sum();
            let dot: f64 = p.iter().zip(w).map(|(a, b)| a * b).sum();
            let d2: f64 = p
                .iter()
                .zip(w)
                .map(|(a, b)| (a - dot / norm2 * b).powi(2))
                .sum();
            if d2 < best.1 {
                best = (r, d2);
            }
        }
        best
    };
    let mut count = vec![0usize; refs.len()];
    for &i in kept {
        count[associate(i).0] += 1;
    }
    let mut pool: Vec<(usize, usize, f64)> = last
        .iter()
        .map(|&i| {
            let (r, d) = associate(i);
            (i, r, d)
        })
        .collect();
    let mut open = vec![true; refs.len()];
    let mut chosen = Vec::with_capacity(k);
    while chosen.len() < k && !pool.is_empty() {
        let Some(r) = (0..refs.len())
            .filter(|&r| open[r])
            .min_by_key(|&r| (count[r], r))
        else {
            break;
        };
        let best = pool
            .iter()
            .enumerate()
            .filter(|(_, (_, pr, _))| *pr == r)
            .min_by(|(_, a), (_, b)| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)))
            .map(|(w, _)| w);
        match best {
            Some(w) => {
                chosen.push(pool.remove(w).0);
                count[r] += 1;
            }
            None => open[r] = false,
        }
    }
    chosen
}
