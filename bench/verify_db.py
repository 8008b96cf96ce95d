#!/usr/bin/python3
"""Check that a database holds what a generated history's heads say it must.

    verify_db.py MANIFEST DATABASE [--label NAME]

DATABASE is a SQLite file path or a postgresql:// URL (read with psycopg2). Compares, against
MANIFEST (written by gen_history.py): the user tables and their columns, the index names, the
row count of every table, and the alembic_version rows (= the history's heads). Tables that are
neither generated nor alembic_version (retort's own history table) are ignored.

Prints one line "ok <label>: ..." and exits 0 when everything matches; otherwise prints every
difference and exits 1. The harness runs it after each tool's upgrade so that a benchmark never
times a tool that did something else.
"""

import argparse
import json
import sqlite3
import sys

IGNORED = {"alembic_version", "retort_history"}


def sqlite_state(path):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    q = db.execute
    tables = [r[0] for r in q("SELECT name FROM sqlite_master WHERE type = 'table' "
                              "AND name NOT LIKE 'sqlite_%'")]
    state = {"tables": {}, "rows": {}}
    for t in tables:
        if t in IGNORED:
            continue
        state["tables"][t] = sorted(r[1] for r in q('PRAGMA table_info("%s")' % t.replace('"', '""')))
        state["rows"][t] = q('SELECT count(*) FROM "%s"' % t.replace('"', '""')).fetchone()[0]
    state["indexes"] = sorted(r[0] for r in q("SELECT name FROM sqlite_master WHERE type = 'index' "
                                              "AND sql IS NOT NULL"))
    state["versions"] = sorted(r[0] for r in q("SELECT version_num FROM alembic_version")) \
        if "alembic_version" in tables else None
    db.close()
    return state


def postgresql_state(url):
    import psycopg2
    from psycopg2 import sql
    db = psycopg2.connect(url)
    cur = db.cursor()
    cur.execute("SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public'")
    state = {"tables": {}, "rows": {}}
    for t, c in cur.fetchall():
        if t not in IGNORED:
            state["tables"].setdefault(t, []).append(c)
    for t in state["tables"]:
        state["tables"][t].sort()
        cur.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t)))
        state["rows"][t] = cur.fetchone()[0]
    # Indexes that back a constraint (primary keys) are not generated names: leave them out.
    cur.execute("SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                "JOIN pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = 'public' "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)")
    state["indexes"] = sorted(r[0] for r in cur.fetchall())
    cur.execute("SELECT to_regclass('public.alembic_version') IS NOT NULL")
    if cur.fetchone()[0]:
        cur.execute("SELECT version_num FROM alembic_version")
        state["versions"] = sorted(r[0] for r in cur.fetchall())
    else:
        state["versions"] = None
    db.close()
    return state


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("manifest")
    ap.add_argument("database")
    ap.add_argument("--label", default="")
    args = ap.parse_args()
    with open(args.manifest) as f:
        manifest = json.load(f)
    expected = manifest["expected"]
    if args.database.startswith(("postgresql://", "postgres://")):
        got = postgresql_state(args.database)
    else:
        got = sqlite_state(args.database)

    problems = []
    if got["versions"] != sorted(manifest["heads"]):
        problems.append("alembic_version holds %s, expected the heads %s"
                        % (got["versions"], manifest["heads"]))
    missing = sorted(set(expected["tables"]) - set(got["tables"]))
    extra = sorted(set(got["tables"]) - set(expected["tables"]))
    if missing:
        problems.append("missing tables: %s" % ", ".join(missing))
    if extra:
        problems.append("unexpected tables: %s" % ", ".join(extra))
    for t, cols in expected["tables"].items():
        if t in got["tables"] and got["tables"][t] != cols:
            problems.append("table %s has columns %s, expected %s" % (t, got["tables"][t], cols))
        if t in got["rows"] and got["rows"][t] != expected["rows"][t]:
            problems.append("table %s has %d rows, expected %d"
                            % (t, got["rows"][t], expected["rows"][t]))
    if got["indexes"] != expected["indexes"]:
        problems.append("indexes differ: missing %s, unexpected %s" % (
            sorted(set(expected["indexes"]) - set(got["indexes"])),
            sorted(set(got["indexes"]) - set(expected["indexes"]))))
    label = args.label or args.database
    if problems:
        print("FAILED %s:" % label)
        for p in problems:
            print("  " + p)
        return 1
    print("ok %s: %d tables, %d indexes, %d rows, version rows %s" % (
        label, len(got["tables"]), len(got["indexes"]), sum(got["rows"].values()),
        ",".join(got["versions"]) if len(got["versions"]) <= 4
        else "%d heads" % len(got["versions"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
