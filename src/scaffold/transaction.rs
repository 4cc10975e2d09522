//! Applying a set of file changes as a whole or not at all.
//!
//! `configure` changes several files that only make sense together (`clerkctl.toml`, the
//! middleware/proxy, the types, the notes). [`apply`] carries them out in three steps, each
//! recorded in a journal file at the project root before it starts:
//!
//! 1. *staging*: every new content is written to a temporary file beside its target (flushed to
//!    disk) and every file about to be replaced or removed gets a backup (a hard link, or a copy
//!    where links are not possible). Nothing the user sees has changed yet.
//! 2. *committing*: the temporary files are renamed over their targets and removed files are
//!    unlinked. A failure or a Ctrl-C here puts every backup back and removes every created file.
//! 3. *done*: the backups are deleted, then the journal.
//!
//! A process killed at any point (kill -9, power loss) leaves the journal behind; [`recover`], run
//! at the start of the next `configure`, rolls a staging or committing journal back to the old
//! project and finishes a done one, removing every temporary and backup file it names. The names
//! are unpredictable (`.NAME.clerkctl-<random>.tmp`) and created exclusively, so a planted file
//! or symlink is never written through.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::write;

/// The journal's file name, at the project root.
pub const JOURNAL: &str = ".clerkctl-configure.journal";

/// One change to a file, with its path relative to the project root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// Create or replace the file with these contents.
    Write {
        /// Relative to the root.
        path: PathBuf,
        /// The new contents.
        contents: Vec<u8>,
    },
    /// Remove the file (the old half of a rename).
    Remove {
        /// Relative to the root.
        path: PathBuf,
    },
}

impl Op {
    fn path(&self) -> &Path {
        match self {
            Op::Write { path, .. } | Op::Remove { path } => path,
        }
    }
}

/// Why a change set was not applied. In every case the project is as it was before.
#[derive(Debug, thiserror::Error)]
pub enum TxError {
    /// Ctrl-C (SIGINT) arrived; everything done so far was undone.
    #[error("interrupted")]
    Interrupted,
    /// A file could not be written; everything done so far was undone.
    #[error("cannot write `{}`: {source}", path.display())]
    Io {
        /// The file, relative to the root.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// Undoing failed too: the journal is kept so that the next run can finish restoring.
    #[error(
        "cannot write `{}` ({source}), and restoring the earlier files failed ({rollback}); \
         the next `clerkctl configure` finishes restoring them",
        path.display()
    )]
    RollbackFailed {
        /// The file whose write failed first (or the interrupted step).
        path: PathBuf,
        /// What went wrong first.
        source: std::io::Error,
        /// What went wrong while undoing.
        rollback: std::io::Error,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Phase {
    Staging,
    Committing,
    Done,
}

/// One file in the journal; every path is relative to the root.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    path: PathBuf,
    /// The staged new contents (`Write` only).
    temp: Option<PathBuf>,
    /// The copy of the file as it was (when it existed).
    backup: Option<PathBuf>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Journal {
    phase: Phase,
    entries: Vec<Entry>,
    /// Directories created for new files, outermost first (removed again on rollback if empty).
    dirs: Vec<PathBuf>,
}

/// What [`recover`] found and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovered {
    /// The interrupted change set had not been applied yet, or was rolled back.
    RolledBack,
    /// The interrupted change set had been applied; its leftovers were removed.
    Finished,
}

fn journal_path(root: &Path) -> PathBuf {
    root.join(JOURNAL)
}

fn save(root: &Path, journal: &Journal) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(journal).map_err(std::io::Error::other)?;
    write::atomic_write(&journal_path(root), text.as_bytes())
}

