#include "ops/header_cache.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <retort/version.hpp>
#include <string_view>
#include <unordered_map>

#include "base/read_file.hpp"
#include "ops/load_revision.hpp"

namespace retort {

namespace {

// The cache file: a header of four lines, then one record per file, then
//   "end <records> <content_hash of everything before this line, hex>\n".
// A record is fields one after another: a string as "<length>:<bytes>", a number as
// "<decimal>;". Bump kFormat whenever the record, the hash or the header loader's results change.
constexpr std::string_view kMagic = "retort header cache\n";
constexpr int kFormat = 3;

// What identifies one version of a file without reading it.
struct FileKey {
  int64_t size = -1;
  int64_t inode = 0;
  int64_t mtime_s = 0, mtime_ns = 0;
  int64_t ctime_s = 0, ctime_ns = 0;
  bool operator==(const FileKey&) const = default;
};

// Stats files through a descriptor of their directory (fstatat of the name: the directory's
// path is resolved once, not once per file). Follows symlinks, as reading the file does.
class DirStat {
 public:
  DirStat() = default;
  ~DirStat() { close_dir(); }
  DirStat(const DirStat&) = delete;
  DirStat& operator=(const DirStat&) = delete;

  // The key of the regular file at `path`; nullopt when it cannot be stat'ed or is not a
  // regular file (then reading it reports why).
  std::optional<FileKey> key(std::string_view path) {
    const size_t slash = path.rfind('/');
    const std::string_view dir =
        slash == std::string_view::npos ? std::string_view(".") : path.substr(0, slash);
    if (dir != dir_) {
      close_dir();
      dir_ = dir;
      fd_ = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    }
    struct stat st {};
    // The name, NUL-terminated (a path from the mapped cache is not).
    if (fd_ >= 0) {
      name_.assign(path.substr(slash == std::string_view::npos ? 0 : slash + 1));
    } else {
      name_.assign(path);
    }
    int rc = fd_ >= 0 ? ::fstatat(fd_, name_.c_str(), &st, 0) : ::stat(name_.c_str(), &st);
    if (rc != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return key_of(st);
  }

  static FileKey key_of(const struct stat& st) {
    return FileKey{static_cast<int64_t>(st.st_size),
                   static_cast<int64_t>(st.st_ino),
                   st.st_mtim.tv_sec,
                   st.st_mtim.tv_nsec,
                   st.st_ctim.tv_sec,
                   st.st_ctim.tv_nsec};
  }

 private:
  void close_dir() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  std::string dir_;
  std::string name_;
  int fd_ = -1;
};

// Whether the file's timestamps are old enough, at `now`, for its key to identify its content
// (header_cache.hpp, "racily clean").
bool settled(const FileKey& k, std::chrono::system_clock::time_point now) {
  using namespace std::chrono;
  auto at = [](int64_t s, int64_t ns) {
    return system_clock::time_point(
        duration_cast<system_clock::duration>(seconds(s) + nanoseconds(ns)));
  };
  const auto limit = now - kHeaderCacheRacyMargin;
  return at(k.mtime_s, k.mtime_ns) < limit && at(k.ctime_s, k.ctime_ns) < limit;
}

// Whether the set of files in each migration directory is what it was when the cache was
// written, without listing them: a directory's mtime and ctime change whenever a name in it is
// created, removed or renamed, which is every change to what list_yaml_files finds (a file's
// own edits are its key's business). Each directory is stat'ed before it is listed, and its key
// is trusted under the same "racily clean" rule as a file's: written only when it is settled,
// and only when the cache holds a record for every file listed. Then the records' paths are the
// listing (docs/configuration.md, "The header cache").
using DirKeys = std::vector<std::optional<FileKey>>;  // nullopt: not stat'ed, or too young

DirKeys directory_keys(const std::vector<std::string>& directories,
                       std::chrono::system_clock::time_point now) {
  DirKeys keys;
  keys.reserve(directories.size());
  for (const std::string& dir : directories) {
    struct stat st {};
    std::optional<FileKey> key;
    if (::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      key = DirStat::key_of(st);
      if (!settled(*key, now)) key.reset();
    }
    keys.push_back(key);
  }
  return keys;
}

// The cache's integrity check (not a defence against an attacker, who could write any file the
// user can): FNV-1a's step applied to 8-byte words instead of bytes, with the high bits folded
// back in, on four interleaved lanes (words 0, 4, 8, … on the first, 1, 5, 9, … on the second,
// …) so that the four multiplications overlap, then the lanes combined: a truncated, torn or
// edited cache is noticed at several GB/s, and a 2,000-file cache (~640 KB) costs ~0.1 ms of
// each run. The trailing bytes and the length are mixed in last.
uint64_t content_hash(std::string_view bytes) {
  constexpr uint64_t kPrime = 1099511628211ull;
  uint64_t lane[4] = {1469598103934665603ull, 0x9e3779b97f4a7c15ull, 0xc2b2ae3d27d4eb4full,
                      0x165667b19e3779f9ull};
  size_t i = 0;
  for (; i + 32 <= bytes.size(); i += 32) {
    for (int l = 0; l < 4; ++l) {
      uint64_t w;
      std::memcpy(&w, bytes.data() + i + 8 * static_cast<size_t>(l), 8);
      lane[l] = (lane[l] ^ w) * kPrime;
      lane[l] ^= lane[l] >> 32;
    }
  }
  uint64_t h = lane[0];
  for (int l = 1; l < 4; ++l) {
    h = (h ^ lane[l]) * kPrime;
    h ^= h >> 32;
  }
  for (; i < bytes.size(); ++i) h = (h ^ static_cast<unsigned char>(bytes[i])) * kPrime;
  return (h ^ bytes.size()) * kPrime;
}

std::string header_lines(std::optional<Dialect> dialect) {
  std::string out(kMagic);
  out += "format " + std::to_string(kFormat) + "\n";
  out += std::string("retort ") + version() + "\n";
  out += "dialect " + std::string(dialect ? dialect_name(*dialect) : "none") + "\n";
  return out;
}

class Writer {
 public:
  void str(std::string_view s) {
    out_ += std::to_string(s.size());
    out_ += ':';
    out_ += s;
  }
  void num(int64_t n) {
    out_ += std::to_string(n);
    out_ += ';';
  }
  std::string& text() { return out_; }

