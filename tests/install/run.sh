#!/usr/bin/env bash
# make test: `cmake --install` of the built tree into a temporary prefix, then the Sales Agent
# example app (examples/salesagent/app/main.cpp) built against the installed tree alone — once
# with CMake's find_package(retort) (tests/install/consumer), once with pkg-config — and run on
# a copy of the example project (SQLite). Also checks what the prefix holds (the binary and its
# --version, the man page, the completions) and that CPack makes a .deb of it.
#
#   tests/install/run.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/retort-install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(ls -d "$prefix"/lib*/pkgconfig | head -1)
libdir=${libdir%/pkgconfig}
for f in bin/retort include/retort/retort.hpp share/man/man1/retort.1 \
         share/bash-completion/completions/retort share/zsh/site-functions/_retort \
         share/fish/vendor_completions.d/retort.fish; do
  [ -e "$prefix/$f" ] || { echo "install: $f is missing from the prefix" >&2; exit 1; }
done
for f in libretort.a cmake/retort/retortConfig.cmake pkgconfig/retort.pc; do
  [ -e "$libdir/$f" ] || { echo "install: ${libdir#$prefix/}/$f is missing from the prefix" >&2; exit 1; }
done
# Nothing from the source tree: the installed headers are retort/ only.
if [ -n "$(ls "$prefix/include" | grep -v '^retort$')" ]; then
  echo "install: include/ holds more than retort/: $(ls "$prefix/include")" >&2
  exit 1
fi
"$prefix/bin/retort" --version
echo "install: $(find "$prefix" -type f | wc -l) files in the prefix"

# run_app APP: the example app on a fresh copy of the example project: it migrates on start-up,
# seeds the demo tenant and works through the session pool.
run_app() {
  local project=$tmp/project-$(basename "$1")
  rm -rf "$project"
  mkdir -p "$project"
  cp -r "$root/examples/salesagent/retort.toml" "$root/examples/salesagent/migrations" \
        "$root/examples/salesagent/models" "$root/examples/salesagent/seed" "$project/"
  (cd "$project" && env -u DATABASE_URL -u RETORT_DATABASE_URL -u RETORT_CONFIG -u SKIP_MIGRATIONS \
     "$1" --config "$project/retort.toml" --seed "$project/seed/demo.yaml") > "$tmp/out" 2>&1 || {
    cat "$tmp/out" >&2
    echo "install: $1 failed" >&2
    exit 1
  }
  grep -q "^migrated on start-up: .* revision(s) applied; at " "$tmp/out" || {
    cat "$tmp/out" >&2
    echo "install: $1 did not migrate" >&2
    exit 1
  }
}

echo "install: find_package(retort) in an out-of-tree CMake project"
cmake -S "$root/tests/install/consumer" -B "$tmp/consumer" -G Ninja \
  -DCMAKE_PREFIX_PATH="$prefix" -DRETORT_EXAMPLE_APP="$root/examples/salesagent/app/main.cpp" \
  >/dev/null
cmake --build "$tmp/consumer" >/dev/null
run_app "$tmp/consumer/salesagent_app"

echo "install: pkg-config --cflags --libs retort"
pc_flags=$(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags --libs retort)
mkdir -p "$tmp/pc"
c++ -std=c++20 -Wall -Wextra -Werror "$root/examples/salesagent/app/main.cpp" -o "$tmp/pc/salesagent_app" \
  $pc_flags
run_app "$tmp/pc/salesagent_app"

echo "install: a .deb from CPack"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/package" >/dev/null
deb=$(ls "$tmp"/package/retort_*.deb)
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/retort ./usr/include/retort/retort.hpp ./usr/share/man/man1/retort.1 \
         ./usr/share/bash-completion/completions/retort; do
  grep -q " $f\$" <<<"$contents" || { echo "install: $f is missing from $(basename "$deb")" >&2; exit 1; }
done
dpkg-deb -f "$deb" Depends | grep -q 'libpq5' || { echo "install: the .deb does not depend on libpq5" >&2; exit 1; }

echo "install: passed"
