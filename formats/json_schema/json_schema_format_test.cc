// The JSON Schema format through the facade: parse errors and their
// locations, canonical form, Hive columns (testdata/hive_columns.txt), fields
// and diffs, large and deeply nested schemas, and a timing of the check the
// registry runs most (printed, not asserted).
#include "formats/json_schema/json_schema_format.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/absl_view.h"
#include "formats/compatibility.h"
#include "formats/schema_formats.h"
#include "formats/testing/compat_cases.h"
#include "gtest/gtest.h"

namespace almanac::formats {
namespace {

std::unique_ptr<ParsedSchema> MustParse(const std::string& text) {
  auto parsed = ParseSchema(SchemaFormat::kJson, text);
  EXPECT_TRUE(parsed.ok()) << parsed.status() << "\n" << text;
  return parsed.ok() ? *std::move(parsed) : nullptr;
}

struct ErrorCase {
  std::string text;
  std::string message;  // a substring of the InvalidArgument message
};

TEST(JsonSchemaParse, ErrorsAreInvalidArgumentAndSayWhere) {
  const std::vector<ErrorCase> cases = {
      {"", "line 1, column 1: invalid JSON"},
      {"{\n  \"type\": \"object\",\n  \"properties\": {\n    \"a\": {\"type\": \"string\"\n  }\n",
       "line 6, column 1: invalid JSON"},
      {"{\"type\": \"object\"} x", "line 1, column 20: invalid JSON"},
      {"{\n\t\"type\": object\n}", "line 2, column 10: invalid JSON"},
      {R"({"type": 5})", "/type: must be a type name or a non-empty array of them, got a number"},
      {R"({"type": []})", "/type: must be a type name or a non-empty array of them, got an empty"},
      {R"({"properties": {"price": {"type": "decimal"}}})",
       "/properties/price/type: \"decimal\" is not a JSON Schema type"},
      {R"({"properties": {"a/b": {"type": "nope"}}})", "/properties/a~1b/type:"},
      {R"({"required": "a"})", "/required: must be an array of property names, got a string"},
      {R"({"required": ["a", "a"]})", "/required: property 'a' is listed twice"},
      {R"({"items": 3})", "/items: a schema must be an object (or true/false), got a number"},
      {R"({"additionalProperties": "no"})",
       "/additionalProperties: must be a boolean or a schema, got a string"},
      {R"({"oneOf": []})", "/oneOf: must be a non-empty array of schemas, got an empty array"},
      {R"({"anyOf": [{"type": "string"}, 7]})", "/anyOf/1: a schema must be an object"},
      {R"({"minItems": 1.5})", "/minItems: must be a non-negative integer, got 1.5"},
      {R"({"uniqueItems": "yes"})", "/uniqueItems: must be a boolean, got a string"},
      {R"({"description": 3})", "/description: must be a string"},
      {R"({"$schema": 4})", "/$schema: must be a string, got a number"},
      {R"({"$schema": "http://json-schema.org/draft-03/schema#"})",
       "unknown $schema 'http://json-schema.org/draft-03/schema#'"},
      {R"({"$ref": "other.json#/definitions/A"})", "/$ref: remote references are not supported"},
      {R"({"$ref": "#"})", "$ref cycle never reaches a schema: # -> #"},
      {R"({"$ref": "#anchor"})", "only JSON-pointer references"},
      {R"({"properties": {"a": {"$ref": "#/properties/b"}}})",
       "/properties/a/$ref: $ref '#/properties/b' does not resolve"},
      {R"({"definitions": {"A": {"type": "bogus"}}, "$ref": "#/definitions/A"})",
       "/definitions/A/type:"},
      {R"({"$schema": "http://json-schema.org/draft-06/schema#", "contains": 1})",
       "/contains: a schema must be an object"},
      {R"({"$schema": "http://json-schema.org/draft-04/schema", "propertyNames": {}})",
       "/propertyNames: 'propertyNames' needs draft-06 or later"},
      {R"({"patternProperties": {"(": {}}})", "/patternProperties/(: '(' is not a valid regular"},
      {R"({"dependencies": {"a": [1]}})", "/dependencies/a: must be an array of property names"},
  };
  for (const ErrorCase& c : cases) {
    auto parsed = ParseSchema(SchemaFormat::kJson, c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << c.text;
    EXPECT_TRUE(absl::StrContains(parsed.status().message(), c.message))
        << "text: " << c.text << "\nwant: " << c.message << "\ngot:  " << parsed.status().message();
  }
}

// Patterns run on RE2: a pattern that makes a backtracking engine take
// exponential time against a property name (^(a+)+$ on "aaa...ab") is
// answered at once, so a registered schema cannot tie up a server thread.
// With a backtracking engine this test would not finish.
TEST(JsonSchemaPatterns, PathologicalPatternsRunInLinearTime) {
  const std::string name = std::string(64, 'a') + "b";
  const std::string old_text =
      R"({"type": "object", "patternProperties": {"^(a+)+$": {"type": "string"}}})";
  const std::string new_text = absl::StrCat(R"({"type": "object", "properties": {")", name,
                                            R"(": {"type": "integer"}}, "patternProperties": )",
                                            R"({"^(a+)+$": {"type": "string"}}})");
  auto old_schema = ParseSchema(SchemaFormat::kJson, old_text);
  auto new_schema = ParseSchema(SchemaFormat::kJson, new_text);
  ASSERT_TRUE(old_schema.ok()) << old_schema.status();
  ASSERT_TRUE(new_schema.ok()) << new_schema.status();
  // The name does not match the pattern, so the old open object may hold it
  // with any type: adding it is not backward compatible.
  auto issues = CheckCompatibility(**old_schema, **new_schema, Direction::kNewReadsOld);
  ASSERT_FALSE(issues.empty());
  EXPECT_TRUE(absl::StrContains(issues[0].message, name)) << issues[0].message;
}

TEST(JsonSchemaParse, DraftsAcceptTheirOwnForms) {
  for (
      std::string text : {
          R"({"$schema": "http://json-schema.org/draft-04/schema#", "minimum": 1, "exclusiveMinimum": true})",
          R"({"$schema": "http://json-schema.org/draft-06/schema#", "exclusiveMinimum": 1, "const": 3, "items": true})",
          R"({"$schema": "https://json-schema.org/draft-07/schema", "if": {}, "then": false})",
          R"({"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"a": {"$ref": "#/definitions/A"}}, "definitions": {"A": {"$ref": "#/definitions/B"}, "B": {}}})",
          R"({"properties": {"x": {"$ref": "#/properties/y"}, "y": {"type": "string"}}})",
          R"({"items": [{"$ref": "#/items/1"}, {"type": "integer"}]})",
          R"({"unknownKeyword": {"type": 5}, "x-extension": true})",
          "true",
      }) {
    auto parsed = ParseSchema(SchemaFormat::kJson, text);
    EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status();
  }
}

TEST(JsonSchemaParse, DeepNestingIsAClearErrorNotACrash) {
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += R"({"type": "object", "properties": {"a": )";
  deep += "{}";
  for (int i = 0; i < 300; ++i) deep += "}}";
  auto parsed = ParseSchema(SchemaFormat::kJson, deep);
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(parsed.status().message(), "nests deeper than 256 levels"))
      << parsed.status();
  EXPECT_TRUE(absl::StartsWith(parsed.status().message(), "line 1, column "));

