#include "storage/sqlite/sqlite_transaction_core.h"

#include <utility>

#include "catalog/model/hive_type.h"
#include "common/status_macros.h"
#include "storage/sqlite/json_codec.h"
#include "storage/sqlite/str_cat.h"

namespace almanac::storage::sqlite {

std::string PartitionDisplay(std::string_view table_display, std::string_view name) {
  return StrCat(table_display, "/", name);
}

absl::Status SqliteTransactionCore::CheckWritable() const {
  if (!writable_) return absl::FailedPreconditionError("transaction is read-only");
  if (ended_) return absl::FailedPreconditionError("transaction has already ended");
  return absl::OkStatus();
}

absl::Status SqliteTransactionCore::Atomically(const std::function<absl::Status()>& body) {
  RETURN_IF_ERROR(CheckWritable());
  // Prepared (and cached) rather than Exec'd: a batch runs this per row.
  auto run = [this](std::string_view sql) -> absl::Status {
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare(sql));
    return stmt.Run();
  };
  RETURN_IF_ERROR(run("SAVEPOINT almanac_op"));
  absl::Status status = body();
  if (status.ok()) {
    status = run("RELEASE almanac_op");
    if (status.ok()) return status;
  }
  (void)run("ROLLBACK TO almanac_op");
  (void)run("RELEASE almanac_op");
  sd_by_id_.clear();
  sd_id_by_body_.clear();
  table_cache_.clear();
  return status;
}

absl::StatusOr<int64_t> SqliteTransactionCore::DatabaseId(std::string_view db) {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("SELECT id FROM databases WHERE name = ?"));
  stmt.BindText(1, db);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return absl::NotFoundError(StrCat("database '", db, "' not found"));
  return stmt.Int(0);
}

absl::StatusOr<TableRef> SqliteTransactionCore::LoadTable(std::string_view db,
                                                          std::string_view table) {
  std::string cache_key = StrCat(db, std::string_view("\0", 1), table);
  if (auto it = table_cache_.find(cache_key); it != table_cache_.end()) return it->second;
  if (read_cache_ != nullptr) {
    if (const TableRef* cached = read_cache_->FindTable(cache_key)) return *cached;
  }
  ASSIGN_OR_RETURN(int64_t db_id, DatabaseId(db));
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("SELECT id, body FROM tables WHERE db_id = ? AND name = ?"));
  stmt.BindInt(1, db_id);
  stmt.BindText(2, table);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  TableRef ref;
  ref.display = StrCat(db, ".", table);
  if (!row) return absl::NotFoundError(StrCat("table '", ref.display, "' not found"));
  ref.id = stmt.Int(0);
  ASSIGN_OR_RETURN(ref.table, TableFromJson(stmt.Text(1), db, table));
  for (const model::Column& key : ref.table.partition_keys) {
    // A type string that does not parse is compared as text, the safe reading.
    absl::StatusOr<model::HiveType> type = model::HiveType::Parse(key.type);
    ref.categories.push_back(type.ok() ? model::CategoryOf(*type) : model::KeyCategory::kOther);
  }
  ref.stored_names = StoredPartitionNames(ref.table.partition_keys);
  if (read_cache_ != nullptr) read_cache_->PutTable(cache_key, ref);
  table_cache_.emplace(std::move(cache_key), ref);
  return ref;
}

// ---- Storage descriptors ----

absl::StatusOr<int64_t> SqliteTransactionCore::InternSd(const model::StorageDescriptor& sd) {
  std::string body = StorageDescriptorToJson(sd);
  if (auto it = sd_id_by_body_.find(body); it != sd_id_by_body_.end()) return it->second;
  const int64_t hash = static_cast<int64_t>(StableHash(body));
  {
    ASSIGN_OR_RETURN(Statement find,
                     conn_->Prepare("SELECT id, body FROM storage_descriptors WHERE hash = ?"));
    find.BindInt(1, hash);
    while (true) {
      ASSIGN_OR_RETURN(bool row, find.Step());
      if (!row) break;
      if (find.Text(1) == body) {
        int64_t id = find.Int(0);
        sd_id_by_body_.emplace(std::move(body), id);
        return id;
      }
    }
  }
  ASSIGN_OR_RETURN(Statement insert,
                   conn_->Prepare("INSERT INTO storage_descriptors (hash, body) VALUES (?, ?)"));
  insert.BindInt(1, hash);
  insert.BindText(2, body);
  RETURN_IF_ERROR(insert.Run());
  int64_t id = conn_->LastInsertRowId();
  sd_id_by_body_.emplace(std::move(body), id);
  return id;
}

absl::StatusOr<std::shared_ptr<const model::StorageDescriptor>> SqliteTransactionCore::LoadSd(
    int64_t id) {
  if (auto it = sd_by_id_.find(id); it != sd_by_id_.end()) return it->second;
  if (read_cache_ != nullptr) {
    if (std::shared_ptr<const model::StorageDescriptor> cached = read_cache_->FindSd(id)) {
      sd_by_id_.emplace(id, cached);
      return cached;
    }
  }
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("SELECT body FROM storage_descriptors WHERE id = ?"));
  stmt.BindInt(1, id);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  const std::string what = StrCat("storage descriptor ", id);
  if (!row) return absl::DataLossError(StrCat(what, " is missing"));
  ASSIGN_OR_RETURN(model::StorageDescriptor sd, StorageDescriptorFromJson(stmt.Text(0), what));
  auto shared = std::make_shared<const model::StorageDescriptor>(std::move(sd));
  sd_by_id_.emplace(id, shared);
  if (read_cache_ != nullptr) read_cache_->PutSd(id, shared);
  return shared;
}

}  // namespace almanac::storage::sqlite
