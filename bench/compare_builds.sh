#!/usr/bin/env bash
# Two builds of modelfunnel against DuckDB in one run: the funnel report
# (run_report.sh) and ingestion (run_ingest.sh), the builds alternating
# round by round, so a change's effect on the ratios is read from one
# stretch of this noisy host rather than from two runs minutes apart.
#
#   bench/compare_builds.sh DIR BUILD_BEFORE BUILD_AFTER
#
# DIR as for run_report.sh (leads.csv + events.csv). Each BUILD is a release
# build directory (the modelfunnel tool and bench/modelfunnel_ingest_bench);
# an older commit's build works as long as its tool takes the report flags
# below. ROUNDS=N (default 2) rounds; REPS=N (default 3) as in the scripts
# it calls. Prints every run's lines, then the ratios per round and build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="$(cd "${1:?usage: compare_builds.sh DIR BUILD_BEFORE BUILD_AFTER}" && pwd)"
before="$(cd "${2:?BUILD_BEFORE}" && pwd)"
after="$(cd "${3:?BUILD_AFTER}" && pwd)"
rounds="${ROUNDS:-2}"
work="$(mktemp -d "${TMPDIR:-/tmp}/compare_builds.XXXXXX")"
trap 'rm -rf "$work"' EXIT

summary="$work/summary.txt"
for round in $(seq "$rounds"); do
  for side in before after; do
    build="$before"; [[ "$side" == after ]] && build="$after"
    echo "== round $round, $side: $build  ($(uptime | sed 's/.*load average/load average/'))"
    PEERS="modelfunnel duckdb" OUT="$work/report_$side" \
      "$here/run_report.sh" "$dir" "$build" | tee "$work/report.txt"
    "$here/run_ingest.sh" "$dir" "$build" | tee "$work/ingest.txt"
    report="$(awk '$1 == "duckdb" && $2 ~ /x$/ { print "report load " $2 ", compute " $3 }' "$work/report.txt")"
    ingest="$(awk '/load speed-up/ { printf "%s%s", sep, $5; sep = " / " }' "$work/ingest.txt")"
    echo "round $round $side: $report; ingest (events only / both files) $ingest" >> "$summary"
  done
done
echo
echo "== DuckDB / modelfunnel, per round and build =="
cat "$summary"
