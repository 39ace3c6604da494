// The "crawl" suite (issue 14): a full crawl of a generated tree through a
// real `almanac serve`: a crawler over --tree (written by
// tools/bench/crawl_tree.py: CSV, JSON and Parquet tables partitioned by
// dt=...), started over gRPC and polled until it ends. Reported per run:
// wall time, files per second, tables and partitions written, and the
// server's resident memory before the crawl and its peak (VmHWM) after.
// The first run creates everything; the next (--runs) find every table
// unchanged and every partition present, the cost of a recrawl.
#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tools/bench/bench_client.h"
#include "tools/bench/bench_util.h"
#include "tools/bench/suite_env.h"
#include "tools/bench/suites.h"

namespace almanac::bench {
namespace {

namespace v1 = almanac::v1;

absl::StatusOr<v1::CrawlRun> CrawlToTheEnd(Stub* stub, const std::string& crawler) {
  v1::CrawlRun run;
  {
    grpc::ClientContext ctx;
    v1::StartCrawlerRequest request;
    request.set_name(crawler);
    v1::StartCrawlerResponse response;
    absl::Status s = FromGrpc(stub->StartCrawler(&ctx, request, &response), "StartCrawler");
    if (!s.ok()) return s;
    run = response.run();
  }
  while (run.status() == "RUNNING") {
    absl::SleepFor(absl::Milliseconds(100));
    grpc::ClientContext ctx;
    v1::GetCrawlRequest request;
    request.set_crawler(crawler);
    request.set_id(run.id());
    v1::GetCrawlResponse response;
    absl::Status s = FromGrpc(stub->GetCrawl(&ctx, request, &response), "GetCrawl");
    if (!s.ok()) return s;
    run = response.run();
  }
  return run;
}

}  // namespace

absl::Status RunCrawl(const EnvOptions& env_options, const CrawlOptions& options) {
  const bool s3 = options.tree.rfind("s3://", 0) == 0;
  if (options.tree.empty() || (options.tree[0] != '/' && !s3)) {
    return absl::InvalidArgumentError(
        "--tree must name the absolute path of a tree written by tools/bench/crawl_tree.py, "
        "or an s3://bucket/prefix holding a copy of one (the server's AWS_* environment "
        "says where)");
  }
  absl::StatusOr<std::unique_ptr<SuiteEnv>> opened = SuiteEnv::Open(env_options);
  if (!opened.ok()) return opened.status();
  SuiteEnv& env = **opened;
  std::unique_ptr<Stub> stub = MakeStub(env.address(), /*own_connection=*/false);
  {
    grpc::ClientContext ctx;
    v1::CreateCrawlerRequest request;
    v1::Crawler* crawler = request.mutable_crawler();
    crawler->set_name("bench");
    crawler->set_database("crawl_bench");
    crawler->add_targets()->set_url(s3 ? options.tree : "file://" + options.tree);
    crawler->set_recrawl_policy(options.recrawl_policy);
    if (options.recrawl_policy == "CRAWL_NEW_FOLDERS_ONLY") {
      crawler->set_update_behavior("LOG");
      crawler->set_delete_behavior("LOG");
    }
    v1::CreateCrawlerResponse response;
    absl::Status s = FromGrpc(stub->CreateCrawler(&ctx, request, &response), "CreateCrawler");
    if (!s.ok()) return s;
  }
  Table table({"run", "wall", "files", "files/s", "tables new/upd/same", "partitions added",
               "errors", "RSS before", "peak RSS"});
  for (int i = 1; i <= options.runs; ++i) {
    absl::StatusOr<MemoryUsage> before = env.Memory();
    Stopwatch sw;
    absl::StatusOr<v1::CrawlRun> run = CrawlToTheEnd(stub.get(), "bench");
    if (!run.ok()) return run.status();
    const absl::Duration wall = sw.Elapsed();
    if (run->status() != "SUCCEEDED") {
      return absl::InternalError(absl::StrCat("run ", i, " ended ", run->status(), ": ",
                                              run->message()));
    }
    absl::StatusOr<MemoryUsage> after = env.Memory();
    table.AddRow({absl::StrCat(i), FormatLatency(wall), absl::StrCat(run->files_seen()),
                  FormatDouble(run->files_seen() / absl::ToDoubleSeconds(wall), 0),
                  absl::StrCat(run->tables_created(), "/", run->tables_updated(), "/",
                               run->tables_unchanged()),
                  absl::StrCat(run->partitions_added()), absl::StrCat(run->error_count()),
                  before.ok() ? FormatBytes(before->rss_bytes) : "n/a",
                  after.ok() ? FormatBytes(after->peak_bytes) : "n/a"});
  }
  std::printf("crawl: %s, one crawler (%s), through almanac serve (gRPC start, polled)\n%s\n",
              options.tree.c_str(), options.recrawl_policy.c_str(), table.ToString().c_str());
  return absl::OkStatus();
}

}  // namespace almanac::bench
