//! `--state FILE`: lock it, load it, and persist whole snapshots atomically
//! ([`crate::files::write_atomic`]: an exclusively created temporary file in the same directory,
//! fsync, rename, fsync the directory), so a kill -9 at any moment leaves the last complete
//! state, never a torn file.
//!
//! **One emulator per file.** At start the emulator takes an exclusive advisory lock (`flock`) on
//! `.FILE.lock` beside the state file (a separate file: the state file itself is replaced by
//! every write, so a lock on it would not survive the first snapshot) and records its pid and URL
//! there. A second emulator on the same file exits 2 naming that holder. The kernel releases the
//! lock when the process ends, kill -9 included; the lock file stays. With the lock held, the
//! temporary files a killed emulator left (holding the secret key) are removed.
//!
//! **Loading.** A missing file is a new instance. A file that is not a regular file, is larger
//! than [`crate::files::STATE_LIMIT`], is empty, or is not a state file is refused: the emulator
//! never leaves an empty or partial state file (it writes by rename), so such a file is not its
//! own and is never silently treated as new and overwritten.
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

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use super::state::State;
use crate::files::{self, STATE_LIMIT, WriteMode};

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
    /// The state file's lock, released when the emulator (and with it this) is gone.
    _lock: StateLock,
}

impl Persister {
    /// Persist to `path`, whose `lock` the caller holds; the receiver is the background
    /// writer's wake-up channel.
    pub fn new(path: PathBuf, lock: StateLock) -> (Self, Receiver<()>) {
        let (wake, woken) = channel();
        let p = Self {
            path,
            last_written: Mutex::new(0),
            touched: AtomicBool::new(false),
            wake,
            _lock: lock,
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
        if snapshot.len() as u64 > STATE_LIMIT {
            // Written, it could never be loaded again.
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "the state would be {} bytes, over the {} a state file may hold",
                    snapshot.len(),
                    files::human_size(STATE_LIMIT)
                ),
            ));
        }
        files::write_atomic(&self.path, snapshot.as_bytes(), WriteMode::SECRET)?;
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

/// The exclusive lock on a state file, held while an emulator serves it.
#[derive(Debug)]
pub struct StateLock {
    #[cfg(unix)]
    _file: std::fs::File,
}

/// The lock file of the state file `path`: `.NAME.lock` beside the file `path` resolves to.
fn lock_path(path: &Path) -> PathBuf {
    let target = files::resolve(path).unwrap_or_else(|_| path.to_path_buf());
    let name = target
        .file_name()
        .map_or_else(|| "state".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.lock"))
}

/// Lock the state file `path` for the emulator serving at `url`, or say who holds it.
#[cfg(unix)]
pub fn lock(path: &Path, url: &str) -> Result<StateLock, String> {
    use std::io::{Read as _, Seek as _, Write as _};
    use std::os::unix::fs::OpenOptionsExt as _;

    let lock_file = lock_path(path);
    // Never through a planted symlink: the lock file is truncated once locked.
    let no_follow = i32::try_from(rustix::fs::OFlags::NOFOLLOW.bits()).unwrap_or_default();
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(no_follow)
        .open(&lock_file)
        .map_err(|e| format!("cannot open the lock file `{}`: {e}", lock_file.display()))?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(format!(
            "the lock file `{}` is not a regular file",
            lock_file.display()
        ));
    }
    match rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => {}
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => {
            let mut holder = String::new();
            let _ = (&mut file).take(4096).read_to_string(&mut holder);
            let holder: serde_json::Value = serde_json::from_str(&holder).unwrap_or_default();
            let who = match (
                holder.get("pid"),
                holder.get("url").and_then(|u| u.as_str()),
            ) {
                (Some(pid), Some(url)) => format!("pid {pid}, serving {url}"),
                (Some(pid), None) => format!("pid {pid}"),
                _ => format!("see `{}`", lock_file.display()),
            };
            return Err(format!(
                "`{}` is in use by another clerkctl emulator ({who})",
                path.display()
            ));
        }
        Err(e) => {
            return Err(format!("cannot lock `{}`: {e}", lock_file.display()));
        }
    }
    let record = serde_json::json!({"pid": std::process::id(), "url": url}).to_string();
    let recorded = file
        .set_len(0)
        .and_then(|()| file.rewind())
        .and_then(|()| file.write_all(record.as_bytes()));
    if let Err(e) = recorded {
        return Err(format!(
            "cannot write the lock file `{}`: {e}",
            lock_file.display()
        ));
    }
    Ok(StateLock { _file: file })
}

