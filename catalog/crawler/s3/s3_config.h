// Where the S3 file system connects and as whom: endpoint, region,
// credentials and addressing style. Resolved from an explicit S3Config (which
// the server may fill from its config file) over the environment variables
// the AWS SDKs read, and turned into request URLs. The credentials never
// appear in DebugString() or in any message built here.
//
// Plain values and pure functions; thread-safe.
#ifndef ALMANAC_CATALOG_CRAWLER_S3_S3_CONFIG_H_
#define ALMANAC_CATALOG_CRAWLER_S3_S3_CONFIG_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace almanac::crawler::s3 {

enum class AddressingStyle {
  kAuto,        // path style with a custom endpoint, virtual-host for AWS
  kPath,        // http://endpoint/bucket/key
  kVirtualHost, // http://bucket.endpoint/key
};

struct S3Config {
  // "https://s3.eu-west-1.amazonaws.com", "http://127.0.0.1:9000"; empty
  // for AWS's regional endpoint.
  std::string endpoint;
  std::string region;
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token; // temporary credentials only
  AddressingStyle addressing = AddressingStyle::kAuto;
  absl::Duration connect_timeout = absl::Seconds(10);
  absl::Duration request_timeout = absl::Seconds(60);
  int max_attempts = 5; // including the first
};

// Reads one environment variable; nullopt when unset. Tests inject their own.
using EnvLookup = std::function<std::optional<std::string>(const char *name)>;
EnvLookup ProcessEnv();

// `explicit_config` with each empty field filled from the environment:
// AWS_ENDPOINT_URL_S3 then AWS_ENDPOINT_URL; AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (only with a key taken from the
// environment too, so an explicit key never pairs with a stray token);
// AWS_REGION then AWS_DEFAULT_REGION, else us-east-1. The credentials are
// taken as a pair: an explicit access key is never mixed with an environment
// secret. kAuto is resolved to kPath or kVirtualHost. InvalidArgument for an
// endpoint that is not http:// or https://, or an access key without a
// secret (or the reverse).
absl::StatusOr<S3Config> ResolveS3Config(const S3Config &explicit_config,
                                         const EnvLookup &env = ProcessEnv());

// The config for logs and messages: endpoint, region, addressing, and
// whether credentials are set; never a key, secret or token.
std::string DebugString(const S3Config &config);

// One request's address. `host` is the Host header (with a non-default
// port), `canonical_uri` the URI-encoded path as sent and as signed.
struct S3Url {
  std::string scheme; // "http" or "https"
  std::string host;
  std::string canonical_uri;
  std::string Base() const { return scheme + "://" + host; }
};

// The address of `key` (empty for the bucket itself) in `bucket` under a
// resolved config. A bucket name with a dot is addressed path-style over
// https (its virtual host would not match the wildcard certificate).
S3Url BuildS3Url(const S3Config &config, std::string_view bucket,
                 std::string_view key);

// The endpoint after resolution ("https://s3.us-east-1.amazonaws.com" when
// none is configured), for messages.
std::string EffectiveEndpoint(const S3Config &config);

} // namespace almanac::crawler::s3

#endif // ALMANAC_CATALOG_CRAWLER_S3_S3_CONFIG_H_
