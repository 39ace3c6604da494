#include "catalog/service/page_token.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "catalog/service/absl_view.h"
#include "nlohmann/json.hpp"

namespace almanac::service {
namespace {

constexpr uint64_t kFnvOffset = 14695981039346656037ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;
constexpr int kTokenVersion = 1;

void Mix(uint64_t* hash, std::string_view bytes) {
  for (unsigned char c : bytes) {
    *hash ^= c;
    *hash *= kFnvPrime;
  }
}

absl::Status InvalidToken() { return absl::InvalidArgumentError("invalid page token"); }

}  // namespace

uint64_t ListingFingerprint(std::initializer_list<std::string_view> parts) {
  uint64_t hash = kFnvOffset;
  for (std::string_view part : parts) {
    // Length-prefix each part so that boundaries are part of the hash.
    Mix(&hash, std::to_string(part.size()) + ":");
    Mix(&hash, part);
  }
  return hash;
}

std::string EncodePageToken(uint64_t fingerprint, std::string_view last_name) {
  nlohmann::json json = {
      {"v", kTokenVersion},
      {"f", absl::StrFormat("%016x", fingerprint)},
      {"a", std::string(last_name)},
  };
  // Names are validated identifiers and escaped partition names, so dump()
  // cannot meet invalid UTF-8; replace rather than throw if it ever does.
  return absl::WebSafeBase64Escape(
      json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

absl::StatusOr<std::string> DecodePageToken(std::string_view token, uint64_t fingerprint) {
  if (token.empty()) return std::string();
  std::string text;
  if (!absl::WebSafeBase64Unescape(AbslView(token), &text)) return InvalidToken();
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return InvalidToken();
  auto version = json.find("v");
  auto fp = json.find("f");
  auto after = json.find("a");
  if (version == json.end() || !version->is_number_integer() ||
      version->get<int64_t>() != kTokenVersion || fp == json.end() || !fp->is_string() ||
      after == json.end() || !after->is_string()) {
    return InvalidToken();
  }
  if (fp->get<std::string>() != absl::StrFormat("%016x", fingerprint)) return InvalidToken();
  std::string last = after->get<std::string>();
  // An empty bound would restart the listing: never issued, so never accepted.
  if (last.empty()) return InvalidToken();
  return last;
}

int64_t EffectivePageSize(int64_t requested, int64_t max) {
  if (requested <= 0 || requested > max) return max;
  return requested;
}

}  // namespace almanac::service
