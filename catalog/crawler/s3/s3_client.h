// Signed S3 requests with retries: builds the URL for a bucket and key,
// signs with SigV4, sends through an HttpTransport (libcurl in production,
// a fake in tests), retries throttling, server errors and connection
// failures with exponential backoff and full jitter, and maps what finally
// fails to an absl::Status naming the object and S3's error code. No
// message built here holds a credential or a signature.
//
// S3Client is thread-safe when its transport, sleeper and random source are
// (the production ones are).
#ifndef ALMANAC_CATALOG_CRAWLER_S3_S3_CLIENT_H_
#define ALMANAC_CATALOG_CRAWLER_S3_S3_CLIENT_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "catalog/crawler/s3/s3_config.h"
#include "catalog/crawler/s3/sigv4.h"

namespace almanac::crawler::s3 {

struct HttpRequest {
  std::string method; // "GET" or "HEAD"
  std::string url;
  Params headers;
  absl::Duration connect_timeout = absl::Seconds(10);
  absl::Duration timeout = absl::Seconds(60);
};

struct HttpResponse {
  int status = 0;
  std::string body;
  Params headers; // names lower-cased
  std::string Header(std::string_view name) const;
};

class HttpTransport {
public:
  virtual ~HttpTransport() = default;
  // Any HTTP status is a response. A failure to get one: Unavailable when
  // worth retrying (refused, reset, timed out, name not resolved), another
  // code (e.g. FailedPrecondition for a certificate that does not verify)
  // when not. The message names the endpoint, never a header.
  virtual absl::StatusOr<HttpResponse>
  Send(const HttpRequest &request) const = 0;
};

// libcurl with certificate verification on.
std::unique_ptr<HttpTransport> NewCurlTransport();

struct RetryPolicy {
  int max_attempts = 5;
  absl::Duration base_delay = absl::Milliseconds(100);
  absl::Duration max_delay = absl::Seconds(5);
};

// Throttling (429, 503 SlowDown) and transient server errors (500, 502, 504).
bool IsRetryableHttpStatus(int status);

// The wait before retry number `retry` (0 for the first retry): full
// jitter, `unit_random` in [0, 1) times min(max_delay, base_delay * 2^retry).
absl::Duration BackoffDelay(const RetryPolicy &policy, int retry,
                            double unit_random);

// The Status for a final non-2xx response to a request on `what`
// ("s3://bucket/key"): AccessDenied -> PermissionDenied; InvalidAccessKeyId,
// SignatureDoesNotMatch, expired or invalid tokens -> Unauthenticated;
// NoSuchBucket, NoSuchKey (or a bodiless 404) -> NotFound; InvalidRange ->
// OutOfRange; throttling and 5xx -> Unavailable; a redirect (wrong region)
// -> FailedPrecondition; anything else -> InvalidArgument.
absl::Status MapS3Error(int http_status, std::string_view body,
                        std::string_view what);

class S3Client {
public:
  using Sleeper = std::function<void(absl::Duration)>;
  using Random = std::function<double()>; // uniform in [0, 1)
  using Clock = std::function<absl::Time()>;

  // `config` must be resolved (ResolveS3Config). Null sleeper, random or
  // clock mean the real ones.
  S3Client(S3Config config, std::unique_ptr<HttpTransport> transport,
           Sleeper sleeper = nullptr, Random random = nullptr,
           Clock clock = nullptr);

  // Sends a signed `method` request for `key` in `bucket` (key empty: the
  // bucket) with `query` and `extra_headers`, retrying as above; the 2xx
  // response, or the mapped Status (connection failures: Unavailable
  // "cannot reach the S3 endpoint <endpoint>: ...").
  absl::StatusOr<HttpResponse> Send(std::string_view method,
                                    std::string_view bucket,
                                    std::string_view key, const Params &query,
                                    const Params &extra_headers) const;

  const S3Config &config() const { return config_; }

private:
  // Removes the secret, session token, access key id and `signature` from
  // a message that might echo them.
  std::string Redact(std::string text, const std::string &signature) const;

  S3Config config_;
  std::unique_ptr<HttpTransport> transport_;
  RetryPolicy policy_;
  Sleeper sleeper_;
  Random random_;
  Clock clock_;
};

} // namespace almanac::crawler::s3

#endif // ALMANAC_CATALOG_CRAWLER_S3_S3_CLIENT_H_
