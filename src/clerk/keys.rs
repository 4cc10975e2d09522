//! Clerk key formats: publishable keys decoded to their Frontend API host, and secret keys kept
//! in a redacting [`Secret`] so they can never reach output by accident.

use std::fmt;

use base64::Engine;
use thiserror::Error;

/// Which kind of instance a key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyEnvironment {
    /// `pk_test_` / `sk_test_`: a development instance.
    Test,
    /// `pk_live_` / `sk_live_`: a production instance.
    Live,
}

impl fmt::Display for KeyEnvironment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyEnvironment::Test => "test",
            KeyEnvironment::Live => "live",
        })
    }
}

/// Why a key was rejected.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum KeyError {
    /// Not `pk_test_…` / `pk_live_…`.
    #[error("publishable key must start with `pk_test_` or `pk_live_`")]
    PublishablePrefix,
    /// The part after the prefix is not the base64 of `<host>$`.
    #[error("publishable key does not decode to a Frontend API host: {0}")]
    PublishableBody(&'static str),
    /// Not `sk_test_…` / `sk_live_…`.
    #[error("secret key must start with `sk_test_` or `sk_live_`")]
    SecretPrefix,
    /// Nothing after the prefix.
    #[error("secret key has no value after its prefix")]
    SecretEmpty,
    /// A space, line break or other character no key has (often a paste that took too much).
    #[error("secret key contains a space, line break or control character")]
    SecretCharacters,
}

/// A decoded publishable key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishableKey {
    raw: String,
    environment: KeyEnvironment,
    frontend_api: String,
}

impl PublishableKey {
    /// Parse and validate as `@clerk/shared` does: three `_`-separated parts, the last decodes
    /// (base64, padding optional) to `<host>$` with exactly one trailing `$` and a dot in the host.
    pub fn parse(raw: &str) -> Result<Self, KeyError> {
        let raw = raw.trim();
        let (environment, body) = if let Some(body) = raw.strip_prefix("pk_test_") {
            (KeyEnvironment::Test, body)
        } else if let Some(body) = raw.strip_prefix("pk_live_") {
            (KeyEnvironment::Live, body)
        } else {
            return Err(KeyError::PublishablePrefix);
        };
        if body.contains('_') {
            return Err(KeyError::PublishableBody(
                "it has more than three `_`-separated parts",
            ));
        }
        let trimmed = body.trim_end_matches('=');
        let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(trimmed)
            .map_err(|_| KeyError::PublishableBody("it is not valid base64"))?;
        let decoded = String::from_utf8(bytes)
            .map_err(|_| KeyError::PublishableBody("it is not valid UTF-8"))?;
        let Some(host) = decoded.strip_suffix('$') else {
            return Err(KeyError::PublishableBody("it does not end with `$`"));
        };
        if host.contains('$') {
            return Err(KeyError::PublishableBody("it contains more than one `$`"));
        }
        if !host.contains('.') || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(KeyError::PublishableBody("the host is not a domain name"));
        }
        Ok(Self {
            raw: raw.to_string(),
            environment,
            frontend_api: host.to_string(),
        })
    }

    /// Build the publishable key for a Frontend API host (`pk_test_` + base64(`host$`)).
    pub fn for_host(environment: KeyEnvironment, host: &str) -> Self {
        let body =
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(format!("{host}$").as_bytes());
        let prefix = match environment {
            KeyEnvironment::Test => "pk_test_",
            KeyEnvironment::Live => "pk_live_",
        };
        Self {
            raw: format!("{prefix}{body}"),
            environment,
            frontend_api: host.to_string(),
        }
    }

    /// The key as given.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// Test or live.
    pub fn environment(&self) -> KeyEnvironment {
        self.environment
    }

    /// The Frontend API host, e.g. `clerk.example.com` or `happy-cat-12.clerk.accounts.dev`.
    pub fn frontend_api_host(&self) -> &str {
        &self.frontend_api
    }

    /// The Frontend API URL, which is also the `iss` of the instance's tokens.
    pub fn frontend_api_url(&self) -> String {
        if self.frontend_api.starts_with("localhost") || self.frontend_api.starts_with("127.") {
            format!("http://{}", self.frontend_api)
        } else {
            format!("https://{}", self.frontend_api)
        }
    }
}

