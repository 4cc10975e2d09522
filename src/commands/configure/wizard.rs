//! The interactive wizard (dialoguer, on stderr): asks only what no flag answered and detection
//! could not find, with the current answer as each default, validating as it goes.

use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Confirm, Input, Select};

use super::changes::ChangeSet;
use super::resolve::{Given, with_files};
use crate::output::Printer;
use crate::project::{RouteRule, SessionMode};
use crate::scaffold::answers::{self, Answers, Preset};
use crate::scaffold::detect::{Detected, Framework};

type Result<T> = std::result::Result<T, dialoguer::Error>;

fn theme(printer: &Printer) -> Box<dyn Theme> {
    if printer.color_stderr() {
        Box::new(ColorfulTheme::default())
    } else {
        Box::new(SimpleTheme)
    }
}

/// A comma-separated list question; every item must pass `check`.
fn ask_list(
    theme: &dyn Theme,
    prompt: &str,
    current: &[String],
    check: impl Fn(&str) -> std::result::Result<(), String>,
) -> Result<Vec<String>> {
    let term = console::Term::stderr();
    let default = if current.is_empty() {
        "none".to_string()
    } else {
        current.join(", ")
    };
    let text: String = Input::with_theme(theme)
        .with_prompt(format!("{prompt} (comma-separated, `none` for none)?"))
        .default(default)
        .validate_with(|text: &String| -> std::result::Result<(), String> {
            if text.trim() == "none" {
                return Ok(());
            }
            answers::split_list(text)
                .iter()
                .try_for_each(|item| check(item))
        })
        .interact_text_on(&term)?;
    if text.trim() == "none" {
        return Ok(Vec::new());
    }
    Ok(answers::split_list(&text))
}

fn ask_duration(theme: &dyn Theme, prompt: &str, current: u64) -> Result<u64> {
    let term = console::Term::stderr();
    let text: String = Input::with_theme(theme)
        .with_prompt(format!("{prompt} (e.g. 7d, 12h, 30m, off)?"))
        .default(answers::format_duration(current))
        .validate_with(|t: &String| answers::parse_duration(t).map(drop))
        .interact_text_on(&term)?;
    Ok(answers::parse_duration(&text).unwrap_or(current))
}

