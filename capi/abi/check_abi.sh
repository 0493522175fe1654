#!/bin/sh
# check_abi.sh — keeps libmodelfunnel_c.so binary compatible with the ABI
# recorded in capi/abi/modelfunnel_c.abi (the baseline, kept in git).
#
#   check_abi.sh LIBRARY [WORK_DIR]           check (the abi_check ctest)
#   check_abi.sh --update LIBRARY [WORK_DIR]  rewrite the baseline from LIBRARY
#
# The check dumps LIBRARY's ABI with abidw (libabigail; Debian package
# abigail-tools) from its DWARF, restricted to what capi/include declares,
# and compares it with the baseline using abidiff. It fails on any change
# except added functions and types, unless MF_ABI_VERSION in the header was
# raised above the baseline's SONAME: then the break is declared, and the
# check passes with a reminder to run --update. Options structs may grow at
# their end (capi/abi/suppressions.txt), since callers pass their version.
#
# Workflow: a compatible addition passes as it is; record it with --update
# when the release is cut. An incompatible change needs MF_ABI_VERSION + 1
# in the header (a new SONAME), then --update. Never edit the .abi by hand.
set -eu

update=no
if [ "${1:-}" = "--update" ]; then
  update=yes
  shift
fi
lib=${1:?usage: check_abi.sh [--update] libmodelfunnel_c.so [work-dir]}
work=${2:-$(mktemp -d)}
here=$(cd "$(dirname "$0")" && pwd)
headers="$here/../include"
baseline="$here/modelfunnel_c.abi"
suppressions="$here/suppressions.txt"
current="$work/modelfunnel_c.abi"
report="$work/abidiff.txt"
mkdir -p "$work"

# No paths, line numbers or DT_NEEDED versions: the dump depends only on the
# API, not on where or against which dependencies it was built.
abidw --no-corpus-path --no-comp-dir-path --no-show-locs --no-elf-needed \
  --drop-undefined-syms --drop-private-types --exported-interfaces-only \
  --type-id-style hash --headers-dir "$headers" --out-file "$current" "$lib"

if ! grep -q '<function-decl name=.mf_version.' "$current"; then
  echo "FAIL: no DWARF for the C API in $lib: build capi with -g (capi/CMakeLists.txt does)"
  exit 2
fi

if [ "$update" = yes ]; then
  cp "$current" "$baseline"
  echo "baseline updated: $baseline"
  exit 0
fi

soname_version() {
  sed -n "s/.*soname='libmodelfunnel_c\.so\.\([0-9][0-9]*\)'.*/\1/p" "$1" | head -n 1
}
declared=$(sed -n 's/^#define MF_ABI_VERSION \([0-9][0-9]*\)$/\1/p' "$headers/modelfunnel/common.h")
built=$(soname_version "$current")
recorded=$(soname_version "$baseline")
if [ "$built" != "$declared" ]; then
  echo "FAIL: $lib has SONAME version '$built' but the header says MF_ABI_VERSION $declared"
  exit 1
fi

status=0
abidiff --suppressions "$suppressions" "$baseline" "$current" >"$report" 2>&1 || status=$?

if [ "$declared" -gt "$recorded" ]; then
  echo "MF_ABI_VERSION raised from $recorded to $declared: incompatible changes are declared."
  cat "$report"
  echo "Run 'capi/abi/check_abi.sh --update $lib' to make this ABI the new baseline."
  exit 0
fi
if [ "$declared" -lt "$recorded" ]; then
  echo "FAIL: MF_ABI_VERSION $declared is below the baseline's $recorded"
  exit 1
fi

# abidiff's exit status is a bit set: 1 error, 2 usage error, 4 ABI change,
# 8 incompatible change (a removed symbol).
if [ $((status & 3)) -ne 0 ]; then
  echo "FAIL: abidiff could not compare (status $status):"
  cat "$report"
  exit 2
fi
if [ "$status" -eq 0 ]; then
  echo "OK: the ABI matches the baseline"
  exit 0
fi

# Something changed. Additions keep old binaries working; anything removed
# or changed (a type's layout, a parameter) does not.
broken=$(grep -E '^(Functions|Variables|Function symbols|Variable symbols) changes summary' "$report" |
  grep -E '[1-9][0-9]* (Removed|Changed)' || true)
cat "$report"
if [ $((status & 8)) -ne 0 ] || [ -n "$broken" ]; then
  echo "FAIL: incompatible ABI change. Keep the old declaration and add a _v2 function"
  echo "instead, or raise MF_ABI_VERSION in capi/include/modelfunnel/common.h"
  echo "(a new SONAME) and run capi/abi/check_abi.sh --update."
  exit 1
fi
echo "OK: compatible additions only; run 'capi/abi/check_abi.sh --update $lib' to record them."
exit 0
