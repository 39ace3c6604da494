#include "catalog/predicate/parser.h"

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "catalog/model/key_value.h"
#include "catalog/predicate/lexer.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::predicate {
namespace {

CompareOp Mirror(CompareOp op) {
  switch (op) {
    case CompareOp::kLt:
      return CompareOp::kGt;
    case CompareOp::kLe:
      return CompareOp::kGe;
    case CompareOp::kGt:
      return CompareOp::kLt;
    case CompareOp::kGe:
      return CompareOp::kLe;
    default:
      return op;
  }
}

CompareOp OpFromText(std::string_view t) {
  if (t == "=" || t == "==") return CompareOp::kEq;
  if (t == "<>" || t == "!=") return CompareOp::kNe;
  if (t == "<") return CompareOp::kLt;
  if (t == "<=") return CompareOp::kLe;
  if (t == ">") return CompareOp::kGt;
  if (t == ">=") return CompareOp::kGe;
  return CompareOp::kNullSafeEq;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, Dialect dialect)
      : toks_(std::move(tokens)), dialect_(dialect) {}

  absl::StatusOr<Expr> Run() {
    if (Peek().kind == Token::Kind::kEnd) return Expr{};
    ASSIGN_OR_RETURN(Expr e, ParseOr(0));
    if (Peek().kind != Token::Kind::kEnd) return Unexpected(Peek());
    return e;
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    const size_t i = pos_ + ahead;
    return i < toks_.size() ? toks_[i] : toks_.back();
  }
  const Token& Next() {
    const Token& t = Peek();
    if (pos_ + 1 < toks_.size()) ++pos_;
    return t;
  }
  bool IsKeyword(const Token& t, std::string_view word) const {
    return t.kind == Token::Kind::kIdent && !t.quoted &&
           absl::EqualsIgnoreCase(AbslView(t.text), AbslView(word));
  }
  bool IsKey(const Token& t) const {
    return t.kind == Token::Kind::kIdent && (t.quoted || !IsReservedWord(t.text));
  }
  absl::Status Unexpected(const Token& t) const {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected ", DescribeToken(t), " at column ", t.column));
  }
  absl::Status Expect(Token::Kind kind) {
    if (Peek().kind != kind) return Unexpected(Peek());
    Next();
    return absl::OkStatus();
  }
  absl::Status ExpectKeyword(std::string_view word) {
    if (!IsKeyword(Peek(), word)) return Unexpected(Peek());
    Next();
    return absl::OkStatus();
  }
  absl::Status CheckDepth(int depth, const Token& at) const {
    if (depth > kMaxNestingDepth) {
      return absl::InvalidArgumentError(absl::StrCat("expression nests deeper than ",
                                                     kMaxNestingDepth, " levels at column ",
                                                     at.column));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<Expr> ParseJunction(int depth, bool is_or) {
    const int column = Peek().column;
    ASSIGN_OR_RETURN(Expr first, is_or ? ParseJunction(depth, false) : ParseUnary(depth));
    const Expr::Kind kind = is_or ? Expr::Kind::kOr : Expr::Kind::kAnd;
    if (!IsKeyword(Peek(), is_or ? "or" : "and")) return first;
    Expr node;
    node.kind = kind;
    node.column = column;
    auto add = [&](Expr&& e) {
      if (e.kind == kind) {
        for (Expr& c : e.children) node.children.push_back(std::move(c));
      } else {
        node.children.push_back(std::move(e));
      }
    };
    add(std::move(first));
    while (IsKeyword(Peek(), is_or ? "or" : "and")) {
      Next();
      ASSIGN_OR_RETURN(Expr e, is_or ? ParseJunction(depth, false) : ParseUnary(depth));
      add(std::move(e));
    }
    return node;
  }
  absl::StatusOr<Expr> ParseOr(int depth) { return ParseJunction(depth, true); }

  absl::StatusOr<Expr> ParseUnary(int depth) {
    if (IsKeyword(Peek(), "not")) {
      const Token& t = Next();
      RETURN_IF_ERROR(CheckDepth(depth + 1, t));
      Expr node;
      node.kind = Expr::Kind::kNot;
      node.column = t.column;
      ASSIGN_OR_RETURN(Expr child, ParseUnary(depth + 1));
      node.children.push_back(std::move(child));
      return node;
    }
    return ParsePrimary(depth);
  }

  absl::StatusOr<Expr> ParsePrimary(int depth) {
    const Token& t = Peek();
    if (t.kind == Token::Kind::kLParen) {
      if (IsKey(Peek(1)) && Peek(2).kind == Token::Kind::kRParen) {
        Next();
        const Token& key = Next();
        Next();
        return ParseAfterKey(key.text, key.column);
      }
      if (IsKeyword(Peek(1), "struct")) {
        Next();
        ASSIGN_OR_RETURN(Expr e, ParseStructIn(t.column, /*outer_paren=*/true));
        return e;
      }
      RETURN_IF_ERROR(CheckDepth(depth + 1, t));
      Next();
      ASSIGN_OR_RETURN(Expr e, ParseOr(depth + 1));
      RETURN_IF_ERROR(Expect(Token::Kind::kRParen));
      return e;
    }
    if (IsKeyword(t, "struct")) return ParseStructIn(t.column, /*outer_paren=*/false);
    if (IsKey(t)) {
      Next();
      return ParseAfterKey(t.text, t.column);
    }
    if (StartsLiteral(t)) {
      // literal op key
      ASSIGN_OR_RETURN(Literal lit, ParseLiteral());
      const Token& op = Peek();
      if (op.kind != Token::Kind::kOp) return Unexpected(op);
      Next();
      std::string key;
      if (IsKey(Peek())) {
        key = Next().text;
      } else if (Peek().kind == Token::Kind::kLParen && IsKey(Peek(1)) &&
                 Peek(2).kind == Token::Kind::kRParen) {
        Next();
        key = Next().text;
        Next();
      } else {
        return absl::InvalidArgumentError(absl::StrCat("expected a partition key but found ",
                                                       DescribeToken(Peek()), " at column ",
                                                       Peek().column));
      }
      Expr node;
      node.kind = Expr::Kind::kCompare;
      node.column = t.column;
      node.op = Mirror(OpFromText(op.text));
      node.keys.push_back(std::move(key));
      node.literals.push_back(std::move(lit));
      return node;
    }
    return Unexpected(t);
  }

  bool StartsLiteral(const Token& t) const {
    switch (t.kind) {
      case Token::Kind::kString:
      case Token::Kind::kNumber:
      case Token::Kind::kDate:
        return true;
      case Token::Kind::kIdent:
        return IsKeyword(t, "true") || IsKeyword(t, "false") || IsKeyword(t, "date") ||
               IsKeyword(t, "timestamp");
      default:
        return false;
    }
  }

  absl::StatusOr<Literal> ParseLiteral() {
    const Token& t = Peek();
    Literal lit;
    lit.column = t.column;
    if (!StartsLiteral(t)) {
      return absl::InvalidArgumentError(absl::StrCat("expected a literal but found ",
                                                     DescribeToken(t), " at column ", t.column));
    }
    Next();
    switch (t.kind) {
      case Token::Kind::kString:
        lit.kind = Literal::Kind::kString;
        lit.text = t.text;
        return lit;
      case Token::Kind::kNumber:
        lit.kind = Literal::Kind::kNumber;
        lit.text = t.text;
        return lit;
      case Token::Kind::kDate:
        return DateLiteral(t, t.text);
      default:
        break;
    }
    if (IsKeyword(t, "true") || IsKeyword(t, "false")) {
      lit.kind = Literal::Kind::kBoolean;
      lit.text = IsKeyword(t, "true") ? "true" : "false";
      return lit;
    }
    const Token& value = Peek();
    const bool is_date = IsKeyword(t, "date");
    if (value.kind != Token::Kind::kString &&
        !(is_date && value.kind == Token::Kind::kDate)) {
      return absl::InvalidArgumentError(
          absl::StrCat("expected a quoted ", is_date ? "date" : "timestamp", " after ",
                       QuoteForMessage(t.text), " but found ", DescribeToken(value),
                       " at column ", value.column));
    }
    Next();
    if (is_date) return DateLiteral(value, value.text);
    int64_t micros;
    if (!model::TryParseTimestampMicros(value.text, &micros)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid timestamp ", QuoteForMessage(value.text), " at column ", value.column));
    }
    lit.kind = Literal::Kind::kTimestamp;
    lit.text = value.text;
    return lit;
  }

  absl::StatusOr<Literal> DateLiteral(const Token& at, const std::string& text) {
    int64_t days;
    if (!model::TryParseDateDays(text, &days)) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid date ", QuoteForMessage(text), " at column ", at.column));
    }
    Literal lit;
    lit.kind = Literal::Kind::kDate;
    lit.text = text;
    lit.column = at.column;
    return lit;
  }

  absl::StatusOr<std::vector<Literal>> ParseLiteralList() {
    RETURN_IF_ERROR(Expect(Token::Kind::kLParen));
    std::vector<Literal> out;
    while (true) {
      ASSIGN_OR_RETURN(Literal lit, ParseLiteral());
      out.push_back(std::move(lit));
      if (Peek().kind == Token::Kind::kComma) {
        Next();
        continue;
      }
      RETURN_IF_ERROR(Expect(Token::Kind::kRParen));
      return out;
    }
  }

  absl::StatusOr<Expr> ParseAfterKey(const std::string& key, int column) {
    Expr node;
    node.keys.push_back(key);
    node.column = column;
    const Token& t = Peek();
    if (t.kind == Token::Kind::kOp) {
      Next();
      node.kind = Expr::Kind::kCompare;
      node.op = OpFromText(t.text);
      ASSIGN_OR_RETURN(Literal lit, ParseLiteral());
      node.literals.push_back(std::move(lit));
      return node;
    }
    if (IsKeyword(t, "is")) {
      Next();
      node.kind = Expr::Kind::kIsNull;
      if (IsKeyword(Peek(), "not")) {
        Next();
        node.negated = true;
      }
      RETURN_IF_ERROR(ExpectKeyword("null"));
      return node;
    }
    if (IsKeyword(t, "not")) {
      Next();
      node.negated = true;
    }
    const Token& kw = Peek();
    if (IsKeyword(kw, "between")) {
      Next();
      node.kind = Expr::Kind::kBetween;
      ASSIGN_OR_RETURN(Literal lo, ParseLiteral());
      RETURN_IF_ERROR(ExpectKeyword("and"));
      ASSIGN_OR_RETURN(Literal hi, ParseLiteral());
      node.literals.push_back(std::move(lo));
      node.literals.push_back(std::move(hi));
      return node;
    }
    if (IsKeyword(kw, "in")) {
      Next();
      node.kind = Expr::Kind::kIn;
      ASSIGN_OR_RETURN(node.literals, ParseLiteralList());
      return node;
    }
    if (IsKeyword(kw, "like")) {
      Next();
      node.kind = Expr::Kind::kLike;
      ASSIGN_OR_RETURN(Literal pattern, ParseLiteral());
      node.literals.push_back(std::move(pattern));
      if (IsKeyword(Peek(), "escape")) {
        const Token& esc_kw = Next();
        if (dialect_ == Dialect::kHive) {
          return absl::InvalidArgumentError(absl::StrCat(
              "ESCAPE is not supported with regular-expression LIKE at column ", esc_kw.column));
        }
        const Token& esc = Peek();
        if (esc.kind != Token::Kind::kString || esc.text.size() != 1) {
          return absl::InvalidArgumentError(absl::StrCat(
              "ESCAPE needs a one-character string at column ", esc.column));
        }
        Next();
        node.escape = esc.text;
      }
      return node;
    }
    return Unexpected(kw);
  }

  absl::StatusOr<Expr> ParseStructIn(int column, bool outer_paren) {
    Expr node;
    node.kind = Expr::Kind::kIn;
    node.column = column;
    RETURN_IF_ERROR(ExpectKeyword("struct"));
    RETURN_IF_ERROR(Expect(Token::Kind::kLParen));
    while (true) {
      if (!IsKey(Peek())) {
        return absl::InvalidArgumentError(absl::StrCat("expected a partition key but found ",
                                                       DescribeToken(Peek()), " at column ",
                                                       Peek().column));
      }
      node.keys.push_back(Next().text);
      if (Peek().kind == Token::Kind::kComma) {
        Next();
        continue;
      }
      RETURN_IF_ERROR(Expect(Token::Kind::kRParen));
      break;
    }
    if (outer_paren) RETURN_IF_ERROR(Expect(Token::Kind::kRParen));
    if (IsKeyword(Peek(), "not")) {
      Next();
      node.negated = true;
    }
    RETURN_IF_ERROR(ExpectKeyword("in"));
    RETURN_IF_ERROR(Expect(Token::Kind::kLParen));
    while (true) {
      if (IsKeyword(Peek(), "const")) Next();
      const Token& row = Peek();
      RETURN_IF_ERROR(ExpectKeyword("struct"));
      ASSIGN_OR_RETURN(std::vector<Literal> values, ParseLiteralList());
      if (values.size() != node.keys.size()) {
        return absl::InvalidArgumentError(
            absl::StrCat("struct value has ", values.size(), " fields but ", node.keys.size(),
                         " keys are listed at column ", row.column));
      }
      for (Literal& v : values) node.literals.push_back(std::move(v));
      if (Peek().kind == Token::Kind::kComma) {
        Next();
        continue;
      }
      RETURN_IF_ERROR(Expect(Token::Kind::kRParen));
      return node;
    }
  }

  std::vector<Token> toks_;
  Dialect dialect_;
  size_t pos_ = 0;
};

}  // namespace

absl::StatusOr<Expr> Parse(std::string_view input, Dialect dialect) {
  const size_t limit = dialect == Dialect::kGlue ? kMaxGlueExpressionBytes : kMaxHiveFilterBytes;
  if (input.size() > limit) {
    return absl::InvalidArgumentError(absl::StrCat(
        dialect == Dialect::kGlue ? "expression" : "filter", " is ", input.size(),
        " bytes long; the limit is ", limit, " bytes"));
  }
  ASSIGN_OR_RETURN(std::vector<Token> tokens, Lex(input, dialect));
  return Parser(std::move(tokens), dialect).Run();
}

}  // namespace almanac::predicate
