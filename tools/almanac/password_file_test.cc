#include "tools/almanac/password_file.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace almanac::tools {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Hashing costs ~64 MiB and tens of milliseconds: made once for the suite.
const std::string& AliceHash() {
  static const std::string* hash = new std::string(*HashPassword("s3cret"));
  return *hash;
}
const std::string& BobHash() {
  static const std::string* hash = new std::string(*HashPassword("hunter2"));
  return *hash;
}

TEST(PasswordFileTest, HashIsArgon2idWithInteractiveLimits) {
  EXPECT_TRUE(absl::StartsWith(AliceHash(), "$argon2id$"));
  EXPECT_NE(AliceHash(), *HashPassword("s3cret"));  // salted
  EXPECT_EQ(HashPassword("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PasswordFileTest, VerifiesUsersAndReturnsGroups) {
  auto file = PasswordFile::Parse(absl::StrCat("# users\n\nalice:", AliceHash(),
                                               ":analysts, admins\r\n  bob:", BobHash(), "\n"),
                                  "test");
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ((*file)->size(), 2u);
  auto alice = (*file)->Verify("alice", "s3cret");
  ASSERT_TRUE(alice.ok()) << alice.status();
  EXPECT_EQ(alice->name, "alice");
  EXPECT_THAT(alice->groups, ElementsAre("analysts", "admins"));
  auto bob = (*file)->Verify("bob", "hunter2");
  ASSERT_TRUE(bob.ok()) << bob.status();
  EXPECT_THAT(bob->groups, IsEmpty());
}

TEST(PasswordFileTest, WrongPasswordAndUnknownUserFailAlike) {
  auto file = PasswordFile::Parse(absl::StrCat("alice:", AliceHash()), "test");
  ASSERT_TRUE(file.ok()) << file.status();
  absl::Status wrong = (*file)->Verify("alice", "hunter2").status();
  absl::Status unknown = (*file)->Verify("mallory", "s3cret").status();
  absl::Status empty = (*file)->Verify("alice", "").status();
  EXPECT_EQ(wrong.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong, unknown);
  EXPECT_EQ(wrong, empty);
  EXPECT_EQ(wrong.message(), "authentication failed");
  // A user name is not a password: the other user's password never works.
  EXPECT_FALSE((*file)->Verify("bob", "s3cret").ok());
}

TEST(PasswordFileTest, MalformedLinesNameTheLineButNeverTheHash) {
  struct Case {
    std::string text;
    std::string expected;
  };
  const std::string hash = AliceHash();
  const Case cases[] = {
      {"alice", "line 1: expected NAME:HASH"},
      {absl::StrCat("\n# c\n:", hash), "line 3: the user name is empty"},
      {absl::StrCat("al ice:", hash), "line 1: the user name is empty or contains white space"},
      {"alice:plaintext", "line 1: the hash of user 'alice' is not an argon2id string"},
      {"alice:$argon2id$garbage", "line 1: the hash of user 'alice' is not an argon2id string"},
      {absl::StrCat("alice:", hash, ":a,,b"), "line 1: a group name is empty"},
      {absl::StrCat("alice:", hash, "\nalice:", hash), "line 2: user 'alice' appears again"},
  };
  for (const Case& c : cases) {
    auto file = PasswordFile::Parse(c.text, "users.txt");
    ASSERT_FALSE(file.ok()) << c.text;
    EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument) << c.text;
    EXPECT_THAT(file.status().message(), HasSubstr("password file 'users.txt' " + c.expected));
    EXPECT_THAT(file.status().message(), Not(HasSubstr("$argon2id$")));
    EXPECT_THAT(file.status().message(), Not(HasSubstr("plaintext")));
  }
}

TEST(PasswordFileTest, LoadAndReload) {
  const std::string path =
      ::testing::TempDir() + "/password_file_test_" + std::to_string(getpid()) + ".txt";
  {
    std::ofstream out(path);
    out << "alice:" << AliceHash() << "\n";
  }
  auto file = PasswordFile::Load(path);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_FALSE((*file)->Verify("bob", "hunter2").ok());
  {
    std::ofstream out(path);
    out << "alice:" << AliceHash() << "\nbob:" << BobHash() << ":ops\n";
  }
  ASSERT_TRUE((*file)->Reload().ok());
  EXPECT_TRUE((*file)->Verify("bob", "hunter2").ok());
  {
    std::ofstream out(path);
    out << "broken\n";
  }
  // A bad file keeps the previous entries.
  EXPECT_EQ((*file)->Reload().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE((*file)->Verify("bob", "hunter2").ok());
  std::remove(path.c_str());
  EXPECT_EQ(PasswordFile::Load(path).status().code(), absl::StatusCode::kNotFound);
  auto parsed = PasswordFile::Parse("", "inline");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ((*parsed)->Reload().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(PasswordFileTest, ConcurrentChecksAllComplete) {
  auto file = PasswordFile::Parse(absl::StrCat("alice:", AliceHash()), "test");
  ASSERT_TRUE(file.ok()) << file.status();
  // More callers than kMaxConcurrentChecks: the extra ones wait their turn.
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < PasswordFile::kMaxConcurrentChecks + 3; ++i) {
    threads.emplace_back([&, i] {
      if ((*file)->Verify("alice", i % 2 == 0 ? "s3cret" : "nope").ok()) ok.fetch_add(1);
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), (PasswordFile::kMaxConcurrentChecks + 4) / 2);
}

TEST(PasswordFileTest, FormatsLines) {
  EXPECT_EQ(*FormatPasswordLine("alice", "$argon2id$x", {}), "alice:$argon2id$x");
  EXPECT_EQ(*FormatPasswordLine("alice", "$argon2id$x", {"a", "b"}), "alice:$argon2id$x:a,b");
  EXPECT_EQ(FormatPasswordLine("a:b", "h", {}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FormatPasswordLine("a", "h", {"x y"}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace almanac::tools
