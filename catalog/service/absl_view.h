// AbslView(): std::string_view -> absl::string_view. Debian's Abseil is built
// with its own string_view type rather than an alias of std's, so Abseil
// string functions do not accept std::string_view; the service's interfaces
// use std::string_view and convert at each call. Stateless; thread-safe.
#ifndef ALMANAC_CATALOG_SERVICE_ABSL_VIEW_H_
#define ALMANAC_CATALOG_SERVICE_ABSL_VIEW_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace almanac::service {

inline absl::string_view AbslView(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_ABSL_VIEW_H_
