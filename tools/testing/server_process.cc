#include "tools/testing/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"

namespace almanac::testing {

std::string MakeTempDir(const std::string& prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      absl::StrCat(tmp != nullptr && tmp[0] != '\0' ? tmp : "/tmp", "/", prefix, "XXXXXX");
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) return "";
  return std::string(buf.data());
}

void RemoveTree(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

absl::StatusOr<std::unique_ptr<ServerProcess>> ServerProcess::Start(
    const std::string& binary, const std::string& data_dir,
    const std::vector<std::string>& extra_args) {
  std::vector<std::string> args = {
      binary,          "serve",       "--data-dir",      data_dir,
      "--grpc-listen", "127.0.0.1:0", "--thrift-listen", "127.0.0.1:0"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  // Built before fork: the child of a multi-threaded process may only make
  // async-signal-safe calls (no allocation) until it execs.
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // Close-on-exec, so a second server started later does not hold this pipe.
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe failed: ", std::strerror(errno)));
  }
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return absl::InternalError(absl::StrCat("fork failed: ", std::strerror(errno)));
  }
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);  // the duplicate is not close-on-exec
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  std::unique_ptr<ServerProcess> process(new ServerProcess(pid, fds[0]));

  // Wait for the grpc "listening" line that the drain thread collects.
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  size_t seen = 0;
  while (true) {
    std::vector<std::string> batch;
    bool eof = false;
    {
      absl::MutexLock lock(&process->mu_);
      auto ready = [&]() ABSL_SHARED_LOCKS_REQUIRED(process->mu_) {
        return process->lines_.size() > seen || process->eof_;
      };
      process->mu_.AwaitWithDeadline(absl::Condition(&ready), deadline);
      batch.assign(process->lines_.begin() + seen, process->lines_.end());
      seen = process->lines_.size();
      eof = process->eof_;
    }
    for (const std::string& line : batch) {
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object() && j.value("event", "") == "listening" &&
          j.value("front_end", "") == "grpc") {
        process->port_ = j.value("port", 0);
        return process;
      }
    }
    if (eof || absl::Now() >= deadline) {
      const int code = process->StopWith(SIGKILL);
      return absl::InternalError(
          absl::StrCat("almanac serve ('", binary, "') did not report listening (exit ", code,
                       "); output:\n", absl::StrJoin(process->lines(), "\n")));
    }
  }
}

ServerProcess::ServerProcess(pid_t pid, int stdout_fd) : pid_(pid), stdout_fd_(stdout_fd) {
  drain_ = std::thread([this] { Drain(); });
}

ServerProcess::~ServerProcess() {
  if (!exited_) StopWith(SIGKILL);
  if (drain_.joinable()) drain_.join();
  close(stdout_fd_);
}

void ServerProcess::Drain() {
  std::string pending;
  char buf[4096];
  while (true) {
    ssize_t n = read(stdout_fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buf, static_cast<size_t>(n));
    size_t newline;
    while ((newline = pending.find('\n')) != std::string::npos) {
      absl::MutexLock lock(&mu_);
      lines_.push_back(pending.substr(0, newline));
      pending.erase(0, newline + 1);
    }
  }
  absl::MutexLock lock(&mu_);
  if (!pending.empty()) lines_.push_back(pending);
  eof_ = true;
}

int ServerProcess::Wait() {
  if (exited_) return exit_code_;
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  exited_ = true;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return exit_code_;
}

int ServerProcess::StopWith(int signal) {
  if (!exited_) kill(pid_, signal);
  const int code = Wait();
  if (drain_.joinable()) drain_.join();
  return code;
}

absl::Status ServerProcess::Stop() {
  const int code = StopWith(SIGTERM);
  if (code != 0) {
    return absl::InternalError(
        absl::StrCat("almanac serve did not exit cleanly (exit ", code, ")"));
  }
  return absl::OkStatus();
}

std::vector<std::string> ServerProcess::lines() const {
  absl::MutexLock lock(&mu_);
  return lines_;
}

}  // namespace almanac::testing
