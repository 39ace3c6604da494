#include "catalog/predicate/lexer.h"

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace almanac::predicate {
namespace {

std::string Kinds(std::string_view in, Dialect d) {
  auto toks = Lex(in, d);
  if (!toks.ok()) return std::string(toks.status().message());
  std::string out;
  for (const Token& t : *toks) {
    switch (t.kind) {
      case Token::Kind::kIdent: out += t.quoted ? "Q:" : "I:"; break;
      case Token::Kind::kString: out += "S:"; break;
      case Token::Kind::kNumber: out += "N:"; break;
      case Token::Kind::kDate: out += "D:"; break;
      case Token::Kind::kOp: out += "O:"; break;
      case Token::Kind::kLParen: case Token::Kind::kRParen: case Token::Kind::kComma:
        out += "P:"; break;
      case Token::Kind::kEnd: out += "END"; continue;
    }
    out += t.text + "@" + std::to_string(t.column) + " ";
  }
  return out;
}

TEST(LexerTest, HiveTokens) {
  EXPECT_EQ(Kinds("year>=2024", Dialect::kHive), "I:year@1 O:>=@5 N:2024@7 END");
  EXPECT_EQ(Kinds("dt = 2024-01-31", Dialect::kHive), "I:dt@1 O:=@4 D:2024-01-31@6 END");
  EXPECT_EQ(Kinds("1abc <=> -5", Dialect::kHive), "I:1abc@1 O:<=>@6 N:-5@10 END");
  EXPECT_EQ(Kinds("(a) != 'x\\'y'", Dialect::kHive), "P:(@1 I:a@2 P:)@3 O:!=@5 S:x'y@8 END");
  EXPECT_EQ(Kinds("'a\\.b' \"q\\\"\"", Dialect::kHive), "S:a\\.b@1 S:q\"@8 END");
  EXPECT_EQ(Kinds("`we``ird`==1", Dialect::kHive), "Q:we`ird@1 O:==@10 N:1@12 END");
  EXPECT_EQ(Kinds("a<>1,2", Dialect::kHive), "I:a@1 O:<>@2 N:1@4 P:,@5 N:2@6 END");
}

TEST(LexerTest, GlueTokens) {
  EXPECT_EQ(Kinds("x = 'it''s'", Dialect::kGlue), "I:x@1 O:=@3 S:it's@5 END");
  EXPECT_EQ(Kinds("x = 'a\\b'", Dialect::kGlue), "I:x@1 O:=@3 S:a\\b@5 END");
  EXPECT_EQ(Kinds("x > -1.5e3", Dialect::kGlue), "I:x@1 O:>@3 N:-1.5e3@5 END");
  EXPECT_EQ(Kinds("x > .5", Dialect::kGlue), "I:x@1 O:>@3 N:.5@5 END");
  EXPECT_EQ(Kinds("_k = 1", Dialect::kGlue), "I:_k@1 O:=@4 N:1@6 END");
}

TEST(LexerTest, Errors) {
  EXPECT_EQ(Kinds("a = 'x", Dialect::kGlue), "unterminated string at column 5");
  EXPECT_EQ(Kinds("`a", Dialect::kHive), "unterminated identifier at column 1");
  EXPECT_EQ(Kinds("a @ 1", Dialect::kHive), "unexpected character '@' at column 3");
  EXPECT_EQ(Lex("a ~ 1", Dialect::kGlue).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(LexerTest, ReservedWordsAndQuoting) {
  EXPECT_TRUE(IsReservedWord("AND"));
  EXPECT_TRUE(IsReservedWord("Timestamp"));
  EXPECT_FALSE(IsReservedWord("year"));
  EXPECT_EQ(QuoteForMessage("ab"), "'ab'");
  EXPECT_EQ(QuoteForMessage(std::string(100, 'x')), "'" + std::string(64, 'x') + "...'");
}

}  // namespace
}  // namespace almanac::predicate
