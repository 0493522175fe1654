#!/usr/bin/env bash
# The re-engagement queue beside its DuckDB peer on the same files, in one
# run: N lost deals (bench/gen_lost.py, default 1,000,000) under
# bench/reengage_bench_policy.json at AS_OF; the two queues are checked to
# agree row for row before any time counts; then the fastest of REPS runs of
# each (compute only: the load is the load benchmark's business).
#
#   bench/run_reengage.sh [N] [BUILD_DIR]     (BUILD_DIR default: build/release)
#
# REPS=N (default 5). DuckDB comes from ../shared/bench/package-lock.json,
# installed once into $TMPDIR.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
n="${1:-1000000}"
build="$(cd "${2:-$root/build/release}" && pwd)"
reps="${REPS:-5}"
as_of=2024-06-30
bench="$build/bench/modelfunnel_reengage_bench"
[[ -x "$bench" ]] || { echo "run_reengage.sh: $bench missing (cmake --build --preset release)" >&2; exit 2; }

source "$here/duckdb_peer.sh"
peer="$(duckdb_peer_dir "$root")"
cp "$here/peer_reengage_duckdb.mjs" "$peer/"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$here/gen_lost.py" "$work/data" "$n"

field() { sed -E "s/.*$1=([0-9.]+).*/\\1/"; }
best() { sort -g | head -1; }

"$bench" "$work/data" "$here/reengage_bench_policy.json" "$as_of" 1 --out "$work/ours.csv" > /dev/null
node "$peer/peer_reengage_duckdb.mjs" "$work/data" "$as_of" --out "$work/duckdb.csv" 2> /dev/null
if ! cmp -s "$work/ours.csv" "$work/duckdb.csv"; then
  echo "DISAGREE: modelfunnel and DuckDB rank differently:" >&2
  diff "$work/ours.csv" "$work/duckdb.csv" | head -10 >&2
  exit 1
fi
echo "agree: $(($(wc -l < "$work/ours.csv") - 1)) records due (id, reason, due date, expected value, order) identical"
ours=$("$bench" "$work/data" "$here/reengage_bench_policy.json" "$as_of" "$reps")
echo "modelfunnel: $ours"
theirs=$(for _ in $(seq "$reps"); do node "$peer/peer_reengage_duckdb.mjs" "$work/data" "$as_of" 2>&1 >/dev/null; done |
         field compute_s | best)
a=$(echo "$ours" | field compute_s)
echo "duckdb: compute_s=$theirs"
echo "ratio (duckdb / modelfunnel, compute): $(echo "$theirs / $a" | bc -l | cut -c1-5)x; target: modelfunnel < 0.300 s"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
