#!/usr/bin/env bash
# Installs every build, test and benchmark dependency of retort from Debian 12's archive.
# Idempotent: packages already present are skipped, and apt is not touched when all are.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config
  # the formatting gate (Debian 12's clang-format 14: the version the tree is formatted with)
  clang-format
  # libraries
  libyaml-dev libsqlite3-dev libpq-dev nettle-dev libtomlplusplus-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  libpg-query-dev
  # tests
  libgtest-dev libgmock-dev sqlite3 postgresql postgresql-client pgbouncer python3-cram
  # the shape of `lint --format sarif` (tests/lint/sarif_shape.py)
  python3-jsonschema
  # the generated completions are checked by the shells that read them (tests/cli/completion.t)
  zsh fish
  # oracles and benchmarks: Alembic 1.8 (SQLAlchemy 1.4) and hyperfine
  python3 python3-alembic python3-psycopg2 hyperfine time
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
