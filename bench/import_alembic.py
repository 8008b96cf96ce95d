#!/usr/bin/python3
"""Benchmark of `retort import alembic` (docs/BENCHMARKS.md, "Importing an Alembic history").

Generates an Alembic history of N revision scripts (default 200) shaped like real ones — a
create_table with a primary key, a foreign key, defaults and an index; add_column with a server
default; a batch_alter_table block; op.execute; a dialect branch; a loop over a literal list —
then runs `retort import alembic --json --force` ROUNDS times and reports the median of:

  wall        the whole command, measured here
  python      the Python process that parses every script with `ast` (start-up included)
  retort      retort's own work: reading Python's JSON, translating, rendering, checking the
              YAML with the loader, writing the files (wall - python, and as retort reports it)

and the CPU time of each (retort reports both), which a busy machine does not inflate.

  bench/import_alembic.py RETORT_BINARY [--files 200] [--rounds 7] [--python /usr/bin/python3]

Writes bench/results/import-alembic.json. Nothing is asserted: speed is measured, not tested.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

SCRIPT = '''"""{message}

Revision ID: {rev}
Revises: {down}
Create Date: 2024-01-{day:02d} 10:{minute:02d}:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "{rev}"
down_revision = {down_repr}
branch_labels = None
depends_on = None

FLAGS = ["is_active", "is_archived"]


def upgrade():
    op.create_table(
        "t{n}",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("amount", sa.Numeric(12, 2), server_default=sa.text("0"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_t{n}")),
        sa.ForeignKeyConstraint(["parent_id"], ["t{n}.id"], name=op.f("fk_t{n}_parent"), ondelete="SET NULL"),
        sa.UniqueConstraint("name", name=op.f("uq_t{n}_name")),
    )
    op.create_index(op.f("ix_t{n}_created_at"), "t{n}", ["created_at"], unique=False)
    for flag in FLAGS:
        op.add_column("t{n}", sa.Column(flag, sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("t{n}", schema=None) as batch_op:
        batch_op.alter_column("name", existing_type=sa.String(length=120), type_=sa.String(length=200))
        batch_op.create_check_constraint("ck_t{n}_amount", "amount >= 0")
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_t{n}_payload", "t{n}", ["payload"], postgresql_using="gin",
                        postgresql_where=sa.text("payload IS NOT NULL"))
    op.execute("UPDATE t{n} SET amount = 0 WHERE amount IS NULL")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_t{n}_payload", table_name="t{n}")
    with op.batch_alter_table("t{n}", schema=None) as batch_op:
        batch_op.drop_constraint("ck_t{n}_amount", type_="check")
        batch_op.alter_column("name", existing_type=sa.String(length=200), type_=sa.String(length=120))
    for flag in reversed(FLAGS):
        op.drop_column("t{n}", flag)
    op.drop_index(op.f("ix_t{n}_created_at"), table_name="t{n}")
    op.drop_table("t{n}")
'''


def generate(directory, count):
    versions = os.path.join(directory, "versions")
    os.makedirs(versions)
    previous = None
    for n in range(1, count + 1):
        rev = "%012x" % (0xA1B2C3000000 + n)
        text = SCRIPT.format(message="create t%d" % n, rev=rev, down=previous or "",
                             down_repr=repr(previous), n=n, day=1 + n % 28, minute=n % 60)
        with open(os.path.join(versions, "%s_create_t%d.py" % (rev, n)), "w") as f:
            f.write(text)
        previous = rev
    with open(os.path.join(directory, "env.py"), "w") as f:
        f.write("from alembic import context\n")
    return versions


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("retort")
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--python", default="/usr/bin/python3")
    args = ap.parse_args()
    args.retort = os.path.abspath(args.retort) if os.sep in args.retort else args.retort

    work = tempfile.mkdtemp(prefix="bench-import-alembic-")
    generate(os.path.join(work, "alembic"), args.files)
    lines = sum(1 for p in os.listdir(os.path.join(work, "alembic", "versions"))
                for _ in open(os.path.join(work, "alembic", "versions", p)))
    runs = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        r = subprocess.run([args.retort, "import", "alembic", "alembic", "--into", "out", "--json",
                            "--force", "--python", args.python], cwd=work,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - start
        if r.returncode != 0:
            report = json.loads(r.stdout) if r.stdout.startswith("{") else {}
            reasons = sorted({x["reason"] for f in report.get("files", []) for x in f["reasons"]})
            sys.exit("retort import alembic failed (%d): %s%s" % (
                r.returncode, "; ".join(reasons[:5]), r.stderr[-2000:]))
        report = json.loads(r.stdout)
        s = report["seconds"]
        runs.append({"wall": wall, "python": s["python"], "decode": s["decode"],
                     "translate": s["translate"], "retort": wall - s["python"],
                     "python_cpu": s["python_cpu"], "retort_cpu": s["retort_cpu"]})
    # Python's own floor: start-up and ast.parse of the same files, no JSON.
    floor = []
    files = sorted(os.path.join(work, "alembic", "versions", p)
                   for p in os.listdir(os.path.join(work, "alembic", "versions")))
    for _ in range(args.rounds):
        start = time.perf_counter()
        subprocess.run([args.python, "-I", "-S", "-c",
                        "import ast, sys\nfor p in sys.argv[1:]: ast.parse(open(p, 'rb').read())"]
                       + files, check=True)
        floor.append(time.perf_counter() - start)
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    result = {
        "files": args.files, "lines": lines, "rounds": args.rounds,
        "python": subprocess.run([args.python, "--version"], stdout=subprocess.PIPE,
                                 text=True).stdout.strip(),
        "machine": "%s, %d cores" % (platform.processor() or platform.machine(), os.cpu_count()),
        "median_s": med, "python_ast_parse_only_median_s": statistics.median(floor),
    }
    print("retort import alembic: %d scripts (%d lines), median of %d runs" % (
        args.files, lines, args.rounds))
    print("  wall (the whole command)        %7.1f ms" % (med["wall"] * 1000))
    print("  python (parse all, JSON out)    %7.1f ms" % (med["python"] * 1000))
    print("    of which start-up + ast.parse %7.1f ms (measured alone)" % (
        result["python_ast_parse_only_median_s"] * 1000))
    print("  retort's own (wall - python)    %7.1f ms" % (med["retort"] * 1000))
    print("    decode JSON                   %7.1f ms" % (med["decode"] * 1000))
    print("    translate, render, check, write %5.1f ms" % (med["translate"] * 1000))
    print("  CPU time: python %.1f ms, retort %.1f ms" % (med["python_cpu"] * 1000,
                                                         med["retort_cpu"] * 1000))
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "import-alembic.json")
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
