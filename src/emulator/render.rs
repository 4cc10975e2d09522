//! The bridge to the shared template engine in `crate::template` (the emulator has no copy).

use serde_json::{Map, Value};

/// What a template can read, as `crate::template::RenderContext` defines it.
#[derive(Debug, Clone)]
pub struct RenderContext {
    /// BAPI User JSON.
    pub user: Value,
    /// BAPI Organization JSON (active org).
    pub organization: Option<Value>,
    /// BAPI OrganizationMembership JSON.
    pub membership: Option<Value>,
    /// BAPI Session JSON.
    pub session: Option<Value>,
}

/// Render template claims; refuses until the shared engine is linked into this build.
pub fn render_claims(
    _claims: &Map<String, Value>,
    _ctx: &RenderContext,
) -> Result<Map<String, Value>, String> {
    Err("the template engine is not part of this build".into())
}
