#!/usr/bin/env python3
"""Interleaved A/B timing of whole commands (docs/BENCHMARKS.md, issue 16's passes).

    bench/ab.py [--runs N] [--warmup W] -- 'CMD ARG ...' 'CMD ARG ...' ...

Runs each command once per round, in turn, for W + N rounds (the first W not counted), so that
load drifting over the run touches every command alike — hyperfine runs one command's runs
back to back. Each command is split with shlex, spawned directly (no shell) with its output to
/dev/null, and timed from spawn to exit. Prints each command's median and mean in ms and its
median's ratio to the first command's.
"""
import argparse
import os
import shlex
import statistics
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("commands", nargs="+")
    a = ap.parse_args()
    argvs = [shlex.split(c) for c in a.commands]
    devnull = os.open(os.devnull, os.O_WRONLY)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    times = [[] for _ in argvs]
    for r in range(a.warmup + a.runs):
        for i, argv in enumerate(argvs):
            start = time.perf_counter()
            pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
            _, status = os.waitpid(pid, 0)
            elapsed = time.perf_counter() - start
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit("ab: %s exited with %d" % (a.commands[i],
                                                     os.waitstatus_to_exitcode(status)))
            if r >= a.warmup:
                times[i].append(elapsed * 1000)
    base = statistics.median(times[0])
    for cmd, t in zip(a.commands, times):
        med = statistics.median(t)
        print("%9.3f ms median %9.3f ms mean  x%.3f  %s" % (med, statistics.mean(t), med / base, cmd))


if __name__ == "__main__":
    main()
