retort merge writes a revision whose parents are the given revisions (Alembic's `merge`).

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 ""
  $ rev 002 001
  $ rev 003 001 "" billing
  $ rev 004 "" "create t_004" audit
  $ retort heads
  002 (head)
  003 (billing) (head)
  004 (audit) (head)

Merging needs at least two revisions; one head is not enough (exit 2, nothing written).

  $ retort merge -m "only one" 002
  error: merge needs at least two revisions to merge; got 1 (002)
  [2]
  $ retort merge -m "no revisions"
  error: REVISIONS is required
  Run retort merge --help for the options.
  [2]
  $ retort merge 002 003
  error: --message is required
  Run retort merge --help for the options.
  [2]

Every named revision must be a head, and may be named by prefix or label.

  $ retort merge -m "not heads" 001 002
  error: Revision 001 is not a head revision; please specify --splice to create a new branch from this revision
  [2]
  $ retort merge -m "unknown" 002 nope
  error: Can't locate revision identified by 'nope'
  [2]
  $ retort merge -m "twice" 002 002
  error: Duplicate head revisions specified
  [2]
  $ ls migrations/versions
  001.yaml
  002.yaml
  003.yaml
  004.yaml

Explicit heads: the merge takes the next sequential id.

  $ retort merge -m "merge billing" 002 billing@head
  Generating migrations/versions/005_merge_billing.yaml ...  done
  $ cat migrations/versions/005_merge_billing.yaml
  revision: "005"
  down_revision: ["002", "003"]
  message: merge billing
  created: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" (re)
  upgrade: []
  downgrade: []
  $ retort heads
  004 (audit) (head)
  005 (billing) (head)

`heads` merges every head; --rev-id and --branch-label as for revision; --json.

  $ retort --json merge -m "merge all" heads --rev-id m1 --branch-label release
  {
    "down_revisions": [
      "004",
      "005"
    ],
    "path": "migrations/versions/m1_merge_all.yaml",
    "revision": "m1"
  }
  $ cat migrations/versions/m1_merge_all.yaml
  revision: "m1"
  down_revision: ["004", "005"]
  branch_labels: [release]
  message: merge all
  created: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" (re)
  upgrade: []
  downgrade: []
  $ retort heads
  m1 (audit, billing, release) (head)
  $ retort merge -m "nothing left" heads
  error: merge needs at least two revisions to merge; got 1 (m1)
  [2]
  $ retort history
  004, 005 -> m1 (audit, billing, release) (head) (mergepoint), merge all
  <base> -> 004 (audit), create t_004
  002, 003 -> 005 (billing) (mergepoint), merge billing
  001 -> 002, create t_002
  001 -> 003 (billing), create t_003
  <base> -> 001 (branchpoint), create t_001
