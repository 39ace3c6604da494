#include "catalog/predicate/ast.h"

#include <cctype>
#include <string_view>

#include "catalog/predicate/lexer.h"

namespace almanac::predicate {
namespace {

bool IsBareIdentifier(std::string_view name) {
  if (name.empty()) return false;
  const unsigned char first = name[0];
  if (!std::isalpha(first) && first != '_') return false;
  for (unsigned char c : name) {
    if (!std::isalnum(c) && c != '_') return false;
  }
  return !IsReservedWord(name);
}

void AppendKey(std::string_view name, std::string* out) {
  if (IsBareIdentifier(name)) {
    out->append(name);
    return;
  }
  out->push_back('`');
  for (char c : name) {
    if (c == '`') out->push_back('`');  // a backtick inside is doubled
    out->push_back(c);
  }
  out->push_back('`');
}

void AppendQuoted(std::string_view text, Dialect dialect, std::string* out) {
  out->push_back('\'');
  for (char c : text) {
    if (dialect == Dialect::kHive) {
      if (c == '\\' || c == '\'') out->push_back('\\');
    } else if (c == '\'') {
      out->push_back('\'');
    }
    out->push_back(c);
  }
  out->push_back('\'');
}

void AppendLiteral(const Literal& l, Dialect dialect, std::string* out) {
  switch (l.kind) {
    case Literal::Kind::kString:
      AppendQuoted(l.text, dialect, out);
      return;
    case Literal::Kind::kNumber:
      out->append(l.text);
      return;
    case Literal::Kind::kDate:
      out->append("DATE ");
      AppendQuoted(l.text, dialect, out);
      return;
    case Literal::Kind::kTimestamp:
      out->append("TIMESTAMP ");
      AppendQuoted(l.text, dialect, out);
      return;
    case Literal::Kind::kBoolean:
      out->append(l.text == "true" ? "TRUE" : "FALSE");
      return;
  }
}

void AppendList(const std::vector<Literal>& ls, size_t from, size_t count, Dialect dialect,
                std::string* out) {
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) out->append(", ");
    AppendLiteral(ls[from + i], dialect, out);
  }
}

void AppendExpr(const Expr& e, Dialect dialect, std::string* out) {
  switch (e.kind) {
    case Expr::Kind::kTrue:
      return;
    case Expr::Kind::kAnd:
    case Expr::Kind::kOr: {
      const char* sep = e.kind == Expr::Kind::kAnd ? " AND " : " OR ";
      for (size_t i = 0; i < e.children.size(); ++i) {
        if (i > 0) out->append(sep);
        const Expr& c = e.children[i];
        // Only an OR under an AND needs parentheses; nested same-kind nodes
        // do not occur in normal form, and NOT binds tighter than both.
        const bool parens = c.kind == Expr::Kind::kOr || c.kind == Expr::Kind::kAnd;
        if (parens) out->push_back('(');
        AppendExpr(c, dialect, out);
        if (parens) out->push_back(')');
      }
      return;
    }
    case Expr::Kind::kNot:
      out->append("NOT (");
      AppendExpr(e.children[0], dialect, out);
      out->push_back(')');
      return;
    case Expr::Kind::kCompare:
      AppendKey(e.keys[0], out);
      out->push_back(' ');
      out->append(CompareOpText(e.op));
      out->push_back(' ');
      AppendLiteral(e.literals[0], dialect, out);
      return;
    case Expr::Kind::kBetween:
      AppendKey(e.keys[0], out);
      out->append(e.negated ? " NOT BETWEEN " : " BETWEEN ");
      AppendLiteral(e.literals[0], dialect, out);
      out->append(" AND ");
      AppendLiteral(e.literals[1], dialect, out);
      return;
    case Expr::Kind::kIn:
      if (e.keys.size() == 1) {
        AppendKey(e.keys[0], out);
        out->append(e.negated ? " NOT IN (" : " IN (");
        AppendList(e.literals, 0, e.literals.size(), dialect, out);
        out->push_back(')');
        return;
      }
      out->append("(STRUCT(");
      for (size_t i = 0; i < e.keys.size(); ++i) {
        if (i > 0) out->append(", ");
        AppendKey(e.keys[i], out);
      }
      out->append(e.negated ? ")) NOT IN (" : ")) IN (");
      for (size_t row = 0; row * e.keys.size() < e.literals.size(); ++row) {
        if (row > 0) out->append(", ");
        out->append("CONST STRUCT(");
        AppendList(e.literals, row * e.keys.size(), e.keys.size(), dialect, out);
        out->push_back(')');
      }
      out->push_back(')');
      return;
    case Expr::Kind::kLike:
      AppendKey(e.keys[0], out);
      out->append(e.negated ? " NOT LIKE " : " LIKE ");
      AppendLiteral(e.literals[0], dialect, out);
      if (!e.escape.empty()) {
        out->append(" ESCAPE ");
        AppendQuoted(e.escape, dialect, out);
      }
      return;
    case Expr::Kind::kIsNull:
      AppendKey(e.keys[0], out);
      out->append(e.negated ? " IS NOT NULL" : " IS NULL");
      return;
  }
}

}  // namespace

const char* CompareOpText(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "=";
    case CompareOp::kNe:
      return "<>";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
    case CompareOp::kNullSafeEq:
      return "<=>";
  }
  return "?";
}

bool Equals(const Literal& a, const Literal& b) { return a.kind == b.kind && a.text == b.text; }

bool Equals(const Expr& a, const Expr& b) {
  if (a.kind != b.kind || a.negated != b.negated || a.keys != b.keys || a.escape != b.escape ||
      a.literals.size() != b.literals.size() || a.children.size() != b.children.size()) {
    return false;
  }
  if (a.kind == Expr::Kind::kCompare && a.op != b.op) return false;
  for (size_t i = 0; i < a.literals.size(); ++i) {
    if (!Equals(a.literals[i], b.literals[i])) return false;
  }
  for (size_t i = 0; i < a.children.size(); ++i) {
    if (!Equals(a.children[i], b.children[i])) return false;
  }
  return true;
}

std::string ToString(const Expr& expr, Dialect dialect) {
  std::string out;
  AppendExpr(expr, dialect, &out);
  return out;
}

std::string ToString(const Literal& literal, Dialect dialect) {
  std::string out;
  AppendLiteral(literal, dialect, &out);
  return out;
}

}  // namespace almanac::predicate
