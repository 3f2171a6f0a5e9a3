//! The Sobol sequence (Joe–Kuo direction numbers, Gray-code order) against SciPy.

use cordon_sa::{SOBOL_MAX_DIMS, SampleError, SobolSequence};
use expect_test::expect;

use crate::common::fixture;

/// `points` points of the unscrambled sequence in `dims` dimensions, from point `start`.
fn points(dims: usize, start: u64, points: usize) -> Vec<Vec<f64>> {
    let mut seq = SobolSequence::new(dims).unwrap();
    seq.seek(start).unwrap();
    (0..points)
        .map(|_| {
            let mut p = vec![0.0; dims];
            seq.next_into(&mut p).unwrap();
            p
        })
        .collect()
}

#[test]
fn first_points_match_the_published_sequence() {
    // The first points of dimensions 1–3, as printed by SciPy and in Joe & Kuo's tables.
    let pts = points(3, 0, 8);
    let text: String = pts.iter().map(|p| format!("{p:?}\n")).collect();
    expect![[r#"
        [0.0, 0.0, 0.0]
        [0.5, 0.5, 0.5]
        [0.75, 0.25, 0.25]
        [0.25, 0.75, 0.75]
        [0.375, 0.375, 0.625]
        [0.875, 0.875, 0.125]
        [0.625, 0.125, 0.875]
        [0.125, 0.625, 0.375]
    "#]]
    .assert_eq(&text);
}

#[test]
fn matches_scipy_in_1000_dimensions() {
    // fixtures/salib/sobol_points.csv: qmc.Sobol(d=1000, scramble=False).random(64), selected
    // dimensions (1-based in the header).
    let text = fixture("salib/sobol_points.csv");
    let mut lines = text.lines();
    let dims: Vec<usize> = lines
        .next()
        .unwrap()
        .split(',')
        .map(|d| d.parse().unwrap())
        .collect();
    let ours = points(SOBOL_MAX_DIMS, 0, 64);
    let mut rows = 0;
    for (i, line) in lines.enumerate() {
        for (d, v) in dims.iter().zip(line.split(',')) {
            let want: f64 = v.parse().unwrap();
            assert_eq!(ours[i][d - 1], want, "point {i}, dimension {d}");
        }
        rows += 1;
    }
    assert_eq!(rows, 64);
}

#[test]
fn seek_equals_stepping() {
    let stepped = points(6, 0, 40);
    for start in [0u64, 1, 2, 7, 16, 33] {
        assert_eq!(
            points(6, start, 3),
            stepped[start as usize..start as usize + 3].to_vec()
        );
    }
}

#[test]
fn too_many_dimensions_is_an_error() {
    assert_eq!(
        SobolSequence::new(SOBOL_MAX_DIMS + 1).err(),
        Some(SampleError::TooManyDimensions {
            needed: 1001,
            max: 1000
        })
    );
}
