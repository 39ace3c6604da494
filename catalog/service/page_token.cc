#include "catalog/service/page_token.h"

#include <cstdint>
#include <cstdlib>
#include <utility>
#include <variant>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "common/absl_view.h"
#include "common/status_macros.h"
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

std::string Hex64(uint64_t v) { return absl::StrFormat("%016x", v); }

std::string Seal(const nlohmann::json& json) {
  // Names are validated identifiers and escaped partition names, so dump()
  // cannot meet invalid UTF-8; replace rather than throw if it ever does.
  return absl::WebSafeBase64Escape(
      json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// The token's JSON object once its version and fingerprint checked out.
absl::StatusOr<nlohmann::json> Open(std::string_view token, uint64_t fingerprint) {
  std::string text;
  if (!absl::WebSafeBase64Unescape(AbslView(token), &text)) return InvalidToken();
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return InvalidToken();
  auto version = json.find("v");
  auto fp = json.find("f");
  if (version == json.end() || !version->is_number_integer() ||
      version->get<int64_t>() != kTokenVersion || fp == json.end() || !fp->is_string() ||
      fp->get<std::string>() != Hex64(fingerprint)) {
    return InvalidToken();
  }
  return json;
}

// Typed keys as tagged values, exact in type and bytes: {"n":0} for NULL,
// {"i":<int64>}, {"d":"<hex float>"}, {"s":"<base64 of the bytes>"}. Text is
// base64 because a partition value need not be valid UTF-8, which JSON
// strings cannot carry unchanged.
nlohmann::json KeyToJson(const model::KeyValue& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return {{"i", *i}};
  if (const auto* d = std::get_if<double>(&v)) return {{"d", absl::StrFormat("%a", *d)}};
  if (const auto* s = std::get_if<std::string>(&v)) {
    return {{"s", absl::WebSafeBase64Escape(*s)}};
  }
  return {{"n", 0}};
}

bool KeyFromJson(const nlohmann::json& json, model::KeyValue* out) {
  if (!json.is_object() || json.size() != 1) return false;
  const std::string& tag = json.begin().key();
  const nlohmann::json& value = json.begin().value();
  if (tag == "n") {
    *out = std::monostate{};
    return true;
  }
  if (tag == "i" && value.is_number_integer() && !value.is_number_unsigned()) {
    *out = value.get<int64_t>();
    return true;
  }
  if (tag == "i" && value.is_number_unsigned() &&
      value.get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX)) {
    *out = static_cast<int64_t>(value.get<uint64_t>());
    return true;
  }
  if (tag == "d" && value.is_string()) {
    const std::string text = value.get<std::string>();
    char* end = nullptr;
    const double d = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size()) return false;
    *out = d;
    return true;
  }
  if (tag == "s" && value.is_string()) {
    std::string bytes;
    if (!absl::WebSafeBase64Unescape(value.get<std::string>(), &bytes)) return false;
    *out = std::move(bytes);
    return true;
  }
  return false;
}

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
  return Seal({{"v", kTokenVersion}, {"f", Hex64(fingerprint)}, {"a", std::string(last_name)}});
}

absl::StatusOr<std::string> DecodePageToken(std::string_view token, uint64_t fingerprint) {
  if (token.empty()) return std::string();
  ASSIGN_OR_RETURN(nlohmann::json json, Open(token, fingerprint));
  auto after = json.find("a");
  if (after == json.end() || !after->is_string()) return InvalidToken();
  std::string last = after->get<std::string>();
  // An empty bound would restart the listing: never issued, so never accepted.
  if (last.empty()) return InvalidToken();
  return last;
}

std::string EncodePartitionPageToken(uint64_t fingerprint, const PartitionPageCursor& cursor) {
  if (cursor.after_key.empty()) return EncodePageToken(fingerprint, cursor.after_name);
  nlohmann::json keys = nlohmann::json::array();
  for (const model::KeyValue& k : cursor.after_key.keys) keys.push_back(KeyToJson(k));
  return Seal({{"v", kTokenVersion},
               {"f", Hex64(fingerprint)},
               {"x", cursor.after_key.index},
               {"k", std::move(keys)},
               {"i", cursor.after_key.id}});
}

absl::StatusOr<PartitionPageCursor> DecodePartitionPageToken(std::string_view token,
                                                             uint64_t fingerprint) {
  PartitionPageCursor cursor;
  if (token.empty()) return cursor;
  ASSIGN_OR_RETURN(nlohmann::json json, Open(token, fingerprint));
  if (json.contains("a")) {
    ASSIGN_OR_RETURN(cursor.after_name, DecodePageToken(token, fingerprint));
    return cursor;
  }
  auto index = json.find("x");
  auto keys = json.find("k");
  auto id = json.find("i");
  if (index == json.end() || !index->is_string() || index->get<std::string>().empty() ||
      keys == json.end() || !keys->is_array() || keys->empty() || id == json.end() ||
      !id->is_number_integer()) {
    return InvalidToken();
  }
  cursor.after_key.index = index->get<std::string>();
  cursor.after_key.id = id->get<int64_t>();
  for (const nlohmann::json& k : *keys) {
    model::KeyValue v;
    if (!KeyFromJson(k, &v)) return InvalidToken();
    cursor.after_key.keys.push_back(std::move(v));
  }
  return cursor;
}

int64_t EffectivePageSize(int64_t requested, int64_t max) {
  if (requested <= 0 || requested > max) return max;
  return requested;
}

}  // namespace almanac::service
