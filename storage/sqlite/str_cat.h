// StrCat for the sqlite backend: absl::StrCat that also takes std::string_view.
// Debian's Abseil is built with its own string_view type, which does not
// convert from std::string_view, and the Store interface speaks std::string_view.
// Thread safety: stateless; thread-safe.
#ifndef ALMANAC_STORAGE_SQLITE_STR_CAT_H_
#define ALMANAC_STORAGE_SQLITE_STR_CAT_H_

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/absl_view.h"

namespace almanac::storage::sqlite {

namespace str_cat_internal {
template <typename T>
const T& Pass(const T& v) {
  return v;
}
inline absl::string_view Pass(std::string_view v) { return AbslView(v); }
}  // namespace str_cat_internal

template <typename... Args>
std::string StrCat(const Args&... args) {
  return absl::StrCat(str_cat_internal::Pass(args)...);
}

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_STR_CAT_H_
