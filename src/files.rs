//! Every file clerkctl writes, and every input it reads, goes through here.
//!
//! **Writes** ([`write_atomic`]): a regular file (or one that does not exist yet) is replaced
//! atomically: a temporary file with an unpredictable name, created exclusively in the target's
//! own directory, written, flushed to disk, renamed over the target, and the directory flushed.
//! A crash leaves the old file or the new one, never a mix. A symlink is followed and its target
//! written, never the link replaced. The replaced file keeps its permissions; a new file gets
//! the usual mode (umask applies), or owner-only when it holds a secret. A target that is not a
//! regular file (a device such as `/dev/null`, a FIFO, `/dev/stdout`) is written in place, or
//! refused where a regular file is required ([`Special::Refuse`]). Temporary files are named
//! `.NAME.XXXXXXXXXXXX.clerkctl-tmp`; one left by a process killed mid-write is removed by
//! [`remove_stale_temps`] where the caller knows no other clerkctl is writing that file.
//!
//! **Reads** ([`read_file_limited`], [`read_limited`], [`read_body_limited`]): every input has a
//! size limit (the constants below, documented in the README) and a read past it stops at the
//! limit, never holding more than the limit in memory. A file that is not a regular file (a FIFO,
//! `/dev/stdin`, a process substitution) is read with a deadline, so a FIFO nobody writes to
//! cannot hang clerkctl.

use std::fs::{File, OpenOptions, Permissions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A PEM public key (`--key`, `CLERK_JWT_KEY`): a 4096-bit RSA key is about 800 bytes.
pub const KEY_LIMIT: u64 = 64 * 1024;
/// A JWK set, from a file or fetched (`--jwks`, `/v1/jwks`, discovery): Clerk's hold a few keys.
pub const JWKS_LIMIT: u64 = 1024 * 1024;
/// One token read from stdin (`decode`): a JWT, `Authorization` line or cookie string.
pub const TOKEN_LIMIT: u64 = 4 * 1024 * 1024;
/// An emulator state file. The emulator refuses a change whose snapshot would exceed it, so a
/// state it wrote always loads again.
pub const STATE_LIMIT: u64 = 64 * 1024 * 1024;
/// A Backend API response body.
pub const API_BODY_LIMIT: u64 = 16 * 1024 * 1024;
/// A project file clerkctl reads (`clerkctl.toml`, `.env` files, JWT template files).
pub const CONFIG_LIMIT: u64 = 1024 * 1024;
/// How long a file that is not a regular file (a FIFO, a pipe) may take to deliver its input.
pub const SPECIAL_FILE_WAIT: Duration = Duration::from_secs(10);

/// The suffix of clerkctl's temporary files.
const TEMP_SUFFIX: &str = ".clerkctl-tmp";

/// What to do when the target is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    /// Write into it as it is (`--junit /dev/stdout`, `--out /dev/null`, a FIFO).
    InPlace,
    /// Refuse: only a regular file will do (state files, project files).
    Refuse,
}

/// How a file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteMode {
    /// The contents are secret: owner-only permissions, whatever the old file had.
    pub secret: bool,
    /// A target that is not a regular file.
    pub special: Special,
}

impl WriteMode {
    /// A report or generated output: special files written in place.
    pub const OUTPUT: WriteMode = WriteMode {
        secret: false,
        special: Special::InPlace,
    };
    /// A file in the user's project: regular files only.
    pub const PROJECT: WriteMode = WriteMode {
        secret: false,
        special: Special::Refuse,
    };
    /// A file holding a secret (the emulator's state): owner-only, regular files only.
    pub const SECRET: WriteMode = WriteMode {
        secret: true,
        special: Special::Refuse,
    };
}

/// Where a write to `path` lands: `path` itself, or the end of its chain of symlinks. A dangling
/// symlink resolves to the file it names (which the write then creates).
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "`{}`: too many levels of symbolic links",
        path.display()
    )))
}

