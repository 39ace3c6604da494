#include "tools/bench/suite_env.h"

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tools/bench/bench_util.h"

namespace almanac::bench {

absl::StatusOr<std::unique_ptr<SuiteEnv>> SuiteEnv::Open(const EnvOptions& options) {
  std::unique_ptr<SuiteEnv> env(new SuiteEnv());
  env->options_ = options;
  env->data_dir_ = options.data_dir;
  if (!options.server_address.empty()) return env;
  if (env->data_dir_.empty()) {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "almanac-bench-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) {
      return absl::InternalError("cannot create a temporary data directory");
    }
    env->data_dir_ = tmpl;
    env->temp_dir_ = true;
  }
  if (absl::Status s = env->StartServer(); !s.ok()) return s;
  return env;
}

absl::Status SuiteEnv::StartServer() {
  auto process = testing::ServerProcess::Start(options_.almanac_binary, data_dir_,
                                               {"--log-format", "json", "--log-level", "info"});
  if (!process.ok()) return process.status();
  process_ = std::move(*process);
  return absl::OkStatus();
}

SuiteEnv::~SuiteEnv() {
  if (process_ != nullptr) (void)process_->Stop();
  if (temp_dir_ && !options_.keep_data) {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }
}

std::string SuiteEnv::address() const {
  return process_ != nullptr ? process_->address() : options_.server_address;
}

absl::StatusOr<MemoryUsage> SuiteEnv::Memory() const {
  const pid_t pid = process_ != nullptr ? process_->pid() : options_.server_pid;
  if (pid <= 0) return absl::UnavailableError("server pid unknown (pass --server-pid)");
  return ReadMemoryUsage(pid);
}

absl::StatusOr<absl::Duration> SuiteEnv::CpuTime() const {
  const pid_t pid = process_ != nullptr ? process_->pid() : options_.server_pid;
  if (pid <= 0) return absl::UnavailableError("server pid unknown (pass --server-pid)");
  return ReadCpuTime(pid);
}

absl::StatusOr<DatabaseFiles> SuiteEnv::Files() const {
  if (data_dir_.empty()) return absl::UnavailableError("data dir unknown (pass --data-dir)");
  return ReadDatabaseFiles(data_dir_);
}

absl::StatusOr<DatabaseFiles> SuiteEnv::CheckpointedFiles() {
  if (process_ == nullptr) {
    return absl::FailedPreconditionError("cannot restart an external server to checkpoint it");
  }
  if (absl::Status s = process_->Stop(); !s.ok()) return s;
  absl::StatusOr<DatabaseFiles> files = ReadDatabaseFiles(data_dir_);
  if (absl::Status s = StartServer(); !s.ok()) return s;
  return files;
}

void PrintRunHeader(const std::string& suite, int argc, char** argv) {
  std::string cpu = "?";
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      cpu = line.substr(line.find(':') + 2);
      break;
    }
  }
  std::string mem = "?";
  std::ifstream meminfo("/proc/meminfo");
  for (std::string line; std::getline(meminfo, line);) {
    if (line.rfind("MemTotal:", 0) == 0) {
      mem = line.substr(line.find_first_not_of(' ', 9));
      break;
    }
  }
  std::vector<std::string> args(argv, argv + argc);
  std::printf("# almanac_bench %s\n", suite.c_str());
  std::printf("date:    %s\n",
              absl::FormatTime("%Y-%m-%d %H:%M:%S %Z", absl::Now(), absl::UTCTimeZone()).c_str());
  std::printf("cpu:     %s x %u, memory %s\n", cpu.c_str(), std::thread::hardware_concurrency(),
              mem.c_str());
  std::printf("load:    %s (1/5/15 min)\n", LoadAverage().c_str());
  std::printf("command: %s\n\n", absl::StrJoin(args, " ").c_str());
  std::fflush(stdout);
}

}  // namespace almanac::bench
