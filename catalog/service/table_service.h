// TableService: tables and views (Hive's Table, Glue's Table): create with a
// default location and owner, read one or many, list by pattern and type,
// Hive's table metadata listing, update (with Iceberg's compare-and-set and
// Hive's CASCADE), rename (data included), drop.
//
// Thread-safe. Every call goes through the gate (gate.h).
//
// Errors: NotFound / AlreadyExists naming the table or database;
// InvalidArgument for bad names, types or keys; FailedPrecondition for a lost
// compare-and-set or a rename whose directory exists; PermissionDenied from
// the gate; Aborted when the writer slot could not be had.
#ifndef ALMANAC_CATALOG_SERVICE_TABLE_SERVICE_H_
#define ALMANAC_CATALOG_SERVICE_TABLE_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/authorization.h"
#include "catalog/model/listing.h"
#include "catalog/model/request_context.h"
#include "catalog/model/table.h"
#include "catalog/service/service_core.h"

namespace almanac::service {

// Options of a table update (Hive's alter_table semantics).
struct UpdateTableOptions {
  // Iceberg's lock-free commit: the update applies only when the stored
  // table's parameter `expected_parameter_key` equals `expected_parameter_value`
  // (FailedPrecondition otherwise). Empty key: unconditional.
  std::string expected_parameter_key;
  std::string expected_parameter_value;
  // Hive's CASCADE: column changes are applied to every partition too.
  bool cascade = false;
  // The table the client addressed (Hive's alter_table(db, name, new_table)),
  // when it may differ from table.database/table.name. Empty: the table's own
  // names. A difference is InvalidArgument unless `allow_rename`: then the
  // table is renamed (as RenameTable, data included) and updated in one
  // transaction with one ALTER_TABLE event; an empty location in `table`
  // keeps the location the rename chose.
  std::string addressed_database;
  std::string addressed_name;
  bool allow_rename = false;
  // Glue's SkipArchive: the definition this update replaces is not kept as
  // a version; the new one takes the newest version's place.
  bool skip_archive = false;
};

// One row of Hive's get_table_meta.
struct TableMeta {
  std::string database;
  std::string name;
  std::string table_type;  // "MANAGED_TABLE", "EXTERNAL_TABLE", "VIRTUAL_VIEW", ...
  std::optional<std::string> comment;  // the table's "comment" parameter, when set
  std::string owner;
  model::PrincipalType owner_type = model::PrincipalType::kUser;
};

class TableService {
 public:
  explicit TableService(ServiceCore* core) : core_(core) {}

  // `owner_grants`: privileges on the new table given to principals with it
  // (Hive's Table.privileges, which Trino's sql-standard security uses for
  // the creator's own SELECT, INSERT, UPDATE and DELETE); stored as grants
  // in the same transaction. Their object and create time are filled in, and
  // the grantor, when unnamed, is the caller. InvalidArgument for a grant
  // without a grantee or privilege name.
  absl::StatusOr<model::Table> CreateTable(const model::RequestContext& ctx, model::Table table,
                                           std::vector<model::PrivilegeGrant> owner_grants = {});
  absl::StatusOr<model::Table> GetTable(const model::RequestContext& ctx, std::string_view db,
                                        std::string_view name);
  // The tables of `db` among `names` that exist, in the order asked, all
  // read from one snapshot; names of no table (or of a missing database) are
  // left out, as Hive's get_table_objects_by_name does.
  absl::StatusOr<std::vector<model::Table>> GetTables(const model::RequestContext& ctx,
                                                      std::string_view db,
                                                      const std::vector<std::string>& names);
  // Every table of `db` whose name matches `pattern` (Hive's pattern
  // language) and that the caller may see, by name, from one snapshot
  // (Hive's get_table_objects_by_name_req with a tablesPattern).
  absl::StatusOr<std::vector<model::Table>> GetTablesMatching(const model::RequestContext& ctx,
                                                              std::string_view db,
                                                              std::string_view pattern);
  // One page of the names of `db`'s tables matching `pattern` (Hive's
  // pattern language; empty: all) that the caller may see.
  absl::StatusOr<model::Page<std::string>> ListTables(const model::RequestContext& ctx,
                                                      std::string_view db,
                                                      std::string_view pattern,
                                                      std::string_view page_token,
                                                      int64_t page_size);
  // Every such name, from one snapshot (Hive's get_tables, get_all_tables,
  // and get_tables_by_type when `table_type` is set: "MANAGED_TABLE", ...,
  // compared case-insensitively).
  absl::StatusOr<std::vector<std::string>> ListAllTableNames(const model::RequestContext& ctx,
                                                             std::string_view db,
                                                             std::string_view pattern,
                                                             std::string_view table_type = {});
  // Hive's get_table_meta: tables of the databases matching `db_pattern`
  // whose names match `table_pattern` and whose type is one of `types`
  // (all when empty), from one snapshot.
  absl::StatusOr<std::vector<TableMeta>> GetTableMeta(const model::RequestContext& ctx,
                                                      std::string_view db_pattern,
                                                      std::string_view table_pattern,
                                                      const std::vector<std::string>& types);
  // Replaces a table's definition (not its name: see RenameTable).
  // A managed table at its default location moves to the new default
  // location, data included: the directory is moved before the commit and
  // moved back if the commit fails (see table_service.cc for the crash
  // window). FailedPrecondition when the new directory already exists.
  absl::StatusOr<model::Table> UpdateTable(const model::RequestContext& ctx, model::Table table,
                                           const UpdateTableOptions& options = {});
  absl::Status RenameTable(const model::RequestContext& ctx, std::string_view db,
                           std::string_view name, std::string_view new_db,
                           std::string_view new_name);
  // With delete_data, once the drop committed, the directory of a managed
  // table (or of an external one with external.table.purge=true) is deleted.
  absl::Status DropTable(const model::RequestContext& ctx, std::string_view db,
                         std::string_view name, bool delete_data = false);

 private:
  // ---- renames, shared by RenameTable and UpdateTable ----
  struct RenameStep {
    model::Table before;       // as stored under the old name
    model::Table after;        // as stored under the new name
    std::string new_location;  // where the data moves; empty: it stays
  };
  // Renames inside `txn` (a no-op step when the names are equal).
  absl::StatusOr<RenameStep> RenameInTransaction(WriteScope& txn, std::string_view db,
                                                 std::string_view name, std::string_view new_db,
                                                 std::string_view new_name);
  // Moves the data (if the step moves it), commits, and moves it back when
  // the commit fails.
  absl::Status CommitRename(WriteScope& txn, const RenameStep& step);

  ServiceCore* core_;
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_TABLE_SERVICE_H_
