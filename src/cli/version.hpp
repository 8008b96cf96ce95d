// What `retort --version` prints (docs/commands.md, "Global options").
#pragma once

#include <string>

namespace retort::cli {

// "retort 0.1.0 (commit 1a2b3c4d5e6f, Release build)": the version, the git commit the binary was
// built from ("unknown" outside a git checkout, "-modified" when the tree had uncommitted changes)
// and the CMake build type.
std::string version_text();

}  // namespace retort::cli
