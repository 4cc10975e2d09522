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
$pin "$clerkctl" -q verify - --key "@$work/pub.pem" --at "$at" < "$work/batch.txt" > "$work/out.txt"
end=$(date +%s%N)
valid=$(grep -c ': valid: ' "$work/out.txt" || true)
[ "$valid" -eq "$n" ] || { echo "expected $n valid verdicts, got $valid" >&2; exit 1; }
ours=$(awk -v n="$n" -v ns=$((end - start)) 'BEGIN { printf "%.0f", n / (ns / 1e9) }')
theirs=$($pin openssl speed -seconds 3 rsa2048 2>/dev/null | awk '/^rsa 2048/ { v = $(NF) } /^rsa  *2048/ { v = $(NF) } END { print v }')
echo "clerkctl verify: $n tokens, $ours verify/s (one core)"
echo "openssl speed rsa2048: $theirs verify/s (one core)"
awk -v a="$ours" -v b="$theirs" 'BEGIN { if (b > 0) printf "ratio clerkctl/openssl = %.2f (target >= 0.70)\n", a / b }'
