#!/usr/bin/python3
"""The retort benchmarks: retort against the raw tools and Alembic 1.8 on the same histories.

    harness.py [RETORT_BINARY] [--quick] [--only graph,noop,sqlite,rebuild,postgresql,scale,import]
               [--rounds N]
               [--results DIR] [--keep]

Called by bench/run.sh (and `make bench`). Builds the histories with gen_history.py into a
temporary directory, then measures with hyperfine -N (wall, user and system time; in alternating
rounds whose runs are merged, so that load from other work on the machine falls on every tool
alike) and /usr/bin/time (peak RSS):

  graph       `heads`, `history` and `current` on 2,000-revision histories (linear and
              branchy): retort vs `alembic heads` / `alembic history`, and vs `cat` of the
              revision files (`sh -c 'cd DIR && exec cat *.yaml'`: the cost of reading them).
              [retort: each ≤ 40 ms wall, ≤ 30 MiB peak, ≥ 10× faster than Alembic,
              ≤ 0.15× cat]
  sqlite      `upgrade head` of a 200-revision history into a fresh SQLite file: retort vs the
              sqlite3 shell running the same statements with the same per-revision transactions,
              vs `alembic upgrade head`. Twice: files on tmpfs (/dev/shm: the tools' own cost)
              and on the disk (adds the disk's fsync latency, which no tool controls).
              [≤ 1.10× sqlite3 wall on tmpfs, ≤ 1.15× on disk; ≥ 3× faster than Alembic;
              ≤ 30 MiB peak]
  rebuild     SQLite's table-rebuild path: `upgrade head` on tmpfs of 60 revisions, 59 of them a
              column type change (each a rebuild of a 500-row table), against the sqlite3 shell
              running the script `retort upgrade head --sql` writes. [≤ 1.10× sqlite3 wall]
  postgresql  the same history into an existing empty database on a throwaway server (dropped
              and recreated before each run): retort vs `psql -f` with the same statements vs
              Alembic (psycopg2). [wall ≤ 1.15× psql; client CPU (user+sys) ≤ 2× psql]
  noop        `upgrade head` on a database already at head (the container-start path), 200 and
              2,000 revisions, SQLite (file on disk) and PostgreSQL: retort vs the one query
              `sqlite3 DB "SELECT version_num FROM alembic_version"` / `psql -X URL -c …`, vs
              dbmate (npm `dbmate`, installed by run.sh) on the same history as dbmate
              migrations (`dbmate migrate`, its own version table, schema dump off).
              [retort ≤ 1.5× sqlite3 and ≤ 1.1× psql at 2,000, ≤ 1.2× / ≤ 0.7× at 200;
              ≤ 14 MiB peak at 2,000; dbmate/retort ≥ 3× on every row]
  import      `retort import alembic` of 200 generated Alembic scripts (bench/import_alembic.py)
              against `alembic history` on them (Alembic importing every script) and Python's
              start-up plus `ast.parse` of the files. [no target: the ratios are reported]
  scale       a 1,000-table database (6 columns, a foreign key, a unique and a check constraint,
              a partial index each) on SQLite and PostgreSQL: `retort sql-schema` (reflection)
              and `retort check` (reflection + diff against the model) vs the database's own
              schema dump, `sqlite3 DB .schema` / `pg_dump --schema-only`.
              [each ≤ 5× the dump's wall time]

Before timing, every tool's upgrade is run once and its database checked with verify_db.py, and
the graph commands' output is checked to name every head: a tool that did something else is
reported as failed, not timed. Without a working RETORT_BINARY the retort rows are "pending"
and only the baselines are measured.

Writes RESULTS/<benchmark>.json (machine, commands, hyperfine's raw times, peak RSS, targets
and whether each is met), RESULTS/summary.json and RESULTS/summary.md, and prints the tables.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
PY = "/usr/bin/python3"
PG_SERVER = os.path.join(REPO, "tests", "support", "pg_server.sh")
MIB = 1024  # /usr/bin/time %M is in KiB

GRAPH_REVISIONS = 2000
UPGRADE_REVISIONS = 200


def log(msg):
    print(msg, flush=True)


def run(argv, **kw):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def first_line(argv):
    try:
        p = run(argv)
        return (p.stdout or p.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


# ---------------------------------------------------------------------------------------------
# Machine

def machine_info(retort, dbmate=None):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    pg_bin = sorted(d for d in os.listdir("/usr/lib/postgresql"))[-1] \
        if os.path.isdir("/usr/lib/postgresql") else None
    mods = run([PY, "-c", "import alembic, sqlalchemy, psycopg2, sys; "
                "print(alembic.__version__, sqlalchemy.__version__, psycopg2.__version__.split()[0],"
                " sys.version.split()[0])"]).stdout.split()
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    info = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "sqlite3": first_line(["sqlite3", "--version"]).split()[0],
        "postgres": first_line(["/usr/lib/postgresql/%s/bin/postgres" % pg_bin, "--version"])
        if pg_bin else "none",
        "psql": first_line(["psql", "--version"]),
        "alembic": mods[0] if mods else "unknown",
        "sqlalchemy": mods[1] if len(mods) > 1 else "unknown",
        "psycopg2": mods[2] if len(mods) > 2 else "unknown",
        "python": mods[3] if len(mods) > 3 else "unknown",
        "hyperfine": first_line(["hyperfine", "--version"]),
        "retort": first_line([retort, "--version"]) if retort else "pending",
        "dbmate": first_line([dbmate, "--version"]) if dbmate else "none",
        "loadavg_start": open("/proc/loadavg").read().split()[:3],
    }
    git = run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"])
    if git.returncode == 0:
        info["repo_commit"] = git.stdout.strip()
    return info


# ---------------------------------------------------------------------------------------------
# Measuring

class Cmd:
    """One command to time: its label, the tool's name, argv, and the argv that resets its
    database before each run (or None)."""

    def __init__(self, label, tool, argv, prepare=None):
        self.label = label
        self.tool = tool
        self.argv = argv
        self.prepare = prepare


def peak_rss(cmd, runs):
    """Runs `cmd` `runs` times under /usr/bin/time; returns the max %M (KiB) and the samples."""
    samples = []
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        for _ in range(runs):
            if cmd.prepare:
                subprocess.run(cmd.prepare, check=True, stdout=subprocess.DEVNULL)
            p = subprocess.run(["/usr/bin/time", "-o", out.name, "-f", "%e %U %S %M"] + cmd.argv,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if p.returncode != 0:
                raise RuntimeError("%s exited %d" % (shlex.join(cmd.argv), p.returncode))
            out.seek(0)
            e, u, s, m = out.read().split()[-4:]
            samples.append({"wall_s": float(e), "user_s": float(u), "sys_s": float(s),
                            "max_rss_kib": int(m)})
    return max(s["max_rss_kib"] for s in samples), samples


def hyperfine(cmds, json_path, warmup, runs=None, min_runs=None):
    """Times `cmds` with hyperfine (-N: no shell in between); returns {label: result}."""
    argv = ["hyperfine", "-N", "--style", "basic", "--warmup", str(warmup),
            "--export-json", json_path]
    if runs:
        argv += ["--runs", str(runs)]
    if min_runs:
        argv += ["--min-runs", str(min_runs)]
    if any(c.prepare for c in cmds):
        for c in cmds:
            argv += ["--prepare", shlex.join(c.prepare) if c.prepare else "true"]
    for c in cmds:
        argv += ["-n", c.label, shlex.join(c.argv)]
    log("$ " + shlex.join(argv))
    subprocess.run(argv, check=True)
    with open(json_path) as f:
        data = json.load(f)
    out = {}
    for r in data["results"]:
        out[r["command"]] = r
    return out


class Group:
    """Commands hyperfine times together, with their run counts."""

    def __init__(self, cmds, warmup, runs=None, min_runs=None):
        self.cmds = cmds
        self.warmup = warmup
        self.runs = runs
        self.min_runs = min_runs


def measure(groups, work, name, rounds, rss_runs=2):
    """Times every group's commands with hyperfine, in `rounds` rounds: each round runs every
    group once, in reverse order every other round (and each group's commands reversed too), so
    that a change in the machine's load during the benchmark falls on every tool alike. The runs
    of all rounds are merged. A group with a fixed run count (slow commands) warms up in the
    first round only. Then measures each command's peak RSS (the max of `rss_runs` runs under
    /usr/bin/time). Returns {label: summary}."""
    merged = {}
    for r in range(rounds):
        order = groups if r % 2 == 0 else list(reversed(groups))
        for g, group in enumerate(order):
            cmds = group.cmds if r % 2 == 0 else list(reversed(group.cmds))
            # Slow commands (runs given) warm up in the first round only.
            warmup = group.warmup if r == 0 or not group.runs else 0
            raw = hyperfine(cmds, os.path.join(work, "%s-r%d-g%d.hyperfine.json" % (name, r, g)),
                            warmup, group.runs, group.min_runs)
            for c in cmds:
                m = merged.setdefault(c.label, {"cmd": c, "times": [], "user": 0.0, "system": 0.0})
                res = raw[c.label]
                m["times"] += res["times"]
                m["user"] += res["user"] * len(res["times"])
                m["system"] += res["system"] * len(res["times"])
    out = {}
    for group in groups:
        for c in group.cmds:
            m = merged[c.label]
            times = sorted(m["times"])
            n = len(times)
            mean = sum(times) / n
            stddev = (sum((t - mean) ** 2 for t in times) / (n - 1)) ** 0.5 if n > 1 else 0.0
            median = times[n // 2] if n % 2 else (times[n // 2 - 1] + times[n // 2]) / 2
            rss, samples = peak_rss(c, rss_runs)
            out[c.label] = {
                "tool": c.tool,
                "command": shlex.join(c.argv),
                "prepare": shlex.join(c.prepare) if c.prepare else None,
                "mean_s": mean, "stddev_s": stddev, "median_s": median,
                "min_s": times[0], "max_s": times[-1],
                "user_s": m["user"] / n, "system_s": m["system"] / n,
                "runs": n, "rounds": rounds, "times_s": m["times"],
                "peak_rss_kib": rss, "time_samples": samples,
            }
    return out


# ---------------------------------------------------------------------------------------------
# Benchmarks

def check(problem_list, ok, text):
    if not ok:
        problem_list.append(text)


def target(name, value, limit, op, unit="", median=None):
    """A requirement and whether the measured value (from means) meets it. `median`: the same
    figure from medians, shown beside it because it resists load spikes better."""
    met = value is not None and (value <= limit if op == "<=" else value >= limit)
    return {"target": name, "value": value, "median_value": median, "limit": limit, "op": op,
            "unit": unit, "met": met if value is not None else None}


def wall_ratio(x, y, key="mean_s"):
    return x[key] / y[key] if x and y else None


def graph_benchmarks(ctx, shape):
    d = ctx.histories["graph-" + shape]
    with open(os.path.join(d, "manifest.json")) as f:
        heads = json.load(f)["heads"]
    alembic = [PY, "-m", "alembic", "-c", os.path.join(d, "alembic", "alembic.ini")]
    result = {"history": {"shape": shape, "revisions": GRAPH_REVISIONS, "heads": len(heads)},
              "commands": {}, "targets": [], "notes": []}
    versions = os.path.join(d, "retort", "migrations", "versions")
    cat = Cmd("cat of the files", "cat", ["sh", "-c", "cd %s && exec cat *.yaml" %
                                          shlex.quote(versions)])
    current_db = os.path.join(ctx.work, "current-%s.db" % shape)
    if ctx.retort:
        # `current` reads a database at the heads (stamped: no ops run).
        run([ctx.retort, "-c", os.path.join(d, "retort", "retort.toml"), "--url",
             "sqlite:///" + current_db, "stamp", "heads"])
    for command in ("heads", "history", "current"):
        cmds = [Cmd("alembic %s" % command, "alembic", alembic + [command])] \
            if command != "current" else []
        if ctx.retort:
            url = ["--url", "sqlite:///" + current_db] if command == "current" else []
            cmds.insert(0, Cmd("retort %s" % command, "retort",
                               [ctx.retort, "-c", os.path.join(d, "retort", "retort.toml")] +
                               url + [command]))
        for c in list(cmds):
            p = run(c.argv)
            missing = [h for h in heads if not re.search(r"\b%s\b" % h, p.stdout)]
            if p.returncode != 0 or missing:
                msg = "%s failed (exit %d; heads not shown: %s): %s" % (
                    c.label, p.returncode, missing[:5], p.stderr.strip()[:300])
                log("!! " + msg)
                result["notes"].append(msg)
                cmds.remove(c)
        q = ctx.quick
        groups = []
        if any(c.tool == "retort" for c in cmds):
            groups.append(Group([c for c in cmds if c.tool == "retort"] + [cat], warmup=3,
                                min_runs=5 if q else 10))
        if any(c.tool == "alembic" for c in cmds):
            groups.append(Group([c for c in cmds if c.tool == "alembic"], warmup=1,
                                runs=2 if q else 4))
        result["commands"].update(measure(groups, ctx.work, "graph-%s-%s" % (shape, command),
                                          rounds=2 if q else ctx.rounds or 3))
        r = result["commands"].get("retort %s" % command)
        a = result["commands"].get("alembic %s" % command)
        c = result["commands"].get("cat of the files")
        result["targets"] += [
            target("retort %s wall" % command, r and r["mean_s"] * 1000, 40, "<=", "ms",
                   median=r and r["median_s"] * 1000),
            target("retort %s peak RSS" % command, r and r["peak_rss_kib"] / MIB, 30, "<=", "MiB"),
            target("retort/cat %s wall" % command, wall_ratio(r, c), 0.15, "<=", "×",
                   median=wall_ratio(r, c, "median_s")),
        ]
        if command != "current":
            result["targets"].append(
                target("alembic/retort %s wall" % command, wall_ratio(a, r), 10, ">=", "×",
                       median=wall_ratio(a, r, "median_s")))
    return result


# retort's wall time over the sqlite3 shell's on the same statements: on tmpfs the tools' own
# cost (issue 16), on the disk with its fsyncs.
SQLITE_LIMITS = {"tmpfs": 1.10, "disk": 1.15}


def sqlite_benchmark(ctx, where):
    d = ctx.histories["upgrade"]
    base = ctx.shm if where == "tmpfs" else ctx.work
    dbs = {t: os.path.join(base, "%s-%s.db" % (where, t)) for t in ("sqlite3", "retort", "alembic")}

    def prepare(path):
        return ["rm", "-f", path, path + "-journal", path + "-wal", path + "-shm"]

    cmds = [
        Cmd("sqlite3 shell", "sqlite3",
            ["sqlite3", "-bail", dbs["sqlite3"], ".read " + os.path.join(d, "sql", "upgrade.sqlite.sql")],
            prepare(dbs["sqlite3"])),
        Cmd("alembic upgrade head", "alembic",
            [PY, "-m", "alembic", "-c", os.path.join(d, "alembic", "alembic.ini"),
             "-x", "url=sqlite:///" + dbs["alembic"], "upgrade", "head"], prepare(dbs["alembic"])),
    ]
    if ctx.retort:
        cmds.insert(1, Cmd("retort upgrade head", "retort",
                           [ctx.retort, "-c", os.path.join(d, "retort", "retort.toml"),
                            "--url", "sqlite:///" + dbs["retort"], "upgrade", "head"],
                           prepare(dbs["retort"])))
    if ctx.retort and where == "tmpfs":
        # What the audit trail costs: the same upgrade with retort's history table turned off.
        dbs["retort-nohistory"] = os.path.join(base, "%s-retort-nohistory.db" % where)
        cmds.insert(2, Cmd("retort upgrade head (history_table = \"\")", "retort-nohistory",
                           [ctx.retort, "-c", os.path.join(d, "retort", "retort-nohistory.toml"),
                            "--url", "sqlite:///" + dbs["retort-nohistory"], "upgrade", "head"],
                           prepare(dbs["retort-nohistory"])))
    result = {"history": {"shape": "linear", "revisions": UPGRADE_REVISIONS, "storage": where,
                          "directory": base},
              "commands": {}, "targets": [], "notes": [], "checks": []}
    if ctx.retort:
        result["offline_sql"] = offline_sql_check(
            ctx, "sqlite", "sqlite:///" + os.path.join(ctx.work, "offline-never-created.db"))
        log("offline SQL check: " + result["offline_sql"]["detail"])
        if not result["offline_sql"]["match"]:
            result["notes"].append("the sqlite3 script is not what retort upgrade head --sql "
                                   "writes: " + result["offline_sql"]["detail"])
    for c in list(cmds):
        subprocess.run(c.prepare, check=True)
        p = run(c.argv)
        db = dbs[c.tool]
        v = run([PY, os.path.join(HERE, "verify_db.py"), os.path.join(d, "manifest.json"), db,
                 "--label", c.label])
        result["checks"].append(v.stdout.strip())
        log(v.stdout.strip())
        if p.returncode != 0 or v.returncode != 0:
            msg = "%s failed (exit %d): %s" % (c.label, p.returncode, p.stderr.strip()[-500:])
            log("!! " + msg)
            result["notes"].append(msg)
            cmds.remove(c)
    if ctx.quick:
        group, rounds, rss_runs = Group(cmds, warmup=1, runs=1), 2, 1
    elif where == "disk":
        # Each run is seconds of fsyncs whose latency drifts: one run per command per round,
        # alternating, and peak RSS once (storage does not change it).
        group, rounds, rss_runs = Group(cmds, warmup=0, runs=1), ctx.rounds or 5, 1
    else:
        group, rounds, rss_runs = Group(cmds, warmup=2, runs=5), ctx.rounds or 3, 2
    result["commands"] = measure([group], ctx.work, "sqlite-" + where, rounds, rss_runs)
    r = result["commands"].get("retort upgrade head")
    s = result["commands"].get("sqlite3 shell")
    a = result["commands"].get("alembic upgrade head")
    result["targets"] = [
        target("retort/sqlite3 wall", wall_ratio(r, s), SQLITE_LIMITS[where], "<=", "×",
               median=wall_ratio(r, s, "median_s")),
        target("alembic/retort wall", wall_ratio(a, r), 3, ">=", "×",
               median=wall_ratio(a, r, "median_s")),
        target("retort peak RSS", r and r["peak_rss_kib"] / MIB, 30, "<=", "MiB"),
    ]
    return result


def postgresql_benchmark(ctx):
    d = ctx.histories["upgrade"]
    pgdir = os.path.join(ctx.work, "pg")
    admin = run([PG_SERVER, "start", pgdir])
    if admin.returncode != 0:
        raise RuntimeError("the PostgreSQL server did not start: " + admin.stderr)
    admin_url = admin.stdout.strip()
    try:
        base = admin_url.rsplit("/", 1)[0]
        urls = {t: "%s/bench_%s" % (base, t) for t in ("psql", "retort", "alembic")}

        def prepare(tool):
            db = "bench_" + tool
            return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", admin_url,
                    "-c", 'DROP DATABASE IF EXISTS "%s"' % db, "-c", 'CREATE DATABASE "%s"' % db]

        cmds = [
            Cmd("psql -f", "psql",
                ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", urls["psql"], "-f",
                 os.path.join(d, "sql", "upgrade.postgresql.sql")], prepare("psql")),
            Cmd("alembic upgrade head", "alembic",
                [PY, "-m", "alembic", "-c", os.path.join(d, "alembic", "alembic.ini"),
                 "-x", "url=" + urls["alembic"], "upgrade", "head"], prepare("alembic")),
        ]
        if ctx.retort:
            cmds.insert(1, Cmd("retort upgrade head", "retort",
                               [ctx.retort, "-c", os.path.join(d, "retort", "retort.toml"),
                                "--url", urls["retort"], "upgrade", "head"], prepare("retort")))
            urls["retort-nohistory"] = "%s/bench_retort_nohistory" % base
            cmds.insert(2, Cmd("retort upgrade head (history_table = \"\")", "retort-nohistory",
                               [ctx.retort, "-c",
                                os.path.join(d, "retort", "retort-nohistory.toml"),
                                "--url", urls["retort-nohistory"], "upgrade", "head"],
                               prepare("retort_nohistory")))
        server = first_line(["psql", "-X", "-A", "-t", admin_url, "-c", "SELECT version()"])
        result = {"history": {"shape": "linear", "revisions": UPGRADE_REVISIONS,
                              "server": server,
                              "server_settings": "tests/support/pg_server.sh: fsync=off, "
                                                 "synchronous_commit=off, full_page_writes=off, "
                                                 "TCP on 127.0.0.1"},
                  "commands": {}, "targets": [], "notes": [], "checks": []}
        if ctx.retort:
            result["offline_sql"] = offline_sql_check(ctx, "postgresql", urls["retort"])
            log("offline SQL check: " + result["offline_sql"]["detail"])
            if not result["offline_sql"]["match"]:
                result["notes"].append("the psql script is not what retort upgrade head --sql "
                                       "writes: " + result["offline_sql"]["detail"])
        for c in list(cmds):
            subprocess.run(c.prepare, check=True, stdout=subprocess.DEVNULL)
            p = run(c.argv)
            v = run([PY, os.path.join(HERE, "verify_db.py"), os.path.join(d, "manifest.json"),
                     urls[c.tool], "--label", c.label])
            result["checks"].append(v.stdout.strip())
            log(v.stdout.strip())
            if p.returncode != 0 or v.returncode != 0:
                msg = "%s failed (exit %d): %s" % (c.label, p.returncode, p.stderr.strip()[-500:])
                log("!! " + msg)
                result["notes"].append(msg)
                cmds.remove(c)
        if ctx.quick:
            group, rounds = Group(cmds, warmup=1, runs=1), 2
        else:
            group, rounds = Group(cmds, warmup=2, runs=5), ctx.rounds or 3
        result["commands"] = measure([group], ctx.work, "postgresql", rounds)
    finally:
        run([PG_SERVER, "stop", pgdir])
    r = result["commands"].get("retort upgrade head")
    p = result["commands"].get("psql -f")

    def cpu(x):
        return x["user_s"] + x["system_s"]
    result["targets"] = [
        target("retort/psql wall", wall_ratio(r, p), 1.15, "<=", "×",
               median=wall_ratio(r, p, "median_s")),
        target("retort/psql client CPU", r and p and cpu(r) / cpu(p), 2, "<=", "×"),
    ]
    return result


NOOP_SIZES = (200, 2000)
# (baseline limit at 200, at 2,000) per dialect: retort's wall time over the one query's.
NOOP_LIMITS = {"sqlite": {200: 1.2, 2000: 1.5}, "postgresql": {200: 0.7, 2000: 1.1}}
NOOP_PEAK_MIB = 14
NOOP_DBMATE_RATIO = 3


def noop_benchmark(ctx, dialect, n):
    """`upgrade head` on a database already at head: retort, the one SELECT of the version table
    in the database's own shell, dbmate's `migrate` on the same history."""
    d = ctx.histories["upgrade" if n == UPGRADE_REVISIONS else "graph-linear"]
    toml = os.path.join(d, "retort", "retort.toml")
    result = {"history": {"shape": "linear", "revisions": n, "dialect": dialect},
              "commands": {}, "targets": [], "notes": []}
    query = "SELECT version_num FROM alembic_version"
    dbmate_dir = os.path.join(d, "dbmate", dialect)
    if dialect == "sqlite":
        db = os.path.join(ctx.work, "noop-%d.db" % n)
        url = "sqlite:///" + db
        dbmate_url = "sqlite:" + os.path.join(ctx.work, "noop-dbmate-%d.db" % n)
        baseline = Cmd("sqlite3 SELECT", "sqlite3", ["sqlite3", db, query])
    else:
        base = ctx.pg_admin_url.rsplit("/", 1)[0]
        for name in ("noop_%d" % n, "noop_dbmate_%d" % n):
            run(["psql", "-X", "-q", ctx.pg_admin_url, "-c", 'DROP DATABASE IF EXISTS "%s"' % name,
                 "-c", 'CREATE DATABASE "%s"' % name])
        url = "%s/noop_%d" % (base, n)
        dbmate_url = "%s/noop_dbmate_%d?sslmode=disable" % (
            base.replace("postgresql://", "postgres://", 1), n)
        baseline = Cmd("psql -c SELECT", "psql", ["psql", "-X", url, "-c", query])
    cmds = [baseline]
    if ctx.retort:
        p = run([ctx.retort, "-c", toml, "--url", url, "-q", "upgrade", "head"])
        if p.returncode != 0:
            result["notes"].append("retort upgrade head (setup) failed: " + p.stderr[-300:])
        else:
            cmds.insert(0, Cmd("retort upgrade head (no-op)", "retort",
                               [ctx.retort, "-c", toml, "--url", url, "upgrade", "head"]))
            run([ctx.retort, "-c", toml, "heads"])  # the header cache, as after any earlier run
    if ctx.dbmate:
        argv = [ctx.dbmate, "--no-dump-schema", "--url", dbmate_url, "--migrations-dir",
                dbmate_dir, "migrate"]
        p = run(argv)
        if p.returncode != 0:
            result["notes"].append("dbmate migrate (setup) failed: " + p.stderr[-300:])
        else:
            cmds.append(Cmd("dbmate migrate (no-op)", "dbmate", argv))
    else:
        result["notes"].append("dbmate is not installed: its rows are missing")
    for c in cmds:
        p = run(c.argv)
        if p.returncode != 0 or (c.tool == "retort" and "Nothing to do" not in p.stdout):
            msg = "%s is not a no-op (exit %d): %s" % (c.label, p.returncode,
                                                       (p.stdout + p.stderr)[-300:])
            log("!! " + msg)
            result["notes"].append(msg)
    q = ctx.quick
    result["commands"] = measure([Group(cmds, warmup=2 if q else 3, min_runs=3 if q else 10)],
                                 ctx.work, "noop-%s-%d" % (dialect, n),
                                 rounds=2 if q else ctx.rounds or 3)
    r = result["commands"].get("retort upgrade head (no-op)")
    b = result["commands"].get(baseline.label)
    m = result["commands"].get("dbmate migrate (no-op)")
    result["targets"] = [
        target("retort/%s wall" % baseline.tool, wall_ratio(r, b), NOOP_LIMITS[dialect][n], "<=",
               "×", median=wall_ratio(r, b, "median_s")),
        target("dbmate/retort wall", wall_ratio(m, r), NOOP_DBMATE_RATIO, ">=", "×",
               median=wall_ratio(m, r, "median_s")),
    ]
    if n == max(NOOP_SIZES):
        result["targets"].append(target("retort peak RSS", r and r["peak_rss_kib"] / MIB,
                                        NOOP_PEAK_MIB, "<=", "MiB"))
    return result


REBUILD_TABLES = 20
REBUILD_ROWS = 500
REBUILD_REVISIONS = 60


def rebuild_project(ctx):
    """A retort project whose first revision creates REBUILD_TABLES tables of REBUILD_ROWS rows
    and whose next REBUILD_REVISIONS - 1 revisions each change a column's type or nullability:
    on SQLite every one of those is a table rebuild (create, copy, drop, rename, indexes)."""
    d = os.path.join(ctx.work, "rebuild")
    versions = os.path.join(d, "migrations", "versions")
    os.makedirs(versions, exist_ok=True)
    with open(os.path.join(d, "retort.toml"), "w") as f:
        f.write('[migrations]\ndirectory = "migrations/versions"\n')
    ops = []
    for t in range(REBUILD_TABLES):
        ops += ["- create_table:",
                "    table: r%d" % t,
                "    columns:",
                "      - {name: id, type: integer, primary_key: true}",
                "      - {name: name, type: string(40), nullable: false}",
                "      - {name: amount, type: integer}",
                "      - {name: note, type: string(80)}",
                "- create_index: {table: r%d, name: ix_r%d_name, columns: [name]}" % (t, t),
                "- bulk_insert:",
                "    table: r%d" % t,
                "    rows:"]
        ops += ["      - {id: %d, name: n%d, amount: %d, note: row %d}" % (i, i, i * 7, i)
                for i in range(1, REBUILD_ROWS + 1)]
    revs = [("0001", None, "tables", ops)]
    for n in range(2, REBUILD_REVISIONS + 1):
        t = n % REBUILD_TABLES
        change = ("type: bigint" if (n // REBUILD_TABLES) % 2 == 0 else "type: integer")
        revs.append(("%04d" % n, "%04d" % (n - 1), "alter r%d.amount" % t,
                     ["- alter_column: {table: r%d, column: amount, %s}" % (t, change)]))
    for rev, down, message, body in revs:
        with open(os.path.join(versions, "%s.yaml" % rev), "w") as f:
            f.write("revision: \"%s\"\ndown_revision: %s\nmessage: %s\nupgrade:\n%s\n"
                    "downgrade: []\n" % (rev, '"%s"' % down if down else "null", message,
                                          "\n".join("  " + line for line in body)))
    return d


def rebuild_benchmark(ctx):
    """SQLite's table-rebuild path: `upgrade head` of rebuild_project() on tmpfs, against the
    sqlite3 shell running the script `retort upgrade head --sql` writes for it (the same
    statements, one transaction per revision)."""
    d = rebuild_project(ctx)
    toml = os.path.join(d, "retort.toml")
    result = {"history": {"shape": "linear", "revisions": REBUILD_REVISIONS,
                          "tables": REBUILD_TABLES, "rows_per_table": REBUILD_ROWS,
                          "rebuilds": REBUILD_REVISIONS - 1, "storage": "tmpfs"},
              "commands": {}, "targets": [], "notes": []}
    if not ctx.retort:
        result["notes"].append("no retort binary: the script comes from retort --sql")
        return result
    script = os.path.join(ctx.work, "rebuild.sqlite.sql")
    p = run([ctx.retort, "-c", toml, "--url", "sqlite:///" + os.path.join(ctx.shm, "never.db"),
             "upgrade", "head", "--sql"])
    if p.returncode != 0:
        result["notes"].append("retort upgrade head --sql failed: " + p.stderr[-300:])
        return result
    with open(script, "w") as f:
        f.write(p.stdout)
    dbs = {t: os.path.join(ctx.shm, "rebuild-%s.db" % t) for t in ("sqlite3", "retort")}

    def prepare(path):
        return ["rm", "-f", path, path + "-journal", path + "-wal", path + "-shm"]
    cmds = [Cmd("sqlite3 shell (retort's --sql script)", "sqlite3",
                ["sqlite3", "-bail", dbs["sqlite3"], ".read " + script], prepare(dbs["sqlite3"])),
            Cmd("retort upgrade head", "retort",
                [ctx.retort, "-c", toml, "--url", "sqlite:///" + dbs["retort"], "upgrade", "head"],
                prepare(dbs["retort"]))]
    dumps = []
    for c in cmds:
        subprocess.run(c.prepare, check=True)
        q = run(c.argv)
        if q.returncode != 0:
            result["notes"].append("%s failed (exit %d): %s" % (c.label, q.returncode,
                                                                q.stderr[-300:]))
            return result
        dumps.append(run(["sqlite3", dbs[c.tool], "SELECT count(*) FROM r1; "
                          "SELECT type FROM pragma_table_info('r1') WHERE name = 'amount'"]).stdout)
    if dumps[0] != dumps[1]:
        result["notes"].append("the two databases differ: %r vs %r" % (dumps[0], dumps[1]))
    q = ctx.quick
    result["commands"] = measure([Group(cmds, warmup=1 if q else 2, runs=1 if q else 5)],
                                 ctx.work, "rebuild", rounds=2 if q else ctx.rounds or 3)
    r = result["commands"].get("retort upgrade head")
    b = result["commands"].get("sqlite3 shell (retort's --sql script)")
    result["targets"] = [
        target("retort/sqlite3 wall", wall_ratio(r, b), SQLITE_LIMITS["tmpfs"], "<=", "×",
               median=wall_ratio(r, b, "median_s")),
    ]
    return result


IMPORT_FILES = 200


def import_benchmark(ctx):
    """`retort import alembic` of IMPORT_FILES Alembic scripts (bench/import_alembic.py writes
    them), against Alembic reading the same history (`alembic history` imports every script) and
    Python's own floor: start-up and `ast.parse` of every file, which the importer runs too."""
    sys.path.insert(0, HERE)
    import import_alembic
    d = os.path.join(ctx.work, "import")
    src = os.path.join(d, "alembic")
    versions = import_alembic.generate(src, IMPORT_FILES)
    ini = os.path.join(d, "alembic.ini")
    with open(ini, "w") as f:
        f.write("[alembic]\nscript_location = %s\n" % src)
    files = sorted(os.path.join(versions, p) for p in os.listdir(versions))
    out = os.path.join(d, "out")
    cmds = [Cmd("alembic history", "alembic", [PY, "-m", "alembic", "-c", ini, "history"]),
            Cmd("python3 ast.parse of the files", "python",
                [PY, "-I", "-S", "-c",
                 "import ast, sys\nfor p in sys.argv[1:]: ast.parse(open(p, 'rb').read())"] +
                files)]
    if ctx.retort:
        cmds.insert(0, Cmd("retort import alembic", "retort",
                           [ctx.retort, "import", "alembic", src, "--into", out, "--force",
                            "--python", PY]))
    result = {"history": {"scripts": IMPORT_FILES, "shape": "linear"},
              "commands": {}, "targets": [], "notes": []}
    # Without a retort.toml in the working directory the importer writes one there: run it in
    # the benchmark's own directory, never the caller's.
    here = os.getcwd()
    os.chdir(d)
    for c in list(cmds):
        p = run(c.argv)
        if p.returncode != 0:
            result["notes"].append("%s failed (exit %d): %s" % (c.label, p.returncode,
                                                                (p.stdout + p.stderr)[-300:]))
            cmds.remove(c)
    if ctx.retort and os.path.isdir(out):
        written = len([n for n in os.listdir(out) if n.endswith(".yaml")])
        if written != IMPORT_FILES:
            result["notes"].append("retort import wrote %d files, not %d" % (written,
                                                                            IMPORT_FILES))
    q = ctx.quick
    result["commands"] = measure([Group(cmds, warmup=1, runs=2 if q else 5)], ctx.work,
                                 "import", rounds=2 if q else ctx.rounds or 3)
    os.chdir(here)
    r = result["commands"].get("retort import alembic")
    a = result["commands"].get("alembic history")
    py = result["commands"].get("python3 ast.parse of the files")
    # No target is set for the import (issue 16 asks for the row): the ratios are reported.
    for label, x in (("alembic history", a), ("python3 ast.parse", py)):
        if r and x:
            result["notes"].append("retort import alembic / %s: %.2f× (wall, means), %.2f× "
                                   "(medians)" % (label, wall_ratio(r, x),
                                                  wall_ratio(r, x, "median_s")))
    return result