/// Ask the remaining questions, starting from `base`.
pub fn ask(
    mut a: Answers,
    given: &Given,
    detected: &Detected,
    has_config: bool,
    printer: &Printer,
) -> Result<Answers> {
    let theme = theme(printer);
    let theme = theme.as_ref();
    let term = console::Term::stderr();
    if detected.package_json {
        let found = detected
            .framework
            .map_or("no framework I know", Framework::name);
        printer.info(&format!(
            "detected: {found}{}, {}{}",
            detected
                .next_major
                .map(|m| format!(" {m}"))
                .unwrap_or_default(),
            if a.typescript {
                "TypeScript"
            } else {
                "JavaScript"
            },
            if a.src_dir { ", `src/` layout" } else { "" },
        ));
    }
    if !given.framework {
        let choices = [
            Framework::Nextjs,
            Framework::Express,
            Framework::Fastify,
            Framework::ReactRouter,
            Framework::None,
        ];
        let labels = [
            "Next.js",
            "Express",
            "Fastify",
            "React Router",
            "none (settings files only)",
        ];
        let current = choices.iter().position(|f| *f == a.framework).unwrap_or(0);
        let i = Select::with_theme(theme)
            .with_prompt("Which framework does this project use?")
            .items(labels)
            .default(current)
            .interact_on(&term)?;
        a.framework = choices.get(i).copied().unwrap_or(Framework::Nextjs);
    }
    if a.framework == Framework::Nextjs && !given.next_major {
        let labels = [
            "16 or newer (writes `proxy`)",
            "15 or older (writes `middleware`)",
        ];
        let i = Select::with_theme(theme)
            .with_prompt("Which Next.js version?")
            .items(labels)
            .default(usize::from(a.next_major < 16))
            .interact_on(&term)?;
        a.next_major = if i == 0 { 16 } else { 15 };
    }
    if !given.preset && !has_config {
        let presets = [
            Preset::Development,
            Preset::Production,
            Preset::HighSecurity,
        ];
        let labels = [
            "development: 7-day sessions, no inactivity timeout",
            "production: 7-day sessions, 1-day inactivity timeout",
            "high-security: 12-hour sessions, 30-minute inactivity timeout",
        ];
        let i = Select::with_theme(theme)
            .with_prompt("Start from which preset?")
            .items(labels)
            .default(0)
            .interact_on(&term)?;
        let preset = presets.get(i).copied().unwrap_or(Preset::Development);
        let claims = std::mem::take(&mut a.session.claims);
        let parties = std::mem::take(&mut a.session.authorized_parties);
        a.session = preset.session();
        a.session.claims = claims;
        if given.parties {
            a.session.authorized_parties = parties;
        }
        a.preset = Some(preset);
    }
    loop {
        if !given.max_lifetime {
            a.session.max_lifetime_seconds = ask_duration(
                theme,
                "Maximum session lifetime",
                a.session.max_lifetime_seconds,
            )?;
        }
        if !given.inactivity {
            a.session.inactivity_timeout_seconds = ask_duration(
                theme,
                "Inactivity timeout",
                a.session.inactivity_timeout_seconds,
            )?;
        }
        match answers::check_lifetimes(
            a.session.max_lifetime_seconds,
            a.session.inactivity_timeout_seconds,
        ) {
            Ok(()) => break,
            Err(message) if !(given.max_lifetime && given.inactivity) => printer.warn(&message),
            Err(_) => break,
        }
    }
    if !given.mode {
        let i = Select::with_theme(theme)
            .with_prompt("Session mode?")
            .items([
                "single session per browser",
                "multi-session (several accounts at once)",
            ])
            .default(usize::from(a.session.mode == SessionMode::Multi))
            .interact_on(&term)?;
        a.session.mode = if i == 0 {
            SessionMode::Single
        } else {
            SessionMode::Multi
        };
    }
    if !given.parties {
        let items = ask_list(
            theme,
            "Authorized parties: origins your frontend runs on",
            &a.session.authorized_parties,
            |t| answers::parse_origin(t).map(drop),
        )?;
        a.session.authorized_parties = items
            .iter()
            .filter_map(|t| answers::parse_origin(t).ok())
            .collect();
    }
    if !given.claims {
        let current: Vec<String> = a
            .session
            .claims
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k}={}",
                    v.as_str().map_or_else(|| v.to_string(), str::to_string)
                )
            })
            .collect();
        let items = ask_list(
            theme,
            "Custom session-token claims, NAME=VALUE",
            &current,
            |t| answers::parse_claim(t).map(drop),
        )?;
        a.session.claims = items
            .iter()
            .filter_map(|t| answers::parse_claim(t).ok())
            .collect();
    }
    if a.framework != Framework::None && !given.routes {
        let route = |t: &str| answers::parse_route(t).map(drop);
        a.routes.public = ask_list(theme, "Public routes", &a.routes.public, route)?;
        a.routes.protected = ask_list(
            theme,
            "Routes that need a signed-in user",
            &a.routes.protected,
            route,
        )?;
        let rules = |role: bool| -> Vec<String> {
            a.routes
                .rules
                .iter()
                .filter_map(|r| {
                    let key = if role {
                        r.role.as_ref()
                    } else {
                        r.permission.as_ref()
                    }?;
                    Some(format!("{}={key}", r.path))
                })
                .collect()
        };
        let (current_roles, current_permissions) = (rules(true), rules(false));
        let roles = ask_list(
            theme,
            "Routes that need a role, PATTERN=ROLE",
            &current_roles,
            |t| answers::parse_rule(t, "role").map(drop),
        )?;
        let permissions = ask_list(
            theme,
            "Routes that need a permission, PATTERN=PERMISSION",
            &current_permissions,
            |t| answers::parse_rule(t, "permission").map(drop),
        )?;
        a.routes.rules = roles
            .iter()
            .filter_map(|t| answers::parse_rule(t, "role").ok())
            .map(|(path, role)| RouteRule {
                path,
                role: Some(role),
                permission: None,
            })
            .chain(
                permissions
                    .iter()
                    .filter_map(|t| answers::parse_rule(t, "permission").ok())
                    .map(|(path, p)| RouteRule {
                        path,
                        role: None,
                        permission: Some(p),
                    }),
            )
            .collect();
        a.routes.api = ask_list(
            theme,
            "API routes (401/404 signed out, no redirect)",
            &a.routes.api,
            route,
        )?;
        a.routes.webhooks = ask_list(
            theme,
            "Webhook routes (always public)",
            &a.routes.webhooks,
            route,
        )?;
    }
    if !given.templates {
        let current: Vec<String> = a.jwt_templates.iter().map(|t| t.name.clone()).collect();
        let names = ask_list(theme, "JWT templates this project uses", &current, |t| {
            answers::parse_template_name(t).map(drop)
        })?;
        a.jwt_templates = with_files(names, &a.jwt_templates);
    }
    Ok(a)
}

/// Ask for consent to the whole change set (summary already shown): apply, show the diffs
/// first, or write nothing. The default is to apply unless a change drops edits of the user's.
pub fn confirm_changes(set: &ChangeSet, printer: &Printer) -> Result<bool> {
    let theme = theme(printer);
    let term = console::Term::stderr();
    let default = if set.edited().is_empty() { 0 } else { 2 };
    loop {
        let choice = Select::with_theme(theme.as_ref())
            .with_prompt("Apply these changes?")
            .items([
                "yes, apply them all",
                "show the diffs first",
                "no, write nothing",
            ])
            .default(default)
            .interact_on(&term)?;
        match choice {
            0 => return Ok(true),
            1 => {
                for file in &set.files {
                    let diff = file.diff(set);
                    if !diff.is_empty() {
                        term.write_str(&diff)?;
                    }
                }
            }
            _ => return Ok(false),
        }
    }
}

/// "Turn Organizations on?" (`configure`'s Organizations step); no by default.
pub fn confirm_enable_organizations(printer: &Printer) -> std::io::Result<bool> {
    let theme = theme(printer);
    Confirm::with_theme(theme.as_ref())
        .with_prompt(
            "The project uses organization claims, but Organizations are off on this development instance. Turn them on now?",
        )
        .default(false)
        .interact_on(&console::Term::stderr())
        .map_err(|dialoguer::Error::IO(e)| e)
}
