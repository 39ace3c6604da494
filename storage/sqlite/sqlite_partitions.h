// SqlitePartitions: partition rows and Glue-style partition indexes of the
// SQLite store (PartitionWriter), one object per transaction over its
// SqliteTransactionCore. Split in two sources: sqlite_partitions.cc (rows,
// scans, location moves, re-encoding of typed key copies) and
// sqlite_partition_indexes.cc (indexes).
//
// A partition row keeps typed copies of its first kMaxTypedKeys values
// (k0..k7) for filters and indexes, and shares an interned storage descriptor
// with its table when only the location differs; a location of
// "<table location>/<name>" is stored as NULL and derived when read.
//
// Besides the interface, the methods under "For the other concerns" serve
// SqliteTables (a table's update, rename and delete) and SqliteStatistics.
//
// Thread safety: not thread-safe; one thread at a time, like its transaction.
#ifndef ALMANAC_STORAGE_SQLITE_SQLITE_PARTITIONS_H_
#define ALMANAC_STORAGE_SQLITE_SQLITE_PARTITIONS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/key_value.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/filter_sql.h"
#include "storage/sqlite/key_columns.h"
#include "storage/sqlite/read_cache.h"
#include "storage/sqlite/sqlite_transaction_core.h"
#include "storage/store.h"

namespace almanac::storage::sqlite {

class SqliteGrants;

class SqlitePartitions final : public PartitionWriter {
 public:
  // Every argument outlives this object (SqliteTransaction owns them all).
  SqlitePartitions(SqliteTransactionCore& core, SqliteGrants& grants)
      : core_(core), conn_(core.conn()), read_cache_(core.read_cache()), grants_(grants) {}
  SqlitePartitions(const SqlitePartitions&) = delete;
  SqlitePartitions& operator=(const SqlitePartitions&) = delete;

  // PartitionReader.
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

  // PartitionWriter.
  absl::Status CreatePartitions(std::string_view db, std::string_view table,
                                const std::vector<model::Partition>& partitions) override;
  absl::Status UpdatePartition(std::string_view db, std::string_view table,
                               const std::vector<std::string>& values,
                               const model::Partition& partition) override;
  absl::Status DeletePartition(std::string_view db, std::string_view table,
                               const std::vector<std::string>& values) override;
  absl::StatusOr<std::vector<model::Partition>> DeletePartitions(
      std::string_view db, std::string_view table,
      const std::vector<std::vector<std::string>>& values, bool if_exists) override;
  absl::Status CreatePartitionIndex(std::string_view db, std::string_view table,
                                    const model::PartitionIndex& index) override;
  absl::Status DropPartitionIndex(std::string_view db, std::string_view table,
                                  std::string_view index_name) override;

  // For the other concerns; each runs inside the caller's Atomically.
  // The internal id of partition `name` of `t`. NotFound naming the partition.
  absl::StatusOr<int64_t> FindPartitionId(const TableRef& t, std::string_view name);
  // Rewrites every partition's typed key copies after the key types changed.
  absl::Status ReencodeKeys(const TableRef& t);
  // Moves the partitions whose location lies under `old_location` to the same
  // place under `new_location` (a table rename with a new location).
  absl::Status MovePartitionLocations(const TableRef& t, std::string_view old_location,
                                      std::string_view new_location);
  // Deletes every partition index and partition of the table (a table delete).
  absl::Status DeleteTablePartitions(int64_t table_id);

 private:
  // Deletes the column statistics of the partitions with these ids (their
  // rows have no foreign key to cascade from; migration 0012).
  absl::Status DeletePartitionStats(const std::vector<int64_t>& ids);
  // How a scan reads rows, shared by ScanPartitions and ScanPartitionNames.
  using RowVisitor = std::function<absl::StatusOr<bool>(Statement& row)>;

  // A partition as its row stores it.
  struct EncodedPartition {
    std::string name;         // full, as Hive spells it
    std::string stored_name;  // as the row stores it (stored_partition_name.h)
    std::vector<model::KeyValue> keys;  // typed copies, kMaxTypedKeys entries
    int64_t sd_id = 0;
    bool derived_location = false;  // location column NULL
    std::string location;
    std::string parameters;  // JSON; "" stores NULL
  };

  // `table_sd_id` caches the id of the table's interned descriptor across a
  // batch (0: not interned yet).
  absl::StatusOr<EncodedPartition> EncodePartition(const TableRef& t, const model::Partition& p,
                                                   int64_t* table_sd_id);
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
  // The table's whole partition list from the read cache: held, or read now
  // on the second call that asks (when it fits); null otherwise (then the
  // caller asks SQLite).
  absl::StatusOr<std::shared_ptr<const PartitionList>> HeldPartitionList(std::string_view db,
                                                                         std::string_view table,
                                                                         const TableRef& t);
  // A filtered name-order scan answered from the table's partition list in
  // the read cache (read whole on the second such scan when it fits); false
  // when the list is not held and is not read now, the caller then asks
  // SQLite.
  absl::StatusOr<bool> ScanFromPartitionList(std::string_view db, std::string_view table,
                                             const PartitionScan& scan,
                                             const PartitionVisitor& visit, ScanStats* stats);
  absl::StatusOr<std::vector<IndexInfo>> LoadIndexes(int64_t table_id);
  // The indexes a scan of `t` may use: its partition indexes, then the
  // built-in one on the leading keys (so a user index wins a tie).
  absl::StatusOr<std::vector<IndexInfo>> AccessPathIndexes(const TableRef& t);
  absl::Status DropAllPartitionIndexes(int64_t table_id);

  // Gives the table a new partition epoch (migration 0015): every method that
  // writes the table's partition rows calls it, in its transaction.
  absl::Status ChangeEpoch(int64_t table_id);
  // The table's partition epoch in this transaction's snapshot; nullopt when
  // it has none.
  absl::StatusOr<std::optional<int64_t>> Epoch(int64_t table_id);
  // The table's epoch when key columns may answer `scan`: the store holds
  // key columns, the scan is filtered, of a shape they replay, and no index
  // bounds its filter. nullopt otherwise (the scan goes to SQLite or the
  // partition list). Checks the filter as the SQL path would.
  absl::StatusOr<std::optional<int64_t>> KeyColumnsEpoch(const TableRef& t,
                                                         const PartitionScan& scan);
  // The key columns of `t` at `epoch` (from KeyColumnsEpoch): the held entry,
  // or, with `may_build`, one read now when the cache asks for it; null
  // otherwise (the table is too small or too large, or it is the first miss).
  absl::StatusOr<std::shared_ptr<const KeyColumns>> KeyColumnsAt(const TableRef& t, int64_t epoch,
                                                                 bool may_build);
  // Answers `scan` from `columns`: names to `names`, or whole partitions,
  // read by id, to `partitions` (exactly one of the two is set).
  absl::Status ScanKeyColumns(const TableRef& t, const KeyColumns& columns,
                              const PartitionScan& scan, const PartitionNameVisitor* names,
                              const PartitionVisitor* partitions, ScanStats* stats);

  SqliteTransactionCore& core_;
  Connection* const conn_;
  ReadCache* const read_cache_;  // null in a write transaction
  SqliteGrants& grants_;
};

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_SQLITE_PARTITIONS_H_
