#include "thrift/convert.h"

#include "gtest/gtest.h"

#include "catalog/model/testing/sample_objects.h"

namespace almanac::hms {
namespace {

TEST(ConvertTest, DatabaseRoundTrips) {
  const model::Database db = model::testing::FullDatabase();
  Database wire = ToThrift(db);
  EXPECT_EQ(wire.catalogName, "hive");
  EXPECT_EQ(wire.ownerType, PrincipalType::ROLE);
  auto back = FromThrift(wire);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, db);
}

TEST(ConvertTest, DatabaseNameLosesItsCatalogPrefix) {
  Database wire;
  wire.__set_name("@hive#sales");
  auto back = FromThrift(wire);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->name, "sales");
  wire.__set_name("@spark#sales");
  EXPECT_EQ(FromThrift(wire).status().code(), absl::StatusCode::kNotFound);
}

TEST(ConvertTest, TableRoundTrips) {
  model::Table t;
  t.database = "sales";
  t.name = "orders";
  t.owner = "bob";
  t.owner_type = model::PrincipalType::kUser;
  t.create_time = 1700000000;
  t.last_access_time = 1700000001;
  t.retention = 7;
  t.sd = model::testing::FullStorageDescriptor();
  t.partition_keys = {{"day", "date", ""}};
  t.parameters = {{"EXTERNAL", "TRUE"}};
  t.view_original_text = "";
  t.table_type = model::TableType::kExternal;
  t.temporary = false;
  t.rewrite_enabled = true;
  Table wire = ToThrift(t);
  EXPECT_EQ(wire.tableType, "EXTERNAL_TABLE");
  EXPECT_EQ(wire.catName, "hive");
  auto back = FromThrift(wire);
  ASSERT_TRUE(back.ok()) << back.status();
  // update_time is not on the wire.
  EXPECT_EQ(*back, t);
}

TEST(ConvertTest, TableTypeRules) {
  Table wire;
  wire.__set_tableName("t");
  wire.__set_dbName("@hive#d");
  auto empty_type = FromThrift(wire);
  ASSERT_TRUE(empty_type.ok());
  EXPECT_EQ(empty_type->table_type, model::TableType::kManaged);
  EXPECT_EQ(empty_type->database, "d");
  wire.__set_tableType("VIRTUAL_VIEW");
  EXPECT_EQ(FromThrift(wire)->table_type, model::TableType::kVirtualView);
  wire.__set_tableType("SOMETHING");
  EXPECT_EQ(FromThrift(wire).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ConvertTest, PartitionRoundTrips) {
  model::Partition p{.database = "sales",
                     .table = "orders",
                     .values = {"2024-01-01", "eu"},
                     .create_time = 1700000000,
                     .last_access_time = 0,
                     .sd = model::testing::FullStorageDescriptor(),
                     .parameters = {{"numFiles", "3"}}};
  Partition wire = ToThrift(p);
  EXPECT_EQ(wire.catName, "hive");
  auto back = FromThrift(wire);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, p);
}

TEST(ConvertTest, StorageDescriptorPiecesRoundTrip) {
  const model::StorageDescriptor sd = model::testing::FullStorageDescriptor();
  EXPECT_EQ(FromThrift(ToThrift(sd)), sd);
  EXPECT_EQ(FromThrift(ToThrift(sd.serde)), sd.serde);
  EXPECT_EQ(FromThrift(ToThrift(sd.skewed)), sd.skewed);
  EXPECT_EQ(FromThrift(ToThrift(sd.sort_columns[0])), sd.sort_columns[0]);
  EXPECT_EQ(FromThrift(ToThrift(sd.columns[0])), sd.columns[0]);
}

