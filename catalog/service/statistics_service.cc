#include "catalog/service/statistics_service.h"

#include <algorithm>
#include <memory>
#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "catalog/model/candidates.h"
#include "catalog/model/hive_type.h"
#include "catalog/model/names.h"
#include "catalog/service/actions.h"
#include "catalog/service/service_internal.h"
#include "catalog/service/validation.h"
#include "common/absl_view.h"
#include "common/status_macros.h"
#include "nlohmann/json.hpp"

namespace almanac::service {
namespace {

using nlohmann::json;

// Indexes into model::ColumnStatisticsData.
enum Family : size_t {
  kBoolean = 0,
  kLong,
  kDouble,
  kString,
  kBinary,
  kDecimal,
  kDate,
  kTimestamp,
};
constexpr const char* kFamilyNames[] = {"boolean", "long",    "double", "string",
                                        "binary",  "decimal", "date",   "timestamp"};

// The families a column of `type` may hold. Empty: no statistics (complex
// types, void, intervals).
std::vector<size_t> FamiliesFor(const model::HiveType& type) {
  using K = model::TypeKind;
  switch (type.kind()) {
    case K::kBoolean: return {kBoolean};
    case K::kTinyint:
    case K::kSmallint:
    case K::kInt:
    case K::kBigint: return {kLong};
    case K::kFloat:
    case K::kDouble: return {kDouble};
    case K::kDecimal: return {kDecimal};
    case K::kString:
    case K::kChar:
    case K::kVarchar: return {kString};
    case K::kBinary: return {kBinary};
    case K::kDate: return {kDate};
    // Hive 3 wrote timestamp statistics in the long family; Hive 4 has its own.
    case K::kTimestamp:
    case K::kTimestampLocalTz: return {kTimestamp, kLong};
    default: return {};
  }
}

std::string Lower(std::string_view s) { return model::ToLowerName(s); }

std::vector<std::string> LowerAll(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  out.reserve(names.size());
  for (const std::string& n : names) out.push_back(Lower(n));
  return out;
}

std::string EngineOrDefault(std::string_view engine) {
  return engine.empty() ? std::string(model::kDefaultStatsEngine) : std::string(engine);
}

// Hive's partition names carry escaped values; the stored name is canonical.
// A name that does not parse against the keys is kept as given (it matches
// nothing), except where `strict`.
absl::StatusOr<std::string> CanonicalPartitionName(const model::Table& table,
                                                   std::string_view name, bool strict,
                                                   std::vector<std::string>* values) {
  absl::StatusOr<std::vector<std::string>> parsed =
      model::PartitionValuesFromName(table.partition_keys, name);
  if (!parsed.ok()) {
    if (strict) return parsed.status();
    return std::string(name);
  }
  if (values != nullptr) *values = *parsed;
  return model::MakePartitionName(table.partition_keys, *parsed);
}

// COLUMN_STATS_ACCURATE is JSON: {"BASIC_STATS":"true","COLUMN_STATS":{"c":"true"}}.
json ParseAccurate(const model::Parameters& params) {
  auto it = params.find(kColumnStatsAccurate);
  if (it == params.end()) return json::object();
  json j = json::parse(it->second, nullptr, /*allow_exceptions=*/false);
  return j.is_object() ? j : json::object();
}

void MarkAccurate(model::Parameters* params, const std::vector<std::string>& columns) {
  json j = ParseAccurate(*params);
  json& cols = j["COLUMN_STATS"];
  if (!cols.is_object()) cols = json::object();
  for (const std::string& c : columns) cols[c] = "true";
  (*params)[kColumnStatsAccurate] = j.dump();
}

// Empty `column`: every column. Returns whether anything changed.
bool UnmarkAccurate(model::Parameters* params, std::string_view column) {
  if (!params->contains(kColumnStatsAccurate)) return false;
  json j = ParseAccurate(*params);
  auto cols = j.find("COLUMN_STATS");
  if (cols == j.end()) return false;
  if (column.empty() || !cols->is_object()) {
    j.erase(cols);
  } else {
    if (cols->erase(std::string(column)) == 0) return false;
    if (cols->empty()) j.erase(cols);
  }
  if (j.empty()) {
    params->erase(kColumnStatsAccurate);
  } else {
    (*params)[kColumnStatsAccurate] = j.dump();
  }
  return true;
}

absl::StatusOr<__int128> Unscaled(const std::string& bytes) {
  if (bytes.empty() || bytes.size() > 16) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid decimal statistic: unscaled value of ", bytes.size(), " bytes"));
  }
  // Big-endian two's complement, sign-extended.
  unsigned __int128 v = static_cast<signed char>(bytes[0]) < 0 ? ~static_cast<unsigned __int128>(0)
                                                               : 0;
  for (unsigned char c : bytes) v = (v << 8) | c;
  return static_cast<__int128>(v);
}

int Sign(__int128 v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

template <typename T>
void MinInto(const std::optional<T>& from, std::optional<T>* into) {
  if (from.has_value() && (!into->has_value() || *from < **into)) *into = from;
}
template <typename T>
void MaxInto(const std::optional<T>& from, std::optional<T>* into) {
  if (from.has_value() && (!into->has_value() || *from > **into)) *into = from;
}

template <typename T>
absl::Status MergeRange(const model::RangeColumnStats<T>& from, model::RangeColumnStats<T>* into) {
  if constexpr (std::is_same_v<T, model::StatsDecimal>) {
    if (from.low.has_value()) {
      bool take = !into->low.has_value();
      if (!take) {
        ASSIGN_OR_RETURN(int c, CompareStatsDecimals(*from.low, *into->low));
        take = c < 0;
      }
      if (take) into->low = from.low;
    }
    if (from.high.has_value()) {
      bool take = !into->high.has_value();
      if (!take) {
        ASSIGN_OR_RETURN(int c, CompareStatsDecimals(*from.high, *into->high));
        take = c > 0;
      }
      if (take) into->high = from.high;
    }
  } else {
    MinInto(from.low, &into->low);
    MaxInto(from.high, &into->high);
  }
  into->num_nulls += from.num_nulls;
  into->num_dvs = std::max(into->num_dvs, from.num_dvs);
  // Sketches are not merged: a stale sketch would be worse than none.
  into->bit_vectors.clear();
  into->histogram.clear();
  return absl::OkStatus();
}

absl::Status MergeTyped(const model::BooleanColumnStats& from, model::BooleanColumnStats* into) {
  into->num_trues += from.num_trues;
  into->num_falses += from.num_falses;
  into->num_nulls += from.num_nulls;
  into->bit_vectors.clear();
  return absl::OkStatus();
}
absl::Status MergeTyped(const model::StringColumnStats& from, model::StringColumnStats* into) {
  into->max_col_len = std::max(into->max_col_len, from.max_col_len);
  into->avg_col_len = std::max(into->avg_col_len, from.avg_col_len);
  into->num_nulls += from.num_nulls;
  into->num_dvs = std::max(into->num_dvs, from.num_dvs);
  into->bit_vectors.clear();
  return absl::OkStatus();
}
absl::Status MergeTyped(const model::BinaryColumnStats& from, model::BinaryColumnStats* into) {
  into->max_col_len = std::max(into->max_col_len, from.max_col_len);
  into->avg_col_len = std::max(into->avg_col_len, from.avg_col_len);
  into->num_nulls += from.num_nulls;
  into->bit_vectors.clear();
  return absl::OkStatus();
}
template <typename T>
absl::Status MergeTyped(const model::RangeColumnStats<T>& from, model::RangeColumnStats<T>* into) {
  return MergeRange(from, into);
}

absl::Status ValidateDecimals(const model::ColumnStatisticsData& data) {
  if (const auto* d = std::get_if<model::DecimalColumnStats>(&data)) {
    if (d->low.has_value()) RETURN_IF_ERROR(Unscaled(d->low->unscaled).status());
    if (d->high.has_value()) RETURN_IF_ERROR(Unscaled(d->high->unscaled).status());
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int> CompareStatsDecimals(const model::StatsDecimal& a,
                                         const model::StatsDecimal& b) {
  ASSIGN_OR_RETURN(__int128 x, Unscaled(a.unscaled));
  ASSIGN_OR_RETURN(__int128 y, Unscaled(b.unscaled));
  int sx = a.scale;
  int sy = b.scale;
  bool swapped = false;
  if (sx > sy) {
    std::swap(x, y);
    std::swap(sx, sy);
    swapped = true;
  }
  // Bring x to y's scale; once |x| outgrows what fits, it outgrows |y| too,
  // so its sign alone decides.
  int result = 0;
  bool decided = false;
  constexpr __int128 kLimit = (static_cast<__int128>(1) << 126) / 5;  // ~2^127 / 10
  for (int i = sx; i < sy && x != 0; ++i) {
    if (x > kLimit || x < -kLimit) {
      result = Sign(x);
      decided = true;
      break;
    }
    x *= 10;
  }
  if (!decided) result = x < y ? -1 : (x > y ? 1 : 0);
  return swapped ? -result : result;
}

absl::Status MergeColumnStatistics(const model::ColumnStatisticsData& from,
                                   model::ColumnStatisticsData* into) {
  if (from.index() != into->index()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot merge ", kFamilyNames[from.index()],
                                                   " statistics into ",
                                                   kFamilyNames[into->index()], " statistics"));
  }
  return std::visit(
      [&](auto& target) -> absl::Status {
        using T = std::decay_t<decltype(target)>;
        return MergeTyped(std::get<T>(from), &target);
      },
      *into);
}

absl::Status StatisticsService::UpdateInTransaction(storage::WriteTransaction* txn,
                                                    model::ColumnStatistics& stats, bool merge) {
  model::ColumnStatisticsDesc& desc = stats.desc;
  desc.database = Lower(desc.database);
  desc.table = Lower(desc.table);
  stats.engine = EngineOrDefault(stats.engine);
  const std::string table_name = QualifiedTableName(desc.database, desc.table);
  if (desc.is_table_level && !desc.partition_name.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "table-level statistics of table '", table_name, "' must not name a partition"));
  }
  if (!desc.is_table_level && desc.partition_name.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "partition statistics of table '", table_name, "' must name a partition"));
  }
  ASSIGN_OR_RETURN(model::Table table, txn->tables().GetTable(desc.database, desc.table));
  std::vector<std::string> values;
  if (!desc.is_table_level) {
    if (table.partition_keys.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("table '", table_name, "' is not partitioned"));
    }
    ASSIGN_OR_RETURN(desc.partition_name,
                     CanonicalPartitionName(table, desc.partition_name, true, &values));
  }

  absl::flat_hash_map<std::string, const model::Column*> columns;
  for (const model::Column& c : table.sd.columns) columns[Lower(c.name)] = &c;
  absl::flat_hash_set<std::string> seen;
  std::vector<std::string> names;
  for (model::ColumnStatisticsObj& obj : stats.columns) {
    obj.column_name = Lower(obj.column_name);
    auto it = columns.find(obj.column_name);
    if (it == columns.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("column '", obj.column_name, "' not found in table '", table_name, "' ",
                       model::CandidateList("columns", obj.column_name, table.sd.columns)));
    }
    if (!seen.insert(obj.column_name).second) {
      return absl::InvalidArgumentError(absl::StrCat("column '", obj.column_name,
                                                     "' appears twice in the statistics"));
    }
    const model::Column& column = *it->second;
    ASSIGN_OR_RETURN(model::HiveType type, model::HiveType::Parse(column.type));
    const std::vector<size_t> allowed = FamiliesFor(type);
    if (allowed.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("column '", obj.column_name, "' of type '",
                                                     column.type, "' cannot have statistics"));
    }
    if (std::find(allowed.begin(), allowed.end(), obj.data.index()) == allowed.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "column '", obj.column_name, "' of type '", column.type, "' needs ",
          kFamilyNames[allowed[0]], " statistics, not ", kFamilyNames[obj.data.index()]));
    }
    RETURN_IF_ERROR(ValidateDecimals(obj.data));
    obj.column_type = column.type;
    names.push_back(obj.column_name);
  }
  if (desc.last_analyzed == 0) desc.last_analyzed = core_->NowSeconds();

  if (merge && !names.empty()) {
    std::vector<model::ColumnStatisticsObj> old;
    if (desc.is_table_level) {
      ASSIGN_OR_RETURN(old, txn->statistics().GetTableColumnStats(desc.database, desc.table, stats.engine,
                                                     names, nullptr));
    } else {
      ASSIGN_OR_RETURN(std::vector<model::PartitionColumnStatistics> parts,
                       txn->statistics().GetPartitionColumnStats(desc.database, desc.table, stats.engine,
                                                    {desc.partition_name}, names));
      if (!parts.empty()) old = std::move(parts[0].columns);
    }
    for (model::ColumnStatisticsObj& obj : stats.columns) {
      for (const model::ColumnStatisticsObj& o : old) {
        // A family change (the column's type changed) replaces rather than merges.
        if (o.column_name == obj.column_name && o.data.index() == obj.data.index()) {
          RETURN_IF_ERROR(MergeColumnStatistics(o.data, &obj.data));
        }
      }
    }
  }

  if (desc.is_table_level) {
    RETURN_IF_ERROR(txn->statistics().UpsertTableColumnStats(stats));
    MarkAccurate(&table.parameters, names);
    return txn->tables().UpdateTable(table);
  }
  ASSIGN_OR_RETURN(model::Partition partition,
                   txn->partitions().GetPartition(desc.database, desc.table, values));
  RETURN_IF_ERROR(txn->statistics().UpsertPartitionColumnStats(stats));
  MarkAccurate(&partition.parameters, names);
  return txn->partitions().UpdatePartition(desc.database, desc.table, values, partition);
}

