// The "versions" suite (issue 11): UpdateTable with and without archiving,
// interleaved in one run; listing a page of 100 versions out of a long
// history; diff of two 1,000-column versions; database bytes per
// Iceberg-style commit (a compare-and-set UpdateTable moving
// metadata_location), with and without archiving.
//
// Against a server without table history (an older binary) the history
// calls are skipped and only the UpdateTable rows are printed, which makes
// the suite its own before/after comparison.
#include <cstdio>
#include <string>
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

constexpr char kDb[] = "vbench";

std::string MetadataLocation(const std::string& table, int64_t i) {
  return absl::StrFormat("s3://bench-lake/%s/%s/metadata/%05d-8c7c2d1e-5b1f-4b7e-9d7e-%012d"
                         ".metadata.json",
                         kDb, table, i, i);
}

v1::Table IcebergTable(const std::string& name) {
  v1::Table t = MakeTable(kDb, name, {});
  (*t.mutable_parameters())["table_type"] = "ICEBERG";
  (*t.mutable_parameters())["EXTERNAL"] = "TRUE";
  (*t.mutable_parameters())["metadata_location"] = MetadataLocation(name, 0);
  return t;
}

// One Iceberg commit: compare-and-set on metadata_location.
absl::Status Commit(Stub* stub, v1::Table* table, int64_t i, bool skip_archive) {
  const std::string previous = table->parameters().at("metadata_location");
  (*table->mutable_parameters())["previous_metadata_location"] = previous;
  (*table->mutable_parameters())["metadata_location"] = MetadataLocation(table->name(), i);
  v1::UpdateTableRequest request;
  *request.mutable_table() = *table;
  request.mutable_expected()->set_key("metadata_location");
  request.mutable_expected()->set_value(previous);
  request.set_skip_archive(skip_archive);
  grpc::ClientContext ctx;
  v1::UpdateTableResponse response;
  return FromGrpc(stub->UpdateTable(&ctx, request, &response), "update table");
}

bool Unimplemented(const absl::Status& s) { return absl::IsUnimplemented(s); }

struct Timed {
  LatencySamples samples;
  absl::Duration total;
};

void AddLatencyRow(Table* table, const std::string& what, const Timed& t) {
  const double mean_us =
      absl::ToDoubleMicroseconds(t.total) / static_cast<double>(std::max<size_t>(1, t.samples.count()));
  table->AddRow({what, FormatCount(t.samples.count()), FormatDouble(mean_us / 1000.0, 3) + " ms",
                 FormatLatency(t.samples.Percentile(50)), FormatLatency(t.samples.Percentile(90)),
                 FormatLatency(t.samples.Percentile(99))});
}

}  // namespace

