#include "base/sha256.hpp"

#include <gtest/gtest.h>

#include <string>

namespace retort {
namespace {

TEST(Sha256, KnownVectors) {
  // FIPS 180-2 test vectors.
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_raw("abc").size(), 32u);
  // Two blocks, and a million bytes (many blocks, fed in one call).
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, FileChecksumFoldsCrlfOnly) {
  EXPECT_EQ(file_checksum("a\r\nb\r\n"), sha256_hex("a\nb\n"));
  EXPECT_EQ(file_checksum("a\r\n\r\n"), sha256_hex("a\n\n"));
  EXPECT_EQ(file_checksum("\r\n"), sha256_hex("\n"));
  EXPECT_EQ(file_checksum("a\r"), sha256_hex("a\r"));  // trailing lone CR is content
  EXPECT_EQ(file_checksum("a\r\rb"), sha256_hex("a\r\rb"));
  EXPECT_EQ(file_checksum("a\r\r\nb"), sha256_hex("a\r\nb"));  // only the CR before LF goes
}

}  // namespace
}  // namespace retort
