// "did you mean" for policy validation messages: the closest candidate by
// case-insensitive edit distance. Stateless; thread-safe. Internal.
#ifndef ALMANAC_CATALOG_POLICY_SUGGEST_H_
#define ALMANAC_CATALOG_POLICY_SUGGEST_H_

#include <string>
#include <string_view>
#include <vector>

namespace almanac::policy::internal {

// Case-insensitive Levenshtein distance.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a likely typo
// (at most 3 edits, and fewer than half of the word's length), else "".
std::string Suggest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace almanac::policy::internal

#endif  // ALMANAC_CATALOG_POLICY_SUGGEST_H_
