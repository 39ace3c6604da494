#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "catalog/service/catalog_service.h"
#include "catalog/service/service_test_util.h"
#include "catalog/service/warehouse.h"
#include "gtest/gtest.h"

namespace almanac::service {
namespace {

class TableOpsTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    CreateDatabase("sales");
  }
};

TEST_F(TableOpsTest, CreateStoresTheGrantsGivenWithTheTable) {
  model::PrivilegeGrant select{.grantee = {"alice", model::PrincipalType::kUser},
                               .privilege = "select",
                               .grant_option = true};
  model::PrivilegeGrant insert{.grantee = {"readers", model::PrincipalType::kRole},
                               .privilege = "INSERT",
                               .grantor = {"bob", model::PrincipalType::kUser}};
  absl::StatusOr<model::Table> created =
      service_->tables().CreateTable(ctx_, MakeTable("sales", "owned"), {select, insert});
  ASSERT_TRUE(created.ok()) << created.status();
  model::ObjectRef ref{.kind = model::ObjectKind::kTable, .database = "sales", .table = "owned"};
  auto grants = service_->grants().ListPrivileges(ctx_, &ref, nullptr);
  ASSERT_TRUE(grants.ok()) << grants.status();
  ASSERT_EQ(grants->size(), 2u);
  for (const model::PrivilegeGrant& g : *grants) {
    EXPECT_EQ(g.object.table, "owned");
    EXPECT_EQ(g.create_time, created->create_time);
    if (g.grantee.name == "alice") {
      EXPECT_EQ(g.privilege, "SELECT");
      EXPECT_TRUE(g.grant_option);
      EXPECT_EQ(g.grantor.name, "alice");  // the caller
    } else {
      EXPECT_EQ(g.grantee.type, model::PrincipalType::kRole);
      EXPECT_EQ(g.grantor.name, "bob");
    }
  }
  // A grant without a privilege refuses the whole creation.
  absl::Status s =
      service_->tables().CreateTable(ctx_, MakeTable("sales", "bad"), {model::PrivilegeGrant{
                                                                 .grantee = {"alice"}}})
          .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "a privilege given with table 'sales.bad' has no grantee or no "
                         "privilege name");
  EXPECT_EQ(service_->tables().GetTable(ctx_, "sales", "bad").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(TableOpsTest, CreateFillsDefaultsAndNormalises) {
  model::Table t = MakeTable("Sales", "Orders", {{"Year", "INTEGER", ""}});
  t.sd.columns[1].type = "DECIMAL( 10, 2 )";
  absl::StatusOr<model::Table> created = service_->tables().CreateTable(ctx_, t);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->database, "sales");
  EXPECT_EQ(created->name, "orders");
  EXPECT_EQ(created->sd.location, "file:/wh/sales.db/orders");
  EXPECT_EQ(created->owner, "alice");
  EXPECT_GT(created->create_time, 0);
  EXPECT_EQ(created->update_time, created->create_time);
  EXPECT_EQ(created->sd.columns[1].type, "decimal(10,2)");
  EXPECT_EQ(created->partition_keys[0].name, "year");
  EXPECT_EQ(created->partition_keys[0].type, "int");

  absl::StatusOr<model::Table> got = service_->tables().GetTable(ctx_, "SALES", "ORDERS");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->sd.location, created->sd.location);
  EXPECT_EQ(got->sd.columns, created->sd.columns);
  EXPECT_EQ(got->partition_keys, created->partition_keys);
}

TEST_F(TableOpsTest, GetTablesReturnsTheExistingOnesInTheOrderAsked) {
  CreateTable(MakeTable("sales", "orders"));
  CreateTable(MakeTable("sales", "items"));
  auto tables = service_->tables().GetTables(ctx_, "SALES", {"items", "nope", "Orders", "items"});
  ASSERT_TRUE(tables.ok()) << tables.status();
  std::vector<std::string> names;
  for (const model::Table& t : *tables) names.push_back(t.name);
  EXPECT_EQ(names, (std::vector<std::string>{"items", "orders", "items"}));
  auto one = service_->tables().GetTable(ctx_, "sales", "orders");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ((*tables)[1], *one);
  auto none = service_->tables().GetTables(ctx_, "no_such_db", {"orders"});
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->empty());
}

