// MethodCounters: how many times each served Hive Metastore method was
// called, for fb303 getCounters. The Java metastore publishes one counter
// per method, named after it ("get_partitions_by_filter"); tools and tests
// read those keys to see which calls a client made.
//
// Thread-safe: every connection's processor counts into one instance.
#ifndef ALMANAC_THRIFT_METHOD_COUNTERS_H_
#define ALMANAC_THRIFT_METHOD_COUNTERS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace almanac::hms {

class MethodCounters {
 public:
  // Adds one call of `method`. Callers pass served method names only, so the
  // number of keys stays bounded whatever clients send.
  void Count(std::string_view method);
  // Adds every count to `out`, keyed by method name. Methods never called
  // have no key.
  void AppendTo(std::map<std::string, int64_t>* out) const;

 private:
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, int64_t> counts_ ABSL_GUARDED_BY(mu_);
};

}  // namespace almanac::hms

#endif  // ALMANAC_THRIFT_METHOD_COUNTERS_H_
