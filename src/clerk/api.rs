//! The Backend API client: authenticated JSON requests with timeouts, bounded retries with
//! jittered exponential backoff, a client-side rate limiter and Clerk's error envelope.
//!
//! The same client talks to real Clerk and to the emulator (whose control API lives under
//! `/__clerkctl/`, outside the versioned path, and takes the same Bearer secret).

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::Method;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::clerk::keys::{Secret, redact_all};
use crate::error::UserError;

/// The Backend API version clerkctl speaks (`Clerk-API-Version` header).
pub const CLERK_API_VERSION: &str = "2026-05-12";

/// The code of the 403 every organization route answers while Organizations are off.
pub const ORGANIZATIONS_DISABLED: &str = "organization_not_enabled_in_instance";

/// What went wrong talking to the Backend API. Every message is already redacted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The server answered with a non-success status (Clerk error envelope parsed when present).
    #[error("{}", describe_status(*status, code, message, long_message.as_deref()))]
    Status {
        /// HTTP status.
        status: u16,
        /// The first error's `code` (`clerk_key_invalid`, `resource_not_found`, …) or `http_<status>`.
        code: String,
        /// The first error's `message`.
        message: String,
        /// The first error's `long_message`, when present.
        long_message: Option<String>,
    },
    /// No connection could be made (DNS, refused, reset).
    #[error("the Backend API is unreachable: {0}")]
    Unreachable(String),
    /// The request timed out.
    #[error("the Backend API did not answer in time")]
    Timeout,
    /// The response body was not the JSON expected.
    #[error("unexpected response from the Backend API: {0}")]
    Decode(String),
    /// The request could not even be built (a space or line break in the URL or the key):
    /// a configuration error, never retried.
    #[error("cannot send a request to the Backend API: {0}")]
    Invalid(String),
    /// The response body was larger than [`crate::files::API_BODY_LIMIT`].
    #[error("the Backend API's answer is larger than the {} limit", crate::files::human_size(*limit))]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// Every attempt failed with a retryable error.
    #[error("gave up after {attempts} attempts: {last}")]
    RetriesExhausted {
        /// How many attempts were made.
        attempts: u32,
        /// The last attempt's error.
        last: Box<ApiError>,
    },
}

fn describe_status(status: u16, code: &str, message: &str, long: Option<&str>) -> String {
    let detail = long.filter(|l| !l.is_empty() && *l != message);
    match detail {
        Some(long) => format!("the Backend API answered {status} ({code}): {message}: {long}"),
        None => format!("the Backend API answered {status} ({code}): {message}"),
    }
}

impl ApiError {
    /// The HTTP status when the server answered, looking through retries.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Status { status, .. } => Some(*status),
            ApiError::RetriesExhausted { last, .. } => last.status(),
            _ => None,
        }
    }

    /// True when the instance could not be reached or kept failing: exit 3, never a check result.
    pub fn is_unavailable(&self) -> bool {
        match self {
            ApiError::Unreachable(_) | ApiError::Timeout | ApiError::RetriesExhausted { .. } => {
                true
            }
            ApiError::Status { status, .. } => *status >= 500 || *status == 429,
            ApiError::TooLarge { .. } => true,
            ApiError::Decode(_) | ApiError::Invalid(_) => false,
        }
    }

    /// The Clerk error code (`resource_not_found`, …) when the server answered with an envelope,
    /// looking through retries.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Status { code, .. } => Some(code.as_str()),
            ApiError::RetriesExhausted { last, .. } => last.code(),
            _ => None,
        }
    }

    /// True for 403 `organization_not_enabled_in_instance`: the instance has Organizations off.
    pub fn is_organizations_disabled(&self) -> bool {
        self.status() == Some(403) && self.code() == Some(ORGANIZATIONS_DISABLED)
    }

    /// True for 404 (the resource is gone; cleanup treats it as done).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }
}

