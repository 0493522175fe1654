#!/usr/bin/env bash
# Tiering beside its DuckDB peer on the same file, in one run:
#   1. ACCOUNTS (default: 1,000,000 from bench/gen_accounts.py) scored by
#      examples/tiering/maven_fit.json and split 15/25/60 — modelfunnel's
#      tier_accounts_columns() on the accounts read into typed columns vs
#      DuckDB's SQL score and row_number() over it with
#      the largest-remainder counts, checked to agree account for account
#      before any time counts;
#   2. 100,000 A/B accounts assigned to 200 reps by the min-cost flow, with
#      the bounds that prove the placement optimal.
#
#   bench/run_tiering.sh [ACCOUNTS.csv] [BUILD_DIR]   (BUILD_DIR default: build/release)
#
# REPS=N (default 5) keeps the fastest run of each. DuckDB comes from
# ../shared/bench/package-lock.json, installed once into $TMPDIR.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="$(cd "${2:-$root/build/release}" && pwd)"
reps="${REPS:-5}"
bench="$build/bench/modelfunnel_tier_bench"
[[ -x "$bench" ]] || { echo "run_tiering.sh: $bench missing (cmake --build --preset release)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
accounts="${1:-}"
if [[ -z "$accounts" ]]; then
  accounts="$work/accounts.csv"
  /usr/bin/python3 "$here/gen_accounts.py" 1000000 "$accounts" 1
fi

source "$here/duckdb_peer.sh"
peer="$(duckdb_peer_dir "$root")"
cp "$here/peer_tier_duckdb.mjs" "$peer/"
cat "$accounts" > /dev/null  # warm the page cache
field() { sed -E "s/(^|.* )$1=([0-9.]+).*/\\2/"; }
best() { sort -g | head -1; }

model="$root/examples/tiering/maven_fit.json"
echo "== 1. $model on $(($(wc -l < "$accounts") - 1)) accounts"
"$bench" "$accounts" "$model" 1 --out "$work/ours.csv" > /dev/null
node "$peer/peer_tier_duckdb.mjs" "$accounts" --out "$work/duckdb.csv" 2> /dev/null
if ! cmp -s "$work/ours.csv" "$work/duckdb.csv"; then
  echo "DISAGREE: modelfunnel and DuckDB tier differently:" >&2
  diff "$work/ours.csv" "$work/duckdb.csv" | head -10 >&2
  exit 1
fi
echo "agree: $(($(wc -l < "$work/ours.csv") - 1)) tiers identical"
# compute_s on both sides: the scores and tiers of every account from input
# read already — modelfunnel: tier_accounts_columns() on the accounts read
# into typed columns (read_csv_columns(): numbers parsed, few-valued columns
# coded; its load_s), DuckDB: CREATE TABLE tiers AS SELECT … on the table
# its read_csv loaded (typed columns too); rows_s: tier_accounts(), the same
# plus a TieredAccount row per account. table_*: the same accounts read as
# rows of text (read_csv_table(), the input before the typed columns), for
# the before and after in one run; the bench checks both tier alike.
printf "%-26s %8s %10s %14s %8s %13s %13s\n" engine load_s compute_s compute_cpu_s rows_s table_compute table_cpu
for threads in 0 1; do
  label=$([[ $threads == 0 ]] && echo "all cores" || echo "1 thread")
  line="$("$bench" "$accounts" "$model" "$reps" --threads "$threads")"
  ours="$(echo "$line" | field compute_s)"
  theirs=()
  for ((i = 0; i < reps; i++)); do
    t="$(node "$peer/peer_tier_duckdb.mjs" "$accounts" $([[ $threads == 1 ]] && echo --threads 1) 2>&1 >/dev/null)"
    theirs+=("$(echo "$t" | field compute_s)")
  done
  theirs_best="$(printf '%s\n' "${theirs[@]}" | best)"
  printf "%-26s %8s %10s %14s %8s %13s %13s\n" "modelfunnel ($label)" "$(echo "$line" | field load_s)" "$ours" \
    "$(echo "$line" | field compute_cpu_s)" "$(echo "$line" | field rows_s)" \
    "$(echo "$line" | field table_compute_s)" "$(echo "$line" | field table_cpu_s)"
  printf "%-26s %8s %10s %14s %8s %13s %13s\n" "DuckDB ($label)" "-" "$theirs_best" "-" "-" "-" "-"
  echo "ratio ($label): $(echo "$theirs_best / $ours" | bc -l | cut -c1-5)x"
done

echo "== 2. 100,000 A/B accounts to 200 reps"
"$bench" --assign 100000 200 "$reps"
