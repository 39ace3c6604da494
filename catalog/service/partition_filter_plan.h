// PartitionFilterPlan: how a partition listing evaluates a client's filter
// expression. The predicate engine (catalog/predicate) parses and binds the
// expression against the table's partition keys; the part it can lower goes
// to storage as a storage::PartitionFilter, an index is chosen for it, and
// every candidate storage returns is re-checked here against the full
// predicate, because a pushed filter may select more than the predicate,
// never fewer.
//
// Immutable after Make(); thread-compatible (one listing uses one plan).
#ifndef ALMANAC_CATALOG_SERVICE_PARTITION_FILTER_PLAN_H_
#define ALMANAC_CATALOG_SERVICE_PARTITION_FILTER_PLAN_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/model/table.h"
#include "catalog/model/listing.h"
#include "storage/partition_filter.h"
#include "storage/store.h"

namespace almanac::service {

class PartitionFilterPlan {
 public:
  // Plans `filter` (empty: every partition) for `table`, choosing among
  // `indexes`. InvalidArgument for a filter that does not parse or bind
  // (unknown key, literal of the wrong type); Unimplemented when this build
  // has no predicate engine.
  static absl::StatusOr<PartitionFilterPlan> Make(
      const model::Table& table, std::string_view filter, model::FilterDialect dialect,
      const std::vector<model::PartitionIndex>& indexes);

  PartitionFilterPlan(PartitionFilterPlan&&) noexcept;
  PartitionFilterPlan& operator=(PartitionFilterPlan&&) noexcept;
  ~PartitionFilterPlan();

  // What storage evaluates; True() without a filter.
  const storage::PartitionFilter& pushed() const { return pushed_; }
  // storage::PartitionScan::index_hint: an index name, or "none".
  const std::string& index_hint() const { return index_hint_; }
  // False when the pushed filter is exactly the predicate (or there is none).
  bool needs_recheck() const;
  // The full predicate on one partition's values (unescaped, in key order).
  bool Matches(const std::vector<std::string>& values) const;
  // One line for explain output.
  std::string Describe() const;

 private:
  class Predicate;  // wraps the bound predicate engine expression
  PartitionFilterPlan() = default;

  storage::PartitionFilter pushed_;
  std::string index_hint_ = "none";
  std::unique_ptr<Predicate> predicate_;  // null without a filter
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_PARTITION_FILTER_PLAN_H_