impl From<ApiError> for UserError {
    fn from(err: ApiError) -> Self {
        let message = redact_all(&err.to_string());
        match &err {
            ApiError::Status { status: 401, .. } => UserError::usage(message).with_hint(
                "check `CLERK_SECRET_KEY`: copy it again from the Dashboard's API keys page",
            ),
            ApiError::Status {
                status: 402 | 403, ..
            } => UserError::usage(message)
                .with_hint("the instance's plan or settings do not allow this request"),
            ApiError::Status { status, .. } if *status < 500 && *status != 429 => {
                UserError::failure(message)
            }
            ApiError::Decode(_) => UserError::failure(message),
            ApiError::Invalid(_) => UserError::usage(message).with_hint(
                "check `CLERK_API_URL` and `CLERK_SECRET_KEY` for spaces, quotes or line breaks",
            ),
            ApiError::TooLarge { .. } => UserError::unavailable(message)
                .with_hint("check `CLERK_API_URL`: it should be the instance's Backend API"),
            ApiError::Unreachable(_) => UserError::unavailable(message).with_hint(UNREACHABLE_HINT),
            ApiError::RetriesExhausted { last, .. }
                if matches!(**last, ApiError::Unreachable(_)) =>
            {
                UserError::unavailable(message).with_hint(UNREACHABLE_HINT)
            }
            _ => UserError::unavailable(message).with_hint(
                "the instance is failing or rate-limiting: try again later (`-v` logs every request and its status)",
            ),
        }
    }
}

const UNREACHABLE_HINT: &str = "check `CLERK_API_URL` and the network, or use `--emulator`";

/// Clerk's error envelope: `{"errors":[{"message","long_message","code","meta"}],…}`.
#[derive(Debug, Deserialize)]
struct ErrorEnvelope {
    #[serde(default)]
    errors: Vec<ErrorItem>,
}

#[derive(Debug, Deserialize)]
struct ErrorItem {
    #[serde(default)]
    message: String,
    #[serde(default)]
    long_message: Option<String>,
    #[serde(default)]
    code: String,
}

/// Turn a non-success response into [`ApiError::Status`], reading the envelope when present.
pub fn status_error(status: u16, body: &[u8]) -> ApiError {
    let parsed = serde_json::from_slice::<ErrorEnvelope>(body)
        .ok()
        .and_then(|env| env.errors.into_iter().next());
    match parsed {
        Some(item) => ApiError::Status {
            status,
            code: if item.code.is_empty() {
                format!("http_{status}")
            } else {
                redact_all(&item.code)
            },
            message: redact_all(&item.message),
            long_message: item.long_message.map(|l| redact_all(&l)),
        },
        None => {
            let text = String::from_utf8_lossy(body);
            let snippet: String = text.trim().chars().take(200).collect();
            ApiError::Status {
                status,
                code: format!("http_{status}"),
                message: if snippet.is_empty() {
                    "no error details".to_string()
                } else {
                    redact_all(&snippet)
                },
                long_message: None,
            }
        }
    }
}

/// How often and how patiently to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts, the first included.
    pub max_attempts: u32,
    /// The first backoff delay; doubled on each retry.
    pub base_delay: Duration,
    /// The cap on one backoff delay.
    pub max_delay: Duration,
    /// The cap on a server's `Retry-After` (a huge value must not stall CI).
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(4),
            max_retry_after: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// The delay before retry number `retry` (0-based), given a jitter factor in `[0, 1)`:
    /// exponential, capped, then scaled into `[50 %, 100 %]` so concurrent clients spread out.
    pub fn backoff(&self, retry: u32, jitter: f64) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry.min(20)));
        let capped = exp.min(self.max_delay);
        capped.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
    }

    /// The delay before the next attempt: the server's `Retry-After` when given (capped), else
    /// the backoff.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>, jitter: f64) -> Duration {
        match retry_after {
            Some(after) => after.min(self.max_retry_after),
            None => self.backoff(retry, jitter),
        }
    }
}

