// Column statistics value types: what Hive's ColumnStatistics carries, without
// Thrift. One ColumnStatisticsObj holds the statistics of one column, typed by
// the column's family (boolean, long, double, string, binary, decimal, date,
// timestamp); a ColumnStatistics groups the columns of one table or partition
// for one engine ("hive" unless a client says otherwise).
//
// Byte fields (bit vectors, histograms, decimal unscaled values) are opaque
// bytes kept exactly as the client sent them: HyperLogLog/FM sketches and KLL
// histograms are the client's encoding, not ours.
//
// Plain aggregates; not synchronised.
#ifndef ALMANAC_CATALOG_MODEL_COLUMN_STATISTICS_H_
#define ALMANAC_CATALOG_MODEL_COLUMN_STATISTICS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace almanac::model {

// The engine statistics belong to when a client names none.
inline constexpr char kDefaultStatsEngine[] = "hive";

// Hive's Decimal: the unscaled value as big-endian two's complement bytes and
// the scale (value = unscaled * 10^-scale).
struct StatsDecimal {
  std::string unscaled;
  int16_t scale = 0;
  friend bool operator==(const StatsDecimal&, const StatsDecimal&) = default;
};

struct BooleanColumnStats {
  int64_t num_trues = 0;
  int64_t num_falses = 0;
  int64_t num_nulls = 0;
  std::string bit_vectors;
  friend bool operator==(const BooleanColumnStats&, const BooleanColumnStats&) = default;
};

// Numeric-like families share one shape; T is the type of low/high.
template <typename T>
struct RangeColumnStats {
  std::optional<T> low;
  std::optional<T> high;
  int64_t num_nulls = 0;
  int64_t num_dvs = 0;
  std::string bit_vectors;
  std::string histogram;
  friend bool operator==(const RangeColumnStats&, const RangeColumnStats&) = default;
};

// Distinct types for the families whose low/high share a C++ type: a date
// (days since the epoch) is not a long and must not be taken for one.
struct LongColumnStats : RangeColumnStats<int64_t> {};
struct DoubleColumnStats : RangeColumnStats<double> {};
struct DecimalColumnStats : RangeColumnStats<StatsDecimal> {};
struct DateColumnStats : RangeColumnStats<int64_t> {};       // days since the epoch
struct TimestampColumnStats : RangeColumnStats<int64_t> {};  // seconds since the epoch

struct StringColumnStats {
  int64_t max_col_len = 0;
  double avg_col_len = 0;
  int64_t num_nulls = 0;
  int64_t num_dvs = 0;
  std::string bit_vectors;
  friend bool operator==(const StringColumnStats&, const StringColumnStats&) = default;
};

struct BinaryColumnStats {
  int64_t max_col_len = 0;
  double avg_col_len = 0;
  int64_t num_nulls = 0;
  std::string bit_vectors;
  friend bool operator==(const BinaryColumnStats&, const BinaryColumnStats&) = default;
};

// Exactly one family, in the order of Hive's ColumnStatisticsData union.
using ColumnStatisticsData =
    std::variant<BooleanColumnStats, LongColumnStats, DoubleColumnStats, StringColumnStats,
                 BinaryColumnStats, DecimalColumnStats, DateColumnStats, TimestampColumnStats>;

struct ColumnStatisticsObj {
  std::string column_name;  // lower case
  std::string column_type;  // Hive type string, as the column declares it
  ColumnStatisticsData data;
  friend bool operator==(const ColumnStatisticsObj&, const ColumnStatisticsObj&) = default;
};

// Which table or partition the statistics describe.
struct ColumnStatisticsDesc {
  bool is_table_level = true;
  std::string database;        // lower case
  std::string table;           // lower case
  std::string partition_name;  // "k1=v1/k2=v2"; empty at table level
  int64_t last_analyzed = 0;   // seconds since the epoch
  std::string catalog = "hive";
  friend bool operator==(const ColumnStatisticsDesc&, const ColumnStatisticsDesc&) = default;
};

struct ColumnStatistics {
  ColumnStatisticsDesc desc;
  std::vector<ColumnStatisticsObj> columns;
  std::string engine = kDefaultStatsEngine;
  friend bool operator==(const ColumnStatistics&, const ColumnStatistics&) = default;
};

// Statistics of one partition, as partition listings of statistics return them.
struct PartitionColumnStatistics {
  std::string partition_name;
  int64_t last_analyzed = 0;
  std::vector<ColumnStatisticsObj> columns;
  friend bool operator==(const PartitionColumnStatistics&,
                         const PartitionColumnStatistics&) = default;
};

// Statistics aggregated over partitions (Hive's AggrStats).
struct AggregateColumnStatistics {
  std::vector<ColumnStatisticsObj> columns;
  // Partitions that had statistics for every requested column.
  int64_t partitions_found = 0;
};

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_COLUMN_STATISTICS_H_
