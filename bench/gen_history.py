#!/usr/bin/python3
"""Generate one migration history in every form the benchmarks compare.

    gen_history.py --shape linear|branchy --revisions N --out DIR [--seed S]

writes, from ONE list of ops per revision:

    DIR/retort/retort.toml                      a retort project (docs/configuration.md,
                                                docs/migration-files.md); also
                                                retort-nohistory.toml (history_table = "")
    DIR/retort/migrations/versions/*.yaml
    DIR/alembic/alembic.ini, env.py             the same history as an Alembic 1.8 project
    DIR/alembic/versions/*.py                   (op.create_table, op.add_column, ...)
    DIR/sql/upgrade.sqlite.sql                  the same statements as plain SQL, one
    DIR/sql/upgrade.postgresql.sql              BEGIN/COMMIT per revision, with the
                                                alembic_version changes (for sqlite3 / psql)
    DIR/dbmate/{sqlite,postgresql}/*.sql        linear histories only: the same revisions as
                                                dbmate migrations (`-- migrate:up` with the
                                                statements, an empty `-- migrate:down`), for
                                                the dbmate rows of the no-op benchmark
    DIR/manifest.json                           what the history is and what a database
                                                upgraded to its heads must contain

Revision ids are sequential and zero-padded ("0001", ...) in both forms.

Shapes: `linear` is a chain of N revisions. `branchy` grows several branches at once from branch
points, merges them now and then (two or three parents), gives some branches a label, and has a
few `depends_on` links across branches; it ends with several heads.

The SQL scripts follow the order Alembic upgrades in (alembic.script.ScriptDirectory) and the
version-row changes of Alembic's HeadMaintainer (docs/commands.md, "upgrade"): the history is loaded through
Alembic's own code for this, so the generator needs /usr/bin/python3 with alembic installed. At
a merge, Alembic picks the parent row to update in Python's (per-process random) set order; the
script updates the last parent's row and deletes the others, as retort does. For a linear
history this is exactly what retort runs; for a branchy one retort may order independent
branches differently (docs/BENCHMARKS.md). The statement text mirrors retort's renderers
(src/dialect/, src/runner/offline.cpp): every identifier double-quoted, types and defaults as
in docs/migration-files.md; the harness compares it with `retort upgrade head --sql`.

Everything is deterministic for a given (shape, revisions, seed).
"""

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import sys

# ---------------------------------------------------------------------------------------------
# Types: retort name -> (sqlite SQL, postgresql SQL, SQLAlchemy expression)

TYPES = {
    "integer": ("INTEGER", "INTEGER", "sa.Integer()"),
    "bigint": ("BIGINT", "BIGINT", "sa.BigInteger()"),
    "string(100)": ("VARCHAR(100)", "VARCHAR(100)", "sa.String(length=100)"),
    "string(50)": ("VARCHAR(50)", "VARCHAR(50)", "sa.String(length=50)"),
    "string(255)": ("VARCHAR(255)", "VARCHAR(255)", "sa.String(length=255)"),
    "text": ("TEXT", "TEXT", "sa.Text()"),
    "boolean": ("BOOLEAN", "BOOLEAN", "sa.Boolean()"),
    "numeric(10,2)": ("NUMERIC(10, 2)", "NUMERIC(10, 2)", "sa.Numeric(precision=10, scale=2)"),
    "datetime(tz)": ("DATETIME", "TIMESTAMP WITH TIME ZONE", "sa.DateTime(timezone=True)"),
    "date": ("DATE", "DATE", "sa.Date()"),
    "json": ("JSON", "JSON", "sa.JSON()"),
}
SQLITE, POSTGRESQL = 0, 1

TABLE_NOUNS = ["accounts", "orders", "invoices", "products", "campaigns", "creatives",
               "placements", "users", "tenants", "events", "audiences", "budgets", "reports",
               "segments", "deals", "publishers", "line_items", "payments", "webhooks", "assets"]
COLUMN_WORDS = ["status", "priority", "notes", "budget", "external_id", "currency", "starts_on",
                "settings", "is_active", "score", "label", "region", "channel", "owner_email",
                "quota", "weight", "source", "approved", "summary", "ratio"]
# Column word -> (type, server default or None, whether a new NOT NULL column may use it).
COLUMN_KINDS = {
    "status": ("string(50)", ("sql", "'active'")),
    "priority": ("integer", ("number", "0")),
    "notes": ("text", None),
    "budget": ("numeric(10,2)", None),
    "external_id": ("string(255)", None),
    "currency": ("string(50)", ("sql", "'USD'")),
    "starts_on": ("date", None),
    "settings": ("json", None),
    "is_active": ("boolean", None),
    "score": ("bigint", ("number", "0")),
    "label": ("string(100)", None),
    "region": ("string(50)", None),
    "channel": ("string(50)", ("sql", "'web'")),
    "owner_email": ("string(255)", None),
    "quota": ("integer", None),
    "weight": ("numeric(10,2)", ("number", "1")),
    "source": ("text", None),
    "approved": ("boolean", None),
    "summary": ("text", None),
    "ratio": ("numeric(10,2)", None),
}
# Values a seed row may carry, per type (the generator picks one by the row's number).
STRING_VALUES = ["alpha", "O'Brien & Sons", "beta", "gamma-ray", "delta", "epsilon"]


