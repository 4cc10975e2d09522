//! The change set `configure` proposes: every file it would create, change or remove, read
//! against what is on disk, with whether a change would drop edits of the user's. Nothing is
//! written here; [`ChangeSet::ops`] hands the writes to the transaction.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::UserError;
use crate::project::FILE_NAME;
use crate::scaffold::detect::{self, Framework};
use crate::scaffold::render::RenderedFile;
use crate::scaffold::transaction::Op;
use crate::scaffold::{config_edit, write};

/// What happens to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Does not exist yet.
    New,
    /// Exists and gets new contents.
    Changed,
    /// Exists with exactly the wanted contents.
    Unchanged,
    /// Exists and goes away (the old half of a rename).
    Removed,
}

impl Change {
    /// The word in the summary.
    pub fn label(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Changed => "changed",
            Change::Unchanged => "unchanged",
            Change::Removed => "removed",
        }
    }
}

/// One file of the change set.
#[derive(Debug, Clone)]
pub struct FileChange {
    /// Relative to the project root, `/`-separated.
    pub path: String,
    /// What happens to it.
    pub change: Change,
    /// The current contents, when it exists.
    pub old: Option<String>,
    /// The wanted contents (`None` when removed).
    pub new: Option<String>,
    /// It exists, differs, and is not what clerkctl wrote for the previous answers: applying
    /// the change drops edits of the user's.
    pub edited: bool,
    /// `clerkctl.toml` updated in place, keeping the user's comments and keys.
    pub merged: bool,
    /// For a new file that takes the place of another (`proxy.ts` for `middleware.ts`).
    pub renamed_from: Option<String>,
    /// For a removed file: the file that takes its place.
    pub renamed_to: Option<String>,
}

impl FileChange {
    /// The unified diff of the change. A rename's diff (old file to the file taking its place)
    /// belongs to the removed file.
    pub fn diff(&self, set: &ChangeSet) -> String {
        let shown_by_the_rename = self.change == Change::New && self.renamed_from.is_some();
        if self.change == Change::Unchanged || shown_by_the_rename {
            return String::new();
        }
        match (self.change, &self.renamed_to) {
            (Change::Removed, None) => String::new(),
            (Change::Removed, Some(to)) => {
                let new = set
                    .files
                    .iter()
                    .find(|f| &f.path == to)
                    .and_then(|f| f.new.as_deref())
                    .unwrap_or("");
                write::unified_diff(&self.path, to, self.old.as_deref().unwrap_or(""), new)
            }
            _ => write::unified_diff(
                &self.path,
                &self.path,
                self.old.as_deref().unwrap_or(""),
                self.new.as_deref().unwrap_or(""),
            ),
        }
    }

    /// Lines added and removed.
    pub fn line_counts(&self) -> (usize, usize) {
        let old = self.old.as_deref().unwrap_or("");
        let new = self.new.as_deref().unwrap_or("");
        let diff = similar::TextDiff::from_lines(old, new);
        diff.iter_all_changes()
            .fold((0, 0), |(add, del), c| match c.tag() {
                similar::ChangeTag::Insert => (add + 1, del),
                similar::ChangeTag::Delete => (add, del + 1),
                similar::ChangeTag::Equal => (add, del),
            })
    }
}

/// Every file `configure` would touch, in order.
#[derive(Debug, Clone, Default)]
pub struct ChangeSet {
    /// The files.
    pub files: Vec<FileChange>,
}

/// The current text of `path`, `None` when it does not exist; a directory, device, FIFO or
/// socket in the way is refused (never read, never replaced).
fn read_current(dir: &Path, rel: &str) -> Result<Option<String>, UserError> {
    let path = dir.join(rel);
    match std::fs::metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(UserError::usage(format!("cannot read `{rel}`: {e}"))),
        Ok(meta) if !meta.is_file() => {
            return Err(UserError::usage(format!(
                "`{rel}` is not a regular file; configure writes a file there"
            ))
            .with_hint(format!(
                "move `{rel}` away, then run `clerkctl configure` again"
            )));
        }
        Ok(_) => {}
    }
    std::fs::read(&path)
        .map(|bytes| Some(String::from_utf8_lossy(&bytes).into_owned()))
        .map_err(|e| UserError::usage(format!("cannot read `{rel}`: {e}")))
}

fn slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