TEST_F(TableOpsTest, ExternalTableKeepsItsLocation) {
  model::Table t = MakeTable("sales", "ext");
  t.table_type = model::TableType::kExternal;
  t.sd.location = "s3://bucket/ext";
  absl::StatusOr<model::Table> created = service_->tables().CreateTable(ctx_, t);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->sd.location, "s3://bucket/ext");
}

TEST_F(TableOpsTest, BadTypeNamesTheColumn) {
  model::Table t = MakeTable("sales", "orders");
  t.sd.columns[1].type = "decimal(40,2)";
  absl::Status s = service_->tables().CreateTable(ctx_, t).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(s.message(), "invalid type for column 'price': ")) << s;
  EXPECT_EQ(service_->tables().GetTable(ctx_, "sales", "orders").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(TableOpsTest, DuplicateColumnsAndKeyColumnClash) {
  model::Table t = MakeTable("sales", "orders");
  t.sd.columns.push_back({"PRICE", "int", ""});
  EXPECT_EQ(service_->tables().CreateTable(ctx_, t).status().code(), absl::StatusCode::kInvalidArgument);
  t = MakeTable("sales", "orders", {{"id", "int", ""}});
  absl::Status s = service_->tables().CreateTable(ctx_, t).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "partition key 'id' is also a data column of table 'sales.orders'");
  t = MakeTable("sales", "orders", {{"tags", "array<string>", ""}});
  EXPECT_EQ(service_->tables().CreateTable(ctx_, t).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(TableOpsTest, Views) {
  model::Table v = MakeTable("sales", "v");
  v.table_type = model::TableType::kVirtualView;
  absl::Status s = service_->tables().CreateTable(ctx_, v).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "view 'sales.v' has no view text");
  v.view_original_text = "select * from orders";
  v.view_expanded_text = "select `orders`.`id` from `sales`.`orders`";
  absl::StatusOr<model::Table> created = service_->tables().CreateTable(ctx_, v);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->sd.location, "");  // views have no directory
}

TEST_F(TableOpsTest, CreateErrors) {
  CreateTable(MakeTable("sales", "orders"));
  absl::Status s = service_->tables().CreateTable(ctx_, MakeTable("sales", "ORDERS")).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  s = service_->tables().CreateTable(ctx_, MakeTable("nodb", "orders")).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "database 'nodb' not found");
  EXPECT_EQ(service_->tables().CreateTable(ctx_, MakeTable("sales", "bad name")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(TableOpsTest, ListTables) {
  for (int i = 0; i < 12; ++i) CreateTable(MakeTable("sales", absl::StrFormat("orders_%02d", i)));
  CreateTable(MakeTable("sales", "customers"));
  absl::StatusOr<Page<std::string>> page = service_->tables().ListTables(ctx_, "sales", "", "", 0);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->items.size(), 13u);
  EXPECT_EQ(page->items.front(), "customers");

  page = service_->tables().ListTables(ctx_, "SALES", "Cust*|orders_1*", "", 0);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items, (std::vector<std::string>{"customers", "orders_10", "orders_11"}));

  std::vector<std::string> seen;
  std::string token;
  do {
    page = service_->tables().ListTables(ctx_, "sales", "orders*", token, 5);
    ASSERT_TRUE(page.ok()) << page.status();
    seen.insert(seen.end(), page->items.begin(), page->items.end());
    token = page->next_page_token;
  } while (!token.empty());
  EXPECT_EQ(seen.size(), 12u);

  // A token from one database's listing is not valid for another's.
  CreateDatabase("other");
  page = service_->tables().ListTables(ctx_, "sales", "", "", 5);
  ASSERT_TRUE(page.ok());
  absl::Status s = service_->tables().ListTables(ctx_, "other", "", page->next_page_token, 5).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "invalid page token");

  s = service_->tables().ListTables(ctx_, "nodb", "", "", 0).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
}

