//! Session and template token claims: v2 session claims (`sid`, `v`, `fva`, the `o` claim with
//! its `fpm` bitmask), template claims rendered by [`crate::template`], and the header
//! categories (`cat`) the SDK uses to tell them apart.

use serde_json::{Map, Value, json};

use super::ids;

/// `cat` of session tokens.
pub const CAT_SESSION: &str = "cl_B7d4PD111AAA";
/// `cat` of JWT-template tokens.
pub const CAT_TEMPLATE: &str = "cl_B7d4PD222AAA";

/// Claims a template may not set (the token always carries them).
pub use crate::template::RESERVED_TEMPLATE_CLAIMS as TEMPLATE_RESERVED;

/// A fresh `jti`.
pub fn new_jti() -> String {
    ids::random_bytes(10)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `o` claim and the org-scoped `fea` entries for an active organization.
///
/// Custom permissions `org:<feature>:<permission>` (system `org:sys_*` ones are left out, as
/// Clerk does) are grouped by feature in first-seen order; `per` lists every permission name
/// once, sorted, and `fpm` holds one integer per feature whose bit *i* means `per[i]`.
pub fn org_claim(
    org_id: &str,
    slug: &str,
    role: &str,
    permissions: &[String],
) -> (Value, Option<String>) {
    let mut features: Vec<(String, Vec<String>)> = Vec::new();
    for p in permissions {
        let Some(rest) = p.strip_prefix("org:") else {
            continue;
        };
        if rest.starts_with("sys_") {
            continue;
        }
        let Some((feature, perm)) = rest.split_once(':') else {
            continue;
        };
        match features.iter_mut().find(|(f, _)| f == feature) {
            Some((_, perms)) => perms.push(perm.to_string()),
            None => features.push((feature.to_string(), vec![perm.to_string()])),
        }
    }
    let mut per: Vec<String> = features.iter().flat_map(|(_, p)| p.clone()).collect();
    per.sort();
    per.dedup();
    let mut o = Map::new();
    o.insert("id".into(), Value::from(org_id));
    o.insert("slg".into(), Value::from(slug));
    o.insert(
        "rol".into(),
        Value::from(role.strip_prefix("org:").unwrap_or(role)),
    );
    if features.is_empty() {
        return (Value::Object(o), None);
    }
    let fpm: Vec<String> = features
        .iter()
        .map(|(_, perms)| {
            per.iter()
                .enumerate()
                .filter(|(_, name)| perms.contains(name))
                .fold(0u64, |acc, (i, _)| acc | (1u64 << i.min(63)))
                .to_string()
        })
        .collect();
    o.insert("per".into(), Value::from(per.join(",")));
    o.insert("fpm".into(), Value::from(fpm.join(",")));
    let fea = features
        .iter()
        .map(|(f, _)| format!("o:{f}"))
        .collect::<Vec<_>>()
        .join(",");
    (Value::Object(o), Some(fea))
}

/// Inputs of a session token's claims.
#[derive(Debug, Clone)]
pub struct SessionClaims<'a> {
    /// `iss`.
    pub iss: &'a str,
    /// `sub`.
    pub sub: &'a str,
    /// `sid`.
    pub sid: &'a str,
    /// `azp`, when configured.
    pub azp: Option<&'a str>,
    /// `iat` (seconds).
    pub iat: i64,
    /// `exp` (seconds).
    pub exp: i64,
    /// `nbf` (seconds).
    pub nbf: i64,
    /// Minutes since the session's first factor.
    pub fva_minutes: i64,
    /// The `o` claim and `fea`.
    pub org: Option<(Value, Option<String>)>,
    /// Include `v` and `fva`.
    pub v2: bool,
}

/// Build the claims of a session token, in Clerk's alphabetical order.
pub fn session_claims(c: &SessionClaims<'_>) -> Map<String, Value> {
    let mut m = Map::new();
    if let Some(azp) = c.azp {
        m.insert("azp".into(), Value::from(azp));
    }
    m.insert("exp".into(), Value::from(c.exp));
    if let Some((_, Some(fea))) = &c.org {
        m.insert("fea".into(), Value::from(fea.clone()));
    }
    if c.v2 {
        m.insert("fva".into(), json!([c.fva_minutes, -1]));
    }
    m.insert("iat".into(), Value::from(c.iat));
    m.insert("iss".into(), Value::from(c.iss));
    m.insert("jti".into(), Value::from(new_jti()));
    m.insert("nbf".into(), Value::from(c.nbf));
    if let Some((o, _)) = &c.org {
        m.insert("o".into(), o.clone());
    }
    m.insert("sid".into(), Value::from(c.sid));
    m.insert("sub".into(), Value::from(c.sub));
    if c.v2 {
        m.insert("v".into(), Value::from(2));
    }
    m
}

/// The header members besides `alg` and `kid`.
pub fn header(cat: &str) -> Map<String, Value> {
    let mut h = Map::new();
    h.insert("typ".into(), Value::from("JWT"));
    h.insert("cat".into(), Value::from(cat));
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fpm_encodes_features_in_order() {
        let perms: Vec<String> = [
            "org:sys_memberships:read",
            "org:dashboard:manage",
            "org:dashboard:read",
            "org:teams:read",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let (o, fea) = org_claim("org_1", "acme", "org:admin", &perms);
        assert_eq!(fea.as_deref(), Some("o:dashboard,o:teams"));
        assert_eq!(o["rol"], "admin");
        assert_eq!(o["per"], "manage,read");
        assert_eq!(o["fpm"], "3,2");
        let (o, fea) = org_claim("org_1", "acme", "org:member", &[]);
        assert!(fea.is_none());
        assert!(o.get("fpm").is_none());
    }

    #[test]
    fn v2_claims_present_or_not() {
        let c = SessionClaims {
            iss: "https://x.example.com",
            sub: "user_1",
            sid: "sess_1",
            azp: None,
            iat: 100,
            exp: 160,
            nbf: 90,
            fva_minutes: 0,
            org: None,
            v2: true,
        };
        let m = session_claims(&c);
        assert_eq!(m["v"], 2);
        assert!(m.get("azp").is_none());
        let m = session_claims(&SessionClaims { v2: false, ..c });
        assert!(m.get("v").is_none() && m.get("fva").is_none());
    }
}
