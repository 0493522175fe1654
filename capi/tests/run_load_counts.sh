#!/bin/sh
# run_load_counts.sh LOAD_COUNTS MAPPING MAVEN_DATA_DIR — the c_example_load_counts
# test: examples/c/load_counts on the real Maven export, with each table read
# from MAVEN_DATA_DIR (which may sit elsewhere than the mapping assumes).
set -eu
exe=$1 mapping=$2 data=$3
if [ ! -f "$data/sales_pipeline.csv" ]; then
  echo "MF_SKIPPED: ../shared not found ($data)"
  exit 0
fi
exec "$exe" --skip "$mapping" \
  "pipeline=$data/sales_pipeline.csv" \
  "accounts=$data/accounts.csv" \
  "teams=$data/sales_teams.csv"
