The error examples of docs/models.md, as printed: a misspelt key in a column, and a table
defined in two files (the first file read by name is the first place). Exit 2, before any
database is opened.

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ cat > models/shop.yaml <<'YAML'
  > tables:
  >   - table: orders
  >     columns:
  >       - name: id
  >         type: integer
  >         nulable: false
  > YAML
  $ retort check
  error: models/shop.yaml:6:9: unknown key 'nulable' in column
            nulable: false
            ^
    did you mean 'nullable'?
  [2]
  $ cat > models/shop.yaml <<'YAML'
  > tables:
  >   - table: customers
  >     columns:
  >       - {name: id, type: integer}
  > 
  >   - table: orders
  >     columns:
  >       - {name: id, type: integer}
  > YAML
  $ cat > models/orders.yaml <<'YAML'
  > tables:
  >   - table: orders
  >     columns:
  >       - {name: id, type: integer}
  > YAML
  $ retort check
  error: models/shop.yaml:6:5: table 'orders' is defined twice (first at models/orders.yaml:2:5)
      - table: orders
        ^
  [2]
