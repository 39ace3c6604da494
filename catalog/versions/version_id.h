// Version ids as the wire carries them: Glue's VersionId is "a string
// representation of an integer", incremented by 1 per version; Almanac's
// start at 1. Pure functions; thread-safe.
#ifndef ALMANAC_CATALOG_VERSIONS_VERSION_ID_H_
#define ALMANAC_CATALOG_VERSIONS_VERSION_ID_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace almanac::versions {

// 1..2^63-1 from decimal digits (no sign, no spaces, no leading zeros but
// "0" itself, which is not a version); nullopt for anything else.
std::optional<int64_t> ParseVersionId(std::string_view text);

inline std::string VersionIdString(int64_t version) { return std::to_string(version); }

// How many of the oldest versions a history of `count` versions must lose to
// keep at most `cap` (0 or less: no cap). The newest is never pruned.
int64_t VersionsToPrune(int64_t count, int64_t cap);

}  // namespace almanac::versions

#endif  // ALMANAC_CATALOG_VERSIONS_VERSION_ID_H_
