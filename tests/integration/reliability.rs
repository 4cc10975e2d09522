//! What clerkctl writes (never replacing what is not a regular file of its own), what it reads
//! (every input bounded), the state file's lock, and failures reported as they should be.

use std::io::{Read as _, Write as _};
use std::os::unix::fs::FileTypeExt as _;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{clerkctl, tempdir};
use crate::emulator_cli::spawn;

/// A syntactically valid RS256 token (its signature is not).
const TOKEN: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18xIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1c2VyXzEiLCJpc3MiOiJodHRwczovL2NsZXJrLmV4YW1wbGUudGVzdCIsImV4cCI6NDEwMjQ0NDgwMCwiaWF0IjoxNzAwMDAwMDAwfQ.c2ln";

/// One quick `clerkctl test` run on the embedded emulator.
const QUICK_RUN: [&str; 5] = ["test", "basic", "--filter", "jwks", "--emulator"];

/// Run clerkctl in `dir` with `args`, expect exit `code`, and return stderr.
fn exits(dir: &Path, args: &[&str], code: i32) -> String {
    let out = clerkctl(dir)
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    stderr
}

/// A FIFO `name` in `dir`; `None` (with a loud SKIPPED line) where `mkfifo` is missing.
fn fifo_in(dir: &Path, name: &str) -> Option<std::path::PathBuf> {
    let path = dir.join(name);
    let made = std::process::Command::new("mkfifo").arg(&path).status();
    if made.is_ok_and(|s| s.success()) {
        Some(path)
    } else {
        eprintln!("SKIPPED: mkfifo is not available");
        None
    }
}

/// Read a FIFO on a thread; `None` when nothing arrived in time.
fn read_fifo(path: &Path, wait: Duration) -> Option<Vec<u8>> {
    let (tx, rx) = std::sync::mpsc::channel();
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(std::fs::read(path).ok());
    });
    rx.recv_timeout(wait).ok().flatten()
}

/// `--junit` into a FIFO: the reader gets the XML and the FIFO stays a FIFO (a rename used to
/// replace it with a regular file, leaving the reader waiting forever).
#[test]
fn junit_into_a_fifo_is_written_in_place() {
    let dir = tempdir();
    let Some(fifo) = fifo_in(dir.path(), "report.fifo") else {
        return;
    };
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || read_fifo(&reader_path, Duration::from_secs(60)));
    exits(
        dir.path(),
        &[&QUICK_RUN[..], &["--junit", "report.fifo"]].concat(),
        0,
    );
    let xml = reader
        .join()
        .unwrap()
        .expect("the FIFO's reader got the report");
    assert!(String::from_utf8_lossy(&xml).contains("<testsuites"));
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "still a FIFO");
}

/// `--junit` through a symlink writes the file it points to; the link stays a link.
#[test]
fn junit_through_a_symlink_writes_its_target() {
    let dir = tempdir();
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    std::os::unix::fs::symlink("reports/junit.xml", dir.path().join("link.xml")).unwrap();
    clerkctl(dir.path())
        .args(QUICK_RUN)
        .args(["--junit", "link.xml"])
        .assert()
        .code(0);
    let link = std::fs::symlink_metadata(dir.path().join("link.xml")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was not replaced");
    let xml = std::fs::read_to_string(dir.path().join("reports/junit.xml")).unwrap();
    assert!(xml.contains("<testsuites"));
}

/// `--junit /dev/null` and `--junit /dev/stdout`, as root: run in a private mount namespace with
/// its own `/dev` (a tmpfs holding a null device and the `stdout` link), so a regression cannot
/// replace the machine's devices. The device stays a device, the link a link, and the XML
/// reaches stdout.
#[test]
fn junit_to_dev_null_and_dev_stdout_as_root() {
    let bin = assert_cmd::cargo::cargo_bin("clerkctl");
    let dir = tempdir();
    let script = r#"
set -e
mount -t tmpfs tmpfs /dev
mknod -m 666 /dev/null c 1 3
mknod -m 666 /dev/urandom c 1 9
ln -s /proc/self/fd/1 /dev/stdout
"$BIN" test basic --filter jwks --emulator --junit /dev/null > "$DIR/null.out" 2>&1
test -c /dev/null && echo "null: still a device"
"$BIN" test basic --filter jwks --emulator --junit /dev/stdout > "$DIR/stdout.out" 2>&1
test -L /dev/stdout && echo "stdout: still a link"
"#;
    let probe = std::process::Command::new("unshare")
        .args(["-m", "true"])
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI runs as root: unshare -m must work"
        );
        eprintln!("SKIPPED: needs root for a private mount namespace (unshare -m)");
        return;
    }
    let out = std::process::Command::new("unshare")
        .args(["-m", "--propagation", "private", "sh", "-c", script])
        .env("BIN", &bin)
        .env("DIR", dir.path())
        .env("NO_COLOR", "1")
        .env_remove("CLERK_SECRET_KEY")
        .env_remove("CLERK_API_URL")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    let null_out = std::fs::read_to_string(dir.path().join("null.out")).unwrap_or_default();
    let stdout_out = std::fs::read_to_string(dir.path().join("stdout.out")).unwrap_or_default();
    assert!(
        out.status.success(),
        "{said}\n{}\nnull: {null_out}\nstdout: {stdout_out}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("null: still a device"), "{said}");
    assert!(said.contains("stdout: still a link"), "{said}");
    assert!(stdout_out.contains("<testsuites"), "{stdout_out}");
    assert!(stdout_out.contains("passed"), "the text report is kept");
}