/// What happened on one attempt, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// The server answered with this status.
    Status(u16),
    /// The connection could not be established: the request never reached the server.
    ConnectFailed,
    /// The request was sent but timed out or the connection broke before an answer.
    LostInFlight,
}

/// Whether an attempt may be retried. 429 and 503 mean the server did not process the request,
/// so they are safe for any method; other 5xx and lost requests only for idempotent methods.
pub fn should_retry(method: &Method, outcome: AttemptOutcome) -> bool {
    let idempotent = matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    );
    match outcome {
        AttemptOutcome::Status(429 | 503) | AttemptOutcome::ConnectFailed => true,
        AttemptOutcome::Status(s) if s >= 500 => idempotent,
        AttemptOutcome::Status(_) => false,
        AttemptOutcome::LostInFlight => idempotent,
    }
}

/// Parse `Retry-After`: delay-seconds (HTTP-date is not used by Clerk and is ignored).
pub fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    value
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
}

/// A sliding-window limiter: at most `max` requests start in any `window`.
#[derive(Debug)]
pub struct RateLimiter {
    max: usize,
    window: Duration,
    starts: Mutex<VecDeque<Instant>>,
}

impl RateLimiter {
    /// A limiter for `max` requests per `window` (development instances: 100 per 10 s).
    pub fn new(max: usize, window: Duration) -> Self {
        Self {
            max: max.max(1),
            window,
            starts: Mutex::new(VecDeque::new()),
        }
    }

    /// How long to wait before a request may start at `now`; records the start when it may.
    pub fn try_acquire(&self, now: Instant) -> Option<Duration> {
        let mut starts = match self.starts.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        while starts
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= self.window)
        {
            starts.pop_front();
        }
        if starts.len() < self.max {
            starts.push_back(now);
            return None;
        }
        let oldest = starts.front().copied().unwrap_or(now);
        Some((oldest + self.window).saturating_duration_since(now))
    }

    /// Wait until a request may start.
    pub async fn acquire(&self) {
        while let Some(wait) = self.try_acquire(Instant::now()) {
            tokio::time::sleep(wait.max(Duration::from_millis(1))).await;
        }
    }
}

/// One attempt, reported to the observer (`-v` prints `METHOD path status ms`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLog {
    /// HTTP method.
    pub method: String,
    /// Path without the host (`/v1/users`).
    pub path: String,
    /// The status, or `None` when no answer came.
    pub status: Option<u16>,
    /// Wall time of the attempt.
    pub elapsed_ms: u128,
    /// 1 for the first attempt.
    pub attempt: u32,
}

impl fmt::Display for RequestLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self
            .status
            .map_or_else(|| "---".to_string(), |s| s.to_string());
        write!(
            f,
            "{} {} {} {}ms",
            self.method, self.path, status, self.elapsed_ms
        )?;
        if self.attempt > 1 {
            write!(f, " (attempt {})", self.attempt)?;
        }
        Ok(())
    }
}

/// Receives every attempt (for `-v` logging and request counting).
pub type Observer = Arc<dyn Fn(&RequestLog) + Send + Sync>;

/// A raw answer, for the few callers that need headers (`Date`) or a non-JSON body.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// Body bytes.
    pub body: Vec<u8>,
}

/// The server's clock from a `Date` header (RFC 2822, one-second resolution), Unix ms.
pub fn server_date_ms(headers: &HeaderMap) -> Option<i64> {
    let text = headers.get(reqwest::header::DATE)?.to_str().ok()?;
    chrono::DateTime::parse_from_rfc2822(text)
        .ok()
        .map(|d| d.timestamp_millis())
}

/// The Backend API client.
#[derive(Clone)]
pub struct ClerkClient {
    http: reqwest::Client,
    api_url: String,
    base: String,
    secret: Secret,
    retry: RetryPolicy,
    limiter: Option<Arc<RateLimiter>>,
    observer: Option<Observer>,
    jitter_seed: Arc<Mutex<u64>>,
    repeatable_writes: bool,
}

