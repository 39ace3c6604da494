// almanac_bench: load generators and benchmarks against a real `almanac
// serve` over gRPC. Prints tables; never asserts a timing.
//
//   almanac_bench foundation [--almanac PATH] ...
//   almanac_bench pruning    [--almanac PATH] [--ymdh-sizes N,..] ...
//   almanac_bench policy     [--statements 1,10,100] [--decisions N] [--rounds N]
//                            [--parts evaluate,authorizer,wire] [--wire-rounds N] ...
//
// By default each suite starts its own server on a temporary data directory
// (port 0, the port read from the server's "listening" log line). --server
// HOST:PORT uses a running server instead (then memory needs --server-pid and
// file sizes --data-dir, and the checkpoint-by-restart steps are skipped).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "tools/bench/suite_env.h"
#include "tools/bench/suites.h"

namespace {

// The almanac binary built beside this one: <build>/tools/bench/almanac_bench
// -> <build>/tools/almanac.
std::string DefaultAlmanacBinary(const char* argv0) {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::canonical("/proc/self/exe", ec);
  if (ec) self = argv0;
  return (self.parent_path().parent_path() / "almanac").string();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace almanac::bench;
  CLI::App app("almanac_bench: benchmarks against a real almanac server over gRPC",
               "almanac_bench");
  app.require_subcommand(1);
  app.fallthrough();

  EnvOptions env;
  env.almanac_binary = DefaultAlmanacBinary(argv[0]);
  int server_pid = 0;
  app.add_option("--almanac", env.almanac_binary, "The almanac binary to start")
      ->capture_default_str();
  app.add_option("--server", env.server_address,
                 "Use a running server at HOST:PORT instead of starting one");
  app.add_option("--server-pid", server_pid, "With --server: its pid, to read its memory");
  app.add_option("--data-dir", env.data_dir,
                 "Data directory (default: a new temporary one; with --server: the server's, "
                 "to read file sizes)");
  app.add_flag("--keep-data", env.keep_data, "Keep the temporary data directory");

  FoundationOptions foundation;
  CLI::App* f = app.add_subcommand("foundation",
                                   "GetTable latency, CreateTable rate, partition load rate, "
                                   "bytes per partition, server memory");
  f->add_option("--get-calls", foundation.get_calls, "GetTable calls with one client")
      ->capture_default_str();
  f->add_option("--get-calls-per-client", foundation.get_calls_per_client,
                "GetTable calls per client when concurrent")
      ->capture_default_str();
  f->add_option("--clients", foundation.clients, "Concurrent GetTable clients")
      ->capture_default_str();
  f->add_option("--tables", foundation.tables, "CreateTable calls")->capture_default_str();
  f->add_option("--partitions", foundation.partitions, "Partitions loaded into one table")
      ->capture_default_str();
  f->add_option("--batch", foundation.batch_size, "Partitions per BatchCreatePartitions call")
      ->capture_default_str();
  f->add_option("--report-every", foundation.report_every, "Progress line every N partitions")
      ->capture_default_str();

  PruningOptions pruning;
  double rep_seconds = absl::ToDoubleSeconds(pruning.rep_time);
  double full_scan_seconds = absl::ToDoubleSeconds(pruning.full_scan_time);
  CLI::App* p = app.add_subcommand(
      "pruning", "Filtered partition listings on large tables, with and without a partition index");
  p->add_option("--ymdh-sizes", pruning.ymdh_sizes,
                "Sizes of year/month/day/hour (int keys) tables; empty for none")
      ->delimiter(',')
      ->capture_default_str();
  p->add_option("--region-dt-sizes", pruning.region_dt_sizes,
                "Sizes of region/dt (string keys) tables; empty for none")
      ->delimiter(',')
      ->capture_default_str();
  p->add_option("--batch", pruning.batch_size, "Partitions per BatchCreatePartitions call")
      ->capture_default_str();
  p->add_option("--report-every", pruning.report_every, "Progress line every N partitions")
      ->capture_default_str();
  p->add_option("--rounds", pruning.rounds,
                "Rounds of (measure without index, create index, measure with index)")
      ->capture_default_str();
  p->add_option("--min-reps", pruning.min_reps, "Repetitions per query and round, at least")
      ->capture_default_str();
  p->add_option("--max-reps", pruning.max_reps, "Repetitions per query and round, at most")
      ->capture_default_str();
  p->add_option("--rep-seconds", rep_seconds,
                "Repeat a query until this long (a query past 10x this stops after one run)")
      ->capture_default_str();
  p->add_option("--full-scan-pages", pruning.full_scan_pages,
                "The 100% listing stops after this many pages of 1000")
      ->capture_default_str();
  p->add_option("--full-scan-seconds", full_scan_seconds,
                "... or after this many seconds")
      ->capture_default_str();

  VersionsOptions versions;
  CLI::App* v = app.add_subcommand(
      "versions", "Table history: UpdateTable with and without archiving, listing a long "
                  "history, 1,000-column diffs, bytes per Iceberg commit");
  v->add_option("--update-rounds", versions.update_rounds,
                "Alternating blocks of archiving and skip_archive UpdateTable calls")
      ->capture_default_str();
  v->add_option("--updates-per-round", versions.updates_per_round, "UpdateTable calls per block")
      ->capture_default_str();
  v->add_option("--iceberg-commits", versions.iceberg_commits,
                "Commits per mode for bytes per commit")
      ->capture_default_str();
  v->add_option("--history", versions.history, "Versions of the listed table")
      ->capture_default_str();
  v->add_option("--diff-columns", versions.diff_columns, "Columns of the diffed table")
      ->capture_default_str();
  v->add_option("--reads", versions.reads, "Timed listing and diff calls per row")
      ->capture_default_str();

  PolicyOptions policy;
  CLI::App* pol = app.add_subcommand(
      "policy", "Policy decisions: Evaluate and PolicyAuthorizer in process, and enforcement "
                "off vs on against two real servers");
  pol->add_option("--statements", policy.statement_counts, "Statements per generated policy")
      ->delimiter(',')
      ->capture_default_str();
  pol->add_option("--decisions", policy.decisions, "Evaluate calls per round and row")
      ->capture_default_str();
  pol->add_option("--rounds", policy.rounds, "Rounds per row (the median is reported)")
      ->capture_default_str();
  pol->add_option("--parts", policy.parts, "Parts to run: evaluate, authorizer, wire")
      ->delimiter(',')
      ->capture_default_str();
  pol->add_option("--uncached-decisions", policy.uncached_decisions,
                  "Uncached Authorize calls per round and row")
      ->capture_default_str();
  pol->add_option("--wire-statements", policy.wire_statements,
                  "Statements of the servers' policies (wire part)")
      ->capture_default_str();
  pol->add_option("--wire-tables", policy.wire_tables, "Tables of the listed database (at most 1000: one page)")
      ->capture_default_str();
  pol->add_option("--wire-rounds", policy.wire_rounds, "Interleaved rounds (wire part)")
      ->capture_default_str();
  pol->add_option("--wire-small-calls", policy.wire_small_calls,
                  "GetTable calls per server, call kind and round")
      ->capture_default_str();
  pol->add_option("--wire-list-calls", policy.wire_list_calls,
                  "Listing calls per server, call kind and round")
      ->capture_default_str();
  pol->add_option("--wire-only", policy.wire_only,
                  "Run only the wire calls whose name contains this (e.g. get_tables)");

  RegistryOptions registry;
  CLI::App* reg = app.add_subcommand(
      "registry", "Schema registry: _ALL compatibility checks in process, registrations over gRPC");
  reg->add_option("--fields", registry.fields, "Fields of the checked schema")->capture_default_str();
  reg->add_option("--versions", registry.versions, "Earlier versions checked against")
      ->capture_default_str();
  reg->add_option("--rounds", registry.rounds, "Rounds (the median is reported)")
      ->capture_default_str();
  reg->add_option("--registrations", registry.registrations, "Registrations over gRPC")
      ->capture_default_str();
  reg->add_option("--parts", registry.parts, "Parts to run: check, register")
      ->delimiter(',')
      ->capture_default_str();

  CrawlOptions crawl;
  CLI::App* cr = app.add_subcommand(
      "crawl", "Crawler: a full crawl and recrawls of a tree written by crawl_tree.py");
  cr->add_option("--tree", crawl.tree, "Absolute path of the tree")->required();
  cr->add_option("--runs", crawl.runs, "Crawls in a row")->capture_default_str();
  cr->add_option("--recrawl-policy", crawl.recrawl_policy,
                 "CRAWL_EVERYTHING or CRAWL_NEW_FOLDERS_ONLY (the recrawls read new folders only)")
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  env.server_pid = server_pid;
  pruning.rep_time = absl::Seconds(rep_seconds);
  pruning.full_scan_time = absl::Seconds(full_scan_seconds);

  absl::Status status;
  if (f->parsed()) {
    PrintRunHeader("foundation", argc, argv);
    status = RunFoundation(env, foundation);
  } else if (p->parsed()) {
    PrintRunHeader("pruning", argc, argv);
    status = RunPruning(env, pruning);
  } else if (v->parsed()) {
    PrintRunHeader("versions", argc, argv);
    status = RunVersions(env, versions);
  } else if (pol->parsed()) {
    PrintRunHeader("policy", argc, argv);
    status = RunPolicy(env, policy);
  } else if (reg->parsed()) {
    PrintRunHeader("registry", argc, argv);
    status = RunRegistry(env, registry);
  } else if (cr->parsed()) {
    PrintRunHeader("crawl", argc, argv);
    status = RunCrawl(env, crawl);
  }
  if (!status.ok()) {
    std::fprintf(stderr, "almanac_bench: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
