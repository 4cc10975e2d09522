
use builtin;
use str;

set edit:completion:arg-completer[clerkctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'clerkctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'clerkctl'= {
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --secret-key-from-env 'Secret key; from the environment only, so it never shows in a process list'
            cand --next-publishable-key 'Publishable key, Next.js name'
            cand --api-version 'Backend API version path'
            cand --jwt-key-from-env 'PEM public key for networkless verification'
            cand -q 'Print errors only'
            cand --quiet 'Print errors only'
            cand -v 'Print more detail (requests, timings)'
            cand --verbose 'Print more detail (requests, timings)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand configure 'Write the project''s session settings and framework scaffolding (interactive wizard)'
            cand jwt-template 'Emit, lint, preview and push JWT templates'
            cand test 'Run session test suites against Clerk or the embedded emulator'
            cand decode 'Explain a token: header, claims, times, Clerk claims, warnings'
            cand verify 'Verify tokens the way `@clerk/backend` does (exit 0 valid, 1 invalid)'
            cand emulator 'Serve a local, wire-compatible Clerk Backend API'
            cand completions 'Print shell completions'
            cand man 'Print the man page (roff), e.g. `clerkctl man > ~/.local/share/man/man1/clerkctl.1`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clerkctl;configure'= {
            cand --preset 'Start from a preset''s session settings'
            cand --framework 'The framework to scaffold (detected from `package.json`)'
            cand --next-version 'Next.js major version (detected from `package.json`): 16+ writes `proxy`, older `middleware`'
            cand --src-dir 'Put framework files under `src/` (detected)'
            cand --language 'TypeScript or JavaScript (detected from `tsconfig.json`)'
            cand --max-lifetime 'Maximum session lifetime: `7d`, `12h`, `30m`, seconds, or `off`'
            cand --inactivity-timeout 'Inactivity timeout: `30m`, `1d`, seconds, or `off`'
            cand --session-mode 'Single- or multi-session mode'
            cand --authorized-party 'Origin allowed as `azp`, e.g. `https://app.example.com` (repeatable; `none` clears)'
            cand --claim 'Custom session-token claim `NAME=VALUE`, e.g. `role={{user.public_metadata.role}}` (repeatable; `none` clears)'
            cand --public-route 'Route reachable signed out, e.g. `/` or `/sign-in(.*)` (repeatable; `none` clears)'
            cand --protected-route 'Route that needs a signed-in user, e.g. `/dashboard(.*)` (repeatable; `none` clears)'
            cand --role-route 'Route that needs a role: `PATTERN=ROLE`, e.g. `/admin(.*)=org:admin` (repeatable; `none` clears)'
            cand --permission-route 'Route that needs a permission: `PATTERN=PERMISSION` (repeatable; `none` clears)'
            cand --api-route 'API route (401/404 signed out, never a redirect), e.g. `/api(.*)` (repeatable; `none` clears)'
            cand --webhook-route 'Webhook route, always public, e.g. `/api/webhooks(.*)` (repeatable; `none` clears)'
            cand --jwt-template 'JWT template the project uses, e.g. `supabase` (repeatable; `none` clears)'
            cand --apply-emulator 'After writing, apply the session settings to a running `clerkctl emulator` at this URL'
            cand --dir 'The project directory (default: the working directory)'
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand -y 'Take flags and defaults without prompting, and apply the changes unless one would drop edits of yours'
            cand --yes 'Take flags and defaults without prompting, and apply the changes unless one would drop edits of yours'
            cand --force 'Apply the changes even where they replace or remove files with edits of yours'
            cand --dry-run 'Print the plan and the diffs; write nothing'
            cand --check 'Lint the existing middleware/proxy and `.gitignore` instead of writing anything'
            cand --enable-organizations 'When the project uses organization claims and the configured development instance has Organizations off, turn them on (`PATCH /v1/instance/organization_settings`) without asking; never on a production instance'
            cand -q 'Print errors only'
            cand --quiet 'Print errors only'
            cand -v 'Print more detail (requests, timings)'
            cand --verbose 'Print more detail (requests, timings)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clerkctl;jwt-template'= {
            cand --name 'Template name (defaults to the kind''s conventional name)'
            cand --out 'Write the files into this directory instead of printing'
            cand --lifetime 'Token lifetime (`60s`, `10m`, `1h`, seconds; 30 s…10 years; Clerk''s default is 60 s)'
            cand --clock-skew 'Allowed clock skew (`5s`, seconds; 0…300 s; Clerk''s default is 5 s)'
            cand --claim 'Add or replace a claim: `key=VALUE`; VALUE is JSON when it parses, else a string (repeatable)'
            cand --from-metadata 'Add claims read from public metadata, e.g. `role,plan`'
            cand --print 'Which file to print without `--out`'
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand --org 'Add the active organization''s id, slug, role and permissions'
            cand --session-claims 'Emit the session-token customization (`CustomJwtSessionClaims` and Dashboard JSON) instead'
            cand --force 'Replace existing files that differ'
            cand --dry-run 'Show what would be written; write nothing'
            cand -q 'Print errors only'
            cand --quiet 'Print errors only'
            cand -v 'Print more detail (requests, timings)'
            cand --verbose 'Print more detail (requests, timings)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand lint 'Check template files for claims Clerk reserves, unknown shortcodes and size'
            cand preview 'Render a template for a user and print the full token payload'
            cand push 'Create or update the instance''s templates from files (by name)'
            cand pull 'Write an instance template to a file'
            cand diff 'Compare a template file with the instance''s template, claim by claim'
            cand list 'List the instance''s templates'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clerkctl;jwt-template;lint'= {
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand -q 'Print errors only'
            cand --quiet 'Print errors only'
            cand -v 'Print more detail (requests, timings)'
            cand --verbose 'Print more detail (requests, timings)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clerkctl;jwt-template;preview'= {
            cand --user 'Backend API `User` JSON to render for (default: a built-in sample user)'
            cand --user-id 'Fetch this user from the instance'
            cand --org 'Backend API `Organization` JSON of the active organization'
            cand --membership 'Backend API `OrganizationMembership` JSON for the active organization'
            cand --session 'Backend API `Session` JSON (for `{{session.actor}}`)'
            cand --at 'Issue time: RFC 3339 or Unix seconds (default: now)'
            cand --issuer 'Issuer (`iss`), the Frontend API URL (default: from the publishable key)'
            cand --azp 'Authorized party (`azp`)'
            cand --key 'RSA private key to sign with: PEM text, `@FILE` or a file path (PKCS#8 or PKCS#1 PEM)'
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand --sign 'Also print a signed token (key from `--key`, else a fresh throwaway key)'
            cand -q 'Print errors only'
            cand --quiet 'Print errors only'
            cand -v 'Print more detail (requests, timings)'
            cand --verbose 'Print more detail (requests, timings)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clerkctl;jwt-template;push'= {
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand --dry-run 'Show what would change; send nothing that changes the instance'
            cand -q 'Print errors only'
            cand --quiet 'Print errors only'
            cand -v 'Print more detail (requests, timings)'
            cand --verbose 'Print more detail (requests, timings)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clerkctl;jwt-template;pull'= {
            cand --out 'Where to write (default: `<NAME>.json`; `-` for stdout)'
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand --force 'Replace an existing file that differs'
            cand -q 'Print errors only'
            cand --quiet 'Print errors only'
            cand -v 'Print more detail (requests, timings)'
            cand --verbose 'Print more detail (requests, timings)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clerkctl;jwt-template;diff'= {
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand -q 'Print errors only'
            cand --quiet 'Print errors only'
            cand -v 'Print more detail (requests, timings)'
            cand --verbose 'Print more detail (requests, timings)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clerkctl;jwt-template;list'= {
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand -q 'Print errors only'
            cand --quiet 'Print errors only'
            cand -v 'Print more detail (requests, timings)'
            cand --verbose 'Print more detail (requests, timings)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clerkctl;jwt-template;help'= {
            cand lint 'Check template files for claims Clerk reserves, unknown shortcodes and size'
            cand preview 'Render a template for a user and print the full token payload'
            cand push 'Create or update the instance''s templates from files (by name)'
            cand pull 'Write an instance template to a file'
            cand diff 'Compare a template file with the instance''s template, claim by claim'
            cand list 'List the instance''s templates'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clerkctl;jwt-template;help;lint'= {
        }
        &'clerkctl;jwt-template;help;preview'= {
        }
        &'clerkctl;jwt-template;help;push'= {
        }
        &'clerkctl;jwt-template;help;pull'= {
        }
        &'clerkctl;jwt-template;help;diff'= {
        }
        &'clerkctl;jwt-template;help;list'= {
        }
        &'clerkctl;jwt-template;help;help'= {
        }
        &'clerkctl;test'= {
            cand --junit 'Also write a JUnit XML report to this file'
            cand --filter 'Only run checks whose id contains NAME (repeatable), e.g. `jwt-verify.sub` or `azp`'
            cand --token-lifetime 'Expected session token lifetime (`exp - iat`; `60s`, `1m` or seconds; default from `clerkctl.toml`, else 60 s)'
            cand --max-lifetime 'Expected maximum session lifetime (`expire_at - created_at`; `7d`, `1h`, seconds or `off`)'
            cand --clock-skew 'Allowed clock skew when verifying (`5s`, or seconds)'
            cand --session-mode 'Expected single- or multi-session mode'
            cand --authorized-party 'Authorized party (origin) tokens must carry in `azp` (repeatable)'
            cand --template 'Check this instance JWT template in `custom-claims` (repeatable; default: those in `clerkctl.toml`, else a temporary template the suite creates and deletes)'
            cand --older-than 'With `cleanup`: remove the runs whose newest resource is at least this old on the instance''s clock (`90s`, `10m`, `2h`; default 10m; `0s`: every run)'
            cand --run 'With `cleanup`: remove exactly this run''s resources, whatever their age (repeatable)'
            cand --rate-limit 'Requests per 10 seconds the client stays under (development instances allow 100)'
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand --emulator 'Run against the embedded emulator even when a secret key is configured'
            cand --allow-production 'Allow a production (`sk_live_`) key: the suites create and delete users and sessions'
            cand --fail-fast 'Stop at the first failed check (the remaining checks are reported as skipped)'
            cand --real-time 'Wait for a real token expiry in `expiration` instead of a simulated clock (bounded)'
            cand -q 'Print errors only'
            cand --quiet 'Print errors only'
            cand -v 'Print more detail (requests, timings)'
            cand --verbose 'Print more detail (requests, timings)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clerkctl;decode'= {
            cand --at 'Evaluate times at this moment (RFC 3339, unix seconds, or relative like `-5m`)'
            cand --key 'Verify with this PEM public key (text or `@FILE`); overrides `CLERK_JWT_KEY`'
            cand --jwks 'Verify with this JWK set (a file, or an https URL)'
            cand --authorized-party 'Accepted `azp` origin (repeatable); a token without `azp` is then rejected'
            cand --audience 'Accepted audience (repeatable); checked when the token has `aud`'
            cand --clock-skew 'Tolerance for `exp`, `nbf` and `iat` (`5s`, `500ms`; default 5s or clerkctl.toml)'
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand --redact 'Mask ids, emails, names, slugs, URL hosts and the signature, for pasting into an issue'
            cand --verify 'Also verify the token (same options as `verify`)'
            cand --discover 'Fetch keys from `{iss}/.well-known/jwks.json` when `iss` is the configured instance'
            cand --trust-issuer 'With `--discover`, accept any https issuer (the token then chooses its own keys)'
            cand -q 'Print errors only'
            cand --quiet 'Print errors only'
            cand -v 'Print more detail (requests, timings)'
            cand --verbose 'Print more detail (requests, timings)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clerkctl;verify'= {
            cand --at 'Evaluate times at this moment (RFC 3339, unix seconds, or relative like `-5m`)'
            cand --key 'Verify with this PEM public key (text or `@FILE`); overrides `CLERK_JWT_KEY`'
            cand --jwks 'Verify with this JWK set (a file, or an https URL)'
            cand --authorized-party 'Accepted `azp` origin (repeatable); a token without `azp` is then rejected'
            cand --audience 'Accepted audience (repeatable); checked when the token has `aud`'
            cand --clock-skew 'Tolerance for `exp`, `nbf` and `iat` (`5s`, `500ms`; default 5s or clerkctl.toml)'
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand --discover 'Fetch keys from `{iss}/.well-known/jwks.json` when `iss` is the configured instance'
            cand --trust-issuer 'With `--discover`, accept any https issuer (the token then chooses its own keys)'
            cand -q 'Print errors only'
            cand --quiet 'Print errors only'
            cand -v 'Print more detail (requests, timings)'
            cand --verbose 'Print more detail (requests, timings)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clerkctl;emulator'= {
            cand --host 'Address to bind (loopback by default)'
            cand --port 'Port to bind (0 picks a free one)'
            cand --state 'Persist the emulator''s state (users, sessions, keys…) in this JSON file, atomically on every change; loaded at start when it exists'
            cand --secret-key 'The secret key clients must send (`sk_test_…`, or `@FILE`); generated when absent'
            cand --frontend-api 'The emulated Frontend API URL (the tokens'' `iss`); defaults to the emulator''s own URL'
            cand --authorized-party 'Put this `azp` (an origin such as `http://localhost:3000`) in session tokens, as the Frontend API does for a browser on that origin; omitted by default, as on every token minted through the Backend API'
            cand --max-lifetime 'Maximum session lifetime (`7d`, `1h`, seconds; `off` or `0`: none); default from `clerkctl.toml`, else 7 days'
            cand --inactivity-timeout 'Inactivity timeout (`30m`, seconds; `off` or `0`: none); default from `clerkctl.toml`, else off'
            cand --session-mode 'Single- or multi-session mode; default from `clerkctl.toml`, else single'
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand --organizations 'Turn Organizations on (off on a new Clerk instance, and by default here unless `clerkctl.toml` has `[organizations] enabled = true`); off, every organization route answers 403 `organization_not_enabled_in_instance`'
            cand --background 'Run in the background: print the export block once the emulator is ready (plus `CLERKCTL_EMULATOR_PID`) and return, for `eval "$(clerkctl emulator --background)"`'
            cand -q 'Print errors only'
            cand --quiet 'Print errors only'
            cand -v 'Print more detail (requests, timings)'
            cand --verbose 'Print more detail (requests, timings)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand exec 'Start an emulator, run a command with its keys in the environment, stop it when the command ends, and exit with the command''s exit code'
            cand mint 'Print a token for a user (created or reused by email) on a running emulator'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clerkctl;emulator;exec'= {
            cand --host 'Address to bind (loopback by default)'
            cand --port 'Port to bind (0 picks a free one)'
            cand --state 'Persist the emulator''s state (users, sessions, keys…) in this JSON file, atomically on every change; loaded at start when it exists'
            cand --secret-key 'The secret key clients must send (`sk_test_…`, or `@FILE`); generated when absent'
            cand --frontend-api 'The emulated Frontend API URL (the tokens'' `iss`); defaults to the emulator''s own URL'
            cand --authorized-party 'Put this `azp` (an origin such as `http://localhost:3000`) in session tokens, as the Frontend API does for a browser on that origin; omitted by default, as on every token minted through the Backend API'
            cand --max-lifetime 'Maximum session lifetime (`7d`, `1h`, seconds; `off` or `0`: none); default from `clerkctl.toml`, else 7 days'
            cand --inactivity-timeout 'Inactivity timeout (`30m`, seconds; `off` or `0`: none); default from `clerkctl.toml`, else off'
            cand --session-mode 'Single- or multi-session mode; default from `clerkctl.toml`, else single'
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand --organizations 'Turn Organizations on (off on a new Clerk instance, and by default here unless `clerkctl.toml` has `[organizations] enabled = true`); off, every organization route answers 403 `organization_not_enabled_in_instance`'
            cand --background 'Run in the background: print the export block once the emulator is ready (plus `CLERKCTL_EMULATOR_PID`) and return, for `eval "$(clerkctl emulator --background)"`'
            cand -q 'Print errors only'
            cand --quiet 'Print errors only'
            cand -v 'Print more detail (requests, timings)'
            cand --verbose 'Print more detail (requests, timings)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clerkctl;emulator;mint'= {
            cand --email 'The user''s email address: the user is created on first use and reused after'
            cand --org 'Make this organization (by slug; created on first use) the session''s active one'
            cand --role 'The user''s role in `--org` (a new membership defaults to `org:member`; an existing one is changed to this role)'
            cand --template 'Mint a token from this JWT template instead of a session token'
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand -q 'Print errors only'
            cand --quiet 'Print errors only'
            cand -v 'Print more detail (requests, timings)'
            cand --verbose 'Print more detail (requests, timings)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clerkctl;emulator;help'= {
            cand exec 'Start an emulator, run a command with its keys in the environment, stop it when the command ends, and exit with the command''s exit code'
            cand mint 'Print a token for a user (created or reused by email) on a running emulator'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clerkctl;emulator;help;exec'= {
        }
        &'clerkctl;emulator;help;mint'= {
        }
        &'clerkctl;emulator;help;help'= {
        }
        &'clerkctl;completions'= {
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand -q 'Print errors only'
            cand --quiet 'Print errors only'
            cand -v 'Print more detail (requests, timings)'
            cand --verbose 'Print more detail (requests, timings)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clerkctl;man'= {
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand -q 'Print errors only'
            cand --quiet 'Print errors only'
            cand -v 'Print more detail (requests, timings)'
            cand --verbose 'Print more detail (requests, timings)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'clerkctl;help'= {
            cand configure 'Write the project''s session settings and framework scaffolding (interactive wizard)'
            cand jwt-template 'Emit, lint, preview and push JWT templates'
            cand test 'Run session test suites against Clerk or the embedded emulator'
            cand decode 'Explain a token: header, claims, times, Clerk claims, warnings'
            cand verify 'Verify tokens the way `@clerk/backend` does (exit 0 valid, 1 invalid)'
            cand emulator 'Serve a local, wire-compatible Clerk Backend API'
            cand completions 'Print shell completions'
            cand man 'Print the man page (roff), e.g. `clerkctl man > ~/.local/share/man/man1/clerkctl.1`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clerkctl;help;configure'= {
        }
        &'clerkctl;help;jwt-template'= {
            cand lint 'Check template files for claims Clerk reserves, unknown shortcodes and size'
            cand preview 'Render a template for a user and print the full token payload'
            cand push 'Create or update the instance''s templates from files (by name)'
            cand pull 'Write an instance template to a file'
            cand diff 'Compare a template file with the instance''s template, claim by claim'
            cand list 'List the instance''s templates'
        }
        &'clerkctl;help;jwt-template;lint'= {
        }
        &'clerkctl;help;jwt-template;preview'= {
        }
        &'clerkctl;help;jwt-template;push'= {
        }
        &'clerkctl;help;jwt-template;pull'= {
        }
        &'clerkctl;help;jwt-template;diff'= {
        }
        &'clerkctl;help;jwt-template;list'= {
        }
        &'clerkctl;help;test'= {
        }
        &'clerkctl;help;decode'= {
        }
        &'clerkctl;help;verify'= {
        }
        &'clerkctl;help;emulator'= {
            cand exec 'Start an emulator, run a command with its keys in the environment, stop it when the command ends, and exit with the command''s exit code'
            cand mint 'Print a token for a user (created or reused by email) on a running emulator'
        }
        &'clerkctl;help;emulator;exec'= {
        }
        &'clerkctl;help;emulator;mint'= {
        }
        &'clerkctl;help;completions'= {
        }
        &'clerkctl;help;man'= {
        }
        &'clerkctl;help;help'= {
        }
    ]
    $completions[$command]
}
