#!/usr/bin/python3
"""Writes one small migration history twice into a directory, for the Alembic interop tests:

  DIR/alembic.ini, DIR/alembic/env.py, DIR/alembic/versions/*.py   an Alembic project
  DIR/migrations/versions/*.yaml                                     the same history for retort

Both point at the same database (URL), so a test can let one tool migrate part of the way and
the other continue, in either direction. The history (five revisions, a branch and a merge):

  ia_001  create users (+ one row)
     |
  ia_002  create accounts (foreign key to users)       <- branch point
    /  \\
 ia_003 ia_004   billing: create invoices / audit: create audit_log + index
    \\  /
  ia_005  merge: add users.email

Usage: alembic_project.py DIR URL
Run with Debian's /usr/bin/python3 (python3-alembic, python3-sqlalchemy, python3-psycopg2).
"""

import os
import sys

# (id, parents, branch labels, message, upgrade ops, downgrade ops). Ops are small tuples that
# both writers below understand.
HISTORY = [
    ("ia_001", [], [], "create users",
     [("create_table", "users",
       [("id", "integer", "pk"), ("name", "string(50)", "not null")], []),
      ("insert", "users", [{"id": 1, "name": "alice"}])],
     [("drop_table", "users")]),
    ("ia_002", ["ia_001"], [], "create accounts",
     [("create_table", "accounts",
       [("id", "integer", "pk"), ("user_id", "integer", "not null"),
        ("balance", "numeric(10,2)", "null")],
       [("fk_accounts_user", "user_id", "users", "id")])],
     [("drop_table", "accounts")]),
    ("ia_003", ["ia_002"], ["billing"], "create invoices",
     [("create_table", "invoices",
       [("id", "integer", "pk"), ("account_id", "integer", "not null"),
        ("amount", "numeric(10,2)", "null")], [])],
     [("drop_table", "invoices")]),
    ("ia_004", ["ia_002"], ["audit"], "create audit_log",
     [("create_table", "audit_log", [("id", "integer", "pk"), ("entry", "text", "null")], []),
      ("create_index", "ix_audit_log_entry", "audit_log", "entry")],
     [("drop_index", "ix_audit_log_entry", "audit_log"), ("drop_table", "audit_log")]),
    ("ia_005", ["ia_003", "ia_004"], [], "merge billing and audit, add users.email",
     [("add_column", "users", ("email", "string(100)", "null"))],
     [("drop_column", "users", "email")]),
]

SA_TYPES = {
    "integer": "sa.Integer()",
    "string(50)": "sa.String(50)",
    "string(100)": "sa.String(100)",
    "text": "sa.Text()",
    "numeric(10,2)": "sa.Numeric(10, 2)",
}


def py_literal(value):
    return repr(value)


def alembic_op(op):
    kind = op[0]
    if kind == "create_table":
        _, table, columns, fks = op
        args = [repr(table)]
        for name, type_, flag in columns:
            extra = ""
            if flag == "pk":
                extra = ", primary_key=True"
            elif flag == "not null":
                extra = ", nullable=False"
            args.append("sa.Column(%r, %s%s)" % (name, SA_TYPES[type_], extra))
        for fk_name, column, ref_table, ref_column in fks:
            args.append("sa.ForeignKeyConstraint([%r], [%r], name=%r)"
                        % (column, ref_table + "." + ref_column, fk_name))
        return "op.create_table(\n        " + ",\n        ".join(args) + ")"
    if kind == "drop_table":
        return "op.drop_table(%r)" % op[1]
    if kind == "create_index":
        _, name, table, column = op
        return "op.create_index(%r, %r, [%r])" % (name, table, column)
    if kind == "drop_index":
        _, name, table = op
        return "op.drop_index(%r, table_name=%r)" % (name, table)
    if kind == "add_column":
        _, table, (name, type_, _flag) = op
        return "op.add_column(%r, sa.Column(%r, %s, nullable=True))" % (table, name, SA_TYPES[type_])
    if kind == "drop_column":
        _, table, name = op
        return "op.drop_column(%r, %r)" % (table, name)
    if kind == "insert":
        _, table, rows = op
        columns = sorted(rows[0].keys())
        cols = ", ".join("sa.column(%r)" % c for c in columns)
        return "op.bulk_insert(sa.table(%r, %s), %s)" % (table, cols, py_literal(rows))
    raise ValueError(kind)


