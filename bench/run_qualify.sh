#!/usr/bin/env bash
# Qualification beside its DuckDB peer on the same files, in one run, with
# the ratios the issue asks for:
#   1. examples/qualify/bant.json on DIR (leads.csv from ../shared/bench/gen.py):
#      modelfunnel's decisions vs DuckDB's SQL CASE over the same leads,
#      checked to agree record for record before any time counts;
#   2. 1,000,000 synthetic leads x 20 criteria on one core;
#   3. one record through the C ABI with its explanation.
#
#   bench/run_qualify.sh DIR [BUILD_DIR]     (BUILD_DIR default: build/release)
#
# REPS=N (default 5) keeps the fastest run of each. DuckDB comes from
# ../shared/bench/package-lock.json, installed once into $TMPDIR.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
dir="$(cd "${1:?usage: run_qualify.sh DIR [BUILD_DIR]}" && pwd)"
build="$(cd "${2:-$root/build/release}" && pwd)"
reps="${REPS:-5}"
bench="$build/bench/modelfunnel_qualify_bench"
[[ -x "$bench" ]] || { echo "run_qualify.sh: $bench missing (cmake --build --preset release)" >&2; exit 2; }

source "$here/duckdb_peer.sh"
peer="$(duckdb_peer_dir "$root")"
cp "$here/peer_qualify_duckdb.mjs" "$peer/"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat "$dir/leads.csv" > /dev/null  # warm the page cache

field() { sed -E "s/.*$1=([0-9.]+).*/\\1/"; }
best() { sort -g | head -1; }

echo "== 1. examples/qualify/bant.json on $(($(wc -l < "$dir/leads.csv") - 1)) leads"
"$bench" "$dir" "$root/examples/qualify/bant.json" 1 --out "$work/ours.csv" > /dev/null
node "$peer/peer_qualify_duckdb.mjs" "$dir" --out "$work/duckdb.csv" 2> /dev/null
if ! cmp -s "$work/ours.csv" "$work/duckdb.csv"; then
  echo "DISAGREE: modelfunnel and DuckDB decide differently:" >&2
  diff "$work/ours.csv" "$work/duckdb.csv" | head -10 >&2
  exit 1
fi
echo "agree: $(($(wc -l < "$work/ours.csv") - 1)) decisions (rule set, decision, reason) identical"
# gen.py leaves no field blank; the peer must also agree where a channel or a
# BANT field is blank (SQL's NULL logic is Kleene's, like the rules').
mkdir -p "$work/blank"
/usr/bin/python3 - "$dir/leads.csv" "$work/blank/leads.csv" <<'PY'
import csv, random, sys
random.seed(5)
rows = csv.reader(open(sys.argv[1], newline=""))
out = csv.writer(open(sys.argv[2], "w", newline=""), lineterminator="\n")
out.writerow(next(rows))
for i, row in enumerate(rows):
    if i == 20000:
        break
    for k in (2, 7, 8, 9, 10):  # channel, budget_ok, authority_ok, need_ok, timeline_days
        if random.random() < 0.15:
            row[k] = ""
    out.writerow(row)
PY
printf 'lead_id,stage,ts,amount,reason\n' > "$work/blank/events.csv"
"$bench" "$work/blank" "$root/examples/qualify/bant.json" 1 --out "$work/blank_ours.csv" > /dev/null
node "$peer/peer_qualify_duckdb.mjs" "$work/blank" --out "$work/blank_duckdb.csv" 2> /dev/null
cmp -s "$work/blank_ours.csv" "$work/blank_duckdb.csv" ||
  { echo "DISAGREE on leads with blanks" >&2; diff "$work/blank_ours.csv" "$work/blank_duckdb.csv" | head >&2; exit 1; }
echo "agree: 20000 decisions on the same leads with 15% of channel and BANT fields blank"
printf "%-26s %10s %10s\n" engine load_s compute_s
for threads in 0 1; do
  label=$([[ $threads == 0 ]] && echo "all cores" || echo "1 thread")
  line="$("$bench" "$dir" "$root/examples/qualify/bant.json" "$reps" --threads "$threads")"
  ours="$(echo "$line" | field compute_s)"
  ours_load="$(echo "$line" | field load_s)"
  theirs=(); theirs_load=()
  for ((i = 0; i < reps; i++)); do
    t="$(node "$peer/peer_qualify_duckdb.mjs" "$dir" $([[ $threads == 1 ]] && echo --threads 1) 2>&1 >/dev/null)"
    theirs+=("$(echo "$t" | field compute_s)"); theirs_load+=("$(echo "$t" | field load_s)")
  done
  duck="$(printf '%s\n' "${theirs[@]}" | best)"
  duck_load="$(printf '%s\n' "${theirs_load[@]}" | best)"
  printf "%-26s %10s %10s\n" "modelfunnel ($label)" "$ours_load" "$ours"
  printf "%-26s %10s %10s\n" "DuckDB ($label)" "$duck_load" "$duck"
  printf "%-26s %21s\n" "ratio DuckDB/modelfunnel" "$(awk -v a="$duck" -v b="$ours" 'BEGIN { printf "%.1fx", a / b }')"
done

echo
echo "== 2. 1,000,000 synthetic leads x 20 criteria, one thread"
"$bench" --synthetic 1000000 "$reps" --threads 1

echo
echo "== 3. one record through the C ABI, explanation included"
"$build/bench/modelfunnel_qualify_bench_c"
