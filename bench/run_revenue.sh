#!/usr/bin/env bash
# The revenue engine's benchmarks, with the DuckDB peer in the same run:
#   1. a plan over 8 stages with 10,000 Monte Carlo samples (goal < 50 ms);
#   2. the forecast of the records open at AS_OF in DIR (leads.csv and
#      events.csv from ../shared/bench/gen.py or `modelfunnel generate`),
#      distribution included (goal < 300 ms for 1,000,000 open records),
#      beside DuckDB's SQL computing the expected value per owner from the
#      same files and the engine's learned table — checked to agree per
#      owner (to 1e-6 relative) before any time counts.
#
#   bench/run_revenue.sh DIR AS_OF PERIOD [BUILD_DIR]   (BUILD_DIR default: build/release)
#
# REPS=N (default 5) keeps the fastest run of each. DuckDB comes from
# ../shared/bench/package-lock.json, installed once into $TMPDIR.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
dir="$(cd "${1:?usage: run_revenue.sh DIR AS_OF PERIOD [BUILD_DIR]}" && pwd)"
as_of="${2:?AS_OF}"
period="${3:?PERIOD}"
build="$(cd "${4:-$root/build/release}" && pwd)"
reps="${REPS:-5}"
bench="$build/bench/modelfunnel_revenue_bench"
[[ -x "$bench" ]] || { echo "run_revenue.sh: $bench missing (cmake --build --preset release)" >&2; exit 2; }

source "$here/duckdb_peer.sh"
peer="$(duckdb_peer_dir "$root")"
cp "$here/peer_revenue_duckdb.mjs" "$peer/"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat "$dir/events.csv" "$dir/leads.csv" > /dev/null  # warm the page cache
field() { sed -E "s/.*$1=([0-9.]+).*/\\1/"; }
best() { sort -g | head -1; }

echo "== 1. a plan: 8 stages, 10,000 Monte Carlo samples"
"$bench" plan "$reps"

echo
echo "== 2. forecast of the records open at $as_of for $period"
"$bench" forecast "$dir" "$as_of" "$period" 1 --owners "$work/ours.csv" --curve "$work/curve.csv"
node "$peer/peer_revenue_duckdb.mjs" "$dir" "$as_of" "$work/curve.csv" --out "$work/duckdb.csv" 2> /dev/null
/usr/bin/python3 - "$work/ours.csv" "$work/duckdb.csv" <<'PY'
import csv, sys
a = {r["owner"]: float(r["expected"]) for r in csv.DictReader(open(sys.argv[1]))}
b = {r["owner"]: float(r["expected"]) for r in csv.DictReader(open(sys.argv[2]))}
bad = [k for k in a.keys() | b.keys() if abs(a.get(k, 0) - b.get(k, 0)) > 1e-6 * max(1, abs(a.get(k, 0)))]
if bad:
    print("DISAGREE per owner:", [(k, a.get(k), b.get(k)) for k in sorted(bad)[:5]], file=sys.stderr)
    sys.exit(1)
print(f"agree: expected revenue of {len(a)} owners identical to 1e-6 (total {sum(a.values()):,.2f})")
PY
printf "%-26s %10s %10s\n" engine load_s compute_s
for threads in 0 1; do
  label=$([[ $threads == 0 ]] && echo "all cores" || echo "1 thread")
  line="$("$bench" forecast "$dir" "$as_of" "$period" "$reps" --threads "$threads")"
  echo "$line" >&2
  ours="$(echo "$line" | field compute_s)"
  ours_load="$(echo "$line" | field load_s)"
  theirs=(); theirs_load=()
  for ((i = 0; i < reps; i++)); do
    t="$(node "$peer/peer_revenue_duckdb.mjs" "$dir" "$as_of" "$work/curve.csv" $([[ $threads == 1 ]] && echo --threads 1) 2>&1 >/dev/null)"
    theirs+=("$(echo "$t" | field compute_s)"); theirs_load+=("$(echo "$t" | field load_s)")
  done
  duck="$(printf '%s\n' "${theirs[@]}" | best)"
  duck_load="$(printf '%s\n' "${theirs_load[@]}" | best)"
  printf "%-26s %10s %10s\n" "modelfunnel ($label)" "$ours_load" "$ours"
  printf "%-26s %10s %10s\n" "DuckDB ($label)" "$duck_load" "$duck"
  printf "%-26s %21s\n" "ratio DuckDB/modelfunnel" "$(awk -v a="$duck" -v b="$ours" 'BEGIN { printf "%.1fx", a / b }')"
done
