// PartitionFilter: the part of a partition predicate that storage evaluates
// itself, over the typed copies of partition values (see
// catalog/model/key_value.h). The predicate planner (catalog/predicate) lowers
// what it can into this form; storage turns it into a parameterised query.
// Values are always bound as parameters, never spliced into query text.
//
// Contract: a filter may select MORE partitions than the user's predicate
// (the planner re-checks every candidate in C++), never fewer.
//
// Only the first kMaxTypedKeys partition keys have typed copies; a filter
// naming a later key is rejected by storage with InvalidArgument.
#ifndef ALMANAC_STORAGE_PARTITION_FILTER_H_
#define ALMANAC_STORAGE_PARTITION_FILTER_H_

#include <string>
#include <vector>

#include "catalog/model/key_value.h"

namespace almanac::storage {

inline constexpr int kMaxTypedKeys = 8;

struct PartitionFilter {
  enum class Kind {
    kTrue,     // every partition
    kFalse,    // none
    kAnd,      // all children
    kOr,       // any child
    kCompare,  // typed(key) <op> value (SQL semantics: false for NULL)
    kIn,       // typed(key) IN (values)
    kIsNull,   // the key is the default partition (__HIVE_DEFAULT_PARTITION__)
    kIsNotNull,
  };
  enum class Op { kEq, kNe, kLt, kLe, kGt, kGe };

  Kind kind = Kind::kTrue;
  int key_index = 0;                     // kCompare, kIn, kIsNull, kIsNotNull
  Op op = Op::kEq;                       // kCompare
  model::KeyValue value;                 // kCompare
  std::vector<model::KeyValue> values;   // kIn
  std::vector<PartitionFilter> children; // kAnd, kOr

  static PartitionFilter True() { return {}; }
  static PartitionFilter False() { return {.kind = Kind::kFalse}; }
  static PartitionFilter Compare(int key, Op op, model::KeyValue v) {
    return {.kind = Kind::kCompare, .key_index = key, .op = op, .value = std::move(v)};
  }
  static PartitionFilter In(int key, std::vector<model::KeyValue> vs) {
    return {.kind = Kind::kIn, .key_index = key, .values = std::move(vs)};
  }
  static PartitionFilter And(std::vector<PartitionFilter> cs) {
    return {.kind = Kind::kAnd, .children = std::move(cs)};
  }
  static PartitionFilter Or(std::vector<PartitionFilter> cs) {
    return {.kind = Kind::kOr, .children = std::move(cs)};
  }
};

}  // namespace almanac::storage

#endif  // ALMANAC_STORAGE_PARTITION_FILTER_H_
