#!/usr/bin/env bash
# Ingestion of a Salesforce-shaped export beside the canonical layout of
# the same funnel, and DuckDB doing the same reshaping in SQL, same run.
#
#   bench/run_ingest_crm.sh CANONICAL_DIR SALESFORCE_DIR [BUILD_DIR]
#
# CANONICAL_DIR: `modelfunnel generate --out DIR --leads N`; SALESFORCE_DIR:
# the same with `--layout salesforce` (same --leads and --seed). BUILD_DIR
# defaults to build/release. DuckDB as in run_ingest.sh. REPS=N (default 3)
# keeps the fastest of N runs of each. Prints MB/s of input for both
# layouts, their per-byte ratio, and the speed-up against DuckDB.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
canonical="$(cd "${1:?usage: run_ingest_crm.sh CANONICAL_DIR SALESFORCE_DIR [BUILD_DIR]}" && pwd)"
sf="$(cd "${2:?usage: run_ingest_crm.sh CANONICAL_DIR SALESFORCE_DIR [BUILD_DIR]}" && pwd)"
build="${3:-$root/build/release}"
reps="${REPS:-3}"
threads="${THREADS:-1}"
bench_bin="$build/bench/modelfunnel_ingest_bench"
[[ -x "$bench_bin" ]] || { echo "run_ingest_crm.sh: $bench_bin missing (cmake --build --preset release)" >&2; exit 2; }

source "$here/duckdb_peer.sh"
peer="$(duckdb_peer_dir "$root")"
cp "$here/duckdb_salesforce.mjs" "$peer/"
cat "$canonical"/*.csv "$sf"/*.csv > /dev/null   # warm the page cache

best() {
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

can="$(best "$bench_bin" "$canonical" --threads "$threads")"
sfl="$(best "$bench_bin" "$sf" --map "$sf/mapping.json" --threads "$threads")"
dk="$(best node "$peer/duckdb_salesforce.mjs" "$sf")"
echo "host: $(nproc) cores, $(uname -sr); best of $reps; --threads $threads"
echo "canonical:  $can"
echo "salesforce: $sfl"
echo "duckdb (salesforce, read_csv + union + join): $dk"
awk -v c="$(field total_mb_s "$can")" -v s="$(field total_mb_s "$sfl")" \
    -v a="$(field load_s "$sfl")" -v d="$(field load_s "$dk")" \
    'BEGIN { printf "salesforce MB/s: %.0f   canonical MB/s: %.0f   per-byte slowdown: %.2fx   speed-up vs DuckDB: %.2fx\n", s, c, c/s, d/a }'
