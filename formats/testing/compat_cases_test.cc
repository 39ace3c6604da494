// The case-file reader itself, and the mode logic of formats/compatibility.cc
// over a tiny fake format (every field a name; a name missing on the reading
// side breaks), so the modes are checked without any real format.
#include "formats/testing/compat_cases.h"

#include <fstream>

#include "formats/compatibility.h"
#include "gtest/gtest.h"

namespace almanac::formats {
namespace {

TEST(CompatibilityModes, NamesRoundTripAndUnknownIsRefused) {
  for (std::string_view name : {"NONE", "DISABLED", "BACKWARD", "BACKWARD_ALL", "FORWARD",
                                "FORWARD_ALL", "FULL", "FULL_ALL"}) {
    auto mode = ParseCompatibilityMode(name);
    ASSERT_TRUE(mode.ok()) << name;
    EXPECT_EQ(CompatibilityModeName(*mode), name);
  }
  EXPECT_TRUE(ParseCompatibilityMode("backward_all").ok());
  auto bad = ParseCompatibilityMode("TRANSITIVE");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("'TRANSITIVE'"), std::string_view::npos);
}

TEST(CompatibilityModes, FormatNames) {
  EXPECT_EQ(*ParseSchemaFormat("avro"), SchemaFormat::kAvro);
  EXPECT_EQ(*ParseSchemaFormat("JSON"), SchemaFormat::kJson);
  EXPECT_EQ(*ParseSchemaFormat("Protobuf"), SchemaFormat::kProtobuf);
  EXPECT_EQ(ParseSchemaFormat("XML").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CompatibilityModes, DisabledAdmitsNothing) {
  class Empty : public ParsedSchema {
   public:
    SchemaFormat format() const override { return SchemaFormat::kAvro; }
    const std::string& canonical() const override { return text_; }
    absl::StatusOr<std::vector<HiveColumn>> ToHiveColumns() const override {
      return std::vector<HiveColumn>{};
    }
    std::vector<SchemaField> Fields() const override { return {}; }
    std::string text_;
  } schema;
  auto r = EvaluateCompatibility(CompatibilityMode::kDisabled, {}, schema);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  auto none = EvaluateCompatibility(CompatibilityMode::kNone, {{1, &schema}}, schema);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(CompatCaseFile, ReadsBlocksAndRejectsMalformedOnes) {
  std::string path = ::testing::TempDir() + "/cases.txt";
  {
    std::ofstream out(path);
    out << "# comment\n== one\nmode: BACKWARD\nold:\n{\n  \"a\": 1\n}\nnew:\n{}\n"
           "expect: incompatible\nreason: field 'a'\nreason: gone\n\n"
           "== two\nmode: NONE\nnew:\nx\nexpect: compatible\n";
  }
  auto cases = testing::ReadCompatCases(path);
  ASSERT_TRUE(cases.ok()) << cases.status();
  ASSERT_EQ(cases->size(), 2u);
  EXPECT_EQ((*cases)[0].name, "one");
  EXPECT_EQ((*cases)[0].line, 2);
  ASSERT_EQ((*cases)[0].old_versions.size(), 1u);
  EXPECT_EQ((*cases)[0].old_versions[0], "{\n  \"a\": 1\n}\n");
  EXPECT_EQ((*cases)[0].reasons.size(), 2u);
  EXPECT_EQ((*cases)[1].expect, "compatible");
  {
    std::ofstream out(path);
    out << "== three\nmode: BACKWARD\nnew:\n{}\nexpect: incompatible\n";
  }
  EXPECT_EQ(testing::ReadCompatCases(path).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace almanac::formats