SCALE_TABLES = 1000


def scale_project(ctx, dialect, url):
    """A retort project whose one revision creates SCALE_TABLES tables; applies it to `url` and
    writes the model from the reflected schema (`sql-schema`), so that `check` is clean."""
    d = os.path.join(ctx.work, "scale-" + dialect)
    os.makedirs(os.path.join(d, "migrations", "versions"), exist_ok=True)
    os.makedirs(os.path.join(d, "models"), exist_ok=True)
    with open(os.path.join(d, "retort.toml"), "w") as f:
        f.write('[migrations]\ndirectory = "migrations/versions"\n[models]\npath = "models"\n')
    ops = []
    for i in range(SCALE_TABLES):
        t = "t%d" % i
        op = ["- create_table:",
              "    table: %s" % t,
              "    columns:",
              "      - {name: id, type: integer, primary_key: true, autoincrement: true}",
              "      - {name: name, type: string(50), nullable: false}",
              "      - {name: amount, type: numeric(10,2), server_default: 0}",
              "      - {name: created, type: datetime(tz), server_default: CURRENT_TIMESTAMP}",
              "      - {name: note, type: text}"]
        if i:
            op += ["      - {name: parent, type: integer}",
                   "    foreign_keys:",
                   "      - {name: fk_%s_parent, columns: [parent], references: {table: t%d, "
                   "columns: [id]}, on_delete: CASCADE}" % (t, i - 1)]
        op += ["    unique: [{name: uq_%s_name, columns: [name]}]" % t,
               "    checks: [{name: ck_%s_amount, expression: \"amount >= 0\"}]" % t,
               "    indexes: [{name: ix_%s_note, columns: [note], where: \"amount > 0\"}]" % t]
        ops.append("\n".join("  " + line for line in op))
    with open(os.path.join(d, "migrations", "versions", "001_scale.yaml"), "w") as f:
        f.write('revision: "001"\ndown_revision: null\nmessage: %d tables\nupgrade:\n%s\n'
                'downgrade: []\n' % (SCALE_TABLES, "\n".join(ops)))
    toml = os.path.join(d, "retort.toml")
    for argv in (["upgrade", "head"], ["sql-schema"]):
        p = run([ctx.retort, "-c", toml, "--url", url] + argv)
        if p.returncode != 0:
            raise RuntimeError("scale setup: retort %s failed (exit %d): %s" % (
                " ".join(argv), p.returncode, p.stderr.strip()[-500:]))
    with open(os.path.join(d, "models", "schema.yaml"), "w") as f:
        f.write(p.stdout)
    return toml


