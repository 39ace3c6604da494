#include "catalog/service/validation.h"

#include "absl/status/status.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace almanac::service {
namespace {

using ::almanac::testing::StatusIs;
using ::testing::StartsWith;

model::Table OrdersTable() {
  model::Table t;
  t.database = "Sales";
  t.name = "Orders";
  t.sd.columns = {{"ID", "BIGINT", ""}, {"price", "decimal( 10 , 2 )", ""}};
  t.partition_keys = {{"Year", "int", ""}, {"month", "string", ""}};
  return t;
}

TEST(ValidationTest, NormalizesNamesAndTypes) {
  model::Table t = OrdersTable();
  ASSERT_TRUE(NormalizeTable(&t).ok());
  EXPECT_EQ(t.database, "sales");
  EXPECT_EQ(t.name, "orders");
  EXPECT_EQ(t.sd.columns[0].name, "id");
  EXPECT_EQ(t.sd.columns[0].type, "bigint");
  EXPECT_EQ(t.sd.columns[1].type, "decimal(10,2)");
  EXPECT_EQ(t.partition_keys[0].name, "year");
}

TEST(ValidationTest, BadTypeNamesTheColumn) {
  model::Table t = OrdersTable();
  t.sd.columns[1].type = "decimal(40,2)";
  EXPECT_THAT(NormalizeTable(&t), StatusIs(absl::StatusCode::kInvalidArgument,
                                           StartsWith("invalid type for column 'price': ")));
}

TEST(ValidationTest, BadPartitionKeyTypeNamesTheKey) {
  model::Table t = OrdersTable();
  t.partition_keys[1].type = "strin";
  EXPECT_THAT(NormalizeTable(&t), StatusIs(absl::StatusCode::kInvalidArgument,
                                           StartsWith("invalid type for partition key 'month': ")));
}

TEST(ValidationTest, DuplicateColumnIsCaseInsensitive) {
  model::Table t = OrdersTable();
  t.sd.columns.push_back({"Id", "int", ""});
  EXPECT_THAT(NormalizeTable(&t),
              StatusIs(absl::StatusCode::kInvalidArgument, "duplicate column name 'id'"));
}

TEST(ValidationTest, PartitionKeyThatIsAlsoADataColumn) {
  model::Table t = OrdersTable();
  t.partition_keys.push_back({"ID", "int", ""});
  EXPECT_THAT(NormalizeTable(&t),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "partition key 'id' is also a data column of table 'sales.orders'"));
}

TEST(ValidationTest, PartitionKeyMustBePrimitive) {
  model::Table t = OrdersTable();
  t.partition_keys[1].type = "array<string>";
  EXPECT_THAT(NormalizeTable(&t),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "partition key 'month' must have a primitive type, not 'array<string>'"));
}

TEST(ValidationTest, BucketColumnMustBeADataColumn) {
  model::Table t = OrdersTable();
  t.sd.bucket_columns = {"ID"};
  ASSERT_TRUE(NormalizeTable(&t).ok());
  EXPECT_EQ(t.sd.bucket_columns[0], "id");
  t.sd.bucket_columns = {"nope"};
  EXPECT_THAT(NormalizeTable(&t),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "bucket column 'nope' is not a data column of table 'sales.orders' "
                       "(columns: id, price)"));
}

TEST(ValidationTest, SortColumnMustBeADataColumn) {
  model::Table t = OrdersTable();
  t.sd.sort_columns = {{.column = "prise", .order = 1}};
  EXPECT_THAT(NormalizeTable(&t),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "sort column 'prise' is not a data column of table 'sales.orders' "
                       "(columns: id, price)"));
}

TEST(ValidationTest, InvalidNames) {
  model::Table t = OrdersTable();
  t.name = "bad name";
  EXPECT_THAT(NormalizeTable(&t), StatusIs(absl::StatusCode::kInvalidArgument));
  t = OrdersTable();
  t.database = "";
  EXPECT_THAT(NormalizeTable(&t), StatusIs(absl::StatusCode::kInvalidArgument));
  model::Database db{.name = "a b"};
  EXPECT_THAT(NormalizeDatabase(&db), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ValidationTest, ViewRules) {
  model::Table v;
  v.database = "sales";
  v.name = "v";
  v.table_type = model::TableType::kVirtualView;
  v.sd.columns = {{"id", "bigint", ""}};
  EXPECT_THAT(NormalizeTable(&v),
              StatusIs(absl::StatusCode::kInvalidArgument, "view 'sales.v' has no view text"));
  v.view_original_text = "select id from orders";
  v.sd.location = "file:/x";
  EXPECT_THAT(NormalizeTable(&v), StatusIs(absl::StatusCode::kInvalidArgument,
                                           "view 'sales.v' must not have a location"));
  v.sd.location = "";
  EXPECT_TRUE(NormalizeTable(&v).ok());
}

TEST(ValidationTest, PartitionValues) {
  model::Table t = OrdersTable();
  ASSERT_TRUE(NormalizeTable(&t).ok());
  EXPECT_TRUE(ValidatePartitionValues(t, {"2024", "01"}).ok());
  EXPECT_TRUE(ValidatePartitionValues(t, {"__HIVE_DEFAULT_PARTITION__", "a/b"}).ok());
  EXPECT_THAT(
      ValidatePartitionValues(t, {"2024"}),
      StatusIs(absl::StatusCode::kInvalidArgument,
               "table 'sales.orders' has 2 partition keys (year, month) but 1 values were given"));
  // As in the Java metastore, an empty value is the default partition.
  EXPECT_TRUE(ValidatePartitionValues(t, {"2024", ""}).ok());
}

TEST(ValidationTest, EmptyPartitionValueIsTheDefaultPartition) {
  std::vector<std::string> values = {"", "a", ""};
  NormalizePartitionValues(&values);
  EXPECT_EQ(values, (std::vector<std::string>{"__HIVE_DEFAULT_PARTITION__", "a",
                                              "__HIVE_DEFAULT_PARTITION__"}));
}

}  // namespace
}  // namespace almanac::service
