#!/usr/bin/env bash
# The dashboard of a million leads beside its DuckDB peer, in one run:
# `modelfunnel dashboard --timing` (load, compute = every report the page
# needs plus the HTML, peak memory, the page's size) and DuckDB computing
# the aggregates the page draws (bench/peer_dashboard_duckdb.mjs), checked
# to agree on the period's reach per stage before any time counts.
#
#   bench/run_dashboard.sh DIR [BUILD_DIR]     (BUILD_DIR default: build/release)
#
# DIR holds leads.csv + events.csv, e.g. from
#   /usr/bin/python3 ../shared/bench/gen.py --out /tmp/bench1m --leads 1000000 --seed 42
# FROM / TO (default 2025-04-01 / 2025-07-01) choose the period; REPS=N
# (default 3) keeps the fastest run of each. The load average is printed
# with the figures: the machine is shared.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
dir="$(cd "${1:?usage: run_dashboard.sh DIR [BUILD_DIR]}" && pwd)"
build="$(cd "${2:-$root/build/release}" && pwd)"
cli="$build/modelfunnel"
from="${FROM:-2025-04-01}"
to="${TO:-2025-07-01}"
reps="${REPS:-3}"
[[ -x "$cli" ]] || { echo "run_dashboard.sh: $cli missing (cmake --build --preset release)" >&2; exit 2; }

source "$here/duckdb_peer.sh"
peer="$(duckdb_peer_dir "$root")"
cp "$here/peer_dashboard_duckdb.mjs" "$peer/"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat "$dir/leads.csv" "$dir/events.csv" > /dev/null  # warm the page cache

field() { sed -E "s/.*$1=([0-9.]+).*/\\1/"; }
best() { sort -g | head -1; }

"$cli" dashboard --data "$dir" --out "$work/page.html" --from "$from" --to "$to" 2> /dev/null
node "$peer/peer_dashboard_duckdb.mjs" "$dir" "$from" "$to" > "$work/duckdb.csv" 2> /dev/null
/usr/bin/python3 - "$work/page.html" "$work/duckdb.csv" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
ours = {m[0]: int(m[1]) for m in re.findall(r'<tr data-stage="([^"]+)"[^>]*>.*?data-col="reached" data-value="(\d+)"', page)}
peer = dict((s, int(n)) for s, n in (l.strip().split(",") for l in open(sys.argv[2]).readlines()[1:]))
if ours != peer:
    sys.exit(f"DISAGREE: page {ours} vs DuckDB {peer}")
print(f"agree: reach per stage in the period ({sum(ours.values()):,} stage entries) identical")
PY

echo "== modelfunnel dashboard ($reps runs, fastest kept), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$reps"); do
  "$cli" dashboard --data "$dir" --out "$work/page.html" --from "$from" --to "$to" --timing 2>&1 | grep load_s=
done > "$work/ours.txt"
ours_load="$(field load_s < "$work/ours.txt" | best)"
ours_compute="$(field compute_s < "$work/ours.txt" | best)"
ours_rss="$(field rss_mb < "$work/ours.txt" | best)"
size="$(stat -c %s "$work/page.html")"
echo "load_s=$ours_load compute_s=$ours_compute rss_mb=$ours_rss page_bytes=$size"

echo "== DuckDB peer ($reps runs, fastest kept), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$reps"); do
  node "$peer/peer_dashboard_duckdb.mjs" "$dir" "$from" "$to" 2>&1 > /dev/null | grep load_s=
done > "$work/peer.txt"
peer_load="$(field load_s < "$work/peer.txt" | best)"
peer_compute="$(field compute_s < "$work/peer.txt" | best)"
echo "load_s=$peer_load compute_s=$peer_compute"

echo
awk -v ol="$ours_load" -v oc="$ours_compute" -v pl="$peer_load" -v pc="$peer_compute" -v sz="$size" 'BEGIN {
  printf "page: %.2f MB (goal < 2 MB: %s); compute %.3f s (goal < 1 s: %s)\n", sz / 1e6, sz < 2e6 ? "met" : "NOT met", oc, oc < 1 ? "met" : "NOT met"
  printf "ratios (DuckDB / modelfunnel): load %.1fx, compute %.1fx\n", pl / ol, pc / oc }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
