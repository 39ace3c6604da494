#include "storage/sqlite/filter_sql.h"

#include <utility>

#include "storage/sqlite/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"

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
  if (!hint.empty() && path.index == nullptr) {
    return absl::NotFoundError(
        StrCat("partition index '", hint, "' not found on table '", table, "'"));
  }
  if (path.index == nullptr) {
    path.plan = "name order of the table (no partition index bounds the filter)";
    return path;
  }
  ASSIGN_OR_RETURN(path.seek, SeekFragment(*path.index, conjuncts, key_count));
  path.plan = StrCat("partition index '", path.index->name, "' over (",
                           absl::StrJoin(path.index->keys, ", "), "), ", best_bounded,
                           " leading key(s) bounded, then sorted by name");
  return path;
}

}  // namespace almanac::storage::sqlite
