// Store: the persistence interface the catalog uses. Backends live in
// subdirectories (sqlite/ today, postgres/ later) and are the only code that
// sees a database driver.
//
// All access goes through transactions. A ReadTransaction sees one consistent
// snapshot; a WriteTransaction is the only writer while it lives (writers are
// serialised; readers are not blocked). Destroying a WriteTransaction without
// Commit() rolls everything back, which is how the service makes batch
// operations all-or-nothing.
//
// Thread safety: Store is thread-safe. A transaction object belongs to one
// thread at a time.
//
// Errors: NotFound / AlreadyExists name the object ("table 'sales.orders' not
// found"); FailedPrecondition for state that forbids the call (dropping a
// non-empty database); Aborted when the writer slot could not be had within the
// busy timeout; DataLoss for corruption; Internal for broken invariants. No
// message contains query text.
#ifndef ALMANAC_STORAGE_STORE_H_
#define ALMANAC_STORAGE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/authorization.h"
#include "catalog/model/column_statistics.h"
#include "catalog/model/database.h"
#include "catalog/model/function.h"
#include "catalog/model/lock.h"
#include "catalog/model/notification.h"
#include "catalog/model/partition.h"
#include "catalog/model/partition_index.h"
#include "catalog/model/table.h"
#include "storage/partition_filter.h"

namespace almanac::storage {

// Listings are ordered by name; `after` is an exclusive lower bound (the last
// name of the previous page, or empty), `limit` 0 means no limit.
struct PageRequest {
  std::string after;
  int64_t limit = 0;
};

// The order a partition scan delivers rows in.
enum class ScanOrder {
  // Partition name order on every access path: through a partition index the
  // backend sorts the candidates the index yields (Hive's listings, which
  // clients expect in name order, and the first N of a limited listing).
  kName,
  // The access path's own order: name order without an index; through a
  // partition index, the index's key order (typed values, the default
  // partition first) and then the internal id, so that a page reads only
  // O(page size) rows and never sorts.
  kAccessPath,
};

// A place in the index order of a scan, just after one row.
struct IndexPosition {
  std::string index;                  // the partition index's name
  std::vector<model::KeyValue> keys;  // that row's typed keys, in the index's key order
  int64_t id = 0;                     // that row's internal id (orders rows with equal keys)

  bool empty() const { return index.empty(); }
  friend bool operator==(const IndexPosition&, const IndexPosition&) = default;
};

// A partition listing of one table.
struct PartitionScan {
  PartitionFilter filter;  // pushed-down part of the predicate
  // Where a name-ordered scan starts: an exclusive lower bound on the name
  // ("" from the beginning).
  std::string after_name;
  int64_t limit = 0;       // 0: no limit
  // Glue-style segments: partition p belongs to segment (p's internal id mod
  // total_segments). Segments are disjoint and together cover the table.
  int segment_number = 0;
  int total_segments = 1;
  // Which partition index may be used: "" lets the backend choose, "none"
  // forbids every partition index, any other value names one.
  std::string index_hint;
  ScanOrder order = ScanOrder::kName;
  // Where an index-ordered scan (kAccessPath through an index) resumes, from
  // ScanStats::last_key of an earlier scan with the same filter, segment and
  // index; empty from the beginning. InvalidArgument when it does not belong
  // to the access path the scan takes (another index, or name order), or
  // after_name is set on a scan in index order.
  IndexPosition after_key;
  // The scan stops after reading this many rows from storage, whether or not
  // they pass the filter (0: no bound), so one call's work is bounded even
  // when the filter rejects almost everything.
  int64_t max_rows_examined = 0;
};

// What a scan did, for explain output, benchmarks and paging.
struct ScanStats {
  int64_t rows_examined = 0;  // candidate rows storage read
  int64_t rows_returned = 0;  // rows handed to the visitor
  std::string index_used;     // partition index name, or "" for the table's name order
  std::string plan;           // backend's short description of the access path
  // True when the scan read to the end of its range: no limit, row budget or
  // visitor stopped it.
  bool complete = false;
  // Where a later scan resumes so that it neither repeats nor skips a row:
  // just after the last row consumed, where every row read counts as
  // consumed except the one the visitor returned false for (the caller did
  // not keep it). Name order fills last_name, index order last_key; both
  // equal the scan's own start when nothing was consumed.
  std::string last_name;
  IndexPosition last_key;
};

// Visitors return false to stop the scan early (not an error). A partition
// visitor may move from its argument; storage may hand the same object back,
// overwritten, for the next row (so a visitor that only reads it saves the
// allocations).
using PartitionVisitor = std::function<bool(model::Partition&&)>;
using PartitionNameVisitor = std::function<bool(std::string_view name)>;

class ReadTransaction {
 public:
  virtual ~ReadTransaction() = default;

