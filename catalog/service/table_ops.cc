// CatalogService: table operations.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "catalog/model/names.h"
#include "catalog/service/catalog_service.h"
#include "catalog/service/name_pattern.h"
#include "catalog/service/notification_events.h"
#include "catalog/service/page_token.h"
#include "catalog/service/service_internal.h"
#include "catalog/service/validation.h"
#include "catalog/service/warehouse.h"
#include "common/status_macros.h"

namespace almanac::service {
namespace {

bool IsView(const model::Table& table) {
  return table.table_type == model::TableType::kVirtualView;
}

// Hive moves a managed table's directory on rename only when the table lives
// at its default place; a table created at an explicit location keeps it.
// Spellings of one directory ("file:/a/b/", "file:///a/b") count as equal.
bool MovesWithRename(const model::Table& table, const model::Database& db) {
  if (table.table_type != model::TableType::kManaged) return false;
  const std::string default_location = internal::DefaultTableLocation(db, table.name);
  return table.sd.location == default_location ||
         (LocationIsUnder(table.sd.location, default_location) &&
          LocationIsUnder(default_location, table.sd.location));
}

// Applies the table's data columns to every partition (Hive's CASCADE), in
// chunks so that no scan is open while rows are rewritten.
absl::Status CascadeColumns(storage::WriteTransaction* txn, const model::Table& table) {
  constexpr int64_t kChunk = 1000;
  std::string after;
  while (true) {
    std::vector<model::Partition> chunk;
    storage::PartitionScan scan{.after_name = after, .limit = kChunk};
    storage::ScanStats stats;
    RETURN_IF_ERROR(txn->ScanPartitions(
        table.database, table.name, scan,
        [&](model::Partition&& p) {
          chunk.push_back(std::move(p));
          return true;
        },
        &stats));
    for (model::Partition& p : chunk) {
      if (p.sd.columns == table.sd.columns) continue;
      p.sd.columns = table.sd.columns;
      RETURN_IF_ERROR(txn->UpdatePartition(table.database, table.name, p.values, p));
    }
    if (static_cast<int64_t>(chunk.size()) < kChunk) return absl::OkStatus();
    ASSIGN_OR_RETURN(after, model::MakePartitionName(table.partition_keys, chunk.back().values));
  }
}

}  // namespace

absl::StatusOr<model::Table> CatalogService::CreateTable(
    const model::RequestContext& ctx, model::Table table,
    std::vector<model::PrivilegeGrant> owner_grants) {
  RETURN_IF_ERROR(NormalizeTable(&table));
  for (const model::PrivilegeGrant& grant : owner_grants) {
    if (grant.grantee.name.empty() || grant.privilege.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("a privilege given with table '",
                       QualifiedTableName(table.database, table.name),
                       "' has no grantee or no privilege name"));
    }
  }
  ASSIGN_OR_RETURN(std::unique_ptr<storage::WriteTransaction> txn, store_->BeginWrite());
  ASSIGN_OR_RETURN(model::Database db, txn->GetDatabase(table.database));
  // Hive gives every table but a view a directory, external ones included.
  if (!IsView(table) && table.sd.location.empty()) {
    table.sd.location = internal::DefaultTableLocation(db, table.name);
  }
  table.create_time = internal::NowSeconds();
  table.update_time = table.create_time;
  if (table.owner.empty()) {
    table.owner = ctx.principal;
    table.owner_type = model::PrincipalType::kUser;
  }
  RETURN_IF_ERROR(txn->CreateTable(table));
  // As the Java metastore does with Table.privileges.
  for (model::PrivilegeGrant& grant : owner_grants) {
    grant.object = {.kind = model::ObjectKind::kTable,
                    .database = table.database,
                    .table = table.name};
    grant.privilege = absl::AsciiStrToUpper(grant.privilege);
    grant.create_time = table.create_time;
    if (grant.grantor.name.empty()) grant.grantor = {ctx.principal, model::PrincipalType::kUser};
    RETURN_IF_ERROR(txn->PutPrivilege(grant));
  }
  RETURN_IF_ERROR(internal::NotifyCreateTable(txn.get(), table));
  RETURN_IF_ERROR(txn->Commit());
  // Like the Java metastore, a managed table gets its directory at once
  // (external tables point at data someone else owns).
  if (table.table_type == model::TableType::kManaged && !table.sd.location.empty()) {
    AfterCommit(options_.warehouse->MakeDirectory(table.sd.location));
  }
  return table;
}

absl::StatusOr<model::Table> CatalogService::GetTable(const model::RequestContext& ctx,
                                                      std::string_view db,
                                                      std::string_view name) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::ReadTransaction> txn, store_->BeginRead());
  return txn->GetTable(model::ToLowerName(db), model::ToLowerName(name));
}