impl fmt::Debug for ClerkClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClerkClient")
            .field("base", &self.base)
            .field("secret", &self.secret)
            .finish_non_exhaustive()
    }
}

/// Connect timeout for every request.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Whole-request timeout for every request.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

impl ClerkClient {
    /// A client for `api_url` (`https://api.clerk.com`) and version path `api_version` (`v1`).
    pub fn new(api_url: &str, api_version: &str, secret: Secret) -> Self {
        let http = reqwest::Client::builder()
            .user_agent(concat!("clerkctl/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .build()
            // The builder only fails when the TLS backend cannot initialise; a default client
            // still works for plain HTTP (the emulator) and reports TLS errors per request.
            .unwrap_or_default();
        let api_url = api_url.trim_end_matches('/').to_string();
        let version = api_version.trim_matches('/');
        let base = if version.is_empty() {
            api_url.clone()
        } else {
            format!("{api_url}/{version}")
        };
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0x9E37_79B9_7F4A_7C15, |d| d.as_nanos() as u64)
            | 1;
        Self {
            http,
            api_url,
            base,
            secret,
            retry: RetryPolicy::default(),
            limiter: None,
            observer: None,
            jitter_seed: Arc::new(Mutex::new(seed)),
            repeatable_writes: false,
        }
    }

    /// Replace the retry policy.
    #[must_use]
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Share a rate limiter for `/v1` requests.
    #[must_use]
    pub fn with_limiter(mut self, limiter: Arc<RateLimiter>) -> Self {
        self.limiter = Some(limiter);
        self
    }

    /// Declare every POST/PATCH this client sends safe to repeat, so 5xx and lost requests are
    /// retried for them too (the test suites: token mints and revocations are idempotent, and
    /// creates are tagged with the run id, so a duplicate is swept by the cleanup).
    #[must_use]
    pub fn with_repeatable_writes(mut self) -> Self {
        self.repeatable_writes = true;
        self
    }

    /// Report every attempt to `observer`.
    #[must_use]
    pub fn with_observer(mut self, observer: Observer) -> Self {
        self.observer = Some(observer);
        self
    }

    /// The base URL without the version path.
    pub fn api_url(&self) -> &str {
        &self.api_url
    }

    /// `GET {base}{path}` with query parameters.
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, ApiError> {
        self.json(Method::GET, &self.base, path, query, None::<&()>, true)
            .await
    }

    /// `GET {base}{path}` with query parameters, with the server's clock when the answer came:
    /// its `Date` header in Unix milliseconds (`None` without a readable one).
    pub async fn get_dated<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<(T, Option<i64>), ApiError> {
        let url = format!("{}{path}", self.base);
        let raw = self
            .send(Method::GET, &url, query, None, true, true)
            .await?;
        if !(200..300).contains(&raw.status) {
            return Err(status_error(raw.status, &raw.body));
        }
        Ok((parse_body(&raw.body)?, server_date_ms(&raw.headers)))
    }

    /// `POST {base}{path}` with a JSON body.
    pub async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.json(Method::POST, &self.base, path, &[], Some(body), true)
            .await
    }

