#!/usr/bin/env bash
# The same funnel report computed through the C++ API, the C ABI and Python
# on one data set (loaded once per process, computed REPS times, fastest
# kept), with each surface's time as a ratio of the C++ time: once with
# every duration figure, once with only the funnel table's (days from entry,
# what `modelfunnel report --format csv` computes for it).
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
printf "%-14s %-8s %10s %8s\n" durations surface compute_s ratio
for figures in all funnel-only; do
  if [[ $figures == all ]]; then cpp_flag=(--durations all) flag=(); else cpp_flag=(--durations from_entry) flag=(--funnel-only); fi
  cpp="$("$build/bench/modelfunnel_report_bench" "$dir" "$reps" --csv "${cpp_flag[@]}" | field compute_s)"
  c="$("$build/bench/modelfunnel_report_bench_c" "$dir" "$reps" "${flag[@]}" | field compute_s)"
  py="$(PYTHONPATH="$build/python" /usr/bin/python3 "$here/report_bench.py" "$dir" "$reps" "${flag[@]}" | field compute_s)"
  for pair in "C++:$cpp" "C ABI:$c" "Python:$py"; do
    name="${pair%%:*}" s="${pair#*:}"
    printf "%-14s %-8s %10s %7.2fx\n" "$figures" "$name" "$s" "$(awk -v a="$s" -v b="$cpp" 'BEGIN { print a / b }')"
  done
done