def scale_benchmark(ctx, dialect):
    result = {"history": {"tables": SCALE_TABLES, "dialect": dialect},
              "commands": {}, "targets": [], "notes": []}
    if not ctx.retort:
        result["notes"].append("no retort binary: nothing to measure")
        return result
    pgdir = None
    try:
        if dialect == "sqlite":
            db = os.path.join(ctx.shm, "scale.db")
            url = "sqlite:///" + db
            baseline = Cmd("sqlite3 .schema", "sqlite3", ["sqlite3", db, ".schema"])
        else:
            pgdir = os.path.join(ctx.work, "pg-scale")
            admin = run([PG_SERVER, "start", pgdir])
            if admin.returncode != 0:
                raise RuntimeError("the PostgreSQL server did not start: " + admin.stderr)
            url = admin.stdout.strip()
            baseline = Cmd("pg_dump --schema-only", "pg_dump",
                           ["pg_dump", "--schema-only", "--no-owner", url])
        toml = scale_project(ctx, dialect, url)
        cmds = [Cmd("retort sql-schema", "retort", [ctx.retort, "-c", toml, "--url", url,
                                                    "sql-schema"]),
                Cmd("retort check", "retort", [ctx.retort, "-c", toml, "--url", url, "check"]),
                baseline]
        for c in list(cmds):
            p = run(c.argv)
            if p.returncode != 0:
                msg = "%s failed (exit %d): %s" % (c.label, p.returncode,
                                                   (p.stderr or p.stdout).strip()[-500:])
                log("!! " + msg)
                result["notes"].append(msg)
                cmds.remove(c)
        q = ctx.quick
        result["commands"] = measure([Group(cmds, warmup=1 if q else 2, min_runs=3 if q else 10)],
                                     ctx.work, "scale-" + dialect, rounds=2 if q else ctx.rounds or 3)
    finally:
        if pgdir:
            run([PG_SERVER, "stop", pgdir])
    b = result["commands"].get(baseline.label)
    for label in ("retort sql-schema", "retort check"):
        r = result["commands"].get(label)
        result["targets"].append(target("%s / %s wall" % (label, baseline.label),
                                        wall_ratio(r, b), 5, "<=", "×",
                                        median=wall_ratio(r, b, "median_s")))
    return result


