//! Differential test: `clerkctl verify` against `verifyToken` of `@clerk/backend` (pinned by the
//! lockfile in `tests/node/verify-diff`) on generated Clerk-shaped tokens, token by token.
//!
//! A seeded generator builds session tokens for the emulator's instance and mutates them at
//! every layer: claim values and types, time claims around the clock-skew edges, header fields,
//! the JSON text (byte order marks, invalid UTF-8, duplicate keys, escapes, nesting), the
//! base64url text, the signature, the token's structure and its framing. Most tokens are
//! re-signed with the instance key after mutation, so the claim checks are reached.
//!
//! Both sides evaluate at one instant (`--at` for clerkctl, a fixed `Date.now` in node), through
//! both key paths: the PEM public key (`--key` / `jwtKey`), and the JWKS served by the emulator's
//! Backend API, which clerkctl (`CLERK_SECRET_KEY` + `CLERK_API_URL`) and the SDK (`secretKey` +
//! `apiUrl`) both fetch. They must give the same verdict and the same first reason; a
//! disagreement not explained by a deliberate deviation (README, `verify`) fails the test and
//! prints the token and both answers.
//!
//! Runs whenever `node` and `npm` are on PATH, and always under `CI=true`.
//! `CLERKCTL_DIFF_TOKENS` (default 10000) and `CLERKCTL_DIFF_SEED` change the run.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use clerkctl::emulator::{Emulator, EmulatorConfig};
use clerkctl::jwt::decode::extract_token;
use clerkctl::jwt::sign::{Algorithm, SigningKey};
use serde_json::{Value, json};

/// The instant both sides evaluate at (unix seconds).
const NOW: i64 = 1_800_000_000;
const DEFAULT_TOKENS: usize = 10_000;
const DEFAULT_SEED: u64 = 0x00c1_e7c7_1d1f_f5ee;
const AZP: &str = "https://app.example.com";
const SESSION_CAT: &str = "cl_B7d4PD111AAA";
const M2M_CAT: &str = "cl_B7d4PD333AAA";

// ---------------------------------------------------------------------------------------------
// The generator.

/// SplitMix64: small, seedable, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index drawn with the given weights.
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut roll = self.next() % total;
        for (i, w) in weights.iter().enumerate() {
            if roll < *w {
                return i;
            }
            roll -= w;
        }
        weights.len() - 1
    }
}

/// The layers a mutation can hit, in the order a token is built.
#[derive(Clone, Copy)]
enum Layer {
    Claims,
    Times,
    Header,
    Text,
    Base64,
    Signature,
    Structure,
    Framing,
}

const LAYERS: [(Layer, u64); 8] = [
    (Layer::Claims, 26),
    (Layer::Times, 26),
    (Layer::Header, 16),
    (Layer::Text, 14),
    (Layer::Base64, 6),
    (Layer::Signature, 8),
    (Layer::Structure, 2),
    (Layer::Framing, 2),
];

struct Generator<'a> {
    rng: Rng,
    key: &'a SigningKey,
    other: &'a SigningKey,
    kid: &'a str,
}

/// What to do at each stage of one token.
#[derive(Default)]
struct Plan {
    text: u32,
    base64: u32,
    signature: u32,
    structure: bool,
    framing: bool,
}