  std::string brackets(1'000'000, '[');
  parsed = ParseSchema(SchemaFormat::kJson, brackets);
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);

  // Just under the limit still parses.
  std::string ok;
  for (int i = 0; i < 100; ++i) ok += R"({"type": "object", "properties": {"a": )";
  ok += "{}";
  for (int i = 0; i < 100; ++i) ok += "}}";
  EXPECT_TRUE(ParseSchema(SchemaFormat::kJson, ok).ok());
}

TEST(JsonSchemaCanonical, ReformattingKeepsItAndChangesDoNot) {
  auto a =
      MustParse(R"({"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}})");
  auto b = MustParse(R"(
    {
      "properties": {
        "b": { "type": "integer" },
        "a": { "type": "string" }
      },
      "type": "object"
    })");
  auto c =
      MustParse(R"({"type":"object","properties":{"a":{"type":"string"},"b":{"type":"number"}}})");
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->canonical(), b->canonical());
  EXPECT_NE(a->canonical(), c->canonical());
  EXPECT_EQ(a->canonical(),
            R"({"properties":{"a":{"type":"string"},"b":{"type":"integer"}},"type":"object"})");
  EXPECT_EQ(a->format(), SchemaFormat::kJson);
}

struct HiveCase {
  std::string name;
  int line = 0;
  std::string schema;
  std::vector<HiveColumn> columns;
  std::string error;
};

