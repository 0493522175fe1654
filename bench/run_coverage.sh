#!/usr/bin/env bash
# Coverage of the tiers' plays beside its DuckDB peer on the same files, in
# one run: check_coverage() on ACCOUNTS (default: 100,000 from
# bench/gen_accounts.py --owners 200, with about 400,000 contacts and
# 1.2 million touches) tiered by examples/tiering/maven_fit.json, the reps
# from the `owner` column — against bench/peer_coverage_duckdb.mjs, which
# counts the same gaps per rep in SQL. Both count every rep's gaps alike
# (checked) before any time counts. Timed on both sides: the coverage
# alone, on inputs read and tiered already.
#
#   bench/run_coverage.sh [DIR] [BUILD_DIR]   (DIR: accounts.csv, contacts.csv,
#                                             activities.csv; made when absent)
#
# REPS=N (default 5) keeps the fastest run of each. DuckDB comes from
# ../shared/bench/package-lock.json, installed once into $TMPDIR.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="$(cd "${2:-$root/build/release}" && pwd)"
reps="${REPS:-5}"
bench="$build/bench/modelfunnel_tier_bench"
[[ -x "$bench" ]] || { echo "run_coverage.sh: $bench missing (cmake --build --preset release)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dir="${1:-$work}"
if [[ ! -f "$dir/activities.csv" ]]; then
  mkdir -p "$dir"
  /usr/bin/python3 "$here/gen_accounts.py" 100000 "$dir/accounts.csv" 1 --owners 200 \
    --contacts "$dir/contacts.csv" --activities "$dir/activities.csv"
fi
files=("$dir/accounts.csv" "$dir/contacts.csv" "$dir/activities.csv")

source "$here/duckdb_peer.sh"
peer="$(duckdb_peer_dir "$root")"
cp "$here/peer_coverage_duckdb.mjs" "$peer/"
cat "${files[@]}" > /dev/null  # warm the page cache
field() { sed -E "s/.*$1=([0-9.]+).*/\\1/"; }
best() { sort -g | head -1; }

model="$root/examples/tiering/maven_fit.json"
echo "== coverage: $(($(wc -l < "${files[0]}") - 1)) accounts, $(($(wc -l < "${files[1]}") - 1)) contacts," \
     "$(($(wc -l < "${files[2]}") - 1)) touches"
"$bench" --coverage "${files[@]}" "$model" 1 --out "$work/ours.csv" > /dev/null
node "$peer/peer_coverage_duckdb.mjs" "${files[@]}" --out "$work/duckdb.csv" 2> /dev/null
if ! cmp -s "$work/ours.csv" "$work/duckdb.csv"; then
  echo "DISAGREE: modelfunnel and DuckDB count different gaps:" >&2
  diff "$work/ours.csv" "$work/duckdb.csv" | head -10 >&2
  exit 1
fi
echo "agree: the gap counts of $(($(wc -l < "$work/ours.csv") - 1)) reps identical"
line="$("$bench" --coverage "${files[@]}" "$model" "$reps")"
theirs=()
for ((i = 0; i < reps; i++)); do
  t="$(node "$peer/peer_coverage_duckdb.mjs" "${files[@]}" 2>&1 >/dev/null)"
  theirs+=("$(echo "$t" | field compute_s)")
done
theirs_best="$(printf '%s\n' "${theirs[@]}" | best)"
ours="$(echo "$line" | field compute_s)"
printf "%-26s %10s %10s %14s\n" engine load_s compute_s compute_cpu_s
printf "%-26s %10s %10s %14s\n" "modelfunnel (one thread)" "$(echo "$line" | field load_s)" "$ours" \
  "$(echo "$line" | field compute_cpu_s)"
printf "%-26s %10s %10s %14s\n" "DuckDB (all cores)" "-" "$theirs_best" "-"
echo "ratio: $(echo "$theirs_best / $ours" | bc -l | cut -c1-5)x"
