//! JSON Web Tokens the way Clerk uses them: signing keys, JWKs, decoding and verification.

pub mod decode;
pub mod jwk;
pub mod keysource;
pub mod sign;
pub mod time;
pub mod verify;
