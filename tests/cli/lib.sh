# Sourced by the transcripts: helpers for a fresh project and a fresh database.
# RETORT_TEST_DIALECT is sqlite or postgresql; RETORT_TEST_PG_URL points at the suite's server.

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

# rev ID PARENT [MESSAGE]: write migrations/versions/ID.yaml creating table t_ID.
rev() {
  local id=$1 parent=$2 msg=${3:-create t_$1}
  local down="null"
  [ -n "$parent" ] && down="\"$parent\""
  mkdir -p migrations/versions
  cat >"migrations/versions/$id.yaml" <<YAML
revision: "$id"
down_revision: $down
message: $msg
upgrade:
  - create_table:
      table: t_$id
      columns:
        - {name: id, type: integer, primary_key: true}
downgrade:
  - drop_table: {table: t_$id}
YAML
}
