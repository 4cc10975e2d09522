//! Safe writes: atomic, never replacing a differing file without consent, idempotent.
//!
//! Every file clerkctl writes into a user's project goes through [`plan`] and [`apply`]: an
//! unchanged file is reported as such and not touched; a new file is written atomically (temp file
//! in the same directory, fsync, rename); an existing file that differs is shown as a unified diff
//! and replaced only with consent (`--force`, or a "yes" at the prompt).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// What to do with an existing file whose contents differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictPolicy {
    /// Ask (interactive only; the caller supplies the question).
    Ask,
    /// Leave it alone and report it (`--yes` without `--force`).
    Keep,
    /// Replace it (`--force`).
    Overwrite,
}

/// How a batch of writes behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteOptions {
    /// Print the plan and diffs; write nothing.
    pub dry_run: bool,
    /// Existing differing files.
    pub conflict: ConflictPolicy,
}

/// One file to write.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Where.
    pub path: PathBuf,
    /// The current contents, if the file exists and is text.
    pub old: Option<String>,
    /// The desired contents.
    pub new: String,
}

/// What happened (or would happen, with `--dry-run`) to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Did not exist; written.
    Created,
    /// Existed with the same contents; untouched.
    Unchanged,
    /// Existed and differed; replaced with consent.
    Updated,
    /// Existed and differed; left alone.
    Kept,
    /// Dry run: would be created.
    WouldCreate,
    /// Dry run: would be replaced (or asked about).
    WouldUpdate,
}

impl Outcome {
    /// A short word for reports.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Unchanged => "unchanged",
            Outcome::Updated => "updated",
            Outcome::Kept => "kept (differs; pass --force to replace)",
            Outcome::WouldCreate => "would create",
            Outcome::WouldUpdate => "would update",
        }
    }
}

impl Plan {
    /// True when the file exists with exactly the desired contents.
    pub fn is_unchanged(&self) -> bool {
        self.old.as_deref() == Some(self.new.as_str())
    }

    /// The unified diff from the current to the desired contents (empty when unchanged).
    pub fn diff(&self) -> String {
        self.diff_as(&self.path.display().to_string())
    }

    /// [`Plan::diff`] with `name` in the `a/…` `b/…` headers (a path relative to the project).
    pub fn diff_as(&self, name: &str) -> String {
        unified_diff(name, name, self.old.as_deref().unwrap_or(""), &self.new)
    }
}

/// The unified diff from `old` (file `old_name`) to `new` (`new_name`); empty when equal.
pub fn unified_diff(old_name: &str, new_name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{old_name}"), &format!("b/{new_name}"))
        .to_string()
}

/// Read the current state of `path` for writing `new` there.
pub fn plan(path: impl Into<PathBuf>, new: impl Into<String>) -> std::io::Result<Plan> {
    let path = path.into();
    let old = match crate::files::read_project_file(&path) {
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    Ok(Plan {
        path,
        old,
        new: new.into(),
    })
}

/// Carry out one plan. `ask` is called only for a differing file under [`ConflictPolicy::Ask`]
/// and returns whether to replace it.
pub fn apply(
    plan: &Plan,
    options: WriteOptions,
    ask: &mut dyn FnMut(&Plan) -> std::io::Result<bool>,
) -> std::io::Result<Outcome> {
    if plan.is_unchanged() {
        return Ok(Outcome::Unchanged);
    }
    let exists = plan.old.is_some();
    if options.dry_run {
        return Ok(if exists {
            Outcome::WouldUpdate
        } else {
            Outcome::WouldCreate
        });
    }
    if exists {
        let replace = match options.conflict {
            ConflictPolicy::Overwrite => true,
            ConflictPolicy::Keep => false,
            ConflictPolicy::Ask => ask(plan)?,
        };
        if !replace {
            return Ok(Outcome::Kept);
        }
    }
    atomic_write(&plan.path, plan.new.as_bytes())?;
    Ok(if exists {
        Outcome::Updated
    } else {
        Outcome::Created
    })
}

/// Write `contents` to `path` atomically (see [`crate::files::write_atomic`]): a crash leaves
/// either the old file or the new one, never a mix; a symlink's target is written, and a path
/// that is not a regular file is refused. Parent directories are created as needed.
pub fn atomic_write(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    crate::files::write_atomic(path, contents, crate::files::WriteMode::PROJECT)
}

/// An unpredictable name beside `path` for a temporary (`kind` `tmp`) or backup (`bak`) copy:
/// `.NAME.clerkctl-<12 hex>.KIND`.
pub fn temp_path(path: &Path, kind: &str) -> std::io::Result<PathBuf> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let mut suffix = [0u8; 6];
    aws_lc_rs::rand::fill(&mut suffix).map_err(std::io::Error::other)?;
    let hex: String = suffix.iter().map(|b| format!("{b:02x}")).collect();
    Ok(dir.join(format!(".{file_name}.clerkctl-{hex}.{kind}")))
}

/// Create `tmp` (which must not exist) holding `contents`, flushed to disk, with the mode of
/// `target` when that exists (an executable script stays executable).
pub fn write_temp(tmp: &Path, target: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(tmp)?;
    file.write_all(contents)?;
    file.sync_all()?;
    if let Ok(meta) = std::fs::metadata(target) {
        std::fs::set_permissions(tmp, meta.permissions())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn never_asked(_: &Plan) -> std::io::Result<bool> {
        panic!("must not ask")
    }

    #[test]
    fn creates_then_reports_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.txt");
        let opts = WriteOptions {
            dry_run: false,
            conflict: ConflictPolicy::Keep,
        };
        let p = plan(&path, "hello\n").unwrap();
        assert_eq!(apply(&p, opts, &mut never_asked).unwrap(), Outcome::Created);
        let p = plan(&path, "hello\n").unwrap();
        assert_eq!(
            apply(&p, opts, &mut never_asked).unwrap(),
            Outcome::Unchanged
        );
    }

    #[test]
    fn differing_file_is_kept_asked_or_forced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.ts");
        std::fs::write(&path, "mine\n").unwrap();
        let p = plan(&path, "theirs\n").unwrap();
        assert!(p.diff().contains("-mine\n+theirs"), "{}", p.diff());
        let keep = WriteOptions {
            dry_run: false,
            conflict: ConflictPolicy::Keep,
        };
        assert_eq!(apply(&p, keep, &mut never_asked).unwrap(), Outcome::Kept);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine\n");
        let ask = WriteOptions {
            dry_run: false,
            conflict: ConflictPolicy::Ask,
        };
        assert_eq!(apply(&p, ask, &mut |_| Ok(false)).unwrap(), Outcome::Kept);
        let dry = WriteOptions {
            dry_run: true,
            conflict: ConflictPolicy::Overwrite,
        };
        assert_eq!(
            apply(&p, dry, &mut never_asked).unwrap(),
            Outcome::WouldUpdate
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine\n");
        assert_eq!(apply(&p, ask, &mut |_| Ok(true)).unwrap(), Outcome::Updated);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "theirs\n");
        // No temporary files left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