absl::StatusOr<std::vector<model::Table>> CatalogService::GetTables(
    const model::RequestContext& ctx, std::string_view db, const std::vector<std::string>& names) {
  const std::string lower_db = model::ToLowerName(db);
  ASSIGN_OR_RETURN(std::unique_ptr<storage::ReadTransaction> txn, store_->BeginRead());
  std::vector<model::Table> tables;
  tables.reserve(names.size());
  for (const std::string& name : names) {
    absl::StatusOr<model::Table> table = txn->GetTable(lower_db, model::ToLowerName(name));
    if (absl::IsNotFound(table.status())) continue;
    RETURN_IF_ERROR(table.status());
    tables.push_back(*std::move(table));
  }
  return tables;
}

absl::StatusOr<Page<std::string>> CatalogService::ListTables(const model::RequestContext& ctx,
                                                             std::string_view db,
                                                             std::string_view pattern,
                                                             std::string_view page_token,
                                                             int64_t page_size) {
  const std::string lower_db = model::ToLowerName(db);
  const std::string lower_pattern = model::ToLowerName(pattern);
  const uint64_t fingerprint = ListingFingerprint({"tables", lower_db, lower_pattern});
  ASSIGN_OR_RETURN(std::unique_ptr<storage::ReadTransaction> txn, store_->BeginRead());
  // An empty listing must still tell a missing database apart.
  RETURN_IF_ERROR(txn->GetDatabase(lower_db).status());
  return internal::PageOfMatchingNames(
      [&](const storage::PageRequest& request) {
        return txn->ListTableNames(lower_db, request);
      },
      NamePattern(lower_pattern), fingerprint, page_token,
      EffectivePageSize(page_size, options_.max_page_size));
}

absl::StatusOr<model::Table> CatalogService::UpdateTable(const model::RequestContext& ctx,
                                                         model::Table table,
                                                         const UpdateTableOptions& options) {
  RETURN_IF_ERROR(NormalizeTable(&table));
  const std::string qualified = QualifiedTableName(table.database, table.name);
  const std::string addressed_db = options.addressed_database.empty()
                                       ? table.database
                                       : model::ToLowerName(options.addressed_database);
  const std::string addressed_name = options.addressed_name.empty()
                                         ? table.name
                                         : model::ToLowerName(options.addressed_name);
  const bool renames = addressed_db != table.database || addressed_name != table.name;
  if (renames && !options.allow_rename) {
    return absl::InvalidArgumentError(
        absl::StrCat("table '", QualifiedTableName(addressed_db, addressed_name),
                     "' cannot be renamed to '", qualified, "' by an update; use RenameTable"));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<storage::WriteTransaction> txn, store_->BeginWrite());
  // A rename happens first, in the same transaction: the update then applies
  // under the new name, and one event describes both (as Hive's alter_table).
  std::optional<RenameStep> rename;
  if (renames) {
    ASSIGN_OR_RETURN(rename, RenameInTransaction(txn.get(), addressed_db, addressed_name,
                                                 table.database, table.name));
    // The location is the one the rename chose unless the caller sets one.
    if (!rename->new_location.empty()) table.sd.location.clear();
  }
  ASSIGN_OR_RETURN(model::Table existing, txn->GetTable(table.database, table.name));

  // The compare-and-set is checked in the same write transaction that applies
  // the update: no other writer can change the parameter in between.
  if (!options.expected_parameter_key.empty()) {
    auto it = existing.parameters.find(options.expected_parameter_key);
    if (it == existing.parameters.end()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "table '", qualified, "' parameter '", options.expected_parameter_key,
          "' is not set, expected '", options.expected_parameter_value, "'"));
    }
    if (it->second != options.expected_parameter_value) {
      return absl::FailedPreconditionError(absl::StrCat(
          "table '", qualified, "' parameter '", options.expected_parameter_key, "' is '",
          it->second, "', expected '", options.expected_parameter_value, "'"));
    }
  }

  if (table.partition_keys != existing.partition_keys) {
    ASSIGN_OR_RETURN(int64_t partitions,
                     txn->CountPartitions(table.database, table.name,
                                          storage::PartitionFilter::True()));
    if (partitions > 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot change the partition keys of table '", qualified, "': it has ",
                       partitions, partitions == 1 ? " partition" : " partitions"));
    }
  }

  table.create_time = existing.create_time;
  table.update_time = internal::NowSeconds();
  if (table.owner.empty()) {
    table.owner = existing.owner;
    table.owner_type = existing.owner_type;
  }
  if (!IsView(table) && table.sd.location.empty()) table.sd.location = existing.sd.location;

  RETURN_IF_ERROR(txn->UpdateTable(table));
  if (options.cascade && !table.partition_keys.empty()) {
    RETURN_IF_ERROR(CascadeColumns(txn.get(), table));
  }
  RETURN_IF_ERROR(
      internal::NotifyAlterTable(txn.get(), rename ? rename->before : existing, table));
  if (rename) {
    RETURN_IF_ERROR(CommitRename(txn.get(), *rename));
  } else {
    RETURN_IF_ERROR(txn->Commit());
  }
  return table;
}

