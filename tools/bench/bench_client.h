// gRPC client helpers for the benchmark suites: stubs, catalog setup calls,
// the partition bulk loader and a listing walker that follows page tokens.
//
// Every helper returns absl::Status / StatusOr; gRPC failures are converted
// with their code and message kept.
//
// Thread safety: the functions are thread-safe as far as the stub they are
// given is (gRPC stubs are).
#ifndef ALMANAC_TOOLS_BENCH_BENCH_CLIENT_H_
#define ALMANAC_TOOLS_BENCH_BENCH_CLIENT_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "proto/almanac/v1/catalog.grpc.pb.h"

namespace almanac::bench {

using Stub = almanac::v1::CatalogService::Stub;

// A stub on its own TCP connection when `own_connection` (gRPC otherwise
// shares one connection between channels with the same arguments), so that
// concurrent benchmark clients are really separate clients.
std::unique_ptr<Stub> MakeStub(const std::string& address, bool own_connection);

// gRPC status -> absl::Status, code and message kept.
absl::Status FromGrpc(const grpc::Status& status, const std::string& what);

absl::Status CreateDatabase(Stub* stub, const std::string& name);

struct KeySpec {
  std::string name;
  std::string type;  // Hive type string: "int", "string"
};

// An external Parquet table with two data columns and the given keys.
almanac::v1::Table MakeTable(const std::string& db, const std::string& name,
                             const std::vector<KeySpec>& keys);
absl::Status CreateTable(Stub* stub, const almanac::v1::Table& table);

// Values of partition number i (0-based).
using PartitionGenerator = std::function<std::vector<std::string>(int64_t i)>;

struct LoadProgress {
  int64_t loaded = 0;
  absl::Duration elapsed;
  absl::Duration last_interval;  // since the previous report
  int64_t last_interval_rows = 0;
};

struct LoadResult {
  int64_t loaded = 0;
  absl::Duration elapsed;
  double per_second() const;
};

// Adds partitions [first, first + count) with BatchCreatePartitions in
// batches of `batch_size`, calling `progress` every `report_every` partitions.
absl::StatusOr<LoadResult> LoadPartitions(Stub* stub, const std::string& db,
                                          const std::string& table, int64_t first,
                                          int64_t count, int batch_size,
                                          const PartitionGenerator& generate,
                                          int64_t report_every,
                                          const std::function<void(const LoadProgress&)>& progress);

// What walking a listing (all its pages) cost.
struct ListingRun {
  absl::Duration elapsed;
  int64_t pages = 0;
  int64_t rows = 0;            // partitions or names received
  int64_t bytes = 0;           // serialized response payload bytes received
  int64_t rows_examined = -1;  // sum over pages from explain; -1 when not available
  int64_t rows_returned = -1;  // likewise
  std::string index_used;      // from the first page's explain
  std::string plan;            // from the first page's explain
  bool complete = true;        // false when stopped by max_pages or max_time
};

struct ListingOptions {
  std::string filter;  // Glue dialect
  bool names_only = false;
  bool explain = false;       // objects only: the names RPC has no explain
  int32_t page_size = 1000;
  int64_t max_pages = 0;      // 0: no limit
  absl::Duration max_time = absl::InfiniteDuration();
};

absl::StatusOr<ListingRun> WalkListing(Stub* stub, const std::string& db,
                                       const std::string& table, const ListingOptions& options);

}  // namespace almanac::bench

#endif  // ALMANAC_TOOLS_BENCH_BENCH_CLIENT_H_