    /// `PATCH {base}{path}` with a JSON body.
    pub async fn patch<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.json(Method::PATCH, &self.base, path, &[], Some(body), true)
            .await
    }

    /// `PUT {base}{path}` with a JSON body.
    pub async fn put<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.json(Method::PUT, &self.base, path, &[], Some(body), true)
            .await
    }

    /// `DELETE {base}{path}`.
    pub async fn delete<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.json(Method::DELETE, &self.base, path, &[], None::<&()>, true)
            .await
    }

    /// A request to the emulator's control API (`/__clerkctl/…`, outside the version path).
    pub async fn control<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        self.json(method, &self.api_url, path, &[], body, false)
            .await
    }

    /// `GET {base}{path}` returning status, headers and body as they came (errors included).
    pub async fn get_raw(&self, path: &str) -> Result<RawResponse, ApiError> {
        let url = format!("{}{path}", self.base);
        self.send(Method::GET, &url, &[], None, true, true).await
    }

    /// An unauthenticated `GET` of a public URL (the Frontend API's `/.well-known/jwks.json`).
    pub async fn get_public(&self, url: &str) -> Result<RawResponse, ApiError> {
        self.send(Method::GET, url, &[], None, false, false).await
    }

    async fn json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        base: &str,
        path: &str,
        query: &[(&str, String)],
        body: Option<&B>,
        limited: bool,
    ) -> Result<T, ApiError> {
        let bytes = match body {
            Some(b) => Some(serde_json::to_vec(b).map_err(|e| ApiError::Decode(e.to_string()))?),
            None => None,
        };
        let url = format!("{base}{path}");
        let raw = self.send(method, &url, query, bytes, true, limited).await?;
        if !(200..300).contains(&raw.status) {
            return Err(status_error(raw.status, &raw.body));
        }
        parse_body(&raw.body)
    }

    fn may_retry(&self, method: &Method, outcome: AttemptOutcome) -> bool {
        let as_if = if self.repeatable_writes {
            Method::PUT
        } else {
            method.clone()
        };
        should_retry(&as_if, outcome)
    }

    fn jitter(&self) -> f64 {
        let mut seed = match self.jitter_seed.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        // xorshift64: plenty for spreading retries, no dependency needed.
        let mut x = *seed;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *seed = x;
        (x >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Send with retries. Non-success statuses that are not retried (or that survive every
    /// retry as a 4xx) come back as a [`RawResponse`] for the caller to interpret; exhausted
    /// retryable failures become [`ApiError::RetriesExhausted`].
    async fn send(
        &self,
        method: Method,
        url: &str,
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
        authenticated: bool,
        limited: bool,
    ) -> Result<RawResponse, ApiError> {
        let log_path = url::Url::parse(url).map_or_else(|_| url.to_string(), |u| u.path().into());
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            if limited && let Some(limiter) = &self.limiter {
                limiter.acquire().await;
            }
            let mut req = self.http.request(method.clone(), url);
            if authenticated {
                req = req
                    .bearer_auth(self.secret.expose())
                    .header("Clerk-API-Version", CLERK_API_VERSION);
            }
            if !query.is_empty() {
                req = req.query(query);
            }
            if let Some(bytes) = &body {
                req = req
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(bytes.clone());
            }
            let started = Instant::now();
            let result = match req.send().await {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let headers = resp.headers().clone();
                    match crate::files::read_body_limited(resp, crate::files::API_BODY_LIMIT).await
                    {
                        Ok(body) => Ok(RawResponse {
                            status,
                            headers,
                            body,
                        }),
                        Err(crate::files::BodyError::TooLarge { limit }) => {
                            return Err(ApiError::TooLarge { limit });
                        }
                        Err(crate::files::BodyError::Http(e)) => Err(network_error(&e)),
                    }
                }
                Err(e) if e.is_builder() => {
                    return Err(ApiError::Invalid(redact_all(&e.to_string())));
                }
                Err(e) => Err(network_error(&e)),
            };
            let elapsed_ms = started.elapsed().as_millis();
            if let Some(observer) = &self.observer {
                observer(&RequestLog {
                    method: method.to_string(),
                    path: log_path.clone(),
                    status: result.as_ref().ok().map(|r| r.status),
                    elapsed_ms,
                    attempt,
                });
            }
            let (retry_after, error) = match result {
                Ok(raw) => {
                    if !self.may_retry(&method, AttemptOutcome::Status(raw.status)) {
                        return Ok(raw);
                    }
                    let after = parse_retry_after(&raw.headers);
                    (after, status_error(raw.status, &raw.body))
                }
                Err((outcome, error)) => {
                    if !self.may_retry(&method, outcome) {
                        return Err(error);
                    }
                    (None, error)
                }
            };
            if attempt >= self.retry.max_attempts {
                return Err(ApiError::RetriesExhausted {
                    attempts: attempt,
                    last: Box::new(error),
                });
            }
            let delay = self.retry.delay(attempt - 1, retry_after, self.jitter());
            tokio::time::sleep(delay).await;
        }
    }
}