/// A second emulator on the same state file exits 2 naming the first (pid and URL); the first
/// keeps serving.
#[test]
fn a_second_emulator_on_the_same_state_file_is_refused() {
    let dir = tempdir();
    let first = spawn(dir.path(), &["--state", "s.json"]);
    let started = Instant::now();
    let stderr = exits(dir.path(), &["emulator", "--state", "s.json"], 2);
    let pid = first.child.id();
    assert!(
        stderr.contains(&format!(
            "in use by another clerkctl emulator (pid {pid}, serving {})",
            first.api_url
        )),
        "{stderr}"
    );
    assert!(stderr.contains("hint: "), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(10));
    drop(first);
    // Once the holder is gone (even by kill -9), the file is free again.
    let again = spawn(dir.path(), &["--state", "s.json"]);
    assert!(again.api_url.starts_with("http://127.0.0.1:"));
}

/// Temporary files a killed writer left beside the state file (they hold the secret key) are
/// removed when an emulator next takes the file; other files are not.
#[test]
fn stale_temporary_state_files_are_removed_at_start() {
    let dir = tempdir();
    let stale = [".s.json.tmp-4242", ".s.json.Ab3dE6gH9jK2.clerkctl-tmp"];
    for name in stale {
        std::fs::write(dir.path().join(name), "sk_test_leftover").unwrap();
    }
    std::fs::write(dir.path().join(".t.json.tmp-4242"), "not ours").unwrap();
    let _running = spawn(dir.path(), &["--state", "s.json"]);
    for name in stale {
        assert!(!dir.path().join(name).exists(), "{name} was removed");
    }
    assert!(dir.path().join(".t.json.tmp-4242").exists());
    assert!(dir.path().join("s.json").is_file());
}

/// An empty state file is not treated as a new instance and overwritten: exit 2, file kept.
#[test]
fn an_empty_state_file_is_refused() {
    let dir = tempdir();
    std::fs::write(dir.path().join("s.json"), "").unwrap();
    let stderr = exits(dir.path(), &["emulator", "--state", "s.json"], 2);
    assert!(stderr.contains("is empty"), "{stderr}");
    assert_eq!(std::fs::read(dir.path().join("s.json")).unwrap(), b"");
}

/// The state file is written through a symlink to its target; the link stays.
#[test]
fn a_symlinked_state_file_keeps_its_link() {
    let dir = tempdir();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::os::unix::fs::symlink("data/state.json", dir.path().join("s.json")).unwrap();
    drop(spawn(dir.path(), &["--state", "s.json"]));
    let link = std::fs::symlink_metadata(dir.path().join("s.json")).unwrap();
    assert!(link.file_type().is_symlink());
    let text = std::fs::read_to_string(dir.path().join("data/state.json")).unwrap();
    assert!(text.contains("\"format\""), "{text}");
}

/// Endless inputs stop at their limit with exit 2, at once.
#[test]
fn endless_inputs_are_refused_past_their_limit() {
    let dir = tempdir();
    let cases: [(&[&str], &str, &str); 4] = [
        (&["verify", "--key", "@/dev/zero", TOKEN], "", "64 KiB"),
        (&["verify", "--jwks", "/dev/zero", TOKEN], "", "1 MiB"),
        (&["verify", TOKEN], "@/dev/zero", "64 KiB"),
        (
            &["emulator", "--state", "/dev/zero"],
            "",
            "not a regular file",
        ),
    ];
    for (args, jwt_key, expected) in cases {
        let mut cmd = clerkctl(dir.path());
        cmd.args(args).timeout(Duration::from_secs(20));
        if !jwt_key.is_empty() {
            cmd.env("CLERK_JWT_KEY", jwt_key);
        }
        let started = Instant::now();
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(started.elapsed() < Duration::from_secs(10), "{args:?}");
    }
    let zeros = std::fs::File::open("/dev/zero").unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("clerkctl"))
        .arg("decode")
        .current_dir(dir.path())
        .stdin(zeros)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("larger than the 4 MiB limit"), "{stderr}");
}

