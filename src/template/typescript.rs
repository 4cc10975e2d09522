//! TypeScript types and runtime checks for the tokens a template yields, inferred from the claims:
//! literals give literal types, shortcodes give their documented type, `||` gives a union.

use serde_json::{Map, Value};

use super::parse::{Operand, Segment, parse_value};
use super::shortcodes::{ShortcodeType, lookup};

/// A TypeScript type, as far as generated code needs one.
#[derive(Debug, Clone, PartialEq)]
pub enum TsType {
    /// `string`.
    String,
    /// `number`.
    Number,
    /// `boolean`.
    Boolean,
    /// `null`.
    Null,
    /// A JSON literal type (`"convex"`, `30`, `true`).
    Literal(Value),
    /// `string[]`.
    StringArray,
    /// `Record<string, unknown>`.
    Record,
    /// `unknown`.
    Unknown,
    /// `A | B`.
    Union(Vec<TsType>),
    /// `[A, B]`.
    Tuple(Vec<TsType>),
    /// `{ k: T; … }`; the flag marks optional properties.
    Object(Vec<(String, TsType, bool)>),
}

impl TsType {
    fn union(members: Vec<TsType>) -> TsType {
        let mut flat: Vec<TsType> = Vec::new();
        for m in members {
            let items = match m {
                TsType::Union(inner) => inner,
                other => vec![other],
            };
            for item in items {
                if item == TsType::Unknown {
                    return TsType::Unknown;
                }
                if !flat.contains(&item) {
                    flat.push(item);
                }
            }
        }
        // `true | boolean` and `"x" | string` collapse to the wider type.
        let wide: Vec<TsType> = flat.clone();
        flat.retain(|t| match t {
            TsType::Literal(Value::String(_)) => !wide.contains(&TsType::String),
            TsType::Literal(Value::Number(_)) => !wide.contains(&TsType::Number),
            TsType::Literal(Value::Bool(_)) => !wide.contains(&TsType::Boolean),
            _ => true,
        });
        match flat.len() {
            0 => TsType::Null,
            1 => flat.pop().unwrap_or(TsType::Null),
            _ => TsType::Union(flat),
        }
    }

    /// Without `null` (and without `false` when `drop_false`): what a non-last `||` operand can yield.
    fn truthy(self) -> TsType {
        let members = match self {
            TsType::Union(m) => m,
            other => vec![other],
        };
        let kept: Vec<TsType> = members
            .into_iter()
            .filter_map(|t| match t {
                TsType::Null | TsType::Literal(Value::Bool(false)) => None,
                TsType::Boolean => Some(TsType::Literal(Value::Bool(true))),
                other => Some(other),
            })
            .collect();
        if kept.is_empty() {
            TsType::Union(vec![])
        } else {
            TsType::union(kept)
        }
    }

