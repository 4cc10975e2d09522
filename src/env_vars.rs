//! Every environment variable clerkctl reads, declared once and listed in `--help`.

/// The instance's secret key (`sk_test_…` / `sk_live_…`). Never printed.
pub const CLERK_SECRET_KEY: &str = "CLERK_SECRET_KEY";
/// The instance's publishable key (`pk_test_…` / `pk_live_…`).
pub const CLERK_PUBLISHABLE_KEY: &str = "CLERK_PUBLISHABLE_KEY";
/// The publishable key as Next.js apps name it; used when `CLERK_PUBLISHABLE_KEY` is unset.
pub const NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: &str = "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY";
/// The Backend API base URL (default `https://api.clerk.com`).
pub const CLERK_API_URL: &str = "CLERK_API_URL";
/// The Backend API path version (default `v1`).
pub const CLERK_API_VERSION: &str = "CLERK_API_VERSION";
/// The instance's PEM public key, for networkless verification.
pub const CLERK_JWT_KEY: &str = "CLERK_JWT_KEY";
/// clerkctl's own: overrides `--color` (`auto`, `always`, `never`).
pub const CLERKCTL_COLOR: &str = "CLERKCTL_COLOR";
/// Standard: disables color when set to a non-empty value.
pub const NO_COLOR: &str = "NO_COLOR";
/// Set by GitHub Actions; `clerkctl test` then emits `::error::` annotations.
pub const GITHUB_ACTIONS: &str = "GITHUB_ACTIONS";

/// The environment section of `--help`.
pub const HELP: &str = "\
Environment variables:
  CLERK_SECRET_KEY                   Secret key of the instance (sk_test_…); never printed
  CLERK_PUBLISHABLE_KEY              Publishable key (pk_test_…)
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY  Publishable key, Next.js name (used if the above is unset)
  CLERK_API_URL                      Backend API URL [default: https://api.clerk.com]
  CLERK_API_VERSION                  Backend API version path [default: v1]
  CLERK_JWT_KEY                      PEM public key for networkless verification
  CLERKCTL_COLOR                     auto, always or never (like --color)
  NO_COLOR                           Disable color when non-empty
  GITHUB_ACTIONS                     When `true`, `test` emits GitHub annotations

Settings are resolved as: flags > environment > .env.local > .env > clerkctl.toml > defaults.
.env files are read as data, never executed.";
