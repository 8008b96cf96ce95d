lint reports risky ops with a safer recipe (exit 1), needs no database, and respects
lint_allow on an op and --ignore on the command line.

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 ""
  $ rev 002 001

Creating tables is not risky.

  $ retort lint
  OK: 2 revision(s), no findings
  $ retort lint --json
  {
    "findings": [],
    "ok": true,
    "revisions": 2
  }

  $ cat > migrations/versions/003.yaml <<'YAML'
  > revision: "003"
  > down_revision: "002"
  > message: drop a column
  > upgrade:
  >   - drop_column: {table: t_001, column: id}
  > downgrade: []
  > YAML
  $ retort lint
  migrations/versions/003.yaml:5:5: R102 drops column t_001.id and its data
      safer: stop reading and writing the column in the application first, deploy, then drop it in a later revision
      after review, allow it with: lint_allow: [R102] on the op
  migrations/versions/003.yaml:1:1: R111 revision 003 changes the schema but its downgrade is [] (nothing to undo)
      safer: write the inverse ops in downgrade, or say why not with `- irreversible: "reason"`
      after review, allow it with: make the downgrade `- irreversible: "reason"` and put lint_allow: [R113] on that op
  2 finding(s) in 3 revision(s)
  [1]
  $ retort lint 002
  OK: 1 revision(s), no findings
  $ retort lint 003 --ignore R111
  migrations/versions/003.yaml:5:5: R102 drops column t_001.id and its data
      safer: stop reading and writing the column in the application first, deploy, then drop it in a later revision
      after review, allow it with: lint_allow: [R102] on the op
  1 finding(s) in 1 revision(s)
  [1]
  $ retort lint --json | grep -E '"(allow|code|line|ok|revisions)"'
        "allow": "lint_allow: [R102] on the op",
        "code": "R102",
        "line": 5,
        "allow": "make the downgrade `- irreversible: \"reason\"` and put lint_allow: [R113] on that op",
        "code": "R111",
        "line": 1,
    "ok": false,
    "revisions": 3
  [1]

Allowed after review: the finding is no longer reported.

  $ sed -i 's/  - drop_column: {table: t_001, column: id}/  - drop_column: {table: t_001, column: id, lint_allow: [R102]}/' migrations/versions/003.yaml
  $ retort lint --ignore R111
  OK: 3 revision(s), no findings
  $ retort lint nope
  error: Can't locate revision identified by 'nope'
  [2]

R111 is about the revision as a whole (no op carries it); its hint works: an irreversible
downgrade says why, and lint_allow: [R113] on that op accepts it (docs/lint.md).

  $ sed -i 's/^downgrade: \[\]$/downgrade:\n  - irreversible: {reason: t_001.id is gone, lint_allow: [R113]}/' migrations/versions/003.yaml
  $ retort lint
  OK: 3 revision(s), no findings
