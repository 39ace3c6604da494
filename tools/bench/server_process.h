// ServerProcess: a real `almanac serve` child process for the benchmarks.
//
// Spawns the binary on a data directory with both front ends on port 0,
// reads the gRPC port from the JSON "listening" line the server prints on
// stdout, and can report the server's resident memory (/proc/<pid>/status)
// and the size of its catalog files. Stop() sends SIGTERM and waits: SQLite
// checkpoints its write-ahead log when the last connection closes, so the
// catalog.db size measured after Stop() is the checkpointed size.
//
// Thread safety: not thread-safe; one owner drives it.
#ifndef ALMANAC_TOOLS_BENCH_SERVER_PROCESS_H_
#define ALMANAC_TOOLS_BENCH_SERVER_PROCESS_H_

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <thread>

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

class ServerProcess {
 public:
  ServerProcess(std::string almanac_binary, std::string data_dir);
  ~ServerProcess();  // stops a running server
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts the server and waits for its gRPC "listening" line.
  // FailedPrecondition when already running; Internal when the binary cannot
  // be started or exits before listening (its last output is in the message).
  absl::Status Start();
  // SIGTERM, then waits for exit. Internal when it exits non-zero.
  absl::Status Stop();

  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  int grpc_port() const { return grpc_port_; }
  std::string grpc_address() const;
  const std::string& data_dir() const { return data_dir_; }

 private:
  std::string binary_;
  std::string data_dir_;
  pid_t pid_ = -1;
  int grpc_port_ = 0;
  int stdout_fd_ = -1;
  std::thread drain_;  // keeps reading the server's stdout so it never blocks
};

}  // namespace almanac::bench

#endif  // ALMANAC_TOOLS_BENCH_SERVER_PROCESS_H_
