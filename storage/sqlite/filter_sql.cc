#include "storage/sqlite/filter_sql.h"

#include <algorithm>
#include <string>
#include <utility>
#include <variant>

#include "storage/sqlite/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "storage/partitions.h"

namespace almanac::storage::sqlite {
namespace {

constexpr int kMaxDepth = 200;
constexpr size_t kMaxValues = 30000;

const char* OpText(PartitionFilter::Op op) {
  switch (op) {
    case PartitionFilter::Op::kEq:
      return " = ";
    case PartitionFilter::Op::kNe:
      return " <> ";
    case PartitionFilter::Op::kLt:
      return " < ";
    case PartitionFilter::Op::kLe:
      return " <= ";
    case PartitionFilter::Op::kGt:
      return " > ";
    case PartitionFilter::Op::kGe:
      return " >= ";
  }
  return " = ";
}

class Renderer {
 public:
  explicit Renderer(int key_count) : key_count_(key_count) {}

  absl::Status Render(const PartitionFilter& f, int depth, SqlFragment* out) {
    if (depth > kMaxDepth) {
      return absl::InvalidArgumentError("partition filter is nested too deeply");
    }
    switch (f.kind) {
      case PartitionFilter::Kind::kTrue:
        out->sql += "1";
        return absl::OkStatus();
      case PartitionFilter::Kind::kFalse:
        out->sql += "0";
        return absl::OkStatus();
      case PartitionFilter::Kind::kAnd:
      case PartitionFilter::Kind::kOr: {
        const bool is_and = f.kind == PartitionFilter::Kind::kAnd;
        if (f.children.empty()) {
          out->sql += is_and ? "1" : "0";
          return absl::OkStatus();
        }
        out->sql += "(";
        for (size_t i = 0; i < f.children.size(); ++i) {
          if (i > 0) out->sql += is_and ? " AND " : " OR ";
          RETURN_IF_ERROR(Render(f.children[i], depth + 1, out));
        }
        out->sql += ")";
        return absl::OkStatus();
      }
      case PartitionFilter::Kind::kCompare:
        RETURN_IF_ERROR(CheckKey(f.key_index));
        RETURN_IF_ERROR(CountValues(1));
        absl::StrAppend(&out->sql, "p.k", f.key_index, OpText(f.op), "?");
        out->params.push_back(f.value);
        return absl::OkStatus();
      case PartitionFilter::Kind::kIn: {
        RETURN_IF_ERROR(CheckKey(f.key_index));
        if (f.values.empty()) {
          out->sql += "0";
          return absl::OkStatus();
        }
        RETURN_IF_ERROR(CountValues(f.values.size()));
        absl::StrAppend(&out->sql, "p.k", f.key_index, " IN (");
        for (size_t i = 0; i < f.values.size(); ++i) {
          out->sql += i == 0 ? "?" : ", ?";
          out->params.push_back(f.values[i]);
        }
        out->sql += ")";
        return absl::OkStatus();
      }
      case PartitionFilter::Kind::kIsNull:
        RETURN_IF_ERROR(CheckKey(f.key_index));
        absl::StrAppend(&out->sql, "p.k", f.key_index, " IS NULL");
        return absl::OkStatus();
      case PartitionFilter::Kind::kIsNotNull:
        RETURN_IF_ERROR(CheckKey(f.key_index));
        absl::StrAppend(&out->sql, "p.k", f.key_index, " IS NOT NULL");
        return absl::OkStatus();
    }
    return absl::InvalidArgumentError("partition filter has an unknown kind");
  }

 private:
  absl::Status CheckKey(int key) const {
    if (key < 0 || key >= kMaxTypedKeys) {
      return absl::InvalidArgumentError(StrCat(
          "partition filter names key ", key, "; only the first ", kMaxTypedKeys,
          " partition keys can be filtered in storage"));
    }
    if (key >= key_count_) {
      return absl::InvalidArgumentError(StrCat("partition filter names key ", key,
                                                     " but the table has ", key_count_,
                                                     " partition key(s)"));
    }
    return absl::OkStatus();
  }

  absl::Status CountValues(size_t n) {
    values_ += n;
    if (values_ > kMaxValues) {
      return absl::InvalidArgumentError(
          StrCat("partition filter has more than ", kMaxValues, " values"));
    }
    return absl::OkStatus();
  }

