//! Run ids, the tags every created resource carries, and deleting what a run created: the
//! resources it tracked, then a sweep by tag (covers a create whose answer was lost), and
//! `clerkctl test cleanup` for leftovers of interrupted runs. Nothing untagged is ever touched.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use crate::clerk::api::{ApiError, ClerkClient, DeletedObject, List};

/// Length of a run id.
pub const RUN_ID_LEN: usize = 10;

/// The `private_metadata` key that tags a run's users and organizations with its run id.
pub const RUN_TAG: &str = "clerkctl_run";

/// What every run resource name starts with (`clerkctl-run-<run id>-<label>`).
const NAME_MARKER: &str = "clerkctl-run-";

/// A fresh run id: five letter-digit pairs (`k3x9m2q7p4`). Digits at fixed places keep it from
/// ever spelling a word, so a human name cannot be mistaken for a run's.
pub fn new_run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut x = (nanos as u64) ^ (u64::from(std::process::id()) << 32) ^ 0x2545_F491_4F6C_DD1D;
    let mut id = String::with_capacity(RUN_ID_LEN);
    for i in 0..RUN_ID_LEN {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let (base, n) = if i % 2 == 0 { (b'a', 26) } else { (b'0', 10) };
        let offset = u8::try_from(x % n).unwrap_or(0);
        id.push(char::from(base + offset));
    }
    id
}

/// Whether `s` has the form of a run id: five lowercase-letter, digit pairs.
pub fn is_run_id(s: &str) -> bool {
    s.len() == RUN_ID_LEN
        && s.bytes().enumerate().all(|(i, b)| {
            if i % 2 == 0 {
                b.is_ascii_lowercase()
            } else {
                b.is_ascii_digit()
            }
        })
}

/// The external id of a run's test users.
pub fn user_external_id(run_id: &str) -> String {
    format!("clerkctl-test-{run_id}")
}

/// A tagged, never-deliverable email address (`example.com` is reserved).
pub fn user_email(run_id: &str, label: &str) -> String {
    format!("ci+clerkctl-{run_id}-{label}@example.com")
}

/// A run's resource name (JWT template name, organization name and slug):
/// `clerkctl-run-<run id>-<label>`.
pub fn resource_name(run_id: &str, label: &str) -> String {
    format!("{NAME_MARKER}{run_id}-{label}")
}

/// The `private_metadata` a run's users and organizations carry.
pub fn run_tag(run_id: &str) -> Value {
    serde_json::json!({ RUN_TAG: run_id })
}

/// The run id in a resource's `private_metadata` tag, if it has one.
fn tagged_run(object: &Value) -> Option<&str> {
    object
        .get("private_metadata")
        .and_then(|m| m.get(RUN_TAG))
        .and_then(Value::as_str)
        .filter(|r| is_run_id(r))
}

/// The run id in a test user's external id, if it is one.
/// Test users are `clerkctl-test-<run>` or `clerkctl-test-<run>-<label>`.
pub fn run_of_external_id(external_id: &str) -> Option<&str> {
    let rest = external_id.strip_prefix("clerkctl-test-")?;
    let (run, label) = rest.split_at_checked(RUN_ID_LEN)?;
    (is_run_id(run) && (label.is_empty() || label.len() > 1 && label.starts_with('-')))
        .then_some(run)
}

/// The run id in a template name or org slug (`clerkctl-run-<run>-<label>`), if it is one.
pub fn run_of_name(name: &str) -> Option<&str> {
    let rest = name.strip_prefix(NAME_MARKER)?;
    let (run, label) = rest.split_at_checked(RUN_ID_LEN)?;
    (is_run_id(run) && label.starts_with('-') && label.len() > 1).then_some(run)
}

/// The kinds of resources a run creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A user (its sessions go with it).
    User,
    /// A JWT template.
    JwtTemplate,
    /// An organization.
    Organization,
}

impl Kind {
    fn path(self, id: &str) -> String {
        match self {
            Kind::User => format!("/users/{id}"),
            Kind::JwtTemplate => format!("/jwt_templates/{id}"),
            Kind::Organization => format!("/organizations/{id}"),
        }
    }

