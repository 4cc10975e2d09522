
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'clerkctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'clerkctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'clerkctl' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--secret-key-from-env', '--secret-key-from-env', [CompletionResultType]::ParameterName, 'Secret key; from the environment only, so it never shows in a process list')
            [CompletionResult]::new('--next-publishable-key', '--next-publishable-key', [CompletionResultType]::ParameterName, 'Publishable key, Next.js name')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('--jwt-key-from-env', '--jwt-key-from-env', [CompletionResultType]::ParameterName, 'PEM public key for networkless verification')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('configure', 'configure', [CompletionResultType]::ParameterValue, 'Write the project''s session settings and framework scaffolding (interactive wizard)')
            [CompletionResult]::new('jwt-template', 'jwt-template', [CompletionResultType]::ParameterValue, 'Emit, lint, preview and push JWT templates')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run session test suites against Clerk or the embedded emulator')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Explain a token: header, claims, times, Clerk claims, warnings')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify tokens the way `@clerk/backend` does (exit 0 valid, 1 invalid)')
            [CompletionResult]::new('emulator', 'emulator', [CompletionResultType]::ParameterValue, 'Serve a local, wire-compatible Clerk Backend API')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), e.g. `clerkctl man > ~/.local/share/man/man1/clerkctl.1`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clerkctl;configure' {
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'Start from a preset''s session settings')
            [CompletionResult]::new('--framework', '--framework', [CompletionResultType]::ParameterName, 'The framework to scaffold (detected from `package.json`)')
            [CompletionResult]::new('--next-version', '--next-version', [CompletionResultType]::ParameterName, 'Next.js major version (detected from `package.json`): 16+ writes `proxy`, older `middleware`')
            [CompletionResult]::new('--src-dir', '--src-dir', [CompletionResultType]::ParameterName, 'Put framework files under `src/` (detected)')
            [CompletionResult]::new('--language', '--language', [CompletionResultType]::ParameterName, 'TypeScript or JavaScript (detected from `tsconfig.json`)')
            [CompletionResult]::new('--max-lifetime', '--max-lifetime', [CompletionResultType]::ParameterName, 'Maximum session lifetime: `7d`, `12h`, `30m`, seconds, or `off`')
            [CompletionResult]::new('--inactivity-timeout', '--inactivity-timeout', [CompletionResultType]::ParameterName, 'Inactivity timeout: `30m`, `1d`, seconds, or `off`')
            [CompletionResult]::new('--session-mode', '--session-mode', [CompletionResultType]::ParameterName, 'Single- or multi-session mode')
            [CompletionResult]::new('--authorized-party', '--authorized-party', [CompletionResultType]::ParameterName, 'Origin allowed as `azp`, e.g. `https://app.example.com` (repeatable; `none` clears)')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'Custom session-token claim `NAME=VALUE`, e.g. `role={{user.public_metadata.role}}` (repeatable; `none` clears)')
            [CompletionResult]::new('--public-route', '--public-route', [CompletionResultType]::ParameterName, 'Route reachable signed out, e.g. `/` or `/sign-in(.*)` (repeatable; `none` clears)')
            [CompletionResult]::new('--protected-route', '--protected-route', [CompletionResultType]::ParameterName, 'Route that needs a signed-in user, e.g. `/dashboard(.*)` (repeatable; `none` clears)')
            [CompletionResult]::new('--role-route', '--role-route', [CompletionResultType]::ParameterName, 'Route that needs a role: `PATTERN=ROLE`, e.g. `/admin(.*)=org:admin` (repeatable; `none` clears)')
            [CompletionResult]::new('--permission-route', '--permission-route', [CompletionResultType]::ParameterName, 'Route that needs a permission: `PATTERN=PERMISSION` (repeatable; `none` clears)')
            [CompletionResult]::new('--api-route', '--api-route', [CompletionResultType]::ParameterName, 'API route (401/404 signed out, never a redirect), e.g. `/api(.*)` (repeatable; `none` clears)')
            [CompletionResult]::new('--webhook-route', '--webhook-route', [CompletionResultType]::ParameterName, 'Webhook route, always public, e.g. `/api/webhooks(.*)` (repeatable; `none` clears)')
            [CompletionResult]::new('--jwt-template', '--jwt-template', [CompletionResultType]::ParameterName, 'JWT template the project uses, e.g. `supabase` (repeatable; `none` clears)')
            [CompletionResult]::new('--apply-emulator', '--apply-emulator', [CompletionResultType]::ParameterName, 'After writing, apply the session settings to a running `clerkctl emulator` at this URL')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The project directory (default: the working directory)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Take flags and defaults without prompting, and apply the changes unless one would drop edits of yours')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Take flags and defaults without prompting, and apply the changes unless one would drop edits of yours')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Apply the changes even where they replace or remove files with edits of yours')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan and the diffs; write nothing')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Lint the existing middleware/proxy and `.gitignore` instead of writing anything')
            [CompletionResult]::new('--enable-organizations', '--enable-organizations', [CompletionResultType]::ParameterName, 'When the project uses organization claims and the configured development instance has Organizations off, turn them on (`PATCH /v1/instance/organization_settings`) without asking; never on a production instance')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clerkctl;jwt-template' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Template name (defaults to the kind''s conventional name)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the files into this directory instead of printing')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Token lifetime (`60s`, `10m`, `1h`, seconds; 30 s…10 years; Clerk''s default is 60 s)')
            [CompletionResult]::new('--clock-skew', '--clock-skew', [CompletionResultType]::ParameterName, 'Allowed clock skew (`5s`, seconds; 0…300 s; Clerk''s default is 5 s)')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'Add or replace a claim: `key=VALUE`; VALUE is JSON when it parses, else a string (repeatable)')
            [CompletionResult]::new('--from-metadata', '--from-metadata', [CompletionResultType]::ParameterName, 'Add claims read from public metadata, e.g. `role,plan`')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Which file to print without `--out`')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Add the active organization''s id, slug, role and permissions')
            [CompletionResult]::new('--session-claims', '--session-claims', [CompletionResultType]::ParameterName, 'Emit the session-token customization (`CustomJwtSessionClaims` and Dashboard JSON) instead')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace existing files that differ')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be written; write nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check template files for claims Clerk reserves, unknown shortcodes and size')
            [CompletionResult]::new('preview', 'preview', [CompletionResultType]::ParameterValue, 'Render a template for a user and print the full token payload')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Create or update the instance''s templates from files (by name)')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Write an instance template to a file')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare a template file with the instance''s template, claim by claim')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the instance''s templates')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clerkctl;jwt-template;lint' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clerkctl;jwt-template;preview' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Backend API `User` JSON to render for (default: a built-in sample user)')
            [CompletionResult]::new('--user-id', '--user-id', [CompletionResultType]::ParameterName, 'Fetch this user from the instance')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Backend API `Organization` JSON of the active organization')
            [CompletionResult]::new('--membership', '--membership', [CompletionResultType]::ParameterName, 'Backend API `OrganizationMembership` JSON for the active organization')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Backend API `Session` JSON (for `{{session.actor}}`)')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Issue time: RFC 3339 or Unix seconds (default: now)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Issuer (`iss`), the Frontend API URL (default: from the publishable key)')
            [CompletionResult]::new('--azp', '--azp', [CompletionResultType]::ParameterName, 'Authorized party (`azp`)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'RSA private key to sign with: PEM text, `@FILE` or a file path (PKCS#8 or PKCS#1 PEM)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('--sign', '--sign', [CompletionResultType]::ParameterName, 'Also print a signed token (key from `--key`, else a fresh throwaway key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clerkctl;jwt-template;push' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change; send nothing that changes the instance')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clerkctl;jwt-template;pull' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write (default: `<NAME>.json`; `-` for stdout)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing file that differs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clerkctl;jwt-template;diff' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clerkctl;jwt-template;list' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clerkctl;jwt-template;help' {
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check template files for claims Clerk reserves, unknown shortcodes and size')
            [CompletionResult]::new('preview', 'preview', [CompletionResultType]::ParameterValue, 'Render a template for a user and print the full token payload')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Create or update the instance''s templates from files (by name)')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Write an instance template to a file')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare a template file with the instance''s template, claim by claim')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the instance''s templates')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clerkctl;jwt-template;help;lint' {
            break
        }
        'clerkctl;jwt-template;help;preview' {
            break
        }
        'clerkctl;jwt-template;help;push' {
            break
        }
        'clerkctl;jwt-template;help;pull' {
            break
        }
        'clerkctl;jwt-template;help;diff' {
            break
        }
        'clerkctl;jwt-template;help;list' {
            break
        }
        'clerkctl;jwt-template;help;help' {
            break
        }
        'clerkctl;test' {
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Also write a JUnit XML report to this file')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Only run checks whose id contains NAME (repeatable), e.g. `jwt-verify.sub` or `azp`')
            [CompletionResult]::new('--token-lifetime', '--token-lifetime', [CompletionResultType]::ParameterName, 'Expected session token lifetime (`exp - iat`; `60s`, `1m` or seconds; default from `clerkctl.toml`, else 60 s)')
            [CompletionResult]::new('--max-lifetime', '--max-lifetime', [CompletionResultType]::ParameterName, 'Expected maximum session lifetime (`expire_at - created_at`; `7d`, `1h`, seconds or `off`)')
            [CompletionResult]::new('--clock-skew', '--clock-skew', [CompletionResultType]::ParameterName, 'Allowed clock skew when verifying (`5s`, or seconds)')
            [CompletionResult]::new('--session-mode', '--session-mode', [CompletionResultType]::ParameterName, 'Expected single- or multi-session mode')
            [CompletionResult]::new('--authorized-party', '--authorized-party', [CompletionResultType]::ParameterName, 'Authorized party (origin) tokens must carry in `azp` (repeatable)')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Check this instance JWT template in `custom-claims` (repeatable; default: those in `clerkctl.toml`, else a temporary template the suite creates and deletes)')
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'With `cleanup`: remove the runs whose newest resource is at least this old on the instance''s clock (`90s`, `10m`, `2h`; default 10m; `0s`: every run)')
            [CompletionResult]::new('--run', '--run', [CompletionResultType]::ParameterName, 'With `cleanup`: remove exactly this run''s resources, whatever their age (repeatable)')
            [CompletionResult]::new('--rate-limit', '--rate-limit', [CompletionResultType]::ParameterName, 'Requests per 10 seconds the client stays under (development instances allow 100)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('--emulator', '--emulator', [CompletionResultType]::ParameterName, 'Run against the embedded emulator even when a secret key is configured')
            [CompletionResult]::new('--allow-production', '--allow-production', [CompletionResultType]::ParameterName, 'Allow a production (`sk_live_`) key: the suites create and delete users and sessions')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'Stop at the first failed check (the remaining checks are reported as skipped)')
            [CompletionResult]::new('--real-time', '--real-time', [CompletionResultType]::ParameterName, 'Wait for a real token expiry in `expiration` instead of a simulated clock (bounded)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clerkctl;decode' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Evaluate times at this moment (RFC 3339, unix seconds, or relative like `-5m`)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Verify with this PEM public key (text or `@FILE`); overrides `CLERK_JWT_KEY`')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'Verify with this JWK set (a file, or an https URL)')
            [CompletionResult]::new('--authorized-party', '--authorized-party', [CompletionResultType]::ParameterName, 'Accepted `azp` origin (repeatable); a token without `azp` is then rejected')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'Accepted audience (repeatable); checked when the token has `aud`')
            [CompletionResult]::new('--clock-skew', '--clock-skew', [CompletionResultType]::ParameterName, 'Tolerance for `exp`, `nbf` and `iat` (`5s`, `500ms`; default 5s or clerkctl.toml)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask ids, emails, names, slugs, URL hosts and the signature, for pasting into an issue')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Also verify the token (same options as `verify`)')
            [CompletionResult]::new('--discover', '--discover', [CompletionResultType]::ParameterName, 'Fetch keys from `{iss}/.well-known/jwks.json` when `iss` is the configured instance')
            [CompletionResult]::new('--trust-issuer', '--trust-issuer', [CompletionResultType]::ParameterName, 'With `--discover`, accept any https issuer (the token then chooses its own keys)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clerkctl;verify' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Evaluate times at this moment (RFC 3339, unix seconds, or relative like `-5m`)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Verify with this PEM public key (text or `@FILE`); overrides `CLERK_JWT_KEY`')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'Verify with this JWK set (a file, or an https URL)')
            [CompletionResult]::new('--authorized-party', '--authorized-party', [CompletionResultType]::ParameterName, 'Accepted `azp` origin (repeatable); a token without `azp` is then rejected')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'Accepted audience (repeatable); checked when the token has `aud`')
            [CompletionResult]::new('--clock-skew', '--clock-skew', [CompletionResultType]::ParameterName, 'Tolerance for `exp`, `nbf` and `iat` (`5s`, `500ms`; default 5s or clerkctl.toml)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('--discover', '--discover', [CompletionResultType]::ParameterName, 'Fetch keys from `{iss}/.well-known/jwks.json` when `iss` is the configured instance')
            [CompletionResult]::new('--trust-issuer', '--trust-issuer', [CompletionResultType]::ParameterName, 'With `--discover`, accept any https issuer (the token then chooses its own keys)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clerkctl;emulator' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to bind (loopback by default)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to bind (0 picks a free one)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Persist the emulator''s state (users, sessions, keys…) in this JSON file, atomically on every change; loaded at start when it exists')
            [CompletionResult]::new('--secret-key', '--secret-key', [CompletionResultType]::ParameterName, 'The secret key clients must send (`sk_test_…`, or `@FILE`); generated when absent')
            [CompletionResult]::new('--frontend-api', '--frontend-api', [CompletionResultType]::ParameterName, 'The emulated Frontend API URL (the tokens'' `iss`); defaults to the emulator''s own URL')
            [CompletionResult]::new('--authorized-party', '--authorized-party', [CompletionResultType]::ParameterName, 'Put this `azp` (an origin such as `http://localhost:3000`) in session tokens, as the Frontend API does for a browser on that origin; omitted by default, as on every token minted through the Backend API')
            [CompletionResult]::new('--max-lifetime', '--max-lifetime', [CompletionResultType]::ParameterName, 'Maximum session lifetime (`7d`, `1h`, seconds; `off` or `0`: none); default from `clerkctl.toml`, else 7 days')
            [CompletionResult]::new('--inactivity-timeout', '--inactivity-timeout', [CompletionResultType]::ParameterName, 'Inactivity timeout (`30m`, seconds; `off` or `0`: none); default from `clerkctl.toml`, else off')
            [CompletionResult]::new('--session-mode', '--session-mode', [CompletionResultType]::ParameterName, 'Single- or multi-session mode; default from `clerkctl.toml`, else single')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('--organizations', '--organizations', [CompletionResultType]::ParameterName, 'Turn Organizations on (off on a new Clerk instance, and by default here unless `clerkctl.toml` has `[organizations] enabled = true`); off, every organization route answers 403 `organization_not_enabled_in_instance`')
            [CompletionResult]::new('--background', '--background', [CompletionResultType]::ParameterName, 'Run in the background: print the export block once the emulator is ready (plus `CLERKCTL_EMULATOR_PID`) and return, for `eval "$(clerkctl emulator --background)"`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Start an emulator, run a command with its keys in the environment, stop it when the command ends, and exit with the command''s exit code')
            [CompletionResult]::new('mint', 'mint', [CompletionResultType]::ParameterValue, 'Print a token for a user (created or reused by email) on a running emulator')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clerkctl;emulator;exec' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to bind (loopback by default)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to bind (0 picks a free one)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Persist the emulator''s state (users, sessions, keys…) in this JSON file, atomically on every change; loaded at start when it exists')
            [CompletionResult]::new('--secret-key', '--secret-key', [CompletionResultType]::ParameterName, 'The secret key clients must send (`sk_test_…`, or `@FILE`); generated when absent')
            [CompletionResult]::new('--frontend-api', '--frontend-api', [CompletionResultType]::ParameterName, 'The emulated Frontend API URL (the tokens'' `iss`); defaults to the emulator''s own URL')
            [CompletionResult]::new('--authorized-party', '--authorized-party', [CompletionResultType]::ParameterName, 'Put this `azp` (an origin such as `http://localhost:3000`) in session tokens, as the Frontend API does for a browser on that origin; omitted by default, as on every token minted through the Backend API')
            [CompletionResult]::new('--max-lifetime', '--max-lifetime', [CompletionResultType]::ParameterName, 'Maximum session lifetime (`7d`, `1h`, seconds; `off` or `0`: none); default from `clerkctl.toml`, else 7 days')
            [CompletionResult]::new('--inactivity-timeout', '--inactivity-timeout', [CompletionResultType]::ParameterName, 'Inactivity timeout (`30m`, seconds; `off` or `0`: none); default from `clerkctl.toml`, else off')
            [CompletionResult]::new('--session-mode', '--session-mode', [CompletionResultType]::ParameterName, 'Single- or multi-session mode; default from `clerkctl.toml`, else single')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('--organizations', '--organizations', [CompletionResultType]::ParameterName, 'Turn Organizations on (off on a new Clerk instance, and by default here unless `clerkctl.toml` has `[organizations] enabled = true`); off, every organization route answers 403 `organization_not_enabled_in_instance`')
            [CompletionResult]::new('--background', '--background', [CompletionResultType]::ParameterName, 'Run in the background: print the export block once the emulator is ready (plus `CLERKCTL_EMULATOR_PID`) and return, for `eval "$(clerkctl emulator --background)"`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clerkctl;emulator;mint' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'The user''s email address: the user is created on first use and reused after')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Make this organization (by slug; created on first use) the session''s active one')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'The user''s role in `--org` (a new membership defaults to `org:member`; an existing one is changed to this role)')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Mint a token from this JWT template instead of a session token')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clerkctl;emulator;help' {
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Start an emulator, run a command with its keys in the environment, stop it when the command ends, and exit with the command''s exit code')
            [CompletionResult]::new('mint', 'mint', [CompletionResultType]::ParameterValue, 'Print a token for a user (created or reused by email) on a running emulator')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clerkctl;emulator;help;exec' {
            break
        }
        'clerkctl;emulator;help;mint' {
            break
        }
        'clerkctl;emulator;help;help' {
            break
        }
        'clerkctl;completions' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clerkctl;man' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print errors only')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (requests, timings)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'clerkctl;help' {
            [CompletionResult]::new('configure', 'configure', [CompletionResultType]::ParameterValue, 'Write the project''s session settings and framework scaffolding (interactive wizard)')
            [CompletionResult]::new('jwt-template', 'jwt-template', [CompletionResultType]::ParameterValue, 'Emit, lint, preview and push JWT templates')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run session test suites against Clerk or the embedded emulator')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Explain a token: header, claims, times, Clerk claims, warnings')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify tokens the way `@clerk/backend` does (exit 0 valid, 1 invalid)')
            [CompletionResult]::new('emulator', 'emulator', [CompletionResultType]::ParameterValue, 'Serve a local, wire-compatible Clerk Backend API')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), e.g. `clerkctl man > ~/.local/share/man/man1/clerkctl.1`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clerkctl;help;configure' {
            break
        }
        'clerkctl;help;jwt-template' {
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check template files for claims Clerk reserves, unknown shortcodes and size')
            [CompletionResult]::new('preview', 'preview', [CompletionResultType]::ParameterValue, 'Render a template for a user and print the full token payload')
            [CompletionResult]::new('push', 'push', [CompletionResultType]::ParameterValue, 'Create or update the instance''s templates from files (by name)')
            [CompletionResult]::new('pull', 'pull', [CompletionResultType]::ParameterValue, 'Write an instance template to a file')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare a template file with the instance''s template, claim by claim')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the instance''s templates')
            break
        }
        'clerkctl;help;jwt-template;lint' {
            break
        }
        'clerkctl;help;jwt-template;preview' {
            break
        }
        'clerkctl;help;jwt-template;push' {
            break
        }
        'clerkctl;help;jwt-template;pull' {
            break
        }
        'clerkctl;help;jwt-template;diff' {
            break
        }
        'clerkctl;help;jwt-template;list' {
            break
        }
        'clerkctl;help;test' {
            break
        }
        'clerkctl;help;decode' {
            break
        }
        'clerkctl;help;verify' {
            break
        }
        'clerkctl;help;emulator' {
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Start an emulator, run a command with its keys in the environment, stop it when the command ends, and exit with the command''s exit code')
            [CompletionResult]::new('mint', 'mint', [CompletionResultType]::ParameterValue, 'Print a token for a user (created or reused by email) on a running emulator')
            break
        }
        'clerkctl;help;emulator;exec' {
            break
        }
        'clerkctl;help;emulator;mint' {
            break
        }
        'clerkctl;help;completions' {
            break
        }
        'clerkctl;help;man' {
            break
        }
        'clerkctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
