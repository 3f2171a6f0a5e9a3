//! Helpers shared by the test modules.

use std::fmt::Write as _;

use cordon_sa::{
    CategoricalIndices, Design, MorrisIndices, ParamSpace, SobolIndices, parse_param_file,
};

/// Text of `tests/fixtures/<rel>`.
pub fn fixture(rel: &str) -> String {
    let path = format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A parameter space from a fixture parameter file.
pub fn space(rel: &str) -> ParamSpace {
    parse_param_file(&fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The Ishigami function with a = 7, b = 0.1.
pub fn ishigami(x: &[f64]) -> f64 {
    x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
}

/// Exact Ishigami indices (docs/validation.md): (S1, ST) per input.
pub const ISHIGAMI_EXACT: [(f64, f64); 3] =
    [(0.313905, 0.557589), (0.442411, 0.442411), (0.0, 0.243684)];

/// The model evaluated on every row.
pub fn eval(design: &Design, f: impl Fn(&[f64]) -> f64) -> Vec<f64> {
    design.iter_rows().map(f).collect()
}

/// Sobol indices as a fixed-precision table.
pub fn render_sobol(si: &SobolIndices) -> String {
    let mut s = format!("N = {}\n", si.base_samples);
    for i in &si.indices {
        writeln!(
            s,
            "{:<3} S1 {:.4} [{:.4}, {:.4}]  ST {:.4} [{:.4}, {:.4}]",
            i.name, i.s1.value, i.s1.low, i.s1.high, i.st.value, i.st.low, i.st.high
        )
        .unwrap();
    }
    s
}

/// Morris statistics as a fixed-precision table.
pub fn render_morris(mi: &MorrisIndices) -> String {
    let mut s = format!(
        "r = {}, p = {}, delta = {:.6}\n",
        mi.trajectories, mi.levels, mi.delta
    );
    for i in &mi.indices {
        writeln!(
            s,
            "{:<3} mu {:>8.4}  mu* {:.4} [{:.4}, {:.4}]  sigma {:.4}",
            i.name, i.mu, i.mu_star.value, i.mu_star.low, i.mu_star.high, i.sigma
        )
        .unwrap();
    }
    s
}

/// Categorical indices as a fixed-precision table.
pub fn render_categorical(ci: &CategoricalIndices) -> String {
    let mut s = format!("rows = {}\n", ci.rows);
    for i in &ci.indices {
        write!(
            s,
            "{:<6} S1 {:.4} [{:.4}, {:.4}]",
            i.name, i.s1.value, i.s1.low, i.s1.high
        )
        .unwrap();
        for c in &i.categories {
            write!(s, "  {}: n={} mean={:.3}", c.label, c.count, c.mean).unwrap();
        }
        s.push('\n');
    }
    s
}

/// Sample standard deviation (ddof 1).
pub fn sd(xs: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
}
