#include "catalog/versions/table_diff.h"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/model/hive_type.h"

namespace almanac::versions {
namespace {

using model::HiveType;
using model::TypeKind;

// ---- type directions ----

bool IsStringGroup(TypeKind k) {
  return k == TypeKind::kString || k == TypeKind::kChar || k == TypeKind::kVarchar;
}

// Characters a string-group type holds; string is unbounded.
int64_t StringCapacity(const HiveType& t) {
  return t.kind() == TypeKind::kString ? std::numeric_limits<int64_t>::max() : t.length();
}

// Hive's implicit numeric order (PrimitiveObjectInspectorUtils).
int NumericRank(TypeKind k) {
  switch (k) {
    case TypeKind::kTinyint: return 1;
    case TypeKind::kSmallint: return 2;
    case TypeKind::kInt: return 3;
    case TypeKind::kBigint: return 4;
    case TypeKind::kFloat: return 5;
    case TypeKind::kDouble: return 6;
    case TypeKind::kDecimal: return 7;
    default: return 0;
  }
}

// Decimal digits an integral type needs left of the point.
int IntegralDigits(TypeKind k) {
  switch (k) {
    case TypeKind::kTinyint: return 3;
    case TypeKind::kSmallint: return 5;
    case TypeKind::kInt: return 10;
    case TypeKind::kBigint: return 19;
    default: return 0;
  }
}

bool Widens(const HiveType& from, const HiveType& to, bool text) {
  if (from == to) return true;
  if (from.kind() == TypeKind::kVoid) return true;
  if (from.is_primitive() && to.is_primitive()) {
    if (IsStringGroup(to.kind())) {
      if (IsStringGroup(from.kind())) return StringCapacity(to) >= StringCapacity(from);
      return text;
    }
    const int rf = NumericRank(from.kind());
    const int rt = NumericRank(to.kind());
    if (rf > 0 && rt > 0) {
      if (to.kind() == TypeKind::kDecimal) {
        if (from.kind() == TypeKind::kDecimal) {
          return to.precision() - to.scale() >= from.precision() - from.scale() &&
                 to.scale() >= from.scale();
        }
        const int digits = IntegralDigits(from.kind());
        if (digits > 0) return to.precision() - to.scale() >= digits;
        return true;  // float and double: Hive converts them implicitly
      }
      return rf <= rt;
    }
    return from.kind() == TypeKind::kDate && to.kind() == TypeKind::kTimestamp;
  }
  if (from.kind() != to.kind()) return false;
  const auto& fc = from.children();
  const auto& tc = to.children();
  switch (from.kind()) {
    case TypeKind::kArray:
      return Widens(fc[0], tc[0], text);
    case TypeKind::kMap:
      return Widens(fc[0], tc[0], text) && Widens(fc[1], tc[1], text);
    case TypeKind::kStruct: {
      // Every old field survives under its name, no narrower; new fields are
      // read as null from old data.
      for (size_t i = 0; i < fc.size(); ++i) {
        const auto& names = to.field_names();
        auto it = std::find(names.begin(), names.end(), from.field_names()[i]);
        if (it == names.end()) return false;
        if (!Widens(fc[i], tc[it - names.begin()], text)) return false;
      }
      return true;
    }
    case TypeKind::kUnion:
      if (fc.size() > tc.size()) return false;
      for (size_t i = 0; i < fc.size(); ++i) {
        if (!Widens(fc[i], tc[i], text)) return false;
      }
      return true;
    default:
      return false;
  }
}

// Whether a change between two types is best told field by field: both are
// structs, or arrays or maps (same key) of such.
bool Descends(const HiveType& a, const HiveType& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case TypeKind::kStruct: return true;
    case TypeKind::kArray: return Descends(a.children()[0], b.children()[0]);
    case TypeKind::kMap:
      return a.children()[0] == b.children()[0] && Descends(a.children()[1], b.children()[1]);
    default: return false;
  }
}

// ---- matching lists of named, typed members ----

struct Member {
  std::string name;
  std::string type;
  std::string comment;
};

struct Matching {
  std::vector<int> new_of_old;  // -1: removed
  std::vector<int> old_of_new;  // -1: added
  std::vector<bool> renamed;    // per new member
};

Matching Match(const std::vector<Member>& before, const std::vector<Member>& after) {
  Matching m;
  m.new_of_old.assign(before.size(), -1);
  m.old_of_new.assign(after.size(), -1);
  m.renamed.assign(after.size(), false);
  std::map<std::string, int> old_by_name;
  for (size_t i = 0; i < before.size(); ++i) old_by_name.emplace(before[i].name, i);
  for (size_t j = 0; j < after.size(); ++j) {
    auto it = old_by_name.find(after[j].name);
    if (it == old_by_name.end() || m.new_of_old[it->second] != -1) continue;
    m.new_of_old[it->second] = j;
    m.old_of_new[j] = it->second;
  }
  // Same position, same type, both otherwise unmatched: a rename.
  for (size_t j = 0; j < after.size() && j < before.size(); ++j) {
    if (m.old_of_new[j] != -1 || m.new_of_old[j] != -1) continue;
    if (before[j].type != after[j].type) continue;
    m.new_of_old[j] = j;
    m.old_of_new[j] = j;
    m.renamed[j] = true;
  }
  return m;
}

// New positions of matched members that are not in the longest run keeping
// their old relative order: the ones that moved.
std::set<int> Moved(const Matching& m) {
  std::vector<int> news;  // new positions in old order
  for (int j : m.new_of_old) {
    if (j >= 0) news.push_back(j);
  }
  // Longest increasing subsequence, O(n log n), with back links.
  std::vector<int> tails, tail_at, parent(news.size(), -1);
  for (size_t i = 0; i < news.size(); ++i) {
    auto it = std::lower_bound(tails.begin(), tails.end(), news[i]);
    const size_t len = it - tails.begin();
    if (it == tails.end()) {
      tails.push_back(news[i]);
      tail_at.push_back(i);
    } else {
      *it = news[i];
      tail_at[len] = i;
    }
    if (len > 0) parent[i] = tail_at[len - 1];
  }
  std::set<int> kept;
  for (int i = tail_at.empty() ? -1 : tail_at.back(); i >= 0; i = parent[i]) kept.insert(news[i]);
  std::set<int> moved;
  for (int j : news) {
    if (!kept.count(j)) moved.insert(j);
  }
  return moved;
}

struct Kinds {
  ChangeKind added, removed, renamed, type_changed, comment_changed, moved;
};

constexpr Kinds kColumnKinds{ChangeKind::kColumnAdded,       ChangeKind::kColumnRemoved,
                             ChangeKind::kColumnRenamed,     ChangeKind::kColumnTypeChanged,
                             ChangeKind::kColumnCommentChanged, ChangeKind::kColumnMoved};
constexpr Kinds kKeyKinds{ChangeKind::kPartitionKeyAdded,       ChangeKind::kPartitionKeyRemoved,
                          ChangeKind::kPartitionKeyRenamed,     ChangeKind::kPartitionKeyTypeChanged,
                          ChangeKind::kPartitionKeyCommentChanged, ChangeKind::kPartitionKeyMoved};
constexpr Kinds kFieldKinds{ChangeKind::kFieldAdded,       ChangeKind::kFieldRemoved,
                            ChangeKind::kFieldRenamed,     ChangeKind::kFieldTypeChanged,
                            ChangeKind::kFieldTypeChanged, ChangeKind::kFieldTypeChanged};

class Differ {
 public:
  Differ(bool text, std::vector<TableChange>* out) : text_(text), out_(out) {}

