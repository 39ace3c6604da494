// SuiteEnv: the server a benchmark suite talks to, either a child
// `almanac serve` on a temporary data directory (the default) or an already
// running server given by address.
//
// With a child server the suite can read its RSS, checkpoint its database by
// restarting it, and measure the database files; against an external server
// those numbers need --server-pid and --data-dir and the restart is skipped.
//
// Thread safety: not thread-safe; the suite's main thread owns it.
#ifndef ALMANAC_TOOLS_BENCH_SUITE_ENV_H_
#define ALMANAC_TOOLS_BENCH_SUITE_ENV_H_

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tools/bench/process_stats.h"
#include "tools/testing/server_process.h"

namespace almanac::bench {

struct EnvOptions {
  std::string almanac_binary;  // spawn this binary unless server_address is set
  std::string server_address;  // connect to a running server
  pid_t server_pid = 0;        // with server_address: for RSS
  std::string data_dir;        // spawn: "" makes a temp dir; connect: for file sizes
  bool keep_data = false;      // leave a temp data dir behind
};

class SuiteEnv {
 public:
  static absl::StatusOr<std::unique_ptr<SuiteEnv>> Open(const EnvOptions& options);
  ~SuiteEnv();

  std::string address() const;
  bool spawned() const { return process_ != nullptr; }
  const std::string& data_dir() const { return data_dir_; }

  // Unavailable when the pid is unknown.
  absl::StatusOr<MemoryUsage> Memory() const;
  // The server's CPU time so far. Unavailable when the pid is unknown.
  absl::StatusOr<absl::Duration> CpuTime() const;
  // Files as they are now (the WAL may hold recent writes).
  absl::StatusOr<DatabaseFiles> Files() const;
  // Stops the child (SQLite checkpoints the WAL on close), measures the
  // files and starts it again on the same data directory: the address
  // changes. FailedPrecondition against an external server.
  absl::StatusOr<DatabaseFiles> CheckpointedFiles();

 private:
  SuiteEnv() = default;
  // Starts the child server on data_dir_.
  absl::Status StartServer();
  EnvOptions options_;
  std::string data_dir_;
  bool temp_dir_ = false;
  std::unique_ptr<testing::ServerProcess> process_;
};

// Prints the machine, date, load average and the command line.
void PrintRunHeader(const std::string& suite, int argc, char** argv);

}  // namespace almanac::bench

#endif  // ALMANAC_TOOLS_BENCH_SUITE_ENV_H_
