#!/usr/bin/env bash
# Attribution beside its DuckDB peer on the same files, in one run:
#   1. `modelfunnel generate` data with touches (LEADS leads, default
#      3,300,000: about 10 million touches) attributed by the linear model,
#      checked to agree with DuckDB's SQL channel by channel before any time
#      counts; then compute_s of every model (heuristic and exact Markov;
#      bench/attribution_bench.cpp: loaded once, --bootstrap 0) against the
#      peer's SQL, fastest of REPS runs (default 3), with its CPU time.
#
#   bench/run_attribution.sh DIR [BUILD_DIR]   (BUILD_DIR default: build/release)
#
# DIR is (re)generated when it has no touches.csv. DuckDB comes from
# ../shared/bench/package-lock.json, installed once into $TMPDIR.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
dir="${1:?usage: run_attribution.sh DIR [BUILD_DIR]}"
build="$(cd "${2:-$root/build/release}" && pwd)"
reps="${REPS:-3}"
leads="${LEADS:-3300000}"
cli="$build/modelfunnel"
bench="$build/bench/modelfunnel_attribution_bench"
for x in "$cli" "$bench"; do
  [[ -x "$x" ]] || { echo "run_attribution.sh: $x missing (cmake --build --preset release)" >&2; exit 2; }
done
[[ -f "$dir/touches.csv" ]] || "$cli" generate --leads "$leads" --out "$dir" > /dev/null
dir="$(cd "$dir" && pwd)"

source "$here/duckdb_peer.sh"
peer="$(duckdb_peer_dir "$root")"
cp "$here/peer_attribution_duckdb.mjs" "$peer/"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat "$dir/touches.csv" "$dir/events.csv" > /dev/null  # warm the page cache

field() { sed -E "s/.*$1=([0-9.]+).*/\\1/"; }
best() { sort -g | head -1; }

echo "== $(($(wc -l < "$dir/touches.csv") - 1)) touches of $(($(wc -l < "$dir/leads.csv") - 1)) leads; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$cli" attribution --data "$dir" --model linear --bootstrap 0 --format csv 2> /dev/null |
  awk -F, 'NR > 1 { printf "%s,%.3f,%.2f\n", $2, $3, $4 }' | sort > "$work/ours.csv"
node "$peer/peer_attribution_duckdb.mjs" "$dir" --out "$work/duckdb.csv" 2> /dev/null
tail -n +2 "$work/duckdb.csv" | sort > "$work/theirs.csv"
if ! cmp -s "$work/ours.csv" "$work/theirs.csv"; then
  echo "DISAGREE: modelfunnel and DuckDB credit channels differently:" >&2
  diff "$work/ours.csv" "$work/theirs.csv" | head -10 >&2
  exit 1
fi
echo "agree: linear credits of $(wc -l < "$work/ours.csv") channels identical (3 decimals, value to the cent)"

theirs=()
for ((i = 0; i < reps; i++)); do
  theirs+=("$(node "$peer/peer_attribution_duckdb.mjs" "$dir" 2>&1 >/dev/null | field compute_s)")
done
duck="$(printf '%s\n' "${theirs[@]}" | best)"
# Every model on the data set loaded once (bench/attribution_bench.cpp):
# compute_s is the fastest of REPS runs, cpu_s that run's user+sys CPU,
# first_s the first run's wall time (the first model's first call on the
# data set also numbers the channels, kept for the later calls).
models=(first_touch last_touch linear u_shaped w_shaped full_path time_decay markov shapley)
printf "%-12s %10s %8s %8s %10s\n" model compute_s cpu_s first_s "duckdb/us"
args=()
for m in "${models[@]}"; do args+=(--model "$m"); done
"$bench" "$dir" "$reps" "${args[@]}" | while read -r line; do
    [[ "$line" == model=* ]] || { echo "ours: $line"; continue; }
    m="$(echo "$line" | sed -E 's/model=([a-z_]+).*/\1/')"
    o="$(echo "$line" | field compute_s)"
    c="$(echo "$line" | field cpu_s)"
    f="$(echo "$line" | field first_s)"
    printf "%-12s %10s %8s %8s %10s\n" "$m" "$o" "$c" "$f" "$(awk -v a="$duck" -v b="$o" 'BEGIN { printf "%.1fx", a / b }')"
  done
echo "duckdb linear SQL compute_s: $duck; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