# ---------------------------------------------------------------------------------------------
# The plain-data history

class Column:
    def __init__(self, name, type_, nullable=True, pk=False, autoincrement=False, default=None):
        self.name = name
        self.type = type_
        self.nullable = nullable and not pk
        self.pk = pk
        self.autoincrement = autoincrement
        self.default = default  # None, ("number", "0") or ("sql", "CURRENT_TIMESTAMP")


class Revision:
    def __init__(self, rid, down, message):
        self.id = rid
        self.down = down            # list of parent ids ([] for the root)
        self.message = message
        self.branch_labels = []
        self.depends_on = []
        self.upgrade = []           # list of op dicts
        self.downgrade = []
        self.created = ""


class Generator:
    """Builds the revisions and their ops, tracking which tables and columns each revision sees
    (its ancestors' ops), so that every op is valid when its revision runs."""

    def __init__(self, shape, n, seed):
        self.shape = shape
        self.n = n
        self.rng = random.Random(seed)
        self.width = max(4, len(str(n)))
        self.revisions = []
        self.columns = {}      # table -> {column name -> Column} (global: names never repeat)
        self.col_seq = {}      # table -> next column suffix
        self.states = {}       # revision id -> {table: frozenset(column names)}
        self.table_seq = 0
        self.index_seq = 0

    def rid(self, i):
        return str(i).zfill(self.width)

    # -- graph ---------------------------------------------------------------------------------

    def build(self):
        if self.shape == "linear":
            for i in range(1, self.n + 1):
                self.add_revision([self.rid(i - 1)] if i > 1 else [])
        else:
            self.build_branchy()
        for k, rev in enumerate(self.revisions):
            rev.created = "2024-%02d-%02dT%02d:%02d:00Z" % (1 + k // 4000 % 12, 1 + k // 144 % 28,
                                                             k // 6 % 24, k % 6 * 10)
        return self.revisions

    def build_branchy(self):
        tips = []          # open branch heads, ids
        label_seq = 0
        for i in range(1, self.n + 1):
            rid = self.rid(i)
            r = self.rng.random()
            labels = []
            if i == 1:
                parents = []
            elif len(tips) >= 2 and (r < 0.06 or len(tips) >= 9) and i < self.n - 2:
                k = 3 if len(tips) >= 3 and self.rng.random() < 0.25 else 2
                parents = sorted(self.rng.sample(tips, k))
                for p in parents:
                    tips.remove(p)
            elif r < 0.14 and len(self.revisions) > 3:
                # A branch point: a second child for a recent revision that already has one.
                recent = [r2.id for r2 in self.revisions[-40:] if r2.id not in tips]
                parents = [self.rng.choice(recent)] if recent else [self.rng.choice(tips)]
                if self.rng.random() < 0.4:
                    label_seq += 1
                    labels = ["branch_%d" % label_seq]
            else:
                parents = [self.rng.choice(tips)] if tips else [self.rid(i - 1)]
            for p in parents:
                if p in tips:
                    tips.remove(p)
            tips.append(rid)
            rev = self.add_revision(parents)
            rev.branch_labels = labels
            # A few depends_on links: on an older revision that is not an ancestor, and not a head
            # either (Alembic 1.8 fails to upgrade through a merge of a head that another
            # revision depends on: HeadMaintainer deletes a version row twice).
            if i > 20 and self.rng.random() < 0.02:
                anc = self.ancestors(rid)
                candidates = [r2.id for r2 in self.revisions[:-1]
                              if r2.id not in anc and r2.id not in tips]
                if candidates:
                    rev.depends_on = [self.rng.choice(candidates[-60:])]

    def ancestors(self, rid):
        by_id = {r.id: r for r in self.revisions}
        seen, stack = set(), [rid]
        while stack:
            for p in by_id[stack.pop()].down:
                if p not in seen:
                    seen.add(p)
                    stack.append(p)
        return seen

    # -- ops -------------------------------------------------------------------------------------

    def add_revision(self, parents):
        rid = self.rid(len(self.revisions) + 1)
        state = {}
        for p in parents:
            for t, cols in self.states[p].items():
                state[t] = cols if t not in state else state[t] | cols
        rev = Revision(rid, parents, "")
        count = 1 if not parents else self.rng.choices([1, 2, 3], [60, 30, 10])[0]
        if len(parents) > 1 and self.rng.random() < 0.5:
            count = 0  # many merges are empty
        kinds = []
        for _ in range(count):
            kind = self.pick_kind(state)
            kinds.append(kind)
            getattr(self, "op_" + kind)(rev, state)
        if len(parents) > 1:
            rev.message = "merge " + " and ".join(parents)
        else:
            rev.message = " and ".join(kinds).replace("_", " ")
        if rev.upgrade and rev.upgrade[0]["op"] in ("create_table", "add_column", "create_index"):
            rev.message += " " + rev.upgrade[0]["table"]
        rev.downgrade.reverse()
        self.states[rid] = state
        self.revisions.append(rev)
        return rev

    def pick_kind(self, state):
        if len(state) < 2:
            return "create_table"
        return self.rng.choices(
            ["create_table", "add_column", "create_index", "bulk_insert", "execute_insert",
             "execute_update"], [25, 30, 20, 11, 8, 6])[0]

    def new_column(self, table):
        word = self.rng.choice(COLUMN_WORDS)
        type_, default = COLUMN_KINDS[word]
        self.col_seq[table] = self.col_seq.get(table, 0) + 1
        name = "%s_%d" % (word, self.col_seq[table])
        nullable = True
        if default is not None:
            roll = self.rng.random()
            if roll < 0.5:
                nullable = False      # NOT NULL with a server default (safe on a full table)
            elif roll > 0.8:
                default = None
        col = Column(name, type_, nullable=nullable, default=default)
        self.columns[table][name] = col
        return col

    def op_create_table(self, rev, state):
        self.table_seq += 1
        table = "%s_%d" % (self.rng.choice(TABLE_NOUNS), self.table_seq)
        self.columns[table] = {}
        cols = [Column("id", "integer", pk=True, autoincrement=True),
                Column("name", "string(100)", nullable=False),
                Column("created_at", "datetime(tz)", nullable=False,
                       default=("sql", "CURRENT_TIMESTAMP"))]
        for c in cols:
            self.columns[table][c.name] = c
        fks = []
        if state and self.rng.random() < 0.5:
            ref = self.rng.choice(sorted(state))
            fk_col = Column("%s_id" % ref, "integer")
            self.columns[table][fk_col.name] = fk_col
            cols.append(fk_col)
            fks.append({"name": "fk_%s_%s" % (table, ref), "column": fk_col.name, "ref": ref,
                        "on_delete": self.rng.choice([None, "CASCADE", "SET NULL"])})
        for _ in range(self.rng.randint(1, 4)):
            cols.append(self.new_column(table))
        indexes = []
        if self.rng.random() < 0.5:
            self.index_seq += 1
            indexes.append({"name": "ix_%s_name" % table, "columns": ["name"]})
        op = {"op": "create_table", "table": table, "columns": cols, "fks": fks,
              "indexes": indexes}
        rev.upgrade.append(op)
        rev.downgrade.append({"op": "drop_table", "table": table})
        state[table] = frozenset(c.name for c in cols)

    def op_add_column(self, rev, state):
        table = self.rng.choice(sorted(state))
        col = self.new_column(table)
        rev.upgrade.append({"op": "add_column", "table": table, "column": col})
        rev.downgrade.append({"op": "drop_column", "table": table, "column": col.name})
        state[table] = state[table] | {col.name}

    def op_create_index(self, rev, state):
        table = self.rng.choice(sorted(state))
        usable = [c for c in self.ordered(table, state) if self.columns[table][c].type != "json"
                  and c != "id"]
        k = min(len(usable), self.rng.choice([1, 1, 2]))
        cols = sorted(self.rng.sample(usable, k), key=usable.index)
        self.index_seq += 1
        name = "ix_%d_%s" % (self.index_seq, table)
        rev.upgrade.append({"op": "create_index", "table": table, "name": name, "columns": cols})
        rev.downgrade.append({"op": "drop_index", "table": table, "name": name})

    def ordered(self, table, state):
        return [c for c in self.columns[table] if c in state[table]]

    def seed_rows(self, rev, table, state, count):
        """Rows for `table`: name always, plus some nullable scalar columns; values by type."""
        cols = ["name"] + [c for c in self.ordered(table, state)
                           if c not in ("id", "name", "created_at") and not c.endswith("_id")
                           and self.columns[table][c].type not in ("json", "datetime(tz)")
                           and self.rng.random() < 0.5]
        rows = []
        for k in range(count):
            row = []
            for c in cols:
                t = self.columns[table][c].type
                if c == "name":
                    row.append("r%s-%d %s" % (rev.id, k, STRING_VALUES[k % len(STRING_VALUES)]))
                elif (k + len(c)) % 5 == 0 and self.columns[table][c].nullable:
                    row.append(None)
                elif t in ("integer", "bigint"):
                    row.append((k * 37 + len(c)) % 1000)
                elif t == "boolean":
                    row.append(k % 2 == 0)
                elif t == "numeric(10,2)":
                    row.append(round((k * 13 % 1000) + 0.25, 2))
                elif t == "date":
                    row.append("2024-%02d-%02d" % (1 + k % 12, 1 + k % 28))
                else:
                    row.append(STRING_VALUES[(k + 1) % len(STRING_VALUES)] + "-%d" % k)
            rows.append(row)
        return cols, rows

    def op_bulk_insert(self, rev, state):
        table = self.rng.choice(sorted(state))
        cols, rows = self.seed_rows(rev, table, state, self.rng.choice([5, 10, 20, 50]))
        rev.upgrade.append({"op": "bulk_insert", "table": table, "columns": cols, "rows": rows})
        rev.downgrade.append(delete_seed_op(rev, table))

    def op_execute_insert(self, rev, state):
        table = self.rng.choice(sorted(state))
        cols, rows = self.seed_rows(rev, table, state, self.rng.choice([1, 3, 10]))
        values = ",\n  ".join("(" + ", ".join(literal(v, SQLITE_PORTABLE) for v in row) + ")"
                              for row in rows)
        sql = "INSERT INTO %s (%s) VALUES\n  %s" % (quote(table), ", ".join(map(quote, cols)),
                                                   values)
        rev.upgrade.append({"op": "execute", "sql": sql, "seeds": [table, len(rows)]})
        rev.downgrade.append(delete_seed_op(rev, table))

    def op_execute_update(self, rev, state):
        # A backfill: set a nullable integer-like column where it is NULL (guarded by WHERE).
        candidates = [(t, c) for t in sorted(state) for c in self.ordered(t, state)
                      if self.columns[t][c].type in ("integer", "bigint") and c != "id"
                      and not c.endswith("_id") and self.columns[t][c].nullable]
        if not candidates:
            return self.op_add_column(rev, state)
        t, c = self.rng.choice(candidates)
        rev.upgrade.append({"op": "execute",
                            "sql": "UPDATE %s SET %s = 0 WHERE %s IS NULL" % (quote(t), quote(c),
                                                                                quote(c))})
        return None


def delete_seed_op(rev, table):
    return {"op": "execute",
            "sql": "DELETE FROM %s WHERE %s LIKE 'r%s-%%'" % (quote(table), quote("name"), rev.id)}


# ---------------------------------------------------------------------------------------------
# SQL text (mirrors src/dialect/: every identifier quoted, literals with '' doubled)

INDENT = {SQLITE: "    ", POSTGRESQL: "  "}  # as retort's renderers lay statements out
SQLITE_PORTABLE = -1  # literal() flavour used inside `execute` text, run as is on both dialects


def quote(identifier):
    return '"' + identifier.replace('"', '""') + '"'


def literal(value, dialect):
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        if dialect == SQLITE:
            return "1" if value else "0"
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    assert "\\" not in text, "backslashes would need E'' on PostgreSQL"
    return "'" + text.replace("'", "''") + "'"


def render_default(default):
    kind, text = default
    return text


def column_sql(col, dialect):
    if col.autoincrement and col.type == "integer":
        if dialect == SQLITE:  # the rowid alias; no table-level PRIMARY KEY then
            return "%s INTEGER PRIMARY KEY" % quote(col.name)
        type_sql = "SERIAL"
    else:
        type_sql = TYPES[col.type][dialect]
    sql = "%s %s" % (quote(col.name), type_sql)
    if not col.nullable:
        sql += " NOT NULL"
    if col.default is not None and not (dialect == POSTGRESQL and col.autoincrement):
        sql += " DEFAULT " + render_default(col.default)
    return sql


def op_sql(op, dialect):
    """The statements (without terminators) that carry out one op on `dialect`."""
    kind = op["op"]
    if kind == "create_table":
        items = [column_sql(c, dialect) for c in op["columns"]]
        if dialect == POSTGRESQL:
            items.append("PRIMARY KEY (%s)" % ", ".join(quote(c.name) for c in op["columns"]
                                                        if c.pk))
        for fk in op["fks"]:
            item = "CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (%s)" % (
                quote(fk["name"]), quote(fk["column"]), quote(fk["ref"]), quote("id"))
            if fk["on_delete"]:
                item += " ON DELETE " + fk["on_delete"]
            items.append(item)
        pad = INDENT[dialect]
        out = ["CREATE TABLE %s (\n%s%s\n)" % (quote(op["table"]), pad, (",\n" + pad).join(items))]
        for ix in op["indexes"]:
            out.append("CREATE INDEX %s ON %s (%s)" % (quote(ix["name"]), quote(op["table"]),
                                                       ", ".join(map(quote, ix["columns"]))))
        return out
    if kind == "add_column":
        return ["ALTER TABLE %s ADD COLUMN %s" % (quote(op["table"]),
                                                  column_sql(op["column"], dialect))]
    if kind == "create_index":
        return ["CREATE INDEX %s ON %s (%s)" % (quote(op["name"]), quote(op["table"]),
                                                ", ".join(map(quote, op["columns"])))]
    if kind == "bulk_insert":
        pad = INDENT[dialect]
        rows = (",\n" + pad).join("(" + ", ".join(literal(v, dialect) for v in row) + ")"
                                 for row in op["rows"])
        return ["INSERT INTO %s (%s) VALUES\n%s%s" % (quote(op["table"]),
                                                      ", ".join(map(quote, op["columns"])), pad,
                                                      rows)]
    if kind == "execute":
        return [op["sql"]]
    if kind == "drop_table":
        return ["DROP TABLE %s" % quote(op["table"])]
    if kind == "drop_column":
        return ["ALTER TABLE %s DROP COLUMN %s" % (quote(op["table"]), quote(op["column"]))]
    if kind == "drop_index":
        return ["DROP INDEX %s" % quote(op["name"])]
    raise ValueError(kind)


VERSION_TABLE_SQL = ('CREATE TABLE IF NOT EXISTS "alembic_version" ("version_num" VARCHAR(32) '
                     'NOT NULL, CONSTRAINT "alembic_version_pkc" PRIMARY KEY ("version_num"))')


def version_sql(change):
    """A version-row change, spelt as retort's offline script (src/runner/offline.cpp) does."""
    kind = change[0]
    if kind == "insert":
        return 'INSERT INTO "alembic_version" (version_num) VALUES (%s)' % literal(change[1], 0)
    if kind == "delete":
        return 'DELETE FROM "alembic_version" WHERE version_num = %s' % literal(change[1], 0)
    return 'UPDATE "alembic_version" SET version_num = %s WHERE version_num = %s' % (
        literal(change[2], 0), literal(change[1], 0))


def sql_script(revisions, plan, dialect):
    by_id = {r.id: r for r in revisions}
    name = "sqlite" if dialect == SQLITE else "postgresql"
    lines = ["-- %d revisions, %s; generated by bench/gen_history.py" % (len(revisions), name),
             VERSION_TABLE_SQL + ";", ""]
    for rid, changes in plan:
        rev = by_id[rid]
        lines.append("-- Running upgrade %s -> %s, %s" % (", ".join(rev.down), rid, rev.message))
        lines.append("BEGIN;")
        for op in rev.upgrade:
            for stmt in op_sql(op, dialect):
                lines.append(stmt + ";")
        for change in changes:
            lines.append(version_sql(change) + ";")
        lines.append("COMMIT;")
        lines.append("")
    return "\n".join(lines)


def dbmate_migration(rev, dialect):
    """One revision as a dbmate migration file: its statements under `-- migrate:up` (dbmate
    runs each file in a transaction and keeps its own `schema_migrations` table)."""
    lines = ["-- migrate:up"]
    for op in rev.upgrade:
        for stmt in op_sql(op, dialect):
            lines.append(stmt + ";")
    lines += ["", "-- migrate:down", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# retort YAML (docs/migration-files.md)

YAML_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_()]*$")
YAML_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def y(value):
    """A YAML scalar for flow context: plain when safe, else a JSON (double-quoted) string."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if YAML_PLAIN.match(value) and value.lower() not in YAML_RESERVED:
        return value
    return json.dumps(value)


def y_block(text, indent):
    """A literal block scalar (|-) for multi-line SQL."""
    pad = " " * indent
    return "|-\n" + "\n".join(pad + line for line in text.split("\n"))


def yaml_column(col):
    parts = ["name: " + y(col.name), "type: " + y(col.type)]
    if col.pk:
        parts.append("primary_key: true")
    if col.autoincrement:
        parts.append("autoincrement: true")
    if not col.nullable and not col.pk:
        parts.append("nullable: false")
    if col.default is not None:
        kind, text = col.default
        parts.append("server_default: " + (text if kind == "number" else y(text)))
    return "{" + ", ".join(parts) + "}"


def yaml_op(op):
    kind = op["op"]
    if kind == "create_table":
        out = ["  - create_table:", "      table: " + y(op["table"]), "      columns:"]
        out += ["        - " + yaml_column(c) for c in op["columns"]]
        if op["fks"]:
            out.append("      foreign_keys:")
            for fk in op["fks"]:
                item = "{name: %s, columns: [%s], references: {table: %s, columns: [id]}" % (
                    y(fk["name"]), y(fk["column"]), y(fk["ref"]))
                if fk["on_delete"]:
                    item += ", on_delete: " + y(fk["on_delete"])
                out.append("        - " + item + "}")
        if op["indexes"]:
            out.append("      indexes:")
            for ix in op["indexes"]:
                out.append("        - {name: %s, columns: [%s]}" % (
                    y(ix["name"]), ", ".join(map(y, ix["columns"]))))
        return out
    if kind == "add_column":
        return ["  - add_column:", "      table: " + y(op["table"]),
                "      column: " + yaml_column(op["column"])]
    if kind == "create_index":
        return ["  - create_index: {name: %s, table: %s, columns: [%s]}" % (
            y(op["name"]), y(op["table"]), ", ".join(map(y, op["columns"])))]
    if kind == "bulk_insert":
        out = ["  - bulk_insert:", "      table: " + y(op["table"]), "      rows:"]
        for row in op["rows"]:
            out.append("        - {" + ", ".join("%s: %s" % (y(c), y(v))
                                                 for c, v in zip(op["columns"], row)) + "}")
        return out
    if kind == "execute":
        if "\n" in op["sql"]:
            return ["  - execute:", "      sql: " + y_block(op["sql"], 8)]
        return ["  - execute: {sql: %s}" % y(op["sql"])]
    if kind == "drop_table":
        return ["  - drop_table: {table: %s}" % y(op["table"])]
    if kind == "drop_column":
        return ["  - drop_column: {table: %s, column: %s}" % (y(op["table"]), y(op["column"]))]
    if kind == "drop_index":
        return ["  - drop_index: {name: %s, table: %s}" % (y(op["name"]), y(op["table"]))]
    raise ValueError(kind)


def yaml_revision(rev):
    out = ["# generated by bench/gen_history.py",
           "revision: " + json.dumps(rev.id)]
    if not rev.down:
        out.append("down_revision: null")
    elif len(rev.down) == 1:
        out.append("down_revision: " + json.dumps(rev.down[0]))
    else:
        out.append("down_revision: [%s]" % ", ".join(map(json.dumps, rev.down)))
    if rev.branch_labels:
        out.append("branch_labels: [%s]" % ", ".join(map(y, rev.branch_labels)))
    if rev.depends_on:
        out.append("depends_on: [%s]" % ", ".join(map(json.dumps, rev.depends_on)))
    out.append("message: " + y(rev.message))
    out.append("created: " + json.dumps(rev.created))
    for section, ops in (("upgrade", rev.upgrade), ("downgrade", rev.downgrade)):
        if not ops:
            out.append(section + ": []")
            continue
        out.append(section + ":")
        for op in ops:
            out += yaml_op(op)
    return "\n".join(out) + "\n"


RETORT_TOML = """\
# generated by bench/gen_history.py
[database]
url = "sqlite:///app.db"

[migrations]
directory = "migrations/versions"
version_table = "alembic_version"
history_table = "retort_history"
revision_ids = "sequential"
"""


# ---------------------------------------------------------------------------------------------
# Alembic project

def py_str(text):
    return json.dumps(text)  # a valid Python string literal for our ASCII text


def py_default(default):
    kind, text = default
    return "sa.text(%s)" % py_str(text)


def py_column(col):
    args = [py_str(col.name), TYPES[col.type][2]]
    if col.default is not None:
        args.append("server_default=" + py_default(col.default))
    if col.pk and not col.autoincrement:
        args.append("autoincrement=False")
    args.append("nullable=%s" % (not col.nullable and "False" or "True"))
    return "sa.Column(%s)" % ", ".join(args)


def py_op(op):
    kind = op["op"]
    if kind == "create_table":
        items = [py_column(c) for c in op["columns"]]
        for fk in op["fks"]:
            item = "sa.ForeignKeyConstraint([%s], [%s], name=%s" % (
                py_str(fk["column"]), py_str(fk["ref"] + ".id"), py_str(fk["name"]))
            if fk["on_delete"]:
                item += ", ondelete=" + py_str(fk["on_delete"])
            items.append(item + ")")
        items.append("sa.PrimaryKeyConstraint(%s)" % ", ".join(
            py_str(c.name) for c in op["columns"] if c.pk))
        out = ["    op.create_table(", "        " + py_str(op["table"]) + ","]
        out += ["        %s," % item for item in items]
        out.append("    )")
        for ix in op["indexes"]:
            out.append("    op.create_index(%s, %s, [%s], unique=False)" % (
                py_str(ix["name"]), py_str(op["table"]), ", ".join(map(py_str, ix["columns"]))))
        return out
    if kind == "add_column":
        return ["    op.add_column(%s, %s)" % (py_str(op["table"]), py_column(op["column"]))]
    if kind == "create_index":
        return ["    op.create_index(%s, %s, [%s], unique=False)" % (
            py_str(op["name"]), py_str(op["table"]), ", ".join(map(py_str, op["columns"])))]
    if kind == "bulk_insert":
        table = op["table"]
        out = ["    seed = sa.table(", "        %s," % py_str(table)]
        out += ["        sa.column(%s, %s)," % (py_str(c), TYPES[GEN.columns[table][c].type][2])
                for c in op["columns"]]
        out.append("    )")
        out.append("    op.bulk_insert(seed, [")
        for row in op["rows"]:
            out.append("        {%s}," % ", ".join("%s: %s" % (py_str(c), py_value(v, table, c))
                                                   for c, v in zip(op["columns"], row)))
        out.append("    ])")
        return out
    if kind == "execute":
        return ["    op.execute(%s)" % py_str(op["sql"])]
    if kind == "drop_table":
        return ["    op.drop_table(%s)" % py_str(op["table"])]
    if kind == "drop_column":
        return ["    op.drop_column(%s, %s)" % (py_str(op["table"]), py_str(op["column"]))]
    if kind == "drop_index":
        return ["    op.drop_index(%s, table_name=%s)" % (py_str(op["name"]),
                                                          py_str(op["table"]))]
    raise ValueError(kind)


def py_value(value, table, column):
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    kind = GEN.columns[table][column].type
    if kind == "numeric(10,2)":
        return "decimal.Decimal(%s)" % py_str("%.2f" % value)
    if kind == "date":
        return "datetime.date.fromisoformat(%s)" % py_str(value)
    if isinstance(value, (int, float)):
        return repr(value)
    return py_str(value)


def py_revision(rev):
    def tup(ids):
        return "(" + "".join(py_str(i) + ", " for i in ids) + ")" if ids else "None"
    down = ("None" if not rev.down else py_str(rev.down[0]) if len(rev.down) == 1
            else tup(rev.down))
    out = ['"""%s' % rev.message, "", "Revision ID: %s" % rev.id,
           "Revises: %s" % ", ".join(rev.down), "Create Date: %s" % rev.created, '"""',
           "import datetime", "import decimal", "", "from alembic import op",
           "import sqlalchemy as sa", "", "",
           "revision = %s" % py_str(rev.id), "down_revision = %s" % down,
           "branch_labels = %s" % tup(rev.branch_labels),
           "depends_on = %s" % tup(rev.depends_on), ""]
    for section, ops in (("upgrade", rev.upgrade), ("downgrade", rev.downgrade)):
        out += ["", "def %s() -> None:" % section]
        if not ops:
            out.append("    pass")
        for op in ops:
            out += py_op(op)
        out.append("")
    return "\n".join(out)


