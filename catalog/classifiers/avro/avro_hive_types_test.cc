// AvroSchemaToColumns: schemas as text in, columns (or the exact error) out.
#include "catalog/classifiers/avro/avro_hive_types.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"

namespace almanac::classifiers::avro {
namespace {

std::string Rec(const std::string& fields) {
  return absl::StrCat(R"({"type":"record","name":"R","fields":[)", fields, "]}");
}

std::string Columns(const std::string& schema) {
  absl::StatusOr<std::vector<model::Column>> got = AvroSchemaToColumns(schema);
  if (!got.ok()) return absl::StrCat("!! ", got.status().message());
  return absl::StrJoin(*got, ", ", [](std::string* out, const model::Column& c) {
    absl::StrAppend(out, c.name, ":", c.type);
  });
}

struct Case {
  std::string schema;
  std::string expected;  // columns, or "!! substring of the error"
};

TEST(AvroHiveTypes, Cases) {
  const Case cases[] = {
      {Rec(R"({"name":"a","type":"int"},{"name":"B","type":"long"})"), "a:int, b:bigint"},
      {Rec(R"({"name":"a","type":{"type":"string"}})"), "a:string"},
      {Rec(R"({"name":"a","type":["null","double"]})"), "a:double"},
      {Rec(R"({"name":"a","type":["double","null"]})"), "a:double"},
      {Rec(R"({"name":"a","type":["null","int","string"]})"), "a:uniontype<int,string>"},
      {Rec(R"({"name":"a","type":["int","string"]})"), "a:uniontype<int,string>"},
      {Rec(R"({"name":"a","type":["int"]})"), "a:uniontype<int>"},
      {Rec(R"({"name":"a","type":["null"]})"), "a:uniontype<void>"},
      {Rec(R"({"name":"a","type":{"type":"bytes","logicalType":"decimal","precision":5}})"),
       "a:decimal(5,0)"},
      // Beyond Hive's decimal, or invalid: the underlying type.
      {Rec(R"({"name":"a","type":{"type":"bytes","logicalType":"decimal","precision":40}})"),
       "a:binary"},
      {Rec(R"({"name":"a","type":{"type":"bytes","logicalType":"decimal","precision":4,"scale":5}})"),
       "a:binary"},
      {Rec(R"({"name":"a","type":{"type":"long","logicalType":"date"}})"), "a:bigint"},
      {Rec(R"({"name":"a","type":{"type":"long","logicalType":"local-timestamp-millis"}})"),
       "a:bigint"},
      {Rec(R"({"name":"a","type":{"type":"map","values":{"type":"array","items":"boolean"}}})"),
       "a:map<string,array<boolean>>"},
      // Named types: namespaces, references, a type defined once used twice.
      {R"({"type":"record","name":"x.R","fields":[
           {"name":"p","type":{"type":"record","name":"P","fields":[{"name":"v","type":"int"}]}},
           {"name":"q","type":"P"},{"name":"r","type":"x.P"},
           {"name":"e","type":{"type":"enum","name":"E","namespace":"y","symbols":["A"]}},
           {"name":"f","type":"y.E"}]})",
       "p:struct<v:int>, q:struct<v:int>, r:struct<v:int>, e:string, f:string"},
      {Rec(R"({"name":"a","type":"Nope"})"), "!! record 'R' field 'a': unknown type 'Nope'"},
      {R"({"type":"record","name":"L","fields":[{"name":"next","type":["null","L"]}]})",
       "!! record 'L' contains itself"},
      {R"({"type":"record","name":"A","fields":[{"name":"b","type":{"type":"record","name":"B",
           "fields":[{"name":"a","type":{"type":"array","items":"A"}}]}}]})",
       "!! record 'A' contains itself"},
      {R"("string")", "!! the top-level type is \"string\", not a record"},
      {R"({"type":"enum","name":"E","symbols":["A"]})", "!! the top-level type is enum"},
      {Rec(R"({"name":"a","type":"int"},{"name":"A","type":"int"})"),
       "!! fields 'a' and 'A' are one column"},
      {Rec(R"({"name":"a b","type":"int"})"), "!! field named 'a b', not a valid avro name"},
      {Rec(R"({"name":"a","type":[]})"), "!! an empty union"},
      {Rec(R"({"name":"a","type":{"type":"record","name":"E","fields":[]}})"),
       "!! record 'E' has no fields"},
      {"{", "!! the schema is not JSON"},
      {std::string(1000, '[') + std::string(1000, ']'), "!! the schema nests deeper than"},
  };
  for (const Case& c : cases) {
    const std::string got = Columns(c.schema);
    if (absl::StartsWith(c.expected, "!! ")) {
      EXPECT_TRUE(absl::StartsWith(got, "!! ") && absl::StrContains(got, c.expected.substr(3)))
          << c.schema << "\n  got " << got << "\n  expected " << c.expected;
    } else {
      EXPECT_EQ(got, c.expected) << c.schema;
    }
  }
}

TEST(AvroHiveTypes, DocBecomesTheComment) {
  auto got = AvroSchemaToColumns(Rec(R"({"name":"a","type":"int","doc":"the a"})"));
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ((*got)[0].comment, "the a");
}

TEST(AvroHiveTypes, ExponentialExpansionIsRefused) {
  // Each record holds two of the previous: 2^40 leaves when expanded.
  std::string schema = R"({"type":"record","name":"T0","fields":[{"name":"v","type":"int"}]})";
  for (int i = 1; i <= 40; ++i) {
    schema = absl::StrCat(R"({"type":"record","name":"T)", i, R"(","fields":[{"name":"a","type":)",
                          schema, R"(},{"name":"b","type":"T)", i - 1, R"("}]})");
  }
  auto got = AvroSchemaToColumns(schema);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << got.status();
}

}  // namespace
}  // namespace almanac::classifiers::avro