/// Without `flock`, no lock: a second emulator on the same file is not detected.
#[cfg(not(unix))]
pub fn lock(_path: &Path, _url: &str) -> Result<StateLock, String> {
    Ok(StateLock {})
}

/// Read a state file: `Ok(None)` when it does not exist yet.
pub fn load(path: &Path) -> Result<Option<State>, String> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => {
            return Err(format!(
                "`{}` is not a regular file (a directory, device, FIFO or socket)",
                path.display()
            ));
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read `{}`: {e}", path.display())),
    }
    let bytes = files::read_file_limited(path, STATE_LIMIT, files::SPECIAL_FILE_WAIT)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(format!(
            "`{}` is empty, so it is not a state file clerkctl wrote (it never leaves an empty one)",
            path.display()
        ));
    }
    let state: State = serde_json::from_slice(&bytes)
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
        let path = dir.path().join("s.json");
        let (p, _woken) = Persister::new(path.clone(), lock(&path, "http://x").unwrap());
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
        let path = dir.path().join("s.json");
        let (p, woken) = Persister::new(path.clone(), lock(&path, "http://x").unwrap());
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

    #[cfg(unix)]
    #[test]
    fn a_second_lock_names_the_holder_until_the_first_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        let first = lock(&path, "http://127.0.0.1:4010").unwrap();
        let err = lock(&path, "http://127.0.0.1:4011").unwrap_err();
        let pid = std::process::id();
        assert!(
            err.contains(&format!("pid {pid}, serving http://127.0.0.1:4010")),
            "{err}"
        );
        // The same file through a symlink is the same lock.
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("s.json", &link).unwrap();
        assert!(lock(&link, "http://x").is_err());
        drop(first);
        assert!(lock(&link, "http://x").is_ok());
        // A symlink planted as the lock file is never followed (nor its target truncated).
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join(".t.json.lock")).unwrap();
        assert!(lock(&dir.path().join("t.json"), "http://x").is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    }

    #[test]
    fn refuses_what_is_not_its_own_state_file() {
        let dir = tempfile::tempdir().unwrap();
        for (name, contents) in [("empty.json", ""), ("blank.json", " \n")] {
            let path = dir.path().join(name);
            std::fs::write(&path, contents).unwrap();
            let err = load(&path).err().unwrap_or_default();
            assert!(err.contains("is empty"), "{err}");
        }
        let err = load(dir.path()).err().unwrap_or_default();
        assert!(err.contains("not a regular file"), "{err}");
        #[cfg(unix)]
        {
            let err = load(Path::new("/dev/zero")).err().unwrap_or_default();
            assert!(err.contains("not a regular file"), "{err}");
        }
        // Larger than the limit: refused from its size, without reading it.
        let big = dir.path().join("big.json");
        let file = std::fs::File::create(&big).unwrap();
        file.set_len(STATE_LIMIT + 1).unwrap();
        let err = load(&big).err().unwrap_or_default();
        assert!(err.contains("larger than the 64 MiB limit"), "{err}");
    }

    #[test]
    fn a_snapshot_too_large_to_reload_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        let (p, _woken) = Persister::new(path.clone(), lock(&path, "http://x").unwrap());
        let huge = "x".repeat(usize::try_from(STATE_LIMIT).unwrap() + 1);
        assert!(p.write(1, &huge).is_err());
        assert!(!path.exists());
        assert_eq!(p.last_written(), 0);
    }
}
