//! The local, wire-compatible Clerk Backend API (`clerkctl emulator`, and in-process for tests).
//!
//! [`Emulator::start`] binds, loads or creates the state (RSA key generation happens once per
//! state, never on a start with persisted keys) and serves on a background task until the
//! [`EmulatorHandle`] is shut down or dropped. The module splits by concern: `state` (the data
//! and session model), `clock`, `faults` (injected faults and misbehaviours), `persist` (the
//! atomic state file and its write model), `conn` (connections the `drop_connection` fault can
//! abort), `errors` (Clerk's envelope) and `routes/*` (one file per resource).
//!
//! A start on a state file that holds keys does no key generation, needs no random numbers and
//! rewrites nothing unless the start changed the state (new settings, a first generated secret
//! key). That matters because the first use of aws-lc's random generator seeds it from CPU
//! jitter, which costs tens of milliseconds of CPU: it is done on a blocking thread once the
//! server is listening, so it overlaps the first requests instead of delaying "ready".

mod clock;
mod conn;
mod errors;
mod faults;
mod ids;
mod persist;
mod routes;
mod state;
mod tokens;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex, RwLock, Weak};

use serde_json::{Map, Value};
use tokio::sync::oneshot;

pub use faults::{ALL_MISBEHAVIOURS, Faults, Misbehaviour};
pub use state::SessionSettings;

use crate::clerk::keys::{KeyEnvironment, PublishableKey, Secret, SecretKey};
use crate::jwt::sign::SigningKey;
use crate::project::SessionConfig;
use errors::{ApiError, ApiResult};
use persist::Persister;
use state::{State, StoredKey, StoredSecret};

/// How to start an emulator.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// Address to bind (loopback by default).
    pub host: String,
    /// Port (0 picks a free one).
    pub port: u16,
    /// Persist the state here (loaded at start when it exists).
    pub state_file: Option<PathBuf>,
    /// The secret key clients must send; when `None`, the one stored in the state file, else a
    /// generated `sk_test_…` (stored in the state file when there is one).
    pub secret_key: Option<String>,
    /// The emulated Frontend API URL (`iss`); defaults to the emulator's own URL.
    pub frontend_api: Option<String>,
    /// Session settings (lifetime, inactivity, mode, token lifetime, custom claims).
    pub session: SessionConfig,
    /// The `azp` claim of session tokens, as the Frontend API sets it for a browser on that
    /// origin; `None` (the default) omits it, as on every token minted through the Backend API.
    pub authorized_party: Option<String>,
    /// Organizations on or off at start (`--organizations`, `[organizations] enabled`); `None`
    /// keeps the state file's setting, else a new instance's: off.
    pub organizations: Option<bool>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 0,
            state_file: None,
            secret_key: None,
            frontend_api: None,
            session: SessionConfig::default(),
            authorized_party: None,
            organizations: None,
        }
    }
}

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// `host:port`.
        addr: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The state file could not be read or is invalid.
    #[error("{0}")]
    State(String),
    /// Another emulator serves the state file.
    #[error("{0}")]
    Locked(String),
    /// `--secret-key` is not a secret key.
    #[error("{0}")]
    SecretKey(String),
    /// A configuration value is invalid.
    #[error("{0}")]
    Config(String),
    /// Key generation or parsing failed.
    #[error("signing key: {0}")]
    Key(String),
}

/// The emulator.
#[derive(Debug)]
pub struct Emulator;

