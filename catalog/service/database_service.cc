#include "catalog/service/database_service.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "catalog/model/names.h"
#include "catalog/service/actions.h"
#include "catalog/service/name_pattern.h"
#include "catalog/service/page_token.h"
#include "catalog/service/service_internal.h"
#include "catalog/service/validation.h"
#include "catalog/service/warehouse.h"
#include "common/status_macros.h"

namespace almanac::service {

using model::ChangeKind;
using model::ChangeRecord;

// Hive refuses to drop its default database; clients assume it exists.
constexpr char kDefaultDatabase[] = "default";

absl::StatusOr<bool> DatabaseService::EnsureDefaultDatabase(const model::RequestContext& ctx) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kCreateDatabase,
                                                       core_->arns().Database(kDefaultDatabase)));
  absl::StatusOr<model::Database> existing = txn->tables().GetDatabase(kDefaultDatabase);
  if (existing.ok()) return false;
  if (!absl::IsNotFound(existing.status())) return existing.status();
  model::Database db;
  db.name = kDefaultDatabase;
  db.description = "Default Hive database";
  db.location = core_->options().warehouse_root;
  db.owner_name = "public";
  db.owner_type = model::PrincipalType::kRole;
  db.create_time = core_->NowSeconds();
  RETURN_IF_ERROR(txn->tables().CreateDatabase(db));
  txn.Record(ChangeRecord{
      .kind = ChangeKind::kCreateDatabase, .object = db.name, .after = db, .notify = false});
  RETURN_IF_ERROR(txn.Commit());
  core_->AfterCommit(core_->warehouse().MakeDirectory(db.location));
  return true;
}

absl::StatusOr<model::Database> DatabaseService::CreateDatabase(const model::RequestContext& ctx,
                                                                model::Database db) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kCreateDatabase,
                                                       core_->arns().Database(db.name)));
  RETURN_IF_ERROR(NormalizeDatabase(&db));
  if (db.location.empty()) {
    db.location = internal::DefaultDatabaseLocation(core_->options().warehouse_root, db.name);
  }
  db.create_time = core_->NowSeconds();
  if (db.owner_name.empty()) {
    db.owner_name = ctx.principal;
    db.owner_type = model::PrincipalType::kUser;
  }
  RETURN_IF_ERROR(txn->tables().CreateDatabase(db));
  txn.Record(ChangeRecord{.kind = ChangeKind::kCreateDatabase, .object = db.name, .after = db});
  RETURN_IF_ERROR(txn.Commit());
  // The Java metastore creates the directory too; after the commit, so a
  // failed create leaves no directory behind.
  core_->AfterCommit(core_->warehouse().MakeDirectory(db.location));
  return db;
}

absl::StatusOr<model::Database> DatabaseService::GetDatabase(const model::RequestContext& ctx,
                                                             std::string_view name) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetDatabase, core_->arns().Database(name)));
  return txn->tables().GetDatabase(model::ToLowerName(name));
}

absl::StatusOr<model::Page<std::string>> DatabaseService::ListDatabases(
    const model::RequestContext& ctx, std::string_view pattern, std::string_view page_token,
    int64_t page_size) {
  const std::string lower_pattern = model::ToLowerName(pattern);
  const uint64_t fingerprint = ListingFingerprint({"databases", lower_pattern});
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetDatabases, core_->arns().Catalog()));
  return internal::PageOfMatchingNames(
      [&](const storage::PageRequest& request) { return txn->tables().ListDatabaseNames(request); },
      NamePattern(lower_pattern),
      internal::DatabaseFilter(core_->gate(), ctx),
      fingerprint, page_token, EffectivePageSize(page_size, core_->options().max_page_size));
}

absl::StatusOr<std::vector<std::string>> DatabaseService::ListAllDatabaseNames(
    const model::RequestContext& ctx, std::string_view pattern) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetDatabases, core_->arns().Catalog()));
  const NamePattern matcher(model::ToLowerName(pattern));
  const internal::ItemFilter visible = internal::DatabaseFilter(core_->gate(), ctx);
  // One unlimited read: the reader connections' cache keeps complete lists.
  ASSIGN_OR_RETURN(std::vector<std::string> names,
                   txn->tables().ListDatabaseNames(storage::PageRequest{}));
  return internal::KeepMatching(std::move(names), matcher, visible);
}

