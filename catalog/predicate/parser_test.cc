#include "catalog/predicate/parser.h"

#include <random>
#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace almanac::predicate {
namespace {

void ExpectRoundTrip(std::string_view in, Dialect d) {
  auto e = Parse(in, d);
  ASSERT_TRUE(e.ok()) << in << ": " << e.status();
  const std::string text = ToString(*e, d);
  auto again = Parse(text, d);
  ASSERT_TRUE(again.ok()) << in << " printed as " << text << ": " << again.status();
  EXPECT_TRUE(Equals(*e, *again)) << in << " printed as " << text << " then "
                                  << ToString(*again, d);
  EXPECT_EQ(ToString(*again, d), text);
}

TEST(ParserTest, RoundTripsHandWrittenInputs) {
  for (const char* in :
       {"year = 2024", "2024 <= year", "a = 'x' and b = \"y\" or c = 'z'",
        "((a = 1 or b = 2) and (c = 3 or d = 4))", "a between 1 and 2",
        "a not between '1' and '2'", "(a) in (1, 2, 3)", "a not in ('x')",
        "(STRUCT(a, b)) NOT IN (CONST STRUCT(1, 2), CONST STRUCT(3, 4))",
        "a like '.*\\\\.x'", "a <=> 1", "dt = date 2024-1-5", "dt > DATE '2024-01-05'",
        "`we``ird` = 1", "1abc = 2", "a = 'quote\\' and back\\\\slash'", "x = -5",
        "x = 1.25", "flag = false", ""}) {
    ExpectRoundTrip(in, Dialect::kHive);
  }
  for (const char* in :
       {"year = 2024", "not not a = 1", "not (a = 1 and b = 2) or c is null",
        "a is not null", "a like 'x%' escape '!'", "a not like '_%'", "a in (1.5, -2e3)",
        "a = 'it''s'", "a = 'back\\slash'", "`select` = 1", "t = timestamp '2024-01-01'",
        "NOT (NOT (a = 1))", ""}) {
    ExpectRoundTrip(in, Dialect::kGlue);
  }
}

// Random trees printed and re-parsed: the printer and parser agree.
Literal RandomLiteral(std::mt19937& rng) {
  static const char* kStrings[] = {"", "a", "it's", "x\"y", "back\\slash", "--;", "%_",
                                   "caf\xc3\xa9", "two words", "\\"};
  Literal l;
  switch (rng() % 5) {
    case 0:
      l.kind = Literal::Kind::kString;
      l.text = kStrings[rng() % 10];
      break;
    case 1:
      l.kind = Literal::Kind::kNumber;
      l.text = std::to_string(static_cast<int>(rng() % 2000) - 1000);
      break;
    case 2:
      l.kind = Literal::Kind::kDate;
      l.text = "2024-0" + std::to_string(1 + rng() % 9) + "-1" + std::to_string(rng() % 10);
      break;
    case 3:
      l.kind = Literal::Kind::kTimestamp;
      l.text = "2024-01-01 10:00:0" + std::to_string(rng() % 10);
      break;
    default:
      l.kind = Literal::Kind::kBoolean;
      l.text = rng() % 2 ? "true" : "false";
  }
  return l;
}

Expr RandomExpr(std::mt19937& rng, int depth, Dialect d) {
  static const char* kKeys[] = {"a", "Year", "select", "my key", "k`q", "_x"};
  Expr e;
  e.keys.push_back(kKeys[rng() % 6]);
  const int choice = depth > 3 ? 4 + rng() % 6 : rng() % 10;
  switch (choice) {
    case 0:
    case 1:
    case 2: {
      e.keys.clear();
      e.kind = choice == 0 ? Expr::Kind::kAnd : choice == 1 ? Expr::Kind::kOr : Expr::Kind::kNot;
      const int n = e.kind == Expr::Kind::kNot ? 1 : 2 + rng() % 3;
      for (int i = 0; i < n; ++i) {
        Expr c = RandomExpr(rng, depth + 1, d);
        if (c.kind == e.kind && e.kind != Expr::Kind::kNot) {
          for (auto& cc : c.children) e.children.push_back(std::move(cc));
        } else {
          e.children.push_back(std::move(c));
        }
      }
      return e;
    }
    case 3:
      if (d == Dialect::kHive) {
        e.kind = Expr::Kind::kIn;
        e.keys.push_back(kKeys[rng() % 6]);
        e.negated = rng() % 2;
        for (int i = 0; i < 4; ++i) e.literals.push_back(RandomLiteral(rng));
        return e;
      }
      [[fallthrough]];
    case 4:
      e.kind = Expr::Kind::kCompare;
      e.op = static_cast<CompareOp>(rng() % 7);
      e.literals.push_back(RandomLiteral(rng));
      return e;
    case 5:
      e.kind = Expr::Kind::kBetween;
      e.negated = rng() % 2;
      e.literals.push_back(RandomLiteral(rng));
      e.literals.push_back(RandomLiteral(rng));
      return e;
    case 6:
      e.kind = Expr::Kind::kIn;
      e.negated = rng() % 2;
      for (int i = 0, n = 1 + rng() % 3; i < n; ++i) e.literals.push_back(RandomLiteral(rng));
      return e;
    case 7: {
      e.kind = Expr::Kind::kLike;
      e.negated = rng() % 2;
      Literal l = RandomLiteral(rng);
      l.kind = Literal::Kind::kString;
      e.literals.push_back(l);
      if (d == Dialect::kGlue && rng() % 2) e.escape = "!";
      return e;
    }
    default:
      e.kind = Expr::Kind::kIsNull;
      e.negated = rng() % 2;
      return e;
  }
}

TEST(ParserTest, RandomTreesRoundTrip) {
  std::mt19937 rng(12345);
  for (int i = 0; i < 3000; ++i) {
    const Dialect d = i % 2 ? Dialect::kHive : Dialect::kGlue;
    Expr e = RandomExpr(rng, 0, d);
    const std::string text = ToString(e, d);
    auto parsed = Parse(text, d);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status();
    ASSERT_TRUE(Equals(e, *parsed)) << text << " re-printed as " << ToString(*parsed, d);
  }
}

TEST(ParserTest, Limits) {
  EXPECT_EQ(Parse(std::string(2049, ' '), Dialect::kGlue).status().message(),
            "expression is 2049 bytes long; the limit is 2048 bytes");
  EXPECT_TRUE(Parse(std::string(2048, ' '), Dialect::kGlue).ok());
  std::string deep = std::string(kMaxNestingDepth + 1, '(') + "a = 1" +
                     std::string(kMaxNestingDepth + 1, ')');
  EXPECT_EQ(Parse(deep, Dialect::kHive).status().message(),
            "expression nests deeper than 200 levels at column 201");
  std::string chain = "a = 0";
  for (int i = 1; i < 20000; ++i) chain += " or a = " + std::to_string(i);
  auto e = Parse(chain, Dialect::kHive);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->children.size(), 20000u);  // long flat chains are fine
}

TEST(ParserTest, LiteralFirstMirrorsOperator) {
  auto e = Parse("5 <= (k)", Dialect::kHive);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->op, CompareOp::kGe);
  EXPECT_EQ(e->keys[0], "k");
  EXPECT_EQ(e->literals[0].text, "5");
  EXPECT_EQ(e->column, 1);
}

TEST(ParserTest, ErrorCodes) {
  EXPECT_EQ(Parse("a = ", Dialect::kGlue).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Parse("a = 1)", Dialect::kHive).status().message(), "unexpected ')' at column 6");
}

}  // namespace
}  // namespace almanac::predicate
