// FunctionService: user-defined functions (Hive's Function): a database-scoped
// name bound to an implementing class and the resources (jars, files,
// archives) needed to run it. Almanac records definitions only.
//
// Rules, following Hive: function names follow the table-name rules (letters,
// digits, '_'; case-insensitive, stored lower case); the class name is
// required; the database must exist. Dropping a database that holds functions
// needs cascade, like one that holds tables (CatalogService::DropDatabase).
//
// Thread-safe. Every call goes through the gate (gate.h).
//
// Errors: NotFound for a missing database or function; AlreadyExists;
// InvalidArgument for a bad name, an empty class name or resource URI.
#ifndef ALMANAC_CATALOG_SERVICE_FUNCTION_SERVICE_H_
#define ALMANAC_CATALOG_SERVICE_FUNCTION_SERVICE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/function.h"
#include "catalog/model/request_context.h"
#include "catalog/service/service_core.h"

namespace almanac::service {

class FunctionService {
 public:
  explicit FunctionService(ServiceCore* core) : core_(core) {}

  // Fills create_time, and the owner (the caller) when absent. Returns what
  // was stored.
  absl::StatusOr<model::Function> CreateFunction(const model::RequestContext& ctx,
                                                 model::Function function);
  absl::StatusOr<model::Function> GetFunction(const model::RequestContext& ctx,
                                              std::string_view db, std::string_view name);
  // Names of `db`'s functions matching `pattern` (Hive's pattern language,
  // see name_pattern.h; empty matches all) that the caller may see, sorted.
  absl::StatusOr<std::vector<std::string>> ListFunctionNames(const model::RequestContext& ctx,
                                                             std::string_view db,
                                                             std::string_view pattern);
  // Every function of every database the caller may see, ordered by
  // database then name.
  absl::StatusOr<std::vector<model::Function>> ListAllFunctions(const model::RequestContext& ctx);
  // Replaces `db`.`name` with `function`, which may name another database or
  // function (a rename). The creation time is kept.
  absl::Status UpdateFunction(const model::RequestContext& ctx, std::string_view db,
                              std::string_view name, model::Function function);
  absl::Status DropFunction(const model::RequestContext& ctx, std::string_view db,
                            std::string_view name);

 private:
  // Whether a listed function may be shown to the caller.
  bool Visible(const model::RequestContext& ctx, const model::Function& f);

  ServiceCore* core_;
};

// Validates and lower-cases database and function names, checks the class
// name and resources. InvalidArgument naming the problem.
absl::Status NormalizeFunction(model::Function* function);

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_FUNCTION_SERVICE_H_
