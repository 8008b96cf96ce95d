// SHA-256 digests (OpenSSL EVP) and the revision-file checksum (docs/migration-files.md,
// "Checksums").
#pragma once

#include <string>
#include <string_view>

namespace retort {

// The SHA-256 digest of `bytes` as 64 lowercase hex digits. Throws Error(failure) only if
// OpenSSL itself fails (out of memory).
std::string sha256_hex(std::string_view bytes);

// The raw 32-byte SHA-256 digest of `bytes` (e.g. to derive an advisory-lock key).
std::string sha256_raw(std::string_view bytes);

// The checksum of a migration file: SHA-256 hex of its bytes with every CRLF folded to LF, so
// a checkout with Windows line endings has the same checksum.
std::string file_checksum(std::string_view file_bytes);

}  // namespace retort