  // Columns, keys, or (prefix non-empty) the fields of a struct.
  void Members(const std::vector<Member>& before, const std::vector<Member>& after,
               const Kinds& kinds, const std::string& prefix) {
    const Matching m = Match(before, after);
    for (size_t i = 0; i < before.size(); ++i) {
      if (m.new_of_old[i] == -1) {
        Add(kinds.removed, prefix + before[i].name, before[i].type, "");
      }
    }
    for (size_t j = 0; j < after.size(); ++j) {
      const Member& a = after[j];
      if (m.old_of_new[j] == -1) {
        Add(kinds.added, prefix + a.name, "", a.type);
        continue;
      }
      const Member& b = before[m.old_of_new[j]];
      if (m.renamed[j]) Add(kinds.renamed, prefix + b.name, b.name, a.name);
      if (b.type != a.type) TypeChange(kinds, prefix + a.name, b.type, a.type);
      if (prefix.empty() && b.comment != a.comment) {
        Add(kinds.comment_changed, a.name, b.comment, a.comment);
      }
    }
    if (!prefix.empty()) return;  // a field's order is part of its struct's type
    for (int j : Moved(m)) {
      Add(kinds.moved, after[j].name, absl::StrCat(m.old_of_new[j] + 1), absl::StrCat(j + 1));
    }
  }

