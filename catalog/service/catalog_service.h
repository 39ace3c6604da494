// CatalogService: every rule of the catalog in one place. The gRPC and Thrift
// front ends are thin: each RPC converts its request, calls one method here and
// converts the result, so the two front ends cannot drift apart.
//
// Validation (names, type strings, key counts), defaults (locations, times,
// owners), cascade rules, all-or-nothing batches and page tokens live here;
// persistence is delegated to storage::Store inside one transaction per call.
//
// Thread-safe: calls may come from any number of threads at once.
//
// Errors (absl::Status codes): NotFound / AlreadyExists naming the object;
// InvalidArgument for malformed input (bad names, type strings, filters, page
// tokens); FailedPrecondition when state forbids the call (dropping a
// non-empty database without cascade, a compare-and-set that lost);
// Aborted when a write could not get the writer slot in time; Unavailable
// while shutting down.
#ifndef ALMANAC_CATALOG_SERVICE_CATALOG_SERVICE_H_
#define ALMANAC_CATALOG_SERVICE_CATALOG_SERVICE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/database.h"
#include "catalog/model/partition.h"
#include "absl/time/time.h"
#include "catalog/model/notification.h"
#include "catalog/model/request_context.h"
#include "catalog/model/table.h"
#include "catalog/service/authorization_service.h"
#include "catalog/service/function_service.h"
#include "catalog/service/statistics_service.h"
#include "catalog/service/lock_manager.h"
#include "catalog/service/warehouse.h"
#include "storage/store.h"

namespace almanac::service {

struct CatalogOptions {
  // Root under which databases without a location get "<root>/<db>.db" and
  // managed tables "<db location>/<table>".
  std::string warehouse_root = "file:/tmp/almanac/warehouse";
  // Largest page a listing returns; larger requests are clamped.
  int64_t max_page_size = 1000;
  // A partition listing stops after storage has read this many rows (whether
  // or not they pass the filter) and returns what it found, possibly
  // nothing, with a token that resumes after the last row read, so one call
  // never scans a whole huge table.
  int64_t max_rows_examined_per_page = 100000;
  // Locks (locks): a lock whose holder neither heartbeats nor checks it for
  // this long is released (Hive's hive.txn.timeout).
  int64_t lock_timeout_seconds = 300;
  // Notification events older than this are deleted by ExpireNotifications
  // (Hive's hive.metastore.event.db.listener.timetolive, one day by
  // default); 0 keeps them forever.
  int64_t notification_ttl_seconds = 86400;
  // Data directories (warehouse.h), handled as the Java metastore does:
  // created with a new database or managed table, moved when a managed table
  // at its default location is renamed, deleted by drops asked to delete
  // data. Null: NewLocalWarehouse().
  std::shared_ptr<Warehouse> warehouse;
  // Told about each data step that was skipped (a location the warehouse
  // cannot handle, e.g. s3a) or failed after the catalog change committed;
  // the call itself still succeeds. Null: a line on stderr. Thread-safe.
  std::function<void(const absl::Status&)> on_data_warning;
};

// One page of names or objects plus the token for the next page ("" at the end).
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;
};

enum class FilterDialect { kHive, kGlue };

struct PartitionListRequest {
  std::string filter;  // empty: all partitions
  FilterDialect dialect = FilterDialect::kGlue;
  std::string page_token;
  int64_t page_size = 0;  // 0 or above the maximum: the maximum
  int segment_number = 0;
  int total_segments = 1;  // 1..10
  bool explain = false;    // fill PartitionListResult::explain
};

struct PartitionListExplain {
  std::string index_used;  // "" when none
  std::string plan;        // human-readable
  int64_t rows_examined = 0;
  int64_t rows_returned = 0;
};

struct PartitionListResult {
  std::vector<model::Partition> partitions;
  std::string next_page_token;
  std::optional<PartitionListExplain> explain;
};

// A page of partition names; a Page<std::string> with the explain of
// PartitionListResult.
struct PartitionNamePage : Page<std::string> {
  std::optional<PartitionListExplain> explain;
};

// A streaming partition listing (see CatalogService::ScanPartitions): no page
// token, no page size; the visitor sees every matching partition in name order.
struct PartitionScanRequest {
  std::string filter;  // empty: all partitions
  FilterDialect dialect = FilterDialect::kGlue;
  int segment_number = 0;
  int total_segments = 1;      // 1..10
  int64_t max_partitions = 0;  // 0 or negative: no limit (Hive's max_parts = -1)
};

// Visitors return false to stop early (not an error).
using PartitionVisitor = std::function<bool(model::Partition&&)>;

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
};

class CatalogService {
 public:
  CatalogService(storage::Store* store, CatalogOptions options);
  ~CatalogService();