std::vector<HiveCase> ReadHiveCases(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::vector<HiveCase> cases;
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    if (absl::StartsWith(line, "== ")) {
      cases.push_back({line.substr(3), n, "", {}, ""});
      continue;
    }
    EXPECT_FALSE(cases.empty()) << path << ":" << n << ": a line before the first case";
    if (cases.empty()) continue;
    HiveCase& c = cases.back();
    if (absl::StartsWith(line, "schema: ")) {
      c.schema = line.substr(8);
    } else if (absl::StartsWith(line, "error: ")) {
      c.error = line.substr(7);
    } else if (absl::StartsWith(line, "column: ")) {
      std::vector<std::string> parts = absl::StrSplit(line.substr(8), '|');
      EXPECT_EQ(parts.size(), 3u) << path << ":" << n;
      if (parts.size() != 3) continue;
      c.columns.push_back({std::string(absl::StripAsciiWhitespace(parts[0])),
                           std::string(absl::StripAsciiWhitespace(parts[1])),
                           std::string(absl::StripAsciiWhitespace(parts[2]))});
    } else {
      ADD_FAILURE() << path << ":" << n << ": unexpected line '" << line << "'";
    }
  }
  return cases;
}

TEST(JsonSchemaHiveColumns, Table) {
  std::string path = testing::SourcePath("formats/json_schema/testdata/hive_columns.txt");
  std::vector<HiveCase> cases = ReadHiveCases(path);
  EXPECT_GE(cases.size(), 10u);
  for (const HiveCase& c : cases) {
    SCOPED_TRACE(absl::StrCat(path, ":", c.line, ": ", c.name));
    auto schema = MustParse(c.schema);
    if (!schema) continue;
    auto columns = schema->ToHiveColumns();
    if (!c.error.empty()) {
      EXPECT_EQ(columns.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_TRUE(absl::StrContains(columns.status().message(), c.error)) << columns.status();
      continue;
    }
    ASSERT_TRUE(columns.ok()) << columns.status();
    std::vector<std::string> got, want;
    for (const HiveColumn& col : *columns) {
      got.push_back(absl::StrCat(col.name, " | ", col.type, " | ", col.comment));
    }
    for (const HiveColumn& col : c.columns) {
      want.push_back(absl::StrCat(col.name, " | ", col.type, " | ", col.comment));
    }
    EXPECT_EQ(got, want);
  }
}

constexpr char kOrderV1[] = R"({
  "type": "object",
  "properties": {
    "id": {"type": "integer"},
    "order": {
      "type": "object",
      "properties": {
        "items": {"type": "array", "items": {"type": "object",
                  "properties": {"sku": {"type": "string", "maxLength": 12},
                                 "qty": {"type": "integer", "minimum": 1}},
                  "required": ["sku"]}},
        "note": {"type": "string"}
      },
      "additionalProperties": false
    },
    "attrs": {"type": "object", "additionalProperties": {"type": "string"}}
  },
  "required": ["id"]
})";

