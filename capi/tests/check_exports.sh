#!/bin/sh
# check_exports.sh LIBRARY [HEADER] — fails unless the shared C library
# exports exactly the C API: every defined dynamic symbol is mf_*, and, given
# the header, the mf_* symbols are exactly the functions it declares MF_API.
# (The static C++ library and its dependencies are linked in;
# capi/exports.map hides them.) nm lists the version node MODELFUNNEL_1 of
# exports.map as an absolute symbol: that is the version, and it must be there.
set -eu
lib=${1:?usage: check_exports.sh libmodelfunnel_c.so [modelfunnel.h]}
header=${2:-}

defined=$(nm -D --defined-only "$lib")
exports=$(printf '%s\n' "$defined" | awk '$2 != "A" { sub(/@.*/, "", $NF); print $NF }' | sort -u)
stray=$(printf '%s\n' "$exports" | grep -v -e '^mf_' -e '^$' || true)
status=0

if [ -n "$stray" ]; then
  echo "FAIL: $lib exports symbols outside the C API:"
  printf '%s\n' "$stray" | head -50 | sed 's/^/  /'
  status=1
fi
if ! printf '%s\n' "$defined" | awk '$2 == "A" { print $NF }' | grep -q -x 'MODELFUNNEL_1'; then
  echo "FAIL: $lib has no MODELFUNNEL_1 symbol version (was exports.map used?)"
  status=1
fi
if [ -n "$header" ]; then
  declared=$(sed -n 's/^MF_API .*[ *]\(mf_[a-z0-9_]*\)(.*/\1/p' "$header" | sort -u)
  missing=$(printf '%s\n' "$declared" | grep -v -x -F "$exports" || true)
  extra=$(printf '%s\n' "$exports" | grep '^mf_' | grep -v -x -F "$declared" || true)
  if [ -n "$missing" ]; then
    echo "FAIL: declared in $header but not exported:"
    printf '%s\n' "$missing" | sed 's/^/  /'
    status=1
  fi
  if [ -n "$extra" ]; then
    echo "FAIL: exported but not declared in $header:"
    printf '%s\n' "$extra" | sed 's/^/  /'
    status=1
  fi
fi
[ "$status" -eq 0 ] && echo "OK: $lib exports $(printf '%s\n' "$exports" | grep -c .) symbols, all mf_*${header:+, as declared}"
exit "$status"
