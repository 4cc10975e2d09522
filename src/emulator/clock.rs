//! The emulator's clock: the system clock plus an offset that the control API sets or advances.
//!
//! Everything time-dependent (object timestamps, token `iat`/`exp`, session expiry) reads
//! [`Clock::now_ms`], so a test can jump a week ahead without waiting.

use serde::{Deserialize, Serialize};

/// The system time in Unix milliseconds.
pub fn system_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// An offset over the system clock (persisted with the state).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    /// Milliseconds added to the system clock.
    pub offset_ms: i64,
}

impl Clock {
    /// Emulated now, Unix milliseconds.
    pub fn now_ms(&self) -> i64 {
        system_ms().saturating_add(self.offset_ms)
    }

    /// Emulated now, Unix seconds (JWT claims).
    pub fn now_secs(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Move the clock forward (or back, when negative).
    pub fn advance_seconds(&mut self, seconds: i64) {
        self.offset_ms = self.offset_ms.saturating_add(seconds.saturating_mul(1000));
    }

    /// Jump to an absolute time.
    pub fn set_ms(&mut self, ms: i64) {
        self.offset_ms = ms.saturating_sub(system_ms());
    }

    /// Back to the system clock.
    pub fn reset(&mut self) {
        self.offset_ms = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_and_set_move_now() {
        let mut c = Clock::default();
        let before = c.now_ms();
        c.advance_seconds(3600);
        assert!(c.now_ms() - before >= 3_600_000);
        c.set_ms(1_000_000);
        assert!((c.now_ms() - 1_000_000).abs() < 1000);
        c.reset();
        assert_eq!(c.offset_ms, 0);
    }
}