    fn order(self) -> u8 {
        match self {
            Kind::JwtTemplate => 0,
            Kind::Organization => 1,
            Kind::User => 2,
        }
    }
}

/// What the run created, recorded as soon as each create answered.
#[derive(Debug, Default)]
pub struct Tracker {
    created: Mutex<Vec<(Kind, String)>>,
}

impl Tracker {
    /// Remember a created resource.
    pub fn track(&self, kind: Kind, id: &str) {
        match self.created.lock() {
            Ok(mut c) => c.push((kind, id.to_string())),
            Err(p) => p.into_inner().push((kind, id.to_string())),
        }
    }

    /// Forget a resource a suite already deleted itself.
    pub fn forget(&self, id: &str) {
        match self.created.lock() {
            Ok(mut c) => c.retain(|(_, i)| i != id),
            Err(p) => p.into_inner().retain(|(_, i)| i != id),
        }
    }

    fn take(&self) -> Vec<(Kind, String)> {
        let mut all = match self.created.lock() {
            Ok(mut c) => std::mem::take(&mut *c),
            Err(p) => std::mem::take(&mut *p.into_inner()),
        };
        all.sort_by_key(|(k, _)| k.order());
        all
    }
}

/// What a cleanup did.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct CleanupReport {
    /// Resources deleted.
    pub deleted: usize,
    /// Resources that could not be deleted (kind and id; retry with
    /// `clerkctl test cleanup --run <run id>`).
    pub failed: Vec<String>,
}

impl CleanupReport {
    fn merge(&mut self, other: CleanupReport) {
        self.deleted += other.deleted;
        self.failed.extend(other.failed);
    }
}

/// Delete one resource; true when it was deleted by this call.
async fn delete(client: &ClerkClient, kind: Kind, id: &str, report: &mut CleanupReport) -> bool {
    match client.delete::<DeletedObject>(&kind.path(id)).await {
        Ok(_) => {
            report.deleted += 1;
            true
        }
        // Already gone (deleted by the suite, or with its owner): nothing left behind.
        Err(e) if e.is_not_found() => false,
        Err(e) => {
            report.failed.push(format!("{kind:?} {id}: {e}"));
            false
        }
    }
}

/// Delete what the run tracked, then sweep for anything else carrying its run id.
pub async fn cleanup_run(client: &ClerkClient, tracker: &Tracker, run_id: &str) -> CleanupReport {
    let mut report = CleanupReport::default();
    for (kind, id) in tracker.take() {
        delete(client, kind, &id, &mut report).await;
    }
    match sweep(client, run_id).await {
        Ok(more) => report.merge(more),
        Err(e) => report.failed.push(format!("sweep: {e}")),
    }
    report
}

/// Delete every resource tagged with `run_id`. Called by the run itself, which knows its run
/// exists: its templates need no other anchor.
pub async fn sweep(client: &ClerkClient, run_id: &str) -> Result<CleanupReport, ApiError> {
    let found = find_tagged(client, Some(&[run_id.to_string()])).await?;
    let mut report = CleanupReport::default();
    if let Some(resources) = found.runs.get(run_id) {
        delete_resources(client, resources, &mut report).await;
    }
    Ok(report)
}

/// One run's tagged resources, and when it was last active.
#[derive(Debug, Default)]
struct RunResources {
    templates: Vec<String>,
    organizations: Vec<String>,
    users: Vec<String>,
    /// The newest `created_at`/`updated_at` among them, Unix ms.
    newest_ms: Option<i64>,
}

impl RunResources {
    /// Whether the run provably exists: a user or organization carries its tag. Templates have
    /// no metadata, so a template's name alone never proves a run (a run creates its templates
    /// after its first user and deletes its users last).
    fn anchored(&self) -> bool {
        !self.users.is_empty() || !self.organizations.is_empty()
    }

    fn saw(&mut self, object: &Value) {
        for field in ["created_at", "updated_at"] {
            if let Some(t) = object.get(field).and_then(Value::as_i64) {
                self.newest_ms = Some(self.newest_ms.map_or(t, |n| n.max(t)));
            }
        }
    }
}

