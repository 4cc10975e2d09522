//! Token verification with exactly the semantics of `verifyToken` in `@clerk/backend`.
//!
//! The checks, their order and their reason codes follow the SDK (contract §5), down to its
//! lenient corners (the audience rule, whole-second times, a key's `alg`). The deliberate
//! differences are listed in README's `verify` section; the main one: the SDK stops at the first
//! failed check, clerkctl runs every check it can and reports all of them (the first is the
//! SDK's), so one run says everything that is wrong with a token. The others fail closed where
//! the SDK fails open or throws. `tests/integration/verify_diff.rs` holds both to that.

use std::time::Duration;

use aws_lc_rs::signature::{ParsedPublicKey, RsaPublicKeyComponents};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde_json::Value;
use thiserror::Error;

use super::decode::{DecodedToken, decode_lenient, json_type};
use super::jwk::Jwks;
use super::sign::{Algorithm, KeyFormatError, pem_decode};
use super::time::{format_time, relative};

/// The `cat` header of machine-to-machine tokens, which `verifyToken` rejects.
pub const CATEGORY_M2M: &str = "cl_B7d4PD333AAA";

/// Why keys could not be read.
#[derive(Debug, Error)]
pub enum KeyError {
    /// A PEM that is not a public key.
    #[error("{0}")]
    Pem(#[from] KeyFormatError),
    /// The key bytes were rejected.
    #[error("the public key was rejected: {0}")]
    Rejected(String),
    /// A JWK without the members an RSA key needs.
    #[error("JWK {kid} is missing `{member}`")]
    MissingMember {
        /// The key's kid (or its index).
        kid: String,
        /// The missing member.
        member: &'static str,
    },
    /// A JWK member that is not base64url.
    #[error("JWK {kid}: `{member}` is not base64url")]
    BadMember {
        /// The key's kid (or its index).
        kid: String,
        /// The bad member.
        member: &'static str,
    },
    /// No usable RSA key in the set.
    #[error("the key set has no RSA signing keys{}", describe_skipped(.skipped))]
    Empty {
        /// Keys skipped and why.
        skipped: Vec<String>,
    },
}

fn describe_skipped(skipped: &[String]) -> String {
    if skipped.is_empty() {
        String::new()
    } else {
        format!(" (skipped: {})", skipped.join(", "))
    }
}

/// One public key, parsed once for each algorithm it may verify.
struct VerifyingKey {
    /// `None` for a PEM key: like the SDK's `jwtKey`, it is used whatever the token's `kid`.
    kid: Option<String>,
    /// The key's `alg`: when present, the only algorithm it verifies. WebCrypto's JWK import,
    /// which `@clerk/backend` uses, refuses a key whose `alg` is not the token's; and the SDK
    /// turns a PEM into a JWK with `alg: "RS256"`.
    alg: Option<String>,
    /// RS256, RS384, RS512; `None` for an algorithm the key's `alg` excludes.
    parsed: [Option<ParsedPublicKey>; 3],
}

const ALGORITHMS: [Algorithm; 3] = [Algorithm::RS256, Algorithm::RS384, Algorithm::RS512];

impl VerifyingKey {
    fn parse(
        kid: Option<String>,
        alg: Option<String>,
        der_or: KeyMaterial<'_>,
    ) -> Result<Self, KeyError> {
        let parse = |alg: Algorithm| -> Result<ParsedPublicKey, KeyError> {
            let params = alg.verification();
            match &der_or {
                KeyMaterial::Der(der) => ParsedPublicKey::new(params, der),
                KeyMaterial::Components { n, e } => {
                    RsaPublicKeyComponents { n: *n, e: *e }.to_parsed_public_key(params)
                }
            }
            .map_err(|e| KeyError::Rejected(e.to_string()))
        };
        let mut parsed = [None, None, None];
        let mut any = false;
        for (slot, each) in parsed.iter_mut().zip(ALGORITHMS) {
            if alg.as_deref().is_none_or(|a| a == each.name()) {
                *slot = Some(parse(each)?);
                any = true;
            }
        }
        if !any {
            // The key verifies nothing, yet its bytes are checked so a broken key still says so.
            parse(Algorithm::RS256)?;
        }
        Ok(Self { kid, alg, parsed })
    }

    /// The parsed key for a token's algorithm, or `None` when the key's `alg` excludes it.
    fn for_alg(&self, alg: Algorithm) -> Option<&ParsedPublicKey> {
        let index = match alg {
            Algorithm::RS256 => 0,
            Algorithm::RS384 => 1,
            Algorithm::RS512 => 2,
        };
        self.parsed[index].as_ref()
    }
}

enum KeyMaterial<'a> {
    Der(Vec<u8>),
    Components { n: &'a [u8], e: &'a [u8] },
}

/// Verification keys, parsed once (batch verification reuses them for every token).
pub struct KeySet {
    keys: Vec<VerifyingKey>,
}

