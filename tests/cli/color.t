Colour on a terminal (docs/commands.md, "Colour"). script(1) runs retort on a real
pseudo-terminal; `cat -v` shows the escape codes (^[[33m … ^[[0m) and tr drops the terminal's
carriage returns.

  $ . "$TESTDIR/lib.sh"
  $ export TERM=xterm
  $ unset NO_COLOR
  $ on_tty() { script -qec "$1" /dev/null </dev/null | tr -d '\r' | cat -v; }
  $ retort init -q
  $ rev 001 "" "create users"
  $ rev 002 001 "create orders"
  $ fresh_db
  $ retort upgrade 001 -q

Revision ids in yellow, (head) in bold green, (current) in bold cyan.

  $ on_tty "retort heads"
  ^[[33m002^[[0m ^[[1;32m(head)^[[0m
  $ on_tty "retort current"
  ^[[33m001^[[0m
  $ on_tty "retort history -i"
  001 -> ^[[33m002^[[0m ^[[1;32m(head)^[[0m, create orders
  <base> -> ^[[33m001^[[0m ^[[1;36m(current)^[[0m, create users
  $ on_tty "retort show 002" | head -1
  Rev: ^[[33m002^[[0m ^[[1;32m(head)^[[0m

Errors and warnings: the label in bold red on stderr.

  $ on_tty "retort show 999"
  ^[[1;31merror:^[[0m Can't locate revision identified by '999'
  [2]

Never with --no-color, NO_COLOR set (not empty), TERM=dumb, or --json; never in a pipe — each
stream on its own: stdout into a pipe is plain while stderr on the terminal is still coloured.

  $ on_tty "retort heads --no-color"
  002 (head)
  $ on_tty "retort --no-color show 999"
  error: Can't locate revision identified by '999'
  [2]
  $ on_tty "NO_COLOR=1 retort heads"
  002 (head)
  $ on_tty "NO_COLOR= retort heads"
  ^[[33m002^[[0m ^[[1;32m(head)^[[0m
  $ on_tty "TERM=dumb retort heads"
  002 (head)
  $ on_tty "retort heads --json"
  {
    "heads": [
      {
        "branch_labels": [],
        "down_revisions": [
          "001"
        ],
        "message": "create orders",
        "revision": "002"
      }
    ]
  }
  $ on_tty "retort heads | cat"
  002 (head)
  $ on_tty "retort show 999 --no-colr 2>&1 | cat"
  error: unexpected argument: --no-colr
  --no-colr: did you mean '--no-color'?
  Run retort show --help for the options.
  $ on_tty "retort show 999 --no-colr >/dev/null"
  ^[[1;31merror:^[[0m unexpected argument: --no-colr
  --no-colr: did you mean '--no-color'?
  Run retort show --help for the options.
  [2]
  $ retort heads | cat -v
  002 (head)
