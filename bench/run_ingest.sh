#!/usr/bin/env bash
# Ingestion benchmark, side by side with DuckDB's read_csv on the same files.
#
#   bench/run_ingest.sh DIR [BUILD_DIR]
#
# DIR holds the canonical leads.csv + events.csv (modelfunnel generate, or
# ../shared/bench/gen.py). BUILD_DIR defaults to build/release (scripts/demo
# builds it). DuckDB comes from ../shared/bench's package-lock.json, installed
# with `npm ci` into a copy under $TMPDIR (../shared is read-only in CI).
# REPS=N (default 3) keeps the fastest of N runs of each.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
dir="$(cd "${1:?usage: run_ingest.sh DIR [BUILD_DIR]}" && pwd)"
build="${2:-$root/build/release}"
reps="${REPS:-3}"
bench_bin="$build/bench/modelfunnel_ingest_bench"
[[ -x "$bench_bin" ]] || { echo "run_ingest.sh: $bench_bin missing (cmake --build --preset release)" >&2; exit 2; }

source "$here/duckdb_peer.sh"
peer="$(duckdb_peer_dir "$root")"
cp "$here/duckdb_read_csv.mjs" "$peer/"

cat "$dir/leads.csv" "$dir/events.csv" > /dev/null   # warm the page cache

best() {  # best of $reps runs: prints the line with the smallest load_s
  local line best_line="" best_s=""
  for _ in $(seq "$reps"); do
    line="$("$@")"
    s="$(sed -E 's/.*load_s=([0-9.]+).*/\1/' <<<"$line")"
    if [[ -z "$best_s" ]] || awk -v a="$s" -v b="$best_s" 'BEGIN{exit !(a<b)}'; then
      best_s="$s"; best_line="$line"
    fi
  done
  echo "$best_line"
}
field() { sed -E "s/.*$1=([0-9.]+).*/\1/" <<<"$2"; }

echo "data: $dir  events.csv $(stat -c %s "$dir/events.csv") B, leads.csv $(stat -c %s "$dir/leads.csv") B"
echo "host: $(nproc) cores, $(uname -sr); best of $reps"
for mode in --events-only ""; do
  mf="$(best "$bench_bin" "$dir" $mode)"
  dk="$(best node "$peer/duckdb_read_csv.mjs" "$dir" $mode)"
  label="${mode:-both files}"; label="${label#--}"
  echo
  echo "[$label]"
  echo "  modelfunnel: $mf"
  echo "  duckdb:      $dk"
  awk -v a="$(field load_s "$mf")" -v b="$(field load_s "$dk")" \
      -v ra="$(field rss_mb "$mf")" -v rb="$(field rss_mb "$dk")" \
      'BEGIN { printf "  load speed-up vs DuckDB: %.2fx   peak RSS ratio (modelfunnel/DuckDB): %.2f\n", b/a, ra/rb }'
done