absl::Status RunVersions(const EnvOptions& env_options, const VersionsOptions& options) {
  absl::StatusOr<std::unique_ptr<SuiteEnv>> opened = SuiteEnv::Open(env_options);
  if (!opened.ok()) return opened.status();
  SuiteEnv& env = **opened;
  std::unique_ptr<Stub> stub = MakeStub(env.address(), /*own_connection=*/false);
  if (absl::Status s = CreateDatabase(stub.get(), kDb); !s.ok()) return s;

  // Does the server keep history at all?
  bool has_history = true;
  {
    grpc::ClientContext ctx;
    v1::ListDroppedTablesRequest request;
    request.set_database(kDb);
    v1::ListDroppedTablesResponse response;
    absl::Status s = FromGrpc(stub->ListDroppedTables(&ctx, request, &response), "probe");
    if (Unimplemented(s)) {
      has_history = false;
      std::printf("server has no table history: UpdateTable rows only\n\n");
    } else if (!s.ok()) {
      return s;
    }
  }

  // 1. UpdateTable (an Iceberg commit) with and without archiving, in
  // alternating blocks so that drift on a shared machine hits both alike.
  {
    v1::Table table = IcebergTable("upd");
    if (absl::Status s = CreateTable(stub.get(), table); !s.ok()) return s;
    Timed archive, skip;
    int64_t i = 0;
    for (int64_t warm = 0; warm < 200; ++warm) {
      if (absl::Status s = Commit(stub.get(), &table, ++i, warm % 2 == 0); !s.ok()) return s;
    }
    for (int round = 0; round < options.update_rounds; ++round) {
      for (bool skip_archive : {round % 2 == 0, round % 2 != 0}) {
        Timed& into = skip_archive ? skip : archive;
        for (int64_t n = 0; n < options.updates_per_round; ++n) {
          Stopwatch w;
          if (absl::Status s = Commit(stub.get(), &table, ++i, skip_archive); !s.ok()) return s;
          const absl::Duration d = w.Elapsed();
          into.samples.Add(d);
          into.total += d;
        }
      }
    }
    Table t({"UpdateTable (Iceberg commit)", "calls", "mean", "p50", "p90", "p99"});
    AddLatencyRow(&t, has_history ? "archiving (default)" : "server without history", archive);
    AddLatencyRow(&t, has_history ? "skip_archive" : "server without history (2)", skip);
    std::printf("%s", t.ToString().c_str());
    std::printf("archiving / skip_archive, mean: %.3f   p50: %.3f\n\n",
                absl::FDivDuration(archive.total, skip.total),
                absl::FDivDuration(archive.samples.Percentile(50), skip.samples.Percentile(50)));
    std::fflush(stdout);
  }
  if (!has_history) return absl::OkStatus();

  // 2. Database bytes per Iceberg commit, archiving and not (the difference
  // is what versions cost; the rest is the notification log and the table).
  {
    Table t({"Iceberg commits", "commits", "db+wal growth", "bytes/commit"});
    for (bool skip_archive : {false, true}) {
      const std::string name = skip_archive ? "ice_skip" : "ice";
      v1::Table table = IcebergTable(name);
      if (absl::Status s = CreateTable(stub.get(), table); !s.ok()) return s;
      absl::StatusOr<DatabaseFiles> before = env.CheckpointedFiles();
      if (!before.ok()) return before.status();
      stub = MakeStub(env.address(), false);
      for (int64_t i = 1; i <= options.iceberg_commits; ++i) {
        if (absl::Status s = Commit(stub.get(), &table, i, skip_archive); !s.ok()) return s;
      }
      absl::StatusOr<DatabaseFiles> after = env.CheckpointedFiles();
      if (!after.ok()) return after.status();
      stub = MakeStub(env.address(), false);
      const int64_t growth = after->total() - before->total();
      t.AddRow({skip_archive ? "skip_archive" : "archiving (default)",
                FormatCount(options.iceberg_commits), FormatBytes(growth),
                FormatDouble(static_cast<double>(growth) / options.iceberg_commits, 0)});
    }
    std::printf("%s\n", t.ToString().c_str());
    std::fflush(stdout);
  }

  // 3. A page of 100 versions out of a long history: the newest page and
  // one from the middle (resumed by token).
  {
    v1::Table table = IcebergTable("long");
    if (absl::Status s = CreateTable(stub.get(), table); !s.ok()) return s;
    std::printf("building a history of %s versions\n", FormatCount(options.history).c_str());
    Stopwatch build;
    for (int64_t i = 1; i < options.history; ++i) {
      if (absl::Status s = Commit(stub.get(), &table, i, false); !s.ok()) return s;
      if (i % 20000 == 0) {
        std::printf("  %8s versions  %6.1f s\n", FormatCount(i + 1).c_str(),
                    absl::ToDoubleSeconds(build.Elapsed()));
        std::fflush(stdout);
      }
    }
    std::string middle_token;
    {
      v1::ListTableVersionsRequest request;
      request.set_database(kDb);
      request.set_table("long");
      request.set_page_size(100);
      for (int64_t page = 0; page < options.history / 200; ++page) {
        grpc::ClientContext ctx;
        v1::ListTableVersionsResponse response;
        if (absl::Status s = FromGrpc(stub->ListTableVersions(&ctx, request, &response), "list");
            !s.ok()) {
          return s;
        }
        request.set_page_token(response.next_page_token());
      }
      middle_token = request.page_token();
    }
    Table t({"ListTableVersions (100 of " + FormatCount(options.history) + ")", "calls", "mean",
             "p50", "p90", "p99"});
    for (const std::string& token : {std::string(), middle_token}) {
      Timed timed;
      v1::ListTableVersionsRequest request;
      request.set_database(kDb);
      request.set_table("long");
      request.set_page_size(100);
      request.set_page_token(token);
      for (int64_t n = 0; n < options.reads; ++n) {
        grpc::ClientContext ctx;
        v1::ListTableVersionsResponse response;
        Stopwatch w;
        if (absl::Status s = FromGrpc(stub->ListTableVersions(&ctx, request, &response), "list");
            !s.ok()) {
          return s;
        }
        const absl::Duration d = w.Elapsed();
        if (response.versions_size() != 100) return absl::InternalError("short page");
        timed.samples.Add(d);
        timed.total += d;
      }
      AddLatencyRow(&t, token.empty() ? "newest page" : "a middle page (token)", timed);
    }
    std::printf("%s\n", t.ToString().c_str());
    std::fflush(stdout);
  }

  // 4. Diff of two 1,000-column versions (100 retyped, 10 renamed, 10 added,
  // 10 removed), and of a version with the current table.
  {
    v1::Table table = MakeTable(kDb, "wide", {});
    table.mutable_sd()->clear_columns();
    for (int c = 0; c < options.diff_columns; ++c) {
      auto* col = table.mutable_sd()->add_columns();
      col->set_name(absl::StrCat("c", c));
      col->set_type(c % 3 == 0 ? "int" : c % 3 == 1 ? "string" : "decimal(10,2)");
      col->set_comment(absl::StrCat("column number ", c));
    }
    if (absl::Status s = CreateTable(stub.get(), table); !s.ok()) return s;
    for (int c = 0; c < options.diff_columns; ++c) {
      auto* col = table.mutable_sd()->mutable_columns(c);
      if (c % 10 == 0 && col->type() == "int") col->set_type("bigint");
      if (c % 10 == 3) col->set_type("double");
      if (c % 100 == 5) col->set_name(absl::StrCat("renamed_", c));
    }
    for (int c = 0; c < 10; ++c) {
      table.mutable_sd()->mutable_columns()->RemoveLast();
      auto* col = table.mutable_sd()->add_columns();
      col->set_name(absl::StrCat("added_", c));
      col->set_type("string");
    }
    {
      grpc::ClientContext ctx;
      v1::UpdateTableRequest request;
      *request.mutable_table() = table;
      v1::UpdateTableResponse response;
      if (absl::Status s = FromGrpc(stub->UpdateTable(&ctx, request, &response), "update");
          !s.ok()) {
        return s;
      }
    }
    Table t({"DiffTableVersions (" + FormatCount(options.diff_columns) + " columns)", "calls",
             "mean", "p50", "p90", "p99"});
    int changes = 0;
    for (const std::string& to : {std::string("2"), std::string()}) {
      Timed timed;
      v1::DiffTableVersionsRequest request;
      request.set_database(kDb);
      request.set_table("wide");
      request.set_from_version_id("1");
      request.set_to_version_id(to);
      for (int64_t n = 0; n < options.reads; ++n) {
        grpc::ClientContext ctx;
        v1::DiffTableVersionsResponse response;
        Stopwatch w;
        if (absl::Status s = FromGrpc(stub->DiffTableVersions(&ctx, request, &response), "diff");
            !s.ok()) {
          return s;
        }
        const absl::Duration d = w.Elapsed();
        changes = response.changes_size();
        timed.samples.Add(d);
        timed.total += d;
      }
      AddLatencyRow(&t, to.empty() ? "version 1 -> current table" : "version 1 -> version 2",
                    timed);
    }
    std::printf("%s(%d changes each)\n\n", t.ToString().c_str(), changes);
  }
  return absl::OkStatus();
}

}  // namespace almanac::bench
