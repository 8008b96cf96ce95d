// A temporary directory for the loader's tests, removed when the object goes away.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace retort::testing {

class LoaderTempDir {
 public:
  LoaderTempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "retort-loader-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~LoaderTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  LoaderTempDir(const LoaderTempDir&) = delete;
  LoaderTempDir& operator=(const LoaderTempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

  // Writes `content` to `relative` (parent directories created); returns the full path.
  std::string write(const std::string& relative, const std::string& content) const {
    std::filesystem::path p = path_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace retort::testing
