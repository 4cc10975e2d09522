//! clerkctl's integration tests: one binary, one module per area.
//!
//! Remote calls go only to the in-process emulator on 127.0.0.1.

mod cli;
mod common;
mod decode_verify;