absl::StatusOr<CatalogService::RenameStep> CatalogService::RenameInTransaction(
    storage::WriteTransaction* txn, std::string_view db, std::string_view name,
    std::string_view new_db, std::string_view new_name) {
  RETURN_IF_ERROR(model::ValidateDatabaseName(new_db));
  RETURN_IF_ERROR(model::ValidateTableName(new_name));
  const std::string from_db = model::ToLowerName(db);
  const std::string from_name = model::ToLowerName(name);
  const std::string to_db = model::ToLowerName(new_db);
  const std::string to_name = model::ToLowerName(new_name);

  RenameStep step;
  ASSIGN_OR_RETURN(step.before, txn->GetTable(from_db, from_name));
  ASSIGN_OR_RETURN(model::Database source_db, txn->GetDatabase(from_db));
  ASSIGN_OR_RETURN(model::Database target_db, txn->GetDatabase(to_db));
  if (from_db == to_db && from_name == to_name) {
    step.after = step.before;
    return step;
  }
  absl::StatusOr<model::Table> clash = txn->GetTable(to_db, to_name);
  if (clash.ok()) {
    return absl::AlreadyExistsError(
        absl::StrCat("table '", QualifiedTableName(to_db, to_name), "' already exists"));
  }
  if (!absl::IsNotFound(clash.status())) return clash.status();

  std::string new_location;
  if (MovesWithRename(step.before, source_db)) {
    new_location = internal::DefaultTableLocation(target_db, to_name);
  }
  RETURN_IF_ERROR(txn->RenameTable(from_db, from_name, to_db, to_name, new_location));
  ASSIGN_OR_RETURN(step.after, txn->GetTable(to_db, to_name));
  if (!new_location.empty() && new_location != step.before.sd.location) {
    step.new_location = new_location;
  }
  return step;
}

// The data moves with the table, and before the commit, so that a move that
// fails (target exists, permissions) leaves the catalog untouched and the
// client gets the error, as from the Java metastore. A failed commit moves the
// directory back. A crash between the move and the commit leaves the data at
// the new directory and the catalog at the old name: the one window, which
// Hive has too; moving the directory back repairs it.
absl::Status CatalogService::CommitRename(storage::WriteTransaction* txn,
                                          const RenameStep& step) {
  bool moved = false;
  if (!step.new_location.empty()) {
    absl::Status move =
        options_.warehouse->MoveDirectory(step.before.sd.location, step.new_location);
    if (absl::IsAlreadyExists(move)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot rename table '", QualifiedTableName(step.before.database, step.before.name),
          "' to '", QualifiedTableName(step.after.database, step.after.name),
          "': its new directory '", step.new_location, "' already exists"));
    }
    if (absl::IsUnimplemented(move)) {
      DataWarning(move);  // e.g. s3a: the catalog follows, the data stays
    } else if (!absl::IsNotFound(move)) {  // NotFound: no data yet, nothing to move
      RETURN_IF_ERROR(move);
      moved = true;
    }
  }
  absl::Status committed = txn->Commit();
  if (!committed.ok() && moved) {
    AfterCommit(options_.warehouse->MoveDirectory(step.new_location, step.before.sd.location));
  }
  return committed;
}

absl::Status CatalogService::RenameTable(const model::RequestContext& ctx, std::string_view db,
                                         std::string_view name, std::string_view new_db,
                                         std::string_view new_name) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::WriteTransaction> txn, store_->BeginWrite());
  ASSIGN_OR_RETURN(RenameStep step, RenameInTransaction(txn.get(), db, name, new_db, new_name));
  if (step.before.database == step.after.database && step.before.name == step.after.name) {
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(internal::NotifyAlterTable(txn.get(), step.before, step.after));
  return CommitRename(txn.get(), step);
}

absl::Status CatalogService::DropTable(const model::RequestContext& ctx, std::string_view db,
                                       std::string_view name, bool delete_data) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::WriteTransaction> txn, store_->BeginWrite());
  ASSIGN_OR_RETURN(model::Table dropped,
                   txn->GetTable(model::ToLowerName(db), model::ToLowerName(name)));
  RETURN_IF_ERROR(txn->DeleteTable(dropped.database, dropped.name));
  RETURN_IF_ERROR(internal::NotifyDropTable(txn.get(), dropped));
  RETURN_IF_ERROR(txn->Commit());
  // Data goes only after the catalog no longer names it: a crash in between
  // leaves an orphan directory, never a table without its files.
  if (delete_data && DropDeletesData(dropped) && !dropped.sd.location.empty()) {
    AfterCommit(options_.warehouse->DeleteRecursively(dropped.sd.location));
  }
  return absl::OkStatus();
}

}  // namespace almanac::service
