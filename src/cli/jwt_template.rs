//! `clerkctl jwt-template` arguments.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

/// `clerkctl jwt-template <KIND>` and its subcommands.
#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = "Emit a template with `clerkctl jwt-template <KIND>`; work with template files with \
                  the subcommands below. Template tokens (`getToken({ template })`) are not the session \
                  token; `--session-claims` customizes the session token instead."
)]
pub struct JwtTemplateArgs {
    /// Work with template files or the instance's templates.
    #[command(subcommand)]
    pub action: Option<JwtTemplateAction>,
    /// Emit a template of a known kind.
    #[command(flatten)]
    pub emit: EmitArgs,
}

/// The template kinds clerkctl can emit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateKind {
    /// User id, email, name and public metadata for your own backend.
    Default,
    /// Hasura GraphQL Engine (`https://hasura.io/jwt/claims`).
    Hasura,
    /// Nhost (Hasura claims).
    Nhost,
    /// Supabase legacy template (deprecated since 2025-04-01).
    Supabase,
    /// Convex (`aud: "convex"`).
    Convex,
    /// Grafbase (OIDC issuer, `groups`).
    Grafbase,
    /// Built from `--claim`, `--from-metadata` and `--org`.
    Custom,
}

/// Which generated file to print when there is no `--out`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrintWhat {
    /// The template body (`POST /v1/jwt_templates` JSON).
    Body,
    /// The TypeScript declaration of the token.
    Dts,
    /// The runtime validator.
    Validator,
    /// The setup note.
    Setup,
    /// Every file, each under a `==> name <==` header.
    All,
}

/// Flags of the emit form.
#[derive(Debug, Args)]
pub struct EmitArgs {
    /// The template kind to emit.
    #[arg(value_enum, required = true)]
    pub kind: Option<TemplateKind>,

    /// Template name (defaults to the kind's conventional name).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Write the files into this directory instead of printing.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Token lifetime (`60s`, `10m`, `1h`, seconds; 30 s…10 years; Clerk's default is 60 s).
    #[arg(long, value_name = "DURATION", value_parser = seconds_i64)]
    pub lifetime: Option<i64>,

    /// Allowed clock skew (`5s`, seconds; 0…300 s; Clerk's default is 5 s).
    #[arg(long, value_name = "DURATION", value_parser = seconds_i64)]
    pub clock_skew: Option<i64>,

    /// Add or replace a claim: `key=VALUE`; VALUE is JSON when it parses, else a string (repeatable).
    #[arg(long = "claim", value_name = "KEY=VALUE")]
    pub claims: Vec<String>,

    /// Add claims read from public metadata, e.g. `role,plan`.
    #[arg(long, value_name = "KEYS", value_delimiter = ',')]
    pub from_metadata: Vec<String>,

    /// Add the active organization's id, slug, role and permissions.
    #[arg(long)]
    pub org: bool,

    /// Emit the session-token customization (`CustomJwtSessionClaims` and Dashboard JSON) instead.
    #[arg(long)]
    pub session_claims: bool,

    /// Which file to print without `--out`.
    #[arg(long, value_enum, default_value_t = PrintWhat::Body)]
    pub print: PrintWhat,

    /// Replace existing files that differ.
    #[arg(long)]
    pub force: bool,

    /// Show what would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `clerkctl jwt-template <ACTION>`.
#[derive(Debug, Subcommand)]
pub enum JwtTemplateAction {
    /// Check template files for claims Clerk reserves, unknown shortcodes and size.
    Lint(LintArgs),
    /// Render a template for a user and print the full token payload.
    Preview(Box<PreviewArgs>),
    /// Create or update the instance's templates from files (by name).
    Push(PushArgs),
    /// Write an instance template to a file.
    Pull(PullArgs),
    /// Compare a template file with the instance's template, claim by claim.
    Diff(DiffArgs),
    /// List the instance's templates.
    List,
}

/// `jwt-template lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Template files (body JSON or bare claims).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// `jwt-template preview`.
#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// Template file (body JSON or bare claims).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Backend API `User` JSON to render for (default: a built-in sample user).
    #[arg(long, value_name = "FILE", conflicts_with = "user_id")]
    pub user: Option<PathBuf>,
    /// Fetch this user from the instance.
    #[arg(long, value_name = "ID")]
    pub user_id: Option<String>,
    /// Backend API `Organization` JSON of the active organization.
    #[arg(long, value_name = "FILE")]
    pub org: Option<PathBuf>,
    /// Backend API `OrganizationMembership` JSON for the active organization.
    #[arg(long, value_name = "FILE")]
    pub membership: Option<PathBuf>,
    /// Backend API `Session` JSON (for `{{session.actor}}`).
    #[arg(long, value_name = "FILE")]
    pub session: Option<PathBuf>,
    /// Issue time: RFC 3339 or Unix seconds (default: now).
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Issuer (`iss`), the Frontend API URL (default: from the publishable key).
    #[arg(long, value_name = "URL")]
    pub issuer: Option<String>,
    /// Authorized party (`azp`).
    #[arg(long, value_name = "ORIGIN")]
    pub azp: Option<String>,
    /// Also print a signed token (key from `--key`, else a fresh throwaway key).
    #[arg(long)]
    pub sign: bool,
    /// RSA private key to sign with: PEM text, `@FILE` or a file path (PKCS#8 or PKCS#1 PEM).
    #[arg(
        long,
        value_name = "PEM|@FILE",
        requires = "sign",
        allow_hyphen_values = true
    )]
    pub key: Option<String>,
}

/// `jwt-template push`.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// Template files (body JSON); the name comes from `name`, else the file name.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Show what would change; send nothing that changes the instance.
    #[arg(long)]
    pub dry_run: bool,
}

/// `jwt-template pull`.
#[derive(Debug, Args)]
pub struct PullArgs {
    /// Template name on the instance.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// Where to write (default: `<NAME>.json`; `-` for stdout).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace an existing file that differs.
    #[arg(long)]
    pub force: bool,
}

/// `jwt-template diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Template file (body JSON).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// A duration flag ([`crate::jwt::time::parse_seconds`]) as the signed seconds templates hold.
fn seconds_i64(text: &str) -> Result<i64, String> {
    let secs = crate::jwt::time::parse_seconds(text)?;
    i64::try_from(secs).map_err(|_| format!("`{text}` is too long"))
}