ALEMBIC_INI = """\
# generated by bench/gen_history.py (Alembic's generic template, trimmed)
[alembic]
script_location = %(here)s
prepend_sys_path = .
version_path_separator = os
sqlalchemy.url = sqlite:///app.db

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
"""

# Alembic's generic env.py, plus: the URL may come from `-x url=URL` or ALEMBIC_URL (the harness
# points one project at a fresh database per run), and each revision runs in its own transaction
# (transaction_per_migration) as retort and the SQL scripts do.
ALEMBIC_ENV = '''\
"""generated by bench/gen_history.py: Alembic's generic env.py with transaction_per_migration."""
import os
from logging.config import fileConfig

from sqlalchemy import engine_from_config
from sqlalchemy import pool

from alembic import context

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("ALEMBIC_URL")
if url:
    config.set_main_option("sqlalchemy.url", url)


def run_migrations_offline():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=None,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = engine_from_config(
        config.get_section(config.config_ini_section),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=None,
                          transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

SCRIPT_MAKO = '''\
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
'''


# ---------------------------------------------------------------------------------------------
# The upgrade plan, from Alembic's own graph code

def alembic_plan(alembic_dir):
    """[(revision id, [version-row changes])] in the order `alembic upgrade heads` applies them,
    each change ("insert", id) / ("delete", id) / ("update", from, to) as Alembic's
    HeadMaintainer makes it on an empty database."""
    from alembic.runtime.migration import HeadMaintainer
    from alembic.script import ScriptDirectory

    class Recorder(HeadMaintainer):
        def __init__(self):
            super().__init__(None, ())
            self.changes = []

        def _insert_version(self, version):
            assert version not in self.heads
            self.heads.add(version)
            self.changes.append(("insert", version))

        def _delete_version(self, version):
            self.heads.remove(version)
            self.changes.append(("delete", version))

        def _update_version(self, from_, to_):
            assert to_ not in self.heads
            self.heads.remove(from_)
            self.heads.add(to_)
            self.changes.append(("update", from_, to_))

    script = ScriptDirectory(alembic_dir)
    steps = script._upgrade_revs("heads", ())
    recorder = Recorder()
    plan = []
    for step in steps:
        recorder.changes = []
        recorder.update_to_step(step)
        changes = recorder.changes
        if len(changes) > 1 and changes[-1][0] == "update":
            # A merge. Which parent's row Alembic updates (and which it deletes) follows Python's
            # set order, which changes from run to run: make it deterministic as retort does
            # (src/graph), updating the row of the last parent in down_revision order (then
            # depends_on) and deleting the others.
            gone = [c[1] for c in changes[:-1]] + [changes[-1][1]]
            order = list(step.revision._normalized_down_revisions)
            gone.sort(key=lambda r: order.index(r) if r in order else -1)
            changes = [("delete", r) for r in gone[:-1]] + [("update", gone[-1], changes[-1][2])]
        plan.append((step.revision.revision, changes))
    return plan, sorted(recorder.heads)


# ---------------------------------------------------------------------------------------------

GEN = None  # the Generator, for column types while writing bulk_insert in Python


def slug(text):
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def expected_state(gen, revisions):
    """What a database at every head holds: tables with their columns, indexes, seeded rows."""
    final = {}
    for rev in revisions:
        for t, cols in gen.states[rev.id].items():
            final[t] = final.get(t, frozenset()) | cols
    indexes = set()
    rows = {t: 0 for t in final}
    for rev in revisions:
        for op in rev.upgrade:
            if op["op"] == "bulk_insert":
                rows[op["table"]] += len(op["rows"])
            elif "seeds" in op:
                rows[op["seeds"][0]] += op["seeds"][1]
            if op["op"] == "create_index":
                indexes.add(op["name"])
            elif op["op"] == "create_table":
                indexes.update(ix["name"] for ix in op["indexes"])
    return {
        "tables": {t: sorted(final[t]) for t in sorted(final)},
        "indexes": sorted(indexes),
        "rows": {t: rows[t] for t in sorted(rows)},
    }


def main():
    global GEN
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shape", choices=["linear", "branchy"], required=True)
    ap.add_argument("--revisions", type=int, required=True)
    ap.add_argument("--out", required=True, help="output directory (replaced)")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    if args.revisions < 1:
        ap.error("--revisions must be at least 1")

    GEN = Generator(args.shape, args.revisions, args.seed)
    revisions = GEN.build()
    out = os.path.abspath(args.out)
    if os.path.exists(out):
        shutil.rmtree(out)

    write(os.path.join(out, "retort", "retort.toml"), RETORT_TOML)
    # The same project without retort's audit table, to show what the audit rows cost.
    write(os.path.join(out, "retort", "retort-nohistory.toml"),
          RETORT_TOML.replace('history_table = "retort_history"', 'history_table = ""'))
    alembic_dir = os.path.join(out, "alembic")
    write(os.path.join(alembic_dir, "alembic.ini"), ALEMBIC_INI)
    write(os.path.join(alembic_dir, "env.py"), ALEMBIC_ENV)
    write(os.path.join(alembic_dir, "script.py.mako"), SCRIPT_MAKO)
    checksums = {}
    for rev in revisions:
        name = "%s_%s" % (rev.id, slug(rev.message) or "revision")
        text = yaml_revision(rev)
        write(os.path.join(out, "retort", "migrations", "versions", name + ".yaml"), text)
        checksums[rev.id] = hashlib.sha256(text.encode()).hexdigest()
        write(os.path.join(alembic_dir, "versions", name + ".py"), py_revision(rev))

    plan, heads = alembic_plan(alembic_dir)
    write(os.path.join(out, "sql", "upgrade.sqlite.sql"), sql_script(revisions, plan, SQLITE))
    write(os.path.join(out, "sql", "upgrade.postgresql.sql"),
          sql_script(revisions, plan, POSTGRESQL))

    if args.shape == "linear":
        for rev in revisions:
            name = "%s_%s.sql" % (rev.id, slug(rev.message) or "revision")
            for dialect, d in ((SQLITE, "sqlite"), (POSTGRESQL, "postgresql")):
                write(os.path.join(out, "dbmate", d, name), dbmate_migration(rev, dialect))

    ops = {}
    for rev in revisions:
        for op in rev.upgrade:
            ops[op["op"]] = ops.get(op["op"], 0) + 1
    manifest = {
        "shape": args.shape,
        "revisions": len(revisions),
        "seed": args.seed,
        "heads": heads,
        "merges": sum(1 for r in revisions if len(r.down) > 1),
        "branch_points": sum(1 for r in revisions
                             if sum(r.id in r2.down for r2 in revisions) > 1),
        "branch_labels": sum(len(r.branch_labels) for r in revisions),
        "depends_on": sum(len(r.depends_on) for r in revisions),
        "ops": dict(sorted(ops.items())),
        "upgrade_order": [rid for rid, _ in plan],
        "checksums": checksums,
        "expected": expected_state(GEN, revisions),
    }
    write(os.path.join(out, "manifest.json"), json.dumps(manifest, indent=1) + "\n")
    summary = {k: manifest[k] for k in ("shape", "revisions", "heads", "merges", "branch_points",
                                        "branch_labels", "depends_on", "ops")}
    if len(summary["heads"]) > 6:
        summary["heads"] = summary["heads"][:6] + ["..."]
    print(json.dumps(summary))


if __name__ == "__main__":
    sys.exit(main())
