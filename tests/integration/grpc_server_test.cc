// Drives every almanac.v1.CatalogService RPC against the real `almanac serve`
// binary over a real gRPC channel, including each error class, then restarts
// the server on the same data directory and finds everything again.
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "proto/almanac/v1/catalog.grpc.pb.h"
#include "tools/testing/server_process.h"

namespace almanac::testing {
namespace {

using ::testing::HasSubstr;

class GrpcServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_dir_ = MakeTempDir("almanac_grpc_test_");
    ASSERT_FALSE(data_dir_.empty());
    StartServer();
  }
  void TearDown() override {
    stub_.reset();
    server_.reset();
    RemoveTree(data_dir_);
  }

  void StartServer() {
    auto server = ServerProcess::Start(ALMANAC_BINARY, data_dir_, {"--log-level", "debug"});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::CatalogService::NewStub(
        grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  }

  // Runs one RPC as principal "alice".
  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (v1::CatalogService::Stub::*method)(grpc::ClientContext*,
                                                                     const Request&, Response*),
                    const Request& request, Response* response) {
    grpc::ClientContext context;
    context.AddMetadata("x-almanac-principal", "alice");
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return (stub_.get()->*method)(&context, request, response);
  }

  // Shorthand for calls whose response we do not inspect.
  template <typename Request, typename Response>
  grpc::Status Do(grpc::Status (v1::CatalogService::Stub::*method)(grpc::ClientContext*,
                                                                   const Request&, Response*),
                  const Request& request) {
    Response response;
    return Call(method, request, &response);
  }

  std::string data_dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<v1::CatalogService::Stub> stub_;
};

#define EXPECT_CODE(status_expr, code, fragment)                       \
  do {                                                                 \
    grpc::Status s_ = (status_expr);                                   \
    EXPECT_EQ(s_.error_code(), grpc::StatusCode::code) << s_.error_message(); \
    EXPECT_THAT(s_.error_message(), HasSubstr(fragment));              \
  } while (0)

#define ASSERT_RPC_OK(status_expr)                                     \
  do {                                                                 \
    grpc::Status s_ = (status_expr);                                   \
    ASSERT_TRUE(s_.ok()) << s_.error_code() << ": " << s_.error_message(); \
  } while (0)

using S = v1::CatalogService::Stub;

