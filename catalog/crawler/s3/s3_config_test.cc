#include "catalog/crawler/s3/s3_config.h"

#include <map>
#include <string>

#include "gtest/gtest.h"

namespace almanac::crawler::s3 {
namespace {

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars](const char *name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end())
      return std::nullopt;
    return it->second;
  };
}

TEST(S3ConfigTest, DefaultsForAws) {
  auto c = ResolveS3Config({}, FakeEnv({}));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->region, "us-east-1");
  EXPECT_EQ(c->addressing, AddressingStyle::kVirtualHost);
  EXPECT_EQ(EffectiveEndpoint(*c), "https://s3.us-east-1.amazonaws.com");
}

TEST(S3ConfigTest, EnvironmentInSdkOrder) {
  auto c = ResolveS3Config(
      {}, FakeEnv({{"AWS_ENDPOINT_URL", "http://generic:1"},
                   {"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000/"},
                   {"AWS_DEFAULT_REGION", "eu-west-1"},
                   {"AWS_ACCESS_KEY_ID", "AKID"},
                   {"AWS_SECRET_ACCESS_KEY", "SECRET"},
                   {"AWS_SESSION_TOKEN", "TOKEN"}}));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->endpoint, "http://127.0.0.1:9000");
  EXPECT_EQ(c->region, "eu-west-1");
  EXPECT_EQ(c->access_key_id, "AKID");
  EXPECT_EQ(c->secret_access_key, "SECRET");
  EXPECT_EQ(c->session_token, "TOKEN");
  EXPECT_EQ(c->addressing, AddressingStyle::kPath);
  c = ResolveS3Config({}, FakeEnv({{"AWS_ENDPOINT_URL", "http://generic:1"},
                                   {"AWS_REGION", "ap-south-1"},
                                   {"AWS_DEFAULT_REGION", "eu-west-1"}}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->endpoint, "http://generic:1");
  EXPECT_EQ(c->region, "ap-south-1");
}

TEST(S3ConfigTest, ExplicitWinsAndCredentialsComeAsAPair) {
  S3Config explicit_config;
  explicit_config.endpoint = "https://minio.example:9000";
  explicit_config.access_key_id = "MINE";
  explicit_config.secret_access_key = "MYSECRET";
  explicit_config.addressing = AddressingStyle::kVirtualHost;
  auto c = ResolveS3Config(explicit_config,
                           FakeEnv({{"AWS_ACCESS_KEY_ID", "ENV"},
                                    {"AWS_SECRET_ACCESS_KEY", "ENVSECRET"},
                                    {"AWS_SESSION_TOKEN", "ENVTOKEN"}}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "MINE");
  EXPECT_EQ(c->secret_access_key, "MYSECRET");
  EXPECT_EQ(c->session_token, "");
  EXPECT_EQ(c->addressing, AddressingStyle::kVirtualHost);

  S3Config half;
  half.access_key_id = "ONLYKEY";
  EXPECT_EQ(ResolveS3Config(half, FakeEnv({})).status().code(),
            absl::StatusCode::kInvalidArgument);
  S3Config bad;
  bad.endpoint = "ftp://x";
  EXPECT_EQ(ResolveS3Config(bad, FakeEnv({})).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(S3ConfigTest, DebugStringHidesCredentials) {
  auto c = ResolveS3Config(
      {}, FakeEnv({{"AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"},
                   {"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMIsecret"},
                   {"AWS_SESSION_TOKEN", "FQoGZXIvYXdzEtoken"}}));
  ASSERT_TRUE(c.ok());
  const std::string s = DebugString(*c);
  EXPECT_EQ(s.find("AKIAIOSFODNN7EXAMPLE"), std::string::npos) << s;
  EXPECT_EQ(s.find("wJalrXUtnFEMIsecret"), std::string::npos) << s;
  EXPECT_EQ(s.find("FQoGZXIvYXdzEtoken"), std::string::npos) << s;
  EXPECT_NE(s.find("credentials=set"), std::string::npos) << s;
}

TEST(S3ConfigTest, PathStyleUrls) {
  S3Config c;
  c.endpoint = "http://127.0.0.1:5000";
  c.addressing = AddressingStyle::kPath;
  S3Url u = BuildS3Url(c, "data", "sales/year=2024/part 0.parquet");
  EXPECT_EQ(u.Base(), "http://127.0.0.1:5000");
  EXPECT_EQ(u.canonical_uri, "/data/sales/year%3D2024/part%200.parquet");
  EXPECT_EQ(BuildS3Url(c, "data", "").canonical_uri, "/data");
  c.endpoint = "https://gw.example:443/s3/";
  u = BuildS3Url(c, "data", "k");
  EXPECT_EQ(u.host, "gw.example");
  EXPECT_EQ(u.canonical_uri, "/s3/data/k");
}

TEST(S3ConfigTest, VirtualHostUrls) {
  auto c = ResolveS3Config({}, FakeEnv({{"AWS_REGION", "eu-west-1"}}));
  ASSERT_TRUE(c.ok());
  S3Url u = BuildS3Url(*c, "data", "a/b.csv");
  EXPECT_EQ(u.Base(), "https://data.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(u.canonical_uri, "/a/b.csv");
  EXPECT_EQ(BuildS3Url(*c, "data", "").canonical_uri, "/");
  // A dotted bucket would not match *.s3.amazonaws.com's certificate.
  u = BuildS3Url(*c, "my.data", "k");
  EXPECT_EQ(u.host, "s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(u.canonical_uri, "/my.data/k");
}

} // namespace
} // namespace almanac::crawler::s3
