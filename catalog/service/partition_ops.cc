// CatalogService: partition writes and point reads. Every batch runs in one
// write transaction that is committed only when every element succeeded, so
// a batch with one bad element leaves the catalog untouched.
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "catalog/model/names.h"
#include "catalog/service/catalog_service.h"
#include "catalog/service/notification_events.h"
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
  absl::StatusOr<model::Partition> found = txn->GetPartition(table.database, table.name, values);
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
                   txn->GetPartitionsByNames(table.database, table.name, names));
  for (const model::Partition& p : found) {
    ASSIGN_OR_RETURN(std::string name, model::MakePartitionName(table.partition_keys, p.values));
    out.insert(std::move(name));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<model::Partition>> CatalogService::AddPartitions(
    const model::RequestContext& ctx, std::string_view db, std::string_view table_name,
    std::vector<model::Partition> partitions, bool if_not_exists) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::WriteTransaction> txn, store_->BeginWrite());
  ASSIGN_OR_RETURN(model::Table table,
                   txn->GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
  const int64_t now = internal::NowSeconds();
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
    RETURN_IF_ERROR(txn->CreatePartitions(table.database, table.name, added));
    RETURN_IF_ERROR(internal::NotifyAddPartitions(txn.get(), table, added));
  }
  RETURN_IF_ERROR(txn->Commit());
  return added;
}

absl::StatusOr<model::Partition> CatalogService::GetPartition(
    const model::RequestContext& ctx, std::string_view db, std::string_view table_name,
    const std::vector<std::string>& values) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::ReadTransaction> txn, store_->BeginRead());
  ASSIGN_OR_RETURN(model::Table table,
                   txn->GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
  RETURN_IF_ERROR(CheckedPartitionName(table, values).status());
  return txn->GetPartition(table.database, table.name, values);
}

absl::StatusOr<std::vector<model::Partition>> CatalogService::GetPartitionsByValues(
    const model::RequestContext& ctx, std::string_view db, std::string_view table_name,
    const std::vector<std::vector<std::string>>& values) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::ReadTransaction> txn, store_->BeginRead());
  ASSIGN_OR_RETURN(model::Table table,
                   txn->GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
  std::vector<std::string> names;
  names.reserve(values.size());
  for (const std::vector<std::string>& v : values) {
    ASSIGN_OR_RETURN(std::string name, CheckedPartitionName(table, v));
    names.push_back(std::move(name));
  }
  return txn->GetPartitionsByNames(table.database, table.name, names);
}

absl::StatusOr<std::vector<model::Partition>> CatalogService::GetPartitionsByNames(
    const model::RequestContext& ctx, std::string_view db, std::string_view table_name,
    const std::vector<std::string>& names) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::ReadTransaction> txn, store_->BeginRead());
  ASSIGN_OR_RETURN(model::Table table,
                   txn->GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
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
  return txn->GetPartitionsByNames(table.database, table.name, canonical);
}

absl::Status CatalogService::DropPartitions(const model::RequestContext& ctx, std::string_view db,
                                            std::string_view table_name,
                                            const std::vector<std::vector<std::string>>& values,
                                            bool if_exists, bool delete_data) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::WriteTransaction> txn, store_->BeginWrite());
  ASSIGN_OR_RETURN(model::Table table,
                   txn->GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
  // Directories to delete once the drop committed. Only those under the
  // table's own: a partition pointing elsewhere points at data someone else
  // may share.
  std::vector<std::string> doomed;
  const bool deletes_data = delete_data && DropDeletesData(table);
  std::set<std::string> done;
  for (const std::vector<std::string>& v : values) {
    ASSIGN_OR_RETURN(std::string name, CheckedPartitionName(table, v));
    // Naming a partition twice in one drop is harmless: drop it once.
    if (!done.insert(name).second) continue;
    absl::StatusOr<model::Partition> existing = txn->GetPartition(table.database, table.name, v);
    if (absl::IsNotFound(existing.status()) && if_exists) continue;
    RETURN_IF_ERROR(existing.status());
    RETURN_IF_ERROR(txn->DeletePartition(table.database, table.name, v));
    RETURN_IF_ERROR(internal::NotifyDropPartition(txn.get(), table, *existing));
    if (deletes_data && LocationIsUnder(existing->sd.location, table.sd.location) &&
        !LocationIsUnder(table.sd.location, existing->sd.location)) {
      doomed.push_back(existing->sd.location);
    }
  }
  RETURN_IF_ERROR(txn->Commit());
  for (const std::string& location : doomed) {
    AfterCommit(options_.warehouse->DeleteRecursively(location));
  }
  return absl::OkStatus();
}

absl::Status CatalogService::UpdatePartitions(const model::RequestContext& ctx,
                                              std::string_view db, std::string_view table_name,
                                              std::vector<model::Partition> partitions) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::WriteTransaction> txn, store_->BeginWrite());
  ASSIGN_OR_RETURN(model::Table table,
                   txn->GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
  std::set<std::string> names;
  for (model::Partition& p : partitions) {
    ASSIGN_OR_RETURN(std::string name, CheckedPartitionName(table, p.values));
    if (!names.insert(name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("partition '", Display(table, name), "' appears twice in the request"));
    }
    ASSIGN_OR_RETURN(model::Partition existing,
                     txn->GetPartition(table.database, table.name, p.values));
    NormalizePartitionValues(&p.values);
    p.database = table.database;
    p.table = table.name;
    p.create_time = existing.create_time;
    if (p.sd.location.empty()) p.sd.location = existing.sd.location;
    if (p.sd.columns.empty()) p.sd.columns = existing.sd.columns;
    RETURN_IF_ERROR(NormalizeColumns(&p.sd.columns, "column"));
    RETURN_IF_ERROR(txn->UpdatePartition(table.database, table.name, p.values, p));
    RETURN_IF_ERROR(internal::NotifyAlterPartition(txn.get(), table, existing, p));
  }
  return txn->Commit();
}

absl::Status CatalogService::RenamePartition(const model::RequestContext& ctx,
                                             std::string_view db, std::string_view table_name,
                                             const std::vector<std::string>& old_values,
                                             model::Partition partition) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::WriteTransaction> txn, store_->BeginWrite());
  ASSIGN_OR_RETURN(model::Table table,
                   txn->GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
  ASSIGN_OR_RETURN(std::string old_name, CheckedPartitionName(table, old_values));
  ASSIGN_OR_RETURN(std::string new_name, CheckedPartitionName(table, partition.values));
  ASSIGN_OR_RETURN(model::Partition existing,
                   txn->GetPartition(table.database, table.name, old_values));
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
  RETURN_IF_ERROR(txn->UpdatePartition(table.database, table.name, old_values, partition));
  RETURN_IF_ERROR(internal::NotifyAlterPartition(txn.get(), table, existing, partition));
  return txn->Commit();
}

}  // namespace almanac::service
