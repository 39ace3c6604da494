#include "catalog/crawler/s3/s3_client.h"

#include <string>
#include <vector>

#include "catalog/crawler/s3/fake_transport.h"
#include "gtest/gtest.h"

namespace almanac::crawler::s3 {
namespace {

constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

struct Harness {
  std::shared_ptr<FakeLog> log = std::make_shared<FakeLog>();
  std::vector<absl::Duration> sleeps;
  std::unique_ptr<S3Client> client;
  Harness() {
    S3Config c;
    c.endpoint = "http://127.0.0.1:9";
    c.region = "us-east-1";
    c.access_key_id = "AKIAIOSFODNN7EXAMPLE";
    c.secret_access_key = kSecret;
    c.addressing = AddressingStyle::kPath;
    client = std::make_unique<S3Client>(
        c, std::make_unique<FakeTransport>(log),
        [this](absl::Duration d) { sleeps.push_back(d); }, [] { return 0.5; },
        [] { return absl::FromUnixSeconds(1369353600); });
  }
};

std::string ErrorXml(const std::string &code, const std::string &message) {
  return "<Error><Code>" + code + "</Code><Message>" + message +
         "</Message></Error>";
}

TEST(S3ClientTest, SignsAndAddressesPathStyle) {
  Harness h;
  h.log->queued.push_back(Reply(200, "ok"));
  auto r = h.client->Send("GET", "data", "a b.csv", {{"x", "1"}},
                          {{"Range", "bytes=0-9"}});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(h.log->requests.size(), 1u);
  EXPECT_EQ(h.log->requests[0].url, "http://127.0.0.1:9/data/a%20b.csv?x=1");
  bool auth = false;
  for (const auto &[name, value] : h.log->requests[0].headers) {
    if (name == "Authorization") {
      auth = true;
      EXPECT_NE(
          value.find(
              "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"),
          std::string::npos);
    }
  }
  EXPECT_TRUE(auth);
}

TEST(S3ClientTest, RetriesThrottlingWithBackoffThenSucceeds) {
  Harness h;
  h.log->queued.push_back(
      Reply(503, ErrorXml("SlowDown", "Please reduce your request rate.")));
  h.log->queued.push_back(Reply(500, ErrorXml("InternalError", "x")));
  h.log->queued.push_back(absl::UnavailableError("Connection reset"));
  h.log->queued.push_back(Reply(200, "ok"));
  auto r = h.client->Send("GET", "b", "k", {}, {});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->body, "ok");
  // Full jitter at 0.5: half of 100ms, 200ms, 400ms.
  EXPECT_EQ(h.sleeps, (std::vector<absl::Duration>{absl::Milliseconds(50),
                                                   absl::Milliseconds(100),
                                                   absl::Milliseconds(200)}));
}

TEST(S3ClientTest, GivesUpAfterFiveAttempts) {
  Harness h;
  h.log->handler = [](const HttpRequest &) -> absl::StatusOr<HttpResponse> {
    return Reply(503, ErrorXml("SlowDown", "Please reduce your request rate."));
  };
  auto r = h.client->Send("GET", "b", "k", {}, {});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(h.log->requests.size(), 5u);
  EXPECT_EQ(h.sleeps.size(), 4u);
  EXPECT_NE(r.status().message().find("SlowDown"), absl::string_view::npos);
}

TEST(S3ClientTest, ConnectionRefusedIsUnavailableNamingTheEndpoint) {
  Harness h;
  h.log->handler = [](const HttpRequest &) -> absl::StatusOr<HttpResponse> {
    return absl::UnavailableError(
        "Failed to connect to 127.0.0.1 port 9: Connection refused");
  };
  auto r = h.client->Send("GET", "b", "k", {}, {});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(r.status().message(),
            "cannot reach the S3 endpoint http://127.0.0.1:9: Failed to "
            "connect to 127.0.0.1 "
            "port 9: Connection refused");
  EXPECT_EQ(h.log->requests.size(), 5u);
}

TEST(S3ClientTest, ClientErrorsAreNotRetried) {
  Harness h;
  h.log->queued.push_back(
      Reply(404, ErrorXml("NoSuchKey", "The specified key does not exist.")));
  auto r = h.client->Send("GET", "b", "dir/k", {}, {});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "s3://b/dir/k: S3 NoSuchKey (HTTP 404): The "
                                  "specified key does not exist.");
  EXPECT_TRUE(h.sleeps.empty());
}