fn network_error(e: &reqwest::Error) -> (AttemptOutcome, ApiError) {
    if e.is_connect() {
        let detail =
            std::error::Error::source(e).map_or_else(|| e.to_string(), ToString::to_string);
        (
            AttemptOutcome::ConnectFailed,
            ApiError::Unreachable(redact_all(&detail)),
        )
    } else if e.is_timeout() {
        (AttemptOutcome::LostInFlight, ApiError::Timeout)
    } else {
        (
            AttemptOutcome::LostInFlight,
            ApiError::Unreachable(redact_all(&e.to_string())),
        )
    }
}

/// Parse a success body; an empty body (204) reads as JSON `null`.
pub fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| ApiError::Decode(redact_all(&e.to_string())))
}

/// A list in either shape BAPI returns: a bare array or `{"data":[…],"total_count":N}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum List<T> {
    /// `{"data": [...], "total_count": N}`.
    Paginated {
        /// The items.
        data: Vec<T>,
    },
    /// `[...]`.
    Bare(Vec<T>),
}

impl<T> List<T> {
    /// The items, whichever shape came.
    pub fn into_items(self) -> Vec<T> {
        match self {
            List::Paginated { data } | List::Bare(data) => data,
        }
    }
}

/// The parts of a BAPI `User` clerkctl reads (the whole JSON is kept for template rendering).
#[derive(Debug, Clone, Deserialize)]
pub struct User {
    /// `user_…`.
    pub id: String,
    /// The external id (`clerkctl-test-<runid>` for test users).
    #[serde(default)]
    pub external_id: Option<String>,
    /// Public metadata.
    #[serde(default)]
    pub public_metadata: serde_json::Value,
}

/// The parts of a BAPI `Session` clerkctl reads.
#[derive(Debug, Clone, Deserialize)]
pub struct Session {
    /// `sess_…`.
    pub id: String,
    /// The owner.
    pub user_id: String,
    /// The client (device) it lives on.
    #[serde(default)]
    pub client_id: String,
    /// `active`, `revoked`, `expired`, …
    pub status: String,
    /// Milliseconds.
    #[serde(default)]
    pub expire_at: i64,
    /// Milliseconds.
    #[serde(default)]
    pub abandon_at: i64,
    /// Milliseconds.
    #[serde(default)]
    pub created_at: i64,
    /// The active organization, when any.
    #[serde(default)]
    pub last_active_organization_id: Option<String>,
}

/// `{"object":"token","jwt":"…"}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Token {
    /// The JWT.
    pub jwt: String,
}

/// The parts of a BAPI `JWTTemplate` clerkctl reads.
#[derive(Debug, Clone, Deserialize)]
pub struct JwtTemplate {
    /// `jtmp_…`.
    pub id: String,
    /// The name used in `getToken({ template })`.
    pub name: String,
    /// The claims template.
    #[serde(default)]
    pub claims: serde_json::Map<String, serde_json::Value>,
    /// Token lifetime in seconds.
    #[serde(default)]
    pub lifetime: Option<u64>,
    /// Allowed clock skew in seconds.
    #[serde(default)]
    pub allowed_clock_skew: Option<u64>,
}

/// The parts of a BAPI `Organization` clerkctl reads.
#[derive(Debug, Clone, Deserialize)]
pub struct Organization {
    /// `org_…`.
    pub id: String,
    /// The slug.
    #[serde(default)]
    pub slug: Option<String>,
    /// The name.
    #[serde(default)]
    pub name: String,
}

/// `{"object":…,"id":…,"deleted":true}`.
#[derive(Debug, Clone, Deserialize)]
pub struct DeletedObject {
    /// The deleted id.
    #[serde(default)]
    pub id: Option<String>,
    /// Always true from a well-behaved server.
    #[serde(default)]
    pub deleted: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ExitStatus;

