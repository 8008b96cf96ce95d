// Reading whole files into memory, with errors in retort's form.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace retort {

// The largest file read_text_file() reads: configuration, migration and model files are text a
// person reviews; anything bigger is a mistake (`-c /dev/zero`, a database file named by accident).
inline constexpr size_t kMaxTextFileBytes = 32 * 1024 * 1024;

// The whole content of the regular file at `path`, bytes as they are. Throws Error(input)
// "cannot read 'path': <reason>" when it cannot be opened or read (missing, a directory, no
// permission), when it is not a regular file (a FIFO, a device, a socket: reading one could
// block or never end; it is not opened for reading at all), or when it is larger than
// kMaxTextFileBytes. Never blocks on a FIFO.
std::string read_text_file(const std::string& path);

// The `*.yaml` and `*.yml` regular files directly in `directory` (not recursive; names
// starting with '.', such as editor lock files, are skipped), as "directory/name", sorted by
// name. Throws Error(input) "cannot read directory 'd': <reason>" when it cannot be listed
// (including when it does not exist).
std::vector<std::string> list_yaml_files(const std::string& directory);

}  // namespace retort
