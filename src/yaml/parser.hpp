// YAML text → node tree, with libyaml's event parser (C API).
#pragma once

#include <string>
#include <string_view>

#include "yaml/node.hpp"

namespace retort::yaml {

// Parses `text` (the whole content of `path`; the path is used only in messages) as one YAML
// document and returns its root. An empty document (no content, or only comments) is a null
// scalar at 1:1. Anchors and aliases are expanded into copies (at most 100,000 copied nodes per
// document, against "billion laughs" inputs). Tags other than the standard `!!str`, `!!int`,
// `!!float`, `!!bool`, `!!null`, `!!seq`, `!!map` are rejected.
//
// One deliberate extension of YAML: inside a flow collection, a plain scalar with an unclosed
// '(' goes on past commas up to its ')', so `{name: rate, type: numeric(10,2)}` (as
// docs/migration-files.md writes it) gives type "numeric(10,2)", exactly as written, where YAML
// would end the scalar at the comma.
//
// Throws Error(input) built with input_error() — "path:line:col: message", the source line and
// a caret — for: YAML syntax errors (libyaml's problem, with its context), a second document in
// the stream, a duplicate key in a mapping (naming the line of the first), a key that is not a
// scalar, an alias to an unknown anchor, an unsupported tag, invalid UTF-8, collections nested
// more than 100 levels deep.
Node parse_yaml(const std::string& path, std::string_view text);

}  // namespace retort::yaml
