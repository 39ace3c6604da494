#include "storage/sqlite/sqlite_transaction.h"

#include <algorithm>
#include <utility>

#include "storage/sqlite/str_cat.h"
#include "catalog/model/hive_type.h"
#include "common/status_macros.h"
#include "storage/sqlite/json_codec.h"

namespace almanac::storage::sqlite {
namespace {

// SQLite reads a negative LIMIT as "no limit".
int64_t SqlLimit(int64_t limit) { return limit > 0 ? limit : -1; }

// The page of `all` (sorted) that the SQL of a PageRequest would return.
std::vector<std::string> PageOf(const NameList& all, const PageRequest& page) {
  auto first = std::upper_bound(all.begin(), all.end(), page.after);
  auto last = all.end();
  if (page.limit > 0 && last - first > page.limit) last = first + page.limit;
  return std::vector<std::string>(first, last);
}

bool IsUniqueViolation(const Statement& stmt) {
  return stmt.last_error() == SQLITE_CONSTRAINT_UNIQUE ||
         stmt.last_error() == SQLITE_CONSTRAINT_PRIMARYKEY;
}

}  // namespace

std::string PartitionDisplay(std::string_view table_display, std::string_view name) {
  return StrCat(table_display, "/", name);
}

absl::StatusOr<std::unique_ptr<SqliteTransaction>> SqliteTransaction::Begin(
    Connection* conn, bool writable, std::function<void()> release, ReadCache* read_cache) {
  auto txn = std::unique_ptr<SqliteTransaction>(new SqliteTransaction(
      conn, writable, std::move(release), writable ? nullptr : read_cache));
  absl::Status status = conn->Exec(writable ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  if (!status.ok()) {
    txn->ended_ = true;  // nothing to roll back
    return status;       // the destructor still releases the connection
  }
  if (!writable) {
    // A deferred transaction takes its snapshot at the first read; read now so
    // the snapshot is the state at BeginRead, not at the first query.
    ASSIGN_OR_RETURN(Statement stmt, conn->Prepare("SELECT count(*) FROM schema_migrations"));
    RETURN_IF_ERROR(stmt.Step().status());
    if (txn->read_cache_ != nullptr) txn->read_cache_->Validate(conn->DataVersion());
  }
  return txn;
}

SqliteTransaction::~SqliteTransaction() { End(); }

void SqliteTransaction::End() {
  if (!ended_) {
    ended_ = true;
    // A write transaction that was not committed is rolled back; a read
    // transaction has nothing to keep.
    (void)conn_->Exec("ROLLBACK");
  }
  if (release_) {
    auto release = std::move(release_);
    release_ = nullptr;
    release();
  }
}

absl::Status SqliteTransaction::CheckWritable() const {
  if (!writable_) return absl::FailedPreconditionError("transaction is read-only");
  if (ended_) return absl::FailedPreconditionError("transaction has already ended");
  return absl::OkStatus();
}

absl::Status SqliteTransaction::Commit() {
  RETURN_IF_ERROR(CheckWritable());
  absl::Status status = conn_->Exec("COMMIT");
  if (!status.ok()) {
    // After a failed COMMIT SQLite may still hold the transaction open; end it
    // so that nothing of it is applied.
    (void)conn_->Exec("ROLLBACK");
  }
  ended_ = true;
  End();  // hands the writer slot back at once
  return status;
}

absl::Status SqliteTransaction::Atomically(const std::function<absl::Status()>& body) {
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

// ---- Databases ----

absl::StatusOr<int64_t> SqliteTransaction::DatabaseId(std::string_view db) {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("SELECT id FROM databases WHERE name = ?"));
  stmt.BindText(1, db);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return absl::NotFoundError(StrCat("database '", db, "' not found"));
  return stmt.Int(0);
}

absl::StatusOr<model::Database> SqliteTransaction::GetDatabase(std::string_view name) {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("SELECT body FROM databases WHERE name = ?"));
  stmt.BindText(1, name);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return absl::NotFoundError(StrCat("database '", name, "' not found"));
  return DatabaseFromJson(stmt.Text(0), name);
}

absl::StatusOr<std::vector<std::string>> SqliteTransaction::ListDatabaseNames(
    const PageRequest& page) {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("SELECT name FROM databases WHERE name > ?"
                                                  " ORDER BY name LIMIT ?"));
  stmt.BindText(1, page.after);
  stmt.BindInt(2, SqlLimit(page.limit));
  std::vector<std::string> names;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    names.emplace_back(stmt.Text(0));
  }
  return names;
}

