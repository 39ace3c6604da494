// The "pruning" suite: partition listings with filters over large tables,
// with and without a partition index.
//
// For each table: bulk-load it, checkpoint and measure its bytes, then run
// `rounds` rounds. A round measures every query without a partition index,
// creates the index (timed), measures every query again with it and, except
// in the last round, drops it, so each round gives an indexed/unindexed
// ratio measured minutes apart on the same data.
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "tools/bench/bench_client.h"
#include "tools/bench/bench_util.h"
#include "tools/bench/suites.h"

namespace almanac::bench {
namespace {

namespace v1 = almanac::v1;

constexpr char kDb[] = "pruning";
constexpr int kRegions = 100;
constexpr int64_t kPerYear = 24 * 28 * 12;  // partitions per year of the ymdh layout

struct Query {
  std::string label;
  std::string ops;     // operators used: "=", "range", "IN", "LIKE"
  std::string filter;  // Glue dialect; "" lists everything
  bool bounded = false;  // the 100% listing: stopped after a page or time budget
  bool uses_index_key = true;  // false: the index's first key is not constrained
};

struct TableSpec {
  std::string name;
  int64_t partitions = 0;
  std::vector<KeySpec> keys;
  PartitionGenerator generate;
  std::string index_name;
  std::vector<std::string> index_keys;
  std::vector<Query> queries;
  std::vector<std::string> point_values;  // for GetPartition
};

std::string Date(int64_t day_number) {
  const absl::CivilDay d = absl::CivilDay(2000, 1, 1) + day_number;
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

TableSpec YmdhTable(int64_t n) {
  TableSpec t;
  t.name = absl::StrCat("ymdh_", n);
  t.partitions = n;
  t.keys = {{"year", "int"}, {"month", "int"}, {"day", "int"}, {"hour", "int"}};
  t.generate = [](int64_t i) -> std::vector<std::string> {
    return {absl::StrCat(2000 + i / kPerYear), absl::StrCat((i / (24 * 28)) % 12 + 1),
            absl::StrCat((i / 24) % 28 + 1), absl::StrCat(i % 24)};
  };
  t.index_name = "by_ymd";
  t.index_keys = {"year", "month", "day"};
  const int64_t years = (n + kPerYear - 1) / kPerYear;
  const int64_t y = 2000 + std::max<int64_t>(0, years / 2 - 1);  // a full year mid-table
  const int64_t d = std::clamp<int64_t>((n / 10000 + 24) / 48, 1, 28);  // ~0.01%: 2*d*24 rows
  const int64_t k = std::max<int64_t>(1, (n / 100 + kPerYear / 2) / kPerYear);  // ~1%: k years
  t.point_values = {absl::StrCat(y), "6", "15", "12"};
  std::vector<std::string> years_in;
  for (int64_t i = 0; i < k; ++i) years_in.push_back(absl::StrCat(y + 2 * i));
  t.queries = {
      {"single partition", "=",
       absl::StrCat("year = ", y, " AND month = 6 AND day = 15 AND hour = 12")},
      {"one day", "=", absl::StrCat("year = ", y, " AND month = 6 AND day = 15")},
      {"~0.01%", "IN, range", absl::StrCat("year = ", y, " AND month IN (6, 7) AND day <= ", d)},
      {"~1% range", "range", absl::StrCat("year BETWEEN ", y, " AND ", y + k - 1)},
      {"~1% IN", "IN", absl::StrCat("year IN (", absl::StrJoin(years_in, ", "), ")")},
      {"hour only (not the index's first key)", "=", "hour = 12", false, false},
      {"100% (bounded)", "none", "", true, false},
  };
  return t;
}

TableSpec RegionDtTable(int64_t n) {
  TableSpec t;
  t.name = absl::StrCat("region_dt_", n);
  t.partitions = n;
  t.keys = {{"region", "string"}, {"dt", "string"}};
  t.generate = [](int64_t i) -> std::vector<std::string> {
    return {absl::StrFormat("r%03d", i % kRegions), Date(i / kRegions)};
  };
  t.index_name = "by_dt_region";
  t.index_keys = {"dt", "region"};
  const int64_t days = std::max<int64_t>(1, n / kRegions);
  const int64_t mid = days / 2;
  const absl::CivilDay mid_day = absl::CivilDay(2000, 1, 1) + mid;
  const std::string month_prefix = absl::StrFormat("%04d-%02d", mid_day.year(), mid_day.month());
  t.point_values = {"r042", Date(mid)};
  t.queries = {
      {"single partition", "=", absl::StrCat("dt = '", Date(mid), "' AND region = 'r042'")},
      {"one day, all regions", "=", absl::StrCat("dt = '", Date(mid), "'")},
      {"3 days", "IN",
       absl::StrCat("dt IN ('", Date(mid), "', '", Date(mid + 7), "', '", Date(mid + 14), "')")},
      {"one month by prefix", "LIKE", absl::StrCat("dt LIKE '", month_prefix, "%'")},
      {"100 days", "range",
       absl::StrCat("dt BETWEEN '", Date(mid), "' AND '", Date(mid + 99), "'")},
      {"region only (not the index's first key)", "=", "region = 'r042'", false, false},
      {"100% (bounded)", "none", "", true, false},
  };
  return t;
}

// Samples of one query in one variant, across rounds.
struct Result {
  LatencySamples all;
  std::vector<absl::Duration> round_p50;
  int reps = 0;
  ListingRun last;  // the last run (rows, bytes, explain)
};

std::string Key(const std::string& label, bool names, bool indexed) {
  return absl::StrCat(label, names ? "|names" : "|objects", indexed ? "|index" : "|none");
}

absl::Status MeasureListing(Stub* stub, const std::string& table, const Query& q, bool names,
                            const PruningOptions& options, Result* result) {
  ListingOptions lo;
  lo.filter = q.filter;
  lo.names_only = names;
  lo.explain = true;  // both forms report explain (ListPartitionNamesResponse has it too)
  if (q.bounded) {
    lo.max_pages = options.full_scan_pages;
    lo.max_time = options.full_scan_time;
  }
  LatencySamples round;
  Stopwatch spent;
  // Slow queries (an unindexed scan of 10M rows) stop after one repetition
  // once they have used ten times the per-query time.
  while (true) {
    absl::StatusOr<ListingRun> run = WalkListing(stub, kDb, table, lo);
    if (!run.ok()) return run.status();
    round.Add(run->elapsed);
    result->last = *run;
    const absl::Duration t = spent.Elapsed();
    const int reps = static_cast<int>(round.count());
    if (reps >= options.max_reps) break;
    if (reps >= options.min_reps && t >= options.rep_time) break;
    if (t >= options.rep_time * 10) break;
    if (q.bounded && reps >= 3) break;
  }
  result->all.Merge(round);
  result->round_p50.push_back(round.Percentile(50));
  result->reps += static_cast<int>(round.count());
  return absl::OkStatus();
}

absl::Status MeasureGetPartition(Stub* stub, const TableSpec& t, const PruningOptions& options,
                                 Result* result) {
  v1::GetPartitionRequest request;
  request.set_database(kDb);
  request.set_table(t.name);
  for (const std::string& v : t.point_values) request.add_values(v);
  LatencySamples round;
  Stopwatch spent;
  while (static_cast<int>(round.count()) < std::max(options.max_reps, options.min_reps) &&
         (static_cast<int>(round.count()) < options.min_reps || spent.Elapsed() < options.rep_time)) {
    grpc::ClientContext ctx;
    v1::GetPartitionResponse response;
    Stopwatch w;
    grpc::Status status = stub->GetPartition(&ctx, request, &response);
    round.Add(w.Elapsed());
    if (!status.ok()) return FromGrpc(status, "get partition");
    result->last.rows = 1;
    result->last.bytes = static_cast<int64_t>(response.ByteSizeLong());
  }
  result->all.Merge(round);
  result->round_p50.push_back(round.Percentile(50));
  result->reps += static_cast<int>(round.count());
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Count(Stub* stub, const std::string& table, const std::string& filter) {
  grpc::ClientContext ctx;
  v1::CountPartitionsRequest request;
  request.set_database(kDb);
  request.set_table(table);
  request.set_filter(filter);
  request.set_dialect(v1::FILTER_DIALECT_GLUE);
  v1::CountPartitionsResponse response;
  grpc::Status status = stub->CountPartitions(&ctx, request, &response);
  if (!status.ok()) return FromGrpc(status, absl::StrCat("count partitions '", filter, "'"));
  return response.count();
}

absl::Status CreateIndex(Stub* stub, const TableSpec& t) {
  grpc::ClientContext ctx;
  v1::CreatePartitionIndexRequest request;
  request.set_database(kDb);
  request.set_table(t.name);
  request.mutable_index()->set_name(t.index_name);
  for (const std::string& k : t.index_keys) request.mutable_index()->add_keys(k);
  v1::CreatePartitionIndexResponse response;
  return FromGrpc(stub->CreatePartitionIndex(&ctx, request, &response),
                  absl::StrCat("create partition index '", t.index_name, "'"));
}

absl::Status DropIndex(Stub* stub, const TableSpec& t) {
  grpc::ClientContext ctx;
  v1::DeletePartitionIndexRequest request;
  request.set_database(kDb);
  request.set_table(t.name);
  request.set_name(t.index_name);
  v1::DeletePartitionIndexResponse response;
  return FromGrpc(stub->DeletePartitionIndex(&ctx, request, &response),
                  absl::StrCat("delete partition index '", t.index_name, "'"));
}

std::string MemoryCell(const SuiteEnv& env) {
  absl::StatusOr<MemoryUsage> m = env.Memory();
  if (!m.ok()) return "not measured";
  return absl::StrCat(FormatBytes(m->rss_bytes), " (peak ", FormatBytes(m->peak_bytes), ")");
}

// The index the server used; for calls without explain only whether one existed.
std::string IndexCell(const Result& r, bool indexed, bool no_explain) {
  if (!indexed) return "none";
  if (no_explain) return "created";
  return r.last.index_used.empty() ? "created, unused" : r.last.index_used;
}

std::string RoundP50s(const Result& r) {
  std::vector<std::string> cells;
  for (absl::Duration d : r.round_p50) cells.push_back(FormatLatency(d));
  return absl::StrJoin(cells, " / ");
}

absl::Status RunTable(SuiteEnv& env, const TableSpec& t, const PruningOptions& options,
                      std::unique_ptr<Stub>& stub, int64_t* last_db_bytes) {
  std::printf("## table %s.%s: %s partitions, keys %s\n\n", kDb, t.name.c_str(),
              FormatCount(t.partitions).c_str(),
              absl::StrJoin(t.keys, ", ",
                            [](std::string* out, const KeySpec& k) {
                              absl::StrAppend(out, k.name, " ", k.type);
                            })
                  .c_str());
  if (absl::Status s = CreateTable(stub.get(), MakeTable(kDb, t.name, t.keys)); !s.ok()) return s;
  std::printf("loading in batches of %d (load average %s)\n", options.batch_size,
              LoadAverage().c_str());
  const absl::StatusOr<absl::Duration> cpu_before = env.CpuTime();
  absl::StatusOr<LoadResult> load = LoadPartitions(
      stub.get(), kDb, t.name, 0, t.partitions, options.batch_size, t.generate,
      options.report_every, [](const LoadProgress& p) {
        std::printf("  %12s partitions  %8.1f s  %10.0f/s overall  %10.0f/s last %s\n",
                    FormatCount(p.loaded).c_str(), absl::ToDoubleSeconds(p.elapsed),
                    static_cast<double>(p.loaded) / absl::ToDoubleSeconds(p.elapsed),
                    static_cast<double>(p.last_interval_rows) /
                        absl::ToDoubleSeconds(p.last_interval),
                    FormatCount(p.last_interval_rows).c_str());
        std::fflush(stdout);
      });
  if (!load.ok()) return load.status();
  const absl::StatusOr<absl::Duration> cpu_after = env.CpuTime();

  Table facts({"fact", "value"});
  facts.AddRow({"bulk load", absl::StrCat(FormatCount(load->loaded), " partitions in ",
                                          FormatLatency(load->elapsed), " = ",
                                          FormatDouble(load->per_second(), 0), "/s")});
  if (cpu_before.ok() && cpu_after.ok()) {
    const absl::Duration cpu = *cpu_after - *cpu_before;
    facts.AddRow({"server CPU during load (user+sys)",
                  absl::StrCat(FormatLatency(cpu), " = ",
                               FormatLatency(cpu / std::max<int64_t>(1, load->loaded)),
                               "/partition, ",
                               FormatDouble(absl::FDivDuration(cpu, load->elapsed), 2),
                               " cores busy")});
  }
  facts.AddRow({"server memory after load", MemoryCell(env)});
  absl::StatusOr<DatabaseFiles> files = env.CheckpointedFiles();
  if (files.ok()) {
    stub = MakeStub(env.address(), false);
    const int64_t delta = files->total() - *last_db_bytes;
    facts.AddRow({"database growth for this table (checkpointed)",
                  absl::StrCat(FormatBytes(delta), " = ",
                               FormatDouble(static_cast<double>(delta) /
                                                static_cast<double>(t.partitions),
                                            1),
                               " bytes/partition")});
    *last_db_bytes = files->total();
    facts.AddRow({"server memory idle after restart", MemoryCell(env)});
  } else {
    facts.AddRow({"database bytes", absl::StrCat("not measured: ", files.status().message())});
  }

  // Expected matches, counted by the server itself.
  std::map<std::string, int64_t> expected;
  for (const Query& q : t.queries) {
    absl::StatusOr<int64_t> c = Count(stub.get(), t.name, q.filter);
    if (!c.ok()) return c.status();
    expected[q.label] = *c;
  }

  std::map<std::string, Result> results;
  std::vector<absl::Duration> index_builds;
  for (int round = 0; round < options.rounds; ++round) {
    std::printf("round %d/%d (load average %s)\n", round + 1, options.rounds,
                LoadAverage().c_str());
    std::fflush(stdout);
    for (bool indexed : {false, true}) {
      if (indexed) {
        Stopwatch w;
        if (absl::Status s = CreateIndex(stub.get(), t); !s.ok()) return s;
        index_builds.push_back(w.Elapsed());
        if (round == 0 && files.ok()) {
          absl::StatusOr<DatabaseFiles> with_index = env.CheckpointedFiles();
          if (!with_index.ok()) return with_index.status();
          stub = MakeStub(env.address(), false);
          const int64_t delta = with_index->total() - *last_db_bytes;
          facts.AddRow({"partition index size (checkpointed growth)",
                        absl::StrCat(FormatBytes(delta), " = ",
                                     FormatDouble(static_cast<double>(delta) /
                                                      static_cast<double>(t.partitions),
                                                  1),
                                     " bytes/partition")});
          *last_db_bytes = with_index->total();
        }
      }
      if (absl::Status s = MeasureGetPartition(stub.get(), t, options,
                                               &results[Key("GetPartition", false, indexed)]);
          !s.ok()) {
        return s;
      }
      for (const Query& q : t.queries) {
        // Without an index both forms scan the same rows; the names form is
        // measured only where the 100% case needs it, to bound the run time.
        for (bool names : {false, true}) {
          if (!indexed && names && !q.bounded) continue;
          if (absl::Status s = MeasureListing(stub.get(), t.name, q, names, options,
                                              &results[Key(q.label, names, indexed)]);
              !s.ok()) {
            return s;
          }
        }
      }
    }
    facts.AddRow({absl::StrCat("server memory while serving, round ", round + 1), MemoryCell(env)});
    if (round + 1 < options.rounds) {
      if (absl::Status s = DropIndex(stub.get(), t); !s.ok()) return s;
    }
  }
  {
    std::vector<std::string> cells;
    for (absl::Duration d : index_builds) cells.push_back(FormatLatency(d));
    facts.AddRow({absl::StrCat("CreatePartitionIndex ", t.index_name, " (",
                               absl::StrJoin(t.index_keys, ", "), ") backfill, per round"),
                  absl::StrJoin(cells, " / ")});
  }

  Table table({"query", "ops", "matches", "form", "index", "reps", "p50", "p99",
               "p50 per round", "rows examined", "rows returned", "bytes recv", "pages"});
  auto add = [&](const std::string& label, const std::string& ops, int64_t matches, bool names,
                 bool indexed) {
    auto it = results.find(Key(label, names, indexed));
    if (it == results.end()) return;
    const Result& r = it->second;
    const double pct = 100.0 * static_cast<double>(matches) / static_cast<double>(t.partitions);
    std::string rows_returned = FormatCount(r.last.rows);
    if (!r.last.complete) absl::StrAppend(&rows_returned, " (stopped)");
    table.AddRow({label, ops, absl::StrCat(FormatCount(matches), " (", FormatDouble(pct, 4), "%)"),
                  label == "GetPartition" ? "object" : (names ? "names" : "objects"),
                  IndexCell(r, indexed, label == "GetPartition"),
                  absl::StrCat(r.reps), FormatLatency(r.all.Percentile(50)),
                  FormatLatency(r.all.Percentile(99)), RoundP50s(r),
                  r.last.rows_examined >= 0 ? FormatCount(r.last.rows_examined) : "n/a",
                  rows_returned, FormatBytes(r.last.bytes), FormatCount(r.last.pages)});
  };
  for (bool indexed : {false, true}) add("GetPartition", "key", 1, false, indexed);
  for (const Query& q : t.queries) {
    for (bool indexed : {false, true}) {
      for (bool names : {false, true}) add(q.label, q.ops, expected[q.label], names, indexed);
    }
  }

  // Indexed vs unindexed, objects form, per round.
  Table speedup({"query", "matches", "p50 no index", "p50 index", "speedup per round",
                 "speedup (overall p50)"});
  for (const Query& q : t.queries) {
    if (q.bounded) continue;
    const Result& none = results[Key(q.label, false, false)];
    const Result& idx = results[Key(q.label, false, true)];
    std::vector<std::string> ratios;
    for (size_t i = 0; i < none.round_p50.size() && i < idx.round_p50.size(); ++i) {
      ratios.push_back(FormatDouble(absl::FDivDuration(none.round_p50[i], idx.round_p50[i]), 1) +
                       "x");
    }
    speedup.AddRow({q.label, FormatCount(expected[q.label]),
                    FormatLatency(none.all.Percentile(50)), FormatLatency(idx.all.Percentile(50)),
                    absl::StrJoin(ratios, " / "),
                    FormatDouble(absl::FDivDuration(none.all.Percentile(50),
                                                    idx.all.Percentile(50)),
                                 1) +
                        "x"});
  }

  std::printf("\n%s\n%s\n%s\n", facts.ToString().c_str(), table.ToString().c_str(),
              speedup.ToString().c_str());
  for (const Query& q : t.queries) {
    const Result& r = results[Key(q.label, false, true)];
    std::printf("plan with index, %s [%s]: %s\n", q.label.c_str(), q.filter.c_str(),
                r.last.plan.c_str());
  }
  std::printf("\n");
  std::fflush(stdout);
  return absl::OkStatus();
}

}  // namespace

absl::Status RunPruning(const EnvOptions& env_options, const PruningOptions& options) {
  absl::StatusOr<std::unique_ptr<SuiteEnv>> opened = SuiteEnv::Open(env_options);
  if (!opened.ok()) return opened.status();
  SuiteEnv& env = **opened;
  std::printf("server: %s (data dir %s)\n", env.address().c_str(), env.data_dir().c_str());
  std::printf("server memory idle, empty catalog: %s\n\n", MemoryCell(env).c_str());
  std::unique_ptr<Stub> stub = MakeStub(env.address(), false);
  if (absl::Status s = CreateDatabase(stub.get(), kDb); !s.ok()) return s;
  int64_t db_bytes = 0;
  if (absl::StatusOr<DatabaseFiles> f = env.CheckpointedFiles(); f.ok()) {
    db_bytes = f->total();
    stub = MakeStub(env.address(), false);
  }
  std::vector<TableSpec> tables;
  // A size of 0 (what `--region-dt-sizes ""` parses to) means no such table.
  for (int64_t n : options.ymdh_sizes) {
    if (n > 0) tables.push_back(YmdhTable(n));
  }
  for (int64_t n : options.region_dt_sizes) {
    if (n > 0) tables.push_back(RegionDtTable(n));
  }
  for (const TableSpec& t : tables) {
    if (absl::Status s = RunTable(env, t, options, stub, &db_bytes); !s.ok()) return s;
  }
  std::printf("load average at end: %s\n", LoadAverage().c_str());
  return absl::OkStatus();
}

}  // namespace almanac::bench