/// Tagged resources by run id, and the server's clock when the listing started.
#[derive(Debug, Default)]
struct Found {
    runs: BTreeMap<String, RunResources>,
    server_now_ms: Option<i64>,
}

/// Per-kind deletion counts, for the report.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct KindCounts {
    /// Users deleted (their sessions go with them).
    pub users: usize,
    /// JWT templates deleted.
    pub jwt_templates: usize,
    /// Organizations deleted.
    pub organizations: usize,
}

/// Delete templates and organizations before the users that belong to them. When a template
/// or an organization cannot be deleted, the users stay: they are what lets a later
/// `clerkctl test cleanup` tell the run's leftovers from resources it did not create.
async fn delete_resources(
    client: &ClerkClient,
    resources: &RunResources,
    report: &mut CleanupReport,
) -> KindCounts {
    let mut counts = KindCounts::default();
    let failed_before = report.failed.len();
    for id in &resources.templates {
        counts.jwt_templates += usize::from(delete(client, Kind::JwtTemplate, id, report).await);
    }
    for id in &resources.organizations {
        counts.organizations += usize::from(delete(client, Kind::Organization, id, report).await);
    }
    if report.failed.len() > failed_before {
        for id in &resources.users {
            report.failed.push(format!(
                "User {id}: kept until the run's other resources are deleted"
            ));
        }
        return counts;
    }
    for id in &resources.users {
        counts.users += usize::from(delete(client, Kind::User, id, report).await);
    }
    counts
}

/// List the resources carrying a run tag (`only`: these runs' only), grouped by run.
async fn find_tagged(client: &ClerkClient, only: Option<&[String]>) -> Result<Found, ApiError> {
    let wanted = |run: Option<&str>| {
        run.filter(|r| only.is_none_or(|o| o.iter().any(|w| w == r)))
            .map(str::to_string)
    };
    let mut found = Found::default();

    // The first answer's `Date` is the reference: anything created while the listing goes on
    // looks younger than it is, never older, so a slow listing cannot make an active run stale.
    let (templates, date) = client
        .get_dated::<List<Value>>(
            "/jwt_templates",
            &[("paginated", "true".into()), ("limit", "500".into())],
        )
        .await?;
    found.server_now_ms = date;
    for t in templates.into_items() {
        let name = t.get("name").and_then(Value::as_str).unwrap_or_default();
        if let (Some(run), Some(id)) = (
            wanted(run_of_name(name)),
            t.get("id").and_then(Value::as_str),
        ) {
            let entry = found.runs.entry(run).or_default();
            entry.templates.push(id.to_string());
            entry.saw(&t);
        }
    }

    // Organizations are listed directly (an interrupted run can leave an organization whose
    // users are gone): one is a run's only when its slug (or name) names the run and its
    // `private_metadata` tag says the same run.
    for (run, org) in tagged_orgs(client).await? {
        let (Some(run), Some(id)) = (wanted(Some(&run)), org.get("id").and_then(Value::as_str))
        else {
            continue;
        };
        let entry = found.runs.entry(run).or_default();
        entry.organizations.push(id.to_string());
        entry.saw(&org);
    }

    for (run, user) in tagged_users(client, only).await? {
        let entry = found.runs.entry(run).or_default();
        entry.users.push(user_id(&user).to_string());
        entry.saw(&user);
    }
    Ok(found)
}

