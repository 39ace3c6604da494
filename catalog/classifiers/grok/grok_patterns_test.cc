#include "catalog/classifiers/grok/grok_patterns.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "catalog/classifiers/grok/grok_compiler.h"
#include "gtest/gtest.h"

namespace almanac::classifiers::grok {
namespace {

std::string TestdataPath(const char* name) {
  const char* root = std::getenv("ALMANAC_SOURCE_DIR");
  return absl::StrCat(root == nullptr ? "." : root, "/catalog/classifiers/grok/testdata/", name);
}

TEST(GrokPatterns, EveryBuiltinCompilesAlone) {
  ASSERT_GT(BuiltinPatternNames().size(), 60u);
  for (const std::string& name : BuiltinPatternNames()) {
    auto compiled = CompiledGrok::Compile(absl::StrCat("%{", name, "}"), "");
    EXPECT_TRUE(compiled.ok()) << name << ": " << compiled.status();
  }
}

TEST(GrokPatterns, NamesAreUnique) {
  const auto& names = BuiltinPatternNames();
  for (size_t i = 0; i < names.size(); ++i) {
    for (size_t j = i + 1; j < names.size(); ++j) EXPECT_NE(names[i], names[j]);
  }
}

TEST(GrokPatterns, UnknownNameIsNullopt) {
  EXPECT_FALSE(FindBuiltinPattern("NOPE").has_value());
  EXPECT_FALSE(FindBuiltinPattern("int").has_value());  // grok names are case-sensitive
  EXPECT_TRUE(FindBuiltinPattern("INT").has_value());
}

// testdata/patterns.txt: `+ NAME text` matches whole, `- NAME text` does not.
TEST(GrokPatterns, ValuesTable) {
  std::ifstream in(TestdataPath("patterns.txt"));
  ASSERT_TRUE(in) << TestdataPath("patterns.txt");
  std::string line;
  int number = 0;
  int checked = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    ASSERT_TRUE(line.size() > 2 && (line[0] == '+' || line[0] == '-') && line[1] == ' ')
        << "patterns.txt:" << number;
    const size_t space = line.find(' ', 2);
    ASSERT_NE(space, std::string::npos) << "patterns.txt:" << number;
    const std::string name = line.substr(2, space - 2);
    const std::string text = line.substr(space + 1);
    auto compiled = CompiledGrok::Compile(absl::StrCat("%{", name, "}"), "");
    ASSERT_TRUE(compiled.ok()) << "patterns.txt:" << number << ": " << compiled.status();
    EXPECT_EQ(compiled->FullMatch(text), line[0] == '+')
        << "patterns.txt:" << number << ": " << name << " on '" << text << "'";
    ++checked;
  }
  EXPECT_GT(checked, 100);
}

}  // namespace
}  // namespace almanac::classifiers::grok
