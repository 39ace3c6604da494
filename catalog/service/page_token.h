// Page tokens for the catalog's listings. A token is opaque to clients: the
// web-safe base64 of a small JSON object holding the last name the previous
// page examined (the exclusive lower bound of the next page) and a
// fingerprint of the listing's arguments (which listing, database, table,
// pattern, filter, segment). A token replayed against a different listing is
// rejected instead of silently skipping or repeating rows.
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

namespace almanac::service {

// A fingerprint of a listing's arguments; part boundaries count, so
// {"ab", "c"} and {"a", "bc"} differ.
uint64_t ListingFingerprint(std::initializer_list<std::string_view> parts);

std::string EncodePageToken(uint64_t fingerprint, std::string_view last_name);

// The last name carried by `token`, or "" for the empty token (first page).
// InvalidArgument "invalid page token" when the token is malformed or was
// issued for a listing with a different fingerprint.
absl::StatusOr<std::string> DecodePageToken(std::string_view token, uint64_t fingerprint);

// Page size 0 (unset), negative or above `max` becomes `max`.
int64_t EffectivePageSize(int64_t requested, int64_t max);

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_PAGE_TOKEN_H_