absl::Status SqliteTransaction::CreateDatabase(const model::Database& db) {
  return Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("INSERT INTO databases (name, body) VALUES (?, ?)"));
    stmt.BindText(1, db.name);
    stmt.BindText(2, DatabaseToJson(db));
    absl::Status status = stmt.Run();
    if (!status.ok() && IsUniqueViolation(stmt)) {
      return absl::AlreadyExistsError(StrCat("database '", db.name, "' already exists"));
    }
    return status;
  });
}

absl::Status SqliteTransaction::UpdateDatabase(const model::Database& db) {
  return Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("UPDATE databases SET body = ? WHERE name = ?"));
    stmt.BindText(1, DatabaseToJson(db));
    stmt.BindText(2, db.name);
    RETURN_IF_ERROR(stmt.Run());
    if (conn_->Changes() == 0) {
      return absl::NotFoundError(StrCat("database '", db.name, "' not found"));
    }
    return absl::OkStatus();
  });
}

absl::Status SqliteTransaction::DeleteDatabase(std::string_view name) {
  return Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(int64_t id, DatabaseId(name));
    {
      ASSIGN_OR_RETURN(Statement count,
                       conn_->Prepare("SELECT count(*) FROM tables WHERE db_id = ?"));
      count.BindInt(1, id);
      ASSIGN_OR_RETURN(bool row, count.Step());
      if (row && count.Int(0) > 0) {
        return absl::FailedPreconditionError(
            StrCat("database '", name, "' is not empty: it holds ", count.Int(0),
                         " table(s)"));
      }
    }
    RETURN_IF_ERROR(DeleteDatabasePrivileges(name));
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("DELETE FROM databases WHERE id = ?"));
    stmt.BindInt(1, id);
    table_cache_.clear();
    return stmt.Run();
  });
}

// ---- Tables ----

absl::StatusOr<TableRef> SqliteTransaction::LoadTable(std::string_view db,
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
  if (read_cache_ != nullptr) read_cache_->PutTable(cache_key, ref);
  table_cache_.emplace(std::move(cache_key), ref);
  return ref;
}

absl::StatusOr<model::Table> SqliteTransaction::GetTable(std::string_view db,
                                                         std::string_view table) {
  ASSIGN_OR_RETURN(TableRef ref, LoadTable(db, table));
  return std::move(ref.table);
}

absl::StatusOr<std::vector<std::string>> SqliteTransaction::ListTableNames(
    std::string_view db, const PageRequest& page) {
  ASSIGN_OR_RETURN(int64_t db_id, DatabaseId(db));
  if (read_cache_ != nullptr) {
    if (std::shared_ptr<const NameList> all = read_cache_->FindTableNames(db_id)) {
      return PageOf(*all, page);
    }
  }
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("SELECT name FROM tables WHERE db_id = ? AND name > ?"
                                  " ORDER BY name LIMIT ?"));
  stmt.BindInt(1, db_id);
  stmt.BindText(2, page.after);
  stmt.BindInt(3, SqlLimit(page.limit));
  std::vector<std::string> names;
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    names.emplace_back(stmt.Text(0));
  }
  // A first page shorter than its limit is every name there is.
  if (read_cache_ != nullptr && page.after.empty() &&
      (page.limit <= 0 || static_cast<int64_t>(names.size()) < page.limit)) {
    read_cache_->PutTableNames(db_id, names);
  }
  return names;
}