  // ---- databases ----
  // Creates Hive's `default` database (at the warehouse root, owned by the
  // role `public`) unless it exists, as the Java metastore does at start-up:
  // clients assume it. Like Hive, appends no notification event for it.
  // Returns whether it was created.
  absl::StatusOr<bool> EnsureDefaultDatabase();
  // Fills location, create time and owner when absent. Returns what was stored.
  absl::StatusOr<model::Database> CreateDatabase(const model::RequestContext& ctx,
                                                 model::Database db);
  absl::StatusOr<model::Database> GetDatabase(const model::RequestContext& ctx,
                                              std::string_view name);
  // `pattern`: Hive's pattern language ('*' any, '|' alternatives,
  // case-insensitive); empty means all.
  absl::StatusOr<Page<std::string>> ListDatabases(const model::RequestContext& ctx,
                                                  std::string_view pattern,
                                                  std::string_view page_token,
                                                  int64_t page_size);
  absl::Status UpdateDatabase(const model::RequestContext& ctx, model::Database db);
  // With delete_data, once the drop committed: the database directory and the
  // directories of its managed tables outside it are deleted (Hive's
  // deleteData; external tables' data too when it lies inside the database
  // directory, as in Hive).
  absl::Status DropDatabase(const model::RequestContext& ctx, std::string_view name,
                            bool cascade, bool delete_data = false);

  // ---- tables ----
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
  absl::StatusOr<Page<std::string>> ListTables(const model::RequestContext& ctx,
                                               std::string_view db, std::string_view pattern,
                                               std::string_view page_token, int64_t page_size);
  // Replaces a table's definition (not its name: see RenameTable).
  // A managed table at its default location moves to the new default
  // location, data included: the directory is moved before the commit and
  // moved back if the commit fails (see table_ops.cc for the crash window).
  // FailedPrecondition when the new directory already exists.
  absl::StatusOr<model::Table> UpdateTable(const model::RequestContext& ctx, model::Table table,
                                           const UpdateTableOptions& options = {});
  absl::Status RenameTable(const model::RequestContext& ctx, std::string_view db,
                           std::string_view name, std::string_view new_db,
                           std::string_view new_name);
  // With delete_data, once the drop committed, the directory of a managed
  // table (or of an external one with external.table.purge=true) is deleted.
  absl::Status DropTable(const model::RequestContext& ctx, std::string_view db,
                         std::string_view name, bool delete_data = false);

  // ---- partitions ----
  // All-or-nothing. With if_not_exists, existing partitions are skipped
  // instead of failing. Returns the partitions that were added.
  absl::StatusOr<std::vector<model::Partition>> AddPartitions(
      const model::RequestContext& ctx, std::string_view db, std::string_view table,
      std::vector<model::Partition> partitions, bool if_not_exists);
  absl::StatusOr<model::Partition> GetPartition(const model::RequestContext& ctx,
                                                std::string_view db, std::string_view table,
                                                const std::vector<std::string>& values);
  // Missing partitions are left out of the result.
  absl::StatusOr<std::vector<model::Partition>> GetPartitionsByValues(
      const model::RequestContext& ctx, std::string_view db, std::string_view table,
      const std::vector<std::vector<std::string>>& values);
  absl::StatusOr<std::vector<model::Partition>> GetPartitionsByNames(
      const model::RequestContext& ctx, std::string_view db, std::string_view table,
      const std::vector<std::string>& names);
  // One page of a (filtered) listing. Order: partition name order, except
  // when the filter is answered through a partition index: then the index's
  // key order (typed values, the default partition first, ties in storage
  // order), which lets every page read only about a page of rows instead of
  // sorting the whole remaining range. A page may hold fewer rows than asked,
  // even none, and still carry a token: the listing ends only when the token
  // is empty. A token resumes through the access path that issued it;
  // FailedPrecondition when its partition index was dropped since.
  absl::StatusOr<PartitionListResult> ListPartitions(const model::RequestContext& ctx,
                                                     std::string_view db, std::string_view table,
                                                     const PartitionListRequest& request);
  // All-or-nothing. With if_exists, missing partitions are skipped. With
  // delete_data, once the drop committed, the directories of the dropped
  // partitions that lie under the table's are deleted (managed tables, or
  // external ones with external.table.purge=true).
  absl::Status DropPartitions(const model::RequestContext& ctx, std::string_view db,
                              std::string_view table,
                              const std::vector<std::vector<std::string>>& values, bool if_exists,
                              bool delete_data = false);
  // Replaces partitions matched by their values. All-or-nothing.
  absl::Status UpdatePartitions(const model::RequestContext& ctx, std::string_view db,
                                std::string_view table,
                                std::vector<model::Partition> partitions);
  absl::Status RenamePartition(const model::RequestContext& ctx, std::string_view db,
                               std::string_view table, const std::vector<std::string>& old_values,
                               model::Partition partition);

