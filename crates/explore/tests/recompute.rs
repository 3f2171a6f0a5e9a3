//! The robustness files recomputed from `results.csv` alone, with this module's own
//! arithmetic (no call into `cordon-explore`'s or `cordon-experiment`'s statistics): regret,
//! satisficing, P(best) and pairwise shares agree to the bit.

use std::collections::BTreeMap;
use std::path::Path;

use cordon_explore::Shard;

use crate::util::{csv, exploration, explore_into, fixture, fresh_dir, settings};

/// NumPy's quantile (type 7) with NumPy's `_lerp`.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let (a, b, t) = (sorted[lo], sorted[hi], h - lo as f64);
    if t >= 0.5 {
        b - (b - a) * (1.0 - t)
    } else {
        a + (b - a) * t
    }
}

/// Wilson's 95% score interval, from its textbook formula.
fn wilson(k: usize, n: usize) -> (f64, f64) {
    let z = 1.959_963_984_540_054_f64;
    let (n, p) = (n as f64, k as f64 / n as f64);
    let d = 1.0 + z * z / n;
    let c = (p + z * z / (2.0 * n)) / d;
    let h = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / d;
    ((c - h).max(0.0), (c + h).min(1.0))
}

/// `values[metric][course]`: per-world means, in world order, from results.csv.
fn per_world(dir: &Path, metrics: &[&str]) -> (Vec<String>, BTreeMap<String, Vec<Vec<f64>>>) {
    let rows = csv(dir, "results.csv");
    let header = &rows[0];
    let mut courses: Vec<String> = Vec::new();
    let mut out: BTreeMap<String, Vec<Vec<f64>>> = BTreeMap::new();
    for row in &rows[1..] {
        if !courses.contains(&row[1]) {
            courses.push(row[1].clone());
        }
        let c = courses.iter().position(|x| *x == row[1]).unwrap();
        for m in metrics {
            let j = header.iter().position(|h| h == m).unwrap();
            let per_course = out.entry(m.to_string()).or_default();
            per_course.resize(per_course.len().max(c + 1), Vec::new());
            per_course[c].push(row[j].parse().unwrap());
        }
    }
    (courses, out)
}

fn field(row: &[String], header: &[String], name: &str) -> f64 {
    row[header.iter().position(|h| h == name).unwrap()]
        .parse()
        .unwrap()
}

fn same(what: &str, file: f64, recomputed: f64) {
    assert_eq!(
        file.to_bits(),
        recomputed.to_bits(),
        "{what}: file {file}, recomputed {recomputed}"
    );
}

#[test]
fn regret_satisficing_and_p_best_recomputed_from_the_per_world_file_agree_to_the_bit() {
    let s = fixture("small.toml");
    let dir = fresh_dir("recompute");
    let metrics = ["fighters_total", "coalition_losses"];
    let satisfice = "fighters_total<1800,coalition_losses<=150";
    explore_into(
        &exploration(&s, 40, 3, 2, Shard::WHOLE),
        &dir,
        false,
        &settings(&metrics, satisfice, 0.8),
    );
    let (courses, values) = per_world(&dir, &metrics);
    let worlds = values["fighters_total"][0].len();
    assert_eq!(worlds, 40);
    let rob = csv(&dir, "robustness.csv");
    let (rh, rob) = (&rob[0], &rob[1..]);
    let pair = csv(&dir, "pairwise.csv");
    let (ph, pair) = (&pair[0], &pair[1..]);
    let mut checked = 0;
    for m in metrics {
        let v = &values[m];
        let best: Vec<f64> = (0..worlds)
            .map(|w| v.iter().map(|c| c[w]).fold(f64::INFINITY, f64::min))
            .collect();
        for (c, name) in courses.iter().enumerate() {
            let row = rob.iter().find(|r| r[0] == m && r[2] == *name).unwrap();
            let regret: Vec<f64> = (0..worlds).map(|w| (v[c][w] - best[w]).abs()).collect();
            let mut sorted = regret.clone();
            sorted.sort_by(f64::total_cmp);
            same(
                "regret_max",
                field(row, rh, "regret_max"),
                sorted[worlds - 1],
            );
            same(
                "regret_p90",
                field(row, rh, "regret_p90"),
                quantile(&sorted, 0.9),
            );
            same(
                "regret_mean",
                field(row, rh, "regret_mean"),
                regret.iter().sum::<f64>() / worlds as f64,
            );
            let mut vs = v[c].clone();
            vs.sort_by(f64::total_cmp);
            same("median", field(row, rh, "median"), quantile(&vs, 0.5));
            same("p10", field(row, rh, "p10"), quantile(&vs, 0.1));
            same("p90", field(row, rh, "p90"), quantile(&vs, 0.9));
            let wins = (0..worlds).filter(|&w| v[c][w] == best[w]).count();
            same("best_worlds", field(row, rh, "best_worlds"), wins as f64);
            same(
                "p_best",
                field(row, rh, "p_best"),
                wins as f64 / worlds as f64,
            );
            let (lo, hi) = wilson(wins, worlds);
            same("p_best_low", field(row, rh, "p_best_low"), lo);
            same("p_best_high", field(row, rh, "p_best_high"), hi);
            for (b, other) in courses.iter().enumerate().filter(|(b, _)| *b != c) {
                let row = pair
                    .iter()
                    .find(|r| r[0] == m && r[1] == *name && r[2] == *other)
                    .unwrap();
                let k = (0..worlds).filter(|&w| v[c][w] < v[b][w]).count();
                same("beats", field(row, ph, "share"), k as f64 / worlds as f64);
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 6);
    let sat = csv(&dir, "satisficing.csv");
    for (c, name) in courses.iter().enumerate() {
        let row = sat[1..].iter().find(|r| r[0] == *name).unwrap();
        let met = (0..worlds)
            .filter(|&w| {
                values["fighters_total"][c][w] < 1800.0 && values["coalition_losses"][c][w] <= 150.0
            })
            .count();
        // The thresholds column is quoted (it holds a comma): count fields from the end.
        let share: f64 = row[row.len() - 3].parse().unwrap();
        same("satisficing share", share, met as f64 / worlds as f64);
        same(
            "satisficing worlds",
            row[row.len() - 5].parse().unwrap(),
            met as f64,
        );
    }
}
