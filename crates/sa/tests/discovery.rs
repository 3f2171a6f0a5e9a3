//! Scenario discovery against the EMA Workbench (PRIM) and scikit-learn (CART).
//!
//! The references come from `scripts/prim_reference.py` (EMA Workbench 2.5.3,
//! scikit-learn 1.9) and are committed under `tests/fixtures/ema/`. The PRIM data set is the
//! public one of Bryant & Lempert (2010), "Thinking inside the box" (882 runs of a renewable
//! fuels model, nine inputs), shipped with the Workbench; the outcomes are its columns
//! "Greater than 90%" and "Less than 10%".

use cordon_sa::{
    Classify, Dataset, Phase, PrimOptions, Table, binomial_upper_tail, cart, ema_quantile,
    parse_table, prim, resample,
};

use crate::common::fixture;

fn table(rel: &str) -> Table {
    parse_table(&fixture(rel)).unwrap()
}

fn bryant(y: &str) -> Dataset {
    let t = table("ema/bryant_lempert_2010.csv");
    let x: Vec<String> = t.names[2..11].to_vec();
    t.dataset(y, Classify::Boolean, &x).unwrap()
}

/// Statistics and limits must be bit-identical (they are ratios of counts and midpoints of data
/// values); quasi-p-values (an incomplete beta function) within 1e-9.
fn close(what: &str, a: f64, b: f64) {
    assert!(
        a == b || (a - b).abs() <= 1e-9 && what.contains(" qp "),
        "{what}: cordon {a} vs EMA Workbench {b} (difference {})",
        (a - b).abs()
    );
}

/// Reference quasi-p-value: -1 in the Workbench's files means "side not restricted".
fn qp(x: f64) -> Option<f64> {
    (x != -1.0).then_some(x)
}

#[test]
fn prim_reproduces_the_ema_workbench_trajectory_step_by_step() {
    let stats = table("ema/prim_trajectory.csv");
    let boxes = table("ema/prim_boxes.csv");
    let text = fixture("ema/prim_trajectory.csv");
    let y_names: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let box_text = fixture("ema/prim_boxes.csv");
    let box_rows: Vec<Vec<&str>> = box_text
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let col = |t: &Table, name: &str| {
        t.numeric[t.names.iter().position(|n| n == name).unwrap()]
            .clone()
            .unwrap()
    };
    let (alpha, step) = (col(&stats, "peel_alpha"), col(&stats, "box"));
    let mut configs: Vec<(&str, f64)> = Vec::new();
    for (i, &y) in y_names.iter().enumerate() {
        if !configs.contains(&(y, alpha[i])) {
            configs.push((y, alpha[i]));
        }
    }
    assert_eq!(configs.len(), 5);
    let mut compared_steps = 0;
    let mut compared_limits = 0;
    let mut worst_qp = 0.0_f64;
    for (y, a) in configs {
        let data = bryant(y);
        let options = PrimOptions {
            peel_alpha: a,
            ..PrimOptions::default()
        };
        let run = prim(&data, &options).unwrap();
        let rows: Vec<usize> = (0..stats.rows)
            .filter(|&i| y_names[i] == y && alpha[i] == a)
            .collect();
        assert_eq!(
            run.trajectory.len(),
            rows.len(),
            "{y}, peel_alpha {a}: trajectory length"
        );
        for (b, &i) in run.trajectory.iter().zip(&rows) {
            let s = step[i] as usize;
            let what = |f: &str| format!("{y}, peel_alpha {a}, box {s}, {f}");
            for f in ["coverage", "density", "mean", "mass"] {
                let mine = match f {
                    "coverage" => b.coverage,
                    "mass" => b.mass,
                    _ => b.density,
                };
                close(&what(f), mine, col(&stats, f)[i]);
            }
            assert_eq!(
                b.restricted.len() as f64,
                col(&stats, "res_dim")[i],
                "{}",
                what("res_dim")
            );
            assert_eq!(b.n as f64, col(&stats, "n")[i], "{}", what("n"));
            assert_eq!(b.k as f64, col(&stats, "k")[i], "{}", what("k"));
            let theirs: Vec<usize> = (0..boxes.rows)
                .filter(|&r| {
                    box_rows[r][0] == y
                        && col(&boxes, "peel_alpha")[r] == a
                        && col(&boxes, "box")[r] == s as f64
                })
                .collect();
            assert_eq!(
                b.restricted.len(),
                theirs.len(),
                "{}",
                what("restricted dimensions")
            );
            for (q, &r) in b.quasi_p.iter().zip(&theirs) {
                let name = &run.inputs[q.input];
                assert_eq!(name, box_rows[r][3], "{}", what("restricted dimension"));
                let lim = b.limits[q.input];
                close(
                    &what(&format!("{name} lower")),
                    lim.lower,
                    col(&boxes, "lower")[r],
                );
                close(
                    &what(&format!("{name} upper")),
                    lim.upper,
                    col(&boxes, "upper")[r],
                );
                for (mine, theirs, side) in [
                    (q.lower, qp(col(&boxes, "qp_lower")[r]), "lower"),
                    (q.upper, qp(col(&boxes, "qp_upper")[r]), "upper"),
                ] {
                    match (mine, theirs) {
                        (Some(m), Some(t)) => {
                            worst_qp = worst_qp.max((m - t).abs() / t.max(f64::MIN_POSITIVE));
                            close(&what(&format!("{name} qp {side}")), m, t);
                            assert!(
                                (m - t).abs() <= 1e-6 * t,
                                "{}: {m} vs {t}",
                                what("qp relative")
                            );
                        }
                        (None, None) => {}
                        _ => panic!(
                            "{}: {mine:?} vs {theirs:?}",
                            what(&format!("{name} qp {side}"))
                        ),
                    }
                }
                compared_limits += 1;
            }
            compared_steps += 1;
        }
    }
    assert_eq!(compared_steps, stats.rows);
    assert_eq!(compared_limits, boxes.rows);
    // Limits and statistics agree exactly; quasi-p-values to the accuracy of the incomplete beta.
    eprintln!("largest relative difference of a quasi-p-value: {worst_qp:e}");
}