  // NotFound: "database 'x' not found".
  virtual absl::StatusOr<model::Database> GetDatabase(std::string_view name) = 0;
  virtual absl::StatusOr<std::vector<std::string>> ListDatabaseNames(const PageRequest& page) = 0;

  // NotFound for a missing database or table.
  virtual absl::StatusOr<model::Table> GetTable(std::string_view db, std::string_view table) = 0;
  virtual absl::StatusOr<std::vector<std::string>> ListTableNames(std::string_view db,
                                                                  const PageRequest& page) = 0;
  virtual absl::StatusOr<int64_t> CountTables(std::string_view db) = 0;

  // NotFound for a missing table or partition ("partition 'db.t/year=2024' not found").
  virtual absl::StatusOr<model::Partition> GetPartition(std::string_view db,
                                                        std::string_view table,
                                                        const std::vector<std::string>& values) = 0;
  // Partitions with the given names ("k=v/..."), in the order given; names
  // that do not exist are skipped.
  virtual absl::StatusOr<std::vector<model::Partition>> GetPartitionsByNames(
      std::string_view db, std::string_view table, const std::vector<std::string>& names) = 0;
  // Streams matching partitions in scan.order (see ScanOrder). NotFound for
  // a missing table or a named index; InvalidArgument for a bad filter,
  // segment, limit or resume position.
  virtual absl::Status ScanPartitions(std::string_view db, std::string_view table,
                                      const PartitionScan& scan, const PartitionVisitor& visit,
                                      ScanStats* stats) = 0;
  // Same, names only (no storage descriptor is read or built).
  virtual absl::Status ScanPartitionNames(std::string_view db, std::string_view table,
                                          const PartitionScan& scan,
                                          const PartitionNameVisitor& visit, ScanStats* stats) = 0;
  virtual absl::StatusOr<int64_t> CountPartitions(std::string_view db, std::string_view table,
                                                  const PartitionFilter& filter) = 0;

  virtual absl::StatusOr<std::vector<model::PartitionIndex>> ListPartitionIndexes(
      std::string_view db, std::string_view table) = 0;

  // ---- column statistics and functions (stats) ----
  // Table-level statistics of `columns` (every column with statistics when
  // empty) for `engine`, ordered by column name; columns without statistics
  // are left out. `last_analyzed` receives the newest analysis time among
  // them (0 when none); may be null. NotFound for a missing table.
  virtual absl::StatusOr<std::vector<model::ColumnStatisticsObj>> GetTableColumnStats(
      std::string_view db, std::string_view table, std::string_view engine,
      const std::vector<std::string>& columns, int64_t* last_analyzed) = 0;
  // Partition-level statistics of the named partitions (all partitions with
  // statistics when `partition_names` is empty) restricted to `columns` (all
  // when empty), ordered by partition name; partitions without matching
  // statistics or that do not exist are left out. NotFound for the table.
  virtual absl::StatusOr<std::vector<model::PartitionColumnStatistics>> GetPartitionColumnStats(
      std::string_view db, std::string_view table, std::string_view engine,
      const std::vector<std::string>& partition_names, const std::vector<std::string>& columns) = 0;

  // NotFound: "function 'db.f' not found" (or the database).
  virtual absl::StatusOr<model::Function> GetFunction(std::string_view db,
                                                      std::string_view name) = 0;
  // Functions of `db` ordered by name; every database's when `db` is empty
  // (ordered by database, then name). NotFound for a missing database.
  virtual absl::StatusOr<std::vector<model::Function>> ListFunctions(std::string_view db) = 0;
  // ---- end column statistics and functions ----

