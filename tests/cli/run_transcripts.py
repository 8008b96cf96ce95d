#!/usr/bin/env python3
"""Runs the CLI transcripts (tests/cli/*.t, cram format) against the built retort binary.

Transcripts whose name starts with `db_` depend on the database and run twice: once on SQLite
and once on PostgreSQL (a fresh database per transcript on the server given by --pg-url). The
others run once. Exits non-zero when any transcript differs; prints the closing line
'N passed, N failed'.
"""
import argparse
import glob
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--retort", required=True, help="the built retort binary")
    ap.add_argument("--pg-url", default=os.environ.get("RETORT_TEST_PG_URL", ""))
    ap.add_argument("transcripts", nargs="*", help="only these .t files")
    args = ap.parse_args()
    if not args.pg_url:
        print("run_transcripts: no PostgreSQL URL (--pg-url or RETORT_TEST_PG_URL); "
              "PostgreSQL transcripts are never skipped", file=sys.stderr)
        return 1

    retort = os.path.abspath(args.retort)
    files = args.transcripts or sorted(glob.glob(os.path.join(here, "*.t")))
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(retort) + os.pathsep + env["PATH"]
    env["RETORT_TEST_PG_URL"] = args.pg_url
    env["RETORT_SOURCE_DIR"] = os.path.dirname(os.path.dirname(here))
    for var in ("DATABASE_URL", "RETORT_DATABASE_URL", "RETORT_CONFIG", "SKIP_MIGRATIONS"):
        env.pop(var, None)

    runs = []
    for f in files:
        if os.path.basename(f).startswith("db_"):
            runs += [(f, "sqlite"), (f, "postgresql")]
        else:
            runs.append((f, "sqlite"))

    passed = failed = 0
    for f, dialect in runs:
        run_env = dict(env, RETORT_TEST_DIALECT=dialect)
        proc = subprocess.run(["cram3", "--shell=/bin/bash", "--indent=2", f], env=run_env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        name = "%s [%s]" % (os.path.basename(f), dialect)
        if proc.returncode == 0:
            passed += 1
        else:
            failed += 1
            print("FAIL %s\n%s" % (name, proc.stdout))
    print("transcripts: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
