#!/usr/bin/env bash
# scripts/check-layering.py passes on the tree, and fails on planted crossings of ARCHITECTURE.md's
# "May call" rules (and on a listed debt that no longer exists). Run by scripts/test.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fresh() {
  rm -rf "$work/t"; mkdir -p "$work/t"
  cp -r "$root/src" "$root/scripts" "$root/ARCHITECTURE.md" "$work/t/"
}
expect() {  # expect RC NEEDLE: the checker exits RC and prints NEEDLE
  local rc=0 out
  out=$(python3 "$work/t/scripts/check-layering.py" "$work/t" 2>&1) || rc=$?
  if [[ $rc -ne $1 || "$out" != *"$2"* ]]; then
    echo "check_layering_test: expected exit $1 and '$2', got exit $rc:"; echo "$out"; exit 1
  fi
}
fresh; expect 0 ""
# base may not call up into cli; graph may not call runner.
fresh; echo '#include "cli/context.hpp"' >> "$work/t/src/base/error.cpp"
expect 1 "src/base/error.cpp:$(wc -l < "$work/t/src/base/error.cpp"): base -> cli"
fresh; sed -i '1i #include "runner/migrator.hpp"' "$work/t/src/graph/draw.cpp"
expect 1 "src/graph/draw.cpp:1: graph -> runner (ARCHITECTURE.md: graph may call base, ops)"
# A debt listed that does not cross (paid, or never owed): the list must stay true.
fresh; echo 'src/db/connect.hpp -> config   # planted' >> "$work/t/scripts/layering-debts.txt"
expect 1 "'src/db/connect.hpp -> config' no longer crosses the rules"
echo "check_layering_test: passed"
