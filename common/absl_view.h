// AbslView(): std::string_view -> absl::string_view. Debian's Abseil is built
// with its own string_view type rather than an alias of std's, so Abseil string
// functions (StrCat, StrSplit, EqualsIgnoreCase, ...) do not accept a
// std::string_view; Almanac's interfaces speak std::string_view and convert at
// each call with this one helper. Stateless; thread-safe.
#ifndef ALMANAC_COMMON_ABSL_VIEW_H_
#define ALMANAC_COMMON_ABSL_VIEW_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace almanac {

inline absl::string_view AbslView(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

}  // namespace almanac

#endif  // ALMANAC_COMMON_ABSL_VIEW_H_
