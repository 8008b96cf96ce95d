The read-only graph commands on a history with a branch, a merge, a second root and a
dependency: heads, branches, show, history (ranges, -v, --graph, --json), graph.
None of them needs a database.

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 "" "create users"
  $ rev 002 001 "create orders"
  $ rev 003 002 "add status to orders"
  $ rev 010 002 "create invoices" billing
  $ rev 011 010 "create payments"
  $ rev 012 "003 011" "merge billing"
  $ rev 013 012 "create products"
  $ rev 020 "" "create audit log" audit
  $ cat > migrations/versions/021.yaml <<'YAML'
  > revision: "021"
  > down_revision: "020"
  > depends_on: ["001"]
  > message: audit users
  > created: "2026-03-09T10:00:00Z"
  > upgrade: []
  > downgrade: []
  > YAML

heads (Alembic's form: id, branch labels, "(head)"), -v, --json.

  $ retort heads
  013 (billing) (head)
  021 (audit) (head)
  $ retort heads -v
  Rev: 013 (head)
  Parent: 012
  Branch names: billing
  Path: migrations/versions/013.yaml
  
      create products
  
      Revision ID: 013
      Revises: 012
  
  Rev: 021 (head)
  Parent: 020
  Also depends on: 001
  Branch names: audit
  Path: migrations/versions/021.yaml
  
      audit users
  
      Revision ID: 021
      Revises: 020
      Create Date: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (re)
  
  $ retort heads --json
  {
    "heads": [
      {
        "branch_labels": [
          "billing"
        ],
        "down_revisions": [
          "012"
        ],
        "message": "create products",
        "revision": "013"
      },
      {
        "branch_labels": [
          "audit"
        ],
        "down_revisions": [
          "020"
        ],
        "message": "audit users",
        "revision": "021"
      }
    ]
  }

branches: each branch point and where it leads; -v; --json.

  $ retort branches
  002 (branchpoint)
      -> 003
      -> 010 (billing)
  
  $ retort branches -v
  Rev: 002 (branchpoint)
  Parent: 001
  Branches into: 003, 010
  Path: migrations/versions/002.yaml
  
      create orders
  
      Revision ID: 002
      Revises: 001
  
      -> 003, add status to orders
      -> 010 (billing), create invoices
  
  $ retort --json branches
  {
    "branches": [
      {
        "branch_labels": [],
        "branches_into": [
          "003",
          "010"
        ],
        "down_revisions": [
          "001"
        ],
        "message": "create orders",
        "revision": "002"
      }
    ]
  }

show: by id, prefix (4+ characters), label, LABEL@head; --json adds the checksum.

  $ retort show 012
  Rev: 012 (mergepoint)
  Merges: 003, 011
  Branch names: billing
  Path: migrations/versions/012.yaml
  
      merge billing
  
      Revision ID: 012
      Revises: 003, 011
  
  $ retort show 021
  Rev: 021 (head)
  Parent: 020
  Also depends on: 001
  Branch names: audit
  Path: migrations/versions/021.yaml
  
      audit users
  
      Revision ID: 021
      Revises: 020
      Create Date: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (re)
  
  $ retort show billing
  Rev: 010
  Parent: 002
  Branch names: billing
  Path: migrations/versions/010.yaml
  
      create invoices
  
      Revision ID: 010
      Revises: 002
  
  $ retort show audit@head
  Rev: 021 (head)
  Parent: 020
  Also depends on: 001
  Branch names: audit
  Path: migrations/versions/021.yaml
  
      audit users
  
      Revision ID: 021
      Revises: 020
      Create Date: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (re)
  
  $ retort show 01
  error: Can't locate revision identified by '01' (did you mean '001', '010', '011'?)
  [2]
  $ retort show 012 --json | grep -v checksum
  {
    "revisions": [
      {
        "branch_labels": [
          "billing"
        ],
        "depends_on": [],
        "down_revisions": [
          "003",
          "011"
        ],
        "is_branch_point": false,
        "is_head": false,
        "is_merge": true,
        "message": "merge billing",
        "path": "migrations/versions/012.yaml",
        "revision": "012"
      }
    ]
  }
  $ retort show 012 --json | grep -Ec '"checksum": "[0-9a-f]{64}"'
  1

history: newest first, Alembic's order and line format.

  $ retort history
  012 -> 013 (billing) (head), create products
  003, 011 -> 012 (billing) (mergepoint), merge billing
  002 -> 003, add status to orders
  010 -> 011 (billing), create payments
  002 -> 010 (billing), create invoices
  020 (001) -> 021 (audit) (head), audit users
  <base> -> 020 (audit), create audit log
  001 -> 002 (branchpoint), create orders
  <base> -> 001, create users
  $ retort history -v
  Rev: 013 (head)
  Parent: 012
  Branch names: billing
  Path: migrations/versions/013.yaml
  
      create products
  
      Revision ID: 013
      Revises: 012
  
  Rev: 012 (mergepoint)
  Merges: 003, 011
  Branch names: billing
  Path: migrations/versions/012.yaml
  
      merge billing
  
      Revision ID: 012
      Revises: 003, 011
  
  Rev: 003
  Parent: 002
  Path: migrations/versions/003.yaml
  
      add status to orders
  
      Revision ID: 003
      Revises: 002
  
  Rev: 011
  Parent: 010
  Branch names: billing
  Path: migrations/versions/011.yaml
  
      create payments
  
      Revision ID: 011
      Revises: 010
  
  Rev: 010
  Parent: 002
  Branch names: billing
  Path: migrations/versions/010.yaml
  
      create invoices
  
      Revision ID: 010
      Revises: 002
  
  Rev: 021 (head)
  Parent: 020
  Also depends on: 001
  Branch names: audit
  Path: migrations/versions/021.yaml
  
      audit users
  
      Revision ID: 021
      Revises: 020
      Create Date: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (re)
  
  Rev: 020
  Parent: <base>
  Branch names: audit
  Path: migrations/versions/020.yaml
  
      create audit log
  
      Revision ID: 020
      Revises: 
  
  Rev: 002 (branchpoint)
  Parent: 001
  Branches into: 003, 010
  Path: migrations/versions/002.yaml
  
      create orders
  
      Revision ID: 002
      Revises: 001
  
  Rev: 001
  Parent: <base>
  Path: migrations/versions/001.yaml
  
      create users
  
      Revision ID: 001
      Revises: 
  

-r START:END, either side optional; ids, labels, LABEL@head, base, heads.

  $ retort history -r 010:
  012 -> 013 (billing) (head), create products
  003, 011 -> 012 (billing) (mergepoint), merge billing
  010 -> 011 (billing), create payments
  002 -> 010 (billing), create invoices
  $ retort history -r :003
  002 -> 003, add status to orders
  001 -> 002 (branchpoint), create orders
  <base> -> 001, create users
  $ retort history -r 002:012
  003, 011 -> 012 (billing) (mergepoint), merge billing
  002 -> 003, add status to orders
  010 -> 011 (billing), create payments
  002 -> 010 (billing), create invoices
  001 -> 002 (branchpoint), create orders
  $ retort history -r billing@base:billing@head
  012 -> 013 (billing) (head), create products
  003, 011 -> 012 (billing) (mergepoint), merge billing
  002 -> 003, add status to orders
  010 -> 011 (billing), create payments
  002 -> 010 (billing), create invoices
  001 -> 002 (branchpoint), create orders
  <base> -> 001, create users
  $ retort history -r base:002
  001 -> 002 (branchpoint), create orders
  <base> -> 001, create users
  $ retort history -r 020:heads
  020 (001) -> 021 (audit) (head), audit users
  <base> -> 020 (audit), create audit log

A relative start counts back from the heads, as in Alembic.

  $ retort history -r -1:
  012 -> 013 (billing) (head), create products
  003, 011 -> 012 (billing) (mergepoint), merge billing
  020 (001) -> 021 (audit) (head), audit users
  <base> -> 020 (audit), create audit log

Range errors exit 2.

  $ retort history -r 012
  error: History range requires [start]:[end], [start]:, or :[end]
  [2]
  $ retort history -r nope:
  error: Can't locate revision identified by 'nope'
  [2]
  $ retort history -r 003:011
  error: Requested range 003:011 does not refer to ancestor/descendant revisions along the same branch
  [2]
  $ retort history -r :0
  error: Can't locate revision identified by '0'
  [2]

--graph draws branches and merges like git log --graph (also with -v).

  $ retort history --graph
  * 012 -> 013 (billing) (head), create products
  * 003, 011 -> 012 (billing) (mergepoint), merge billing
  |\
  * | 002 -> 003, add status to orders
  | * 010 -> 011 (billing), create payments
  | * 002 -> 010 (billing), create invoices
  | | * 020 (001) -> 021 (audit) (head), audit users
  | | * <base> -> 020 (audit), create audit log
  |/
  * 001 -> 002 (branchpoint), create orders
  * <base> -> 001, create users
  $ retort history --graph -v
  * Rev: 013 (head)
  | Parent: 012
  | Branch names: billing
  | Path: migrations/versions/013.yaml
  | 
  |     create products
  | 
  |     Revision ID: 013
  |     Revises: 012
  * Rev: 012 (mergepoint)
  | Merges: 003, 011
  | Branch names: billing
  | Path: migrations/versions/012.yaml
  | 
  |     merge billing
  | 
  |     Revision ID: 012
  |     Revises: 003, 011
  |\
  * | Rev: 003
  | | Parent: 002
  | | Path: migrations/versions/003.yaml
  | | 
  | |     add status to orders
  | | 
  | |     Revision ID: 003
  | |     Revises: 002
  | * Rev: 011
  | | Parent: 010
  | | Branch names: billing
  | | Path: migrations/versions/011.yaml
  | | 
  | |     create payments
  | | 
  | |     Revision ID: 011
  | |     Revises: 010
  | * Rev: 010
  | | Parent: 002
  | | Branch names: billing
  | | Path: migrations/versions/010.yaml
  | | 
  | |     create invoices
  | | 
  | |     Revision ID: 010
  | |     Revises: 002
  | | * Rev: 021 (head)
  | | | Parent: 020
  | | | Also depends on: 001
  | | | Branch names: audit
  | | | Path: migrations/versions/021.yaml
  | | | 
  | | |     audit users
  | | | 
  | | |     Revision ID: 021
  | | |     Revises: 020
  | | |     Create Date: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (re)
  | | * Rev: 020
  | | | Parent: <base>
  | | | Branch names: audit
  | | | Path: migrations/versions/020.yaml
  | | | 
  | | |     create audit log
  | | | 
  | | |     Revision ID: 020
  | | |     Revises: 
  |/
  * Rev: 002 (branchpoint)
  | Parent: 001
  | Branches into: 003, 010
  | Path: migrations/versions/002.yaml
  | 
  |     create orders
  | 
  |     Revision ID: 002
  |     Revises: 001
  * Rev: 001
  | Parent: <base>
  | Path: migrations/versions/001.yaml
  | 
  |     create users
  | 
  |     Revision ID: 001
  |     Revises: 
  $ retort history --graph -r 002:012
  * 003, 011 -> 012 (billing) (mergepoint), merge billing
  |\
  * | 002 -> 003, add status to orders
  | * 010 -> 011 (billing), create payments
  | * 002 -> 010 (billing), create invoices
  |/
  * 001 -> 002 (branchpoint), create orders

--json: one object, newest first.

  $ retort history --json -r 011:012
  {
    "revisions": [
      {
        "down_revisions": [
          "003",
          "011"
        ],
        "is_branch_point": false,
        "is_current": false,
        "is_head": false,
        "is_merge": true,
        "message": "merge billing",
        "path": "migrations/versions/012.yaml",
        "revision": "012"
      },
      {
        "down_revisions": [
          "010"
        ],
        "is_branch_point": false,
        "is_current": false,
        "is_head": false,
        "is_merge": false,
        "message": "create payments",
        "path": "migrations/versions/011.yaml",
        "revision": "011"
      }
    ]
  }

graph: dot (default) and mermaid sources; dependencies are dashed.

  $ retort graph
  digraph revisions {
    rankdir=BT;
    node [shape=box, fontname="monospace"];
    "001" [label="001\ncreate users"];
    "002" [label="002\ncreate orders"];
    "003" [label="003\nadd status to orders"];
    "010" [label="010 (billing)\ncreate invoices"];
    "011" [label="011\ncreate payments"];
    "012" [label="012\nmerge billing"];
    "013" [label="013\ncreate products\n(head)", style=bold];
    "020" [label="020 (audit)\ncreate audit log"];
    "021" [label="021\naudit users\n(head)", style=bold];
    "001" -> "002";
    "002" -> "003";
    "002" -> "010";
    "010" -> "011";
    "003" -> "012";
    "011" -> "012";
    "012" -> "013";
    "020" -> "021";
    "001" -> "021" [style=dashed];
  }
  $ retort graph --format mermaid
  flowchart BT
    r_001["001<br/>create users"]
    r_002["002<br/>create orders"]
    r_003["003<br/>add status to orders"]
    r_010["010 (billing)<br/>create invoices"]
    r_011["011<br/>create payments"]
    r_012["012<br/>merge billing"]
    r_013["013<br/>create products<br/>(head)"]:::head
    r_020["020 (audit)<br/>create audit log"]
    r_021["021<br/>audit users<br/>(head)"]:::head
    r_001 --> r_002
    r_002 --> r_003
    r_002 --> r_010
    r_010 --> r_011
    r_003 --> r_012
    r_011 --> r_012
    r_012 --> r_013
    r_020 --> r_021
    r_001 -.-> r_021
    classDef head stroke-width:3px
  $ retort graph --format mermaid --json | head -3
  {
    "format": "mermaid",
    "source": "flowchart BT\n  r_001[\"001<br/>create users\"]\n  r_002[\"002<br/>create orders\"]\n  r_003[\"003<br/>add status to orders\"]\n  r_010[\"010 (billing)<br/>create invoices\"]\n  r_011[\"011<br/>create payments\"]\n  r_012[\"012<br/>merge billing\"]\n  r_013[\"013<br/>create products<br/>(head)\"]:::head\n  r_020[\"020 (audit)<br/>create audit log\"]\n  r_021[\"021<br/>audit users<br/>(head)\"]:::head\n  r_001 --> r_002\n  r_002 --> r_003\n  r_002 --> r_010\n  r_010 --> r_011\n  r_003 --> r_012\n  r_011 --> r_012\n  r_012 --> r_013\n  r_020 --> r_021\n  r_001 -.-> r_021\n  classDef head stroke-width:3px\n"
