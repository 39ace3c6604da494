// The "foundation" suite: GetTable latency with 1 and N concurrent clients,
// CreateTable rate, BatchCreatePartitions rate up to 1M partitions in one
// table, database bytes per partition, server RSS idle and loaded.
#include <cstdio>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/bench/bench_client.h"
#include "tools/bench/bench_util.h"
#include "tools/bench/suites.h"

namespace almanac::bench {
namespace {

namespace v1 = almanac::v1;

constexpr char kDb[] = "bench";

std::vector<std::string> YmdhValues(int64_t i) {
  const int64_t hour = i % 24;
  const int64_t day = (i / 24) % 28 + 1;
  const int64_t month = (i / (24 * 28)) % 12 + 1;
  const int64_t year = 2000 + i / (24 * 28 * 12);
  return {absl::StrCat(year), absl::StrCat(month), absl::StrCat(day), absl::StrCat(hour)};
}

std::string MemoryCell(const SuiteEnv& env, bool peak) {
  absl::StatusOr<MemoryUsage> m = env.Memory();
  if (!m.ok()) return "not measured";
  return FormatBytes(peak ? m->peak_bytes : m->rss_bytes);
}

// Server CPU used by a load: total, per partition, and as a share of the
// wall time (below 1 core on an idle machine means the server waited).
std::string CpuCell(const absl::StatusOr<absl::Duration>& before,
                    const absl::StatusOr<absl::Duration>& after, const LoadResult& load) {
  if (!before.ok() || !after.ok()) return "not measured";
  const absl::Duration cpu = *after - *before;
  return absl::StrCat(FormatLatency(cpu), " = ",
                      FormatLatency(cpu / std::max<int64_t>(1, load.loaded)), "/partition, ",
                      FormatDouble(absl::FDivDuration(cpu, load.elapsed), 2), " cores busy");
}

// `calls` GetTable calls on `stub`, each timed.
absl::Status TimeGetTable(Stub* stub, int64_t calls, LatencySamples* samples) {
  v1::GetTableRequest request;
  request.set_database(kDb);
  request.set_name("get_target");
  for (int64_t i = 0; i < calls; ++i) {
    grpc::ClientContext ctx;
    v1::GetTableResponse response;
    Stopwatch w;
    grpc::Status status = stub->GetTable(&ctx, request, &response);
    samples->Add(w.Elapsed());
    if (!status.ok()) return FromGrpc(status, "get table");
  }
  return absl::OkStatus();
}

struct GetTableResult {
  LatencySamples samples;
  absl::Duration wall;
};

absl::StatusOr<GetTableResult> RunGetTable(const std::string& address, int clients,
                                           int64_t calls_per_client) {
  std::vector<std::unique_ptr<Stub>> stubs;
  for (int c = 0; c < clients; ++c) stubs.push_back(MakeStub(address, /*own_connection=*/true));
  // Warm every connection up before timing.
  for (auto& stub : stubs) {
    LatencySamples ignored;
    if (absl::Status s = TimeGetTable(stub.get(), 50, &ignored); !s.ok()) return s;
  }
  std::vector<LatencySamples> per_client(clients);
  std::vector<absl::Status> statuses(clients);
  Stopwatch wall;
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      statuses[c] = TimeGetTable(stubs[c].get(), calls_per_client, &per_client[c]);
    });
  }
  for (auto& t : threads) t.join();
  GetTableResult result;
  result.wall = wall.Elapsed();
  for (int c = 0; c < clients; ++c) {
    if (!statuses[c].ok()) return statuses[c];
    result.samples.Merge(per_client[c]);
  }
  return result;
}

void AddGetTableRow(Table* table, const std::string& label, int clients, GetTableResult& r) {
  const double qps = static_cast<double>(r.samples.count()) / absl::ToDoubleSeconds(r.wall);
  table->AddRow({label, absl::StrCat(clients), FormatCount(r.samples.count()),
                 FormatLatency(r.samples.Percentile(50)), FormatLatency(r.samples.Percentile(90)),
                 FormatLatency(r.samples.Percentile(99)), FormatLatency(r.samples.Max()),
                 FormatCount(static_cast<int64_t>(qps))});
}

}  // namespace

