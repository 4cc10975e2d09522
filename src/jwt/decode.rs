//! Token extraction (what people paste) and JWS compact decoding, with precise errors.
//!
//! Nothing here verifies anything: [`decode`] splits and parses, so that `clerkctl decode` can
//! explain even a broken or unsigned token. Every input, however malformed, yields an error value,
//! never a panic.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};
use thiserror::Error;

/// The three parts of a compact JWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The first part (JOSE header).
    Header,
    /// The second part (claims).
    Payload,
    /// The third part (signature).
    Signature,
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Part::Header => "header (part 1)",
            Part::Payload => "payload (part 2)",
            Part::Signature => "signature (part 3)",
        })
    }
}

/// Why a token could not be extracted or decoded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    /// Nothing left after stripping whitespace, quotes and prefixes.
    #[error("no token found in the input")]
    Empty,
    /// A cookie string without a `__session` cookie.
    #[error("the cookie string has no `__session` cookie")]
    NoSessionCookie,
    /// Not three dot-separated parts.
    #[error("a JWT has 3 dot-separated parts, this has {parts}")]
    PartCount {
        /// How many parts were found.
        parts: usize,
    },
    /// A character that never occurs in a compact JWT (space, quote, control byte, …).
    #[error("the {part} contains {found:?}, which is not a base64url character")]
    BadCharacter {
        /// Where.
        part: Part,
        /// The offending character.
        found: char,
    },
    /// Not valid base64url.
    #[error("the {part} is not valid base64url: {detail}")]
    Base64 {
        /// Where.
        part: Part,
        /// What the decoder said.
        detail: String,
    },
    /// Not JSON.
    #[error("the {part} is not JSON: {detail}")]
    Json {
        /// Where.
        part: Part,
        /// What the parser said.
        detail: String,
    },
    /// JSON, but not an object.
    #[error("the {part} is a JSON {found}, not an object")]
    NotObject {
        /// Where.
        part: Part,
        /// `array`, `string`, …
        found: &'static str,
    },
}

/// A decoded (not verified) compact JWS.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedToken {
    /// The JOSE header.
    pub header: Map<String, Value>,
    /// The claims.
    pub claims: Map<String, Value>,
    /// `base64url(header) || '.' || base64url(payload)`: the bytes the signature covers.
    pub signing_input: String,
    /// The raw signature bytes (empty for `alg: none`).
    pub signature: Vec<u8>,
}

impl DecodedToken {
    /// A header member as a string.
    pub fn header_str(&self, name: &str) -> Option<&str> {
        self.header.get(name).and_then(Value::as_str)
    }

    /// A claim as a string.
    pub fn claim_str(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }

    /// The length of the compact token (signing input, dot, base64url signature).
    pub fn compact_len(&self) -> usize {
        self.signing_input.len() + 1 + base64_len(self.signature.len())
    }
}

fn base64_len(bytes: usize) -> usize {
    (bytes * 4).div_ceil(3)
}

/// Pull the JWT out of what people paste: a bare JWT, `Bearer <jwt>`, an `Authorization:` header
/// line, a `Cookie:` line or cookie string with `__session=` (or a suffixed `__session_<x>=`),
/// with surrounding whitespace or quotes.
///
/// A pasted block of several lines (request headers copied from the browser's network panel)
/// yields the token of the one line that holds a JWT (`Authorization: Bearer …`, `Cookie: …`).
pub fn extract_token(input: &str) -> Result<String, DecodeError> {
    let mut lines = input.lines().map(str::trim).filter(|l| !l.is_empty());
    if let (Some(_), Some(_)) = (lines.next(), lines.next()) {
        let token = input
            .lines()
            .filter_map(|line| extract_from_line(line.trim()).ok())
            .find(|t| t.starts_with("eyJ") && t.split('.').count() == 3);
        if let Some(token) = token {
            return Ok(token);
        }
    }
    extract_from_line(input)
}

/// [`extract_token`] for one line.
fn extract_from_line(input: &str) -> Result<String, DecodeError> {
    let mut s = strip_quotes(input.trim());
    if let Some(rest) = strip_prefix_ci(s, "authorization:") {
        s = strip_quotes(rest.trim());
    }
    // A `Cookie:` request line or a `Set-Cookie:` response line (copied from the browser's
    // network panel) holds cookies, never a bare token: it must name `__session`.
    let mut cookie_line = false;
    for prefix in ["cookie:", "set-cookie:"] {
        if let Some(rest) = strip_prefix_ci(s, prefix) {
            s = rest.trim();
            cookie_line = true;
        }
    }
    if let Some(rest) = strip_prefix_ci(s, "bearer") {
        // `Bearer` must be followed by whitespace; a token never starts with it anyway.
        if rest.starts_with(char::is_whitespace) {
            s = strip_quotes(rest.trim());
        }
    }
    if cookie_line || (s.contains("__session") && s.contains('=')) {
        s = session_cookie(s)?;
    }
    let s = strip_quotes(s.trim());
    if s.is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(s.to_string())
}

