//! The documented shortcodes (contract §7) and how each resolves from Backend API JSON objects.
//!
//! Resolution reads the `User`, `Organization`, `OrganizationMembership` and `Session` objects as
//! the Backend API returns them; anything missing resolves to `null`, as Clerk does.

use serde_json::{Map, Value};

use super::RenderContext;

/// The JSON type a shortcode yields, used for lint and for generated TypeScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortcodeType {
    /// `string | null`.
    String,
    /// `number | null`.
    Number,
    /// `boolean | null`.
    Boolean,
    /// `string[]`.
    StringArray,
    /// An object (`Record<string, unknown>`).
    Object,
    /// Any JSON value (metadata paths).
    Unknown,
}

/// A documented shortcode.
#[derive(Debug, Clone, Copy)]
pub struct ShortcodeInfo {
    /// Dotted name, e.g. `user.primary_email_address`.
    pub name: &'static str,
    /// What it yields.
    pub kind: ShortcodeType,
    /// Whether deeper dot paths are allowed (metadata).
    pub nested: bool,
}

const fn sc(name: &'static str, kind: ShortcodeType) -> ShortcodeInfo {
    ShortcodeInfo {
        name,
        kind,
        nested: false,
    }
}

const fn meta(name: &'static str) -> ShortcodeInfo {
    ShortcodeInfo {
        name,
        kind: ShortcodeType::Object,
        nested: true,
    }
}

/// Every shortcode clerkctl knows (the April 2024 table plus the later documented additions).
pub const SHORTCODES: &[ShortcodeInfo] = &[
    sc("user.id", ShortcodeType::String),
    sc("user.external_id", ShortcodeType::String),
    sc("user.first_name", ShortcodeType::String),
    sc("user.last_name", ShortcodeType::String),
    sc("user.full_name", ShortcodeType::String),
    sc("user.username", ShortcodeType::String),
    sc("user.image_url", ShortcodeType::String),
    sc("user.has_image", ShortcodeType::Boolean),
    sc("user.created_at", ShortcodeType::Number),
    sc("user.updated_at", ShortcodeType::Number),
    sc("user.primary_email_address", ShortcodeType::String),
    sc("user.primary_phone_number", ShortcodeType::String),
    sc("user.primary_web3_wallet", ShortcodeType::String),
    sc("user.email_verified", ShortcodeType::Boolean),
    sc("user.phone_number_verified", ShortcodeType::Boolean),
    sc("user.two_factor_enabled", ShortcodeType::Boolean),
    meta("user.public_metadata"),
    meta("user.unsafe_metadata"),
    sc("user.organizations", ShortcodeType::Object),
    sc("org.id", ShortcodeType::String),
    sc("org.name", ShortcodeType::String),
    sc("org.slug", ShortcodeType::String),
    sc("org.image_url", ShortcodeType::String),
    sc("org.role", ShortcodeType::String),
    meta("org.public_metadata"),
    meta("org_membership.public_metadata"),
    sc("org_membership.permissions", ShortcodeType::StringArray),
    sc("session.actor", ShortcodeType::Object),
    sc("session.reverification_id", ShortcodeType::String),
];

/// The documented shortcode a dotted path refers to, if any (metadata paths match their root).
pub fn lookup(path: &[String]) -> Option<&'static ShortcodeInfo> {
    let joined = path.join(".");
    SHORTCODES.iter().find(|info| {
        joined == info.name
            || (info.nested
                && joined
                    .strip_prefix(info.name)
                    .is_some_and(|rest| rest.starts_with('.')))
    })
}

/// Resolve a path against the context; `Value::Null` when unknown or absent.
pub fn resolve(path: &[String], ctx: &RenderContext) -> Value {
    let Some(info) = lookup(path) else {
        return Value::Null;
    };
    let root_len = info.name.split('.').count();
    let rest = path.get(root_len..).unwrap_or_default();
    let base = resolve_root(info.name, ctx);
    dig(base, rest)
}

fn dig(mut value: Value, rest: &[String]) -> Value {
    for key in rest {
        value = match value {
            Value::Object(mut map) => map.remove(key).unwrap_or(Value::Null),
            _ => Value::Null,
        };
    }
    value
}

fn field(object: Option<&Value>, key: &str) -> Value {
    object
        .and_then(|o| o.get(key))
        .cloned()
        .unwrap_or(Value::Null)
}

/// Milliseconds (BAPI) to seconds (claims); passes through values that already look like seconds.
fn ms_to_seconds(value: Value) -> Value {
    match value.as_i64() {
        Some(ms) if ms.abs() >= 100_000_000_000 => Value::from(ms / 1000),
        Some(s) => Value::from(s),
        None => Value::Null,
    }
}

/// The element of `list_key` whose `id` is `user[id_key]`.
fn primary<'a>(user: &'a Value, list_key: &str, id_key: &str) -> Option<&'a Value> {
    let id = user.get(id_key)?.as_str()?;
    user.get(list_key)?
        .as_array()?
        .iter()
        .find(|item| item.get("id").and_then(Value::as_str) == Some(id))
}

fn verified(item: Option<&Value>) -> Value {
    match item {
        Some(item) => Value::Bool(
            item.get("verification")
                .and_then(|v| v.get("status"))
                .and_then(Value::as_str)
                == Some("verified"),
        ),
        None => Value::Bool(false),
    }
}