  // ---- locks and notifications (locks) ----
  // Events with ids above `after_id` in id order, at most `max` (0: no limit),
  // filtered by `filter`.
  virtual absl::StatusOr<std::vector<model::NotificationEvent>> ListNotifications(
      int64_t after_id, int64_t max, const model::NotificationFilter& filter) = 0;
  // The id of the newest event ever appended (0 when none), even when old
  // events were removed since.
  virtual absl::StatusOr<int64_t> CurrentNotificationId() = 0;
  // Events with from_id < id (and id <= to_id when to_id > 0) of `db` (every
  // database when empty).
  virtual absl::StatusOr<int64_t> CountNotifications(int64_t from_id, int64_t to_id,
                                                     std::string_view db) = 0;
  // Every stored lock with its components, in id order.
  virtual absl::StatusOr<std::vector<model::Lock>> ListLocks() = 0;
  // ---- end locks and notifications ----

  // ---- roles and privileges (sqlite_authorization.cc) ----
  // Every role, by name.
  virtual absl::StatusOr<std::vector<model::Role>> ListRoles() = 0;
  // Role grants of `role` (every role when empty) to `grantee` (every
  // principal when its name is empty), by role then grantee.
  virtual absl::StatusOr<std::vector<model::RoleGrant>> ListRoleGrants(
      std::string_view role, const model::Principal& grantee) = 0;
  // Privilege grants on `object` (any object when null) to `grantee` (any
  // principal when null), in key order.
  virtual absl::StatusOr<std::vector<model::PrivilegeGrant>> ListPrivileges(
      const model::SecuredObject* object, const model::Principal* grantee) = 0;
  // ---- end roles and privileges ----
};

class WriteTransaction : public ReadTransaction {
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

  // Adds partitions (each partition's database/table must match). NotFound
  // for the table; AlreadyExists naming the first partition that exists;
  // InvalidArgument when a value count differs from the table's key count.
  virtual absl::Status CreatePartitions(std::string_view db, std::string_view table,
                                        const std::vector<model::Partition>& partitions) = 0;
  // Replaces the partition identified by `values` with `partition` (whose
  // values may differ: a rename). NotFound; AlreadyExists on a rename onto an
  // existing partition.
  virtual absl::Status UpdatePartition(std::string_view db, std::string_view table,
                                       const std::vector<std::string>& values,
                                       const model::Partition& partition) = 0;
  // NotFound naming the partition.
  virtual absl::Status DeletePartition(std::string_view db, std::string_view table,
                                       const std::vector<std::string>& values) = 0;

  // Creates and backfills an index over the named partition keys (1..3 keys,
  // at most 3 indexes per table). AlreadyExists; InvalidArgument for unknown
  // keys; ResourceExhausted past 3 indexes.
  virtual absl::Status CreatePartitionIndex(std::string_view db, std::string_view table,
                                            const model::PartitionIndex& index) = 0;
  virtual absl::Status DropPartitionIndex(std::string_view db, std::string_view table,
                                          std::string_view index_name) = 0;

  // ---- column statistics and functions (stats) ----
  // Inserts or replaces the statistics of each column of `stats` (keyed by
  // column and stats.engine) on the table stats.desc names. Other columns keep
  // theirs. NotFound for the table.
  virtual absl::Status UpsertTableColumnStats(const model::ColumnStatistics& stats) = 0;
  // Same for the partition stats.desc.partition_name names. NotFound for the
  // table or the partition.
  virtual absl::Status UpsertPartitionColumnStats(const model::ColumnStatistics& stats) = 0;
  // Deletes table-level statistics of `column` (all columns when empty) for
  // `engine` (all engines when empty); returns how many were deleted.
  // NotFound for the table.
  virtual absl::StatusOr<int64_t> DeleteTableColumnStats(std::string_view db,
                                                         std::string_view table,
                                                         std::string_view engine,
                                                         std::string_view column) = 0;
  // Same for one partition (every partition when `partition_name` is empty).
  // NotFound for the table or a named partition.
  virtual absl::StatusOr<int64_t> DeletePartitionColumnStats(std::string_view db,
                                                             std::string_view table,
                                                             std::string_view partition_name,
                                                             std::string_view engine,
                                                             std::string_view column) = 0;

