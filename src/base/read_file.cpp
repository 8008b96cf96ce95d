#include "base/read_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

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
  // readdir rather than std::filesystem::directory_iterator, which builds and splits a path
  // object per entry: a history of thousands of files is listed on every graph command.
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* dir = fd < 0 ? nullptr : ::fdopendir(fd);
  auto fail = [&](int err) {
    throw Error(ErrorKind::input,
                "cannot read directory '" + directory + "': " + std::strerror(err));
  };
  if (dir == nullptr) {
    const int err = errno;
    if (fd >= 0) ::close(fd);
    fail(err);
  }
  std::string prefix = directory;
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  std::vector<std::string> paths;
  for (;;) {
    errno = 0;
    const dirent* e = ::readdir(dir);
    if (e == nullptr) {
      const int err = errno;
      if (err == 0) break;
      ::closedir(dir);
      fail(err);
    }
    const std::string_view name = e->d_name;
    if (name.empty() || name[0] == '.') continue;
    if (!name.ends_with(".yaml") && !name.ends_with(".yml")) continue;
    // A regular file, following a symlink (as reading it does).
    bool regular = e->d_type == DT_REG;
    if (e->d_type == DT_LNK || e->d_type == DT_UNKNOWN) {
      struct stat st {};
      regular = ::fstatat(fd, e->d_name, &st, 0) == 0 && S_ISREG(st.st_mode);
    }
    if (regular) paths.push_back(prefix + e->d_name);
  }
  ::closedir(dir);
  // Sorted by name: the prefix is the same for all, so only the names are compared (a long
  // prefix compared ~20,000 times is most of the listing's time at 2,000 files).
  const size_t skip = prefix.size();
  std::sort(paths.begin(), paths.end(), [skip](const std::string& a, const std::string& b) {
    return std::string_view(a).substr(skip) < std::string_view(b).substr(skip);
  });
  return paths;
}

}  // namespace retort
