// The hms_bench operations: the micro-benchmarks of Apache Hive's own
// metastore benchmark tool (hmsbench, standalone-metastore/metastore-tools),
// re-done with a C++ Thrift client so Almanac and the Java metastore are
// measured by the same client in the same run.
//
// Each benchmark follows hmsbench's shape: an untimed set-up, then
// `warmup` untimed and `iterations` timed rounds of (untimed pre, timed
// test, untimed post), then an untimed clean-up. What is timed matches
// hmsbench, e.g. addPartitions.N times get_table + one add_partitions call of
// N partitions, dropPartitions.N times get_partition_names + one
// drop_partitions_req by names, renameTable.N two alter_table renames of a
// table with N partitions (each to a fresh name: see hms_suite.cc),
// dropDatabase.N one cascading drop_database of a database holding N tables.
//
// Thread safety: a benchmark uses the connection it is given; run one at a
// time per connection.
#ifndef ALMANAC_TOOLS_BENCH_HMS_BENCH_HMS_SUITE_H_
#define ALMANAC_TOOLS_BENCH_HMS_BENCH_HMS_SUITE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tools/bench/hms_bench/hms_connection.h"

namespace almanac::bench::hms {

struct SuiteOptions {
  std::string database = "hms_bench";
  std::string table = "bench_table";
  int warmup = 10;          // fast operations
  int iterations = 100;     // fast operations
  int big_warmup = 1;       // operations on `batch` objects
  int big_iterations = 5;   // operations on `batch` objects
  int batch = 1000;         // the ".1000" of the big operations
  int filter_partitions = 10000;  // the large getPartitionsByFilter
  // The pruning suite: partitions of its (ds string, hr int, b int) table.
  int pruning_partitions = 100800;
  int pruning_load_batch = 1000;  // partitions per add_partitions call
};

struct Benchmark {
  std::string name;
  // Samples in milliseconds, one per timed iteration. Unimplemented when the
  // server does not serve a call the benchmark needs; any other error is
  // the server's answer to a call, or a broken connection.
  std::function<absl::StatusOr<std::vector<double>>(HmsConnection&)> run;
};

// The suite in hmsbench's order.
std::vector<Benchmark> AllBenchmarks(const SuiteOptions& options);

// The pruning suite (not part of hmsbench): the partition-pruning calls
// engines make on a large table with keys (ds string, hr int, b int),
// partition i being ds = day i / 1008 (2021-01-01 onwards), hr = i / 42 % 24,
// b = i % 42 (1,008 partitions a day). Every call checks the number of
// results it gets. In order:
//   load.N               create the table "pruning_table", add N partitions
//                        in add_partitions calls of pruning_load_batch; one
//                        sample per call (the table stays for the rest)
//   namesPs.ds           get_partition_names_ps([day]) (Trino: one day)
//   namesPs.b            get_partition_names_ps(['', '', '7']) (a key that
//                        is not leading)
//   filter.ds            get_partitions_by_filter('ds = "day"') (Spark)
//   filter.b             get_partitions_by_filter('b = 7')
//   filter.ds_hr_b       get_partitions_by_filter('ds = "day" and hr = 5 and
//                        b = 7'): one partition
//   getPartition.ds_hr_b get_partition([day, 5, 7]), the same one by values
// `day` is the middle day. The table is left in place (drop the database).
std::vector<Benchmark> PruningBenchmarks(const SuiteOptions& options);

// Drops options.database (cascade) if it exists and creates it empty, so a
// run starts from the same state on every server. Errors from the server.
absl::Status ResetDatabase(HmsConnection& connection, const SuiteOptions& options);

// Drops options.database (cascade) if it exists.
absl::Status DropDatabaseIfExists(HmsConnection& connection, const std::string& database);

}  // namespace almanac::bench::hms

#endif  // ALMANAC_TOOLS_BENCH_HMS_BENCH_HMS_SUITE_H_
