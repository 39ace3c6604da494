#include "thrift/method_counters.h"

#include <string>

namespace almanac::hms {

void MethodCounters::Count(std::string_view method) {
  absl::MutexLock lock(&mu_);
  ++counts_[std::string(method)];
}

void MethodCounters::AppendTo(std::map<std::string, int64_t>* out) const {
  absl::MutexLock lock(&mu_);
  for (const auto& [method, count] : counts_) (*out)[method] = count;
}

}  // namespace almanac::hms