def alembic_script(rev_id, parents, labels, message, upgrade, downgrade):
    down = "None" if not parents else (repr(parents[0]) if len(parents) == 1 else repr(tuple(parents)))
    lines = [
        '"""%s' % message,
        "",
        "Revision ID: %s" % rev_id,
        "Revises: %s" % ", ".join(parents),
        '"""',
        "from alembic import op",
        "import sqlalchemy as sa",
        "",
        "revision = %r" % rev_id,
        "down_revision = %s" % down,
        "branch_labels = %s" % (repr(tuple(labels)) if labels else "None"),
        "depends_on = None",
        "",
        "",
        "def upgrade():",
    ]
    lines += ["    " + alembic_op(op) for op in upgrade]
    lines += ["", "", "def downgrade():"]
    lines += ["    " + alembic_op(op) for op in downgrade]
    return "\n".join(lines) + "\n"


def yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def retort_op(op):
    kind = op[0]
    if kind == "create_table":
        _, table, columns, fks = op
        out = ["  - create_table:", "      table: " + table, "      columns:"]
        for name, type_, flag in columns:
            if flag == "pk":
                out.append("        - {name: %s, type: %s, primary_key: true, autoincrement: true}"
                           % (name, type_))
            else:
                out.append("        - {name: %s, type: %s, nullable: %s}"
                           % (name, type_, "false" if flag == "not null" else "true"))
        if fks:
            out.append("      foreign_keys:")
            for fk_name, column, ref_table, ref_column in fks:
                out.append("        - {name: %s, columns: [%s], references: {table: %s, columns: [%s]}}"
                           % (fk_name, column, ref_table, ref_column))
        return out
    if kind == "drop_table":
        return ["  - drop_table: {table: %s}" % op[1]]
    if kind == "create_index":
        _, name, table, column = op
        return ["  - create_index: {name: %s, table: %s, columns: [%s]}" % (name, table, column)]
    if kind == "drop_index":
        _, name, table = op
        return ["  - drop_index: {name: %s, table: %s}" % (name, table)]
    if kind == "add_column":
        _, table, (name, type_, _flag) = op
        return ["  - add_column: {table: %s, column: {name: %s, type: %s}}" % (table, name, type_)]
    if kind == "drop_column":
        _, table, name = op
        return ["  - drop_column: {table: %s, column: %s}" % (table, name)]
    if kind == "insert":
        _, table, rows = op
        items = ", ".join("{" + ", ".join("%s: %s" % (k, yaml_str(v) if isinstance(v, str) else v)
                                         for k, v in sorted(r.items())) + "}" for r in rows)
        return ["  - bulk_insert: {table: %s, rows: [%s]}" % (table, items)]
    raise ValueError(kind)


def retort_file(rev_id, parents, labels, message, upgrade, downgrade):
    if not parents:
        down = "null"
    elif len(parents) == 1:
        down = yaml_str(parents[0])
    else:
        down = "[" + ", ".join(yaml_str(p) for p in parents) + "]"
    lines = ["revision: " + yaml_str(rev_id), "down_revision: " + down]
    if labels:
        lines.append("branch_labels: [" + ", ".join(labels) + "]")
    lines.append("message: " + yaml_str(message))
    lines.append("upgrade:")
    for op in upgrade:
        lines += retort_op(op)
    lines.append("downgrade:")
    for op in downgrade:
        lines += retort_op(op)
    return "\n".join(lines) + "\n"


ENV_PY = '''"""Alembic environment for the retort interop tests: online mode only, the URL from
alembic.ini, no logging configuration (so stdout holds only what the commands print)."""
from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config


def run_online():
    engine = engine_from_config(config.get_section(config.config_ini_section),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("the interop project runs online only")
run_online()
'''

MAKO = '''"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
"""
from alembic import op
import sqlalchemy as sa

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
'''


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: alembic_project.py DIR URL\n")
        return 2
    root, url = argv[1], argv[2]
    write(os.path.join(root, "alembic.ini"),
          "[alembic]\nscript_location = %s\nsqlalchemy.url = %s\n"
          % (os.path.join(root, "alembic"), url.replace("%", "%%")))
    write(os.path.join(root, "alembic", "env.py"), ENV_PY)
    write(os.path.join(root, "alembic", "script.py.mako"), MAKO)
    for rev in HISTORY:
        write(os.path.join(root, "alembic", "versions", rev[0] + ".py"), alembic_script(*rev))
        write(os.path.join(root, "migrations", "versions", rev[0] + ".yaml"), retort_file(*rev))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
