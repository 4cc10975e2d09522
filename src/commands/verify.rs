//! `clerkctl verify`: verdicts for one token or many (one per stdin line), plus the option and
//! key resolution `decode --verify` shares.

use std::collections::HashMap;
use std::io::{BufRead, IsTerminal};
use std::sync::Arc;

use serde::Serialize;

use crate::clerk::claims::{TokenKind, classify};
use crate::clerk::keys::PublishableKey;
use crate::cli::{VerifyArgs, VerifyOptionArgs};
use crate::error::{ExitStatus, UserError};
use crate::jwt::decode::{DecodeError, decode, extract_token};
use crate::jwt::keysource;
use crate::jwt::time::{format_time, parse_at, parse_duration, relative};
use crate::jwt::verify::{Failure, KeySet, Reason, Verdict, VerifyOptions, verify};
use crate::output::Printer;
use crate::settings::Settings;

/// The longest line `verify -` reads as a token. A Clerk session token is 1–3 KB and a
/// `Cookie:` line rarely passes 8 KB; a longer line is that line's `token-invalid` verdict, and is
/// skipped without being held in memory.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// Verify one token (argument or paste prompt) or many (stdin, one per line, streamed).
pub async fn run(args: VerifyArgs, settings: &Settings) -> anyhow::Result<ExitStatus> {
    let printer = &settings.printer;
    let (opts, now_ms) = resolve_options(&args.options, settings)?;
    let stream = match args.token.as_deref() {
        Some(text) => text == "-",
        None => !std::io::stdin().is_terminal(),
    };
    let input = if stream {
        None
    } else {
        Some(read_input(args.token.as_deref(), printer)?)
    };
    let mut keys = Keys::resolve(&args.options, settings).await?;
    let Some(text) = input else {
        let stdin = std::io::stdin().lock();
        return run_batch(printer, stdin, &mut keys, &opts).await;
    };
    let token = extract_token(&text).map_err(empty_is_usage("verify"))?;
    let keyset = keys.for_token(&token).await?;
    let verdict = verify(&token, &keyset, &opts);
    print_single(printer, &verdict, now_ms)?;
    Ok(if verdict.is_valid() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

/// Map an empty input to a usage error (the hint names `command`); any other extraction error
/// is an invalid token.
pub(crate) fn empty_is_usage(command: &'static str) -> impl Fn(DecodeError) -> UserError {
    move |e| match e {
        DecodeError::Empty => UserError::usage("no token given").with_hint(format!(
            "pass the token as an argument, or pipe it: `pbpaste | clerkctl {command}`"
        )),
        other => UserError::failure(format!(
            "cannot read a token from the input (token-invalid): {other}"
        ))
        .with_hint("paste the JWT itself, a `Bearer` header or a cookie string with `__session=`"),
    }
}

/// The token argument, all of stdin (`-` or piped), or a paste prompt on a terminal.
pub(crate) fn read_input(arg: Option<&str>, printer: &Printer) -> Result<String, UserError> {
    match arg {
        Some(text) if text != "-" => return Ok(text.to_string()),
        None if std::io::stdin().is_terminal() => {
            let pasted: String = dialoguer::Input::new()
                .with_prompt("Paste a token (JWT, `Bearer …` or cookie string)")
                .interact_text()
                .map_err(|e| {
                    UserError::usage(format!("cannot read the token: {e}"))
                        .with_hint("pass the token as an argument")
                })?;
            return Ok(pasted);
        }
        _ => {}
    }
    let bytes = crate::files::read_limited(std::io::stdin().lock(), crate::files::TOKEN_LIMIT)
        .map_err(|e| stdin_error(&e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        UserError::failure(format!(
            "cannot read a token from stdin (token-invalid): byte {} is not UTF-8 text",
            e.utf8_error().valid_up_to()
        ))
        .with_hint("a token is ASCII text; pipe the token itself, not a binary file")
    })?;
    printer.debug(&format!("read {} bytes from stdin", text.len()));
    Ok(text)
}

/// A stdin that could not be read, or was larger than [`crate::files::TOKEN_LIMIT`]: exit 2.
/// (`verify -` streams its lines instead, each bounded by [`MAX_LINE_BYTES`].)
pub(crate) fn stdin_error(e: &crate::files::ReadError) -> UserError {
    let error = UserError::usage(format!("cannot read stdin: {e}"));
    match e {
        crate::files::ReadError::TooLarge { .. } => {
            error.with_hint("pipe one token (a JWT, `Bearer` header or cookie string), not a file")
        }
        _ => error,
    }
}

/// Verification options from flags, `clerkctl.toml` and defaults; and the evaluation time (ms).
pub(crate) fn resolve_options(
    args: &VerifyOptionArgs,
    settings: &Settings,
) -> Result<(VerifyOptions, i64), UserError> {
    let clock_ms = chrono::Utc::now().timestamp_millis();
    let at_ms = args
        .at
        .as_deref()
        .map(|at| {
            parse_at(at, clock_ms).map_err(|e| {
                UserError::usage(format!("invalid `--at`: {e}")).with_hint(
                    "examples: `--at 2026-11-22T10:00:00Z`, `--at 1795341600`, `--at -5m`",
                )
            })
        })
        .transpose()?;
    let clock_skew = match &args.clock_skew {
        Some(text) => parse_duration(text).map_err(|e| {
            UserError::usage(format!("invalid `--clock-skew`: {e}"))
                .with_hint("examples: `--clock-skew 5s`, `--clock-skew 500ms`")
        })?,
        None => std::time::Duration::from_secs(settings.project.session.clock_skew_seconds),
    };
    let authorized_parties = if args.authorized_parties.is_empty() {
        settings.project.session.authorized_parties.clone()
    } else {
        args.authorized_parties.clone()
    };
    let opts = VerifyOptions {
        authorized_parties,
        audience: args.audience.clone(),
        clock_skew,
        now: at_ms.map(|ms| ms.div_euclid(1000)),
    };
    Ok((opts, at_ms.unwrap_or(clock_ms)))
}

/// The keys to verify with, resolved once: `--key` > `--jwks` > `--discover` > `CLERK_JWT_KEY` >
/// the instance's `/v1/jwks` (secret key).
pub(crate) enum Keys {
    /// A fixed key set.
    Fixed(Arc<KeySet>),
    /// Keys discovered from each token's issuer, fetched once per issuer.
    Discover {
        client: reqwest::Client,
        publishable_key: Option<PublishableKey>,
        trust_issuer: bool,
        cache: HashMap<String, Arc<KeySet>>,
    },
}

impl Keys {
    /// Resolve the key source; fetches happen here (except for discovery, which needs a token).
    pub(crate) async fn resolve(
        args: &VerifyOptionArgs,
        settings: &Settings,
    ) -> Result<Self, UserError> {
        let printer = &settings.printer;
        if let Some(key) = &args.key {
            return Ok(Self::Fixed(Arc::new(keysource::load_pem(key)?)));
        }
        if let Some(jwks) = &args.jwks {
            let client = keysource::http_client()?;
            printer.debug(&format!("loading keys from {jwks}"));
            return Ok(Self::Fixed(Arc::new(
                keysource::load_jwks(jwks, &client).await?,
            )));
        }
        if args.discover {
            return Ok(Self::Discover {
                client: keysource::http_client()?,
                publishable_key: settings.publishable_key()?,
                trust_issuer: args.trust_issuer,
                cache: HashMap::new(),
            });
        }
        if let Some(pem) = settings.jwt_key() {
            printer.debug("verifying with `CLERK_JWT_KEY`");
            return Ok(Self::Fixed(Arc::new(keysource::load_pem(pem).map_err(
                |e| {
                    UserError::from(e)
                        .with_hint("`CLERK_JWT_KEY` must hold the instance's PEM public key")
                },
            )?)));
        }
        // Both keys are checked together: a test secret key with a live publishable key means
        // the keys fetched would not be the instance the user has in mind.
        if let (Some(sk), _) = settings.keys()? {
            let client = keysource::http_client()?;
            let api_url = settings.api_url();
            printer.debug(&format!(
                "fetching the instance keys from {api_url}/{}/jwks",
                settings.api_version()
            ));
            let set =
                keysource::instance_jwks(&client, &api_url, &settings.api_version(), sk.secret())
                    .await?;
            return Ok(Self::Fixed(Arc::new(set)));
        }
        Err(UserError::usage("no key to verify with (jwk-failed-to-resolve)").with_hint(
            "pass `--key PEM|@FILE`, `--jwks FILE|URL` or `--discover`, or set `CLERK_JWT_KEY` or `CLERK_SECRET_KEY`",
        ))
    }

    /// True when keys come from each token's issuer (`--discover`).
    pub(crate) fn is_discovery(&self) -> bool {
        matches!(self, Self::Discover { .. })
    }

    /// The key set for one (extracted) token.
    pub(crate) async fn for_token(&mut self, token: &str) -> Result<Arc<KeySet>, UserError> {
        match self {
            Self::Fixed(set) => Ok(Arc::clone(set)),
            Self::Discover {
                client,
                publishable_key,
                trust_issuer,
                cache,
            } => {
                let iss = decode(token)
                    .ok()
                    .and_then(|t| t.claim_str("iss").map(str::to_string));
                let url = keysource::discovery_url(
                    iss.as_deref(),
                    publishable_key.as_ref(),
                    *trust_issuer,
                )?;
                if let Some(set) = cache.get(&url) {
                    return Ok(Arc::clone(set));
                }
                let set = Arc::new(keysource::fetch_jwks(client, &url, None).await?);
                cache.insert(url, Arc::clone(&set));
                Ok(set)
            }
        }
    }
}

/// One verdict as JSON (`verify --output json`, and each JSON line in batch mode).
#[derive(Debug, Serialize)]
pub(crate) struct VerdictJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    valid: bool,
    kind: Option<TokenKind>,
    sub: Option<&'a str>,
    kid: Option<&'a str>,
    alg: Option<&'a str>,
    exp: Option<String>,
    failures: &'a [Failure],
}

impl<'a> VerdictJson<'a> {
    pub(crate) fn new(verdict: &'a Verdict, line: Option<usize>) -> Self {
        let token = verdict.token.as_ref();
        Self {
            line,
            valid: verdict.is_valid(),
            kind: token.map(|t| classify(&t.header, &t.claims)),
            sub: token.and_then(|t| t.claim_str("sub")),
            kid: token.and_then(|t| t.header_str("kid")),
            alg: token.and_then(|t| t.header_str("alg")),
            exp: token
                .and_then(|t| t.claims.get("exp"))
                .and_then(serde_json::Value::as_f64)
                .map(|e| format_time((e * 1000.0) as i64)),
            failures: &verdict.failures,
        }
    }
}

fn summary(verdict: &Verdict, now_ms: i64) -> String {
    let mut text = String::new();
    push_summary(&mut text, verdict, now_ms);
    text
}

/// Append the one-line description of a verdict's token (written in place: batch mode prints
/// one per line, tens of thousands of times).
fn push_summary(text: &mut String, verdict: &Verdict, now_ms: i64) {
    use std::fmt::Write as _;
    let Some(token) = &verdict.token else {
        text.push_str("token");
        return;
    };
    text.push_str(classify(&token.header, &token.claims).label());
    if let Some(sub) = token.claim_str("sub") {
        let _ = write!(text, " for `{sub}`");
    }
    if let Some(kid) = token.header_str("kid") {
        let _ = write!(text, " key `{kid}`");
    }
    if let Some(alg) = token.header_str("alg") {
        let _ = write!(text, " ({alg})");
    }
    if let Some(exp) = token.claims.get("exp").and_then(serde_json::Value::as_f64) {
        let ms = (exp * 1000.0) as i64;
        let when = relative(ms, now_ms);
        let verb = if ms > now_ms { "expires" } else { "expired" };
        let _ = write!(text, ", {verb} {when}");
    }
}

/// Print the verdict for a single token: the verdict on stdout, each failure as `error:`/`hint:`.
pub(crate) fn print_single(
    printer: &Printer,
    verdict: &Verdict,
    now_ms: i64,
) -> anyhow::Result<()> {
    if printer.is_json() {
        printer.json(&VerdictJson::new(verdict, None))?;
        return Ok(());
    }
    if verdict.is_valid() {
        printer.out(&format!(
            "{} {}",
            printer.green("valid:"),
            summary(verdict, now_ms)
        ))?;
    } else {
        let codes: Vec<&str> = verdict.failures.iter().map(|f| f.reason.code()).collect();
        printer.out(&format!(
            "{} {} ({})",
            printer.red("invalid:"),
            summary(verdict, now_ms),
            codes.join(", ")
        ))?;
        for failure in &verdict.failures {
            printer.error(&failure.styled(), failure.hint.as_deref());
        }
    }
    Ok(())
}

/// Many tokens, one per line, read and answered one at a time: each verdict line is written
/// as soon as its line is read (flushed per line to a pipe or terminal, buffered into a file),
/// and memory stays constant however long the input.
async fn run_batch(
    printer: &Printer,
    mut input: impl BufRead,
    keys: &mut Keys,
    opts: &VerifyOptions,
) -> anyhow::Result<ExitStatus> {
    use std::fmt::Write as _;
    const FLUSH_AT: usize = 64 * 1024;
    let per_line = !stdout_is_file();
    let now_ms = opts.now.map_or_else(
        || chrono::Utc::now().timestamp_millis(),
        |s| s.saturating_mul(1000),
    );
    let mut buffer = String::with_capacity(FLUSH_AT + 1024);
    let mut raw = Vec::with_capacity(4096);
    let (mut valid, mut invalid) = (0usize, 0usize);
    let mut line = 0usize;
    loop {
        let read = next_line(&mut input, &mut raw, MAX_LINE_BYTES)
            .map_err(|e| UserError::usage(format!("cannot read stdin: {e}")))?;
        let Some(read) = read else { break };
        line += 1;
        let verdict = match read {
            LineRead::TooLong { bytes } => Verdict {
                failures: vec![too_long(bytes)],
                token: None,
            },
            LineRead::Line => match std::str::from_utf8(&raw) {
                Err(e) => Verdict {
                    failures: vec![not_utf8(e.valid_up_to())],
                    token: None,
                },
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => batch_verdict(text, keys, opts).await?,
            },
        };
        if verdict.is_valid() {
            valid += 1;
        } else {
            invalid += 1;
        }
        if printer.is_json() {
            buffer.push_str(&serde_json::to_string(&VerdictJson::new(
                &verdict,
                Some(line),
            ))?);
        } else if verdict.is_valid() {
            let _ = write!(buffer, "line {line}: valid: ");
            push_summary(&mut buffer, &verdict, now_ms);
        } else {
            let codes: Vec<&str> = verdict.failures.iter().map(|f| f.reason.code()).collect();
            let first = verdict
                .failures
                .first()
                .map(|f| f.message.as_str())
                .unwrap_or_default();
            let _ = write!(
                buffer,
                "line {line}: invalid ({}): {first}",
                codes.join(", ")
            );
        }
        buffer.push('\n');
        if per_line || buffer.len() >= FLUSH_AT {
            printer.out_raw(&buffer)?;
            buffer.clear();
        }
    }
    printer.out_raw(&buffer)?;
    let total = valid + invalid;
    if total == 0 {
        // An empty batch (a blank file, a pipe that produced nothing) is no evidence of anything.
        return Err(empty_is_usage("verify")(DecodeError::Empty).into());
    }
    let noun = if total == 1 { "token" } else { "tokens" };
    printer.info(&format!("{total} {noun}: {valid} valid, {invalid} invalid"));
    Ok(if invalid == 0 {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}

/// The verdict for one non-blank batch line.
async fn batch_verdict(
    text: &str,
    keys: &mut Keys,
    opts: &VerifyOptions,
) -> Result<Verdict, UserError> {
    let token = match extract_token(text) {
        Ok(token) => token,
        Err(e) => {
            return Ok(Verdict {
                failures: vec![Failure {
                    reason: Reason::TokenInvalid,
                    message: format!("cannot read a token from the line: {e}"),
                    hint: None,
                }],
                token: None,
            });
        }
    };
    match keys.for_token(&token).await {
        Ok(keyset) => Ok(verify(&token, &keyset, opts)),
        // One token naming an issuer `--discover` must not trust is that token's verdict, not
        // the end of the batch; an unreachable key server still is.
        Err(e) if e.status == ExitStatus::Usage && keys.is_discovery() => Ok(Verdict {
            failures: vec![Failure {
                reason: Reason::JwkFailedToResolve,
                message: e.message,
                hint: e.hint,
            }],
            token: decode(&token).ok(),
        }),
        Err(e) => Err(e),
    }
}

/// What [`next_line`] read.
#[derive(Debug, PartialEq, Eq)]
enum LineRead {
    /// A line (without its `\n`) is in the buffer.
    Line,
    /// The line was longer than the limit; its bytes were skipped, not kept.
    TooLong { bytes: usize },
}

/// Read one `\n`-terminated line (the last may lack the `\n`) into `line`, holding at most
/// `max` bytes of it; `None` at the end of the input.
fn next_line(
    input: &mut impl BufRead,
    line: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<LineRead>> {
    line.clear();
    let (mut bytes, mut any, mut too_long) = (0usize, false, false);
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(any.then_some(if too_long {
                LineRead::TooLong { bytes }
            } else {
                LineRead::Line
            }));
        }
        any = true;
        let end = available.iter().position(|b| *b == b'\n');
        let chunk = &available[..end.unwrap_or(available.len())];
        bytes += chunk.len();
        if !too_long {
            if line.len() + chunk.len() > max {
                too_long = true;
                line.clear();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let used = chunk.len() + usize::from(end.is_some());
        input.consume(used);
        if end.is_some() {
            return Ok(Some(if too_long {
                LineRead::TooLong { bytes }
            } else {
                LineRead::Line
            }));
        }
    }
}

/// True when stdout is a regular file: verdicts are then written in blocks, not line by line.
fn stdout_is_file() -> bool {
    #[cfg(unix)]
    {
        std::fs::metadata("/dev/stdout").is_ok_and(|m| m.is_file())
    }
    #[cfg(not(unix))]
    {
        false
    }
}

fn too_long(bytes: usize) -> Failure {
    Failure {
        reason: Reason::TokenInvalid,
        message: format!(
            "line is too long for a token: {bytes} bytes, the limit is {MAX_LINE_BYTES}"
        ),
        hint: Some("put one token per line; a Clerk token is a few kilobytes".to_string()),
    }
}

fn not_utf8(at: usize) -> Failure {
    Failure {
        reason: Reason::TokenInvalid,
        message: format!("line is not UTF-8 text: byte {at} is not valid UTF-8"),
        hint: Some("tokens are ASCII; check the file's encoding".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<Result<String, usize>> {
        // A tiny buffer, so lines straddle many reads.
        let mut reader = std::io::BufReader::with_capacity(3, input);
        let mut line = Vec::new();
        let mut out = Vec::new();
        while let Some(read) = next_line(&mut reader, &mut line, max).expect("reads") {
            out.push(match read {
                LineRead::Line => Ok(String::from_utf8(line.clone()).expect("utf8")),
                LineRead::TooLong { bytes } => Err(bytes),
            });
        }
        out
    }

    #[test]
    fn lines_are_read_one_at_a_time_and_bounded() {
        assert_eq!(
            lines(b"a\nbcd\n\nxyz", 8),
            [
                Ok("a".into()),
                Ok("bcd".into()),
                Ok(String::new()),
                Ok("xyz".into())
            ]
        );
        assert_eq!(lines(b"", 8), []);
        assert_eq!(lines(b"a\n", 8), [Ok("a".into())]);
        // A line past the limit is reported with its length and skipped; the next one is read.
        assert_eq!(
            lines(b"0123456789\nok\n0123456789", 8),
            [Err(10), Ok("ok".into()), Err(10)]
        );
        assert_eq!(lines(b"12345678\n", 8), [Ok("12345678".into())]);
    }

    #[test]
    fn a_long_line_is_not_held_in_memory() {
        let mut input = vec![b'x'; 10 * MAX_LINE_BYTES];
        input.extend_from_slice(b"\nok\n");
        let mut reader = std::io::BufReader::new(&input[..]);
        let mut line = Vec::new();
        let read = next_line(&mut reader, &mut line, MAX_LINE_BYTES).expect("reads");
        assert_eq!(
            read,
            Some(LineRead::TooLong {
                bytes: 10 * MAX_LINE_BYTES
            })
        );
        assert!(line.capacity() <= 2 * MAX_LINE_BYTES, "{}", line.capacity());
        let read = next_line(&mut reader, &mut line, MAX_LINE_BYTES).expect("reads");
        assert_eq!((read, line.as_slice()), (Some(LineRead::Line), &b"ok"[..]));
    }
}