absl::Status StatisticsService::UpdateColumnStatistics(const model::RequestContext& ctx,
                                                       model::ColumnStatistics stats, bool merge) {
  std::vector<model::ColumnStatistics> batch;
  batch.push_back(std::move(stats));
  return UpdateColumnStatisticsBatch(ctx, std::move(batch), merge);
}

absl::Status StatisticsService::UpdateColumnStatisticsBatch(
    const model::RequestContext& ctx, std::vector<model::ColumnStatistics> batch, bool merge) {
  // The call acts on the first entry's table (an empty batch on the
  // catalog); a batch that reaches further tables (Hive allows it, clients do
  // not send it) asks for each of them too.
  const auto action_of = [](const model::ColumnStatistics& s) {
    return s.desc.is_table_level ? actions::kUpdateColumnStatisticsForTable
                                 : actions::kUpdateColumnStatisticsForPartition;
  };
  const std::string_view action =
      batch.empty() ? actions::kUpdateColumnStatisticsForPartition : action_of(batch.front());
  std::string resource = batch.empty() ? core_->arns().Catalog()
                                       : core_->arns().Table(batch.front().desc.database,
                                                             batch.front().desc.table);
  std::set<std::pair<std::string_view, std::string>> asked = {{action, resource}};
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, action, std::move(resource)));
  // A batch is usually one table's partitions: build an ARN only where the
  // table or the level changes from the entry before.
  const model::ColumnStatistics* previous = batch.empty() ? nullptr : &batch.front();
  for (const model::ColumnStatistics& stats : batch) {
    if (stats.desc.database == previous->desc.database &&
        stats.desc.table == previous->desc.table &&
        stats.desc.is_table_level == previous->desc.is_table_level) {
      continue;
    }
    previous = &stats;
    std::string arn = core_->arns().Table(stats.desc.database, stats.desc.table);
    if (asked.emplace(action_of(stats), arn).second) {
      RETURN_IF_ERROR(core_->gate().Check(ctx, action_of(stats), arn));
    }
  }
  for (model::ColumnStatistics& stats : batch) {
    RETURN_IF_ERROR(UpdateInTransaction(txn.get(), stats, merge));
    model::ColumnStatistics& stored = stats;
    std::string object = stored.desc.is_table_level
                             ? QualifiedTableName(stored.desc.database, stored.desc.table)
                             : internal::PartitionDisplayName(stored.desc.database,
                                                              stored.desc.table,
                                                              stored.desc.partition_name);
    txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kUpdateColumnStatistics,
                                   .object = std::move(object),
                                   .after = std::move(stored)});
  }
  return txn.Commit();
}

