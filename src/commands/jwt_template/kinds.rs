//! The template kinds `jwt-template <KIND>` emits: claims, conventional name and notes (contract §7).

use serde_json::{Map, Value, json};

use crate::cli::jwt_template::TemplateKind;

/// Everything about a kind that the generated files need.
#[derive(Debug, Clone)]
pub struct KindSpec {
    /// Conventional template name (integrations look tokens up by it).
    pub name: &'static str,
    /// Claims the template sets.
    pub claims: Map<String, Value>,
    /// Set when the kind is deprecated: since when and what replaces it.
    pub deprecated: Option<&'static str>,
    /// Kind-specific setup paragraphs (Markdown).
    pub notes: Vec<&'static str>,
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The Hasura claims namespace object.
fn hasura_claims() -> Map<String, Value> {
    object(json!({
        "https://hasura.io/jwt/claims": {
            "x-hasura-default-role": "{{user.public_metadata.hasura_role || user.public_metadata.role || 'user'}}",
            "x-hasura-allowed-roles": ["{{user.public_metadata.hasura_role || user.public_metadata.role || 'user'}}"],
            "x-hasura-user-id": "{{user.id}}"
        }
    }))
}

/// The spec of a kind before `--claim`/`--from-metadata`/`--org` are applied.
pub fn spec(kind: TemplateKind) -> KindSpec {
    match kind {
        TemplateKind::Default => KindSpec {
            name: "default",
            claims: object(json!({
                "email": "{{user.primary_email_address}}",
                "email_verified": "{{user.email_verified}}",
                "name": "{{user.full_name}}",
                "username": "{{user.username}}",
                "public_metadata": "{{user.public_metadata}}"
            })),
            deprecated: None,
            notes: vec![
                "The token's `sub` is the Clerk user id; Clerk sets it (and `azp exp iat iss jti nbf`) itself.",
                "`public_metadata` is copied whole: keep it small, or replace it with the fields you need \
                 (`--from-metadata role,plan` on `custom`).",
            ],
        },
        TemplateKind::Hasura => KindSpec {
            name: "hasura",
            claims: hasura_claims(),
            deprecated: None,
            notes: vec![
                "Point Hasura at the instance's JWKS: \
                 `HASURA_GRAPHQL_JWT_SECRET='{\"jwk_url\":\"https://<frontend-api>/.well-known/jwks.json\"}'`.",
                "The role comes from `public_metadata.hasura_role`, else `public_metadata.role`, else `user`; \
                 the same value is the only allowed role. Set it with `PATCH /v1/users/{id}/metadata`.",
                "Hasura DDN reads the namespace `claims.jwt.hasura.io` instead: rename the claim for DDN.",
            ],
        },
        TemplateKind::Nhost => KindSpec {
            name: "nhost",
            claims: hasura_claims(),
            deprecated: None,
            notes: vec![
                "Nhost runs Hasura: configure its JWT secret with the instance's JWKS URL \
                 (`https://<frontend-api>/.well-known/jwks.json`).",
            ],
        },
        TemplateKind::Supabase => KindSpec {
            name: "supabase",
            claims: object(json!({
                "aud": "authenticated",
                "role": "authenticated",
                "email": "{{user.primary_email_address}}",
                "user_metadata": "{{user.public_metadata}}"
            })),
            deprecated: Some(
                "the Supabase JWT template is deprecated since 2025-04-01: use Supabase's third-party \
                 auth with Clerk session tokens instead",
            ),
            notes: vec![
                "**Deprecated since 2025-04-01.** Supabase now accepts Clerk session tokens directly \
                 (third-party auth): enable the Supabase integration in the Dashboard, which adds \
                 `\"role\": \"authenticated\"` to the session token, and register Clerk as a third-party \
                 provider in Supabase (`[auth.third_party.clerk]` locally). No template, no shared secret.",
                "If you keep this legacy template, it must be signed with the Supabase JWT secret: \
                 enable a custom signing key (HS256) in the Dashboard; clerkctl never writes the secret \
                 into the template file.",
            ],
        },
        TemplateKind::Convex => KindSpec {
            name: "convex",
            claims: object(json!({
                "aud": "convex",
                "name": "{{user.full_name}}",
                "email": "{{user.primary_email_address}}",
                "email_verified": "{{user.email_verified}}",
                "picture": "{{user.image_url}}",
                "nickname": "{{user.username}}",
                "given_name": "{{user.first_name}}",
                "family_name": "{{user.last_name}}",
                "phone_number": "{{user.primary_phone_number}}",
                "phone_number_verified": "{{user.phone_number_verified}}",
                "updated_at": "{{user.updated_at}}"
            })),
            deprecated: None,
            notes: vec![
                "The template must be named exactly `convex`; Convex checks `aud` against `applicationID`.",
                "In `convex/auth.config.ts`: `export default { providers: [{ domain: \"https://<frontend-api>\", \
                 applicationID: \"convex\" }] };`",
                "Clerk's native Convex integration adds `aud: \"convex\"` to the session token and needs no \
                 template; this template is the older path.",
            ],
        },
        TemplateKind::Grafbase => KindSpec {
            name: "grafbase",
            claims: object(json!({
                "groups": ["{{org.role || user.public_metadata.role || 'user'}}"]
            })),
            deprecated: None,
            notes: vec![
                "Configure Grafbase's OIDC provider with the issuer `https://<frontend-api>` (the token's `iss`).",
                "`groups` carries the active organization role, else `public_metadata.role`, else `user`, \
                 for Grafbase's group-based rules.",
            ],
        },
        TemplateKind::Custom => KindSpec {
            name: "custom",
            claims: Map::new(),
            deprecated: None,
            notes: vec![
                "Built from `--claim`, `--from-metadata` and `--org`; without them, a starter (`role`, `plan` and `permissions` from public metadata) to edit.",
            ],
        },
    }
}

/// What `custom` emits when no `--claim`, `--from-metadata` or `--org` is given: a business-logic
/// starter to edit. Role, plan and permissions come from the user's public metadata (the
/// metadata a backend sets, unlike `unsafe_metadata` which the user can write), with a
/// fallback for users that have none; the active organization is `--org`'s.
pub fn custom_starter() -> Map<String, Value> {
    object(json!({
        "role": "{{user.public_metadata.role || 'member'}}",
        "plan": "{{user.public_metadata.plan || 'free'}}",
        "permissions": "{{user.public_metadata.permissions}}"
    }))
}

/// Claims `--org` adds.
pub fn org_claims() -> Map<String, Value> {
    object(json!({
        "org_id": "{{org.id}}",
        "org_slug": "{{org.slug}}",
        "org_role": "{{org.role}}",
        "org_permissions": "{{org_membership.permissions}}"
    }))
}

/// Parse `--claim key=VALUE`: VALUE is JSON when it parses (numbers, booleans, objects), else a
/// string (so `--claim plan={{user.public_metadata.plan}}` needs no quoting).
pub fn parse_claim(raw: &str) -> Result<(String, Value), String> {
    let (key, value) = raw
        .split_once('=')
        .ok_or_else(|| format!("`--claim {raw}` is not `key=VALUE`"))?;
    let key = key.trim();
    if key.is_empty() {
        return Err(format!("`--claim {raw}` has an empty claim name"));
    }
    let value = if value.contains("{{") {
        Value::String(value.to_string())
    } else {
        serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_string()))
    };
    Ok((key.to_string(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_flags() {
        assert_eq!(parse_claim("a=1").unwrap(), ("a".into(), json!(1)));
        assert_eq!(parse_claim("a=x=y").unwrap(), ("a".into(), json!("x=y")));
        assert_eq!(
            parse_claim("r={{user.id}}").unwrap(),
            ("r".into(), json!("{{user.id}}"))
        );
        assert_eq!(
            parse_claim("o={\"k\":true}").unwrap(),
            ("o".into(), json!({"k": true}))
        );
        assert!(parse_claim("novalue").is_err());
        assert!(parse_claim("=x").is_err());
    }

    #[test]
    fn every_kind_lints_clean() {
        for kind in [
            TemplateKind::Default,
            TemplateKind::Hasura,
            TemplateKind::Nhost,
            TemplateKind::Supabase,
            TemplateKind::Convex,
            TemplateKind::Grafbase,
        ] {
            let diags = crate::template::lint(&Value::Object(spec(kind).claims));
            assert!(
                !crate::template::lint::has_errors(&diags),
                "{kind:?}: {diags:?}"
            );
        }
    }
}
