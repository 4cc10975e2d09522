//! The Organizations step of `configure`: when the project relies on organizations (`{{org.…}}`
//! claims, role or permission routes) and the configured development instance has them off, offer
//! to turn them on through `PATCH /v1/instance/organization_settings`, with consent
//! (`--enable-organizations` or a yes at the prompt), never on a production instance.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::clerk::api::ClerkClient;
use crate::clerk::keys::KeyEnvironment;
use crate::error::UserError;
use crate::output::Printer;
use crate::project::{RoutesConfig, SessionConfig};
use crate::scaffold::answers::Answers;
use crate::settings::Settings;

/// What the step did, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgStep {
    /// The instance already has Organizations on.
    AlreadyOn,
    /// Turned on now.
    Enabled,
    /// Off, and left off (no consent, or a production instance): the hint says how.
    LeftOff,
}

impl OrgStep {
    /// For `-v` logs.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgStep::AlreadyOn => "already on",
            OrgStep::Enabled => "turned on",
            OrgStep::LeftOff => "left off",
        }
    }
}

/// True when the project's answers rely on organizations: a claim or template shortcode under
/// `org.`, or a route that needs an organization role or permission.
pub fn uses_organizations(session: &SessionConfig, routes: &RoutesConfig) -> bool {
    let claims = Value::Object(session.claims.clone()).to_string();
    claims.contains("{{org.")
        || claims.contains("{{ org.")
        || routes
            .rules
            .iter()
            .any(|r| r.role.is_some() || r.permission.is_some())
}

/// The hint for turning Organizations on by hand.
const HOW: &str = "enable them in the Dashboard (Organizations → Settings), or run `clerkctl configure --enable-organizations` with a development instance's key";

/// Offer to turn Organizations on. `consent` is `--enable-organizations`; `ask` asks on a
/// terminal (`None` when there is none). Does nothing without a secret key or when the project
/// does not use organizations.
pub async fn offer(
    answers: &Answers,
    settings: &Settings,
    consent: bool,
    ask: Option<&mut dyn FnMut() -> std::io::Result<bool>>,
) -> Result<Option<OrgStep>, UserError> {
    if !uses_organizations(&answers.session, &answers.routes) {
        return Ok(None);
    }
    let Some(sk) = settings.secret_key()? else {
        return Ok(None);
    };
    // A production instance is never touched, not even read.
    if sk.environment() == KeyEnvironment::Live {
        return Ok(None);
    }
    let printer = &settings.printer;
    let client = ClerkClient::new(
        &settings.api_url(),
        &settings.api_version(),
        sk.secret().clone(),
    )
    .with_observer(Arc::new({
        let p = printer.clone();
        move |log: &crate::clerk::api::RequestLog| p.debug(&log.to_string())
    }));
    // The files are written: an unreachable instance only means the step cannot be offered.
    let current: Value = match client.get("/instance/organization_settings", &[]).await {
        Ok(v) => v,
        Err(e) => {
            printer.warn(&format!(
                "cannot read the instance's Organizations settings ({}); if the project's organization claims are to work, {HOW}",
                crate::clerk::keys::redact_all(&e.to_string())
            ));
            return Ok(None);
        }
    };
    if current.get("enabled").and_then(Value::as_bool) == Some(true) {
        return Ok(Some(OrgStep::AlreadyOn));
    }
    let yes = if consent {
        true
    } else if let Some(ask) = ask {
        ask().map_err(|e| UserError::usage(format!("cannot read the answer: {e}")))?
    } else {
        false
    };
    if !yes {
        warn_off(printer, HOW);
        return Ok(Some(OrgStep::LeftOff));
    }
    if let Err(e) = client
        .patch::<_, Value>(
            "/instance/organization_settings",
            &json!({ "enabled": true }),
        )
        .await
    {
        warn_off(
            printer,
            &format!(
                "turning them on failed ({}); {HOW}",
                crate::clerk::keys::redact_all(&e.to_string())
            ),
        );
        return Ok(Some(OrgStep::LeftOff));
    }
    printer.info("Organizations turned on for this development instance");
    Ok(Some(OrgStep::Enabled))
}

fn warn_off(printer: &Printer, how: &str) {
    printer.warn(&format!(
        "the project uses organization claims but Organizations are off on this instance: {how}"
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_shortcodes_and_role_routes_count_as_using_organizations() {
        let mut session = SessionConfig::default();
        let mut routes = RoutesConfig::default();
        assert!(!uses_organizations(&session, &routes));
        session
            .claims
            .insert("org".into(), json!({ "id": "{{org.id}}" }));
        assert!(uses_organizations(&session, &routes));
        routes.rules.push(crate::project::RouteRule {
            path: "/admin(.*)".into(),
            role: Some("org:admin".into()),
            ..Default::default()
        });
        assert!(uses_organizations(&SessionConfig::default(), &routes));
    }
}
