#include "catalog/service/partition_service.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "catalog/model/hive_type.h"
#include "catalog/model/key_value.h"
#include "catalog/model/names.h"
#include "catalog/service/actions.h"
#include "catalog/service/page_token.h"
#include "catalog/service/partition_filter_plan.h"
#include "catalog/service/service_internal.h"
#include "catalog/service/validation.h"
#include "catalog/service/warehouse.h"
#include "common/status_macros.h"

namespace almanac::service {
namespace {

absl::Status NotPartitioned(const model::Table& table) {
  return absl::InvalidArgumentError(absl::StrCat(
      "table '", QualifiedTableName(table.database, table.name), "' is not partitioned"));
}

// Checks `values` against the table and returns the partition's name.
absl::StatusOr<std::string> CheckedPartitionName(const model::Table& table,
                                                 const std::vector<std::string>& values) {
  if (table.partition_keys.empty()) return NotPartitioned(table);
  RETURN_IF_ERROR(ValidatePartitionValues(table, values));
  return model::MakePartitionName(table.partition_keys, values);
}

std::string Display(const model::Table& table, std::string_view partition_name) {
  return internal::PartitionDisplayName(table.database, table.name, partition_name);
}

// Fills what a client may leave out of a new partition's storage descriptor
// from the table (Glue clients often send only values and a location).
absl::Status FillNewPartition(const model::Table& table, std::string_view name, int64_t now,
                              model::Partition* p) {
  NormalizePartitionValues(&p->values);
  p->database = table.database;
  p->table = table.name;
  if (p->sd.columns.empty()) p->sd.columns = table.sd.columns;
  RETURN_IF_ERROR(NormalizeColumns(&p->sd.columns, "column"));
  if (p->sd.input_format.empty()) p->sd.input_format = table.sd.input_format;
  if (p->sd.output_format.empty()) p->sd.output_format = table.sd.output_format;
  if (p->sd.serde.serialization_library.empty()) p->sd.serde = table.sd.serde;
  if (p->sd.location.empty() && !table.sd.location.empty()) {
    p->sd.location = internal::JoinPath(table.sd.location, name);
  }
  p->create_time = now;
  return absl::OkStatus();
}

// NotFound is the expected answer when probing for a partition; anything else
// is a real failure.
absl::StatusOr<bool> PartitionExists(storage::ReadTransaction* txn, const model::Table& table,
                                     const std::vector<std::string>& values) {
  absl::StatusOr<model::Partition> found = txn->partitions().GetPartition(table.database, table.name, values);
  if (found.ok()) return true;
  if (absl::IsNotFound(found.status())) return false;
  return found.status();
}

// Which of `names` (canonical partition names of `table`) already exist.
absl::StatusOr<std::set<std::string>> ExistingPartitionNames(
    storage::ReadTransaction* txn, const model::Table& table,
    const std::vector<std::string>& names) {
  std::set<std::string> out;
  if (names.empty()) return out;
  ASSIGN_OR_RETURN(std::vector<model::Partition> found,
                   txn->partitions().GetPartitionsByNames(table.database, table.name, names));
  for (const model::Partition& p : found) {
    ASSIGN_OR_RETURN(std::string name, model::MakePartitionName(table.partition_keys, p.values));
    out.insert(std::move(name));
  }
  return out;
}

// ---- listings ----
//
// Paged listings are read in the access path's own order (a partition
// index's key order when one answers the filter), so a page costs about a
// page of rows; storage charges every row it reads to the page's budget. The
// page token records where storage stopped reading (the last row examined,
// not the last one returned), so a page that rejects many candidates still
// moves on. Streamed listings (Hive's) stay in name order.

constexpr int kMaxSegments = 10;

absl::Status ValidateSegment(int segment_number, int total_segments) {
  if (total_segments < 1 || total_segments > kMaxSegments) {
    return absl::InvalidArgumentError(absl::StrCat("total segments ", total_segments,
                                                   " is out of range 1..", kMaxSegments));
  }
  if (segment_number < 0 || segment_number >= total_segments) {
    return absl::InvalidArgumentError(absl::StrCat("segment number ", segment_number,
                                                   " is out of range 0..", total_segments - 1));
  }
  return absl::OkStatus();
}

std::string_view DialectName(model::FilterDialect dialect) {
  return dialect == model::FilterDialect::kHive ? "hive" : "glue";
}

uint64_t PartitionListingFingerprint(std::string_view kind, const model::Table& table,
                                     const model::PartitionListRequest& request) {
  return ListingFingerprint({kind, table.database, table.name, request.filter,
                             DialectName(request.dialect),
                             absl::StrCat(request.segment_number, "/", request.total_segments)});
}

// Decides, candidate by candidate, what goes into one page. Storage charges
// every row it reads to the page's row budget and reports where the next
// page starts; the collector only fills the page and notices when a match
// beyond it shows that another page is due.
class PageCollector {
 public:
  enum class Verdict { kTake, kSkip, kStop };

