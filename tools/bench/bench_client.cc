#include "tools/bench/bench_client.h"

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "tools/bench/bench_util.h"

namespace almanac::bench {

namespace v1 = almanac::v1;

std::unique_ptr<Stub> MakeStub(const std::string& address, bool own_connection) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  if (own_connection) args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return v1::CatalogService::NewStub(
      grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args));
}

absl::Status FromGrpc(const grpc::Status& status, const std::string& what) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(what, ": ", status.error_message()));
}

absl::Status CreateDatabase(Stub* stub, const std::string& name) {
  grpc::ClientContext ctx;
  v1::CreateDatabaseRequest request;
  request.mutable_database()->set_name(name);
  v1::CreateDatabaseResponse response;
  return FromGrpc(stub->CreateDatabase(&ctx, request, &response),
                  absl::StrCat("create database '", name, "'"));
}

v1::Table MakeTable(const std::string& db, const std::string& name,
                    const std::vector<KeySpec>& keys) {
  v1::Table t;
  t.set_database(db);
  t.set_name(name);
  t.set_table_type(v1::TABLE_TYPE_EXTERNAL);
  v1::StorageDescriptor* sd = t.mutable_sd();
  sd->set_location(absl::StrCat("s3://bench-lake/", db, "/", name));
  sd->set_input_format("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
  sd->set_output_format("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
  sd->mutable_serde()->set_serialization_library(
      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
  sd->set_num_buckets(-1);
  auto* c1 = sd->add_columns();
  c1->set_name("id");
  c1->set_type("bigint");
  auto* c2 = sd->add_columns();
  c2->set_name("payload");
  c2->set_type("string");
  for (const KeySpec& k : keys) {
    auto* key = t.add_partition_keys();
    key->set_name(k.name);
    key->set_type(k.type);
  }
  return t;
}

absl::Status CreateTable(Stub* stub, const v1::Table& table) {
  grpc::ClientContext ctx;
  v1::CreateTableRequest request;
  *request.mutable_table() = table;
  v1::CreateTableResponse response;
  return FromGrpc(stub->CreateTable(&ctx, request, &response),
                  absl::StrCat("create table '", table.database(), ".", table.name(), "'"));
}

double LoadResult::per_second() const {
  const double s = absl::ToDoubleSeconds(elapsed);
  return s > 0 ? static_cast<double>(loaded) / s : 0;
}

absl::StatusOr<LoadResult> LoadPartitions(
    Stub* stub, const std::string& db, const std::string& table, int64_t first, int64_t count,
    int batch_size, const PartitionGenerator& generate, int64_t report_every,
    const std::function<void(const LoadProgress&)>& progress) {
  Stopwatch total;
  Stopwatch interval;
  int64_t since_report = 0;
  LoadResult result;
  const int64_t end = first + count;
  for (int64_t begin = first; begin < end; begin += batch_size) {
    v1::BatchCreatePartitionsRequest request;
    request.set_database(db);
    request.set_table(table);
    const int64_t stop = std::min(end, begin + batch_size);
    for (int64_t i = begin; i < stop; ++i) {
      v1::Partition* p = request.add_partitions();
      for (std::string& v : generate(i)) p->add_values(std::move(v));
    }
    grpc::ClientContext ctx;
    v1::BatchCreatePartitionsResponse response;
    grpc::Status status = stub->BatchCreatePartitions(&ctx, request, &response);
    if (!status.ok()) {
      return FromGrpc(status, absl::StrCat("batch create partitions at ", begin));
    }
    result.loaded += stop - begin;
    since_report += stop - begin;
    if (progress && (since_report >= report_every || result.loaded == count)) {
      progress(LoadProgress{.loaded = result.loaded,
                            .elapsed = total.Elapsed(),
                            .last_interval = interval.Elapsed(),
                            .last_interval_rows = since_report});
      since_report = 0;
      interval.Reset();
    }
  }
  result.elapsed = total.Elapsed();
  return result;
}

absl::StatusOr<ListingRun> WalkListing(Stub* stub, const std::string& db,
                                       const std::string& table, const ListingOptions& options) {
  v1::ListPartitionsRequest request;
  request.set_database(db);
  request.set_table(table);
  request.set_filter(options.filter);
  request.set_dialect(v1::FILTER_DIALECT_GLUE);
  request.set_page_size(options.page_size);
  request.set_explain(options.explain);
  ListingRun run;
  if (request.explain()) {
    run.rows_examined = 0;
    run.rows_returned = 0;
  }
  Stopwatch watch;
  // Both response forms carry the same explain; rows are summed over pages,
  // the plan is the first page's.
  auto add_explain = [&run](const v1::Explain& explain) {
    run.rows_examined += explain.rows_examined();
    run.rows_returned += explain.rows_returned();
    if (run.pages == 0) {
      run.index_used = explain.index_used();
      run.plan = explain.plan();
    }
  };
  while (true) {
    grpc::ClientContext ctx;
    std::string next;
    if (options.names_only) {
      v1::ListPartitionNamesResponse response;
      grpc::Status status = stub->ListPartitionNames(&ctx, request, &response);
      if (!status.ok()) return FromGrpc(status, "list partition names");
      run.rows += response.names_size();
      run.bytes += static_cast<int64_t>(response.ByteSizeLong());
      next = response.next_page_token();
      if (request.explain() && response.has_explain()) add_explain(response.explain());
    } else {
      v1::ListPartitionsResponse response;
      grpc::Status status = stub->ListPartitions(&ctx, request, &response);
      if (!status.ok()) return FromGrpc(status, "list partitions");
      run.rows += response.partitions_size();
      run.bytes += static_cast<int64_t>(response.ByteSizeLong());
      next = response.next_page_token();
      if (request.explain() && response.has_explain()) add_explain(response.explain());
    }
    ++run.pages;
    if (next.empty()) break;
    if ((options.max_pages > 0 && run.pages >= options.max_pages) ||
        watch.Elapsed() >= options.max_time) {
      run.complete = false;
      break;
    }
    request.set_page_token(next);
  }
  run.elapsed = watch.Elapsed();
  return run;
}

}  // namespace almanac::bench