TEST(S3ClientTest, ErrorMessagesCarryNoCredentialOrSignature) {
  Harness h;
  // A server that echoes everything it got, secret included.
  h.log->handler =
      [](const HttpRequest &request) -> absl::StatusOr<HttpResponse> {
    std::string echoed = kSecret;
    for (const auto &[name, value] : request.headers)
      echoed += " " + name + ": " + value;
    return Reply(403, ErrorXml("SignatureDoesNotMatch", echoed));
  };
  auto r = h.client->Send("GET", "b", "k", {}, {});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnauthenticated);
  const std::string message(r.status().message());
  std::string signature;
  for (const auto &[name, value] : h.log->requests[0].headers) {
    if (name == "Authorization")
      signature = value.substr(value.find("Signature=") + 10);
  }
  ASSERT_EQ(signature.size(), 64u);
  EXPECT_EQ(message.find(kSecret), std::string::npos) << message;
  EXPECT_EQ(message.find(signature), std::string::npos) << message;
  EXPECT_EQ(message.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos) << message;
  EXPECT_NE(message.find("s3://b/k: S3 SignatureDoesNotMatch (HTTP 403)"),
            std::string::npos);
}

TEST(S3ClientTest, ErrorCodeMapping) {
  struct Case {
    int status;
    std::string code;
    absl::StatusCode want;
  };
  for (const Case &c : std::vector<Case>{
           {403, "AccessDenied", absl::StatusCode::kPermissionDenied},
           {403, "InvalidAccessKeyId", absl::StatusCode::kUnauthenticated},
           {403, "SignatureDoesNotMatch", absl::StatusCode::kUnauthenticated},
           {400, "ExpiredToken", absl::StatusCode::kUnauthenticated},
           {404, "NoSuchBucket", absl::StatusCode::kNotFound},
           {404, "NoSuchKey", absl::StatusCode::kNotFound},
           {404, "", absl::StatusCode::kNotFound},
           {403, "", absl::StatusCode::kPermissionDenied},
           {416, "InvalidRange", absl::StatusCode::kOutOfRange},
           {503, "SlowDown", absl::StatusCode::kUnavailable},
           {500, "InternalError", absl::StatusCode::kUnavailable},
           {301, "PermanentRedirect", absl::StatusCode::kFailedPrecondition},
           {400, "InvalidBucketName", absl::StatusCode::kInvalidArgument},
       }) {
    const std::string body = c.code.empty() ? "" : ErrorXml(c.code, "m");
    absl::Status s = MapS3Error(c.status, body, "s3://b/k");
    EXPECT_EQ(s.code(), c.want) << c.status << " " << c.code << ": " << s;
    EXPECT_NE(s.message().find("s3://b/k"), absl::string_view::npos);
  }
}

TEST(S3ClientTest, BackoffIsCapped) {
  RetryPolicy p;
  EXPECT_EQ(BackoffDelay(p, 0, 1.0), absl::Milliseconds(100));
  EXPECT_EQ(BackoffDelay(p, 3, 1.0), absl::Milliseconds(800));
  EXPECT_EQ(BackoffDelay(p, 20, 1.0), absl::Seconds(5));
  EXPECT_EQ(BackoffDelay(p, 60, 0.0), absl::ZeroDuration());
  EXPECT_TRUE(IsRetryableHttpStatus(429));
  EXPECT_FALSE(IsRetryableHttpStatus(403));
}

} // namespace
} // namespace almanac::crawler::s3