impl std::fmt::Debug for KeySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySet")
            .field("kids", &self.kids())
            .finish()
    }
}

impl KeySet {
    /// The RSA keys of a JWK set (`/v1/jwks`, `/.well-known/jwks.json`). Keys of other types
    /// are skipped: Clerk instance keys are RSA and the SDK verifies nothing else.
    pub fn from_jwks(jwks: &Jwks) -> Result<Self, KeyError> {
        let mut keys = Vec::new();
        let mut skipped = Vec::new();
        for (i, jwk) in jwks.keys.iter().enumerate() {
            let name = jwk.kid.clone().unwrap_or_else(|| format!("#{i}"));
            if jwk.kty != "RSA" {
                skipped.push(format!("{name} is `{}`", jwk.kty));
                continue;
            }
            if jwk.use_.as_deref().is_some_and(|u| u != "sig") {
                skipped.push(format!(
                    "{name} is for `{}`",
                    jwk.use_.as_deref().unwrap_or("")
                ));
                continue;
            }
            let member = |value: &Option<String>, member: &'static str| {
                let text = value.as_deref().ok_or_else(|| KeyError::MissingMember {
                    kid: name.clone(),
                    member,
                })?;
                URL_SAFE_NO_PAD
                    .decode(text.trim_end_matches('='))
                    .map_err(|_| KeyError::BadMember {
                        kid: name.clone(),
                        member,
                    })
            };
            let n = member(&jwk.n, "n")?;
            let e = member(&jwk.e, "e")?;
            keys.push(VerifyingKey::parse(
                jwk.kid.clone(),
                jwk.alg.clone(),
                KeyMaterial::Components { n: &n, e: &e },
            )?);
        }
        if keys.is_empty() {
            return Err(KeyError::Empty { skipped });
        }
        Ok(Self { keys })
    }

    /// A PEM public key (`-----BEGIN PUBLIC KEY-----`, or PKCS#1 `RSA PUBLIC KEY`), the
    /// `CLERK_JWT_KEY` format. Its `kid` is not checked against tokens, and it verifies RS256
    /// only: the SDK makes it a JWK with `alg: "RS256"`.
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        let der = match pem_decode(pem, "PUBLIC KEY") {
            Ok(der) => der,
            Err(KeyFormatError::NotPem { .. }) => {
                pem_decode(pem, "RSA PUBLIC KEY").map_err(|_| KeyFormatError::NotPem {
                    expected: "PUBLIC KEY",
                })?
            }
            Err(e) => return Err(e.into()),
        };
        Ok(Self {
            keys: vec![VerifyingKey::parse(
                None,
                Some(Algorithm::RS256.name().to_string()),
                KeyMaterial::Der(der),
            )?],
        })
    }

    /// The key ids in the set (`None` for a PEM key).
    pub fn kids(&self) -> Vec<Option<&str>> {
        self.keys.iter().map(|k| k.kid.as_deref()).collect()
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when the set holds no keys.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Merge another set into this one (several `--jwks`).
    pub fn extend(&mut self, other: KeySet) {
        self.keys.extend(other.keys);
    }

    /// The key for a token, the way the SDK picks it: a PEM key wins; else the `kid` lookup.
    fn select(&self, kid: Option<&str>) -> Option<&VerifyingKey> {
        self.keys.iter().find(|k| k.kid.is_none()).or_else(|| {
            kid.and_then(|kid| self.keys.iter().find(|k| k.kid.as_deref() == Some(kid)))
        })
    }
}

/// Options of a verification, as in `verifyToken`'s options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyOptions {
    /// Accepted `azp` values; when non-empty a token without `azp` is rejected.
    pub authorized_parties: Vec<String>,
    /// Accepted audiences; checked only when both this and the token's `aud` are present.
    pub audience: Vec<String>,
    /// Tolerance for `exp`, `nbf` and `iat`.
    pub clock_skew: Duration,
    /// Evaluate at this unix time (seconds); `None` uses the system clock.
    pub now: Option<i64>,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        Self {
            authorized_parties: Vec::new(),
            audience: Vec::new(),
            clock_skew: Duration::from_secs(5),
            now: None,
        }
    }
}

/// `TokenVerificationErrorReason` of `@clerk/backend`, code for code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// `token-expired`
    TokenExpired,
    /// `token-invalid`
    TokenInvalid,
    /// `token-invalid-algorithm`
    TokenInvalidAlgorithm,
    /// `token-invalid-authorized-parties`
    TokenInvalidAuthorizedParties,
    /// `token-invalid-signature`
    TokenInvalidSignature,
    /// `token-not-active-yet`
    TokenNotActiveYet,
    /// `token-iat-in-the-future`
    TokenIatInTheFuture,
    /// `token-verification-failed`
    TokenVerificationFailed,
    /// `secret-key-invalid`
    InvalidSecretKey,
    /// `jwk-local-missing`
    LocalJwkMissing,
    /// `jwk-remote-failed-to-load`
    RemoteJwkFailedToLoad,
    /// `jwk-remote-invalid`
    RemoteJwkInvalid,
    /// `jwk-remote-missing`
    RemoteJwkMissing,
    /// `jwk-failed-to-resolve`
    JwkFailedToResolve,
    /// `jwk-kid-mismatch`
    JwkKidMismatch,
}

