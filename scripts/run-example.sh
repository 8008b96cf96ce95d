#!/usr/bin/env bash
# `make run`: apply the Sales Agent's migration history to an embedded SQLite database and show
# what happened: each revision as it runs, the history graph with the current revision, the
# tables, and a few rows of demo data (seeded by the example app through the library).
set -euo pipefail
retort=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
example="$root/examples/salesagent"
app="$(dirname "$retort")/examples/salesagent/app/salesagent_app"
db="$example/salesagent.db"

cd "$example"
rm -f "$db"
unset DATABASE_URL RETORT_DATABASE_URL RETORT_CONFIG SKIP_MIGRATIONS

echo "== retort upgrade head   (examples/salesagent, sqlite:///salesagent.db)"
"$retort" upgrade head
echo
echo "== retort history --graph --indicate-current"
"$retort" history --graph --indicate-current
echo
echo "== retort current"
"$retort" current
echo
echo "== retort verify"
"$retort" verify
echo
echo "== tables in salesagent.db"
sqlite3 "$db" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name" | column -c 100
if [ -x "$app" ]; then
  echo
  echo "== the example app (migrates on start-up, seeds the demo tenant, queries through the session pool)"
  "$app" --config "$example/retort.toml" --seed "$example/seed/demo.yaml"
fi
echo
echo "Database: $db  (try: $retort -c $example/retort.toml downgrade -1)"
