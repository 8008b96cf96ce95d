#!/usr/bin/env python3
"""Checks that every `#include "module/..."` in src/ follows ARCHITECTURE.md's "May call" rules.

Each module's paragraph in ARCHITECTURE.md ("**name** — ...") ends with the modules it may call:
"May call base and ops.", "May call every module above." (the modules described before it), or
"Calls the library; nothing calls it." (cli); a module described as "what every module may use"
(base) may be included by all. A file in src/<module>/ may include its own module and those; no
module may include cli.

Crossings the tree still has and that are scheduled to go are listed, each with its reason, in
scripts/layering-debts.txt ("file -> module  # why"): they are reported as debts, not failures.
A new crossing fails; so does a listed debt that no longer exists (remove it from the list).

Exit 0 when the tree follows the rules, 1 with one line per problem otherwise
(file:line: module -> module), 2 when ARCHITECTURE.md cannot be read.

Usage: scripts/check-layering.py [REPO_ROOT]
"""
import pathlib
import re
import sys


def rules(architecture: str):
    """{module: set of modules it may call} in the order ARCHITECTURE.md describes them."""
    order, allowed, universal = [], {}, set()
    section = architecture.split("## Modules", 1)[-1].split("\n## ", 1)[0]
    for para in re.split(r"\n\s*\n", section):
        m = re.match(r"\*\*([a-z_]+)\*\* — ", para.strip())
        if not m:
            continue
        name = m.group(1)
        text = " ".join(para.split())
        if "what every module may use" in text:
            universal.add(name)
        if "Calls the library; nothing calls it" in text:
            allowed[name] = {"*"}
        elif "May call every module above" in text:
            allowed[name] = set(order)
        else:
            c = re.search(r"May call ([^.]*)\.", text)
            if not c:
                allowed[name] = set()
            else:
                words = re.findall(r"[a-z_]+", re.sub(r"\([^)]*\)", "", c.group(1)))
                allowed[name] = {w for w in words if w not in ("and", "only", "data")}
        order.append(name)
    for name in allowed:
        allowed[name] |= universal
    return order, allowed


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent)
    try:
        order, allowed = rules((root / "ARCHITECTURE.md").read_text())
    except OSError as e:
        print(f"check-layering: {e}", file=sys.stderr)
        return 2
    modules = set(order)
    debts = {}
    debt_file = root / "scripts" / "layering-debts.txt"
    if debt_file.exists():
        for line in debt_file.read_text().splitlines():
            entry = line.split("#", 1)[0].strip()
            if entry:
                debts[" ".join(entry.split())] = False
    problems = []
    for path in sorted((root / "src").rglob("*")):
        if path.suffix not in (".cpp", ".hpp"):
            continue
        own = path.relative_to(root / "src").parts[0]
        if own not in modules:
            problems.append(f"src/{path.relative_to(root / 'src')}:1: module '{own}' is not "
                            "described in ARCHITECTURE.md")
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            m = re.match(r'\s*#\s*include\s+"([a-z_]+)/', line)
            if not m:
                continue
            to = m.group(1)
            if to == own or to not in modules:
                continue
            if to == "cli" or ("*" not in allowed[own] and to not in allowed[own]):
                key = f"src/{path.relative_to(root / 'src')} -> {to}"
                if key in debts:
                    debts[key] = True
                    continue
                problems.append(f"src/{path.relative_to(root / 'src')}:{n}: {own} -> {to} "
                                f"(ARCHITECTURE.md: {own} may call "
                                f"{', '.join(sorted(allowed[own])) or 'nothing'})")
    for key, seen in debts.items():
        if not seen:
            problems.append(f"scripts/layering-debts.txt: '{key}' no longer crosses the rules: "
                            "remove it from the list")
    for p in problems:
        print(p)
    if problems:
        print(f"check-layering: {len(problems)} include(s) cross ARCHITECTURE.md's rules",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
