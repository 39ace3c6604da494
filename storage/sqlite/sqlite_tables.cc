#include "storage/sqlite/sqlite_tables.h"

#include <algorithm>
#include <utility>

#include "common/status_macros.h"
#include "storage/sqlite/json_codec.h"
#include "storage/sqlite/sqlite_grants.h"
#include "storage/sqlite/sqlite_partitions.h"
#include "storage/sqlite/sqlite_versions.h"
#include "storage/sqlite/str_cat.h"

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

}  // namespace

// ---- Databases ----

absl::StatusOr<model::Database> SqliteTables::GetDatabase(std::string_view name) {
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("SELECT body FROM databases WHERE name = ?"));
  stmt.BindText(1, name);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return absl::NotFoundError(StrCat("database '", name, "' not found"));
  return DatabaseFromJson(stmt.Text(0), name);
}

absl::StatusOr<std::vector<std::string>> SqliteTables::ListDatabaseNames(const PageRequest& page) {
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

absl::Status SqliteTables::CreateDatabase(const model::Database& db) {
  return core_.Atomically([&]() -> absl::Status {
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

absl::Status SqliteTables::UpdateDatabase(const model::Database& db) {
  return core_.Atomically([&]() -> absl::Status {
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

absl::Status SqliteTables::DeleteDatabase(std::string_view name) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(int64_t id, core_.DatabaseId(name));
    {
      ASSIGN_OR_RETURN(Statement count,
                       conn_->Prepare("SELECT count(*) FROM tables WHERE db_id = ?"));
      count.BindInt(1, id);
      ASSIGN_OR_RETURN(bool row, count.Step());
      if (row && count.Int(0) > 0) {
        return absl::FailedPreconditionError(
            StrCat("database '", name, "' is not empty: it holds ", count.Int(0), " table(s)"));
      }
    }
    RETURN_IF_ERROR(grants_.DeleteDatabasePrivileges(name));
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("DELETE FROM databases WHERE id = ?"));
    stmt.BindInt(1, id);
    core_.ForgetTables();
    return stmt.Run();
  });
}

// ---- Tables ----

absl::StatusOr<model::Table> SqliteTables::GetTable(std::string_view db, std::string_view table) {
  ASSIGN_OR_RETURN(TableRef ref, core_.LoadTable(db, table));
  return std::move(ref.table);
}

absl::StatusOr<std::vector<std::string>> SqliteTables::ListTableNames(std::string_view db,
                                                                      const PageRequest& page) {
  ASSIGN_OR_RETURN(int64_t db_id, core_.DatabaseId(db));
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

absl::StatusOr<int64_t> SqliteTables::CountTables(std::string_view db) {
  ASSIGN_OR_RETURN(int64_t db_id, core_.DatabaseId(db));
  ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("SELECT count(*) FROM tables WHERE db_id = ?"));
  stmt.BindInt(1, db_id);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

absl::Status SqliteTables::CreateTable(const model::Table& table) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(int64_t db_id, core_.DatabaseId(table.database));
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

absl::Status SqliteTables::UpdateTable(const model::Table& table) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(TableRef old, core_.LoadTable(table.database, table.name));
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("UPDATE tables SET body = ? WHERE id = ?"));
    stmt.BindText(1, TableToJson(table));
    stmt.BindInt(2, old.id);
    RETURN_IF_ERROR(stmt.Run());
    core_.ForgetTables();
    // Existing partitions keep their own (interned) descriptors, but their
    // typed key copies follow the keys' types, or filters would go wrong.
    ASSIGN_OR_RETURN(TableRef updated, core_.LoadTable(table.database, table.name));
    if (updated.categories != old.categories) return partitions_.ReencodeKeys(updated);
    return absl::OkStatus();
  });
}

absl::Status SqliteTables::RenameTable(std::string_view db, std::string_view table,
                                       std::string_view new_db, std::string_view new_table,
                                       std::string_view new_location) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(db, table));
    ASSIGN_OR_RETURN(int64_t new_db_id, core_.DatabaseId(new_db));
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
    core_.ForgetTables();
    absl::Status status = stmt.Run();
    if (!status.ok() && IsUniqueViolation(stmt)) {
      return absl::AlreadyExistsError(
          StrCat("table '", new_db, ".", new_table, "' already exists"));
    }
    RETURN_IF_ERROR(status);
    if (!new_location.empty() && !old_location.empty() && new_location != old_location) {
      RETURN_IF_ERROR(partitions_.MovePartitionLocations(t, old_location, new_location));
    }
    return grants_.RenameTablePrivileges(t.table.database, t.table.name, new_db, new_table);
  });
}

absl::Status SqliteTables::DeleteTable(std::string_view db, std::string_view table) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(TableRef t, core_.LoadTable(db, table));
    RETURN_IF_ERROR(partitions_.DeleteTablePartitions(t.id));
    RETURN_IF_ERROR(grants_.DeleteTablePrivileges(t.table.database, t.table.name));
    // Its history outlives it (undrop), under the names it had.
    RETURN_IF_ERROR(versions_.DetachHistory(t.id, t.table.database, t.table.name));
    ASSIGN_OR_RETURN(Statement stmt, conn_->Prepare("DELETE FROM tables WHERE id = ?"));
    stmt.BindInt(1, t.id);
    core_.ForgetTables();
    return stmt.Run();
  });
}

}  // namespace almanac::storage::sqlite
