// CatalogService: database operations.
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
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

// Hive refuses to drop its default database; clients assume it exists.
constexpr char kDefaultDatabase[] = "default";

absl::StatusOr<bool> CatalogService::EnsureDefaultDatabase() {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::WriteTransaction> txn, store_->BeginWrite());
  absl::StatusOr<model::Database> existing = txn->tables().GetDatabase(kDefaultDatabase);
  if (existing.ok()) return false;
  if (!absl::IsNotFound(existing.status())) return existing.status();
  model::Database db;
  db.name = kDefaultDatabase;
  db.description = "Default Hive database";
  db.location = options_.warehouse_root;
  db.owner_name = "public";
  db.owner_type = model::PrincipalType::kRole;
  db.create_time = internal::NowSeconds();
  RETURN_IF_ERROR(txn->tables().CreateDatabase(db));
  RETURN_IF_ERROR(txn->Commit());
  AfterCommit(options_.warehouse->MakeDirectory(db.location));
  return true;
}

absl::StatusOr<model::Database> CatalogService::CreateDatabase(const model::RequestContext& ctx,
                                                               model::Database db) {
  RETURN_IF_ERROR(NormalizeDatabase(&db));
  if (db.location.empty()) {
    db.location = internal::DefaultDatabaseLocation(options_.warehouse_root, db.name);
  }
  db.create_time = internal::NowSeconds();
  if (db.owner_name.empty()) {
    db.owner_name = ctx.principal;
    db.owner_type = model::PrincipalType::kUser;
  }
  ASSIGN_OR_RETURN(std::unique_ptr<storage::WriteTransaction> txn, store_->BeginWrite());
  RETURN_IF_ERROR(txn->tables().CreateDatabase(db));
  RETURN_IF_ERROR(internal::NotifyCreateDatabase(txn.get(), db));
  RETURN_IF_ERROR(txn->Commit());
  // The Java metastore creates the directory too; after the commit, so a
  // failed create leaves no directory behind.
  AfterCommit(options_.warehouse->MakeDirectory(db.location));
  return db;
}

absl::StatusOr<model::Database> CatalogService::GetDatabase(const model::RequestContext& ctx,
                                                            std::string_view name) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::ReadTransaction> txn, store_->BeginRead());
  return txn->tables().GetDatabase(model::ToLowerName(name));
}

absl::StatusOr<Page<std::string>> CatalogService::ListDatabases(const model::RequestContext& ctx,
                                                                std::string_view pattern,
                                                                std::string_view page_token,
                                                                int64_t page_size) {
  const std::string lower_pattern = model::ToLowerName(pattern);
  const uint64_t fingerprint = ListingFingerprint({"databases", lower_pattern});
  ASSIGN_OR_RETURN(std::unique_ptr<storage::ReadTransaction> txn, store_->BeginRead());
  return internal::PageOfMatchingNames(
      [&](const storage::PageRequest& request) { return txn->tables().ListDatabaseNames(request); },
      NamePattern(lower_pattern), fingerprint, page_token,
      EffectivePageSize(page_size, options_.max_page_size));
}

absl::Status CatalogService::UpdateDatabase(const model::RequestContext& ctx,
                                            model::Database db) {
  RETURN_IF_ERROR(NormalizeDatabase(&db));
  ASSIGN_OR_RETURN(std::unique_ptr<storage::WriteTransaction> txn, store_->BeginWrite());
  ASSIGN_OR_RETURN(model::Database existing, txn->tables().GetDatabase(db.name));
  // What the server chose at creation stays unless the client replaces it.
  db.create_time = existing.create_time;
  if (db.location.empty()) db.location = existing.location;
  if (db.owner_name.empty()) {
    db.owner_name = existing.owner_name;
    db.owner_type = existing.owner_type;
  }
  RETURN_IF_ERROR(txn->tables().UpdateDatabase(db));
  RETURN_IF_ERROR(internal::NotifyAlterDatabase(txn.get(), existing, db));
  return txn->Commit();
}

absl::Status CatalogService::DropDatabase(const model::RequestContext& ctx, std::string_view name,
                                          bool cascade, bool delete_data) {
  const std::string db = model::ToLowerName(name);
  ASSIGN_OR_RETURN(std::unique_ptr<storage::WriteTransaction> txn, store_->BeginWrite());
  ASSIGN_OR_RETURN(model::Database dropped, txn->tables().GetDatabase(db));
  if (db == kDefaultDatabase) {
    return absl::FailedPreconditionError("database 'default' cannot be dropped");
  }
  ASSIGN_OR_RETURN(int64_t tables, txn->tables().CountTables(db));
  // Managed tables' directories outside the database's, deleted with it
  // once the drop committed.
  std::vector<std::string> doomed;
  // ---- column statistics and functions (stats) ----
  // Functions go with their database (storage cascades), but like tables only
  // when the caller asked for cascade.
  {
    ASSIGN_OR_RETURN(std::vector<model::Function> functions, txn->functions().ListFunctions(db));
    if (!functions.empty() && !cascade) {
      return absl::FailedPreconditionError(
          absl::StrCat("database '", db, "' is not empty (", functions.size(),
                       functions.size() == 1 ? " function" : " functions", "); use cascade"));
    }
  }
  // ---- end column statistics and functions ----
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
        ASSIGN_OR_RETURN(model::Table gone, txn->tables().GetTable(db, table));
        RETURN_IF_ERROR(txn->tables().DeleteTable(db, table));
        RETURN_IF_ERROR(internal::NotifyDropTable(txn.get(), gone));
        if (delete_data && DropDeletesData(gone) && !gone.sd.location.empty() &&
            !LocationIsUnder(gone.sd.location, dropped.location)) {
          doomed.push_back(gone.sd.location);
        }
      }
    }
  }
  RETURN_IF_ERROR(txn->tables().DeleteDatabase(db));
  RETURN_IF_ERROR(internal::NotifyDropDatabase(txn.get(), dropped));
  RETURN_IF_ERROR(txn->Commit());
  if (delete_data) {
    for (const std::string& location : doomed) {
      AfterCommit(options_.warehouse->DeleteRecursively(location));
    }
    if (!dropped.location.empty()) {
      AfterCommit(options_.warehouse->DeleteRecursively(dropped.location));
    }
  }
  return absl::OkStatus();
}

}  // namespace almanac::service
