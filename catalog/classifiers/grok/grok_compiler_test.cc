#include "catalog/classifiers/grok/grok_compiler.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"

namespace almanac::classifiers::grok {
namespace {

std::string Fields(const CompiledGrok& g) {
  std::vector<std::string> out;
  for (const GrokField& f : g.fields()) out.push_back(absl::StrCat(f.name, ":", f.hive_type));
  return absl::StrJoin(out, ", ");
}

// The InvalidArgument message of compiling `pattern` with `custom`.
std::string ErrorOf(const std::string& pattern, const std::string& custom = "") {
  auto got = CompiledGrok::Compile(pattern, custom);
  if (got.ok()) return "<compiled: " + got->regex() + ">";
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << got.status();
  return std::string(got.status().message());
}

TEST(GrokCompiler, FieldsInPatternOrderWithTypes) {
  auto g = CompiledGrok::Compile(
      "%{IP:Client} %{INT:code:int} %{NUMBER:took:double} %{INT:n:long} %{INT:s:short} "
      "%{INT:b:byte} %{WORD:ok:boolean} %{NUMBER:f:float} %{WORD:w:string} %{GREEDYDATA:rest}",
      "");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(Fields(*g),
            "client:string, code:int, took:double, n:bigint, s:smallint, b:tinyint, ok:boolean, "
            "f:float, w:string, rest:string");
  EXPECT_TRUE(g->FullMatch("10.0.0.1 200 0.25 9000000000 3 1 true 1.5 x the rest of it"));
  EXPECT_FALSE(g->FullMatch("10.0.0.1 200 0.25"));
}

TEST(GrokCompiler, TypesAreCaseInsensitive) {
  auto g = CompiledGrok::Compile("%{INT:code:INT}", "");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(Fields(*g), "code:int");
}

TEST(GrokCompiler, MatchIsAnchoredAtBothEnds) {
  auto g = CompiledGrok::Compile("%{INT:n}", "");
  ASSERT_TRUE(g.ok());
  EXPECT_TRUE(g->FullMatch("123"));
  EXPECT_FALSE(g->FullMatch("x123"));
  EXPECT_FALSE(g->FullMatch("123 "));
}

TEST(GrokCompiler, OneCapturingGroupPerField) {
  // The author's own groups, named or not, become plain groups; named
  // groups are fields; a repeated field captures once.
  auto g = CompiledGrok::Compile(
      "(a|b)(?<tag>[a-z]+) %{INT:n}(?:-%{INT:n})? (?P<word>\\w+) (?>x|y)", "");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(Fields(*g), "tag:string, n:string, word:string");
  EXPECT_EQ(g->regex(), "(?:a|b)([a-z]+) ([+-]?[0-9]+)(?:-(?:[+-]?[0-9]+))? (\\w+) (?:x|y)");
  EXPECT_TRUE(g->FullMatch("bxyz 1-2 w y"));
}

TEST(GrokCompiler, NestedFieldsCaptureOuterFirst) {
  auto g = CompiledGrok::Compile("%{PAIR:pair}", "PAIR %{WORD:k}=%{INT:v:int}");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(Fields(*g), "pair:string, k:string, v:int");
  EXPECT_EQ(g->regex(), "((\\b\\w+\\b)=([+-]?[0-9]+))");
}

TEST(GrokCompiler, RewritesWhatJavaReadsDifferently) {
  // A bare '[' or '&' inside a class, POSIX classes, literal braces.
  auto g = CompiledGrok::Compile("%{F:f}", "F [[a&&b[:digit:]]+ {\"k\": x{2}}");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->regex(), "([\\[a\\&\\&b0-9]+ \\{\"k\": x{2}})");
  EXPECT_TRUE(g->FullMatch("[&9 {\"k\": xx}"));
}

TEST(GrokCompiler, CustomPatternsShadowBuiltinsAndSkipComments) {
  auto g =
      CompiledGrok::Compile("%{INT:n}", "# my integers are hex\r\n\n  INT   0x[0-9a-f]+  \r\n");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_TRUE(g->FullMatch("0x1f"));
  EXPECT_FALSE(g->FullMatch("31"));
}

TEST(GrokCompiler, QuotedLiteralIsCopied) {
  auto g = CompiledGrok::Compile("\\Q%{x}(\\E%{INT:n}", "");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_TRUE(g->FullMatch("%{x}(5"));
}

TEST(GrokCompiler, UnknownPatternOffersCandidates) {
  EXPECT_EQ(ErrorOf("%{IPV5:ip}"),
            "unknown grok pattern 'IPV5' (closest of 79 patterns: IPV4, IPV6, IP, INT, USER)");
  EXPECT_EQ(ErrorOf("%{LINE:l}", "LINE %{NUMBR:n}\nOTHER x"),
            "unknown grok pattern 'NUMBR' in custom pattern 'LINE' (closest of 81 patterns: "
            "NUMBER, USER, OTHER, UUID, MAC)");
}

TEST(GrokCompiler, CycleIsNamed) {
  EXPECT_EQ(ErrorOf("%{A:a}", "A x%{B}\nB y%{C}\nC %{A}"),
            "grok pattern 'A' refers to itself: A -> B -> C -> A");
  EXPECT_EQ(ErrorOf("%{SELF:s}", "SELF (%{SELF})?"),
            "grok pattern 'SELF' refers to itself: SELF -> SELF");
}

TEST(GrokCompiler, BadTypeListsTheTypes) {
  EXPECT_EQ(ErrorOf("%{INT:n:date}"),
            "field 'n': unknown grok type 'date' (types: boolean, byte, double, float, int, long, "
            "short, string)");
  EXPECT_EQ(ErrorOf("%{INT:n:int}|%{WORD:n}"), "field 'n' is typed twice: int and string");
}

TEST(GrokCompiler, BadRegexIsRe2sMessage) {
  EXPECT_EQ(ErrorOf("%{INT:n} (unclosed"),
            "the grok pattern does not compile: missing ): "
            "([+-]?[0-9]+) (?:unclosed");
  EXPECT_EQ(ErrorOf("%{INT:n}**"),
            "the grok pattern does not compile: bad repetition operator: **");
  EXPECT_EQ(ErrorOf("%{INT:n} [a-"), "unterminated character class at offset 9");
  EXPECT_EQ(ErrorOf("%{W:w}", "W [[:alfa:]]"),
            "unknown character class '[:alfa:]' in custom pattern 'W'");
}

TEST(GrokCompiler, Re2LimitsAreExplained) {
  EXPECT_EQ(ErrorOf("(%{WORD:w})\\1"),
            "backreference '\\1' is not supported (grok patterns run on RE2)");
  EXPECT_EQ(ErrorOf("(?<w>\\w+)\\k<w>"),
            "backreference '\\k' is not supported (grok patterns run on RE2)");
  EXPECT_EQ(ErrorOf("(?<!x)%{WORD:w}"),
            "lookaround '(?<!' is not supported (grok patterns run on RE2)");
  EXPECT_EQ(ErrorOf("%{WORD:w}(?=;)"),
            "lookaround '(?=' is not supported (grok patterns run on RE2)");
}

TEST(GrokCompiler, ReferenceSyntaxErrors) {
  EXPECT_EQ(ErrorOf("%{INT:n"), "unterminated '%{' at offset 0");
  EXPECT_EQ(ErrorOf("%{INT:n:int:x}"),
            "bad reference '%{INT:n:int:x}' (write %{PATTERN:field:type})");
  EXPECT_EQ(ErrorOf("%{:n}"), "bad pattern name in '%{:n}' (letters, digits and _ only)");
  EXPECT_EQ(ErrorOf("%{INT:1n}"),
            "bad field name in '%{INT:1n}' (a letter or _ first, then letters, digits and _)");
  EXPECT_EQ(ErrorOf("%{INT:a-b}"),
            "bad field name in '%{INT:a-b}' (a letter or _ first, then letters, digits and _)");
  EXPECT_EQ(ErrorOf("x\\"), "the pattern ends with a lone backslash");
}

TEST(GrokCompiler, CustomPatternLineErrors) {
  EXPECT_EQ(ErrorOf("%{A:a}", "A x\nB-C y"),
            "custom pattern line 2: bad pattern name 'B-C' (letters, digits and _ only)");
  EXPECT_EQ(ErrorOf("%{A:a}", "# c\nA"),
            "custom pattern line 2: 'A' has no regex (write 'NAME regex')");
  EXPECT_EQ(ErrorOf("%{A:a}", "A x\n\nA y"), "custom pattern 'A' is defined twice (lines 1 and 3)");
}

TEST(GrokCompiler, GluesLengthLimits) {
  EXPECT_EQ(ErrorOf(""), "the grok pattern is empty");
  EXPECT_EQ(ErrorOf(std::string(2049, 'a')), "the grok pattern is longer than 2048 characters");
  EXPECT_EQ(ErrorOf("%{INT:n}", std::string(16001, '#')),
            "the custom patterns are longer than 16000 characters");
}

TEST(GrokCompiler, ExponentialExpansionIsRefused) {
  std::string custom = "P0 ab";
  for (int i = 1; i <= 20; ++i)
    absl::StrAppend(&custom, "\nP", i, " %{P", i - 1, "}%{P", i - 1, "}");
  EXPECT_EQ(ErrorOf("%{P20:x}", custom), "grok pattern expands to more than 262144 characters");
}

TEST(GrokCompiler, NoFieldsCompiles) {
  // The custom classifier refuses it; the compiler does not care.
  auto g = CompiledGrok::Compile("%{INT}", "");
  ASSERT_TRUE(g.ok());
  EXPECT_TRUE(g->fields().empty());
}

TEST(GrokCompiler, GrokTypeToHive) {
  EXPECT_EQ(*GrokTypeToHive("long"), "bigint");
  EXPECT_EQ(*GrokTypeToHive("short"), "smallint");
  EXPECT_EQ(*GrokTypeToHive("byte"), "tinyint");
  EXPECT_EQ(GrokTypeToHive("timestamp").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace almanac::classifiers::grok
