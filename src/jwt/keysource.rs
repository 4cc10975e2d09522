//! Where verification keys come from: a PEM (`--key`, `CLERK_JWT_KEY`), a JWKS file or URL
//! (`--jwks`), the instance's `GET /v1/jwks` (secret key), or `{iss}/.well-known/jwks.json`
//! (`--discover`, only for the configured instance's issuer unless `--trust-issuer`).

use std::path::Path;
use std::time::Duration;

use thiserror::Error;

use super::jwk::{Jwk, Jwks};
use super::verify::{KeyError, KeySet};
use reqwest::Method;

use crate::clerk::api::{AttemptOutcome, RetryPolicy, parse_retry_after, should_retry};
use crate::clerk::keys::{PublishableKey, Secret};
use crate::error::UserError;
use crate::files::{BodyError, JWKS_LIMIT, KEY_LIMIT};

/// Connection timeout for key fetches.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Whole-request timeout for key fetches.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// The Backend API version header `@clerk/backend` sends.
pub const CLERK_API_VERSION_HEADER: &str = "2026-05-12";

/// What kind of key source a key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// PEM text or file (`--key`, `CLERK_JWT_KEY`).
    Pem,
    /// A local JWKS file (`--jwks FILE`).
    JwksFile,
    /// A fetched JWKS (`--jwks URL`, `/v1/jwks`, `--discover`).
    Remote,
}

/// Why keys could not be had.
#[derive(Debug, Error)]
pub enum KeySourceError {
    /// A key or JWKS file could not be read.
    #[error("cannot read `{path}`: {detail}")]
    Read {
        /// The file.
        path: String,
        /// The OS error.
        detail: String,
    },
    /// The key material was rejected.
    #[error("invalid key from {origin}{}: {source}", if *.kind == Origin::Remote { " (jwk-remote-invalid)" } else { "" })]
    Invalid {
        /// Where it came from.
        origin: String,
        /// Why.
        source: KeyError,
        /// What kind of source it was (decides the exit code and the hint).
        kind: Origin,
    },
    /// A JWKS document that is not `{"keys": [...]}` or a JWK.
    #[error("{origin} is not a JWK set (jwk-remote-invalid): {detail}")]
    NotJwks {
        /// Where it came from.
        origin: String,
        /// The parser's message.
        detail: String,
        /// Whether it was fetched (exit 3) or a local file (exit 2).
        remote: bool,
    },
    /// The server could not be reached or timed out.
    #[error("cannot fetch keys from {url} (jwk-remote-failed-to-load): {detail}")]
    Unreachable {
        /// The URL.
        url: String,
        /// What failed.
        detail: String,
        /// True when no connection was made (the request never reached a server).
        connect: bool,
    },
    /// The server answered with an error status.
    #[error("fetching keys from {url} failed with HTTP {status} ({reason}){}", .detail.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    Status {
        /// The URL.
        url: String,
        /// HTTP status.
        status: u16,
        /// `secret-key-invalid` or `jwk-remote-failed-to-load`.
        reason: &'static str,
        /// The Clerk error message, when one came back.
        detail: Option<String>,
    },
    /// A URL (or the key sent with it) no request can be made with: a space or line break.
    #[error("cannot fetch keys from {url}: {detail}")]
    BadUrl {
        /// The URL.
        url: String,
        /// What is wrong.
        detail: String,
    },
    /// `--discover` for a token without a usable `iss`.
    #[error("cannot discover keys: {0}")]
    NoIssuer(String),
    /// `--discover` refused an issuer that is not the configured instance.
    #[error("refusing to fetch keys from the token's issuer `{iss}`: {why}")]
    UntrustedIssuer {
        /// The token's `iss`.
        iss: String,
        /// Why it is not trusted.
        why: String,
    },
}

