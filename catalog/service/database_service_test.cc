#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "catalog/service/catalog_service.h"
#include "catalog/service/service_test_util.h"
#include "gtest/gtest.h"

namespace almanac::service {
namespace {

class DatabaseOpsTest : public ServiceTest {};

TEST_F(DatabaseOpsTest, CreateFillsDefaults) {
  absl::StatusOr<model::Database> db =
      service_->databases().CreateDatabase(ctx_, model::Database{.name = "Sales", .description = "money"});
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_EQ(db->name, "sales");
  EXPECT_EQ(db->location, "file:/wh/sales.db");
  EXPECT_EQ(db->owner_name, "alice");
  EXPECT_EQ(db->owner_type, model::PrincipalType::kUser);
  EXPECT_GT(db->create_time, 0);

  absl::StatusOr<model::Database> got = service_->databases().GetDatabase(ctx_, "SALES");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, *db);
}

TEST_F(DatabaseOpsTest, CreateKeepsGivenLocationAndOwner) {
  absl::StatusOr<model::Database> db = service_->databases().CreateDatabase(
      ctx_, model::Database{.name = "raw", .location = "s3://bucket/raw", .owner_name = "etl",
                            .owner_type = model::PrincipalType::kRole});
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_EQ(db->location, "s3://bucket/raw");
  EXPECT_EQ(db->owner_name, "etl");
  EXPECT_EQ(db->owner_type, model::PrincipalType::kRole);
}

TEST_F(DatabaseOpsTest, CreateErrors) {
  CreateDatabase("sales");
  EXPECT_EQ(service_->databases().CreateDatabase(ctx_, model::Database{.name = "SALES"}).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(service_->databases().CreateDatabase(ctx_, model::Database{.name = "bad name"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->databases().CreateDatabase(ctx_, model::Database{.name = ""}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(DatabaseOpsTest, GetMissing) {
  absl::Status s = service_->databases().GetDatabase(ctx_, "nope").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "database 'nope' not found");
}

TEST_F(DatabaseOpsTest, ListWithPatternAndPages) {
  for (int i = 0; i < 25; ++i) CreateDatabase(absl::StrFormat("db%02d", i));
  CreateDatabase("other");

  absl::StatusOr<Page<std::string>> all = service_->databases().ListDatabases(ctx_, "", "", 0);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->next_page_token, "");
  // "default" may exist depending on the backend; ours are all there, sorted.
  std::vector<std::string> names = all->items;
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_NE(std::find(names.begin(), names.end(), "other"), names.end());

  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    absl::StatusOr<Page<std::string>> page = service_->databases().ListDatabases(ctx_, "DB*", token, 10);
    ASSERT_TRUE(page.ok()) << page.status();
    seen.insert(seen.end(), page->items.begin(), page->items.end());
    token = page->next_page_token;
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 25u);
  EXPECT_EQ(seen.front(), "db00");
  EXPECT_EQ(seen.back(), "db24");

  absl::StatusOr<Page<std::string>> alternatives =
      service_->databases().ListDatabases(ctx_, "db0*|oth*", "", 0);
  ASSERT_TRUE(alternatives.ok());
  EXPECT_EQ(alternatives->items.size(), 11u);
}

TEST_F(DatabaseOpsTest, PageTokenOfAnotherPatternIsRejected) {
  for (int i = 0; i < 5; ++i) CreateDatabase(absl::StrFormat("db%d", i));
  absl::StatusOr<Page<std::string>> page = service_->databases().ListDatabases(ctx_, "db*", "", 2);
  ASSERT_TRUE(page.ok());
  ASSERT_NE(page->next_page_token, "");
  absl::Status s = service_->databases().ListDatabases(ctx_, "d*", page->next_page_token, 2).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "invalid page token");
  s = service_->databases().ListDatabases(ctx_, "db*", "garbage", 2).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "invalid page token");
}

TEST_F(DatabaseOpsTest, UpdateKeepsServerFields) {
  absl::StatusOr<model::Database> created =
      service_->databases().CreateDatabase(ctx_, model::Database{.name = "sales"});
  ASSERT_TRUE(created.ok());
  model::Database update{.name = "Sales", .description = "new", .parameters = {{"k", "v"}}};
  ASSERT_TRUE(service_->databases().UpdateDatabase(ctx_, update).ok());
  absl::StatusOr<model::Database> got = service_->databases().GetDatabase(ctx_, "sales");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->description, "new");
  EXPECT_EQ(got->parameters.at("k"), "v");
  EXPECT_EQ(got->location, created->location);
  EXPECT_EQ(got->owner_name, "alice");
  EXPECT_EQ(got->create_time, created->create_time);

  EXPECT_EQ(service_->databases().UpdateDatabase(ctx_, model::Database{.name = "nope"}).code(),
            absl::StatusCode::kNotFound);
}

TEST_F(DatabaseOpsTest, DropNonEmptyNeedsCascade) {
  CreateDatabase("sales");
  for (const char* name : {"a", "b", "c"}) {
    CreateTable(MakeTable("sales", name, {{"year", "int", ""}}));
  }
  ASSERT_TRUE(service_->partitions().AddPartitions(ctx_, "sales", "a", {MakePartition({"2024"})}, false).ok());

  absl::Status s = service_->databases().DropDatabase(ctx_, "sales", /*cascade=*/false);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "database 'sales' is not empty (3 tables); use cascade");
  EXPECT_TRUE(service_->tables().GetTable(ctx_, "sales", "a").ok());