  PageCollector(const PartitionFilterPlan& plan, int64_t page_size,
                const internal::ItemFilter& visible)
      : plan_(plan), page_size_(page_size), visible_(visible) {}

  // `name` is read only when a listing filter is set.
  Verdict Offer(const std::vector<std::string>& values, std::string_view name) {
    if (!plan_.Matches(values)) return Verdict::kSkip;
    if (visible_ != nullptr && !visible_(name)) return Verdict::kSkip;
    // A match beyond a full page belongs to the next page: declining it
    // leaves storage's resume position just before it.
    if (taken_ == page_size_) return Verdict::kStop;
    ++taken_;
    return Verdict::kTake;
  }

 private:
  const PartitionFilterPlan& plan_;
  const int64_t page_size_;
  const internal::ItemFilter& visible_;
  int64_t taken_ = 0;
};

// Hive's partial specification as a storage filter: equality on the typed
// copy of each leading key with a value, so that the built-in index on the
// leading keys seeks with it. A superset of MatchesPartial (an int key's "7"
// selects "07" too), which every row is still checked against. Keys beyond
// the typed copies are left to that check.
storage::PartitionFilter PartialSpecFilter(const model::Table& table,
                                           const std::vector<std::string>& partial) {
  std::vector<storage::PartitionFilter> terms;
  const size_t typed = std::min<size_t>(
      {partial.size(), table.partition_keys.size(), static_cast<size_t>(storage::kMaxTypedKeys)});
  for (size_t i = 0; i < typed; ++i) {
    if (partial[i].empty()) continue;
    const int key = static_cast<int>(i);
    if (partial[i] == model::kDefaultPartitionName) {
      terms.push_back({.kind = storage::PartitionFilter::Kind::kIsNull, .key_index = key});
      continue;
    }
    absl::StatusOr<model::HiveType> type = model::HiveType::Parse(table.partition_keys[i].type);
    const model::KeyCategory category =
        type.ok() ? model::CategoryOf(*type) : model::KeyCategory::kOther;
    terms.push_back(storage::PartitionFilter::Compare(key, storage::PartitionFilter::Op::kEq,
                                                      model::EncodeKeyValue(category, partial[i])));
  }
  if (terms.empty()) return storage::PartitionFilter::True();
  if (terms.size() == 1) return std::move(terms.front());
  return storage::PartitionFilter::And(std::move(terms));
}

// `filter` AND `more`, without nesting a true side.
storage::PartitionFilter AndFilters(storage::PartitionFilter filter, storage::PartitionFilter more) {
  using Kind = storage::PartitionFilter::Kind;
  if (more.kind == Kind::kTrue) return filter;
  if (filter.kind == Kind::kTrue) return more;
  return storage::PartitionFilter::And({std::move(filter), std::move(more)});
}

// Everything a partition listing needs before it scans.
struct Prepared {
  explicit Prepared(ReadScope scope) : txn(std::move(scope)) {}
  ReadScope txn;
  model::Table table;
  std::optional<PartitionFilterPlan> plan;
  // The gate's per-item question on partition names; null: all visible.
  internal::ItemFilter visible;
  storage::PartitionScan scan;
  std::vector<model::PartitionIndex> indexes;  // only listed for a filter
};

absl::StatusOr<Prepared> Prepare(ServiceCore& core, const model::RequestContext& ctx,
                                 std::string_view db, std::string_view table_name,
                                 std::string_view filter, model::FilterDialect dialect,
                                 int segment_number, int total_segments,
                                 const std::vector<std::string>& partial_values = {}) {
  ASSIGN_OR_RETURN(ReadScope scope, core.gate().Read(ctx, actions::kGetPartitions,
                                                     core.arns().Table(db, table_name)));
  RETURN_IF_ERROR(ValidateSegment(segment_number, total_segments));
  Prepared p(std::move(scope));
  ASSIGN_OR_RETURN(p.table,
                   p.txn->tables().GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
  if (!filter.empty()) {
    ASSIGN_OR_RETURN(p.indexes, p.txn->partitions().ListPartitionIndexes(p.table.database, p.table.name));
  }
  ASSIGN_OR_RETURN(PartitionFilterPlan plan,
                   PartitionFilterPlan::Make(p.table, filter, dialect, p.indexes));
  p.plan.emplace(std::move(plan));
  if (core.gate().filters_listed_items()) {
    p.visible = [&core, &ctx, arn = core.arns().Table(p.table.database, p.table.name)](
                    std::string_view name) {
      return core.gate().Visible(ctx, actions::kGetPartitions, arn, name);
    };
  }
  p.scan.filter = AndFilters(p.plan->pushed(), PartialSpecFilter(p.table, partial_values));
  // A user index Glue's rule picks; otherwise the built-in one on the
  // leading keys, which storage uses only when the filter bounds its first key.
  p.scan.index_hint = p.plan->index_hint();
  if (p.scan.index_hint == "none" && core.options().leading_key_index) {
    p.scan.index_hint = storage::kLeadingKeysIndex;
  }
  p.scan.segment_number = segment_number;
  p.scan.total_segments = total_segments;
  return p;
}

// Sets up a paged listing: index order, the row budget, and the position and
// access path of the page token (a continued listing keeps the path it
// started on, even if the planner would now choose another).
absl::Status PreparePage(Prepared& p, const PartitionPageCursor& cursor, int64_t budget) {
  p.scan.order = storage::ScanOrder::kAccessPath;
  p.scan.max_rows_examined = budget > 0 ? budget : 0;
  p.scan.after_name = cursor.after_name;
  p.scan.after_key = cursor.after_key;
  if (cursor.after_key.empty()) {
    // A name-order token (or the first page). Tokens issued before index
    // order existed are name tokens too, so they resume in name order.
    if (!cursor.after_name.empty()) p.scan.index_hint = "none";
    return absl::OkStatus();
  }
  if (p.indexes.empty()) {
    ASSIGN_OR_RETURN(p.indexes, p.txn->partitions().ListPartitionIndexes(p.table.database, p.table.name));
  }
  bool exists = cursor.after_key.index == storage::kLeadingKeysIndex;
  for (const model::PartitionIndex& index : p.indexes) exists |= index.name == cursor.after_key.index;
  if (!exists) {
    return absl::FailedPreconditionError(absl::StrCat(
        "partition index '", cursor.after_key.index, "' of the page token no longer exists on table '",
        p.table.database, ".", p.table.name, "'; restart the listing"));
  }
  p.scan.index_hint = cursor.after_key.index;
  return absl::OkStatus();
}

// The next page's token from where storage stopped; "" at the end.
absl::StatusOr<std::string> NextToken(uint64_t fingerprint, const storage::ScanStats& stats) {
  if (stats.complete) return std::string();
  if (stats.last_name.empty() && stats.last_key.keys.empty()) {
    // Only a scan that consumed no row at all stops here, which a page of
    // at least one row with a budget of at least one row never does.
    return absl::InternalError("partition listing page made no progress");
  }
  return EncodePartitionPageToken(
      fingerprint, PartitionPageCursor{.after_name = stats.last_name, .after_key = stats.last_key});
}

model::PartitionListExplain MakeExplain(const PartitionFilterPlan& plan, const storage::ScanStats& stats,
                                 int64_t returned) {
  model::PartitionListExplain explain;
  explain.index_used = stats.index_used;
  // The planner's description already says whether candidates are re-checked.
  explain.plan = absl::StrCat(plan.Describe(), "; access path: ", stats.plan);
  explain.rows_examined = stats.rows_examined;
  explain.rows_returned = returned;
  return explain;
}


// The values of a partition named "k1=v1/k2=v2" (keys as named; the table
// checks them).
absl::StatusOr<std::vector<std::string>> ValuesOfName(std::string_view name) {
  ASSIGN_OR_RETURN(auto parsed, model::ParsePartitionName(name));
  std::vector<std::string> values;
  values.reserve(parsed.size());
  for (auto& [key, value] : parsed) values.push_back(std::move(value));
  return values;
}

// The canonical name of a partition of `table` ("" when its values do not
// fit the keys, which storage never hands out).
std::string NameOf(const model::Table& table, const std::vector<std::string>& values) {
  absl::StatusOr<std::string> name = model::MakePartitionName(table.partition_keys, values);
  return name.ok() ? *std::move(name) : std::string();
}

// Hive's partial specification of the *_ps calls: a shorter list constrains
// only the leading keys, and an empty string matches any value.
bool MatchesPartial(const std::vector<std::string>& values,
                    const std::vector<std::string>& partial) {
  if (partial.size() > values.size()) return false;
  for (size_t i = 0; i < partial.size(); ++i) {
    if (!partial[i].empty() && partial[i] != values[i]) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::vector<model::Partition>> PartitionService::AddPartitions(
    const model::RequestContext& ctx, std::string_view db, std::string_view table_name,
    std::vector<model::Partition> partitions, bool if_not_exists) {
  // An empty batch naming no table (Hive's add_partitions([]), which answers
  // 0) acts on the catalog: it asks the gate like any call and adds nothing.
  if (partitions.empty() && db.empty() && table_name.empty()) {
    RETURN_IF_ERROR(
        core_->gate().Check(ctx, actions::kBatchCreatePartition, core_->arns().Catalog()));
    return std::vector<model::Partition>{};
  }
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kBatchCreatePartition, core_->arns().Table(db, table_name)));
  ASSIGN_OR_RETURN(model::Table table,
                   txn->tables().GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
  const int64_t now = core_->NowSeconds();
  // First pass: names, in request order, up to the first invalid or repeated
  // element, whose error is kept to be returned when the second pass gets
  // there (so errors come in the same order as a one-by-one check).
  std::set<std::string> seen;
  std::vector<std::string> names;
  names.reserve(partitions.size());
  absl::Status first_error;
  for (const model::Partition& p : partitions) {
    absl::StatusOr<std::string> name = CheckedPartitionName(table, p.values);
    if (!name.ok()) {
      first_error = name.status();
      break;
    }
    if (!seen.insert(*name).second) {
      first_error = absl::InvalidArgumentError(
          absl::StrCat("partition '", Display(table, *name), "' appears twice in the request"));
      break;
    }
    names.push_back(*std::move(name));
  }
  // One storage lookup for the whole batch: probing each partition alone
  // reloads the table for every element.
  ASSIGN_OR_RETURN(std::set<std::string> existing, ExistingPartitionNames(txn.get(), table, names));
  std::vector<model::Partition> added;
  added.reserve(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    model::Partition& p = partitions[i];
    const std::string& name = names[i];
    if (existing.contains(name)) {
      if (if_not_exists) continue;
      return absl::AlreadyExistsError(
          absl::StrCat("partition '", Display(table, name), "' already exists"));
    }
    RETURN_IF_ERROR(FillNewPartition(table, name, now, &p));
    added.push_back(std::move(p));
  }
  RETURN_IF_ERROR(first_error);
  if (!added.empty()) {
    RETURN_IF_ERROR(txn->partitions().CreatePartitions(table.database, table.name, added));
    txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kAddPartitions,
                                   .object = QualifiedTableName(table.database, table.name),
                                   .after = added,
                                   .table = std::make_shared<const model::Table>(table)});
  }
  RETURN_IF_ERROR(txn.Commit());
  return added;
}

absl::StatusOr<model::Partition> PartitionService::GetPartition(
    const model::RequestContext& ctx, std::string_view db, std::string_view table_name,
    const std::vector<std::string>& values) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetPartition, core_->arns().Table(db, table_name)));
  ASSIGN_OR_RETURN(model::Table table,
                   txn->tables().GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
  RETURN_IF_ERROR(CheckedPartitionName(table, values).status());
  return txn->partitions().GetPartition(table.database, table.name, values);
}