absl::StatusOr<model::ColumnStatistics> StatisticsService::GetTableColumnStatistics(
    const model::RequestContext& ctx, std::string_view db, std::string_view table,
    const std::vector<std::string>& columns, std::string_view engine) {
  model::ColumnStatistics out;
  out.desc.is_table_level = true;
  out.desc.database = Lower(db);
  out.desc.table = Lower(table);
  out.engine = EngineOrDefault(engine);
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kGetColumnStatisticsForTable,
                                                     core_->arns().Table(db, table)));
  ASSIGN_OR_RETURN(out.columns,
                   txn->statistics().GetTableColumnStats(out.desc.database, out.desc.table, out.engine,
                                            LowerAll(columns), &out.desc.last_analyzed));
  return out;
}

absl::StatusOr<std::vector<model::PartitionColumnStatistics>>
StatisticsService::GetPartitionColumnStatistics(const model::RequestContext& ctx,
                                                std::string_view db, std::string_view table,
                                                const std::vector<std::string>& partition_names,
                                                const std::vector<std::string>& columns,
                                                std::string_view engine) {
  const std::string d = Lower(db);
  const std::string t = Lower(table);
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetColumnStatisticsForPartition,
                                      core_->arns().Table(d, t)));
  ASSIGN_OR_RETURN(model::Table tbl, txn->tables().GetTable(d, t));
  if (partition_names.empty()) return std::vector<model::PartitionColumnStatistics>{};
  std::vector<std::string> names;
  for (const std::string& n : partition_names) {
    ASSIGN_OR_RETURN(std::string canonical, CanonicalPartitionName(tbl, n, false, nullptr));
    names.push_back(std::move(canonical));
  }
  return txn->statistics().GetPartitionColumnStats(d, t, EngineOrDefault(engine), names, LowerAll(columns));
}

