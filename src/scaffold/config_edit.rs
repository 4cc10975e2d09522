//! Updating an existing `clerkctl.toml` in place (`toml_edit`) instead of rewriting it: only the
//! values `configure` owns change; the user's comments, layout, key order and any key clerkctl
//! does not know stay exactly as they were. Comments clerkctl wrote itself (identical to what the
//! previous answers render to) follow the new values, so `# … (7 days)` never goes stale.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

/// The part of the file `configure` writes.
enum Shape {
    /// A plain value, replaced when it differs.
    Value,
    /// A table whose listed keys are managed, recursively; other keys are left alone.
    Table(&'static [(&'static str, Shape)]),
    /// A table whose keys are all data (`[session.claims]`): managed key by key.
    Map,
    /// `[[…]]` entries, replaced as a whole when they differ.
    Tables,
}

const SCHEMA: &[(&str, Shape)] = &[
    (
        "session",
        Shape::Table(&[
            ("max_lifetime_seconds", Shape::Value),
            ("inactivity_timeout_seconds", Shape::Value),
            ("mode", Shape::Value),
            ("token_lifetime_seconds", Shape::Value),
            ("clock_skew_seconds", Shape::Value),
            ("authorized_parties", Shape::Value),
            ("claims", Shape::Map),
        ]),
    ),
    (
        "project",
        Shape::Table(&[("framework", Shape::Value), ("middleware", Shape::Value)]),
    ),
    (
        "routes",
        Shape::Table(&[
            ("public", Shape::Value),
            ("protected", Shape::Value),
            ("api", Shape::Value),
            ("webhooks", Shape::Value),
            ("rule", Shape::Tables),
        ]),
    ),
    ("jwt_template", Shape::Tables),
];

/// `current` with the values of `fresh` (what `configure` renders for the new answers).
/// `previous` is what the previous answers render to, to tell clerkctl's comments from the
/// user's. `None` when `current` is not TOML (the caller then offers `fresh` as a replacement).
pub fn update(current: &str, fresh: &str, previous: Option<&str>) -> Option<String> {
    if current == fresh {
        return Some(fresh.to_string());
    }
    let mut doc: DocumentMut = current.parse().ok()?;
    let new: DocumentMut = fresh.parse().ok()?;
    let prev: Option<DocumentMut> = previous.and_then(|p| p.parse().ok());
    let next_position = max_position(doc.as_table()) + 1;
    let mut ctx = Ctx { next_position };
    merge_table(
        doc.as_table_mut(),
        new.as_table(),
        prev.as_ref().map(DocumentMut::as_table),
        SCHEMA,
        &mut ctx,
    );
    Some(doc.to_string())
}

struct Ctx {
    /// A document position after every existing table, for tables added at the top level.
    next_position: isize,
}

fn max_position(table: &Table) -> isize {
    let mut max = table.position().unwrap_or(0);
    for (_, item) in table {
        match item {
            Item::Table(t) => max = max.max(max_position(t)),
            Item::ArrayOfTables(a) => {
                for t in a {
                    max = max.max(max_position(t));
                }
            }
            _ => {}
        }
    }
    max
}

/// Whether two items hold the same data, however they are written.
fn same(a: &Item, b: &Item) -> bool {
    canonical(a) == canonical(b)
}

fn canonical(item: &Item) -> Option<toml::Value> {
    match item {
        Item::None => None,
        Item::Value(v) => {
            let text = format!("v = {}", v.clone().decorated("", ""));
            toml::from_str::<toml::Table>(&text).ok()?.remove("v")
        }
        Item::Table(t) => toml::from_str::<toml::Table>(&t.to_string())
            .ok()
            .map(toml::Value::Table),
        Item::ArrayOfTables(a) => Some(toml::Value::Array(
            a.iter()
                .map(|t| {
                    toml::from_str::<toml::Table>(&t.to_string())
                        .map(toml::Value::Table)
                        .unwrap_or(toml::Value::Boolean(false))
                })
                .collect(),
        )),
    }
}

fn prefix(table: &Table, key: &str) -> Option<String> {
    table
        .key(key)?
        .leaf_decor()
        .prefix()
        .and_then(|p| p.as_str())
        .map(str::to_string)
}

/// Give `key` the comment above it in `new` when the current one is what clerkctl wrote last time.
fn refresh_comment(old: &mut Table, new: &Table, prev: Option<&Table>, key: &str) {
    let (Some(current), Some(wanted)) = (prefix(old, key), prefix(new, key)) else {
        return;
    };
    let ours = prev.and_then(|p| prefix(p, key)).as_deref() == Some(current.as_str());
    if ours
        && current != wanted
        && let Some(mut k) = old.key_mut(key)
    {
        k.leaf_decor_mut().set_prefix(wanted);
    }
}

/// A copy of `table` (from the fresh document) placed at `position` in the current one.
fn placed(table: &Table, position: isize) -> Table {
    let mut t = table.clone();
    set_positions(&mut t, position);
    t
}

