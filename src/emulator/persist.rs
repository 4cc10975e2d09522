//! `--state FILE`: load at start, and write atomically after every change (temporary file in the
//! same directory, fsync, rename, fsync the directory), so a kill -9 at any moment leaves the
//! last complete state, never a torn file.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::state::State;

/// Writes snapshots in order, skipping any older than the last one written.
#[derive(Debug)]
pub struct Persister {
    path: PathBuf,
    last_written: Mutex<u64>,
}

impl Persister {
    /// Persist to `path`.
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            last_written: Mutex::new(0),
        }
    }

    /// The state file.
    pub fn path(&self) -> &Path {
        &self.path
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
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
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
        let p = Persister::new(dir.path().join("s.json"));
        p.write(2, "two").unwrap();
        p.write(1, "one").unwrap();
        assert_eq!(std::fs::read_to_string(p.path()).unwrap(), "two");
        assert!(load(&dir.path().join("missing.json")).unwrap().is_none());
        std::fs::write(dir.path().join("bad.json"), "{").unwrap();
        assert!(load(&dir.path().join("bad.json")).is_err());
    }
}
