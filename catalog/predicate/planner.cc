#include "catalog/predicate/planner.h"

#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/predicate/lexer.h"
#include "common/absl_view.h"
#include "re2/re2.h"

namespace almanac::predicate {

using model::KeyCategory;
using storage::PartitionFilter;
using Node = BoundPredicate::Node;
using Op = PartitionFilter::Op;

namespace {

bool StoredAsDouble(KeyCategory c) {
  return c == KeyCategory::kFloating || c == KeyCategory::kDecimal;
}

model::KeyValue Encode(KeyCategory c, const BoundPredicate::Value& v) {
  switch (c) {
    case KeyCategory::kString:
    case KeyCategory::kOther:
      return v.text;
    case KeyCategory::kFloating:
    case KeyCategory::kDecimal:
      return v.d;
    default:
      return v.i;
  }
}

// Text with a NUL byte is not compared reliably by SQLite; leave it to the
// evaluator.
bool Pushable(KeyCategory c, const BoundPredicate::Value& v) {
  return !((c == KeyCategory::kString || c == KeyCategory::kOther) &&
           v.text.find('\0') != std::string::npos);
}

PartitionFilter Simplify(PartitionFilter::Kind kind, std::vector<PartitionFilter> in) {
  const bool is_and = kind == PartitionFilter::Kind::kAnd;
  const auto absorbing = is_and ? PartitionFilter::Kind::kFalse : PartitionFilter::Kind::kTrue;
  const auto neutral = is_and ? PartitionFilter::Kind::kTrue : PartitionFilter::Kind::kFalse;
  std::vector<PartitionFilter> out;
  for (PartitionFilter& f : in) {
    if (f.kind == absorbing) return f;
    if (f.kind == neutral) continue;
    if (f.kind == kind) {
      for (PartitionFilter& c : f.children) out.push_back(std::move(c));
    } else {
      out.push_back(std::move(f));
    }
  }
  if (out.empty()) return is_and ? PartitionFilter::True() : PartitionFilter::False();
  if (out.size() == 1) return std::move(out[0]);
  return is_and ? PartitionFilter::And(std::move(out)) : PartitionFilter::Or(std::move(out));
}

Op ToStorageOp(CompareOp op) {
  switch (op) {
    case CompareOp::kNe:
      return Op::kNe;
    case CompareOp::kLt:
      return Op::kLt;
    case CompareOp::kLe:
      return Op::kLe;
    case CompareOp::kGt:
      return Op::kGt;
    case CompareOp::kGe:
      return Op::kGe;
    default:
      return Op::kEq;
  }
}

CompareOp Complement(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
    case CompareOp::kNullSafeEq:
      return CompareOp::kNe;
    case CompareOp::kNe:
      return CompareOp::kEq;
    case CompareOp::kLt:
      return CompareOp::kGe;
    case CompareOp::kLe:
      return CompareOp::kGt;
    case CompareOp::kGt:
      return CompareOp::kLe;
    case CompareOp::kGe:
      return CompareOp::kLt;
  }
  return op;
}

// A superset of the rows where "key op v" holds for a readable, non-null value.
PartitionFilter CompareFilter(const Node& n, CompareOp op, const BoundPredicate::Value& v) {
  if (!Pushable(n.category, v)) return PartitionFilter::True();
  if (StoredAsDouble(n.category)) {
    // Distinct decimals can round to one double; "<>" could drop a match.
    if (op == CompareOp::kNe && n.category == KeyCategory::kDecimal) {
      return PartitionFilter::True();
    }
    if (op == CompareOp::kLt) op = CompareOp::kLe;
    if (op == CompareOp::kGt) op = CompareOp::kGe;
  }
  return PartitionFilter::Compare(n.key, ToStorageOp(op), Encode(n.category, v));
}

PartitionFilter KeyFilter(int key, PartitionFilter::Kind kind) {
  PartitionFilter f;
  f.kind = kind;
  f.key_index = key;
  return f;
}

// The byte range [lo, hi] every match of a LIKE lies in; false when unknown.
bool LikeRange(const Node& n, std::string* lo, std::string* hi, bool* hi_inclusive) {
  if (n.regex != nullptr) {
    if (!n.regex->PossibleMatchRange(lo, hi, 64) || lo->empty()) return false;
    *hi_inclusive = true;
  } else {
    lo->clear();
    for (int16_t b : n.sql_pattern) {
      if (b < 0) break;
      lo->push_back(static_cast<char>(b));
    }
    if (lo->empty()) return false;
    // Strings starting with lo sort before lo with its last byte (below
    // 0xff) incremented; with no such byte there is no upper bound.
    *hi = *lo;
    while (!hi->empty() && static_cast<unsigned char>(hi->back()) == 0xff) hi->pop_back();
    if (!hi->empty()) hi->back() = static_cast<char>(static_cast<unsigned char>(hi->back()) + 1);
    *hi_inclusive = false;
  }
  return lo->find('\0') == std::string::npos && hi->find('\0') == std::string::npos;
}

// Pos(n): a superset of the rows where n is TRUE. Neg(n): a superset of the
// rows where n is FALSE (so NOT n is TRUE).
PartitionFilter Lower(const Node& n, bool positive) {
  switch (n.kind) {
    case Node::Kind::kTrue:
      return positive ? PartitionFilter::True() : PartitionFilter::False();
    case Node::Kind::kAnd:
    case Node::Kind::kOr: {
      std::vector<PartitionFilter> cs;
      for (const Node& c : n.children) cs.push_back(Lower(c, positive));
      const bool conj = (n.kind == Node::Kind::kAnd) == positive;
      return Simplify(conj ? PartitionFilter::Kind::kAnd : PartitionFilter::Kind::kOr,
                      std::move(cs));
    }
    case Node::Kind::kNot:
      return Lower(n.children[0], !positive);
    default:
      break;
  }
  if (n.key < 0 || n.key >= storage::kMaxTypedKeys) return PartitionFilter::True();
  switch (n.kind) {
    case Node::Kind::kIsNull:
      return KeyFilter(n.key, positive ? PartitionFilter::Kind::kIsNull
                                       : PartitionFilter::Kind::kIsNotNull);
    case Node::Kind::kCompare:
      return CompareFilter(n, positive ? n.op : Complement(n.op), n.values[0]);
    case Node::Kind::kNullSafeEq:
      if (positive) return CompareFilter(n, CompareOp::kEq, n.values[0]);
      return Simplify(PartitionFilter::Kind::kOr,
                      {KeyFilter(n.key, PartitionFilter::Kind::kIsNull),
                       CompareFilter(n, CompareOp::kNe, n.values[0])});
    case Node::Kind::kBetween:
      if (positive) {
        return Simplify(PartitionFilter::Kind::kAnd,
                        {CompareFilter(n, CompareOp::kGe, n.values[0]),
                         CompareFilter(n, CompareOp::kLe, n.values[1])});
      }
      return Simplify(PartitionFilter::Kind::kOr,
                      {CompareFilter(n, CompareOp::kLt, n.values[0]),
                       CompareFilter(n, CompareOp::kGt, n.values[1])});
    case Node::Kind::kIn: {
      if (positive) {
        std::vector<model::KeyValue> vs;
        for (const auto& v : n.values) {
          if (!Pushable(n.category, v)) return PartitionFilter::True();
          vs.push_back(Encode(n.category, v));
        }
        return PartitionFilter::In(n.key, std::move(vs));
      }
      std::vector<PartitionFilter> cs;
      for (const auto& v : n.values) cs.push_back(CompareFilter(n, CompareOp::kNe, v));
      return Simplify(PartitionFilter::Kind::kAnd, std::move(cs));
    }
    case Node::Kind::kLike: {
      std::string lo, hi;
      bool hi_inclusive = false;
      if (!positive || !LikeRange(n, &lo, &hi, &hi_inclusive)) return PartitionFilter::True();
      std::vector<PartitionFilter> cs;
      cs.push_back(PartitionFilter::Compare(n.key, Op::kGe, lo));
      if (!hi.empty()) {
        cs.push_back(PartitionFilter::Compare(n.key, hi_inclusive ? Op::kLe : Op::kLt, hi));
      }
      return Simplify(PartitionFilter::Kind::kAnd, std::move(cs));
    }
    default:
      return PartitionFilter::True();
  }
}

// Whether a top-level conjunct lowers to a filter storage can seek an index
// on: a comparison other than <>, BETWEEN, an IN list (one seek per value)
// or a LIKE with a literal prefix (a range). An IN or LIKE that Lower() could
// not push leaves nothing to seek on, so it does not count.
bool BoundsKey(const Node& n) {
  switch (n.kind) {
    case Node::Kind::kCompare:
      return n.op != CompareOp::kNe;
    case Node::Kind::kBetween:
      return true;
    case Node::Kind::kIn:
      if (n.values.empty()) return false;
      for (const auto& v : n.values) {
        if (!Pushable(n.category, v)) return false;
      }
      return true;
    case Node::Kind::kLike: {
      std::string lo, hi;
      bool hi_inclusive = false;
      return LikeRange(n, &lo, &hi, &hi_inclusive);
    }
    default:
      return false;
  }
}

void CollectKeys(const PartitionFilter& f, std::set<int>* keys) {
  switch (f.kind) {
    case PartitionFilter::Kind::kAnd:
    case PartitionFilter::Kind::kOr:
      for (const auto& c : f.children) CollectKeys(c, keys);
      return;
    case PartitionFilter::Kind::kTrue:
    case PartitionFilter::Kind::kFalse:
      return;
    default:
      keys->insert(f.key_index);
  }
}

std::string DescribeValue(const model::KeyValue& v) {
  if (std::holds_alternative<std::monostate>(v)) return "NULL";
  if (const auto* i = std::get_if<int64_t>(&v)) return absl::StrCat(*i);
  if (const auto* d = std::get_if<double>(&v)) return absl::StrCat(*d);
  return QuoteForMessage(std::get<std::string>(v));
}

const char* OpText(Op op) {
  switch (op) {
    case Op::kEq:
      return "=";
    case Op::kNe:
      return "<>";
    case Op::kLt:
      return "<";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    case Op::kGe:
      return ">=";
  }
  return "?";
}

}  // namespace

