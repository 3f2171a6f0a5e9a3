//! The `cordon` binary's integration tests, in one binary: each module tests one area of the
//! command line by running the built binary; `tidy` checks the architecture's invariants on the
//! sources.

mod cluster_docs;
mod experiment_cli;
mod explain_cli;
mod explore_cli;
mod hardening_cli;
mod init_cli;
mod network_cli;
mod optimize_array_cli;
mod optimize_cli;
mod overwrite_cli;
mod prim_cli;
mod readme;
mod sa_cli;
mod scenario_cli;
mod sensitivity_cli;
mod serve_cli;
mod simulate_cli;
mod tidy;
mod verdict_cli;