/// The value of the `__session` cookie; a suffixed `__session_<suffix>` is taken when the plain
/// one is absent (the suffixed cookie is what multi-app setups send).
fn session_cookie(cookies: &str) -> Result<&str, DecodeError> {
    let mut suffixed = None;
    for pair in cookies.split(';') {
        let Some((name, value)) = pair.split_once('=') else {
            continue;
        };
        let name = name.trim();
        if name == "__session" {
            return Ok(value.trim());
        }
        if suffixed.is_none() && name.starts_with("__session_") {
            suffixed = Some(value.trim());
        }
    }
    suffixed.ok_or(DecodeError::NoSessionCookie)
}

fn strip_quotes(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\'', '`'] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.trim();
        }
    }
    s
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}

/// Parts that were JSON but not objects, with the JSON type found (see [`decode_lenient`]).
pub type NonObjects = Vec<(Part, &'static str)>;

/// Decode a compact JWS into header, claims and signature. Nothing is verified.
pub fn decode(token: &str) -> Result<DecodedToken, DecodeError> {
    decode_inner(token, &mut None)
}

/// Like [`decode`], but a header or payload that is JSON yet not an object (`[1,2]`, `5`) is
/// read as an empty object and reported in the second value. `@clerk/backend` accepts such a
/// token at decoding and fails it on its claims; verification mirrors that.
pub fn decode_lenient(token: &str) -> Result<(DecodedToken, NonObjects), DecodeError> {
    let mut not_objects = Some(Vec::new());
    let token = decode_inner(token, &mut not_objects)?;
    Ok((token, not_objects.unwrap_or_default()))
}

fn decode_inner(
    token: &str,
    not_objects: &mut Option<NonObjects>,
) -> Result<DecodedToken, DecodeError> {
    if token.is_empty() {
        return Err(DecodeError::Empty);
    }
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(DecodeError::PartCount {
            parts: token.split('.').count(),
        });
    };
    let mut object = |part: Part, text: &str| match json_object(part, &b64(part, text)?) {
        Err(DecodeError::NotObject { part, found }) if not_objects.is_some() => {
            if let Some(list) = not_objects.as_mut() {
                list.push((part, found));
            }
            Ok(Map::new())
        }
        other => other,
    };
    let header = object(Part::Header, h)?;
    let claims = object(Part::Payload, p)?;
    let signature = b64(Part::Signature, s)?;
    Ok(DecodedToken {
        header,
        claims,
        signing_input: format!("{h}.{p}"),
        signature,
    })
}

fn b64(part: Part, text: &str) -> Result<Vec<u8>, DecodeError> {
    // Padding is not part of base64url in JWS, but some encoders add it; it carries no data.
    let trimmed = text.trim_end_matches('=');
    URL_SAFE_NO_PAD.decode(trimmed).map_err(|e| {
        // The decoder validates every character; only a failure pays for finding the culprit.
        let bad = text
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_' || *c == '='));
        match bad {
            Some((_, found)) => DecodeError::BadCharacter { part, found },
            None => DecodeError::Base64 {
                part,
                detail: e.to_string().to_lowercase(),
            },
        }
    })
}

fn json_object(part: Part, bytes: &[u8]) -> Result<Map<String, Value>, DecodeError> {
    let text = segment_text(bytes);
    let value: Value = serde_json::from_str(&text).map_err(|e| DecodeError::Json {
        part,
        detail: e.to_string(),
    })?;
    match value {
        Value::Object(map) => Ok(map),
        other => Err(DecodeError::NotObject {
            part,
            found: json_type(&other),
        }),
    }
}

/// A segment's bytes as text, read the way `@clerk/backend` reads them (`new TextDecoder()`):
/// bytes that are not UTF-8 become U+FFFD (one per maximal invalid subsequence, as WHATWG's
/// decoder does), and one leading byte order mark is dropped.
fn segment_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8_lossy(bytes)
}

