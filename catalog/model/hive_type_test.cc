#include "catalog/model/hive_type.h"

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace almanac::model {
namespace {

struct TypeCase {
  int line = 0;
  std::string input;
  bool valid = false;
  std::string expected;  // normalised form, or the exact error message
};

std::string TestdataPath() {
  const char* root = std::getenv("ALMANAC_SOURCE_DIR");
  const std::string dir = root != nullptr ? root : ALMANAC_TEST_SOURCE_DIR;
  return dir + "/catalog/model/testdata/hive_types.txt";
}

std::vector<TypeCase> LoadCases() {
  std::ifstream in(TestdataPath());
  EXPECT_TRUE(in.is_open()) << TestdataPath();
  std::vector<TypeCase> cases;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    TypeCase c;
    c.line = number;
    size_t sep = line.find(" => ");
    const size_t error_sep = line.find(" !! ");
    if (error_sep != std::string::npos && (sep == std::string::npos || error_sep < sep)) {
      sep = error_sep;
    } else {
      c.valid = true;
    }
    EXPECT_NE(sep, std::string::npos) << "malformed line " << number << ": " << line;
    if (sep == std::string::npos) continue;
    std::string error;
    EXPECT_TRUE(absl::CUnescape(line.substr(0, sep), &c.input, &error)) << number << ": " << error;
    c.expected = line.substr(sep + 4);
    // Normalised forms may hold non-ASCII text; messages are compared as written.
    if (c.valid) {
      EXPECT_TRUE(absl::CUnescape(c.expected, &c.expected, &error)) << number;
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

TEST(HiveTypeTest, TestdataCases) {
  const std::vector<TypeCase> cases = LoadCases();
  ASSERT_GE(cases.size(), 80u);
  for (const TypeCase& c : cases) {
    SCOPED_TRACE("hive_types.txt line " + std::to_string(c.line) + ": '" + c.input + "'");
    absl::StatusOr<HiveType> parsed = HiveType::Parse(c.input);
    if (!c.valid) {
      EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_EQ(parsed.status().message(), c.expected);
      continue;
    }
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(parsed->ToString(), c.expected);
    // Round trip: the normalised form parses back to the same value.
    absl::StatusOr<HiveType> again = HiveType::Parse(parsed->ToString());
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ(*again, *parsed);
    EXPECT_EQ(again->ToString(), c.expected);
    absl::StatusOr<std::string> normalized = NormalizeTypeString(c.input);
    ASSERT_TRUE(normalized.ok());
    EXPECT_EQ(*normalized, c.expected);
  }
}

TEST(HiveTypeTest, PrimitiveAccessors) {
  absl::StatusOr<HiveType> t = HiveType::Parse("decimal(12,3)");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->kind(), TypeKind::kDecimal);
  EXPECT_TRUE(t->is_primitive());
  EXPECT_EQ(t->precision(), 12);
  EXPECT_EQ(t->scale(), 3);
  EXPECT_TRUE(t->children().empty());

  t = HiveType::Parse("dec");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->precision(), 10);
  EXPECT_EQ(t->scale(), 0);

  t = HiveType::Parse("varchar(42)");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->kind(), TypeKind::kVarchar);
  EXPECT_EQ(t->length(), 42);

  t = HiveType::Parse("timestamp with local time zone");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->kind(), TypeKind::kTimestampLocalTz);
  EXPECT_TRUE(t->is_primitive());
}

TEST(HiveTypeTest, ComplexAccessors) {
  absl::StatusOr<HiveType> t = HiveType::Parse("struct<Id:bigint,tags:map<string,array<int>>>");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->kind(), TypeKind::kStruct);
  EXPECT_FALSE(t->is_primitive());
  ASSERT_EQ(t->children().size(), 2u);
  EXPECT_EQ(t->field_names(), (std::vector<std::string>{"Id", "tags"}));
  EXPECT_EQ(t->children()[0].kind(), TypeKind::kBigint);
  const HiveType& tags = t->children()[1];
  EXPECT_EQ(tags.kind(), TypeKind::kMap);
  ASSERT_EQ(tags.children().size(), 2u);
  EXPECT_EQ(tags.children()[0].kind(), TypeKind::kString);
  EXPECT_EQ(tags.children()[1].kind(), TypeKind::kArray);
  EXPECT_EQ(tags.children()[1].children()[0].kind(), TypeKind::kInt);
  EXPECT_TRUE(tags.field_names().empty());
}

