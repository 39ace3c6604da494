#include "catalog/service/warehouse.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace almanac::service {
namespace {

namespace fs = std::filesystem;

class WarehouseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / absl::StrCat("almanac_warehouse_test_", rd(), "_", rd());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  // "file:<dir>/<rel>", the spelling Hive and Spark store.
  std::string Uri(const std::string& rel) { return absl::StrCat("file:", (dir_ / rel).string()); }
  void Touch(const fs::path& p) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << "x";
  }

  fs::path dir_;
  std::unique_ptr<Warehouse> wh_ = NewLocalWarehouse();
};

TEST(LocalPathTest, Spellings) {
  EXPECT_EQ(*LocalPath("file:/a/b"), "/a/b");
  EXPECT_EQ(*LocalPath("file:///a/b/"), "/a/b");
  EXPECT_EQ(*LocalPath("file://localhost/a/./c/../b"), "/a/b");
  EXPECT_EQ(*LocalPath("/a/b"), "/a/b");
  EXPECT_EQ(*LocalPath("FILE:/a"), "/a");
  EXPECT_EQ(LocalPath("s3a://bucket/a").status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(LocalPath("hdfs://nn:8020/a").status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(LocalPath("file://otherhost/a").status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(LocalPath("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LocalPath("relative/dir").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LocalPath("file:relative").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(LocationIsUnderTest, LocalAndRemote) {
  EXPECT_TRUE(LocationIsUnder("file:/wh/t/p=1", "file:///wh/t"));
  EXPECT_TRUE(LocationIsUnder("file:/wh/t", "/wh/t/"));
  EXPECT_FALSE(LocationIsUnder("file:/wh/t2/p=1", "file:/wh/t"));
  EXPECT_FALSE(LocationIsUnder("file:/wh", "file:/wh/t"));
  EXPECT_TRUE(LocationIsUnder("s3a://b/t/p=1", "s3a://b/t/"));
  EXPECT_FALSE(LocationIsUnder("s3a://b/t2", "s3a://b/t"));
  EXPECT_FALSE(LocationIsUnder("s3a://b/t/p", "file:/b/t"));
  EXPECT_FALSE(LocationIsUnder("", "file:/wh"));
}

TEST_F(WarehouseTest, MakeDirectoryCreatesParentsAndIsIdempotent) {
  ASSERT_TRUE(wh_->MakeDirectory(Uri("db.db/t")).ok());
  EXPECT_TRUE(fs::is_directory(dir_ / "db.db/t"));
  EXPECT_TRUE(wh_->MakeDirectory(Uri("db.db/t")).ok());
  Touch(dir_ / "file");
  EXPECT_EQ(wh_->MakeDirectory(Uri("file")).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(wh_->MakeDirectory("s3a://bucket/t").code(), absl::StatusCode::kUnimplemented);
}

TEST_F(WarehouseTest, MoveDirectoryKeepsContents) {
  Touch(dir_ / "db.db/events/dt=1/part-0");
  ASSERT_TRUE(wh_->MoveDirectory(Uri("db.db/events"), Uri("other.db/events_v2")).ok());
  EXPECT_FALSE(fs::exists(dir_ / "db.db/events"));
  EXPECT_TRUE(fs::exists(dir_ / "other.db/events_v2/dt=1/part-0"));
}

TEST_F(WarehouseTest, MoveDirectoryErrors) {
  Touch(dir_ / "a/f");
  Touch(dir_ / "b/f");
  absl::Status s = wh_->MoveDirectory(Uri("a"), Uri("b"));
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(fs::exists(dir_ / "a/f"));
  s = wh_->MoveDirectory(Uri("missing"), Uri("c"));
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), absl::StrCat("directory '", Uri("missing"), "' does not exist"));
  EXPECT_EQ(wh_->MoveDirectory(Uri("a"), Uri("a/inside")).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(wh_->MoveDirectory("s3a://b/a", "s3a://b/c").code(),
            absl::StatusCode::kUnimplemented);
}

TEST_F(WarehouseTest, DeleteRecursively) {
  Touch(dir_ / "t/p=1/f");
  ASSERT_TRUE(wh_->DeleteRecursively(Uri("t")).ok());
  EXPECT_FALSE(fs::exists(dir_ / "t"));
  EXPECT_TRUE(wh_->DeleteRecursively(Uri("t")).ok());  // already gone
  EXPECT_EQ(wh_->DeleteRecursively("file:///").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(wh_->DeleteRecursively("file:/a/..").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(wh_->DeleteRecursively("s3a://b/t").code(), absl::StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace almanac::service
