// User-defined functions in the SQLite backend. Real files.
#include <memory>

#include "gtest/gtest.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_util.h"

namespace almanac::storage {
namespace {

using sqlite::testing::MakeDatabase;
using sqlite::testing::TempDir;

model::Function MakeFunction(const std::string& db, const std::string& name) {
  model::Function f;
  f.database = db;
  f.name = name;
  f.class_name = "com.example.Upper";
  f.owner_name = "alice";
  f.owner_type = model::PrincipalType::kRole;
  f.create_time = 1700000000;
  f.resources = {{model::ResourceType::kJar, "s3://b/udf.jar"},
                 {model::ResourceType::kArchive, "file:/x.zip"}};
  return f;
}

class SqliteFunctionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Reopen();
    auto txn = Write();
    ASSERT_TRUE(txn->tables().CreateDatabase(MakeDatabase("db")).ok());
    ASSERT_TRUE(txn->tables().CreateDatabase(MakeDatabase("other")).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  void Reopen() {
    store_.reset();
    auto store = OpenSqliteStore({.path = dir_.File("catalog.db"), .sync_every_commit = false});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  std::unique_ptr<WriteTransaction> Write() { return std::move(*store_->BeginWrite()); }
  std::unique_ptr<ReadTransaction> Read() { return std::move(*store_->BeginRead()); }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteFunctionsTest, CreateGetListSurviveReopen) {
  auto txn = Write();
  ASSERT_TRUE(txn->functions().CreateFunction(MakeFunction("db", "upper2")).ok());
  ASSERT_TRUE(txn->functions().CreateFunction(MakeFunction("db", "abs2")).ok());
  ASSERT_TRUE(txn->functions().CreateFunction(MakeFunction("other", "f")).ok());
  EXPECT_EQ(txn->functions().CreateFunction(MakeFunction("db", "abs2")).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(txn->functions().CreateFunction(MakeFunction("nodb", "f")).code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(txn->Commit().ok());
  Reopen();
  auto got = Read()->functions().GetFunction("db", "upper2");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, MakeFunction("db", "upper2"));
  EXPECT_EQ(Read()->functions().GetFunction("db", "nope").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Read()->functions().GetFunction("db", "nope").status().message(),
            "function 'db.nope' not found");

  auto in_db = Read()->functions().ListFunctions("db");
  ASSERT_TRUE(in_db.ok());
  ASSERT_EQ(in_db->size(), 2u);
  EXPECT_EQ((*in_db)[0].name, "abs2");
  auto all = Read()->functions().ListFunctions("");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[2].database, "other");
  EXPECT_EQ(Read()->functions().ListFunctions("nodb").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(SqliteFunctionsTest, UpdateRenamesAndDelete) {
  auto txn = Write();
  ASSERT_TRUE(txn->functions().CreateFunction(MakeFunction("db", "f")).ok());
  ASSERT_TRUE(txn->functions().CreateFunction(MakeFunction("db", "g")).ok());
  model::Function moved = MakeFunction("other", "h");
  moved.class_name = "com.example.Lower";
  ASSERT_TRUE(txn->functions().UpdateFunction("db", "f", moved).ok());
  EXPECT_EQ(txn->functions().GetFunction("db", "f").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(txn->functions().GetFunction("other", "h")->class_name, "com.example.Lower");
  EXPECT_EQ(txn->functions().UpdateFunction("db", "nope", moved).code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(txn->functions().UpdateFunction("db", "g", moved).code(),
            absl::StatusCode::kAlreadyExists);
  ASSERT_TRUE(txn->functions().DeleteFunction("db", "g").ok());
  EXPECT_EQ(txn->functions().DeleteFunction("db", "g").code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(txn->Commit().ok());
}

TEST_F(SqliteFunctionsTest, DeletingTheDatabaseDeletesItsFunctions) {
  auto txn = Write();
  ASSERT_TRUE(txn->functions().CreateFunction(MakeFunction("other", "f")).ok());
  ASSERT_TRUE(txn->tables().DeleteDatabase("other").ok());
  ASSERT_TRUE(txn->tables().CreateDatabase(MakeDatabase("other")).ok());
  EXPECT_EQ(txn->functions().GetFunction("other", "f").status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(txn->Commit().ok());
}

}  // namespace
}  // namespace almanac::storage
