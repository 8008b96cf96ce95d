#include "base/sha256.hpp"

#include <openssl/evp.h>

#include <memory>

#include "base/error.hpp"

namespace retort {

namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// Feeds `bytes` to a fresh SHA-256 context, optionally dropping the CR of every CRLF, and
// returns the 32-byte digest.
// SHA-256 fetched from OpenSSL's default provider once: EVP_sha256() in a DigestInit looks the
// algorithm up again on every call, which costs more than hashing a migration file.
const EVP_MD* sha256_md() {
  static const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);  // kept for the process
  if (md == nullptr) throw Error(ErrorKind::failure, "SHA-256: OpenSSL has no SHA256 digest");
  return md;
}

std::string digest(std::string_view bytes, bool fold_crlf) {
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), sha256_md(), nullptr) != 1)
    throw Error(ErrorKind::failure, "SHA-256: OpenSSL could not initialise a digest");
  auto update = [&](std::string_view part) {
    if (!part.empty() && EVP_DigestUpdate(ctx.get(), part.data(), part.size()) != 1)
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
  if (EVP_DigestFinal_ex(ctx.get(), out, &len) != 1)
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
