// CandidateList(): the "did you mean" part of an unknown-name error, as DuckDB
// does it: `unknown partition key 'yeer' (keys: year, month)`. A short list is
// shown whole, in the caller's order; a long one is cut to the few names
// closest to the unknown one by edit distance, so the message stays short.
// Stateless; thread-safe.
#ifndef ALMANAC_CATALOG_MODEL_CANDIDATES_H_
#define ALMANAC_CATALOG_MODEL_CANDIDATES_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model/storage_descriptor.h"

namespace almanac::model {

// At most this many candidates are named.
inline constexpr size_t kMaxCandidates = 5;

// "(<label>: a, b, c)" with every name of `known` when there are at most
// kMaxCandidates; else "(closest of <n> <label>: a, b, c, d, e)", the names
// nearest `unknown` (case-insensitive edit distance, ties in the caller's
// order); "(<label>: none)" when `known` is empty. Names pass through
// MessageText().
std::string CandidateList(std::string_view label, std::string_view unknown,
                          const std::vector<std::string>& known);
// The same over the names of `columns`.
std::string CandidateList(std::string_view label, std::string_view unknown,
                          const std::vector<Column>& columns);

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_CANDIDATES_H_
