//! README.md's shell blocks run as written.
//!
//! A fenced `sh` or `console` block is run when the line before its fence is a marker (an HTML
//! comment, invisible on GitHub):
//!
//! ```text
//! <!-- readme-test: offline -->                      run every command of the block
//! <!-- readme-test: offline skip="pbpaste" -->       …except lines containing `pbpaste` (repeatable)
//! <!-- readme-test: offline exit=0,1 -->             …allowing these exit codes (default 0)
//! <!-- readme-test: manual REASON -->                 not runnable offline; REASON says why
//! ```
//!
//! Every command of a `sh` block is run; in a `console` block, the lines after `$ `. Lines
//! ending in `\` continue on the next. Each block runs in one `bash` (so `eval`'s exports carry
//! to the next line), in a fresh directory, with stdin from `/dev/null`, and must finish within
//! [`BLOCK_TIMEOUT`]; a failure names the README line, the command and the block's output. Blocks
//! without a marker are listed, not run: adding a block never breaks this test, marking it makes
//! it part of it.
//!
//! What a block may rely on (the fixtures):
//! - `clerkctl` on `PATH` (this build);
//! - a running `clerkctl emulator` with `https://app.example.com` as authorized party:
//!   `CLERK_API_URL`, `CLERK_SECRET_KEY`, `CLERK_PUBLISHABLE_KEY`, and `CLERK_JWT_KEY` (its
//!   public key, PEM);
//! - `TOKEN`: a session token of a user of that emulator, valid for an hour;
//! - in the working directory: `pub.pem` (= `CLERK_JWT_KEY`), `private.pem` (its signing key),
//!   `jwks.json`, `tokens.txt` (`TOKEN`, one line), and Backend API objects `user.json`,
//!   `org.json`, `m.json` (an organization membership).
//!
//! Substitutions, so that a fixed address in README never collides with a port in use:
//! [`SUBSTITUTIONS`].

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A block that runs longer than this has hung (the bug this test was written for).
const BLOCK_TIMEOUT: Duration = Duration::from_secs(180);

/// `(as written in README, as run)`; `{API}` is the fixture emulator's URL.
const SUBSTITUTIONS: &[(&str, &str)] = &[
    ("--port 4000", "--port 0"),
    ("http://127.0.0.1:8787", "{API}"),
];

/// The marked blocks README must keep (a marker lost in an edit fails here, not silently).
const MIN_OFFLINE_BLOCKS: usize = 6;

#[derive(Debug)]
struct Block {
    /// 1-based line of the fence.
    line: usize,
    /// `(README line, command)`.
    commands: Vec<(usize, String)>,
    skip: Vec<String>,
    exit: Vec<i32>,
}

/// The marker's `key="value"` / `key=value` options.
fn options(marker: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = marker;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq]
            .split_whitespace()
            .last()
            .unwrap_or_default()
            .to_string();
        let after = &rest[eq + 1..];
        let (value, tail) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted
                .find('"')
                .expect("a closing quote in the readme-test marker");
            (&quoted[..end], &quoted[end + 1..])
        } else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        out.push((key, value.to_string()));
        rest = tail;
    }
    out
}

/// The blocks of `readme`: marked offline ones, and the line numbers of unmarked ones.
fn parse(readme: &str) -> (Vec<Block>, Vec<usize>) {
    let lines: Vec<&str> = readme.lines().collect();
    let mut blocks = Vec::new();
    let mut unmarked = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let fence = lines[i].trim_start();
        let lang = fence.strip_prefix("```").map(str::trim);
        let Some(lang @ ("sh" | "console" | "bash")) = lang else {
            if fence.starts_with("```") {
                // Skip over any other fenced block (JSON, text…).
                i += 1;
                while i < lines.len() && !lines[i].trim_start().starts_with("```") {
                    i += 1;
                }
            }
            i += 1;
            continue;
        };
        let marker = i
            .checked_sub(1)
            .map(|j| lines[j].trim())
            .and_then(|l| l.strip_prefix("<!-- readme-test:"))
            .and_then(|l| l.strip_suffix("-->"))
            .map(str::trim);
        let start = i + 1;
        let mut end = start;
        while end < lines.len() && !lines[end].trim_start().starts_with("```") {
            end += 1;
        }
        match marker {
            Some(m) if m.starts_with("offline") => {
                let mut block = Block {
                    line: i + 1,
                    commands: Vec::new(),
                    skip: Vec::new(),
                    exit: vec![0],
                };
                for (key, value) in options(m.trim_start_matches("offline")) {
                    match key.as_str() {
                        "skip" => block.skip.push(value),
                        "exit" => {
                            block.exit = value
                                .split(',')
                                .map(|c| c.trim().parse().expect("exit=CODES"))
                                .collect();
                        }
                        other => panic!("README.md:{i}: unknown readme-test option `{other}`"),
                    }
                }
                let mut pending: Option<(usize, String)> = None;
                for (n, raw) in lines.iter().enumerate().take(end).skip(start) {
                    let text = match (&pending, lang) {
                        (Some(_), _) | (None, "sh" | "bash") => Some(*raw),
                        (None, _) => raw.strip_prefix("$ "),
                    };
                    let Some(text) = text else { continue };
                    let (first, mut command) = pending.take().unwrap_or((n + 1, String::new()));
                    let text = if command.is_empty() {
                        text
                    } else {
                        text.trim_start()
                    };
                    match text.trim_end().strip_suffix('\\') {
                        Some(head) => {
                            command.push_str(head.trim_end());
                            command.push(' ');
                            pending = Some((first, command));
                        }
                        None => {
                            command.push_str(text);
                            if !command.trim().is_empty() && !command.trim().starts_with('#') {
                                block.commands.push((first, command));
                            }
                        }
                    }
                }
                blocks.push(block);
            }
            Some(_) => {}
            None => unmarked.push(i + 1),
        }
        i = end + 1;
    }
    (blocks, unmarked)
}

