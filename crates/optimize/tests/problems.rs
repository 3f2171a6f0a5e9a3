//! The algorithm on benchmark problems whose true fronts are known, and the hypervolume on
//! sets whose volume is known in closed form.

use cordon_optimize::hypervolume;
use cordon_optimize::nsga::{self, Config, Epsilon, Gene, Problem, Survival, Value};

fn reals(x: &[Value]) -> Vec<f64> {
    x.iter()
        .map(|v| match v {
            Value::Real(r) => *r,
            other => panic!("not a real: {other:?}"),
        })
        .collect()
}

/// ZDT1 (Zitzler, Deb & Thiele 2000): 30 variables in [0, 1]; front f2 = 1 − √f1.
fn zdt1(x: &[f64]) -> Vec<f64> {
    let g = 1.0 + 9.0 * x[1..].iter().sum::<f64>() / (x.len() - 1) as f64;
    vec![x[0], g * (1.0 - (x[0] / g).sqrt())]
}

/// DTLZ2 (Deb, Thiele, Laumanns & Zitzler 2002), 3 objectives, 12 variables; front: the unit
/// sphere's positive octant.
fn dtlz2(x: &[f64]) -> Vec<f64> {
    use std::f64::consts::FRAC_PI_2;
    let g: f64 = x[2..].iter().map(|v| (v - 0.5).powi(2)).sum();
    let (a, b) = (x[0] * FRAC_PI_2, x[1] * FRAC_PI_2);
    vec![
        (1.0 + g) * a.cos() * b.cos(),
        (1.0 + g) * a.cos() * b.sin(),
        (1.0 + g) * a.sin(),
    ]
}

fn search(n: usize, objectives: usize, config: &Config, f: fn(&[f64]) -> Vec<f64>) -> nsga::State {
    let problem = Problem {
        genes: vec![Gene::Real { min: 0.0, max: 1.0 }; n],
        objectives,
    };
    nsga::run(&problem, config, &[], |xs| {
        xs.iter().map(|x| f(&reals(x))).collect()
    })
}

fn archive_hv(state: &nsga::State, reference: &[f64]) -> f64 {
    let points: Vec<Vec<f64>> = state.archive.iter().map(|i| i.f.clone()).collect();
    hypervolume(&points, reference)
}

#[test]
fn zdt1_reaches_the_true_fronts_hypervolume_within_one_percent() {
    // The continuous front, reference (1.1, 1.1): ∫₀¹ (0.1 + √x) dx + 0.1 · 1.1.
    let truth = 0.1 + 2.0 / 3.0 + 0.11;
    let mut config = Config::new(100, 600, 7);
    config.epsilon = Epsilon::Absolute(vec![0.002, 0.002]);
    let state = search(30, 2, &config, zdt1);
    let hv = archive_hv(&state, &[1.1, 1.1]);
    eprintln!("ZDT1: hv {hv} of {truth}, archive {}", state.archive.len());
    assert!(hv <= truth && hv > 0.99 * truth, "hv {hv}, truth {truth}");
}

#[test]
fn dtlz2_reaches_the_true_fronts_hypervolume_within_one_percent() {
    // NSGA-III with 91 reference directions (12 divisions); the true front as the standard
    // reference set: the 91 points where those directions meet the unit sphere. (The
    // continuous front's hypervolume, 1.1³ − π/6, is printed beside it.)
    let divisions = 12;
    let directions = nsga::reference_directions(3, divisions);
    assert_eq!(directions.len(), 91);
    let truth_points: Vec<Vec<f64>> = directions
        .iter()
        .map(|w| {
            let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
            w.iter().map(|x| x / norm).collect()
        })
        .collect();
    let reference = [1.1, 1.1, 1.1];
    let truth = hypervolume(&truth_points, &reference);
    let mut config = Config::new(92, 2000, 7);
    config.survival = Survival::ReferenceDirections { divisions };
    config.eta_crossover = 30.0;
    config.eta_mutation = 20.0;
    let state = search(12, 3, &config, dtlz2);
    let points: Vec<Vec<f64>> = state.population.iter().map(|i| i.f.clone()).collect();
    let hv = hypervolume(&points, &reference);
    let continuous = 1.1f64.powi(3) - std::f64::consts::PI / 6.0;
    eprintln!("DTLZ2: hv {hv} of {truth} (continuous front {continuous})");
    assert!(hv > 0.99 * truth, "hv {hv}, truth {truth}");
}

#[test]
fn hypervolume_matches_closed_forms() {
    // One point: a box.
    assert_eq!(hypervolume(&[vec![0.5, 0.25]], &[1.0, 1.0]), 0.5 * 0.75);
    assert_eq!(hypervolume(&[vec![0.5, 0.5, 0.5]], &[1.0, 1.0, 1.0]), 0.125);
    // Two boxes overlapping: inclusion–exclusion.
    let two = [vec![0.0, 0.5, 0.5], vec![0.5, 0.0, 0.5]];
    assert!((hypervolume(&two, &[1.0, 1.0, 1.0]) - (0.25 + 0.25 - 0.125)).abs() < 1e-12);
    // Dominated and out-of-reference points add nothing; 3-D agrees with slicing in 4-D.
    let pts = vec![
        vec![0.1, 0.6, 0.3],
        vec![0.4, 0.2, 0.5],
        vec![0.7, 0.7, 0.1],
        vec![0.8, 0.8, 0.8],
        vec![1.2, 0.0, 0.0],
    ];
    let hv3 = hypervolume(&pts, &[1.0, 1.0, 1.0]);
    let lifted: Vec<Vec<f64>> = pts
        .iter()
        .map(|p| [p.as_slice(), &[0.0]].concat())
        .collect();
    let hv4 = hypervolume(&lifted, &[1.0, 1.0, 1.0, 1.0]);
    assert!((hv3 - hv4).abs() < 1e-12, "{hv3} vs {hv4}");
    // Monte Carlo-free check of the 3-D sweep: a fine grid count.
    let n = 200;
    let mut inside = 0;
    for a in 0..n {
        for b in 0..n {
            for c in 0..n {
                let q = [
                    (a as f64 + 0.5) / n as f64,
                    (b as f64 + 0.5) / n as f64,
                    (c as f64 + 0.5) / n as f64,
                ];
                if pts.iter().any(|p| p.iter().zip(&q).all(|(x, y)| x <= y)) {
                    inside += 1;
                }
            }
        }
    }
    let grid = inside as f64 / (n * n * n) as f64;
    assert!((hv3 - grid).abs() < 0.01, "{hv3} vs grid {grid}");
}
