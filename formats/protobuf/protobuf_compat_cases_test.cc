// The Protobuf compatibility corpus (testdata/compat_cases.txt): each case is
// run through the facade and every mismatch is reported by name and line.
#include "absl/strings/str_cat.h"
#include "formats/testing/compat_cases.h"
#include "gtest/gtest.h"

namespace almanac::formats {
namespace {

TEST(ProtobufCompatCases, EveryCaseHolds) {
  auto cases =
      testing::ReadCompatCases(testing::SourcePath("formats/protobuf/testdata/compat_cases.txt"));
  ASSERT_TRUE(cases.ok()) << cases.status();
  EXPECT_GE(cases->size(), 90u);
  int failed = 0;
  for (const testing::CompatCase& c : *cases) {
    std::string mismatch =
        testing::MismatchOf(c, testing::RunCompatCase(SchemaFormat::kProtobuf, c));
    if (!mismatch.empty()) {
      ++failed;
      ADD_FAILURE() << "case '" << c.name << "' (line " << c.line << "): " << mismatch;
    }
  }
  EXPECT_EQ(failed, 0) << "of " << cases->size() << " cases";
}

}  // namespace
}  // namespace almanac::formats
