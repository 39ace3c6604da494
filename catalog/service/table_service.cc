#include "catalog/service/table_service.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "catalog/model/names.h"
#include "catalog/service/actions.h"
#include "catalog/service/schema_reference.h"
#include "catalog/service/name_pattern.h"
#include "catalog/service/page_token.h"
#include "catalog/service/service_internal.h"
#include "catalog/service/validation.h"
#include "catalog/service/warehouse.h"
#include "common/absl_view.h"
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
    RETURN_IF_ERROR(txn->partitions().ScanPartitions(
        table.database, table.name, scan,
        [&](model::Partition&& p) {
          chunk.push_back(std::move(p));
          return true;
        },
        &stats));
    for (model::Partition& p : chunk) {
      if (p.sd.columns == table.sd.columns) continue;
      p.sd.columns = table.sd.columns;
      RETURN_IF_ERROR(txn->partitions().UpdatePartition(table.database, table.name, p.values, p));
    }
    if (static_cast<int64_t>(chunk.size()) < kChunk) return absl::OkStatus();
    ASSIGN_OR_RETURN(after, model::MakePartitionName(table.partition_keys, chunk.back().values));
  }
}

// Every name of `db` matching `pattern` from one snapshot. One unlimited read:
// a complete name list is what the reader connections' cache keeps, so a
// repeated listing skips SQLite (chunks would miss it).
absl::StatusOr<std::vector<std::string>> AllMatchingTableNames(storage::ReadTransaction* txn,
                                                               const std::string& db,
                                                               const NamePattern& pattern,
                                                               const internal::ItemFilter& visible) {
  ASSIGN_OR_RETURN(std::vector<std::string> names,
                   txn->tables().ListTableNames(db, storage::PageRequest{}));
  return internal::KeepMatching(std::move(names), pattern, visible);
}

// Every database name matching `pattern` that `visible` lets through, from
// one snapshot, in one read (see AllMatchingTableNames).
absl::StatusOr<std::vector<std::string>> AllMatchingDatabaseNames(
    storage::ReadTransaction* txn, const NamePattern& pattern,
    const internal::ItemFilter& visible) {
  ASSIGN_OR_RETURN(std::vector<std::string> names,
                   txn->tables().ListDatabaseNames(storage::PageRequest{}));
  return internal::KeepMatching(std::move(names), pattern, visible);
}

bool TypeWanted(const model::Table& table, const std::vector<std::string>& types) {
  if (types.empty()) return true;
  const std::string_view type = model::TableTypeName(table.table_type);
  for (const std::string& t : types) {
    if (absl::EqualsIgnoreCase(t, AbslView(type))) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<std::vector<model::Table>> TableService::GetTablesMatching(
    const model::RequestContext& ctx, std::string_view db, std::string_view pattern) {
  const std::string lower_db = model::ToLowerName(db);
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetTables, core_->arns().Database(lower_db)));
  RETURN_IF_ERROR(txn->tables().GetDatabase(lower_db).status());
  ASSIGN_OR_RETURN(std::vector<std::string> names,
                   AllMatchingTableNames(txn.get(), lower_db,
                                         NamePattern(model::ToLowerName(pattern)),
                                         internal::TableFilter(core_->gate(), ctx, lower_db)));
  std::vector<model::Table> tables;
  tables.reserve(names.size());
  for (const std::string& name : names) {
    ASSIGN_OR_RETURN(model::Table table, txn->tables().GetTable(lower_db, name));
    tables.push_back(std::move(table));
  }
  return tables;
}

absl::StatusOr<std::vector<std::string>> TableService::ListAllTableNames(
    const model::RequestContext& ctx, std::string_view db, std::string_view pattern,
    std::string_view table_type) {
  const std::string lower_db = model::ToLowerName(db);
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetTables, core_->arns().Database(lower_db)));
  // An empty listing must still tell a missing database apart.
  RETURN_IF_ERROR(txn->tables().GetDatabase(lower_db).status());
  ASSIGN_OR_RETURN(std::vector<std::string> names,
                   AllMatchingTableNames(txn.get(), lower_db, NamePattern(model::ToLowerName(pattern)),
                                         internal::TableFilter(core_->gate(), ctx, lower_db)));
  if (table_type.empty()) return names;
  const std::vector<std::string> types = {std::string(table_type)};
  std::vector<std::string> out;
  for (std::string& name : names) {
    ASSIGN_OR_RETURN(model::Table table, txn->tables().GetTable(lower_db, name));
    if (TypeWanted(table, types)) out.push_back(std::move(name));
  }
  return out;
}