absl::StatusOr<std::vector<model::Partition>> PartitionService::GetPartitionsByValues(
    const model::RequestContext& ctx, std::string_view db, std::string_view table_name,
    const std::vector<std::vector<std::string>>& values) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kBatchGetPartition, core_->arns().Table(db, table_name)));
  ASSIGN_OR_RETURN(model::Table table,
                   txn->tables().GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
  std::vector<std::string> names;
  names.reserve(values.size());
  for (const std::vector<std::string>& v : values) {
    ASSIGN_OR_RETURN(std::string name, CheckedPartitionName(table, v));
    names.push_back(std::move(name));
  }
  return txn->partitions().GetPartitionsByNames(table.database, table.name, names);
}

absl::StatusOr<std::vector<model::Partition>> PartitionService::GetPartitionsByNames(
    const model::RequestContext& ctx, std::string_view db, std::string_view table_name,
    const std::vector<std::string>& names) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kBatchGetPartition, core_->arns().Table(db, table_name)));
  ASSIGN_OR_RETURN(model::Table table,
                   txn->tables().GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
  if (table.partition_keys.empty()) return NotPartitioned(table);
  // Clients may spell keys in another case or escape differently: look up
  // the canonical name storage keeps.
  std::vector<std::string> canonical;
  canonical.reserve(names.size());
  for (const std::string& name : names) {
    ASSIGN_OR_RETURN(std::vector<std::string> values,
                     model::PartitionValuesFromName(table.partition_keys, name));
    ASSIGN_OR_RETURN(std::string canon, model::MakePartitionName(table.partition_keys, values));
    canonical.push_back(std::move(canon));
  }
  return txn->partitions().GetPartitionsByNames(table.database, table.name, canonical);
}

