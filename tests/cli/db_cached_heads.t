`heads`, `current` and `history` from the header cache's records of the heads and the history
(docs/configuration.md, "The header cache"): once the files are older than the cache's 2-second
margin, a graph command records what the graph says of its heads and its history beside the
cache, and `heads`, `current` and `history` print them without building the graph while the
files are exactly those they were made from. The output is the same as with no cache at all:
labels (own and inherited), merges, dependencies, a head that another revision depends on,
--json; a changed file is seen at once.

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 ""
  $ rev 002 001 "create t_002" core
  $ rev 003 002
  $ rev 010 001 "create invoices" billing
  $ rev 011 010
  $ rev 020 "003 011" "join core and billing"
  $ rev 030 001 "create audit" audit
  $ rev 040 "" "create settings"
  $ cat >migrations/versions/031.yaml <<'YAML'
  > revision: "031"
  > down_revision: "030"
  > depends_on: ["040", billing]
  > message: audit invoices
  > upgrade: []
  > downgrade: []
  > YAML
  $ fresh_db
  $ retort upgrade heads -q
  $ same() {
  >   for c in "heads" "heads --json" "current" "current --json" "history"; do
  >     RETORT_HEADER_CACHE=off retort $c >off.txt 2>&1; echo "exit $?" >>off.txt
  >     retort $c >on.txt 2>&1; echo "exit $?" >>on.txt
  >     cmp -s off.txt on.txt && echo "$c: same" || diff off.txt on.txt
  >   done
  > }
  $ sleep 3
  $ retort history -q
  $ ls migrations/versions/.retort-cache
  headers
  headers.dirs
  headers.heads
  headers.history
  $ retort heads
  020 (billing, core) (head)
  031 (audit) (head)
  040 (head)
  $ retort current
  020 (head) (mergepoint)
  031 (head)
  $ same
  heads: same
  heads --json: same
  current: same
  current --json: same
  history: same

Rows that are not exactly the heads `upgrade heads` reaches go to the graph, as does a changed
file: its new message is printed at once.

  $ retort downgrade 011 -q
  $ retort current
  003
  011
  031 (head)
  $ same
  heads: same
  heads --json: same
  current: same
  current --json: same
  history: same
  $ retort upgrade heads -q
  $ sed -i 's/message: audit invoices/message: audit all invoices/' migrations/versions/031.yaml
  $ retort heads --json | grep -c 'audit all invoices'
  1
  $ same
  heads: same
  heads --json: same
  current: same
  current --json: same
  history: same
  $ sleep 3
  $ retort heads --json | grep -c 'audit all invoices'
  1
  $ same
  heads: same
  heads --json: same
  current: same
  current --json: same
  history: same

A bad file is reported before a database that cannot be read, as without the cache (the cache
is read on a second thread while the database is opened):

  $ sed -i 's/down_revision: "030"/down_revision: "999"/' migrations/versions/031.yaml
  $ sqlite3 bad.db 'CREATE TABLE gone (v TEXT); CREATE VIEW alembic_version AS SELECT v AS version_num FROM gone; DROP TABLE gone;'
  $ RETORT_HEADER_CACHE=off retort current --url "sqlite:///$PWD/bad.db" >off.txt 2>&1; echo "exit $?" >>off.txt
  $ retort current --url "sqlite:///$PWD/bad.db" >on.txt 2>&1; echo "exit $?" >>on.txt
  $ cmp off.txt on.txt && grep -c "999" on.txt && tail -1 on.txt
  1
  exit 2
  $ RETORT_HEADER_CACHE=off retort current --url "sqlite:///$PWD/no/such/dir/x.db" >off.txt 2>&1; echo "exit $?" >>off.txt
  $ retort current --url "sqlite:///$PWD/no/such/dir/x.db" >on.txt 2>&1; echo "exit $?" >>on.txt
  $ cmp off.txt on.txt && grep -c "999" on.txt && tail -1 on.txt
  1
  exit 2
