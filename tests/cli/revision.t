retort revision writes a new revision file and prints its path (Alembic's `revision`).

  $ . "$TESTDIR/lib.sh"
  $ retort init -q

Sequential ids by default (001, 002, ...); the file name follows file_template ({rev}_{slug}).

  $ retort revision -m "Create users table"
  Generating migrations/versions/001_create_users_table.yaml ...  done
  $ cat migrations/versions/001_create_users_table.yaml
  revision: "001"
  down_revision: null
  message: Create users table
  created: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" (re)
  upgrade: []
  downgrade: []
  $ retort revision -m "add e-mail to users!"
  Generating migrations/versions/002_add_e_mail_to_users.yaml ...  done
  $ cat migrations/versions/002_add_e_mail_to_users.yaml
  revision: "002"
  down_revision: "001"
  message: add e-mail to users!
  created: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" (re)
  upgrade: []
  downgrade: []

--rev-id chooses the id; --json prints the id, the parents and the path.

  $ retort --json revision -m "with my id" --rev-id a1b2c3
  {
    "down_revisions": [
      "002"
    ],
    "path": "migrations/versions/a1b2c3_with_my_id.yaml",
    "revision": "a1b2c3"
  }
  $ retort heads
  a1b2c3 (head)

--head REV must name a head; a revision that is not a head needs --splice (Alembic's message).

  $ retort revision -m "from 001" --head 001
  error: Revision 001 is not a head revision; please specify --splice to create a new branch from this revision
  [2]
  $ retort revision -m "from 001" --head 001 --splice --branch-label reports
  Generating migrations/versions/003_from_001.yaml ...  done
  $ cat migrations/versions/003_from_001.yaml
  revision: "003"
  down_revision: "001"
  branch_labels: [reports]
  message: from 001
  created: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" (re)
  upgrade: []
  downgrade: []

Now there are two heads: a revision without --head fails as Alembic's does and writes nothing;
--head picks the head; a branch label's head works too.

  $ retort heads
  003 (reports) (head)
  a1b2c3 (head)
  $ retort revision -m "ambiguous"
  error: Multiple heads are present; please specify the head revision on which the new revision should be based, or perform a merge.
  [2]
  $ ls migrations/versions
  001_create_users_table.yaml
  002_add_e_mail_to_users.yaml
  003_from_001.yaml
  a1b2c3_with_my_id.yaml
  $ retort revision -m "on reports" --head reports@head
  Generating migrations/versions/004_on_reports.yaml ...  done
  $ retort revision -m "on main line" --head a1b2c3
  Generating migrations/versions/005_on_main_line.yaml ...  done
  $ retort heads
  004 (reports) (head)
  005 (head)

--head base starts a new root; --depends-on adds a dependency (a full id, a prefix of 4 or
more characters, or a branch label kept as written).

  $ retort revision -m "second root" --head base --branch-label audit
  Generating migrations/versions/006_second_root.yaml ...  done
  $ retort revision -m "needs users" --head audit@head --depends-on 001 --depends-on reports
  Generating migrations/versions/007_needs_users.yaml ...  done
  $ cat migrations/versions/007_needs_users.yaml
  revision: "007"
  down_revision: "006"
  depends_on: ["001", "reports"]
  message: needs users
  created: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" (re)
  upgrade: []
  downgrade: []
  $ retort revision -m "prefix dep" --head 005 --depends-on a1b2
  Generating migrations/versions/008_prefix_dep.yaml ...  done
  $ grep depends_on migrations/versions/008_prefix_dep.yaml
  depends_on: ["a1b2c3"]
  $ retort history
  003 -> 004 (reports) (head), on reports
  006 (001, reports) -> 007 (audit) (head), needs users
  <base> -> 006 (audit), second root
  001 -> 003 (reports), from 001
  005 (a1b2c3) -> 008 (head), prefix dep
  a1b2c3 -> 005, on main line
  002 -> a1b2c3, with my id
  001 -> 002, add e-mail to users!
  <base> -> 001 (branchpoint), Create users table

Errors exit 2 and write nothing.

  $ ls migrations/versions | wc -l
  9
  $ retort revision -m x --head nope
  error: Can't locate revision identified by 'nope'
  [2]
  $ retort revision -m x --head 008 --depends-on nope
  error: Can't locate revision identified by 'nope'
  [2]
  $ retort revision -m x --head 008 --rev-id 001
  error: Revision 001 is already defined in migrations/versions/001_create_users_table.yaml:1:1
  [2]
  $ retort revision -m x --head 008 --rev-id "no spaces"
  error: revision id 'no spaces' is not valid: use letters, digits and '_', at most 32 characters
  [2]
  $ retort revision -m x --head 008 --branch-label heads
  error: branch label 'heads' is not valid: use letters, digits, '_' and '-', and not head, heads, base or current
  [2]
  $ retort revision -m x --head 008 --branch-label reports
  error: Branch name 'reports' already used by revision 003 (migrations/versions/003_from_001.yaml:1:1)
  [2]
  $ retort revision -m x --head 008 --autogenerate
  error: Target database is not up to date: it is at base, the heads are 004, 007, 008. Run `retort upgrade heads` first: autogenerate compares the model with a database that has every revision applied
  [1]
  $ retort revision -m x --head 005
  error: Revision 005 is not a head revision; please specify --splice to create a new branch from this revision
  [2]
  $ retort revision -m x --head 0
  error: Can't locate revision identified by '0'
  [2]
  $ ls migrations/versions | wc -l
  9

Hex ids: 12 random hex digits when revision_ids = "hex".

  $ mkdir hex && cd hex && retort init -q && sed -i 's/"sequential"/"hex"/' retort.toml
  $ retort revision -m "one"
  Generating migrations/versions/[0-9a-f]{12}_one\.yaml \.\.\.  done (re)
  $ retort revision -m "two"
  Generating migrations/versions/[0-9a-f]{12}_two\.yaml \.\.\.  done (re)
  $ one=$(ls migrations/versions | sed -n 's/_one\.yaml$//p'); two=$(ls migrations/versions | sed -n 's/_two\.yaml$//p')
  $ echo "$one $two" | grep -Ec '^[0-9a-f]{12} [0-9a-f]{12}$'
  1
  $ retort history | sed -e "s/$one/<one>/g" -e "s/$two/<two>/g"
  <one> -> <two> (head), two
  <base> -> <one>, one
  $ cat migrations/versions/${one}_one.yaml migrations/versions/${two}_two.yaml | grep revision | sed -e "s/$one/<one>/g" -e "s/$two/<two>/g"
  revision: "<one>"
  down_revision: null
  revision: "<two>"
  down_revision: "<one>"
