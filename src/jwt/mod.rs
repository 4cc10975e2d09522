//! JSON Web Tokens the way Clerk uses them: signing keys, JWKs, decoding and verification.

pub mod jwk;
pub mod sign;
