#!/bin/sh
# check_exports.sh LIBRARY [HEADERS] — fails unless the shared C library
# exports exactly the C API: every defined dynamic symbol is mf_*, and, given
# HEADERS (a header, or the folder of them: capi/include/modelfunnel), the
# mf_* symbols are exactly the functions they declare MF_API — stable and
# experimental alike (capi/exports.map gives the experimental ones their own
# symbol version). The static C++ library and its dependencies are linked
# in; exports.map hides them. nm lists the version node MODELFUNNEL_2 of
# exports.map as an absolute symbol: that is the version, and it must be there.
set -eu
lib=${1:?usage: check_exports.sh libmodelfunnel_c.so [modelfunnel.h | include/modelfunnel]}
headers=${2:-}
node=MODELFUNNEL_2

defined=$(nm -D --defined-only "$lib")
exports=$(printf '%s\n' "$defined" | awk '$2 != "A" { sub(/@.*/, "", $NF); print $NF }' | sort -u)
stray=$(printf '%s\n' "$exports" | grep -v -e '^mf_' -e '^$' || true)
status=0

if [ -n "$stray" ]; then
  echo "FAIL: $lib exports symbols outside the C API:"
  printf '%s\n' "$stray" | head -50 | sed 's/^/  /'
  status=1
fi
if ! printf '%s\n' "$defined" | awk '$2 == "A" { print $NF }' | grep -q -x "$node"; then
  echo "FAIL: $lib has no $node symbol version (was exports.map used?)"
  status=1
fi
if [ -n "$headers" ]; then
  if [ -d "$headers" ]; then
    files=$(find "$headers" -name '*.h' | sort)
  else
    files=$headers
  fi
  # shellcheck disable=SC2086 # one word per header path (no blanks in ours)
  declared=$(sed -n 's/^MF_API .*[ *]\(mf_[a-z0-9_]*\)(.*/\1/p' $files | sort -u)
  missing=$(printf '%s\n' "$declared" | grep -v -x -F "$exports" || true)
  extra=$(printf '%s\n' "$exports" | grep '^mf_' | grep -v -x -F "$declared" || true)
  if [ -n "$missing" ]; then
    echo "FAIL: declared in $headers but not exported:"
    printf '%s\n' "$missing" | sed 's/^/  /'
    status=1
  fi
  if [ -n "$extra" ]; then
    echo "FAIL: exported but not declared in $headers:"
    printf '%s\n' "$extra" | sed 's/^/  /'
    status=1
  fi
fi
[ "$status" -eq 0 ] && echo "OK: $lib exports $(printf '%s\n' "$exports" | grep -c .) symbols, all mf_*${headers:+, as declared}"
exit "$status"
