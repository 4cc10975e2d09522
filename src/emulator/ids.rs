//! Random identifiers with Clerk's prefixes (`user_…`, `sess_…`, `ins_…`) and fault dice.

use aws_lc_rs::rand::{SecureRandom, SystemRandom};

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `n` random bytes from the system generator.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    // The system generator only fails when the OS has no entropy source at all; zeros are an
    // acceptable (if unlucky) fallback for a local test server.
    if SystemRandom::new().fill(&mut buf).is_err() {
        buf.fill(0);
    }
    buf
}

/// `len` random base62 characters.
pub fn random_base62(len: usize) -> String {
    random_bytes(len)
        .into_iter()
        .map(|b| char::from(BASE62[usize::from(b) % BASE62.len()]))
        .collect()
}

/// A new id: `prefix_` followed by 27 base62 characters, the length of Clerk's ids.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", random_base62(27))
}

/// A uniform number in `[0, 1)`.
pub fn unit() -> f64 {
    let bytes = random_bytes(4);
    let n = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    f64::from(n) / (f64::from(u32::MAX) + 1.0)
}

/// True with probability `rate` (clamped to `[0, 1]`).
pub fn chance(rate: f64) -> bool {
    rate > 0.0 && unit() < rate
}

/// A uniform integer in `[min, max]`.
pub fn between(min: u64, max: u64) -> u64 {
    if max <= min {
        return min;
    }
    let span = max - min;
    let bytes = random_bytes(8);
    let mut arr = [0u8; 8];
    arr.copy_from_slice(&bytes);
    min + u64::from_le_bytes(arr) % (span + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_prefix_and_length() {
        let id = new_id("user");
        assert!(id.starts_with("user_"));
        assert_eq!(id.len(), "user_".len() + 27);
        assert_ne!(new_id("user"), id);
    }

    #[test]
    fn between_stays_in_range() {
        for _ in 0..100 {
            let n = between(3, 7);
            assert!((3..=7).contains(&n));
        }
        assert_eq!(between(5, 5), 5);
        assert!(!chance(0.0));
        assert!(chance(1.0));
    }
}