impl Reason {
    /// The SDK's reason code.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::TokenExpired => "token-expired",
            Reason::TokenInvalid => "token-invalid",
            Reason::TokenInvalidAlgorithm => "token-invalid-algorithm",
            Reason::TokenInvalidAuthorizedParties => "token-invalid-authorized-parties",
            Reason::TokenInvalidSignature => "token-invalid-signature",
            Reason::TokenNotActiveYet => "token-not-active-yet",
            Reason::TokenIatInTheFuture => "token-iat-in-the-future",
            Reason::TokenVerificationFailed => "token-verification-failed",
            Reason::InvalidSecretKey => "secret-key-invalid",
            Reason::LocalJwkMissing => "jwk-local-missing",
            Reason::RemoteJwkFailedToLoad => "jwk-remote-failed-to-load",
            Reason::RemoteJwkInvalid => "jwk-remote-invalid",
            Reason::RemoteJwkMissing => "jwk-remote-missing",
            Reason::JwkFailedToResolve => "jwk-failed-to-resolve",
            Reason::JwkKidMismatch => "jwk-kid-mismatch",
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// One failed check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The SDK reason code.
    pub reason: Reason,
    /// What is wrong, lowercase, with the facts.
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Failure {
    fn new(reason: Reason, message: impl Into<String>) -> Self {
        Self {
            reason,
            message: message.into(),
            hint: None,
        }
    }

    /// The message with the reason code after its head, in clerkctl's error style:
    /// `token has expired (token-expired): exp was 2026-11-22T10:00:00Z, 42s ago`.
    pub fn styled(&self) -> String {
        match self.message.split_once(": ") {
            Some((head, facts)) => format!("{head} ({}): {facts}", self.reason.code()),
            None => format!("{} ({})", self.message, self.reason.code()),
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// The outcome of [`verify`]: every failed check, and the decoded token when it decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Failed checks, in the SDK's order; empty when valid.
    pub failures: Vec<Failure>,
    /// The decoded token (absent when it could not be decoded).
    pub token: Option<DecodedToken>,
}

impl Verdict {
    /// True when no check failed.
    pub fn is_valid(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Verify a token as `@clerk/backend`'s `verifyToken` does, reporting every failed check.
pub fn verify(token: &str, keys: &KeySet, opts: &VerifyOptions) -> Verdict {
    let (decoded, not_objects) = match decode_lenient(token) {
        Ok(d) => d,
        Err(e) => {
            return Verdict {
                failures: vec![
                    Failure::new(
                        Reason::TokenInvalid,
                        format!("token cannot be decoded: {e}"),
                    )
                    .hint("pass the whole token: three base64url parts separated by dots"),
                ],
                token: None,
            };
        }
    };
    let now_ms = opts.now.map_or_else(
        || chrono::Utc::now().timestamp_millis(),
        |s| s.saturating_mul(1000),
    );
    let mut failures = check(&decoded, keys, opts, now_ms);
    // Reported last, so that the first reason stays the one the SDK gives.
    for (part, found) in not_objects {
        failures.push(
            Failure::new(
                Reason::TokenInvalid,
                format!("the {part} is not a JSON object: it is a JSON {found}"),
            )
            .hint("a JWT's header and payload are JSON objects"),
        );
    }
    Verdict {
        failures,
        token: Some(decoded),
    }
}

fn check(token: &DecodedToken, keys: &KeySet, opts: &VerifyOptions, now_ms: i64) -> Vec<Failure> {
    let mut failures = Vec::new();
    if token.header_str("cat") == Some(CATEGORY_M2M) {
        failures.push(
            Failure::new(
                Reason::TokenInvalid,
                format!("machine-to-machine token rejected: `cat` is `{CATEGORY_M2M}`, and `verifyToken` only accepts session and template tokens"),
            )
            .hint("verify M2M tokens with the Backend API (`/m2m_tokens/verify`), not `verifyToken`"),
        );
    }
    let kid = token.header_str("kid");
    let key = keys.select(kid);
    if keys.is_empty() {
        failures.push(
            Failure::new(Reason::JwkFailedToResolve, "no key to verify the signature with")
                .hint("pass `--key`, `--jwks` or `--discover`, or set `CLERK_SECRET_KEY` or `CLERK_JWT_KEY`"),
        );
    } else if key.is_none() {
        let known: Vec<String> = keys
            .kids()
            .iter()
            .flatten()
            .map(|k| format!("`{k}`"))
            .collect();
        let message = match kid {
            Some(kid) => format!(
                "no key for this token's kid: `kid` is `{kid}`, the key set has {}",
                known.join(", ")
            ),
            None => format!(
                "no key for this token: it has no `kid` header, the key set has {}",
                known.join(", ")
            ),
        };
        failures.push(Failure::new(Reason::JwkKidMismatch, message).hint(
            "the token was signed by another instance or a rotated key: check the keys' instance, or pass its PEM with `--key`",
        ));
    }
    match token.header.get("typ") {
        None => {}
        Some(Value::String(t)) if t == "JWT" => {}
        Some(other) => failures.push(
            Failure::new(
                Reason::TokenInvalid,
                format!("invalid JWT type: `typ` is {other}, expected \"JWT\""),
            )
            .hint("session and template tokens carry `typ: JWT`; this is another kind of token"),
        ),
    }
    let alg = match token.header.get("alg") {
        Some(Value::String(name)) => match Algorithm::from_name(name) {
            Some(alg) => Some(alg),
            None => {
                let hint = if name.eq_ignore_ascii_case("none") {
                    "an unsigned token proves nothing; Clerk never issues one"
                } else if name.starts_with("HS") {
                    "HMAC tokens are not Clerk tokens; a token signed with a public key as an HMAC secret is a known forgery"
                } else {
                    "Clerk signs tokens with RS256"
                };
                failures.push(
                    Failure::new(
                        Reason::TokenInvalidAlgorithm,
                        format!("unsupported JWT algorithm: `alg` is \"{name}\", Clerk accepts RS256, RS384 and RS512"),
                    )
                    .hint(hint),
                );
                None
            }
        },
        other => {
            failures.push(
                Failure::new(
                    Reason::TokenInvalidAlgorithm,
                    format!(
                        "unsupported JWT algorithm: `alg` is {}, expected RS256, RS384 or RS512",
                        other.map_or("missing", |v| json_type(v))
                    ),
                )
                .hint("Clerk tokens name their algorithm in the header: `\"alg\": \"RS256\"`"),
            );
            None
        }
    };
    let parsed = match (alg, key) {
        (Some(alg), Some(key)) => {
            let parsed = key.for_alg(alg);
            if parsed.is_none() {
                failures.push(excluded_algorithm(alg, key));
            }
            parsed
        }
        _ => None,
    };
    if let Some(parsed) = parsed
        && parsed
            .verify_sig(token.signing_input.as_bytes(), &token.signature)
            .is_err()
    {
        let message = if token.signature.is_empty() {
            "signature is missing: the token ends with an empty third part".to_string()
        } else {
            format!(
                "signature does not match: {} signature bytes do not verify against the header and payload",
                token.signature.len()
            )
        };
        failures.push(
            Failure::new(Reason::TokenInvalidSignature, message).hint(
                "the token was altered, truncated, or signed by another key than the one given",
            ),
        );
    }
    check_claims(token, opts, now_ms, &mut failures);
    failures
}

/// A token whose algorithm the key's `alg` excludes: the SDK's key import throws, and the
/// verdict is `token-verification-failed` before the signature is looked at.
fn excluded_algorithm(alg: Algorithm, key: &VerifyingKey) -> Failure {
    let key_alg = key.alg.as_deref().unwrap_or_default();
    let (whose, hint) = if key.kid.is_none() {
        (
            "the PEM key".to_string(),
            "`@clerk/backend` uses a PEM key (`jwtKey`, `CLERK_JWT_KEY`) for RS256 only; Clerk signs session and template tokens with RS256",
        )
    } else {
        (
            format!("key `{}`", key.kid.as_deref().unwrap_or_default()),
            "a JWK's `alg` names the one algorithm it verifies; Clerk's keys say RS256 and Clerk signs with RS256",
        )
    };
    Failure::new(
        Reason::TokenVerificationFailed,
        format!(
            "the key does not verify this algorithm: `alg` is {}, {whose} is for {key_alg} only",
            alg.name()
        ),
    )
    .hint(hint)
}

fn check_claims(
    token: &DecodedToken,
    opts: &VerifyOptions,
    now_ms: i64,
    failures: &mut Vec<Failure>,
) {
    let claims = &token.claims;
    let skew_ms = i64::try_from(opts.clock_skew.as_millis()).unwrap_or(i64::MAX);
    match claims.get("sub") {
        Some(Value::String(_)) => {}
        other => failures.push(
            Failure::new(
                Reason::TokenVerificationFailed,
                format!(
                    "subject claim is invalid: `sub` is {}, expected the user id as a string",
                    other.map_or("missing", json_type)
                ),
            )
            .hint("Clerk tokens always carry the user id in `sub`"),
        ),
    }
    check_audience(claims.get("aud"), &opts.audience, failures);
    if !opts.authorized_parties.is_empty() {
        let listed = opts.authorized_parties.join(", ");
        match claims.get("azp").and_then(Value::as_str) {
            Some(azp) if !azp.is_empty() && opts.authorized_parties.iter().any(|p| p == azp) => {}
            Some(azp) if !azp.is_empty() => failures.push(
                Failure::new(
                    Reason::TokenInvalidAuthorizedParties,
                    format!("authorized party is not allowed: `azp` is `{azp}`, expected one of {listed}"),
                )
                .hint(format!("add `--authorized-party {azp}` if that origin is yours")),
            ),
            _ => failures.push(
                Failure::new(
                    Reason::TokenInvalidAuthorizedParties,
                    format!("authorized party is missing: the token has no `azp`, expected one of {listed}"),
                )
                .hint("tokens minted without a browser `Origin` have no `azp`; the SDK rejects them when `authorizedParties` is set"),
            ),
        }
    }
    match claims.get("exp") {
        Some(Value::Number(n)) => {
            let exp_ms = seconds_to_ms(n.as_f64().unwrap_or(0.0));
            if exp_ms <= now_ms.saturating_sub(skew_ms) {
                failures.push(
                    Failure::new(
                        Reason::TokenExpired,
                        format!(
                            "token has expired: exp was {}",
                            describe_time(exp_ms, now_ms)
                        ),
                    )
                    .hint(format!(
                        "{}; get a fresh one, or pass `--at {}` to evaluate it before it expired",
                        lifetime_note(claims),
                        format_time(exp_ms.saturating_sub(10_000))
                    )),
                );
            }
        }
        other => failures.push(
            Failure::new(
                Reason::TokenVerificationFailed,
                format!(
                    "expiry claim is invalid: `exp` is {}, expected a number",
                    other.map_or_else(|| "missing".to_string(), Value::to_string)
                ),
            )
            .hint("`exp` must be unix seconds as a JSON number"),
        ),
    }
    for (name, reason, what) in [
        ("nbf", Reason::TokenNotActiveYet, "token is not active yet"),
        (
            "iat",
            Reason::TokenIatInTheFuture,
            "token was issued in the future",
        ),
    ] {
        match claims.get(name) {
            None => {}
            Some(Value::Number(n)) => {
                let at_ms = seconds_to_ms(n.as_f64().unwrap_or(0.0));
                if at_ms > now_ms.saturating_add(skew_ms) {
                    failures.push(
                        Failure::new(reason, format!("{what}: {name} is {}", describe_time(at_ms, now_ms)))
                            .hint("check the clock of this machine and of the issuer, or raise `--clock-skew`"),
                    );
                }
            }
            Some(other) => failures.push(
                Failure::new(
                    Reason::TokenVerificationFailed,
                    format!("`{name}` claim is invalid: it is {other}, expected a number"),
                )
                .hint(format!(
                    "`{name}` must be unix seconds as a JSON number, or absent"
                )),
            ),
        }
    }
}

/// The audience check of `@clerk/backend`, rule for rule: empty audiences are dropped on both
/// sides (`[x].flat().filter(Boolean)`), and nothing is checked unless both lists still hold
/// something; then a string `aud` must be listed, an array of strings must share an entry, and
/// any other shape (an array holding a number, `true`, an object) passes unchecked.
fn check_audience(aud: Option<&Value>, audience: &[String], failures: &mut Vec<Failure>) {
    let expected: Vec<&str> = audience
        .iter()
        .map(String::as_str)
        .filter(|a| !a.is_empty())
        .collect();
    let Some(aud) = aud else { return };
    let present = match aud {
        Value::Array(items) => items.iter().any(is_truthy),
        other => is_truthy(other),
    };
    if expected.is_empty() || !present {
        return;
    }
    let ok = match aud {
        Value::String(a) => expected.contains(&a.as_str()),
        Value::Array(items) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .any(|a| expected.contains(&a)),
        _ => return,
    };
    if !ok {
        failures.push(
            Failure::new(
                Reason::TokenVerificationFailed,
                format!(
                    "audience is not allowed: `aud` is {aud}, expected one of {}",
                    expected.join(", ")
                ),
            )
            .hint("set the template's audience, or pass the token's `aud` with `--audience`"),
        );
    }
}

/// JavaScript truthiness of a JSON value: `false`, `0`, `""` and `null` are falsy.
fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// How long this token lived (`exp - iat`), for the expiry hint: "this token lived 10m" for a
/// template token, not a session token's 60 s.
fn lifetime_note(claims: &serde_json::Map<String, Value>) -> String {
    let secs = |k: &str| claims.get(k).and_then(Value::as_i64);
    match secs("exp").zip(secs("iat")) {
        Some((exp, iat)) if exp > iat => format!(
            "this token lived {} (`exp - iat`)",
            crate::jwt::time::span(exp.abs_diff(iat))
        ),
        _ => "Clerk's tokens are short-lived".to_string(),
    }
}

/// A time claim in unix milliseconds, whole seconds only: the SDK sets it with
/// `Date#setUTCSeconds`, which drops the fraction (toward zero), so `exp: 99.9` is 99s.
fn seconds_to_ms(seconds: f64) -> i64 {
    // `as` saturates on overflow and maps NaN to 0: no panic for absurd values.
    (seconds.trunc() * 1000.0) as i64
}

fn describe_time(at_ms: i64, now_ms: i64) -> String {
    format!("{}, {}", format_time(at_ms), relative(at_ms, now_ms))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::jwt::sign::SigningKey;

    const NOW: i64 = 1_800_000_000;

    fn key() -> &'static SigningKey {
        static KEY: std::sync::OnceLock<SigningKey> = std::sync::OnceLock::new();
        KEY.get_or_init(|| SigningKey::generate("ins_test").expect("key generation"))
    }

    fn header(typ: bool) -> serde_json::Map<String, Value> {
        let mut h = serde_json::Map::new();
        if typ {
            h.insert("typ".into(), json!("JWT"));
        }
        h
    }

    fn claims() -> Value {
        json!({"sub": "user_1", "iat": NOW - 10, "nbf": NOW - 15, "exp": NOW + 50, "azp": "http://localhost:3000"})
    }

    fn opts() -> VerifyOptions {
        VerifyOptions {
            now: Some(NOW),
            ..VerifyOptions::default()
        }
    }

    fn jwks() -> KeySet {
        KeySet::from_jwks(&Jwks {
            keys: vec![key().public_jwk()],
        })
        .expect("jwks")
    }

    fn codes(v: &Verdict) -> Vec<&'static str> {
        v.failures.iter().map(|f| f.reason.code()).collect()
    }

    fn jwks_with_alg(alg: Option<&str>) -> KeySet {
        let mut jwk = key().public_jwk();
        jwk.alg = alg.map(str::to_string);
        KeySet::from_jwks(&Jwks { keys: vec![jwk] }).expect("jwks")
    }

    #[test]
    fn valid_token_with_jwks_and_pem() {
        let token = key().sign_jwt(Algorithm::RS256, &header(true), &claims());
        let v = verify(&token, &jwks(), &opts());
        assert!(v.is_valid(), "{:?}", v.failures);
        let pem = KeySet::from_pem(&key().public_pem()).expect("pem");
        assert!(verify(&token, &pem, &opts()).is_valid());
        // A JWK without `alg` verifies every RSA algorithm.
        for alg in [Algorithm::RS256, Algorithm::RS384, Algorithm::RS512] {
            let token = key().sign_jwt(alg, &header(true), &claims());
            let v = verify(&token, &jwks_with_alg(None), &opts());
            assert!(v.is_valid(), "{alg:?}: {:?}", v.failures);
        }
    }

    #[test]
    fn a_keys_alg_limits_the_tokens_algorithm() {
        // The SDK makes a PEM a JWK with `alg: "RS256"` and imports a served JWK with its
        // `alg`: WebCrypto refuses the import for another algorithm, before any claim check.
        let pem = KeySet::from_pem(&key().public_pem()).expect("pem");
        let expired = json!({"sub": "u", "exp": NOW - 100});
        for alg in [Algorithm::RS384, Algorithm::RS512] {
            let token = key().sign_jwt(alg, &header(true), &claims());
            for set in [&pem, &jwks()] {
                let v = verify(&token, set, &opts());
                assert_eq!(codes(&v), ["token-verification-failed"], "{alg:?}");
                assert!(
                    v.failures[0].message.contains("RS256 only"),
                    "{:?}",
                    v.failures
                );
            }
            // Not a signature or expiry failure first, even when those would fail too.
            let other = SigningKey::generate("ins_test").expect("key");
            let forged = other.sign_jwt(alg, &header(true), &expired);
            assert_eq!(
                codes(&verify(&forged, &pem, &opts()))[0],
                "token-verification-failed"
            );
        }
        let rs512_key = jwks_with_alg(Some("RS512"));
        let rs512 = key().sign_jwt(Algorithm::RS512, &header(true), &claims());
        assert!(verify(&rs512, &rs512_key, &opts()).is_valid());
        let rs256 = key().sign_jwt(Algorithm::RS256, &header(true), &claims());
        assert_eq!(
            codes(&verify(&rs256, &rs512_key, &opts())),
            ["token-verification-failed"]
        );
        // A key for an algorithm outside RSA PKCS#1 verifies nothing.
        assert_eq!(
            codes(&verify(&rs256, &jwks_with_alg(Some("PS256")), &opts())),
            ["token-verification-failed"]
        );
    }

    #[test]
    fn fractional_times_count_in_whole_seconds() {
        // `Date#setUTCSeconds` cuts the fraction toward zero: NOW − 4.5 is second NOW − 5, at
        // the edge of the 5s skew, so expired; NOW + 5.5 is NOW + 5, still within the skew.
        let t = |claims: Value| key().sign_jwt(Algorithm::RS256, &header(true), &claims);
        let exp = t(json!({"sub": "u", "exp": NOW as f64 - 4.5}));
        assert_eq!(codes(&verify(&exp, &jwks(), &opts())), ["token-expired"]);
        let exp = t(json!({"sub": "u", "exp": NOW as f64 - 5.0 + 0.999}));
        assert_eq!(codes(&verify(&exp, &jwks(), &opts())), ["token-expired"]);
        let nbf = t(json!({"sub": "u", "exp": NOW + 60, "nbf": NOW as f64 + 5.5}));
        assert!(verify(&nbf, &jwks(), &opts()).is_valid());
        let iat = t(json!({"sub": "u", "exp": NOW + 60, "iat": NOW as f64 + 5.9}));
        assert!(verify(&iat, &jwks(), &opts()).is_valid());
        let iat = t(json!({"sub": "u", "exp": NOW + 60, "iat": NOW as f64 + 6.1}));
        assert_eq!(
            codes(&verify(&iat, &jwks(), &opts())),
            ["token-iat-in-the-future"]
        );
        // Negative times are cut toward zero too: -0.5 is 0, the epoch.
        let epoch = t(json!({"sub": "u", "exp": NOW + 60, "nbf": -0.5}));
        assert!(verify(&epoch, &jwks(), &opts()).is_valid());
    }

    #[test]
    fn audience_is_checked_like_the_sdk() {
        let with_aud = |aud: &[&str]| VerifyOptions {
            audience: aud.iter().map(|a| a.to_string()).collect(),
            ..opts()
        };
        let t = |aud: Value| {
            key().sign_jwt(
                Algorithm::RS256,
                &header(true),
                &json!({"sub": "u", "exp": NOW + 60, "aud": aud}),
            )
        };
        let cases = [
            // An array with a non-string (after dropping falsy entries) is not checked.
            (json!(["b", 5]), true),
            (json!(["b", {}]), true),
            (json!(["b", ["a"]]), true),
            (json!(["b", true]), true),
            // Falsy entries are dropped to decide whether to check; an all-string array is then
            // checked whole (its empty strings match nothing).
            (json!([null, "", false, 0]), true),
            (json!(["", "b"]), false),
            (json!(["", "a"]), true),
            (json!([null, "b"]), true),
            (json!(["b", "c"]), false),
            (json!(["b", "a"]), true),
            (json!(""), true),
            (json!(0), true),
            (json!(7), true),
            (json!("b"), false),
            (json!("a"), true),
        ];
        for (aud, valid) in cases {
            let v = verify(&t(aud.clone()), &jwks(), &with_aud(&["a"]));
            assert_eq!(v.is_valid(), valid, "aud {aud}: {:?}", codes(&v));
            if !valid {
                assert_eq!(codes(&v), ["token-verification-failed"]);
            }
        }
        // Empty expected audiences are dropped: nothing is left to check against.
        assert!(verify(&t(json!("b")), &jwks(), &with_aud(&[""])).is_valid());
    }

    #[test]
    fn reports_every_failed_check() {
        let token = key().sign_jwt(
            Algorithm::RS256,
            &header(false),
            &json!({"iat": NOW + 100, "nbf": NOW + 100, "exp": NOW - 100}),
        );
        let v = verify(&token, &jwks(), &opts());
        assert_eq!(
            codes(&v),
            [
                "token-verification-failed",
                "token-expired",
                "token-not-active-yet",
                "token-iat-in-the-future"
            ]
        );
    }

    #[test]
    fn clock_skew_is_honoured() {
        let token = key().sign_jwt(
            Algorithm::RS256,
            &header(true),
            &json!({"sub": "u", "exp": NOW - 3}),
        );
        assert!(verify(&token, &jwks(), &opts()).is_valid());
        let strict = VerifyOptions {
            clock_skew: Duration::ZERO,
            ..opts()
        };
        assert_eq!(codes(&verify(&token, &jwks(), &strict)), ["token-expired"]);
        // exp exactly at now - skew is expired (`<=`).
        let edge = key().sign_jwt(
            Algorithm::RS256,
            &header(true),
            &json!({"sub": "u", "exp": NOW - 5}),
        );
        assert_eq!(codes(&verify(&edge, &jwks(), &opts())), ["token-expired"]);
    }

    #[test]
    fn the_expiry_hint_states_this_tokens_lifetime() {
        let template = key().sign_jwt(
            Algorithm::RS256,
            &header(true),
            &json!({"sub": "u", "iat": NOW - 700, "exp": NOW - 100}),
        );
        let verdict = verify(&template, &jwks(), &opts());
        let hint = verdict.failures[0].hint.clone().unwrap_or_default();
        assert!(
            hint.starts_with("this token lived 10m (`exp - iat`)"),
            "{hint}"
        );
        assert!(!hint.contains("60s"), "{hint}");
    }

    #[test]
    fn authorized_parties_and_audience() {
        let with = |azp: Vec<&str>, aud: Vec<&str>| VerifyOptions {
            authorized_parties: azp.into_iter().map(String::from).collect(),
            audience: aud.into_iter().map(String::from).collect(),
            ..opts()
        };
        let token = key().sign_jwt(Algorithm::RS256, &header(true), &claims());
        assert!(
            verify(
                &token,
                &jwks(),
                &with(vec!["http://localhost:3000"], vec!["x"])
            )
            .is_valid()
        );
        assert_eq!(
            codes(&verify(
                &token,
                &jwks(),
                &with(vec!["https://example.com"], vec![])
            )),
            ["token-invalid-authorized-parties"]
        );
        let no_azp = key().sign_jwt(
            Algorithm::RS256,
            &header(true),
            &json!({"sub": "u", "exp": NOW + 9}),
        );
        assert_eq!(
            codes(&verify(
                &no_azp,
                &jwks(),
                &with(vec!["https://example.com"], vec![])
            )),
            ["token-invalid-authorized-parties"]
        );
        let aud = key().sign_jwt(
            Algorithm::RS256,
            &header(true),
            &json!({"sub": "u", "exp": NOW + 9, "aud": ["a", "b"]}),
        );
        assert!(verify(&aud, &jwks(), &with(vec![], vec!["b"])).is_valid());
        assert_eq!(
            codes(&verify(&aud, &jwks(), &with(vec![], vec!["c"]))),
            ["token-verification-failed"]
        );
    }

    #[test]
    fn key_selection() {
        let token = key().sign_jwt(Algorithm::RS256, &header(true), &claims());
        let other = SigningKey::generate("ins_other").expect("key");
        let set = KeySet::from_jwks(&Jwks {
            keys: vec![other.public_jwk()],
        })
        .expect("jwks");
        assert_eq!(codes(&verify(&token, &set, &opts())), ["jwk-kid-mismatch"]);
        // A PEM key ignores kid, so a foreign key yields a signature failure instead.
        let pem = KeySet::from_pem(&other.public_pem()).expect("pem");
        assert_eq!(
            codes(&verify(&token, &pem, &opts())),
            ["token-invalid-signature"]
        );
        let empty = KeySet { keys: Vec::new() };
        assert_eq!(
            codes(&verify(&token, &empty, &opts())),
            ["jwk-failed-to-resolve"]
        );
    }

    #[test]
    fn header_checks() {
        let mut h = header(false);
        h.insert("typ".into(), json!("at+jwt"));
        h.insert("cat".into(), json!(CATEGORY_M2M));
        let token = key().sign_jwt(Algorithm::RS256, &h, &claims());
        assert_eq!(
            codes(&verify(&token, &jwks(), &opts())),
            ["token-invalid", "token-invalid"]
        );
        let undecodable = verify("nope", &jwks(), &opts());
        assert_eq!(codes(&undecodable), ["token-invalid"]);
        assert!(undecodable.token.is_none());
    }

    #[test]
    fn every_failure_has_a_hint() {
        let mut h = header(false);
        h.insert("typ".into(), json!("at+jwt"));
        h.insert("cat".into(), json!(CATEGORY_M2M));
        h.insert("kid".into(), json!("ins_unknown"));
        let claims =
            json!({"sub": 5, "exp": "soon", "nbf": "x", "iat": [1], "aud": "a", "azp": "b"});
        let opts = VerifyOptions {
            authorized_parties: vec!["c".into()],
            audience: vec!["d".into()],
            ..opts()
        };
        let signed = key().sign_jwt(Algorithm::RS256, &h, &claims);
        let no_alg = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"kid":"ins_test"}"#),
            URL_SAFE_NO_PAD.encode(r#"{"nbf":true}"#)
        );
        for token in [signed.as_str(), no_alg.as_str(), "a.b"] {
            let v = verify(token, &jwks(), &opts);
            assert!(v.failures.len() >= 3 || token == "a.b", "{:?}", codes(&v));
            for f in &v.failures {
                assert!(f.hint.is_some(), "no hint for {}: {}", f.reason, f.message);
            }
        }
    }

    #[test]
    fn failures_read_in_the_error_style() {
        let f = Failure::new(
            Reason::TokenExpired,
            "token has expired: exp was X, 42s ago",
        );
        assert_eq!(
            f.styled(),
            "token has expired (token-expired): exp was X, 42s ago"
        );
        let f = Failure::new(Reason::JwkFailedToResolve, "no key");
        assert_eq!(f.styled(), "no key (jwk-failed-to-resolve)");
    }

    #[test]
    fn rejects_keys_that_are_not_rsa_public_keys() {
        assert!(KeySet::from_pem("not a pem").is_err());
        assert!(KeySet::from_pem(&key().to_pkcs8_pem()).is_err());
        let mut jwk = key().public_jwk();
        jwk.kty = "EC".into();
        assert!(matches!(
            KeySet::from_jwks(&Jwks { keys: vec![jwk] }),
            Err(KeyError::Empty { .. })
        ));
        let mut jwk = key().public_jwk();
        jwk.n = None;
        assert!(matches!(
            KeySet::from_jwks(&Jwks { keys: vec![jwk] }),
            Err(KeyError::MissingMember { member: "n", .. })
        ));
    }
}
