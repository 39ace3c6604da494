#include "common/glob.h"

#include "gtest/gtest.h"

namespace almanac {
namespace {

struct Case {
  const char* pattern;
  const char* path;
  bool matches;
};

TEST(Glob, MatchesAsGlueExclusionsDo) {
  const Case cases[] = {
      {"*.csv", "a.csv", true},
      {"*.csv", "dir/a.csv", false},  // * stays in one component
      {"**.csv", "dir/sub/a.csv", true},
      {"**/*.csv", "dir/a.csv", true},
      {"**/*.csv", "a.csv", false},
      {"dir/**", "dir/a/b/c.json", true},
      {"dir/**", "other/a.json", false},
      {"year=201?/*", "year=2017/x", true},
      {"year=201?/*", "year=2020/x", false},
      {"?", "/", false},
      {"[abc]*", "banana", true},
      {"[!abc]*", "banana", false},
      {"[a-c][0-9]", "b7", true},
      {"[a-c][0-9]", "d7", false},
      {"{logs,tmp}/**", "tmp/x/y", true},
      {"{logs,tmp}/**", "data/x", false},
      {"*.{csv,json}", "a.json", true},
      {"*.{csv,json}", "a.parquet", false},
      {"\\*x", "*x", true},
      {"\\*x", "ax", false},
      {"**", "", true},
      {"a*b*c*d", "aXbYcZd", true},
      {"a*b*c*d", "aXbYcZ/d", false},
  };
  for (const Case& c : cases) {
    auto glob = Glob::Compile(c.pattern);
    ASSERT_TRUE(glob.ok()) << c.pattern << ": " << glob.status();
    EXPECT_EQ(glob->Matches(c.path), c.matches) << c.pattern << " vs " << c.path;
  }
}

TEST(Glob, BadPatternsSayWhere) {
  EXPECT_EQ(Glob::Compile("a[bc").status().message(), "glob 'a[bc': an unclosed '[' at position 2");
  EXPECT_EQ(Glob::Compile("{a,b").status().message(), "glob '{a,b': an unclosed '{' at position 1");
  EXPECT_EQ(Glob::Compile("{a,{b}}").status().message(), "glob '{a,{b}}': a nested '{' at position 4");
  EXPECT_EQ(Glob::Compile("a\\").status().message(), "glob 'a\\': a trailing '\\' at position 2");
  EXPECT_EQ(Glob::Compile("a}").status().message(), "glob 'a}': a '}' without '{' at position 2");
  EXPECT_FALSE(Glob::Compile("").ok());
  EXPECT_FALSE(Glob::Compile("{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}{s,t}").ok());
}

TEST(Glob, LongPathsStayCheap) {
  auto glob = Glob::Compile("**a**a**a**a**a**b");
  ASSERT_TRUE(glob.ok());
  EXPECT_FALSE(glob->Matches(std::string(2000, 'a')));
}

}  // namespace
}  // namespace almanac
