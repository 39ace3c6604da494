#include "tools/almanac/token_file.h"

#include <sodium.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/absl_view.h"

namespace almanac::tools {
namespace {

constexpr absl::string_view kExpiresPrefix = "expires=";

// sodium_init() is idempotent and thread-safe; it only has to precede the
// first randombytes_buf(). A failure (no entropy source) cannot be survived.
void EnsureSodium() {
  static const bool ready = [] {
    if (sodium_init() < 0) {
      std::fprintf(stderr, "almanac: cannot initialise libsodium\n");
      std::abort();
    }
    return true;
  }();
  (void)ready;
}

std::array<uint8_t, kTokenHashBytes> HashToken(std::string_view token) {
  EnsureSodium();
  std::array<uint8_t, kTokenHashBytes> hash;
  crypto_hash_sha256(hash.data(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size());
  return hash;
}

bool IsNameChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '@' ||
         c == '-';
}

bool IsName(absl::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!IsNameChar(c)) return false;
  }
  return true;
}

bool ParseHash(std::string_view hex, std::array<uint8_t, kTokenHashBytes>* out) {
  if (hex.size() != 2 * kTokenHashBytes) return false;
  size_t written = 0;
  return sodium_hex2bin(out->data(), out->size(), hex.data(), hex.size(), nullptr, &written,
                        nullptr) == 0 &&
         written == kTokenHashBytes;
}

std::string FormatExpiry(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d%ET%H:%M:%SZ", t, absl::UTCTimeZone());
}

// One non-blank, non-comment line. The error names the field at fault and
// never quotes the hash field.
absl::StatusOr<TokenFile::Entry> ParseLine(absl::string_view line) {
  TokenFile::Entry entry;
  const size_t colon = line.find(':');
  if (colon == absl::string_view::npos) {
    return absl::InvalidArgumentError("expected SHA256HEX:PRINCIPAL[:GROUPS][:expires=RFC3339]");
  }
  const absl::string_view hash_text = line.substr(0, colon);
  if (!ParseHash(std::string_view(hash_text.data(), hash_text.size()), &entry.hash)) {
    return absl::InvalidArgumentError("the hash is not 64 hex digits");
  }
  absl::string_view rest = line.substr(colon + 1);
  // The expiry is last and holds colons of its own (12:00:00Z), so it is
  // cut off before the rest is split.
  absl::string_view expires_text;
  bool has_expires = false;
  if (absl::StartsWith(rest, kExpiresPrefix)) {
    return absl::InvalidArgumentError("missing principal");
  }
  if (size_t at = rest.find(absl::StrCat(":", kExpiresPrefix)); at != absl::string_view::npos) {
    expires_text = rest.substr(at + 1 + kExpiresPrefix.size());
    rest = rest.substr(0, at);
    has_expires = true;
  }
  std::vector<absl::string_view> fields = absl::StrSplit(rest, ':');
  if (fields.size() > 2) {
    return absl::InvalidArgumentError(
        "too many fields (expected SHA256HEX:PRINCIPAL[:GROUPS][:expires=RFC3339])");
  }
  entry.identity.principal = std::string(fields[0]);
  if (fields.size() == 2 && !fields[1].empty()) {
    for (absl::string_view group : absl::StrSplit(fields[1], ',')) {
      entry.identity.groups.emplace_back(group);
    }
  }
  if (absl::Status status = CheckTokenIdentity(entry.identity); !status.ok()) return status;
  if (has_expires) {
    absl::Time t;
    std::string err;
    if (!absl::ParseTime(absl::RFC3339_full, expires_text, &t, &err)) {
      return absl::InvalidArgumentError(
          absl::StrCat("expires '", expires_text, "' is not an RFC 3339 time"));
    }
    entry.expires = t;
  }
  return entry;
}

}  // namespace

absl::Status CheckTokenIdentity(const TokenIdentity& identity) {
  absl::string_view name = identity.principal;
  if (absl::StartsWith(name, "role/")) name.remove_prefix(5);
  if (!IsName(name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("principal '", identity.principal,
                     "' must be a user name or role/NAME (letters, digits, '.', '_', '@', '-')"));
  }
  for (const std::string& group : identity.groups) {
    if (!IsName(group)) {
      return absl::InvalidArgumentError(
          absl::StrCat("group '", group, "' must be a name (letters, digits, '.', '_', '@', '-')"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<TokenFile> TokenFile::Parse(std::string_view text, std::string_view source) {
  TokenFile file;
  std::vector<int> line_numbers;  // of each entry
  int number = 0;
  for (absl::string_view line : absl::StrSplit(AbslView(text), '\n')) {
    ++number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    absl::StatusOr<Entry> entry = ParseLine(line);
    if (!entry.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("token file '", AbslView(source), "' line ",
                                                     number, ": ", entry.status().message()));
    }
    // One token, two identities would make the answer depend on the order.
    for (size_t i = 0; i < file.entries_.size(); ++i) {
      if (file.entries_[i].hash == entry->hash) {
        return absl::InvalidArgumentError(absl::StrCat("token file '", AbslView(source), "' line ",
                                                       number, ": the same token as line ",
                                                       line_numbers[i]));
      }
    }
    file.entries_.push_back(*std::move(entry));
    line_numbers.push_back(number);
  }
  return file;
}

absl::StatusOr<TokenFile> TokenFile::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read token file '", path, "': ", std::strerror(errno)));
  }
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return absl::FailedPreconditionError(absl::StrCat("cannot read token file '", path, "'"));
  }
  return Parse(text.str(), path);
}

absl::StatusOr<TokenIdentity> TokenFile::Verify(std::string_view token, absl::Time now) const {
  const absl::Status refused = absl::UnauthenticatedError("missing or invalid bearer token");
  if (token.empty()) return refused;
  const std::array<uint8_t, kTokenHashBytes> hash = HashToken(token);
  // Every entry is compared, whichever matches: the time taken does not
  // depend on the matching entry's position.
  const Entry* match = nullptr;
  for (const Entry& entry : entries_) {
    if (sodium_memcmp(entry.hash.data(), hash.data(), kTokenHashBytes) == 0) match = &entry;
  }
  if (match == nullptr) return refused;
  if (match->expires.has_value() && *match->expires <= now) return refused;
  return match->identity;
}

std::string TokenHashHex(std::string_view token) {
  const std::array<uint8_t, kTokenHashBytes> hash = HashToken(token);
  std::string hex(2 * kTokenHashBytes + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), hash.data(), hash.size());
  hex.pop_back();  // the terminating NUL
  return hex;
}

std::string NewToken() {
  EnsureSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string text(sodium_base64_ENCODED_LEN(sizeof bytes, kVariant), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes, sizeof bytes, kVariant);
  sodium_memzero(bytes, sizeof bytes);
  text.resize(std::strlen(text.c_str()));
  return text;
}

std::string TokenFileLine(std::string_view token, const TokenIdentity& identity,
                          std::optional<absl::Time> expires) {
  std::string line = absl::StrCat(TokenHashHex(token), ":", identity.principal);
  if (!identity.groups.empty()) absl::StrAppend(&line, ":", absl::StrJoin(identity.groups, ","));
  if (expires.has_value()) absl::StrAppend(&line, ":", kExpiresPrefix, FormatExpiry(*expires));
  return line;
}

}  // namespace almanac::tools