impl Generator<'_> {
    /// One token and a short description of what was done to it.
    fn token(&mut self) -> (String, String) {
        let mut notes = Vec::new();
        let mut header = self.header();
        let mut claims = self.claims();
        let mut plan = Plan::default();
        let count = self.rng.weighted(&[14, 56, 22, 8]);
        for _ in 0..count {
            let layer = LAYERS[self.rng.weighted(&LAYERS.map(|(_, w)| w))].0;
            match layer {
                Layer::Claims => notes.push(self.mutate_claims(&mut claims)),
                Layer::Times => notes.push(self.mutate_times(&mut claims)),
                Layer::Header => notes.push(self.mutate_header(&mut header)),
                Layer::Text => plan.text += 1,
                Layer::Base64 => plan.base64 += 1,
                Layer::Signature => plan.signature += 1,
                Layer::Structure => plan.structure = true,
                Layer::Framing => plan.framing = true,
            }
        }
        let mut header_text = serde_json::to_vec(&header).expect("json");
        let mut claims_text = serde_json::to_vec(&claims).expect("json");
        for _ in 0..plan.text {
            let target = if self.rng.chance(30) {
                &mut header_text
            } else {
                &mut claims_text
            };
            notes.push(mutate_text(&mut self.rng, target));
        }
        let mut h = URL_SAFE_NO_PAD.encode(&header_text);
        let mut p = URL_SAFE_NO_PAD.encode(&claims_text);
        for _ in 0..plan.base64 {
            let target = if self.rng.chance(40) { &mut h } else { &mut p };
            notes.push(mutate_base64(&mut self.rng, target));
        }
        // The algorithm the header names (RS256 when it names none the key can use).
        let named = header
            .get("alg")
            .and_then(Value::as_str)
            .and_then(Algorithm::from_name);
        let mut alg = named.unwrap_or(Algorithm::RS256);
        if self.rng.chance(3) {
            alg = *self
                .rng
                .pick(&[Algorithm::RS256, Algorithm::RS384, Algorithm::RS512]);
            notes.push(format!("signed with {}", alg.name()));
        }
        let signer = if self.rng.chance(4) {
            notes.push("signed by another key".into());
            self.other
        } else {
            self.key
        };
        let signing_input = format!("{h}.{p}");
        let signature = signer.sign_raw(alg, signing_input.as_bytes());
        let mut s = URL_SAFE_NO_PAD.encode(&signature);
        for _ in 0..plan.signature {
            notes.push(mutate_signature(&mut self.rng, &mut s));
        }
        let mut token = format!("{signing_input}.{s}");
        if plan.structure {
            notes.push(mutate_structure(&mut self.rng, &mut token));
        }
        if plan.framing {
            let (before, after) = *self.rng.pick(&[
                (" ", ""),
                ("", " "),
                ("\t", ""),
                ("\"", "\""),
                ("'", "'"),
                ("Bearer ", ""),
                ("__session=", ""),
            ]);
            token = format!("{before}{token}{after}");
            notes.push(format!("framed {before:?}…{after:?}"));
        }
        if notes.is_empty() {
            notes.push("untouched".into());
        }
        (token, notes.join("; "))
    }

    fn header(&mut self) -> Value {
        json!({"alg": "RS256", "cat": SESSION_CAT, "kid": self.kid, "typ": "JWT"})
    }

    fn claims(&mut self) -> Value {
        let iat = NOW - self.rng.below(50) as i64;
        let mut claims = json!({
            "azp": AZP,
            "exp": iat + 60,
            "fva": [self.rng.below(100), -1],
            "iat": iat,
            "iss": "https://clerk.example.com",
            "nbf": iat - 10,
            "sid": format!("sess_{:016x}", self.rng.next()),
            "sub": format!("user_{:016x}", self.rng.next()),
            "v": 2,
        });
        if self.rng.chance(30) {
            claims["o"] = json!({"id": "org_1", "rol": "admin", "slg": "acme"});
        }
        if self.rng.chance(20) {
            claims["aud"] = json!(*self.rng.pick(&["aud-a", "aud-b", "aud-x"]));
        }
        claims
    }

    /// Set `name` to one of `choices`, or remove it `remove` percent of the time.
    fn set_any(
        &mut self,
        target: &mut Value,
        name: &str,
        choices: &[Value],
        remove: u64,
    ) -> String {
        let value = self.rng.pick(choices).clone();
        let removed = self.rng.chance(remove);
        set_or_remove(target, name, value, removed)
    }

    fn mutate_claims(&mut self, claims: &mut Value) -> String {
        match self.rng.below(6) {
            0 => self.set_any(
                claims,
                "sub",
                &[
                    Value::Null,
                    json!(5),
                    json!(""),
                    json!([]),
                    json!({}),
                    json!(true),
                    json!("user_other"),
                    json!(["user_1"]),
                ],
                15,
            ),
            1 | 2 => self.set_any(claims, "aud", &audiences(), 5),
            3 => self.set_any(
                claims,
                "azp",
                &[
                    json!(AZP),
                    json!("https://evil.example.com"),
                    json!(""),
                    Value::Null,
                    json!(5),
                    json!([AZP]),
                    json!(true),
                    json!("HTTPS://APP.EXAMPLE.COM"),
                ],
                25,
            ),
            4 => {
                // Members that look special to JavaScript objects.
                let name = *self
                    .rng
                    .pick(&["__proto__", "constructor", "toString", "x"]);
                let value = self
                    .rng
                    .pick(&[json!({"sub": 5}), json!(1), Value::Null])
                    .clone();
                set_or_remove(claims, name, value, false)
            }
            _ => {
                let whole = self
                    .rng
                    .pick(&[
                        Value::Null,
                        json!([]),
                        json!([1, 2]),
                        json!(5),
                        json!("claims"),
                        json!({}),
                        json!(true),
                    ])
                    .clone();
                *claims = whole.clone();
                format!("claims = {whole}")
            }
        }
    }

    fn mutate_times(&mut self, claims: &mut Value) -> String {
        let name = *self.rng.pick(&["exp", "exp", "nbf", "iat"]);
        // The edge of the check: exp expires at NOW − skew, nbf/iat fail after NOW + skew.
        let edge = if name == "exp" { NOW - 5 } else { NOW + 5 };
        let value = match self.rng.below(10) {
            0..=2 => json!(edge + self.rng.below(5) as i64 - 2),
            3..=5 => {
                let offset = *self.rng.pick(&[
                    0.5, -0.5, 0.001, -0.001, 0.999, -0.999, 0.4999, 0.5001, 1.5, -1.5,
                ]);
                json!(edge as f64 + offset)
            }
            6 => json!(*self.rng.pick(&[
                8.64e12,
                -8.64e12,
                8.64e12 + 1.0,
                -8.64e12 - 1.0,
                1e13,
                -1e13,
                1e300,
                -1e300,
                0.0,
                -0.0,
                -1.0,
                -0.5,
                1e9,
                4e9,
                9_007_199_254_740_993.0,
            ])),
            7 => json!(
                *self
                    .rng
                    .pick(&[u64::MAX, 9_007_199_254_740_993, 1_800_000_060])
            ),
            8 => self
                .rng
                .pick(&[
                    json!(NOW.to_string()),
                    Value::Null,
                    json!(true),
                    json!([NOW]),
                    json!({}),
                    json!(""),
                ])
                .clone(),
            _ => return set_or_remove(claims, name, Value::Null, true),
        };
        set_or_remove(claims, name, value, false)
    }

    fn mutate_header(&mut self, header: &mut Value) -> String {
        match self.rng.below(9) {
            0..=2 => self.set_any(
                header,
                "alg",
                &[
                    json!("RS384"),
                    json!("RS512"),
                    json!("RS384"),
                    json!("RS512"),
                    json!("HS256"),
                    json!("none"),
                    json!("rs256"),
                    json!("ES256"),
                    json!("PS256"),
                    json!(256),
                    Value::Null,
                    json!(["RS256"]),
                    json!("RS256 "),
                ],
                8,
            ),
            3 => self.set_any(
                header,
                "typ",
                &[
                    json!("jwt"),
                    json!("at+jwt"),
                    Value::Null,
                    json!(5),
                    json!("JWT "),
                    json!(["JWT"]),
                ],
                40,
            ),
            4 | 5 => self.set_any(
                header,
                "kid",
                &[
                    json!("ins_other"),
                    json!(""),
                    json!(5),
                    Value::Null,
                    json!(self.kid.to_uppercase()),
                    json!([self.kid]),
                    json!("constructor"),
                    json!("__proto__"),
                    json!("toString"),
                    json!("hasOwnProperty"),
                ],
                20,
            ),
            6 => self.set_any(
                header,
                "cat",
                &[
                    json!(M2M_CAT),
                    json!("cl_B7d4PD222AAA"),
                    json!("cl_I7d4PD111III"),
                    json!(5),
                    Value::Null,
                ],
                20,
            ),
            7 => {
                let name = *self.rng.pick(&["crit", "jku", "x5u", "b64"]);
                set_or_remove(header, name, json!(["exp"]), false)
            }
            _ => {
                let whole = self
                    .rng
                    .pick(&[Value::Null, json!([]), json!(5), json!("h"), json!({})])
                    .clone();
                *header = whole.clone();
                format!("header = {whole}")
            }
        }
    }
}