def script_statements(text):
    """The statements of an SQL script, comments and blank lines dropped, whitespace folded."""
    out, cur = [], []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("--"):
            continue
        cur.append(line.strip())
        if line.rstrip().endswith(";"):
            out.append(" ".join(cur))
            cur = []
    if cur:
        out.append(" ".join(cur))
    return out


def offline_sql_check(ctx, dialect, url):
    """Whether `retort upgrade head --sql` writes the statements of our plain SQL script (the one
    the sqlite3 shell / psql run), in the same order: the raw tools must run what retort runs."""
    d = ctx.histories["upgrade"]
    p = run([ctx.retort, "-c", os.path.join(d, "retort", "retort.toml"), "--url", url,
             "upgrade", "head", "--sql"])
    if p.returncode != 0:
        return {"match": False, "detail": "retort upgrade head --sql failed (exit %d): %s"
                % (p.returncode, p.stderr.strip()[:300])}
    with open(os.path.join(d, "sql", "upgrade.%s.sql" % dialect)) as f:
        ours = script_statements(f.read())
    theirs = script_statements(p.stdout)
    with open(os.path.join(ctx.work, "retort-offline.%s.sql" % dialect), "w") as f:
        f.write(p.stdout)
    if ours == theirs:
        return {"match": True, "detail": "retort upgrade head --sql writes the same %d statements"
                % len(ours)}
    i = next((k for k, (a, b) in enumerate(zip(ours, theirs)) if a != b),
             min(len(ours), len(theirs)))
    return {"match": False, "detail": "statement %d differs (%d vs %d statements): ours %r, "
            "retort --sql %r" % (i + 1, len(ours), len(theirs),
                                 ours[i][:200] if i < len(ours) else None,
                                 theirs[i][:200] if i < len(theirs) else None)}


