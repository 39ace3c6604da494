// SqliteFunctions: user-defined functions in the SQLite store
// (FunctionWriter), one object per transaction over its SqliteTransactionCore.
// A function row references its database by id (ON DELETE CASCADE); whether a
// database holding functions may be dropped is the service's decision, not
// storage's.
//
// Thread safety: not thread-safe; one thread at a time, like its transaction.
#ifndef ALMANAC_STORAGE_SQLITE_SQLITE_FUNCTIONS_H_
#define ALMANAC_STORAGE_SQLITE_SQLITE_FUNCTIONS_H_

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/sqlite_transaction_core.h"
#include "storage/store.h"

namespace almanac::storage::sqlite {

class SqliteFunctions final : public FunctionWriter {
 public:
  // `core` outlives this object (SqliteTransaction owns both).
  explicit SqliteFunctions(SqliteTransactionCore& core) : core_(core), conn_(core.conn()) {}
  SqliteFunctions(const SqliteFunctions&) = delete;
  SqliteFunctions& operator=(const SqliteFunctions&) = delete;

  // FunctionReader.
  absl::StatusOr<model::Function> GetFunction(std::string_view db, std::string_view name) override;
  absl::StatusOr<std::vector<model::Function>> ListFunctions(std::string_view db) override;

  // FunctionWriter.
  absl::Status CreateFunction(const model::Function& function) override;
  absl::Status UpdateFunction(std::string_view db, std::string_view name,
                              const model::Function& function) override;
  absl::Status DeleteFunction(std::string_view db, std::string_view name) override;

 private:
  SqliteTransactionCore& core_;
  Connection* const conn_;
};

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_SQLITE_FUNCTIONS_H_