    #[test]
    fn server_date_is_read_from_the_date_header() {
        let mut h = HeaderMap::new();
        assert_eq!(server_date_ms(&h), None);
        h.insert(
            reqwest::header::DATE,
            "Tue, 12 May 2026 10:00:00 GMT".parse().unwrap(),
        );
        assert_eq!(server_date_ms(&h), Some(1_778_580_000_000));
        h.insert(reqwest::header::DATE, "yesterday".parse().unwrap());
        assert_eq!(server_date_ms(&h), None);
    }

    #[test]
    fn backoff_doubles_caps_and_jitters_within_half() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(0, 1.0), Duration::from_millis(100));
        assert_eq!(p.backoff(1, 1.0), Duration::from_millis(200));
        assert_eq!(p.backoff(3, 1.0), Duration::from_millis(800));
        assert_eq!(p.backoff(30, 1.0), p.max_delay);
        assert_eq!(p.backoff(1, 0.0), Duration::from_millis(100));
        for j in [0.0, 0.3, 0.999] {
            let d = p.backoff(2, j);
            assert!(d >= Duration::from_millis(200) && d <= Duration::from_millis(400));
        }
    }

    #[test]
    fn retry_after_wins_but_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.delay(0, Some(Duration::from_secs(2)), 0.5),
            Duration::from_secs(2)
        );
        assert_eq!(
            p.delay(0, Some(Duration::from_secs(3600)), 0.5),
            p.max_retry_after
        );
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(parse_retry_after(&h), Some(Duration::from_secs(3)));
        h.insert(RETRY_AFTER, "0.5".parse().unwrap());
        assert_eq!(parse_retry_after(&h), Some(Duration::from_millis(500)));
        h.insert(
            RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(parse_retry_after(&h), None);
    }

    #[test]
    fn which_failures_are_retried() {
        use AttemptOutcome::*;
        let cases = [
            (Method::GET, Status(429), true),
            (Method::POST, Status(429), true),
            (Method::POST, Status(503), true),
            (Method::POST, Status(500), false),
            (Method::POST, Status(502), false),
            (Method::GET, Status(500), true),
            (Method::DELETE, Status(502), true),
            (Method::GET, Status(404), false),
            (Method::GET, Status(401), false),
            (Method::POST, ConnectFailed, true),
            (Method::POST, LostInFlight, false),
            (Method::PATCH, LostInFlight, false),
            (Method::PUT, LostInFlight, true),
        ];
        for (method, outcome, expected) in cases {
            assert_eq!(
                should_retry(&method, outcome),
                expected,
                "{method} {outcome:?}"
            );
        }
    }

    #[test]
    fn envelope_is_parsed_and_redacted() {
        let body = br#"{"errors":[{"message":"invalid key sk_test_abcdefghijklmnop1234","long_message":"the key was rejected","code":"clerk_key_invalid"}],"clerk_trace_id":"x"}"#;
        let err = status_error(401, body);
        let text = err.to_string();
        assert!(text.contains("401 (clerk_key_invalid)"), "{text}");
        assert!(text.contains("the key was rejected"), "{text}");
        assert!(!text.contains("abcdefghijklmnop"), "{text}");
        let plain = status_error(502, b"<html>bad gateway</html>");
        assert_eq!(
            plain,
            ApiError::Status {
                status: 502,
                code: "http_502".into(),
                message: "<html>bad gateway</html>".into(),
                long_message: None
            }
        );
    }

    #[test]
    fn errors_map_to_exit_statuses() {
        let status = |s: u16| status_error(s, b"{}");
        let cases = [
            (status(401), ExitStatus::Usage),
            (status(403), ExitStatus::Usage),
            (status(404), ExitStatus::Failure),
            (status(422), ExitStatus::Failure),
            (status(500), ExitStatus::Unavailable),
            (status(429), ExitStatus::Unavailable),
            (ApiError::Timeout, ExitStatus::Unavailable),
            (
                ApiError::Unreachable("refused".into()),
                ExitStatus::Unavailable,
            ),
            (
                ApiError::RetriesExhausted {
                    attempts: 6,
                    last: Box::new(status(429)),
                },
                ExitStatus::Unavailable,
            ),
            (ApiError::Decode("eof".into()), ExitStatus::Failure),
        ];
        for (err, expected) in cases {
            let user: UserError = err.clone().into();
            assert_eq!(user.status, expected, "{err}");
        }
    }

    #[test]
    fn limiter_admits_max_per_window_then_waits_for_the_oldest() {
        let limiter = RateLimiter::new(3, Duration::from_secs(10));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.try_acquire(t0), None);
        }
        let wait = limiter.try_acquire(t0 + Duration::from_secs(4));
        assert_eq!(wait, Some(Duration::from_secs(6)));
        assert_eq!(limiter.try_acquire(t0 + Duration::from_secs(10)), None);
    }

    #[test]
    fn lists_accept_both_shapes_and_204_reads_as_null() {
        let a: List<u8> = parse_body(b"[1,2]").unwrap();
        let b: List<u8> = parse_body(br#"{"data":[3],"total_count":1}"#).unwrap();
        assert_eq!(a.into_items(), vec![1, 2]);
        assert_eq!(b.into_items(), vec![3]);
        let empty: serde_json::Value = parse_body(b"").unwrap();
        assert!(empty.is_null());
    }

    #[tokio::test]
    async fn retries_until_success_and_gives_up_with_exit_3() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let hits = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let counter = hits.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut sock, _)) = listener.accept().await else {
                    return;
                };
                let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let mut buf = vec![0u8; 4096];
                let _ = sock.read(&mut buf).await;
                let req = String::from_utf8_lossy(&buf);
                let always_fail = req.contains("/v1/down");
                let resp = if always_fail || n < 2 {
                    "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 0\r\nContent-Type: application/json\r\nContent-Length: 63\r\nConnection: close\r\n\r\n{\"errors\":[{\"message\":\"slow down\",\"code\":\"too_many_requests\"}]}"
                } else {
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}"
                };
                let _ = sock.write_all(resp.as_bytes()).await;
            }
        });
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = logs.clone();
        let client = ClerkClient::new(&format!("http://{addr}"), "v1", Secret::new("sk_test_x"))
            .with_retry(RetryPolicy {
                max_attempts: 4,
                base_delay: Duration::from_millis(1),
                max_delay: Duration::from_millis(5),
                max_retry_after: Duration::from_millis(5),
            })
            .with_observer(Arc::new(move |l: &RequestLog| {
                sink.lock().unwrap().push(l.to_string());
            }));
        let v: serde_json::Value = client.post("/up", &serde_json::json!({})).await.unwrap();
        assert_eq!(v, serde_json::json!({"ok": true}));
        assert_eq!(logs.lock().unwrap().len(), 3);
        assert!(logs.lock().unwrap()[0].starts_with("POST /v1/up 429 "));
        let err = client
            .get::<serde_json::Value>("/down", &[])
            .await
            .unwrap_err();
        assert!(
            matches!(err, ApiError::RetriesExhausted { attempts: 4, .. }),
            "{err}"
        );
        assert_eq!(UserError::from(err).status, ExitStatus::Unavailable);
    }

    #[tokio::test]
    async fn unreachable_is_exit_3() {
        let client = ClerkClient::new("http://127.0.0.1:9", "v1", Secret::new("sk_test_x"))
            .with_retry(RetryPolicy {
                max_attempts: 2,
                base_delay: Duration::from_millis(1),
                max_delay: Duration::from_millis(1),
                max_retry_after: Duration::from_millis(1),
            });
        let err = client
            .get::<serde_json::Value>("/jwks", &[])
            .await
            .unwrap_err();
        let user = UserError::from(err);
        assert_eq!(user.status, ExitStatus::Unavailable);
        // Retried to exhaustion, it still says where to look.
        assert_eq!(user.hint.as_deref(), Some(UNREACHABLE_HINT));
    }
}