fn audiences() -> Vec<Value> {
    vec![
        json!("aud-a"),
        json!("aud-x"),
        json!(""),
        json!(["aud-a"]),
        json!(["aud-x"]),
        json!(["aud-x", "aud-a"]),
        json!(["aud-a", 5]),
        json!(["aud-x", 5]),
        json!(["aud-x", null]),
        json!([null, "", 0, false]),
        json!(["", "aud-x"]),
        json!(["", "aud-b"]),
        json!([["aud-a"]]),
        json!(["aud-x", ["aud-a"]]),
        json!(["aud-x", {}]),
        json!(["aud-x", true]),
        json!(["aud-x", false]),
        json!([0, "aud-x"]),
        json!([]),
        json!(5),
        json!(0),
        json!(true),
        json!(false),
        json!({}),
        json!({"aud": "aud-a"}),
        Value::Null,
    ]
}

fn set_or_remove(target: &mut Value, name: &str, value: Value, remove: bool) -> String {
    let Some(map) = target.as_object_mut() else {
        return format!("{name}: not an object");
    };
    if remove {
        map.remove(name);
        format!("{name} removed")
    } else {
        let note = format!("{name} = {value}");
        map.insert(name.to_string(), value);
        note
    }
}

/// Where a JSON string value starts (just after its opening quote), if any.
fn string_value_start(text: &[u8]) -> Option<usize> {
    text.windows(3).position(|w| w == b"\":\"").map(|i| i + 3)
}

fn insert_after_brace(text: &mut Vec<u8>, member: &[u8]) {
    if text.first() == Some(&b'{') {
        let mut rest = member.to_vec();
        if text.get(1) != Some(&b'}') {
            rest.push(b',');
        }
        text.splice(1..1, rest);
    }
}