absl::StatusOr<std::vector<TableMeta>> TableService::GetTableMeta(
    const model::RequestContext& ctx, std::string_view db_pattern, std::string_view table_pattern,
    const std::vector<std::string>& types) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetTables, core_->arns().Catalog()));
  const NamePattern db_matcher(model::ToLowerName(db_pattern));
  const NamePattern table_matcher(model::ToLowerName(table_pattern));
  const internal::ItemFilter db_visible = internal::DatabaseFilter(core_->gate(), ctx);
  ASSIGN_OR_RETURN(std::vector<std::string> dbs,
                   AllMatchingDatabaseNames(txn.get(), db_matcher, db_visible));
  std::vector<TableMeta> out;
  for (const std::string& db : dbs) {
    ASSIGN_OR_RETURN(std::vector<std::string> names,
                     AllMatchingTableNames(txn.get(), db, table_matcher, internal::TableFilter(core_->gate(), ctx, db)));
    for (const std::string& name : names) {
      ASSIGN_OR_RETURN(model::Table table, txn->tables().GetTable(db, name));
      if (!TypeWanted(table, types)) continue;
      TableMeta meta{.database = db,
                     .name = name,
                     .table_type = std::string(model::TableTypeName(table.table_type)),
                     .owner = table.owner,
                     .owner_type = table.owner_type};
      if (auto c = table.parameters.find("comment"); c != table.parameters.end()) {
        meta.comment = c->second;
      }
      out.push_back(std::move(meta));
    }
  }
  return out;
}

absl::StatusOr<model::Table> TableService::CreateTable(
    const model::RequestContext& ctx, model::Table table,
    std::vector<model::PrivilegeGrant> owner_grants) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kCreateTable,
                                       core_->arns().Table(table.database, table.name)));
  RETURN_IF_ERROR(ApplySchemaReference(*txn.get(), &table));
  RETURN_IF_ERROR(NormalizeTable(&table));
  for (const model::PrivilegeGrant& grant : owner_grants) {
    if (grant.grantee.name.empty() || grant.privilege.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("a privilege given with table '",
                       QualifiedTableName(table.database, table.name),
                       "' has no grantee or no privilege name"));
    }
  }
  ASSIGN_OR_RETURN(model::Database db, txn->tables().GetDatabase(table.database));
  // Hive gives every table but a view a directory, external ones included.
  if (!IsView(table) && table.sd.location.empty()) {
    table.sd.location = internal::DefaultTableLocation(db, table.name);
  }
  table.create_time = core_->NowSeconds();
  table.update_time = table.create_time;
  if (table.owner.empty()) {
    table.owner = ctx.principal;
    table.owner_type = model::PrincipalType::kUser;
  }
  RETURN_IF_ERROR(txn->tables().CreateTable(table));
  // As the Java metastore does with Table.privileges.
  for (model::PrivilegeGrant& grant : owner_grants) {
    grant.object = {.kind = model::ObjectKind::kTable,
                    .database = table.database,
                    .table = table.name};
    grant.privilege = absl::AsciiStrToUpper(grant.privilege);
    grant.create_time = table.create_time;
    if (grant.grantor.name.empty()) grant.grantor = {ctx.principal, model::PrincipalType::kUser};
    RETURN_IF_ERROR(txn->grants().PutPrivilege(grant));
    txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kGrantPrivilege,
                                   .object = absl::StrCat(grant.privilege, " on ",
                                                          QualifiedTableName(table.database,
                                                                             table.name)),
                                   .after = grant});
  }
  txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kCreateTable,
                                 .object = QualifiedTableName(table.database, table.name),
                                 .after = table});
  RETURN_IF_ERROR(txn.Commit());
  // Like the Java metastore, a managed table gets its directory at once
  // (external tables point at data someone else owns).
  if (table.table_type == model::TableType::kManaged && !table.sd.location.empty()) {
    core_->AfterCommit(core_->warehouse().MakeDirectory(table.sd.location));
  }
  return table;
}

absl::StatusOr<model::Table> TableService::GetTable(const model::RequestContext& ctx,
                                                      std::string_view db,
                                                      std::string_view name) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetTable, core_->arns().Table(db, name)));
  return txn->tables().GetTable(model::ToLowerName(db), model::ToLowerName(name));
}

