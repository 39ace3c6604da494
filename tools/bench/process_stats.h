// What the benchmarks measure about a server process from outside: its
// resident memory (/proc/<pid>/status), its CPU time (/proc/<pid>/stat) and
// the size of its catalog files. The server itself is started by
// tools/testing/server_process.h; SQLite checkpoints its write-ahead log when
// the last connection closes, so catalog.db measured after a clean stop is the
// checkpointed size.
//
// Thread safety: stateless functions; thread-safe.
#ifndef ALMANAC_TOOLS_BENCH_PROCESS_STATS_H_
#define ALMANAC_TOOLS_BENCH_PROCESS_STATS_H_

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace almanac::bench {

struct MemoryUsage {
  int64_t rss_bytes = 0;   // VmRSS
  int64_t peak_bytes = 0;  // VmHWM: the high-water mark of VmRSS
};

// Reads VmRSS and VmHWM of `pid`. NotFound when the process is gone.
absl::StatusOr<MemoryUsage> ReadMemoryUsage(pid_t pid);

// User + system CPU time `pid` has used so far (/proc/<pid>/stat), all
// threads. NotFound when the process is gone.
absl::StatusOr<absl::Duration> ReadCpuTime(pid_t pid);

struct DatabaseFiles {
  int64_t db_bytes = 0;   // catalog.db
  int64_t wal_bytes = 0;  // catalog.db-wal (0 when absent)
  int64_t total() const { return db_bytes + wal_bytes; }
};

// Sizes of catalog.db and catalog.db-wal in `data_dir`. NotFound without a
// catalog.db.
absl::StatusOr<DatabaseFiles> ReadDatabaseFiles(const std::string& data_dir);

}  // namespace almanac::bench

#endif  // ALMANAC_TOOLS_BENCH_PROCESS_STATS_H_
