//! The server's tests: one binary, one module per feature. Each test runs its own server on
//! a thread (port 0) over a fresh database.

mod auth;
mod common;
mod play;
mod store;
