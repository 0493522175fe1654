#!/usr/bin/env bash
# Pipeline movement (`revenue_movement()`, `modelfunnel forecast --movement`)
# against DuckDB computing the same eight buckets in SQL, same run.
#
#   bench/run_movement.sh DIR FROM TO [BUILD_DIR]
#
# DIR: the canonical layout of `modelfunnel generate --out DIR --leads N`
# (its events carry no close dates, so the movement runs without a
# close-date period: every open deal from opportunity on counts, and no
# deal is pulled in or pushed out). BUILD_DIR defaults to build/release.
# REPS=N (default 3) keeps the fastest of N runs of each. The two bucket
# tables (deals and amounts, exactly) must agree before any time is
# printed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
dir="$(cd "${1:?usage: run_movement.sh DIR FROM TO [BUILD_DIR]}" && pwd)"
from="${2:?FROM}"
to="${3:?TO}"
build="$(cd "${4:-$root/build/release}" && pwd)"
reps="${REPS:-3}"
bench="$build/bench/modelfunnel_revenue_bench"
[[ -x "$bench" ]] || { echo "run_movement.sh: $bench missing (cmake --build --preset release)" >&2; exit 2; }

source "$here/duckdb_peer.sh"
peer="$(duckdb_peer_dir "$root")"
cp "$here/peer_movement_duckdb.mjs" "$peer/"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat "$dir/events.csv" "$dir/leads.csv" > /dev/null  # warm the page cache
field() { sed -E "s/.*$1=([0-9.]+).*/\\1/"; }

ours="$("$bench" movement "$dir" "${from}T00:00:00Z" "${to}T00:00:00Z" all "$reps" --out "$work/ours.csv")"
theirs_best=""
for _ in $(seq "$reps"); do
  line="$(node "$peer/peer_movement_duckdb.mjs" "$dir" "$from" "$to" --out "$work/theirs.csv" 2>&1 >/dev/null)"
  s="$(field compute_s <<<"$line")"
  if [[ -z "$theirs_best" ]] || awk -v a="$s" -v b="$theirs_best" 'BEGIN{exit !(a<b)}'; then theirs_best="$s"; fi
done
if ! cmp -s "$work/ours.csv" "$work/theirs.csv"; then
  echo "run_movement.sh: the bucket tables differ" >&2
  diff "$work/ours.csv" "$work/theirs.csv" >&2 || true
  exit 1
fi
echo "agree: the eight buckets (deals, amounts) identical"
cat "$work/ours.csv"
echo "modelfunnel: $ours"
echo "duckdb: compute_s=$theirs_best"
awk -v a="$(field compute_s <<<"$ours")" -v d="$theirs_best" \
  'BEGIN { printf "ratio (duckdb / modelfunnel, compute): %.1fx\n", d / a }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
