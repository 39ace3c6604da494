#include "catalog/classifiers/orc/orc_types.h"

#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace almanac::classifiers::orc {
namespace {

using ::testing::HasSubstr;

OrcType T(uint32_t kind, std::vector<uint32_t> subtypes = {}, std::vector<std::string> names = {}) {
  OrcType t;
  t.kind = kind;
  t.subtypes = std::move(subtypes);
  t.field_names = std::move(names);
  return t;
}

std::string Render(const std::vector<OrcType>& types) {
  absl::StatusOr<std::vector<model::Column>> columns = ColumnsFromTypes(types, "file:///t");
  if (!columns.ok()) return std::string(columns.status().message());
  std::vector<std::string> parts;
  for (const model::Column& c : *columns) parts.push_back(c.name + ":" + c.type);
  return absl::StrJoin(parts, ", ");
}

TEST(OrcTypesTest, PrimitivesAndParameters) {
  OrcType dec = T(kDecimal);
  dec.precision = 10;
  dec.scale = 2;
  OrcType old_dec = T(kDecimal);
  OrcType vc = T(kVarchar);
  vc.maximum_length = 20;
  OrcType ch = T(kChar);
  ch.maximum_length = 300;
  EXPECT_EQ(
      Render(
          {T(kStruct, {1, 2, 3, 4, 5, 6, 7, 8, 9}, {"a", "b", "c", "d", "e", "f", "g", "h", "i"}),
           T(kByte), T(kShort), T(kTimestampInstant), dec, old_dec, vc, ch, T(kDate), T(kBinary)}),
      "a:tinyint, b:smallint, c:timestamp, d:decimal(10,2), e:decimal(38,10), "
      "f:varchar(20), g:string, h:date, i:binary");
}

TEST(OrcTypesTest, NestedTypes) {
  EXPECT_EQ(Render({T(kStruct, {1, 3, 6, 8}, {"xs", "m", "s", "u"}), T(kList, {2}), T(kInt),
                    T(kMap, {4, 5}), T(kString), T(kDouble), T(kStruct, {7}, {"Inner Name"}),
                    T(kBoolean), T(kUnion, {9, 10}), T(kInt), T(kString)}),
            "xs:array<int>, m:map<string,double>, s:struct<Inner Name:boolean>, "
            "u:uniontype<int,string>");
}

TEST(OrcTypesTest, BrokenTreesAreDataLoss) {
  auto code = [](const std::vector<OrcType>& types) {
    return ColumnsFromTypes(types, "file:///t").status().code();
  };
  EXPECT_EQ(code({}), absl::StatusCode::kDataLoss);
  EXPECT_EQ(code({T(kStruct, {1}, {"a", "b"}), T(kInt)}), absl::StatusCode::kDataLoss);
  EXPECT_EQ(code({T(kStruct, {0}, {"a"})}), absl::StatusCode::kDataLoss);
  EXPECT_EQ(code({T(kStruct, {5}, {"a"}), T(kInt)}), absl::StatusCode::kDataLoss);
  EXPECT_EQ(code({T(kStruct, {1}, {"a"}), T(kList, {})}), absl::StatusCode::kDataLoss);
  EXPECT_EQ(code({T(kStruct, {1}, {"a"}), T(99)}), absl::StatusCode::kDataLoss);
  // A shared subtree would double the printed type at each level.
  absl::StatusOr<std::vector<model::Column>> r =
      ColumnsFromTypes(std::vector<OrcType>{T(kStruct, {1, 1}, {"a", "b"}), T(kInt)}, "file:///t");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(r.status().message(), HasSubstr("used twice"));
}

TEST(OrcTypesTest, DeepNestingIsRefused) {
  std::vector<OrcType> types = {T(kStruct, {1}, {"a"})};
  for (uint32_t i = 1; i < 200; ++i) types.push_back(T(kList, {i + 1}));
  types.push_back(T(kInt));
  absl::StatusOr<std::vector<model::Column>> r = ColumnsFromTypes(types, "file:///t");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(r.status().message(), HasSubstr("deeper than 100"));
}

}  // namespace
}  // namespace almanac::classifiers::orc
