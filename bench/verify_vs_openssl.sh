#!/usr/bin/env bash
# Batch RS256 verification: `clerkctl verify -` on N tokens (one per line, keys parsed once,
# one core) vs `openssl speed -seconds 3 rsa2048` verify/s on one core.
# Target: clerkctl at least 70% of openssl's verify/s. Needs `cargo build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${N:-50000}
distinct=${DISTINCT:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
at=$(bench/make_tokens.sh "$work" "$distinct")
# N lines cycling over the distinct tokens: every line is decoded and verified from scratch.
awk -v n="$n" '{ t[NR] = $0 } END { for (i = 0; i < n; i++) print t[i % NR + 1] }' "$work/tokens.txt" > "$work/batch.txt"
clerkctl=${CLERKCTL:-target/release/clerkctl}
[ -x "$clerkctl" ] || { echo "build first: cargo build --release" >&2; exit 2; }
pin=""
command -v taskset >/dev/null && pin="taskset -c 0"
start=$(date +%s%N)
# CPU time too: on a loaded machine wall time measures the neighbours, not clerkctl.
/usr/bin/time -f "%U %S" -o "$work/cpu.txt" $pin "$clerkctl" -q verify - --key "@$work/pub.pem" --at "$at" < "$work/batch.txt" > "$work/out.txt"
end=$(date +%s%N)
cpu=$(awk '{ print $1 + $2 }' "$work/cpu.txt")
valid=$(grep -c ': valid: ' "$work/out.txt" || true)
[ "$valid" -eq "$n" ] || { echo "expected $n valid verdicts, got $valid" >&2; exit 1; }
ours=$(awk -v n="$n" -v ns=$((end - start)) 'BEGIN { printf "%.0f", n / (ns / 1e9) }')
theirs=$($pin openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048/ { v = $(NF) } /^rsa  *2048/ { v = $(NF) } END { print v }')
ours_cpu=$(awk -v n="$n" -v c="$cpu" 'BEGIN { printf "%.0f", n / c }')
echo "clerkctl verify: $n tokens, $ours verify/s wall, $ours_cpu verify/s of CPU time (one core)"
echo "openssl speed rsa2048: $theirs verify/s (one core)"
awk -v a="$ours" -v c="$ours_cpu" -v b="$theirs" 'BEGIN { if (b > 0) printf "ratio clerkctl/openssl = %.2f wall, %.2f CPU time (target >= 0.70)\n", a / b, c / b }'
