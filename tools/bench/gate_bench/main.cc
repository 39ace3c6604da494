// gate_bench: what the gate costs a call, in process, with the allow-all
// authorizer and no audit sink (the defaults). Prints nanoseconds per call of
//   check      Gate::Check on a table ARN built per call (decision + audit)
//   begin      storage::Store::BeginRead + end, the transaction alone
//   gate-read  Gate::Read + end: the same transaction through the gate
//   get-table  TableService::GetTable, the whole service call (cached table)
// over a real SQLite file in a temporary directory. The gate's own cost is
// gate-read minus begin.
//
//   gate_bench [--calls N] [--rounds R]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "catalog/service/actions.h"
#include "catalog/service/catalog_service.h"
#include "storage/sqlite/sqlite_store.h"

namespace {

using almanac::model::RequestContext;
namespace actions = almanac::service::actions;

double NanosPerCall(int64_t calls, const std::function<void()>& body) {
  const auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < calls; ++i) body();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  return std::chrono::duration<double, std::nano>(elapsed).count() / static_cast<double>(calls);
}

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "gate_bench: %s failed\n", what);
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int64_t calls = 200000;
  int rounds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--calls") calls = std::atoll(argv[i + 1]);
    if (flag == "--rounds") rounds = std::atoi(argv[i + 1]);
  }
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("gate_bench." + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  almanac::storage::SqliteStoreOptions store_options;
  store_options.path = (dir / "catalog.db").string();
  auto store = almanac::storage::OpenSqliteStore(store_options);
  Check(store.ok(), "opening the store");
  almanac::service::CatalogService service(store->get(), {.warehouse_root = "file:/tmp/gb"});
  RequestContext ctx{.principal = "bench", .front_end = almanac::model::FrontEnd::kThrift};
  Check(service.databases().CreateDatabase(ctx, {.name = "sales"}).ok(), "create database");
  almanac::model::Table table;
  table.database = "sales";
  table.name = "orders";
  table.sd.columns = {{"id", "bigint", ""}};
  Check(service.tables().CreateTable(ctx, table).ok(), "create table");
  almanac::service::Gate& gate = service.gate();

  struct Row {
    const char* name;
    std::function<void()> body;
    std::vector<double> ns;
  };
  std::vector<Row> rows = {
      {"check",
       [&] {
         Check(gate.Check(ctx, actions::kGetTable, gate.arns().Table("sales", "orders")).ok(),
               "check");
       }},
      {"begin", [&] { Check((*store)->BeginRead().ok(), "begin"); }},
      {"gate-read",
       [&] {
         Check(gate.Read(ctx, actions::kGetTable, gate.arns().Table("sales", "orders")).ok(),
               "gate read");
       }},
      {"get-table", [&] { Check(service.tables().GetTable(ctx, "sales", "orders").ok(), "get"); }},
  };
  // Interleaved rounds, so that noise on a shared machine hits every row.
  for (int r = 0; r < rounds; ++r) {
    for (Row& row : rows) row.ns.push_back(NanosPerCall(calls, row.body));
  }
  std::printf("gate_bench: %lld calls x %d rounds, ns per call (min / median of rounds)\n",
              static_cast<long long>(calls), rounds);
  for (Row& row : rows) {
    std::sort(row.ns.begin(), row.ns.end());
    std::printf("  %-10s %10.1f %10.1f\n", row.name, row.ns.front(), row.ns[row.ns.size() / 2]);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
