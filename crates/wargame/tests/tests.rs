//! The wargame's tests: one binary, one module per feature.

mod common;
mod fog;
mod orders;
mod replay;
