//! clerkctl's integration tests: one binary, one module per area.
//!
//! Remote calls go only to the in-process emulator on 127.0.0.1.

mod cli;
mod common;
mod configure;
mod configure_types;
mod configure_wizard;
mod decode_verify;
mod emulator;
mod emulator_cli;
mod emulator_exec;
mod emulator_limits;
mod emulator_mint;
mod emulator_sdk;
mod emulator_spec;
mod jwt_template;
mod jwt_template_remote;
mod npm_package;
mod readme;
mod reliability;
mod test_suites;
mod verify_diff;
mod vocabulary;