fn remove_if_exists(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// A name beside `path` for a temporary or backup copy, relative to the root like `path`.
fn sibling(root: &Path, path: &Path, kind: &str) -> std::io::Result<PathBuf> {
    let full = write::temp_path(&root.join(path), kind)?;
    let name = full.file_name().map(PathBuf::from).unwrap_or_default();
    Ok(path
        .parent()
        .map_or_else(|| name.clone(), |p| p.join(&name)))
}

/// The directories that must be created for `ops`, outermost first.
fn missing_dirs(root: &Path, ops: &[Op]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    for op in ops {
        if let Op::Write { path, .. } = op {
            let mut ancestors: Vec<&Path> = path
                .ancestors()
                .skip(1)
                .filter(|p| !p.as_os_str().is_empty())
                .collect();
            ancestors.reverse();
            for dir in ancestors {
                if !root.join(dir).exists() && !dirs.iter().any(|d| d == dir) {
                    dirs.push(dir.to_path_buf());
                }
            }
        }
    }
    dirs
}

/// Apply `ops` under `root` as a whole or not at all. `interrupted` is polled before each step;
/// when it turns true, everything done so far is undone and [`TxError::Interrupted`] returned.
pub fn apply(root: &Path, ops: &[Op], interrupted: &dyn Fn() -> bool) -> Result<(), TxError> {
    if interrupted() {
        return Err(TxError::Interrupted);
    }
    let dirs = missing_dirs(root, ops);
    let mut journal = Journal {
        phase: Phase::Staging,
        entries: Vec::with_capacity(ops.len()),
        dirs,
    };
    // Every name is chosen and recorded before anything is created, so that whatever a kill
    // leaves behind is named in the journal.
    let named = (|| -> std::io::Result<()> {
        for op in ops {
            let path = op.path().to_path_buf();
            let exists = std::fs::symlink_metadata(root.join(&path)).is_ok();
            let temp = match op {
                Op::Write { .. } => Some(sibling(root, &path, "tmp")?),
                Op::Remove { .. } => None,
            };
            let backup = if exists {
                Some(sibling(root, &path, "bak")?)
            } else {
                None
            };
            journal.entries.push(Entry { path, temp, backup });
        }
        Ok(())
    })();
    let first = ops
        .first()
        .map(|op| op.path().to_path_buf())
        .unwrap_or_default();
    if let Err(source) = named.and_then(|()| save(root, &journal)) {
        let _ = undo(root, &journal);
        return Err(TxError::Io {
            path: first,
            source,
        });
    }
    for (op, entry) in ops.iter().zip(&journal.entries) {
        if interrupted() {
            return fail(root, &journal, entry.path.clone(), None);
        }
        if let Err(e) = stage(root, op, entry) {
            return fail(root, &journal, entry.path.clone(), Some(e));
        }
    }
    journal.phase = Phase::Committing;
    if let Err(e) = save(root, &journal) {
        return fail(root, &journal, PathBuf::from(JOURNAL), Some(e));
    }
    for (op, entry) in ops.iter().zip(&journal.entries) {
        if interrupted() {
            return fail(root, &journal, entry.path.clone(), None);
        }
        if let Err(e) = commit(root, op, entry) {
            return fail(root, &journal, entry.path.clone(), Some(e));
        }
    }
    sync_dirs(root, &journal);
    journal.phase = Phase::Done;
    if let Err(e) = save(root, &journal) {
        return fail(root, &journal, PathBuf::from(JOURNAL), Some(e));
    }
    // From here on the new project stands; leftovers are only clutter (and `recover` removes
    // them next time if this fails).
    let _ = finish(root, &journal);
    Ok(())
}

fn stage(root: &Path, op: &Op, entry: &Entry) -> std::io::Result<()> {
    let target = root.join(&entry.path);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    if let Some(backup) = &entry.backup {
        let backup = root.join(backup);
        if std::fs::hard_link(&target, &backup).is_err() {
            // No hard links here (some network and FUSE file systems): a full copy, flushed.
            let bytes = std::fs::read(&target)?;
            write::write_temp(&backup, &target, &bytes)?;
        }
    }
    if let (Op::Write { contents, .. }, Some(temp)) = (op, &entry.temp) {
        write::write_temp(&root.join(temp), &target, contents)?;
    }
    Ok(())
}

fn commit(root: &Path, op: &Op, entry: &Entry) -> std::io::Result<()> {
    let target = root.join(&entry.path);
    match (op, &entry.temp) {
        (Op::Write { .. }, Some(temp)) => std::fs::rename(root.join(temp), &target),
        _ => remove_if_exists(&target),
    }
}

/// Flush the directories holding renamed files, so the renames survive a power loss.
fn sync_dirs(root: &Path, journal: &Journal) {
    #[cfg(unix)]
    {
        let mut done: Vec<PathBuf> = Vec::new();
        for entry in &journal.entries {
            let dir = root.join(entry.path.parent().unwrap_or(Path::new("")));
            if !done.contains(&dir) {
                if let Ok(handle) = std::fs::File::open(&dir) {
                    let _ = handle.sync_all();
                }
                done.push(dir);
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (root, journal);
}

/// Undo after `source` (or an interrupt, when `None`), and say what happened.
fn fail(
    root: &Path,
    journal: &Journal,
    path: PathBuf,
    source: Option<std::io::Error>,
) -> Result<(), TxError> {
    match undo(root, journal) {
        Ok(()) => Err(match source {
            Some(source) => TxError::Io { path, source },
            None => TxError::Interrupted,
        }),
        Err(rollback) => Err(TxError::RollbackFailed {
            path,
            source: source.unwrap_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::Interrupted, "interrupted")
            }),
            rollback,
        }),
    }
}

/// Put the project back as it was before `journal` (whatever its phase), then drop the journal.
/// Safe to repeat: every step checks what is there.
fn undo(root: &Path, journal: &Journal) -> std::io::Result<()> {
    let mut first_error = None;
    let mut note = |r: std::io::Result<()>| {
        if let Err(e) = r {
            first_error.get_or_insert(e);
        }
    };
    for entry in journal.entries.iter().rev() {
        let target = root.join(&entry.path);
        if let Some(temp) = &entry.temp {
            note(remove_if_exists(&root.join(temp)));
        }
        match &entry.backup {
            Some(backup) => {
                let backup = root.join(backup);
                if backup.exists() {
                    if journal.phase == Phase::Staging {
                        // Nothing was replaced yet: the backup is a spare copy.
                        note(remove_if_exists(&backup));
                    } else {
                        note(std::fs::rename(&backup, &target));
                        // Renaming a hard link over its twin (a file not replaced yet) is a
                        // no-op that leaves both names.
                        note(remove_if_exists(&backup));
                    }
                }
            }
            // Created by this change set: remove it, unless the commit never got that far (or
            // what is there now is a directory, which no commit of ours creates).
            None if journal.phase != Phase::Staging
                && std::fs::symlink_metadata(&target).is_ok_and(|m| !m.is_dir()) =>
            {
                note(remove_if_exists(&target));
            }
            None => {}
        }
    }
    for dir in journal.dirs.iter().rev() {
        // Only if empty: a directory the user has since put files in stays.
        let _ = std::fs::remove_dir(root.join(dir));
    }
    match first_error {
        Some(e) => Err(e),
        None => remove_if_exists(&journal_path(root)),
    }
}

/// After a complete commit: remove the backups and leftovers, then the journal.
fn finish(root: &Path, journal: &Journal) -> std::io::Result<()> {
    for entry in &journal.entries {
        for leftover in [&entry.temp, &entry.backup].into_iter().flatten() {
            remove_if_exists(&root.join(leftover))?;
        }
    }
    remove_if_exists(&journal_path(root))
}

/// Finish or roll back a change set that a killed process left half done (see the module docs).
/// `None` when there was nothing to recover.
pub fn recover(root: &Path) -> std::io::Result<Option<Recovered>> {
    remove_journal_temps(root)?;
    let path = journal_path(root);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let journal: Journal = serde_json::from_str(&text).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("`{JOURNAL}` is not a journal clerkctl can read: {e}"),
        )
    })?;
    // A journal names files relative to the root only; anything else was not written by us.
    let outside = |p: &Path| {
        p.is_absolute()
            || p.components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
    };
    let names = journal
        .entries
        .iter()
        .flat_map(|e| std::iter::once(&e.path).chain(&e.temp).chain(&e.backup));
    if names.chain(&journal.dirs).any(|p| outside(p)) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("`{JOURNAL}` names a file outside the project"),
        ));
    }
    if journal.phase == Phase::Done {
        finish(root, &journal)?;
        Ok(Some(Recovered::Finished))
    } else {
        undo(root, &journal)?;
        Ok(Some(Recovered::RolledBack))
    }
}

