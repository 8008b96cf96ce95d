current (-v, --json), history --indicate-current and show current, before and after
upgrading, and with a ghost revision in the database. Same output on SQLite and PostgreSQL.

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 ""
  $ rev 002 001
  $ rev 010 001 "create invoices" billing
  $ fresh_db

An empty database is at base: current prints nothing (exit 0) and creates nothing.

  $ retort current
  $ retort current --json
  {
    "current": [],
    "ghost": []
  }
  $ retort current -v | sed 's/ for .*:$/ for <db>:/'
  Current revision(s) for <db>:
  $ retort history --indicate-current
  001 -> 002 (head), create t_002
  001 -> 010 (billing) (head), create invoices
  <base> -> 001 (branchpoint), create t_001
  $ db_state
  tables: (none)
  versions: (none)
  history rows: 0

Current revisions are marked (head), (branchpoint), (mergepoint) as in Alembic.

  $ retort upgrade 001 -q
  $ retort current
  001 (branchpoint)
  $ retort upgrade heads -q
  $ retort current
  002 (head)
  010 (head)
  $ retort current --json
  {
    "current": [
      "002",
      "010"
    ],
    "ghost": []
  }
  $ retort current -v | sed 's/ for .*:$/ for <db>:/'
  Current revision(s) for <db>:
  Rev: 002 (head)
  Parent: 001
  Path: migrations/versions/002.yaml
  
      create t_002
  
      Revision ID: 002
      Revises: 001
  
  Rev: 010 (head)
  Parent: 001
  Branch names: billing
  Path: migrations/versions/010.yaml
  
      create invoices
  
      Revision ID: 010
      Revises: 001
  
  $ retort history -i
  001 -> 002 (head) (current), create t_002
  001 -> 010 (billing) (head) (current), create invoices
  <base> -> 001 (branchpoint), create t_001
  $ retort history --indicate-current --json -r 001: | grep -E '"(revision|is_current)"'
        "is_current": true,
        "revision": "002"
        "is_current": true,
        "revision": "010"
        "is_current": false,
        "revision": "001"
  $ retort show current
  Rev: 002 (head)
  Parent: 001
  Path: migrations/versions/002.yaml
  
      create t_002
  
      Revision ID: 002
      Revises: 001
  
  Rev: 010 (head)
  Parent: 001
  Branch names: billing
  Path: migrations/versions/010.yaml
  
      create invoices
  
      Revision ID: 010
      Revises: 001
  

Global options before or after the command name.

  $ url=$DATABASE_URL; unset DATABASE_URL
  $ retort current
  $ retort --url "$url" current
  002 (head)
  010 (head)
  $ retort current --url "$url"
  002 (head)
  010 (head)
  $ retort --url "$url" history --indicate-current -r 010:
  001 -> 010 (billing) (head) (current), create invoices
  $ export DATABASE_URL=$url

A ghost: the database records a revision no file defines (here, a file deleted after it was
applied). Every command reports it with the stamp that recovers; current exits 1.

  $ rev 003 002
  $ retort upgrade 003 -q
  $ rm migrations/versions/003.yaml
  $ retort current
  010 (head)
  003 (ghost: not in the migration files)
  the database is at revision '003', which no migration file contains (a ghost revision: deleted, renamed, or these files are older than the database)
    to recover, record the revision(s) whose schema the database really has:
      retort stamp --purge 002 010    (the ghost was applied on top of these; its own changes stay in the database)
    or restore the missing migration file(s) from version control
  [1]
  $ retort current --json
  {
    "current": [
      "003",
      "010"
    ],
    "ghost": [
      "003"
    ]
  }
  the database is at revision '003', which no migration file contains (a ghost revision: deleted, renamed, or these files are older than the database)
    to recover, record the revision(s) whose schema the database really has:
      retort stamp --purge 002 010    (the ghost was applied on top of these; its own changes stay in the database)
    or restore the missing migration file(s) from version control
  [1]
  $ retort history --indicate-current
  001 -> 002 (head), create t_002
  001 -> 010 (billing) (head) (current), create invoices
  <base> -> 001 (branchpoint), create t_001
  the database is at revision '003', which no migration file contains (a ghost revision: deleted, renamed, or these files are older than the database)
    to recover, record the revision(s) whose schema the database really has:
      retort stamp --purge 002 010    (the ghost was applied on top of these; its own changes stay in the database)
    or restore the missing migration file(s) from version control
  [1]
  $ retort show current
  Rev: 010 (head)
  Parent: 001
  Branch names: billing
  Path: migrations/versions/010.yaml
  
      create invoices
  
      Revision ID: 010
      Revises: 001
  
  the database is at revision '003', which no migration file contains (a ghost revision: deleted, renamed, or these files are older than the database)
    to recover, record the revision(s) whose schema the database really has:
      retort stamp --purge 002 010    (the ghost was applied on top of these; its own changes stay in the database)
    or restore the missing migration file(s) from version control
  [1]
  $ retort upgrade heads
  error: the database is at revision '003', which no migration file contains (a ghost revision: deleted, renamed, or these files are older than the database)
    to recover, record the revision(s) whose schema the database really has:
      retort stamp --purge 002 010    (the ghost was applied on top of these; its own changes stay in the database)
    or restore the missing migration file(s) from version control
  [2]
  $ retort downgrade base
  error: the database is at revision '003', which no migration file contains (a ghost revision: deleted, renamed, or these files are older than the database)
    to recover, record the revision(s) whose schema the database really has:
      retort stamp --purge 002 010    (the ghost was applied on top of these; its own changes stay in the database)
    or restore the missing migration file(s) from version control
  [2]
  $ db_state
  tables: alembic_version retort_history t_001 t_002 t_003 t_010
  versions: 003 010
  history rows: 4

The suggested stamp recovers.

  $ retort stamp --purge 002 010
  Running stamp  -> 002, create t_002
    done in \d+ ms (re)
  Running stamp  -> 010, create invoices
    done in \d+ ms (re)
  $ retort current
  002 (head)
  010 (head)

Two deleted revisions in a row (005, then 006 on top of it): the history is followed back
through both to the revision the files still have, and the other branch's row is kept — a
stamp of 010 alone would put the 002 branch back at 001.

  $ rev 005 002
  $ rev 006 005
  $ retort upgrade 006 -q
  $ rm migrations/versions/005.yaml migrations/versions/006.yaml
  $ retort current
  010 (head)
  006 (ghost: not in the migration files)
  the database is at revision '006', which no migration file contains (a ghost revision: deleted, renamed, or these files are older than the database)
    to recover, record the revision(s) whose schema the database really has:
      retort stamp --purge 002 010    (the ghost was applied on top of these; its own changes stay in the database)
    or restore the missing migration file(s) from version control
  [1]
