#include "catalog/crawler/s3/sigv4.h"

#include <string>

#include "gtest/gtest.h"

namespace almanac::crawler::s3 {
namespace {

// AWS's published example ("Signature Calculations for the Authorization
// Header", GET object): examplebucket, test.txt, the first ten bytes.
constexpr char kAccessKey[] = "AKIAIOSFODNN7EXAMPLE";
constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

absl::Time ExampleTime() {
  return absl::FromUnixSeconds(1369353600);
} // 2013-05-24T00:00:00Z

RequestToSign GetObjectExample() {
  RequestToSign r;
  r.method = "GET";
  r.canonical_uri = "/test.txt";
  r.headers = {{"Host", "examplebucket.s3.amazonaws.com"},
               {"Range", "bytes=0-9"},
               {"x-amz-content-sha256", kEmptyPayloadSha256},
               {"x-amz-date", "20130524T000000Z"}};
  return r;
}

TEST(SigV4Test, GetObjectCanonicalRequest) {
  EXPECT_EQ(
      CanonicalRequest(GetObjectExample()),
      "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
      "x-amz-content-sha256:" +
          std::string(kEmptyPayloadSha256) +
          "\nx-amz-date:20130524T000000Z\n\n"
          "host;range;x-amz-content-sha256;x-amz-date\n" +
          kEmptyPayloadSha256);
}

TEST(SigV4Test, GetObjectStringToSignAndSignature) {
  const absl::Time t = ExampleTime();
  const std::string scope = CredentialScope(t, "us-east-1", "s3");
  EXPECT_EQ(scope, "20130524/us-east-1/s3/aws4_request");
  const std::string to_sign =
      StringToSign(t, scope, CanonicalRequest(GetObjectExample()));
  EXPECT_EQ(
      to_sign,
      "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
      "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(Hex(HmacSha256(SigningKey(kSecret, t, "us-east-1", "s3"), to_sign)),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4Test, SignRequestAddsTheHeaders) {
  RequestToSign r;
  r.method = "GET";
  r.canonical_uri = "/test.txt";
  r.headers = {{"Host", "examplebucket.s3.amazonaws.com"},
               {"Range", "bytes=0-9"}};
  SignRequest({kAccessKey, kSecret, ""}, "us-east-1", ExampleTime(), &r);
  ASSERT_EQ(r.headers.back().first, "Authorization");
  EXPECT_EQ(
      r.headers.back().second,
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
      "aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
      "Signature="
      "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

// The same documentation's ListObjects example: GET /?max-keys=2&prefix=J.
TEST(SigV4Test, ListObjectsExampleWithQuery) {
  RequestToSign r;
  r.method = "GET";
  r.canonical_uri = "/";
  r.query = {{"prefix", "J"}, {"max-keys", "2"}};
  r.headers = {{"Host", "examplebucket.s3.amazonaws.com"}};
  SignRequest({kAccessKey, kSecret, ""}, "us-east-1", ExampleTime(), &r);
  EXPECT_EQ(CanonicalQueryString(r.query), "max-keys=2&prefix=J");
  EXPECT_NE(
      r.headers.back().second.find(
          "Signature="
          "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"),
      std::string::npos)
      << r.headers.back().second;
}

TEST(SigV4Test, SessionTokenIsSigned) {
  RequestToSign r;
  r.method = "HEAD";
  r.canonical_uri = "/b/k";
  r.headers = {{"Host", "127.0.0.1:9000"}};
  SignRequest({"AKID", "SECRET", "TOKEN"}, "eu-west-1", ExampleTime(), &r);
  bool token = false;
  for (const auto &[name, value] : r.headers)
    token |= name == "x-amz-security-token" && value == "TOKEN";
  EXPECT_TRUE(token);
  EXPECT_NE(
      r.headers.back().second.find("SignedHeaders=host;x-amz-content-sha256;x-"
                                   "amz-date;x-amz-security-token,"),
      std::string::npos);
}

TEST(SigV4Test, UriEncoding) {
  EXPECT_EQ(UriEncode("year=2024/a b+c~d.e_f-g", false),
            "year%3D2024/a%20b%2Bc~d.e_f-g");
  EXPECT_EQ(UriEncode("a/b", true), "a%2Fb");
  EXPECT_EQ(UriEncode("\xc3\xa9", false), "%C3%A9");
  EXPECT_EQ(CanonicalQueryString({{"prefix", "dt=2024/"},
                                  {"delimiter", "/"},
                                  {"list-type", "2"},
                                  {"continuation-token", "a+b="}}),
            "continuation-token=a%2Bb%3D&delimiter=%2F&list-type=2&prefix=dt%"
            "3D2024%2F");
}

TEST(SigV4Test, HeaderValuesAreTrimmed) {
  RequestToSign r;
  r.method = "GET";
  r.canonical_uri = "/";
  r.headers = {{"X-Custom", "  a   b  "}, {"Host", "h"}};
  EXPECT_NE(CanonicalRequest(r).find("x-custom:a b\n"), std::string::npos);
}

} // namespace
} // namespace almanac::crawler::s3
