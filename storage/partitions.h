// PartitionReader / PartitionWriter: the partitions of a table and its
// Glue-style partition indexes, as one transaction sees them
// (ReadTransaction::partitions(), WriteTransaction::partitions()), with the
// scan description (PartitionScan) and its report (ScanStats).
//
// Contract: a partition is named by its values in partition key order
// ("k=v/..." when a name is asked for); storage keeps typed copies of the
// first kMaxTypedKeys values so that a PartitionFilter and a partition index
// can be evaluated by the backend. Scans stream rows to a visitor instead of
// building a vector, and report where a later scan resumes so that paging
// never repeats or skips a row. Deleting or renaming a partition deletes or
// moves its privilege grants; its column statistics stay with its row. NotFound
// names the table or partition ("partition 'db.t/year=2024' not found"); a
// writer method that fails leaves the transaction as it was before the call.
//
// Thread safety: as its transaction: one thread at a time. The reference a
// transaction hands out lives as long as the transaction.
#ifndef ALMANAC_STORAGE_PARTITIONS_H_
#define ALMANAC_STORAGE_PARTITIONS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/key_value.h"
#include "catalog/model/partition.h"
#include "catalog/model/partition_index.h"
#include "storage/partition_filter.h"

namespace almanac::storage {

// The built-in access path every partitioned table has without asking: an
// index over its first two keys' typed copies. A scan uses it when its hint
// names it and the filter bounds the first key (equality, IN, a range, a
// LIKE prefix); otherwise the scan reads in name order. User partition
// indexes never take this name (theirs are letters, digits, '_' and '-').
inline constexpr char kLeadingKeysIndex[] = "(leading keys)";
inline constexpr int kLeadingKeysIndexKeys = 2;

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
  int64_t limit = 0;  // 0: no limit
  // Glue-style segments: partition p belongs to segment (p's internal id mod
  // total_segments). Segments are disjoint and together cover the table.
  int segment_number = 0;
  int total_segments = 1;
  // Which partition index may be used: "" lets the backend choose (the
  // built-in one included), "none" forbids every partition index, any other
  // value names one; kLeadingKeysIndex names the built-in one, used only when
  // the filter bounds its first key.
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

class PartitionReader {
 public:
  // NotFound for a missing table or partition ("partition 'db.t/year=2024' not found").
  virtual absl::StatusOr<model::Partition> GetPartition(std::string_view db, std::string_view table,
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

 protected:
  // Owned by the transaction, never deleted through this interface.
  ~PartitionReader() = default;
};

class PartitionWriter : public PartitionReader {
 public:
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
  // Deletes the partitions named by `values` (each list of values once) and
  // returns them as they were, in the order given. A partition that does not
  // exist is skipped when `if_exists`, else NotFound naming it (and nothing
  // is deleted).
  virtual absl::StatusOr<std::vector<model::Partition>> DeletePartitions(
      std::string_view db, std::string_view table,
      const std::vector<std::vector<std::string>>& values, bool if_exists) = 0;

  // Creates and backfills an index over the named partition keys (1..3 keys,
  // at most 3 indexes per table). AlreadyExists; InvalidArgument for unknown
  // keys; ResourceExhausted past 3 indexes.
  virtual absl::Status CreatePartitionIndex(std::string_view db, std::string_view table,
                                            const model::PartitionIndex& index) = 0;
  // NotFound for the table or the index.
  virtual absl::Status DropPartitionIndex(std::string_view db, std::string_view table,
                                          std::string_view index_name) = 0;

 protected:
  ~PartitionWriter() = default;
};

}  // namespace almanac::storage

#endif  // ALMANAC_STORAGE_PARTITIONS_H_