impl ChangeSet {
    /// Compare `rendered` (the files for the new answers) with the project in `dir`.
    /// `previous` holds renders of the previous answers (what an unedited project contains);
    /// `framework`'s other middleware/proxy files in the same place are removed, so Next.js never
    /// sees two; `gitignore` is the `.gitignore` text to write, when it changes.
    pub fn build(
        dir: &Path,
        rendered: &[RenderedFile],
        previous: &[RenderedFile],
        framework: Framework,
        gitignore: Option<String>,
    ) -> Result<Self, UserError> {
        let pristine = |rel: &str, text: &str| {
            previous
                .iter()
                .any(|f| slash(&f.path) == rel && f.contents == text)
        };
        let previous_toml = previous
            .iter()
            .find(|f| f.path.as_os_str() == FILE_NAME)
            .map(|f| f.contents.as_str());
        let mut files = Vec::new();
        for file in rendered {
            let rel = slash(&file.path);
            let old = read_current(dir, &rel)?;
            let mut new = file.contents.clone();
            let mut merged = false;
            let mut edited = false;
            if let Some(current) = &old
                && current != &new
            {
                if rel == FILE_NAME {
                    match config_edit::update(current, &new, previous_toml) {
                        Some(text) => {
                            merged = text != new;
                            new = text;
                        }
                        None => edited = !pristine(&rel, current),
                    }
                } else {
                    edited = !pristine(&rel, current);
                }
            }
            let change = match &old {
                None => Change::New,
                Some(current) if *current == new => Change::Unchanged,
                Some(_) => Change::Changed,
            };
            files.push(FileChange {
                path: rel,
                change,
                old,
                new: Some(new),
                edited: edited && change == Change::Changed,
                merged: merged && change == Change::Changed,
                renamed_from: None,
                renamed_to: None,
            });
        }
        if framework == Framework::Nextjs {
            Self::displaced_middleware(dir, &mut files, &pristine)?;
        }
        if let Some(text) = gitignore {
            let old = read_current(dir, ".gitignore")?;
            files.push(FileChange {
                path: ".gitignore".into(),
                change: if old.is_some() {
                    Change::Changed
                } else {
                    Change::New
                },
                old,
                new: Some(text),
                edited: false,
                merged: false,
                renamed_from: None,
                renamed_to: None,
            });
        }
        Ok(Self { files })
    }

    /// The other middleware/proxy files beside the one written (`middleware.ts` when Next.js 16
    /// gets `proxy.ts`, `proxy.js` when the project moved to TypeScript): removed, as the old half
    /// of a rename, because Next.js refuses to build with two.
    fn displaced_middleware(
        dir: &Path,
        files: &mut Vec<FileChange>,
        pristine: &dyn Fn(&str, &str) -> bool,
    ) -> Result<(), UserError> {
        let Some(written) = files.iter().position(|f| is_middleware(&f.path)) else {
            return Ok(());
        };
        let written_path = files[written].path.clone();
        let base = Path::new(&written_path)
            .parent()
            .map(slash)
            .unwrap_or_default();
        for other in detect::middleware_files(dir) {
            let rel = slash(&other);
            let same_place = other.parent().map(slash).unwrap_or_default() == base;
            if !same_place || rel == written_path {
                continue;
            }
            let old = read_current(dir, &rel)?;
            let edited = old.as_deref().is_some_and(|text| !pristine(&rel, text));
            if files[written].renamed_from.is_none() && files[written].change == Change::New {
                files[written].renamed_from = Some(rel.clone());
            }
            files.push(FileChange {
                path: rel,
                change: Change::Removed,
                old,
                new: None,
                edited,
                merged: false,
                renamed_from: None,
                renamed_to: Some(written_path.clone()),
            });
        }
        Ok(())
    }

    /// True when nothing would change.
    pub fn is_empty(&self) -> bool {
        self.files.iter().all(|f| f.change == Change::Unchanged)
    }

    /// The changes that would drop edits of the user's.
    pub fn edited(&self) -> Vec<&FileChange> {
        self.files.iter().filter(|f| f.edited).collect()
    }

    /// Counts of new, changed and removed files.
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |c: Change| self.files.iter().filter(|f| f.change == c).count();
        (n(Change::New), n(Change::Changed), n(Change::Removed))
    }

    /// The writes and removals, for [`crate::scaffold::transaction::apply`].
    pub fn ops(&self) -> Vec<Op> {
        self.files
            .iter()
            .filter_map(|f| match (f.change, &f.new) {
                (Change::New | Change::Changed, Some(text)) => Some(Op::Write {
                    path: PathBuf::from(&f.path),
                    contents: text.clone().into_bytes(),
                }),
                (Change::Removed, _) => Some(Op::Remove {
                    path: PathBuf::from(&f.path),
                }),
                _ => None,
            })
            .collect()
    }
}

fn is_middleware(rel: &str) -> bool {
    let path = Path::new(rel);
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let ext = path.extension().and_then(|s| s.to_str()).unwrap_or("");
    detect::MIDDLEWARE_STEMS.contains(&stem) && detect::MIDDLEWARE_EXTENSIONS.contains(&ext)
}
