#include "tools/bench/process_stats.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace almanac::bench {

absl::StatusOr<MemoryUsage> ReadMemoryUsage(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  if (!in) return absl::NotFoundError(absl::StrCat("process ", pid, " not found"));
  MemoryUsage usage;
  std::string line;
  while (std::getline(in, line)) {
    // "VmRSS:	   12345 kB"
    std::vector<std::string> parts =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (parts.size() < 2) continue;
    int64_t kb = 0;
    if (!absl::SimpleAtoi(parts[1], &kb)) continue;
    if (parts[0] == "VmRSS:") usage.rss_bytes = kb * 1024;
    if (parts[0] == "VmHWM:") usage.peak_bytes = kb * 1024;
  }
  return usage;
}

absl::StatusOr<absl::Duration> ReadCpuTime(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string line;
  if (!in || !std::getline(in, line)) {
    return absl::NotFoundError(absl::StrCat("process ", pid, " not found"));
  }
  // The command name (field 2) may hold spaces: count fields after its ')'.
  const size_t close = line.rfind(')');
  std::vector<std::string> fields =
      absl::StrSplit(line.substr(close + 2), ' ', absl::SkipEmpty());
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  int64_t utime = 0, stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtoi(fields[11], &utime) ||
      !absl::SimpleAtoi(fields[12], &stime)) {
    return absl::InternalError(absl::StrCat("cannot parse /proc/", pid, "/stat"));
  }
  const long ticks = sysconf(_SC_CLK_TCK);
  return absl::Seconds(static_cast<double>(utime + stime) / static_cast<double>(ticks));
}

absl::StatusOr<DatabaseFiles> ReadDatabaseFiles(const std::string& data_dir) {
  namespace fs = std::filesystem;
  const fs::path db = fs::path(data_dir) / "catalog.db";
  std::error_code ec;
  DatabaseFiles files;
  files.db_bytes = static_cast<int64_t>(fs::file_size(db, ec));
  if (ec) return absl::NotFoundError(absl::StrCat("catalog '", db.string(), "' not found"));
  const auto wal = static_cast<int64_t>(fs::file_size(fs::path(data_dir) / "catalog.db-wal", ec));
  files.wal_bytes = ec ? 0 : wal;
  return files;
}

}  // namespace almanac::bench
