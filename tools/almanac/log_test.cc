#include "tools/almanac/log.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace almanac::tools {
namespace {

std::string ReadAll(std::FILE* f) {
  std::rewind(f);
  std::string out;
  char buf[512];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return out;
}

TEST(LoggerTest, JsonLineHasTsLevelEventAndFieldsInOrder) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Logger logger(f, LogFormat::kJson, LogLevel::kInfo);
  logger.Log(LogLevel::kInfo, "listening", {{"front_end", "grpc"}, {"port", 40123}});
  std::string text = ReadAll(f);
  std::fclose(f);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.find('\n'), text.size() - 1);  // exactly one line
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(text);
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["event"], "listening");
  EXPECT_EQ(j["front_end"], "grpc");
  EXPECT_EQ(j["port"], 40123);
  EXPECT_EQ(j.begin().key(), "ts");
}

TEST(LoggerTest, BelowMinimumLevelWritesNothing) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Logger logger(f, LogFormat::kJson, LogLevel::kInfo);
  EXPECT_FALSE(logger.enabled(LogLevel::kDebug));
  logger.Log(LogLevel::kDebug, "rpc");
  EXPECT_EQ(ReadAll(f), "");
  std::fclose(f);
}

TEST(LoggerTest, TextFormatIsKeyValue) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Logger logger(f, LogFormat::kText, LogLevel::kDebug);
  logger.Log(LogLevel::kWarning, "shutdown", {{"signal", "SIGTERM"}, {"timeout_seconds", 10}});
  std::string text = ReadAll(f);
  std::fclose(f);
  EXPECT_NE(text.find(" WARN shutdown signal=SIGTERM timeout_seconds=10\n"), std::string::npos)
      << text;
}

TEST(LoggerTest, ParsesLevelsAndFormats) {
  EXPECT_EQ(ParseLogLevel("DEBUG"), LogLevel::kDebug);
  EXPECT_EQ(ParseLogLevel("warning"), LogLevel::kWarning);
  EXPECT_EQ(ParseLogLevel("loud"), std::nullopt);
  EXPECT_EQ(ParseLogFormat("json"), LogFormat::kJson);
  EXPECT_EQ(ParseLogFormat("text"), LogFormat::kText);
  EXPECT_EQ(ParseLogFormat("xml"), std::nullopt);
}

}  // namespace
}  // namespace almanac::tools
