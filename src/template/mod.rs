//! The JWT template language (contract §7): parse, lint and render claims.
//!
//! One engine, shared by `jwt-template preview` and the emulator's template tokens.

pub mod lint;
pub mod parse;
pub mod render;
pub mod sample;
pub mod shortcodes;
pub mod typescript;

use thiserror::Error;

pub use lint::{Diagnostic, Severity, lint};
pub use render::render_claims;

/// Claims Clerk sets on every template token itself; a template cannot override them.
pub const RESERVED_TEMPLATE_CLAIMS: &[&str] = &["azp", "exp", "iat", "iss", "jti", "nbf", "sub"];

/// Claims only session tokens carry: a template token is not bound to a session, so these are wrong
/// there (lint error).
pub const SESSION_ONLY_CLAIMS: &[&str] = &["sid", "v", "fva", "sts", "pla", "fea"];

/// Session-token claim names a template may set but that readers will mistake for the session
/// token's own (lint warning).
pub const SESSION_LOOKALIKE_CLAIMS: &[&str] = &["o", "act"];

/// The Backend API objects a template renders against.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderContext {
    /// BAPI `User` JSON, as `GET /v1/users/{id}` returns it.
    pub user: serde_json::Value,
    /// BAPI `Organization` JSON (the active organization).
    pub organization: Option<serde_json::Value>,
    /// BAPI `OrganizationMembership` JSON (the user's membership in the active organization).
    pub membership: Option<serde_json::Value>,
    /// BAPI `Session` JSON (`actor`, …).
    pub session: Option<serde_json::Value>,
}

/// A template that cannot be rendered.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TemplateError {
    /// A malformed shortcode inside the claim at `pointer` (JSON pointer within `claims`).
    #[error("claim `{pointer}`: {source}")]
    Shortcode {
        /// JSON pointer of the claim value inside `claims`.
        pointer: String,
        /// What is wrong and at which column.
        source: parse::ParseError,
    },
}
