// The type rules shared by JSON and XML: scalars from literals and text,
// merging, and the Hive type strings they print.
#include "catalog/classifiers/json/inferred_type.h"

#include "gtest/gtest.h"

namespace almanac::classifiers::json {
namespace {

std::string Hive(const InferredType& t) {
  auto s = t.ToHiveType();
  return s.ok() ? *s : std::string(s.status().message());
}

std::string Merged(std::vector<InferredType> types, bool promote = false) {
  InferredType out;
  for (auto& t : types) out.Merge(std::move(t), promote);
  return Hive(out);
}

TEST(InferredType, IntegersByWidth) {
  EXPECT_EQ(Hive(InferredType::Integer(1)), "int");
  EXPECT_EQ(Hive(InferredType::Integer(2147483647)), "int");
  EXPECT_EQ(Hive(InferredType::Integer(-2147483648LL)), "int");
  EXPECT_EQ(Hive(InferredType::Integer(2147483648LL)), "bigint");
}

TEST(InferredType, FromText) {
  EXPECT_EQ(Hive(InferredType::FromText("42")), "int");
  EXPECT_EQ(Hive(InferredType::FromText(" -7 ")), "int");
  EXPECT_EQ(Hive(InferredType::FromText("9007199254740993")), "bigint");
  EXPECT_EQ(Hive(InferredType::FromText("99999999999999999999")), "double");
  EXPECT_EQ(Hive(InferredType::FromText("1.5")), "double");
  EXPECT_EQ(Hive(InferredType::FromText("1e3")), "double");
  EXPECT_EQ(Hive(InferredType::FromText("TRUE")), "boolean");
  EXPECT_EQ(Hive(InferredType::FromText("false")), "boolean");
  // JSON's number grammar: no leading zeros, signs or bare dots.
  EXPECT_EQ(Hive(InferredType::FromText("007")), "string");
  EXPECT_EQ(Hive(InferredType::FromText("+1")), "string");
  EXPECT_EQ(Hive(InferredType::FromText(".5")), "string");
  EXPECT_EQ(Hive(InferredType::FromText("NaN")), "string");
  EXPECT_EQ(InferredType::FromText("  \n").kind(), Kind::kNull);
}

TEST(InferredType, MergeRules) {
  EXPECT_EQ(Merged({InferredType(Kind::kInt), InferredType(Kind::kBigint)}), "bigint");
  EXPECT_EQ(Merged({InferredType(Kind::kBigint), InferredType(Kind::kDouble)}), "double");
  EXPECT_EQ(Merged({InferredType(Kind::kNull), InferredType(Kind::kInt)}), "int");
  EXPECT_EQ(Merged({InferredType(Kind::kNull)}), "string");
  EXPECT_EQ(Merged({InferredType(Kind::kInt), InferredType(Kind::kBoolean)}), "string");
  EXPECT_EQ(Merged({InferredType(Kind::kInt), InferredType::Struct()}), "string");
  EXPECT_EQ(Merged({InferredType::Array(), InferredType(Kind::kInt)}), "string");
}

TEST(InferredType, StructsMergeFieldByFieldInFirstSeenOrder) {
  InferredType a = InferredType::Struct();
  a.AddField("B", InferredType(Kind::kInt));
  a.AddField("a", InferredType(Kind::kString));
  a.AddField("b", InferredType(Kind::kBoolean));  // same name lower-cased: dropped
  InferredType b = InferredType::Struct();
  b.AddField("c", InferredType(Kind::kDouble));
  b.AddField("b", InferredType(Kind::kBigint));
  EXPECT_EQ(Merged({std::move(a), std::move(b)}), "struct<b:bigint,a:string,c:double>");
}

TEST(InferredType, ArraysAndOddNames) {
  InferredType empty = InferredType::Array();
  EXPECT_EQ(Hive(empty), "array<string>");
  InferredType s = InferredType::Struct();
  s.AddField("my field", InferredType(Kind::kInt));
  s.AddField("x:y", InferredType(Kind::kInt));
  s.AddField("", InferredType(Kind::kInt));
  InferredType a = InferredType::Array();
  a.AddElement(std::move(s));
  EXPECT_EQ(Hive(a), "array<struct<my field:int,`x:y`:int>>");
  EXPECT_EQ(Hive(InferredType::Struct()), "string");  // Hive has no empty struct
}

TEST(InferredType, PromoteToArrayForXml) {
  InferredType arr = InferredType::Array();
  arr.AddElement(InferredType(Kind::kInt));
  EXPECT_EQ(Merged({InferredType(Kind::kInt), std::move(arr)}, true), "array<int>");
  InferredType arr2 = InferredType::Array();
  arr2.AddElement(InferredType(Kind::kDouble));
  EXPECT_EQ(Merged({std::move(arr2), InferredType(Kind::kInt)}, true), "array<double>");
}

}  // namespace
}  // namespace almanac::classifiers::json
