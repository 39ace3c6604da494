#include "catalog/predicate/bound_predicate.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "catalog/model/candidates.h"
#include "catalog/model/partition.h"
#include "catalog/predicate/decimal.h"
#include "catalog/predicate/lexer.h"
#include "catalog/predicate/parser.h"
#include "common/absl_view.h"
#include "common/status_macros.h"
#include "re2/re2.h"

namespace almanac::predicate {

using model::KeyCategory;
using Node = BoundPredicate::Node;
using Value = BoundPredicate::Value;

namespace {

const char* CategoryName(KeyCategory c) {
  switch (c) {
    case KeyCategory::kString:
      return "string";
    case KeyCategory::kIntegral:
      return "integral";
    case KeyCategory::kFloating:
      return "floating-point";
    case KeyCategory::kDecimal:
      return "decimal";
    case KeyCategory::kDate:
      return "date";
    case KeyCategory::kTimestamp:
      return "timestamp";
    case KeyCategory::kBoolean:
      return "boolean";
    case KeyCategory::kOther:
      return "untyped";
  }
  return "?";
}

// ---------------------------------------------------------------------------
// Evaluation. Everything below runs per partition and must not allocate.

// A partition value read as its key's category.
struct Parsed {
  std::string_view text;
  int64_t i = 0;
  double d = 0;
  DecimalView dec;
};

enum class ReadResult { kNull, kUnreadable, kOk };

ReadResult ReadValue(KeyCategory cat, std::string_view text, Parsed* p) {
  if (text == model::kDefaultPartitionName) return ReadResult::kNull;
  p->text = text;
  bool ok = true;
  switch (cat) {
    case KeyCategory::kString:
    case KeyCategory::kOther:
      break;
    case KeyCategory::kIntegral:
      ok = model::TryParseIntegral(text, &p->i);
      break;
    case KeyCategory::kDate:
      ok = model::TryParseDateDays(text, &p->i);
      break;
    case KeyCategory::kTimestamp:
      ok = model::TryParseTimestampMicros(text, &p->i);
      break;
    case KeyCategory::kBoolean: {
      bool b = false;
      ok = model::TryParseBoolean(text, &b);
      p->i = b ? 1 : 0;
      break;
    }
    case KeyCategory::kFloating:
      ok = model::TryParseFloating(text, &p->d);
      break;
    case KeyCategory::kDecimal:
      // Readable exactly when storage could type it (a finite double), so
      // the pushed-down filter and this evaluator agree on which values are
      // typed; then compared exactly.
      ok = model::TryParseFloating(text, &p->d) && ParseDecimal(text, &p->dec);
      break;
  }
  return ok ? ReadResult::kOk : ReadResult::kUnreadable;
}

template <typename T>
int Cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int CompareTo(KeyCategory cat, const Parsed& p, const Value& v) {
  switch (cat) {
    case KeyCategory::kString:
    case KeyCategory::kOther:
      return Cmp(p.text, std::string_view(v.text));
    case KeyCategory::kIntegral:
    case KeyCategory::kDate:
    case KeyCategory::kTimestamp:
    case KeyCategory::kBoolean:
      return Cmp(p.i, v.i);
    case KeyCategory::kFloating:
      return Cmp(p.d, v.d);
    case KeyCategory::kDecimal:
      return CompareDecimal(p.dec, CanonicalDecimal(v.negative, v.text, v.point));
  }
  return 0;
}

bool ApplyOp(CompareOp op, int c) {
  switch (op) {
    case CompareOp::kEq:
    case CompareOp::kNullSafeEq:
      return c == 0;
    case CompareOp::kNe:
      return c != 0;
    case CompareOp::kLt:
      return c < 0;
    case CompareOp::kLe:
      return c <= 0;
    case CompareOp::kGt:
      return c > 0;
    case CompareOp::kGe:
      return c >= 0;
  }
  return false;
}

size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xF0 && lead <= 0xF7) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

// SQL LIKE with one backtracking point (the latest '%'): O(|text| x |pattern|).
bool SqlLikeMatch(const std::vector<int16_t>& pat, std::string_view text) {
  size_t p = 0, s = 0;
  size_t star_p = std::string_view::npos, star_s = 0;
  const size_t m = pat.size(), n = text.size();
  auto step = [&](size_t at) {
    return std::min(Utf8Length(static_cast<unsigned char>(text[at])), n - at);
  };
  while (s < n) {
    if (p < m && pat[p] == BoundPredicate::kAnyRun) {
      star_p = p++;
      star_s = s;
    } else if (p < m && pat[p] == BoundPredicate::kAnyChar) {
      s += step(s);
      ++p;
    } else if (p < m && pat[p] == static_cast<unsigned char>(text[s])) {
      ++s;
      ++p;
    } else if (star_p != std::string_view::npos) {
      p = star_p + 1;
      star_s += step(star_s);
      s = star_s;
    } else {
      return false;
    }
  }
  while (p < m && pat[p] == BoundPredicate::kAnyRun) ++p;
  return p == m;
}

Truth Not(Truth t) {
  return t == Truth::kTrue ? Truth::kFalse : t == Truth::kFalse ? Truth::kTrue : Truth::kUnknown;
}

template <typename Values>
Truth Eval(const Node& n, const Values& values) {
  switch (n.kind) {
    case Node::Kind::kTrue:
      return Truth::kTrue;
    case Node::Kind::kAnd:
    case Node::Kind::kOr: {
      const Truth decisive = n.kind == Node::Kind::kAnd ? Truth::kFalse : Truth::kTrue;
      bool unknown = false;
      for (const Node& c : n.children) {
        const Truth t = Eval(c, values);
        if (t == decisive) return decisive;
        unknown = unknown || t == Truth::kUnknown;
      }
      return unknown ? Truth::kUnknown : Not(decisive);
    }
    case Node::Kind::kNot:
      return Not(Eval(n.children[0], values));
    default:
      break;
  }
  const std::string_view text =
      static_cast<size_t>(n.key) < values.size() ? std::string_view(values[n.key])
                                                 : std::string_view(model::kDefaultPartitionName);
  Parsed p;
  const ReadResult r = ReadValue(n.category, text, &p);
  if (n.kind == Node::Kind::kIsNull) {
    return r == ReadResult::kNull ? Truth::kTrue : Truth::kFalse;
  }
  if (r == ReadResult::kNull) {
    return n.kind == Node::Kind::kNullSafeEq ? Truth::kFalse : Truth::kUnknown;
  }
  if (r == ReadResult::kUnreadable) return Truth::kUnknown;
  auto truth = [](bool b) { return b ? Truth::kTrue : Truth::kFalse; };
  switch (n.kind) {
    case Node::Kind::kCompare:
    case Node::Kind::kNullSafeEq:
      return truth(ApplyOp(n.op, CompareTo(n.category, p, n.values[0])));
    case Node::Kind::kBetween:
      return truth(CompareTo(n.category, p, n.values[0]) >= 0 &&
                   CompareTo(n.category, p, n.values[1]) <= 0);
    case Node::Kind::kIn:
      for (const Value& v : n.values) {
        if (CompareTo(n.category, p, v) == 0) return Truth::kTrue;
      }
      return Truth::kFalse;
    case Node::Kind::kLike:
      if (n.regex != nullptr) {
        return truth(re2::RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *n.regex));
      }
      return truth(SqlLikeMatch(n.sql_pattern, text));
    default:
      return Truth::kUnknown;
  }
}

}  // namespace