/// True when `path` must be written in place: it exists and is not a regular file, or it names
/// a process's file descriptor (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/PID/fd/N`),
/// whose open file a rename would not reach.
fn is_special(path: &Path) -> io::Result<bool> {
    let descriptor = path.starts_with("/dev/fd")
        || path == Path::new("/dev/stdout")
        || path == Path::new("/dev/stderr")
        || (path.starts_with("/proc") && path.components().any(|c| c.as_os_str() == "fd"));
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            format!("`{}` is a directory", path.display()),
        )),
        Ok(meta) => Ok(descriptor || !meta.is_file()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// Write `contents` to `path` (see the module header). Parent directories are created as needed.
pub fn write_atomic(path: &Path, contents: &[u8], mode: WriteMode) -> io::Result<()> {
    if is_special(path)? {
        if mode.special == Special::Refuse {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "`{}` is not a regular file (a device, FIFO or socket)",
                    path.display()
                ),
            ));
        }
        // This process's own stdout or stderr: through its descriptor, so the bytes land where
        // the rest of the output goes (a file opened again would have an offset of its own).
        match path.to_str() {
            Some("/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1") => {
                let mut out = io::stdout().lock();
                out.write_all(contents)?;
                return out.flush();
            }
            Some("/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2") => {
                let mut err = io::stderr().lock();
                err.write_all(contents)?;
                return err.flush();
            }
            _ => {}
        }
        // Opening follows every link, the kernel's `/proc/self/fd` ones included. Append: a
        // regular file behind another descriptor keeps what was already written to it.
        let mut file = OpenOptions::new().append(true).open(path)?;
        file.write_all(contents)?;
        return file.flush();
    }
    let target = resolve(path)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let name = target
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let existing = std::fs::metadata(&target).ok().map(|m| m.permissions());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX).rand_bytes(12);
    #[cfg(unix)]
    builder.permissions(new_file_permissions(mode.secret));
    let mut tmp = builder.tempfile_in(&dir)?;
    tmp.write_all(contents)?;
    if let (Some(perms), false) = (existing, mode.secret) {
        // Keep the mode of a file being replaced (an executable script stays executable).
        tmp.as_file().set_permissions(perms)?;
    }
    tmp.as_file().sync_all()?;
    // On failure the temporary file is removed when `tmp` (returned in the error) is dropped.
    tmp.persist(&target).map_err(|e| e.error)?;
    // Make the rename itself durable; not every platform can open a directory, so best effort.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(unix)]
fn new_file_permissions(secret: bool) -> Permissions {
    use std::os::unix::fs::PermissionsExt as _;
    // The umask applies to the mode given at creation, as for any new file.
    Permissions::from_mode(if secret { 0o600 } else { 0o666 })
}

