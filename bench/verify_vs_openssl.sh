#!/usr/bin/env bash
# Batch RS256 verification: `clerkctl verify -` on N tokens (default 1,000,000; one per line,
# keys parsed once, one core) vs `openssl speed -seconds 3 rsa2048` verify/s on one core, in the
# same run; and clerkctl's peak RSS over the whole batch (the input is streamed from a pipe).
# Targets: clerkctl at least 80% of openssl's verify/s; peak RSS under 32 MB.
# OUT=pipe writes the verdicts into a pipe (flushed line by line) instead of a file.
# Needs `cargo build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${N:-1000000}
distinct=${DISTINCT:-200}
out_mode=${OUT:-file}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
at=$(bench/make_tokens.sh "$work" "$distinct")
clerkctl=${CLERKCTL:-target/release/clerkctl}
[ -x "$clerkctl" ] || { echo "build first: cargo build --release" >&2; exit 2; }
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"
gen_pin=""
[ -n "$pin" ] && [ "$(nproc)" -gt 1 ] && gen_pin="taskset -c 1"
# N lines cycling over the distinct tokens, generated on the fly (no N-line file): every line is
# decoded and verified from scratch.
generate() {
  $gen_pin awk -v n="$n" '{ t[NR] = $0 } END { for (i = 0; i < n; i++) print t[i % NR + 1] }' "$work/tokens.txt"
}
start=$(date +%s%N)
# CPU time too: on a loaded machine wall time measures the neighbours, not clerkctl.
if [ "$out_mode" = pipe ]; then
  valid=$(generate | /usr/bin/time -f "%U %S %M" -o "$work/cpu.txt" $pin "$clerkctl" -q verify - --key "@$work/pub.pem" --at "$at" | grep -c ': valid: ' || true)
else
  generate | /usr/bin/time -f "%U %S %M" -o "$work/cpu.txt" $pin "$clerkctl" -q verify - --key "@$work/pub.pem" --at "$at" > "$work/out.txt"
  valid=$(grep -c ': valid: ' "$work/out.txt" || true)
fi
end=$(date +%s%N)
[ "$valid" -eq "$n" ] || { echo "expected $n valid verdicts, got $valid" >&2; exit 1; }
cpu=$(awk '{ print $1 + $2 }' "$work/cpu.txt")
rss_kb=$(awk '{ print $3 }' "$work/cpu.txt")
ours=$(awk -v n="$n" -v ns=$((end - start)) 'BEGIN { printf "%.0f", n / (ns / 1e9) }')
theirs=$($pin openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048/ { v = $(NF) } /^rsa  *2048/ { v = $(NF) } END { print v }')
ours_cpu=$(awk -v n="$n" -v c="$cpu" 'BEGIN { printf "%.0f", n / c }')
echo "clerkctl verify: $n tokens (verdicts into a $out_mode), $ours verify/s wall, $ours_cpu verify/s of CPU time (one core)"
awk -v k="$rss_kb" 'BEGIN { printf "clerkctl peak RSS: %.1f MB (target < 32 MB)\n", k / 1024 }'
echo "openssl speed rsa2048: $theirs verify/s (one core)"
awk -v a="$ours" -v c="$ours_cpu" -v b="$theirs" 'BEGIN { if (b > 0) printf "ratio clerkctl/openssl = %.2f wall, %.2f CPU time (target >= 0.80)\n", a / b, c / b }'