v1::Table OrdersTable() {
  v1::Table t;
  t.set_database("sales");
  t.set_name("orders");
  t.set_table_type(v1::TABLE_TYPE_EXTERNAL);
  auto* sd = t.mutable_sd();
  auto* c = sd->add_columns();
  c->set_name("id");
  c->set_type("bigint");
  c = sd->add_columns();
  c->set_name("amount");
  c->set_type("decimal(10,2)");
  sd->set_location("file:/tmp/warehouse/sales.db/orders");
  sd->set_input_format("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
  sd->set_output_format("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
  sd->mutable_serde()->set_serialization_library(
      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
  sd->set_num_buckets(-1);
  auto* k = t.add_partition_keys();
  k->set_name("year");
  k->set_type("int");
  k = t.add_partition_keys();
  k->set_name("month");
  k->set_type("string");
  return t;
}

v1::Partition MakePartition(const std::string& year, const std::string& month) {
  v1::Partition p;
  p.set_database("sales");
  p.set_table("orders");
  p.add_values(year);
  p.add_values(month);
  p.mutable_sd()->set_location("file:/tmp/warehouse/sales.db/orders/year=" + year +
                               "/month=" + month);
  return p;
}

v1::PartitionValues Values(const std::string& year, const std::string& month) {
  v1::PartitionValues v;
  v.add_values(year);
  v.add_values(month);
  return v;
}

TEST_F(GrpcServerTest, EveryRpcEveryErrorClassAndRestart) {
  // ---- databases ----
  v1::CreateDatabaseRequest create_db;
  create_db.mutable_database()->set_name("sales");
  create_db.mutable_database()->set_description("orders and invoices");
  (*create_db.mutable_database()->mutable_parameters())["team"] = "finance";
  v1::CreateDatabaseResponse created_db;
  ASSERT_RPC_OK(Call(&S::CreateDatabase, create_db, &created_db));
  EXPECT_EQ(created_db.database().name(), "sales");
  EXPECT_FALSE(created_db.database().location().empty());
  EXPECT_GT(created_db.database().create_time(), 0);
  EXPECT_CODE((Do<v1::CreateDatabaseRequest, v1::CreateDatabaseResponse>(&S::CreateDatabase,
                                                                           create_db)),
              ALREADY_EXISTS, "'sales'");
  v1::CreateDatabaseRequest bad_db;
  bad_db.mutable_database()->set_name("bad name!");
  EXPECT_CODE((Do<v1::CreateDatabaseRequest, v1::CreateDatabaseResponse>(&S::CreateDatabase,
                                                                           bad_db)),
              INVALID_ARGUMENT, "bad name!");

  v1::GetDatabaseRequest get_db;
  get_db.set_name("sales");
  v1::GetDatabaseResponse got_db;
  ASSERT_RPC_OK(Call(&S::GetDatabase, get_db, &got_db));
  EXPECT_EQ(got_db.database().description(), "orders and invoices");
  EXPECT_EQ(got_db.database().parameters().at("team"), "finance");
  get_db.set_name("nope");
  EXPECT_CODE((Do<v1::GetDatabaseRequest, v1::GetDatabaseResponse>(&S::GetDatabase, get_db)),
              NOT_FOUND, "database 'nope' not found");

  v1::CreateDatabaseRequest scratch;
  scratch.mutable_database()->set_name("scratch");
  ASSERT_RPC_OK((Do<v1::CreateDatabaseRequest, v1::CreateDatabaseResponse>(&S::CreateDatabase,
                                                                             scratch)));
  // Paging one name at a time visits every database exactly once.
  std::vector<std::string> db_names;
  v1::ListDatabasesRequest list_db;
  list_db.set_page_size(1);
  do {
    v1::ListDatabasesResponse page;
    ASSERT_RPC_OK(Call(&S::ListDatabases, list_db, &page));
    ASSERT_LE(page.names_size(), 1);
    db_names.insert(db_names.end(), page.names().begin(), page.names().end());
    list_db.set_page_token(page.next_page_token());
  } while (!list_db.page_token().empty());
  EXPECT_NE(std::find(db_names.begin(), db_names.end(), "sales"), db_names.end());
  EXPECT_NE(std::find(db_names.begin(), db_names.end(), "scratch"), db_names.end());
  v1::ListDatabasesRequest pattern;
  pattern.set_pattern("sa*");
  v1::ListDatabasesResponse matched;
  ASSERT_RPC_OK(Call(&S::ListDatabases, pattern, &matched));
  ASSERT_EQ(matched.names_size(), 1);
  EXPECT_EQ(matched.names(0), "sales");
  v1::ListDatabasesRequest bad_token;
  bad_token.set_page_token("not-a-token");
  EXPECT_CODE((Do<v1::ListDatabasesRequest, v1::ListDatabasesResponse>(&S::ListDatabases,
                                                                         bad_token)),
              INVALID_ARGUMENT, "");

  v1::UpdateDatabaseRequest update_db;
  *update_db.mutable_database() = got_db.database();
  update_db.mutable_database()->set_description("updated");
  ASSERT_RPC_OK((Do<v1::UpdateDatabaseRequest, v1::UpdateDatabaseResponse>(&S::UpdateDatabase,
                                                                             update_db)));
  get_db.set_name("sales");
  ASSERT_RPC_OK(Call(&S::GetDatabase, get_db, &got_db));
  EXPECT_EQ(got_db.database().description(), "updated");
  update_db.mutable_database()->set_name("ghost");
  EXPECT_CODE((Do<v1::UpdateDatabaseRequest, v1::UpdateDatabaseResponse>(&S::UpdateDatabase,
                                                                            update_db)),
              NOT_FOUND, "'ghost'");

  // ---- tables ----
  v1::CreateTableRequest create_table;
  *create_table.mutable_table() = OrdersTable();
  v1::CreateTableResponse created_table;
  ASSERT_RPC_OK(Call(&S::CreateTable, create_table, &created_table));
  EXPECT_EQ(created_table.table().sd().columns(1).type(), "decimal(10,2)");
  EXPECT_EQ(created_table.table().table_type(), v1::TABLE_TYPE_EXTERNAL);
  EXPECT_CODE((Do<v1::CreateTableRequest, v1::CreateTableResponse>(&S::CreateTable,
                                                                     create_table)),
              ALREADY_EXISTS, "sales.orders");
  v1::CreateTableRequest bad_type = create_table;
  bad_type.mutable_table()->set_name("broken");
  bad_type.mutable_table()->mutable_sd()->mutable_columns(0)->set_type("map<string>");
  EXPECT_CODE((Do<v1::CreateTableRequest, v1::CreateTableResponse>(&S::CreateTable, bad_type)),
              INVALID_ARGUMENT, "map<string>");
  v1::CreateTableRequest no_db = create_table;
  no_db.mutable_table()->set_database("nodb");
  EXPECT_CODE((Do<v1::CreateTableRequest, v1::CreateTableResponse>(&S::CreateTable, no_db)),
              NOT_FOUND, "'nodb'");

  v1::GetTableRequest get_table;
  get_table.set_database("sales");
  get_table.set_name("orders");
  v1::GetTableResponse got_table;
  ASSERT_RPC_OK(Call(&S::GetTable, get_table, &got_table));
  EXPECT_EQ(got_table.table().partition_keys_size(), 2);
  get_table.set_name("nope");
  EXPECT_CODE((Do<v1::GetTableRequest, v1::GetTableResponse>(&S::GetTable, get_table)),
              NOT_FOUND, "'sales.nope'");

  v1::ListTablesRequest list_tables;
  list_tables.set_database("sales");
  v1::ListTablesResponse tables;
  ASSERT_RPC_OK(Call(&S::ListTables, list_tables, &tables));
  ASSERT_EQ(tables.names_size(), 1);
  EXPECT_EQ(tables.names(0), "orders");
  list_tables.set_database("nodb");
  EXPECT_CODE((Do<v1::ListTablesRequest, v1::ListTablesResponse>(&S::ListTables, list_tables)),
              NOT_FOUND, "'nodb'");

  // Compare-and-set on a table parameter, as Iceberg commits.
  v1::UpdateTableRequest update_table;
  *update_table.mutable_table() = got_table.table();
  (*update_table.mutable_table()->mutable_parameters())["metadata_location"] = "m1";
  v1::UpdateTableResponse updated;
  ASSERT_RPC_OK(Call(&S::UpdateTable, update_table, &updated));
  EXPECT_EQ(updated.table().parameters().at("metadata_location"), "m1");
  (*update_table.mutable_table()->mutable_parameters())["metadata_location"] = "m2";
  update_table.mutable_expected()->set_key("metadata_location");
  update_table.mutable_expected()->set_value("m1");
  ASSERT_RPC_OK(Call(&S::UpdateTable, update_table, &updated));
  EXPECT_EQ(updated.table().parameters().at("metadata_location"), "m2");
  // The same commit again lost the race: the stored value is now m2.
  EXPECT_CODE((Do<v1::UpdateTableRequest, v1::UpdateTableResponse>(&S::UpdateTable,
                                                                     update_table)),
              FAILED_PRECONDITION, "sales.orders");

  // ---- partitions ----
  v1::BatchCreatePartitionsRequest add;
  add.set_database("sales");
  add.set_table("orders");
  *add.add_partitions() = MakePartition("2023", "01");
  *add.add_partitions() = MakePartition("2024", "01");
  *add.add_partitions() = MakePartition("2024", "02");
  v1::BatchCreatePartitionsResponse added;
  ASSERT_RPC_OK(Call(&S::BatchCreatePartitions, add, &added));
  EXPECT_EQ(added.partitions_size(), 3);
  EXPECT_CODE((Do<v1::BatchCreatePartitionsRequest, v1::BatchCreatePartitionsResponse>(
                  &S::BatchCreatePartitions, add)),
              ALREADY_EXISTS, "year=2023/month=01");
  add.set_if_not_exists(true);
  ASSERT_RPC_OK(Call(&S::BatchCreatePartitions, add, &added));
  EXPECT_EQ(added.partitions_size(), 0);
  v1::BatchCreatePartitionsRequest wrong_count;
  wrong_count.set_database("sales");
  wrong_count.set_table("orders");
  v1::Partition short_partition = MakePartition("2025", "01");
  short_partition.mutable_values()->RemoveLast();
  *wrong_count.add_partitions() = short_partition;
  EXPECT_CODE((Do<v1::BatchCreatePartitionsRequest, v1::BatchCreatePartitionsResponse>(
                  &S::BatchCreatePartitions, wrong_count)),
              INVALID_ARGUMENT, "sales.orders");

  v1::GetPartitionRequest get_partition;
  get_partition.set_database("sales");
  get_partition.set_table("orders");
  get_partition.add_values("2024");
  get_partition.add_values("01");
  v1::GetPartitionResponse got_partition;
  ASSERT_RPC_OK(Call(&S::GetPartition, get_partition, &got_partition));
  EXPECT_EQ(got_partition.partition().sd().location(),
            "file:/tmp/warehouse/sales.db/orders/year=2024/month=01");
  get_partition.set_values(1, "12");
  EXPECT_CODE((Do<v1::GetPartitionRequest, v1::GetPartitionResponse>(&S::GetPartition,
                                                                       get_partition)),
              NOT_FOUND, "year=2024/month=12");

  v1::BatchGetPartitionsRequest batch_get;
  batch_get.set_database("sales");
  batch_get.set_table("orders");
  *batch_get.add_partitions() = Values("2024", "01");
  *batch_get.add_partitions() = Values("1999", "01");
  v1::BatchGetPartitionsResponse batch_got;
  ASSERT_RPC_OK(Call(&S::BatchGetPartitions, batch_get, &batch_got));
  ASSERT_EQ(batch_got.partitions_size(), 1);
  EXPECT_EQ(batch_got.partitions(0).values(0), "2024");

  v1::GetPartitionsByNamesRequest by_names;
  by_names.set_database("sales");
  by_names.set_table("orders");
  by_names.add_names("year=2024/month=02");
  by_names.add_names("year=1999/month=02");
  v1::GetPartitionsByNamesResponse named;
  ASSERT_RPC_OK(Call(&S::GetPartitionsByNames, by_names, &named));
  ASSERT_EQ(named.partitions_size(), 1);
  EXPECT_EQ(named.partitions(0).values(1), "02");

  v1::ListPartitionsRequest list;
  list.set_database("sales");
  list.set_table("orders");
  list.set_filter("year = 2024");
  list.set_explain(true);
  v1::ListPartitionsResponse listed;
  ASSERT_RPC_OK(Call(&S::ListPartitions, list, &listed));
  EXPECT_EQ(listed.partitions_size(), 2);
  ASSERT_TRUE(listed.has_explain());
  EXPECT_EQ(listed.explain().rows_returned(), 2);
  EXPECT_FALSE(listed.explain().plan().empty());
  list.set_explain(false);
  list.set_dialect(v1::FILTER_DIALECT_HIVE);
  list.set_filter("year = 2024 and month = \"02\"");
  ASSERT_RPC_OK(Call(&S::ListPartitions, list, &listed));
  ASSERT_EQ(listed.partitions_size(), 1);
  EXPECT_FALSE(listed.has_explain());
  list.set_dialect(v1::FILTER_DIALECT_GLUE);
  list.set_filter("nosuchkey = 1");
  EXPECT_CODE((Do<v1::ListPartitionsRequest, v1::ListPartitionsResponse>(&S::ListPartitions,
                                                                           list)),
              INVALID_ARGUMENT, "nosuchkey");
  list.set_filter("year = 'abc'");
  EXPECT_CODE((Do<v1::ListPartitionsRequest, v1::ListPartitionsResponse>(&S::ListPartitions,
                                                                           list)),
              INVALID_ARGUMENT, "abc");
  // Pages of one, then segments: each partition exactly once.
  list.set_filter("");
  list.set_page_size(1);
  std::multiset<std::string> seen;
  do {
    ASSERT_RPC_OK(Call(&S::ListPartitions, list, &listed));
    ASSERT_LE(listed.partitions_size(), 1);
    for (const auto& p : listed.partitions()) seen.insert(p.values(0) + "/" + p.values(1));
    list.set_page_token(listed.next_page_token());
  } while (!list.page_token().empty());
  EXPECT_EQ(seen, (std::multiset<std::string>{"2023/01", "2024/01", "2024/02"}));
  seen.clear();
  list.set_page_size(0);
  for (int segment = 0; segment < 2; ++segment) {
    list.mutable_segment()->set_segment_number(segment);
    list.mutable_segment()->set_total_segments(2);
    ASSERT_RPC_OK(Call(&S::ListPartitions, list, &listed));
    for (const auto& p : listed.partitions()) seen.insert(p.values(0) + "/" + p.values(1));
  }
  EXPECT_EQ(seen, (std::multiset<std::string>{"2023/01", "2024/01", "2024/02"}));
  list.mutable_segment()->set_total_segments(11);
  EXPECT_CODE((Do<v1::ListPartitionsRequest, v1::ListPartitionsResponse>(&S::ListPartitions,
                                                                           list)),
              INVALID_ARGUMENT, "");
  list.clear_segment();
  list.set_table("nope");
  EXPECT_CODE((Do<v1::ListPartitionsRequest, v1::ListPartitionsResponse>(&S::ListPartitions,
                                                                           list)),
              NOT_FOUND, "'sales.nope'");

  v1::ListPartitionsRequest names_request;
  names_request.set_database("sales");
  names_request.set_table("orders");
  v1::ListPartitionNamesResponse names;
  ASSERT_RPC_OK(Call(&S::ListPartitionNames, names_request, &names));
  EXPECT_EQ(std::vector<std::string>(names.names().begin(), names.names().end()),
            (std::vector<std::string>{"year=2023/month=01", "year=2024/month=01",
                                      "year=2024/month=02"}));

  v1::CountPartitionsRequest count;
  count.set_database("sales");
  count.set_table("orders");
  v1::CountPartitionsResponse counted;
  ASSERT_RPC_OK(Call(&S::CountPartitions, count, &counted));
  EXPECT_EQ(counted.count(), 3);
  count.set_filter("year >= 2024");
  ASSERT_RPC_OK(Call(&S::CountPartitions, count, &counted));
  EXPECT_EQ(counted.count(), 2);
  count.set_filter("year >=");
  EXPECT_CODE((Do<v1::CountPartitionsRequest, v1::CountPartitionsResponse>(&S::CountPartitions,
                                                                             count)),
              INVALID_ARGUMENT, "");

  v1::UpdatePartitionRequest update_partition;
  update_partition.set_database("sales");
  update_partition.set_table("orders");
  *update_partition.mutable_partition() = MakePartition("2024", "01");
  (*update_partition.mutable_partition()->mutable_parameters())["numRows"] = "42";
  ASSERT_RPC_OK((Do<v1::UpdatePartitionRequest, v1::UpdatePartitionResponse>(
      &S::UpdatePartition, update_partition)));
  get_partition.set_values(1, "01");
  ASSERT_RPC_OK(Call(&S::GetPartition, get_partition, &got_partition));
  EXPECT_EQ(got_partition.partition().parameters().at("numRows"), "42");
  *update_partition.mutable_partition() = MakePartition("2030", "01");
  EXPECT_CODE((Do<v1::UpdatePartitionRequest, v1::UpdatePartitionResponse>(&S::UpdatePartition,
                                                                             update_partition)),
              NOT_FOUND, "year=2030/month=01");

  v1::RenamePartitionRequest rename_partition;
  rename_partition.set_database("sales");
  rename_partition.set_table("orders");
  rename_partition.add_values("2023");
  rename_partition.add_values("01");
  *rename_partition.mutable_partition() = MakePartition("2022", "01");
  ASSERT_RPC_OK((Do<v1::RenamePartitionRequest, v1::RenamePartitionResponse>(
      &S::RenamePartition, rename_partition)));
  get_partition.set_values(0, "2022");
  ASSERT_RPC_OK(Call(&S::GetPartition, get_partition, &got_partition));
  // Renaming onto an existing partition.
  rename_partition.set_values(0, "2022");
  *rename_partition.mutable_partition() = MakePartition("2024", "02");
  EXPECT_CODE((Do<v1::RenamePartitionRequest, v1::RenamePartitionResponse>(&S::RenamePartition,
                                                                             rename_partition)),
              ALREADY_EXISTS, "year=2024/month=02");

  // ---- partition indexes ----
  v1::CreatePartitionIndexRequest create_index;
  create_index.set_database("sales");
  create_index.set_table("orders");
  create_index.mutable_index()->set_name("by_year");
  create_index.mutable_index()->add_keys("year");
  ASSERT_RPC_OK((Do<v1::CreatePartitionIndexRequest, v1::CreatePartitionIndexResponse>(
      &S::CreatePartitionIndex, create_index)));
  EXPECT_CODE((Do<v1::CreatePartitionIndexRequest, v1::CreatePartitionIndexResponse>(
                  &S::CreatePartitionIndex, create_index)),
              ALREADY_EXISTS, "by_year");
  v1::CreatePartitionIndexRequest bad_index = create_index;
  bad_index.mutable_index()->set_name("by_day");
  bad_index.mutable_index()->set_keys(0, "day");
  EXPECT_CODE((Do<v1::CreatePartitionIndexRequest, v1::CreatePartitionIndexResponse>(
                  &S::CreatePartitionIndex, bad_index)),
              INVALID_ARGUMENT, "day");
  v1::ListPartitionIndexesRequest list_indexes;
  list_indexes.set_database("sales");
  list_indexes.set_table("orders");
  v1::ListPartitionIndexesResponse indexes;
  ASSERT_RPC_OK(Call(&S::ListPartitionIndexes, list_indexes, &indexes));
  ASSERT_EQ(indexes.indexes_size(), 1);
  EXPECT_EQ(indexes.indexes(0).name(), "by_year");
  EXPECT_EQ(indexes.indexes(0).keys(0), "year");
  v1::ListPartitionsRequest indexed;
  indexed.set_database("sales");
  indexed.set_table("orders");
  indexed.set_filter("year = 2024");
  indexed.set_explain(true);
  ASSERT_RPC_OK(Call(&S::ListPartitions, indexed, &listed));
  EXPECT_EQ(listed.partitions_size(), 2);
  EXPECT_EQ(listed.explain().rows_returned(), 2);
  // Names explain the same way, and page through the index one at a time.
  v1::ListPartitionNamesResponse indexed_names;
  ASSERT_RPC_OK(Call(&S::ListPartitionNames, indexed, &indexed_names));
  EXPECT_EQ(std::vector<std::string>(indexed_names.names().begin(), indexed_names.names().end()),
            (std::vector<std::string>{"year=2024/month=01", "year=2024/month=02"}));
  ASSERT_TRUE(indexed_names.has_explain());
  EXPECT_EQ(indexed_names.explain().index_used(), "by_year");
  EXPECT_EQ(indexed_names.explain().rows_returned(), 2);
  EXPECT_EQ(indexed_names.explain().rows_examined(), 2);
  EXPECT_FALSE(indexed_names.explain().plan().empty());
  indexed.set_explain(false);
  indexed.set_page_size(1);
  std::vector<std::string> paged_names;
  do {
    ASSERT_RPC_OK(Call(&S::ListPartitionNames, indexed, &indexed_names));
    EXPECT_FALSE(indexed_names.has_explain());
    paged_names.insert(paged_names.end(), indexed_names.names().begin(),
                       indexed_names.names().end());
    indexed.set_page_token(indexed_names.next_page_token());
  } while (!indexed.page_token().empty());
  EXPECT_EQ(paged_names, (std::vector<std::string>{"year=2024/month=01", "year=2024/month=02"}));
  v1::DeletePartitionIndexRequest delete_index;
  delete_index.set_database("sales");
  delete_index.set_table("orders");
  delete_index.set_name("by_year");
  ASSERT_RPC_OK((Do<v1::DeletePartitionIndexRequest, v1::DeletePartitionIndexResponse>(
      &S::DeletePartitionIndex, delete_index)));
  EXPECT_CODE((Do<v1::DeletePartitionIndexRequest, v1::DeletePartitionIndexResponse>(
                  &S::DeletePartitionIndex, delete_index)),
              NOT_FOUND, "by_year");

  // ---- deletes ----
  v1::BatchDeletePartitionsRequest drop;
  drop.set_database("sales");
  drop.set_table("orders");
  *drop.add_partitions() = Values("2024", "02");
  ASSERT_RPC_OK((Do<v1::BatchDeletePartitionsRequest, v1::BatchDeletePartitionsResponse>(
      &S::BatchDeletePartitions, drop)));
  EXPECT_CODE((Do<v1::BatchDeletePartitionsRequest, v1::BatchDeletePartitionsResponse>(
                  &S::BatchDeletePartitions, drop)),
              NOT_FOUND, "year=2024/month=02");
  drop.set_if_exists(true);
  ASSERT_RPC_OK((Do<v1::BatchDeletePartitionsRequest, v1::BatchDeletePartitionsResponse>(
      &S::BatchDeletePartitions, drop)));

  v1::RenameTableRequest rename;
  rename.set_database("sales");
  rename.set_name("orders");
  rename.set_new_database("sales");
  rename.set_new_name("orders_v2");
  ASSERT_RPC_OK((Do<v1::RenameTableRequest, v1::RenameTableResponse>(&S::RenameTable, rename)));
  get_table.set_name("orders");
  EXPECT_CODE((Do<v1::GetTableRequest, v1::GetTableResponse>(&S::GetTable, get_table)),
              NOT_FOUND, "'sales.orders'");
  EXPECT_CODE((Do<v1::RenameTableRequest, v1::RenameTableResponse>(&S::RenameTable, rename)),
              NOT_FOUND, "'sales.orders'");
  create_table.mutable_table()->set_name("other");
  ASSERT_RPC_OK((Do<v1::CreateTableRequest, v1::CreateTableResponse>(&S::CreateTable,
                                                                       create_table)));
  rename.set_name("other");
  EXPECT_CODE((Do<v1::RenameTableRequest, v1::RenameTableResponse>(&S::RenameTable, rename)),
              ALREADY_EXISTS, "sales.orders_v2");

  v1::DeleteTableRequest delete_table;
  delete_table.set_database("sales");
  delete_table.set_name("other");
  ASSERT_RPC_OK((Do<v1::DeleteTableRequest, v1::DeleteTableResponse>(&S::DeleteTable,
                                                                       delete_table)));
  EXPECT_CODE((Do<v1::DeleteTableRequest, v1::DeleteTableResponse>(&S::DeleteTable,
                                                                     delete_table)),
              NOT_FOUND, "'sales.other'");

  v1::DeleteDatabaseRequest delete_db;
  delete_db.set_name("sales");
  EXPECT_CODE((Do<v1::DeleteDatabaseRequest, v1::DeleteDatabaseResponse>(&S::DeleteDatabase,
                                                                           delete_db)),
              FAILED_PRECONDITION, "'sales'");
  delete_db.set_name("scratch");
  ASSERT_RPC_OK((Do<v1::DeleteDatabaseRequest, v1::DeleteDatabaseResponse>(&S::DeleteDatabase,
                                                                             delete_db)));
  EXPECT_CODE((Do<v1::DeleteDatabaseRequest, v1::DeleteDatabaseResponse>(&S::DeleteDatabase,
                                                                           delete_db)),
              NOT_FOUND, "'scratch'");

  // The principal from the metadata reached the server (debug rpc lines).
  bool saw_alice = false;
  for (const std::string& line : server_->lines()) {
    if (line.find("\"event\":\"rpc\"") != std::string::npos &&
        line.find("\"principal\":\"alice\"") != std::string::npos) {
      saw_alice = true;
    }
  }
  EXPECT_TRUE(saw_alice);

  // ---- restart on the same data directory: everything is still there ----
  EXPECT_EQ(server_->StopWith(SIGTERM), 0);
  StartServer();
  get_db.set_name("sales");
  ASSERT_RPC_OK(Call(&S::GetDatabase, get_db, &got_db));
  EXPECT_EQ(got_db.database().description(), "updated");
  get_table.set_name("orders_v2");
  ASSERT_RPC_OK(Call(&S::GetTable, get_table, &got_table));
  EXPECT_EQ(got_table.table().parameters().at("metadata_location"), "m2");
  v1::ListPartitionsRequest after;
  after.set_database("sales");
  after.set_table("orders_v2");
  ASSERT_RPC_OK(Call(&S::ListPartitionNames, after, &names));
  EXPECT_EQ(std::vector<std::string>(names.names().begin(), names.names().end()),
            (std::vector<std::string>{"year=2022/month=01", "year=2024/month=01"}));
  get_db.set_name("scratch");
  EXPECT_CODE((Do<v1::GetDatabaseRequest, v1::GetDatabaseResponse>(&S::GetDatabase, get_db)),
              NOT_FOUND, "'scratch'");
  EXPECT_EQ(server_->StopWith(SIGTERM), 0);
}

TEST_F(GrpcServerTest, HealthServiceReportsServing) {
  // grpc.health.v1.Health/Check with an empty request (service ""): the
  // response is field 1 (status) = 1 (SERVING), i.e. bytes 08 01.
  auto channel = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  grpc::GenericStub generic(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  grpc::Slice empty_message("");
  grpc::ByteBuffer request(&empty_message, 1);
  grpc::ByteBuffer response;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  grpc::Status status;
  generic.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request,
                    &response, [&](grpc::Status s) {
                      std::lock_guard<std::mutex> lock(mu);
                      status = s;
                      done = true;
                      cv.notify_all();
                    });
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  EXPECT_EQ(bytes, std::string("\x08\x01", 2));
}

TEST_F(GrpcServerTest, SigtermExitsZeroAndLogsShutdown) {
  EXPECT_EQ(server_->StopWith(SIGTERM), 0);
  bool saw_shutdown = false, saw_stopped = false;
  for (const std::string& line : server_->lines()) {
    saw_shutdown |= line.find("\"event\":\"shutdown\"") != std::string::npos;
    saw_stopped |= line.find("\"event\":\"stopped\"") != std::string::npos;
  }
  EXPECT_TRUE(saw_shutdown);
  EXPECT_TRUE(saw_stopped);
}

}  // namespace
}  // namespace almanac::testing
