# Sourced by the bench/run_*.sh scripts. duckdb_peer_dir ROOT prints a
# directory holding DuckDB for node (@duckdb/node-api), installed with
# `npm ci` from ROOT/../shared/bench's package-lock.json into $TMPDIR
# (../shared is read-only in CI) and kept between runs while that lock file
# is unchanged. The scripts copy their peer .mjs files into it, so that
# node resolves the package.
#
#   source "$here/duckdb_peer.sh"
#   peer="$(duckdb_peer_dir "$root")"
#   cp "$here/peer_x_duckdb.mjs" "$peer/"
duckdb_peer_dir() {
  local root="$1"
  local peer="${TMPDIR:-/tmp}/modelfunnel-report-bench"
  local lock="$root/../shared/bench/package-lock.json"
  if [[ ! -d "$peer/node_modules/@duckdb/node-api" ]] || ! cmp -s "$lock" "$peer/package-lock.json"; then
    rm -rf "$peer" && mkdir -p "$peer"
    cp "$root/../shared/bench/package.json" "$lock" "$peer/"
    (cd "$peer" && npm ci --silent --no-audit --no-fund) >&2
  fi
  echo "$peer"
}