#[test]
fn cart_grows_scikit_learns_tree_on_a_toy_set_with_a_known_tree() {
    // y = 1 exactly when a > 0.6 and b <= 0.3; c is noise. scikit-learn rounds inputs to 32-bit
    // floats before splitting, so the same rounding is applied here to compare thresholds.
    let t = table("ema/cart_toy.csv");
    let x = vec!["a".to_string(), "b".to_string(), "c".to_string()];
    let data = t.dataset("y", Classify::Boolean, &x).unwrap();
    let rounded = Dataset::new(
        x.clone(),
        (0..3)
            .map(|j| {
                data.column(j)
                    .iter()
                    .map(|&v| f64::from(v as f32))
                    .collect()
            })
            .collect(),
        data.y().to_vec(),
    )
    .unwrap();
    let tree = cart(&rounded, 0.05).unwrap();
    assert_eq!(tree.min_samples_leaf, 10);
    let reference = fixture("ema/cart_tree.csv");
    let rows: Vec<Vec<&str>> = reference
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(tree.nodes.len(), rows.len());
    for (node, row) in tree.nodes.iter().zip(&rows) {
        let child = |s: &str| {
            s.parse::<i64>()
                .ok()
                .filter(|&c| c >= 0)
                .map(|c| c as usize)
        };
        match node.split {
            Some((j, threshold)) => {
                assert_eq!(x[j], row[1], "node {}", row[0]);
                assert_eq!(threshold, row[2].parse::<f64>().unwrap(), "node {}", row[0]);
            }
            None => assert_eq!(row[1], "", "node {} is a leaf in scikit-learn", row[0]),
        }
        assert_eq!(
            (node.left, node.right),
            (child(row[3]), child(row[4])),
            "node {}",
            row[0]
        );
        assert_eq!(
            (node.n.to_string(), node.k.to_string()),
            (row[5].into(), row[6].into())
        );
    }
    // The known tree: the leaf of interest is exactly b <= 0.3035, a > 0.5855, pure.
    let hit = tree.leaves.iter().find(|l| l.density == 1.0).unwrap();
    assert_eq!(
        (hit.coverage, hit.mass, hit.res_dim),
        (1.0, 25.0 / 200.0, 2)
    );
    assert!(
        (hit.limits[1].upper - 0.3035).abs() < 1e-6 && (hit.limits[0].lower - 0.5855).abs() < 1e-6
    );
    // Unrounded, the same tree with the thresholds halfway between the 64-bit values.
    let plain = cart(&data, 0.05).unwrap();
    assert_eq!(plain.nodes[0].split, Some((1, 0.3035)));
    assert!(
        plain.nodes[1]
            .split
            .is_some_and(|(j, t)| j == 0 && (t - 0.5855).abs() < 1e-15)
    );
}

