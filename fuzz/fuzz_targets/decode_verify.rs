//! Fuzz the token entry point: extraction, decoding, explanation and verification must never
//! panic, whatever the bytes.

#![no_main]

use std::sync::OnceLock;

use clerkctl::clerk::claims;
use clerkctl::jwt::decode::{decode, extract_token};
use clerkctl::jwt::jwk::Jwks;
use clerkctl::jwt::sign::SigningKey;
use clerkctl::jwt::time::{parse_at, parse_duration};
use clerkctl::jwt::verify::{KeySet, VerifyOptions, verify};
use libfuzzer_sys::fuzz_target;

struct Keys {
    jwks: KeySet,
    pem: KeySet,
}

fn keys() -> Option<&'static Keys> {
    static KEYS: OnceLock<Option<Keys>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let key = SigningKey::generate("ins_fuzz").ok()?;
        Some(Keys {
            jwks: KeySet::from_jwks(&Jwks { keys: vec![key.public_jwk()] }).ok()?,
            pem: KeySet::from_pem(&key.public_pem()).ok()?,
        })
    })
    .as_ref()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let opts = VerifyOptions {
        authorized_parties: vec!["http://localhost:3000".into()],
        audience: vec!["aud".into()],
        now: Some(1_795_341_600),
        ..VerifyOptions::default()
    };
    if let Ok(token) = extract_token(&text) {
        if let Ok(decoded) = decode(&token) {
            let kind = claims::classify(&decoded.header, &decoded.claims);
            let _ = claims::explain(&decoded, 1_795_341_600_000);
            let _ = claims::shape_warnings(&decoded, kind);
            let _ = claims::time_status(&decoded.claims, 1_795_341_600_000, 5000);
            let mut value = serde_json::Value::Object(decoded.claims.clone());
            claims::redact(&mut value);
        }
        if let Some(keys) = keys() {
            let _ = verify(&token, &keys.jwks, &opts);
            let _ = verify(&token, &keys.pem, &opts);
        }
    }
    let _ = parse_at(&text, 1_795_341_600_000);
    let _ = parse_duration(&text);
    let _ = KeySet::from_pem(&text);
});
