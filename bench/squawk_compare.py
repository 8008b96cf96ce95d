#!/usr/bin/env python3
"""retort lint next to squawk (the PostgreSQL migration linter, npm `squawk-cli`) on the same
histories (docs/lint.md, "retort lint and squawk").

For each history — the Sales Agent example with its `lint_allow` lines removed, and
bench/squawk/history (every risky pattern written as raw SQL in `execute` ops) — each revision's
upgrade is rendered as the PostgreSQL script `retort upgrade PREV:REV --sql` writes (the SQL that
would run, with the `SET lock_timeout` of the configuration), squawk lints that script, and
`retort lint REV --json` (opt-in rules enabled) lints the YAML. Every squawk finding must be
covered by a retort finding on the same revision, through the table RULES below; squawk's rules
about style or about what retort does by itself are listed in EXCEPTED with the reason.

Prints one line per revision and squawk finding, a summary, and exits 1 when a finding is not
covered. Needs node/npm: squawk is installed into a cache directory when it is not on PATH.

Usage: bench/squawk_compare.py --retort BUILD/retort [--squawk PATH] [--keep DIR]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SQUAWK_VERSION = "2.66.0"

# squawk rule → the retort codes any one of which covers it.
RULES = {
    "adding-field-with-default": {"R123"},
    "adding-foreign-key-constraint": {"R109"},
    "adding-not-nullable-field": {"R106", "R107"},
    "adding-required-field": {"R107"},
    "adding-serial-primary-key-field": {"R121"},
    "ban-char-field": {"R126"},
    "ban-concurrent-index-creation-in-transaction": {"R110"},
    "ban-drop-column": {"R102"},
    "ban-drop-table": {"R101"},
    "ban-truncate-cascade": {"R125"},
    "changing-column-type": {"R105"},
    "constraint-missing-not-valid": {"R109", "R120", "R121", "R122"},
    "disallowed-unique-constraint": {"R121"},
    "prefer-big-int": {"R127"},
    "prefer-bigint-over-int": {"R127"},
    "prefer-bigint-over-smallint": {"R127"},
    "prefer-timestamp-tz": {"R128"},
    "prefer-timestamptz": {"R128"},
    "renaming-column": {"R104"},
    "renaming-table": {"R103"},
    "require-concurrent-index-creation": {"R108"},
    "require-concurrent-index-deletion": {"R124"},
}

# squawk rules retort covers only in part: a finding not covered by RULES is counted as
# excepted, with the reason.
PARTLY = {
    "prefer-bigint-over-int": "squawk reports every integer column; R127 reports integer "
                              "primary keys, the values that grow with the row count",
    "prefer-bigint-over-smallint": "as prefer-bigint-over-int",
}

# squawk rules that are not safety findings retort reports, with the reason (docs/lint.md).
EXCEPTED = {
    "prefer-robust-stmts": "style: IF [NOT] EXISTS everywhere; retort runs each revision in one "
                           "transaction and records it, so a failed revision is re-run whole",
    "prefer-text-field": "style: varchar(n) is retort's string(n), a length the model declares",
    "prefer-identity": "style: serial vs identity columns",
    "require-statement-timeout": "retort sets statement_timeout from [postgresql] "
                                 "statement_timeout when configured (online and in --sql "
                                 "scripts); a long backfill may need none",
    "require-lock-timeout": "retort sets lock_timeout from [postgresql] lock_timeout, online and "
                            "at the top of every --sql script",
    "transaction-nesting": "retort refuses BEGIN/COMMIT in a transactional revision's execute "
                           "when it loads the file (docs/migration-files.md, 'Transactions'); "
                           "squawk sees the BEGIN/COMMIT retort's own --sql script wraps each "
                           "revision in",
    "ban-drop-not-null": "dropping NOT NULL relaxes a constraint; not a lock or data risk",
}


def squawk_binary(given):
    if given:
        return given
    found = shutil.which("squawk")
    if found:
        return found
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")),
                         "retort-squawk")
    binary = os.path.join(cache, "node_modules", ".bin", "squawk")
    if not os.path.exists(binary):
        os.makedirs(cache, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", cache, "--no-audit", "--no-fund",
                        "squawk-cli@" + SQUAWK_VERSION], check=True, stdout=subprocess.DEVNULL)
    return binary


def run(cmd, cwd, ok=(0,)):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode not in ok:
        sys.exit("%s failed (%d):\n%s%s" % (" ".join(cmd), p.returncode, p.stdout, p.stderr))
    return p.stdout


def strip_lint_allow(directory):
    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        text = open(path).read()
        text = re.sub(r",\s*lint_allow:\s*(\[[^\]]*\]|R\d+)", "", text)
        text = re.sub(r"\n\s*lint_allow:\s*(\[[^\]]*\]|R\d+)[ \t]*(#[^\n]*)?(?=\n)", "", text)
        text = re.sub(r"\{\s*lint_allow:\s*(\[[^\]]*\]|R\d+),\s*", "{", text)
        open(path, "w").write(text)


def compare(name, project, retort, squawk):
    url = "postgresql://localhost/squawk_compare"
    env_args = ["--url", url]
    history = json.loads(run([retort, *env_args, "history", "--json"], project))
    revisions = [r["revision"] for r in reversed(history["revisions"])]
    parents = {r["revision"]: r.get("down_revisions") or [] for r in history["revisions"]}
    lint = json.loads(run([retort, *env_args, "lint", "--json", "--enable", "R127", "--enable",
                           "R128"], project, ok=(0, 1)))
    retort_codes = {}
    for f in lint["findings"]:
        retort_codes.setdefault(f["revision"], set()).add(f["code"])
    uncovered = covered = excepted = 0
    for rev in revisions:
        parent = parents[rev][0] if parents[rev] else None
        target = ("%s:%s" % (parent, rev)) if parent else rev
        script = run([retort, *env_args, "upgrade", target, "--sql"], project)
        path = os.path.join(project, "rev_%s.sql" % rev)
        open(path, "w").write(script)
        out = run([squawk, "--reporter", "json", path], project, ok=(0, 1, 2))
        findings = json.loads(out) if out.strip() else []
        for f in findings:
            rule = f["rule_name"]
            mine = retort_codes.get(rev, set())
            if rule in EXCEPTED:
                excepted += 1
                verdict = "excepted"
            elif RULES.get(rule, set()) & mine:
                covered += 1
                verdict = "covered by " + ", ".join(sorted(RULES[rule] & mine))
            elif rule in PARTLY:
                excepted += 1
                verdict = "excepted (only partly a retort rule)"
            else:
                uncovered += 1
                verdict = "NOT COVERED (retort: %s)" % (", ".join(sorted(mine)) or "nothing")
            print("%s %s: squawk %s: %s" % (name, rev, rule, verdict))
    print("%s: %d squawk finding(s) covered by retort, %d excepted, %d not covered"
          % (name, covered, excepted, uncovered))
    return uncovered


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--retort", required=True)
    ap.add_argument("--squawk")
    ap.add_argument("--keep", help="work in this directory and keep it")
    args = ap.parse_args()
    retort = os.path.abspath(args.retort)
    squawk = squawk_binary(args.squawk)
    print("squawk: " + run([squawk, "--version"], ROOT).strip())
    work = args.keep or tempfile.mkdtemp(prefix="squawk-compare-")
    if os.path.exists(work) and args.keep:
        shutil.rmtree(work)
    os.makedirs(work, exist_ok=True)
    failures = 0
    for name, source in (("salesagent", os.path.join(ROOT, "examples", "salesagent")),
                         ("raw-sql", os.path.join(HERE, "squawk", "history"))):
        project = os.path.join(work, name)
        shutil.copytree(source, project, ignore=shutil.ignore_patterns("*.db", "app", "seed"))
        strip_lint_allow(os.path.join(project, "migrations", "versions"))
        failures += compare(name, project, retort, squawk)
    if not args.keep:
        shutil.rmtree(work)
    print("squawk findings not covered by retort lint: %d" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
