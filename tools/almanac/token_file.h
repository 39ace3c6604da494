// TokenFile: the bearer tokens `almanac serve --grpc-auth token` accepts,
// read from a text file of one token per line:
//
//   # comment
//   SHA256HEX:PRINCIPAL[:GROUP1,GROUP2][:expires=RFC3339]
//
// e.g. `9f86...0a08:alice:analysts,etl:expires=2027-01-01T00:00:00Z` or
// `3a7b...c2d1:role/crawler`. PRINCIPAL is a user name or `role/NAME`.
//
// The file holds only the SHA-256 of each token, never a token, so reading it
// does not let anyone call the server. A plain fast hash is the right choice
// here, unlike for passwords: tokens are 32 random bytes (`almanac auth
// new-token`), so there is nothing to guess and no slow hash (argon2) would
// add strength, while a slow one would cost every RPC. A presented token is
// hashed once and compared with every entry in constant time (sodium_memcmp),
// so the time taken reveals neither the hash nor which entry matched.
//
// Thread safety: immutable after Parse/Load; Verify may be called from any
// number of threads at once.
#ifndef ALMANAC_TOOLS_ALMANAC_TOKEN_FILE_H_
#define ALMANAC_TOOLS_ALMANAC_TOKEN_FILE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace almanac::tools {

inline constexpr size_t kTokenHashBytes = 32;  // SHA-256

// Who a token speaks for.
struct TokenIdentity {
  std::string principal;            // "alice" or "role/crawler"
  std::vector<std::string> groups;  // may be empty
};

class TokenFile {
 public:
  struct Entry {
    std::array<uint8_t, kTokenHashBytes> hash;
    TokenIdentity identity;
    std::optional<absl::Time> expires;  // none: never expires
  };

  // Parses the file's text. InvalidArgument naming the 1-based line number
  // (and the field at fault, never the hash) for a malformed line; `source`
  // (the path) prefixes the message.
  static absl::StatusOr<TokenFile> Parse(std::string_view text, std::string_view source);

  // Reads and parses `path`. FailedPrecondition when it cannot be read;
  // InvalidArgument as Parse.
  static absl::StatusOr<TokenFile> Load(const std::string& path);

  // The identity of `token` at time `now`. Unauthenticated with the same
  // message whether the token is empty, unknown or expired, so a caller
  // cannot probe which.
  absl::StatusOr<TokenIdentity> Verify(std::string_view token, absl::Time now) const;

  size_t size() const { return entries_.size(); }
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
};

// The lowercase hex SHA-256 of `token`: what a token file line starts with.
std::string TokenHashHex(std::string_view token);

// A fresh token: 32 random bytes (libsodium's randombytes_buf), base64url
// without padding (43 characters).
std::string NewToken();

// The line naming `identity` for `token`, as written to a token file.
std::string TokenFileLine(std::string_view token, const TokenIdentity& identity,
                          std::optional<absl::Time> expires);

// InvalidArgument unless `principal` is a user name or `role/NAME`
// (letters, digits, and . _ @ -) and every group is such a name.
absl::Status CheckTokenIdentity(const TokenIdentity& identity);

}  // namespace almanac::tools

#endif  // ALMANAC_TOOLS_ALMANAC_TOKEN_FILE_H_
