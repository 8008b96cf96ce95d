#!/usr/bin/env bash
# The formatting gate of `make test`: every C++ file the repository tracks is exactly as
# clang-format (the repository's .clang-format) would write it. Fix a failure with
#   git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h' 2>/dev/null || find src tests include examples bench -name '*.[ch]pp')
if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/retort-format.$$; then
  grep -E "^[^ ].*(warning|error):" /tmp/retort-format.$$ | head -20 >&2
  echo "check-format: the files above are not clang-formatted; run:" >&2
  echo "  git ls-files '*.cpp' '*.hpp' | xargs clang-format -i" >&2
  rm -f /tmp/retort-format.$$
  exit 1
fi
rm -f /tmp/retort-format.$$
echo "check-format: ${#files[@]} files formatted"
