// StatisticsService: column statistics of tables and partitions (Hive's
// ColumnStatistics), stored per engine, validated against the table's schema,
// and aggregated across partitions the way Hive's metastore does.
//
// Rules, following Hive:
// - A statistics object names an existing data column of the table (partition
//   keys have none) and has the family the column's type calls for (long for
//   integer types, double for float/double, string for string/char/varchar,
//   and so on; timestamps accept the timestamp or, as Hive 3 wrote them, the
//   long family). Complex types have no statistics.
// - Storing statistics marks the columns in the table's (or partition's)
//   COLUMN_STATS_ACCURATE parameter; deleting them unmarks them. numRows,
//   totalSize and other basic statistics parameters are never touched.
// - Aggregation over partitions: numNulls, numTrues, numFalses summed; low =
//   min, high = max; numDVs, maxColLen and avgColLen = max (Hive's default
//   without bit-vector merging; bit vectors and histograms are not merged and
//   are left out of the aggregate). partitions_found counts the partitions
//   that have statistics for every requested column.
//
// Thread-safe. Every call goes through the gate (gate.h).
//
// Errors: NotFound for a missing table, partition or (on get/delete of one
// named column) statistics; InvalidArgument for malformed input (unknown
// column, wrong family, inconsistent descriptor); Aborted when the writer
// slot could not be had.
#ifndef ALMANAC_CATALOG_SERVICE_STATISTICS_SERVICE_H_
#define ALMANAC_CATALOG_SERVICE_STATISTICS_SERVICE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/column_statistics.h"
#include "catalog/model/request_context.h"
#include "catalog/service/service_core.h"

namespace almanac::service {

// The table parameter Hive keeps its "statistics are accurate" flags in.
inline constexpr char kColumnStatsAccurate[] = "COLUMN_STATS_ACCURATE";

class StatisticsService {
 public:
  explicit StatisticsService(ServiceCore* core) : core_(core) {}

  // Stores the statistics of one table (desc.is_table_level) or one partition
  // (desc.partition_name), replacing those of the same columns and engine.
  // With `merge`, each column's new statistics are first merged with the
  // stored ones (Hive's needMerge). An empty engine means "hive".
  absl::Status UpdateColumnStatistics(const model::RequestContext& ctx,
                                      model::ColumnStatistics stats, bool merge = false);
  // Several at once, all-or-nothing (Hive's SetPartitionsStatsRequest).
  absl::Status UpdateColumnStatisticsBatch(const model::RequestContext& ctx,
                                           std::vector<model::ColumnStatistics> batch,
                                           bool merge = false);

  // Table-level statistics of `columns` (all with statistics when empty);
  // columns without statistics are left out.
  absl::StatusOr<model::ColumnStatistics> GetTableColumnStatistics(
      const model::RequestContext& ctx, std::string_view db, std::string_view table,
      const std::vector<std::string>& columns, std::string_view engine);
  // Statistics of the named partitions (missing ones left out).
  absl::StatusOr<std::vector<model::PartitionColumnStatistics>> GetPartitionColumnStatistics(
      const model::RequestContext& ctx, std::string_view db, std::string_view table,
      const std::vector<std::string>& partition_names, const std::vector<std::string>& columns,
      std::string_view engine);
  // Aggregate over the named partitions. Empty `columns` or
  // `partition_names`: an empty aggregate (as Hive answers).
  absl::StatusOr<model::AggregateColumnStatistics> AggregatePartitionColumnStatistics(
      const model::RequestContext& ctx, std::string_view db, std::string_view table,
      const std::vector<std::string>& partition_names, const std::vector<std::string>& columns,
      std::string_view engine);

  // Deletes table-level statistics of `column` (all columns when empty) for
  // `engine` (all engines when empty). NotFound when a named column has none,
  // unless `if_exists`.
  absl::Status DeleteTableColumnStatistics(const model::RequestContext& ctx, std::string_view db,
                                           std::string_view table, std::string_view column,
                                           std::string_view engine, bool if_exists = false);
  // Same for partition `partition_name` (every partition when empty).
  absl::Status DeletePartitionColumnStatistics(const model::RequestContext& ctx,
                                               std::string_view db, std::string_view table,
                                               std::string_view partition_name,
                                               std::string_view column, std::string_view engine,
                                               bool if_exists = false);
  // Hive's delete_column_statistics_req in one transaction: the statistics
  // of `columns` (every column when empty) of the table (`table_level`) or
  // of `partitions` (every partition when empty) for `engine`. Missing
  // statistics are forgiven; a missing table or partition is NotFound.
  absl::Status DeleteColumnStatistics(const model::RequestContext& ctx, std::string_view db,
                                      std::string_view table, bool table_level,
                                      const std::vector<std::string>& partitions,
                                      const std::vector<std::string>& columns,
                                      std::string_view engine);

 private:
  // Validates and stores `stats` (normalised in place).
  absl::Status UpdateInTransaction(storage::WriteTransaction* txn, model::ColumnStatistics& stats,
                                   bool merge);
  absl::Status DeleteTableInTransaction(WriteScope& txn, std::string_view db,
                                        std::string_view table, std::string_view column,
                                        std::string_view engine, bool if_exists);
  absl::Status DeletePartitionInTransaction(WriteScope& txn, std::string_view db,
                                            std::string_view table,
                                            std::string_view partition_name,
                                            std::string_view column, std::string_view engine,
                                            bool if_exists);

  ServiceCore* core_;
};

// Merges `from` into `into` with Hive's aggregation rules (see above). Both
// must hold the same family; InvalidArgument otherwise. Exposed for tests.
absl::Status MergeColumnStatistics(const model::ColumnStatisticsData& from,
                                   model::ColumnStatisticsData* into);

// -1, 0, 1 as a < b, a == b, a > b for Hive decimals of any scales.
// InvalidArgument for an empty or over-long (> 16 bytes) unscaled value.
absl::StatusOr<int> CompareStatsDecimals(const model::StatsDecimal& a,
                                         const model::StatsDecimal& b);

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_STATISTICS_SERVICE_H_