fn set_positions(table: &mut Table, position: isize) {
    table.set_position(position);
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(t) => set_positions(t, position),
            Item::ArrayOfTables(a) => {
                for t in a.iter_mut() {
                    set_positions(t, position);
                }
            }
            _ => {}
        }
    }
}

fn placed_item(item: &Item, position: isize) -> Item {
    match item {
        Item::Table(t) => Item::Table(placed(t, position)),
        Item::ArrayOfTables(a) => {
            let mut out = ArrayOfTables::new();
            for t in a {
                out.push(placed(t, position));
            }
            Item::ArrayOfTables(out)
        }
        other => other.clone(),
    }
}

fn merge_table(
    old: &mut Table,
    new: &Table,
    prev: Option<&Table>,
    schema: &[(&str, Shape)],
    ctx: &mut Ctx,
) {
    // New tables go right after the table they belong to (top level: after everything).
    let here = match old.position() {
        Some(p) if p > 0 => p,
        _ => {
            ctx.next_position += 1;
            ctx.next_position
        }
    };
    for (name, shape) in schema {
        let wanted = new.get(name).filter(|i| !i.is_none());
        let Some(wanted) = wanted else {
            old.remove(name);
            continue;
        };
        if !old.contains_key(name) {
            let item = placed_item(wanted, here);
            match new.key(name) {
                Some(key) => old.insert_formatted(key, item),
                None => old.insert(name, item),
            };
            continue;
        }
        let prev_item = prev.and_then(|p| p.get(name));
        let Some(current) = old.get_mut(name) else {
            continue;
        };
        match (shape, &mut *current, wanted) {
            (Shape::Table(inner), Item::Table(cur), Item::Table(want)) => {
                let prev_table = prev_item.and_then(Item::as_table);
                refresh_table_comment(cur, want, prev_table);
                merge_table(cur, want, prev_table, inner, ctx);
            }
            (Shape::Map, Item::Table(cur), Item::Table(want)) => {
                let keys: Vec<String> = cur
                    .iter()
                    .map(|(k, _)| k.to_string())
                    .chain(want.iter().map(|(k, _)| k.to_string()))
                    .collect();
                refresh_table_comment(cur, want, prev_item.and_then(Item::as_table));
                for key in keys {
                    match (cur.get_mut(&key), want.get(&key)) {
                        (Some(c), Some(w)) => replace_value(c, w),
                        (Some(_), None) => {
                            cur.remove(&key);
                        }
                        (None, Some(w)) => {
                            cur.insert(&key, w.clone());
                        }
                        (None, None) => {}
                    }
                }
            }
            (Shape::Tables, Item::ArrayOfTables(cur), Item::ArrayOfTables(_)) => {
                if !same(&Item::ArrayOfTables(cur.clone()), wanted) {
                    let position = cur.get(0).and_then(Table::position).unwrap_or(here);
                    *current = placed_item(wanted, position);
                }
            }
            (_, cur, want) => {
                // A value, or a section written in another form (an inline table, say).
                let want = match (cur.is_value(), want) {
                    (true, Item::Table(t)) => {
                        Item::Value(toml_edit::Value::InlineTable(t.clone().into_inline_table()))
                    }
                    _ => want.clone(),
                };
                replace_value(cur, &want);
            }
        }
        refresh_comment(old, new, prev, name);
    }
}

fn refresh_table_comment(cur: &mut Table, want: &Table, prev: Option<&Table>) {
    let text = |t: &Table| {
        t.decor()
            .prefix()
            .and_then(|p| p.as_str())
            .map(str::to_string)
    };
    if let (Some(now), Some(wanted)) = (text(cur), text(want))
        && prev.and_then(text).as_deref() == Some(now.as_str())
        && now != wanted
    {
        cur.decor_mut().set_prefix(wanted);
    }
}

