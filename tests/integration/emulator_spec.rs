//! A small OpenAPI schema validator over Clerk's spec (`$ref`, required, types, nullability,
//! enums, `additionalProperties: false`, oneOf/anyOf/allOf) used to check the emulator's bodies.

use std::sync::OnceLock;

use serde_json::Value;

/// The parsed spec, or `None` (with the reason printed) when `../shared` is absent.
pub fn spec() -> Option<&'static Value> {
    static SPEC: OnceLock<Option<Value>> = OnceLock::new();
    SPEC.get_or_init(|| {
        let Some(dir) = crate::common::shared_dir() else {
            eprintln!("skipping spec validation: ../shared (the OpenAPI spec) is not present");
            return None;
        };
        let text = std::fs::read_to_string(dir.join("clerk-openapi/2026-05-12.yml")).ok()?;
        serde_yaml::from_str::<Value>(&text).ok()
    })
    .as_ref()
}

fn resolve<'a>(root: &'a Value, v: &'a Value) -> &'a Value {
    let mut cur = v;
    for _ in 0..16 {
        match cur.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let ptr = r.trim_start_matches('#');
                match root.pointer(ptr) {
                    Some(next) => cur = next,
                    None => return cur,
                }
            }
            None => return cur,
        }
    }
    cur
}

/// The JSON schema of a route's response for `status`.
pub fn response_schema<'a>(
    root: &'a Value,
    path: &str,
    method: &str,
    status: &str,
) -> Option<&'a Value> {
    let op = root.get("paths")?.get(path)?.get(method)?;
    let resp = resolve(root, op.get("responses")?.get(status)?);
    let schema = resp
        .get("content")?
        .get("application/json")?
        .get("schema")?;
    Some(schema)
}

/// Validate `value` against `schema`; returns every problem found, with a JSON path.
pub fn validate(root: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let schema = resolve(root, schema);
    if value.is_null() {
        if schema.get("nullable").and_then(Value::as_bool) == Some(true)
            || schema.get("type").is_none()
                && schema.get("oneOf").is_none()
                && schema.get("allOf").is_none()
        {
            return;
        }
        if let Some(Value::Array(types)) = schema.get("type")
            && types.iter().any(|t| t == "null")
        {
            return;
        }
        out.push(format!("{at}: null but not nullable"));
        return;
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for s in all {
            validate(root, s, value, at, out);
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alts) = schema.get(key).and_then(Value::as_array) {
            let ok = alts.iter().any(|s| {
                let mut e = Vec::new();
                validate(root, s, value, at, &mut e);
                e.is_empty()
            });
            if !ok {
                out.push(format!("{at}: matches none of {key}"));
            }
        }
    }
    if let Some(t) = schema.get("type").and_then(Value::as_str) {
        let good = match t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            _ => true,
        };
        if !good {
            out.push(format!("{at}: expected {t}, got {value}"));
            return;
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array)
        && !e.contains(value)
    {
        out.push(format!("{at}: {value} not in enum {e:?}"));
    }
    if let Value::Object(obj) = value {
        let props = schema.get("properties").and_then(Value::as_object);
        if let Some(req) = schema.get("required").and_then(Value::as_array) {
            for r in req.iter().filter_map(Value::as_str) {
                if !obj.contains_key(r) {
                    out.push(format!("{at}: missing required `{r}`"));
                }
            }
        }
        if let Some(props) = props {
            for (k, v) in obj {
                match props.get(k) {
                    Some(s) => validate(root, s, v, &format!("{at}.{k}"), out),
                    None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                        out.push(format!("{at}: unexpected property `{k}`"));
                    }
                    None => {}
                }
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (i, v) in items.iter().enumerate() {
            validate(root, item_schema, v, &format!("{at}[{i}]"), out);
        }
    }
}

/// Assert that `body` matches the spec's response schema of `method path` for `status`.
pub fn assert_matches(path: &str, method: &str, status: &str, body: &Value) {
    let Some(root) = spec() else {
        return;
    };
    let schema = response_schema(root, path, method, status)
        .unwrap_or_else(|| panic!("no {status} schema for {method} {path} in the spec"));
    let mut errors = Vec::new();
    validate(root, schema, body, "$", &mut errors);
    assert!(
        errors.is_empty(),
        "{method} {path} {status} does not match the spec:\n{}\nbody: {body}",
        errors.join("\n")
    );
}

#[test]
fn validator_catches_mismatches() {
    let Some(root) = spec() else {
        return;
    };
    let schema = response_schema(root, "/sessions/{session_id}", "get", "200").expect("schema");
    let mut errors = Vec::new();
    validate(
        root,
        schema,
        &serde_json::json!({"object": "session", "id": 3}),
        "$",
        &mut errors,
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("missing required `user_id`")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("$.id: expected string")),
        "{errors:?}"
    );
    let mut errors = Vec::new();
    validate(
        root,
        schema,
        &serde_json::json!({"object": "nope"}),
        "$",
        &mut errors,
    );
    assert!(
        errors.iter().any(|e| e.contains("not in enum")),
        "{errors:?}"
    );
}