TEST(JsonSchemaFields, FlattenedPathsInDefinitionOrder) {
  auto schema = MustParse(kOrderV1);
  ASSERT_TRUE(schema);
  std::vector<std::string> paths;
  for (const SchemaField& f : schema->Fields()) paths.push_back(f.path);
  EXPECT_EQ(paths, (std::vector<std::string>{
                       "(root)", "id", "order", "order.items", "order.items[]", "order.items[].sku",
                       "order.items[].qty", "order.note", "attrs", "attrs.*"}));
  std::vector<SchemaField> fields = schema->Fields();
  EXPECT_EQ(fields[1].description, "integer, required");
  EXPECT_EQ(fields[2].description, "object, closed (additionalProperties false)");
  EXPECT_EQ(fields[5].description, "string, required, maxLength 12");
  EXPECT_EQ(fields[6].description, "integer, >= 1");
  EXPECT_EQ(fields[8].description, "object, additionalProperties schema");
}

TEST(JsonSchemaFields, DiffNamesAddedRemovedAndChangedPaths) {
  std::string v2 = kOrderV1;
  v2.replace(v2.find(R"("maxLength": 12)"), 15, R"("maxLength": 20)");
  v2.replace(v2.find(R"("note": {"type": "string"})"), 26, R"("gift": {"type": "boolean"})");
  auto from = MustParse(kOrderV1);
  auto to = MustParse(v2);
  ASSERT_TRUE(from && to);
  std::vector<std::string> got;
  for (const SchemaDiffEntry& d : DiffSchemas(*from, *to)) {
    got.push_back(
        absl::StrCat(AbslView(DiffKindName(d.kind)), " ", d.path, ": ", d.before, " -> ", d.after));
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "changed order.items[].sku: string, required, maxLength 12 -> string, "
                     "required, maxLength 20",
                     "removed order.note: string -> ", "added order.gift:  -> boolean"}));
}

TEST(JsonSchemaFields, RecursiveReferencesAreListedOnce) {
  auto schema = MustParse(
      R"({"$ref": "#/definitions/Node", "definitions": {"Node": {"type": "object",
          "properties": {"v": {"type": "integer"}, "next": {"$ref": "#/definitions/Node"}}}}})");
  ASSERT_TRUE(schema);
  std::vector<SchemaField> fields = schema->Fields();
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0].path, "(root)");
  EXPECT_EQ(fields[2].path, "next");
  EXPECT_TRUE(absl::StrContains(fields[2].description, "$ref #/definitions/Node"));
  EXPECT_TRUE(absl::StrContains(fields[2].description, "(recursive)"));
}

// A schema of `n` properties of assorted types; `variant` widens one of them.
std::string WideSchema(int n, int variant) {
  std::string s =
      R"({"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": {)";
  for (int i = 0; i < n; ++i) {
    if (i > 0) s += ",";
    std::string type =
        i % 4 == 0   ? R"("type": "integer", "minimum": 0)"
        : i % 4 == 1 ? R"("type": "string", "maxLength": 64, "pattern": "^[a-z0-9]*$")"
        : i % 4 == 2
            ? R"("type": "array", "items": {"type": "number"})"
            : R"("type": "object", "properties": {"x": {"type": "boolean"}}, "additionalProperties": false)";
    if (i == variant % n && i % 4 == 0) type = R"("type": "number", "minimum": 0)";
    absl::StrAppend(&s, "\"field_", i, "\": {", type, ", \"description\": \"property number ", i,
                    " of a wide generated schema, long enough to look like real documentation\"}");
  }
  absl::StrAppend(&s, R"(}, "required": ["field_0"], "additionalProperties": false})");
  return s;
}

