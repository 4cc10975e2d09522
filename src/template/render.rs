//! Rendering claims against a [`RenderContext`] (contract §7 semantics).
//!
//! - a value that is exactly one shortcode keeps the resolved JSON type;
//! - shortcodes inside a longer string produce a string, `null` rendering as the text `null`;
//! - `a || b || 'lit'` yields the first operand that is neither `null` nor `false`, else the last
//!   operand as is;
//! - objects and arrays render recursively; keys are never interpreted.

use serde_json::{Map, Value};

use super::parse::{Operand, Segment, Shortcode, parse_value};
use super::shortcodes::resolve;
use super::{RenderContext, TemplateError};

/// Render every claim; the first malformed shortcode aborts with its claim path and column.
pub fn render_claims(
    claims: &Map<String, Value>,
    ctx: &RenderContext,
) -> Result<Map<String, Value>, TemplateError> {
    let mut out = Map::with_capacity(claims.len());
    for (key, value) in claims {
        let pointer = format!("/{}", escape_pointer(key));
        out.insert(key.clone(), render_value(value, ctx, &pointer)?);
    }
    Ok(out)
}

/// Render one claim value; `pointer` is its JSON pointer inside `claims`, for errors.
pub fn render_value(
    value: &Value,
    ctx: &RenderContext,
    pointer: &str,
) -> Result<Value, TemplateError> {
    match value {
        Value::String(text) => render_string(text, ctx, pointer),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| render_value(item, ctx, &format!("{pointer}/{i}")))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        Value::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (key, item) in map {
                let child = format!("{pointer}/{}", escape_pointer(key));
                out.insert(key.clone(), render_value(item, ctx, &child)?);
            }
            Ok(Value::Object(out))
        }
        other => Ok(other.clone()),
    }
}

fn render_string(text: &str, ctx: &RenderContext, pointer: &str) -> Result<Value, TemplateError> {
    if !text.contains("{{") {
        return Ok(Value::String(text.to_string()));
    }
    let segments = parse_value(text).map_err(|source| TemplateError::Shortcode {
        pointer: pointer.to_string(),
        source,
    })?;
    if let [Segment::Shortcode(shortcode)] = segments.as_slice() {
        return Ok(evaluate(shortcode, ctx));
    }
    let mut out = String::with_capacity(text.len());
    for segment in &segments {
        match segment {
            Segment::Text(t) => out.push_str(t),
            Segment::Shortcode(shortcode) => out.push_str(&to_text(&evaluate(shortcode, ctx))),
        }
    }
    Ok(Value::String(out))
}

/// Evaluate `a || b || …`.
pub fn evaluate(shortcode: &Shortcode, ctx: &RenderContext) -> Value {
    let mut last = Value::Null;
    for operand in &shortcode.operands {
        let value = match operand {
            Operand::Path(path) => resolve(path, ctx),
            Operand::Literal(v) => v.clone(),
        };
        if !matches!(value, Value::Null | Value::Bool(false)) {
            return value;
        }
        last = value;
    }
    last
}

/// How a value reads inside a longer string.
fn to_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "null".to_string(),
        other => other.to_string(),
    }
}