absl::StatusOr<model::AggregateColumnStatistics>
StatisticsService::AggregatePartitionColumnStatistics(
    const model::RequestContext& ctx, std::string_view db, std::string_view table,
    const std::vector<std::string>& partition_names, const std::vector<std::string>& columns,
    std::string_view engine) {
  model::AggregateColumnStatistics out;
  ASSIGN_OR_RETURN(std::vector<model::PartitionColumnStatistics> parts,
                   GetPartitionColumnStatistics(ctx, db, table, partition_names, columns, engine));
  if (columns.empty()) return out;
  std::vector<std::string> wanted = LowerAll(columns);
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  for (const std::string& column : wanted) {
    std::optional<model::ColumnStatisticsObj> merged;
    for (const model::PartitionColumnStatistics& p : parts) {
      for (const model::ColumnStatisticsObj& obj : p.columns) {
        if (obj.column_name != column) continue;
        if (!merged.has_value()) {
          merged = obj;
        } else if (obj.data.index() == merged->data.index()) {
          // Partitions analysed before a type change hold another family;
          // they cannot be combined and are left out.
          RETURN_IF_ERROR(MergeColumnStatistics(obj.data, &merged->data));
        }
      }
    }
    if (merged.has_value()) out.columns.push_back(*std::move(merged));
  }
  for (const model::PartitionColumnStatistics& p : parts) {
    std::set<std::string> have;
    for (const model::ColumnStatisticsObj& obj : p.columns) have.insert(obj.column_name);
    if (std::all_of(wanted.begin(), wanted.end(),
                    [&](const std::string& c) { return have.contains(c); })) {
      ++out.partitions_found;
    }
  }
  return out;
}

