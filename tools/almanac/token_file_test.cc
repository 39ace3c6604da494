#include "tools/almanac/token_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "absl/strings/str_cat.h"

namespace almanac::tools {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const absl::Time kNow = absl::FromUnixSeconds(1800000000);  // 2027-01-15

TEST(TokenFileTest, HashIsSha256Hex) {
  // The SHA-256 test vector of "abc" (FIPS 180-2).
  EXPECT_EQ(TokenHashHex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(TokenFileTest, NewTokensAreLongRandomAndUrlSafe) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string token = NewToken();
    EXPECT_EQ(token.size(), 43u);  // 32 bytes, base64 without padding
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos)
        << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(TokenFileTest, VerifiesEachFormOfLine) {
  const std::string text = absl::StrCat(
      "# tokens for the test\n"
      "\n",
      TokenHashHex("t-alice"), ":alice\n", "  ", TokenHashHex("t-crawler"),
      ":role/crawler:etl,analysts  \n", TokenHashHex("t-bob"),
      ":bob:expires=2027-06-01T12:00:00Z\n", TokenHashHex("t-carol"),
      ":carol:ops:expires=2027-06-01T12:00:00+02:00\n", TokenHashHex("t-dave"),
      ":dave::expires=2027-01-01T00:00:00Z\n");
  absl::StatusOr<TokenFile> file = TokenFile::Parse(text, "tokens");
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->size(), 5u);

  absl::StatusOr<TokenIdentity> alice = file->Verify("t-alice", kNow);
  ASSERT_TRUE(alice.ok()) << alice.status();
  EXPECT_EQ(alice->principal, "alice");
  EXPECT_THAT(alice->groups, IsEmpty());

  absl::StatusOr<TokenIdentity> crawler = file->Verify("t-crawler", kNow);
  ASSERT_TRUE(crawler.ok()) << crawler.status();
  EXPECT_EQ(crawler->principal, "role/crawler");
  EXPECT_THAT(crawler->groups, ElementsAre("etl", "analysts"));

  absl::StatusOr<TokenIdentity> bob = file->Verify("t-bob", kNow);
  ASSERT_TRUE(bob.ok()) << bob.status();
  EXPECT_EQ(bob->principal, "bob");

  absl::StatusOr<TokenIdentity> carol = file->Verify("t-carol", kNow);
  ASSERT_TRUE(carol.ok()) << carol.status();
  EXPECT_THAT(carol->groups, ElementsAre("ops"));

  // Expired on 2027-01-01.
  EXPECT_EQ(file->Verify("t-dave", kNow).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(TokenFileTest, UnknownEmptyAndExpiredTokensGetTheSameAnswer) {
  const std::string text =
      absl::StrCat(TokenHashHex("t-bob"), ":bob:expires=2027-01-15T08:00:00Z\n",
                   TokenHashHex("t-alice"), ":alice\n");
  absl::StatusOr<TokenFile> file = TokenFile::Parse(text, "tokens");
  ASSERT_TRUE(file.ok()) << file.status();
  const absl::Time before = absl::FromUnixSeconds(1800000000 - 7 * 3600);
  ASSERT_TRUE(file->Verify("t-bob", before).ok());

  for (const absl::Status& status :
       {file->Verify("t-bob", kNow).status(),                     // expired
        file->Verify("t-mallory", kNow).status(),                 // unknown
        file->Verify("", kNow).status(),                          // empty
        file->Verify(TokenHashHex("t-alice"), kNow).status()}) {  // the hash itself
    EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
    EXPECT_EQ(status.message(), "missing or invalid bearer token");
  }
  // A token is good until the second before its expiry (kNow is the expiry
  // itself, refused above).
  EXPECT_EQ(file->Verify("t-bob", kNow - absl::Seconds(1)).status().code(), absl::StatusCode::kOk);
}

TEST(TokenFileTest, MalformedLinesNameTheLineAndNeverTheHash) {
  const std::string hash = TokenHashHex("t");
  struct Case {
    std::string line;
    std::string fragment;
  };
  const Case cases[] = {
      {"just-a-word", "line 3: expected SHA256HEX:PRINCIPAL"},
      {absl::StrCat(hash.substr(0, 60), ":alice"), "line 3: the hash is not 64 hex digits"},
      {absl::StrCat(hash.substr(0, 63), "g:alice"), "line 3: the hash is not 64 hex digits"},
      {absl::StrCat(hash, ":"), "line 3: principal ''"},
      {absl::StrCat(hash, ":expires=2027-01-01T00:00:00Z"), "line 3: missing principal"},
      {absl::StrCat(hash, ":al ice"), "line 3: principal 'al ice'"},
      {absl::StrCat(hash, ":role/"), "line 3: principal 'role/'"},
      {absl::StrCat(hash, ":alice:a,,b"), "line 3: group ''"},
      {absl::StrCat(hash, ":alice:a:b"), "line 3: too many fields"},
      {absl::StrCat(hash, ":alice:expires=tomorrow"),
       "line 3: expires 'tomorrow' is not an RFC 3339"},
      {absl::StrCat(hash, ":alice\n", hash, ":bob"), "line 4: the same token as line 3"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<TokenFile> file =
        TokenFile::Parse(absl::StrCat("# header\n\n", c.line, "\n"), "/etc/almanac/tokens");
    ASSERT_FALSE(file.ok()) << c.line;
    EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument) << c.line;
    EXPECT_THAT(file.status().message(), HasSubstr("token file '/etc/almanac/tokens' line "))
        << c.line;
    EXPECT_THAT(file.status().message(), HasSubstr(c.fragment)) << c.line;
    EXPECT_THAT(file.status().message(), Not(HasSubstr(hash.substr(0, 16)))) << c.line;
  }
}

TEST(TokenFileTest, LineRoundTrips) {
  const std::string token = NewToken();
  const TokenIdentity identity{.principal = "role/etl", .groups = {"a", "b"}};
  const absl::Time expires = absl::FromUnixSeconds(1900000000);
  const std::string line = TokenFileLine(token, identity, expires);
  EXPECT_EQ(line, absl::StrCat(TokenHashHex(token), ":role/etl:a,b:expires=2030-03-17T17:46:40Z"));
  absl::StatusOr<TokenFile> file = TokenFile::Parse(line, "x");
  ASSERT_TRUE(file.ok()) << file.status();
  absl::StatusOr<TokenIdentity> got = file->Verify(token, kNow);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->principal, "role/etl");
  EXPECT_THAT(got->groups, ElementsAre("a", "b"));
  EXPECT_EQ(file->Verify(token, expires).status().code(), absl::StatusCode::kUnauthenticated);

  EXPECT_EQ(TokenFileLine(token, {.principal = "alice"}, std::nullopt),
            absl::StrCat(TokenHashHex(token), ":alice"));
}

TEST(TokenFileTest, LoadReportsAMissingFile) {
  absl::StatusOr<TokenFile> file = TokenFile::Load("/nonexistent/almanac/tokens");
  EXPECT_EQ(file.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(file.status().message(), HasSubstr("cannot read token file '/nonexistent"));
}

}  // namespace
}  // namespace almanac::tools
