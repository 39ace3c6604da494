#include <string>

#include "catalog/policy/compiled.h"
#include "catalog/policy/policy.h"
#include "gtest/gtest.h"

namespace almanac::policy {
namespace {

struct Case {
  const char* pattern;
  const char* text;
  bool case_insensitive;
  bool want;
};

TEST(WildcardMatchTest, Table) {
  const Case cases[] = {
      {"", "", false, true},
      {"", "a", false, false},
      {"*", "", false, true},
      {"*", "anything:at/all", false, true},
      {"**", "x", false, true},
      {"?", "", false, false},
      {"?", "a", false, true},
      {"?", "ab", false, false},
      {"a?c", "abc", false, true},
      {"a?c", "ac", false, false},
      {"glue:Get*", "glue:GetTable", false, true},
      {"glue:Get*", "glue:gettable", false, false},
      {"glue:Get*", "glue:gettable", true, true},
      {"GLUE:GET?ABLE", "glue:getTable", true, true},
      {"glue:*Table", "glue:GetTable", false, true},
      {"glue:*Table", "glue:GetTables", false, false},
      {"glue:*Table*", "glue:GetTables", false, true},
      // '*' crosses ':' and '/'.
      {"arn:aws:glue:*", "arn:aws:glue:us-east-1:123456789012:table/db/t", false, true},
      {"arn:*:table/*", "arn:aws:glue:us-east-1:1:table/db/t", false, true},
      {"arn:aws:glue:us-east-1:123456789012:table/sales/*",
       "arn:aws:glue:us-east-1:123456789012:table/sales/orders", false, true},
      {"arn:aws:glue:us-east-1:123456789012:table/sales/*",
       "arn:aws:glue:us-east-1:123456789012:table/Sales/orders", false, false},
      {"table/*/orders", "table/sales/orders", false, true},
      {"table/*/orders", "table/sales/orders2", false, false},
      {"*a*b*c*", "xxaxxbxxcxx", false, true},
      {"*a*b*c*", "xxaxxcxxbxx", false, false},
      {"a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false, false},
      {"*?", "", false, false},
      {"*?", "x", false, true},
      {"?*?", "x", false, false},
      // '?' is one code point: "é" is two bytes.
      {"caf?", "caf\xc3\xa9", false, true},
      {"caf??", "caf\xc3\xa9", false, false},
      {"*\xc3\xa9", "caf\xc3\xa9", false, true},
      // No escapes in WildcardMatch: a backslash is a character.
      {"a\\*", "a\\xyz", false, true},
      {"a\\*", "a*", false, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(WildcardMatch(c.pattern, c.text, c.case_insensitive), c.want)
        << "'" << c.pattern << "' vs '" << c.text << "' ci=" << c.case_insensitive;
  }
}

TEST(GlobMatchTest, EscapesMakeWildcardsLiteral) {
  EXPECT_TRUE(internal::GlobMatch("a\\*", "a*", false, true));
  EXPECT_FALSE(internal::GlobMatch("a\\*", "ab", false, true));
  EXPECT_TRUE(internal::GlobMatch("a\\?b", "a?b", false, true));
  EXPECT_FALSE(internal::GlobMatch("a\\?b", "axb", false, true));
  EXPECT_TRUE(internal::GlobMatch("a\\\\b", "a\\b", false, true));
  EXPECT_TRUE(internal::GlobMatch("*\\*", "xyz*", false, true));
  EXPECT_FALSE(internal::GlobMatch("*\\*", "xyz", false, true));
}

TEST(WildcardMatchTest, LongInputsStayFast) {
  const std::string text(20000, 'a');
  const std::string pattern = "*a*a*a*a*a*a*a*a*b";
  EXPECT_FALSE(WildcardMatch(pattern, text, false));
  EXPECT_TRUE(WildcardMatch("*" + std::string(100, '?'), text, false));
}

}  // namespace
}  // namespace almanac::policy
