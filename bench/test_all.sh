#!/usr/bin/env bash
# Whole-process wall time of `clerkctl test all` against the embedded emulator (start-up, every
# suite, cleanup, exit). Prints each run and the median; target: under 1.5 s.
#
#   bench/test_all.sh [RUNS]    (default 11; builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-11}"
cargo build --release --quiet
bin="$PWD/target/release/clerkctl"
# Hermetic: no keys, so the embedded emulator is the target.
unset CLERK_SECRET_KEY CLERK_PUBLISHABLE_KEY NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY CLERK_API_URL
workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
times=()
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  (cd "$workdir" && "$bin" test all -q >/dev/null)
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}')
echo "median of $runs runs: ${median} ms (target < 1500 ms)"
