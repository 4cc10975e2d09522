//! A realistic sample user, organization and membership, and the Clerk-set claims of a template
//! token: what `lint` sizes tokens with and what `preview` renders when no user is given.

use serde_json::{Map, Value, json};

use super::RenderContext;

/// A user with the profile and moderate metadata a typical app keeps (BAPI `User` shape).
pub fn sample_context() -> RenderContext {
    RenderContext {
        user: json!({
            "id": "user_2sXhQ8bV0wZ3kLmN4pR7tY9aB1c",
            "object": "user",
            "external_id": null,
            "primary_email_address_id": "idn_2sXhQ9cW1xA4lMnO5qS8uZ0bC2d",
            "primary_phone_number_id": "idn_2sXhQAdX2yB5mNoP6rT9vA1cD3e",
            "primary_web3_wallet_id": null,
            "username": "ada.lovelace",
            "first_name": "Ada",
            "last_name": "Lovelace",
            "image_url": "https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCIsImlpZCI6Imluc18yc1hoUTgifQ",
            "has_image": true,
            "public_metadata": {
                "role": "admin",
                "roles": ["admin", "editor", "user"],
                "plan": "pro",
                "tenant_id": "tnt_01HZX3Q4J6K8M9N0P1R2S3T4V5",
                "features": {"beta": true, "seats": 25}
            },
            "unsafe_metadata": {"onboarding_complete": true, "theme": "dark"},
            "private_metadata": {"stripe_customer_id": "cus_Q1w2E3r4T5y6U7"},
            "email_addresses": [{
                "id": "idn_2sXhQ9cW1xA4lMnO5qS8uZ0bC2d",
                "object": "email_address",
                "email_address": "ada.lovelace@example.com",
                "verification": {"status": "verified", "strategy": "email_code"}
            }],
            "phone_numbers": [{
                "id": "idn_2sXhQAdX2yB5mNoP6rT9vA1cD3e",
                "object": "phone_number",
                "phone_number": "+15555550100",
                "verification": {"status": "verified", "strategy": "phone_code"}
            }],
            "web3_wallets": [],
            "two_factor_enabled": false,
            "created_at": 1_735_689_600_000_i64,
            "updated_at": 1_763_769_600_000_i64,
            "organization_memberships": [
                {"role": "org:admin", "organization": {"id": "org_2sXhQBeY3zC6nOpQ7sU0wB2dE4f"}},
                {"role": "org:member", "organization": {"id": "org_2sXhQCfZ4aD7oPqR8tV1xC3eF5g"}}
            ]
        }),
        organization: Some(json!({
            "object": "organization",
            "id": "org_2sXhQBeY3zC6nOpQ7sU0wB2dE4f",
            "name": "Analytical Engines Ltd",
            "slug": "analytical-engines",
            "image_url": "https://img.clerk.com/eyJ0eXBlIjoib3JnIn0",
            "public_metadata": {"tier": "enterprise", "region": "eu-west-1"}
        })),
        membership: Some(json!({
            "object": "organization_membership",
            "id": "orgmem_2sXhQDgA5bE8pQrS9uW2yD4fG6h",
            "role": "org:admin",
            "permissions": ["org:sys_profile:manage", "org:sys_memberships:manage", "org:sys_domains:read"],
            "public_metadata": {"department": "research"}
        })),
        session: Some(json!({
            "object": "session",
            "id": "sess_2sXhQEhB6cF9qRsT0vX3zE5gH7i",
            "user_id": "user_2sXhQ8bV0wZ3kLmN4pR7tY9aB1c",
            "status": "active",
            "actor": null
        })),
    }
}

/// The claims Clerk sets on every template token, for a given moment and template settings.
#[derive(Debug, Clone)]
pub struct StandardClaims {
    /// Frontend API URL (`iss`).
    pub issuer: String,
    /// User id (`sub`).
    pub subject: String,
    /// Origin of the request (`azp`); absent when none.
    pub authorized_party: Option<String>,
    /// Issue time, Unix seconds.
    pub issued_at: i64,
    /// Template lifetime in seconds (default 60).
    pub lifetime: i64,
    /// Allowed clock skew in seconds (default 5).
    pub clock_skew: i64,
    /// Token id (`jti`).
    pub jti: String,
}

/// Rendered claims plus the Clerk-set ones; Clerk's win, as on a real instance.
pub fn assemble_payload(rendered: Map<String, Value>, std: &StandardClaims) -> Map<String, Value> {
    let mut payload = Map::new();
    if let Some(azp) = &std.authorized_party {
        payload.insert("azp".into(), Value::from(azp.clone()));
    }
    payload.insert("exp".into(), Value::from(std.issued_at + std.lifetime));
    payload.insert("iat".into(), Value::from(std.issued_at));
    payload.insert("iss".into(), Value::from(std.issuer.clone()));
    payload.insert("jti".into(), Value::from(std.jti.clone()));
    payload.insert("nbf".into(), Value::from(std.issued_at - std.clock_skew));
    payload.insert("sub".into(), Value::from(std.subject.clone()));
    for (key, value) in rendered {
        if !super::RESERVED_TEMPLATE_CLAIMS.contains(&key.as_str()) {
            payload.insert(key, value);
        }
    }
    payload
}

/// Length in bytes of an RS256 token carrying `payload` (base64url header, payload, signature).
pub fn estimated_token_len(payload: &Map<String, Value>) -> usize {
    let header = r#"{"alg":"RS256","cat":"cl_B7d4PD222AAA","kid":"ins_2sXhQ8bV0wZ3kLmN4pR7tY9aB1c","typ":"JWT"}"#;
    let body = serde_json::to_string(payload).unwrap_or_default();
    b64_len(header.len()) + 1 + b64_len(body.len()) + 1 + b64_len(256)
}

fn b64_len(n: usize) -> usize {
    (n * 4).div_ceil(3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clerk_claims_win_over_rendered_ones() {
        let std = StandardClaims {
            issuer: "https://x.clerk.accounts.dev".into(),
            subject: "user_1".into(),
            authorized_party: None,
            issued_at: 1000,
            lifetime: 60,
            clock_skew: 5,
            jti: "j".into(),
        };
        let Value::Object(rendered) = json!({"sub": "evil", "exp": 1, "aud": "a"}) else {
            panic!()
        };
        let p = assemble_payload(rendered, &std);
        assert_eq!(
            Value::Object(p.clone()),
            json!({"exp": 1060, "iat": 1000, "iss": "https://x.clerk.accounts.dev", "jti": "j", "nbf": 995, "sub": "user_1", "aud": "a"})
        );
        // Base64 of the payload JSON plus header and a 2048-bit signature.
        assert!(estimated_token_len(&p) > 342 + 100);
    }
}
