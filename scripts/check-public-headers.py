#!/usr/bin/env python3
"""Checks retort's public API (docs/embedding.md, "The public headers"):

1. every header in include/retort/ (and <retort/version.hpp>, generated from cmake/version.hpp.in
   with the project version of CMakeLists.txt) includes only other public headers (`<retort/...>`)
   and the C++ standard library — no `"quoted"` include, nothing from src/, no third-party header;
2. each one compiles on its own, with only include/ on the include path, with
   `-std=c++20 -Wall -Wextra -Werror`;
3. every ```cpp block of docs/embedding.md compiles against the public headers alone (the blocks
   are one program read in order: `#include` lines go first, the rest becomes the body of one
   function, so later blocks may use what earlier ones declared).

Exit 0 when all hold, 1 with one line per problem otherwise.

Usage: scripts/check-public-headers.py [REPO_ROOT [ONLY...]]   (the compiler is $CXX, else c++)
ONLY restricts the checks to the named headers (e.g. error.hpp) and, if named, docs/embedding.md
(tests/api/check_public_headers_test.sh plants one violation at a time).
"""
import os
import pathlib
import re
import subprocess
import sys
import tempfile

# The headers of the C++20 standard library (and the C headers in their <cname> form).
STANDARD = set("""
algorithm any array atomic barrier bit bitset charconv chrono codecvt compare complex concepts
condition_variable coroutine deque exception execution expected filesystem format forward_list
fstream functional future initializer_list iomanip ios iosfwd iostream istream iterator latch
limits list locale map memory memory_resource mutex new numbers numeric optional ostream queue
random ranges ratio regex scoped_allocator semaphore set shared_mutex source_location span
sstream stack stdexcept stop_token streambuf string string_view syncstream system_error thread
tuple type_traits typeindex typeinfo unordered_map unordered_set utility valarray variant vector
version cassert cctype cerrno cfenv cfloat cinttypes climits clocale cmath csetjmp csignal
cstdarg cstddef cstdint cstdio cstdlib cstring ctime cuchar cwchar cwctype
""".split())

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def project_version(root: pathlib.Path) -> str:
    m = re.search(r"project\(\s*retort\s+VERSION\s+(\d+)\.(\d+)\.(\d+)",
                  (root / "CMakeLists.txt").read_text())
    return m.groups() if m else ("0", "0", "0")


def generate_version_header(root: pathlib.Path, out: pathlib.Path) -> pathlib.Path:
    major, minor, patch = project_version(root)
    text = (root / "cmake" / "version.hpp.in").read_text()
    for key, value in (("MAJOR", major), ("MINOR", minor), ("PATCH", patch)):
        text = text.replace(f"@PROJECT_VERSION_{key}@", value)
    text = text.replace("@PROJECT_VERSION@", f"{major}.{minor}.{patch}")
    path = out / "retort" / "version.hpp"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def compile_source(cxx: str, source: str, include_dirs, work: pathlib.Path, name: str):
    """None when `source` compiles, else the compiler's first lines of complaint."""
    path = work / name
    path.write_text(source)
    cmd = [cxx, "-std=c++20", "-Wall", "-Wextra", "-Werror", "-fsyntax-only"]
    for d in include_dirs:
        cmd += ["-I", str(d)]
    r = subprocess.run(cmd + [str(path)], capture_output=True, text=True)
    if r.returncode == 0:
        return None
    return "\n".join((r.stderr or r.stdout).strip().splitlines()[:6])


def doc_program(markdown: str) -> str:
    includes, body = [], []
    for block in re.findall(r"```cpp\n(.*?)```", markdown, re.S):
        for line in block.splitlines():
            (includes if line.lstrip().startswith("#include") else body).append(line)
    return ("\n".join(includes) + "\n\nvoid embedding_md_examples() {\n" + "\n".join(body) +
            "\n}\n")


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent)
    only = set(sys.argv[2:])
    cxx = os.environ.get("CXX", "c++")
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        generated = work / "generated"
        headers = sorted((root / "include" / "retort").glob("*.hpp"))
        headers.append(generate_version_header(root, generated))
        public = {f"retort/{h.name}" for h in headers}
        include_dirs = [root / "include", generated]
        for h in headers:
            if only and h.name not in only:
                continue
            shown = (h.relative_to(root) if h.is_relative_to(root)
                     else pathlib.Path("cmake/version.hpp.in"))
            for n, line in enumerate(h.read_text().splitlines(), 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                kind, name = m.groups()
                if kind == '"':
                    problems.append(f'{shown}:{n}: "{name}": a public header includes public '
                                    "headers as <retort/...> and the standard library only")
                elif name.startswith("retort/"):
                    if name not in public:
                        problems.append(f"{shown}:{n}: <{name}> is not a public header")
                elif name not in STANDARD:
                    problems.append(f"{shown}:{n}: <{name}> is neither a public header nor part "
                                    "of the C++ standard library")
            error = compile_source(cxx, f"#include <retort/{h.name}>\n", include_dirs, work,
                                   f"alone_{h.stem}.cpp")
            if error:
                problems.append(f"{shown}: does not compile on its own with -Wall -Wextra "
                                f"-Werror:\n{error}")
        doc = root / "docs" / "embedding.md"
        if doc.exists() and (not only or "docs/embedding.md" in only):
            error = compile_source(cxx, doc_program(doc.read_text()), include_dirs, work,
                                   "embedding_md.cpp")
            if error:
                problems.append(f"docs/embedding.md: its ```cpp examples do not compile against "
                                f"the public headers:\n{error}")
    for p in problems:
        print(p)
    if problems:
        print(f"check-public-headers: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