  ASSERT_TRUE(service_->databases().DropDatabase(ctx_, "SALES", /*cascade=*/true).ok());
  EXPECT_EQ(service_->databases().GetDatabase(ctx_, "sales").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->tables().GetTable(ctx_, "sales", "a").status().code(), absl::StatusCode::kNotFound);

  // Nothing of the old tables or partitions survives under the same names.
  CreateDatabase("sales");
  CreateTable(MakeTable("sales", "a", {{"year", "int", ""}}));
  absl::StatusOr<int64_t> count = Count("sales", "a");
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 0);
}

TEST_F(DatabaseOpsTest, DropOneTableMessageIsSingular) {
  CreateDatabase("sales");
  CreateTable(MakeTable("sales", "a"));
  absl::Status s = service_->databases().DropDatabase(ctx_, "sales", false);
  EXPECT_EQ(s.message(), "database 'sales' is not empty (1 table); use cascade");
}

TEST_F(DatabaseOpsTest, DropEmptyAndMissing) {
  CreateDatabase("sales");
  EXPECT_TRUE(service_->databases().DropDatabase(ctx_, "sales", false).ok());
  EXPECT_EQ(service_->databases().DropDatabase(ctx_, "sales", false).code(), absl::StatusCode::kNotFound);
}

TEST_F(DatabaseOpsTest, DropDefaultIsRefused) {
  if (!service_->databases().GetDatabase(ctx_, "default").ok()) CreateDatabase("default");
  absl::Status s = service_->databases().DropDatabase(ctx_, "default", true);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "database 'default' cannot be dropped");
}

TEST_F(DatabaseOpsTest, EnsureDefaultDatabaseCreatesItOnceAtTheWarehouseRoot) {
  absl::StatusOr<bool> created = service_->databases().EnsureDefaultDatabase(ctx_);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_TRUE(*created);
  absl::StatusOr<model::Database> db = service_->databases().GetDatabase(ctx_, "default");
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_EQ(db->location, "file:/wh");
  EXPECT_EQ(db->description, "Default Hive database");
  EXPECT_EQ(db->owner_name, "public");
  EXPECT_EQ(db->owner_type, model::PrincipalType::kRole);
  EXPECT_EQ(warehouse_->steps, std::vector<std::string>{"mkdir file:/wh"});

  // A second start finds it and changes nothing, even after a user altered it.
  db->description = "ours now";
  ASSERT_TRUE(service_->databases().UpdateDatabase(ctx_, *db).ok());
  created = service_->databases().EnsureDefaultDatabase(ctx_);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_FALSE(*created);
  EXPECT_EQ(service_->databases().GetDatabase(ctx_, "default")->description, "ours now");
}

// ---- data directories (warehouse.h) ----

TEST_F(DatabaseOpsTest, CreateMakesTheDirectory) {
  CreateDatabase("sales");
  EXPECT_EQ(warehouse_->steps, std::vector<std::string>{"mkdir file:/wh/sales.db"});
}

TEST_F(DatabaseOpsTest, DropDeletesDataOnlyWhenAsked) {
  CreateDatabase("kept");
  ASSERT_TRUE(service_->databases().DropDatabase(ctx_, "kept", false).ok());
  CreateDatabase("sales");
  CreateTable(MakeTable("sales", "inside"));
  model::Table outside = MakeTable("sales", "outside");
  outside.sd.location = "file:/other/outside";
  CreateTable(outside);
  model::Table ext = MakeTable("sales", "ext");
  ext.table_type = model::TableType::kExternal;
  ext.sd.location = "file:/data/ext";
  CreateTable(ext);
  warehouse_->steps.clear();
  ASSERT_TRUE(service_->databases().DropDatabase(ctx_, "sales", /*cascade=*/true, /*delete_data=*/true).ok());
  // The managed table outside the database directory goes on its own; the
  // one inside goes with the directory; external data stays.
  EXPECT_EQ(warehouse_->steps, (std::vector<std::string>{"delete file:/other/outside",
                                                         "delete file:/wh/sales.db"}));
}

}  // namespace
}  // namespace almanac::service
