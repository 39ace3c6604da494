#include "catalog/crawler/s3/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/absl_view.h"

namespace almanac::crawler::s3 {
namespace {

constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";

// Header values are trimmed and inner runs of spaces folded to one.
std::string CanonicalValue(std::string_view v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space)
      out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

Params SortedLowerHeaders(const Params &headers) {
  Params out;
  for (const auto &[name, value] : headers) {
    out.emplace_back(absl::AsciiStrToLower(name), CanonicalValue(value));
  }
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

std::string UriEncode(std::string_view s, bool encode_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' ||
        c == '~' || (c == '/' && !encode_slash)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string CanonicalQueryString(const Params &query) {
  Params encoded;
  for (const auto &[k, v] : query)
    encoded.emplace_back(UriEncode(k, true), UriEncode(v, true));
  std::sort(encoded.begin(), encoded.end());
  std::vector<std::string> parts;
  for (const auto &[k, v] : encoded)
    parts.push_back(absl::StrCat(k, "=", v));
  return absl::StrJoin(parts, "&");
}

std::string Hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  return Hex(std::string_view(reinterpret_cast<const char *>(digest), length));
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char *>(data.data()), data.size(), mac,
       &length);
  return std::string(reinterpret_cast<const char *>(mac), length);
}

std::string AmzDate(absl::Time t) {
  return absl::FormatTime("%Y%m%dT%H%M%SZ", t, absl::UTCTimeZone());
}

std::string AmzDay(absl::Time t) {
  return absl::FormatTime("%Y%m%d", t, absl::UTCTimeZone());
}

std::string SignedHeaders(const Params &headers) {
  std::vector<std::string> names;
  for (const auto &[name, value] : SortedLowerHeaders(headers))
    names.push_back(name);
  return absl::StrJoin(names, ";");
}

std::string CanonicalRequest(const RequestToSign &request) {
  std::string headers;
  for (const auto &[name, value] : SortedLowerHeaders(request.headers)) {
    absl::StrAppend(&headers, name, ":", value, "\n");
  }
  return absl::StrCat(request.method, "\n", request.canonical_uri, "\n",
                      CanonicalQueryString(request.query), "\n", headers, "\n",
                      SignedHeaders(request.headers), "\n",
                      request.payload_hash);
}

std::string CredentialScope(absl::Time t, std::string_view region,
                            std::string_view service) {
  return absl::StrCat(AmzDay(t), "/", AbslView(region), "/", AbslView(service),
                      "/aws4_request");
}

std::string StringToSign(absl::Time t, std::string_view scope,
                         std::string_view canonical_request) {
  return absl::StrCat(kAlgorithm, "\n", AmzDate(t), "\n", AbslView(scope), "\n",
                      Sha256Hex(canonical_request));
}

std::string SigningKey(std::string_view secret, absl::Time t,
                       std::string_view region, std::string_view service) {
  std::string key =
      HmacSha256(absl::StrCat("AWS4", AbslView(secret)), AmzDay(t));
  key = HmacSha256(key, region);
  key = HmacSha256(key, service);
  return HmacSha256(key, "aws4_request");
}

void SignRequest(const Credentials &credentials, std::string_view region,
                 absl::Time now, RequestToSign *request) {
  request->headers.emplace_back("x-amz-date", AmzDate(now));
  request->headers.emplace_back("x-amz-content-sha256", request->payload_hash);
  if (!credentials.session_token.empty()) {
    request->headers.emplace_back("x-amz-security-token",
                                  credentials.session_token);
  }
  const std::string scope = CredentialScope(now, region, "s3");
  const std::string to_sign =
      StringToSign(now, scope, CanonicalRequest(*request));
  const std::string signature = Hex(HmacSha256(
      SigningKey(credentials.secret_access_key, now, region, "s3"), to_sign));
  request->headers.emplace_back(
      "Authorization",
      absl::StrCat(kAlgorithm, " Credential=", credentials.access_key_id, "/",
                   scope, ",SignedHeaders=", SignedHeaders(request->headers),
                   ",Signature=", signature));
}

} // namespace almanac::crawler::s3
