//! A dense two-dimensional table indexed by a pair of small integers (actor × region, third
//! party × actor), so that no caller writes `a * n_regions + r` by hand.

use std::ops::{Index, IndexMut};

/// A `rows × cols` table stored row by row.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid<T> {
    cols: usize,
    cells: Vec<T>,
}

impl<T: Clone> Grid<T> {
    /// A table of `rows × cols` cells, each `fill`.
    pub fn new(rows: usize, cols: usize, fill: T) -> Grid<T> {
        Grid {
            cols,
            cells: vec![fill; rows * cols],
        }
    }

    /// Sets every cell to `value`.
    pub fn fill(&mut self, value: T) {
        for x in self.cells.iter_mut() {
            *x = value.clone();
        }
    }
}

impl<T> Grid<T> {
    /// Every cell, row by row.
    pub fn as_slice(&self) -> &[T] {
        &self.cells
    }

    /// Row `i`.
    pub fn row(&self, i: usize) -> &[T] {
        &self.cells[i * self.cols..(i + 1) * self.cols]
    }
}

impl<T> Index<(usize, usize)> for Grid<T> {
    type Output = T;
    fn index(&self, (i, j): (usize, usize)) -> &T {
        debug_assert!(j < self.cols);
        &self.cells[i * self.cols + j]
    }
}

impl<T> IndexMut<(usize, usize)> for Grid<T> {
    fn index_mut(&mut self, (i, j): (usize, usize)) -> &mut T {
        debug_assert!(j < self.cols);
        &mut self.cells[i * self.cols + j]
    }
}
