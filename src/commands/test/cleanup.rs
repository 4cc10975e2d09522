//! Run ids, the tags every created resource carries, and deleting what a run created: the
//! resources it tracked, then a sweep by tag (covers a create whose answer was lost), and
//! `clerkctl test cleanup` for leftovers of interrupted runs. Nothing untagged is ever touched.

use std::sync::Mutex;

use serde::Serialize;
use serde_json::Value;

use crate::clerk::api::{ApiError, ClerkClient, DeletedObject, JwtTemplate, List};

/// Length of a run id: lowercase letters and digits.
pub const RUN_ID_LEN: usize = 10;

/// A fresh run id (`k3x9…`, 10 characters of `[a-z0-9]`).
pub fn new_run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut x = (nanos as u64) ^ (u64::from(std::process::id()) << 32) ^ 0x2545_F491_4F6C_DD1D;
    let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut id = String::with_capacity(RUN_ID_LEN);
    for _ in 0..RUN_ID_LEN {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let i = usize::try_from(x % alphabet.len() as u64).unwrap_or(0);
        id.push(char::from(alphabet.get(i).copied().unwrap_or(b'x')));
    }
    id
}

fn is_run_id(s: &str) -> bool {
    s.len() == RUN_ID_LEN
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// The external id of a run's test users.
pub fn user_external_id(run_id: &str) -> String {
    format!("clerkctl-test-{run_id}")
}

/// A tagged, never-deliverable email address (`example.com` is reserved).
pub fn user_email(run_id: &str, label: &str) -> String {
    format!("ci+clerkctl-{run_id}-{label}@example.com")
}

/// A run's resource name (JWT template name, organization slug).
pub fn resource_name(run_id: &str, label: &str) -> String {
    format!("clerkctl-{run_id}-{label}")
}

/// The run id in a test user's external id, if it is one.
/// Test users are `clerkctl-test-<run>` or `clerkctl-test-<run>-<label>`.
pub fn run_of_external_id(external_id: &str) -> Option<&str> {
    let rest = external_id.strip_prefix("clerkctl-test-")?;
    let (run, label) = rest.split_at_checked(RUN_ID_LEN)?;
    (is_run_id(run) && (label.is_empty() || label.len() > 1 && label.starts_with('-')))
        .then_some(run)
}

/// The run id in a template name or org slug (`clerkctl-<run>-<label>`), if it is one.
pub fn run_of_name(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("clerkctl-")?;
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
    /// Resources that could not be deleted (kind and id; retry with `clerkctl test cleanup`).
    pub failed: Vec<String>,
}

impl CleanupReport {
    fn merge(&mut self, other: CleanupReport) {
        self.deleted += other.deleted;
        self.failed.extend(other.failed);
    }
}

async fn delete(client: &ClerkClient, kind: Kind, id: &str, report: &mut CleanupReport) {
    match client.delete::<DeletedObject>(&kind.path(id)).await {
        Ok(_) => report.deleted += 1,
        // Already gone (deleted by the suite, or with its owner): nothing left behind.
        Err(e) if e.is_not_found() => {}
        Err(e) => report.failed.push(format!("{kind:?} {id}: {e}")),
    }
}

/// Delete what the run tracked, then sweep for anything else carrying its run id.
pub async fn cleanup_run(client: &ClerkClient, tracker: &Tracker, run_id: &str) -> CleanupReport {
    let mut report = CleanupReport::default();
    for (kind, id) in tracker.take() {
        delete(client, kind, &id, &mut report).await;
    }
    match sweep(client, Some(run_id)).await {
        Ok(more) => report.merge(more),
        Err(e) => report.failed.push(format!("sweep: {e}")),
    }
    report
}

/// Delete every resource tagged by a clerkctl test run (`only_run`: one run's only).
pub async fn sweep(
    client: &ClerkClient,
    only_run: Option<&str>,
) -> Result<CleanupReport, ApiError> {
    let mut report = CleanupReport::default();
    let wanted = |run: Option<&str>| run.is_some() && (only_run.is_none() || run == only_run);

    let templates: Vec<JwtTemplate> = client
        .get::<List<JwtTemplate>>(
            "/jwt_templates",
            &[("paginated", "true".into()), ("limit", "500".into())],
        )
        .await?
        .into_items();
    for t in templates.iter().filter(|t| wanted(run_of_name(&t.name))) {
        delete(client, Kind::JwtTemplate, &t.id, &mut report).await;
    }

    // Organizations are found through the tagged users' memberships (BAPI has no prefix
    // search), and deleted only when their slug carries a run tag too.
    let users = tagged_users(client, only_run).await?;
    for user in &users {
        let memberships = match client
            .get::<List<Value>>(&format!("/users/{user}/organization_memberships"), &[])
            .await
        {
            Ok(l) => l.into_items(),
            Err(e) if e.is_unavailable() => return Err(e),
            Err(_) => Vec::new(),
        };
        for m in memberships {
            let org = m.get("organization").cloned().unwrap_or(Value::Null);
            let slug = org.get("slug").and_then(Value::as_str);
            if wanted(slug.and_then(run_of_name))
                && let Some(id) = org.get("id").and_then(Value::as_str)
            {
                delete(client, Kind::Organization, id, &mut report).await;
            }
        }
    }

    for user in users {
        delete(client, Kind::User, &user, &mut report).await;
    }
    Ok(report)
}

async fn tagged_users(
    client: &ClerkClient,
    only_run: Option<&str>,
) -> Result<Vec<String>, ApiError> {
    let mut ids = Vec::new();
    if let Some(run) = only_run {
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
            let ext = u.get("external_id").and_then(Value::as_str);
            if ext.and_then(run_of_external_id) == Some(run)
                && let Some(id) = u.get("id").and_then(Value::as_str)
            {
                ids.push(id.to_string());
            }
        }
        return Ok(ids);
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
            let ext = u.get("external_id").and_then(Value::as_str);
            if ext.and_then(run_of_external_id).is_some()
                && let Some(id) = u.get("id").and_then(Value::as_str)
            {
                ids.push(id.to_string());
            }
        }
        if n < page || offset > 100_000 {
            break;
        }
        offset += page;
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_foreign_names_do_not_match() {
        let run = new_run_id();
        assert!(is_run_id(&run), "{run}");
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
        for foreign in [
            "clerkctl-test-",
            "clerkctl-test-ABCDEFGHIJ",
            "clerkctl-test-abc",
            "clerkctl-test-abcdefghijk",
            "my-user",
        ] {
            assert_eq!(run_of_external_id(foreign), None, "{foreign}");
        }
        for foreign in [
            "clerkctl-prod",
            "clerkctl-abcdefghij",
            "clerkctl-abcdefghij-",
            "supabase",
        ] {
            assert_eq!(run_of_name(foreign), None, "{foreign}");
        }
    }
}
