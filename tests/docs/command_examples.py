#!/usr/bin/env python3
"""Checks the command examples of the docs against the CLI transcripts (tests/cli/*.t).

Every fenced block of docs/*.md and README.md that starts with `$ ` is a session: commands and
what they print. For each command that a transcript also runs (the same command line), the
printed lines must be what one of those transcript runs prints: a transcript's `(re)` line is a
regular expression for the doc's line (times, dates), a doc line `…` stands for any number of
lines, `[exit N]` is the transcript's `[N]`. Commands no transcript runs are counted, not
checked; so are the blocks right after a `<!-- illustrative: … -->` line (a composite of what
the transcripts run with other files), which must say why. Prints the mismatches and `checked N, mismatched N, not in a transcript N`; exits 1 on
a mismatch.

Usage: command_examples.py SOURCE_DIR
"""
import glob
import os
import re
import sys


def transcript_runs(root):
    runs = {}
    for path in sorted(glob.glob(os.path.join(root, "tests/cli/*.t"))):
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            lines = f.read().split("\n")
        i = 0
        while i < len(lines):
            if lines[i].startswith("  $ "):
                cmd, out = lines[i][4:], []
                i += 1
                while (i < len(lines) and lines[i].startswith("  ")
                       and not lines[i].startswith(("  $ ", "  > "))):
                    out.append(lines[i][2:])
                    i += 1
                runs.setdefault(cmd, []).append((os.path.basename(path), out))
            else:
                i += 1
    return runs


def line_matches(doc, got):
    if got.endswith(" (re)"):
        try:
            return re.fullmatch(got[:-5], doc) is not None
        except re.error:
            return False
    if got.endswith(" (esc)"):
        return False
    return got == doc


def output_matches(doc, got):
    def m(di, ti):
        if di == len(doc):
            return ti == len(got) or (ti == len(got) - 1 and re.fullmatch(r"\[\d+\]", got[ti]))
        d = doc[di]
        if d.strip() == "…":
            return any(m(di + 1, k) for k in range(ti, len(got) + 1))
        if ti >= len(got):
            return False
        exit_code = re.fullmatch(r"\[exit (\d+)\]", d)
        if exit_code:
            return got[ti] == "[%s]" % exit_code.group(1) and m(di + 1, ti + 1)
        return line_matches(d, got[ti]) and m(di + 1, ti + 1)
    return m(0, 0)


def fenced_blocks(text):
    """(line of the opening fence, language, body lines, illustrative) of each ``` block."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            start, lang, body = i + 1, lines[i][3:].strip(), []
            illustrative = i > 0 and lines[i - 1].startswith("<!-- illustrative:")
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            yield start, lang, body, illustrative
        i += 1


def doc_sessions(root):
    docs = sorted(glob.glob(os.path.join(root, "docs/*.md"))) + [os.path.join(root, "README.md")]
    for path in docs:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for line, lang, body, illustrative in fenced_blocks(text):
            if lang or not body or not body[0].startswith("$ ") or illustrative:
                continue
            session, current = [], None
            for l in body:
                if l.startswith("$ "):
                    current = (re.sub(r"\s{2,}#.*$", "", l[2:]), [])
                    session.append(current)
                elif current is not None:
                    current[1].append(l)
            for cmd, out in session:
                yield os.path.relpath(path, root), line, cmd, out


def main():
    root = sys.argv[1]
    runs = transcript_runs(root)
    checked = mismatched = absent = 0
    for doc, line, cmd, out in doc_sessions(root):
        if cmd not in runs:
            absent += 1
            continue
        checked += 1
        if not any(output_matches(out, got) for _, got in runs[cmd]):
            mismatched += 1
            name, got = runs[cmd][0]
            print("%s:%d: `%s` prints what no transcript run of it prints (e.g. %s):" %
                  (doc, line, cmd, name))
            print("  doc:        " + "\n              ".join(out))
            print("  transcript: " + "\n              ".join(got))
    print("checked %d, mismatched %d, not in a transcript %d" % (checked, mismatched, absent))
    return 1 if mismatched else 0


if __name__ == "__main__":
    sys.exit(main())
