// SqliteTables: databases and tables of the SQLite store (TableWriter), one
// object per transaction over its SqliteTransactionCore. A database or table
// is one row whose body is the model object as JSON (json_codec.h).
//
// Deleting or renaming a table reaches into the other concerns through the
// objects it was built with: its partitions and partition indexes
// (SqlitePartitions), the privilege grants on it (SqliteGrants) and its
// history, which a delete detaches (SqliteVersions); column statistics follow
// the rows by ON DELETE CASCADE.
//
// Thread safety: not thread-safe; one thread at a time, like its transaction.
#ifndef ALMANAC_STORAGE_SQLITE_SQLITE_TABLES_H_
#define ALMANAC_STORAGE_SQLITE_SQLITE_TABLES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/read_cache.h"
#include "storage/sqlite/sqlite_transaction_core.h"
#include "storage/store.h"

namespace almanac::storage::sqlite {

class SqliteGrants;
class SqlitePartitions;
class SqliteVersions;

class SqliteTables final : public TableWriter {
 public:
  // Every argument outlives this object (SqliteTransaction owns them all).
  SqliteTables(SqliteTransactionCore& core, SqlitePartitions& partitions, SqliteGrants& grants,
               SqliteVersions& versions)
      : core_(core),
        conn_(core.conn()),
        read_cache_(core.read_cache()),
        partitions_(partitions),
        grants_(grants),
        versions_(versions) {}
  SqliteTables(const SqliteTables&) = delete;
  SqliteTables& operator=(const SqliteTables&) = delete;

  // TableReader.
  absl::StatusOr<model::Database> GetDatabase(std::string_view name) override;
  absl::StatusOr<std::vector<std::string>> ListDatabaseNames(const PageRequest& page) override;
  absl::StatusOr<model::Table> GetTable(std::string_view db, std::string_view table) override;
  absl::StatusOr<std::vector<std::string>> ListTableNames(std::string_view db,
                                                          const PageRequest& page) override;
  absl::StatusOr<int64_t> CountTables(std::string_view db) override;

  // TableWriter.
  absl::Status CreateDatabase(const model::Database& db) override;
  absl::Status UpdateDatabase(const model::Database& db) override;
  absl::Status DeleteDatabase(std::string_view name) override;
  absl::Status CreateTable(const model::Table& table) override;
  absl::Status UpdateTable(const model::Table& table) override;
  absl::Status RenameTable(std::string_view db, std::string_view table, std::string_view new_db,
                           std::string_view new_table, std::string_view new_location) override;
  absl::Status DeleteTable(std::string_view db, std::string_view table) override;

 private:
  SqliteTransactionCore& core_;
  Connection* const conn_;
  ReadCache* const read_cache_;  // null in a write transaction
  SqlitePartitions& partitions_;
  SqliteGrants& grants_;
  SqliteVersions& versions_;
};

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_SQLITE_TABLES_H_
