#!/usr/bin/env bash
# Compares Alembic and `retort import alembic` on any Alembic project, revision by revision, on
# SQLite and (with --pg-url URL or $RETORT_TEST_PG_URL) PostgreSQL: same schema, same version
# rows, upgrades and downgrades. See scripts/alembic_differential.py and docs/alembic-import.md.
#   scripts/alembic-differential.sh ALEMBIC_DIR [--pg-url URL] [--retort PATH] [--json] [--keep DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${RETORT:-}" ]; then
  for candidate in "$here/../build-dev/retort" "$here/../build/retort"; do
    if [ -x "$candidate" ]; then RETORT=$candidate; break; fi
  done
fi
export RETORT=${RETORT:-retort}
exec /usr/bin/python3 "$here/alembic_differential.py" "$@"
