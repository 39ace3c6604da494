#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "catalog/policy/policy.h"
#include "catalog/policy/testdata_util.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace almanac::policy {
namespace {

using ::almanac::testing::StatusIs;

// Runs catalog/policy/testdata/validation_cases.txt; the file's header
// explains the format.
TEST(ValidationCasesTest, TableDriven) {
  const std::vector<std::string> lines =
      testing::ReadLines(testing::TestdataPath("validation_cases.txt"));
  ASSERT_FALSE(lines.empty()) << "cannot read validation_cases.txt";
  int cases = 0, refusals = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty() || line[0] == '#') continue;
    const int line_no = static_cast<int>(i + 1);
    ASSERT_EQ(line.rfind("case ", 0), 0u) << "line " << line_no << ": expected 'case NAME ...'";
    std::vector<std::string> head = absl::StrSplit(line, ' ', absl::SkipEmpty());
    ASSERT_GE(head.size(), 3u) << "line " << line_no;
    const std::string name = head[1];
    CompileOptions options;
    options.known_actions = testing::KnownActions();
    ASSERT_TRUE(head[2] == "resource" || head[2] == "identity") << "line " << line_no;
    options.kind = head[2] == "resource" ? PolicyKind::kResource : PolicyKind::kIdentity;
    for (size_t h = 3; h < head.size(); ++h) {
      if (head[h] == "no-known-actions") {
        options.known_actions.clear();
      } else if (head[h].rfind("max_bytes=", 0) == 0) {
        options.max_bytes = std::stoul(head[h].substr(10));
      } else {
        FAIL() << "line " << line_no << ": unknown option " << head[h];
      }
    }
    std::string json;
    std::string expected;
    bool ok = false;
    for (++i; i < lines.size(); ++i) {
      if (lines[i] == "=> ok") {
        ok = true;
        break;
      }
      if (lines[i].rfind("!! ", 0) == 0) {
        expected = lines[i].substr(3);
        break;
      }
      json += lines[i] + "\n";
    }
    ASSERT_LT(i, lines.size()) << "case " << name << " has no '=> ok' or '!! message'";
    // "\z" in a document stands for a NUL byte.
    for (size_t z; (z = json.find("\\z")) != std::string::npos;) json.replace(z, 2, 1, '\0');
    ++cases;
    auto compiled = CompilePolicy(json, options);
    if (ok) {
      EXPECT_TRUE(compiled.ok()) << "case " << name << " (line " << line_no
                                 << "): " << compiled.status();
    } else {
      ++refusals;
      EXPECT_THAT(compiled, StatusIs(absl::StatusCode::kInvalidArgument, expected))
          << "case " << name << " (line " << line_no << ")";
    }
  }
  EXPECT_GE(cases, 40);
  EXPECT_GE(refusals, 30);
}

TEST(CompiledPolicyTest, Accessors) {
  const std::string text = R"({"Version": "2012-10-17", "Statement": [
      {"Sid": "A", "Effect": "Allow", "Action": "glue:GetTable", "Resource": "*"},
      {"Effect": "Deny", "Action": "glue:DeleteTable", "Resource": "*"}]})";
  CompileOptions options;
  options.kind = PolicyKind::kIdentity;
  auto p = CompilePolicy(text, options);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ((*p)->text(), text);
  EXPECT_TRUE((*p)->variables_enabled());
  EXPECT_EQ((*p)->kind(), PolicyKind::kIdentity);
  ASSERT_EQ((*p)->statement_count(), 2u);
  EXPECT_EQ((*p)->sid(0), "A");
  EXPECT_EQ((*p)->sid(1), "");
  EXPECT_EQ((*p)->effect(0), Effect::kAllow);
  EXPECT_EQ((*p)->effect(1), Effect::kDeny);
  EXPECT_EQ((*p)->StatementLabel(0), "statement 'A'");
  EXPECT_EQ((*p)->StatementLabel(1), "statement #2");
}

TEST(CompiledPolicyTest, VersionlessDisablesVariables) {
  CompileOptions options;
  options.kind = PolicyKind::kIdentity;
  auto p = CompilePolicy(
      R"({"Statement": {"Effect": "Allow", "Action": "glue:GetTable", "Resource": "*"}})", options);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_FALSE((*p)->variables_enabled());
  auto old = CompilePolicy(R"({"Version": "2008-10-17", "Statement": {"Effect": "Allow",
      "Action": "glue:GetTable", "Resource": "*"}})",
                           options);
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_FALSE((*old)->variables_enabled());
}

TEST(CompilePolicyTest, CatalogOfOptionsIsUsed) {
  CompileOptions options;
  options.kind = PolicyKind::kIdentity;
  options.region = "eu-west-1";
  options.account = "111122223333";
  const std::string doc = R"({"Statement": {"Effect": "Allow", "Action": "glue:GetTable",
      "Resource": "arn:aws:glue:eu-west-1:111122223333:table/a/b"}})";
  EXPECT_TRUE(CompilePolicy(doc, options).ok());
  options.region = "us-east-1";
  EXPECT_THAT(CompilePolicy(doc, options),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "statement #1: resource 'arn:aws:glue:eu-west-1:111122223333:table/a/b' "
                       "is outside this catalog (region 'eu-west-1', expected 'us-east-1')"));
}

}  // namespace
}  // namespace almanac::policy