TEST_F(TableOpsTest, UpdateCompareAndSet) {
  model::Table t = MakeTable("sales", "ice");
  t.parameters = {{"metadata_location", "s3://m/1.json"}, {"table_type", "ICEBERG"}};
  model::Table created = CreateTable(t);

  UpdateTableOptions cas{.expected_parameter_key = "metadata_location",
                         .expected_parameter_value = "s3://m/1.json"};
  t.parameters["metadata_location"] = "s3://m/2.json";
  absl::StatusOr<model::Table> updated = service_->tables().UpdateTable(ctx_, t, cas);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->create_time, created.create_time);
  EXPECT_EQ(updated->sd.location, created.sd.location);

  // A second writer that still expects 1.json loses.
  t.parameters["metadata_location"] = "s3://m/2b.json";
  absl::Status s = service_->tables().UpdateTable(ctx_, t, cas).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "table 'sales.ice' parameter 'metadata_location' is 's3://m/2.json', expected "
            "'s3://m/1.json'");
  absl::StatusOr<model::Table> got = service_->tables().GetTable(ctx_, "sales", "ice");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->parameters.at("metadata_location"), "s3://m/2.json");

  UpdateTableOptions missing{.expected_parameter_key = "nope", .expected_parameter_value = "x"};
  s = service_->tables().UpdateTable(ctx_, t, missing).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "table 'sales.ice' parameter 'nope' is not set, expected 'x'");
}

TEST_F(TableOpsTest, ConcurrentCompareAndSetHasOneWinner) {
  // Iceberg-style commits from several threads, all based on version 0: the
  // check runs in the same write transaction as the update, so exactly one
  // commit wins and the others see the winner's value.
  model::Table t = MakeTable("sales", "ice");
  t.parameters = {{"metadata_location", "v0"}};
  CreateTable(t);
  constexpr int kWriters = 8;
  std::atomic<int> wins{0};
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      model::Table mine = t;
      mine.parameters["metadata_location"] = absl::StrFormat("v1-%d", i);
      absl::Status s = service_
                           ->tables().UpdateTable(ctx_, mine,
                                         UpdateTableOptions{
                                             .expected_parameter_key = "metadata_location",
                                             .expected_parameter_value = "v0"})
                           .status();
      if (s.ok()) {
        ++wins;
      } else if (s.code() == absl::StatusCode::kFailedPrecondition) {
        ++conflicts;
      } else {
        ADD_FAILURE() << s;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(conflicts.load(), kWriters - 1);
}

TEST_F(TableOpsTest, UpdateValidatesLikeCreate) {
  model::Table t = CreateTable(MakeTable("sales", "orders"));
  t.sd.columns.push_back({"when", "timestamp(", ""});
  absl::Status s = service_->tables().UpdateTable(ctx_, t).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(s.message(), "invalid type for column 'when': ")) << s;
  EXPECT_EQ(service_->tables().UpdateTable(ctx_, MakeTable("sales", "nope")).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(TableOpsTest, UpdateNeverRenames) {
  model::Table t = CreateTable(MakeTable("sales", "orders"));
  t.name = "orders2";
  absl::Status s = service_->tables().UpdateTable(ctx_, t,
                                         UpdateTableOptions{.addressed_database = "Sales",
                                                            .addressed_name = "Orders"})
                       .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "table 'sales.orders' cannot be renamed to 'sales.orders2' by an update; use "
            "RenameTable");
  t.name = "ORDERS";
  EXPECT_TRUE(service_
                  ->tables().UpdateTable(ctx_, t,
                                UpdateTableOptions{.addressed_database = "sales",
                                                   .addressed_name = "orders"})
                  .ok());
}

// Hive's alter_table with a new name: rename and update in one transaction.
TEST_F(TableOpsTest, UpdateWithAllowRenameRenamesAndUpdatesAtOnce) {
  CreateDatabase("archive");
  model::Table t = CreateTable(MakeTable("sales", "orders"));
  warehouse_->steps.clear();
  t.database = "archive";
  t.name = "Old_Orders";
  t.parameters["comment"] = "moved";  // the update part; the old location stays in `t`
  absl::StatusOr<model::Table> updated = service_->tables().UpdateTable(
      ctx_, t,
      UpdateTableOptions{
          .addressed_database = "sales", .addressed_name = "orders", .allow_rename = true});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(service_->tables().GetTable(ctx_, "sales", "orders").status().code(),
            absl::StatusCode::kNotFound);
  absl::StatusOr<model::Table> got = service_->tables().GetTable(ctx_, "archive", "old_orders");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->parameters.at("comment"), "moved");
  EXPECT_EQ(got->sd.location, "file:/wh/archive.db/old_orders");
  EXPECT_EQ(warehouse_->steps, std::vector<std::string>{
                                   "move file:/wh/sales.db/orders file:/wh/archive.db/old_orders"});
}