 private:
  std::string out_;
};

struct Malformed {};

class Reader {
 public:
  explicit Reader(std::string_view text) : rest_(text) {}
  int64_t num() {
    int64_t n = 0;
    auto [end, ec] = std::from_chars(rest_.data(), rest_.data() + rest_.size(), n);
    if (ec != std::errc() || end == rest_.data() + rest_.size() || *end != ';') throw Malformed{};
    rest_.remove_prefix(static_cast<size_t>(end - rest_.data()) + 1);
    return n;
  }
  std::string_view str() {
    size_t n = 0;
    auto [end, ec] = std::from_chars(rest_.data(), rest_.data() + rest_.size(), n);
    if (ec != std::errc() || end == rest_.data() + rest_.size() || *end != ':') throw Malformed{};
    rest_.remove_prefix(static_cast<size_t>(end - rest_.data()) + 1);
    if (n > rest_.size()) throw Malformed{};
    std::string_view s = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return s;
  }
  size_t count() {
    int64_t n = num();
    if (n < 0 || static_cast<size_t>(n) > rest_.size()) throw Malformed{};
    return static_cast<size_t>(n);
  }
  bool done() const { return rest_.empty(); }
  std::string_view rest() const { return rest_; }

 private:
  std::string_view rest_;
};

void write_record(Writer& w, const FileKey& k, const Revision& r) {
  w.str(r.path);
  for (int64_t n : {k.size, k.inode, k.mtime_s, k.mtime_ns, k.ctime_s, k.ctime_ns}) w.num(n);
  w.str(r.id);
  auto ids = [&](const std::vector<std::string>& v, const std::vector<SourceLocation>& at) {
    w.num(static_cast<int64_t>(v.size()));
    for (const std::string& s : v) w.str(s);
    w.num(static_cast<int64_t>(at.size()));
    for (const SourceLocation& l : at) {
      w.num(l.line);
      w.num(l.column);
    }
  };
  ids(r.down_revisions, r.down_where);
  ids(r.branch_labels, r.labels_where);
  ids(r.depends_on, r.depends_where);
  w.str(r.message);
  w.str(r.created);
  w.num(r.transactional ? 1 : 0);
  w.str(r.round_trip_allowed);
  w.str(r.checksum);
  w.num(r.where.line);
  w.num(r.where.column);
}

FileKey read_key(Reader& rd) {
  FileKey k;
  for (int64_t* n : {&k.size, &k.inode, &k.mtime_s, &k.mtime_ns, &k.ctime_s, &k.ctime_ns})
    *n = rd.num();
  return k;
}

// Reads a record's revision fields into `r` (whose path is set). Its places keep their file
// empty, meaning the revision's own (header_cache.hpp), rather than a copy of the path each.
void read_revision(Reader& rd, Revision& r) {
  r.id = std::string(rd.str());
  auto ids = [&](std::vector<std::string>& v, std::vector<SourceLocation>& at) {
    v.resize(rd.count());
    for (std::string& s : v) s = std::string(rd.str());
    at.resize(rd.count());
    for (SourceLocation& l : at) {
      l.line = static_cast<int>(rd.num());
      l.column = static_cast<int>(rd.num());
    }
  };
  ids(r.down_revisions, r.down_where);
  ids(r.branch_labels, r.labels_where);
  ids(r.depends_on, r.depends_where);
  r.message = std::string(rd.str());
  r.created = std::string(rd.str());
  r.transactional = rd.num() != 0;
  r.round_trip_allowed = std::string(rd.str());
  r.checksum = std::string(rd.str());
  const int line = static_cast<int>(rd.num());
  const int column = static_cast<int>(rd.num());
  r.where = {{}, line, column};
  r.ops_loaded = false;
}

// Steps over a record's revision fields.
void skip_revision(Reader& rd) {
  rd.str();
  for (int list = 0; list < 3; ++list) {
    for (size_t n = rd.count(); n > 0; --n) rd.str();
    for (size_t n = rd.count(); n > 0; --n) {
      rd.num();
      rd.num();
    }
  }
  rd.str();
  rd.str();
  rd.num();
  rd.str();
  rd.str();
  rd.num();
  rd.num();
}

// The cache file, mapped read-only rather than copied: a large history's cache is hundreds of
// kilobytes, and copying it into fresh memory costs a page fault per 4 KiB. Empty when the file
// is missing, unreadable, not a regular file or implausibly large. Writers never change a cache
// file in place (they rename a new one over it), so the mapping stays whole; a file truncated
// by hand while it is read could end the process with SIGBUS.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        static_cast<uint64_t>(st.st_size) <= kMaxTextFileBytes) {
      const size_t size = static_cast<size_t>(st.st_size);
      // MAP_POPULATE: the pages come from the page cache in this call, not one fault each.
      void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
      if (p != MAP_FAILED) {
        data_ = static_cast<const char*>(p);
        size_ = size;
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view text() const { return {data_ == nullptr ? "" : data_, size_}; }

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
};

// A cache whose header, trailer and hash are valid for this retort and dialect: its records
// (every one ends where the next begins) and how many the trailer says there are.
struct CacheView {
  std::string_view records;
  size_t count = 0;
  uint64_t hash = 0;
};

std::optional<CacheView> open_cache(std::string_view text, std::optional<Dialect> dialect) {
  const std::string head = header_lines(dialect);
  if (!text.starts_with(head)) return std::nullopt;
  // The trailer: "end <n> <hash>\n" after the records.
  if (text.empty() || text.back() != '\n') return std::nullopt;
  size_t trailer = text.rfind("\nend ", text.size() - 1);
  if (trailer == std::string_view::npos || trailer < head.size()) return std::nullopt;
  unsigned long long records = 0, hash = 0;
  {
    std::string_view t = text.substr(trailer + 5, text.size() - trailer - 6);
    size_t space = t.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    auto r1 = std::from_chars(t.data(), t.data() + space, records);
    auto r2 = std::from_chars(t.data() + space + 1, t.data() + t.size(), hash, 16);
    if (r1.ec != std::errc() || r1.ptr != t.data() + space || r2.ec != std::errc() ||
        r2.ptr != t.data() + t.size())
      return std::nullopt;
  }
  if (content_hash(text.substr(0, trailer + 1)) != hash) return std::nullopt;
  if (records > text.size()) return std::nullopt;
  // The records end with the '\n' before "end".
  return CacheView{text.substr(head.size(), trailer - head.size()), static_cast<size_t>(records),
                   hash};
}

// The records kept beside the cache (the directories', the heads', the history's) are tied to
// the cache file they were made for: each is its magic line, that cache's hash (as two
// non-negative numbers), its own fields as the cache's, then its own content hash ("\n<hex>\n").
// tied_record starts one; finish_tied_record ends it; tied_record_fields reads one back.
Writer tied_record(std::string_view magic, uint64_t cache_hash) {
  Writer w;
  w.text() = std::string(magic);
  w.num(static_cast<int64_t>(cache_hash >> 1));
  w.num(static_cast<int64_t>(cache_hash & 1));
  return w;
}

std::string finish_tied_record(Writer& w) {
  char hex[17];
  auto r = std::to_chars(hex, hex + sizeof hex, content_hash(w.text()), 16);
  w.text() += "\n" + std::string(hex, r.ptr) + "\n";
  return std::move(w.text());
}

// The fields after the cache's hash, when `text` is a whole record with `magic` tied to the
// cache with `cache_hash`; nullopt when it is missing, damaged or another cache's.
std::optional<std::string_view> tied_record_fields(std::string_view text, std::string_view magic,
                                                   uint64_t cache_hash) {
  if (!text.starts_with(magic) || text.size() < 2 || text.back() != '\n') return std::nullopt;
  const size_t nl = text.rfind('\n', text.size() - 2);
  if (nl == std::string_view::npos || nl < magic.size()) return std::nullopt;
  uint64_t hash = 0;
  std::string_view hex = text.substr(nl + 1, text.size() - nl - 2);
  auto r = std::from_chars(hex.data(), hex.data() + hex.size(), hash, 16);
  if (r.ec != std::errc() || r.ptr != hex.data() + hex.size()) return std::nullopt;
  if (content_hash(text.substr(0, nl)) != hash) return std::nullopt;
  try {
    Reader rd(text.substr(magic.size(), nl - magic.size()));
    const uint64_t high = static_cast<uint64_t>(rd.num());
    const uint64_t low = static_cast<uint64_t>(rd.num());
    if ((high << 1 | low) != cache_hash) return std::nullopt;
    return rd.rest();
  } catch (const Malformed&) {
    return std::nullopt;
  }
}

// The directories' record, beside the cache (`<path>.dirs`): for the cache with a given hash,
// each migrations directory's path and key when listing them gave exactly the cache's records,
// in order: a record tied to that cache (tied_record). Written by whoever listed the
// directories and found that, when every directory's key was trusted.
constexpr std::string_view kDirsMagic = "retort directories 1\n";

std::string dirs_path(const HeaderCacheOptions& cache) {
  return cache.path + ".dirs";
}

std::string dirs_text(uint64_t cache_hash, const std::vector<std::string>& directories,
                      const DirKeys& keys) {
  Writer w = tied_record(kDirsMagic, cache_hash);
  w.num(static_cast<int64_t>(directories.size()));
  for (size_t i = 0; i < directories.size(); ++i) {
    w.str(directories[i]);
    const FileKey& k = *keys[i];
    for (int64_t n : {k.size, k.inode, k.mtime_s, k.mtime_ns, k.ctime_s, k.ctime_ns}) w.num(n);
  }
  return finish_tied_record(w);
}

bool all_trusted(const DirKeys& keys) {
  return std::all_of(keys.begin(), keys.end(), [](const auto& k) { return k.has_value(); });
}

// Whether the directories' record for the cache with `cache_hash` says that the directories,
// with these keys (each trusted), list as the cache's records: then they need not be listed.
bool listing_unchanged(const HeaderCacheOptions& cache, uint64_t cache_hash,
                       const std::vector<std::string>& directories, const DirKeys& keys) {
  if (!all_trusted(keys)) return false;
  const MappedFile file(dirs_path(cache));
  const std::string_view text = file.text();
  return text == dirs_text(cache_hash, directories, keys);
}

// Records that the directories, with these keys, list as the cache with `cache_hash` holds
// (when every key is trusted and the record says something else). Failures are silent.
void write_dirs(const HeaderCacheOptions& cache, uint64_t cache_hash,
                const std::vector<std::string>& directories, const DirKeys& keys);

// The records' paths, in order.
std::vector<std::string> record_paths(const CacheView& view) {
  std::vector<std::string> paths;
  paths.reserve(view.count);
  Reader rd(view.records);
  while (!rd.done()) {
    paths.emplace_back(rd.str());
    read_key(rd);
    skip_revision(rd);
  }
  return paths;
}

// `n` default values in memory the kernel populated in one call (MADV_POPULATE_WRITE) before
// they are constructed, rather than with one page fault per 4 KiB as they are: ~1 MB for 2,000
// revisions, where a fault costs 10-20 µs on the virtual machine of docs/BENCHMARKS.md and a
// populated page about half of that ("Issue 16, third pass"). Where the call is not supported,
// the values are made as usual.
template <typename T>
std::vector<T> populated_vector(size_t n) {
  std::vector<T> v;
  v.reserve(n);
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  const uintptr_t begin = reinterpret_cast<uintptr_t>(v.data()) & ~(page - 1);
  const uintptr_t end = reinterpret_cast<uintptr_t>(v.data() + n);
  if (n > 0) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
  v.resize(n);
  return v;
}

// Makes the cache's directory (one level, with a .gitignore of `*`: the cache is never
// committed) when it is missing; failures are silent (writing then fails).
void make_cache_directory(const std::string& path) {
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? std::string(".") : path.substr(0, slash);
  if (::mkdir(dir.c_str(), 0777) == 0) {
    int fd = ::open((dir + "/.gitignore").c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      static constexpr std::string_view kIgnore = "# retort's header cache: never committed\n*\n";
      [[maybe_unused]] ssize_t n = ::write(fd, kIgnore.data(), kIgnore.size());
      ::close(fd);
    }
  }
}

// Writes `text` to `path` through a temporary file of this process in the same directory and a
// rename, making the directory when it is missing. Any failure leaves the old cache, or none;
// nothing is reported.
bool write_cache(const std::string& path, const std::string& text) {
  make_cache_directory(path);
  static std::atomic<unsigned> counter{0};
  const std::string tmp =
      path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return false;
  size_t done = 0;
  bool ok = true;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = false;
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) ok = false;
  if (ok && ::rename(tmp.c_str(), path.c_str()) == 0) return true;
  ::unlink(tmp.c_str());
  return false;
}

void write_dirs(const HeaderCacheOptions& cache, uint64_t cache_hash,
                const std::vector<std::string>& directories, const DirKeys& keys) {
  if (!all_trusted(keys)) return;
  const std::string text = dirs_text(cache_hash, directories, keys);
  if (MappedFile(dirs_path(cache)).text() == text) return;
  write_cache(dirs_path(cache), text);
}

}  // namespace

std::vector<Revision> load_revision_headers(const std::vector<std::string>& directories,
                                            std::optional<Dialect> dialect,
                                            const HeaderCacheOptions& cache,
                                            HeaderCacheStats* stats) {
  HeaderCacheStats local;
  HeaderCacheStats& st = stats ? *stats : local;
  st = HeaderCacheStats{};
  if (cache.path.empty()) {
    std::vector<std::string> paths = revision_file_paths(directories);
    st.files = st.parsed = paths.size();
    return load_revision_files(paths, LoadDepth::header, dialect);
  }

  const MappedFile file(cache.path);
  std::optional<CacheView> view = open_cache(file.text(), dialect);
  st.loaded = view.has_value();
  // Without a valid cache this load writes one: its directory is made first, as it is usually
  // inside the migrations directory, whose key would change after it was taken.
  if (!view) make_cache_directory(cache.path);
  // The directories are stat'ed before they are listed (directory_keys).
  const auto now = cache.now.value_or(std::chrono::system_clock::now());
  const DirKeys dir_keys = directory_keys(directories, now);
  std::vector<std::string> paths;
  bool listed = true;
  if (view && listing_unchanged(cache, view->hash, directories, dir_keys)) {
    try {
      paths = record_paths(*view);
      listed = false;
    } catch (const Malformed&) {
      view.reset();  // as below: a record that does not parse drops the whole cache
      st.loaded = false;
    }
  }
  if (listed) paths = revision_file_paths(directories);
  st.listed = listed;
  st.files = paths.size();

  std::vector<Revision> out = populated_vector<Revision>(paths.size());
  std::vector<std::optional<FileKey>> keys = populated_vector<std::optional<FileKey>>(paths.size());
  std::vector<bool> trusted(paths.size(), false);  // the key may be written for its content
  std::vector<size_t> misses;
  {
    DirStat dirs;
    for (size_t i = 0; i < paths.size(); ++i) {
      keys[i] = dirs.key(paths[i]);
      trusted[i] = keys[i] && settled(*keys[i], now);
    }
  }
  // Takes each trusted file's revision from its record, in one pass over the records: they are
  // written in the order of the files, so the record of file i is usually the next one (a map by
  // path is built only when not, e.g. after a file was added or removed). A record the hash
  // passed but that does not parse (a writer's bug) drops the whole cache: every file is read.
  auto take_from_cache = [&]() {
    Reader next(view->records);
    std::optional<std::unordered_map<std::string_view, std::string_view>> by_path;
    for (size_t i = 0; i < paths.size(); ++i) {
      if (!trusted[i]) continue;
      std::optional<Reader> rd;
      if (!by_path && !next.done()) {
        Reader peek = next;
        if (peek.str() == paths[i]) rd = peek;
      }
      if (!rd) {
        if (!by_path) {
          by_path.emplace();
          by_path->reserve(view->count);
          for (Reader all(view->records); !all.done();) {
            std::string_view path = all.str();
            by_path->emplace(path, all.rest());
            read_key(all);
            skip_revision(all);
          }
        }
        auto it = by_path->find(paths[i]);
        if (it == by_path->end()) continue;
        rd.emplace(it->second);
      }
      const FileKey key = read_key(*rd);
      if (key == *keys[i]) {
        out[i].path = std::move(paths[i]);
        read_revision(*rd, out[i]);
        ++st.hits;
      } else {
        skip_revision(*rd);
      }
      if (!by_path) next = *rd;
    }
  };
  if (view) {
    try {
      take_from_cache();
    } catch (const Malformed&) {
      view.reset();
      st.loaded = false;
      st.hits = 0;
      for (size_t i = 0; i < out.size(); ++i) {
        if (!out[i].path.empty()) paths[i] = std::move(out[i].path);
        out[i] = Revision{};
      }
    }
  }
  std::vector<std::string> miss_paths;
  for (size_t i = 0; i < paths.size(); ++i) {
    if (out[i].path.empty()) {
      misses.push_back(i);
      miss_paths.push_back(paths[i]);
    }
  }
  // Read and parse what the cache did not have: a bad file throws here, as without the cache.
  std::vector<Revision> loaded = load_revision_files(miss_paths, LoadDepth::header, dialect);
  st.parsed = loaded.size();
  size_t cacheable_misses = 0;
  for (size_t m = 0; m < misses.size(); ++m) {
    if (trusted[misses[m]]) ++cacheable_misses;
    out[misses[m]] = std::move(loaded[m]);
  }

  // Rewrite when the entries to keep differ from the cache read: new or changed files that can
  // be trusted, removed files, or no valid cache at all.
  const bool changed = !view || cacheable_misses > 0 || st.hits != view->count;
  if (!changed && st.hits == paths.size()) {
    st.exact = true;
    st.hash = view->hash;
  }
  if (changed) {
    Writer w;
    w.text() = header_lines(dialect);
    size_t written = 0;
    for (size_t i = 0; i < paths.size(); ++i) {
      if (!trusted[i]) continue;
      write_record(w, *keys[i], out[i]);
      ++written;
    }
    w.text() += '\n';
    const uint64_t hash = content_hash(w.text());
    char hex[17];
    auto r = std::to_chars(hex, hex + sizeof hex, hash, 16);
    w.text() += "end " + std::to_string(written) + " " + std::string(hex, r.ptr) + "\n";
    st.written = write_cache(cache.path, w.text());
    if (st.written && written == paths.size()) {
      st.exact = true;
      st.hash = hash;
    }
  }
  // The listing, taken after the directories' keys, is exactly the cache's records.
  if (listed && st.exact) write_dirs(cache, st.hash, directories, dir_keys);
  return out;
}

namespace {

// The heads file, a record tied to its cache (tied_record): the targets and the heads.
constexpr std::string_view kHeadsMagic = "retort heads cache 3\n";

std::string heads_path(const HeaderCacheOptions& cache) {
  return cache.path + ".heads";
}

void write_list(Writer& w, const std::vector<std::string>& list) {
  w.num(static_cast<int64_t>(list.size()));
  for (const std::string& s : list) w.str(s);
}

std::vector<std::string> read_list(Reader& rd) {
  std::vector<std::string> list(rd.count());
  for (std::string& s : list) s = std::string(rd.str());
  return list;
}

std::string heads_text(uint64_t cache_hash, const CachedHeads& heads) {
  Writer w = tied_record(kHeadsMagic, cache_hash);
  write_list(w, heads.targets);
  w.num(static_cast<int64_t>(heads.heads.size()));
  for (const CachedHead& h : heads.heads) {
    w.str(h.id);
    write_list(w, h.down_revisions);
    write_list(w, h.depends_on);
    write_list(w, h.labels);
    w.str(h.message);
  }
  return finish_tied_record(w);
}

// The heads recorded for the cache with `cache_hash`; nullopt when the file is missing, corrupt
// or for another cache.
std::optional<CachedHeads> read_heads(const HeaderCacheOptions& cache, uint64_t cache_hash) {
  const MappedFile file(heads_path(cache));
  const std::optional<std::string_view> fields =
      tied_record_fields(file.text(), kHeadsMagic, cache_hash);
  if (!fields) return std::nullopt;
  try {
    Reader rd(*fields);
    CachedHeads heads;
    heads.targets = read_list(rd);
    heads.heads.resize(rd.count());
    for (CachedHead& h : heads.heads) {
      h.id = std::string(rd.str());
      h.down_revisions = read_list(rd);
      h.depends_on = read_list(rd);
      h.labels = read_list(rd);
      h.message = std::string(rd.str());
    }
    if (!rd.done()) return std::nullopt;
    return heads;
  } catch (const Malformed&) {
    return std::nullopt;
  }
}

}  // namespace

namespace {

// Whether the cache `view` is exact for the files now — the same files (the records' paths, or
// the listing when a directory changed), each with its recorded key, old enough to be trusted:
// what load_revision_headers would take wholly from the cache. Stats every file, reads none.
// Records the listing (write_dirs) when it had to list and found the records.
bool exact_for_files(const CacheView& view, const std::vector<std::string>& directories,
                     const DirKeys& dir_keys, std::chrono::system_clock::time_point now,
                     const HeaderCacheOptions& cache) {
  std::optional<std::vector<std::string>> listed;
  if (!listing_unchanged(cache, view.hash, directories, dir_keys)) {
    listed = revision_file_paths(directories);
    if (listed->size() != view.count) return false;
  }
  try {
    Reader rd(view.records);
    DirStat dirs;
    for (size_t i = 0; i < view.count; ++i) {
      if (rd.done()) return false;
      const std::string_view path = rd.str();
      if (listed && path != (*listed)[i]) return false;
      const FileKey recorded = read_key(rd);
      const std::optional<FileKey> key = dirs.key(path);
      if (!key || *key != recorded) return false;
      if (!settled(*key, now)) return false;
      skip_revision(rd);
    }
    if (!rd.done()) return false;
  } catch (const Malformed&) {
    return false;
  }
  // The listing, taken after the directories' keys, is exactly the cache's records: recorded,
  // so that the next run need not list.
  if (listed) write_dirs(cache, view.hash, directories, dir_keys);
  return true;
}

// The history file, a record tied to its cache (tied_record): the entries.
constexpr std::string_view kHistoryMagic = "retort history cache 1\n";

std::string history_path(const HeaderCacheOptions& cache) {
  return cache.path + ".history";
}

}  // namespace

std::optional<CachedHeads> cached_heads(const std::vector<std::string>& directories,
                                        std::optional<Dialect> dialect,
                                        const HeaderCacheOptions& cache) {
  if (cache.path.empty()) return std::nullopt;
  const auto now = cache.now.value_or(std::chrono::system_clock::now());
  const DirKeys dir_keys = directory_keys(directories, now);  // before listing, as the writer
  const MappedFile file(cache.path);
  const std::optional<CacheView> view = open_cache(file.text(), dialect);
  if (!view) return std::nullopt;
  std::optional<CachedHeads> heads = read_heads(cache, view->hash);
  if (!heads || !exact_for_files(*view, directories, dir_keys, now, cache)) return std::nullopt;
  return heads;
}

bool visit_cached_history(const std::vector<std::string>& directories,
                          std::optional<Dialect> dialect, const HeaderCacheOptions& cache,
                          const std::function<void(const CachedHistoryEntry&)>& visit) {
  if (cache.path.empty()) return false;
  const auto now = cache.now.value_or(std::chrono::system_clock::now());
  const DirKeys dir_keys = directory_keys(directories, now);
  const MappedFile file(cache.path);
  const std::optional<CacheView> view = open_cache(file.text(), dialect);
  if (!view) return false;
  const MappedFile history_file(history_path(cache));
  const std::optional<std::string_view> entries =
      tied_record_fields(history_file.text(), kHistoryMagic, view->hash);
  if (!entries || !exact_for_files(*view, directories, dir_keys, now, cache)) return false;
  // Twice over the entries: first that they all read (nothing is visited from a record that
  // would stop half-way), then each into the same entry, whose strings keep their memory.
  CachedHistoryEntry e;
  auto read_list_into = [](Reader& rd, std::vector<std::string>& list) {
    list.resize(rd.count());
    for (std::string& s : list) s.assign(rd.str());
  };
  auto read_all = [&](bool visiting) {
    Reader rd(*entries);
    for (size_t n = rd.count(); n > 0; --n) {
      CachedHead& h = e.revision;
      h.id.assign(rd.str());
      read_list_into(rd, h.down_revisions);
      read_list_into(rd, h.depends_on);
      read_list_into(rd, h.labels);
      h.message.assign(rd.str());
      const int64_t flags = rd.num();
      e.is_head = (flags & 1) != 0;
      e.is_branch_point = (flags & 2) != 0;
      e.is_merge = (flags & 4) != 0;
      if (visiting) visit(e);
    }
    if (!rd.done()) throw Malformed{};
  };
  try {
    read_all(false);
  } catch (const Malformed&) {
    return false;
  }
  read_all(true);
  return true;
}

std::optional<CachedHistory> cached_history(const std::vector<std::string>& directories,
                                            std::optional<Dialect> dialect,
                                            const HeaderCacheOptions& cache) {
  CachedHistory history;
  if (!visit_cached_history(directories, dialect, cache,
                            [&](const CachedHistoryEntry& e) { history.push_back(e); }))
    return std::nullopt;
  return history;
}

void write_cached_history(const HeaderCacheOptions& cache, const HeaderCacheStats& stats,
                          const std::function<CachedHistory()>& make) {
  if (cache.path.empty() || !stats.exact) return;
  {
    const MappedFile existing(history_path(cache));
    if (tied_record_fields(existing.text(), kHistoryMagic, stats.hash))
      return;  // that cache's record is there
  }
  const CachedHistory history = make();
  Writer w = tied_record(kHistoryMagic, stats.hash);
  w.num(static_cast<int64_t>(history.size()));
  for (const CachedHistoryEntry& e : history) {
    const CachedHead& h = e.revision;
    w.str(h.id);
    write_list(w, h.down_revisions);
    write_list(w, h.depends_on);
    write_list(w, h.labels);
    w.str(h.message);
    w.num((e.is_head ? 1 : 0) | (e.is_branch_point ? 2 : 0) | (e.is_merge ? 4 : 0));
  }
  write_cache(history_path(cache), finish_tied_record(w));
}

void write_cached_heads(const HeaderCacheOptions& cache, const HeaderCacheStats& stats,
                        const CachedHeads& heads) {
  if (cache.path.empty() || !stats.exact) return;
  if (read_heads(cache, stats.hash) == heads) return;
  write_cache(heads_path(cache), heads_text(stats.hash, heads));
}

}  // namespace retort
