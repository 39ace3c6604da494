// Runs the JSON Schema compatibility corpus, testdata/compat_cases.txt: every
// case through the shared runner, each mismatch reported by name and line.
#include <string>
#include <vector>

#include "formats/testing/compat_cases.h"
#include "gtest/gtest.h"

namespace almanac::formats {
namespace {

TEST(JsonSchemaCompatCases, EveryCaseHoldsAndTheCorpusIsLarge) {
  std::string path = testing::SourcePath("formats/json_schema/testdata/compat_cases.txt");
  auto cases = testing::ReadCompatCases(path);
  ASSERT_TRUE(cases.ok()) << cases.status();
  EXPECT_GE(cases->size(), 90u) << "the corpus should hold at least 90 cases";
  int mismatches = 0;
  for (const testing::CompatCase& c : *cases) {
    std::string mismatch = testing::MismatchOf(c, testing::RunCompatCase(SchemaFormat::kJson, c));
    if (!mismatch.empty()) {
      ++mismatches;
      ADD_FAILURE() << path << ":" << c.line << ": case '" << c.name << "': " << mismatch;
    }
  }
  EXPECT_EQ(mismatches, 0) << "of " << cases->size() << " cases";
}

}  // namespace
}  // namespace almanac::formats