// The moving conversion assigns members directly, so it must mark each one
// set itself: an unmarked field is not written to the wire.
TEST(ConvertTest, MovedStorageDescriptorMarksEveryFieldSet) {
  model::StorageDescriptor sd = model::testing::FullStorageDescriptor();
  sd.columns.push_back({"no_comment", "int", ""});
  StorageDescriptor wire = ToThrift(model::StorageDescriptor(sd));
  EXPECT_TRUE(wire.__isset.cols);
  EXPECT_TRUE(wire.__isset.location);
  EXPECT_TRUE(wire.__isset.inputFormat);
  EXPECT_TRUE(wire.__isset.outputFormat);
  // compressed and numBuckets are plain scalars Thrift writes either way.
  EXPECT_TRUE(wire.__isset.serdeInfo);
  EXPECT_TRUE(wire.__isset.bucketCols);
  EXPECT_TRUE(wire.__isset.sortCols);
  EXPECT_TRUE(wire.__isset.parameters);
  EXPECT_TRUE(wire.__isset.skewedInfo);
  EXPECT_TRUE(wire.__isset.storedAsSubDirectories);
  EXPECT_TRUE(wire.serdeInfo.__isset.name && wire.serdeInfo.__isset.serializationLib &&
              wire.serdeInfo.__isset.parameters);
  ASSERT_EQ(wire.cols.size(), sd.columns.size());
  for (size_t i = 0; i < wire.cols.size(); ++i) {
    EXPECT_TRUE(wire.cols[i].__isset.name && wire.cols[i].__isset.type);
    EXPECT_EQ(wire.cols[i].__isset.comment, !sd.columns[i].comment.empty()) << i;
  }
  EXPECT_EQ(wire, ToThrift(sd));  // the copying overload agrees
  sd.location.clear();
  EXPECT_FALSE(ToThrift(std::move(sd)).__isset.location);
}

TEST(ConvertTest, PrincipalTypes) {
  for (auto t : {model::PrincipalType::kUser, model::PrincipalType::kRole,
                 model::PrincipalType::kGroup}) {
    EXPECT_EQ(*FromThrift(ToThrift(t)), t);
  }
  EXPECT_EQ(FromThrift(static_cast<PrincipalType::type>(9)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ParseDbNameTest, Forms) {
  auto plain = ParseDbName("Sales");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->db, "Sales");
  EXPECT_TRUE(plain->has_db);
  auto qualified = ParseDbName("@HIVE#sales");
  ASSERT_TRUE(qualified.ok());
  EXPECT_EQ(qualified->db, "sales");
  auto empty = ParseDbName("@hive#!");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->db, "");
  EXPECT_TRUE(empty->has_db);
  auto none = ParseDbName("@hive#");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_db);
  EXPECT_EQ(ParseDbName("@hive").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseDbName("@other#db").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(CheckCatalog("").code(), absl::StatusCode::kOk);
  EXPECT_EQ(CheckCatalog("Hive").code(), absl::StatusCode::kOk);
  EXPECT_EQ(CheckCatalog("glue").code(), absl::StatusCode::kNotFound);
}

// Hive 2.3 clients build a Path from any location they receive: a view's
// absent location must stay absent on the wire, not become "". The same for
// the other strings the Java metastore leaves null.
TEST(ConvertTest, EmptyOptionalStringsStayUnset) {
  model::Table view;
  view.database = "sales";
  view.name = "v";
  view.table_type = model::TableType::kVirtualView;
  view.view_original_text = "select 1";
  view.sd.columns = {{"c", "int", ""}};
  Table wire = ToThrift(view);
  EXPECT_FALSE(wire.sd.__isset.location);
  EXPECT_TRUE(wire.__isset.viewOriginalText);
  EXPECT_FALSE(wire.__isset.viewExpandedText);
  ASSERT_EQ(wire.sd.cols.size(), 1u);
  EXPECT_FALSE(wire.sd.cols[0].__isset.comment);

  model::Table table = view;
  table.table_type = model::TableType::kManaged;
  table.view_original_text.clear();
  table.sd.location = "file:/w/sales.db/t";
  table.sd.columns[0].comment = "the c";
  wire = ToThrift(table);
  EXPECT_TRUE(wire.sd.__isset.location);
  EXPECT_EQ(wire.sd.location, "file:/w/sales.db/t");
  EXPECT_FALSE(wire.__isset.viewOriginalText);
  EXPECT_TRUE(wire.sd.cols[0].__isset.comment);
  auto back = FromThrift(wire);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, table);
}

}  // namespace
}  // namespace almanac::hms