// ---------------------------------------------------------------------------
// Binding.

class Binder {
 public:
  Binder(Dialect dialect, const std::vector<PartitionKey>& keys) : dialect_(dialect), keys_(keys) {}

  absl::StatusOr<Node> Bind(const Expr& e) {
    Node n;
    switch (e.kind) {
      case Expr::Kind::kTrue:
        return n;
      case Expr::Kind::kAnd:
      case Expr::Kind::kOr:
      case Expr::Kind::kNot:
        n.kind = e.kind == Expr::Kind::kAnd  ? Node::Kind::kAnd
                 : e.kind == Expr::Kind::kOr ? Node::Kind::kOr
                                             : Node::Kind::kNot;
        for (const Expr& c : e.children) {
          ASSIGN_OR_RETURN(Node bc, Bind(c));
          n.children.push_back(std::move(bc));
        }
        return n;
      case Expr::Kind::kIn:
        if (e.keys.size() > 1) return BindStructIn(e);
        break;
      default:
        break;
    }
    RETURN_IF_ERROR(Resolve(e.keys[0], &n));
    switch (e.kind) {
      case Expr::Kind::kCompare:
        n.kind = e.op == CompareOp::kNullSafeEq ? Node::Kind::kNullSafeEq : Node::Kind::kCompare;
        n.op = e.op;
        break;
      case Expr::Kind::kBetween:
        n.kind = Node::Kind::kBetween;
        break;
      case Expr::Kind::kIn:
        n.kind = Node::Kind::kIn;
        break;
      case Expr::Kind::kIsNull:
        n.kind = Node::Kind::kIsNull;
        return Negate(std::move(n), e.negated);
      case Expr::Kind::kLike:
        RETURN_IF_ERROR(BindLike(e, &n));
        return Negate(std::move(n), e.negated);
      default:
        return absl::InternalError("unexpected predicate node");
    }
    for (const Literal& l : e.literals) {
      ASSIGN_OR_RETURN(Value v, Convert(l, n.key, n.category));
      n.values.push_back(std::move(v));
    }
    return Negate(std::move(n), e.negated);
  }