absl::StatusOr<std::vector<model::Table>> TableService::GetTables(
    const model::RequestContext& ctx, std::string_view db, const std::vector<std::string>& names) {
  const std::string lower_db = model::ToLowerName(db);
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetTables, core_->arns().Database(lower_db)));
  const internal::ItemFilter visible = internal::TableFilter(core_->gate(), ctx, lower_db);
  std::vector<model::Table> tables;
  tables.reserve(names.size());
  for (const std::string& name : names) {
    absl::StatusOr<model::Table> table = txn->tables().GetTable(lower_db, model::ToLowerName(name));
    if (absl::IsNotFound(table.status())) continue;
    RETURN_IF_ERROR(table.status());
    if (visible != nullptr && !visible(table->name)) continue;
    tables.push_back(*std::move(table));
  }
  return tables;
}

absl::StatusOr<model::Page<std::string>> TableService::ListTables(
    const model::RequestContext& ctx, std::string_view db, std::string_view pattern,
    std::string_view page_token, int64_t page_size) {
  const std::string lower_db = model::ToLowerName(db);
  const std::string lower_pattern = model::ToLowerName(pattern);
  const uint64_t fingerprint = ListingFingerprint({"tables", lower_db, lower_pattern});
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetTables, core_->arns().Database(lower_db)));
  // An empty listing must still tell a missing database apart.
  RETURN_IF_ERROR(txn->tables().GetDatabase(lower_db).status());
  return internal::PageOfMatchingNames(
      [&](const storage::PageRequest& request) {
        return txn->tables().ListTableNames(lower_db, request);
      },
      NamePattern(lower_pattern), internal::TableFilter(core_->gate(), ctx, lower_db), fingerprint, page_token,
      EffectivePageSize(page_size, core_->options().max_page_size));
}

absl::StatusOr<model::Table> TableService::UpdateTable(const model::RequestContext& ctx,
                                                         model::Table table,
                                                         const UpdateTableOptions& options) {
  // The table the client addressed is the one the call acts on (a rename's
  // target must be creatable too, which the policy issue adds).
  ASSIGN_OR_RETURN(
      WriteScope txn,
      core_->gate().Write(ctx, actions::kUpdateTable,
                          core_->arns().Table(options.addressed_database.empty()
                                                  ? table.database
                                                  : options.addressed_database,
                                              options.addressed_name.empty()
                                                  ? table.name
                                                  : options.addressed_name)));
  RETURN_IF_ERROR(ApplySchemaReference(*txn.get(), &table));
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
  // A rename happens first, in the same transaction: the update then applies
  // under the new name, and one event describes both (as Hive's alter_table).
  std::optional<RenameStep> rename;
  if (renames) {
    ASSIGN_OR_RETURN(rename, RenameInTransaction(txn, addressed_db, addressed_name,
                                                 table.database, table.name));
    // The location is the one the rename chose unless the caller sets one.
    if (!rename->new_location.empty()) table.sd.location.clear();
  }
  ASSIGN_OR_RETURN(model::Table existing, txn->tables().GetTable(table.database, table.name));

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
                     txn->partitions().CountPartitions(table.database, table.name,
                                          storage::PartitionFilter::True()));
    if (partitions > 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot change the partition keys of table '", qualified, "': it has ",
                       partitions, partitions == 1 ? " partition" : " partitions"));
    }
  }

  table.create_time = existing.create_time;
  table.update_time = core_->NowSeconds();
  if (table.owner.empty()) {
    table.owner = existing.owner;
    table.owner_type = existing.owner_type;
  }
  if (!IsView(table) && table.sd.location.empty()) table.sd.location = existing.sd.location;

  RETURN_IF_ERROR(txn->tables().UpdateTable(table));
  if (options.cascade && !table.partition_keys.empty()) {
    RETURN_IF_ERROR(CascadeColumns(txn.get(), table));
  }
  txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kAlterTable,
                                 .object = qualified,
                                 .before = rename ? rename->before : std::move(existing),
                                 .after = table,
                                 .archive = !options.skip_archive});
  if (rename) {
    RETURN_IF_ERROR(CommitRename(txn, *rename));
  } else {
    RETURN_IF_ERROR(txn.Commit());
  }
  return table;
}