 private:
  void TypeChange(const Kinds& kinds, const std::string& path, const std::string& from,
                  const std::string& to) {
    absl::StatusOr<HiveType> a = HiveType::Parse(from);
    absl::StatusOr<HiveType> b = HiveType::Parse(to);
    if (a.ok() && b.ok() && Descends(*a, *b)) {
      Nested(path, *a, *b);
      return;
    }
    TableChange c{kinds.type_changed, path, from, to, TypeDirection::kNarrowing};
    if (a.ok() && b.ok() && Widens(*a, *b, text_)) c.direction = TypeDirection::kWidening;
    out_->push_back(std::move(c));
  }

  void Nested(const std::string& path, const HiveType& a, const HiveType& b) {
    switch (a.kind()) {
      case TypeKind::kArray:
        Nested(path + "[]", a.children()[0], b.children()[0]);
        return;
      case TypeKind::kMap:
        Nested(path + "{}", a.children()[1], b.children()[1]);
        return;
      default:
        break;
    }
    Members(Fields(a), Fields(b), kFieldKinds, path + ".");
  }

  static std::vector<Member> Fields(const HiveType& t) {
    std::vector<Member> out;
    for (size_t i = 0; i < t.children().size(); ++i) {
      out.push_back({t.field_names()[i], t.children()[i].ToString(), ""});
    }
    return out;
  }

  void Add(ChangeKind kind, std::string subject, std::string old_value, std::string new_value) {
    out_->push_back(TableChange{kind, std::move(subject), std::move(old_value),
                                std::move(new_value), TypeDirection::kNone});
  }

