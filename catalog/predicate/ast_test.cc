#include "catalog/predicate/ast.h"

#include "catalog/predicate/parser.h"
#include "gtest/gtest.h"

namespace almanac::predicate {
namespace {

std::string Print(std::string_view in, Dialect d) {
  auto e = Parse(in, d);
  return e.ok() ? ToString(*e, d) : std::string(e.status().message());
}

TEST(AstTest, PrintsNormalForm) {
  EXPECT_EQ(Print("2024 < year", Dialect::kHive), "year > 2024");
  EXPECT_EQ(Print("year == 1 and (a = 'x' or (b != 2 or c <=> 3))", Dialect::kHive),
            "year = 1 AND (a = 'x' OR b <> 2 OR c <=> 3)");
  EXPECT_EQ(Print("dt = 2024-01-31", Dialect::kHive), "dt = DATE '2024-01-31'");
  EXPECT_EQ(Print("(k) not in (1, 'a')", Dialect::kHive), "k NOT IN (1, 'a')");
  EXPECT_EQ(Print("(struct(a,b)) in (const struct(1,'x'))", Dialect::kHive),
            "(STRUCT(a, b)) IN (CONST STRUCT(1, 'x'))");
  EXPECT_EQ(Print("k like 'it\\'s.*'", Dialect::kHive), "k LIKE 'it\\'s.*'");
  EXPECT_EQ(Print("k = 'it''s'", Dialect::kGlue), "k = 'it''s'");
  EXPECT_EQ(Print("not k is not null", Dialect::kGlue), "NOT (k IS NOT NULL)");
  EXPECT_EQ(Print("k not like 'a!%' escape '!'", Dialect::kGlue), "k NOT LIKE 'a!%' ESCAPE '!'");
  EXPECT_EQ(Print("`and` = true", Dialect::kGlue), "`and` = TRUE");
  EXPECT_EQ(Print("`a b` between 1 and 2", Dialect::kGlue), "`a b` BETWEEN 1 AND 2");
  EXPECT_EQ(Print("", Dialect::kGlue), "");
  EXPECT_EQ(Print("ts = timestamp '2024-01-01 00:00:00'", Dialect::kGlue),
            "ts = TIMESTAMP '2024-01-01 00:00:00'");
}

TEST(AstTest, EqualsIgnoresColumnsOnly) {
  auto a = Parse("year = 1", Dialect::kGlue);
  auto b = Parse("   year   =   1", Dialect::kGlue);
  auto c = Parse("year = '1'", Dialect::kGlue);
  auto d = Parse("year <> 1", Dialect::kGlue);
  auto e = Parse("YEAR = 1", Dialect::kGlue);
  EXPECT_TRUE(Equals(*a, *b));
  EXPECT_FALSE(Equals(*a, *c));
  EXPECT_FALSE(Equals(*a, *d));
  EXPECT_FALSE(Equals(*a, *e));  // keys keep their spelling; binding ignores case
}

TEST(AstTest, CompareOpText) {
  EXPECT_STREQ(CompareOpText(CompareOp::kNullSafeEq), "<=>");
  EXPECT_STREQ(CompareOpText(CompareOp::kNe), "<>");
}

}  // namespace
}  // namespace almanac::predicate
