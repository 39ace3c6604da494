// PartitionService: partitions of a table (Hive's Partition, Glue's
// Partition): batch add, point reads, drops, updates, renames, and listings
// (filtered in the Hive or Glue dialect, paged, segmented, counted, names
// only, or streamed with Hive's partial specifications).
//
// Every batch runs in one write transaction committed only when every element
// succeeded, so a batch with one bad element leaves the catalog untouched.
// A filtered listing asks storage for candidates matching the pushed-down
// part of the predicate and re-checks each one with the full predicate.
//
// Thread-safe. Every call goes through the gate (gate.h).
//
// Errors: NotFound for the table or a named partition; AlreadyExists;
// InvalidArgument for bad values, names, filters, segments or page tokens;
// FailedPrecondition for a page token whose partition index was dropped;
// PermissionDenied from the gate; Aborted when the writer slot could not be
// had.
#ifndef ALMANAC_CATALOG_SERVICE_PARTITION_SERVICE_H_
#define ALMANAC_CATALOG_SERVICE_PARTITION_SERVICE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/listing.h"
#include "catalog/model/partition.h"
#include "catalog/model/request_context.h"
#include "catalog/service/service_core.h"

namespace almanac::service {

class PartitionService {
 public:
  explicit PartitionService(ServiceCore* core) : core_(core) {}

  // ---- writes and point reads ----
  // All-or-nothing. With if_not_exists, existing partitions are skipped
  // instead of failing. Returns the partitions that were added. An empty
  // batch with empty `db` and `table` asks the gate on the catalog and adds
  // nothing (Hive's add_partitions([])).
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
  // All-or-nothing. With if_exists, missing partitions are skipped. With
  // delete_data, once the drop committed, the directories of the dropped
  // partitions that lie under the table's are deleted (managed tables, or
  // external ones with external.table.purge=true). Returns the partitions
  // dropped, as they were.
  absl::StatusOr<std::vector<model::Partition>> DropPartitions(
      const model::RequestContext& ctx, std::string_view db, std::string_view table,
      const std::vector<std::vector<std::string>>& values, bool if_exists,
      bool delete_data = false);
  // The same, the partitions named "k1=v1/k2=v2" (Hive's drop_partitions_req).
  absl::StatusOr<std::vector<model::Partition>> DropPartitionsByNames(
      const model::RequestContext& ctx, std::string_view db, std::string_view table,
      const std::vector<std::string>& names, bool if_exists, bool delete_data = false);
  // Replaces partitions matched by their values. All-or-nothing.
  absl::Status UpdatePartitions(const model::RequestContext& ctx, std::string_view db,
                                std::string_view table, std::vector<model::Partition> partitions);
  absl::Status RenamePartition(const model::RequestContext& ctx, std::string_view db,
                               std::string_view table, const std::vector<std::string>& old_values,
                               model::Partition partition);

  // ---- listings ----
  // One page of a (filtered) listing. Order: partition name order, except
  // when the filter is answered through a partition index: then the index's
  // key order (typed values, the default partition first, ties in storage
  // order), which lets every page read only about a page of rows instead of
  // sorting the whole remaining range. A page may hold fewer rows than asked,
  // even none, and still carry a token: the listing ends only when the token
  // is empty. A token resumes through the access path that issued it;
  // FailedPrecondition when its partition index was dropped since.
  absl::StatusOr<model::PartitionListResult> ListPartitions(
      const model::RequestContext& ctx, std::string_view db, std::string_view table,
      const model::PartitionListRequest& request);
  // Like ListPartitions but names only ("k1=v1/k2=v2", escaped), for Hive's
  // get_partition_names; the names are read without building partitions.
  absl::StatusOr<model::PartitionNamePage> ListPartitionNames(
      const model::RequestContext& ctx, std::string_view db, std::string_view table,
      const model::PartitionListRequest& request);
  // Every matching name in name order from one snapshot, at most
  // `max_names` (negative: all), restricted by a Hive partial specification
  // (`partial_values`, "" matching any value): Hive's get_partition_names(_ps).
  absl::StatusOr<std::vector<std::string>> ListAllPartitionNames(
      const model::RequestContext& ctx, std::string_view db, std::string_view table,
      const std::vector<std::string>& partial_values, int64_t max_names);
  // Number of partitions matching `filter` (empty: all).
  absl::StatusOr<int64_t> CountPartitions(const model::RequestContext& ctx, std::string_view db,
                                          std::string_view table, std::string_view filter,
                                          model::FilterDialect dialect);
  // Streams every matching partition to `visit` from one read snapshot without
  // holding the listing in memory (Hive's "all partitions" calls), always in
  // name order, also through a partition index (which then sorts what it
  // reads once), so max_partitions keeps the first N names as Hive does;
  // request.partial_values restricts as Hive's partial specifications.
  absl::Status ScanPartitions(const model::RequestContext& ctx, std::string_view db,
                              std::string_view table, const model::PartitionScanRequest& request,
                              const model::PartitionVisitor& visit);

 private:
  // The drop itself, inside `txn`, which it commits.
  absl::StatusOr<std::vector<model::Partition>> DropInTransaction(
      WriteScope& txn, std::string_view db, std::string_view table,
      const std::vector<std::vector<std::string>>& values, bool if_exists, bool delete_data);

  ServiceCore* core_;
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_PARTITION_SERVICE_H_
