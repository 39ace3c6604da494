#include "catalog/service/name_pattern.h"

#include "gtest/gtest.h"

namespace almanac::service {
namespace {

struct Case {
  const char* pattern;
  const char* name;
  bool matches;
};

TEST(NamePatternTest, Table) {
  const Case cases[] = {
      {"", "anything", true},
      {"*", "sales", true},
      {"sales", "sales", true},
      {"sales", "SALES", true},
      {"SALES", "sales", true},
      {"sales", "sales2", false},  // whole-name match
      {"sales", "xsales", false},
      {"sal*", "sales", true},
      {"sal*", "sal", true},
      {"*les", "sales", true},
      {"s*s", "sales", true},
      {"s*s", "sale", false},
      {"*a*e*", "sales", true},
      {"a*|s*", "sales", true},
      {"a*|b*", "sales", false},
      {"orders|sales", "sales", true},
      {"orders|sales", "orders", true},
      {"orders|sales", "order", false},
      {".*", "sales", true},  // what Trino sends
      {"sale.", "sales", true},
      {"sale.", "sale", false},
      {"s_les", "s_les", true},
      {"s_les", "sales", false},  // '_' is literal, unlike SQL LIKE
      {"**", "x", true},
      {"a**b", "ab", true},
      {"a*b*c", "abxbxc", true},
      {"a*b*c", "abxbx", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(NamePattern(c.pattern).Matches(c.name), c.matches)
        << "pattern '" << c.pattern << "' name '" << c.name << "'";
  }
}

TEST(NamePatternTest, MatchesAll) {
  EXPECT_TRUE(NamePattern("").matches_all());
  EXPECT_TRUE(NamePattern("*").matches_all());
  EXPECT_TRUE(NamePattern("a|*").matches_all());
  EXPECT_FALSE(NamePattern("a*").matches_all());
}

}  // namespace
}  // namespace almanac::service
