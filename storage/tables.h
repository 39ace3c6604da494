// TableReader / TableWriter: the databases and tables of the catalog, as one
// transaction sees them (ReadTransaction::tables(), WriteTransaction::tables()).
//
// Contract: names are matched exactly as given (the service lower-cases them
// first); listings are in name order. A table carries its own storage
// descriptor; its partitions (partitions.h) keep the descriptor they were
// created with. Deleting a table deletes its partitions, partition indexes,
// column statistics and privilege grants; renaming it keeps them, the grants
// under the new name; deleting a database deletes the grants on it. So the
// caller never cleans up after another concern. NotFound / AlreadyExists name
// the object ("table 'sales.orders' not found"); a writer method that fails
// leaves the transaction as it was before the call.
//
// Thread safety: as its transaction: one thread at a time. The reference a
// transaction hands out lives as long as the transaction.
#ifndef ALMANAC_STORAGE_TABLES_H_
#define ALMANAC_STORAGE_TABLES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/database.h"
#include "catalog/model/table.h"

namespace almanac::storage {

struct PageRequest;  // store.h, which includes this header

class TableReader {
 public:
  // NotFound: "database 'x' not found".
  virtual absl::StatusOr<model::Database> GetDatabase(std::string_view name) = 0;
  virtual absl::StatusOr<std::vector<std::string>> ListDatabaseNames(const PageRequest& page) = 0;

  // NotFound for a missing database or table.
  virtual absl::StatusOr<model::Table> GetTable(std::string_view db, std::string_view table) = 0;
  virtual absl::StatusOr<std::vector<std::string>> ListTableNames(std::string_view db,
                                                                  const PageRequest& page) = 0;
  virtual absl::StatusOr<int64_t> CountTables(std::string_view db) = 0;

 protected:
  // Owned by the transaction, never deleted through this interface.
  ~TableReader() = default;
};

class TableWriter : public TableReader {
 public:
  // AlreadyExists: "database 'x' already exists".
  virtual absl::Status CreateDatabase(const model::Database& db) = 0;
  // Replaces the stored database of the same name. NotFound.
  virtual absl::Status UpdateDatabase(const model::Database& db) = 0;
  // NotFound; FailedPrecondition when it still holds tables.
  virtual absl::Status DeleteDatabase(std::string_view name) = 0;

  // NotFound for the database; AlreadyExists for the table.
  virtual absl::Status CreateTable(const model::Table& table) = 0;
  // Replaces the stored table (matched by table.database and table.name).
  // Existing partitions keep the storage descriptor they were created with.
  virtual absl::Status UpdateTable(const model::Table& table) = 0;
  // Moves a table (and its partitions) to a new database and/or name. When
  // `new_location` is non-empty the table's location changes to it and
  // partitions whose location lay under the old one move with it.
  // NotFound; AlreadyExists for the target.
  virtual absl::Status RenameTable(std::string_view db, std::string_view table,
                                   std::string_view new_db, std::string_view new_table,
                                   std::string_view new_location) = 0;
  // Deletes the table with its partitions and indexes. NotFound.
  virtual absl::Status DeleteTable(std::string_view db, std::string_view table) = 0;

 protected:
  ~TableWriter() = default;
};

}  // namespace almanac::storage

#endif  // ALMANAC_STORAGE_TABLES_H_