# ---------------------------------------------------------------------------------------------
# Report

def fmt_ms(seconds):
    return "%.1f" % (seconds * 1000) if seconds < 10 else "%.0f" % (seconds * 1000)


def table(result):
    head = ("| command | mean ± σ (ms) | median (ms) | min (ms) | user+sys (ms) | peak RSS (MiB) "
            "| runs |")
    rows = [head, "|---|---:|---:|---:|---:|---:|---:|"]
    for label, c in result["commands"].items():
        rows.append("| `%s` | %s ± %s | %s | %s | %s | %.1f | %d |" % (
            label, fmt_ms(c["mean_s"]), fmt_ms(c["stddev_s"]), fmt_ms(c["median_s"]),
            fmt_ms(c["min_s"]), fmt_ms(c["user_s"] + c["system_s"]), c["peak_rss_kib"] / MIB,
            c["runs"]))
    return "\n".join(rows)


def targets_table(result):
    rows = ["| target | measured (means) | from medians | required | met |",
            "|---|---:|---:|---:|---|"]

    def show(v, unit):
        if v is None:
            return "pending" if unit else "—"
        return "%.2f×" % v if unit == "×" else "%.1f %s" % (v, unit)
    for t in result["targets"]:
        value = show(t["value"], t["unit"])
        median = show(t.get("median_value"), "") if t.get("median_value") is None else \
            show(t["median_value"], t["unit"])
        limit = "%s %s%s" % (t["op"].replace("<=", "≤").replace(">=", "≥"), t["limit"],
                             "" if t["unit"] == "×" else " " + t["unit"])
        if t["unit"] == "×":
            limit += "×"
        met = "pending" if t["met"] is None else ("yes" if t["met"] else "**no**")
        rows.append("| %s | %s | %s | %s | %s |" % (t["target"], value, median, limit, met))
    return "\n".join(rows)