std::string DescribeFilter(const PartitionFilter& f, const std::vector<PartitionKey>& keys) {
  auto key = [&](int i) {
    return i >= 0 && static_cast<size_t>(i) < keys.size() ? keys[i].name
                                                          : absl::StrCat("#", i);
  };
  switch (f.kind) {
    case PartitionFilter::Kind::kTrue:
      return "true";
    case PartitionFilter::Kind::kFalse:
      return "false";
    case PartitionFilter::Kind::kAnd:
    case PartitionFilter::Kind::kOr: {
      std::vector<std::string> parts;
      for (const auto& c : f.children) parts.push_back(DescribeFilter(c, keys));
      return absl::StrCat(
          "(", absl::StrJoin(parts, f.kind == PartitionFilter::Kind::kAnd ? " AND " : " OR "),
          ")");
    }
    case PartitionFilter::Kind::kCompare:
      return absl::StrCat(key(f.key_index), " ", OpText(f.op), " ", DescribeValue(f.value));
    case PartitionFilter::Kind::kIn: {
      std::vector<std::string> vs;
      for (const auto& v : f.values) vs.push_back(DescribeValue(v));
      return absl::StrCat(key(f.key_index), " IN (", absl::StrJoin(vs, ", "), ")");
    }
    case PartitionFilter::Kind::kIsNull:
      return absl::StrCat(key(f.key_index), " IS NULL");
    case PartitionFilter::Kind::kIsNotNull:
      return absl::StrCat(key(f.key_index), " IS NOT NULL");
  }
  return "?";
}

