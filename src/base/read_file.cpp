#include "base/read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/error.hpp"

namespace retort {

namespace {

[[noreturn]] void cannot_read(const std::string& path, int err) {
  throw Error(ErrorKind::input, "cannot read '" + path + "': " + std::strerror(err));
}

// Closes the descriptor on every way out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::string read_text_file(const std::string& path) {
  // POSIX calls sized by fstat rather than iostreams: loading thousands of revision files is on
  // the hot path, and this is one open, fstat, read and close per file.
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) cannot_read(path, errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) cannot_read(path, errno);
  if (S_ISDIR(st.st_mode)) cannot_read(path, EISDIR);
  // A regular file is read up to the size fstat gave (no extra read to see EOF); anything else
  // (a pipe) until EOF.
  const bool sized = S_ISREG(st.st_mode);
  std::string out;
  out.resize(sized ? static_cast<size_t>(st.st_size) : 4096);
  size_t got = 0;
  for (;;) {
    if (got == out.size()) {
      if (sized) break;
      out.resize(out.size() * 2);
    }
    ssize_t n = ::read(fd.get(), out.data() + got, out.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      cannot_read(path, errno);
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  out.resize(got);
  return out;
}

std::vector<std::string> list_yaml_files(const std::string& directory) {
  namespace fs = std::filesystem;
  std::vector<std::string> names;
  std::error_code ec;
  fs::directory_iterator it(directory, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    if (!name.ends_with(".yaml") && !name.ends_with(".yml")) continue;
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec)) continue;
    names.push_back(std::move(name));
  }
  if (ec)
    throw Error(ErrorKind::input, "cannot read directory '" + directory + "': " + ec.message());
  std::sort(names.begin(), names.end());
  std::string prefix = directory;
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  for (std::string& name : names) name = prefix + name;
  return names;
}

}  // namespace retort
