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
  // the hot path, and this is one open, fstat, read and close per file. O_NONBLOCK: opening a
  // FIFO for reading would otherwise wait for a writer; it is refused below anyway.
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) cannot_read(path, errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) cannot_read(path, errno);
  if (S_ISDIR(st.st_mode)) cannot_read(path, EISDIR);
  if (!S_ISREG(st.st_mode)) {
    const char* what = S_ISFIFO(st.st_mode)   ? "a pipe"
                       : S_ISCHR(st.st_mode)  ? "a character device"
                       : S_ISBLK(st.st_mode)  ? "a block device"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                                              : "a special file";
    throw Error(ErrorKind::input, "cannot read '" + path + "': it is " + what +
                                      ", not a regular file (retort reads only regular files)");
  }
  if (static_cast<unsigned long long>(st.st_size) > kMaxTextFileBytes)
    throw Error(ErrorKind::input, "cannot read '" + path + "': it is " +
                                      std::to_string(st.st_size) +
                                      " bytes, larger than the limit of " +
                                      std::to_string(kMaxTextFileBytes / (1024 * 1024)) +
                                      " MiB for a configuration, migration or model file");
  // Read up to the size fstat gave (no extra read to see EOF): a file growing meanwhile is cut
  // there, which also keeps the limit.
  std::string out;
  out.resize(static_cast<size_t>(st.st_size));
  size_t got = 0;
  while (got < out.size()) {
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
