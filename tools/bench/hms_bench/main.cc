// hms_bench: Apache Hive's metastore micro-benchmark suite (hmsbench) with a
// C++ Thrift client, run against one or more metastores in the same run.
//
//   hms_bench --target almanac=thrift://127.0.0.1:9083
//             --target java=thrift://127.0.0.1:19083 [--iterations 100] ...
//   hms_bench --suite pruning --partitions 100800 --target ... --target ...
//
// --suite hmsbench (the default) runs hmsbench's operations; --suite pruning
// the partition-pruning calls on one large table (hms_suite.h,
// PruningBenchmarks).
//
// Operations are interleaved (each operation runs on every target before the
// next operation starts), so background load on a shared machine hits the
// targets alike. Prints, per operation and target, mean, median and p99 in
// milliseconds, then the ratio of every further target to the first
// (target/first: above 1 means the first is faster). A call a server does not
// serve (UNKNOWN_METHOD) prints "unsupported"; any other failure prints the
// error in that row and the suite goes on. Never asserts a timing.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tools/bench/hms_bench/hms_connection.h"
#include "tools/bench/hms_bench/hms_suite.h"
#include "tools/bench/hms_bench/latency_summary.h"

namespace almanac::bench::hms {
namespace {

struct Target {
  std::string name;
  HostPort address;
};

// One cell of the result table: a summary, "unsupported" or an error.
struct Outcome {
  std::optional<LatencySummary> summary;
  std::string note;
};

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  if (!(in >> one >> five >> fifteen)) return "?";
  return absl::StrCat(one, " ", five, " ", fifteen);
}

Outcome RunOne(const Benchmark& benchmark, const Target& target) {
  absl::StatusOr<std::unique_ptr<HmsConnection>> connection = HmsConnection::Open(target.address);
  if (!connection.ok()) return {std::nullopt, connection.status().ToString()};
  absl::StatusOr<std::vector<double>> samples = benchmark.run(**connection);
  if (absl::IsUnimplemented(samples.status())) return {std::nullopt, "unsupported"};
  if (!samples.ok()) return {std::nullopt, absl::StrCat("error: ", samples.status().ToString())};
  return {Summarize(*std::move(samples)), ""};
}

// Columns padded to their widest cell.
std::string RenderTable(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width;
  for (const auto& row : rows) {
    if (width.size() < row.size()) width.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::string out;
  for (size_t r = 0; r < rows.size(); ++r) {
    std::string line = "|";
    for (size_t i = 0; i < width.size(); ++i) {
      std::string cell = i < rows[r].size() ? rows[r][i] : "";
      absl::StrAppend(&line, " ", cell, std::string(width[i] - cell.size(), ' '), " |");
    }
    absl::StrAppend(&out, line, "\n");
    if (r == 0) {
      std::string rule = "|";
      for (size_t w : width) absl::StrAppend(&rule, std::string(w + 2, '-'), "|");
      absl::StrAppend(&out, rule, "\n");
    }
  }
  return out;
}

int Main(int argc, char** argv) {
  CLI::App app{"hms_bench: the hmsbench suite against Hive Metastore Thrift endpoints"};
  std::vector<std::string> target_args;
  SuiteOptions options;
  std::string only;
  std::string suite = "hmsbench";
  app.add_option("--target", target_args, "NAME=thrift://HOST:PORT (repeat; the first is the base of the ratios)")
      ->required();
  app.add_option("--warmup", options.warmup, "untimed rounds of the fast operations");
  app.add_option("--iterations", options.iterations, "timed rounds of the fast operations");
  app.add_option("--big-warmup", options.big_warmup, "untimed rounds of the .N operations");
  app.add_option("--big-iterations", options.big_iterations,
                 "timed rounds of addPartitions/dropPartitions/renameTable/dropDatabase.N "
                 "and the large getPartitionsByFilter");
  app.add_option("--batch", options.batch, "N of the .N operations");
  app.add_option("--filter-partitions", options.filter_partitions,
                 "partitions of the large getPartitionsByFilter");
  app.add_option("--database", options.database, "scratch database (dropped and re-created)");
  app.add_option("--only", only, "run only operations whose name matches this regex");
  app.add_option("--suite", suite, "hmsbench (default) or pruning")
      ->check(CLI::IsMember({"hmsbench", "pruning"}));
  app.add_option("--partitions", options.pruning_partitions,
                 "partitions of the pruning suite's table (ds string, hr int, b int)");
  app.add_option("--load-batch", options.pruning_load_batch,
                 "partitions per add_partitions call when the pruning suite loads its table");
  CLI11_PARSE(app, argc, argv);

  std::vector<Target> targets;
  for (const std::string& arg : target_args) {
    size_t eq = arg.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::fprintf(stderr, "--target '%s' is not NAME=URI\n", arg.c_str());
      return 2;
    }
    absl::StatusOr<HostPort> address = ParseMetastoreUri(arg.substr(eq + 1));
    if (!address.ok()) {
      std::fprintf(stderr, "%s\n", address.status().ToString().c_str());
      return 2;
    }
    targets.push_back({arg.substr(0, eq), *address});
  }

  std::printf("hms_bench  %s  load average at start: %s\n",
              absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", absl::Now(), absl::UTCTimeZone()).c_str(),
              LoadAverage().c_str());
  if (suite == "pruning") {
    std::printf("pruning suite: %d partitions (ds string, hr int, b int), loaded in calls of %d; "
                "%d warm-up + %d timed\n",
                options.pruning_partitions, options.pruning_load_batch, options.warmup,
                options.iterations);
  } else {
    std::printf(
        "fast operations: %d warm-up + %d timed; .N operations (N=%d): %d warm-up + %d timed\n",
        options.warmup, options.iterations, options.batch, options.big_warmup,
        options.big_iterations);
  }
  for (const Target& t : targets) {
    std::printf("target %s = %s:%d\n", t.name.c_str(), t.address.host.c_str(), t.address.port);
    absl::StatusOr<std::unique_ptr<HmsConnection>> connection = HmsConnection::Open(t.address);
    absl::Status reset =
        connection.ok() ? ResetDatabase(**connection, options) : connection.status();
    if (!reset.ok()) {
      std::fprintf(stderr, "target %s: cannot prepare database '%s': %s\n", t.name.c_str(),
                   options.database.c_str(), reset.ToString().c_str());
      return 1;
    }
  }
  std::fflush(stdout);

  std::optional<std::regex> filter;
  if (!only.empty()) filter.emplace(only);
  std::vector<std::string> names;
  std::map<std::string, std::vector<Outcome>> results;
  for (const Benchmark& benchmark :
       suite == "pruning" ? PruningBenchmarks(options) : AllBenchmarks(options)) {
    if (filter && !std::regex_search(benchmark.name, *filter)) continue;
    names.push_back(benchmark.name);
    for (const Target& t : targets) {
      absl::Time start = absl::Now();
      Outcome outcome = RunOne(benchmark, t);
      std::fprintf(stderr, "[hms_bench] %-28s %-8s %s (%.1f s, load %s)\n", benchmark.name.c_str(),
                   t.name.c_str(),
                   outcome.summary ? absl::StrCat("mean ", FormatMs(outcome.summary->mean_ms),
                                                  " ms").c_str()
                                   : outcome.note.c_str(),
                   absl::ToDoubleSeconds(absl::Now() - start), LoadAverage().c_str());
      results[benchmark.name].push_back(std::move(outcome));
    }
  }

  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {"operation"};
  for (const Target& t : targets) {
    for (const char* stat : {"mean", "median", "p99"}) {
      header.push_back(absl::StrCat(t.name, " ", stat, " ms"));
    }
  }
  for (size_t k = 1; k < targets.size(); ++k) {
    header.push_back(absl::StrCat(targets[k].name, "/", targets[0].name, " mean"));
    header.push_back(absl::StrCat(targets[k].name, "/", targets[0].name, " median"));
  }
  rows.push_back(header);
  for (const std::string& name : names) {
    const std::vector<Outcome>& outcomes = results[name];
    std::vector<std::string> row = {name};
    for (const Outcome& o : outcomes) {
      if (o.summary) {
        row.push_back(FormatMs(o.summary->mean_ms));
        row.push_back(FormatMs(o.summary->median_ms));
        row.push_back(FormatMs(o.summary->p99_ms));
      } else {
        row.insert(row.end(), {o.note, "", ""});
      }
    }
    for (size_t k = 1; k < outcomes.size(); ++k) {
      if (outcomes[0].summary && outcomes[k].summary) {
        row.push_back(FormatRatio(outcomes[k].summary->mean_ms, outcomes[0].summary->mean_ms));
        row.push_back(
            FormatRatio(outcomes[k].summary->median_ms, outcomes[0].summary->median_ms));
      } else {
        row.insert(row.end(), {"-", "-"});
      }
    }
    rows.push_back(std::move(row));
  }
  std::printf("\n%s", RenderTable(rows).c_str());
  std::printf("load average at end: %s\n", LoadAverage().c_str());
  return 0;
}

}  // namespace
}  // namespace almanac::bench::hms

int main(int argc, char** argv) { return almanac::bench::hms::Main(argc, argv); }
