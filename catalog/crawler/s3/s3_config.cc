#include "catalog/crawler/s3/s3_config.h"

#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "catalog/crawler/s3/sigv4.h"
#include "common/absl_view.h"

namespace almanac::crawler::s3 {
namespace {

std::string FromEnv(const EnvLookup &env, const char *name) {
  std::optional<std::string> v = env(name);
  return v.has_value() ? *v : std::string();
}

std::string FirstOf(const EnvLookup &env, const char *a, const char *b) {
  std::string v = FromEnv(env, a);
  return v.empty() ? FromEnv(env, b) : v;
}

struct Endpoint {
  std::string scheme;
  std::string authority; // host[:port]
  std::string base_path; // "" or "/something" (no trailing slash)
};

Endpoint SplitEndpoint(const S3Config &config) {
  const std::string endpoint = EffectiveEndpoint(config);
  Endpoint out;
  const size_t colon = endpoint.find("://");
  out.scheme = endpoint.substr(0, colon);
  std::string rest = endpoint.substr(colon + 3);
  const size_t slash = rest.find('/');
  if (slash != std::string::npos) {
    out.base_path = rest.substr(slash);
    rest.resize(slash);
    while (!out.base_path.empty() && out.base_path.back() == '/')
      out.base_path.pop_back();
  }
  // A default port is left out: the Host header curl sends (and S3 signs)
  // has none.
  if (out.scheme == "https" && absl::EndsWith(rest, ":443"))
    rest.resize(rest.size() - 4);
  if (out.scheme == "http" && absl::EndsWith(rest, ":80"))
    rest.resize(rest.size() - 3);
  out.authority = rest;
  return out;
}

} // namespace

EnvLookup ProcessEnv() {
  return [](const char *name) -> std::optional<std::string> {
    const char *v = std::getenv(name);
    if (v == nullptr)
      return std::nullopt;
    return std::string(v);
  };
}

absl::StatusOr<S3Config> ResolveS3Config(const S3Config &explicit_config,
                                         const EnvLookup &env) {
  S3Config c = explicit_config;
  if (c.endpoint.empty())
    c.endpoint = FirstOf(env, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");
  while (!c.endpoint.empty() && c.endpoint.back() == '/')
    c.endpoint.pop_back();
  if (!c.endpoint.empty() && !absl::StartsWith(c.endpoint, "http://") &&
      !absl::StartsWith(c.endpoint, "https://")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "S3 endpoint '", c.endpoint, "' is not an http:// or https:// URL"));
  }
  if (c.endpoint == "http://" || c.endpoint == "https://") {
    return absl::InvalidArgumentError(
        absl::StrCat("S3 endpoint '", c.endpoint, "' has no host"));
  }
  if (c.region.empty())
    c.region = FirstOf(env, "AWS_REGION", "AWS_DEFAULT_REGION");
  if (c.region.empty())
    c.region = "us-east-1";
  if (c.access_key_id.empty() && c.secret_access_key.empty()) {
    c.access_key_id = FromEnv(env, "AWS_ACCESS_KEY_ID");
    c.secret_access_key = FromEnv(env, "AWS_SECRET_ACCESS_KEY");
    if (c.session_token.empty())
      c.session_token = FromEnv(env, "AWS_SESSION_TOKEN");
  }
  if (c.access_key_id.empty() != c.secret_access_key.empty()) {
    return absl::InvalidArgumentError(
        "S3 credentials need both an access key id and a secret access key");
  }
  if (c.addressing == AddressingStyle::kAuto) {
    c.addressing = c.endpoint.empty() ? AddressingStyle::kVirtualHost
                                      : AddressingStyle::kPath;
  }
  if (c.max_attempts < 1)
    c.max_attempts = 1;
  return c;
}

std::string DebugString(const S3Config &config) {
  const char *style = config.addressing == AddressingStyle::kPath ? "path"
                      : config.addressing == AddressingStyle::kVirtualHost
                          ? "virtual-host"
                          : "auto";
  return absl::StrCat(
      "endpoint=", EffectiveEndpoint(config), " region=", config.region,
      " addressing=", style,
      " credentials=", config.access_key_id.empty() ? "none" : "set",
      config.session_token.empty() ? "" : " session_token=set");
}

std::string EffectiveEndpoint(const S3Config &config) {
  if (!config.endpoint.empty())
    return config.endpoint;
  const std::string region =
      config.region.empty() ? "us-east-1" : config.region;
  return absl::StrCat("https://s3.", region, ".amazonaws.com");
}

S3Url BuildS3Url(const S3Config &config, std::string_view bucket,
                 std::string_view key) {
  const Endpoint ep = SplitEndpoint(config);
  S3Url url;
  url.scheme = ep.scheme;
  const std::string encoded_key = UriEncode(key, /*encode_slash=*/false);
  const bool virtual_host =
      config.addressing == AddressingStyle::kVirtualHost &&
      !(ep.scheme == "https" && absl::StrContains(AbslView(bucket), "."));
  if (virtual_host) {
    url.host = absl::StrCat(AbslView(bucket), ".", ep.authority);
    url.canonical_uri = absl::StrCat(ep.base_path, "/", encoded_key);
  } else {
    url.host = ep.authority;
    url.canonical_uri = absl::StrCat(ep.base_path, "/", UriEncode(bucket, true),
                                     key.empty() ? "" : "/", encoded_key);
  }
  return url;
}

} // namespace almanac::crawler::s3
