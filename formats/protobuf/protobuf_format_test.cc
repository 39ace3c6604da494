// The Protobuf format through the facade: parse errors (code, line, column),
// the canonical form, Hive columns (testdata/hive_columns.txt), Fields and
// diffs, and a large file. The compatibility rules are in compat_cases.txt.
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

absl::StatusOr<std::unique_ptr<ParsedSchema>> Parse(const std::string& text) {
  return ParseSchema(SchemaFormat::kProtobuf, text);
}

std::unique_ptr<ParsedSchema> MustParse(const std::string& text) {
  auto parsed = Parse(text);
  EXPECT_TRUE(parsed.ok()) << parsed.status() << "\n" << text;
  return parsed.ok() ? *std::move(parsed) : nullptr;
}

// --- parse errors --------------------------------------------------------------------

struct ErrorCase {
  std::string text;
  std::string message;  // a substring of the status message
};

TEST(ProtobufParse, ErrorsAreInvalidArgumentWithPlace) {
  const std::vector<ErrorCase> cases = {
      {"syntax = \"proto3\";\nmessage A {\n  string id = 1\n}\n",
       "line 4, column 1: Expected \";\"."},
      {"syntax = \"proto3\";\nmessage A { string id = ; }\n",
       "line 2, column 25: Expected field number."},
      {"syntax = \"proto3\";\nmessage A { Missing m = 1; }\n",
       "line 2, column 13: 'A.m': \"Missing\" is not defined."},
      {"syntax = \"proto3\";\npackage p;\nmessage A { int32 a = 1; int32 b = "
       "1; }\n",
       "line 3, column 36: 'p.A.b': Field number 1 has already been used in "
       "\"p.A\" by field \"a\"."},
      {"syntax = \"proto3\";\nmessage A { reserved 4; int32 a = 4; }\n",
       "'A.a': Field \"a\" uses reserved number 4."},
      {"syntax = \"proto3\";\nimport \"other.proto\";\nmessage A {}\n",
       "line 2, column 1: import 'other.proto': schema references are not "
       "supported"},
      {"syntax = \"proto3\";\nmessage A { google.protobuf.Timestamp t = 1; }\n",
       "line 2, column 13: 'A.t': \"google.protobuf.Timestamp\" seems to be "
       "defined in "
       "\"google/protobuf/timestamp.proto\", which is not imported"},
      {"syntax = \"proto3\";\nmessage A { int32 a = 0; }\n",
       "Field numbers must be positive integers."},
      {"message A { int32 a = 1; }\n",
       "line 1, column 13: Expected \"required\", \"optional\", or "
       "\"repeated\"."},
      {"syntax = \"proto3\";\nmessage A { map<double, int32> m = 1; }\n", "Key in map fields"},
  };
  for (const ErrorCase& c : cases) {
    auto parsed = Parse(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << c.text;
    EXPECT_TRUE(absl::StrContains(parsed.status().message(), c.message))
        << "want '" << c.message << "' in '" << parsed.status().message() << "'";
  }
}

TEST(ProtobufParse, EmptyFileAndFileWithoutMessageParse) {
  for (const std::string text :
       {"", "// nothing here\n", "syntax = \"proto3\";\nenum E { A = 0; }\n"}) {
    auto parsed = Parse(text);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    auto columns = (*parsed)->ToHiveColumns();
    EXPECT_EQ(columns.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST(ProtobufParse, EveryWellKnownTypeImports) {
  std::string text = "syntax = \"proto3\";\n";
  for (const char* file : {"any", "api", "descriptor", "duration", "empty", "field_mask",
                           "source_context", "struct", "timestamp", "type", "wrappers"}) {
    absl::StrAppend(&text, "import \"google/protobuf/", file, ".proto\";\n");
  }
  absl::StrAppend(&text,
                  "message A { google.protobuf.Any a = 1; google.protobuf.Api b = 2; "
                  "google.protobuf.FieldMask c = 3; google.protobuf.Empty d = 4; "
                  "google.protobuf.Type e = 5; google.protobuf.FileDescriptorProto f = 6; "
                  "}\n");
  EXPECT_NE(MustParse(text), nullptr);
}

TEST(ProtobufParse, SchemaNamesDoNotCollideAcrossSchemas) {
  // Each schema has its own pool: the same names in two schemas are fine.
  auto a = MustParse("syntax = \"proto3\";\npackage p;\nmessage A { int32 x = 1; }\n");
  auto b = MustParse("syntax = \"proto3\";\npackage p;\nmessage A { string x = 1; }\n");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_NE(a->canonical(), b->canonical());
}

// --- canonical form ------------------------------------------------------------------

TEST(ProtobufCanonical, LayoutCommentsAndNameSpellingDoNotMatter) {
  const std::string base =
      "syntax = \"proto3\";\npackage shop.v1;\nmessage "
      "Order { string id = 1; Item item = 2; }\n"
      "message Item { string sku = 1; }\n";
  const std::vector<std::string> same = {
      "// Orders.\nsyntax = \"proto3\";\n\npackage   shop.v1;\n\n/* the record "
      "*/\nmessage Order {\n"
      "  string id = 1;  // id\n  Item item = 2;\n}\n\nmessage Item {\n  "
      "string sku = 1;\n}\n",
      "syntax='proto3';package shop.v1;message Order{string id=1;.shop.v1.Item "
      "item=2;}"
      "message Item{string sku=1;}",
      "syntax = \"proto3\";\npackage shop.v1;\nmessage Order { string id = 1; "
      "v1.Item item = 2; }\n"
      "message Item { string sku = 1; }\n",
  };
  auto b = MustParse(base);
  ASSERT_NE(b, nullptr);
  for (const std::string& text : same) {
    auto s = MustParse(text);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->canonical(), b->canonical()) << text;
  }
  const std::vector<std::string> different = {
      // a type, a name, a number, the package, a label, an option, the order.
      "syntax = \"proto3\";\npackage shop.v1;\nmessage Order { bytes id = 1; "
      "Item item = 2; }\n"
      "message Item { string sku = 1; }\n",
      "syntax = \"proto3\";\npackage shop.v1;\nmessage Order { string key = 1; "
      "Item item = 2; }\n"
      "message Item { string sku = 1; }\n",
      "syntax = \"proto3\";\npackage shop.v1;\nmessage Order { string id = 3; "
      "Item item = 2; }\n"
      "message Item { string sku = 1; }\n",
      "syntax = \"proto3\";\npackage shop.v2;\nmessage Order { string id = 1; "
      "Item item = 2; }\n"
      "message Item { string sku = 1; }\n",
      "syntax = \"proto3\";\npackage shop.v1;\nmessage Order { string id = 1; "
      "repeated Item item = 2; }\n"
      "message Item { string sku = 1; }\n",
      "syntax = \"proto3\";\npackage shop.v1;\noption java_package = \"x\";\n"
      "message Order { string id = 1; Item item = 2; }\nmessage Item { string "
      "sku = 1; }\n",
      "syntax = \"proto3\";\npackage shop.v1;\nmessage Item { string sku = 1; "
      "}\n"
      "message Order { string id = 1; Item item = 2; }\n",
      "syntax = \"proto2\";\npackage shop.v1;\nmessage Order { optional string "
      "id = 1; "
      "optional Item item = 2; }\nmessage Item { optional string sku = 1; }\n",
  };
  for (const std::string& text : different) {
    auto s = MustParse(text);
    ASSERT_NE(s, nullptr);
    EXPECT_NE(s->canonical(), b->canonical()) << text;
  }
}

// --- Hive columns (testdata) ---------------------------------------------------------

struct HiveCase {
  std::string name;
  int line = 0;
  std::string text;
  std::vector<std::string> columns;  // "name: type" or "name: type  -- comment"
  std::string error;                 // substring, when refused
};

std::vector<HiveCase> ReadHiveCases() {
  std::ifstream in(testing::SourcePath("formats/protobuf/testdata/hive_columns.txt"));
  EXPECT_TRUE(in.good());
  std::vector<HiveCase> cases;
  bool in_expect = false;
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (absl::StartsWith(line, "== ")) {
      cases.push_back({line.substr(3), n, "", {}, ""});
      in_expect = false;
    } else if (cases.empty() ||
               (absl::StartsWith(line, "#") && !in_expect && cases.back().text.empty())) {
      continue;
    } else if (line == "=>") {
      in_expect = true;
    } else if (in_expect) {
      if (absl::StartsWith(line, "!! ")) {
        cases.back().error = line.substr(3);
      } else if (!absl::StripAsciiWhitespace(line).empty()) {
        cases.back().columns.push_back(line);
      }
    } else {
      absl::StrAppend(&cases.back().text, line, "\n");
    }
  }
  return cases;
}

TEST(ProtobufHive, ColumnsFromTestdata) {
  std::vector<HiveCase> cases = ReadHiveCases();
  EXPECT_GE(cases.size(), 10u);
  for (const HiveCase& c : cases) {
    SCOPED_TRACE(absl::StrCat("case '", c.name, "' (line ", c.line, ")"));
    auto schema = MustParse(c.text);
    ASSERT_NE(schema, nullptr);
    auto columns = schema->ToHiveColumns();
    if (!c.error.empty()) {
      ASSERT_FALSE(columns.ok());
      EXPECT_EQ(columns.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_TRUE(absl::StrContains(columns.status().message(), c.error)) << columns.status();
      continue;
    }
    ASSERT_TRUE(columns.ok()) << columns.status();
    std::vector<std::string> got;
    for (const HiveColumn& col : *columns) {
      got.push_back(col.comment.empty()
                        ? absl::StrCat(col.name, ": ", col.type)
                        : absl::StrCat(col.name, ": ", col.type, "  -- ", col.comment));
    }
    EXPECT_EQ(absl::StrJoin(got, "\n"), absl::StrJoin(c.columns, "\n"));
  }
}

// --- Fields and diffs ----------------------------------------------------------------

std::string DiffText(const ParsedSchema& from, const ParsedSchema& to) {
  std::vector<std::string> lines;
  for (const SchemaDiffEntry& e : DiffSchemas(from, to)) {
    lines.push_back(
        absl::StrCat(AbslView(DiffKindName(e.kind)), " ", e.path, ": ", e.before, " -> ", e.after));
  }
  return absl::StrJoin(lines, "\n");
}

TEST(ProtobufFields, FieldsByNumberInDefinitionOrder) {
  auto s = MustParse(
      "syntax = \"proto3\";\npackage shop;\nenum Status { NEW = 0; "
      "PAID = 1; }\n"
      "message Order {\n  message Line { string sku = 1; }\n  "
      "reserved 9;\n  string id = 1;\n"
      "  repeated Line lines = 2;\n  map<string, int64> counts = "
      "3;\n  optional double price = 4;\n"
      "  oneof pay { string card = 5; Status status = 6; }\n}\n");
  ASSERT_NE(s, nullptr);
  std::vector<std::string> got;
  for (const SchemaField& f : s->Fields())
    got.push_back(absl::StrCat(f.path, " = ", f.description));
  EXPECT_EQ(absl::StrJoin(got, "\n"),
            "syntax = proto3\n"
            "package = shop\n"
            "Order = message, oneofs: pay, reserved numbers: 9\n"
            "Order.1 = id: string\n"
            "Order.2 = lines: repeated message 'Order.Line'\n"
            "Order.3 = counts: map<string, int64>\n"
            "Order.4 = price: optional double\n"
            "Order.5 = card: string, in oneof 'pay'\n"
            "Order.6 = status: enum 'Status', in oneof 'pay'\n"
            "Order.Line = message\n"
            "Order.Line.1 = sku: string\n"
            "Status = enum\n"
            "Status.0 = NEW\n"
            "Status.1 = PAID");
}

TEST(ProtobufFields, RenameIsAChangeNotARemovalAndAnAddition) {
  auto a = MustParse(
      "syntax = \"proto3\";\nmessage Order { string id = 1; "
      "double price = 2; }\n");
  auto b = MustParse(
      "syntax = \"proto3\";\nmessage Order { string id = 1; "
      "double amount = 2; int32 qty = 3; }\n");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(DiffText(*a, *b),
            "changed Order.2: price: double -> amount: double\n"
            "added Order.3:  -> qty: int32");
  EXPECT_EQ(DiffText(*b, *a),
            "changed Order.2: amount: double -> price: double\n"
            "removed Order.3: qty: int32 -> ");
}

TEST(ProtobufFields, Proto2DefaultsAndLabelsShow) {
  auto a = MustParse(
      "message R { required string id = 1; optional int32 n = 2 "
      "[default = 7]; }\n");
  auto b = MustParse(
      "message R { optional string id = 1; optional int32 n = 2 "
      "[default = 8]; }\n");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(DiffText(*a, *b),
            "changed R.1: id: required string -> id: optional string\n"
            "changed R.2: n: optional int32 [default = 7] -> n: optional int32 "
            "[default = 8]");
}

// --- size and speed ------------------------------------------------------------------

std::string WideMessage(int fields) {
  std::string text = "syntax = \"proto3\";\npackage bench.v1;\nmessage Wide {\n";
  const char* types[] = {"int32", "int64", "string", "double",
                         "bytes", "bool",  "sint64", "fixed32"};
  for (int i = 1; i <= fields; ++i) {
    absl::StrAppend(&text, "  // field number ", i, " of the wide message, with a comment\n  ",
                    i % 50 == 0 ? "repeated " : "", types[i % 8], " field_", i, " = ", i, ";\n");
  }
  absl::StrAppend(&text, "}\n");
  return text;
}

TEST(ProtobufScale, LargeFileParses) {
  // ~170 KB: many messages with comments.
  std::string text =
      "syntax = \"proto3\";\npackage big.v1;\nimport "
      "\"google/protobuf/timestamp.proto\";\n";
  int messages = 0;
  while (text.size() < 170 * 1024) {
    absl::StrAppend(&text, "// Message number ", messages,
                    ", documented at some length.\nmessage M", messages, " {\n");
    for (int f = 1; f <= 20; ++f) {
      absl::StrAppend(&text, "  string attribute_", f, " = ", f, ";  // attribute ", f, "\n");
    }
    absl::StrAppend(&text, "  google.protobuf.Timestamp at = 21;\n  M",
                    messages == 0 ? 0 : messages - 1, " previous = 22;\n}\n");
    ++messages;
  }
  auto start = std::chrono::steady_clock::now();
  auto schema = MustParse(text);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_NE(schema, nullptr);
  auto columns = schema->ToHiveColumns();
  ASSERT_TRUE(columns.ok());
  EXPECT_EQ(columns->size(), 22u);
  std::cout << "parsed " << text.size() << " bytes (" << messages << " messages) in "
            << std::chrono::duration<double, std::milli>(took).count() << " ms\n";
}

TEST(ProtobufScale, WideMessageAgainstManyVersions) {
  // Not a timed assertion (DESIGN.md): prints what a 500-field check costs.
  auto parse_start = std::chrono::steady_clock::now();
  auto candidate = MustParse(WideMessage(500));
  auto parse_took = std::chrono::steady_clock::now() - parse_start;
  ASSERT_NE(candidate, nullptr);
  std::vector<std::unique_ptr<ParsedSchema>> versions;
  std::vector<PriorVersion> prior;
  for (int v = 0; v < 100; ++v) {
    versions.push_back(MustParse(WideMessage(400 + v)));
    prior.push_back({v + 1, versions.back().get()});
  }
  auto start = std::chrono::steady_clock::now();
  auto found = EvaluateCompatibility(CompatibilityMode::kFullAll, prior, *candidate);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->empty()) << DescribeIncompatibility(found->front());
  std::cout << "parsed a 500-field message in "
            << std::chrono::duration<double, std::milli>(parse_took).count()
            << " ms; FULL_ALL against 100 versions (200 checks) in "
            << std::chrono::duration<double, std::milli>(took).count() << " ms\n";
}

}  // namespace
}  // namespace almanac::formats
