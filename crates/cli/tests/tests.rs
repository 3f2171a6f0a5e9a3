//! The `cordon` binary's integration tests, in one binary: each module tests one area of the
//! command line by running the built binary.

mod scenario_cli;
