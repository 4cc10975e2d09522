//! RS256/384/512 signing keys: generation, PKCS#8 PEM round trips, JWK export, JWT encoding.
//!
//! Used by the emulator (instance keys), by `jwt-template preview --sign` and by tests that need
//! real tokens. Backed by aws-lc-rs, whose RSA is as fast as OpenSSL's.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{self, RsaEncoding};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};
use thiserror::Error;

use super::jwk::Jwk;

/// The algorithms Clerk (and `@clerk/backend`) accept for instance tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
}

impl Algorithm {
    /// Parse a JOSE `alg` name; `None` for anything Clerk does not accept.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "RS256" => Some(Self::RS256),
            "RS384" => Some(Self::RS384),
            "RS512" => Some(Self::RS512),
            _ => None,
        }
    }

    /// The JOSE name.
    pub fn name(self) -> &'static str {
        match self {
            Self::RS256 => "RS256",
            Self::RS384 => "RS384",
            Self::RS512 => "RS512",
        }
    }

    fn signing(self) -> &'static dyn RsaEncoding {
        match self {
            Self::RS256 => &signature::RSA_PKCS1_SHA256,
            Self::RS384 => &signature::RSA_PKCS1_SHA384,
            Self::RS512 => &signature::RSA_PKCS1_SHA512,
        }
    }

    /// The matching verification algorithm (2048–8192-bit moduli).
    pub fn verification(self) -> &'static signature::RsaParameters {
        match self {
            Self::RS256 => &signature::RSA_PKCS1_2048_8192_SHA256,
            Self::RS384 => &signature::RSA_PKCS1_2048_8192_SHA384,
            Self::RS512 => &signature::RSA_PKCS1_2048_8192_SHA512,
        }
    }
}

/// Why a key could not be made or read.
#[derive(Debug, Error)]
pub enum KeyFormatError {
    /// Not PEM, or not the expected PEM label.
    #[error("not a PEM {expected} (expected `-----BEGIN {expected}-----`)")]
    NotPem {
        /// The PEM label expected.
        expected: &'static str,
    },
    /// PEM body is not base64.
    #[error("the PEM body is not valid base64")]
    Base64,
    /// The DER inside was rejected.
    #[error("the key was rejected: {0}")]
    Rejected(String),
    /// Key generation failed.
    #[error("RSA key generation failed")]
    Generate,
}

/// An RSA private key with its key id.
pub struct SigningKey {
    kid: String,
    pair: KeyPair,
    pkcs8: Vec<u8>,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// Generate a new RSA-2048 key (e = 65537), the shape `@clerk/backend`'s `jwtKey` path needs.
    pub fn generate(kid: impl Into<String>) -> Result<Self, KeyFormatError> {
        let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| KeyFormatError::Generate)?;
        Self::from_pair(kid, pair).map_err(|_| KeyFormatError::Generate)
    }

    /// A key pair with its PKCS#8 encoding.
    fn from_pair(kid: impl Into<String>, pair: KeyPair) -> Result<Self, String> {
        let pkcs8 = pair.as_der().map_err(|e| e.to_string())?.as_ref().to_vec();
        Ok(Self {
            kid: kid.into(),
            pair,
            pkcs8,
        })
    }

    /// Read a PKCS#8 DER private key.
    pub fn from_pkcs8_der(kid: impl Into<String>, der: &[u8]) -> Result<Self, KeyFormatError> {
        let pair = KeyPair::from_pkcs8(der).map_err(|e| KeyFormatError::Rejected(e.to_string()))?;
        Ok(Self {
            kid: kid.into(),
            pair,
            pkcs8: der.to_vec(),
        })
    }

    /// Read a PKCS#8 PEM private key (`-----BEGIN PRIVATE KEY-----`).
    pub fn from_pkcs8_pem(kid: impl Into<String>, pem: &str) -> Result<Self, KeyFormatError> {
        let der = pem_decode(pem, "PRIVATE KEY")?;
        Self::from_pkcs8_der(kid, &der)
    }

    /// Read an RSA private key in PEM: PKCS#8 (`-----BEGIN PRIVATE KEY-----`) or PKCS#1
    /// (`-----BEGIN RSA PRIVATE KEY-----`, what `openssl genrsa` and older tools write).
    pub fn from_pem(kid: impl Into<String>, pem: &str) -> Result<Self, KeyFormatError> {
        if !pem.contains("-----BEGIN RSA PRIVATE KEY-----") {
            return Self::from_pkcs8_pem(kid, pem);
        }
        let der = pem_decode(pem, "RSA PRIVATE KEY")?;
        let pair = KeyPair::from_der(&der).map_err(|e| KeyFormatError::Rejected(e.to_string()))?;
        Self::from_pair(kid, pair).map_err(KeyFormatError::Rejected)
    }

    /// The key id (`kid` header and JWK member).
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The private key as PKCS#8 PEM. Handle with care: this is key material.
    pub fn to_pkcs8_pem(&self) -> String {
        pem_encode(&self.pkcs8, "PRIVATE KEY")
    }

    /// The public key as SPKI DER.
    pub fn public_spki_der(&self) -> Vec<u8> {
        use aws_lc_rs::signature::KeyPair as _;
        self.pair
            .public_key()
            .as_der()
            .map(|d| d.as_ref().to_vec())
            .unwrap_or_default()
    }

    /// The public key as SPKI PEM (`-----BEGIN PUBLIC KEY-----`), the `CLERK_JWT_KEY` format.
    pub fn public_pem(&self) -> String {
        pem_encode(&self.public_spki_der(), "PUBLIC KEY")
    }

    /// The public key as a JWK (`kty RSA`, `use sig`, `alg RS256`, `kid`, `n`, `e`).
    pub fn public_jwk(&self) -> Jwk {
        use aws_lc_rs::signature::KeyPair as _;
        let public = self.pair.public_key();
        Jwk {
            kty: "RSA".into(),
            kid: Some(self.kid.clone()),
            use_: Some("sig".into()),
            alg: Some("RS256".into()),
            n: Some(URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero())),
            e: Some(URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero())),
            extra: Map::new(),
        }
    }

    /// Sign `message` (the JWS signing input) and return the raw signature.
    pub fn sign_raw(&self, alg: Algorithm, message: &[u8]) -> Vec<u8> {
        let mut sig = vec![0; self.pair.public_modulus_len()];
        let rng = aws_lc_rs::rand::SystemRandom::new();
        // Signing with a valid key into a buffer of the modulus length cannot fail.
        if self
            .pair
            .sign(alg.signing(), &rng, message, &mut sig)
            .is_err()
        {
            sig.clear();
        }
        sig
    }

    /// Encode and sign a JWT. `alg` and `kid` are set in the header; other header members
    /// (`typ`, `cat`) come from `extra_header`.
    pub fn sign_jwt(
        &self,
        alg: Algorithm,
        extra_header: &Map<String, Value>,
        claims: &Value,
    ) -> String {
        let mut header = Map::new();
        header.insert("alg".into(), Value::from(alg.name()));
        header.insert("kid".into(), Value::from(self.kid.clone()));
        for (k, v) in extra_header {
            header.insert(k.clone(), v.clone());
        }
        let header_b64 = URL_SAFE_NO_PAD.encode(Value::Object(header).to_string());
        let claims_b64 = URL_SAFE_NO_PAD.encode(claims.to_string());
        let input = format!("{header_b64}.{claims_b64}");
        let sig = URL_SAFE_NO_PAD.encode(self.sign_raw(alg, input.as_bytes()));
        format!("{input}.{sig}")
    }
}

