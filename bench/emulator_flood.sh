#!/usr/bin/env bash
# Idle-connection flood against `clerkctl emulator` on loopback: open CONNECTIONS (default
# 15,000) TCP connections that never send a byte, hold them HOLD_SECONDS, close them all, and
# report the emulator's RSS idle before, its peak (VmHWM) during the flood, and after the flood
# closed. Also checks the emulator still answers once the flood is gone. Bounded: loopback only,
# every connect has a 5 s timeout, the whole run takes about HOLD_SECONDS + 40 s.
#
# Usage: bench/emulator_flood.sh [CONNECTIONS] [HOLD_SECONDS]   (needs python3, curl)
#        BIN=target/debug/clerkctl bench/emulator_flood.sh   (skip the release build)
set -euo pipefail

CONNECTIONS="${1:-15000}"
HOLD="${2:-10}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
PID=""
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
  BIN="$ROOT/target/release/clerkctl"
fi
# The client needs a descriptor per connection.
ulimit -n "$((CONNECTIONS + 256))" 2>/dev/null || true

"$BIN" emulator --port 0 >"$WORK/out" 2>"$WORK/err" &
PID=$!
for _ in $(seq 1 500); do
  grep -q '^export CLERK_PUBLISHABLE_KEY=' "$WORK/out" 2>/dev/null && break
  sleep 0.01
done
API_URL="$(sed -n 's/^export CLERK_API_URL=//p' "$WORK/out")"
SECRET="$(sed -n 's/^export CLERK_SECRET_KEY=//p' "$WORK/out")"
[ -n "$API_URL" ] || { echo "emulator did not start" >&2; cat "$WORK/err" >&2; exit 1; }
sleep 0.5
rss() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$PID/status"; }
IDLE_KB="$(rss VmRSS)"

python3 - "$API_URL" "$CONNECTIONS" "$HOLD" <<'PY'
import asyncio, sys, time
url, count, hold = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
host, port = url.removeprefix("http://").rsplit(":", 1)

async def one():
    try:
        _, w = await asyncio.wait_for(asyncio.open_connection(host, int(port)), 5)
        return w
    except Exception:
        return None

async def main():
    t = time.perf_counter()
    writers = []
    for start in range(0, count, 1000):
        writers += await asyncio.gather(*(one() for _ in range(start, min(count, start + 1000))))
    open_ = [w for w in writers if w is not None]
    print(f"flood: {len(open_)} of {count} connections established in "
          f"{time.perf_counter() - t:.1f} s; holding {hold:.0f} s")
    await asyncio.sleep(hold)
    for w in open_:
        w.close()
    print("flood: closed")

asyncio.run(main())
PY
PEAK_KB="$(rss VmHWM)"
sleep 3
AFTER_KB="$(rss VmRSS)"
STATUS="$(curl -s -o /dev/null -w '%{http_code}' -m 40 -H "Authorization: Bearer $SECRET" "$API_URL/__clerkctl/health")"

echo "RSS idle: $((IDLE_KB / 1024)) MB; peak during the flood: $((PEAK_KB / 1024)) MB; after it closed: $((AFTER_KB / 1024)) MB (target < 32 MB)"
echo "health after the flood: HTTP $STATUS"
[ "$STATUS" = 200 ] || { echo "the emulator no longer answers" >&2; exit 1; }