  const bool text_;
  std::vector<TableChange>* out_;
};

std::vector<Member> MembersOf(const std::vector<model::Column>& columns) {
  std::vector<Member> out;
  out.reserve(columns.size());
  for (const model::Column& c : columns) out.push_back({c.name, c.type, c.comment});
  return out;
}

void DiffParameters(const model::Parameters& before, const model::Parameters& after,
                    ChangeKind added, ChangeKind removed, ChangeKind changed,
                    std::vector<TableChange>* out) {
  auto b = before.begin();
  auto a = after.begin();
  while (b != before.end() || a != after.end()) {
    if (a == after.end() || (b != before.end() && b->first < a->first)) {
      out->push_back({removed, b->first, b->second, "", TypeDirection::kNone});
      ++b;
    } else if (b == before.end() || a->first < b->first) {
      out->push_back({added, a->first, "", a->second, TypeDirection::kNone});
      ++a;
    } else {
      if (a->second != b->second) {
        out->push_back({changed, a->first, b->second, a->second, TypeDirection::kNone});
      }
      ++a;
      ++b;
    }
  }
}

void Changed(ChangeKind kind, std::string subject, const std::string& before,
             const std::string& after, std::vector<TableChange>* out) {
  if (before != after) out->push_back({kind, std::move(subject), before, after, TypeDirection::kNone});
}

std::string Bucketing(const model::StorageDescriptor& sd) {
  if (sd.num_buckets <= 0 && sd.bucket_columns.empty() && sd.sort_columns.empty()) return "none";
  std::string out = absl::StrCat(sd.num_buckets, " buckets by (",
                                 absl::StrJoin(sd.bucket_columns, ", "), ")");
  if (!sd.sort_columns.empty()) {
    std::vector<std::string> sorts;
    for (const model::SortColumn& s : sd.sort_columns) {
      sorts.push_back(absl::StrCat(s.column, s.order == 0 ? " desc" : " asc"));
    }
    absl::StrAppend(&out, " sorted by (", absl::StrJoin(sorts, ", "), ")");
  }
  return out;
}

std::string Skew(const model::SkewedInfo& s) {
  if (s.column_names.empty()) return "none";
  std::vector<std::string> values;
  for (const auto& v : s.column_values) values.push_back("(" + absl::StrJoin(v, ", ") + ")");
  return absl::StrCat("(", absl::StrJoin(s.column_names, ", "), ") on ",
                      absl::StrJoin(values, ", "));
}

std::string Owner(const model::Table& t) {
  switch (t.owner_type) {
    case model::PrincipalType::kRole: return t.owner + " (role)";
    case model::PrincipalType::kGroup: return t.owner + " (group)";
    default: return t.owner;
  }
}

const char* Bool(bool b) { return b ? "true" : "false"; }

const char* Direction(TypeDirection d) {
  switch (d) {
    case TypeDirection::kWidening: return "widening";
    case TypeDirection::kNarrowing: return "narrowing";
    default: return "";
  }
}

// The noun of a member change ("column", "field", "partition key") and its
// verb, for ChangeText and Summarize.
struct Phrase {
  const char* verb;  // "added", ... ; nullptr for property changes
  const char* noun;
};

Phrase PhraseOf(ChangeKind k) {
  switch (k) {
    case ChangeKind::kColumnAdded: return {"added", "column"};
    case ChangeKind::kColumnRemoved: return {"removed", "column"};
    case ChangeKind::kColumnRenamed: return {"renamed", "column"};
    case ChangeKind::kColumnTypeChanged: return {"changed type of", "column"};
    case ChangeKind::kColumnCommentChanged: return {"changed comment of", "column"};
    case ChangeKind::kColumnMoved: return {"moved", "column"};
    case ChangeKind::kFieldAdded: return {"added", "field"};
    case ChangeKind::kFieldRemoved: return {"removed", "field"};
    case ChangeKind::kFieldRenamed: return {"renamed", "field"};
    case ChangeKind::kFieldTypeChanged: return {"changed type of", "field"};
    case ChangeKind::kPartitionKeyAdded: return {"added", "partition key"};
    case ChangeKind::kPartitionKeyRemoved: return {"removed", "partition key"};
    case ChangeKind::kPartitionKeyRenamed: return {"renamed", "partition key"};
    case ChangeKind::kPartitionKeyTypeChanged: return {"changed type of", "partition key"};
    case ChangeKind::kPartitionKeyCommentChanged: return {"changed comment of", "partition key"};
    case ChangeKind::kPartitionKeyMoved: return {"moved", "partition key"};
    case ChangeKind::kSerdeParameterAdded:
    case ChangeKind::kSerdeParameterRemoved:
    case ChangeKind::kSerdeParameterChanged: return {nullptr, "serde parameter"};
    case ChangeKind::kStorageParameterAdded:
    case ChangeKind::kStorageParameterRemoved:
    case ChangeKind::kStorageParameterChanged: return {nullptr, "storage parameter"};
    case ChangeKind::kParameterAdded:
    case ChangeKind::kParameterRemoved:
    case ChangeKind::kParameterChanged: return {nullptr, "parameter"};
    default: return {nullptr, nullptr};
  }
}

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

std::string_view ChangeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kColumnAdded: return "column_added";
    case ChangeKind::kColumnRemoved: return "column_removed";
    case ChangeKind::kColumnRenamed: return "column_renamed";
    case ChangeKind::kColumnTypeChanged: return "column_type_changed";
    case ChangeKind::kColumnCommentChanged: return "column_comment_changed";
    case ChangeKind::kColumnMoved: return "column_moved";
    case ChangeKind::kFieldAdded: return "field_added";
    case ChangeKind::kFieldRemoved: return "field_removed";
    case ChangeKind::kFieldRenamed: return "field_renamed";
    case ChangeKind::kFieldTypeChanged: return "field_type_changed";
    case ChangeKind::kPartitionKeyAdded: return "partition_key_added";
    case ChangeKind::kPartitionKeyRemoved: return "partition_key_removed";
    case ChangeKind::kPartitionKeyRenamed: return "partition_key_renamed";
    case ChangeKind::kPartitionKeyTypeChanged: return "partition_key_type_changed";
    case ChangeKind::kPartitionKeyCommentChanged: return "partition_key_comment_changed";
    case ChangeKind::kPartitionKeyMoved: return "partition_key_moved";
    case ChangeKind::kLocationChanged: return "location_changed";
    case ChangeKind::kInputFormatChanged: return "input_format_changed";
    case ChangeKind::kOutputFormatChanged: return "output_format_changed";
    case ChangeKind::kSerdeChanged: return "serde_changed";
    case ChangeKind::kSerdeParameterAdded: return "serde_parameter_added";
    case ChangeKind::kSerdeParameterRemoved: return "serde_parameter_removed";
    case ChangeKind::kSerdeParameterChanged: return "serde_parameter_changed";
    case ChangeKind::kStorageParameterAdded: return "storage_parameter_added";
    case ChangeKind::kStorageParameterRemoved: return "storage_parameter_removed";
    case ChangeKind::kStorageParameterChanged: return "storage_parameter_changed";
    case ChangeKind::kBucketingChanged: return "bucketing_changed";
    case ChangeKind::kStorageOptionChanged: return "storage_option_changed";
    case ChangeKind::kTableRenamed: return "table_renamed";
    case ChangeKind::kTableTypeChanged: return "table_type_changed";
    case ChangeKind::kOwnerChanged: return "owner_changed";
    case ChangeKind::kViewTextChanged: return "view_text_changed";
    case ChangeKind::kTableOptionChanged: return "table_option_changed";
    case ChangeKind::kParameterAdded: return "parameter_added";
    case ChangeKind::kParameterRemoved: return "parameter_removed";
    case ChangeKind::kParameterChanged: return "parameter_changed";
  }
  return "unknown";
}