    /// TypeScript source for the type, indented for nesting level `depth`.
    pub fn render(&self, depth: usize) -> String {
        match self {
            TsType::String => "string".into(),
            TsType::Number => "number".into(),
            TsType::Boolean => "boolean".into(),
            TsType::Null => "null".into(),
            TsType::Literal(v) => v.to_string(),
            TsType::StringArray => "string[]".into(),
            TsType::Record => "Record<string, unknown>".into(),
            TsType::Unknown => "unknown".into(),
            TsType::Union(m) if m.is_empty() => "never".into(),
            TsType::Union(m) => m
                .iter()
                .map(|t| t.render(depth))
                .collect::<Vec<_>>()
                .join(" | "),
            TsType::Tuple(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(|t| t.render(depth))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            TsType::Object(fields) if fields.is_empty() => "Record<string, never>".into(),
            TsType::Object(fields) => {
                let pad = "  ".repeat(depth + 1);
                let mut s = String::from("{\n");
                for (k, t, optional) in fields {
                    s.push_str(&format!(
                        "{pad}{}{}: {};\n",
                        property_name(k),
                        if *optional { "?" } else { "" },
                        t.render(depth + 1)
                    ));
                }
                s.push_str(&"  ".repeat(depth));
                s.push('}');
                s
            }
        }
    }

    /// A TypeScript boolean expression checking `expr` (of type `unknown`) against this type,
    /// written with the helpers the validator template defines (`isRecord`, `prop`, `at`, `len`).
    pub fn check(&self, expr: &str) -> String {
        match self {
            TsType::String => format!("typeof {expr} === \"string\""),
            TsType::Number => format!("typeof {expr} === \"number\""),
            TsType::Boolean => format!("typeof {expr} === \"boolean\""),
            TsType::Null => format!("{expr} === null"),
            TsType::Literal(v) => format!("{expr} === {v}"),
            TsType::StringArray => format!("isStringArray({expr})"),
            TsType::Record => format!("isRecord({expr})"),
            TsType::Unknown => "true".into(),
            TsType::Union(m) if m.is_empty() => "false".into(),
            TsType::Union(m) => format!(
                "({})",
                m.iter()
                    .map(|t| t.check(expr))
                    .collect::<Vec<_>>()
                    .join(" || ")
            ),
            TsType::Tuple(items) => {
                let mut parts = vec![format!("len({expr}) === {}", items.len())];
                for (i, t) in items.iter().enumerate() {
                    parts.push(t.check(&format!("at({expr}, {i})")));
                }
                format!("({})", parts.join(" && "))
            }
            TsType::Object(fields) => {
                let mut parts = vec![format!("isRecord({expr})")];
                for (k, t, optional) in fields {
                    let access = format!("prop({expr}, {})", Value::from(k.as_str()));
                    if *optional {
                        parts.push(format!("({access} === undefined || {})", t.check(&access)));
                    } else {
                        parts.push(t.check(&access));
                    }
                }
                format!("({})", parts.join(" && "))
            }
        }
    }
}

/// A property name, quoted unless it is a plain identifier.
pub fn property_name(key: &str) -> String {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if plain {
        key.to_string()
    } else {
        Value::from(key).to_string()
    }
}

fn shortcode_type(path: &[String]) -> TsType {
    let Some(info) = lookup(path) else {
        return TsType::Null;
    };
    let deeper = path.len() > info.name.split('.').count();
    if deeper {
        return TsType::Unknown;
    }
    let base = match info.kind {
        ShortcodeType::String => TsType::String,
        ShortcodeType::Number => TsType::Number,
        ShortcodeType::Boolean => TsType::Boolean,
        ShortcodeType::StringArray => TsType::StringArray,
        ShortcodeType::Object => TsType::Record,
        ShortcodeType::Unknown => TsType::Unknown,
    };
    TsType::union(vec![base, TsType::Null])
}

/// The type of one claim value.
pub fn infer(value: &Value) -> TsType {
    match value {
        Value::Null => TsType::Null,
        Value::Bool(_) | Value::Number(_) => TsType::Literal(value.clone()),
        Value::String(text) => {
            if !text.contains("{{") {
                return TsType::Literal(value.clone());
            }
            match parse_value(text) {
                Ok(segments) => match segments.as_slice() {
                    [Segment::Shortcode(sc)] => {
                        let last = sc.operands.len().saturating_sub(1);
                        let members = sc
                            .operands
                            .iter()
                            .enumerate()
                            .map(|(i, op)| {
                                let t = match op {
                                    Operand::Path(p) => shortcode_type(p),
                                    Operand::Literal(v) => TsType::Literal(v.clone()),
                                };
                                if i < last { t.truthy() } else { t }
                            })
                            .collect();
                        TsType::union(members)
                    }
                    _ => TsType::String,
                },
                Err(_) => TsType::Unknown,
            }
        }
        Value::Array(items) => TsType::Tuple(items.iter().map(infer).collect()),
        Value::Object(map) => infer_object(map, &[]),
    }
}

/// The object type of a claims map, preceded by `standard` fields.
pub fn infer_object(claims: &Map<String, Value>, standard: &[(String, TsType, bool)]) -> TsType {
    let mut fields: Vec<(String, TsType, bool)> = standard.to_vec();
    for (k, v) in claims {
        if standard.iter().any(|(s, _, _)| s == k) {
            continue;
        }
        fields.push((k.clone(), infer(v), false));
    }
    TsType::Object(fields)
}

/// The claims Clerk sets on every template token, with their types.
pub fn template_standard_claims() -> Vec<(String, TsType, bool)> {
    vec![
        ("azp".into(), TsType::String, true),
        ("exp".into(), TsType::Number, false),
        ("iat".into(), TsType::Number, false),
        ("iss".into(), TsType::String, false),
        ("jti".into(), TsType::String, false),
        ("nbf".into(), TsType::Number, false),
        ("sub".into(), TsType::String, false),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn t(v: Value) -> String {
        infer(&v).render(0)
    }

    #[test]
    fn inference() {
        assert_eq!(t(json!("convex")), "\"convex\"");
        assert_eq!(t(json!("{{user.id}}")), "string | null");
        assert_eq!(t(json!("{{user.id}} x")), "string");
        assert_eq!(
            t(json!("{{user.public_metadata.role || 'user'}}")),
            "unknown"
        );
        assert_eq!(t(json!("{{user.username || 'anon'}}")), "string");
        assert_eq!(t(json!("{{user.email_verified}}")), "boolean | null");
        assert_eq!(t(json!("{{user.email_verified || 0}}")), "true | 0");
        assert_eq!(
            t(json!("{{org_membership.permissions}}")),
            "string[] | null"
        );
        assert_eq!(t(json!("{{nope.x}}")), "null");
        assert_eq!(t(json!(["{{user.id}}", 1])), "[string | null, 1]");
        assert_eq!(
            t(json!({"a-b": {"c": true}})),
            "{\n  \"a-b\": {\n    c: true;\n  };\n}"
        );
    }

    #[test]
    fn checks() {
        assert_eq!(
            infer(&json!({"k": ["{{user.id}}"]})).check("v"),
            "(isRecord(v) && (len(prop(v, \"k\")) === 1 && (typeof at(prop(v, \"k\"), 0) === \"string\" || at(prop(v, \"k\"), 0) === null)))"
        );
    }
}