// The update part failing (here a lost compare-and-set) undoes the rename.
TEST_F(TableOpsTest, UpdateWithAllowRenameIsAllOrNothing) {
  model::Table t = MakeTable("sales", "ice");
  t.parameters = {{"metadata_location", "s3://m/1.json"}};
  CreateTable(t);
  warehouse_->steps.clear();
  t.name = "ice2";
  absl::Status s = service_
                       ->tables().UpdateTable(ctx_, t,
                                     UpdateTableOptions{
                                         .expected_parameter_key = "metadata_location",
                                         .expected_parameter_value = "s3://m/0.json",
                                         .addressed_database = "sales",
                                         .addressed_name = "ice",
                                         .allow_rename = true})
                       .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(service_->tables().GetTable(ctx_, "sales", "ice").ok());
  EXPECT_EQ(service_->tables().GetTable(ctx_, "sales", "ice2").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(warehouse_->steps.empty());
}

TEST_F(TableOpsTest, PartitionKeysChangeOnlyWithoutPartitions) {
  model::Table t = CreateTable(MakeTable("sales", "orders", {{"year", "int", ""}}));
  t.partition_keys.push_back({"month", "string", ""});
  ASSERT_TRUE(service_->tables().UpdateTable(ctx_, t).ok());  // no partitions yet

  ASSERT_TRUE(
      service_->partitions().AddPartitions(ctx_, "sales", "orders", {MakePartition({"2024", "01"})}, false)
          .ok());
  t.partition_keys.pop_back();
  absl::Status s = service_->tables().UpdateTable(ctx_, t).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "cannot change the partition keys of table 'sales.orders': it has 1 partition");
}

TEST_F(TableOpsTest, CascadeAppliesColumnsToPartitions) {
  model::Table t = CreateTable(MakeTable("sales", "orders", {{"year", "int", ""}}));
  std::vector<model::Partition> parts;
  for (int y = 2000; y < 2003; ++y) parts.push_back(MakePartition({std::to_string(y)}));
  ASSERT_TRUE(service_->partitions().AddPartitions(ctx_, "sales", "orders", parts, false).ok());

  t.sd.columns.push_back({"note", "string", ""});
  ASSERT_TRUE(service_->tables().UpdateTable(ctx_, t).ok());
  absl::StatusOr<model::Partition> p = service_->partitions().GetPartition(ctx_, "sales", "orders", {"2000"});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->sd.columns.size(), 2u);  // without cascade partitions keep their columns

  t.sd.columns.push_back({"extra", "VARCHAR(10)", ""});
  ASSERT_TRUE(service_->tables().UpdateTable(ctx_, t, UpdateTableOptions{.cascade = true}).ok());
  for (const char* year : {"2000", "2001", "2002"}) {
    p = service_->partitions().GetPartition(ctx_, "sales", "orders", {year});
    ASSERT_TRUE(p.ok());
    ASSERT_EQ(p->sd.columns.size(), 4u) << year;
    EXPECT_EQ(p->sd.columns[3].type, "varchar(10)");
  }
}

