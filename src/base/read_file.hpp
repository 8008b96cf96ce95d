// Reading whole files into memory, with errors in retort's form.
#pragma once

#include <string>
#include <vector>

namespace retort {

// The whole content of the file at `path`, bytes as they are. Throws Error(input)
// "cannot read 'path': <reason>" when it cannot be opened or read (missing, a directory, no
// permission).
std::string read_text_file(const std::string& path);

// The `*.yaml` and `*.yml` regular files directly in `directory` (not recursive; names
// starting with '.', such as editor lock files, are skipped), as "directory/name", sorted by
// name. Throws Error(input) "cannot read directory 'd': <reason>" when it cannot be listed
// (including when it does not exist).
std::vector<std::string> list_yaml_files(const std::string& directory);

}  // namespace retort