/// Put `want`'s data in `cur` when it differs, keeping `cur`'s surrounding whitespace and comment.
fn replace_value(cur: &mut Item, want: &Item) {
    if same(cur, want) {
        return;
    }
    match (cur.as_value_mut(), want.as_value()) {
        (Some(c), Some(w)) => {
            let decor = c.decor().clone();
            *c = w.clone();
            *c.decor_mut() = decor;
        }
        _ => *cur = want.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scaffold::answers::{Answers, Preset};
    use crate::scaffold::detect::Framework;
    use crate::scaffold::render;

    fn answers() -> Answers {
        Answers {
            framework: Framework::Nextjs,
            next_major: 16,
            src_dir: false,
            typescript: true,
            preset: None,
            session: Preset::Development.session(),
            routes: crate::scaffold::answers::default_routes(Framework::Nextjs),
            jwt_templates: Vec::new(),
        }
    }

    fn toml_of(a: &Answers) -> String {
        render::render_all(a)
            .unwrap()
            .into_iter()
            .find(|f| f.path.as_os_str() == "clerkctl.toml")
            .unwrap()
            .contents
    }

    fn parse(text: &str) -> crate::project::ProjectConfig {
        crate::project::ProjectConfig::parse(text, std::path::Path::new("clerkctl.toml")).unwrap()
    }

    #[test]
    fn unchanged_answers_keep_the_file_byte_for_byte() {
        let base = toml_of(&answers());
        let edited = format!("# my team's note\n{base}")
            .replace("mode = \"single\"", "mode = \"single\" # we tried multi");
        assert_eq!(update(&edited, &base, Some(&base)).unwrap(), edited);
    }

    #[test]
    fn values_change_in_place_keeping_comments_and_unknown_keys() {
        let before = answers();
        let prev = toml_of(&before);
        let edited =
            prev.replace(
                "[project]\n",
                "[project]\n# Deployed by the platform team.\nowner = \"platform\"\n",
            )
            .replace(
                "authorized_parties = [\"http://localhost:3000\"]",
                "authorized_parties = [\n  \"http://localhost:3000\", # dev server\n]",
            ) + "\n# Other tools read this.\n[tool.lint]\nstrict = true\n";
        let mut after = before.clone();
        after.session.max_lifetime_seconds = 12 * 3600;
        after
            .session
            .claims
            .insert("role".into(), "{{user.public_metadata.role}}".into());
        after.routes.rules.push(crate::project::RouteRule {
            path: "/admin(.*)".into(),
            role: Some("org:admin".into()),
            permission: None,
        });
        after.jwt_templates.push(crate::project::TemplateRef {
            name: "supabase".into(),
            file: None,
        });
        let fresh = toml_of(&after);
        let merged = update(&edited, &fresh, Some(&prev)).unwrap();
        // The user's comments and keys are where they were.
        for kept in [
            "# Deployed by the platform team.\nowner = \"platform\"\n",
            "\"http://localhost:3000\", # dev server\n]",
            "# Other tools read this.\n[tool.lint]\nstrict = true\n",
        ] {
            assert!(merged.contains(kept), "{kept:?} lost:\n{merged}");
        }
        // clerkctl's own comment follows the new value.
        assert!(merged.contains("in seconds (12 hours)"), "{merged}");
        assert!(!merged.contains("(7 days)"), "{merged}");
        // The data is exactly the new answers' (besides the user's extra keys).
        let without_extras = merged
            .replace(
                "# Deployed by the platform team.\nowner = \"platform\"\n",
                "",
            )
            .replace("# Other tools read this.\n[tool.lint]\nstrict = true\n", "");
        assert_eq!(parse(&without_extras), parse(&fresh), "{merged}");
        // Sections stay in their order: rules under [routes], templates last.
        let at = |s: &str| {
            merged
                .find(s)
                .unwrap_or_else(|| panic!("{s} missing:\n{merged}"))
        };
        assert!(at("[session.claims]") < at("[project]"), "{merged}");
        assert!(at("[routes]") < at("[[routes.rule]]"), "{merged}");
        assert!(at("[[routes.rule]]") < at("[[jwt_template]]"), "{merged}");
        // Applying the same answers again changes nothing.
        assert_eq!(update(&merged, &fresh, Some(&fresh)).unwrap(), merged);
    }

    #[test]
    fn removed_answers_disappear() {
        let mut before = answers();
        before.session.claims.insert("plan".into(), "pro".into());
        before.jwt_templates.push(crate::project::TemplateRef {
            name: "hasura".into(),
            file: None,
        });
        let prev = toml_of(&before);
        let fresh = toml_of(&answers());
        let merged = update(&prev, &fresh, Some(&prev)).unwrap();
        assert_eq!(parse(&merged), parse(&fresh), "{merged}");
        assert!(!merged.contains("claims"), "{merged}");
        assert!(!merged.contains("jwt_template"), "{merged}");
    }

    #[test]
    fn every_key_configure_writes_is_managed() {
        let mut full = answers();
        full.session.claims.insert("a".into(), 1.into());
        full.routes.rules.push(crate::project::RouteRule {
            path: "/x".into(),
            role: None,
            permission: Some("org:x:read".into()),
        });
        full.jwt_templates.push(crate::project::TemplateRef {
            name: "t".into(),
            file: Some("t.json".into()),
        });
        let doc: DocumentMut = toml_of(&full).parse().unwrap();
        fn check(table: &Table, schema: &[(&str, Shape)], path: &str) {
            for (key, item) in table {
                let shape = schema.iter().find(|(k, _)| *k == key).map(|(_, s)| s);
                assert!(
                    shape.is_some(),
                    "`{path}{key}` is written but not in SCHEMA"
                );
                if let (Some(Shape::Table(inner)), Item::Table(t)) = (shape, item) {
                    check(t, inner, &format!("{path}{key}."));
                }
            }
        }
        check(doc.as_table(), SCHEMA, "");
        assert!(update("not = [toml", "a = 1", None).is_none());
    }
}