fn mutate_text(rng: &mut Rng, text: &mut Vec<u8>) -> String {
    match rng.below(13) {
        0 => {
            text.splice(0..0, *b"\xEF\xBB\xBF");
            "BOM".into()
        }
        1 => {
            text.splice(0..0, *b"\xEF\xBB\xBF\xEF\xBB\xBF");
            "two BOMs".into()
        }
        2 | 3 => {
            let bytes = *rng.pick::<&[u8]>(&[
                &b"\xFF"[..],
                b"\xC3",
                b"\xE2\x82",
                b"\xED\xA0\x80",
                b"\xF0\x9F",
                b"\x80",
                b"\xEF\xBB\xBF",
                b"\xC0\xAF",
            ]);
            match string_value_start(text) {
                Some(at) if rng.chance(85) => {
                    text.splice(at..at, bytes.iter().copied());
                    format!("bytes {bytes:02x?} in a string")
                }
                _ => {
                    let at = rng.below(text.len() + 1);
                    text.splice(at..at, bytes.iter().copied());
                    format!("bytes {bytes:02x?} at {at}")
                }
            }
        }
        4 => {
            // Whitespace JSON allows, and some it does not.
            let ws = *rng.pick::<&[u8]>(&[&b" "[..], b"\n", b"\t", b"\r\n", b"\xC2\xA0", b"\x0B"]);
            let at = if rng.chance(50) { 0 } else { text.len() };
            text.splice(at..at, ws.iter().copied());
            format!("whitespace {ws:02x?} at {at}")
        }
        5 => {
            let member = *rng.pick::<&[u8]>(&[
                &br#""sub":5"#[..],
                br#""exp":"x""#,
                br#""alg":"HS256""#,
                br#""kid":5"#,
                br#""typ":null"#,
            ]);
            insert_after_brace(text, member);
            format!("duplicate {} first", String::from_utf8_lossy(member))
        }
        6 => {
            let member = *rng.pick::<&[u8]>(&[
                &br#""x":"\ud800""#[..],
                br#""x":"\udc00a""#,
                br#""x":"\ud83d\ude00""#,
                br#""x":"\u0000""#,
                br#""\u0073ub":"user_escaped""#,
                br#""x":"a\/b""#,
            ]);
            insert_after_brace(text, member);
            format!("escape {}", String::from_utf8_lossy(member))
        }
        7 => {
            let member = *rng.pick::<&[u8]>(&[
                &br#""x":1e400"#[..],
                br#""x":-1e400"#,
                br#""exp":1e400"#,
                br#""nbf":-1e400"#,
                br#""exp":1800000004.99999999999999999999"#,
                br#""exp":1.800000005e9"#,
                br#""iat":18000000059999999999e-10"#,
                br#""x":01"#,
                br#""x":1."#,
                br#""x":-0"#,
            ]);
            let member = member.to_vec();
            // Last wins in both parsers: append before the closing brace.
            if text.last() == Some(&b'}') && text.len() > 2 {
                text.pop();
                text.push(b',');
                text.extend_from_slice(&member);
                text.push(b'}');
            }
            format!("member {}", String::from_utf8_lossy(&member))
        }
        8 => {
            let depth = *rng.pick(&[20usize, 100, 126, 127, 128, 129, 200, 600]);
            let mut member = b"\"x\":".to_vec();
            member.extend(std::iter::repeat_n(b'[', depth));
            member.extend(std::iter::repeat_n(b']', depth));
            insert_after_brace(text, &member);
            format!("nesting {depth}")
        }
        9 => {
            let cut = rng.below(text.len().max(1));
            text.truncate(cut);
            format!("JSON cut at {cut}")
        }
        10 => {
            let tail = *rng.pick::<&[u8]>(&[&b"x"[..], b",", b"}", b"{}", b"\x00"]);
            text.extend_from_slice(tail);
            format!("trailing {tail:02x?}")
        }
        11 => {
            // A raw control character inside a string.
            if let Some(at) = string_value_start(text) {
                let c = *rng.pick(b"\x01\t\x1F\x7F");
                text.insert(at, c);
                format!("raw {c:#04x} in a string")
            } else {
                "no string".into()
            }
        }
        _ => {
            let whole =
                *rng.pick::<&[u8]>(&[&b"null"[..], b"", b"[]", b"\"x\"", b"1e400", b" {} "]);
            *text = whole.to_vec();
            format!("JSON text = {:?}", String::from_utf8_lossy(whole))
        }
    }
}

