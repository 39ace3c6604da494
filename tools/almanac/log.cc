#include "tools/almanac/log.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace almanac::tools {
namespace {

std::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

}  // namespace

std::optional<LogLevel> ParseLogLevel(std::string_view text) {
  std::string lower = absl::AsciiStrToLower(std::string(text));
  if (lower == "debug") return LogLevel::kDebug;
  if (lower == "info") return LogLevel::kInfo;
  if (lower == "warn" || lower == "warning") return LogLevel::kWarning;
  if (lower == "error") return LogLevel::kError;
  return std::nullopt;
}

std::optional<LogFormat> ParseLogFormat(std::string_view text) {
  std::string lower = absl::AsciiStrToLower(std::string(text));
  if (lower == "json") return LogFormat::kJson;
  if (lower == "text") return LogFormat::kText;
  return std::nullopt;
}

Logger::Logger(std::FILE* out, LogFormat format, LogLevel min_level)
    : out_(out), format_(format), min_level_(min_level) {}

void Logger::Log(LogLevel level, std::string_view event, const nlohmann::ordered_json& fields) {
  if (!enabled(level)) return;
  const std::string ts =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  std::string line;
  if (format_ == LogFormat::kJson) {
    nlohmann::ordered_json j;
    j["ts"] = ts;
    j["level"] = LevelName(level);
    j["event"] = event;
    if (fields.is_object()) {
      for (const auto& [key, value] : fields.items()) j[key] = value;
    }
    // Replace invalid UTF-8 rather than throw: a log line must never fail.
    line = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  } else {
    line = absl::StrCat(ts, " ", absl::AsciiStrToUpper(std::string(LevelName(level))), " ", std::string(event));
    if (fields.is_object()) {
      for (const auto& [key, value] : fields.items()) {
        absl::StrAppend(&line, " ", key, "=",
                        value.is_string()
                            ? value.get<std::string>()
                            : value.dump(-1, ' ', false,
                                         nlohmann::ordered_json::error_handler_t::replace));
      }
    }
  }
  line.push_back('\n');
  absl::MutexLock lock(&mu_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

}  // namespace almanac::tools