impl From<KeySourceError> for UserError {
    fn from(err: KeySourceError) -> Self {
        let message = err.to_string();
        match err {
            KeySourceError::Read { .. } => UserError::usage(message)
                .with_hint("`--key` takes PEM text or `@FILE`; `--jwks` takes a file or an https URL"),
            KeySourceError::Invalid {
                kind: Origin::Pem, ..
            } => UserError::usage(message).with_hint(
                "`--key`/`CLERK_JWT_KEY` is the PEM public key from the Dashboard (API keys → Show JWT public key)",
            ),
            KeySourceError::Invalid {
                kind: Origin::JwksFile,
                ..
            } => UserError::usage(message).with_hint(
                "a JWKS file holds the instance's RSA signing keys, as served by `/.well-known/jwks.json`",
            ),
            // The server answered, but not with keys clerkctl can use: the keys cannot be had.
            KeySourceError::Invalid {
                kind: Origin::Remote,
                ..
            } => UserError::unavailable(message).with_hint(
                "the server's key set has no usable RSA signing key; check the URL, or verify offline with `--key` and the PEM public key",
            ),
            KeySourceError::NotJwks { remote: false, .. } => {
                UserError::usage(message).with_hint("a JWKS file looks like `{\"keys\": [{\"kty\": \"RSA\", …}]}`")
            }
            KeySourceError::NotJwks { remote: true, .. } | KeySourceError::Unreachable { .. } => {
                UserError::unavailable(message)
                    .with_hint("check the URL and your network; `--key` with the PEM public key verifies offline")
            }
            KeySourceError::Status {
                reason: "secret-key-invalid",
                ..
            } => UserError::usage(message)
                .with_hint("the secret key was rejected: copy it again from the Dashboard into `CLERK_SECRET_KEY`"),
            KeySourceError::Status { status, .. } if status == 429 || status >= 500 => {
                UserError::unavailable(message)
                    .with_hint("retry later, or verify offline with `--key` and the PEM public key")
            }
            // Any other answer (404, 403, …) will not change on retry: the address is wrong.
            KeySourceError::Status { .. } => UserError::unavailable(message).with_hint(
                "check the address: `CLERK_API_URL` (`--api-url`) and `CLERK_API_VERSION` for the instance keys, or the `--jwks` URL",
            ),
            KeySourceError::BadUrl { .. } => UserError::usage(message).with_hint(
                "check the URL (and `CLERK_SECRET_KEY`) for spaces, quotes or line breaks",
            ),
            KeySourceError::NoIssuer(_) => UserError::usage(message)
                .with_hint("pass the keys with `--jwks URL` or `--key PEM` instead"),
            KeySourceError::UntrustedIssuer { .. } => UserError::usage(message).with_hint(
                "set `CLERK_PUBLISHABLE_KEY` to the instance's key, pass `--jwks URL`, or pass `--trust-issuer` if you trust this issuer",
            ),
        }
    }
}

/// `--key` / `CLERK_JWT_KEY`: PEM text, `@FILE`, or a path to a PEM file.
pub fn load_pem(arg: &str) -> Result<KeySet, KeySourceError> {
    let (text, origin) = if let Some(path) = arg.strip_prefix('@') {
        (read_file(Path::new(path), KEY_LIMIT)?, format!("`{path}`"))
    } else if !arg.contains("-----BEGIN") && Path::new(arg).is_file() {
        (read_file(Path::new(arg), KEY_LIMIT)?, format!("`{arg}`"))
    } else {
        (arg.to_string(), "the PEM text".to_string())
    };
    KeySet::from_pem(&text).map_err(|source| KeySourceError::Invalid {
        origin,
        source,
        kind: Origin::Pem,
    })
}