absl::Status DatabaseService::UpdateDatabase(const model::RequestContext& ctx,
                                             model::Database db) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kUpdateDatabase,
                                                       core_->arns().Database(db.name)));
  RETURN_IF_ERROR(NormalizeDatabase(&db));
  ASSIGN_OR_RETURN(model::Database existing, txn->tables().GetDatabase(db.name));
  // What the server chose at creation stays unless the client replaces it.
  db.create_time = existing.create_time;
  if (db.location.empty()) db.location = existing.location;
  if (db.owner_name.empty()) {
    db.owner_name = existing.owner_name;
    db.owner_type = existing.owner_type;
  }
  RETURN_IF_ERROR(txn->tables().UpdateDatabase(db));
  std::string object = db.name;
  txn.Record(ChangeRecord{.kind = ChangeKind::kAlterDatabase,
                          .object = std::move(object),
                          .before = std::move(existing),
                          .after = std::move(db)});
  return txn.Commit();
}

absl::Status DatabaseService::DropDatabase(const model::RequestContext& ctx, std::string_view name,
                                           bool cascade, bool delete_data) {
  const std::string db = model::ToLowerName(name);
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kDeleteDatabase, core_->arns().Database(db)));
  ASSIGN_OR_RETURN(model::Database dropped, txn->tables().GetDatabase(db));
  if (db == kDefaultDatabase) {
    return absl::FailedPreconditionError("database 'default' cannot be dropped");
  }
  ASSIGN_OR_RETURN(int64_t tables, txn->tables().CountTables(db));
  // Managed tables' directories outside the database's, deleted with it
  // once the drop committed.
  std::vector<std::string> doomed;
  // Functions go with their database (storage cascades), but like tables only
  // when the caller asked for cascade.
  {
    ASSIGN_OR_RETURN(std::vector<model::Function> functions, txn->functions().ListFunctions(db));
    if (!functions.empty() && !cascade) {
      return absl::FailedPreconditionError(
          absl::StrCat("database '", db, "' is not empty (", functions.size(),
                       functions.size() == 1 ? " function" : " functions", "); use cascade"));
    }
    // As in Glue, deleting a database needs the permission on everything in
    // it too (asked only when policies can tell objects apart).
    if (core_->gate().filters_listed_items()) {
      for (const model::Function& f : functions) {
        RETURN_IF_ERROR(core_->gate().Check(ctx, actions::kDeleteDatabase,
                                            core_->arns().Function(db, f.name)));
      }
    }
  }
  if (tables > 0) {
    if (!cascade) {
      return absl::FailedPreconditionError(absl::StrCat("database '", db, "' is not empty (",
                                                        tables, tables == 1 ? " table" : " tables",
                                                        "); use cascade"));
    }
    // Deleting rows while a listing of them is open is not something every
    // backend allows: list in chunks, delete, list again from the start.
    constexpr int64_t kChunk = 1000;
    while (true) {
      ASSIGN_OR_RETURN(std::vector<std::string> names,
                       txn->tables().ListTableNames(db, storage::PageRequest{.limit = kChunk}));
      if (names.empty()) break;
      for (const std::string& table : names) {
        if (core_->gate().filters_listed_items()) {
          RETURN_IF_ERROR(core_->gate().Check(ctx, actions::kDeleteDatabase,
                                              core_->arns().Table(db, table)));
        }
        ASSIGN_OR_RETURN(model::Table gone, txn->tables().GetTable(db, table));
        RETURN_IF_ERROR(txn->tables().DeleteTable(db, table));
        if (delete_data && internal::DropDeletesData(gone) && !gone.sd.location.empty() &&
            !LocationIsUnder(gone.sd.location, dropped.location)) {
          doomed.push_back(gone.sd.location);
        }
        txn.Record(ChangeRecord{.kind = ChangeKind::kDropTable,
                                .object = QualifiedTableName(db, table),
                                .before = std::move(gone)});
      }
    }
  }
  RETURN_IF_ERROR(txn->tables().DeleteDatabase(db));
  const std::string location = dropped.location;
  txn.Record(
      ChangeRecord{.kind = ChangeKind::kDropDatabase, .object = db, .before = std::move(dropped)});
  RETURN_IF_ERROR(txn.Commit());
  if (delete_data) {
    for (const std::string& doomed_location : doomed) {
      core_->AfterCommit(core_->warehouse().DeleteRecursively(doomed_location));
    }
    if (!location.empty()) core_->AfterCommit(core_->warehouse().DeleteRecursively(location));
  }
  return absl::OkStatus();
}

}  // namespace almanac::service
