#!/usr/bin/env bash
# Cold-process decode: `clerkctl decode TOKEN` vs `jwt decode TOKEN` (jwt-cli) on the same token.
# Needs a release build (`cargo build --release`) and `jwt` (`cargo install jwt-cli`); uses
# hyperfine when installed, else a timed loop. Target: clerkctl no slower than jwt.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bench/make_tokens.sh "$work" 1 >/dev/null
token=$(head -1 "$work/tokens.txt")
clerkctl=${CLERKCTL:-target/release/clerkctl}
jwt=${JWT:-$(command -v jwt || echo "$HOME/.cargo/bin/jwt")}
[ -x "$clerkctl" ] || { echo "build first: cargo build --release" >&2; exit 2; }
[ -x "$jwt" ] || { echo "install jwt-cli first: cargo install jwt-cli" >&2; exit 2; }
# Same work for both: decode and print header + claims as JSON (no color, no terminal).
export NO_COLOR=1
if command -v hyperfine >/dev/null; then
  # Alternating rounds: a neighbour's burst of work then slows both commands, not just one.
  rounds=${ROUNDS:-6}
  for r in $(seq 1 "$rounds"); do
    hyperfine -N --warmup 20 --runs $(( runs / rounds + 1 )) --export-json "$work/h$r.json" \
      "$clerkctl decode --output json $token" "$jwt decode --json $token" >/dev/null
  done
  python3 - "$work" "$rounds" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
c, j = [], []
for r in range(1, rounds + 1):
    res = json.load(open(f"{work}/h{r}.json"))["results"]
    c += res[0]["times"]
    j += res[1]["times"]
cm, jm = statistics.median(c), statistics.median(j)
print(f"{len(c)} runs each in {rounds} alternating rounds (medians)")
print(f"clerkctl decode {cm*1e3:.2f} ms, jwt decode {jm*1e3:.2f} ms, ratio clerkctl/jwt = {cm/jm:.2f} (target <= 1.00)")
PY
else
  time_loop() {
    local start end
    start=$(date +%s%N)
    for _ in $(seq 1 "$runs"); do "$@" >/dev/null; done
    end=$(date +%s%N)
    echo $(( (end - start) / runs ))
  }
  c=$(time_loop "$clerkctl" decode --output json "$token")
  j=$(time_loop "$jwt" decode --json "$token")
  awk -v c="$c" -v j="$j" 'BEGIN { printf "clerkctl decode %.2f ms, jwt decode %.2f ms, ratio clerkctl/jwt = %.2f\n", c/1e6, j/1e6, c/j }'
fi