fn mutate_base64(rng: &mut Rng, text: &mut String) -> String {
    match rng.below(7) {
        0 => {
            let pad = "=".repeat(1 + rng.below(3));
            text.push_str(&pad);
            format!("padded {pad}")
        }
        1 => {
            let c = *rng.pick(&['*', ' ', '+', '/', 'é', '%', '!', '=', '\t']);
            let at = rng.below(text.len() + 1);
            text.insert(at, c);
            format!("{c:?} inserted at {at}")
        }
        2 => {
            *text = text.replace('-', "+").replace('_', "/");
            "standard base64 alphabet".into()
        }
        3 => {
            // Set bits past the last whole byte (non-canonical ending).
            if text.len() % 4 >= 2
                && let Some(last) = text.pop()
            {
                const ALPHABET: &[u8] =
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
                let index = ALPHABET
                    .iter()
                    .position(|&b| b as char == last)
                    .unwrap_or(0);
                text.push(ALPHABET[(index + 1) % 64] as char);
                "non-canonical last character".into()
            } else {
                "no partial group".into()
            }
        }
        4 => {
            let remove = rng.below(text.len().max(1));
            if !text.is_empty() {
                text.remove(remove);
            }
            format!("character {remove} removed")
        }
        5 => {
            text.truncate(text.len() - text.len() % 4 + 1);
            "length 1 mod 4".into()
        }
        _ => {
            let at = rng.below(text.len().max(1));
            let upper: String = text
                .char_indices()
                .map(|(i, c)| if i == at { c.to_ascii_uppercase() } else { c })
                .collect();
            *text = upper;
            format!("case change at {at}")
        }
    }
}

fn mutate_signature(rng: &mut Rng, s: &mut String) -> String {
    let mut bytes = URL_SAFE_NO_PAD.decode(s.as_bytes()).unwrap_or_default();
    let note = match rng.below(7) {
        0 => {
            let at = rng.below(bytes.len().max(1));
            if let Some(b) = bytes.get_mut(at) {
                *b ^= 1 << rng.below(8);
            }
            format!("signature bit flipped at {at}")
        }
        1 => {
            bytes.truncate(rng.below(bytes.len().max(1)));
            format!("signature cut to {} bytes", bytes.len())
        }
        2 => {
            bytes.clear();
            "empty signature".into()
        }
        3 => {
            bytes.push(0);
            "signature one byte longer".into()
        }
        4 => {
            bytes.iter_mut().for_each(|b| *b = 0);
            "zero signature".into()
        }
        5 => {
            let note = mutate_base64(rng, s);
            return format!("signature {note}");
        }
        _ => {
            bytes.splice(0..0, [0]);
            bytes.pop();
            "signature shifted".into()
        }
    };
    *s = URL_SAFE_NO_PAD.encode(&bytes);
    note
}

fn mutate_structure(rng: &mut Rng, token: &mut String) -> String {
    match rng.below(5) {
        0 => {
            let cut = token.rfind('.').unwrap_or(token.len());
            token.truncate(cut);
            "two parts".into()
        }
        1 => {
            token.push_str(".e30");
            "four parts".into()
        }
        2 => {
            token.push('.');
            "trailing dot".into()
        }
        3 => {
            *token = rng
                .pick(&["..", "a.b.c", ".", "e30.e30.", "e30..", "..e30"])
                .to_string();
            format!("token = {token}")
        }
        _ => {
            token.insert(0, '.');
            "leading dot".into()
        }
    }
}

