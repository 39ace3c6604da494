// ServerProcess: runs the real `almanac serve` binary as a child process, for
// the integration tests and the benchmarks alike. It asks for port 0 on both
// front ends and learns the gRPC port from the server's JSON "listening" log
// line on stdout (no sleeps, no fixed ports), keeps draining stdout afterwards
// so the child never blocks on a full pipe, and keeps every line for
// assertions.
//
// Thread safety: one thread drives the object; lines() may be read while the
// drain thread appends (it locks).
#ifndef ALMANAC_TOOLS_TESTING_SERVER_PROCESS_H_
#define ALMANAC_TOOLS_TESTING_SERVER_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace almanac::testing {

// A fresh directory under $TMPDIR (or /tmp), removed by the caller; "" when
// it cannot be created.
std::string MakeTempDir(const std::string& prefix);
void RemoveTree(const std::string& path);

class ServerProcess {
 public:
  // Starts `<binary> serve --data-dir <data_dir> --grpc-listen 127.0.0.1:0
  // --thrift-listen 127.0.0.1:0 <extra_args...>` and waits (up to 60 s) for
  // its grpc "listening" line. Internal (with the output so far) when the
  // binary cannot be started, exits or stays silent instead.
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(
      const std::string& binary, const std::string& data_dir,
      const std::vector<std::string>& extra_args = {});

  // Kills the child (SIGKILL) if it still runs.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }  // the gRPC port
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  pid_t pid() const { return pid_; }

  // Sends `signal` and waits for the child to end. Returns its exit code, or
  // 128 + the signal number when a signal ended it.
  int StopWith(int signal);

  // SIGTERM, then waits for the child to end. Internal unless it exits 0.
  absl::Status Stop();

  // Every stdout line so far.
  std::vector<std::string> lines() const;

 private:
  ServerProcess(pid_t pid, int stdout_fd);
  void Drain();
  int Wait();

  const pid_t pid_;
  const int stdout_fd_;
  int port_ = 0;
  bool exited_ = false;
  int exit_code_ = 0;
  mutable absl::Mutex mu_;
  std::vector<std::string> lines_ ABSL_GUARDED_BY(mu_);
  bool eof_ ABSL_GUARDED_BY(mu_) = false;
  std::thread drain_;  // last: it starts once everything above exists
};

}  // namespace almanac::testing

#endif  // ALMANAC_TOOLS_TESTING_SERVER_PROCESS_H_
