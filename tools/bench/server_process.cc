#include "tools/bench/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
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

ServerProcess::ServerProcess(std::string almanac_binary, std::string data_dir)
    : binary_(std::move(almanac_binary)), data_dir_(std::move(data_dir)) {}

ServerProcess::~ServerProcess() {
  if (running()) (void)Stop();
}

std::string ServerProcess::grpc_address() const { return absl::StrCat("127.0.0.1:", grpc_port_); }

absl::Status ServerProcess::Start() {
  if (running()) return absl::FailedPreconditionError("server is already running");
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe failed: ", std::strerror(errno)));
  }
  std::vector<std::string> args = {binary_,         "serve",
                                   "--data-dir",    data_dir_,
                                   "--grpc-listen", "127.0.0.1:0",
                                   "--thrift-listen", "127.0.0.1:0",
                                   "--log-format",  "json",
                                   "--log-level",   "info"};
  // Built before fork: the child of a multi-threaded process may only make
  // async-signal-safe calls (no allocation) until it execs.
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return absl::InternalError(absl::StrCat("fork failed: ", std::strerror(errno)));
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  pid_ = pid;
  stdout_fd_ = fds[0];

  // Read lines until the gRPC front end reports its port.
  std::string buffer;
  std::string tail;  // the last lines, for the error message
  char chunk[4096];
  while (grpc_port_ == 0) {
    const ssize_t n = read(stdout_fd_, chunk, sizeof(chunk));
    if (n <= 0) break;
    buffer.append(chunk, static_cast<size_t>(n));
    size_t eol;
    while ((eol = buffer.find('\n')) != std::string::npos) {
      const std::string line = buffer.substr(0, eol);
      buffer.erase(0, eol + 1);
      tail = line;
      nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (j.is_object() && j.value("event", "") == "listening" &&
          j.value("front_end", "") == "grpc" && j.contains("port") &&
          j["port"].is_number_integer()) {
        grpc_port_ = j["port"].get<int>();
      }
    }
  }
  if (grpc_port_ == 0) {
    int wstatus = 0;
    kill(pid_, SIGKILL);
    waitpid(pid_, &wstatus, 0);
    close(stdout_fd_);
    pid_ = -1;
    return absl::InternalError(
        absl::StrCat("almanac serve ('", binary_, "') exited before listening; last output: ",
                     tail.empty() ? buffer : tail));
  }
  const int fd = stdout_fd_;
  drain_ = std::thread([fd] {
    char sink[4096];
    while (read(fd, sink, sizeof(sink)) > 0) {
    }
  });
  return absl::OkStatus();
}

absl::Status ServerProcess::Stop() {
  if (!running()) return absl::OkStatus();
  kill(pid_, SIGTERM);
  int wstatus = 0;
  waitpid(pid_, &wstatus, 0);
  pid_ = -1;
  grpc_port_ = 0;
  if (drain_.joinable()) drain_.join();  // EOF once the child is gone
  close(stdout_fd_);
  stdout_fd_ = -1;
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    return absl::InternalError(absl::StrCat("almanac serve did not exit cleanly (wait status ",
                                            wstatus, ")"));
  }
  return absl::OkStatus();
}

}  // namespace almanac::bench