absl::Status StatisticsService::DeleteTableColumnStatistics(const model::RequestContext& ctx,
                                                            std::string_view db,
                                                            std::string_view table,
                                                            std::string_view column,
                                                            std::string_view engine,
                                                            bool if_exists) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kDeleteColumnStatisticsForTable,
                                       core_->arns().Table(db, table)));
  RETURN_IF_ERROR(DeleteTableInTransaction(txn, db, table, column, engine, if_exists));
  return txn.Commit();
}

absl::Status StatisticsService::DeleteTableInTransaction(WriteScope& txn, std::string_view db,
                                                         std::string_view table,
                                                         std::string_view column,
                                                         std::string_view engine, bool if_exists) {
  const std::string d = Lower(db);
  const std::string t = Lower(table);
  const std::string c = Lower(column);
  ASSIGN_OR_RETURN(model::Table tbl, txn->tables().GetTable(d, t));
  ASSIGN_OR_RETURN(int64_t deleted, txn->statistics().DeleteTableColumnStats(d, t, engine, c));
  if (deleted == 0 && !c.empty() && !if_exists) {
    return absl::NotFoundError(absl::StrCat("statistics of column '", c, "' of table '",
                                            QualifiedTableName(d, t), "' not found"));
  }
  if (UnmarkAccurate(&tbl.parameters, c)) RETURN_IF_ERROR(txn->tables().UpdateTable(tbl));
  if (deleted > 0) {
    txn.Record(model::ChangeRecord{
        .kind = model::ChangeKind::kDeleteColumnStatistics,
        .object = absl::StrCat(QualifiedTableName(d, t), c.empty() ? "" : ".", c)});
  }
  return absl::OkStatus();
}