/// A key or JWKS file, at most `limit` bytes (a FIFO must deliver within a few seconds).
fn read_file(path: &Path, limit: u64) -> Result<String, KeySourceError> {
    crate::files::read_text_limited(path, limit).map_err(|e| KeySourceError::Read {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

/// Parse a JWK set document; a single JWK is accepted as a set of one.
pub fn parse_jwks(text: &str, origin: &str, remote: bool) -> Result<KeySet, KeySourceError> {
    let not_jwks = |detail: String| KeySourceError::NotJwks {
        origin: origin.to_string(),
        detail,
        remote,
    };
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| not_jwks(e.to_string()))?;
    let jwks = if value.get("keys").is_some() {
        serde_json::from_value::<Jwks>(value).map_err(|e| not_jwks(e.to_string()))?
    } else {
        let jwk = serde_json::from_value::<Jwk>(value).map_err(|e| not_jwks(e.to_string()))?;
        Jwks { keys: vec![jwk] }
    };
    KeySet::from_jwks(&jwks).map_err(|source| KeySourceError::Invalid {
        origin: origin.to_string(),
        source,
        kind: if remote {
            Origin::Remote
        } else {
            Origin::JwksFile
        },
    })
}

/// True when `--jwks` names a URL rather than a file.
pub fn is_url(arg: &str) -> bool {
    arg.starts_with("https://") || arg.starts_with("http://")
}

/// The HTTP client for key fetches, with connect and request timeouts.
pub fn http_client() -> Result<reqwest::Client, KeySourceError> {
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        .user_agent(concat!("clerkctl/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| KeySourceError::Unreachable {
            url: "(client setup)".to_string(),
            detail: e.to_string(),
            connect: false,
        })
}

/// `--jwks FILE|URL`.
pub async fn load_jwks(arg: &str, client: &reqwest::Client) -> Result<KeySet, KeySourceError> {
    if is_url(arg) {
        fetch_jwks(client, arg, None).await
    } else {
        let path = Path::new(arg);
        parse_jwks(&read_file(path, JWKS_LIMIT)?, &format!("`{arg}`"), false)
    }
}

/// The instance's keys: `GET {api_url}/{api_version}/jwks` with the secret key, as the SDK does.
pub async fn instance_jwks(
    client: &reqwest::Client,
    api_url: &str,
    api_version: &str,
    secret: &Secret,
) -> Result<KeySet, KeySourceError> {
    let url = format!(
        "{}/{}/jwks",
        api_url.trim_end_matches('/'),
        api_version.trim_matches('/')
    );
    fetch_jwks(client, &url, Some(secret)).await
}

/// Attempts for one key fetch: a rate limit, a 5xx or a refused connection is retried, since
/// those say nothing about the keys; a timeout is not (another 15 s wait helps nobody).
const FETCH_RETRY: RetryPolicy = RetryPolicy {
    max_attempts: 3,
    base_delay: Duration::from_millis(200),
    max_delay: Duration::from_secs(2),
    max_retry_after: Duration::from_secs(5),
};

/// Fetch and parse a JWK set.
pub async fn fetch_jwks(
    client: &reqwest::Client,
    url: &str,
    secret: Option<&Secret>,
) -> Result<KeySet, KeySourceError> {
    let mut retry = 0;
    loop {
        let last = retry + 1 >= FETCH_RETRY.max_attempts;
        let (error, retry_after) = match fetch_once(client, url, secret).await {
            Ok(set) => return Ok(set),
            Err(attempt) => attempt,
        };
        // The Backend API client's rule for a GET, except that a timed-out fetch is final.
        let retryable = match &error {
            KeySourceError::Status { status, .. } => {
                should_retry(&Method::GET, AttemptOutcome::Status(*status))
            }
            KeySourceError::Unreachable { connect: true, .. } => true,
            _ => false,
        };
        if last || !retryable {
            return Err(error);
        }
        let jitter = f64::from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos()),
        ) / 1e9;
        tokio::time::sleep(FETCH_RETRY.delay(retry, retry_after, jitter)).await;
        retry += 1;
    }
}

/// One request: the key set, or the error and the server's `Retry-After`.
async fn fetch_once(
    client: &reqwest::Client,
    url: &str,
    secret: Option<&Secret>,
) -> Result<KeySet, (KeySourceError, Option<Duration>)> {
    let mut request = client
        .get(url)
        .header("Clerk-API-Version", CLERK_API_VERSION_HEADER);
    if let Some(secret) = secret {
        request = request.bearer_auth(secret.expose());
    }
    let unreachable = |e: reqwest::Error| {
        (
            KeySourceError::Unreachable {
                url: url.to_string(),
                detail: describe_reqwest(&e),
                connect: e.is_connect() && !e.is_timeout(),
            },
            None,
        )
    };
    let response = match request.send().await {
        Err(e) if e.is_builder() => {
            let detail = describe_reqwest(&e);
            return Err((
                KeySourceError::BadUrl {
                    url: url.to_string(),
                    detail,
                },
                None,
            ));
        }
        sent => sent.map_err(unreachable)?,
    };
    let status = response.status().as_u16();
    let retry_after = parse_retry_after(response.headers());
    let body = match crate::files::read_body_limited(response, JWKS_LIMIT).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(BodyError::Http(e)) => return Err(unreachable(e)),
        Err(BodyError::TooLarge { limit }) => {
            let detail = format!(
                "the answer is larger than the {} limit",
                crate::files::human_size(limit)
            );
            return Err((
                KeySourceError::NotJwks {
                    origin: url.to_string(),
                    detail,
                    remote: true,
                },
                None,
            ));
        }
    };
    if !(200..300).contains(&status) {
        let (code, detail) = clerk_error(&body);
        let reason = if code.as_deref() == Some("clerk_key_invalid")
            || (secret.is_some() && status == 401)
        {
            "secret-key-invalid"
        } else {
            "jwk-remote-failed-to-load"
        };
        return Err((
            KeySourceError::Status {
                url: url.to_string(),
                status,
                reason,
                detail,
            },
            retry_after,
        ));
    }
    parse_jwks(&body, url, true).map_err(|e| (e, None))
}

fn describe_reqwest(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".to_string()
    } else if e.is_connect() {
        "connection failed".to_string()
    } else {
        // The URL is already in the message; reqwest repeats it in Display.
        let text = e.to_string();
        crate::clerk::keys::redact_all(&text)
    }
}

