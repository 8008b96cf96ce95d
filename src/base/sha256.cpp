#include "base/sha256.hpp"

#include <dlfcn.h>
#include <openssl/evp.h>

#include <memory>

#include "base/error.hpp"

namespace retort {

namespace {

// libcrypto is loaded on the first digest rather than linked (sha256.hpp says why); the types
// and constants still come from <openssl/evp.h>.
constexpr const char* kLibrary = "libcrypto.so.3";

#define RETORT_LIBCRYPTO_FUNCTIONS(X) \
  X(EVP_MD_fetch)                     \
  X(EVP_MD_CTX_new)                   \
  X(EVP_MD_CTX_free)                  \
  X(EVP_DigestInit_ex)                \
  X(EVP_DigestUpdate)                 \
  X(EVP_DigestFinal_ex)

struct Crypto {
#define RETORT_LIBCRYPTO_POINTER(name) decltype(&::name) name = nullptr;
  RETORT_LIBCRYPTO_FUNCTIONS(RETORT_LIBCRYPTO_POINTER)
#undef RETORT_LIBCRYPTO_POINTER
  // SHA-256 fetched from OpenSSL's default provider once: EVP_sha256() in a DigestInit looks the
  // algorithm up again on every call, which costs more than hashing a migration file.
  const EVP_MD* sha256 = nullptr;
};

[[noreturn]] void cannot_load(const std::string& why) {
  throw Error(ErrorKind::failure, std::string("SHA-256 needs ") + kLibrary + " (OpenSSL 3): " +
                                      why + "\n  install it (Debian: apt-get install libssl3)");
}

Crypto load() {
  // Never unloaded: the handle lives as long as the process.
  void* handle = ::dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) cannot_load(::dlerror());
  Crypto c;
#define RETORT_LIBCRYPTO_RESOLVE(name)                                  \
  c.name = reinterpret_cast<decltype(&::name)>(::dlsym(handle, #name)); \
  if (c.name == nullptr) cannot_load("it has no function " #name);
  RETORT_LIBCRYPTO_FUNCTIONS(RETORT_LIBCRYPTO_RESOLVE)
#undef RETORT_LIBCRYPTO_RESOLVE
  c.sha256 = c.EVP_MD_fetch(nullptr, "SHA256", nullptr);  // kept for the process
  if (c.sha256 == nullptr) cannot_load("it has no SHA256 digest");
  return c;
}

// The functions, loaded once (thread-safe: a function-local static).
const Crypto& crypto() {
  static const Crypto loaded = load();
  return loaded;
}

// Feeds `bytes` to a fresh SHA-256 context, optionally dropping the CR of every CRLF, and
// returns the 32-byte digest.
std::string digest(std::string_view bytes, bool fold_crlf) {
  const Crypto& c = crypto();
  auto free_ctx = [&c](EVP_MD_CTX* ctx) { c.EVP_MD_CTX_free(ctx); };
  std::unique_ptr<EVP_MD_CTX, decltype(free_ctx)> ctx(c.EVP_MD_CTX_new(), free_ctx);
  if (!ctx || c.EVP_DigestInit_ex(ctx.get(), c.sha256, nullptr) != 1)
    throw Error(ErrorKind::failure, "SHA-256: OpenSSL could not initialise a digest");
  auto update = [&](std::string_view part) {
    if (!part.empty() && c.EVP_DigestUpdate(ctx.get(), part.data(), part.size()) != 1)
      throw Error(ErrorKind::failure, "SHA-256: OpenSSL digest update failed");
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
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (c.EVP_DigestFinal_ex(ctx.get(), out, &len) != 1)
    throw Error(ErrorKind::failure, "SHA-256: OpenSSL digest final failed");
  return std::string(reinterpret_cast<const char*>(out), len);
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
