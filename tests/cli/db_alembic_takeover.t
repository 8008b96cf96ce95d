A database that Alembic migrated is taken over by retort, and handed back: both tools use the
same alembic_version table (Debian's python3-alembic plays Alembic here). Same output on
SQLite and PostgreSQL.

  $ . "$TESTDIR/lib.sh"
  $ fresh_db
  $ alembic() { /usr/bin/python3 -m alembic "$@"; }

The Alembic project: alembic.ini, a minimal env.py reading DATABASE_URL, three revisions.

  $ mkdir -p alembic/versions
  $ printf '[alembic]\nscript_location = alembic\n' > alembic.ini
  $ cat > alembic/env.py <<'PY'
  > import os
  > from alembic import context
  > from sqlalchemy import create_engine
  > with create_engine(os.environ["DATABASE_URL"]).connect() as connection:
  >     context.configure(connection=connection)
  >     with context.begin_transaction():
  >         context.run_migrations()
  > PY
  $ for pair in "001 None" "002 '001'" "003 '002'"; do
  >   set -- $pair
  >   cat > alembic/versions/$1.py <<PY
  > """create t_$1"""
  > from alembic import op
  > import sqlalchemy as sa
  > revision = "$1"
  > down_revision = $2
  > branch_labels = None
  > depends_on = None
  > def upgrade():
  >     op.create_table("t_$1", sa.Column("id", sa.Integer, primary_key=True))
  > def downgrade():
  >     op.drop_table("t_$1")
  > PY
  > done

The same history as retort YAML (what `retort revision` plus a few ops would write).

  $ retort init -q
  $ rev 001 ""
  $ rev 002 001
  $ rev 003 002

Alembic migrates to 002; retort sees 002, and knows it has no checksum for those revisions.

  $ alembic upgrade 002
  $ alembic current
  002
  $ retort current
  002
  $ retort verify
  OK: 0 applied revision(s) match their files; 2 without a recorded checksum (applied by another tool or stamped)
  $ retort history --indicate-current
  002 -> 003 (head), create t_003
  001 -> 002 (current), create t_002
  <base> -> 001, create t_001

retort takes over: it applies 003 and records it in its history table.

  $ retort upgrade head
  Running upgrade 002 -> 003, create t_003
    done in \d+ ms (re)
  $ db_state
  tables: alembic_version retort_history t_001 t_002 t_003
  versions: 003
  history rows: 1
  $ retort verify
  OK: 1 applied revision(s) match their files; 2 without a recorded checksum (applied by another tool or stamped)

Back to Alembic: it sees 003 and downgrades with its own scripts; retort follows.

  $ alembic current
  003 (head)
  $ alembic downgrade 002
  $ retort current
  002
  $ db_state
  tables: alembic_version retort_history t_001 t_002
  versions: 002
  history rows: 1