/// Remove the temporary files a killed clerkctl left beside `path` (its own, and those of
/// earlier versions: `.NAME.tmp-PID` for state files, `.NAME.clerkctl-XXXXXX.tmp` for others). Call only where no other clerkctl can be
/// writing `path` (the emulator holds the state file's lock). Returns how many were removed.
pub fn remove_stale_temps(path: &Path) -> usize {
    let Ok(target) = resolve(path) else {
        return 0;
    };
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        return 0;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let name = name.to_string_lossy();
    let ours = format!(".{name}.");
    let legacy = format!(".{name}.tmp-");
    let legacy_project = format!(".{name}.clerkctl-");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let stale = (file.starts_with(&ours) && file.ends_with(TEMP_SUFFIX))
            || (file.starts_with(&legacy_project) && file.ends_with(".tmp"))
            || file
                .strip_prefix(&legacy)
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        let regular = entry
            .file_type()
            .is_ok_and(|t| t.is_file() || t.is_symlink());
        if stale && regular && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Past its size limit.
    #[error("larger than the {} limit", human_size(*limit))]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// A FIFO or pipe delivered nothing complete in time.
    #[error("no end of input within {} s (a FIFO nobody writes to?)", wait.as_secs())]
    TimedOut {
        /// How long it waited.
        wait: Duration,
    },
    /// The operating system's error.
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl ReadError {
    /// True when the file does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }
}

/// `1 MiB`, `64 KiB`, `512 bytes`.
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// Read all of `reader`, but never more than `limit` bytes.
pub fn read_limited(reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Read the file at `path`, at most `limit` bytes. A regular file larger than the limit is
/// refused without reading it; any other file (FIFO, pipe, device) must deliver its input within
/// `wait`.
pub fn read_file_limited(path: &Path, limit: u64, wait: Duration) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(ReadError::Io(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory",
        )));
    }
    if meta.is_file() {
        if meta.len() > limit {
            return Err(ReadError::TooLarge { limit });
        }
        return read_limited(File::open(path)?, limit);
    }
    // Opening a FIFO blocks until a writer comes, and reading it until the writer is done: do
    // both on a thread that is abandoned (blocked in the kernel, costing nothing) past `wait`.
    let (done, result) = std::sync::mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::Builder::new()
        .name("clerkctl-read".into())
        .spawn(move || {
            let read = File::open(&owned)
                .map_err(ReadError::Io)
                .and_then(|f| read_limited(f, limit));
            let _ = done.send(read);
        })?;
    result
        .recv_timeout(wait)
        .unwrap_or(Err(ReadError::TimedOut { wait }))
}

/// [`read_file_limited`] as UTF-8 text.
pub fn read_text_limited(path: &Path, limit: u64) -> Result<String, ReadError> {
    let bytes = read_file_limited(path, limit, SPECIAL_FILE_WAIT)?;
    String::from_utf8(bytes).map_err(|e| {
        ReadError::Io(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("byte {} is not UTF-8 text", e.utf8_error().valid_up_to()),
        ))
    })
}

/// A file in the user's project that clerkctl may rewrite: a regular file of at most
/// [`CONFIG_LIMIT`] bytes (anything else is an error: a device or FIFO is never a project file).
pub fn read_project_file(path: &Path) -> io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "`{}` is not a regular file (a directory, device, FIFO or socket)",
                path.display()
            ),
        ));
    }
    read_file_limited(path, CONFIG_LIMIT, SPECIAL_FILE_WAIT).map_err(|e| match e {
        ReadError::Io(io) => io,
        other => io::Error::new(io::ErrorKind::InvalidData, other.to_string()),
    })
}

/// Why a response body could not be read.
#[derive(Debug)]
pub enum BodyError {
    /// Past the limit (by `Content-Length`, or counted as chunks arrived).
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The transfer failed.
    Http(reqwest::Error),
}

