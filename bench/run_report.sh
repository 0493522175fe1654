#!/usr/bin/env bash
# The funnel report side by side with its peers (DuckDB, pandas, SQLite) on
# the same files, in one run, with the ratios the issue asks for.
#
#   bench/run_report.sh DIR [BUILD_DIR]
#
# DIR holds leads.csv + events.csv (../shared/bench/gen.py or `modelfunnel
# generate`). BUILD_DIR defaults to build/release (scripts/demo builds it).
# Uses ../shared/bench/run.sh itself — its timing protocol, agreement check
# and limit figures — from a copy in $TMPDIR (shared/ is read-only) whose
# peer list gains `modelfunnel`. REPS=N (default 3) keeps the fastest run of
# each; PEERS overrides the peer list.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
dir="$(cd "${1:?usage: run_report.sh DIR [BUILD_DIR]}" && pwd)"
build="$(cd "${2:-$root/build/release}" && pwd)"
cli="$build/modelfunnel"
[[ -x "$cli" ]] || { echo "run_report.sh: $cli missing (cmake --build --preset release)" >&2; exit 2; }

source "$here/duckdb_peer.sh"
peer="$(duckdb_peer_dir "$root")"
find "$root/../shared/bench" -maxdepth 1 -type f -exec cp {} "$peer/" \;
chmod -R u+w "$peer"
# One more case in run.sh's peer_cmd: this library's command-line tool.
sed -i "s|^    duckdb) echo \"\$NODE|    modelfunnel) echo \"$cli report --by channel --passage observed --format csv --timing --data \$DIR\" ;;\n    duckdb) echo \"\$NODE|" "$peer/run.sh"

out="${OUT:-$dir/reports}"
PEERS="${PEERS:-modelfunnel duckdb pandas sqlite}" REPS="${REPS:-3}" OUT="$out" \
  bash "$peer/run.sh" "$dir"

echo
echo "== ratios (peer / modelfunnel: how many times faster; memory: modelfunnel / peer) =="
awk -F'\t' 'NR > 1 { load[$1] = $2; comp[$1] = $3; tot[$1] = $4; rss[$1] = $6 }
  END {
    if (!("modelfunnel" in load)) exit
    printf "%-8s %10s %10s %10s %12s\n", "peer", "load", "compute", "total", "peak_rss"
    for (p in load) if (p != "modelfunnel")
      printf "%-8s %9.1fx %9.1fx %9.1fx %11.2fx\n", p, load[p] / load["modelfunnel"],
             comp[p] / comp["modelfunnel"], tot[p] / tot["modelfunnel"],
             (rss[p] > 0 ? rss["modelfunnel"] / rss[p] : 0)
  }' "$out/results.tsv"
