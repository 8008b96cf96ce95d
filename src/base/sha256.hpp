// SHA-256 digests (OpenSSL EVP) and the revision-file checksum (docs/migration-files.md,
// "Checksums").
//
// libcrypto is loaded (libcrypto.so.3, dlopen) on the first digest, not linked: mapping and
// relocating it costs ~3 ms at every start-up, and the commands run most often need no digest
// (a no-op `upgrade` and the graph commands take each file's checksum from the header cache,
// docs/configuration.md). A PostgreSQL connection loads it anyway, through libpq.
#pragma once

#include <string>
#include <string_view>

namespace retort {

// The SHA-256 digest of `bytes` as 64 lowercase hex digits. Throws Error(failure) if
// libcrypto.so.3 cannot be loaded (naming the Debian package) or OpenSSL itself fails (out of
// memory).
std::string sha256_hex(std::string_view bytes);

// The raw 32-byte SHA-256 digest of `bytes` (e.g. to derive an advisory-lock key).
std::string sha256_raw(std::string_view bytes);

// The checksum of a migration file: SHA-256 hex of its bytes with every CRLF folded to LF, so
// a checkout with Windows line endings has the same checksum.
std::string file_checksum(std::string_view file_bytes);

}  // namespace retort
