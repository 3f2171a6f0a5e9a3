//! Exact hypervolume (minimisation): the volume that a set of points dominates up to a
//! reference point.
//!
//! Two objectives: a sweep (O(n log n)). Three: a sweep over the third objective keeping the
//! two-dimensional staircase in a sorted map, its area updated as points enter (O(n log n),
//! the HV3D dimension sweep of Beume et al. 2009). More: slicing over the last objective
//! (HSO, While et al. 2006), exponential in the dimension but exact.

use std::collections::BTreeMap;

/// The hypervolume of `points` up to `reference`; points not strictly better than the
/// reference in every objective contribute nothing.
pub fn hypervolume(points: &[Vec<f64>], reference: &[f64]) -> f64 {
    let inside: Vec<&[f64]> = points
        .iter()
        .map(Vec::as_slice)
        .filter(|p| {
            p.len() == reference.len()
                && p.iter().zip(reference).all(|(x, r)| x.is_finite() && x < r)
        })
        .collect();
    if inside.is_empty() {
        return 0.0;
    }
    hso(&inside, reference)
}

fn hso(points: &[&[f64]], reference: &[f64]) -> f64 {
    match reference.len() {
        0 => 0.0,
        1 => reference[0] - points.iter().map(|p| p[0]).fold(f64::INFINITY, f64::min),
        2 => hv2(points, reference),
        3 => hv3(points, reference),
        d => {
            let mut sorted: Vec<&[f64]> = points.to_vec();
            sorted.sort_by(|a, b| a[d - 1].total_cmp(&b[d - 1]));
            let mut total = 0.0;
            for i in 0..sorted.len() {
                let next = sorted.get(i + 1).map_or(reference[d - 1], |p| p[d - 1]);
                let depth = next - sorted[i][d - 1];
                if depth > 0.0 {
                    total += depth * hso(&sorted[..=i], &reference[..d - 1]);
                }
            }
            total
        }
    }
}

fn hv2(points: &[&[f64]], reference: &[f64]) -> f64 {
    let mut sorted: Vec<&[f64]> = points.to_vec();
    sorted.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    let mut area = 0.0;
    let mut height = reference[1];
    for p in sorted {
        if p[1] < height {
            area += (reference[0] - p[0]) * (height - p[1]);
            height = p[1];
        }
    }
    area
}

/// An `f64` that orders totally (for map keys).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Key(f64);
impl Eq for Key {}
impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Key {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

fn hv3(points: &[&[f64]], reference: &[f64]) -> f64 {
    let mut sorted: Vec<&[f64]> = points.to_vec();
    sorted.sort_by(|a, b| a[2].total_cmp(&b[2]));
    let (rx, ry) = (reference[0], reference[1]);
    // The staircase: x → y, y strictly decreasing as x increases.
    let mut stairs: BTreeMap<Key, f64> = BTreeMap::new();
    let mut area = 0.0;
    let mut volume = 0.0;
    for (i, p) in sorted.iter().enumerate() {
        let (x, y) = (p[0], p[1]);
        let below = stairs.range(..=Key(x)).next_back().map(|(k, v)| (k.0, *v));
        let dominated = below.is_some_and(|(_, by)| by <= y);
        if !dominated {
            let mut height = below.map_or(ry, |(_, by)| by);
            let mut at = x;
            let mut added = 0.0;
            let mut gone: Vec<Key> = Vec::new();
            if let Some((bx, _)) = below
                && bx == x
            {
                gone.push(Key(bx));
            }
            let mut stopped = false;
            for (k, &v) in stairs.range((
                std::ops::Bound::Excluded(Key(x)),
                std::ops::Bound::Unbounded,
            )) {
                added += (k.0 - at) * (height - y);
                if v >= y {
                    gone.push(*k);
                    at = k.0;
                    height = v;
                } else {
                    stopped = true;
                    break;
                }
            }
            if !stopped {
                added += (rx - at) * (height - y);
            }
            for k in gone {
                stairs.remove(&k);
            }
            stairs.insert(Key(x), y);
            area += added;
        }
        let next = sorted.get(i + 1).map_or(reference[2], |q| q[2]);
        volume += area * (next - p[2]);
    }
    volume
}
