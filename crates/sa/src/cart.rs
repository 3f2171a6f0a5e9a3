//! CART for scenario discovery: a binary classification tree grown as scikit-learn's
//! `DecisionTreeClassifier` grows it (Gini impurity, best split, no depth limit), with the EMA
//! Workbench's setting `min_samples_leaf = ⌊mass_min · n⌋`, and its leaves read as boxes
//! (`ema_workbench.analysis.cart`).
//!
//! A node is split when it is impure and holds at least `2 · min_samples_leaf` cases; the split
//! minimises the children's summed `n · Gini` over every input and every threshold halfway
//! between two consecutive distinct values that leaves `min_samples_leaf` cases on each side
//! (cases `x ≤ threshold` go left). Ties go to the first input in column order and the lowest
//! threshold (scikit-learn breaks ties between inputs by a random order). Nodes are numbered in
//! pre-order, left child first, as scikit-learn numbers them. scikit-learn rounds the inputs to
//! 32-bit floats before it splits; this implementation splits the values as given.

use serde::Serialize;

use crate::dataset::Dataset;
use crate::error::DiscoveryError;
use crate::prim::Limits;

/// One node of the tree.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Node {
    /// The split (input index and threshold), or `None` for a leaf.
    pub split: Option<(usize, f64)>,
    /// Children (node indices), for a split node.
    pub left: Option<usize>,
    pub right: Option<usize>,
    /// Cases in the node, and cases of interest.
    pub n: usize,
    pub k: usize,
}

/// A leaf read as a box.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Leaf {
    pub node: usize,
    /// Per input, in input order (the data's range where the path does not restrict it).
    pub limits: Vec<Limits>,
    pub coverage: f64,
    pub density: f64,
    pub mass: f64,
    pub res_dim: usize,
}

/// A grown tree.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cart {
    pub inputs: Vec<String>,
    pub min_samples_leaf: usize,
    /// The range of every input over the data.
    pub range: Vec<Limits>,
    pub nodes: Vec<Node>,
    pub leaves: Vec<Leaf>,
}

/// The splits from the root to a node: (input, threshold, went left).
type Path = Vec<(usize, f64, bool)>;

/// A node still to add: its cases, its parent (and whether it is the left child), its path.
type Pending = (Vec<usize>, Option<(usize, bool)>, Path);

/// Grows the tree with leaves of at least `⌊mass_min · n⌋` cases (at least 1).
pub fn cart(data: &Dataset, mass_min: f64) -> Result<Cart, DiscoveryError> {
    if !(mass_min.is_finite() && (0.0..0.5).contains(&mass_min)) {
        return Err(DiscoveryError::Invalid(format!(
            "mass_min must lie in [0, 0.5), not {mass_min}"
        )));
    }
    let min_leaf = ((mass_min * data.len() as f64) as usize).max(1);
    let mut nodes = Vec::new();
    let mut paths = Vec::new();
    // Pre-order: a stack of (rows, parent and side, path from the root).
    let mut stack: Vec<Pending> = vec![((0..data.len()).collect(), None, Vec::new())];
    while let Some((rows, parent, path)) = stack.pop() {
        let id = nodes.len();
        if let Some((p, is_left)) = parent {
            let node: &mut Node = &mut nodes[p];
            if is_left {
                node.left = Some(id);
            } else {
                node.right = Some(id);
            }
        }
        let k = rows.iter().filter(|&&r| data.y()[r]).count();
        let impure = k > 0 && k < rows.len();
        let split = if impure && rows.len() >= 2 * min_leaf {
            best_split(data, &rows, min_leaf)
        } else {
            None
        };
        nodes.push(Node {
            split,
            left: None,
            right: None,
            n: rows.len(),
            k,
        });
        match split {
            Some((j, t)) => {
                let x = data.column(j);
                let (l, r): (Vec<usize>, Vec<usize>) = rows.iter().partition(|&&i| x[i] <= t);
                let mut right_path = path.clone();
                right_path.push((j, t, false));
                let mut left_path = path;
                left_path.push((j, t, true));
                stack.push((r, Some((id, false)), right_path));
                stack.push((l, Some((id, true)), left_path));
            }
            None => paths.push((id, path)),
        }
    }
    let range = crate::prim::ranges(data);
    let leaves = leaves(data, &range, &nodes, paths);
    Ok(Cart {
        inputs: data.names().to_vec(),
        min_samples_leaf: min_leaf,
        range,
        nodes,
        leaves,
    })
}

fn leaves(
    data: &Dataset,
    range: &[Limits],
    nodes: &[Node],
    paths: Vec<(usize, Path)>,
) -> Vec<Leaf> {
    let total_interest = data.y().iter().filter(|&&y| y).count();
    paths
        .into_iter()
        .map(|(node, path)| {
            let mut limits = range.to_vec();
            for (j, t, left) in path {
                if left {
                    limits[j].upper = t;
                } else {
                    limits[j].lower = t;
                }
            }
            let res_dim = (0..limits.len()).filter(|&j| limits[j] != range[j]).count();
            let Node { n, k, .. } = nodes[node];
            Leaf {
                node,
                limits,
                coverage: if total_interest == 0 {
                    0.0
                } else {
                    k as f64 / total_interest as f64
                },
                density: k as f64 / n as f64,
                mass: n as f64 / data.len() as f64,
                res_dim,
            }
        })
        .collect()
}

/// The split of `rows` with the lowest summed `n · Gini` of the children.
fn best_split(data: &Dataset, rows: &[usize], min_leaf: usize) -> Option<(usize, f64)> {
    let n = rows.len();
    let k_total = rows.iter().filter(|&&r| data.y()[r]).count();
    let gini_sum = |n: usize, k: usize| {
        // n · Gini = n · (1 − p² − (1−p)²) = 2k(n−k)/n.
        if n == 0 {
            0.0
        } else {
            2.0 * k as f64 * (n - k) as f64 / n as f64
        }
    };
    let mut best: Option<(f64, usize, f64)> = None;
    let mut order: Vec<usize> = rows.to_vec();
    for j in 0..data.cols() {
        let x = data.column(j);
        order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
        let mut k_left = 0;
        for p in 1..n {
            k_left += usize::from(data.y()[order[p - 1]]);
            let (a, b) = (x[order[p - 1]], x[order[p]]);
            if b <= a || p < min_leaf || n - p < min_leaf {
                continue;
            }
            let cost = gini_sum(p, k_left) + gini_sum(n - p, k_total - k_left);
            if best.is_none_or(|(c, _, _)| cost < c) {
                let mut t = a / 2.0 + b / 2.0;
                if t >= b {
                    t = a;
                }
                best = Some((cost, j, t));
            }
        }
    }
    best.map(|(_, j, t)| (j, t))
}