/// The block as a bash script: each command, then its exit code checked against the allowed
/// ones; a `--background` emulator the block leaves running is stopped on exit.
fn script(block: &Block, api_url: &str) -> String {
    let allowed = block
        .exit
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ");
    let mut s = String::from(
        "trap '[ -n \"${CLERKCTL_EMULATOR_PID:-}\" ] && kill \"$CLERKCTL_EMULATOR_PID\" 2>/dev/null' EXIT\n",
    );
    for (line, command) in &block.commands {
        if block.skip.iter().any(|k| command.contains(k.as_str())) {
            continue;
        }
        let mut run = command.clone();
        for (from, to) in SUBSTITUTIONS {
            run = run.replace(from, &to.replace("{API}", api_url));
        }
        let shown = command.replace('\'', "'\\''");
        s.push_str(&format!(
            "echo '+ README.md:{line}: {shown}' >&2\n{run}\n__rc=$?\ncase \" {allowed} \" in *\" $__rc \"*) ;; *) echo 'README.md:{line} exited '$__rc': {shown}' >&2; exit 97;; esac\n"
        ));
    }
    s
}

/// A running `clerkctl emulator --background`, stopped on drop.
struct Fixture {
    api_url: String,
    secret: String,
    publishable: String,
    pid: u32,
    token: String,
    public_pem: String,
    private_pem: String,
    jwks: String,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.pid.to_string()).status();
    }
}

fn fixture(dir: &Path) -> Fixture {
    let out = crate::common::clerkctl(dir)
        .args([
            "emulator",
            "--background",
            "--output",
            "json",
            "--port",
            "0",
            "--authorized-party",
            "https://app.example.com",
        ])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ready: Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    let text = |k: &str| ready[k].as_str().unwrap_or_default().to_string();
    let (api_url, secret) = (text("api_url"), text("secret_key"));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (token, state, jwks) = rt.block_on(async {
        let c = reqwest::Client::new();
        let call = |method: reqwest::Method, path: &str, body: Option<Value>| {
            let mut req = c
                .request(method, format!("{api_url}{path}"))
                .bearer_auth(&secret);
            if let Some(body) = body {
                req = req.json(&body);
            }
            async move { req.send().await.unwrap().text().await.unwrap() }
        };
        let post = reqwest::Method::POST;
        let user: Value = serde_json::from_str(
            &call(
                post.clone(),
                "/v1/users",
                Some(json!({"email_address": ["readme@example.com"], "first_name": "Ada"})),
            )
            .await,
        )
        .unwrap();
        let session: Value = serde_json::from_str(
            &call(
                post.clone(),
                "/v1/sessions",
                Some(json!({"user_id": user["id"]})),
            )
            .await,
        )
        .unwrap();
        let sid = session["id"].as_str().unwrap();
        let token: Value = serde_json::from_str(
            &call(
                post,
                &format!("/v1/sessions/{sid}/tokens"),
                Some(json!({"expires_in_seconds": 3600})),
            )
            .await,
        )
        .unwrap();
        let state: Value =
            serde_json::from_str(&call(reqwest::Method::GET, "/__clerkctl/state", None).await)
                .unwrap();
        let jwks = call(reqwest::Method::GET, "/v1/jwks", None).await;
        (token["jwt"].as_str().unwrap().to_string(), state, jwks)
    });
    let key = &state["keys"][0];
    let private_pem = key["private_key_pem"].as_str().unwrap().to_string();
    let public_pem =
        clerkctl::jwt::sign::SigningKey::from_pkcs8_pem(key["kid"].as_str().unwrap(), &private_pem)
            .unwrap()
            .public_pem();
    Fixture {
        api_url,
        secret,
        publishable: text("publishable_key"),
        pid: u32::try_from(ready["pid"].as_u64().unwrap()).unwrap(),
        token,
        public_pem,
        private_pem,
        jwks,
    }
}