bool IsTextFormat(const model::Table& table) {
  static constexpr std::string_view kTextSerdes[] = {
      "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
      "org.apache.hadoop.hive.serde2.OpenCSVSerde",
      "org.apache.hadoop.hive.serde2.JsonSerDe",
      "org.apache.hive.hcatalog.data.JsonSerDe",
      "org.openx.data.jsonserde.JsonSerDe",
      "org.apache.hadoop.hive.serde2.RegexSerDe",
      "org.apache.hadoop.hive.serde2.MultiDelimitSerDe",
      "org.apache.hadoop.hive.contrib.serde2.MultiDelimitSerDe",
  };
  for (std::string_view serde : kTextSerdes) {
    if (table.sd.serde.serialization_library == serde) return true;
  }
  return table.sd.serde.serialization_library.empty() &&
         table.sd.input_format == "org.apache.hadoop.mapred.TextInputFormat";
}

TypeDirection TypeChangeDirection(std::string_view from, std::string_view to, bool text_format) {
  if (from == to) return TypeDirection::kNone;
  absl::StatusOr<HiveType> a = HiveType::Parse(from);
  absl::StatusOr<HiveType> b = HiveType::Parse(to);
  if (!a.ok() || !b.ok()) return TypeDirection::kNarrowing;
  if (*a == *b) return TypeDirection::kNone;
  return Widens(*a, *b, text_format) ? TypeDirection::kWidening : TypeDirection::kNarrowing;
}

