// Runs formats/avro/testdata/compat_cases.txt: every case, every mismatch
// reported with its name and line.
#include "formats/testing/compat_cases.h"
#include "gtest/gtest.h"

namespace almanac::formats {
namespace {

TEST(AvroCompatCases, EveryCaseHoldsAndThereAreEnough) {
  auto cases =
      testing::ReadCompatCases(testing::SourcePath("formats/avro/testdata/compat_cases.txt"));
  ASSERT_TRUE(cases.ok()) << cases.status();
  EXPECT_GE(cases->size(), 90u);
  int failed = 0;
  for (const testing::CompatCase &c : *cases) {
    std::string mismatch = testing::MismatchOf(c, testing::RunCompatCase(SchemaFormat::kAvro, c));
    if (!mismatch.empty()) {
      ++failed;
      ADD_FAILURE() << "compat_cases.txt:" << c.line << ": '" << c.name << "': " << mismatch;
    }
  }
  EXPECT_EQ(failed, 0) << "of " << cases->size() << " cases";
}

}  // namespace
}  // namespace almanac::formats