/// A secret value (the secret key) that only reveals itself on purpose.
///
/// `Debug` and `Display` print the redacted form (`sk_test_…abcd`).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wrap a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for an `Authorization` header and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The redacted form: the prefix, an ellipsis and the last four characters.
    pub fn redacted(&self) -> String {
        redact_secret(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.redacted())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Redact a secret key for display: `sk_test_…abcd`. Short values are fully masked.
pub fn redact_secret(value: &str) -> String {
    let prefix = ["sk_test_", "sk_live_", "test_", "live_"]
        .into_iter()
        .find(|p| value.starts_with(p))
        .unwrap_or("");
    let rest = &value[prefix.len()..];
    let chars: Vec<char> = rest.chars().collect();
    if chars.len() < 12 {
        return format!("{prefix}…");
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{prefix}…{tail}")
}

/// Replace every secret key found in `text` by its redacted form. Used on anything that leaves the
/// process (reports, logs, error messages relayed from servers).
pub fn redact_all(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = ["sk_test_", "sk_live_"]
        .iter()
        .filter_map(|p| rest.find(p))
        .min()
    {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        let end = tail
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
            .map_or(tail.len(), |(i, _)| i);
        out.push_str(&redact_secret(&tail[..end]));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// A validated secret key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretKey {
    secret: Secret,
    environment: KeyEnvironment,
}

impl SecretKey {
    /// Parse `sk_test_…` / `sk_live_…` (the legacy `test_` / `live_` forms are accepted too).
    pub fn parse(raw: &str) -> Result<Self, KeyError> {
        let raw = raw.trim();
        let (environment, body) = if let Some(b) = raw.strip_prefix("sk_test_") {
            (KeyEnvironment::Test, b)
        } else if let Some(b) = raw.strip_prefix("sk_live_") {
            (KeyEnvironment::Live, b)
        } else if let Some(b) = raw.strip_prefix("test_") {
            (KeyEnvironment::Test, b)
        } else if let Some(b) = raw.strip_prefix("live_") {
            (KeyEnvironment::Live, b)
        } else {
            return Err(KeyError::SecretPrefix);
        };
        if body.is_empty() {
            return Err(KeyError::SecretEmpty);
        }
        if body.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(KeyError::SecretCharacters);
        }
        Ok(Self {
            secret: Secret::new(raw),
            environment,
        })
    }

    /// Test or live.
    pub fn environment(&self) -> KeyEnvironment {
        self.environment
    }

    /// The secret, redacting.
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The raw key, for the `Authorization` header only.
    pub fn expose(&self) -> &str {
        self.secret.expose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_sdk_fixture_key() {
        let pk =
            PublishableKey::parse("pk_test_Y2xlcmsuaW5zcGlyZWQucHVtYS03NC5sY2wuZGV2JA").unwrap();
        assert_eq!(pk.frontend_api_host(), "clerk.inspired.puma-74.lcl.dev");
        assert_eq!(pk.environment(), KeyEnvironment::Test);
        assert_eq!(
            pk.frontend_api_url(),
            "https://clerk.inspired.puma-74.lcl.dev"
        );
    }

    #[test]
    fn round_trips_a_built_key() {
        let pk = PublishableKey::for_host(KeyEnvironment::Live, "clerk.example.com");
        assert_eq!(PublishableKey::parse(pk.as_str()).unwrap(), pk);
    }

    #[test]
    fn rejects_malformed_publishable_keys() {
        for (raw, expected) in [
            ("sk_test_abc", KeyError::PublishablePrefix),
            (
                "pk_test_!!!",
                KeyError::PublishableBody("it is not valid base64"),
            ),
            // "example.com" without the trailing `$`
            (
                "pk_test_ZXhhbXBsZS5jb20",
                KeyError::PublishableBody("it does not end with `$`"),
            ),
            // "examplecom$": no dot
            (
                "pk_test_ZXhhbXBsZWNvbSQ",
                KeyError::PublishableBody("the host is not a domain name"),
            ),
            // "a$b.com$"
            (
                "pk_test_YSRiLmNvbSQ",
                KeyError::PublishableBody("it contains more than one `$`"),
            ),
            (
                "pk_test_a_b",
                KeyError::PublishableBody("it has more than three `_`-separated parts"),
            ),
        ] {
            assert_eq!(PublishableKey::parse(raw).unwrap_err(), expected, "{raw}");
        }
    }

    #[test]
    fn secret_keys_never_display_in_full() {
        let sk = SecretKey::parse("sk_test_0123456789abcdefWXYZ").unwrap();
        assert_eq!(format!("{}", sk.secret()), "sk_test_…WXYZ");
        assert!(!format!("{sk:?}").contains("0123456789"));
        assert_eq!(
            SecretKey::parse("pk_test_x").unwrap_err(),
            KeyError::SecretPrefix
        );
        assert_eq!(
            SecretKey::parse("sk_live_").unwrap_err(),
            KeyError::SecretEmpty
        );
    }

    #[test]
    fn redacts_every_secret_in_text() {
        let text = concat!(
            "auth sk_test_0123456789abcdefWXYZ and sk_",
            "live_ABCDEFGHIJKLMNOP, done"
        );
        assert_eq!(
            redact_all(text),
            "auth sk_test_…WXYZ and sk_live_…MNOP, done"
        );
    }
}