  int key_count_;
  size_t values_ = 0;
};

// Top-level conjuncts (the filter itself when it is not an AND).
std::vector<const PartitionFilter*> Conjuncts(const PartitionFilter& filter) {
  std::vector<const PartitionFilter*> out;
  if (filter.kind == PartitionFilter::Kind::kAnd) {
    for (const PartitionFilter& c : filter.children) out.push_back(&c);
  } else {
    out.push_back(&filter);
  }
  return out;
}

// An empty IN renders as the constant 0, which gives SQLite nothing to seek
// with (and a constant-false WHERE makes INDEXED BY fail), so it is no bound.
bool IsEquality(const PartitionFilter& f) {
  return (f.kind == PartitionFilter::Kind::kCompare && f.op == PartitionFilter::Op::kEq) ||
         (f.kind == PartitionFilter::Kind::kIn && !f.values.empty());
}
bool IsRange(const PartitionFilter& f) {
  return f.kind == PartitionFilter::Kind::kCompare && f.op != PartitionFilter::Op::kEq &&
         f.op != PartitionFilter::Op::kNe;
}

// Equality counts 2 per leading key, a range 1 and ends the prefix.
int Score(const IndexInfo& index, const std::vector<const PartitionFilter*>& conjuncts,
          int* bounded_keys) {
  int score = 0;
  *bounded_keys = 0;
  for (int pos : index.key_positions) {
    bool eq = false, range = false;
    for (const PartitionFilter* c : conjuncts) {
      if (c->key_index != pos) continue;
      eq |= IsEquality(*c);
      range |= IsRange(*c);
    }
    if (eq) {
      score += 2;
      ++*bounded_keys;
      continue;
    }
    if (range) {
      score += 1;
      ++*bounded_keys;
    }
    break;
  }
  return score;
}

absl::StatusOr<SqlFragment> SeekFragment(const IndexInfo& index,
                                         const std::vector<const PartitionFilter*>& conjuncts,
                                         int key_count) {
  SqlFragment seek;
  Renderer renderer(key_count);
  for (const PartitionFilter* c : conjuncts) {
    if (!IsEquality(*c) && !IsRange(*c)) continue;
    bool on_index = false;
    for (int pos : index.key_positions) on_index |= (pos == c->key_index);
    if (!on_index) continue;
    if (!seek.sql.empty()) seek.sql += " AND ";
    RETURN_IF_ERROR(renderer.Render(*c, 0, &seek));
  }
  if (seek.sql.empty()) seek.sql = "1";
  return seek;
}

}  // namespace

absl::StatusOr<SqlFragment> RenderFilter(const PartitionFilter& filter, int key_count) {
  SqlFragment out;
  Renderer renderer(key_count);
  RETURN_IF_ERROR(renderer.Render(filter, 0, &out));
  return out;
}

int BindParams(Statement& stmt, int first, const std::vector<model::KeyValue>& params) {
  int index = first;
  for (const model::KeyValue& v : params) {
    if (const auto* i = std::get_if<int64_t>(&v)) {
      stmt.BindInt(index, *i);
    } else if (const auto* d = std::get_if<double>(&v)) {
      stmt.BindDouble(index, *d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      stmt.BindText(index, *s);
    } else {
      stmt.BindNull(index);
    }
    ++index;
  }
  return index;
}

absl::StatusOr<AccessPath> ChooseAccessPath(const PartitionFilter& filter, int key_count,
                                            const std::vector<IndexInfo>& indexes,
                                            std::string_view hint, std::string_view table) {
  AccessPath path;
  path.seek.sql = "1";
  if (hint == "none") {
    path.plan = "name order of the table (index hint 'none')";
    return path;
  }
  const std::vector<const PartitionFilter*> conjuncts = Conjuncts(filter);
  int best_score = 0;
  int best_bounded = 0;
  for (const IndexInfo& index : indexes) {
    int bounded = 0;
    int score = Score(index, conjuncts, &bounded);
    if (!hint.empty()) {
      if (index.name != hint) continue;
      path.index = &index;
      best_bounded = bounded;
      break;
    }
    if (score > best_score) {
      best_score = score;
      best_bounded = bounded;
      path.index = &index;
    }
  }
  if (!hint.empty() && path.index == nullptr && hint != kLeadingKeysIndex) {
    return absl::NotFoundError(
        StrCat("partition index '", hint, "' not found on table '", table, "'"));
  }
  if (path.index != nullptr && path.index->built_in && best_bounded == 0) {
    // Named by the hint but of no use: a scan through it would read every
    // row in key order and then sort them by name.
    path.index = nullptr;
  }
  if (path.index == nullptr) {
    path.plan = "name order of the table (no partition index bounds the filter)";
    return path;
  }
  ASSIGN_OR_RETURN(path.seek, SeekFragment(*path.index, conjuncts, key_count));
  if (path.index->built_in) {
    path.plan = StrCat("built-in index on the leading keys (",
                       absl::StrJoin(path.index->keys, ", "), "), ", best_bounded,
                       " key(s) bounded");
  } else {
    path.plan = StrCat("partition index '", path.index->name, "' over (",
                       absl::StrJoin(path.index->keys, ", "), "), ", best_bounded,
                       " leading key(s) bounded");
  }
  return path;
}

std::optional<IndexInfo> LeadingKeysIndex(const std::vector<std::string>& key_names) {
  if (key_names.empty()) return std::nullopt;
  IndexInfo info{.name = kLeadingKeysIndex, .sql_name = "partitions_by_keys", .built_in = true};
  const int n = std::min<int>(kLeadingKeysIndexKeys, static_cast<int>(key_names.size()));
  for (int i = 0; i < n; ++i) {
    info.keys.push_back(key_names[i]);
    info.key_positions.push_back(i);
  }
  return info;
}

namespace {

// SQLite's storage classes in index order.
int Rank(const model::KeyValue& v) {
  if (std::holds_alternative<std::monostate>(v)) return 0;
  if (std::holds_alternative<std::string>(v)) return 2;
  return 1;
}

// Integers and reals compare by value; long double holds every int64 exactly.
long double Number(const model::KeyValue& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<long double>(*i);
  return static_cast<long double>(std::get<double>(v));
}

bool OnKey(const PartitionFilter& c, int position) {
  return c.key_index == position && (IsEquality(c) || IsRange(c));
}

// The fragment of positions [0, fixed) equal to `after`, then either
// `p.id > after.id` (fixed == key count) or key `fixed` above after's value.
// False when no row can satisfy it together with the filter's conjuncts.
absl::StatusOr<bool> RenderContinuation(const std::vector<const PartitionFilter*>& conjuncts,
                                        int key_count, const IndexInfo& index,
                                        const IndexPosition& after, size_t fixed,
                                        SqlFragment* out) {
  Renderer renderer(key_count);
  auto append = [&](const std::string& sql) {
    if (!out->sql.empty()) out->sql += " AND ";
    out->sql += sql;
  };
  for (size_t i = 0; i < fixed; ++i) {
    // IS: equal, or both NULL (the default partition).
    append(StrCat("p.k", index.key_positions[i], " IS ?"));
    out->params.push_back(after.keys[i]);
  }
  if (fixed == index.key_positions.size()) {
    append("p.id > ?");
    out->params.emplace_back(std::in_place_type<int64_t>, after.id);
    return true;
  }
  const int position = index.key_positions[fixed];
  const model::KeyValue& x = after.keys[fixed];
  if (std::holds_alternative<std::monostate>(x)) {
    // Everything not NULL sorts above NULL; SQLite seeks on IS NOT NULL.
    append(StrCat("p.k", position, " IS NOT NULL"));
  } else {
    append(StrCat("p.k", position, " > ?"));
    out->params.push_back(x);
  }
  for (const PartitionFilter* c : conjuncts) {
    if (!OnKey(*c, position)) continue;
    if (IsEquality(*c)) {
      // Keep only the values above x: the others lie at or before the position.
      std::vector<model::KeyValue> above;
      const std::vector<model::KeyValue> one = {c->value};
      for (const model::KeyValue& v : c->kind == PartitionFilter::Kind::kIn ? c->values : one) {
        if (CompareKeyValues(v, x) > 0) above.push_back(v);
      }
      if (above.empty()) return false;
      SqlFragment rendered;
      RETURN_IF_ERROR(renderer.Render(PartitionFilter::In(position, std::move(above)), 0,
                                      &rendered));
      append(rendered.sql);
      out->params.insert(out->params.end(), rendered.params.begin(), rendered.params.end());
    } else if (c->op == PartitionFilter::Op::kLt || c->op == PartitionFilter::Op::kLe) {
      SqlFragment rendered;
      RETURN_IF_ERROR(renderer.Render(*c, 0, &rendered));
      append(rendered.sql);
      out->params.insert(out->params.end(), rendered.params.begin(), rendered.params.end());
    }
    // Lower bounds: the position satisfied them, and the rows lie above it.
  }
  // Keys after this one are not fixed: their conjuncts apply as they are.
  for (size_t later = fixed + 1; later < index.key_positions.size(); ++later) {
    for (const PartitionFilter* c : conjuncts) {
      if (!OnKey(*c, index.key_positions[later])) continue;
      SqlFragment rendered;
      RETURN_IF_ERROR(renderer.Render(*c, 0, &rendered));
      append(rendered.sql);
      out->params.insert(out->params.end(), rendered.params.begin(), rendered.params.end());
    }
  }
  return true;
}

}  // namespace

int CompareKeyValues(const model::KeyValue& a, const model::KeyValue& b) {
  const int ra = Rank(a), rb = Rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra == 0) return 0;
  if (ra == 2) {
    // std::string compares bytes as unsigned char, as memcmp and BINARY do.
    const int c = std::get<std::string>(a).compare(std::get<std::string>(b));
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  const long double na = Number(a), nb = Number(b);
  return na < nb ? -1 : (na > nb ? 1 : 0);
}

bool FilterMatches(const PartitionFilter& filter, const std::vector<model::KeyValue>& keys) {
  using Kind = PartitionFilter::Kind;
  static const model::KeyValue kNull;
  const model::KeyValue& key =
      filter.key_index >= 0 && static_cast<size_t>(filter.key_index) < keys.size()
          ? keys[filter.key_index]
          : kNull;
  const bool key_null = std::holds_alternative<std::monostate>(key);
  switch (filter.kind) {
    case Kind::kTrue:
      return true;
    case Kind::kFalse:
      return false;
    case Kind::kAnd:
      for (const PartitionFilter& c : filter.children) {
        if (!FilterMatches(c, keys)) return false;
      }
      return true;
    case Kind::kOr:
      for (const PartitionFilter& c : filter.children) {
        if (FilterMatches(c, keys)) return true;
      }
      return false;
    case Kind::kIsNull:
      return key_null;
    case Kind::kIsNotNull:
      return !key_null;
    case Kind::kIn:
      if (key_null) return false;
      for (const model::KeyValue& v : filter.values) {
        if (!std::holds_alternative<std::monostate>(v) && CompareKeyValues(key, v) == 0) {
          return true;
        }
      }
      return false;
    case Kind::kCompare: {
      if (key_null || std::holds_alternative<std::monostate>(filter.value)) return false;
      const int c = CompareKeyValues(key, filter.value);
      switch (filter.op) {
        case PartitionFilter::Op::kEq:
          return c == 0;
        case PartitionFilter::Op::kNe:
          return c != 0;
        case PartitionFilter::Op::kLt:
          return c < 0;
        case PartitionFilter::Op::kLe:
          return c <= 0;
        case PartitionFilter::Op::kGt:
          return c > 0;
        case PartitionFilter::Op::kGe:
          return c >= 0;
      }
      return false;
    }
  }
  return false;
}

std::string IndexOrderBy(const IndexInfo& index) {
  std::string out;
  for (int position : index.key_positions) absl::StrAppend(&out, "p.k", position, ", ");
  out += "p.id";
  return out;
}

absl::StatusOr<std::vector<SqlFragment>> IndexContinuation(const PartitionFilter& filter,
                                                           int key_count,
                                                           const IndexInfo& index,
                                                           const IndexPosition& after) {
  if (after.keys.size() != index.key_positions.size()) {
    return absl::InvalidArgumentError(
        StrCat("scan position has ", after.keys.size(), " key(s) but partition index '",
               index.name, "' has ", index.key_positions.size()));
  }
  // Validates the whole filter once, as a scan without a position would.
  RETURN_IF_ERROR(RenderFilter(filter, key_count).status());
  const std::vector<const PartitionFilter*> conjuncts = Conjuncts(filter);
  std::vector<SqlFragment> out;
  // Deepest first: rows sharing every key with the position come next.
  for (size_t fixed = index.key_positions.size() + 1; fixed-- > 0;) {
    SqlFragment fragment;
    ASSIGN_OR_RETURN(bool possible,
                     RenderContinuation(conjuncts, key_count, index, after, fixed, &fragment));
    if (possible) out.push_back(std::move(fragment));
  }
  return out;
}

}  // namespace almanac::storage::sqlite
