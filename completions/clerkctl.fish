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
complete -c clerkctl -n "__fish_clerkctl_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c clerkctl -n "__fish_clerkctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -s y -l yes -d 'Take flags and defaults without prompting'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand configure" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand jwt-template" -s V -l version -d 'Print version'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand test" -l api-version -d 'Backend API version path' -r
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
complete -c clerkctl -n "__fish_clerkctl_using_subcommand decode" -l redact -d 'Mask `sub`, emails, ids and the signature, for pasting into an issue'
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
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator" -l host -d 'Address to bind' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator" -l port -d 'Port to bind (0 picks a free one)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator" -l output -d 'How to print data on stdout' -r -f -a "text\t'Human-readable text'
json\t'Stable, documented JSON (never colored)'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator" -l color -d 'When to use colors' -r -f -a "auto\t'Color when the stream is a terminal and `NO_COLOR` is unset'
always\t'Always color'
never\t'Never color'"
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator" -l env-file -d 'Read settings from this `.env` file instead of `.env.local` and `.env` (repeatable)' -r -F
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator" -l api-url -d 'Backend API URL' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator" -l publishable-key -d 'Publishable key (`pk_test_…`)' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator" -l api-version -d 'Backend API version path' -r
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator" -s q -l quiet -d 'Print errors only'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator" -s v -l verbose -d 'Print more detail (requests, timings)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand emulator" -s V -l version -d 'Print version'
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
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and not __fish_seen_subcommand_from configure jwt-template test decode verify emulator completions man help" -f -a "man" -d 'Print the man page (roff)'
complete -c clerkctl -n "__fish_clerkctl_using_subcommand help; and not __fish_seen_subcommand_from configure jwt-template test decode verify emulator completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
