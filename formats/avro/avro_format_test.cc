// The Avro format through the facade: parse errors and where they point,
// canonical form, Hive columns (testdata/hive_columns.txt), fields and diffs,
// size and depth limits, and a timing of the registry's worst realistic check.
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/absl_view.h"
#include "formats/compatibility.h"
#include "formats/schema_formats.h"
#include "formats/testing/compat_cases.h"
#include "gtest/gtest.h"

namespace almanac::formats {
namespace {

absl::StatusOr<std::unique_ptr<ParsedSchema>> Avro(std::string_view text) {
  return ParseSchema(SchemaFormat::kAvro, text);
}

struct ErrorCase {
  std::string text;
  std::string want;  // substring of the message
};

TEST(AvroParse, ErrorsAreInvalidArgumentAndSayWhere) {
  const std::vector<ErrorCase> cases = {
      {"", "line 1, column 1: invalid JSON"},
      {"{\"type\": \"record\",\n  \"name\": \"R\"\n  \"fields\": []}",
       "line 3, column 10: invalid JSON"},
      {"{\"type\": \"record\", \"name\": \"R\", \"fields\": [\n\n  {\"name\": "
       "\"a\", \"type\": tru}]}",
       "line 3, column 28"},
      {R"({"type": "record", "name": "com.x.Order", "fields": [{"name": "items", "type": "Item"}]})",
       "record 'com.x.Order' field 'items': unknown type 'Item'"},
      {R"({"type": "record", "name": "R", "namespace": "com.x", "fields": [{"name": "c", "type": {"type": "record", "name": "C", "fields": [{"name": "n", "type": "int", "default": null}]}}]})",
       "record 'com.x.C' field 'n': default null is not a valid int"},
      {R"({"type": "enum", "name": "E", "symbols": ["A", "A"]})",
       "enum 'E': symbol 'A' appears twice"},
      {R"({"type": "record", "name": "R", "fields": [{"name": "x", "type": {"type": "record", "name": "R", "fields": []}}]})",
       "the name 'R' is defined twice"},
      {R"({"type": "record", "name": "my record", "fields": []})",
       "invalid record name 'my record'"},
      {R"({"type": "record", "name": "R", "fields": [{"name": "x", "type": "int", "aliases": ["y"]}, {"name": "y", "type": "int"}]})",
       "'y' is already the name or an alias of field 'x'"},
      {R"({"type": "record", "name": "R", "fields": [{"name": "b", "type": "bytes", "default": "\u0100"}]})",
       "is not a valid bytes"},
      {R"({"type": "map"})", "a map needs \"values\""},
      {R"("Unknown")", "unknown type 'Unknown' (no named types are defined before it)"},
  };
  for (const ErrorCase &c : cases) {
    auto parsed = Avro(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << c.text;
    EXPECT_TRUE(absl::StrContains(parsed.status().message(), c.want))
        << "want '" << c.want << "' in: " << parsed.status().message();
  }
}

TEST(AvroParse, ValidSchemasOfEveryKind) {
  for (
      std::string_view text : {
          R"("string")",
          R"(["null", "int", {"type": "array", "items": "long"}, {"type": "map", "values": "int"}])",
          R"({"type": "fixed", "name": "a.b.H", "size": 0})",
          R"({"type": "error", "name": "Oops", "fields": [{"name": "m", "type": "string"}]})",
          R"({"type": "record", "name": "R", "namespace": "", "fields": []})",
          R"({"type": "record", "name": "R", "fields": [{"name": "d", "type": {"type": "int", "logicalType": "date"}, "default": 0}, {"name": "b", "type": "bytes", "default": "\u00ff\u0000"}, {"name": "f", "type": {"type": "fixed", "name": "F", "size": 2}, "default": "ab"}, {"name": "r", "type": {"type": "record", "name": "S", "fields": [{"name": "x", "type": "int", "default": 1}]}, "default": {}}, {"name": "m", "type": {"type": "map", "values": "long"}, "default": {"a": 1}}, {"name": "u", "type": ["string", "null"], "default": "x"}, {"name": "l", "type": "long", "default": 9223372036854775807}, {"name": "dd", "type": "double", "default": 1}]})",
          R"({"type": "record", "name": "a.R", "fields": [{"name": "x", "type": {"type": "record", "name": "S", "fields": []}}, {"name": "y", "type": "a.S"}, {"name": "z", "type": {"type": "a.S"}}]})",
          R"({"type": "record", "name": "R", "fields": [{"name": "x", "type": {"type": "enum", "name": "E", "namespace": "o", "symbols": []}}, {"name": "y", "type": "o.E"}]})",
      }) {
    auto parsed = Avro(text);
    EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status();
  }
}

TEST(AvroCanonical, SameUnderReformattingDifferentUnderAChange) {
  auto a = Avro(
      R"({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "default": 1}]})");
  auto b = Avro(
      "{\n  \"fields\" : [ {\"default\":1, \"type\":\"int\",\n "
      "\"name\":\"a\"} ],\n"
      "  \"name\" : \"R\",   \"type\" : \"record\"\n}\n");
  auto c = Avro(
      R"({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "default": 2}]})");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ((*a)->canonical(), (*b)->canonical());
  EXPECT_NE((*a)->canonical(), (*c)->canonical());
  EXPECT_EQ((*a)->canonical(),
            R"({"fields":[{"default":1,"name":"a","type":"int"}],"name":"R","type":"record"})");
}

struct HiveCase {
  std::string name;
  int line = 0;
  std::string schema;
  std::vector<std::string> columns;  // "name: type  -- comment"
  std::string error;
};

std::vector<HiveCase> ReadHiveCases() {
  std::ifstream in(testing::SourcePath("formats/avro/testdata/hive_columns.txt"));
  std::vector<HiveCase> cases;
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    if (absl::StartsWith(line, "== ")) {
      cases.push_back({line.substr(3), n});
    } else if (!cases.empty() && cases.back().schema.empty()) {
      cases.back().schema = line;
    } else if (!cases.empty() && absl::StartsWith(line, "!! ")) {
      cases.back().error = line.substr(3);
    } else if (!cases.empty()) {
      cases.back().columns.push_back(line);
    }
  }
  return cases;
}

TEST(AvroHiveColumns, TableFromTestdata) {
  std::vector<HiveCase> cases = ReadHiveCases();
  ASSERT_GE(cases.size(), 9u);
  for (const HiveCase &c : cases) {
    SCOPED_TRACE(absl::StrCat("hive_columns.txt:", c.line, " '", c.name, "'"));
    auto parsed = Avro(c.schema);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    auto columns = (*parsed)->ToHiveColumns();
    if (!c.error.empty()) {
      EXPECT_EQ(columns.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_TRUE(absl::StrContains(columns.status().message(), c.error)) << columns.status();
      continue;
    }
    ASSERT_TRUE(columns.ok()) << columns.status();
    std::vector<std::string> got;
    for (const HiveColumn &col : *columns) {
      got.push_back(col.comment.empty()
                        ? absl::StrCat(col.name, ": ", col.type)
                        : absl::StrCat(col.name, ": ", col.type, "  -- ", col.comment));
    }
    EXPECT_EQ(absl::StrJoin(got, "\n"), absl::StrJoin(c.columns, "\n"));
  }
}

TEST(AvroFields, FlattenedPathsAndDiff) {
  auto v1 = Avro(R"({"type": "record", "name": "Order", "fields": [
      {"name": "id", "type": "long"},
      {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "Item", "fields": [
          {"name": "sku", "type": "string"}, {"name": "qty", "type": "int"}]}}},
      {"name": "attrs", "type": {"type": "map", "values": {"type": "record", "name": "V", "fields": [{"name": "v", "type": "string"}]}}},
      {"name": "ship", "type": ["null", {"type": "record", "name": "Addr", "fields": [{"name": "city", "type": "string"}]}], "default": null},
      {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]}},
      {"name": "next", "type": ["null", "Order"], "default": null}]})");
  auto v2 = Avro(R"({"type": "record", "name": "Order", "fields": [
      {"name": "id", "type": "long", "doc": "order id", "aliases": ["oid"]},
      {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "Item", "fields": [
          {"name": "sku", "type": "string"}, {"name": "qty", "type": "long", "default": 1}]}}},
      {"name": "attrs", "type": {"type": "map", "values": {"type": "record", "name": "V", "fields": [{"name": "v", "type": "string"}]}}},
      {"name": "ship", "type": ["null", {"type": "record", "name": "Addr", "fields": [{"name": "city", "type": "string"}, {"name": "zip", "type": "string", "order": "descending"}]}], "default": null},
      {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "BLUE"], "default": "RED"}},
      {"name": "next", "type": ["null", "Order"], "default": null}]})");
  ASSERT_TRUE(v1.ok()) << v1.status();
  ASSERT_TRUE(v2.ok()) << v2.status();
  std::vector<std::string> paths;
  for (const SchemaField &f : (*v1)->Fields()) paths.push_back(f.path);
  EXPECT_EQ(absl::StrJoin(paths, " "),
            "id items items[].sku items[].qty attrs "
            "attrs{}.v ship ship.city color next");
  std::vector<std::string> diff;
  for (const SchemaDiffEntry &e : DiffSchemas(**v1, **v2)) {
    diff.push_back(
        absl::StrCat(AbslView(DiffKindName(e.kind)), " ", e.path, ": ", e.before, " => ", e.after));
  }
  EXPECT_EQ(absl::StrJoin(diff, "\n"),
            "changed id: type long => type long; aliases [oid]; doc \"order id\"\n"
            "changed items[].qty: type int => type long; default 1\n"
            "changed color: type enum 'Color' {RED, GREEN} => type enum 'Color' "
            "{RED, GREEN, BLUE} "
            "default RED\n"
            "added ship.zip:  => type string; order descending");
}