TEST_F(TableOpsTest, RenameManagedTableMovesWithPartitions) {
  CreateDatabase("archive");
  CreateTable(MakeTable("sales", "orders", {{"year", "int", ""}}));
  ASSERT_TRUE(service_
                  ->partitions().AddPartitions(ctx_, "sales", "orders",
                                  {MakePartition({"2023"}), MakePartition({"2024"})}, false)
                  .ok());

  ASSERT_TRUE(service_->tables().RenameTable(ctx_, "sales", "orders", "ARCHIVE", "Old_Orders").ok());
  EXPECT_EQ(service_->tables().GetTable(ctx_, "sales", "orders").status().code(),
            absl::StatusCode::kNotFound);
  absl::StatusOr<model::Table> moved = service_->tables().GetTable(ctx_, "archive", "old_orders");
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->sd.location, "file:/wh/archive.db/old_orders");
  absl::StatusOr<int64_t> count = Count("archive", "old_orders");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 2);
  absl::StatusOr<model::Partition> p =
      service_->partitions().GetPartition(ctx_, "archive", "old_orders", {"2024"});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->sd.location, "file:/wh/archive.db/old_orders/year=2024");
}

TEST_F(TableOpsTest, RenameExternalTableKeepsLocation) {
  model::Table t = MakeTable("sales", "ext");
  t.table_type = model::TableType::kExternal;
  t.sd.location = "s3://bucket/ext";
  CreateTable(t);
  ASSERT_TRUE(service_->tables().RenameTable(ctx_, "sales", "ext", "sales", "ext2").ok());
  absl::StatusOr<model::Table> got = service_->tables().GetTable(ctx_, "sales", "ext2");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->sd.location, "s3://bucket/ext");
}

TEST_F(TableOpsTest, RenameManagedTableAtExplicitLocationKeepsIt) {
  model::Table t = MakeTable("sales", "pinned");
  t.sd.location = "s3://bucket/pinned";
  CreateTable(t);
  ASSERT_TRUE(service_->tables().RenameTable(ctx_, "sales", "pinned", "sales", "pinned2").ok());
  absl::StatusOr<model::Table> got = service_->tables().GetTable(ctx_, "sales", "pinned2");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->sd.location, "s3://bucket/pinned");
}

TEST_F(TableOpsTest, RenameErrors) {
  CreateTable(MakeTable("sales", "a"));
  CreateTable(MakeTable("sales", "b"));
  absl::Status s = service_->tables().RenameTable(ctx_, "sales", "a", "sales", "B");
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(s.message(), "table 'sales.b' already exists");
  s = service_->tables().RenameTable(ctx_, "sales", "a", "nodb", "a");
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "database 'nodb' not found");
  EXPECT_EQ(service_->tables().RenameTable(ctx_, "sales", "zz", "sales", "c").code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->tables().RenameTable(ctx_, "sales", "a", "sales", "bad name").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(service_->tables().GetTable(ctx_, "sales", "a").ok());
}

TEST_F(TableOpsTest, Drop) {
  CreateTable(MakeTable("sales", "orders", {{"year", "int", ""}}));
  ASSERT_TRUE(
      service_->partitions().AddPartitions(ctx_, "sales", "orders", {MakePartition({"1"})}, false).ok());
  ASSERT_TRUE(service_->tables().DropTable(ctx_, "SALES", "Orders").ok());
  EXPECT_EQ(service_->tables().GetTable(ctx_, "sales", "orders").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->tables().DropTable(ctx_, "sales", "orders").code(), absl::StatusCode::kNotFound);
}

// ---- data directories (warehouse.h) ----

