// Page tokens for the catalog's listings. A token is opaque to clients: the
// web-safe base64 of a small JSON object holding where the next page starts
// and a fingerprint of the listing's arguments (which listing, database,
// table, pattern, filter, segment). A token replayed against a different
// listing is rejected instead of silently skipping or repeating rows.
//
// Where the next page starts is the last name the previous page examined (the
// exclusive lower bound of a name-ordered listing) or, for a partition
// listing read in the order of a partition index, the index's name and the
// last examined row's typed keys and internal id (see storage::IndexPosition).
// Such a token binds the listing to that index: it is only ever resumed
// through the same index, never in name order or through another.
//
// The fingerprint is FNV-1a, stable across processes and restarts, so tokens
// survive a server restart. Tokens are not secret: the name they carry is one
// the client was entitled to see.
//
// Stateless functions; thread-safe.
#ifndef ALMANAC_CATALOG_SERVICE_PAGE_TOKEN_H_
#define ALMANAC_CATALOG_SERVICE_PAGE_TOKEN_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "storage/store.h"

namespace almanac::service {

// A fingerprint of a listing's arguments; part boundaries count, so
// {"ab", "c"} and {"a", "bc"} differ.
uint64_t ListingFingerprint(std::initializer_list<std::string_view> parts);

std::string EncodePageToken(uint64_t fingerprint, std::string_view last_name);

// The last name carried by `token`, or "" for the empty token (first page).
// InvalidArgument "invalid page token" when the token is malformed or was
// issued for a listing with a different fingerprint.
absl::StatusOr<std::string> DecodePageToken(std::string_view token, uint64_t fingerprint);

// Where the next page of a partition listing starts: after a name (name
// order, after_key empty) or after an index position (index order).
struct PartitionPageCursor {
  std::string after_name;
  storage::IndexPosition after_key;
};

// A partition listing's token; "" never results (a cursor at the start of a
// listing is not a continuation). Keys keep their exact type and bytes.
std::string EncodePartitionPageToken(uint64_t fingerprint, const PartitionPageCursor& cursor);

// The cursor carried by `token` (empty for the empty token, the first page).
// Accepts the tokens EncodePageToken issues as name-order cursors, so tokens
// issued before index order existed still resume. InvalidArgument "invalid
// page token" when malformed or issued for another listing.
absl::StatusOr<PartitionPageCursor> DecodePartitionPageToken(std::string_view token,
                                                             uint64_t fingerprint);

// Page size 0 (unset), negative or above `max` becomes `max`.
int64_t EffectivePageSize(int64_t requested, int64_t max);

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_PAGE_TOKEN_H_