std::string WideRecord(int fields, int version) {
  std::string s =
      R"({"type": "record", "name": "com.example.Wide", "doc": "generated", "fields": [)";
  for (int i = 0; i < fields; ++i) {
    if (i > 0) s += ", ";
    switch (i % 5) {
      case 0:
        absl::StrAppend(
            &s, R"({"name": "f)", i,
            R"(", "type": "long", "doc": "a long field with a fairly long doc string to add bulk"})");
        break;
      case 1:
        absl::StrAppend(&s, R"({"name": "f)", i,
                        R"(", "type": ["null", "string"], "default": null})");
        break;
      case 2:
        absl::StrAppend(
            &s, R"({"name": "f)", i, R"(", "type": {"type": "record", "name": "N)", i,
            R"(", "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": {"type": "array", "items": "double"}}]}})");
        break;
      case 3:
        absl::StrAppend(&s, R"({"name": "f)", i, R"(", "type": {"type": "enum", "name": "E)", i,
                        R"(", "symbols": ["A", "B", "C", "D"], "default": "A"}})");
        break;
      default:
        absl::StrAppend(
            &s, R"({"name": "f)", i,
            R"(", "type": {"type": "map", "values": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}}, "aliases": ["g)",
            i, R"("]})");
    }
  }
  // Each version adds one optional field, so every pair is compatible.
  for (int v = 0; v < version; ++v) {
    absl::StrAppend(&s, R"(, {"name": "added)", v, R"(", "type": "int", "default": 0})");
  }
  return s + "]}";
}

