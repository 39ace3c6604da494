#include "catalog/classifiers/parquet/parquet_schema.h"

#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace almanac::classifiers::parquet {
namespace {

using ::testing::HasSubstr;

SchemaNode Group(std::string name, int children, int repetition = kOptional,
                 std::optional<int32_t> converted = std::nullopt) {
  SchemaNode n;
  n.name = std::move(name);
  n.num_children = children;
  n.repetition = repetition;
  n.converted_type = converted;
  return n;
}

SchemaNode Leaf(std::string name, int32_t type, int repetition = kOptional,
                std::optional<int32_t> converted = std::nullopt) {
  SchemaNode n;
  n.name = std::move(name);
  n.type = type;
  n.repetition = repetition;
  n.converted_type = converted;
  return n;
}

SchemaNode Root(int children) {
  SchemaNode n;
  n.name = "schema";
  n.num_children = children;
  return n;
}

std::string Render(const std::vector<SchemaNode>& schema) {
  absl::StatusOr<std::vector<model::Column>> columns = ColumnsFromSchema(schema, "file:///t");
  if (!columns.ok()) return std::string(columns.status().message());
  std::vector<std::string> parts;
  for (const model::Column& c : *columns) parts.push_back(c.name + ":" + c.type);
  return absl::StrJoin(parts, ", ");
}

TEST(ParquetSchemaTest, ConvertedAnnotationsOnPrimitives) {
  SchemaNode dec = Leaf("d", kFixedLenByteArray, kOptional, kDecimal);
  dec.precision = 12;
  dec.scale = 3;
  SchemaNode wide = Leaf("w", kFixedLenByteArray, kOptional, kDecimal);
  wide.precision = 50;
  wide.scale = 2;
  EXPECT_EQ(
      Render({Root(10), Leaf("a", kInt32, kRequired, kInt8), Leaf("b", kInt32, kOptional, kUint16),
              Leaf("c", kInt64, kOptional, kUint64), dec, Leaf("e", kInt32, kOptional, kDate),
              Leaf("f", kInt64, kOptional, kTimestampMillis), Leaf("g", kInt96),
              Leaf("h", kByteArray, kOptional, kUtf8), Leaf("i", kByteArray), wide}),
      "a:tinyint, b:int, c:decimal(20,0), d:decimal(12,3), e:date, f:timestamp, "
      "g:timestamp, h:string, i:binary, w:string");
}

TEST(ParquetSchemaTest, LogicalAnnotationsWin) {
  SchemaNode i = Leaf("i", kInt32);
  i.logical = Logical::kInteger;
  i.bit_width = 8;
  i.is_signed = false;
  SchemaNode t = Leaf("t", kInt64);
  t.logical = Logical::kTimestamp;
  SchemaNode s = Leaf("s", kByteArray);
  s.logical = Logical::kString;
  SchemaNode time = Leaf("time", kInt64);
  time.logical = Logical::kTime;
  EXPECT_EQ(Render({Root(4), i, t, s, time}), "i:smallint, t:timestamp, s:string, time:bigint");
}

TEST(ParquetSchemaTest, StandardThreeLevelList) {
  EXPECT_EQ(Render({Root(1), Group("xs", 1, kOptional, kList), Group("list", 1, kRepeated),
                    Leaf("element", kInt32)}),
            "xs:array<int>");
}

TEST(ParquetSchemaTest, LegacyTwoLevelLists) {
  // The repeated field is a primitive: it is the element.
  EXPECT_EQ(Render({Root(1), Group("xs", 1, kOptional, kList), Leaf("array", kInt32, kRepeated)}),
            "xs:array<int>");
  // A repeated group named `array` with one field is the element itself.
  EXPECT_EQ(Render({Root(1), Group("xs", 1, kOptional, kList), Group("array", 1, kRepeated),
                    Leaf("a", kInt32)}),
            "xs:array<struct<a:int>>");
  // So is `<list>_tuple`.
  EXPECT_EQ(Render({Root(1), Group("xs", 1, kOptional, kList), Group("xs_tuple", 1, kRepeated),
                    Leaf("a", kInt32)}),
            "xs:array<struct<a:int>>");
  // And a repeated group of several fields.
  EXPECT_EQ(Render({Root(1), Group("xs", 1, kOptional, kList), Group("bag", 2, kRepeated),
                    Leaf("a", kInt32), Leaf("b", kDouble)}),
            "xs:array<struct<a:int,b:double>>");
}

TEST(ParquetSchemaTest, RepeatedWithoutListIsAnArray) {
  EXPECT_EQ(Render({Root(2), Leaf("tags", kByteArray, kRepeated, kUtf8),
                    Group("kids", 1, kRepeated), Leaf("n", kInt64)}),
            "tags:array<string>, kids:array<struct<n:bigint>>");
}

TEST(ParquetSchemaTest, MapsAndLegacyMapKeyValue) {
  EXPECT_EQ(Render({Root(1), Group("m", 1, kOptional, kMap), Group("key_value", 2, kRepeated),
                    Leaf("key", kByteArray, kRequired, kUtf8), Leaf("value", kInt64)}),
            "m:map<string,bigint>");
  EXPECT_EQ(Render({Root(1), Group("m", 1, kOptional, kMapKeyValue), Group("map", 2, kRepeated),
                    Leaf("key", kInt32, kRequired), Leaf("value", kDouble)}),
            "m:map<int,double>");
}

TEST(ParquetSchemaTest, OddFieldNamesSurvive) {
  EXPECT_EQ(Render({Root(1), Group("s", 2), Leaf("a b", kInt32), Leaf("", kBoolean)}),
            "s:struct<a b:int,_c1:boolean>");
}

TEST(ParquetSchemaTest, BrokenTreesAreDataLoss) {
  absl::StatusOr<std::vector<model::Column>> r =
      ColumnsFromSchema(std::vector<SchemaNode>{Root(3), Leaf("a", kInt32)}, "file:///t");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(r.status().message(), HasSubstr("'file:///t'"));
  r = ColumnsFromSchema(std::vector<SchemaNode>{Root(1), Leaf("a", kInt32), Leaf("b", kInt32)},
                        "file:///t");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(r.status().message(), HasSubstr("lists 3 elements but its children counts cover 2"));
  r = ColumnsFromSchema(std::vector<SchemaNode>{Root(1), Group("xs", 1, kOptional, kList),
                                                Leaf("e", kInt32, kOptional)},
                        "file:///t");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(r.status().message(), HasSubstr("list 'xs' must hold exactly one repeated field"));
  r = ColumnsFromSchema(std::vector<SchemaNode>{}, "file:///t");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  SchemaNode bad = Leaf("d", kInt32, kOptional, kDecimal);
  bad.precision = 2;
  bad.scale = 5;
  r = ColumnsFromSchema(std::vector<SchemaNode>{Root(1), bad}, "file:///t");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(r.status().message(), HasSubstr("scale 5 outside 0..2"));
}

TEST(ParquetSchemaTest, DeepNestingIsRefused) {
  std::vector<SchemaNode> schema = {Root(1)};
  for (int i = 0; i < 150; ++i) schema.push_back(Group("g", 1));
  schema.push_back(Leaf("x", kInt32));
  absl::StatusOr<std::vector<model::Column>> r = ColumnsFromSchema(schema, "file:///t");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(r.status().message(), HasSubstr("deeper than 100"));
}

}  // namespace
}  // namespace almanac::classifiers::parquet