#[test]
fn ema_quantile_never_splits_ties() {
    let x = [1.0, 2.0, 2.0, 2.0, 3.0, 4.0];
    // (n-1)q = 0.5 → index 0 and 1: midpoint of 1 and 2.
    assert_eq!(ema_quantile(&x, 0.1), 1.5);
    // (n-1)q = 1 → index 1, tied with the next values: moves up to the next distinct value.
    assert_eq!(ema_quantile(&x, 0.2), 2.5);
    // Upper side: (n-1)q = 4.5 → indices 4 and 5.
    assert_eq!(ema_quantile(&x, 0.9), 3.5);
    // (n-1)q = 3 → index 3, tied below: moves down to the previous distinct value.
    assert_eq!(ema_quantile(&x, 0.6), 1.5);
}

#[test]
fn binomial_tail_matches_closed_forms() {
    // P(X >= n) = p^n; P(X >= 1) = 1 - (1-p)^n.
    assert!((binomial_upper_tail(10, 10, 0.3) - 0.3f64.powi(10)).abs() < 1e-18);
    assert!((binomial_upper_tail(1, 10, 0.3) - (1.0 - 0.7f64.powi(10))).abs() < 1e-14);
    assert_eq!(binomial_upper_tail(0, 10, 0.3), 1.0);
    assert_eq!(binomial_upper_tail(3, 10, 1.0), 1.0);
    assert_eq!(binomial_upper_tail(3, 10, 0.0), 0.0);
}

/// Cases on a grid of two inputs; of interest exactly when `x0 > 0.7`.
fn threshold_data(n_side: usize) -> Dataset {
    let mut cols = vec![Vec::new(), Vec::new()];
    let mut y = Vec::new();
    for i in 0..n_side {
        for j in 0..n_side {
            let (a, b) = (
                (i as f64 + 0.5) / n_side as f64,
                (j as f64 + 0.5) / n_side as f64,
            );
            cols[0].push(a);
            cols[1].push(b);
            y.push(a > 0.7);
        }
    }
    Dataset::new(vec!["x0".into(), "x1".into()], cols, y).unwrap()
}

#[test]
fn prim_recovers_a_known_threshold_within_one_peel() {
    let data = threshold_data(40);
    let pure = PrimOptions {
        threshold: 1.0,
        ..PrimOptions::default()
    };
    let run = prim(&data, &pure).unwrap();
    let chosen = &run.trajectory[run.chosen.unwrap()];
    assert_eq!(chosen.restricted, vec![0]);
    assert_eq!(chosen.density, 1.0);
    // One peel removes 5% of the box: the lower limit lies within one peel of 0.7.
    assert!(
        chosen.limits[0].lower > 0.7 - 0.05 && chosen.limits[0].lower <= 0.7 + 0.05,
        "{:?}",
        chosen.limits[0]
    );
    assert_eq!(chosen.coverage, 1.0);
    assert!(
        run.trajectory
            .iter()
            .skip(1)
            .all(|b| b.phase != Phase::Start)
    );
    // Its restriction is significant; the stability check finds x0 in every resample.
    assert!(chosen.quasi_p[0].lower.unwrap() < 1e-10);
    let stable = resample(&data, &pure, chosen, 10, 0.5, 7).unwrap();
    // As in the Workbench, the box nearest in coverage to a box of coverage 1 is the first box
    // of the trajectory, which restricts nothing; the box nearest in density restricts x0.
    let x0 = stable.iter().find(|s| s.input == 0).unwrap();
    assert_eq!((x0.reproduce_coverage, x0.reproduce_density), (0.0, 100.0));
    assert_eq!(stable, resample(&data, &pure, chosen, 10, 0.5, 7).unwrap());
}

#[test]
fn bad_settings_and_columns_are_errors() {
    let data = threshold_data(4);
    for bad in [0.0, 1.0, f64::NAN] {
        let o = PrimOptions {
            peel_alpha: bad,
            ..PrimOptions::default()
        };
        assert!(prim(&data, &o).is_err());
    }
    let t = parse_table("a,b,y\n1,x,1\n2,y,0\n").unwrap();
    expect_test::expect!["no column `yy` (did you mean `y`?) (columns: a, b, y)"].assert_eq(
        &t.dataset("yy", Classify::Boolean, &[])
            .unwrap_err()
            .to_string(),
    );
    expect_test::expect!["column `b` is not numeric (every field must be a number, true or false)"]
        .assert_eq(
            &t.dataset("y", Classify::Boolean, &["b".into()])
                .unwrap_err()
                .to_string(),
        );
    // Default inputs: the numeric columns other than the outcome.
    assert_eq!(
        t.dataset("y", Classify::Boolean, &[]).unwrap().names(),
        ["a"]
    );
    let none = t.dataset("a", Classify::Above(5.0), &[]).unwrap();
    assert!(prim(&none, &PrimOptions::default()).is_err());
}
