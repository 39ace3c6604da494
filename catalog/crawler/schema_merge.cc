#include "catalog/crawler/schema_merge.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/model/hive_type.h"

namespace almanac::crawler {
namespace {

using model::HiveType;
using model::TypeKind;

int IntegerRank(TypeKind k) {
  switch (k) {
    case TypeKind::kTinyint: return 1;
    case TypeKind::kSmallint: return 2;
    case TypeKind::kInt: return 3;
    case TypeKind::kBigint: return 4;
    default: return 0;
  }
}

bool IsFloating(TypeKind k) { return k == TypeKind::kFloat || k == TypeKind::kDouble; }
bool IsText(TypeKind k) {
  return k == TypeKind::kString || k == TypeKind::kChar || k == TypeKind::kVarchar;
}

std::string Merge(const HiveType& a, const HiveType& b, bool* lossy);

std::string MergeStructs(const HiveType& a, const HiveType& b, bool* lossy) {
  // Field by field, by name (case-insensitive), first-seen order.
  std::vector<std::pair<std::string, std::string>> fields;
  absl::flat_hash_map<std::string, size_t> index;
  auto add = [&](const HiveType& s) {
    for (size_t i = 0; i < s.children().size(); ++i) {
      const std::string key = absl::AsciiStrToLower(s.field_names()[i]);
      auto it = index.find(key);
      if (it == index.end()) {
        index[key] = fields.size();
        fields.emplace_back(s.field_names()[i], s.children()[i].ToString());
      } else {
        auto merged = HiveType::Parse(fields[it->second].second);
        fields[it->second].second =
            merged.ok() ? Merge(*merged, s.children()[i], lossy) : std::string("string");
      }
    }
  };
  add(a);
  add(b);
  return absl::StrCat("struct<",
                      absl::StrJoin(fields, ",",
                                    [](std::string* out, const auto& f) {
                                      absl::StrAppend(out, f.first, ":", f.second);
                                    }),
                      ">");
}

std::string Merge(const HiveType& a, const HiveType& b, bool* lossy) {
  if (a == b) return a.ToString();
  const TypeKind ka = a.kind(), kb = b.kind();
  if (ka == TypeKind::kVoid) return b.ToString();
  if (kb == TypeKind::kVoid) return a.ToString();
  const int ra = IntegerRank(ka), rb = IntegerRank(kb);
  if (ra > 0 && rb > 0) return (ra >= rb ? a : b).ToString();
  if ((ra > 0 || IsFloating(ka)) && (rb > 0 || IsFloating(kb))) {
    if (ka == TypeKind::kFloat && kb == TypeKind::kFloat) return "float";
    return "double";
  }
  if (ka == TypeKind::kDecimal && kb == TypeKind::kDecimal) {
    const int scale = std::max(a.scale(), b.scale());
    const int digits = std::max(a.precision() - a.scale(), b.precision() - b.scale());
    const int precision = std::min(38, digits + scale);
    return absl::StrCat("decimal(", precision, ",", std::min(scale, precision), ")");
  }
  if ((ka == TypeKind::kDecimal && (ra > 0 || rb > 0)) ||
      (kb == TypeKind::kDecimal && (ra > 0 || rb > 0))) {
    return (ka == TypeKind::kDecimal ? a : b).ToString();
  }
  if ((ka == TypeKind::kDecimal && IsFloating(kb)) || (kb == TypeKind::kDecimal && IsFloating(ka))) {
    return "double";
  }
  if ((ka == TypeKind::kDate && kb == TypeKind::kTimestamp) ||
      (ka == TypeKind::kTimestamp && kb == TypeKind::kDate)) {
    return "timestamp";
  }
  if (IsText(ka) && IsText(kb)) return "string";
  if (ka == TypeKind::kStruct && kb == TypeKind::kStruct) return MergeStructs(a, b, lossy);
  if (ka == TypeKind::kArray && kb == TypeKind::kArray) {
    return absl::StrCat("array<", Merge(a.children()[0], b.children()[0], lossy), ">");
  }
  if (ka == TypeKind::kMap && kb == TypeKind::kMap) {
    return absl::StrCat("map<", Merge(a.children()[0], b.children()[0], lossy), ",",
                        Merge(a.children()[1], b.children()[1], lossy), ">");
  }
  *lossy = true;
  return "string";
}

}  // namespace

std::string MergeTypes(const std::string& a, const std::string& b, bool* lossy) {
  if (a == b) return a;
  auto ta = HiveType::Parse(a);
  auto tb = HiveType::Parse(b);
  if (!ta.ok() || !tb.ok()) {
    *lossy = true;
    return "string";
  }
  std::string merged = Merge(*ta, *tb, lossy);
  // Re-normalise what was assembled as text (struct<...> built above).
  auto normal = model::NormalizeTypeString(merged);
  return normal.ok() ? *normal : merged;
}

MergeResult MergeColumns(const std::vector<model::Column>& base,
                         const std::vector<model::Column>& incoming) {
  MergeResult out;
  out.columns = base;
  absl::flat_hash_map<std::string, size_t> index;
  for (size_t i = 0; i < out.columns.size(); ++i) {
    index[absl::AsciiStrToLower(out.columns[i].name)] = i;
  }
  for (const model::Column& c : incoming) {
    const std::string key = absl::AsciiStrToLower(c.name);
    auto it = index.find(key);
    if (it == index.end()) {
      index[key] = out.columns.size();
      out.columns.push_back(c);
    } else {
      model::Column& have = out.columns[it->second];
      have.type = MergeTypes(have.type, c.type, &out.lossy);
    }
  }
  return out;
}

double Coverage(const std::vector<model::Column>& part, const std::vector<model::Column>& merged) {
  if (merged.empty()) return part.empty() ? 1.0 : 0.0;
  absl::flat_hash_set<std::string> names;
  for (const model::Column& c : merged) names.insert(absl::AsciiStrToLower(c.name));
  size_t found = 0;
  for (const model::Column& c : part) found += names.contains(absl::AsciiStrToLower(c.name));
  return static_cast<double>(found) / static_cast<double>(merged.size());
}

}  // namespace almanac::crawler