  // Number of partitions matching `filter` (empty: all). InvalidArgument for a
  // bad filter; NotFound for the table.
  absl::StatusOr<int64_t> CountPartitions(const model::RequestContext& ctx, std::string_view db,
                                          std::string_view table, std::string_view filter,
                                          FilterDialect dialect);
  // Like ListPartitions but names only ("k1=v1/k2=v2", escaped), for Hive's
  // get_partition_names; the names are read without building partitions.
  // Same order and paging as ListPartitions (unfiltered: name order).
  absl::StatusOr<PartitionNamePage> ListPartitionNames(const model::RequestContext& ctx,
                                                       std::string_view db,
                                                       std::string_view table,
                                                       const PartitionListRequest& request);
  // Streams every matching partition to `visit` from one read snapshot without
  // holding the listing in memory (Hive's "all partitions" calls), always in
  // name order, also through a partition index (which then sorts what it
  // reads once), so max_partitions keeps the first N names as Hive does.
  // InvalidArgument for a bad filter or segment; NotFound for the table.
  absl::Status ScanPartitions(const model::RequestContext& ctx, std::string_view db,
                              std::string_view table, const PartitionScanRequest& request,
                              const PartitionVisitor& visit);

  // ---- partition indexes (Glue) ----
  // At most 3 per table; keys (1..3) must be partition keys of type string,
  // numeric or date. InvalidArgument for bad keys or names; AlreadyExists;
  // ResourceExhausted past 3 indexes; NotFound for the table.
  absl::Status CreatePartitionIndex(const model::RequestContext& ctx, std::string_view db,
                                    std::string_view table, storage::PartitionIndex index);
  absl::StatusOr<std::vector<storage::PartitionIndex>> ListPartitionIndexes(
      const model::RequestContext& ctx, std::string_view db, std::string_view table);
  // NotFound for the table or the index.
  absl::Status DropPartitionIndex(const model::RequestContext& ctx, std::string_view db,
                                  std::string_view table, std::string_view index_name);

  // ---- notifications and locks (locks): notification_ops.cc, lock_manager.h ----
  // Events with ids above `after_id` in id order, at most `max_events` (0 or
  // negative: no limit), filtered by `filter`.
  absl::StatusOr<std::vector<model::NotificationEvent>> ListNotifications(
      const model::RequestContext& ctx, int64_t after_id, int64_t max_events,
      const storage::NotificationFilter& filter);
  // The newest event id (0 when there is none).
  absl::StatusOr<int64_t> CurrentNotificationId(const model::RequestContext& ctx);
  // Events with from_id < id (<= to_id when to_id > 0) of database `db`
  // (every database when empty; case-insensitive).
  absl::StatusOr<int64_t> CountNotifications(const model::RequestContext& ctx, int64_t from_id,
                                             int64_t to_id, std::string_view db);
  // Deletes the events older than notification_ttl_seconds before `now`,
  // oldest first, in transactions of at most 10,000 events so writers wait
  // little; returns how many. A client that was behind then finds its next
  // event missing, as with the Java metastore's cleaner.
  absl::StatusOr<int64_t> ExpireNotifications(absl::Time now);
  // The lock manager (thread-safe), configured by lock_timeout_seconds.
  LockManager& locks() { return *locks_; }
  // ---- end notifications and locks ----

  // ---- column statistics and functions (stats): statistics_service.h, function_service.h ----
  // Column statistics and user-defined functions, each its own thread-safe
  // service over the same store.
  StatisticsService& statistics() { return *statistics_; }
  FunctionService& functions() { return *functions_; }
  // Hive's roles and privilege grants (authorization_service.h).
  AuthorizationService& authorization() { return *authorization_; }
  // ---- end column statistics and functions ----

 private:
  storage::Store* store_;
  CatalogOptions options_;
  std::unique_ptr<StatisticsService> statistics_;  // stats
  std::unique_ptr<FunctionService> functions_;     // stats
  std::unique_ptr<AuthorizationService> authorization_;
  std::unique_ptr<LockManager> locks_;  // locks

  // ---- data directories (warehouse.h) ----
  // Reports a skipped or failed data step through options_.on_data_warning.
  void DataWarning(const absl::Status& status);
  // Runs a data step after its catalog change committed: a failure is only
  // reported (the catalog change stands, as in Hive).
  void AfterCommit(const absl::Status& step);
  // Whether dropping `table` with deleteData deletes its data.
  static bool DropDeletesData(const model::Table& table);

  // ---- renames (table_ops.cc), shared by RenameTable and UpdateTable ----
  struct RenameStep {
    model::Table before;       // as stored under the old name
    model::Table after;        // as stored under the new name
    std::string new_location;  // where the data moves; empty: it stays
  };
  // Renames inside `txn` (a no-op step when the names are equal).
  absl::StatusOr<RenameStep> RenameInTransaction(storage::WriteTransaction* txn,
                                                 std::string_view db, std::string_view name,
                                                 std::string_view new_db,
                                                 std::string_view new_name);
  // Moves the data (if the step moves it), commits, and moves it back when
  // the commit fails.
  absl::Status CommitRename(storage::WriteTransaction* txn, const RenameStep& step);
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_CATALOG_SERVICE_H_
