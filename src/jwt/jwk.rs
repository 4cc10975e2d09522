//! JSON Web Keys as Clerk publishes them (`GET /v1/jwks`, `/.well-known/jwks.json`).

use serde::{Deserialize, Serialize};

/// A JWK set: `{"keys": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwks {
    /// The keys, in the order served.
    pub keys: Vec<Jwk>,
}

/// One public key. Only the members clerkctl uses are typed; others are kept in `extra` so a
/// key round-trips unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    /// Key type: `RSA` for every Clerk instance key.
    pub kty: String,
    /// Key id: the instance id (`ins_…`) for Clerk instance keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// Intended use: `sig`.
    #[serde(default, rename = "use", skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    /// Algorithm: `RS256`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// RSA modulus, base64url without padding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    /// RSA public exponent, base64url without padding (`AQAB`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
    /// Any other members (x5c, crv, …).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Jwk {
    /// An RSA key that may verify signatures (`use` absent or `sig`): one a verifier would pick.
    pub fn is_rsa_signing(&self) -> bool {
        self.kty == "RSA" && self.use_.as_deref().is_none_or(|u| u == "sig")
    }
}