/// `--key @FIFO` that nobody writes to: exit 2 after the wait, not a hang.
#[test]
fn a_key_fifo_nobody_writes_to_does_not_hang() {
    let dir = tempdir();
    if fifo_in(dir.path(), "key.fifo").is_none() {
        return;
    }
    let stderr = exits(dir.path(), &["verify", "--key", "@key.fifo", TOKEN], 2);
    assert!(stderr.contains("no end of input within 10 s"), "{stderr}");
}

/// A server on 127.0.0.1 answering every request with an endless body: chunked, or a
/// `Content-Length` of 1 GiB it then streams.
fn endless_server(chunked: bool) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            std::thread::spawn(move || {
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                let head = if chunked {
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".to_string()
                } else {
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1073741824\r\n\r\n".to_string()
                };
                if stream.write_all(head.as_bytes()).is_err() {
                    return;
                }
                let block = vec![b' '; 64 * 1024];
                let chunk = if chunked {
                    let mut c = format!("{:x}\r\n", block.len()).into_bytes();
                    c.extend_from_slice(&block);
                    c.extend_from_slice(b"\r\n");
                    c
                } else {
                    block
                };
                // Bounded: 1 GiB at most, and it stops as soon as the client goes away.
                for _ in 0..16 * 1024 {
                    if stream.write_all(&chunk).is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

/// A remote JWKS larger than its limit (announced or chunked without end): exit 3 within
/// seconds, not after gigabytes.
#[test]
fn an_endless_remote_jwks_stops_at_its_limit() {
    let dir = tempdir();
    for chunked in [false, true] {
        let port = endless_server(chunked);
        let started = Instant::now();
        let url = format!("http://127.0.0.1:{port}/jwks.json");
        let stderr = exits(dir.path(), &["verify", "--jwks", &url, TOKEN], 3);
        assert!(
            stderr.contains("larger than the 1 MiB limit"),
            "chunked={chunked}: {stderr}"
        );
        assert!(started.elapsed() < Duration::from_secs(10));
    }
}

/// A stderr whose reader is gone (EPIPE) or that is closed (`2>&-`): errors have nowhere to
/// go, but the exit code is still the documented one (with EPIPE it was 101, a panic in the
/// error printer).
#[test]
fn a_closed_stderr_does_not_panic() {
    let bin = assert_cmd::cargo::cargo_bin("clerkctl");
    let dir = tempdir();
    for (args, code) in [("decode not-a-token", 1), ("emulator --secret-key nope", 2)] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let status = std::process::Command::new(&bin)
            .args(args.split(' '))
            .current_dir(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(writer)
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(code), "{args}, broken pipe");
        let out = std::process::Command::new("sh")
            .args(["-c", &format!("exec \"$BIN\" {args} 2>&-")])
            .env("BIN", &bin)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{args}, closed");
    }
}

/// `--secret-key nope` is a configuration error (exit 2) whose hint is about the key.
#[test]
fn a_bad_emulator_secret_key_is_a_usage_error_about_the_key() {
    let dir = tempdir();
    let stderr = exits(dir.path(), &["emulator", "--secret-key", "nope"], 2);
    assert!(stderr.contains("hint: `--secret-key` takes"), "{stderr}");
    assert!(!stderr.contains("--port"), "{stderr}");
}

/// A key or URL with a space or line break is exit 2 at once, not "unreachable" after retries.
#[test]
fn whitespace_in_a_key_or_url_is_a_usage_error_at_once() {
    let dir = tempdir();
    let cases = [
        ("sk_test_abc\ndef", "http://127.0.0.1:9"),
        ("sk_test_abc def", "http://127.0.0.1:9"),
        ("sk_test_abcdef", "http://127.0.0 .1:9"),
    ];
    for (key, url) in cases {
        let started = Instant::now();
        let out = clerkctl(dir.path())
            .args(["test", "basic"])
            .env("CLERK_SECRET_KEY", key)
            .env("CLERK_API_URL", url)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{key:?} {url:?}: {stderr}");
        assert!(started.elapsed() < Duration::from_secs(3), "{stderr}");
        assert!(!stderr.contains("sk_test_abc"), "no secret: {stderr}");
    }
}
