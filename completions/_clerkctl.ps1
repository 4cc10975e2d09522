
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
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clerkctl;configure' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'How to print data on stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'Backend API URL')
            [CompletionResult]::new('--publishable-key', '--publishable-key', [CompletionResultType]::ParameterName, 'Publishable key (`pk_test_…`)')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Backend API version path')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Take flags and defaults without prompting')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Take flags and defaults without prompting')
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
        'clerkctl;test' {
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
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask `sub`, emails, ids and the signature, for pasting into an issue')
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
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to bind')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to bind (0 picks a free one)')
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
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'clerkctl;help;configure' {
            break
        }
        'clerkctl;help;jwt-template' {
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
