//! The JWT template language (contract §7): parse, lint and render claims.
//!
//! One engine, shared by `jwt-template preview` and the emulator's template tokens.
