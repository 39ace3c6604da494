#include "thrift/metastore_uuid.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "gtest/gtest.h"

namespace almanac::hms {
namespace {

std::string TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "uuid_test_XXXXXX").string();
  return mkdtemp(pattern.data());
}

TEST(MetastoreUuidTest, CreatedOnceThenReadBack) {
  const std::string dir = TempDir();
  auto first = LoadOrCreateMetastoreUuid(dir);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE(std::regex_match(
      *first, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << *first;
  auto second = LoadOrCreateMetastoreUuid(dir);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, *first);
  EXPECT_NE(*LoadOrCreateMetastoreUuid(TempDir()), *first);
}

TEST(MetastoreUuidTest, AFileHoldingSomethingElseIsDataLoss) {
  const std::string dir = TempDir();
  std::ofstream(std::filesystem::path(dir) / "metastore_uuid") << "not a uuid\n";
  EXPECT_EQ(LoadOrCreateMetastoreUuid(dir).status().code(), absl::StatusCode::kDataLoss);
}

TEST(MetastoreUuidTest, AMissingDirectoryIsFailedPrecondition) {
  EXPECT_EQ(LoadOrCreateMetastoreUuid("/nonexistent/dir/for/almanac").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace almanac::hms