absl::StatusOr<std::vector<model::Partition>> PartitionService::DropPartitions(
    const model::RequestContext& ctx, std::string_view db, std::string_view table_name,
    const std::vector<std::vector<std::string>>& values, bool if_exists, bool delete_data) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kBatchDeletePartition, core_->arns().Table(db, table_name)));
  return DropInTransaction(txn, db, table_name, values, if_exists, delete_data);
}

absl::StatusOr<std::vector<model::Partition>> PartitionService::DropPartitionsByNames(
    const model::RequestContext& ctx, std::string_view db, std::string_view table_name,
    const std::vector<std::string>& names, bool if_exists, bool delete_data) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kBatchDeletePartition, core_->arns().Table(db, table_name)));
  std::vector<std::vector<std::string>> values;
  values.reserve(names.size());
  for (const std::string& name : names) {
    ASSIGN_OR_RETURN(std::vector<std::string> v, ValuesOfName(name));
    values.push_back(std::move(v));
  }
  return DropInTransaction(txn, db, table_name, values, if_exists, delete_data);
}

absl::StatusOr<std::vector<model::Partition>> PartitionService::DropInTransaction(
    WriteScope& txn, std::string_view db, std::string_view table_name,
    const std::vector<std::vector<std::string>>& values, bool if_exists, bool delete_data) {
  ASSIGN_OR_RETURN(model::Table table,
                   txn->tables().GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
  // Directories to delete once the drop committed. Only those under the
  // table's own: a partition pointing elsewhere points at data someone else
  // may share.
  std::vector<std::string> doomed;
  const bool deletes_data = delete_data && internal::DropDeletesData(table);
  const auto shared_table = std::make_shared<const model::Table>(table);
  // Naming a partition twice in one drop is harmless: drop it once.
  std::set<std::string> done;
  std::vector<std::vector<std::string>> unique;
  unique.reserve(values.size());
  for (const std::vector<std::string>& v : values) {
    ASSIGN_OR_RETURN(std::string name, CheckedPartitionName(table, v));
    if (done.insert(std::move(name)).second) unique.push_back(v);
  }
  ASSIGN_OR_RETURN(std::vector<model::Partition> dropped,
                   txn->partitions().DeletePartitions(table.database, table.name, unique,
                                                      if_exists));
  for (const model::Partition& existing : dropped) {
    if (deletes_data && LocationIsUnder(existing.sd.location, table.sd.location) &&
        !LocationIsUnder(table.sd.location, existing.sd.location)) {
      doomed.push_back(existing.sd.location);
    }
    txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kDropPartition,
                                   .object = Display(table, NameOf(table, existing.values)),
                                   .before = existing,
                                   .table = shared_table});
  }
  RETURN_IF_ERROR(txn.Commit());
  for (const std::string& location : doomed) {
    core_->AfterCommit(core_->warehouse().DeleteRecursively(location));
  }
  return dropped;
}