Plan PlanPartitionFilter(const BoundPredicate& predicate) {
  Plan plan;
  plan.filter = Lower(predicate.root(), /*positive=*/true);
  std::set<int> keys;
  CollectKeys(plan.filter, &keys);
  for (int k : keys) plan.constrained_keys.push_back(predicate.keys()[k].name);
  if (plan.filter.kind == PartitionFilter::Kind::kTrue) {
    plan.description = "no storage filter; every partition checked against the predicate";
  } else {
    plan.description =
        absl::StrCat("storage filter: ", DescribeFilter(plan.filter, predicate.keys()),
                     "; candidates re-checked against the full predicate");
  }
  return plan;
}

IndexChoice ChoosePartitionIndex(const BoundPredicate& predicate,
                                 absl::Span<const model::PartitionIndex> indexes) {
  const Node& root = predicate.root();
  std::vector<const Node*> conjuncts;
  if (root.kind == Node::Kind::kAnd) {
    for (const Node& c : root.children) conjuncts.push_back(&c);
  } else {
    conjuncts.push_back(&root);
  }
  std::set<int> constrained;
  for (const Node* c : conjuncts) {
    if (BoundsKey(*c)) constrained.insert(c->key);
  }
  auto is_constrained = [&](const std::string& name) {
    const auto& keys = predicate.keys();
    for (size_t i = 0; i < keys.size(); ++i) {
      if (absl::EqualsIgnoreCase(AbslView(keys[i].name), AbslView(name)))
        return constrained.count(i) > 0;
    }
    return false;
  };
  IndexChoice best;
  for (size_t i = 0; i < indexes.size(); ++i) {
    const auto& index = indexes[i];
    if (!index.state.empty() && index.state != "ACTIVE") continue;
    int prefix = 0;
    while (static_cast<size_t>(prefix) < index.keys.size() && is_constrained(index.keys[prefix])) {
      ++prefix;
    }
    if (prefix > best.usable_keys) {
      best.index = static_cast<int>(i);
      best.usable_keys = prefix;
    }
  }
  return best;
}

}  // namespace almanac::predicate
