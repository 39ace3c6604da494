// DatabaseService: databases (Hive's Database, Glue's Database): create with
// a default location and owner, read, list by pattern, update, and drop
// (cascading to tables and functions only when asked).
//
// Thread-safe. Every call goes through the gate (gate.h).
//
// Errors: NotFound / AlreadyExists naming the database; InvalidArgument for
// bad names; FailedPrecondition for dropping a non-empty database without
// cascade, or `default`; PermissionDenied from the gate; Aborted when the
// writer slot could not be had.
#ifndef ALMANAC_CATALOG_SERVICE_DATABASE_SERVICE_H_
#define ALMANAC_CATALOG_SERVICE_DATABASE_SERVICE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/database.h"
#include "catalog/model/listing.h"
#include "catalog/model/request_context.h"
#include "catalog/service/service_core.h"

namespace almanac::service {

class DatabaseService {
 public:
  explicit DatabaseService(ServiceCore* core) : core_(core) {}

  // Creates Hive's `default` database (at the warehouse root, owned by the
  // role `public`) unless it exists, as the Java metastore does at start-up:
  // clients assume it. Like Hive, appends no notification event for it.
  // Returns whether it was created.
  absl::StatusOr<bool> EnsureDefaultDatabase(const model::RequestContext& ctx);
  // Fills location, create time and owner when absent. Returns what was stored.
  absl::StatusOr<model::Database> CreateDatabase(const model::RequestContext& ctx,
                                                 model::Database db);
  absl::StatusOr<model::Database> GetDatabase(const model::RequestContext& ctx,
                                              std::string_view name);
  // `pattern`: Hive's pattern language ('*' any, '|' alternatives,
  // case-insensitive); empty means all. Databases the caller may not see are
  // left out.
  absl::StatusOr<model::Page<std::string>> ListDatabases(const model::RequestContext& ctx,
                                                         std::string_view pattern,
                                                         std::string_view page_token,
                                                         int64_t page_size);
  // Every such name, from one snapshot (Hive's get_databases and
  // get_all_databases).
  absl::StatusOr<std::vector<std::string>> ListAllDatabaseNames(const model::RequestContext& ctx,
                                                                std::string_view pattern);
  absl::Status UpdateDatabase(const model::RequestContext& ctx, model::Database db);
  // With delete_data, once the drop committed: the database directory and the
  // directories of its managed tables outside it are deleted (Hive's
  // deleteData; external tables' data too when it lies inside the database
  // directory, as in Hive).
  absl::Status DropDatabase(const model::RequestContext& ctx, std::string_view name,
                            bool cascade, bool delete_data = false);

 private:
  ServiceCore* core_;
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_DATABASE_SERVICE_H_
