// The JsonPath subset custom JSON classifiers accept, and what each refusal
// says.
#include "catalog/classifiers/json/json_path.h"

#include "gtest/gtest.h"

namespace almanac::classifiers::json {
namespace {

std::string Render(std::string_view text) {
  auto p = ParseJsonPath(text);
  if (!p.ok()) return std::string(p.status().message());
  std::string out = "$";
  for (const JsonPathStep& s : p->steps) out += s.any_element ? "[*]" : "{" + s.name + "}";
  return out;
}

TEST(JsonPath, SupportedForms) {
  EXPECT_EQ(Render("$"), "$");
  EXPECT_EQ(Render("$[*]"), "$[*]");
  EXPECT_EQ(Render("$.a.b"), "${a}{b}");
  EXPECT_EQ(Render("$.a[*]"), "${a}[*]");
  EXPECT_EQ(Render("$['a']"), "${a}");
  EXPECT_EQ(Render("$[\"odd name\"][*]"), "${odd name}[*]");
  EXPECT_EQ(Render("$.records[*]"), "${records}[*]");
  EXPECT_EQ(Render("$.a[*].b"), "${a}[*]{b}");
}

TEST(JsonPath, RefusalsNameTheProblem) {
  EXPECT_EQ(Render(""), "json path is empty (expected '$...')");
  EXPECT_EQ(Render("a.b"), "json path 'a.b': a path starts with '$' at column 1");
  EXPECT_EQ(Render("$.a[0]"),
            "json path '$.a[0]': array indexes and slices are not supported (use [*]) at column 4");
  EXPECT_EQ(Render("$..a"),
            "json path '$..a': recursive descent '..' is not supported at column 2");
  EXPECT_EQ(Render("$.*"),
            "json path '$.*': '.*' is not supported (use [*] over arrays) at column 3");
  EXPECT_EQ(Render("$[?(@.a)]"), "json path '$[?(@.a)]': filters are not supported at column 2");
  EXPECT_EQ(Render("$['a"), "json path '$['a': unterminated quoted member name at column 2");
  EXPECT_EQ(Render("$[*"), "json path '$[*': expected ']' after '[*' at column 4");
  EXPECT_EQ(Render("$.a b"), "json path '$.a b': unexpected character ' ' at column 4");
  EXPECT_EQ(Render("$."), "json path '$.': expected a member name after '.' at column 3");
  EXPECT_EQ(ParseJsonPath("$.a[0]").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace almanac::classifiers::json
