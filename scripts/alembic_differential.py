#!/usr/bin/python3
"""Differential test of `retort import alembic` against Alembic itself (docs/alembic-import.md).

For an Alembic project, the history is imported into a temporary retort project; then, on
SQLite and (with --pg-url) on PostgreSQL, Alembic and retort each migrate their own fresh
database one revision at a time, in the same order, and after every step the two schemas and
version rows are compared:

  PostgreSQL  pg_dump --schema-only (comments, SET lines and the two tools' bookkeeping tables
              left out)
  SQLite      for every table PRAGMA table_xinfo, foreign_key_list, index_list + index_xinfo,
              the CHECK clauses and partial-index predicates of sqlite_master's SQL

Upgrades go through every revision in a topological order; downgrades then walk back to base
(`downgrade -1`, or `HEAD-1` for one head at a time when there are several). The project's own
env.py is not used (it usually imports the application): Alembic runs the revision scripts
with a minimal env.py that only connects.

Exit status: 0 when every compared step matched, 1 when a schema or version row differed or
a tool failed, 2 on bad usage. Needs Debian's python3-alembic (and python3-psycopg2 and
pg_dump for PostgreSQL).
"""
import argparse
import difflib
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse


ENV_PY = '''"""Minimal Alembic environment for retort's differential test: connect and run."""
from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config


def run():
    engine = engine_from_config(config.get_section(config.config_ini_section),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    table = config.get_main_option("differential_version_table") or "alembic_version"
    schema = config.get_main_option("differential_version_table_schema") or None
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None, version_table=table,
                          version_table_schema=schema)
        with context.begin_transaction():
            context.run_migrations()


run()
'''

