//! Injected faults (rate limits, 5xx, latency, dropped connections) and deliberate misbehaviours.
//!
//! Rates apply to `/v1` routes only, never to `/__clerkctl` or `/.well-known`. Each misbehaviour
//! flips exactly one behaviour so that a clerkctl check can be shown to fail; the code that
//! honours one is found by searching for its variant name.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::ids;

/// The whole fault set (`GET|PUT /__clerkctl/faults`; PUT replaces it, `{}` clears it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Answer 429 with `Retry-After`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<RateLimit>,
    /// Answer 500.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_error: Option<Rate>,
    /// Delay every `/v1` response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency: Option<Latency>,
    /// Abort the connection before any byte of the response: the client sees a connection error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drop_connection: Option<Rate>,
    /// Deliberate misbehaviours.
    pub misbehave: BTreeSet<Misbehaviour>,
}

/// `{"rate": 0.2, "retry_after_seconds": 1}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    /// Probability per request, 0…1.
    pub rate: f64,
    /// The `Retry-After` value.
    #[serde(default = "one")]
    pub retry_after_seconds: u64,
}

fn one() -> u64 {
    1
}

/// `{"rate": 0.1}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    /// Probability per request, 0…1.
    pub rate: f64,
}

/// `{"min_ms": 0, "max_ms": 50}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Latency {
    /// Lower bound.
    #[serde(default)]
    pub min_ms: u64,
    /// Upper bound.
    pub max_ms: u64,
}

/// One deliberate deviation from Clerk's behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Misbehaviour {
    /// Tokens carry an `iss` that is not the Frontend API URL.
    WrongIss,
    /// Tokens carry a `sub` that is not the session's user.
    WrongSub,
    /// Tokens carry a `sid` that is not the session.
    WrongSid,
    /// All of a user's sessions' tokens carry the user's first session id.
    SameSid,
    /// Token signatures are corrupted.
    BadSignature,
    /// Token headers name a `kid` the JWKS does not have.
    UnknownKid,
    /// `exp - iat` = 3600.
    WrongTokenLifetime,
    /// `nbf` 30 s after `iat`.
    NbfAfterIat,
    /// `azp` left out even when an authorized party is configured.
    MissingAzp,
    /// `azp` set to an origin that is not the configured one.
    WrongAzp,
    /// `v` and `fva` left out.
    NoV2Claims,
    /// Template tokens carry the default session claims.
    IgnoreTemplates,
    /// One rendered template claim value altered.
    TemplateClaimDrift,
    /// `expires_in_seconds` ignored.
    IgnoreExpiresIn,
    /// Revoke answers 200 but the session stays `active` and keeps minting.
    RevokeNoop,
    /// Revoked sessions still mint tokens.
    RevokedCanMint,
    /// `GET /v1/sessions` leaves out the newest session.
    ListMissingSessions,
    /// Later tokens from a session repeat the first one's `iat`/`exp`.
    StaleIat,
    /// Sessions never expire or become inactive, whatever the clock says.
    SessionNeverExpires,
    /// `expire_at` = `created_at` + maximum lifetime + 1 day.
    WrongSessionLifetime,
    /// `/.well-known/jwks.json` serves a different key than `/v1/jwks`.
    JwksMismatch,
    /// Both JWKS routes serve an empty key set.
    JwksEmpty,
    /// The `Date` header runs 10 minutes ahead.
    ClockDrift,
    /// All of a user's sessions share one client, and in single-session mode a new one replaces
    /// the earlier ones (what the Backend API does not do: each `POST /v1/sessions` gets its own
    /// client).
    SharedClient,
    /// Metadata updates answer 200 but store nothing.
    MetadataIgnored,
    /// Deletes answer `deleted: true` but keep the resource.
    DeleteNoop,
    /// Revoking one session revokes every active session of its user.
    RevokeAll,
    /// JWKS keys leave out `alg`, so nothing pins the algorithm their tokens are verified with.
    JwksNoAlg,
    /// Session tokens leave out the active organization (`o`).
    NoOrgClaim,
    /// Organization routes answer normally although Organizations are off.
    OrgGateOpen,
    /// A just-created user, session or organization answers 404 `resource_not_found` to its
    /// first read, as an eventually consistent Backend API can.
    ReplicationLag,
}

/// Every misbehaviour, for help texts and tests.
pub const ALL_MISBEHAVIOURS: &[Misbehaviour] = &[
    Misbehaviour::WrongIss,
    Misbehaviour::WrongSub,
    Misbehaviour::WrongSid,
    Misbehaviour::SameSid,
    Misbehaviour::BadSignature,
    Misbehaviour::UnknownKid,
    Misbehaviour::WrongTokenLifetime,
    Misbehaviour::NbfAfterIat,
    Misbehaviour::MissingAzp,
    Misbehaviour::WrongAzp,
    Misbehaviour::NoV2Claims,
    Misbehaviour::IgnoreTemplates,
    Misbehaviour::TemplateClaimDrift,
    Misbehaviour::IgnoreExpiresIn,
    Misbehaviour::RevokeNoop,
    Misbehaviour::RevokedCanMint,
    Misbehaviour::ListMissingSessions,
    Misbehaviour::StaleIat,
    Misbehaviour::SessionNeverExpires,
    Misbehaviour::WrongSessionLifetime,
    Misbehaviour::JwksMismatch,
    Misbehaviour::JwksEmpty,
    Misbehaviour::ClockDrift,
    Misbehaviour::SharedClient,
    Misbehaviour::MetadataIgnored,
    Misbehaviour::DeleteNoop,
    Misbehaviour::RevokeAll,
    Misbehaviour::JwksNoAlg,
    Misbehaviour::NoOrgClaim,
    Misbehaviour::OrgGateOpen,
    Misbehaviour::ReplicationLag,
];

