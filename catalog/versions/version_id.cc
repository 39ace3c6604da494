#include "catalog/versions/version_id.h"

#include <algorithm>

#include <cstdint>

namespace almanac::versions {

std::optional<int64_t> ParseVersionId(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  if (text.size() > 1 && text[0] == '0') return std::nullopt;
  // At most 19 digits: overflow shows as a wrap below zero only past
  // 9223372036854775807, so accumulate unsigned and compare.
  uint64_t value = 0;
  for (char c : text) value = value * 10 + static_cast<uint64_t>(c - '0');
  if (value < 1 || value > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(value);
}

int64_t VersionsToPrune(int64_t count, int64_t cap) {
  if (cap <= 0) return 0;
  cap = std::max<int64_t>(cap, 1);
  return count > cap ? count - cap : 0;
}

}  // namespace almanac::versions