/// RFC 6901 escaping of one pointer segment.
pub fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx() -> RenderContext {
        RenderContext {
            user: json!({
                "id": "user_1", "object": "user", "first_name": "Zoë", "last_name": null,
                "username": null, "external_id": "ext-9",
                "primary_email_address_id": "idn_2",
                "email_addresses": [
                    {"id": "idn_1", "email_address": "old@example.com", "verification": {"status": "verified"}},
                    {"id": "idn_2", "email_address": "zoe@example.com", "verification": {"status": "unverified"}}
                ],
                "primary_phone_number_id": null, "phone_numbers": [],
                "public_metadata": {"role": "admin", "plan": null, "deep": {"a": {"b": [1, 2]}}, "n": 3},
                "unsafe_metadata": {}, "private_metadata": {"secret": "x"},
                "created_at": 1_700_000_000_123_i64, "two_factor_enabled": false,
                "image_url": "https://img.example/z.png"
            }),
            organization: Some(
                json!({"id": "org_1", "name": "Acme", "slug": "acme", "public_metadata": {"tier": "gold"}}),
            ),
            membership: Some(
                json!({"role": "org:admin", "permissions": ["org:sys_profile:manage"], "public_metadata": {"team": "core"}}),
            ),
            session: Some(json!({"id": "sess_1", "actor": {"sub": "user_admin"}})),
        }
    }

    fn render(claims: Value) -> Value {
        let Value::Object(map) = claims else {
            panic!("claims must be an object")
        };
        Value::Object(render_claims(&map, &ctx()).unwrap())
    }

    #[test]
    fn single_shortcode_keeps_type() {
        assert_eq!(
            render(json!({
                "id": "{{user.id}}", "meta": "{{ user.public_metadata }}", "n": "{{user.public_metadata.n}}",
                "deep": "{{user.public_metadata.deep.a.b}}", "tfa": "{{user.two_factor_enabled}}",
                "created": "{{user.created_at}}", "perms": "{{org_membership.permissions}}",
                "missing": "{{user.public_metadata.nope.deeper}}", "unknown": "{{session.id}}",
                "private": "{{user.private_metadata}}", "actor": "{{session.actor}}"
            })),
            json!({
                "id": "user_1", "meta": {"role": "admin", "plan": null, "deep": {"a": {"b": [1, 2]}}, "n": 3},
                "n": 3, "deep": [1, 2], "tfa": false, "created": 1_700_000_000,
                "perms": ["org:sys_profile:manage"], "missing": null, "unknown": null,
                "private": null, "actor": {"sub": "user_admin"}
            })
        );
    }

    #[test]
    fn interpolation_yields_strings_with_null_text() {
        assert_eq!(
            render(
                json!({"name": "{{user.last_name}} {{user.first_name}}", "n": "#{{user.public_metadata.n}}", "o": "x{{org.public_metadata}}"})
            ),
            json!({"name": "null Zoë", "n": "#3", "o": "x{\"tier\":\"gold\"}"})
        );
    }

    #[test]
    fn fallbacks_take_first_truthy_else_last() {
        assert_eq!(
            render(json!({
                "a": "{{user.public_metadata.plan || 'free'}}",
                "b": "{{user.username || user.first_name}}",
                "c": "{{user.two_factor_enabled || user.username}}",
                "d": "{{user.username || user.two_factor_enabled}}",
                "e": "{{user.public_metadata.nope || 30}}",
                "f": "{{ user.public_metadata.role || 'user' }}",
                "g": "role={{user.public_metadata.plan || 'free'}}"
            })),
            json!({"a": "free", "b": "Zoë", "c": null, "d": false, "e": 30, "f": "admin", "g": "role=free"})
        );
    }

    #[test]
    fn documented_user_fields() {
        assert_eq!(
            render(json!({
                "email": "{{user.primary_email_address}}", "ev": "{{user.email_verified}}",
                "phone": "{{user.primary_phone_number}}", "pv": "{{user.phone_number_verified}}",
                "full": "{{user.full_name}}", "img": "{{user.image_url}}", "ext": "{{user.external_id}}",
                "org": ["{{org.id}}", "{{org.slug}}", "{{org.name}}", "{{org.role}}"],
                "orgs": "{{user.organizations}}", "team": "{{org_membership.public_metadata.team}}",
                "tier": "{{org.public_metadata.tier}}"
            })),
            json!({
                "email": "zoe@example.com", "ev": false, "phone": null, "pv": false, "full": "Zoë",
                "img": "https://img.example/z.png", "ext": "ext-9",
                "org": ["org_1", "acme", "Acme", "org:admin"], "orgs": {"org_1": "org:admin"},
                "team": "core", "tier": "gold"
            })
        );
    }

    #[test]
    fn no_org_context_renders_nulls() {
        let mut c = ctx();
        c.organization = None;
        let Value::Object(map) = json!({"r": "{{org.role}}", "p": "{{org_membership.permissions}}", "i": "{{org.id || 'none'}}"})
        else {
            panic!()
        };
        assert_eq!(
            Value::Object(render_claims(&map, &c).unwrap()),
            json!({"r": null, "p": null, "i": "none"})
        );
    }

    #[test]
    fn static_values_and_nested_structures() {
        assert_eq!(
            render(
                json!({"aud": "x", "n": 1, "b": true, "z": null, "ns": {"k/~": ["{{user.id}}", {"x": "{{org.id}}"}]}, "{{user.id}}": 1})
            ),
            json!({"aud": "x", "n": 1, "b": true, "z": null, "ns": {"k/~": ["user_1", {"x": "org_1"}]}, "{{user.id}}": 1})
        );
    }

    #[test]
    fn malformed_shortcode_reports_pointer_and_column() {
        let Value::Object(map) = json!({"ns": {"a/b": ["ok", "x {{user.id"]}}) else {
            panic!()
        };
        let err = render_claims(&map, &ctx()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "claim `/ns/a~1b/1`: shortcode opened at column 3 never closes (missing `}}`)"
        );
    }
    /// Randomized: a lone metadata shortcode returns the stored value whatever its type, and the
    /// same shortcode inside a string yields its text form (strings raw, null as `null`, else JSON).
    #[test]
    fn metadata_values_round_trip_randomized() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..500 {
            let value = match next() % 7 {
                0 => Value::Null,
                1 => json!(next() % 2 == 0),
                2 => json!(next() % 100_000),
                3 => json!(format!("ß{}😀", next() % 10)),
                4 => json!([next() % 3, null, "x"]),
                5 => json!({"deep": {"k": next() % 5}}),
                _ => json!(-1.5),
            };
            let mut c = ctx();
            c.user["public_metadata"] = json!({"v": value.clone()});
            let Value::Object(claims) = json!({"lone": "{{user.public_metadata.v}}", "text": "<{{user.public_metadata.v}}>"})
            else {
                panic!()
            };
            let out = render_claims(&claims, &c).unwrap();
            assert_eq!(out.get("lone"), Some(&value));
            let text = match &value {
                Value::String(s) => s.clone(),
                Value::Null => "null".into(),
                other => other.to_string(),
            };
            assert_eq!(out.get("text"), Some(&json!(format!("<{text}>"))));
        }
    }
}