/// Temporary copies of the journal itself, left by a kill while it was being written (the
/// journal then still says what it said before, or there is none: nothing was staged yet).
fn remove_journal_temps(root: &Path) -> std::io::Result<()> {
    crate::files::remove_stale_temps(&journal_path(root));
    Ok(())
}

/// Whether a journal left by an interrupted run is waiting in `root`.
pub fn pending(root: &Path) -> bool {
    journal_path(root).exists()
}

#[cfg(test)]
#[test]
fn a_kill_while_the_journal_is_written_leaves_only_a_temp_that_recover_removes() {
    let dir = tempfile::tempdir().unwrap();
    // A temporary journal as `write::atomic_write` names it.
    let temp = dir
        .path()
        .join(format!(".{JOURNAL}.a1B2c3D4e5F6.clerkctl-tmp"));
    std::fs::write(&temp, "{\"phase\": \"sta").unwrap();
    assert_eq!(recover(dir.path()).unwrap(), None);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    /// Every file under `dir`, relative, with its contents, sorted.
    fn snapshot(dir: &Path) -> Vec<(String, String)> {
        fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                let rel = path.strip_prefix(base).unwrap().display().to_string();
                if path.is_dir() {
                    out.push((format!("{rel}/"), String::new()));
                    walk(base, &path, out);
                } else {
                    out.push((rel, std::fs::read_to_string(&path).unwrap_or_default()));
                }
            }
        }
        let mut out = Vec::new();
        walk(dir, dir, &mut out);
        out.sort();
        out
    }

    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("clerkctl.toml"), "old toml\n").unwrap();
        std::fs::write(dir.path().join("middleware.ts"), "old middleware\n").unwrap();
        dir
    }

    fn ops() -> Vec<Op> {
        let write = |p: &str, c: &str| Op::Write {
            path: PathBuf::from(p),
            contents: c.as_bytes().to_vec(),
        };
        vec![
            write("clerkctl.toml", "new toml\n"),
            write("proxy.ts", "new proxy\n"),
            Op::Remove {
                path: PathBuf::from("middleware.ts"),
            },
            write(".clerk/notes/session.md", "notes\n"),
            write("types/globals.d.ts", "types\n"),
        ]
    }

    fn expected_new() -> Vec<(String, String)> {
        [
            (".clerk/", ""),
            (".clerk/notes/", ""),
            (".clerk/notes/session.md", "notes\n"),
            ("clerkctl.toml", "new toml\n"),
            ("proxy.ts", "new proxy\n"),
            ("types/", ""),
            ("types/globals.d.ts", "types\n"),
        ]
        .iter()
        .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
        .collect()
    }

    #[test]
    fn applies_the_whole_set_and_leaves_nothing_else() {
        let dir = project();
        apply(dir.path(), &ops(), &|| false).unwrap();
        assert_eq!(snapshot(dir.path()), expected_new());
    }

    /// An interrupt before any step, at every step of staging and committing: the project is
    /// exactly as before, with no temporary file, backup, journal or new directory left.
    #[test]
    fn an_interrupt_at_any_step_restores_the_old_project() {
        let steps = 1 + 2 * ops().len();
        for at in 0..=steps {
            let dir = project();
            let before = snapshot(dir.path());
            let polls = Cell::new(0usize);
            let interrupted = || {
                polls.set(polls.get() + 1);
                polls.get() > at
            };
            let result = apply(dir.path(), &ops(), &interrupted);
            if at == steps {
                result.unwrap();
                assert_eq!(snapshot(dir.path()), expected_new());
            } else {
                assert!(matches!(result, Err(TxError::Interrupted)), "step {at}");
                assert_eq!(snapshot(dir.path()), before, "step {at}");
            }
        }
    }

    #[test]
    fn a_failed_write_restores_the_old_project() {
        let dir = project();
        let n = ops().len();
        let polls = Cell::new(0usize);
        // Just before the fourth rename, something puts a directory where the file goes: that
        // rename fails after `clerkctl.toml`, `proxy.ts` and `middleware.ts` were changed.
        let interrupted = || {
            polls.set(polls.get() + 1);
            if polls.get() == 1 + n + 4 {
                std::fs::create_dir_all(dir.path().join(".clerk/notes/session.md/x")).unwrap();
            }
            false
        };
        let err = apply(dir.path(), &ops(), &interrupted).unwrap_err();
        assert!(
            matches!(&err, TxError::Io { path, .. } if path == Path::new(".clerk/notes/session.md")),
            "{err}"
        );
        let mut expected = snapshot(project().path());
        for d in [
            ".clerk/",
            ".clerk/notes/",
            ".clerk/notes/session.md/",
            ".clerk/notes/session.md/x/",
        ] {
            expected.push((d.to_string(), String::new()));
        }
        expected.sort();
        assert_eq!(snapshot(dir.path()), expected);
    }

    /// What a kill -9 leaves at each point, simulated by stopping after a step without undoing
    /// (the journal as written), then `recover` as the next run does.
    #[test]
    fn recover_after_a_kill_at_any_step() {
        let steps = 1 + 2 * ops().len();
        for at in 1..=steps {
            let dir = project();
            let before = snapshot(dir.path());
            let polls = Cell::new(0usize);
            // Panicking out of `apply` skips its rollback, like a kill.
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                apply(dir.path(), &ops(), &|| {
                    polls.set(polls.get() + 1);
                    assert!(polls.get() <= at, "killed");
                    false
                })
            }));
            if at == steps {
                assert!(result.is_ok());
                assert_eq!(recover(dir.path()).unwrap(), None);
                assert_eq!(snapshot(dir.path()), expected_new());
                continue;
            }
            assert!(result.is_err());
            assert!(pending(dir.path()), "step {at}");
            assert_eq!(
                recover(dir.path()).unwrap(),
                Some(Recovered::RolledBack),
                "step {at}"
            );
            assert_eq!(snapshot(dir.path()), before, "step {at}");
        }
    }

    #[test]
    fn recover_finishes_a_done_journal_and_refuses_foreign_paths() {
        let dir = project();
        apply(dir.path(), &ops(), &|| false).unwrap();
        let backup = dir.path().join(".clerkctl.toml.clerkctl-0123456789ab.bak");
        std::fs::write(&backup, "old toml\n").unwrap();
        let journal = Journal {
            phase: Phase::Done,
            entries: vec![Entry {
                path: PathBuf::from("clerkctl.toml"),
                temp: None,
                backup: Some(PathBuf::from(".clerkctl.toml.clerkctl-0123456789ab.bak")),
            }],
            dirs: Vec::new(),
        };
        save(dir.path(), &journal).unwrap();
        assert_eq!(recover(dir.path()).unwrap(), Some(Recovered::Finished));
        assert_eq!(snapshot(dir.path()), expected_new());
        let evil = Journal {
            phase: Phase::Committing,
            entries: vec![Entry {
                path: PathBuf::from("../outside"),
                temp: None,
                backup: None,
            }],
            dirs: Vec::new(),
        };
        save(dir.path(), &evil).unwrap();
        assert!(recover(dir.path()).is_err());
    }
}
