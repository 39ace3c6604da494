// Lowers a BoundPredicate to the storage::PartitionFilter that storage can
// evaluate itself, and picks a partition index. Stateless; thread-safe.
//
// The filter selects a SUPERSET of the partitions the predicate matches;
// callers re-check every candidate with BoundPredicate::Matches(). What is
// pushed: = <> < <= > >= IN BETWEEN IS [NOT] NULL <=> and LIKE patterns with
// a literal prefix (as a byte range, which SQLite's BINARY collation orders
// the same way as memcmp), combined with AND / OR, on keys whose position is
// below storage::kMaxTypedKeys. NOT is pushed by negating its operand where
// the negation is exact for the key type, otherwise it becomes "true".
// Decimal and floating keys are stored as double: strict bounds are widened
// to inclusive ones and "<>" on decimal keys is not pushed, so rounding can
// never drop a match.
#ifndef ALMANAC_CATALOG_PREDICATE_PLANNER_H_
#define ALMANAC_CATALOG_PREDICATE_PLANNER_H_

#include <string>
#include <vector>

#include "absl/types/span.h"
#include "catalog/model/partition_index.h"
#include "catalog/predicate/bound_predicate.h"
#include "storage/partition_filter.h"

namespace almanac::predicate {

struct Plan {
  storage::PartitionFilter filter;
  // Names of the keys the filter constrains, in key order.
  std::vector<std::string> constrained_keys;
  // For explain output, e.g. "storage filter: (year >= 2020 AND month IN (1, 2));
  // candidates re-checked against the full predicate".
  std::string description;
};

Plan PlanPartitionFilter(const BoundPredicate& predicate);

// Renders a filter with key names, for descriptions and test failures.
std::string DescribeFilter(const storage::PartitionFilter& filter,
                           const std::vector<PartitionKey>& keys);

struct IndexChoice {
  int index = -1;       // position in the given list, -1 when none is usable
  int usable_keys = 0;  // length of the index's key prefix the predicate constrains
};

// Glue's rule: an index is usable when its first key is constrained by an
// AND-ed "= > >= < <= BETWEEN" term at the top of the predicate; prefer the
// index whose longest key prefix is so constrained, the earliest on a tie.
// Indexes whose state is set and is not "ACTIVE" are skipped.
IndexChoice ChoosePartitionIndex(const BoundPredicate& predicate,
                                 absl::Span<const model::PartitionIndex> indexes);

}  // namespace almanac::predicate

#endif  // ALMANAC_CATALOG_PREDICATE_PLANNER_H_
