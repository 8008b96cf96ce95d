Where the database is, told plainly: a target the database is already past, overlapping version
rows (reported by every command, with the stamp that fixes them, and never written by stamp),
and relative steps that cannot choose a way across a merge or a branch point.

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 ""
  $ rev 002 001
  $ rev 003 001
  $ rev 004 "002 003" "merge"
  $ rev 005 004
  $ fresh_db
  $ retort upgrade head -q

upgrade to a revision the database is past does nothing, and says where the database is.

  $ retort upgrade 002
  Nothing to do: the database is at 005, which is past 002 (upgrade never goes back; to return to 002, run `retort downgrade 002`)
  $ retort upgrade 002 --dry-run
  Nothing to do: the database is at 005, which is past 002 (upgrade never goes back; to return to 002, run `retort downgrade 002`)
  $ retort upgrade 005
  Nothing to do: the database is already at 005
  $ retort upgrade head
  Nothing to do: the database is already at head (005)

A relative step across the merge names the fork and where it could end; nothing changes.

  $ retort downgrade -3
  error: Ambiguous walk: 3 step(s) down from revision 005 cannot choose a way, because revision 004 is a merge (down revisions 002, 003); every way ends at 001: name it instead of the relative step
  [2]
  $ retort downgrade 005-2 --dry-run
  error: Ambiguous walk: 2 step(s) down from revision 005 cannot choose a way, because revision 004 is a merge (down revisions 002, 003); it could end at 002 or 003: name the one you mean instead of the relative step
  [2]
  $ db_state
  tables: alembic_version retort_history t_001 t_002 t_003 t_005
  versions: 005
  history rows: 5
  $ retort downgrade 004 -q
  $ retort downgrade 004-1
  error: Ambiguous walk: 1 step(s) down from revision 004 cannot choose a way, because revision 004 is a merge (down revisions 002, 003); it could end at 002 or 003: name the one you mean instead of the relative step
  [2]
  $ retort downgrade base -q
  $ retort upgrade 001 -q
  $ retort upgrade +1
  error: Ambiguous walk: 1 step(s) up from revision 001 cannot choose a way, because revision 001 is a branch point (children 002, 003); it could end at 002 or 003: name the one you mean instead of the relative step, or a branch as LABEL@+N
  [2]
  $ db_state
  tables: alembic_version retort_history t_001
  versions: 001
  history rows: 11

history -r -N: counts listed revisions when the walk from the heads would be ambiguous.

  $ retort history -r -1:
  004 -> 005 (head), create t_005
  002, 003 -> 004 (mergepoint), merge
  $ retort history -r -3:
  004 -> 005 (head), create t_005
  002, 003 -> 004 (mergepoint), merge
  001 -> 002, create t_002
  001 -> 003, create t_003
  $ retort history -r -10:
  004 -> 005 (head), create t_005
  002, 003 -> 004 (mergepoint), merge
  001 -> 002, create t_002
  001 -> 003, create t_003
  <base> -> 001 (branchpoint), create t_001

Overlapping rows: 001 and its descendant 002 both in the version table.

  $ retort upgrade 002 -q
  $ sql "INSERT INTO alembic_version (version_num) VALUES ('001')" > /dev/null
  $ retort current
  001 (branchpoint)
  002
  The version table has overlapping rows (001 is an ancestor of 002): a database is at one revision per branch, so one of these rows is wrong (left behind or inserted by hand?). Record the revision the schema actually matches with 'retort stamp --purge 002' if it is at the newer one (see 'retort history')
  [1]
  $ retort upgrade head
  error: The version table has overlapping rows (001 is an ancestor of 002): a database is at one revision per branch, so one of these rows is wrong (left behind or inserted by hand?). Record the revision the schema actually matches with 'retort stamp --purge 002' if it is at the newer one (see 'retort history')
  [2]
  $ retort downgrade base
  error: The version table has overlapping rows (001 is an ancestor of 002): a database is at one revision per branch, so one of these rows is wrong (left behind or inserted by hand?). Record the revision the schema actually matches with 'retort stamp --purge 002' if it is at the newer one (see 'retort history')
  [2]
  $ retort verify
  error: The version table has overlapping rows (001 is an ancestor of 002): a database is at one revision per branch, so one of these rows is wrong (left behind or inserted by hand?). Record the revision the schema actually matches with 'retort stamp --purge 002' if it is at the newer one (see 'retort history')
  [2]
  $ retort stamp 003
  error: The version table has overlapping rows (001 is an ancestor of 002): a database is at one revision per branch, so one of these rows is wrong (left behind or inserted by hand?). Record the revision the schema actually matches with 'retort stamp --purge 002' if it is at the newer one (see 'retort history')
  [2]
  $ retort --json current
  {
    "current": [
      "001",
      "002"
    ],
    "ghost": []
  }
  The version table has overlapping rows (001 is an ancestor of 002): a database is at one revision per branch, so one of these rows is wrong (left behind or inserted by hand?). Record the revision the schema actually matches with 'retort stamp --purge 002' if it is at the newer one (see 'retort history')
  [1]
  $ db_state
  tables: alembic_version retort_history t_001 t_002
  versions: 001 002
  history rows: 12
  $ retort stamp --purge 002 -q
  $ retort current
  002

stamp never writes overlapping rows.

  $ retort stamp 001 002
  error: Cannot stamp 001 002: 001 is an ancestor of 002, and the version table holds one revision per branch (stamp 002 instead)
  [2]
  $ retort stamp 003 005
  error: Cannot stamp 003 005: 003 is an ancestor of 005, and the version table holds one revision per branch (stamp 005 instead)
  [2]
  $ db_state
  tables: alembic_version retort_history t_001 t_002
  versions: 002
  history rows: 13
