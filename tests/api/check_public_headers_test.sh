#!/usr/bin/env bash
# scripts/check-public-headers.py passes on the tree, and fails on planted violations of the public
# API's rules (docs/embedding.md, "The public headers"): an include of the library's own headers, a
# third-party header, a header that does not compile on its own under -Wall -Wextra -Werror, and a
# docs/embedding.md example that needs an internal type. Run by scripts/test.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fresh() {
  rm -rf "$work/t"; mkdir -p "$work/t/docs"
  cp -r "$root/include" "$root/scripts" "$root/cmake" "$root/CMakeLists.txt" "$work/t/"
  cp "$root/docs/embedding.md" "$work/t/docs/"
}
expect() {  # expect RC NEEDLE [ONLY...]: the checker (on ONLY) exits RC and prints NEEDLE
  local rc=0 out want=$1 needle=$2
  shift 2
  out=$(python3 "$work/t/scripts/check-public-headers.py" "$work/t" "$@" 2>&1) || rc=$?
  if [[ $rc -ne $want || "$out" != *"$needle"* ]]; then
    echo "check_public_headers_test: expected exit $want and '$needle', got exit $rc:"; echo "$out"
    exit 1
  fi
}
fresh; expect 0 "" error.hpp dialect.hpp docs/embedding.md
# An internal header (src/ is not on the path: it fails to compile as well).
fresh; sed -i '/#include <string>/a #include "base/strings.hpp"' "$work/t/include/retort/error.hpp"
expect 1 'include/retort/error.hpp:9: "base/strings.hpp": a public header includes public headers' \
  error.hpp
# A third-party header, even one that is installed.
fresh; sed -i '/#include <string>/a #include <fmt/format.h>' "$work/t/include/retort/error.hpp"
expect 1 "include/retort/error.hpp:9: <fmt/format.h> is neither a public header nor part of the C++ \
standard library" error.hpp
# A warning under -Wall -Wextra.
fresh; sed -i 's/^}  \/\/ namespace retort$/inline int unused_parameter(int x) { return 1; }\n}  \/\/ namespace retort/' \
  "$work/t/include/retort/dialect.hpp"
expect 1 "include/retort/dialect.hpp: does not compile on its own with -Wall -Wextra -Werror" \
  dialect.hpp
# A documented example that reaches for an internal type.
fresh; printf '\n```cpp\nretort::Config config;\n```\n' >> "$work/t/docs/embedding.md"
expect 1 "docs/embedding.md: its \`\`\`cpp examples do not compile against the public headers" \
  docs/embedding.md
echo "check_public_headers_test: passed"
