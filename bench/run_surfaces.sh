#!/usr/bin/env bash
# The same funnel report computed through the C++ API, the C ABI and Python
# on one data set (loaded once per process, computed REPS times, fastest
# kept), with each surface's time as a ratio of the C++ time.
#
#   bench/run_surfaces.sh DIR [BUILD_DIR]      (BUILD_DIR default: build/release)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
dir="$(cd "${1:?usage: run_surfaces.sh DIR [BUILD_DIR]}" && pwd)"
build="$(cd "${2:-$root/build/release}" && pwd)"
reps="${REPS:-7}"
cat "$dir/leads.csv" "$dir/events.csv" > /dev/null

field() { sed -E "s/.*$1=([0-9.]+).*/\\1/"; }
cpp="$("$build/bench/modelfunnel_report_bench" "$dir" "$reps" --csv | field compute_s)"
c="$("$build/bench/modelfunnel_report_bench_c" "$dir" "$reps" | field compute_s)"
py="$(PYTHONPATH="$build/python" /usr/bin/python3 "$here/report_bench.py" "$dir" "$reps" | field compute_s)"
printf "%-8s %10s %8s\n" surface compute_s ratio
for pair in "C++:$cpp" "C ABI:$c" "Python:$py"; do
  name="${pair%%:*}" s="${pair#*:}"
  printf "%-8s %10s %7.2fx\n" "$name" "$s" "$(awk -v a="$s" -v b="$cpp" 'BEGIN { print a / b }')"
done
