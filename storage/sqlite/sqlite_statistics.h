// SqliteStatistics: column statistics of tables and partitions in the SQLite
// store (StatisticsWriter), one object per transaction over its
// SqliteTransactionCore. Rows hang off the table's or partition's internal id
// (ON DELETE CASCADE), so dropping the object drops its statistics and
// renaming it (an UPDATE of the same row) keeps them; partitions are found
// through SqlitePartitions.
//
// Thread safety: not thread-safe; one thread at a time, like its transaction.
#ifndef ALMANAC_STORAGE_SQLITE_SQLITE_STATISTICS_H_
#define ALMANAC_STORAGE_SQLITE_SQLITE_STATISTICS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/sqlite_transaction_core.h"
#include "storage/store.h"

namespace almanac::storage::sqlite {

class SqlitePartitions;

class SqliteStatistics final : public StatisticsWriter {
 public:
  // Both arguments outlive this object (SqliteTransaction owns them all).
  SqliteStatistics(SqliteTransactionCore& core, SqlitePartitions& partitions)
      : core_(core), conn_(core.conn()), partitions_(partitions) {}
  SqliteStatistics(const SqliteStatistics&) = delete;
  SqliteStatistics& operator=(const SqliteStatistics&) = delete;

  // StatisticsReader.
  absl::StatusOr<std::vector<model::ColumnStatisticsObj>> GetTableColumnStats(
      std::string_view db, std::string_view table, std::string_view engine,
      const std::vector<std::string>& columns, int64_t* last_analyzed) override;
  absl::StatusOr<std::vector<model::PartitionColumnStatistics>> GetPartitionColumnStats(
      std::string_view db, std::string_view table, std::string_view engine,
      const std::vector<std::string>& partition_names,
      const std::vector<std::string>& columns) override;

  // StatisticsWriter.
  absl::Status UpsertTableColumnStats(const model::ColumnStatistics& stats) override;
  absl::Status UpsertPartitionColumnStats(const model::ColumnStatistics& stats) override;
  absl::StatusOr<int64_t> DeleteTableColumnStats(std::string_view db, std::string_view table,
                                                 std::string_view engine,
                                                 std::string_view column) override;
  absl::StatusOr<int64_t> DeletePartitionColumnStats(std::string_view db, std::string_view table,
                                                     std::string_view partition_name,
                                                     std::string_view engine,
                                                     std::string_view column) override;

 private:
  SqliteTransactionCore& core_;
  Connection* const conn_;
  SqlitePartitions& partitions_;
};

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_SQLITE_STATISTICS_H_
