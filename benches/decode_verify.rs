//! In-process throughput of `decode` and `verify` (no criterion: `harness = false`, a timed loop).
//!
//! `cargo bench --bench decode_verify` prints ns/op and ops/s for decoding, explaining and
//! RS256-verifying a Clerk v2 session token with keys parsed once.

use std::hint::black_box;
use std::time::{Duration, Instant};

use clerkctl::clerk::claims;
use clerkctl::jwt::decode::decode;
use clerkctl::jwt::jwk::Jwks;
use clerkctl::jwt::sign::{Algorithm, SigningKey};
use clerkctl::jwt::verify::{KeySet, VerifyOptions, verify};
use serde_json::json;

fn measure(name: &str, budget: Duration, mut f: impl FnMut()) {
    // Warm up, then run until the budget is spent.
    for _ in 0..100 {
        f();
    }
    let start = Instant::now();
    let mut n: u64 = 0;
    while start.elapsed() < budget {
        for _ in 0..100 {
            f();
        }
        n += 100;
    }
    let elapsed = start.elapsed();
    let ns = elapsed.as_nanos() as f64 / n as f64;
    println!("{name:<28} {ns:>10.0} ns/op {:>12.0} ops/s", 1e9 / ns);
}

fn main() {
    let Ok(key) = SigningKey::generate("ins_bench") else {
        eprintln!("cannot generate an RSA key");
        return;
    };
    let now = 1_795_341_600_i64;
    let mut header = serde_json::Map::new();
    header.insert("typ".into(), json!("JWT"));
    header.insert("cat".into(), json!("cl_B7d4PD111AAA"));
    let token = key.sign_jwt(
        Algorithm::RS256,
        &header,
        &json!({
            "azp": "http://localhost:3000", "exp": now + 60, "fea": "o:dashboard,o:teams",
            "fva": [7, -1], "iat": now, "iss": "https://happy-cat-1.clerk.accounts.dev",
            "jti": "a1b2c3d4e5f6", "nbf": now - 5, "sid": "sess_2abc", "sts": "active",
            "sub": "user_2abc", "v": 2,
            "o": {"id": "org_2abc", "slg": "acme", "rol": "admin", "per": "manage,read", "fpm": "3,2"}
        }),
    );
    let Ok(keys) = KeySet::from_jwks(&Jwks {
        keys: vec![key.public_jwk()],
    }) else {
        eprintln!("cannot parse the JWKS");
        return;
    };
    let opts = VerifyOptions {
        now: Some(now),
        ..VerifyOptions::default()
    };
    let budget = Duration::from_secs(2);
    measure("decode", budget, || {
        let _ = black_box(decode(black_box(&token)));
    });
    measure("decode + explain", budget, || {
        if let Ok(t) = decode(black_box(&token)) {
            black_box(claims::explain(&t, now * 1000));
        }
    });
    measure("verify (RS256, JWKS)", budget, || {
        black_box(verify(black_box(&token), &keys, &opts));
    });
}
