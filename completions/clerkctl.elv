
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
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clerkctl;configure'= {
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand -y 'Take flags and defaults without prompting'
            cand --yes 'Take flags and defaults without prompting'
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
        &'clerkctl;test'= {
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
            cand --redact 'Mask `sub`, emails, ids and the signature, for pasting into an issue'
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
            cand --host 'Address to bind'
            cand --port 'Port to bind (0 picks a free one)'
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
            cand man 'Print the man page (roff)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'clerkctl;help;configure'= {
        }
        &'clerkctl;help;jwt-template'= {
        }
        &'clerkctl;help;test'= {
        }
        &'clerkctl;help;decode'= {
        }
        &'clerkctl;help;verify'= {
        }
        &'clerkctl;help;emulator'= {
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
