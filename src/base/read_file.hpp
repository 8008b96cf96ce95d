// Reading whole files into memory, with errors in retort's form.
#pragma once

#include <string>

namespace retort {

// The whole content of the file at `path`, bytes as they are. Throws Error(input)
// "cannot read 'path': <reason>" when it cannot be opened or read (missing, a directory, no
// permission).
std::string read_text_file(const std::string& path);

}  // namespace retort