/// `(code, message)` of the first error in a Clerk error envelope.
fn clerk_error(body: &str) -> (Option<String>, Option<String>) {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(body) else {
        return (None, None);
    };
    let first = value.get("errors").and_then(|e| e.get(0));
    let field = |k: &str| {
        first
            .and_then(|f| f.get(k))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    (
        field("code"),
        field("long_message").or_else(|| field("message")),
    )
}

/// The JWKS URL `--discover` may fetch for a token's `iss`: `{iss}/.well-known/jwks.json` when
/// `iss` is the configured instance's Frontend API, or any `https` issuer with `trust_issuer`.
/// Fetching keys named by the token itself would let a forger supply its own keys, hence the check.
pub fn discovery_url(
    iss: Option<&str>,
    publishable_key: Option<&PublishableKey>,
    trust_issuer: bool,
) -> Result<String, KeySourceError> {
    let iss =
        iss.ok_or_else(|| KeySourceError::NoIssuer("the token has no `iss` claim".to_string()))?;
    let url = url::Url::parse(iss)
        .map_err(|e| KeySourceError::NoIssuer(format!("`iss` `{iss}` is not a URL: {e}")))?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let local = host == "localhost" || host.starts_with("127.");
    if url.scheme() != "https" && !(url.scheme() == "http" && local) {
        return Err(KeySourceError::UntrustedIssuer {
            iss: iss.to_string(),
            why: "it is not an https URL".to_string(),
        });
    }
    let authority = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    };
    let jwks_url = format!("{}/.well-known/jwks.json", iss.trim_end_matches('/'));
    if trust_issuer {
        return Ok(jwks_url);
    }
    match publishable_key {
        Some(pk) if pk.frontend_api_host().eq_ignore_ascii_case(&authority) => Ok(jwks_url),
        Some(pk) => Err(KeySourceError::UntrustedIssuer {
            iss: iss.to_string(),
            why: format!(
                "it is not the configured instance's Frontend API `{}`, and a token must not choose the keys it is checked with",
                pk.frontend_api_host()
            ),
        }),
        None => Err(KeySourceError::UntrustedIssuer {
            iss: iss.to_string(),
            why: "no publishable key is configured to check it against, and a token must not choose the keys it is checked with".to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clerk::keys::KeyEnvironment;

    #[test]
    fn discovery_only_for_the_configured_issuer() {
        let pk = PublishableKey::for_host(KeyEnvironment::Test, "happy-cat-1.clerk.accounts.dev");
        let ok = discovery_url(
            Some("https://happy-cat-1.clerk.accounts.dev"),
            Some(&pk),
            false,
        );
        assert_eq!(
            ok.ok().as_deref(),
            Some("https://happy-cat-1.clerk.accounts.dev/.well-known/jwks.json")
        );
        assert!(matches!(
            discovery_url(Some("https://evil.example"), Some(&pk), false),
            Err(KeySourceError::UntrustedIssuer { .. })
        ));
        assert!(matches!(
            discovery_url(Some("https://evil.example"), None, false),
            Err(KeySourceError::UntrustedIssuer { .. })
        ));
        assert!(discovery_url(Some("https://evil.example/"), None, true).is_ok());
        assert!(matches!(
            discovery_url(Some("http://evil.example"), None, true),
            Err(KeySourceError::UntrustedIssuer { .. })
        ));
        assert!(matches!(
            discovery_url(None, Some(&pk), false),
            Err(KeySourceError::NoIssuer(_))
        ));
        assert!(matches!(
            discovery_url(Some("not a url"), Some(&pk), false),
            Err(KeySourceError::NoIssuer(_))
        ));
        let local = PublishableKey::for_host(KeyEnvironment::Test, "localhost:4010");
        assert!(discovery_url(Some("http://localhost:4010"), Some(&local), false).is_ok());
    }

    #[test]
    fn jwks_documents() {
        let key = crate::jwt::sign::SigningKey::generate("ins_1").expect("key");
        let one = serde_json::to_string(&key.public_jwk()).expect("json");
        assert_eq!(parse_jwks(&one, "x", false).map(|k| k.len()).ok(), Some(1));
        let set = format!("{{\"keys\":[{one}]}}");
        assert_eq!(parse_jwks(&set, "x", false).map(|k| k.len()).ok(), Some(1));
        assert!(matches!(
            parse_jwks("[]", "x", true),
            Err(KeySourceError::NotJwks { .. })
        ));
        assert!(matches!(
            parse_jwks("{\"keys\":[]}", "x", true),
            Err(KeySourceError::Invalid { .. })
        ));
        let err: UserError = parse_jwks("nope", "x", true)
            .err()
            .map(Into::into)
            .expect("error");
        assert_eq!(err.status, crate::error::ExitStatus::Unavailable);
    }
}