absl::StatusOr<TableService::RenameStep> TableService::RenameInTransaction(
    WriteScope& txn, std::string_view db, std::string_view name, std::string_view new_db,
    std::string_view new_name) {
  RETURN_IF_ERROR(model::ValidateDatabaseName(new_db));
  RETURN_IF_ERROR(model::ValidateTableName(new_name));
  const std::string from_db = model::ToLowerName(db);
  const std::string from_name = model::ToLowerName(name);
  const std::string to_db = model::ToLowerName(new_db);
  const std::string to_name = model::ToLowerName(new_name);

  RenameStep step;
  ASSIGN_OR_RETURN(step.before, txn->tables().GetTable(from_db, from_name));
  ASSIGN_OR_RETURN(model::Database source_db, txn->tables().GetDatabase(from_db));
  ASSIGN_OR_RETURN(model::Database target_db, txn->tables().GetDatabase(to_db));
  if (from_db == to_db && from_name == to_name) {
    step.after = step.before;
    return step;
  }
  absl::StatusOr<model::Table> clash = txn->tables().GetTable(to_db, to_name);
  if (clash.ok()) {
    return absl::AlreadyExistsError(
        absl::StrCat("table '", QualifiedTableName(to_db, to_name), "' already exists"));
  }
  if (!absl::IsNotFound(clash.status())) return clash.status();

  std::string new_location;
  if (MovesWithRename(step.before, source_db)) {
    new_location = internal::DefaultTableLocation(target_db, to_name);
  }
  RETURN_IF_ERROR(txn->tables().RenameTable(from_db, from_name, to_db, to_name, new_location));
  ASSIGN_OR_RETURN(step.after, txn->tables().GetTable(to_db, to_name));
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
absl::Status TableService::CommitRename(WriteScope& txn, const RenameStep& step) {
  bool moved = false;
  if (!step.new_location.empty()) {
    absl::Status move =
        core_->warehouse().MoveDirectory(step.before.sd.location, step.new_location);
    if (absl::IsAlreadyExists(move)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot rename table '", QualifiedTableName(step.before.database, step.before.name),
          "' to '", QualifiedTableName(step.after.database, step.after.name),
          "': its new directory '", step.new_location, "' already exists"));
    }
    if (absl::IsUnimplemented(move)) {
      core_->DataWarning(move);  // e.g. s3a: the catalog follows, the data stays
    } else if (!absl::IsNotFound(move)) {  // NotFound: no data yet, nothing to move
      RETURN_IF_ERROR(move);
      moved = true;
    }
  }
  absl::Status committed = txn.Commit();
  if (!committed.ok() && moved) {
    core_->AfterCommit(
        core_->warehouse().MoveDirectory(step.new_location, step.before.sd.location));
  }
  return committed;
}

absl::Status TableService::RenameTable(const model::RequestContext& ctx, std::string_view db,
                                         std::string_view name, std::string_view new_db,
                                         std::string_view new_name) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kUpdateTable,
                                                       core_->arns().Table(db, name)));
  ASSIGN_OR_RETURN(RenameStep step, RenameInTransaction(txn, db, name, new_db, new_name));
  if (step.before.database == step.after.database && step.before.name == step.after.name) {
    return absl::OkStatus();
  }
  txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kAlterTable,
                                 .object = QualifiedTableName(step.after.database, step.after.name),
                                 .before = step.before,
                                 .after = step.after});
  return CommitRename(txn, step);
}

absl::Status TableService::DropTable(const model::RequestContext& ctx, std::string_view db,
                                       std::string_view name, bool delete_data) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kDeleteTable,
                                                       core_->arns().Table(db, name)));
  ASSIGN_OR_RETURN(model::Table dropped,
                   txn->tables().GetTable(model::ToLowerName(db), model::ToLowerName(name)));
  RETURN_IF_ERROR(txn->tables().DeleteTable(dropped.database, dropped.name));
  const bool deletes_data =
      delete_data && internal::DropDeletesData(dropped) && !dropped.sd.location.empty();
  const std::string location = dropped.sd.location;
  std::string object = QualifiedTableName(dropped.database, dropped.name);
  txn.Record(model::ChangeRecord{
      .kind = model::ChangeKind::kDropTable, .object = std::move(object), .before = std::move(dropped)});
  RETURN_IF_ERROR(txn.Commit());
  // Data goes only after the catalog no longer names it: a crash in between
  // leaves an orphan directory, never a table without its files.
  if (deletes_data) core_->AfterCommit(core_->warehouse().DeleteRecursively(location));
  return absl::OkStatus();
}

}  // namespace almanac::service
