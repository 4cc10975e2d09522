//! `clerkctl verify` arguments.

use clap::Args;

/// `clerkctl verify [TOKEN|-]`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The token; `-` (or piped stdin) reads one token per line and prints one verdict per line.
    pub token: Option<String>,

    /// Verification options.
    #[command(flatten)]
    pub options: VerifyOptionArgs,
}

/// Options shared by `verify` and `decode --verify`.
#[derive(Debug, Args, Clone, Default)]
pub struct VerifyOptionArgs {
    /// Evaluate times at this moment (RFC 3339, unix seconds, or relative like `-5m`).
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub at: Option<String>,

    /// Verify with this PEM public key (text or `@FILE`); overrides `CLERK_JWT_KEY`.
    #[arg(long, value_name = "PEM|@FILE", allow_hyphen_values = true)]
    pub key: Option<String>,

    /// Verify with this JWK set (a file, or an https URL).
    #[arg(long, value_name = "FILE|URL", conflicts_with = "key")]
    pub jwks: Option<String>,

    /// Fetch keys from `{iss}/.well-known/jwks.json` when `iss` is the configured instance.
    #[arg(long, conflicts_with_all = ["key", "jwks"])]
    pub discover: bool,

    /// With `--discover`, accept any https issuer (the token then chooses its own keys).
    #[arg(long, requires = "discover")]
    pub trust_issuer: bool,

    /// Accepted `azp` origin (repeatable); a token without `azp` is then rejected.
    #[arg(long = "authorized-party", value_name = "ORIGIN")]
    pub authorized_parties: Vec<String>,

    /// Accepted audience (repeatable); checked when the token has `aud`.
    #[arg(long, value_name = "AUD")]
    pub audience: Vec<String>,

    /// Tolerance for `exp`, `nbf` and `iat` (`5s`, `500ms`; default 5s or clerkctl.toml).
    #[arg(long, value_name = "DURATION")]
    pub clock_skew: Option<String>,
}