/// `count` tokens with their notes and option group, made in 16 chunks, each from its own
/// generator seeded from `seed` and the chunk's number: the corpus depends on the seed (and the
/// instance key) only, while the chunks are signed in parallel.
fn generate(
    seed: u64,
    count: usize,
    key: &SigningKey,
    other: &SigningKey,
    kid: &str,
    groups: usize,
) -> Vec<(String, String, usize)> {
    const CHUNKS: usize = 16;
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(CHUNKS));
    let chunk = |c: usize| {
        let want = count / CHUNKS + usize::from(c < count % CHUNKS);
        let mut generator = Generator {
            rng: Rng(seed ^ (c as u64).wrapping_mul(0xD1B5_4A32_D192_ED03)),
            key,
            other,
            kid,
        };
        let mut made = Vec::with_capacity(want);
        while made.len() < want {
            let (token, note) = generator.token();
            // A line is a token in batch mode: line breaks and blank tokens cannot be framed.
            if token.contains(['\n', '\r']) || token.trim().is_empty() {
                continue;
            }
            let group = generator.rng.below(groups);
            made.push((token, note, group));
        }
        made
    };
    let mut chunks: Vec<Vec<(String, String, usize)>> = vec![Vec::new(); CHUNKS];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                scope.spawn(move || {
                    (w..CHUNKS)
                        .step_by(workers)
                        .map(|c| (c, chunk(c)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for handle in handles {
            for (c, made) in handle.join().expect("generator thread") {
                chunks[c] = made;
            }
        }
    });
    chunks.concat()
}

// ---------------------------------------------------------------------------------------------
// Running both sides.

#[derive(Clone)]
struct Group {
    path: &'static str,
    audience: Vec<&'static str>,
    authorized_parties: Vec<&'static str>,
}

fn groups() -> Vec<Group> {
    let mut all = Vec::new();
    for path in ["pem", "jwks"] {
        for (audience, authorized_parties) in [
            (vec![], vec![]),
            (vec!["aud-a", "aud-b"], vec![]),
            (vec![], vec![AZP]),
            (vec!["", "aud-a"], vec![AZP, "https://other.example.com"]),
        ] {
            all.push(Group {
                path,
                audience,
                authorized_parties,
            });
        }
    }
    all
}

fn on_path(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn node_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node/verify-diff")
}

fn npm_ci(dir: &Path) {
    if dir
        .join("node_modules/@clerk/backend/package.json")
        .is_file()
    {
        return;
    }
    succeed(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(dir),
        "npm ci",
    );
}

/// Run a command that must succeed; its stderr is shown when it does not.
fn succeed(cmd: &mut Command, what: &str) {
    let out = cmd
        .stderr(Stdio::piped())
        .output()
        .unwrap_or_else(|e| panic!("{what} does not run: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// clerkctl's first reason per token of one group (`None`: valid).
fn run_clerkctl(
    group: &Group,
    tokens: &[String],
    pem_file: &Path,
    url: &str,
    secret: &str,
) -> Vec<Option<String>> {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("clerkctl"));
    let work = tempfile::tempdir().expect("tempdir");
    cmd.current_dir(work.path())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .args(["verify", "-", "--output", "json", "--at", &NOW.to_string()]);
    if group.path == "pem" {
        cmd.arg("--key").arg(format!("@{}", pem_file.display()));
    } else {
        cmd.env("CLERK_SECRET_KEY", secret)
            .env("CLERK_API_URL", url);
    }
    for aud in &group.audience {
        cmd.arg(format!("--audience={aud}"));
    }
    for azp in &group.authorized_parties {
        cmd.arg(format!("--authorized-party={azp}"));
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("clerkctl runs");
    let mut input = String::with_capacity(tokens.len() * 700);
    for t in tokens {
        input.push_str(t);
        input.push('\n');
    }
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().expect("clerkctl finishes");
    writer.join().expect("writer");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut answers = vec![None; tokens.len()];
    let mut seen = vec![false; tokens.len()];
    for line in stdout.lines() {
        let v: Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("clerkctl printed a line that is not JSON ({e}): {line}"));
        let index = v["line"].as_u64().expect("line number") as usize - 1;
        seen[index] = true;
        answers[index] = v["failures"]
            .as_array()
            .and_then(|f| f.first())
            .and_then(|f| f["reason"].as_str())
            .map(str::to_string);
    }
    assert!(
        seen.iter().all(|s| *s),
        "clerkctl gave no verdict for some lines (exit {:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    answers
}

/// The SDK's answer per token, per group.
fn run_sdk(
    lane: &[(&Group, &Vec<String>)],
    pem: &str,
    url: &str,
    secret: &str,
    work: &Path,
) -> Vec<Vec<Option<String>>> {
    let cases = json!({
        "now": NOW * 1000,
        "jwtKey": pem,
        "secretKey": secret,
        "apiUrl": url,
        "groups": lane.iter().map(|(g, t)| json!({
            "path": g.path,
            "audience": g.audience,
            "authorizedParties": g.authorized_parties,
            "tokens": t,
        })).collect::<Vec<_>>(),
    });
    let cases_file = work.join("cases.json");
    std::fs::write(&cases_file, cases.to_string()).expect("write cases");
    let answers_file = work.join("answers.jsonl");
    succeed(
        Command::new("node")
            .arg("verify.mjs")
            .arg(&cases_file)
            .current_dir(node_dir())
            .stdout(std::fs::File::create(&answers_file).expect("answers file")),
        "node verify.mjs",
    );
    let mut answers: Vec<Vec<Option<String>>> =
        lane.iter().map(|(_, t)| vec![None; t.len()]).collect();
    let mut count = 0;
    let text = std::fs::read_to_string(&answers_file).expect("answers");
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).expect("node answer is JSON");
        let (g, i) = (
            v[0].as_u64().expect("g") as usize,
            v[1].as_u64().expect("i") as usize,
        );
        answers[g][i] = v[2].as_str().map(str::to_string);
        count += 1;
    }
    assert_eq!(
        count,
        lane.iter().map(|(_, t)| t.len()).sum::<usize>(),
        "node answered every token"
    );
    answers
}

// ---------------------------------------------------------------------------------------------
// Explaining disagreements.

/// True when the text holds a `\uD800`–`\uDFFF` escape (half of a UTF-16 surrogate pair).
fn has_surrogate_escape(text: &str) -> bool {
    text.as_bytes().windows(4).any(|w| {
        w[0] == b'\\'
            && w[1] == b'u'
            && w[2].eq_ignore_ascii_case(&b'd')
            && matches!(w[3].to_ascii_lowercase(), b'8'..=b'9' | b'a'..=b'f')
    })
}

/// JavaScript's Date range: ±8.64e15 ms, i.e. ±8.64e12 whole seconds.
const JS_DATE_LIMIT_SECONDS: f64 = 8.64e12;

/// The documented deviation that explains a disagreement, or `None`.
fn explain(token: &str, path: &str, ours: Option<&str>, sdk: Option<&str>) -> Option<&'static str> {
    // G: clerkctl's input extraction strips what surrounds a token.
    if extract_token(token).ok().as_deref() != Some(token) {
        return Some("G");
    }
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return None;
    }
    let text = |segment: &str| -> Option<String> {
        let bytes = URL_SAFE_NO_PAD.decode(segment.trim_end_matches('=')).ok()?;
        let bytes = bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(&bytes)
            .to_vec();
        Some(String::from_utf8_lossy(&bytes).into_owned())
    };
    let (Some(header), Some(payload)) = (text(parts[0]), text(parts[1])) else {
        return None;
    };
    // E3–E5: what serde_json refuses and JavaScript's JSON.parse accepts; clerkctl says
    // token-invalid.
    if ours == Some("token-invalid") {
        for segment in [&header, &payload] {
            if let Err(e) = serde_json::from_str::<Value>(segment) {
                let e = e.to_string();
                if has_surrogate_escape(segment)
                    && (e.contains("surrogate") || e.contains("hex escape"))
                {
                    return Some("E3");
                }
                if e.contains("number out of range") {
                    return Some("E4");
                }
                if e.contains("recursion limit") {
                    return Some("E5");
                }
            }
        }
    }
    let header: Value = serde_json::from_str(&header).ok()?;
    let payload: Value = serde_json::from_str(&payload).ok()?;
    // F: a `null` header or payload makes the SDK throw a TypeError without a reason code.
    if (header.is_null() || payload.is_null()) && sdk.is_some_and(|s| s.starts_with("no-reason:")) {
        return Some("F");
    }
    // J: the SDK looks kids up in a plain object (JWKS path only).
    if path == "jwks" && ours == Some("jwk-kid-mismatch") {
        match header.get("kid") {
            Some(Value::String(kid))
                if [
                    "constructor",
                    "__proto__",
                    "toString",
                    "hasOwnProperty",
                    "valueOf",
                    "isPrototypeOf",
                    "propertyIsEnumerable",
                    "toLocaleString",
                    "__defineGetter__",
                    "__defineSetter__",
                    "__lookupGetter__",
                    "__lookupSetter__",
                ]
                .contains(&kid.as_str()) =>
            {
                return Some("J");
            }
            Some(Value::String(_)) | None => {}
            Some(_) => return Some("J"),
        }
    }
    // D: a time beyond JavaScript's Date range never fails in the SDK; clerkctl fails it.
    let out_of_range = |name: &str| {
        payload
            .get(name)
            .and_then(Value::as_f64)
            .is_some_and(|v| v.trunc().abs() > JS_DATE_LIMIT_SECONDS)
    };
    let time_reason = matches!(
        ours,
        Some("token-expired" | "token-not-active-yet" | "token-iat-in-the-future")
    );
    if time_reason && ["exp", "nbf", "iat"].into_iter().any(out_of_range) {
        return Some("D");
    }
    None
}

// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_agrees_with_clerk_backend_token_by_token() {
    if !on_path("node") || !on_path("npm") {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the differential test needs node and npm, and CI=true is set"
        );
        println!(
            "SKIPPED verify differential test: `node` and `npm` are not both on PATH (install Node.js to run it)"
        );
        return;
    }
    let tokens_wanted: usize = std::env::var("CLERKCTL_DIFF_TOKENS")
        .ok()
        .map(|n| n.parse().expect("CLERKCTL_DIFF_TOKENS is a number"))
        .unwrap_or(DEFAULT_TOKENS);
    let seed: u64 = std::env::var("CLERKCTL_DIFF_SEED")
        .ok()
        .map(|n| n.parse().expect("CLERKCTL_DIFF_SEED is a number"))
        .unwrap_or(DEFAULT_SEED);
    let dir = node_dir();
    tokio::task::spawn_blocking(move || npm_ci(&dir))
        .await
        .expect("npm ci task");

    // The emulator's state file holds its signing key: tokens are signed with the instance key.
    let work = tempfile::tempdir().expect("tempdir");
    let state_file = work.path().join("emulator.json");
    let emulator = Emulator::start(EmulatorConfig {
        state_file: Some(state_file.clone()),
        ..EmulatorConfig::default()
    })
    .await
    .expect("emulator starts");
    let state: Value =
        serde_json::from_str(&std::fs::read_to_string(&state_file).expect("state file"))
            .expect("state JSON");
    let kid = state["keys"][0]["kid"].as_str().expect("kid").to_string();
    let key = SigningKey::from_pkcs8_pem(
        kid.clone(),
        state["keys"][0]["private_key_pem"].as_str().expect("pem"),
    )
    .expect("instance key");
    let pem = emulator.jwt_key_pem().to_string();
    let pem_file = work.path().join("key.pem");
    std::fs::write(&pem_file, &pem).expect("write pem");
    let url = emulator.url();
    let secret = emulator.secret_key().expose().to_string();

    let started = std::time::Instant::now();
    let other = SigningKey::generate(kid.clone()).expect("other key");
    let groups = groups();
    let per_path = groups.len() / 2;
    // Every token goes through both key paths, in the option group it was drawn for.
    let made = generate(seed, tokens_wanted, &key, &other, &kid, per_path);
    let generated = started.elapsed();
    let mut tokens: Vec<Vec<String>> = vec![Vec::new(); groups.len()];
    let mut index: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    for (i, (token, _, g)) in made.iter().enumerate() {
        for g in [*g, *g + per_path] {
            tokens[g].push(token.clone());
            index[g].push(i);
        }
    }
    // Four lanes at once: the SDK and clerkctl, each on both key paths.
    let tokens = std::sync::Arc::new(tokens);
    let mut lanes = Vec::new();
    for (path, range) in [("pem", 0..per_path), ("jwks", per_path..groups.len())] {
        for sdk in [true, false] {
            let (groups, tokens, range) = (groups.clone(), tokens.clone(), range.clone());
            let (pem, pem_file, url, secret, work) = (
                pem.clone(),
                pem_file.clone(),
                url.clone(),
                secret.clone(),
                work.path().join(path),
            );
            lanes.push(tokio::task::spawn_blocking(move || {
                let lane: Vec<(&Group, &Vec<String>)> =
                    groups[range.clone()].iter().zip(&tokens[range]).collect();
                if sdk {
                    std::fs::create_dir_all(&work).expect("work dir");
                    run_sdk(&lane, &pem, &url, &secret, &work)
                } else {
                    lane.iter()
                        .map(|(g, t)| run_clerkctl(g, t, &pem_file, &url, &secret))
                        .collect()
                }
            }));
        }
    }
    let mut answers = Vec::new();
    for lane in lanes {
        answers.push(lane.await.expect("lane"));
    }
    // Lanes: pem SDK, pem clerkctl, jwks SDK, jwks clerkctl.
    let mut answers = answers.into_iter();
    let mut sdk = Vec::new();
    let mut ours = Vec::new();
    while let (Some(theirs), Some(mine)) = (answers.next(), answers.next()) {
        sdk.extend(theirs);
        ours.extend(mine);
    }

    let mut agree = 0usize;
    let mut explained: BTreeMap<&str, usize> = BTreeMap::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut unexplained = String::new();
    let mut unexplained_count = 0usize;
    for (g, group) in groups.iter().enumerate() {
        for (j, token) in tokens[g].iter().enumerate() {
            let (ours, theirs) = (ours[g][j].as_deref(), sdk[g][j].as_deref());
            *reasons
                .entry(theirs.unwrap_or("valid").to_string())
                .or_default() += 1;
            if ours == theirs {
                agree += 1;
                continue;
            }
            match explain(token, group.path, ours, theirs) {
                Some(d) => *explained.entry(d).or_default() += 1,
                None => {
                    unexplained_count += 1;
                    if unexplained_count <= 20 {
                        let (_, note, _) = &made[index[g][j]];
                        let _ = writeln!(
                            unexplained,
                            "\n  token: {token}\n  made:  {note}\n  keys:  {} (audience {:?}, authorized parties {:?})\n  clerkctl: {}\n  sdk:      {}",
                            group.path,
                            group.audience,
                            group.authorized_parties,
                            ours.unwrap_or("valid"),
                            theirs.unwrap_or("valid"),
                        );
                    }
                }
            }
        }
    }
    let total: usize = tokens.iter().map(Vec::len).sum();
    let deviations: Vec<String> = explained.iter().map(|(d, n)| format!("{d} {n}")).collect();
    let sdk_reasons: Vec<String> = reasons.iter().map(|(r, n)| format!("{r} {n}")).collect();
    println!(
        "verify differential: seed {seed}, {} tokens × 2 key paths = {total} verdicts: {agree} agree, documented deviations [{}], unexplained {unexplained_count} ({:.1}s generating, {:.1}s in all)\n  SDK verdicts: {}",
        made.len(),
        deviations.join(", "),
        generated.as_secs_f64(),
        started.elapsed().as_secs_f64(),
        sdk_reasons.join(", "),
    );
    emulator.shutdown().await;
    assert!(
        unexplained_count == 0,
        "{unexplained_count} verdicts differ from @clerk/backend outside the documented deviations (first 20):{unexplained}"
    );
}