/// Organizations whose slug (or, with slugs off, name) and `private_metadata` tag name the same
/// run: (run id, org JSON).
/// An instance that cannot list organizations (Organizations off) has none.
async fn tagged_orgs(client: &ClerkClient) -> Result<Vec<(String, Value)>, ApiError> {
    let page = 500usize;
    let mut offset = 0usize;
    let mut out = Vec::new();
    loop {
        let orgs = match client
            .get::<List<Value>>(
                "/organizations",
                &[
                    ("query", NAME_MARKER.to_string()),
                    ("limit", page.to_string()),
                    ("offset", offset.to_string()),
                ],
            )
            .await
        {
            Ok(l) => l.into_items(),
            Err(e) if e.is_unavailable() => return Err(e),
            Err(_) => return Ok(out),
        };
        let n = orgs.len();
        for org in orgs {
            // The slug names the run; an instance with slugs off leaves only the name.
            let named = ["slug", "name"]
                .iter()
                .find_map(|f| {
                    org.get(*f)
                        .and_then(Value::as_str)
                        .filter(|v| !v.is_empty())
                })
                .and_then(run_of_name);
            let Some(run) = named.map(str::to_string) else {
                continue;
            };
            // The listing may leave `private_metadata` out: read the organization itself.
            let org = if org.get("private_metadata").is_some() {
                org
            } else {
                let id = org.get("id").and_then(Value::as_str).unwrap_or_default();
                match client
                    .get::<Value>(&format!("/organizations/{id}"), &[])
                    .await
                {
                    Ok(full) => full,
                    Err(e) if e.is_unavailable() => return Err(e),
                    Err(_) => continue,
                }
            };
            if tagged_run(&org) == Some(run.as_str()) {
                out.push((run, org));
            }
        }
        if n < page || offset > 100_000 {
            break;
        }
        offset += page;
    }
    Ok(out)
}

fn user_id(user: &Value) -> &str {
    user.get("id").and_then(Value::as_str).unwrap_or_default()
}

/// Tagged users (run id, user JSON); `only`: these runs' users only.
async fn tagged_users(
    client: &ClerkClient,
    only: Option<&[String]>,
) -> Result<Vec<(String, Value)>, ApiError> {
    let mut out = Vec::new();
    let mut keep = |u: Value, want: Option<&str>| {
        let run = u
            .get("external_id")
            .and_then(Value::as_str)
            .and_then(run_of_external_id)
            .map(str::to_string);
        if let Some(run) = run
            && want.is_none_or(|w| w == run)
            && !user_id(&u).is_empty()
        {
            out.push((run, u));
        }
    };
    if let Some(runs) = only {
        for run in runs {
            // The tagged email matches Clerk's `query` search; the external id decides.
            let users: Vec<Value> = client
                .get(
                    "/users",
                    &[
                        ("query", format!("clerkctl-{run}")),
                        ("limit", "500".into()),
                    ],
                )
                .await?;
            for u in users {
                keep(u, Some(run));
            }
        }
        return Ok(out);
    }
    let page = 500usize;
    let mut offset = 0usize;
    loop {
        let users: Vec<Value> = client
            .get(
                "/users",
                &[("limit", page.to_string()), ("offset", offset.to_string())],
            )
            .await?;
        let n = users.len();
        for u in users {
            keep(u, None);
        }
        if n < page || offset > 100_000 {
            break;
        }
        offset += page;
    }
    Ok(out)
}

/// Which runs `clerkctl test cleanup` removes.
#[derive(Debug, Clone)]
pub enum Selection {
    /// Runs whose newest resource is at least this old on the server's clock (`0`: all).
    OlderThan {
        /// The threshold.
        age: Duration,
        /// How the user wrote it (`10m`), for the report.
        text: String,
    },
    /// Exactly these runs, whatever their age.
    Runs(Vec<String>),
}

/// What `clerkctl test cleanup` did with one run.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RunOutcome {
    /// The run id.
    pub run_id: String,
    /// `deleted` (its resources were removed, see `failed`), `skipped` (still active),
    /// `unproven` (only templates carry the run id and nothing proves the run existed: kept) or
    /// `not_found` (a `--run` with nothing tagged).
    pub action: &'static str,
    /// The newest `created_at`/`updated_at` of its resources, Unix ms.
    pub last_active_ms: Option<i64>,
    /// How long ago that was on the server's clock, ms (negative: the server's clock is behind).
    pub age_ms: Option<i64>,
    /// Resources deleted.
    pub deleted: usize,
    /// Deleted, per kind.
    pub deleted_by_kind: KindCounts,
    /// Resources that could not be deleted.
    pub failed: Vec<String>,
    /// Why a skipped run was kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What `clerkctl test cleanup` did: the totals (the shape it always had), then per run.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LeftoverReport {
    /// Resources deleted, all runs.
    pub deleted: usize,
    /// Resources that could not be deleted, all runs.
    pub failed: Vec<String>,
    /// The age threshold in seconds (`null` with `--run`).
    pub older_than_seconds: Option<u64>,
    /// The reference time, Unix ms.
    pub now_ms: i64,
    /// Where `now_ms` came from: `server` (the instance's `Date`) or `local`.
    pub clock: &'static str,
    /// Every tagged run found (or named by `--run`), oldest activity first.
    pub runs: Vec<RunOutcome>,
}