absl::Status RunFoundation(const EnvOptions& env_options, const FoundationOptions& options) {
  absl::StatusOr<std::unique_ptr<SuiteEnv>> opened = SuiteEnv::Open(env_options);
  if (!opened.ok()) return opened.status();
  SuiteEnv& env = **opened;
  std::printf("server: %s (data dir %s)\n\n", env.address().c_str(), env.data_dir().c_str());
  Table memory({"server memory", "VmRSS", "VmHWM (peak)"});
  memory.AddRow({"idle, empty catalog", MemoryCell(env, false), MemoryCell(env, true)});

  std::unique_ptr<Stub> stub = MakeStub(env.address(), false);
  if (absl::Status s = CreateDatabase(stub.get(), kDb); !s.ok()) return s;
  if (absl::Status s = CreateTable(stub.get(), MakeTable(kDb, "get_target",
                                                         {{"dt", "string"}, {"region", "string"}}));
      !s.ok()) {
    return s;
  }

  // 1. GetTable latency.
  Table get_table({"GetTable", "clients", "calls", "p50", "p90", "p99", "max", "calls/s"});
  {
    absl::StatusOr<GetTableResult> one = RunGetTable(env.address(), 1, options.get_calls);
    if (!one.ok()) return one.status();
    AddGetTableRow(&get_table, "empty catalog", 1, *one);
    absl::StatusOr<GetTableResult> many =
        RunGetTable(env.address(), options.clients, options.get_calls_per_client);
    if (!many.ok()) return many.status();
    AddGetTableRow(&get_table, "empty catalog", options.clients, *many);
  }
  std::printf("%s\n", get_table.ToString().c_str());
  std::fflush(stdout);

  // 2. CreateTable rate, one client, sequential.
  Table create_table({"CreateTable", "tables", "elapsed", "tables/s", "p50", "p99"});
  {
    LatencySamples samples;
    Stopwatch w;
    for (int64_t i = 0; i < options.tables; ++i) {
      Stopwatch one;
      if (absl::Status s = CreateTable(stub.get(), MakeTable(kDb, absl::StrCat("t_", i),
                                                             {{"dt", "string"}}));
          !s.ok()) {
        return s;
      }
      samples.Add(one.Elapsed());
    }
    const absl::Duration elapsed = w.Elapsed();
    create_table.AddRow(
        {"1 client, sequential", FormatCount(options.tables), FormatLatency(elapsed),
         FormatDouble(static_cast<double>(options.tables) / absl::ToDoubleSeconds(elapsed), 0),
         FormatLatency(samples.Percentile(50)), FormatLatency(samples.Percentile(99))});
  }
  std::printf("%s\n", create_table.ToString().c_str());
  std::fflush(stdout);

  // 3. Partitions in one table, batches of batch_size.
  if (absl::Status s = CreateTable(stub.get(), MakeTable(kDb, "parts",
                                                         {{"year", "int"},
                                                          {"month", "int"},
                                                          {"day", "int"},
                                                          {"hour", "int"}}));
      !s.ok()) {
    return s;
  }
  std::printf("loading %s partitions into %s.parts in batches of %d\n",
              FormatCount(options.partitions).c_str(), kDb, options.batch_size);
  const absl::StatusOr<absl::Duration> cpu_before = env.CpuTime();
  absl::StatusOr<LoadResult> load = LoadPartitions(
      stub.get(), kDb, "parts", 0, options.partitions, options.batch_size, YmdhValues,
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
  std::printf("\n");
  memory.AddRow({absl::StrCat("after loading ", FormatCount(load->loaded), " partitions"),
                 MemoryCell(env, false), MemoryCell(env, true)});

  // GetTable again, with the partitions present.
  {
    absl::StatusOr<GetTableResult> one = RunGetTable(env.address(), 1, options.get_calls);
    if (!one.ok()) return one.status();
    AddGetTableRow(&get_table,
                   absl::StrCat(FormatCount(load->loaded), "-partition table present"), 1, *one);
  }

  Table storage({"database", "value"});
  storage.AddRow({"partitions", FormatCount(load->loaded)});
  storage.AddRow({"load elapsed", FormatLatency(load->elapsed)});
  storage.AddRow({"load rate (partitions/s)", FormatDouble(load->per_second(), 0)});
  storage.AddRow({"server CPU during load (user+sys)", CpuCell(cpu_before, cpu_after, *load)});
  absl::StatusOr<DatabaseFiles> live = env.Files();
  if (live.ok()) {
    storage.AddRow({"catalog.db + wal while running",
                    absl::StrCat(FormatBytes(live->db_bytes), " + ", FormatBytes(live->wal_bytes))});
  }
  absl::StatusOr<DatabaseFiles> files = env.CheckpointedFiles();
  if (files.ok()) {
    storage.AddRow({"catalog.db + wal after checkpoint (restart)",
                    absl::StrCat(FormatBytes(files->db_bytes), " + ",
                                 FormatBytes(files->wal_bytes))});
    storage.AddRow({"bytes per partition (whole file / partitions)",
                    FormatDouble(static_cast<double>(files->total()) /
                                     static_cast<double>(std::max<int64_t>(1, load->loaded)),
                                 1)});
    memory.AddRow({absl::StrCat("idle after restart, ", FormatCount(load->loaded), " partitions on disk"), MemoryCell(env, false),
                   MemoryCell(env, true)});
    // One call touches the catalog, as a first client would.
    std::unique_ptr<Stub> fresh = MakeStub(env.address(), false);
    LatencySamples ignored;
    if (absl::Status s = TimeGetTable(fresh.get(), 100, &ignored); !s.ok()) return s;
    memory.AddRow({"after 100 GetTable calls", MemoryCell(env, false), MemoryCell(env, true)});
  } else {
    storage.AddRow({"checkpointed size", absl::StrCat("not measured: ", files.status().message())});
  }

  std::printf("%s\n", get_table.ToString().c_str());
  std::printf("%s\n", create_table.ToString().c_str());
  std::printf("%s\n", storage.ToString().c_str());
  std::printf("%s\n", memory.ToString().c_str());
  std::printf("load average at end: %s\n", LoadAverage().c_str());
  return absl::OkStatus();
}

}  // namespace almanac::bench
