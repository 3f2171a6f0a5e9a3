//! The Sobol low-discrepancy sequence with Joe & Kuo's direction numbers.
//!
//! Direction numbers: `new-joe-kuo-6.1000` (S. Joe and F. Y. Kuo, "Constructing Sobol sequences
//! with better two-dimensional projections", SIAM J. Sci. Comput. 30, 2635–2654, 2008;
//! <https://web.maths.unsw.edu.au/~fkuo/sobol/>), the first 1000 dimensions of the
//! `new-joe-kuo-6.21201` set that SciPy's `scipy.stats.qmc.Sobol` (and therefore SALib) uses.
//! Points are produced in Gray-code order (Antonov & Saleem), the order SciPy uses, so that
//! the unscrambled sequence here equals `qmc.Sobol(d, scramble=False)` point for point.
//!
//! The Joe–Kuo data is distributed under a BSD-style licence: Copyright (c) 2008, Frances Y. Kuo
//! and Stephen Joe. All rights reserved. Redistribution and use in source and binary forms, with
//! or without modification, are permitted provided that the copyright notice, this list of
//! conditions and the following disclaimer are retained. THIS DATA IS PROVIDED "AS IS" WITHOUT
//! WARRANTY OF ANY KIND.

use crate::error::SampleError;

/// Direction-number lines `d s a m_1 .. m_s` for dimensions 2..=1000.
const JOE_KUO: &str = include_str!("new-joe-kuo-6.1000.txt");

/// Dimensions with direction numbers.
pub const MAX_DIMS: usize = 1000;

const BITS: usize = 32;

/// An unscrambled (optionally digitally shifted) Sobol sequence in `dims` dimensions.
#[derive(Debug, Clone)]
pub struct SobolSequence {
    /// `v[d][k]`: direction number `k` of dimension `d`, as a 32-bit binary fraction.
    v: Vec<[u32; BITS]>,
    /// Integer coordinates of the last point returned (point `next - 1`).
    x: Vec<u32>,
    /// XOR mask applied on output (a random digital shift; zero when unscrambled).
    shift: Vec<u32>,
    /// Index of the next point to return.
    next: u64,
}

fn direction_numbers(dims: usize) -> Vec<[u32; BITS]> {
    let mut out = Vec::with_capacity(dims);
    if dims == 0 {
        return out;
    }
    // Dimension 1: van der Corput, m_k = 1.
    let mut first = [0u32; BITS];
    for (k, v) in first.iter_mut().enumerate() {
        *v = 1u32 << (BITS - 1 - k);
    }
    out.push(first);
    for line in JOE_KUO.lines().take(dims - 1) {
        let nums: Vec<u32> = line
            .split_whitespace()
            .filter_map(|t| t.parse().ok())
            .collect();
        let (s, a) = (nums[1] as usize, nums[2]);
        let m = &nums[3..3 + s];
        let mut v = [0u32; BITS];
        for k in 0..BITS {
            v[k] = if k < s {
                m[k] << (BITS - 1 - k)
            } else {
                let mut x = v[k - s] ^ (v[k - s] >> s);
                for l in 1..s {
                    if (a >> (s - 1 - l)) & 1 == 1 {
                        x ^= v[k - l];
                    }
                }
                x
            };
        }
        out.push(v);
    }
    out
}

impl SobolSequence {
    /// The sequence in `dims` dimensions (1..=1000), starting at point 0 (the origin).
    pub fn new(dims: usize) -> Result<Self, SampleError> {
        if dims > MAX_DIMS {
            return Err(SampleError::TooManyDimensions {
                needed: dims,
                max: MAX_DIMS,
            });
        }
        Ok(SobolSequence {
            v: direction_numbers(dims),
            x: vec![0; dims],
            shift: vec![0; dims],
            next: 0,
        })
    }

    /// Applies a digital shift: every output coordinate is XOR-ed with `shift[d]`. This keeps
    /// the net structure and makes the points an unbiased randomized QMC sample.
    pub fn with_shift(mut self, shift: Vec<u32>) -> Self {
        debug_assert_eq!(shift.len(), self.x.len());
        self.shift = shift;
        self
    }

    /// Jumps so that the next point returned is point `index`.
    pub fn seek(&mut self, index: u64) -> Result<(), SampleError> {
        if index >= 1 << BITS {
            return Err(SampleError::SequenceExhausted);
        }
        // Hold point `index - 1`, the state `next_into` advances from.
        let prev = index.saturating_sub(1);
        let gray = prev ^ (prev >> 1);
        for (x, v) in self.x.iter_mut().zip(&self.v) {
            *x = (0..BITS)
                .filter(|&k| gray >> k & 1 == 1)
                .fold(0, |acc, k| acc ^ v[k]);
        }
        self.next = index;
        Ok(())
    }

    /// Writes the next point (coordinates in `[0, 1)`) into `out` and advances.
    pub fn next_into(&mut self, out: &mut [f64]) -> Result<(), SampleError> {
        if self.next >= 1 << BITS {
            return Err(SampleError::SequenceExhausted);
        }
        if self.next > 0 {
            // Gray code: point n differs from point n-1 by direction number ctz(n).
            let c = self.next.trailing_zeros() as usize;
            for (x, v) in self.x.iter_mut().zip(&self.v) {
                *x ^= v[c];
            }
        } else {
            self.x.iter_mut().for_each(|x| *x = 0);
        }
        self.next += 1;
        const SCALE: f64 = 1.0 / 4_294_967_296.0; // 2^-32
        for ((o, x), s) in out.iter_mut().zip(&self.x).zip(&self.shift) {
            *o = f64::from(x ^ s) * SCALE;
        }
        Ok(())
    }
}
