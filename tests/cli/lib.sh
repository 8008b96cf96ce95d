# Sourced by the transcripts: helpers for a fresh project and a fresh database.
# RETORT_TEST_DIALECT is sqlite or postgresql; RETORT_TEST_PG_URL points at the suite's server.

# A pipeline's exit code is retort's when retort fails (`retort verify | sed …` still shows [1]).
set -o pipefail

# fresh_db: export DATABASE_URL for an empty database of the dialect under test.
fresh_db() {
  if [ "${RETORT_TEST_DIALECT:-sqlite}" = postgresql ]; then
    local name="retort_cli_$$_$RANDOM"
    psql -qAt "$RETORT_TEST_PG_URL" -c "CREATE DATABASE $name" >/dev/null
    export DATABASE_URL="${RETORT_TEST_PG_URL%/*}/$name"
  else
    export DATABASE_URL="sqlite:///$PWD/test.db"
  fi
}

# sql QUERY: run a query on the database under test, rows as a|b|c.
sql() {
  if [ "${RETORT_TEST_DIALECT:-sqlite}" = postgresql ]; then
    psql -qAt "$DATABASE_URL" -c "$1"
  else
    sqlite3 "${DATABASE_URL#sqlite:///}" "$1"
  fi
}

# rev ID PARENTS [MESSAGE] [LABEL]: write migrations/versions/ID.yaml creating table t_ID.
# PARENTS: "" for a root, one id, or several separated by spaces (a merge, which creates nothing).
rev() {
  local id=$1 parent=$2 msg=${3:-create t_$1} label=$4
  local down="null" labels="" up down_ops parents=()
  read -r -a parents <<<"$parent"
  if [ ${#parents[@]} -eq 1 ]; then
    down="\"${parents[0]}\""
  elif [ ${#parents[@]} -gt 1 ]; then
    down="[$(printf '"%s", ' "${parents[@]}" | sed 's/, $//')]"
  fi
  [ -n "$label" ] && labels="branch_labels: [$label]
"
  if [ ${#parents[@]} -gt 1 ]; then
    up=" []" down_ops=" []"
  else
    up="
  - create_table:
      table: t_$id
      columns:
        - {name: id, type: integer, primary_key: true}"
    down_ops="
  - drop_table: {table: t_$id}"
  fi
  mkdir -p migrations/versions
  cat >"migrations/versions/$id.yaml" <<YAML
revision: "$id"
down_revision: $down
${labels}message: $msg
upgrade:$up
downgrade:$down_ops
YAML
}

# tables: the tables of the database under test, sorted, on one line ("(none)" when empty).
# Looking never creates the SQLite file.
tables() {
  local out
  if [ "${RETORT_TEST_DIALECT:-sqlite}" = postgresql ]; then
    out=$(sql "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
  elif [ -f "${DATABASE_URL#sqlite:///}" ]; then
    out=$(sql "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")
  fi
  out=$(echo $out)
  echo "tables: ${out:-(none)}"
}

# db_state: the tables, the version-table rows and the number of history rows, to show that
# a command changed nothing (or exactly what it changed).
db_state() {
  tables
  local t versions history
  t=$(tables)
  case " ${t#tables: } " in
    *" alembic_version "*) versions=$(echo $(sql "SELECT version_num FROM alembic_version ORDER BY 1")) ;;
  esac
  case " ${t#tables: } " in
    *" retort_history "*) history=$(sql "SELECT count(*) FROM retort_history") ;;
  esac
  echo "versions: ${versions:-(none)}"
  echo "history rows: ${history:-0}"
}