 private:
  static Node Negate(Node n, bool negated) {
    if (!negated) return n;
    Node out;
    out.kind = Node::Kind::kNot;
    out.children.push_back(std::move(n));
    return out;
  }

  absl::Status Resolve(const std::string& name, Node* n) {
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (absl::EqualsIgnoreCase(AbslView(keys_[i].name), AbslView(name))) {
        n->key = static_cast<int>(i);
        n->category = model::CategoryOf(keys_[i].type);
        return absl::OkStatus();
      }
    }
    std::vector<std::string> names;
    for (const PartitionKey& key : keys_) names.push_back(key.name);
    return absl::InvalidArgumentError(absl::StrCat("unknown partition key ", QuoteForMessage(name),
                                                   " ", model::CandidateList("keys", name, names)));
  }

  absl::StatusOr<Value> Convert(const Literal& l, int key, KeyCategory cat) {
    Value v;
    absl::Status s;
    switch (cat) {
      case KeyCategory::kString:
      case KeyCategory::kOther:
        v.text = l.text;
        return v;
      case KeyCategory::kIntegral: {
        auto r = model::ParseIntegral(l.text);
        if (r.ok()) v.i = *r;
        s = r.status();
        break;
      }
      case KeyCategory::kDate: {
        auto r = model::ParseDateDays(l.text);
        if (r.ok()) v.i = *r;
        s = r.status();
        break;
      }
      case KeyCategory::kTimestamp: {
        auto r = model::ParseTimestampMicros(l.text);
        if (r.ok()) v.i = *r;
        s = r.status();
        break;
      }
      case KeyCategory::kBoolean: {
        auto r = model::ParseBoolean(l.text);
        if (r.ok()) v.i = *r ? 1 : 0;
        s = r.status();
        break;
      }
      case KeyCategory::kFloating:
      case KeyCategory::kDecimal: {
        auto r = model::ParseFloating(l.text);
        if (r.ok()) {
          v.d = *r;
          DecimalView dec;
          ParseDecimal(l.text, &dec);  // same grammar as ParseFloating
          v.negative = dec.negative;
          v.point = dec.point;
          v.text = SignificantDigits(dec);
        }
        s = r.status();
        break;
      }
    }
    if (!s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(s.message(), " for key '", keys_[key].name, "'"));
    }
    return v;
  }

  absl::Status BindLike(const Expr& e, Node* n) {
    n->kind = Node::Kind::kLike;
    const std::string& key = keys_[n->key].name;
    if (n->category != KeyCategory::kString && n->category != KeyCategory::kOther) {
      return absl::InvalidArgumentError(absl::StrCat("LIKE is not supported on ",
                                                     CategoryName(n->category), " key '", key,
                                                     "'"));
    }
    const std::string& pattern = e.literals[0].text;
    if (pattern.size() > kMaxLikePatternBytes) {
      return absl::InvalidArgumentError(absl::StrCat("LIKE pattern for key '", key, "' is ",
                                                     pattern.size(),
                                                     " bytes long; the limit is ",
                                                     kMaxLikePatternBytes, " bytes"));
    }
    n->pattern = pattern;
    if (dialect_ == Dialect::kHive) {
      re2::RE2::Options options;
      options.set_log_errors(false);
      options.set_max_mem(4 << 20);
      auto re = std::make_shared<re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()),
                                           options);
      if (!re->ok()) {
        return absl::InvalidArgumentError(absl::StrCat("invalid LIKE pattern ",
                                                       QuoteForMessage(pattern), " for key '",
                                                       key, "': ", re->error()));
      }
      n->regex = std::move(re);
      return absl::OkStatus();
    }
    const bool explicit_escape = !e.escape.empty();
    const char esc = explicit_escape ? e.escape[0] : '\\';
    n->escape = std::string(1, esc);
    for (size_t i = 0; i < pattern.size(); ++i) {
      const char c = pattern[i];
      if (c == esc) {
        const bool special = i + 1 < pattern.size() &&
                             (pattern[i + 1] == '%' || pattern[i + 1] == '_' ||
                              pattern[i + 1] == esc);
        if (special) {
          n->sql_pattern.push_back(static_cast<unsigned char>(pattern[++i]));
          continue;
        }
        if (explicit_escape) {
          return absl::InvalidArgumentError(absl::StrCat(
              "LIKE pattern ", QuoteForMessage(pattern), " for key '", key,
              "' has an escape character not followed by '%', '_' or itself"));
        }
        // The default escape before anything else is just a backslash.
        n->sql_pattern.push_back(static_cast<unsigned char>(c));
      } else if (c == '%') {
        if (n->sql_pattern.empty() || n->sql_pattern.back() != BoundPredicate::kAnyRun) {
          n->sql_pattern.push_back(BoundPredicate::kAnyRun);
        }
      } else if (c == '_') {
        n->sql_pattern.push_back(BoundPredicate::kAnyChar);
      } else {
        n->sql_pattern.push_back(static_cast<unsigned char>(c));
      }
    }
    return absl::OkStatus();
  }

  // (STRUCT(a, b)) IN (rows): OR over rows of a = x AND b = y.
  absl::StatusOr<Node> BindStructIn(const Expr& e) {
    const size_t width = e.keys.size();
    std::vector<Node> resolved(width);
    for (size_t k = 0; k < width; ++k) RETURN_IF_ERROR(Resolve(e.keys[k], &resolved[k]));
    Node any;
    any.kind = Node::Kind::kOr;
    for (size_t row = 0; row * width < e.literals.size(); ++row) {
      Node all;
      all.kind = Node::Kind::kAnd;
      for (size_t k = 0; k < width; ++k) {
        Node eq = resolved[k];
        eq.kind = Node::Kind::kCompare;
        eq.op = CompareOp::kEq;
        ASSIGN_OR_RETURN(Value v, Convert(e.literals[row * width + k], eq.key, eq.category));
        eq.values.push_back(std::move(v));
        all.children.push_back(std::move(eq));
      }
      any.children.push_back(std::move(all));
    }
    return Negate(std::move(any), e.negated);
  }

  Dialect dialect_;
  const std::vector<PartitionKey>& keys_;
};

absl::StatusOr<BoundPredicate> BoundPredicate::Bind(const Expr& expr, Dialect dialect,
                                                    std::vector<PartitionKey> keys) {
  BoundPredicate out;
  out.keys_ = std::move(keys);
  out.dialect_ = dialect;
  Binder binder(dialect, out.keys_);
  ASSIGN_OR_RETURN(out.root_, binder.Bind(expr));
  return out;
}

Truth BoundPredicate::Evaluate(absl::Span<const std::string> values) const {
  return Eval(root_, values);
}

Truth BoundPredicate::Evaluate(absl::Span<const std::string_view> values) const {
  return Eval(root_, values);
}

absl::StatusOr<BoundPredicate> ParseAndBind(std::string_view text, Dialect dialect,
                                            std::vector<PartitionKey> keys) {
  ASSIGN_OR_RETURN(Expr e, Parse(text, dialect));
  return BoundPredicate::Bind(e, dialect, std::move(keys));
}

}  // namespace almanac::predicate