absl::Status PartitionService::UpdatePartitions(const model::RequestContext& ctx,
                                              std::string_view db, std::string_view table_name,
                                              std::vector<model::Partition> partitions) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kBatchUpdatePartition, core_->arns().Table(db, table_name)));
  ASSIGN_OR_RETURN(model::Table table,
                   txn->tables().GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
  std::set<std::string> names;
  const auto shared_table = std::make_shared<const model::Table>(table);
  for (model::Partition& p : partitions) {
    ASSIGN_OR_RETURN(std::string name, CheckedPartitionName(table, p.values));
    if (!names.insert(name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("partition '", Display(table, name), "' appears twice in the request"));
    }
    ASSIGN_OR_RETURN(model::Partition existing,
                     txn->partitions().GetPartition(table.database, table.name, p.values));
    NormalizePartitionValues(&p.values);
    p.database = table.database;
    p.table = table.name;
    p.create_time = existing.create_time;
    if (p.sd.location.empty()) p.sd.location = existing.sd.location;
    if (p.sd.columns.empty()) p.sd.columns = existing.sd.columns;
    RETURN_IF_ERROR(NormalizeColumns(&p.sd.columns, "column"));
    RETURN_IF_ERROR(txn->partitions().UpdatePartition(table.database, table.name, p.values, p));
    txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kAlterPartition,
                                   .object = Display(table, name),
                                   .before = std::move(existing),
                                   .after = std::move(p),
                                   .table = shared_table});
  }
  return txn.Commit();
}

