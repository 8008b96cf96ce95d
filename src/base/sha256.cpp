#include "base/sha256.hpp"

#include <dlfcn.h>
#include <nettle/sha2.h>

#include "base/error.hpp"

namespace retort {

namespace {

// Nettle is loaded on the first digest rather than linked (sha256.hpp says why); the context
// type and sizes still come from <nettle/sha2.h>. Its names are nettle_-prefixed: the header's
// sha256_init etc. are macros for them.
constexpr const char* kLibrary = "libnettle.so.8";

struct Nettle {
  decltype(&::nettle_sha256_init) init = nullptr;
  decltype(&::nettle_sha256_update) update = nullptr;
  decltype(&::nettle_sha256_digest) digest = nullptr;
};

[[noreturn]] void cannot_load(const std::string& why) {
  throw Error(ErrorKind::failure, std::string("SHA-256 needs ") + kLibrary + " (Nettle): " + why +
                                      "\n  install it (Debian: apt-get install libnettle8)");
}

template <typename F>
F resolve(void* handle, const char* name) {
  void* f = ::dlsym(handle, name);
  if (f == nullptr) cannot_load(std::string("it has no function ") + name);
  return reinterpret_cast<F>(f);
}

Nettle load() {
  // Never unloaded: the handle lives as long as the process.
  void* handle = ::dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) cannot_load(::dlerror());
  Nettle n;
  n.init = resolve<decltype(n.init)>(handle, "nettle_sha256_init");
  n.update = resolve<decltype(n.update)>(handle, "nettle_sha256_update");
  n.digest = resolve<decltype(n.digest)>(handle, "nettle_sha256_digest");
  return n;
}

// The functions, loaded once (thread-safe: a function-local static).
const Nettle& nettle() {
  static const Nettle loaded = load();
  return loaded;
}

// Feeds `bytes` to a fresh SHA-256 context, optionally dropping the CR of every CRLF, and
// returns the 32-byte digest.
std::string digest(std::string_view bytes, bool fold_crlf) {
  const Nettle& n = nettle();
  sha256_ctx ctx;
  n.init(&ctx);
  auto update = [&](std::string_view part) {
    if (!part.empty()) n.update(&ctx, part.size(), reinterpret_cast<const uint8_t*>(part.data()));
  };
  if (!fold_crlf) {
    update(bytes);
  } else {
    // Hash the runs between the CRs of CRLF pairs, so no copy of the file is made.
    size_t start = 0;
    for (size_t i = 0; i + 1 < bytes.size(); ++i) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        update(bytes.substr(start, i - start));
        start = i + 1;
      }
    }
    update(bytes.substr(start));
  }
  std::string out(SHA256_DIGEST_SIZE, '\0');
  n.digest(&ctx, out.size(), reinterpret_cast<uint8_t*>(out.data()));
  return out;
}

std::string to_hex(const std::string& raw) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
  }
  return out;
}

}  // namespace

std::string sha256_raw(std::string_view bytes) {
  return digest(bytes, false);
}

std::string sha256_hex(std::string_view bytes) {
  return to_hex(digest(bytes, false));
}

std::string file_checksum(std::string_view file_bytes) {
  return to_hex(digest(file_bytes, true));
}

}  // namespace retort
