// Logger: one structured line per event on a stream (stdout for `almanac
// serve`). JSON lines by default, {"ts":..,"level":..,"event":..,<fields>},
// so that operators' log shippers and the integration tests (which read the
// bound port from the "listening" line) parse it without guessing; a plain
// "ts LEVEL event k=v ..." text form for people at a terminal.
//
// Thread-safe: lines from concurrent callers never interleave, and each line
// is flushed as it is written.
#ifndef ALMANAC_TOOLS_ALMANAC_LOG_H_
#define ALMANAC_TOOLS_ALMANAC_LOG_H_

#include <cstdio>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace almanac::tools {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };
enum class LogFormat { kJson, kText };

// "debug", "info", "warn"/"warning", "error"; nullopt otherwise.
std::optional<LogLevel> ParseLogLevel(std::string_view text);
std::optional<LogFormat> ParseLogFormat(std::string_view text);  // "json", "text"

class Logger {
 public:
  // `out` is not owned and must outlive the logger.
  Logger(std::FILE* out, LogFormat format, LogLevel min_level);

  bool enabled(LogLevel level) const { return level >= min_level_; }

  // Writes one line if `level` is enabled. `fields` must be a JSON object (or
  // null); field order is kept.
  void Log(LogLevel level, std::string_view event,
           const nlohmann::ordered_json& fields = nlohmann::ordered_json::object());

 private:
  std::FILE* const out_;
  const LogFormat format_;
  const LogLevel min_level_;
  absl::Mutex mu_;  // serialises writes to out_
};

}  // namespace almanac::tools

#endif  // ALMANAC_TOOLS_ALMANAC_LOG_H_