absl::Status PartitionService::RenamePartition(const model::RequestContext& ctx,
                                             std::string_view db, std::string_view table_name,
                                             const std::vector<std::string>& old_values,
                                             model::Partition partition) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kUpdatePartition, core_->arns().Table(db, table_name)));
  ASSIGN_OR_RETURN(model::Table table,
                   txn->tables().GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
  ASSIGN_OR_RETURN(std::string old_name, CheckedPartitionName(table, old_values));
  ASSIGN_OR_RETURN(std::string new_name, CheckedPartitionName(table, partition.values));
  ASSIGN_OR_RETURN(model::Partition existing,
                   txn->partitions().GetPartition(table.database, table.name, old_values));
  if (new_name != old_name) {
    ASSIGN_OR_RETURN(bool exists, PartitionExists(txn.get(), table, partition.values));
    if (exists) {
      return absl::AlreadyExistsError(
          absl::StrCat("partition '", Display(table, new_name), "' already exists"));
    }
  }
  NormalizePartitionValues(&partition.values);
  partition.database = table.database;
  partition.table = table.name;
  partition.create_time = existing.create_time;
  if (partition.sd.columns.empty()) partition.sd.columns = existing.sd.columns;
  RETURN_IF_ERROR(NormalizeColumns(&partition.sd.columns, "column"));
  // Like Hive, a managed table's partition at its default place moves to the
  // new default place; one at an explicit location keeps it.
  const std::string old_default = internal::JoinPath(table.sd.location, old_name);
  if (partition.sd.location.empty() || partition.sd.location == existing.sd.location) {
    partition.sd.location = existing.sd.location;
    if (table.table_type == model::TableType::kManaged && existing.sd.location == old_default) {
      partition.sd.location = internal::JoinPath(table.sd.location, new_name);
    }
  }
  RETURN_IF_ERROR(txn->partitions().UpdatePartition(table.database, table.name, old_values, partition));
  txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kAlterPartition,
                                 .object = Display(table, new_name),
                                 .before = std::move(existing),
                                 .after = std::move(partition),
                                 .table = std::make_shared<const model::Table>(std::move(table))});
  return txn.Commit();
}