absl::StatusOr<int64_t> SqliteTransaction::CountTables(std::string_view db) {
  ASSIGN_OR_RETURN(int64_t db_id, DatabaseId(db));
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("SELECT count(*) FROM tables WHERE db_id = ?"));
  stmt.BindInt(1, db_id);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

absl::Status SqliteTransaction::CreateTable(const model::Table& table) {
  return Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(int64_t db_id, DatabaseId(table.database));
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("INSERT INTO tables (db_id, name, body) VALUES (?, ?, ?)"));
    stmt.BindInt(1, db_id);
    stmt.BindText(2, table.name);
    stmt.BindText(3, TableToJson(table));
    absl::Status status = stmt.Run();
    if (!status.ok() && IsUniqueViolation(stmt)) {
      return absl::AlreadyExistsError(
          StrCat("table '", table.database, ".", table.name, "' already exists"));
    }
    return status;
  });
}

absl::Status SqliteTransaction::UpdateTable(const model::Table& table) {
  return Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(TableRef old, LoadTable(table.database, table.name));
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("UPDATE tables SET body = ? WHERE id = ?"));
    stmt.BindText(1, TableToJson(table));
    stmt.BindInt(2, old.id);
    RETURN_IF_ERROR(stmt.Run());
    table_cache_.clear();
    // Existing partitions keep their own (interned) descriptors, but their
    // typed key copies follow the keys' types, or filters would go wrong.
    ASSIGN_OR_RETURN(TableRef updated, LoadTable(table.database, table.name));
    if (updated.categories != old.categories) return ReencodeKeys(updated);
    return absl::OkStatus();
  });
}

absl::Status SqliteTransaction::RenameTable(std::string_view db, std::string_view table,
                                            std::string_view new_db, std::string_view new_table,
                                            std::string_view new_location) {
  return Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(TableRef t, LoadTable(db, table));
    ASSIGN_OR_RETURN(int64_t new_db_id, DatabaseId(new_db));
    model::Table renamed = t.table;
    renamed.database = std::string(new_db);
    renamed.name = std::string(new_table);
    const std::string old_location = t.table.sd.location;
    if (!new_location.empty()) renamed.sd.location = std::string(new_location);
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("UPDATE tables SET db_id = ?, name = ?, body = ?"
                                    " WHERE id = ?"));
    stmt.BindInt(1, new_db_id);
    stmt.BindText(2, new_table);
    stmt.BindText(3, TableToJson(renamed));
    stmt.BindInt(4, t.id);
    table_cache_.clear();
    absl::Status status = stmt.Run();
    if (!status.ok() && IsUniqueViolation(stmt)) {
      return absl::AlreadyExistsError(
          StrCat("table '", new_db, ".", new_table, "' already exists"));
    }
    RETURN_IF_ERROR(status);
    if (!new_location.empty() && !old_location.empty() && new_location != old_location) {
      RETURN_IF_ERROR(MovePartitionLocations(t, old_location, new_location));
    }
    return RenameTablePrivileges(t.table.database, t.table.name, new_db, new_table);
  });
}

absl::Status SqliteTransaction::DeleteTable(std::string_view db, std::string_view table) {
  return Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(TableRef t, LoadTable(db, table));
    RETURN_IF_ERROR(DropAllPartitionIndexes(t.id));
    {
      ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("DELETE FROM partitions WHERE table_id = ?"));
      stmt.BindInt(1, t.id);
      RETURN_IF_ERROR(stmt.Run());
    }
    RETURN_IF_ERROR(DeleteTablePrivileges(t.table.database, t.table.name));
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("DELETE FROM tables WHERE id = ?"));
    stmt.BindInt(1, t.id);
    table_cache_.clear();
    return stmt.Run();
  });
}

// ---- Storage descriptors ----

absl::StatusOr<int64_t> SqliteTransaction::InternSd(const model::StorageDescriptor& sd) {
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

absl::StatusOr<std::shared_ptr<const model::StorageDescriptor>> SqliteTransaction::LoadSd(
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