TEST_F(TableOpsTest, CreateMakesTheDirectoryOfManagedTablesOnly) {
  warehouse_->steps.clear();
  CreateTable(MakeTable("sales", "orders"));
  model::Table ext = MakeTable("sales", "ext");
  ext.table_type = model::TableType::kExternal;
  ext.sd.location = "file:/data/ext";
  CreateTable(ext);
  model::Table view = MakeTable("sales", "v");
  view.table_type = model::TableType::kVirtualView;
  view.view_original_text = "select 1";
  CreateTable(view);
  EXPECT_EQ(warehouse_->steps, std::vector<std::string>{"mkdir file:/wh/sales.db/orders"});
  EXPECT_TRUE(data_warnings_.empty());
}

TEST_F(TableOpsTest, FailedMakeDirectoryStillCreatesTheTable) {
  warehouse_->result = absl::PermissionDeniedError("cannot create directory");
  CreateTable(MakeTable("sales", "orders"));
  EXPECT_TRUE(service_->tables().GetTable(ctx_, "sales", "orders").ok());
  ASSERT_EQ(data_warnings_.size(), 1u);
  EXPECT_EQ(data_warnings_[0].code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(TableOpsTest, RenameMovesTheDirectoryOfAManagedTable) {
  CreateDatabase("archive");
  CreateTable(MakeTable("sales", "orders"));
  warehouse_->steps.clear();
  ASSERT_TRUE(service_->tables().RenameTable(ctx_, "sales", "orders", "archive", "old").ok());
  EXPECT_EQ(warehouse_->steps,
            std::vector<std::string>{"move file:/wh/sales.db/orders file:/wh/archive.db/old"});
}

TEST_F(TableOpsTest, RenameDoesNotMoveExternalOrPinnedData) {
  model::Table ext = MakeTable("sales", "ext");
  ext.table_type = model::TableType::kExternal;
  CreateTable(ext);  // at the default place, but external
  model::Table pinned = MakeTable("sales", "pinned");
  pinned.sd.location = "file:/elsewhere/pinned";
  CreateTable(pinned);
  warehouse_->steps.clear();
  ASSERT_TRUE(service_->tables().RenameTable(ctx_, "sales", "ext", "sales", "ext2").ok());
  ASSERT_TRUE(service_->tables().RenameTable(ctx_, "sales", "pinned", "sales", "pinned2").ok());
  EXPECT_TRUE(warehouse_->steps.empty());
}

TEST_F(TableOpsTest, RenameOntoAnExistingDirectoryChangesNothing) {
  CreateTable(MakeTable("sales", "orders"));
  warehouse_->result = absl::AlreadyExistsError("'file:/wh/sales.db/o2' already exists");
  absl::Status s = service_->tables().RenameTable(ctx_, "sales", "orders", "sales", "o2");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "cannot rename table 'sales.orders' to 'sales.o2': its new directory "
            "'file:/wh/sales.db/o2' already exists");
  EXPECT_TRUE(service_->tables().GetTable(ctx_, "sales", "orders").ok());
}

TEST_F(TableOpsTest, RenameFailingMoveChangesNothing) {
  CreateTable(MakeTable("sales", "orders"));
  warehouse_->result = absl::PermissionDeniedError("no");
  EXPECT_EQ(service_->tables().RenameTable(ctx_, "sales", "orders", "sales", "o2").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(service_->tables().GetTable(ctx_, "sales", "orders").ok());
}

TEST_F(TableOpsTest, RenameWithoutDataOrOnRemoteStorageStillRenames) {
  CreateTable(MakeTable("sales", "a"));
  CreateTable(MakeTable("sales", "b"));
  warehouse_->result = absl::NotFoundError("no directory yet");
  ASSERT_TRUE(service_->tables().RenameTable(ctx_, "sales", "a", "sales", "a2").ok());
  EXPECT_TRUE(data_warnings_.empty());
  warehouse_->result = absl::UnimplementedError("scheme 's3a'");
  ASSERT_TRUE(service_->tables().RenameTable(ctx_, "sales", "b", "sales", "b2").ok());
  ASSERT_EQ(data_warnings_.size(), 1u);
  EXPECT_EQ(data_warnings_[0].code(), absl::StatusCode::kUnimplemented);
  absl::StatusOr<model::Table> b2 = service_->tables().GetTable(ctx_, "sales", "b2");
  ASSERT_TRUE(b2.ok());
  EXPECT_EQ(b2->sd.location, "file:/wh/sales.db/b2");
}

TEST_F(TableOpsTest, DropDeletesDataOnlyWhenAskedAndOwned) {
  CreateTable(MakeTable("sales", "kept"));
  CreateTable(MakeTable("sales", "gone"));
  model::Table ext = MakeTable("sales", "ext");
  ext.table_type = model::TableType::kExternal;
  ext.sd.location = "file:/data/ext";
  CreateTable(ext);
  model::Table purged = MakeTable("sales", "purged");
  purged.table_type = model::TableType::kExternal;
  purged.sd.location = "file:/data/purged";
  purged.parameters["external.table.purge"] = "TRUE";
  CreateTable(purged);
  warehouse_->steps.clear();
  ASSERT_TRUE(service_->tables().DropTable(ctx_, "sales", "kept").ok());
  ASSERT_TRUE(service_->tables().DropTable(ctx_, "sales", "gone", /*delete_data=*/true).ok());
  ASSERT_TRUE(service_->tables().DropTable(ctx_, "sales", "ext", /*delete_data=*/true).ok());
  ASSERT_TRUE(service_->tables().DropTable(ctx_, "sales", "purged", /*delete_data=*/true).ok());
  EXPECT_EQ(warehouse_->steps, (std::vector<std::string>{"delete file:/wh/sales.db/gone",
                                                         "delete file:/data/purged"}));
}

// The same steps against a real directory tree.
class TableDataTest : public TableOpsTest {
 protected:
  CatalogOptions Options() override {
    CatalogOptions options = TableOpsTest::Options();
    options.warehouse_root = absl::StrCat("file:", (dir_ / "wh").string());
    options.warehouse = nullptr;  // the local warehouse
    return options;
  }
};

TEST_F(TableDataTest, DataFollowsRenameAndGoesWithDrop) {
  CreateTable(MakeTable("sales", "events", {{"dt", "string", ""}}));
  const std::filesystem::path old_dir = dir_ / "wh/sales.db/events";
  ASSERT_TRUE(std::filesystem::is_directory(old_dir));
  ASSERT_TRUE(service_
                  ->partitions().AddPartitions(ctx_, "sales", "events", {MakePartition({"2024-01-01"})},
                                  false)
                  .ok());
  std::filesystem::create_directories(old_dir / "dt=2024-01-01");
  std::ofstream(old_dir / "dt=2024-01-01/part-0") << "row";

  ASSERT_TRUE(service_->tables().RenameTable(ctx_, "sales", "events", "sales", "events_v2").ok());
  const std::filesystem::path new_dir = dir_ / "wh/sales.db/events_v2";
  EXPECT_FALSE(std::filesystem::exists(old_dir));
  EXPECT_TRUE(std::filesystem::exists(new_dir / "dt=2024-01-01/part-0"));
  absl::StatusOr<model::Partition> p =
      service_->partitions().GetPartition(ctx_, "sales", "events_v2", {"2024-01-01"});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(*LocalPath(p->sd.location), (new_dir / "dt=2024-01-01").string());

  ASSERT_TRUE(service_->tables().DropTable(ctx_, "sales", "events_v2", /*delete_data=*/true).ok());
  EXPECT_FALSE(std::filesystem::exists(new_dir));
  EXPECT_TRUE(std::filesystem::is_directory(dir_ / "wh/sales.db"));
  EXPECT_TRUE(data_warnings_.empty());
}

}  // namespace
}  // namespace almanac::service