BENCHMARKS = ["graph-linear", "graph-branchy", "noop-sqlite-200", "noop-sqlite-2000",
              "noop-postgresql-200", "noop-postgresql-2000", "sqlite-tmpfs", "sqlite-disk",
              "sqlite-rebuild", "postgresql", "scale-sqlite", "scale-postgresql",
              "import"]
ALL = {"graph", "noop", "sqlite", "rebuild", "postgresql", "scale", "import"}


def write_summary(results_dir, fresh):
    """summary.json and summary.md from every RESULTS/<benchmark>.json: the ones this run wrote
    (`fresh`) and, after an --only run, the others from earlier runs (each says when and how it
    was measured)."""
    results = {}
    for name in BENCHMARKS:
        if name in fresh:
            results[name] = fresh[name]
            continue
        path = os.path.join(results_dir, name + ".json")
        if os.path.exists(path):
            with open(path) as f:
                results[name] = json.load(f)
    md = ["# retort benchmark results", ""]
    for name, result in results.items():
        m = result["machine"]
        md += ["## %s" % name, "",
               "`%s` at %s on %d × %s (%s GiB), `%s`; loadavg %s → %s%s." % (
                   result["invocation"], m["date"], m["nproc"], m["cpu"], m["memory_gib"],
                   m["retort"], " ".join(m["loadavg_start"]), " ".join(m["loadavg_end"]),
                   " — QUICK MODE, not results" if result.get("quick") else ""), "",
               "History: %s" % json.dumps(result["history"]), ""]
        if "offline_sql" in result:
            md += ["Script check: %s." % result["offline_sql"]["detail"], ""]
        md += [table(result), "", targets_table(result), ""]
        md += ["- " + n for n in result["notes"]]
        if result["notes"]:
            md.append("")
    summary = {name: {"invocation": r["invocation"], "date": r["machine"]["date"],
                      "quick": r.get("quick", False), "targets": r["targets"]}
               for name, r in results.items()}
    with open(os.path.join(results_dir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    with open(os.path.join(results_dir, "summary.md"), "w") as f:
        f.write("\n".join(md))
    log("\n" + "\n".join(md))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("retort", nargs="?", default="", help="the retort binary (omit: pending)")
    ap.add_argument("--quick", action="store_true", help="few runs (a smoke test, not results)")
    ap.add_argument("--only", default="graph,noop,sqlite,rebuild,postgresql,scale,import")
    ap.add_argument("--dbmate", default=os.environ.get("DBMATE", ""),
                    help="the dbmate binary (run.sh installs it; omit: its rows are missing)")
    ap.add_argument("--results", default=os.path.join(HERE, "results"))
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--rounds", type=int, default=0,
                    help="rounds per benchmark (default 3; SQLite on disk 5): more for less noise")
    args = ap.parse_args()
    only = set(args.only.split(","))
    if not only <= ALL:
        ap.error("--only takes a comma-separated subset of " + ",".join(sorted(ALL)))

    class Ctx:
        pass
    ctx = Ctx()
    ctx.quick = args.quick
    ctx.rounds = args.rounds
    ctx.retort = ""
    ctx.dbmate = shutil.which(args.dbmate) if args.dbmate else None
    if args.retort:
        path = shutil.which(args.retort) or args.retort
        path = os.path.abspath(path)
        probe = run([path, "--version"]) if os.access(path, os.X_OK) else None
        if probe is not None and probe.returncode == 0:
            ctx.retort = path
        else:
            log("retort: %s does not run (%s); its rows are pending" % (
                args.retort, probe.stderr.strip()[:200] if probe else "not executable"))
    else:
        log("retort: no binary given; its rows are pending")

    # Python writes bytecode for the Alembic revision files as it would for any user, so that
    # the warm-up runs leave Alembic its usual cache (some environments turn it off).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    # A SIGTERM still stops the PostgreSQL server and removes the work directories (finally).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.time()
    ctx.work = tempfile.mkdtemp(prefix="retort-bench.")
    os.chmod(ctx.work, 0o755)  # the throwaway PostgreSQL runs as another user when we are root
    ctx.shm = tempfile.mkdtemp(prefix="retort-bench.", dir="/dev/shm") \
        if os.path.isdir("/dev/shm") else ctx.work
    os.makedirs(args.results, exist_ok=True)
    try:
        machine = machine_info(ctx.retort, ctx.dbmate)
        log("machine: %s" % json.dumps(machine))
        ctx.histories = {}
        gen = os.path.join(HERE, "gen_history.py")
        plans = []
        if only & {"graph", "noop"}:
            plans.append(("graph-linear", "linear", GRAPH_REVISIONS))
        if "graph" in only:
            plans.append(("graph-branchy", "branchy", GRAPH_REVISIONS))
        if only & {"sqlite", "postgresql", "noop"}:
            plans.append(("upgrade", "linear", UPGRADE_REVISIONS))
        for key, shape, n in plans:
            out = os.path.join(ctx.work, key)
            p = run([PY, gen, "--shape", shape, "--revisions", str(n), "--out", out])
            if p.returncode != 0:
                raise RuntimeError("gen_history.py failed: " + p.stderr)
            log("history %s: %s" % (key, p.stdout.strip()[:200]))
            ctx.histories[key] = out

        results = {}
        if "graph" in only:
            for shape in ("linear", "branchy"):
                results["graph-" + shape] = graph_benchmarks(ctx, shape)
        if "noop" in only:
            for n in NOOP_SIZES:
                results["noop-sqlite-%d" % n] = noop_benchmark(ctx, "sqlite", n)
            pgdir = os.path.join(ctx.work, "pg-noop")
            admin = run([PG_SERVER, "start", pgdir])
            if admin.returncode != 0:
                raise RuntimeError("the PostgreSQL server did not start: " + admin.stderr)
            ctx.pg_admin_url = admin.stdout.strip()
            try:
                for n in NOOP_SIZES:
                    results["noop-postgresql-%d" % n] = noop_benchmark(ctx, "postgresql", n)
            finally:
                run([PG_SERVER, "stop", pgdir])
        if "sqlite" in only:
            results["sqlite-tmpfs"] = sqlite_benchmark(ctx, "tmpfs")
            results["sqlite-disk"] = sqlite_benchmark(ctx, "disk")
        if "rebuild" in only:
            results["sqlite-rebuild"] = rebuild_benchmark(ctx)
        if "import" in only:
            results["import"] = import_benchmark(ctx)
        if "postgresql" in only:
            results["postgresql"] = postgresql_benchmark(ctx)
        if "scale" in only:
            results["scale-sqlite"] = scale_benchmark(ctx, "sqlite")
            results["scale-postgresql"] = scale_benchmark(ctx, "postgresql")

        machine["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
        machine["total_runtime_s"] = round(time.time() - started, 1)
        invocation = " ".join(
            ["bench/run.sh"] + ([args.retort] if args.retort else []) +
            (["--quick"] if args.quick else []) +
            ([] if only == ALL else ["--only", ",".join(sorted(only))]) +
            (["--rounds", str(args.rounds)] if args.rounds else []))
        for name, result in results.items():
            result["machine"] = machine
            result["invocation"] = invocation
            result["quick"] = args.quick
            with open(os.path.join(args.results, name + ".json"), "w") as f:
                json.dump(result, f, indent=1)
                f.write("\n")
        write_summary(args.results, results)
    finally:
        if args.keep:
            log("work directory kept: %s %s" % (ctx.work, ctx.shm))
        else:
            shutil.rmtree(ctx.work, ignore_errors=True)
            if ctx.shm != ctx.work:
                shutil.rmtree(ctx.shm, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