/// Read a response body, at most `limit` bytes, chunk by chunk (a chunked body that never ends
/// stops at the limit, not at the request timeout).
pub async fn read_body_limited(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Vec<u8>, BodyError> {
    if response.content_length().is_some_and(|n| n > limit) {
        return Err(BodyError::TooLarge { limit });
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Http)? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(BodyError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temps(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(TEMP_SUFFIX))
            .collect()
    }

    #[test]
    fn replaces_a_regular_file_and_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.sh");
        write_atomic(&path, b"one", WriteMode::PROJECT).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, Permissions::from_mode(0o751)).unwrap();
            write_atomic(&path, b"two", WriteMode::PROJECT).unwrap();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o751);
            write_atomic(&path, b"three", WriteMode::SECRET).unwrap();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "a secret is owner-only");
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "three");
        assert!(temps(path.parent().unwrap()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn follows_a_symlink_and_never_replaces_it() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        write_atomic(&link, b"new", WriteMode::SECRET).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        // A dangling link: the file it names is created, the link stays.
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("sub/made.txt"), &dangling).unwrap();
        write_atomic(&dangling, b"made", WriteMode::OUTPUT).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("sub/made.txt")).unwrap(),
            "made"
        );
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_written_in_place_or_refused() {
        let dir = tempfile::tempdir().unwrap();
        // A null device of our own (root only), so a regression cannot replace the machine's.
        let null = dir.path().join("null");
        let made = std::process::Command::new("mknod")
            .args([null.as_os_str(), "c".as_ref(), "1".as_ref(), "3".as_ref()])
            .status();
        if made.is_ok_and(|s| s.success()) {
            write_atomic(&null, b"gone", WriteMode::OUTPUT).unwrap();
            let meta = std::fs::symlink_metadata(&null).unwrap();
            assert!(!meta.is_file(), "the null device is still a device");
        } else {
            eprintln!("SKIPPED: writing into a device needs root (mknod)");
        }
        let err = write_atomic(Path::new("/dev/null"), b"x", WriteMode::SECRET).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        assert!(write_atomic(dir.path(), b"x", WriteMode::OUTPUT).is_err());
        // A FIFO with a reader receives the bytes; the FIFO stays a FIFO.
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let reader_path = fifo.clone();
            let reader = std::thread::spawn(move || std::fs::read(reader_path).unwrap());
            write_atomic(&fifo, b"through", WriteMode::OUTPUT).unwrap();
            assert_eq!(reader.join().unwrap(), b"through");
            let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
            assert!(std::os::unix::fs::FileTypeExt::is_fifo(&kind));
            assert!(write_atomic(&fifo, b"x", WriteMode::PROJECT).is_err());
        }
    }

    #[cfg(unix)]
    #[test]
    fn only_descriptor_paths_count_as_special() {
        assert!(is_special(Path::new("/dev/stdout")).unwrap_or(true));
        assert!(is_special(Path::new("/proc/self/fd/1")).unwrap_or(true));
        let shm = Path::new("/dev/shm");
        if shm.is_dir() {
            let dir = tempfile::tempdir_in(shm).unwrap();
            let path = dir.path().join("report.xml");
            std::fs::write(&path, "old").unwrap();
            assert!(!is_special(&path).unwrap());
            write_atomic(&path, b"new", WriteMode::OUTPUT).unwrap();
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        }
    }

    #[test]
    fn stale_temps_of_this_file_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        for stale in [
            ".s.json.a1B2c3D4e5F6.clerkctl-tmp",
            ".s.json.tmp-4242",
            ".s.json.clerkctl-0a1b2c3d4e5f.tmp",
            ".other.json.a1B2c3D4e5F6.clerkctl-tmp",
            ".s.json.tmp-notapid",
            "s.json",
        ] {
            std::fs::write(dir.path().join(stale), "sk_test_x").unwrap();
        }
        assert_eq!(remove_stale_temps(&path), 3);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".other.json.a1B2c3D4e5F6.clerkctl-tmp",
                ".s.json.tmp-notapid",
                "s.json"
            ]
        );
    }

    #[test]
    fn reads_are_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        std::fs::write(&path, vec![b'a'; 100]).unwrap();
        assert_eq!(
            read_file_limited(&path, 100, SPECIAL_FILE_WAIT)
                .unwrap()
                .len(),
            100
        );
        assert!(matches!(
            read_file_limited(&path, 99, SPECIAL_FILE_WAIT),
            Err(ReadError::TooLarge { limit: 99 })
        ));
        assert!(matches!(
            read_limited(std::io::repeat(0), 1000),
            Err(ReadError::TooLarge { limit: 1000 })
        ));
        #[cfg(unix)]
        assert!(matches!(
            read_file_limited(Path::new("/dev/zero"), 4096, SPECIAL_FILE_WAIT),
            Err(ReadError::TooLarge { limit: 4096 })
        ));
        assert_eq!(human_size(KEY_LIMIT), "64 KiB");
        assert_eq!(human_size(JWKS_LIMIT), "1 MiB");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_nobody_writes_to_times_out() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("SKIPPED: mkfifo is not available");
            return;
        }
        let started = std::time::Instant::now();
        let wait = Duration::from_millis(300);
        assert!(matches!(
            read_file_limited(&fifo, 10, wait),
            Err(ReadError::TimedOut { .. })
        ));
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
