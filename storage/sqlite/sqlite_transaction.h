// The transaction objects of the SQLite store. One class serves both kinds: a
// read transaction is a DEFERRED transaction on a pooled reader connection
// whose snapshot is taken at once; a write transaction is an IMMEDIATE
// transaction on the single writer connection. Each write method runs inside a
// SAVEPOINT, so a failed call leaves the transaction as it was before the call;
// destroying the object without Commit() rolls everything back.
//
// Implementation is split by concern: sqlite_transaction.cc (lifecycle,
// databases, tables, storage descriptors), sqlite_partitions.cc (partition
// rows and scans), sqlite_partition_indexes.cc (partition indexes).
//
// Thread safety: not thread-safe; one thread at a time, like the connection.
#ifndef ALMANAC_STORAGE_SQLITE_SQLITE_TRANSACTION_H_
#define ALMANAC_STORAGE_SQLITE_SQLITE_TRANSACTION_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/key_value.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/filter_sql.h"
#include "storage/sqlite/read_cache.h"
#include "storage/store.h"

namespace almanac::storage::sqlite {

// For now one object serves every concern interface and hands out itself.
class SqliteTransaction final : public WriteTransaction,
                                public TableWriter,
                                public PartitionWriter,
                                public StatisticsWriter,
                                public FunctionWriter,
                                public GrantWriter,
                                public LockWriter,
                                public EventWriter {
 public:
  // Begins the transaction on `conn`. `release` runs once the transaction has
  // ended (after COMMIT or ROLLBACK), to hand the connection back.
  // `read_cache` (read transactions only; may be null) is the connection's
  // ReadCache, validated against the snapshot taken here.
  static absl::StatusOr<std::unique_ptr<SqliteTransaction>> Begin(
      Connection* conn, bool writable, std::function<void()> release,
      ReadCache* read_cache = nullptr);
  ~SqliteTransaction() override;

  TableWriter& tables() override { return *this; }
  PartitionWriter& partitions() override { return *this; }
  StatisticsWriter& statistics() override { return *this; }
  FunctionWriter& functions() override { return *this; }
  GrantWriter& grants() override { return *this; }
  LockWriter& locks() override { return *this; }
  EventWriter& events() override { return *this; }

  // ReadTransaction.
  absl::StatusOr<model::Database> GetDatabase(std::string_view name) override;
  absl::StatusOr<std::vector<std::string>> ListDatabaseNames(const PageRequest& page) override;
  absl::StatusOr<model::Table> GetTable(std::string_view db, std::string_view table) override;
  absl::StatusOr<std::vector<std::string>> ListTableNames(std::string_view db,
                                                          const PageRequest& page) override;
  absl::StatusOr<int64_t> CountTables(std::string_view db) override;
  absl::StatusOr<model::Partition> GetPartition(std::string_view db, std::string_view table,
                                                const std::vector<std::string>& values) override;
  absl::StatusOr<std::vector<model::Partition>> GetPartitionsByNames(
      std::string_view db, std::string_view table, const std::vector<std::string>& names) override;
  absl::Status ScanPartitions(std::string_view db, std::string_view table,
                              const PartitionScan& scan, const PartitionVisitor& visit,
                              ScanStats* stats) override;
  absl::Status ScanPartitionNames(std::string_view db, std::string_view table,
                                  const PartitionScan& scan, const PartitionNameVisitor& visit,
                                  ScanStats* stats) override;
  absl::StatusOr<int64_t> CountPartitions(std::string_view db, std::string_view table,
                                          const PartitionFilter& filter) override;
  absl::StatusOr<std::vector<model::PartitionIndex>> ListPartitionIndexes(
      std::string_view db, std::string_view table) override;

  // WriteTransaction.
  absl::Status CreateDatabase(const model::Database& db) override;
  absl::Status UpdateDatabase(const model::Database& db) override;
  absl::Status DeleteDatabase(std::string_view name) override;
  absl::Status CreateTable(const model::Table& table) override;
  absl::Status UpdateTable(const model::Table& table) override;
  absl::Status RenameTable(std::string_view db, std::string_view table, std::string_view new_db,
                           std::string_view new_table, std::string_view new_location) override;
  absl::Status DeleteTable(std::string_view db, std::string_view table) override;
  absl::Status CreatePartitions(std::string_view db, std::string_view table,
                                const std::vector<model::Partition>& partitions) override;
  absl::Status UpdatePartition(std::string_view db, std::string_view table,
                               const std::vector<std::string>& values,
                               const model::Partition& partition) override;
  absl::Status DeletePartition(std::string_view db, std::string_view table,
                               const std::vector<std::string>& values) override;
  absl::Status CreatePartitionIndex(std::string_view db, std::string_view table,
                                    const model::PartitionIndex& index) override;
  absl::Status DropPartitionIndex(std::string_view db, std::string_view table,
                                  std::string_view index_name) override;
  absl::Status Commit() override;

  // ---- column statistics and functions (stats): sqlite_statistics.cc,
  // sqlite_functions.cc ----
  absl::StatusOr<std::vector<model::ColumnStatisticsObj>> GetTableColumnStats(
      std::string_view db, std::string_view table, std::string_view engine,
      const std::vector<std::string>& columns, int64_t* last_analyzed) override;
  absl::StatusOr<std::vector<model::PartitionColumnStatistics>> GetPartitionColumnStats(
      std::string_view db, std::string_view table, std::string_view engine,
      const std::vector<std::string>& partition_names,
      const std::vector<std::string>& columns) override;
  absl::StatusOr<model::Function> GetFunction(std::string_view db, std::string_view name) override;
  absl::StatusOr<std::vector<model::Function>> ListFunctions(std::string_view db) override;
  absl::Status UpsertTableColumnStats(const model::ColumnStatistics& stats) override;
  absl::Status UpsertPartitionColumnStats(const model::ColumnStatistics& stats) override;
  absl::StatusOr<int64_t> DeleteTableColumnStats(std::string_view db, std::string_view table,
                                                 std::string_view engine,
                                                 std::string_view column) override;
  absl::StatusOr<int64_t> DeletePartitionColumnStats(std::string_view db, std::string_view table,
                                                     std::string_view partition_name,
                                                     std::string_view engine,
                                                     std::string_view column) override;
  absl::Status CreateFunction(const model::Function& function) override;
  absl::Status UpdateFunction(std::string_view db, std::string_view name,
                              const model::Function& function) override;
  absl::Status DeleteFunction(std::string_view db, std::string_view name) override;
  // ---- end column statistics and functions ----

  // ---- locks and notifications (locks): sqlite_notifications.cc, sqlite_locks.cc ----
  absl::StatusOr<std::vector<model::NotificationEvent>> ListNotifications(
      int64_t after_id, int64_t max, const model::NotificationFilter& filter) override;
  absl::StatusOr<int64_t> CurrentNotificationId() override;
  absl::StatusOr<int64_t> CountNotifications(int64_t from_id, int64_t to_id,
                                             std::string_view db) override;
  absl::StatusOr<std::vector<model::Lock>> ListLocks() override;
  absl::StatusOr<int64_t> AppendNotification(const model::NotificationEvent& event) override;
  absl::StatusOr<int64_t> DeleteNotificationsBefore(int64_t event_time,
                                                    int64_t max_events) override;
  absl::StatusOr<int64_t> InsertLock(const model::Lock& lock) override;
  absl::Status UpdateLock(const model::Lock& lock) override;
  absl::Status DeleteLock(int64_t id) override;
  // ---- end locks and notifications ----

  // ---- roles and privileges: sqlite_authorization.cc ----
  absl::StatusOr<std::vector<model::Role>> ListRoles() override;
  absl::StatusOr<std::vector<model::RoleGrant>> ListRoleGrants(
      std::string_view role, const model::Principal& grantee) override;
  absl::StatusOr<std::vector<model::PrivilegeGrant>> ListPrivileges(
      const model::SecuredObject* object, const model::Principal* grantee) override;
  absl::Status CreateRole(const model::Role& role) override;
  absl::Status DeleteRole(std::string_view name) override;
  absl::Status PutRoleGrant(const model::RoleGrant& grant) override;
  absl::Status DeleteRoleGrant(std::string_view role, const model::Principal& grantee) override;
  absl::Status PutPrivilege(const model::PrivilegeGrant& grant) override;
  absl::Status DeletePrivilege(const model::PrivilegeGrant& grant) override;
  // ---- end roles and privileges ----

 private:
  // The privilege grants on a table, partition or database (and their
  // columns) follow it: deleted with it, renamed with it
  // (sqlite_authorization.cc).
  absl::Status DeleteTablePrivileges(std::string_view db, std::string_view table);
  absl::Status DeleteDatabasePrivileges(std::string_view db);
  absl::Status DeletePartitionPrivileges(std::string_view db, std::string_view table,
                                         std::string_view partition);
  absl::Status RenamePartitionPrivileges(std::string_view db, std::string_view table,
                                         std::string_view partition,
                                         std::string_view new_partition);
  absl::Status RenameTablePrivileges(std::string_view db, std::string_view table,
                                     std::string_view new_db, std::string_view new_table);

  // How a scan reads rows, shared by ScanPartitions and ScanPartitionNames.
  using RowVisitor = std::function<absl::StatusOr<bool>(Statement& row)>;

  SqliteTransaction(Connection* conn, bool writable, std::function<void()> release,
                    ReadCache* read_cache)
      : conn_(conn), writable_(writable), release_(std::move(release)), read_cache_(read_cache) {}

  // Runs `body` inside a SAVEPOINT: on error everything it did is undone and
  // the caches that may hold rolled-back rows are dropped.
  absl::Status Atomically(const std::function<absl::Status()>& body);
  absl::Status CheckWritable() const;
  void End();

  absl::StatusOr<int64_t> DatabaseId(std::string_view db);
  absl::StatusOr<TableRef> LoadTable(std::string_view db, std::string_view table);

  // Storage descriptors are immutable rows shared by content.
  absl::StatusOr<int64_t> InternSd(const model::StorageDescriptor& sd);
  absl::StatusOr<std::shared_ptr<const model::StorageDescriptor>> LoadSd(int64_t id);

  // A partition as its row stores it.
  struct EncodedPartition {
    std::string name;
    std::vector<model::KeyValue> keys;  // typed copies, kMaxTypedKeys entries
    int64_t sd_id = 0;
    bool derived_location = false;  // location column NULL
    std::string location;
    std::string parameters;  // JSON; "" stores NULL
  };

  // Partition rows (sqlite_partitions.cc). `table_sd_id` caches the id of the
  // table's interned descriptor across a batch (0: not interned yet).
  absl::StatusOr<EncodedPartition> EncodePartition(const TableRef& t, const model::Partition& p,
                                                   int64_t* table_sd_id);
  absl::StatusOr<int64_t> FindPartitionId(const TableRef& t, std::string_view name);
  absl::Status ReencodeKeys(const TableRef& t);
  absl::StatusOr<model::Partition> DecodePartition(const TableRef& t, Statement& row,
                                                   int first_column);
  // The same into `*p`, overwriting every field.
  absl::Status DecodePartitionInto(const TableRef& t, Statement& row, int first_column,
                                   model::Partition* p);
  absl::Status RunScan(std::string_view db, std::string_view table, const PartitionScan& scan,
                       bool full_rows, const RowVisitor& visit, ScanStats* stats,
                       TableRef* table_out);
  // The plan RunScan reports for a scan AnswerableFromNameList accepts, for
  // scans answered from the ReadCache.
  absl::StatusOr<std::string> UnfilteredScanPlan(const TableRef& t, const PartitionScan& scan);
  absl::Status MovePartitionLocations(const TableRef& t, std::string_view old_location,
                                      std::string_view new_location);
  absl::StatusOr<std::vector<IndexInfo>> LoadIndexes(int64_t table_id);
  absl::Status DropAllPartitionIndexes(int64_t table_id);

  Connection* conn_;
  bool writable_;
  std::function<void()> release_;
  bool ended_ = false;
  // The reader connection's cache across transactions; null in a write
  // transaction, whose own writes the cache must never see.
  ReadCache* read_cache_;
  // Per transaction, so rows rolled back elsewhere never leak in; cleared when
  // a savepoint rolls back.
  absl::flat_hash_map<int64_t, std::shared_ptr<const model::StorageDescriptor>> sd_by_id_;
  absl::flat_hash_map<std::string, int64_t> sd_id_by_body_;
  // Tables this transaction has loaded, by "db\0table": a batch of partition
  // calls would otherwise parse the table's JSON once per partition. Cleared
  // by every write to a table or database row and when a savepoint rolls back.
  absl::flat_hash_map<std::string, TableRef> table_cache_;
  // The table most recently serialised into a notification payload and its
  // JSON: consecutive events of one call (a DROP_PARTITION per partition)
  // carry the same table, which costs more to serialise than the rest.
  std::optional<model::Table> notified_table_;
  std::string notified_table_json_;
};

// Partition name as "db.t/k=v" for messages.
std::string PartitionDisplay(std::string_view table_display, std::string_view name);

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_SQLITE_TRANSACTION_H_