absl::Status StatisticsService::DeletePartitionColumnStatistics(
    const model::RequestContext& ctx, std::string_view db, std::string_view table,
    std::string_view partition_name, std::string_view column, std::string_view engine,
    bool if_exists) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kDeleteColumnStatisticsForPartition,
                                       core_->arns().Table(db, table)));
  RETURN_IF_ERROR(
      DeletePartitionInTransaction(txn, db, table, partition_name, column, engine, if_exists));
  return txn.Commit();
}

absl::Status StatisticsService::DeletePartitionInTransaction(
    WriteScope& txn, std::string_view db, std::string_view table,
    std::string_view partition_name, std::string_view column, std::string_view engine,
    bool if_exists) {
  const std::string d = Lower(db);
  const std::string t = Lower(table);
  const std::string c = Lower(column);
  ASSIGN_OR_RETURN(model::Table tbl, txn->tables().GetTable(d, t));
  // The partitions whose COLUMN_STATS_ACCURATE may need unmarking.
  std::vector<std::vector<std::string>> touched;
  std::string name;
  if (!partition_name.empty()) {
    std::vector<std::string> values;
    ASSIGN_OR_RETURN(name, CanonicalPartitionName(tbl, partition_name, true, &values));
    touched.push_back(std::move(values));
  } else {
    ASSIGN_OR_RETURN(std::vector<model::PartitionColumnStatistics> parts,
                     txn->statistics().GetPartitionColumnStats(d, t, EngineOrDefault(engine), {}, {}));
    for (const model::PartitionColumnStatistics& p : parts) {
      ASSIGN_OR_RETURN(std::vector<std::string> values,
                       model::PartitionValuesFromName(tbl.partition_keys, p.partition_name));
      touched.push_back(std::move(values));
    }
  }
  ASSIGN_OR_RETURN(int64_t deleted, txn->statistics().DeletePartitionColumnStats(d, t, name, engine, c));
  if (deleted == 0 && !c.empty() && !if_exists) {
    return absl::NotFoundError(absl::StrCat(
        "statistics of column '", c, "' of partition '",
        internal::PartitionDisplayName(d, t, name.empty() ? "*" : name), "' not found"));
  }
  for (const std::vector<std::string>& values : touched) {
    ASSIGN_OR_RETURN(model::Partition p, txn->partitions().GetPartition(d, t, values));
    if (UnmarkAccurate(&p.parameters, c)) RETURN_IF_ERROR(txn->partitions().UpdatePartition(d, t, values, p));
  }
  if (deleted > 0) {
    txn.Record(model::ChangeRecord{
        .kind = model::ChangeKind::kDeleteColumnStatistics,
        .object = absl::StrCat(internal::PartitionDisplayName(d, t, name.empty() ? "*" : name),
                               c.empty() ? "" : ".", c)});
  }
  return absl::OkStatus();
}

absl::Status StatisticsService::DeleteColumnStatistics(const model::RequestContext& ctx,
                                                       std::string_view db, std::string_view table,
                                                       bool table_level,
                                                       const std::vector<std::string>& partitions,
                                                       const std::vector<std::string>& columns,
                                                       std::string_view engine) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx,
                                       table_level ? actions::kDeleteColumnStatisticsForTable
                                                   : actions::kDeleteColumnStatisticsForPartition,
                                       core_->arns().Table(db, table)));
  const std::vector<std::string> every = {""};  // "" = every column / every partition
  const std::vector<std::string>& cols = columns.empty() ? every : columns;
  const std::vector<std::string>& parts = partitions.empty() ? every : partitions;
  for (const std::string& column : cols) {
    if (table_level) {
      RETURN_IF_ERROR(DeleteTableInTransaction(txn, db, table, column, engine, true));
      continue;
    }
    for (const std::string& partition : parts) {
      // Missing statistics are forgiven; a missing partition still fails.
      RETURN_IF_ERROR(
          DeletePartitionInTransaction(txn, db, table, partition, column, engine, true));
    }
  }
  return txn.Commit();
}

}  // namespace almanac::service