absl::StatusOr<model::PartitionListResult> PartitionService::ListPartitions(
    const model::RequestContext& ctx, std::string_view db, std::string_view table_name,
    const model::PartitionListRequest& request) {
  ASSIGN_OR_RETURN(Prepared p, Prepare(*core_, ctx, db, table_name, request.filter, request.dialect,
                                       request.segment_number, request.total_segments));
  const uint64_t fingerprint = PartitionListingFingerprint("partitions", p.table, request);
  ASSIGN_OR_RETURN(PartitionPageCursor cursor,
                   DecodePartitionPageToken(request.page_token, fingerprint));
  RETURN_IF_ERROR(PreparePage(p, cursor, core_->options().max_rows_examined_per_page));
  const int64_t page_size = EffectivePageSize(request.page_size, core_->options().max_page_size);
  if (!p.plan->needs_recheck()) p.scan.limit = page_size + 1;

  model::PartitionListResult result;
  PageCollector collector(*p.plan, page_size, p.visible);
  storage::ScanStats stats;
  RETURN_IF_ERROR(p.txn->partitions().ScanPartitions(
      p.table.database, p.table.name, p.scan,
      [&](model::Partition&& partition) {
        switch (collector.Offer(partition.values, p.visible == nullptr
                                                      ? std::string()
                                                      : NameOf(p.table, partition.values))) {
          case PageCollector::Verdict::kStop:
            return false;
          case PageCollector::Verdict::kSkip:
            return true;
          case PageCollector::Verdict::kTake:
            result.partitions.push_back(std::move(partition));
            return true;
        }
        return false;
      },
      &stats));
  ASSIGN_OR_RETURN(result.next_page_token, NextToken(fingerprint, stats));
  if (request.explain) {
    result.explain = MakeExplain(*p.plan, stats, result.partitions.size());
  }
  return result;
}

absl::StatusOr<model::PartitionNamePage> PartitionService::ListPartitionNames(
    const model::RequestContext& ctx, std::string_view db, std::string_view table_name,
    const model::PartitionListRequest& request) {
  ASSIGN_OR_RETURN(Prepared p, Prepare(*core_, ctx, db, table_name, request.filter, request.dialect,
                                       request.segment_number, request.total_segments));
  const uint64_t fingerprint = PartitionListingFingerprint("partition names", p.table, request);
  ASSIGN_OR_RETURN(PartitionPageCursor cursor,
                   DecodePartitionPageToken(request.page_token, fingerprint));
  RETURN_IF_ERROR(PreparePage(p, cursor, core_->options().max_rows_examined_per_page));
  const int64_t page_size = EffectivePageSize(request.page_size, core_->options().max_page_size);
  if (!p.plan->needs_recheck()) p.scan.limit = page_size + 1;

  model::PartitionNamePage page;
  PageCollector collector(*p.plan, page_size, p.visible);
  absl::Status status;
  storage::ScanStats stats;
  RETURN_IF_ERROR(p.txn->partitions().ScanPartitionNames(
      p.table.database, p.table.name, p.scan,
      [&](std::string_view name) {
        // Values are only needed to re-check a predicate.
        std::vector<std::string> values;
        if (p.plan->needs_recheck()) {
          absl::StatusOr<std::vector<std::string>> parsed =
              model::PartitionValuesFromName(p.table.partition_keys, name);
          if (!parsed.ok()) {
            status = parsed.status();
            return false;
          }
          values = *std::move(parsed);
        }
        switch (collector.Offer(values, name)) {
          case PageCollector::Verdict::kStop:
            return false;
          case PageCollector::Verdict::kSkip:
            return true;
          case PageCollector::Verdict::kTake:
            page.items.emplace_back(name);
            return true;
        }
        return false;
      },
      &stats));
  RETURN_IF_ERROR(status);
  ASSIGN_OR_RETURN(page.next_page_token, NextToken(fingerprint, stats));
  if (request.explain) {
    page.explain = MakeExplain(*p.plan, stats, page.items.size());
  }
  return page;
}

