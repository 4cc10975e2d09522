//! Ctrl-C (SIGINT) while `configure` applies its changes: noted, not obeyed at once, so that the
//! transaction can put every file back before exiting with 130.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A Ctrl-C listener; [`Interrupt::pressed`] turns true at the first press.
pub struct Interrupt {
    pressed: Arc<AtomicBool>,
}

impl Interrupt {
    /// Take over SIGINT (Ctrl-C) for the rest of the process. Where no handler can be installed,
    /// Ctrl-C keeps its default effect (ending the process), and `pressed` stays false.
    pub fn install() -> Self {
        let pressed = Arc::new(AtomicBool::new(false));
        let flag = pressed.clone();
        #[cfg(unix)]
        let signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok();
        #[cfg(windows)]
        let signal = tokio::signal::windows::ctrl_c().ok();
        if let Some(mut signal) = signal {
            tokio::spawn(async move {
                while signal.recv().await.is_some() {
                    flag.store(true, Ordering::SeqCst);
                }
            });
        }
        Self { pressed }
    }

    /// Whether Ctrl-C was pressed since [`Interrupt::install`].
    pub fn pressed(&self) -> bool {
        self.pressed.load(Ordering::SeqCst)
    }
}
