#!/usr/bin/env bash
# The peer contract of the funnel report (issue: report-spec.md), as a test:
#  1. ../shared/bench/selftest.sh — the hand-computed 7-lead fixture — passes
#     for `modelfunnel report --by channel --passage observed --format csv`
#     (and for the DuckDB, pandas and SQLite peers);
#  2. check.py finds no difference between modelfunnel and each peer on small
#     data from gen.py (both event orders) and from `modelfunnel generate`.
#
#   tests/peer/peer_check.sh CLI SHARED_DIR WORK_DIR
#
# The peers run from a copy of SHARED_DIR/bench in WORK_DIR (shared/ is
# read-only; DuckDB comes from its package-lock.json with `npm ci`, kept
# between runs). Prints MF_SKIPPED when SHARED_DIR is absent.
set -euo pipefail
cli="$1" shared="$2" work="$3"
if [[ ! -f "$shared/bench/report-spec.md" ]]; then
  echo "MF_SKIPPED: $shared/bench not found"
  exit 0
fi
py=/usr/bin/python3
bench="$work/bench"
mkdir -p "$work"
if [[ ! -d "$bench/node_modules/@duckdb/node-api" ]] ||
   ! cmp -s "$shared/bench/package-lock.json" "$bench/package-lock.json"; then
  rm -rf "$bench"
  cp -r "$shared/bench" "$bench"
  chmod -R u+w "$bench"
  (cd "$bench" && npm ci --silent --no-audit --no-fund)
else
  # Refresh the scripts (not node_modules) in case shared/bench changed.
  find "$shared/bench" -maxdepth 1 -type f -exec cp {} "$bench/" \;
  chmod -R u+w "$bench"
fi

ours=("$cli" report --by channel --passage observed --format csv --data)

echo "== selftest.sh (hand-computed fixture)"
bash "$bench/selftest.sh" "${ours[*]}"

fail=0
compare() {  # compare DIR LABEL
  local dir="$1" label="$2"
  "${ours[@]}" "$dir" > "$dir/modelfunnel.csv"
  node "$bench/peer_duckdb.mjs" "$dir" > "$dir/duckdb.csv" 2>/dev/null
  "$py" "$bench/peer_pandas.py" "$dir" > "$dir/pandas.csv" 2>/dev/null
  "$py" "$bench/peer_sqlite.py" "$dir" > "$dir/sqlite.csv" 2>/dev/null
  for peer in duckdb pandas sqlite; do
    if "$py" "$bench/check.py" "$dir/$peer.csv" "$dir/modelfunnel.csv"; then
      if cmp -s "$dir/$peer.csv" "$dir/modelfunnel.csv"; then
        echo "   $label: $peer and modelfunnel byte-identical"
      fi
    else
      echo "FAIL $label: modelfunnel differs from $peer"
      fail=1
    fi
  done
}

echo "== gen.py data, events ordered by time"
"$py" "$bench/gen.py" --out "$work/gen_time" --leads 20000 --seed 11 > /dev/null
compare "$work/gen_time" "gen.py --order time"
echo "== gen.py data, events grouped by lead"
"$py" "$bench/gen.py" --out "$work/gen_lead" --leads 20000 --seed 12 --order lead > /dev/null
compare "$work/gen_lead" "gen.py --order lead"
echo "== modelfunnel generate data"
"$cli" generate --leads 20000 --seed 13 --out "$work/mf_gen" > /dev/null
compare "$work/mf_gen" "modelfunnel generate"

if ((fail)); then echo "peer check: FAILED"; exit 1; fi
echo "peer check: all peers agree"