/// A running emulator; dropping it shuts the server down.
#[derive(Debug)]
pub struct EmulatorHandle {
    url: String,
    secret: Secret,
    publishable_key: PublishableKey,
    frontend_api_url: String,
    jwt_key_pem: String,
    secret_generated: bool,
    app: Arc<App>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl EmulatorHandle {
    /// `http://127.0.0.1:PORT`; Backend API routes live under `/v1/…`.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The secret key clients must send as a Bearer token.
    pub fn secret_key(&self) -> &Secret {
        &self.secret
    }

    /// True when the secret key is the emulator's own (generated now or by an earlier start on the
    /// same state file), not one given in the config.
    pub fn secret_key_generated(&self) -> bool {
        self.secret_generated
    }

    /// A publishable key whose host is the emulated Frontend API.
    pub fn publishable_key(&self) -> &PublishableKey {
        &self.publishable_key
    }

    /// The emulated Frontend API URL (the tokens' `iss`).
    pub fn frontend_api_url(&self) -> String {
        self.frontend_api_url.clone()
    }

    /// The current signing key's public key as SPKI PEM (`CLERK_JWT_KEY`) at start.
    pub fn jwt_key_pem(&self) -> &str {
        &self.jwt_key_pem
    }

    /// Stop serving, wait for in-flight requests to finish, and write pending touches to the
    /// state file.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        // Nothing is served any more; a failure here has no client to report to, and the file
        // still holds the last complete snapshot.
        let app = self.app.clone();
        let _ = tokio::task::spawn_blocking(move || app.flush()).await;
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Shared server state.
#[derive(Debug)]
pub(crate) struct App {
    state: Mutex<State>,
    signers: RwLock<Vec<Arc<SigningKey>>>,
    faults: RwLock<Faults>,
    secret: Secret,
    frontend_api_url: String,
    persister: Option<Persister>,
    seq: AtomicU64,
    /// Custom session-token claims (`[session] claims`), rendered like a template.
    session_claims: Map<String, Value>,
    /// Settings given at start (what `reset` goes back to).
    initial_settings: SessionSettings,
    /// Organizations settings at start (what `reset` goes back to).
    initial_org_settings: state::OrganizationSettings,
    /// Ids created while `replication_lag` is on that have not been read yet.
    lagging: Mutex<std::collections::HashSet<String>>,
}

impl App {
    /// A copy of the fault set (small; taken once per request).
    fn faults(&self) -> Faults {
        self.faults
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// True when a misbehaviour is on.
    fn has(&self, m: Misbehaviour) -> bool {
        self.faults.read().unwrap_or_else(|e| e.into_inner()).has(m)
    }

    /// A user, session or organization was just created: under `replication_lag` its first
    /// read answers 404.
    fn created(&self, id: &str) {
        if !id.is_empty() && self.has(Misbehaviour::ReplicationLag) {
            self.lagging
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(id.to_string());
        }
    }

    /// True (once) when `id` is read for the first time after its creation under
    /// `replication_lag`: the caller answers 404.
    fn lags(&self, id: &str) -> bool {
        self.lagging
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(id)
    }

    /// Run `f` on the state without persisting (reads; status refreshes are recomputable).
    fn read<R>(&self, f: impl FnOnce(&mut State, &Faults) -> R) -> R {
        let faults = self.faults();
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut st, &faults)
    }

    /// Run `f` on the state and, when it succeeds, persist the result before answering (a
    /// change; see [`persist`] for the model).
    fn write<R>(&self, f: impl FnOnce(&mut State, &Faults) -> ApiResult<R>) -> ApiResult<R> {
        let faults = self.faults();
        let (out, snapshot) = {
            let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
            let out = f(&mut st, &faults)?;
            (out, self.snapshot(&st))
        };
        self.persist(snapshot)?;
        Ok(out)
    }

    /// Run `f` on the state and leave persisting the result to the background writer (a touch:
    /// activity timestamps a crash may lose; see [`persist`]).
    fn touch<R>(&self, f: impl FnOnce(&mut State, &Faults) -> ApiResult<R>) -> ApiResult<R> {
        let faults = self.faults();
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let out = f(&mut st, &faults)?;
        if let Some(p) = &self.persister {
            p.touch();
        }
        Ok(out)
    }

    /// Number and serialise the state (with its lock held, so numbers follow the changes).
    fn snapshot(&self, st: &State) -> Option<Snapshot> {
        let p = self.persister.as_ref()?;
        let touches = p.take_touched();
        let seq = self.seq.fetch_add(1, Ordering::SeqCst) + 1;
        Some(Snapshot {
            seq,
            text: serde_json::to_string(st).unwrap_or_default(),
            touches,
        })
    }

    fn persist(&self, snapshot: Option<Snapshot>) -> ApiResult<()> {
        let (Some(p), Some(snap)) = (&self.persister, snapshot) else {
            return Ok(());
        };
        p.write(snap.seq, &snap.text).map_err(|e| {
            if snap.touches {
                p.untake_touched();
            }
            ApiError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "state_not_persisted",
                "state not persisted",
                format!("cannot write `{}`: {e}", p.path().display()),
            )
        })
    }

    /// Persist the current state now, whatever is on disk.
    fn save(&self) -> ApiResult<()> {
        let snapshot = {
            let st = self.state.lock().unwrap_or_else(|e| e.into_inner());
            self.snapshot(&st)
        };
        self.persist(snapshot)
    }

    /// Persist the current state now if anything is not on disk yet: pending touches, or a
    /// snapshot numbered but not written (another thread is writing it, or it failed).
    fn flush(&self) -> ApiResult<()> {
        let Some(p) = &self.persister else {
            return Ok(());
        };
        // Read before the state lock (never wait for another thread's fsync while holding it):
        // an earlier `last_written` at least as high as a later `seq` means all is on disk.
        let written = p.last_written();
        let snapshot = {
            let st = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if !p.has_touches() && written >= self.seq.load(Ordering::SeqCst) {
                return Ok(());
            }
            self.snapshot(&st)
        };
        self.persist(snapshot)
    }

    /// The current signing key.
    fn signer(&self) -> Option<Arc<SigningKey>> {
        self.signers
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .first()
            .cloned()
    }

    /// Replace the parsed keys after a rotation or an import.
    fn set_signers(&self, keys: Vec<Arc<SigningKey>>) {
        *self.signers.write().unwrap_or_else(|e| e.into_inner()) = keys;
    }
}

/// A numbered, serialised state.
struct Snapshot {
    seq: u64,
    text: String,
    /// It holds touches (which must stay pending if it cannot be written).
    touches: bool,
}

impl Drop for App {
    /// The last handle on the state is gone: write what the background writer has not yet.
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// The background writer of touches: wakes on the first touch after a snapshot, lets touches
/// accumulate for [`persist::TOUCH_COALESCE`], writes one snapshot. It holds the emulator only
/// weakly and ends when the emulator (and with it the wake-up sender) is gone.
fn touch_writer(app: Weak<App>, woken: Receiver<()>) {
    while woken.recv().is_ok() {
        std::thread::sleep(persist::TOUCH_COALESCE);
        while woken.try_recv().is_ok() {}
        let Some(app) = app.upgrade() else {
            return;
        };
        if app.flush().is_err() {
            // The disk refused the write; the touches stay pending. Retry at a calmer pace.
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    }
}

/// Parse every stored key.
fn parse_keys(keys: &[StoredKey]) -> Result<Vec<Arc<SigningKey>>, String> {
    keys.iter()
        .map(|k| {
            SigningKey::from_pkcs8_pem(k.kid.clone(), &k.private_key_pem)
                .map(Arc::new)
                .map_err(|e| format!("key `{}`: {e}", k.kid))
        })
        .collect()
}

/// Generate a new stored key with a fresh `ins_…` kid.
fn generate_key(kid: String) -> Result<(StoredKey, Arc<SigningKey>), String> {
    let key = SigningKey::generate(kid.clone()).map_err(|e| e.to_string())?;
    Ok((
        StoredKey {
            kid,
            private_key_pem: key.to_pkcs8_pem(),
            retire_at_ms: None,
        },
        Arc::new(key),
    ))
}

fn settings_from(config: &EmulatorConfig) -> SessionSettings {
    SessionSettings {
        max_lifetime_seconds: config.session.max_lifetime_seconds,
        inactivity_timeout_seconds: config.session.inactivity_timeout_seconds,
        mode: config.session.mode,
        authorized_party: config.authorized_party.clone(),
        token_lifetime_seconds: config.session.token_lifetime_seconds,
    }
}

/// `host[:port]` of a URL, for the publishable key.
pub(crate) fn url_host(url: &str) -> Result<String, EmulatorError> {
    let parsed = url::Url::parse(url)
        .map_err(|e| EmulatorError::Config(format!("`{url}` is not a URL: {e}")))?;
    let host = parsed
        .host_str()
        .ok_or_else(|| EmulatorError::Config(format!("`{url}` has no host")))?;
    Ok(match parsed.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    })
}

impl Emulator {
    /// Bind, load or create the state, and serve in the background.
    pub async fn start(config: EmulatorConfig) -> Result<EmulatorHandle, EmulatorError> {
        let given_secret = match &config.secret_key {
            Some(raw) => Some(
                SecretKey::parse(raw)
                    .map_err(|e| EmulatorError::SecretKey(format!("`--secret-key`: {e}")))?
                    .secret()
                    .clone(),
            ),
            None => None,
        };
        let addr = format!("{}:{}", config.host, config.port);
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .map_err(|source| EmulatorError::Bind {
                addr: addr.clone(),
                source,
            })?;
        let local = listener
            .local_addr()
            .map_err(|source| EmulatorError::Bind {
                addr: addr.clone(),
                source,
            })?;
        let url = format!("http://{local}");
        let frontend_api_url = config
            .frontend_api
            .clone()
            .map(|u| u.trim_end_matches('/').to_string())
            .unwrap_or_else(|| url.clone());
        let host = url_host(&frontend_api_url)?;
        if !host.contains('.') {
            return Err(EmulatorError::Config(format!(
                "the Frontend API host `{host}` needs a dot (publishable keys require a domain name)"
            )));
        }
        let publishable_key = PublishableKey::for_host(KeyEnvironment::Test, &host);
        let settings = settings_from(&config);

        // One emulator per state file: lock it before reading it; then no other clerkctl writes
        // it, and temporary files beside it are a killed writer's leftovers.
        let lock = match &config.state_file {
            Some(path) => {
                let lock = persist::lock(path, &url).map_err(EmulatorError::Locked)?;
                crate::files::remove_stale_temps(path);
                Some(lock)
            }
            None => None,
        };
        let loaded = match &config.state_file {
            Some(path) => persist::load(path).map_err(EmulatorError::State)?,
            None => None,
        };
        // Whether the start itself changed the state, i.e. whether the file must be rewritten.
        let mut changed = loaded.is_none();
        let (mut state, signers) = match loaded {
            Some(st) => {
                let signers = parse_keys(&st.keys).map_err(EmulatorError::Key)?;
                if signers.is_empty() {
                    return Err(EmulatorError::State(
                        "the state file has no signing key".into(),
                    ));
                }
                (st, signers)
            }
            None => {
                let instance_id = ids::new_id("ins");
                let kid = instance_id.clone();
                let (stored, signer) = tokio::task::spawn_blocking(move || generate_key(kid))
                    .await
                    .map_err(|e| EmulatorError::Key(e.to_string()))?
                    .map_err(EmulatorError::Key)?;
                (
                    State::new(instance_id, stored, settings.clone()),
                    vec![signer],
                )
            }
        };
        // Settings given at start (flags, clerkctl.toml) win over the persisted ones.
        if state.settings != settings {
            state.settings = settings.clone();
            changed = true;
        }
        if let Some(on) = config.organizations
            && state.organization_settings.enabled != on
        {
            state.organization_settings.enabled = on;
            changed = true;
        }
        let initial_org_settings = state.organization_settings.clone();
        // A given key is used as is and never stored; otherwise the state's own key, generated
        // once, so clients configured from an earlier start on the same file keep working.
        let secret_generated = given_secret.is_none();
        let secret = match given_secret {
            Some(s) => s,
            None => match &state.secret_key {
                Some(stored) => stored.to_secret(),
                None => {
                    let fresh = format!("sk_test_{}", ids::random_base62(40));
                    state.secret_key = Some(StoredSecret::new(fresh.clone()));
                    changed = true;
                    Secret::new(fresh)
                }
            },
        };
        let jwt_key_pem = signers.first().map(|k| k.public_pem()).unwrap_or_default();
        let (persister, woken) = config
            .state_file
            .clone()
            .zip(lock)
            .map(|(path, lock)| Persister::new(path, lock))
            .unzip();
        let app = Arc::new(App {
            state: Mutex::new(state),
            signers: RwLock::new(signers),
            faults: RwLock::new(Faults::default()),
            secret: secret.clone(),
            frontend_api_url: frontend_api_url.clone(),
            persister,
            seq: AtomicU64::new(0),
            session_claims: config.session.claims.clone(),
            initial_settings: settings,
            initial_org_settings,
            lagging: Mutex::new(std::collections::HashSet::new()),
        });
        if changed {
            app.save()
                .map_err(|e| EmulatorError::State(e.long_message.clone()))?;
        }
        if let Some(woken) = woken {
            let weak = Arc::downgrade(&app);
            std::thread::Builder::new()
                .name("clerkctl-emulator-state".into())
                .spawn(move || touch_writer(weak, woken))
                .map_err(|e| EmulatorError::State(format!("cannot start the state writer: {e}")))?;
        }

        let router = routes::router(app.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let service = router.into_make_service_with_connect_info::<conn::KillSwitch>();
            let serve = axum::serve(conn::KillableListener(listener), service)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                });
            let _ = serve.await;
        });
        // Seed aws-lc's generator off the start-up path (see the module header); the first
        // request that needs it waits for this instead of every start paying for it.
        tokio::task::spawn_blocking(|| drop(ids::random_bytes(1)));
        Ok(EmulatorHandle {
            url,
            secret,
            publishable_key,
            frontend_api_url,
            jwt_key_pem,
            secret_generated,
            app,
            stop: Some(stop),
            task: Some(task),
        })
    }
}