/// The JSON type name of a value, for messages.
pub fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2ln";

    #[test]
    fn extracts_from_everything_people_paste() {
        let cases = [
            JWT.to_string(),
            format!("  {JWT}\n"),
            format!("\"{JWT}\""),
            format!("'{JWT}'"),
            format!("Bearer {JWT}"),
            format!("bearer   {JWT}"),
            format!("Authorization: Bearer {JWT}"),
            format!("authorization: {JWT}"),
            format!("__session={JWT}"),
            format!("Cookie: theme=dark; __session={JWT}; other=1"),
            format!("a=b; __session_Abc12345={JWT}"),
            format!("Set-Cookie: __session={JWT}; Path=/; SameSite=Lax"),
            format!("set-cookie: __session_Abc12345=\"{JWT}\"; Secure"),
            format!("__session_Abc12345=x.y.z; __session={JWT}"),
        ];
        for case in cases {
            assert_eq!(extract_token(&case).as_deref(), Ok(JWT), "input: {case:?}");
        }
    }

    #[test]
    fn a_pasted_header_block_yields_the_line_with_the_token() {
        let block = format!(
            "GET /api/me HTTP/1.1\nHost: app.example.com\nAuthorization: Bearer {JWT}\nAccept: */*\n"
        );
        assert_eq!(extract_token(&block).as_deref(), Ok(JWT));
        let cookies = format!("Host: a.dev\nCookie: theme=dark; __session={JWT}\n");
        assert_eq!(extract_token(&cookies).as_deref(), Ok(JWT));
    }

    #[test]
    fn extraction_errors() {
        assert_eq!(extract_token("  \n"), Err(DecodeError::Empty));
        assert_eq!(extract_token("\"\""), Err(DecodeError::Empty));
        assert_eq!(
            extract_token("__session_x; a=b __session"),
            Err(DecodeError::NoSessionCookie)
        );
        assert_eq!(extract_token("Bearer"), Ok("Bearer".to_string()));
        // A cookie line without `__session` names the real problem, not a part count.
        assert_eq!(
            extract_token("Cookie: theme=dark; __client_uat=1"),
            Err(DecodeError::NoSessionCookie)
        );
    }

    #[test]
    fn decodes_parts() {
        let token = decode(JWT).expect("decodes");
        assert_eq!(token.header_str("alg"), Some("RS256"));
        assert_eq!(token.claim_str("sub"), Some("user_1"));
        assert_eq!(token.signature, b"sig");
        assert_eq!(token.compact_len(), JWT.len());
    }

    #[test]
    fn precise_errors() {
        assert_eq!(decode("a.b"), Err(DecodeError::PartCount { parts: 2 }));
        assert_eq!(decode("a.b.c.d"), Err(DecodeError::PartCount { parts: 4 }));
        assert!(matches!(
            decode("e30.e3 0.c2ln"),
            Err(DecodeError::BadCharacter {
                part: Part::Payload,
                found: ' '
            })
        ));
        assert!(matches!(
            decode("e.e30.c2ln"),
            Err(DecodeError::Base64 {
                part: Part::Header,
                ..
            })
        ));
        // `[1]` as the payload.
        assert_eq!(
            decode("e30.WzFd.c2ln"),
            Err(DecodeError::NotObject {
                part: Part::Payload,
                found: "array"
            })
        );
        // 0xff 0xfe is not UTF-8: read as two U+FFFD, which are not JSON.
        assert!(matches!(
            decode("e30.__4.c2ln"),
            Err(DecodeError::Json {
                part: Part::Payload,
                ..
            })
        ));
        assert!(matches!(
            decode("e30.e30.c2ln!"),
            Err(DecodeError::BadCharacter {
                part: Part::Signature,
                ..
            })
        ));
        assert!(matches!(
            decode("eyJ9.e30.c2ln"),
            Err(DecodeError::Json {
                part: Part::Header,
                ..
            })
        ));
    }

    #[test]
    fn segments_are_read_like_text_decoder() {
        let b64 = |bytes: &[u8]| URL_SAFE_NO_PAD.encode(bytes);
        // Invalid UTF-8 inside a string becomes U+FFFD, one per maximal invalid subsequence.
        let payload = b64(b"{\"sub\":\"a\xffb\xe2\x82c\xed\xa0\x80\"}");
        let token = decode(&format!("e30.{payload}.c2ln")).expect("decodes");
        assert_eq!(
            token.claim_str("sub"),
            Some("a\u{FFFD}b\u{FFFD}c\u{FFFD}\u{FFFD}\u{FFFD}")
        );
        // One leading byte order mark is dropped; a second one is not JSON.
        let header = b64(b"\xEF\xBB\xBF{\"alg\":\"RS256\"}");
        let token = decode(&format!("{header}.e30.c2ln")).expect("decodes");
        assert_eq!(token.header_str("alg"), Some("RS256"));
        let twice = b64(b"\xEF\xBB\xBF\xEF\xBB\xBF{}");
        assert!(matches!(
            decode(&format!("{twice}.e30.c2ln")),
            Err(DecodeError::Json {
                part: Part::Header,
                ..
            })
        ));
    }

    #[test]
    fn lenient_decoding_reads_non_objects_as_empty() {
        let (token, odd) = decode_lenient("e30.WzFd.c2ln").expect("decodes");
        assert!(token.claims.is_empty());
        assert_eq!(odd, [(Part::Payload, "array")]);
        assert!(decode_lenient("e30.e3.c2ln").is_err());
    }

    #[test]
    fn unsigned_tokens_decode_with_an_empty_signature() {
        let token = decode("eyJhbGciOiJub25lIn0.e30.").expect("decodes");
        assert!(token.signature.is_empty());
    }

    #[test]
    fn huge_input_is_an_error_not_a_panic() {
        let big = "A".repeat(1 << 20);
        assert!(decode(&format!("{big}.{big}.{big}")).is_err());
        assert!(decode(&big).is_err());
    }
}
