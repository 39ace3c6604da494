#include "catalog/policy/context.h"

#include <string>

#include "catalog/policy/suggest.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace almanac::policy::internal {
namespace {

using ::almanac::testing::StatusIs;

TEST(ParseKeyTest, KnownKeysAreCaseInsensitiveWithIamSpelling) {
  struct Case {
    const char* name;
    KeyKind kind;
    const char* arg;
    const char* display;
  };
  const Case cases[] = {
      {"aws:SourceIp", KeyKind::kSourceIp, "", "aws:SourceIp"},
      {"AWS:SOURCEIP", KeyKind::kSourceIp, "", "aws:SourceIp"},
      {"aws:username", KeyKind::kUsername, "", "aws:username"},
      {"aws:UserId", KeyKind::kUserId, "", "aws:userid"},
      {"aws:principalarn", KeyKind::kPrincipalArn, "", "aws:PrincipalArn"},
      {"aws:SecureTransport", KeyKind::kSecureTransport, "", "aws:SecureTransport"},
      {"aws:CurrentTime", KeyKind::kCurrentTime, "", "aws:CurrentTime"},
      {"aws:epochtime", KeyKind::kEpochTime, "", "aws:EpochTime"},
      {"aws:TagKeys", KeyKind::kTagKeys, "", "aws:TagKeys"},
      {"aws:PrincipalTag/Team", KeyKind::kPrincipalTag, "team", "aws:PrincipalTag/Team"},
      {"AWS:requesttag/Env", KeyKind::kRequestTag, "env", "aws:RequestTag/Env"},
      {"aws:ResourceTag/owner", KeyKind::kResourceTag, "owner", "aws:ResourceTag/owner"},
      {"Glue:TableName", KeyKind::kExtra, "glue:tablename", "Glue:TableName"},
      {"aws:SourceVpc", KeyKind::kExtra, "aws:sourcevpc", "aws:SourceVpc"},
  };
  for (const Case& c : cases) {
    auto key = ParseKey(c.name);
    ASSERT_TRUE(key.ok()) << c.name << ": " << key.status();
    EXPECT_EQ(key->kind, c.kind) << c.name;
    EXPECT_EQ(key->arg, c.arg) << c.name;
    EXPECT_EQ(key->display, c.display) << c.name;
  }
  EXPECT_THAT(ParseKey(""), StatusIs(absl::StatusCode::kInvalidArgument, "empty condition key"));
  EXPECT_THAT(
      ParseKey("aws:RequestTag/"),
      StatusIs(absl::StatusCode::kInvalidArgument, "condition key 'aws:RequestTag/' names no tag"));
}

TEST(ParseTemplateTest, Forms) {
  auto literal = ParseTemplate("a*b\\c", true);
  ASSERT_TRUE(literal.ok());
  EXPECT_FALSE(literal->has_variables());
  EXPECT_EQ(literal->plain, "a*b\\c");
  EXPECT_EQ(literal->glob, "a*b\\\\c");  // the pattern's '*' stays a wildcard

  auto escapes = ParseTemplate("x${*}y${?}z${$}", true);
  ASSERT_TRUE(escapes.ok());
  EXPECT_FALSE(escapes->has_variables());
  EXPECT_EQ(escapes->plain, "x*y?z$");
  EXPECT_EQ(escapes->glob, "x\\*y\\?z$");

  auto vars = ParseTemplate("home/${aws:username}/${ aws:PrincipalTag/team , 'none' }", true);
  ASSERT_TRUE(vars.ok());
  ASSERT_TRUE(vars->has_variables());
  ASSERT_EQ(vars->pieces.size(), 4u);
  EXPECT_EQ(vars->pieces[0].plain, "home/");
  EXPECT_EQ(vars->pieces[1].variable->key.kind, KeyKind::kUsername);
  EXPECT_FALSE(vars->pieces[1].variable->default_value.has_value());
  EXPECT_EQ(vars->pieces[2].plain, "/");
  EXPECT_EQ(vars->pieces[3].variable->key.kind, KeyKind::kPrincipalTag);
  EXPECT_EQ(vars->pieces[3].variable->default_value, "none");
  EXPECT_EQ(TemplateShape(*vars, ""), "home/*/*");

  auto off = ParseTemplate("home/${aws:username}", false);
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->has_variables());
  EXPECT_EQ(off->plain, "home/${aws:username}");

  EXPECT_THAT(ParseTemplate("a${aws:username", true),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "unterminated policy variable in 'a${aws:username'"));
  for (const char* bad : {"${}", "${aws:username, none}", "${a b}", "${x, 'it's'}", "${, 'd'}"}) {
    EXPECT_THAT(ParseTemplate(bad, true), StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
  }
}

TEST(EvalContextTest, ResolveSubstitutesAndEscapes) {
  Principal p;
  p.name = "a*b";
  p.tags = {{"Team", "red"}};
  RequestFacts facts;
  Evaluation out;
  EvalContext ctx(p, facts, &out);
  auto t = ParseTemplate("u/${aws:username}/${aws:principaltag/team}", true);
  ASSERT_TRUE(t.ok());
  std::string plain, glob;
  ASSERT_TRUE(ctx.Resolve(*t, false, &plain));
  EXPECT_EQ(plain, "u/a*b/red");
  ASSERT_TRUE(ctx.Resolve(*t, true, &glob));
  EXPECT_EQ(glob, "u/a\\*b/red");
  auto missing = ParseTemplate("${aws:userid}", true);
  std::string ignored;
  EXPECT_FALSE(ctx.Resolve(*missing, false, &ignored));
  EXPECT_EQ(out.missing_context_keys, std::vector<std::string>{"aws:userid"});
  EXPECT_FALSE(out.context_dependent);
}

TEST(SuggestTest, ClosestWithinReach) {
  const std::vector<std::string> words = {"glue:GetTable", "glue:GetTables", "glue:DeleteTable"};
  EXPECT_EQ(Suggest("glue:GetTabel", words), "glue:GetTable");
  EXPECT_EQ(Suggest("GLUE:gettables", words), "glue:GetTables");
  EXPECT_EQ(Suggest("glue:StartCrawler", words), "");
  EXPECT_EQ(Suggest("x", words), "");
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
}

}  // namespace
}  // namespace almanac::policy::internal
