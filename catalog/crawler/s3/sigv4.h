// AWS Signature Version 4 for S3 requests sent with the Authorization
// header: URI encoding, the canonical request, the string to sign, the
// signing key (an HMAC-SHA256 chain over OpenSSL) and the headers a signed
// request carries (Authorization, x-amz-date, x-amz-content-sha256 and, with
// temporary credentials, x-amz-security-token). The pieces are public so
// that tests can check each against AWS's published example.
//
// Pure functions; thread-safe.
#ifndef ALMANAC_CATALOG_CRAWLER_S3_SIGV4_H_
#define ALMANAC_CATALOG_CRAWLER_S3_SIGV4_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/time/time.h"

namespace almanac::crawler::s3 {

using Params = std::vector<std::pair<std::string, std::string>>;

// The SHA-256 of the empty body, the payload hash of a GET or HEAD.
inline constexpr char kEmptyPayloadSha256[] =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
inline constexpr char kUnsignedPayload[] = "UNSIGNED-PAYLOAD";

// Percent-encodes every byte but A-Z a-z 0-9 - . _ ~ (and '/' unless
// `encode_slash`), upper-case hex, as SigV4 requires.
std::string UriEncode(std::string_view s, bool encode_slash);

// Query parameters encoded and sorted by name then value, joined with '&'.
std::string CanonicalQueryString(const Params &query);

std::string Sha256Hex(std::string_view data);
std::string HmacSha256(std::string_view key,
                       std::string_view data); // raw bytes
std::string Hex(std::string_view bytes);

// "20130524T000000Z" and "20130524".
std::string AmzDate(absl::Time t);
std::string AmzDay(absl::Time t);

// A request to sign. `canonical_uri` is already URI-encoded (S3 does not
// encode the path twice); `headers` hold at least Host; names in any case.
struct RequestToSign {
  std::string method;
  std::string canonical_uri;
  Params query;
  Params headers;
  std::string payload_hash = kEmptyPayloadSha256;
};

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
};

// "host;range;x-amz-content-sha256;x-amz-date": lower-cased names, sorted.
std::string SignedHeaders(const Params &headers);
std::string CanonicalRequest(const RequestToSign &request);
std::string CredentialScope(absl::Time t, std::string_view region,
                            std::string_view service);
std::string StringToSign(absl::Time t, std::string_view scope,
                         std::string_view canonical_request);
std::string SigningKey(std::string_view secret, absl::Time t,
                       std::string_view region, std::string_view service);

// Adds x-amz-date, x-amz-content-sha256, x-amz-security-token (when a
// session token is set) and Authorization to `request->headers`, signing
// for service "s3" in `region` at time `now`.
void SignRequest(const Credentials &credentials, std::string_view region,
                 absl::Time now, RequestToSign *request);

} // namespace almanac::crawler::s3

#endif // ALMANAC_CATALOG_CRAWLER_S3_SIGV4_H_
