// StatisticsReader / StatisticsWriter: column statistics of tables and
// partitions, per column and engine ("hive", "impala", ...), as one
// transaction sees them (ReadTransaction::statistics(),
// WriteTransaction::statistics()).
//
// Contract: statistics belong to the table or partition row, not to its name:
// deleting the table or partition deletes them, renaming it keeps them. A
// column's statistics are replaced as a whole, other columns keep theirs.
// Listings are ordered by column name (and partition name). NotFound names the
// table or partition; a writer method that fails leaves the transaction as it
// was before the call.
//
// Thread safety: as its transaction: one thread at a time. The reference a
// transaction hands out lives as long as the transaction.
#ifndef ALMANAC_STORAGE_STATISTICS_H_
#define ALMANAC_STORAGE_STATISTICS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/column_statistics.h"

namespace almanac::storage {

class StatisticsReader {
 public:
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

 protected:
  // Owned by the transaction, never deleted through this interface.
  ~StatisticsReader() = default;
};

class StatisticsWriter : public StatisticsReader {
 public:
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

 protected:
  ~StatisticsWriter() = default;
};

}  // namespace almanac::storage

#endif  // ALMANAC_STORAGE_STATISTICS_H_