/// A duration for people: `42 s`, `7 min`, `3 h`, `2 d`.
pub fn human_age(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    match s {
        0..120 => format!("{s} s"),
        120..7200 => format!("{} min", s / 60),
        7200..172_800 => format!("{} h", s / 3600),
        _ => format!("{} d", s / 86_400),
    }
}

/// Whether a run last active `age_ms` ago is a leftover for threshold `age`. A run with no
/// timestamps cannot be dated: only `0s` (remove all) takes it.
fn is_leftover(age_ms: Option<i64>, age: Duration) -> bool {
    if age.is_zero() {
        return true;
    }
    let threshold = i64::try_from(age.as_millis()).unwrap_or(i64::MAX);
    age_ms.is_some_and(|a| a >= threshold)
}

/// `clerkctl test cleanup`: delete the resources of the selected runs, keep the rest.
pub async fn cleanup_leftovers(
    client: &ClerkClient,
    selection: &Selection,
) -> Result<LeftoverReport, ApiError> {
    let only = match selection {
        Selection::Runs(runs) => Some(runs.as_slice()),
        Selection::OlderThan { .. } => None,
    };
    let mut found = find_tagged(client, only).await?;
    let (now_ms, clock) = match found.server_now_ms {
        Some(ms) => (ms, "server"),
        None => (chrono::Utc::now().timestamp_millis(), "local"),
    };
    if let Selection::Runs(runs) = selection {
        for run in runs {
            found.runs.entry(run.clone()).or_default();
        }
    }
    let mut runs: Vec<(String, RunResources)> = found.runs.into_iter().collect();
    runs.sort_by_key(|(id, r)| (r.newest_ms, id.clone()));
    let mut report = LeftoverReport {
        deleted: 0,
        failed: Vec::new(),
        older_than_seconds: match selection {
            Selection::OlderThan { age, .. } => Some(age.as_secs()),
            Selection::Runs(_) => None,
        },
        now_ms,
        clock,
        runs: Vec::new(),
    };
    for (run_id, resources) in runs {
        let age_ms = resources.newest_ms.map(|n| now_ms.saturating_sub(n));
        let mut outcome = RunOutcome {
            run_id: run_id.clone(),
            action: "deleted",
            last_active_ms: resources.newest_ms,
            age_ms,
            deleted: 0,
            deleted_by_kind: KindCounts::default(),
            failed: Vec::new(),
            reason: None,
        };
        let empty = resources.templates.is_empty()
            && resources.organizations.is_empty()
            && resources.users.is_empty();
        if empty {
            outcome.action = "not_found";
            outcome.reason = Some("no resource carries this run id".into());
        } else if !resources.anchored() {
            outcome.action = "unproven";
            outcome.reason = Some(
                "only JWT templates carry this run id and no user or organization of the run \
                 exists, so they may not be clerkctl's: delete them in the Dashboard if they are"
                    .into(),
            );
        } else if let Selection::OlderThan { age, text } = selection
            && !is_leftover(age_ms, *age)
        {
            outcome.action = "skipped";
            outcome.reason = Some(match age_ms {
                Some(a) => format!(
                    "active {} ago, younger than --older-than {text}",
                    human_age(a)
                ),
                None => "its resources carry no timestamps, so its age is unknown".into(),
            });
        } else {
            let mut done = CleanupReport::default();
            outcome.deleted_by_kind = delete_resources(client, &resources, &mut done).await;
            outcome.deleted = done.deleted;
            outcome.failed = done.failed;
            report.deleted += outcome.deleted;
            report.failed.extend(outcome.failed.iter().cloned());
        }
        report.runs.push(outcome);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_is_a_leftover_once_idle_for_the_threshold() {
        let ten_min = Duration::from_secs(600);
        assert!(!is_leftover(Some(42_000), ten_min));
        assert!(!is_leftover(Some(599_999), ten_min));
        assert!(is_leftover(Some(600_000), ten_min));
        // Created "in the future" of the server's clock: active, never stale.
        assert!(!is_leftover(Some(-5_000), ten_min));
        assert!(!is_leftover(None, ten_min));
        // `0s` takes every run, including undatable ones and the `Date` second's rounding.
        assert!(is_leftover(Some(-900), Duration::ZERO));
        assert!(is_leftover(None, Duration::ZERO));
    }

    #[test]
    fn ages_read_like_people_say_them() {
        assert_eq!(human_age(42_400), "42 s");
        assert_eq!(human_age(-3_000), "0 s");
        assert_eq!(human_age(7 * 60_000), "7 min");
        assert_eq!(human_age(3 * 3_600_000), "3 h");
        assert_eq!(human_age(5 * 86_400_000), "5 d");
    }

    #[test]
    fn newest_activity_is_the_max_of_created_and_updated() {
        let mut r = RunResources::default();
        r.saw(&serde_json::json!({ "created_at": 10, "updated_at": 30 }));
        r.saw(&serde_json::json!({ "created_at": 20 }));
        r.saw(&serde_json::json!({ "id": "no timestamps" }));
        assert_eq!(r.newest_ms, Some(30));
    }

    #[test]
    fn tags_round_trip_and_foreign_names_do_not_match() {
        for _ in 0..200 {
            let run = new_run_id();
            assert!(is_run_id(&run), "{run}");
        }
        let run = new_run_id();
        assert_eq!(
            run_of_external_id(&user_external_id(&run)),
            Some(run.as_str())
        );
        let labelled = format!("{}-jwt", user_external_id(&run));
        assert_eq!(run_of_external_id(&labelled), Some(run.as_str()));
        assert_eq!(
            run_of_name(&resource_name(&run, "claims")),
            Some(run.as_str())
        );
        assert_eq!(
            tagged_run(&serde_json::json!({ "private_metadata": run_tag(&run) })),
            Some(run.as_str())
        );
        for foreign in [
            "clerkctl-test-",
            "clerkctl-test-ABCDEFGHIJ",
            "clerkctl-test-abc",
            "clerkctl-test-a1b2c3d4e5f",
            "clerkctl-test-production",
            "clerkctl-test-abcdefghij",
            "my-user",
        ] {
            assert_eq!(run_of_external_id(foreign), None, "{foreign}");
        }
        // Ten-letter words once read as run ids (`clerkctl-production-api`); run ids now
        // alternate letters and digits behind a marker no human name carries.
        for foreign in [
            "clerkctl-prod",
            "clerkctl-production-api",
            "clerkctl-run-production-api",
            "clerkctl-a1b2c3d4e5-api",
            "clerkctl-run-a1b2c3d4e5",
            "clerkctl-run-a1b2c3d4e5-",
            "clerkctl-run-1a2b3c4d5e-api",
            "clerkctl-run-a1b2c3d4ee-api",
            "supabase",
        ] {
            assert_eq!(run_of_name(foreign), None, "{foreign}");
        }
        assert_eq!(
            tagged_run(&serde_json::json!({ "private_metadata": { RUN_TAG: "production" } })),
            None
        );
    }

    #[test]
    fn only_users_or_organizations_prove_a_run() {
        let mut r = RunResources {
            templates: vec!["jtmp_1".into()],
            ..RunResources::default()
        };
        assert!(!r.anchored());
        r.organizations.push("org_1".into());
        assert!(r.anchored());
        let users_only = RunResources {
            users: vec!["user_1".into()],
            ..RunResources::default()
        };
        assert!(users_only.anchored());
    }
}
