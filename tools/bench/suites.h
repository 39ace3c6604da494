// The benchmark suites of almanac_bench. Each prints its tables on stdout
// and returns a non-zero exit code only when it could not run (a failed RPC,
// a server that would not start), never because a number missed a target.
#ifndef ALMANAC_TOOLS_BENCH_SUITES_H_
#define ALMANAC_TOOLS_BENCH_SUITES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tools/bench/suite_env.h"

namespace almanac::bench {

struct FoundationOptions {
  int64_t get_calls = 20000;            // GetTable calls with one client
  int64_t get_calls_per_client = 2000;  // with `clients` concurrent clients
  int clients = 16;
  int64_t tables = 2000;  // CreateTable calls
  int64_t partitions = 1000000;
  int batch_size = 1000;
  int64_t report_every = 100000;
};

absl::Status RunFoundation(const EnvOptions& env_options, const FoundationOptions& options);

struct PruningOptions {
  std::vector<int64_t> ymdh_sizes = {1000000, 10000000};  // year/month/day/hour int tables
  std::vector<int64_t> region_dt_sizes = {1000000};       // region/dt string tables
  int batch_size = 1000;
  int64_t report_every = 1000000;
  int rounds = 3;                 // the query matrix is measured this many times
  int min_reps = 5;               // per query, variant and round ...
  absl::Duration rep_time = absl::Seconds(1);  // ... or until this much time, ...
  int max_reps = 200;             // ... at most this many
  int64_t full_scan_pages = 100;  // bound of the 100% listing (pages of 1000)
  absl::Duration full_scan_time = absl::Seconds(20);
};

absl::Status RunPruning(const EnvOptions& env_options, const PruningOptions& options);

struct VersionsOptions {
  int update_rounds = 10;          // alternating blocks of archiving / skip_archive
  int64_t updates_per_round = 300;  // UpdateTable calls per block
  int64_t iceberg_commits = 2000;   // per mode, for bytes per commit
  int64_t history = 100000;         // versions of the table listed
  int diff_columns = 1000;
  int64_t reads = 300;  // timed ListTableVersions / DiffTableVersions calls per row
};

absl::Status RunVersions(const EnvOptions& env_options, const VersionsOptions& options);

// Policy decisions (issue 12), in three parts:
//   evaluate    in process: policy::Evaluate's cost per decision
//   authorizer  in process: PolicyAuthorizer::Authorize on a table ARN,
//               uncached and cached
//   wire        two real servers, enforcement off and on, the same catalog:
//               GetTable and 1,000-table listings over gRPC and Thrift,
//               interleaved
struct PolicyOptions {
  std::vector<std::string> parts = {"evaluate", "authorizer", "wire"};
  std::vector<int> statement_counts = {1, 10, 100};
  int64_t decisions = 200000;           // per round and row (cached, Evaluate)
  int64_t uncached_decisions = 20000;   // per round and row, uncached Authorize
  int rounds = 5;                       // the median round is reported
  int wire_statements = 10;             // statements of the servers' policies
  int wire_tables = 1000;               // tables of the listed database
  int wire_rounds = 10;                 // interleaved rounds
  int wire_small_calls = 300;           // GetTable calls per server and round
  int wire_list_calls = 50;             // listing calls per server and round
  std::string wire_only;                // run only the calls whose name contains this
};

absl::Status RunPolicy(const EnvOptions& env, const PolicyOptions& options);

// The schema registry (registry_suite.cc).
struct RegistryOptions {
  int fields = 500;
  int versions = 100;
  int rounds = 9;
  int registrations = 300;
  std::vector<std::string> parts = {"check", "register"};
};
absl::Status RunRegistry(const EnvOptions& env, const RegistryOptions& options);

struct CrawlOptions {
  std::string tree;  // absolute path of a tree written by crawl_tree.py
  int runs = 2;      // the first crawls everything new, the others recrawl
  // CRAWL_EVERYTHING, or CRAWL_NEW_FOLDERS_ONLY (then with the LOG
  // behaviors it needs): the recrawls read only new folders.
  std::string recrawl_policy = "CRAWL_EVERYTHING";
};
absl::Status RunCrawl(const EnvOptions& env, const CrawlOptions& options);

}  // namespace almanac::bench

#endif  // ALMANAC_TOOLS_BENCH_SUITES_H_
