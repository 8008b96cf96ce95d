--json output is written by one JSON library (nlohmann/json): text in UTF-8 as is, and bytes
that are not UTF-8 (a file name, an argument) replaced by U+FFFD instead of crashing the
command. Python's json module reads it back.

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 "" "Zoë — 東京 🚀 \"quoted\""
  $ retort heads --json
  {
    "heads": [
      {
        "branch_labels": [],
        "down_revisions": [],
        "message": "Zoë — 東京 🚀 \"quoted\"",
        "revision": "001"
      }
    ]
  }
  $ retort heads --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["heads"][0]["message"] == "Zo\u00eb \u2014 \u6771\u4eac \U0001F680 \"quoted\"")'
  True

A file name that is not UTF-8:

  $ mv migrations/versions/001.yaml "$(printf 'migrations/versions/\377.yaml')"
  $ retort history --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["revisions"][0]["path"])'
  migrations/versions/\xef\xbf\xbd.yaml (esc)

An argument that is not UTF-8, in an error's JSON object:

  $ retort show "$(printf 'x\377yz')" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["error"]["message"])'
  error: Can't locate revision identified by 'x\xffyz' (esc)
  Can't locate revision identified by 'x\xef\xbf\xbdyz' (esc)
  [2]
