// FunctionReader / FunctionWriter: user-defined functions (Hive's permanent
// functions), which live in a database, as one transaction sees them
// (ReadTransaction::functions(), WriteTransaction::functions()).
//
// Contract: a function is named by (database, name). Storage does not stop a
// database that holds functions from being deleted (its functions go with it);
// whether that is allowed is the service's decision. NotFound / AlreadyExists
// name the function ("function 'db.f' not found") or its database; a writer
// method that fails leaves the transaction as it was before the call.
//
// Thread safety: as its transaction: one thread at a time. The reference a
// transaction hands out lives as long as the transaction.
#ifndef ALMANAC_STORAGE_FUNCTIONS_H_
#define ALMANAC_STORAGE_FUNCTIONS_H_

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/function.h"

namespace almanac::storage {

class FunctionReader {
 public:
  // NotFound: "function 'db.f' not found" (or the database).
  virtual absl::StatusOr<model::Function> GetFunction(std::string_view db,
                                                      std::string_view name) = 0;
  // Functions of `db` ordered by name; every database's when `db` is empty
  // (ordered by database, then name). NotFound for a missing database.
  virtual absl::StatusOr<std::vector<model::Function>> ListFunctions(std::string_view db) = 0;

 protected:
  // Owned by the transaction, never deleted through this interface.
  ~FunctionReader() = default;
};

class FunctionWriter : public FunctionReader {
 public:
  // NotFound for the database; AlreadyExists for the function.
  virtual absl::Status CreateFunction(const model::Function& function) = 0;
  // Replaces the function `db`.`name` with `function`, which may carry another
  // database or name (a rename). NotFound; AlreadyExists for the target.
  virtual absl::Status UpdateFunction(std::string_view db, std::string_view name,
                                      const model::Function& function) = 0;
  // NotFound.
  virtual absl::Status DeleteFunction(std::string_view db, std::string_view name) = 0;

 protected:
  ~FunctionWriter() = default;
};

}  // namespace almanac::storage

#endif  // ALMANAC_STORAGE_FUNCTIONS_H_