absl::StatusOr<int64_t> PartitionService::CountPartitions(const model::RequestContext& ctx,
                                                        std::string_view db,
                                                        std::string_view table_name,
                                                        std::string_view filter,
                                                        model::FilterDialect dialect) {
  ASSIGN_OR_RETURN(Prepared p, Prepare(*core_, ctx, db, table_name, filter, dialect, 0, 1));
  if (!p.plan->needs_recheck() && p.visible == nullptr) {
    return p.txn->partitions().CountPartitions(p.table.database, p.table.name, p.plan->pushed());
  }
  // Counting needs no order: read the access path's own, never sorted.
  p.scan.order = storage::ScanOrder::kAccessPath;
  int64_t count = 0;
  absl::Status status;
  storage::ScanStats stats;
  RETURN_IF_ERROR(p.txn->partitions().ScanPartitionNames(
      p.table.database, p.table.name, p.scan,
      [&](std::string_view name) {
        absl::StatusOr<std::vector<std::string>> values =
            model::PartitionValuesFromName(p.table.partition_keys, name);
        if (!values.ok()) {
          status = values.status();
          return false;
        }
        if (p.plan->Matches(*values) && (p.visible == nullptr || p.visible(name))) ++count;
        return true;
      },
      &stats));
  RETURN_IF_ERROR(status);
  return count;
}

absl::Status PartitionService::ScanPartitions(const model::RequestContext& ctx,
                                            std::string_view db, std::string_view table_name,
                                            const model::PartitionScanRequest& request,
                                            const model::PartitionVisitor& visit) {
  ASSIGN_OR_RETURN(Prepared p, Prepare(*core_, ctx, db, table_name, request.filter, request.dialect,
                                       request.segment_number, request.total_segments,
                                       request.partial_values));
  const int64_t limit = request.max_partitions > 0 ? request.max_partitions : 0;
  const bool exact = !p.plan->needs_recheck() && request.partial_values.empty() &&
                     p.visible == nullptr;
  if (exact) p.scan.limit = limit;
  int64_t delivered = 0;
  storage::ScanStats stats;
  return p.txn->partitions().ScanPartitions(
      p.table.database, p.table.name, p.scan,
      [&](model::Partition&& partition) {
        if (!p.plan->Matches(partition.values)) return true;
        if (!MatchesPartial(partition.values, request.partial_values)) return true;
        if (p.visible != nullptr && !p.visible(NameOf(p.table, partition.values))) return true;
        ++delivered;
        if (!visit(std::move(partition))) return false;
        return limit == 0 || delivered < limit;
      },
      &stats);
}

absl::StatusOr<std::vector<std::string>> PartitionService::ListAllPartitionNames(
    const model::RequestContext& ctx, std::string_view db, std::string_view table_name,
    const std::vector<std::string>& partial_values, int64_t max_names) {
  ASSIGN_OR_RETURN(Prepared p, Prepare(*core_, ctx, db, table_name, "", model::FilterDialect::kGlue,
                                       0, 1, partial_values));
  std::vector<std::string> out;
  if (max_names == 0) return out;
  if (partial_values.empty() && p.visible == nullptr && max_names > 0) p.scan.limit = max_names;
  absl::Status status;
  storage::ScanStats stats;
  RETURN_IF_ERROR(p.txn->partitions().ScanPartitionNames(
      p.table.database, p.table.name, p.scan,
      [&](std::string_view name) {
        if (!partial_values.empty()) {
          absl::StatusOr<std::vector<std::string>> values =
              model::PartitionValuesFromName(p.table.partition_keys, name);
          if (!values.ok()) {
            status = values.status();
            return false;
          }
          if (!MatchesPartial(*values, partial_values)) return true;
        }
        if (p.visible != nullptr && !p.visible(name)) return true;
        out.emplace_back(name);
        return max_names < 0 || static_cast<int64_t>(out.size()) < max_names;
      },
      &stats));
  RETURN_IF_ERROR(status);
  return out;
}

}  // namespace almanac::service