fn write_fixture_files(dir: &Path, f: &Fixture) {
    let files = [
        ("pub.pem", f.public_pem.clone()),
        ("private.pem", f.private_pem.clone()),
        ("jwks.json", f.jwks.clone()),
        ("tokens.txt", format!("{}\n", f.token)),
        (
            "user.json",
            json!({"object": "user", "id": "user_2readme", "first_name": "Ada", "last_name": "Lovelace",
                   "username": null, "primary_email_address_id": "idn_1",
                   "email_addresses": [{"id": "idn_1", "email_address": "ada@example.com",
                                        "verification": {"status": "verified"}}],
                   "public_metadata": {"role": "admin", "plan": "pro"}, "private_metadata": {},
                   "unsafe_metadata": {}})
            .to_string(),
        ),
        (
            "org.json",
            json!({"object": "organization", "id": "org_2readme", "name": "Acme", "slug": "acme",
                   "public_metadata": {}})
            .to_string(),
        ),
        (
            "m.json",
            json!({"object": "organization_membership", "id": "orgmem_2readme", "role": "org:admin",
                   "permissions": ["org:sys_memberships:manage"], "public_metadata": {}})
            .to_string(),
        ),
    ];
    for (name, contents) in files {
        std::fs::write(dir.join(name), contents).unwrap();
    }
}

/// Run `script` in `dir` with the fixtures' environment; `Err(output)` on failure or timeout.
fn run_block(dir: &Path, script: &str, f: &Fixture) -> Result<(), String> {
    let bin = assert_cmd::cargo::cargo_bin("clerkctl");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let log = dir.join(".readme-test.log");
    let mut cmd = Command::new("bash");
    cmd.arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("CLERK_API_URL", &f.api_url)
        .env("CLERK_SECRET_KEY", &f.secret)
        .env("CLERK_PUBLISHABLE_KEY", &f.publishable)
        .env("CLERK_JWT_KEY", &f.public_pem)
        .env("TOKEN", &f.token)
        .env_remove("NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY")
        .env_remove("CLERK_API_VERSION")
        .env_remove("CLERKCTL_COLOR")
        .env_remove("GITHUB_ACTIONS")
        .stdin(Stdio::null())
        .stdout(Stdio::from(std::fs::File::create(&log).unwrap()))
        .stderr(Stdio::from(
            std::fs::OpenOptions::new().append(true).open(&log).unwrap(),
        ));
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd.spawn().expect("bash runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > BLOCK_TIMEOUT {
            // The whole process group: whatever the block started in the foreground.
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut output = String::new();
    let _ = std::fs::File::open(&log).and_then(|mut f| f.read_to_string(&mut output));
    match status {
        Some(s) if s.success() => Ok(()),
        Some(_) => Err(output),
        None => Err(format!(
            "{output}\n(hung: still running after {} s)",
            BLOCK_TIMEOUT.as_secs()
        )),
    }
}

fn readme_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")
}

#[test]
fn parses_markers_commands_and_continuations() {
    let readme = "intro\n<!-- readme-test: offline skip=\"pbpaste\" exit=0,1 -->\n```sh\nclerkctl a   # note\n# a comment\npbpaste | clerkctl b\nclerkctl c \\\n  --flag\n```\n\n```sh\nclerkctl unmarked\n```\n<!-- readme-test: manual needs a browser -->\n```console\n$ clerkctl d\noutput\n```\n<!-- readme-test: offline -->\n```console\n$ clerkctl e\nexport X=1\n```\n";
    let (blocks, unmarked) = parse(readme);
    assert_eq!(unmarked, vec![11]);
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].skip, vec!["pbpaste"]);
    assert_eq!(blocks[0].exit, vec![0, 1]);
    let commands: Vec<(usize, &str)> = blocks[0]
        .commands
        .iter()
        .map(|(n, c)| (*n, c.as_str()))
        .collect();
    assert_eq!(
        commands,
        [
            (4, "clerkctl a   # note"),
            (6, "pbpaste | clerkctl b"),
            (7, "clerkctl c --flag")
        ]
    );
    assert_eq!(blocks[1].commands, vec![(21, "clerkctl e".to_string())]);
    let s = script(&blocks[0], "http://127.0.0.1:1");
    assert!(!s.contains("pbpaste | clerkctl b\n"));
    assert!(s.contains("case \" 0 1 \""));
}

#[cfg(unix)]
#[test]
fn every_offline_readme_command_runs_as_written() {
    let readme = std::fs::read_to_string(readme_path()).unwrap();
    let (blocks, unmarked) = parse(&readme);
    println!("README.md blocks without a readme-test marker (not run): lines {unmarked:?}");
    assert!(
        blocks.len() >= MIN_OFFLINE_BLOCKS,
        "README.md has {} blocks marked `readme-test: offline`, expected at least {MIN_OFFLINE_BLOCKS}",
        blocks.len()
    );
    let home = crate::common::tempdir();
    let f = fixture(home.path());
    let mut failures = Vec::new();
    for block in &blocks {
        let dir = crate::common::tempdir();
        write_fixture_files(dir.path(), &f);
        if let Err(output) = run_block(dir.path(), &script(block, &f.api_url), &f) {
            failures.push(format!("block at README.md:{}:\n{output}", block.line));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
