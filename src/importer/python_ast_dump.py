"""Dumps the syntax trees of Python files as JSON, for `retort import alembic`.

retort embeds this script and runs it as `python3 -c SCRIPT FILE...`; it uses only the
standard library's `ast` module (Python 3.8 or later: end line numbers). Nothing is imported
from or executed in the files. Output, one JSON object on stdout:

  {"python": "3.11.7",
   "files": [{"path": P, "tree": NODE} | {"path": P, "error": {"line", "col", "message"}}]}

NODE is {"_": "ClassName", "line", <fields>} with every field of the ast node (lists as lists,
`ctx` left out); statements also have "end_line". A constant's `value` is tagged:
{"t": "str"|"int"|"float"|"bool"|"none"|"bytes"|"other", "v": …}; numbers keep their text.
A syntax error's column is 1-based.
"""
import ast
import json
import sys

SKIPPED_FIELDS = ("ctx", "type_comment", "type_ignores", "kind")


def constant(value):
    if value is None:
        return {"t": "none"}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, int):
        return {"t": "int", "v": str(value)}
    if isinstance(value, float):
        return {"t": "float", "v": repr(value)}
    if isinstance(value, str):
        return {"t": "str", "v": value}
    if isinstance(value, bytes):
        return {"t": "bytes", "v": value.decode("latin-1")}
    return {"t": "other", "v": repr(value)}


def node(n):
    if isinstance(n, ast.AST):
        out = {"_": type(n).__name__}
        if hasattr(n, "lineno"):
            out["line"] = n.lineno
            if isinstance(n, ast.stmt):
                out["end_line"] = getattr(n, "end_lineno", n.lineno) or n.lineno
        for name, value in ast.iter_fields(n):
            if name in SKIPPED_FIELDS:
                continue
            out[name] = constant(value) if isinstance(n, ast.Constant) and name == "value" \
                else node(value)
        return out
    if isinstance(n, list):
        return [node(x) for x in n]
    return n


def parse(path):
    try:
        with open(path, "rb") as f:
            source = f.read()
        return {"path": path, "tree": node(ast.parse(source, filename=path))}
    except SyntaxError as e:
        return {"path": path, "error": {"line": e.lineno or 0, "col": e.offset or 0,
                                         "message": e.msg}}
    except (OSError, ValueError) as e:
        return {"path": path, "error": {"line": 0, "col": 0, "message": str(e)}}


def main(paths):
    if sys.version_info < (3, 8):
        sys.stderr.write("Python 3.8 or later is needed, this is %s\n" % sys.version.split()[0])
        return 3
    json.dump({"python": sys.version.split()[0], "files": [parse(p) for p in paths]},
              sys.stdout, separators=(",", ":"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
