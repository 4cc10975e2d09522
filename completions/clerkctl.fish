# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_clerkctl_global_optspecs
    string join \n output= color= q/quiet v/verbose env-file= api-url= publishable-key= secret-key-from-env= next-publishable-key= api-version= jwt-key-from-env= h/help V/version
end

function __fish_clerkctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_clerkctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_clerkctl_using_subcommand
    set -l cmd (__fish_clerkctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c clerkctl -n "__fish_clerkctl_needs_command" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_needs_command" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_needs_command" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_needs_command" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_needs_command" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_needs_command" -l secret-key-from-env -d 'Secret key; from the environment only, so it never shows in a process list' -r
complete -c clerkctl -n "__fish_clerkctl_needs_command" -l next-publishable-key -d 'Publishable key, Next.js name' -r
complete -c clerkctl -n "__fish_clerkctl_needs_command" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_needs_command" -l jwt-key-from-env -d 'PEM public key for networkless verification' -r
complete -c clerkctl -n "__fish_clerkctl_needs_command" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_needs_command" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_needs_command" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_needs_command" -f -a "configure" -d 'Write the project\'s session settings and framework scaffolding (interactive wizard)'
complete -c clerkctl -n "__fish_clerkctl_needs_command" -f -a "jwt-template" -d 'Emit, lint, preview and push JWT templates'
complete -c clerkctl -n "__fish_clerkctl_needs_command" -f -a "test" -d 'Run session test suites against Clerk or the embedded emulator'
complete -c clerkctl -n "__fish_clerkctl_needs_command" -f -a "decode" -d 'Explain a token: header, claims, times, Clerk claims, warnings'
complete -c clerkctl -n "__fish_clerkctl_needs_command" -f -a "verify" -d 'Verify tokens the way `@clerk/backend` does (exit 0 valid, 1 invalid)'
complete -c clerkctl -n "__fish_clerkctl_needs_command" -f -a "emulator" -d 'Serve a local, wire-compatible Clerk Backend API'
complete -c clerkctl -n "__fish_clerkctl_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c clerkctl -n "__fish_clerkctl_needs_command" -f -a "man" -d 'Print the man page (roff), e.g. `clerkctl man > ~/.local/share/man/man1/clerkctl.1`'
complete -c clerkctl -n "__fish_clerkctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l preset -d 'Start from a preset\'s session settings' -r -f -a "development\t'Clerk\'s defaults (7-day lifetime, no inactivity timeout), localhost as authorized party'
production\t'7-day lifetime and a 1-day inactivity timeout'
high-security\t'12-hour lifetime, 30-minute inactivity timeout, single session'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l framework -d 'The framework to scaffold (detected from `package.json`)' -r -f -a "nextjs\t'Next.js with `@clerk/nextjs`'
express\t'Express with `@clerk/express`'
fastify\t'Fastify with `@clerk/fastify`'
react-router\t'React Router (framework mode) with `@clerk/react-router`'
none\t'No framework files: only `clerkctl.toml` and the `.clerk/` notes'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l next-version -d 'Next.js major version (detected from `package.json`): 16+ writes `proxy`, older `middleware`' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l src-dir -d 'Put framework files under `src/` (detected)' -r -f -a "true\t''
false\t''"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l language -d 'TypeScript or JavaScript (detected from `tsconfig.json`)' -r -f -a "ts\t'TypeScript (`.ts`, plus `types/globals.d.ts`)'
js\t'JavaScript (`.js`)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l max-lifetime -d 'Maximum session lifetime: `7d`, `12h`, `30m`, seconds, or `off`' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l inactivity-timeout -d 'Inactivity timeout: `30m`, `1d`, seconds, or `off`' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l session-mode -d 'Single- or multi-session mode' -r -f -a "single\t'One signed-in session per client; signing in again replaces it'
multi\t'Several accounts signed in at once on one client'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l authorized-party -d 'Origin allowed as `azp`, e.g. `https://app.example.com` (repeatable; `none` clears)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l claim -d 'Custom session-token claim `NAME=VALUE`, e.g. `role={{user.public_metadata.role}}` (repeatable; `none` clears)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l public-route -d 'Route reachable signed out, e.g. `/` or `/sign-in(.*)` (repeatable; `none` clears)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l protected-route -d 'Route that needs a signed-in user, e.g. `/dashboard(.*)` (repeatable; `none` clears)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l role-route -d 'Route that needs a role: `PATTERN=ROLE`, e.g. `/admin(.*)=org:admin` (repeatable; `none` clears)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l permission-route -d 'Route that needs a permission: `PATTERN=PERMISSION` (repeatable; `none` clears)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l api-route -d 'API route (401/404 signed out, never a redirect), e.g. `/api(.*)` (repeatable; `none` clears)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l webhook-route -d 'Webhook route, always public, e.g. `/api/webhooks(.*)` (repeatable; `none` clears)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l jwt-template -d 'JWT template the project uses, e.g. `supabase` (repeatable; `none` clears)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l apply-emulator -d 'After writing, apply the session settings to a running `clerkctl emulator` at this URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l dir -d 'The project directory (default: the working directory)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -s y -l yes -d 'Take flags and defaults without prompting, and apply the changes unless one would drop edits of yours'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l force -d 'Apply the changes even where they replace or remove files with edits of yours'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l dry-run -d 'Print the plan and the diffs; write nothing'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l check -d 'Lint the existing middleware/proxy and `.gitignore` instead of writing anything'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l enable-organizations -d 'When the project uses organization claims and the configured development instance has Organizations off, turn them on (`PATCH /v1/instance/organization_settings`) without asking; never on a production instance'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -l name -d 'Template name (defaults to the kind\'s conventional name)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -l out -d 'Write the files into this directory instead of printing' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -l lifetime -d 'Token lifetime (`60s`, `10m`, `1h`, seconds; 30 s…10 years; Clerk\'s default is 60 s)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -l clock-skew -d 'Allowed clock skew (`5s`, seconds; 0…300 s; Clerk\'s default is 5 s)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -l claim -d 'Add or replace a claim: `key=VALUE`; VALUE is JSON when it parses, else a string (repeatable)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -l from-metadata -d 'Add claims read from public metadata, e.g. `role,plan`' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -l print -d 'Which file to print without `--out`' -r -f -a "body\t'The template body (`POST /v1/jwt_templates` JSON)'
dts\t'The TypeScript declaration of the token'
validator\t'The runtime validator'
setup\t'The setup note'
all\t'Every file, each under a `==> name <==` header'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -l org -d 'Add the active organization\'s id, slug, role and permissions'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -l session-claims -d 'Emit the session-token customization (`CustomJwtSessionClaims` and Dashboard JSON) instead'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -l force -d 'Replace existing files that differ'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -l dry-run -d 'Show what would be written; write nothing'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -a "lint" -d 'Check template files for claims Clerk reserves, unknown shortcodes and size'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -a "preview" -d 'Render a template for a user and print the full token payload'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -a "push" -d 'Create or update the instance\'s templates from files (by name)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -a "pull" -d 'Write an instance template to a file'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -a "diff" -d 'Compare a template file with the instance\'s template, claim by claim'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -a "list" -d 'List the instance\'s templates'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and not __fish_seen_subcommand_from lint preview push pull diff list help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from lint" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from lint" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from lint" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from lint" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from lint" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from lint" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from lint" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from lint" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from lint" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -l user -d 'Backend API `User` JSON to render for (default: a built-in sample user)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -l user-id -d 'Fetch this user from the instance' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -l org -d 'Backend API `Organization` JSON of the active organization' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -l membership -d 'Backend API `OrganizationMembership` JSON for the active organization' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -l session -d 'Backend API `Session` JSON (for `{{session.actor}}`)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -l at -d 'Issue time: RFC 3339 or Unix seconds (default: now)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -l issuer -d 'Issuer (`iss`), the Frontend API URL (default: from the publishable key)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -l azp -d 'Authorized party (`azp`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -l key -d 'RSA private key to sign with: PEM text, `@FILE` or a file path (PKCS#8 or PKCS#1 PEM)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -l sign -d 'Also print a signed token (key from `--key`, else a fresh throwaway key)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from preview" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from push" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from push" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from push" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from push" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from push" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from push" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from push" -l dry-run -d 'Show what would change; send nothing that changes the instance'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from push" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from push" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from push" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from push" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from pull" -l out -d 'Where to write (default: `<NAME>.json`; `-` for stdout)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from pull" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from pull" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from pull" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from pull" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from pull" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from pull" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from pull" -l force -d 'Replace an existing file that differs'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from pull" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from pull" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from pull" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from pull" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from diff" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from diff" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from diff" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from diff" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from diff" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from diff" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from diff" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from diff" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from diff" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from list" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from list" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from list" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from list" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from list" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from list" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from help" -f -a "lint" -d 'Check template files for claims Clerk reserves, unknown shortcodes and size'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from help" -f -a "preview" -d 'Render a template for a user and print the full token payload'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from help" -f -a "push" -d 'Create or update the instance\'s templates from files (by name)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from help" -f -a "pull" -d 'Write an instance template to a file'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from help" -f -a "diff" -d 'Compare a template file with the instance\'s template, claim by claim'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the instance\'s templates'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l junit -d 'Also write a JUnit XML report to this file' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l filter -d 'Only run checks whose id contains NAME (repeatable), e.g. `jwt-verify.sub` or `azp`' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l token-lifetime -d 'Expected session token lifetime (`exp - iat`; `60s`, `1m` or seconds; default from `clerkctl.toml`, else 60 s)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l max-lifetime -d 'Expected maximum session lifetime (`expire_at - created_at`; `7d`, `1h`, seconds or `off`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l clock-skew -d 'Allowed clock skew when verifying (`5s`, or seconds)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l session-mode -d 'Expected single- or multi-session mode' -r -f -a "single\t'One signed-in session per client; signing in again replaces it'
multi\t'Several accounts signed in at once on one client'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l authorized-party -d 'Authorized party (origin) tokens must carry in `azp` (repeatable)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l template -d 'Check this instance JWT template in `custom-claims` (repeatable; default: those in `clerkctl.toml`, else a temporary template the suite creates and deletes)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l older-than -d 'With `cleanup`: remove the runs whose newest resource is at least this old on the instance\'s clock (`90s`, `10m`, `2h`; default 10m; `0s`: every run)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l run -d 'With `cleanup`: remove exactly this run\'s resources, whatever their age (repeatable)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l rate-limit -d 'Requests per 10 seconds the client stays under (development instances allow 100)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l emulator -d 'Run against the embedded emulator even when a secret key is configured'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l allow-production -d 'Allow a production (`sk_live_`) key: the suites create and delete users and sessions'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l fail-fast -d 'Stop at the first failed check (the remaining checks are reported as skipped)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l real-time -d 'Wait for a real token expiry in `expiration` instead of a simulated clock (bounded)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -l at -d 'Evaluate times at this moment (RFC 3339, unix seconds, or relative like `-5m`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -l key -d 'Verify with this PEM public key (text or `@FILE`); overrides `CLERK_JWT_KEY`' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -l jwks -d 'Verify with this JWK set (a file, or an https URL)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -l authorized-party -d 'Accepted `azp` origin (repeatable); a token without `azp` is then rejected' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -l audience -d 'Accepted audience (repeatable); checked when the token has `aud`' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -l clock-skew -d 'Tolerance for `exp`, `nbf` and `iat` (`5s`, `500ms`; default 5s or clerkctl.toml)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -l redact -d 'Mask ids, emails, names, slugs, URL hosts and the signature, for pasting into an issue'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -l verify -d 'Also verify the token (same options as `verify`)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -l discover -d 'Fetch keys from `{iss}/.well-known/jwks.json` when `iss` is the configured instance'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -l trust-issuer -d 'With `--discover`, accept any https issuer (the token then chooses its own keys)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -l at -d 'Evaluate times at this moment (RFC 3339, unix seconds, or relative like `-5m`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -l key -d 'Verify with this PEM public key (text or `@FILE`); overrides `CLERK_JWT_KEY`' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -l jwks -d 'Verify with this JWK set (a file, or an https URL)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -l authorized-party -d 'Accepted `azp` origin (repeatable); a token without `azp` is then rejected' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -l audience -d 'Accepted audience (repeatable); checked when the token has `aud`' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -l clock-skew -d 'Tolerance for `exp`, `nbf` and `iat` (`5s`, `500ms`; default 5s or clerkctl.toml)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -l discover -d 'Fetch keys from `{iss}/.well-known/jwks.json` when `iss` is the configured instance'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -l trust-issuer -d 'With `--discover`, accept any https issuer (the token then chooses its own keys)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand verify" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -l host -d 'Address to bind (loopback by default)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -l port -d 'Port to bind (0 picks a free one)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -l state -d 'Persist the emulator\'s state (users, sessions, keys…) in this JSON file, atomically on every change; loaded at start when it exists' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -l secret-key -d 'The secret key clients must send (`sk_test_…`, or `@FILE`); generated when absent' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -l frontend-api -d 'The emulated Frontend API URL (the tokens\' `iss`); defaults to the emulator\'s own URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -l authorized-party -d 'Put this `azp` (an origin such as `http://localhost:3000`) in session tokens, as the Frontend API does for a browser on that origin; omitted by default, as on every token minted through the Backend API' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -l max-lifetime -d 'Maximum session lifetime (`7d`, `1h`, seconds; `off` or `0`: none); default from `clerkctl.toml`, else 7 days' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -l inactivity-timeout -d 'Inactivity timeout (`30m`, seconds; `off` or `0`: none); default from `clerkctl.toml`, else off' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -l session-mode -d 'Single- or multi-session mode; default from `clerkctl.toml`, else single' -r -f -a "single\t'One signed-in session per client; signing in again replaces it'
multi\t'Several accounts signed in at once on one client'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -l organizations -d 'Turn Organizations on (off on a new Clerk instance, and by default here unless `clerkctl.toml` has `[organizations] enabled = true`); off, every organization route answers 403 `organization_not_enabled_in_instance`'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -l background -d 'Run in the background: print the export block once the emulator is ready (plus `CLERKCTL_EMULATOR_PID`) and return, for `eval "$(clerkctl emulator --background)"`'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -f -a "exec" -d 'Start an emulator, run a command with its keys in the environment, stop it when the command ends, and exit with the command\'s exit code'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -f -a "mint" -d 'Print a token for a user (created or reused by email) on a running emulator'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and not __fish_seen_subcommand_from exec mint help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l host -d 'Address to bind (loopback by default)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l port -d 'Port to bind (0 picks a free one)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l state -d 'Persist the emulator\'s state (users, sessions, keys…) in this JSON file, atomically on every change; loaded at start when it exists' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l secret-key -d 'The secret key clients must send (`sk_test_…`, or `@FILE`); generated when absent' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l frontend-api -d 'The emulated Frontend API URL (the tokens\' `iss`); defaults to the emulator\'s own URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l authorized-party -d 'Put this `azp` (an origin such as `http://localhost:3000`) in session tokens, as the Frontend API does for a browser on that origin; omitted by default, as on every token minted through the Backend API' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l max-lifetime -d 'Maximum session lifetime (`7d`, `1h`, seconds; `off` or `0`: none); default from `clerkctl.toml`, else 7 days' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l inactivity-timeout -d 'Inactivity timeout (`30m`, seconds; `off` or `0`: none); default from `clerkctl.toml`, else off' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l session-mode -d 'Single- or multi-session mode; default from `clerkctl.toml`, else single' -r -f -a "single\t'One signed-in session per client; signing in again replaces it'
multi\t'Several accounts signed in at once on one client'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l organizations -d 'Turn Organizations on (off on a new Clerk instance, and by default here unless `clerkctl.toml` has `[organizations] enabled = true`); off, every organization route answers 403 `organization_not_enabled_in_instance`'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -l background -d 'Run in the background: print the export block once the emulator is ready (plus `CLERKCTL_EMULATOR_PID`) and return, for `eval "$(clerkctl emulator --background)"`'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from exec" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from mint" -l email -d 'The user\'s email address: the user is created on first use and reused after' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from mint" -l org -d 'Make this organization (by slug; created on first use) the session\'s active one' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from mint" -l role -d 'The user\'s role in `--org` (a new membership defaults to `org:member`; an existing one is changed to this role)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from mint" -l template -d 'Mint a token from this JWT template instead of a session token' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from mint" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from mint" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from mint" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from mint" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from mint" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from mint" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from mint" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from mint" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from mint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from mint" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from help" -f -a "exec" -d 'Start an emulator, run a command with its keys in the environment, stop it when the command ends, and exit with the command\'s exit code'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from help" -f -a "mint" -d 'Print a token for a user (created or reused by email) on a running emulator'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand completions" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand completions" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand completions" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand completions" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand completions" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand completions" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand completions" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand completions" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand man" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand man" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand man" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand man" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand man" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand man" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand man" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand man" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand man" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and not __fish_seen_subcommand_from configure jwt-template test decode verify emulator completions man help" -f -a "configure" -d 'Write the project\'s session settings and framework scaffolding (interactive wizard)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and not __fish_seen_subcommand_from configure jwt-template test decode verify emulator completions man help" -f -a "jwt-template" -d 'Emit, lint, preview and push JWT templates'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and not __fish_seen_subcommand_from configure jwt-template test decode verify emulator completions man help" -f -a "test" -d 'Run session test suites against Clerk or the embedded emulator'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and not __fish_seen_subcommand_from configure jwt-template test decode verify emulator completions man help" -f -a "decode" -d 'Explain a token: header, claims, times, Clerk claims, warnings'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and not __fish_seen_subcommand_from configure jwt-template test decode verify emulator completions man help" -f -a "verify" -d 'Verify tokens the way `@clerk/backend` does (exit 0 valid, 1 invalid)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and not __fish_seen_subcommand_from configure jwt-template test decode verify emulator completions man help" -f -a "emulator" -d 'Serve a local, wire-compatible Clerk Backend API'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and not __fish_seen_subcommand_from configure jwt-template test decode verify emulator completions man help" -f -a "completions" -d 'Print shell completions'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and not __fish_seen_subcommand_from configure jwt-template test decode verify emulator completions man help" -f -a "man" -d 'Print the man page (roff), e.g. `clerkctl man > ~/.local/share/man/man1/clerkctl.1`'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and not __fish_seen_subcommand_from configure jwt-template test decode verify emulator completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and __fish_seen_subcommand_from jwt-template" -f -a "lint" -d 'Check template files for claims Clerk reserves, unknown shortcodes and size'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and __fish_seen_subcommand_from jwt-template" -f -a "preview" -d 'Render a template for a user and print the full token payload'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and __fish_seen_subcommand_from jwt-template" -f -a "push" -d 'Create or update the instance\'s templates from files (by name)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and __fish_seen_subcommand_from jwt-template" -f -a "pull" -d 'Write an instance template to a file'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and __fish_seen_subcommand_from jwt-template" -f -a "diff" -d 'Compare a template file with the instance\'s template, claim by claim'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and __fish_seen_subcommand_from jwt-template" -f -a "list" -d 'List the instance\'s templates'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and __fish_seen_subcommand_from emulator" -f -a "exec" -d 'Start an emulator, run a command with its keys in the environment, stop it when the command ends, and exit with the command\'s exit code'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and __fish_seen_subcommand_from emulator" -f -a "mint" -d 'Print a token for a user (created or reused by email) on a running emulator'
