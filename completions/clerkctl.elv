
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
            cand -y 'Take flags and defaults without prompting'
            cand --yes 'Take flags and defaults without prompting'
            cand --force 'Replace existing files that differ (after showing their diff)'
            cand --dry-run 'Print the plan and the diffs; write nothing'
            cand --check 'Lint the existing middleware/proxy and `.gitignore` instead of writing anything'
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
            cand --output 'How to print data on stdout'
            cand --color 'When to use colors'
            cand --env-file 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)'
            cand --api-url 'Backend API URL'
            cand --publishable-key 'Publishable key (`pk_test_…`)'
            cand --api-version 'Backend API version path'
            cand --redact 'Mask `sub`, emails, ids and the signature, for pasting into an issue'
            cand --verify 'Also verify the token (same options as `verify`)'
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
