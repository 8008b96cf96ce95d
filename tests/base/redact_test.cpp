#include "base/redact.hpp"

#include <gtest/gtest.h>

namespace retort {
namespace {

TEST(Redact, MasksPasswordsInEveryForm) {
  EXPECT_EQ(redact_passwords("postgresql://u:secret@h:5432/db?sslmode=require"),
            "postgresql://u:***@h:5432/db?sslmode=require");
  EXPECT_EQ(redact_passwords("postgres://u:p@ss@h/db"), "postgres://u:***@h/db");
  EXPECT_EQ(redact_passwords("postgresql://u@h/db"), "postgresql://u@h/db");
  EXPECT_EQ(redact_passwords("postgresql://h/db?user=u&password=secret&sslmode=disable"),
            "postgresql://h/db?user=u&password=***&sslmode=disable");
  EXPECT_EQ(redact_passwords("host=h user=u password=secret dbname=d"),
            "host=h user=u password=*** dbname=d");
  EXPECT_EQ(redact_passwords("postgresql://u:secret@h1:1,h2:2/db"),
            "postgresql://u:***@h1:1,h2:2/db");
  EXPECT_EQ(redact_passwords("host=h password='a b\\'c' user=u"), "host=h password=*** user=u");
}

// Configuration errors quote the source line: a URL inside TOML, possibly malformed.
TEST(Redact, MasksPasswordsInQuotedSourceLines) {
  EXPECT_EQ(redact_passwords("url = \"postgresql://u:S3cr3t@127.0.0.1:99999/db\""),
            "url = \"postgresql://u:***@127.0.0.1:99999/db\"");
  EXPECT_EQ(redact_passwords("url = \"postgresql://u:S3cr3t@127.0.0.1/db"),
            "url = \"postgresql://u:***@127.0.0.1/db");
  EXPECT_EQ(redact_passwords("url = \"postgressql://u:S3cr3t@h/db\" trailing"),
            "url = \"postgressql://u:***@h/db\" trailing");
  EXPECT_EQ(redact_passwords("url = \"postgresql://u:pa/ss@h/db\""),
            "url = \"postgresql://u:***@h/db\"");
  EXPECT_EQ(redact_passwords("url = \"postgresql://u:my secret@h/db\""),
            "url = \"postgresql://u:***@h/db\"");
  EXPECT_EQ(redact_passwords("url = \"postgresql://h/db?password=S3cr3t\""),
            "url = \"postgresql://h/db?password=***\"");
  EXPECT_EQ(redact_passwords("a postgresql://u:one@h/db and postgresql://v:two@k/db"),
            "a postgresql://u:***@h/db and postgresql://v:***@k/db");
  // Nothing that is not a password moves.
  EXPECT_EQ(redact_passwords("sqlite:////tmp/a@b.db"), "sqlite:////tmp/a@b.db");
  EXPECT_EQ(redact_passwords("postgresql://h:5432/db failed for user@x"),
            "postgresql://h:5432/db failed for user@x");
  EXPECT_EQ(redact_passwords("no url here: a:b@c"), "no url here: a:b@c");
}

TEST(Redact, ListsPasswordsAsWrittenDecodedAndUnquoted) {
  EXPECT_EQ(passwords_in("postgresql://u:p%40ss@h/db"),
            (std::vector<std::string>{"p%40ss", "p@ss"}));
  EXPECT_EQ(passwords_in("host=h password='a b\\'c'"),
            (std::vector<std::string>{"'a b\\'c'", "a b'c"}));
  EXPECT_TRUE(passwords_in("postgresql://u@h/db").empty());
}

}  // namespace
}  // namespace retort