  // NotFound for the database; AlreadyExists for the function.
  virtual absl::Status CreateFunction(const model::Function& function) = 0;
  // Replaces the function `db`.`name` with `function`, which may carry another
  // database or name (a rename). NotFound; AlreadyExists for the target.
  virtual absl::Status UpdateFunction(std::string_view db, std::string_view name,
                                      const model::Function& function) = 0;
  // NotFound.
  virtual absl::Status DeleteFunction(std::string_view db, std::string_view name) = 0;
  // ---- end column statistics and functions ----

  // ---- locks and notifications (locks) ----
  // Appends `event` (its event_id is ignored) and returns the id it got: one
  // more than the previous event's, never reused. Rolled back with the
  // transaction, which then leaves no gap.
  virtual absl::StatusOr<int64_t> AppendNotification(const model::NotificationEvent& event) = 0;
  // Deletes the oldest events (lowest ids first) whose event_time is before
  // `event_time`, at most `max_events` of them; returns how many. Ids stay
  // unused: CurrentNotificationId does not go back.
  virtual absl::StatusOr<int64_t> DeleteNotificationsBefore(int64_t event_time,
                                                            int64_t max_events) = 0;
  // Stores a new lock (its id is ignored) and returns its id; ids are never
  // reused, so a stale id can never name another holder's lock.
  virtual absl::StatusOr<int64_t> InsertLock(const model::Lock& lock) = 0;
  // Rewrites the state, acquisition time and heartbeat of lock `lock.id`
  // (components never change). NotFound: "lock 7 not found".
  virtual absl::Status UpdateLock(const model::Lock& lock) = 0;
  // NotFound: "lock 7 not found".
  virtual absl::Status DeleteLock(int64_t id) = 0;
  // ---- end locks and notifications ----

  // ---- roles and privileges ----
  // AlreadyExists: "role 'x' already exists".
  virtual absl::Status CreateRole(const model::Role& role) = 0;
  // Deletes the role, its grants to principals, its grants to it as a
  // principal and the privileges granted to it. NotFound.
  virtual absl::Status DeleteRole(std::string_view name) = 0;
  // Inserts or replaces the grant of (role, grantee).
  virtual absl::Status PutRoleGrant(const model::RoleGrant& grant) = 0;
  // NotFound when `grantee` does not hold `role`.
  virtual absl::Status DeleteRoleGrant(std::string_view role, const model::Principal& grantee) = 0;
  // Inserts or replaces the grant of (object, grantee, privilege).
  virtual absl::Status PutPrivilege(const model::PrivilegeGrant& grant) = 0;
  // NotFound when there is no such grant (object, grantee, privilege).
  virtual absl::Status DeletePrivilege(const model::PrivilegeGrant& grant) = 0;
  // Table, partition and database deletes and table renames (above) take
  // their objects' privilege grants with them.
  // ---- end roles and privileges ----

  // Makes every change durable. After a failed Commit nothing was applied.
  virtual absl::Status Commit() = 0;
};

struct SchemaStep {
  int version = 0;
  std::string name;     // file name, e.g. "0001_initial.sql"
  bool applied = false;
  int64_t applied_at = 0;  // seconds since the epoch; 0 when pending
};

class Store {
 public:
  virtual ~Store() = default;

  virtual absl::StatusOr<std::unique_ptr<ReadTransaction>> BeginRead() = 0;
  // Waits for the writer slot up to the backend's busy timeout, then Aborted.
  virtual absl::StatusOr<std::unique_ptr<WriteTransaction>> BeginWrite() = 0;

  // Migration steps known to this binary, with which are applied.
  virtual absl::StatusOr<std::vector<SchemaStep>> SchemaStatus() = 0;
};

}  // namespace almanac::storage

#endif  // ALMANAC_STORAGE_STORE_H_