fn resolve_root(name: &str, ctx: &RenderContext) -> Value {
    let user = Some(&ctx.user);
    let org = ctx.organization.as_ref();
    let membership = ctx.membership.as_ref();
    match name {
        "user.full_name" => {
            let parts: Vec<&str> = ["first_name", "last_name"]
                .iter()
                .filter_map(|k| ctx.user.get(*k).and_then(Value::as_str))
                .filter(|s| !s.is_empty())
                .collect();
            if parts.is_empty() {
                Value::Null
            } else {
                Value::String(parts.join(" "))
            }
        }
        "user.image_url" => match field(user, "image_url") {
            Value::Null => field(user, "profile_image_url"),
            v => v,
        },
        "user.created_at" => ms_to_seconds(field(user, "created_at")),
        "user.updated_at" => ms_to_seconds(field(user, "updated_at")),
        "user.primary_email_address" => field(
            primary(&ctx.user, "email_addresses", "primary_email_address_id"),
            "email_address",
        ),
        "user.primary_phone_number" => field(
            primary(&ctx.user, "phone_numbers", "primary_phone_number_id"),
            "phone_number",
        ),
        "user.primary_web3_wallet" => field(
            primary(&ctx.user, "web3_wallets", "primary_web3_wallet_id"),
            "web3_wallet",
        ),
        "user.email_verified" => verified(primary(
            &ctx.user,
            "email_addresses",
            "primary_email_address_id",
        )),
        "user.phone_number_verified" => verified(primary(
            &ctx.user,
            "phone_numbers",
            "primary_phone_number_id",
        )),
        "user.organizations" => user_organizations(ctx),
        "org.role" => match org {
            Some(_) => field(membership, "role"),
            None => Value::Null,
        },
        "org_membership.public_metadata" | "org_membership.permissions" => match org {
            Some(_) => field(membership, name.trim_start_matches("org_membership.")),
            None => Value::Null,
        },
        _ => {
            if let Some(key) = name.strip_prefix("user.") {
                field(user, key)
            } else if let Some(key) = name.strip_prefix("org.") {
                field(org, key)
            } else if let Some(key) = name.strip_prefix("session.") {
                field(ctx.session.as_ref(), key)
            } else {
                Value::Null
            }
        }
    }
}

/// `{org_id: role}` for every membership the user JSON lists (its `organization_memberships`),
/// plus the active organization when the context carries one.
fn user_organizations(ctx: &RenderContext) -> Value {
    let mut map = Map::new();
    if let Some(list) = ctx
        .user
        .get("organization_memberships")
        .and_then(Value::as_array)
    {
        for m in list {
            let id = m
                .get("organization")
                .and_then(|o| o.get("id"))
                .and_then(Value::as_str);
            if let (Some(id), Some(role)) = (id, m.get("role")) {
                map.insert(id.to_string(), role.clone());
            }
        }
    }
    if let (Some(id), Some(role)) = (
        ctx.organization
            .as_ref()
            .and_then(|o| o.get("id"))
            .and_then(Value::as_str),
        ctx.membership.as_ref().and_then(|m| m.get("role")),
    ) {
        map.entry(id.to_string()).or_insert_with(|| role.clone());
    }
    Value::Object(map)
}

/// Levenshtein distance, for did-you-mean suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// The closest documented shortcode to `name`, when it is close enough to be a typo.
pub fn suggest(name: &str) -> Option<&'static str> {
    // Names people reach for (the old seed scripts among them) that are not shortcodes.
    const ALIASES: &[(&str, &str)] = &[
        ("user.primary_email_address_verified", "user.email_verified"),
        (
            "user.primary_phone_number_verified",
            "user.phone_number_verified",
        ),
        ("user.email", "user.primary_email_address"),
        ("user.email_address", "user.primary_email_address"),
        ("user.phone", "user.primary_phone_number"),
        ("user.phone_number", "user.primary_phone_number"),
        ("user.primary_phone_address", "user.primary_phone_number"),
        ("user.name", "user.full_name"),
        ("user.metadata", "user.public_metadata"),
        ("user.user_id", "user.id"),
        ("org.org_id", "org.id"),
        ("org_membership.role", "org.role"),
        ("organization.id", "org.id"),
        ("organization.slug", "org.slug"),
        ("organization.name", "org.name"),
    ];
    if let Some(to) = ALIASES
        .iter()
        .find(|(from, _)| *from == name)
        .map(|(_, to)| *to)
    {
        return Some(to);
    }
    let best = SHORTCODES
        .iter()
        .map(|info| (edit_distance(name, info.name), info.name))
        .min_by_key(|(d, _)| *d)?;
    let limit = (name.chars().count() / 3).max(2);
    if best.0 <= limit {
        return Some(best.1);
    }
    // Same last segment under another root (`session.user_id` → `user.id` is not useful, but
    // `user.primary_email_address_verified` → `user.email_verified` is).
    let last = name.rsplit('.').next().unwrap_or(name);
    SHORTCODES
        .iter()
        .find(|info| {
            let tail = info.name.rsplit('.').next().unwrap_or(info.name);
            tail.len() > 3 && (last.contains(tail) || tail.contains(last)) && last.len() > 3
        })
        .map(|info| info.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Vec<String> {
        s.split('.').map(str::to_string).collect()
    }

    #[test]
    fn lookup_matches_metadata_paths_only_below_metadata() {
        assert!(lookup(&p("user.public_metadata.a.b")).is_some());
        assert!(lookup(&p("user.id.x")).is_none());
        assert!(lookup(&p("user.private_metadata")).is_none());
        assert!(lookup(&p("session.id")).is_none());
    }

    #[test]
    fn distance_and_suggestions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(suggest("user.frist_name"), Some("user.first_name"));
        assert_eq!(
            suggest("user.primary_email_address_verified"),
            Some("user.email_verified")
        );
        assert_eq!(
            suggest("user.primary_emial_address"),
            Some("user.primary_email_address")
        );
        assert_eq!(suggest("instance.id"), None);
    }
}