/// Encode DER as PEM with the given label, 64 characters a line.
pub fn pem_encode(der: &[u8], label: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// Decode the first PEM block with `label`. Whitespace and `\n` escapes (as in `.env` files) are
/// tolerated.
pub fn pem_decode(pem: &str, label: &'static str) -> Result<Vec<u8>, KeyFormatError> {
    let pem = pem.replace("\\n", "\n");
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = pem
        .find(&begin)
        .ok_or(KeyFormatError::NotPem { expected: label })?;
    let body_start = start + begin.len();
    let stop = pem[body_start..]
        .find(&end)
        .ok_or(KeyFormatError::NotPem { expected: label })?;
    let body: String = pem[body_start..body_start + stop]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .map_err(|_| KeyFormatError::Base64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkcs1_pem_reads_as_the_same_key() {
        let key = SigningKey::generate("ins_test").unwrap();
        // PKCS#8 wraps the PKCS#1 RSAPrivateKey in an OCTET STRING at its end: the DER of a
        // 2048-bit key is `SEQUENCE { version, AlgorithmIdentifier, OCTET STRING { pkcs1 } }`.
        let pkcs8 = pem_decode(&key.to_pkcs8_pem(), "PRIVATE KEY").unwrap();
        let pkcs1 = &pkcs8[26..];
        let again =
            SigningKey::from_pem("ins_test", &pem_encode(pkcs1, "RSA PRIVATE KEY")).unwrap();
        assert_eq!(again.public_pem(), key.public_pem());
        assert_eq!(
            SigningKey::from_pem("ins_test", &key.to_pkcs8_pem())
                .unwrap()
                .public_pem(),
            key.public_pem()
        );
    }

    #[test]
    fn generated_key_round_trips_and_signs() {
        let key = SigningKey::generate("ins_test").unwrap();
        let again = SigningKey::from_pkcs8_pem("ins_test", &key.to_pkcs8_pem()).unwrap();
        assert_eq!(key.public_jwk(), again.public_jwk());
        let jwk = key.public_jwk();
        assert_eq!(jwk.e.as_deref(), Some("AQAB"));
        // 2048-bit modulus: 256 bytes -> 342 base64url characters.
        assert_eq!(jwk.n.as_deref().map(str::len), Some(342));
        let token = key.sign_jwt(
            Algorithm::RS256,
            &Map::new(),
            &serde_json::json!({"sub": "u"}),
        );
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let sig = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
        let public = signature::UnparsedPublicKey::new(
            Algorithm::RS256.verification(),
            key.public_spki_der(),
        );
        // SPKI is not what RsaParameters verify; use the components form instead.
        let n = URL_SAFE_NO_PAD.decode(jwk.n.unwrap()).unwrap();
        let e = URL_SAFE_NO_PAD.decode(jwk.e.unwrap()).unwrap();
        let components = signature::RsaPublicKeyComponents { n: &n, e: &e };
        components
            .verify(
                Algorithm::RS256.verification(),
                format!("{}.{}", parts[0], parts[1]).as_bytes(),
                &sig,
            )
            .unwrap();
        drop(public);
    }

    #[test]
    fn public_pem_has_the_fixed_rsa2048_spki_prefix() {
        // @clerk/backend's networkless path strips exactly this prefix from CLERK_JWT_KEY.
        let key = SigningKey::generate("ins_x").unwrap();
        let pem = key.public_pem();
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        assert!(
            body.starts_with("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"),
            "{body}"
        );
        assert!(body.ends_with("IDAQAB"), "{body}");
    }
}