TEST(JsonSchemaScale, A170KilobyteSchemaParsesAndMaps) {
  std::string text = WideSchema(935, -1);
  ASSERT_GE(text.size(), 160'000u);
  ASSERT_LE(text.size(), 180'000u);
  auto schema = MustParse(text);
  ASSERT_TRUE(schema);
  auto columns = schema->ToHiveColumns();
  ASSERT_TRUE(columns.ok()) << columns.status();
  EXPECT_EQ(columns->size(), 935u);
  EXPECT_EQ((*columns)[3].type, "struct<x:boolean>");
  EXPECT_TRUE(CheckCompatibility(*schema, *schema, Direction::kNewReadsOld).empty());
}

TEST(JsonSchemaScale, FiveHundredPropertiesAgainstAHundredVersions) {
  std::vector<std::unique_ptr<ParsedSchema>> versions;
  for (int v = 0; v < 100; ++v) versions.push_back(MustParse(WideSchema(500, -1)));
  auto candidate = MustParse(WideSchema(500, 0));  // field_0 integer -> number
  ASSERT_TRUE(candidate);
  std::vector<PriorVersion> prior;
  for (size_t v = 0; v < versions.size(); ++v) {
    ASSERT_TRUE(versions[v]);
    prior.push_back({static_cast<int64_t>(v + 1), versions[v].get()});
  }
  auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
  // The best of five runs, to keep other processes' noise out of the figure.
  double best_backward = 1e9, best_full = 1e9;
  for (int run = 0; run < 5; ++run) {
    auto start = std::chrono::steady_clock::now();
    auto backward = EvaluateCompatibility(CompatibilityMode::kBackwardAll, prior, *candidate);
    auto mid = std::chrono::steady_clock::now();
    auto full = EvaluateCompatibility(CompatibilityMode::kFullAll, prior, *candidate);
    auto end = std::chrono::steady_clock::now();
    ASSERT_TRUE(backward.ok());
    EXPECT_TRUE(backward->empty());  // a widening
    ASSERT_TRUE(full.ok());
    EXPECT_EQ(full->size(), 100u);  // the widening breaks FORWARD against each version
    best_backward = std::min(best_backward, ms(mid - start));
    best_full = std::min(best_full, ms(end - mid));
  }
  // Printed, not asserted (timings belong in BENCHMARKS.md, not in assertions).
  std::printf("500 properties x 100 versions: BACKWARD_ALL %.2f ms, FULL_ALL %.2f ms\n",
              best_backward, best_full);
}

TEST(JsonSchemaScale, NestedCombinatorsStayLinear) {
  // 60 levels of allOf and oneOf: trial matching must not re-check a pair it
  // has judged, or a mismatch at the bottom costs 2^60 steps.
  auto nest = [](std::string_view leaf) {
    std::string s = std::string(leaf);
    for (int i = 0; i < 60; ++i) {
      s = i % 2 == 0
              ? absl::StrCat(R"({"allOf": [{"properties": {"v": )", s, "}}]}")
              : absl::StrCat(R"({"oneOf": [{"properties": {"w": )", s, R"(}}, {"type": "null"}]})");
    }
    return s;
  };
  auto old_schema = MustParse(nest(R"({"type": "integer"})"));
  auto new_schema = MustParse(nest(R"({"type": "string"})"));
  ASSERT_TRUE(old_schema && new_schema);
  EXPECT_FALSE(CheckCompatibility(*old_schema, *new_schema, Direction::kNewReadsOld).empty());
  EXPECT_FALSE(CheckCompatibility(*old_schema, *new_schema, Direction::kOldReadsNew).empty());
}

TEST(JsonSchemaCheck, ReasonsNameThePathInBothDirections) {
  auto old_schema = MustParse(R"({"type": "object", "properties": {"price": {"type": "number"}}})");
  auto new_schema =
      MustParse(R"({"type": "object", "properties": {"price": {"type": "integer"}}})");
  ASSERT_TRUE(old_schema && new_schema);
  std::vector<Incompatibility> backward =
      CheckCompatibility(*old_schema, *new_schema, Direction::kNewReadsOld);
  ASSERT_EQ(backward.size(), 1u);
  EXPECT_EQ(backward[0].path, "price");
  EXPECT_EQ(backward[0].message,
            "property 'price': type changed from number to integer, a narrowing that old data "
            "cannot be read with");
  EXPECT_TRUE(CheckCompatibility(*old_schema, *new_schema, Direction::kOldReadsNew).empty());
}

}  // namespace
}  // namespace almanac::formats
