#include "catalog/crawler/s3/s3_client.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "catalog/crawler/s3/s3_xml.h"
#include "common/absl_view.h"

namespace almanac::crawler::s3 {
namespace {

double RealRandom() {
  static absl::Mutex mu(absl::kConstInit);
  static std::mt19937_64 *rng = new std::mt19937_64(std::random_device{}());
  absl::MutexLock lock(&mu);
  return std::uniform_real_distribution<double>(0.0, 1.0)(*rng);
}

} // namespace

std::string HttpResponse::Header(std::string_view name) const {
  for (const auto &[n, v] : headers) {
    if (absl::EqualsIgnoreCase(n, AbslView(name)))
      return v;
  }
  return "";
}

bool IsRetryableHttpStatus(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

absl::Duration BackoffDelay(const RetryPolicy &policy, int retry,
                            double unit_random) {
  absl::Duration cap = policy.max_delay;
  if (retry < 30)
    cap = std::min(cap, policy.base_delay * static_cast<double>(1LL << retry));
  return cap * std::clamp(unit_random, 0.0, 1.0);
}

absl::Status MapS3Error(int http_status, std::string_view body,
                        std::string_view what) {
  const S3ErrorBody error = ParseErrorBody(body);
  std::string code = error.code;
  if (code.empty()) {
    // HEAD responses carry no body.
    if (http_status == 404)
      code = "NotFound";
    if (http_status == 403)
      code = "Forbidden";
  }
  const std::string message = absl::StrCat(
      AbslView(what), ": S3 ", code.empty() ? "error" : code, " (HTTP ",
      http_status, ")", error.message.empty() ? "" : ": ", error.message);
  if (code == "AccessDenied" || code == "Forbidden" ||
      code == "AllAccessDisabled" || code == "AccountProblem") {
    return absl::PermissionDeniedError(message);
  }
  if (code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch" ||
      code == "ExpiredToken" || code == "InvalidToken" ||
      code == "TokenRefreshRequired" ||
      code == "AuthorizationHeaderMalformed" || http_status == 401) {
    return absl::UnauthenticatedError(message);
  }
  if (code == "NoSuchBucket" || code == "NoSuchKey" || code == "NotFound" ||
      http_status == 404) {
    return absl::NotFoundError(message);
  }
  if (code == "InvalidRange" || http_status == 416)
    return absl::OutOfRangeError(message);
  if (IsRetryableHttpStatus(http_status) || http_status >= 500 ||
      code == "SlowDown") {
    return absl::UnavailableError(message);
  }
  if (http_status >= 300 && http_status < 400) {
    return absl::FailedPreconditionError(absl::StrCat(
        message,
        " (is the bucket in another region than the one configured?)"));
  }
  return absl::InvalidArgumentError(message);
}

S3Client::S3Client(S3Config config, std::unique_ptr<HttpTransport> transport,
                   Sleeper sleeper, Random random, Clock clock)
    : config_(std::move(config)), transport_(std::move(transport)),
      sleeper_(sleeper ? std::move(sleeper)
                       : [](absl::Duration d) { absl::SleepFor(d); }),
      random_(random ? std::move(random) : RealRandom),
      clock_(clock ? std::move(clock) : absl::Now) {
  policy_.max_attempts = config_.max_attempts;
}

std::string S3Client::Redact(std::string text,
                             const std::string &signature) const {
  for (const std::string *secret :
       {&config_.secret_access_key, &config_.session_token,
        &config_.access_key_id, &signature}) {
    if (!secret->empty())
      text = absl::StrReplaceAll(text, {{*secret, "<redacted>"}});
  }
  return text;
}

absl::StatusOr<HttpResponse> S3Client::Send(std::string_view method,
                                            std::string_view bucket,
                                            std::string_view key,
                                            const Params &query,
                                            const Params &extra_headers) const {
  const S3Url url = BuildS3Url(config_, bucket, key);
  const std::string what = absl::StrCat("s3://", AbslView(bucket),
                                        key.empty() ? "" : "/", AbslView(key));
  std::string full_url = url.Base() + url.canonical_uri;
  const std::string query_string = CanonicalQueryString(query);
  if (!query_string.empty())
    absl::StrAppend(&full_url, "?", query_string);

  absl::Status last;
  for (int attempt = 0; attempt < policy_.max_attempts; ++attempt) {
    if (attempt > 0)
      sleeper_(BackoffDelay(policy_, attempt - 1, random_()));
    RequestToSign to_sign;
    to_sign.method = std::string(method);
    to_sign.canonical_uri = url.canonical_uri;
    to_sign.query = query;
    to_sign.headers = {{"Host", url.host}};
    for (const auto &h : extra_headers)
      to_sign.headers.push_back(h);
    if (!config_.access_key_id.empty()) {
      SignRequest({config_.access_key_id, config_.secret_access_key,
                   config_.session_token},
                  config_.region, clock_(), &to_sign);
    }
    HttpRequest request;
    request.method = to_sign.method;
    request.url = full_url;
    request.connect_timeout = config_.connect_timeout;
    request.timeout = config_.request_timeout;
    std::string signature;
    for (const auto &[name, value] : to_sign.headers) {
      if (name != "Host")
        request.headers.emplace_back(name, value);
      if (name == "Authorization")
        signature = value.substr(value.rfind('=') + 1);
    }
    absl::StatusOr<HttpResponse> response = transport_->Send(request);
    if (!response.ok()) {
      last = absl::Status(
          response.status().code(),
          Redact(absl::StrCat("cannot reach the S3 endpoint ", url.Base(), ": ",
                              response.status().message()),
                 signature));
      if (response.status().code() != absl::StatusCode::kUnavailable)
        return last;
      continue;
    }
    if (response->status >= 200 && response->status < 300)
      return response;
    last = MapS3Error(response->status, response->body, what);
    last = absl::Status(last.code(),
                        Redact(std::string(last.message()), signature));
    if (!IsRetryableHttpStatus(response->status))
      return last;
  }
  return last;
}

} // namespace almanac::crawler::s3
