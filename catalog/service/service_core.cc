#include "catalog/service/service_core.h"

#include <iostream>
#include <utility>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace almanac::service {
namespace {

CatalogOptions WithDefaults(CatalogOptions options) {
  if (options.max_page_size <= 0) options.max_page_size = 1000;
  if (options.warehouse == nullptr) options.warehouse = NewLocalWarehouse();
  return options;
}

}  // namespace

ServiceCore::ServiceCore(storage::Store* store, CatalogOptions options)
    : options_(WithDefaults(std::move(options))),
      gate_(store, GateOptions{.arns = options_.arns,
                               .authorizer = options_.authorizer,
                               .audit = options_.audit}) {}

int64_t ServiceCore::NowSeconds() const { return absl::ToUnixSeconds(absl::Now()); }

void ServiceCore::DataWarning(const absl::Status& status) {
  if (options_.on_data_warning) {
    options_.on_data_warning(status);
  } else {
    std::cerr << "almanac: warning: " << status << "\n";
  }
}

void ServiceCore::AfterCommit(const absl::Status& step) {
  if (!step.ok()) DataWarning(step);
}

}  // namespace almanac::service