/// What the fault layer decided for one `/v1` request.
#[derive(Debug, Clone, PartialEq)]
pub enum Injection {
    /// Serve normally.
    None,
    /// Answer 429 with this `Retry-After`.
    RateLimit(u64),
    /// Answer 500.
    ServerError,
    /// Abort the connection without answering.
    Drop,
}

impl Faults {
    /// Check rates (each in 0…1) and bounds.
    pub fn validate(&self) -> Result<(), String> {
        let rates = [
            ("rate_limit.rate", self.rate_limit.as_ref().map(|r| r.rate)),
            (
                "server_error.rate",
                self.server_error.as_ref().map(|r| r.rate),
            ),
            (
                "drop_connection.rate",
                self.drop_connection.as_ref().map(|r| r.rate),
            ),
        ];
        for (name, rate) in rates {
            if let Some(r) = rate
                && !(0.0..=1.0).contains(&r)
            {
                return Err(format!("`{name}` must be between 0 and 1"));
            }
        }
        if let Some(l) = &self.latency {
            if l.min_ms > l.max_ms {
                return Err("`latency.min_ms` must not exceed `latency.max_ms`".into());
            }
            if l.max_ms > 60_000 {
                return Err("`latency.max_ms` must be at most 60000".into());
            }
        }
        Ok(())
    }

    /// True when the misbehaviour is on.
    pub fn has(&self, m: Misbehaviour) -> bool {
        self.misbehave.contains(&m)
    }

    /// The delay to add to this request, in milliseconds.
    pub fn delay_ms(&self) -> u64 {
        self.latency
            .as_ref()
            .map(|l| ids::between(l.min_ms, l.max_ms))
            .unwrap_or(0)
    }

    /// Roll the dice for this request (drop, then 429, then 500).
    pub fn roll(&self) -> Injection {
        if self
            .drop_connection
            .as_ref()
            .is_some_and(|r| ids::chance(r.rate))
        {
            return Injection::Drop;
        }
        if let Some(r) = &self.rate_limit
            && ids::chance(r.rate)
        {
            return Injection::RateLimit(r.retry_after_seconds);
        }
        if self
            .server_error
            .as_ref()
            .is_some_and(|r| ids::chance(r.rate))
        {
            return Injection::ServerError;
        }
        Injection::None
    }
}

/// Corrupt a JWT's signature (`bad_signature`): flip bits in its first signature character.
pub fn corrupt_signature(jwt: &str) -> String {
    let Some(dot) = jwt.rfind('.') else {
        return jwt.to_string();
    };
    let (head, sig) = jwt.split_at(dot + 1);
    let mut chars: Vec<char> = sig.chars().collect();
    if let Some(first) = chars.first_mut() {
        *first = if *first == 'A' { 'B' } else { 'A' };
    }
    format!("{head}{}", chars.into_iter().collect::<String>())
}

/// Alter one rendered claim (`template_claim_drift`): the first claim that is not reserved.
pub fn drift_claim(claims: &mut serde_json::Map<String, serde_json::Value>, reserved: &[&str]) {
    use serde_json::Value;
    let Some((_, value)) = claims
        .iter_mut()
        .find(|(k, _)| !reserved.contains(&k.as_str()))
    else {
        return;
    };
    *value = match value.take() {
        Value::String(s) => Value::String(format!("{s}-drifted")),
        Value::Number(n) => Value::from(n.as_f64().unwrap_or(0.0) + 1.0),
        Value::Bool(b) => Value::Bool(!b),
        Value::Null => Value::from("drifted"),
        other => Value::String(format!("drifted:{other}")),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_shape() {
        let f: Faults = serde_json::from_str(
            r#"{"rate_limit":{"rate":0.2,"retry_after_seconds":1},"server_error":{"rate":0.1},
            "latency":{"min_ms":0,"max_ms":50},"drop_connection":{"rate":0.0},"misbehave":["wrong_iss","stale_iat"]}"#,
        )
        .unwrap();
        assert!(f.validate().is_ok());
        assert!(f.has(Misbehaviour::WrongIss));
        assert!(!f.has(Misbehaviour::BadSignature));
        assert!(serde_json::from_str::<Faults>(r#"{"misbehave":["nope"]}"#).is_err());
        let bad: Faults = serde_json::from_str(r#"{"server_error":{"rate":2}}"#).unwrap();
        assert!(bad.validate().is_err());
    }

    #[test]
    fn all_misbehaviours_round_trip() {
        for m in ALL_MISBEHAVIOURS {
            let s = serde_json::to_string(m).unwrap();
            let back: Misbehaviour = serde_json::from_str(&s).unwrap();
            assert_eq!(*m, back);
        }
        assert_eq!(ALL_MISBEHAVIOURS.len(), 31);
    }

    #[test]
    fn corrupts_and_drifts() {
        assert_eq!(corrupt_signature("a.b.Axy"), "a.b.Bxy");
        let mut m = serde_json::Map::new();
        m.insert("sub".into(), "u".into());
        m.insert("role".into(), "admin".into());
        drift_claim(&mut m, &["sub"]);
        assert_eq!(m["role"], "admin-drifted");
        assert_eq!(m["sub"], "u");
    }
}