std::vector<TableChange> DiffTables(const model::Table& before, const model::Table& after) {
  std::vector<TableChange> out;
  Differ differ(IsTextFormat(before), &out);
  differ.Members(MembersOf(before.sd.columns), MembersOf(after.sd.columns), kColumnKinds, "");
  differ.Members(MembersOf(before.partition_keys), MembersOf(after.partition_keys), kKeyKinds, "");

  const model::StorageDescriptor& b = before.sd;
  const model::StorageDescriptor& a = after.sd;
  Changed(ChangeKind::kLocationChanged, "location", b.location, a.location, &out);
  Changed(ChangeKind::kInputFormatChanged, "input format", b.input_format, a.input_format, &out);
  Changed(ChangeKind::kOutputFormatChanged, "output format", b.output_format, a.output_format,
          &out);
  Changed(ChangeKind::kSerdeChanged, "serde", b.serde.serialization_library,
          a.serde.serialization_library, &out);
  Changed(ChangeKind::kSerdeChanged, "serde name", b.serde.name, a.serde.name, &out);
  DiffParameters(b.serde.parameters, a.serde.parameters, ChangeKind::kSerdeParameterAdded,
                 ChangeKind::kSerdeParameterRemoved, ChangeKind::kSerdeParameterChanged, &out);
  DiffParameters(b.parameters, a.parameters, ChangeKind::kStorageParameterAdded,
                 ChangeKind::kStorageParameterRemoved, ChangeKind::kStorageParameterChanged, &out);
  Changed(ChangeKind::kBucketingChanged, "bucketing", Bucketing(b), Bucketing(a), &out);
  Changed(ChangeKind::kStorageOptionChanged, "compressed", Bool(b.compressed), Bool(a.compressed),
          &out);
  Changed(ChangeKind::kStorageOptionChanged, "skew", Skew(b.skewed), Skew(a.skewed), &out);
  if (b.skewed.value_locations != a.skewed.value_locations && Skew(b.skewed) == Skew(a.skewed)) {
    out.push_back({ChangeKind::kStorageOptionChanged, "skewed value locations", "", "",
                   TypeDirection::kNone});
  }
  Changed(ChangeKind::kStorageOptionChanged, "stored as sub-directories",
          Bool(b.stored_as_sub_directories), Bool(a.stored_as_sub_directories), &out);

  Changed(ChangeKind::kTableRenamed, "name", absl::StrCat(before.database, ".", before.name),
          absl::StrCat(after.database, ".", after.name), &out);
  Changed(ChangeKind::kTableTypeChanged, "table type",
          std::string(model::TableTypeName(before.table_type)),
          std::string(model::TableTypeName(after.table_type)), &out);
  Changed(ChangeKind::kOwnerChanged, "owner", Owner(before), Owner(after), &out);
  Changed(ChangeKind::kTableOptionChanged, "retention", absl::StrCat(before.retention),
          absl::StrCat(after.retention), &out);
  Changed(ChangeKind::kTableOptionChanged, "temporary", Bool(before.temporary),
          Bool(after.temporary), &out);
  Changed(ChangeKind::kTableOptionChanged, "rewrite enabled", Bool(before.rewrite_enabled),
          Bool(after.rewrite_enabled), &out);
  Changed(ChangeKind::kViewTextChanged, "view text", before.view_original_text,
          after.view_original_text, &out);
  Changed(ChangeKind::kViewTextChanged, "expanded view text", before.view_expanded_text,
          after.view_expanded_text, &out);
  DiffParameters(before.parameters, after.parameters, ChangeKind::kParameterAdded,
                 ChangeKind::kParameterRemoved, ChangeKind::kParameterChanged, &out);
  return out;
}

std::string ChangeText(const TableChange& c) {
  const Phrase p = PhraseOf(c.kind);
  switch (c.kind) {
    case ChangeKind::kColumnAdded:
    case ChangeKind::kFieldAdded:
    case ChangeKind::kPartitionKeyAdded:
      return absl::StrCat(p.verb, " ", p.noun, " ", c.subject, " ", c.new_value);
    case ChangeKind::kColumnRemoved:
    case ChangeKind::kFieldRemoved:
    case ChangeKind::kPartitionKeyRemoved:
      return absl::StrCat(p.verb, " ", p.noun, " ", c.subject, " ", c.old_value);
    case ChangeKind::kColumnRenamed:
    case ChangeKind::kFieldRenamed:
    case ChangeKind::kPartitionKeyRenamed:
      return absl::StrCat(p.verb, " ", p.noun, " ", c.subject, " to ", c.new_value);
    case ChangeKind::kColumnTypeChanged:
    case ChangeKind::kFieldTypeChanged:
    case ChangeKind::kPartitionKeyTypeChanged:
      return absl::StrCat(p.verb, " ", p.noun, " ", c.subject, " ", c.old_value, " -> ",
                          c.new_value, " (", Direction(c.direction), ")");
    case ChangeKind::kColumnCommentChanged:
    case ChangeKind::kPartitionKeyCommentChanged:
      return absl::StrCat(p.verb, " ", p.noun, " ", c.subject, " ", Quote(c.old_value), " -> ",
                          Quote(c.new_value));
    case ChangeKind::kColumnMoved:
    case ChangeKind::kPartitionKeyMoved:
      return absl::StrCat(p.verb, " ", p.noun, " ", c.subject, " from position ", c.old_value,
                          " to ", c.new_value);
    case ChangeKind::kSerdeParameterAdded:
    case ChangeKind::kStorageParameterAdded:
    case ChangeKind::kParameterAdded:
      return absl::StrCat("set ", p.noun, " ", c.subject, " = ", Quote(c.new_value));
    case ChangeKind::kSerdeParameterRemoved:
    case ChangeKind::kStorageParameterRemoved:
    case ChangeKind::kParameterRemoved:
      return absl::StrCat("removed ", p.noun, " ", c.subject, " (was ", Quote(c.old_value), ")");
    case ChangeKind::kSerdeParameterChanged:
    case ChangeKind::kStorageParameterChanged:
    case ChangeKind::kParameterChanged:
      return absl::StrCat("changed ", p.noun, " ", c.subject, " ", Quote(c.old_value), " -> ",
                          Quote(c.new_value));
    case ChangeKind::kTableRenamed:
      return absl::StrCat("renamed table ", c.old_value, " to ", c.new_value);
    case ChangeKind::kViewTextChanged:
      return absl::StrCat("changed ", c.subject);
    case ChangeKind::kLocationChanged:
    case ChangeKind::kInputFormatChanged:
    case ChangeKind::kOutputFormatChanged:
    case ChangeKind::kSerdeChanged:
      return absl::StrCat("changed ", c.subject, " ", Quote(c.old_value), " -> ",
                          Quote(c.new_value));
    case ChangeKind::kStorageOptionChanged:
      if (c.old_value.empty() && c.new_value.empty()) return absl::StrCat("changed ", c.subject);
      [[fallthrough]];
    case ChangeKind::kBucketingChanged:
    case ChangeKind::kTableTypeChanged:
    case ChangeKind::kOwnerChanged:
    case ChangeKind::kTableOptionChanged:
      return absl::StrCat("changed ", c.subject, " ", c.old_value, " -> ", c.new_value);
  }
  return "changed " + c.subject;
}