def revision_graph(ini):
    """[(revision, parents, dependencies)] as Alembic reads the scripts."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    script = ScriptDirectory.from_config(Config(ini))
    return [(rev.revision, list(rev._all_down_revisions), list(rev._resolved_dependencies))
            for rev in script.walk_revisions()]


def run(argv, cwd=None, env=None):
    return subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)


def tail(text, n=12):
    lines = text.strip().splitlines()
    return "\n".join(lines[-n:])


def topological(revisions):
    """Revisions in an order where parents and dependencies come first (ties by id)."""
    parents = {r: set(d) | set(dep) for r, d, dep in revisions}
    done, order = set(), []
    while len(order) < len(parents):
        ready = sorted(r for r, ps in parents.items() if r not in done and ps <= done)
        if not ready:
            raise SystemExit("the revision graph has a cycle or a missing parent")
        order.append(ready[0])
        done.add(ready[0])
    return order


# ---- snapshots --------------------------------------------------------------------------------

def check_clauses(sql):
    """The CHECK (...) clauses of a CREATE TABLE statement, whitespace and quotes normalised."""
    out = []
    for m in re.finditer(r"\bCHECK\s*\(", sql or "", re.IGNORECASE):
        depth, i = 1, m.end()
        while i < len(sql) and depth:
            depth += {"(": 1, ")": -1}.get(sql[i], 0)
            i += 1
        out.append(normalise_sql(sql[m.end():i - 1]))
    return sorted(out)


def normalise_sql(text):
    return re.sub(r"\s+", " ", (text or "").replace('"', "")).strip()


def sqlite_snapshot(path, exclude):
    con = sqlite3.connect(path)
    try:
        lines = []
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        for t in tables:
            if t in exclude:
                continue
            sql = con.execute("SELECT sql FROM sqlite_master WHERE name = ?", (t,)).fetchone()[0]
            lines.append("table %s" % t)
            for c in con.execute("SELECT name, type, \"notnull\", dflt_value, pk, hidden "
                                 "FROM pragma_table_xinfo(?) ORDER BY cid", (t,)):
                lines.append("  column %s" % "|".join(str(x) for x in c))
            for fk in con.execute("SELECT \"table\", \"from\", \"to\", on_update, on_delete "
                                  "FROM pragma_foreign_key_list(?) ORDER BY id, seq", (t,)):
                lines.append("  foreign key %s" % "|".join(str(x) for x in fk))
            for chk in check_clauses(sql):
                lines.append("  check %s" % chk)
            for name, unique, origin, partial in con.execute(
                    "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)", (t,)):
                cols = [r[0] if r[0] is not None else "<expr>" for r in con.execute(
                    "SELECT name FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno",
                    (name,))]
                shown = "(auto)" if name.startswith("sqlite_autoindex_") else name
                isql = con.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                                   (name,)).fetchone()
                where = ""
                if isql and isql[0] and partial:
                    where = normalise_sql(re.split(r"\bWHERE\b", isql[0], 1, re.IGNORECASE)[1])
                expr = ""
                if isql and isql[0] and "<expr>" in cols:
                    expr = normalise_sql(isql[0].split("(", 1)[1])
                lines.append("  index %s unique=%s origin=%s cols=%s %s %s" % (
                    shown, unique, origin, ",".join(cols), ("where " + where) if where else "",
                    expr))
            lines[-1:] = lines[-1:]
        for name, tbl in con.execute("SELECT name, tbl_name FROM sqlite_master WHERE type IN "
                                     "('view', 'trigger') ORDER BY name"):
            lines.append("other %s on %s" % (name, tbl))
        # index lines sorted within each table for a stable order
        return "\n".join(sort_index_lines(lines)) + "\n"
    finally:
        con.close()


def sort_index_lines(lines):
    """Indexes, foreign keys and checks are sets: sorted within each table."""
    out, block = [], []
    for line in lines:
        if line.startswith(("  index ", "  foreign key ", "  check ")):
            block.append(line)
            continue
        out.extend(sorted(block))
        block = []
        out.append(line)
    out.extend(sorted(block))
    return out


def sqlite_versions(path, table):
    con = sqlite3.connect(path)
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
            return []
        return sorted(r[0] for r in con.execute('SELECT version_num FROM "%s"' % table))
    finally:
        con.close()


def pg_snapshot(url, exclude):
    argv = ["pg_dump", "--schema-only", "--no-owner", "--no-privileges", "-d", url]
    for t in exclude:
        argv += ["-T", t]
    r = run(argv)
    if r.returncode != 0:
        raise RuntimeError("pg_dump failed: " + r.stderr)
    keep = []
    for line in r.stdout.splitlines():
        if not line.strip() or line.startswith("--") or line.startswith("SET ") or \
                line.startswith("SELECT pg_catalog.set_config") or \
                line.startswith("\\restrict") or line.startswith("\\unrestrict"):
            continue
        keep.append(line)
    return "\n".join(keep) + "\n"


def pg_versions(url, table):
    r = run(["psql", "-X", "-At", "-d", url, "-c",
             "SELECT version_num FROM %s ORDER BY 1" % table])
    if r.returncode != 0:
        return []
    return sorted(x for x in r.stdout.splitlines() if x)


# ---- the two tools ----------------------------------------------------------------------------

class Tools:
    def __init__(self, args, work, imported, dialect, alembic_url, retort_url):
        self.args = args
        self.work = work
        self.dialect = dialect
        self.alembic_url = alembic_url
        self.retort_url = retort_url
        self.ini = os.path.join(work, "alembic-%s.ini" % dialect)
        table = imported["version_table"]
        schema = ""
        if "." in table:
            schema, table = table.split(".", 1)
        self.version_table = table
        self.version_schema = schema
        with open(self.ini, "w") as f:
            f.write("[alembic]\nscript_location = %s\nversion_locations = %s\n"
                    "version_path_separator = os\nsqlalchemy.url = %s\n"
                    "differential_version_table = %s\ndifferential_version_table_schema = %s\n"
                    % (os.path.join(work, "alembic-env"),
                       os.pathsep.join(imported["version_locations"]),
                       alembic_url.replace("%", "%%"), table, schema))

    def alembic(self, verb, target):
        """`alembic upgrade|downgrade TARGET`, run in this process (Alembic's command API): one
        Python start-up for the whole comparison instead of one per step."""
        from alembic import command
        from alembic.config import Config
        cwd = os.getcwd()
        try:
            os.chdir(self.work)
            getattr(command, verb)(Config(self.ini), target)
            return subprocess.CompletedProcess([verb, target], 0, "", "")
        except Exception as e:  # whatever Alembic or the driver raised: reported, not fatal
            return subprocess.CompletedProcess([verb, target], 1, "",
                                               "%s: %s" % (type(e).__name__, e))
        finally:
            os.chdir(cwd)

    def retort(self, *argv):
        return run([self.args.retort, "-c", os.path.join(self.work, "retort", "retort.toml"),
                    "--url", self.retort_url] + list(argv))

    def snapshot(self, which):
        url = self.alembic_url if which == "alembic" else self.retort_url
        table = self.version_table
        exclude_pg = [(self.version_schema + "." if self.version_schema else "") + table,
                      "retort_history", "retort_history_id_seq"]
        if self.dialect == "sqlite":
            path = url[len("sqlite:///"):]
            return sqlite_snapshot(path, {table, "retort_history"}), sqlite_versions(path, table)
        qualified = (self.version_schema + "." if self.version_schema else "") + table
        return pg_snapshot(url, exclude_pg), pg_versions(url, qualified)


# Differences docs/alembic-import.md lists as known and deliberate, each with the rule that
# folds it away. A step is "same" only when the texts are equal before any rule; when they are
# equal after the rules, the rules that mattered are named.
ENUM_CHECK = re.compile(r"^  check \w+ IN \('[^']*'(, '[^']*')*\)$")


def known_differences(snapshot):
    """(text, rules) with the SQLite known differences folded away."""
    out, rules = [], set()
    blocks, block = [], []
    for line in snapshot.splitlines():
        if line.startswith("table ") and block:
            blocks.append(block)
            block = []
        block.append(line)
    if block:
        blocks.append(block)
    for block in blocks:
        pk_columns = [l for l in block if l.startswith("  column ") and l.split("|")[4] != "0"]
        for line in block:
            if len(pk_columns) == 1 and line == pk_columns[0] and line.split("|")[1] == "INTEGER":
                # "integer-pk-notnull": INTEGER PRIMARY KEY with or without NOT NULL is the
                # same rowid alias (a NULL id is generated either way).
                parts = line.split("|")
                parts[2] = "*"
                line = "|".join(parts)
                rules.add("integer-pk-notnull")
            if ENUM_CHECK.match(line):
                # "enum-check": retort's enum type has a CHECK on SQLite; SQLAlchemy 1.4's
                # Enum has none unless create_constraint=True.
                rules.add("enum-check")
                continue
            out.append(line)
    return "\n".join(out) + "\n", rules


def compare_step(tools, label, report):
    a_schema, a_rows = tools.snapshot("alembic")
    r_schema, r_rows = tools.snapshot("retort")
    same = a_schema == r_schema and a_rows == r_rows
    step = {"step": label, "same": same, "versions": a_rows}
    if not same and tools.dialect == "sqlite":
        a_norm, a_rules = known_differences(a_schema)
        r_norm, r_rules = known_differences(r_schema)
        # Show what differs beyond the known differences.
        a_schema, r_schema = a_norm, r_norm
        if a_norm == r_norm and a_rows == r_rows:
            same = True
            step["same"] = True
            step["known_differences"] = sorted(r_rules | a_rules)
    if not same:
        diff = list(difflib.unified_diff(a_schema.splitlines(), r_schema.splitlines(),
                                         "alembic", "retort", lineterm="", n=1))
        if a_rows != r_rows:
            diff.append("version rows: alembic %s, retort %s" % (a_rows, r_rows))
        step["diff"] = diff[:60]
    report["steps"].append(step)
    return same


def run_dialect(args, work, imported, order, dialect, report):
    if dialect == "sqlite":
        alembic_url = "sqlite:///" + os.path.join(work, "alembic.db")
        retort_url = "sqlite:///" + os.path.join(work, "retort.db")
        dbs = []
    else:
        base = urllib.parse.urlsplit(args.pg_url)
        suffix = str(os.getpid())
        dbs = ["differential_alembic_" + suffix, "differential_retort_" + suffix]
        for db in dbs:
            r = run(["psql", "-X", "-q", "-d", args.pg_url, "-c", 'DROP DATABASE IF EXISTS "%s"' % db])
            r = run(["psql", "-X", "-q", "-d", args.pg_url, "-c", 'CREATE DATABASE "%s"' % db])
            if r.returncode != 0:
                raise SystemExit("cannot create database %s: %s" % (db, r.stderr))
        alembic_url = urllib.parse.urlunsplit(base._replace(path="/" + dbs[0]))
        retort_url = urllib.parse.urlunsplit(base._replace(path="/" + dbs[1]))
    tools = Tools(args, work, imported, dialect, alembic_url, retort_url)
    states = [[]]  # the version rows after each upgrade step
    try:
        for rev in order:
            label = "upgrade %s" % rev
            a = tools.alembic("upgrade", rev)
            r = tools.retort("upgrade", rev)
            if a.returncode != 0 or r.returncode != 0:
                report["stopped"] = {"step": label,
                                     "alembic": None if a.returncode == 0 else tail(a.stderr),
                                     "retort": None if r.returncode == 0 else tail(r.stderr + r.stdout)}
                return
            compare_step(tools, label, report)
            states.append(report["steps"][-1]["versions"])
        # Back down: to each earlier state with at most one version row (states with several
        # heads are passed through: one target cannot name them), in both tools alike.
        for k in range(len(states) - 2, -1, -1):
            rows = states[k]
            if len(rows) > 1 and k > 0:
                continue
            target = rows[0] if rows else "base"
            label = "downgrade %s" % target
            a = tools.alembic("downgrade", target)
            r = tools.retort("downgrade", target)
            if a.returncode != 0 or r.returncode != 0:
                report["stopped"] = {"step": label,
                                     "alembic": None if a.returncode == 0 else tail(a.stderr),
                                     "retort": None if r.returncode == 0 else tail(r.stderr + r.stdout)}
                return
            compare_step(tools, label, report)
    finally:
        for db in dbs:
            run(["psql", "-X", "-q", "-d", args.pg_url, "-c", 'DROP DATABASE IF EXISTS "%s"' % db])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("alembic_dir")
    p.add_argument("--retort", default=os.environ.get("RETORT", "retort"))
    p.add_argument("--pg-url", default=os.environ.get("RETORT_TEST_PG_URL", ""),
                   help="a PostgreSQL server to create two scratch databases on")
    p.add_argument("--no-sqlite", action="store_true")
    p.add_argument("--keep", help="work in this directory and keep it")
    p.add_argument("--json", action="store_true", help="print the whole report as JSON")
    args = p.parse_args()

    work = args.keep or tempfile.mkdtemp(prefix="alembic-differential-")
    os.makedirs(os.path.join(work, "retort"), exist_ok=True)
    os.makedirs(os.path.join(work, "alembic-env", "versions"), exist_ok=True)
    with open(os.path.join(work, "alembic-env", "env.py"), "w") as f:
        f.write(ENV_PY)
    with open(os.path.join(work, "alembic-env", "script.py.mako"), "w") as f:
        f.write("")

    imp = run([args.retort, "import", "alembic", os.path.abspath(args.alembic_dir), "--into",
               "migrations/versions", "--json", "--force"], cwd=os.path.join(work, "retort"))
    if imp.returncode not in (0, 1):
        sys.stderr.write("retort import alembic failed:\n" + imp.stderr)
        return 1
    imported = json.loads(imp.stdout)

    probe = Tools(args, work, imported, "sqlite", "sqlite://", "sqlite://")
    try:
        order = topological(revision_graph(probe.ini))
    except Exception as e:  # a script that imports the application, a syntax error, …
        print("%s: %d scripts, %d converted, %d need review" % (
            args.alembic_dir, len(imported["files"]), imported["converted"],
            imported["needs_review"]))
        print("Alembic cannot load the revision scripts (%s: %s): no schema comparison" % (
            type(e).__name__, str(e).splitlines()[0] if str(e) else ""))
        return 1

    result = {"project": args.alembic_dir, "scripts": len(imported["files"]),
              "converted": imported["converted"], "needs_review": imported["needs_review"],
              "review": [{"source": f["source"], "reasons": f["reasons"]}
                         for f in imported["files"] if f["status"] != "converted"],
              "revisions": len(order), "dialects": {}}
    dialects = ([] if args.no_sqlite else ["sqlite"]) + (["postgresql"] if args.pg_url else [])
    ok = True
    for d in dialects:
        report = {"steps": []}
        run_dialect(args, work, imported, order, d, report)
        result["dialects"][d] = report
        ok = ok and "stopped" not in report and all(s["same"] for s in report["steps"])

    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print("%s: %d scripts, %d converted, %d need review" % (
            args.alembic_dir, result["scripts"], result["converted"], result["needs_review"]))
        for f in result["review"]:
            for reason in f["reasons"]:
                print("  review %s:%s: %s" % (f["source"], reason["line"], reason["reason"]))
        for d, report in result["dialects"].items():
            same = sum(1 for s in report["steps"] if s["same"])
            known = sorted({k for s in report["steps"] for k in s.get("known_differences", [])})
            print("%s: %d of %d steps identical%s" % (
                d, same, len(report["steps"]),
                " (up to the known differences %s)" % ", ".join(known) if known else ""))
            for s in report["steps"]:
                if not s["same"]:
                    print("  DIFFERENT after %s:" % s["step"])
                    for line in s["diff"]:
                        print("    " + line)
            if "stopped" in report:
                st = report["stopped"]
                print("  stopped at %s" % st["step"])
                for tool in ("alembic", "retort"):
                    if st[tool]:
                        print("    %s failed:\n%s" % (tool, "\n".join(
                            "      " + x for x in st[tool].splitlines())))
    if not args.keep:
        subprocess.run(["rm", "-rf", work])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
