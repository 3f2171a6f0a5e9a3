//! Experimental designs and global sensitivity analysis for any model.
//!
//! The crate knows nothing about campaigns: a model is whatever turns the rows of a [`Design`]
//! into one `f64` per row. The workflow is
//!
//! 1. describe the uncertain inputs as a [`ParamSpace`] (or parse a SALib parameter file with
//!    [`parse_param_file`]);
//! 2. build a design: [`sample_sobol`] (Saltelli), [`sample_morris`], [`sample_lhs`] or
//!    [`sample_factorial`] (categorical levers × LHS);
//! 3. run the model on every row;
//! 4. analyse: [`analyze_sobol`] (first-order and total indices), [`analyze_morris`] (`μ`, `μ*`,
//!    `σ`), [`analyze_categorical`] (first-order index of categorical levers), each with seeded
//!    bootstrap intervals ([`BootstrapConfig`]).
//!
//! Scenario discovery on any data set of inputs and a binary outcome ([`Dataset`], or a CSV
//! file through [`parse_table`]): [`prim`] (the EMA Workbench's PRIM, with quasi-p-values and
//! [`resample`] for stability) and [`cart`] (scikit-learn's CART, leaves read as boxes).
//!
//! Designs use SALib's row layouts, so a design made here can be analysed by SALib and the other
//! way round. Everything is deterministic given the seeds, whatever the number of threads.
//! `docs/sensitivity.md` gives the estimators, file formats and references.

mod bootstrap;
mod cart;
mod categorical;
mod dataset;
mod design;
mod error;
mod io;
mod morris;
mod prim;
mod sobol;
mod sobol_seq;
mod space;

pub use bootstrap::{BootstrapConfig, CiMethod, Estimate};
pub use cart::{Cart, Leaf, Node, cart};
pub use categorical::{CategoricalIndex, CategoricalIndices, CategoryStat, analyze_categorical};
pub use dataset::{Classify, Dataset, Table, parse_table, split_fields};
pub use design::{
    Design, SobolOptions, morris_delta, sample_factorial, sample_lhs, sample_morris, sample_sobol,
    sample_sobol_points,
};
pub use error::{
    AnalysisError, DiscoveryError, DistributionError, ParseError, ParseErrorKind, ParseErrors,
    SampleError, ShapeError, SpaceError,
};
pub use io::{
    DesignLines, MAX_ERRORS, OutputColumn, parse_design_csv, parse_design_csv_with_lines,
    parse_outputs_csv, parse_param_file,
};
pub use morris::{MorrisIndex, MorrisIndices, analyze_morris};
pub use prim::{
    Limits, Phase, Prim, PrimBox, PrimOptions, QuasiP, Stability, binomial_upper_tail,
    ema_quantile, prim, resample,
};
pub use sobol::{SaltelliRows, SobolIndex, SobolIndices, analyze_sobol, analyze_sobol_outputs};
pub use sobol_seq::{MAX_DIMS as SOBOL_MAX_DIMS, SobolSequence};
pub use space::{Distribution, ParamSpace, Parameter};