std::string Summarize(absl::Span<const TableChange> changes) {
  if (changes.empty()) return "no change";
  constexpr size_t kMaxNames = 5;
  // Groups in order of first appearance; a group is a verb and noun (member
  // changes) or a property phrase.
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
  auto add = [&](std::string key, std::string item) {
    for (auto& [k, items] : groups) {
      if (k == key) {
        if (!item.empty() && std::find(items.begin(), items.end(), item) == items.end()) {
          items.push_back(std::move(item));
        }
        return;
      }
    }
    groups.push_back({std::move(key), {}});
    if (!item.empty()) groups.back().second.push_back(std::move(item));
  };
  for (const TableChange& c : changes) {
    const Phrase p = PhraseOf(c.kind);
    switch (c.kind) {
      case ChangeKind::kColumnRenamed:
      case ChangeKind::kFieldRenamed:
      case ChangeKind::kPartitionKeyRenamed:
        add(absl::StrCat(p.verb, "|", p.noun), absl::StrCat(c.subject, " to ", c.new_value));
        break;
      case ChangeKind::kColumnTypeChanged:
      case ChangeKind::kFieldTypeChanged:
      case ChangeKind::kPartitionKeyTypeChanged:
        add(absl::StrCat(p.verb, "|", p.noun),
            absl::StrCat(c.subject, " (", Direction(c.direction), ")"));
        break;
      case ChangeKind::kTableRenamed:
        add(absl::StrCat("renamed from ", c.old_value), "");
        break;
      case ChangeKind::kTableTypeChanged:
        add(absl::StrCat("table type changed to ", c.new_value), "");
        break;
      case ChangeKind::kOwnerChanged:
        add(absl::StrCat("owner changed to ", c.new_value), "");
        break;
      case ChangeKind::kStorageOptionChanged:
      case ChangeKind::kTableOptionChanged:
        add("options changed:", c.subject);
        break;
      default:
        if (p.verb != nullptr) {
          add(absl::StrCat(p.verb, "|", p.noun), c.subject);
        } else if (p.noun != nullptr) {
          add(absl::StrCat(p.noun, "s changed:"), c.subject);
        } else {
          add(absl::StrCat(c.subject, " changed"), "");
        }
    }
  }
  std::vector<std::string> parts;
  for (auto& [key, items] : groups) {
    std::string names = absl::StrJoin(items.begin(), items.begin() + std::min(items.size(), kMaxNames), ", ");
    if (items.size() > kMaxNames) absl::StrAppend(&names, " and ", items.size() - kMaxNames, " more");
    const size_t bar = key.find('|');
    if (bar == std::string::npos) {
      parts.push_back(items.empty() ? key : absl::StrCat(key, " ", names));
      continue;
    }
    // "added columns a, b" / "changed type of column c (widening)".
    std::string noun = key.substr(bar + 1);
    if (items.size() > 1) noun += "s";
    parts.push_back(absl::StrCat(key.substr(0, bar), " ", noun, " ", names));
  }
  return absl::StrJoin(parts, "; ");
}

}  // namespace almanac::versions
