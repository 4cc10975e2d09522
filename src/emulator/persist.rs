//! `--state FILE`: load at start, and persist whole snapshots atomically (temporary file in the
//! same directory, fsync, rename, fsync the directory), so a kill -9 at any moment leaves the
//! last complete state, never a torn file.
//!
//! Two kinds of change reach the file in two ways:
//! - **Changes** (a user, session, template, setting, key… created, altered or deleted) are
//!   written synchronously: the request answers only once a snapshot holding the change is on
//!   disk, so a client that saw a 2xx can rely on it surviving a crash.
//! - **Touches** (what minting a token records: the session's `last_active_at`, `updated_at`,
//!   `abandon_at` and the first token's `iat`/`exp`) only mark the state dirty and wake a
//!   background writer, which waits [`TOUCH_COALESCE`] so a burst of mints costs one snapshot,
//!   then writes the whole current state the same atomic way. A synchronous write in between
//!   carries the touches too. A clean shutdown (or dropping the emulator) flushes what is
//!   pending; a kill -9 loses at most the last [`TOUCH_COALESCE`] of activity timestamps, and
//!   the file is still the last complete snapshot.
//!
//! Status changes the clock implies (`expired`, `abandoned`) are recomputed on every read, so
//! they are never written on their own. Snapshots are numbered while the state lock is held and
//! an older snapshot is never written over a newer one.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use super::state::State;

/// How long the background writer lets touches accumulate before writing one snapshot. Under a
/// steady stream of mints this caps the writer at about five snapshots (ten fsyncs) a second:
/// on a shared disk, more frequent fsyncs measurably raised mint tail latency.
pub const TOUCH_COALESCE: Duration = Duration::from_millis(200);

/// Writes snapshots in order, skipping any older than the last one written.
#[derive(Debug)]
pub struct Persister {
    path: PathBuf,
    last_written: Mutex<u64>,
    /// A touch happened that no snapshot holds yet (set and cleared under the state lock).
    touched: AtomicBool,
    /// Wakes the background writer; dropping it (with the emulator) ends the writer.
    wake: Sender<()>,
}

impl Persister {
    /// Persist to `path`; the receiver is the background writer's wake-up channel.
    pub fn new(path: PathBuf) -> (Self, Receiver<()>) {
        let (wake, woken) = channel();
        let p = Self {
            path,
            last_written: Mutex::new(0),
            touched: AtomicBool::new(false),
            wake,
        };
        (p, woken)
    }

    /// The state file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The number of the last snapshot on disk (0: none written by this process).
    pub fn last_written(&self) -> u64 {
        *self.last_written.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Write snapshot number `seq` unless a newer one is already on disk.
    pub fn write(&self, seq: u64, snapshot: &str) -> std::io::Result<()> {
        let mut last = self.last_written.lock().unwrap_or_else(|e| e.into_inner());
        if seq <= *last {
            return Ok(());
        }
        atomic_write(&self.path, snapshot.as_bytes())?;
        *last = seq;
        Ok(())
    }

    /// Record a touch (call with the state lock held) and wake the writer on the first one
    /// since the last snapshot, so a stream of mints sends one wake-up, not one per mint.
    pub fn touch(&self) {
        if !self.touched.swap(true, Ordering::SeqCst) {
            let _ = self.wake.send(());
        }
    }

    /// A snapshot is being taken (call with the state lock held): it will hold every touch so far.
    /// Returns whether touches were pending.
    pub fn take_touched(&self) -> bool {
        self.touched.swap(false, Ordering::SeqCst)
    }

    /// True when touches are waiting for a snapshot.
    pub fn has_touches(&self) -> bool {
        self.touched.load(Ordering::SeqCst)
    }

    /// A snapshot holding touches could not be written: keep them pending and wake the writer
    /// again, so a later snapshot carries them.
    pub fn untake_touched(&self) {
        self.touched.store(true, Ordering::SeqCst);
        let _ = self.wake.send(());
    }
}

/// Write `bytes` to `path` atomically.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state.json".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    // The state holds the emulator's secret key: owner-only, and no temporary copy left behind.
    let written = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written?;
    // Make the rename itself durable; not every platform can open a directory, so best effort.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Read a state file: `Ok(None)` when it does not exist yet.
pub fn load(path: &Path) -> Result<Option<State>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read `{}`: {e}", path.display())),
    };
    if text.trim().is_empty() {
        return Ok(None);
    }
    let state: State = serde_json::from_str(&text)
        .map_err(|e| format!("`{}` is not an emulator state file: {e}", path.display()))?;
    if state.format != super::state::FORMAT {
        return Err(format!(
            "`{}` has state format {}, this clerkctl reads format {}",
            path.display(),
            state.format,
            super::state::FORMAT
        ));
    }
    Ok(Some(state))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_in_order_and_skips_stale() {
        let dir = tempfile::tempdir().unwrap();
        let (p, _woken) = Persister::new(dir.path().join("s.json"));
        p.write(2, "two").unwrap();
        p.write(1, "one").unwrap();
        assert_eq!(std::fs::read_to_string(p.path()).unwrap(), "two");
        assert_eq!(p.last_written(), 2);
        assert!(load(&dir.path().join("missing.json")).unwrap().is_none());
        std::fs::write(dir.path().join("bad.json"), "{").unwrap();
        assert!(load(&dir.path().join("bad.json")).is_err());
    }

    #[test]
    fn touches_wake_the_writer_once_per_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let (p, woken) = Persister::new(dir.path().join("s.json"));
        assert!(!p.has_touches());
        p.touch();
        p.touch();
        p.touch();
        assert!(woken.try_recv().is_ok());
        assert!(
            woken.try_recv().is_err(),
            "one wake-up for a burst of touches"
        );
        assert!(p.take_touched());
        assert!(!p.take_touched());
        p.touch();
        assert!(
            woken.try_recv().is_ok(),
            "a touch after a snapshot wakes it again"
        );
        p.take_touched();
        p.untake_touched();
        assert!(p.has_touches());
        assert!(woken.try_recv().is_ok(), "a failed snapshot is retried");
        drop(p);
        assert!(woken.recv().is_err(), "the writer ends with the persister");
    }
}