TEST(HiveTypeTest, EqualityIgnoresSpellingButNotContent) {
  EXPECT_EQ(*HiveType::Parse("INTEGER"), *HiveType::Parse("int"));
  EXPECT_EQ(*HiveType::Parse("dec"), *HiveType::Parse("decimal(10, 0)"));
  EXPECT_NE(*HiveType::Parse("decimal(10,1)"), *HiveType::Parse("decimal(10,0)"));
  EXPECT_NE(*HiveType::Parse("struct<a:int>"), *HiveType::Parse("struct<b:int>"));
  EXPECT_NE(*HiveType::Parse("char(3)"), *HiveType::Parse("varchar(3)"));
}

std::string Nested(int depth, const std::string& leaf) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += "array<";
  text += leaf;
  for (int i = 0; i < depth; ++i) text += ">";
  return text;
}

TEST(HiveTypeTest, NestingUpToTheBoundParses) {
  const std::string text = Nested(100, "int");
  absl::StatusOr<HiveType> t = HiveType::Parse(text);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->ToString(), text);
}

TEST(HiveTypeTest, NestingBeyondTheBoundFails) {
  const std::string text = Nested(101, "int");
  absl::StatusOr<HiveType> t = HiveType::Parse(text);
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
  // The echo of a long type string is cut at 200 bytes.
  EXPECT_EQ(t.status().message(), "invalid type '" + text.substr(0, 200) +
                                      "...': types nested deeper than 100 levels at column 601");
}

TEST(HiveTypeTest, AdversarialNestingDoesNotOverflowTheStack) {
  std::string text;
  for (int i = 0; i < 1000000; ++i) text += "struct<a:";
  absl::StatusOr<HiveType> t = HiveType::Parse(text);
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
  std::string unclosed(1000000, '<');
  t = HiveType::Parse("array" + unclosed);
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(HiveTypeTest, WideStructsParse) {
  std::string text = "struct<";
  for (int i = 0; i < 20000; ++i) {
    if (i > 0) text += ",";
    text += "f" + std::to_string(i) + ":int";
  }
  text += ">";
  absl::StatusOr<HiveType> t = HiveType::Parse(text);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->children().size(), 20000u);
  EXPECT_EQ(t->ToString(), text);
}

TEST(HiveTypeTest, FieldNamesNeedingQuotesRoundTrip) {
  for (const std::string& name :
       std::vector<std::string>{"a:b", "a,b", "x<y>", "`", "a``b", " lead", "trail ", "(p)",
                                "semi;colon", "a-b", "caf\xC3\xA9 au lait"}) {
    HiveType original = *HiveType::Parse("struct<x:int>");
    std::string quoted = "`";
    for (char c : name) {
      if (c == '`') quoted += '`';
      quoted += c;
    }
    quoted += "`";
    absl::StatusOr<HiveType> t = HiveType::Parse("struct<" + quoted + ":int>");
    ASSERT_TRUE(t.ok()) << name << ": " << t.status();
    ASSERT_EQ(t->field_names().size(), 1u);
    EXPECT_EQ(t->field_names()[0], name);
    absl::StatusOr<HiveType> again = HiveType::Parse(t->ToString());
    ASSERT_TRUE(again.ok()) << t->ToString() << ": " << again.status();
    EXPECT_EQ(*again, *t) << t->ToString();
    EXPECT_NE(*again, original);
  }
}

}  // namespace
}  // namespace almanac::model
