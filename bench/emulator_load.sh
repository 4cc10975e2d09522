#!/usr/bin/env bash
# Load benchmark for `clerkctl emulator`: mint session tokens over HTTP (POST
# /v1/sessions/{id}/tokens) with concurrency 16 on loopback against an emulator running with
# `--state` (mints persist session activity through the background writer), compared with
# `openssl speed` RSA-2048 sign/s measured in the same run; plus idle RSS and time-to-ready with
# persisted keys: process start until the export block is printed, over READY_RUNS starts.
#
# Usage: bench/emulator_load.sh [DURATION_SECONDS]   (needs `oha` or `wrk`, `openssl`, `curl`)
set -euo pipefail

DURATION="${1:-10}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/target/release/clerkctl"
WORK="$(mktemp -d)"
PID=""
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"

start() {
  "$BIN" emulator --state "$WORK/state.json" >"$WORK/out" 2>"$WORK/err" &
  PID=$!
  for _ in $(seq 1 200); do
    grep -q '^export CLERK_PUBLISHABLE_KEY=' "$WORK/out" 2>/dev/null && return 0
    sleep 0.01
  done
  echo "emulator did not start" >&2; cat "$WORK/err" >&2; exit 1
}

# First start generates and persists the key; later starts load it.
start; kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
READY="$(python3 - "$BIN" "$WORK/state.json" "${READY_RUNS:-20}" <<'PY'
import os, statistics, subprocess, sys, time
binary, state, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = []
for _ in range(runs):
    t = time.perf_counter()
    p = subprocess.Popen([binary, "emulator", "--state", state], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, env=dict(os.environ, NO_COLOR="1"))
    for line in p.stdout:
        if line.startswith(b"export CLERK_PUBLISHABLE_KEY="):
            break
    else:
        sys.exit("the emulator exited before it was ready")
    times.append((time.perf_counter() - t) * 1000)
    p.kill()
    p.wait()
times.sort()
print(f"median {statistics.median(times):.1f} ms, p90 {times[int(len(times) * 0.9)]:.1f} ms, "
      f"min {times[0]:.1f} ms, max {times[-1]:.1f} ms over {runs} starts")
PY
)"
start
READY_MS="$(sed -n 's/.*ready in \([0-9.]*\) ms.*/\1/p' "$WORK/err")"
API_URL="$(sed -n 's/^export CLERK_API_URL=//p' "$WORK/out")"
SECRET="$(sed -n 's/^export CLERK_SECRET_KEY=//p' "$WORK/out")"
sleep 0.3
IDLE_RSS_KB="$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")"

AUTH="Authorization: Bearer $SECRET"
USER_ID="$(curl -s -X POST -H "$AUTH" -H 'Content-Type: application/json' \
  -d '{"email_address":["bench@example.com"]}' "$API_URL/v1/users" | sed 's/.*"id":"\(user_[A-Za-z0-9]*\)".*/\1/' | head -c 40)"
curl -s -X PUT -H "$AUTH" -H 'Content-Type: application/json' -d '{"mode":"multi"}' "$API_URL/__clerkctl/session_settings" >/dev/null
SESSION_ID="$(curl -s -X POST -H "$AUTH" -H 'Content-Type: application/json' \
  -d "{\"user_id\":\"$USER_ID\"}" "$API_URL/v1/sessions" | sed 's/^{"object":"session","id":"\([^"]*\)".*/\1/')"
TARGET="$API_URL/v1/sessions/$SESSION_ID/tokens"
curl -sf -X POST -H "$AUTH" "$TARGET" | grep -q '"jwt"' || { echo "minting failed" >&2; exit 1; }

echo "== openssl speed -multi 2 -seconds 3 rsa2048"
OPENSSL_SIGNS="$(openssl speed -multi 2 -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {print $6}' | tail -1)"
echo "openssl sign/s: $OPENSSL_SIGNS"

echo "== load: concurrency 16, ${DURATION}s, POST $TARGET"
if command -v oha >/dev/null; then
  oha -z "${DURATION}s" -c 16 -m POST -H "$AUTH" --no-tui --output-format json "$TARGET" >"$WORK/oha.json"
  RPS="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(round(d["summary"]["requestsPerSec"],1))' "$WORK/oha.json")"
  P99="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(round(d["latencyPercentiles"]["p99"]*1000,2))' "$WORK/oha.json")"
  OK="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["statusCodeDistribution"])' "$WORK/oha.json")"
elif command -v wrk >/dev/null; then
  cat >"$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $SECRET"
LUA
  wrk -t 2 -c 16 -d "${DURATION}s" --latency -s "$WORK/post.lua" "$TARGET" >"$WORK/wrk.txt"
  RPS="$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")"
  P99="$(awk '$1=="99%" {print $2}' "$WORK/wrk.txt")"
  OK="$(grep -E 'Non-2xx|requests in' "$WORK/wrk.txt" | tr '\n' ' ')"
else
  echo "install oha (cargo install oha) or wrk (apt-get install -y wrk)" >&2; exit 1
fi

RATIO="$(python3 -c "print(round(100*float('$RPS')/float('$OPENSSL_SIGNS'),1))")"
echo "tokens/s: $RPS  (${RATIO}% of openssl sign/s)"
echo "p99 latency: $P99"
echo "responses: $OK"
echo "idle RSS: $((IDLE_RSS_KB / 1024)) MB ($IDLE_RSS_KB kB)"
echo "ready with persisted keys (process start to export block): $READY"
echo "ready with persisted keys (as reported by the emulator): ${READY_MS} ms"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
