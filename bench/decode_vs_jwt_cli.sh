#!/usr/bin/env bash
# Cold processes, clerkctl vs jwt-cli on the same token, in alternating hyperfine rounds of the
# same run (a neighbour's burst of work then slows both commands, not just one), by median:
#   decode     `clerkctl decode --output json TOKEN`       vs `jwt decode --json TOKEN`
#   verify     `clerkctl verify --key @pub.pem TOKEN`      vs `jwt decode --alg RS256 --secret @pub.pem TOKEN`
#   --version  `clerkctl --version`                        vs `jwt --version`
# Target: decode ≤ 0.85× jwt-cli's median. Measures the static release artifact
# (`scripts/dist.sh` → dist/clerkctl-x86_64-unknown-linux-gnu) when present, else
# target/release/clerkctl; CLERKCTL=PATH picks another. Needs `jwt` (`cargo install jwt-cli`)
# and hyperfine (else a timed loop, decode only).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
at=$(bench/make_tokens.sh "$work" 1)
token=$(head -1 "$work/tokens.txt")
dist=dist/clerkctl-x86_64-unknown-linux-gnu
if [ -z "${CLERKCTL:-}" ]; then
  if [ -x "$dist" ]; then CLERKCTL=$dist; else CLERKCTL=target/release/clerkctl; fi
fi
clerkctl=$CLERKCTL
jwt=${JWT:-$(command -v jwt || echo "$HOME/.cargo/bin/jwt")}
[ -x "$clerkctl" ] || { echo "build first: scripts/dist.sh (or cargo build --release)" >&2; exit 2; }
[ -x "$jwt" ] || { echo "install jwt-cli first: cargo install jwt-cli" >&2; exit 2; }
echo "clerkctl: $clerkctl ($(wc -c < "$clerkctl") bytes); jwt: $jwt ($("$jwt" --version))"
# Same work for both: no color, no terminal.
export NO_COLOR=1
# Both sides must succeed on this token before anything is timed.
"$clerkctl" decode --output json "$token" >/dev/null
"$clerkctl" verify --key "@$work/pub.pem" --at "$at" "$token" >/dev/null
"$jwt" decode --json "$token" >/dev/null
"$jwt" decode --alg RS256 --secret "@$work/pub.pem" --ignore-exp --json "$token" >/dev/null

if ! command -v hyperfine >/dev/null; then
  time_loop() {
    local start end
    start=$(date +%s%N)
    for _ in $(seq 1 "$runs"); do "$@" >/dev/null; done
    end=$(date +%s%N)
    echo $(( (end - start) / runs ))
  }
  c=$(time_loop "$clerkctl" decode --output json "$token")
  j=$(time_loop "$jwt" decode --json "$token")
  awk -v c="$c" -v j="$j" 'BEGIN { printf "decode: clerkctl %.2f ms, jwt %.2f ms, ratio %.2f (target <= 0.85; no hyperfine: means of a timed loop)\n", c/1e6, j/1e6, c/j }'
  exit 0
fi

rounds=${ROUNDS:-6}
per=$(( runs / rounds + 1 ))
# One round runs every pair back to back, so the pairs share the same machine conditions too.
for r in $(seq 1 "$rounds"); do
  hyperfine -N --warmup 20 --runs "$per" --export-json "$work/decode$r.json" \
    "$clerkctl decode --output json $token" "$jwt decode --json $token" >/dev/null
  hyperfine -N --warmup 20 --runs "$per" --export-json "$work/verify$r.json" \
    "$clerkctl verify --key @$work/pub.pem --at $at $token" \
    "$jwt decode --alg RS256 --secret @$work/pub.pem --ignore-exp --json $token" >/dev/null
  hyperfine -N --warmup 20 --runs "$per" --export-json "$work/version$r.json" \
    "$clerkctl --version" "$jwt --version" >/dev/null
done
python3 - "$work" "$rounds" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
for name, target in (("decode", 0.85), ("verify", None), ("version", None)):
    c, j, cu, ju = [], [], [], []
    for r in range(1, rounds + 1):
        res = json.load(open(f"{work}/{name}{r}.json"))["results"]
        c += res[0]["times"]; j += res[1]["times"]
        cu.append(res[0]["user"] + res[0]["system"]); ju.append(res[1]["user"] + res[1]["system"])
    cm, jm = statistics.median(c), statistics.median(j)
    cpu = statistics.median(cu) / statistics.median(ju)
    goal = f" (target <= {target:.2f}: {'met' if cm / jm <= target else 'NOT met'})" if target else ""
    label = "--version" if name == "version" else name
    print(f"{label:9} clerkctl {cm*1e3:.2f} ms, jwt {jm*1e3:.2f} ms, ratio {cm/jm:.2f}{goal}; CPU time ratio {cpu:.2f}")
print(f"{len(c)} runs of each command in {rounds} alternating rounds (wall-clock medians)")
PY
