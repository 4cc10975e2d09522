//! `clerkctl configure` arguments: every wizard question has a flag here.

use std::path::PathBuf;

use clap::Args;

use crate::project::SessionMode;
use crate::scaffold::answers::Preset;
use crate::scaffold::detect::Framework;

/// Source language for the generated files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Language {
    /// TypeScript (`.ts`, plus `types/globals.d.ts`).
    Ts,
    /// JavaScript (`.js`).
    Js,
}

/// `clerkctl configure`.
#[derive(Debug, Default, Args)]
#[command(
    after_help = "Without a terminal (CI) or with --yes, no question is asked: flags, \
                        then clerkctl.toml, then the preset, then defaults. Every change is \
                        listed before anything is written and applied as a whole or not at all; \
                        a change that would drop edits of yours needs --force (or a yes at the \
                        prompt)."
)]
pub struct ConfigureArgs {
    /// Take flags and defaults without prompting, and apply the changes unless one would drop
    /// edits of yours.
    #[arg(long, short)]
    pub yes: bool,

    /// Apply the changes even where they replace or remove files with edits of yours.
    #[arg(long)]
    pub force: bool,

    /// Print the plan and the diffs; write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Lint the existing middleware/proxy and `.gitignore` instead of writing anything.
    #[arg(long, conflicts_with_all = ["force", "dry_run", "yes"])]
    pub check: bool,

    /// Start from a preset's session settings.
    #[arg(long, value_enum)]
    pub preset: Option<Preset>,

    /// The framework to scaffold (detected from `package.json`).
    #[arg(long, value_enum)]
    pub framework: Option<Framework>,

    /// Next.js major version (detected from `package.json`): 16+ writes `proxy`, older `middleware`.
    #[arg(long, value_name = "MAJOR", value_parser = clap::value_parser!(u32).range(13..100))]
    pub next_version: Option<u32>,

    /// Put framework files under `src/` (detected).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub src_dir: Option<bool>,

    /// TypeScript or JavaScript (detected from `tsconfig.json`).
    #[arg(long, value_enum)]
    pub language: Option<Language>,

    /// Maximum session lifetime: `7d`, `12h`, `30m`, seconds, or `off`.
    #[arg(long, value_name = "DURATION")]
    pub max_lifetime: Option<String>,

    /// Inactivity timeout: `30m`, `1d`, seconds, or `off`.
    #[arg(long, value_name = "DURATION")]
    pub inactivity_timeout: Option<String>,

    /// Single- or multi-session mode.
    #[arg(long, value_enum)]
    pub session_mode: Option<SessionMode>,

    /// Origin allowed as `azp`, e.g. `https://app.example.com` (repeatable; `none` clears).
    #[arg(long, value_name = "ORIGIN")]
    pub authorized_party: Vec<String>,

    /// Custom session-token claim `NAME=VALUE`, e.g. `role={{user.public_metadata.role}}` (repeatable; `none` clears).
    #[arg(long, value_name = "NAME=VALUE")]
    pub claim: Vec<String>,

    /// Route reachable signed out, e.g. `/` or `/sign-in(.*)` (repeatable; `none` clears).
    #[arg(long, value_name = "PATTERN")]
    pub public_route: Vec<String>,

    /// Route that needs a signed-in user, e.g. `/dashboard(.*)` (repeatable; `none` clears).
    #[arg(long, value_name = "PATTERN")]
    pub protected_route: Vec<String>,

    /// Route that needs a role: `PATTERN=ROLE`, e.g. `/admin(.*)=org:admin` (repeatable; `none` clears).
    #[arg(long, value_name = "PATTERN=ROLE")]
    pub role_route: Vec<String>,

    /// Route that needs a permission: `PATTERN=PERMISSION` (repeatable; `none` clears).
    #[arg(long, value_name = "PATTERN=PERMISSION")]
    pub permission_route: Vec<String>,

    /// API route (401/404 signed out, never a redirect), e.g. `/api(.*)` (repeatable; `none` clears).
    #[arg(long, value_name = "PATTERN")]
    pub api_route: Vec<String>,

    /// Webhook route, always public, e.g. `/api/webhooks(.*)` (repeatable; `none` clears).
    #[arg(long, value_name = "PATTERN")]
    pub webhook_route: Vec<String>,

    /// JWT template the project uses, e.g. `supabase` (repeatable; `none` clears).
    #[arg(long, value_name = "NAME")]
    pub jwt_template: Vec<String>,

    /// When the project uses organization claims and the configured development instance has
    /// Organizations off, turn them on (`PATCH /v1/instance/organization_settings`) without
    /// asking; never on a production instance.
    #[arg(long)]
    pub enable_organizations: bool,

    /// After writing, apply the session settings to a running `clerkctl emulator` at this URL.
    #[arg(long, value_name = "URL")]
    pub apply_emulator: Option<String>,

    /// The project directory (default: the working directory).
    #[arg(long, value_name = "DIR", hide = true)]
    pub dir: Option<PathBuf>,
}
