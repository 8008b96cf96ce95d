// SHA-256 digests (Nettle, GnuTLS's crypto library) and the revision-file checksum
// (docs/migration-files.md, "Checksums").
//
// Nettle is loaded (libnettle.so.8, dlopen) on the first digest, not linked: the commands run
// most often need no digest (a no-op `upgrade` and the graph commands take each file's checksum
// from the header cache, docs/configuration.md). Not OpenSSL's libcrypto: loading and
// initialising it cost ~190 page faults and 3-5 ms of CPU on the benchmark machine against ~11
// faults for Nettle (docs/BENCHMARKS.md, issue 16's third pass), for the same SHA-NI speed.
#pragma once

#include <string>
#include <string_view>

namespace retort {

// The SHA-256 digest of `bytes` as 64 lowercase hex digits. Throws Error(failure) if
// libnettle.so.8 cannot be loaded (naming the Debian package).
std::string sha256_hex(std::string_view bytes);

// The raw 32-byte SHA-256 digest of `bytes` (e.g. to derive an advisory-lock key).
std::string sha256_raw(std::string_view bytes);

// The checksum of a migration file: SHA-256 hex of its bytes with every CRLF folded to LF, so
// a checkout with Windows line endings has the same checksum.
std::string file_checksum(std::string_view file_bytes);

}  // namespace retort