TEST(AvroLimits, A170KilobyteSchemaParses) {
  std::string text = WideRecord(1500, 0);
  ASSERT_GT(text.size(), 165000u);
  auto parsed = Avro(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ((*parsed)->ToHiveColumns()->size(), 1500u);
}

TEST(AvroLimits, DeepNestingIsRefusedClearly) {
  std::string arrays;
  for (int i = 0; i < 200; ++i) arrays += R"({"type": "array", "items": )";
  arrays += "\"int\"" + std::string(200, '}');
  auto deep = Avro(arrays);
  EXPECT_EQ(deep.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(deep.status().message(), "nested more than 128 levels deep"))
      << deep.status();

  auto json = Avro(std::string(100000, '[') + std::string(100000, ']'));
  EXPECT_EQ(json.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(json.status().message(), "line 1, column 1001: JSON is nested"))
      << json.status();

  std::string records = R"({"type": "record", "name": "R0", "fields": [)";
  for (int i = 1; i < 60; ++i) {
    absl::StrAppend(&records, R"({"name": "f", "type": {"type": "record", "name": "R)", i,
                    R"(", "fields": [)");
  }
  records += std::string("");
  for (int i = 1; i < 60; ++i) records += "]}}";
  records += "]}";
  auto ok = Avro(records);
  EXPECT_TRUE(ok.ok()) << ok.status();  // 60 records deep is within the limit
}

// Not a timed assertion (DESIGN.md): prints what a 500-field registration
// against 100 prior versions costs, parse of the candidate included; the best
// of five runs, since the machine is shared.
TEST(AvroTiming, FiveHundredFieldsAgainstAHundredVersions) {
  std::vector<std::unique_ptr<ParsedSchema>> prior;
  for (int v = 0; v < 100; ++v) prior.push_back(*Avro(WideRecord(500, v)));
  std::vector<PriorVersion> versions;
  for (int v = 0; v < 100; ++v) versions.push_back({v + 1, prior[v].get()});
  std::string candidate_text = WideRecord(500, 100);
  for (CompatibilityMode mode : {CompatibilityMode::kBackwardAll, CompatibilityMode::kFullAll}) {
    double best = 1e9, best_parse = 1e9;
    for (int run = 0; run < 5; ++run) {
      auto start = std::chrono::steady_clock::now();
      auto candidate = Avro(candidate_text);
      ASSERT_TRUE(candidate.ok()) << candidate.status();
      auto parsed = std::chrono::steady_clock::now();
      auto found = EvaluateCompatibility(mode, versions, **candidate);
      auto end = std::chrono::steady_clock::now();
      ASSERT_TRUE(found.ok());
      EXPECT_TRUE(found->empty()) << DescribeIncompatibility(found->front());
      best = std::min(best, std::chrono::duration<double, std::milli>(end - start).count());
      best_parse =
          std::min(best_parse, std::chrono::duration<double, std::milli>(parsed - start).count());
    }
    std::cout << "parse of a " << candidate_text.size() << "-byte, 500-field schema + "
              << CompatibilityModeName(mode) << " against 100 versions: " << best << " ms (parse "
              << best_parse << " ms)\n";
  }
}

}  // namespace
}  // namespace almanac::formats
