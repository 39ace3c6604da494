// The crawler service over a real SQLite file: custom classifier CRUD with
// versions and the in-use guard, crawler definitions and their checks, the
// principal, runs started through a fake launcher and recorded back, the
// error cap, abandoned runs, the running guard and the gate's policy.
#include "catalog/service/crawler_service.h"

#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "catalog/service/policy_authorizer.h"
#include "catalog/service/service_test_util.h"

namespace almanac::service {
namespace {

model::ClassifierDefinition Csv(const std::string& name, const std::string& delimiter = ",") {
  model::ClassifierDefinition d;
  d.name = name;
  d.kind = "CSV";
  d.csv.delimiter = delimiter;
  return d;
}

model::ClassifierDefinition Grok(const std::string& name, const std::string& pattern) {
  model::ClassifierDefinition d;
  d.name = name;
  d.kind = "GROK";
  d.grok.classification = "logs";
  d.grok.grok_pattern = pattern;
  return d;
}

model::CrawlerDefinition Crawler(const std::string& name) {
  model::CrawlerDefinition d;
  d.name = name;
  d.database = "sales";
  d.targets = {model::CrawlerTarget{.url = "file:///data/sales", .exclusions = {"**.tmp"}}};
  return d;
}

class CrawlerServiceTest : public ServiceTest {
 protected:
  CrawlerService& crawlers() { return service_->crawlers(); }

  // A launcher that records what it was given and answers `launch_result_`.
  void InstallLauncher() {
    crawlers().SetLauncher([this](const model::CrawlerDefinition& d, const model::CrawlRun& run) {
      launched_.push_back(absl::StrCat(d.name, " ", run.id, " ", run.status));
      return launch_result_;
    });
  }

  absl::StatusCode CreateCode(model::CrawlerDefinition d) {
    return crawlers().CreateCrawler(ctx_, std::move(d)).status().code();
  }

  std::string CreateMessage(model::CrawlerDefinition d) {
    return std::string(crawlers().CreateCrawler(ctx_, std::move(d)).status().message());
  }

  model::CrawlRun Start(const std::string& name) {
    absl::StatusOr<model::CrawlRun> run = crawlers().StartCrawler(ctx_, name);
    EXPECT_TRUE(run.ok()) << run.status();
    return run.ok() ? *run : model::CrawlRun{};
  }

  std::vector<std::string> launched_;
  absl::Status launch_result_;
  model::RequestContext crawler_ctx_ = model::RequestContext::Internal("crawler");
};

TEST_F(CrawlerServiceTest, ClassifierCrudAndVersions) {
  absl::StatusOr<model::ClassifierDefinition> created = crawlers().CreateClassifier(ctx_, Csv("c"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->version, 1);
  EXPECT_GT(created->create_time, 0);
  EXPECT_EQ(crawlers().CreateClassifier(ctx_, Csv("c")).status().code(),
            absl::StatusCode::kAlreadyExists);

  absl::StatusOr<model::ClassifierDefinition> updated =
      crawlers().UpdateClassifier(ctx_, Csv("c", "|"));
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->create_time, created->create_time);
  absl::StatusOr<model::ClassifierDefinition> got = crawlers().GetClassifier(ctx_, "c");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->csv.delimiter, "|");
  EXPECT_EQ(got->version, 2);

  ASSERT_TRUE(crawlers().CreateClassifier(ctx_, Grok("a", "%{WORD:w}")).ok());
  absl::StatusOr<std::vector<model::ClassifierDefinition>> all = crawlers().ListClassifiers(ctx_);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "a");
  EXPECT_EQ((*all)[1].name, "c");

  EXPECT_TRUE(crawlers().DeleteClassifier(ctx_, "c").ok());
  EXPECT_EQ(crawlers().GetClassifier(ctx_, "c").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(crawlers().DeleteClassifier(ctx_, "c").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(crawlers().UpdateClassifier(ctx_, Csv("c")).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(CrawlerServiceTest, ClassifierKindNameAndCheck) {
  ASSERT_TRUE(crawlers().CreateClassifier(ctx_, Csv("c")).ok());
  absl::Status kind = crawlers().UpdateClassifier(ctx_, Grok("c", "%{WORD:w}")).status();
  EXPECT_EQ(kind.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(kind.message(),
            "classifier 'c' is of kind CSV, not GROK (delete "
            "it and create a new one)");

  model::ClassifierDefinition unknown = Csv("u");
  unknown.kind = "PARQUET";
  EXPECT_EQ(crawlers().CreateClassifier(ctx_, unknown).status().message(),
            "classifier 'u': unknown kind 'PARQUET' (kinds: CSV, GROK, JSON, XML)");
  EXPECT_EQ(crawlers().CreateClassifier(ctx_, Csv("bad name")).status().code(),
            absl::StatusCode::kInvalidArgument);

  // The server's check (a compiler in the real server) decides the rest.
  std::vector<std::string> checked;
  crawlers().SetClassifierCheck([&](const model::ClassifierDefinition& d) {
    checked.push_back(d.name);
    return d.grok.grok_pattern == "%{NOPE}"
               ? absl::InvalidArgumentError("unknown grok pattern 'NOPE'")
               : absl::OkStatus();
  });
  absl::Status refused = crawlers().CreateClassifier(ctx_, Grok("g", "%{NOPE}")).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(), "unknown grok pattern 'NOPE'");
  EXPECT_EQ(crawlers().GetClassifier(ctx_, "g").status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(crawlers().CreateClassifier(ctx_, Grok("g", "%{WORD:w}")).ok());
  EXPECT_EQ(checked, (std::vector<std::string>{"g", "g"}));
}

TEST_F(CrawlerServiceTest, ClassifierInUseIsNotDeleted) {
  ASSERT_TRUE(crawlers().CreateClassifier(ctx_, Csv("c")).ok());
  for (const char* name : {"nightly", "hourly"}) {
    model::CrawlerDefinition d = Crawler(name);
    d.classifiers = {"c"};
    ASSERT_TRUE(crawlers().CreateCrawler(ctx_, d).ok());
  }
  absl::Status s = crawlers().DeleteClassifier(ctx_, "c");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(s.message(), "classifier 'c' is used by crawlers: ")) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "hourly")) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "nightly")) << s;
  ASSERT_TRUE(crawlers().DeleteCrawler(ctx_, "nightly").ok());
  ASSERT_TRUE(crawlers().DeleteCrawler(ctx_, "hourly").ok());
  EXPECT_TRUE(crawlers().DeleteClassifier(ctx_, "c").ok());
}

TEST_F(CrawlerServiceTest, CrawlerDefinitionsAreChecked) {
  model::CrawlerDefinition d = Crawler("bad");
  d.targets[0].url = "http://example.com/x";
  EXPECT_EQ(CreateCode(d), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateMessage(d),
            "target 'http://example.com/x': expected file:///absolute/path or s3://bucket/prefix");
  d.targets[0].url = "file:relative/path";
  EXPECT_EQ(CreateCode(d), absl::StatusCode::kInvalidArgument);

  d = Crawler("bad");
  d.targets[0].url = "s3:///sales";  // no bucket
  EXPECT_EQ(CreateCode(d), absl::StatusCode::kInvalidArgument);
  d.targets[0].url = "s3a://bucket/sales";
  EXPECT_EQ(CreateMessage(d), "target 's3a://bucket/sales': write S3 targets as s3://bucket/prefix");
  d = Crawler("bad");
  d.recrawl_policy = "CRAWL_NEW_FOLDERS_ONLY";  // with the default UPDATE/DEPRECATE behaviors
  EXPECT_EQ(CreateMessage(d),
            "recrawl policy CRAWL_NEW_FOLDERS_ONLY needs update and delete behavior LOG (a crawl "
            "of new folders only cannot judge a table's schema or a folder's absence)");
  d.update_behavior = "LOG";  // the delete behavior still DEPRECATE_IN_DATABASE
  EXPECT_EQ(CreateCode(d), absl::StatusCode::kInvalidArgument);
  d.delete_behavior = "LOG";
  EXPECT_EQ(CreateCode(d), absl::StatusCode::kOk);
  ASSERT_TRUE(crawlers().DeleteCrawler(ctx_, "bad").ok());  // only the refused ones below
  d = Crawler("bad");
  d.delete_behavior = "FORGET";
  EXPECT_EQ(CreateCode(d), absl::StatusCode::kInvalidArgument);

  d = Crawler("bad");
  d.targets[0].exclusions = {"logs/[ab"};
  EXPECT_EQ(CreateCode(d), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateMessage(d),
            "target 'file:///data/sales': glob 'logs/[ab': "
            "an unclosed '[' at position 6");

  d = Crawler("bad");
  d.database = "Bad Name";
  EXPECT_EQ(CreateCode(d), absl::StatusCode::kInvalidArgument);
  d.database = "";
  EXPECT_EQ(CreateMessage(d), "crawler 'bad' needs a database");

  d = Crawler("bad");
  d.classifiers = {"nope"};
  EXPECT_EQ(CreateCode(d), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateMessage(d), "crawler 'bad': no custom classifier 'nope'");

  d = Crawler("bad");
  for (int64_t size : {-1, 250}) {
    d.targets[0].sample_size = size;
    EXPECT_EQ(CreateCode(d), absl::StatusCode::kInvalidArgument) << size;
  }
  d.targets[0].sample_size = 249;
  d.targets.clear();
  EXPECT_EQ(CreateMessage(d), "crawler 'bad' needs a target");

  d = Crawler("bad");
  d.partition_threshold = 1.5;
  EXPECT_EQ(CreateCode(d), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateCode(Crawler("bad/name")), absl::StatusCode::kInvalidArgument);

  // None of them was stored.
  absl::StatusOr<std::vector<CrawlerInfo>> all = crawlers().ListCrawlers(ctx_);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_TRUE(all->empty());

  d = Crawler("good");
  d.targets[0].sample_size = 249;
  EXPECT_EQ(CreateCode(d), absl::StatusCode::kOk);
  EXPECT_EQ(CreateCode(d), absl::StatusCode::kAlreadyExists);
}

TEST_F(CrawlerServiceTest, PrincipalDefaultsToTheCaller) {
  absl::StatusOr<CrawlerInfo> info = crawlers().CreateCrawler(ctx_, Crawler("nightly"));
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->definition.principal, "alice");
  EXPECT_EQ(info->state, "READY");
  EXPECT_FALSE(info->last_run.has_value());
  EXPECT_EQ(info->definition.version, 1);

  // An update without a principal keeps it; the version goes up.
  model::CrawlerDefinition d = Crawler("nightly");
  d.description = "every night";
  absl::StatusOr<CrawlerInfo> updated = crawlers().UpdateCrawler(ctx_, d);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->definition.principal, "alice");
  EXPECT_EQ(updated->definition.version, 2);
  EXPECT_EQ(updated->definition.description, "every night");
  EXPECT_EQ(crawlers().UpdateCrawler(ctx_, Crawler("missing")).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(CrawlerServiceTest, WithoutALauncherStartIsUnimplemented) {
  ASSERT_TRUE(crawlers().CreateCrawler(ctx_, Crawler("nightly")).ok());
  absl::Status s = crawlers().StartCrawler(ctx_, "nightly").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_EQ(s.message(), "this server runs no crawler");
  EXPECT_EQ(crawlers().StartCrawler(ctx_, "missing").status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<std::vector<model::CrawlRun>> runs = crawlers().ListCrawls(ctx_, "nightly", 0);
  ASSERT_TRUE(runs.ok()) << runs.status();
  EXPECT_TRUE(runs->empty());
}

TEST_F(CrawlerServiceTest, StartRecordAndEnd) {
  InstallLauncher();
  ASSERT_TRUE(crawlers().CreateCrawler(ctx_, Crawler("nightly")).ok());
  model::CrawlRun run = Start("nightly");
  EXPECT_EQ(run.status, "RUNNING");
  EXPECT_EQ(run.crawler, "nightly");
  EXPECT_EQ(run.id.size(), 36u);
  EXPECT_GT(run.start_time, 0);
  EXPECT_EQ(run.end_time, 0);
  EXPECT_EQ(launched_, (std::vector<std::string>{absl::StrCat("nightly ", run.id, " RUNNING")}));

  absl::StatusOr<CrawlerInfo> info = crawlers().GetCrawler(ctx_, "nightly");
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->state, "RUNNING");
  ASSERT_TRUE(info->last_run.has_value());
  EXPECT_EQ(info->last_run->id, run.id);

  absl::Status again = crawlers().StartCrawler(ctx_, "nightly").status();
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(again.message(),
            absl::StrCat("crawler 'nightly' is running already (run ", run.id, ")"));
  EXPECT_EQ(launched_.size(), 1u);

  // Progress, then the end.
  run.files_seen = 10;
  ASSERT_TRUE(crawlers().RecordCrawl(crawler_ctx_, run).ok());
  absl::StatusOr<model::CrawlRun> got = crawlers().GetCrawl(ctx_, "nightly", run.id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->files_seen, 10);
  EXPECT_EQ(got->end_time, 0);

  run.status = "SUCCEEDED";
  run.files_seen = 12;
  run.tables_created = 2;
  run.partitions_added = 5;
  ASSERT_TRUE(crawlers().RecordCrawl(crawler_ctx_, run).ok());
  got = crawlers().GetCrawl(ctx_, "nightly", run.id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->status, "SUCCEEDED");
  EXPECT_GE(got->end_time, got->start_time);
  EXPECT_GT(got->end_time, 0);
  EXPECT_EQ(got->tables_created, 2);
  EXPECT_EQ(got->partitions_added, 5);
  info = crawlers().GetCrawler(ctx_, "nightly");
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->state, "READY");

  // An ended run stays as it ended.
  run.status = "FAILED";
  EXPECT_EQ(crawlers().RecordCrawl(crawler_ctx_, run).status().code(),
            absl::StatusCode::kFailedPrecondition);

  // A second run: listed newest first; a run of another crawler is not found.
  model::CrawlRun second = Start("nightly");
  absl::StatusOr<std::vector<model::CrawlRun>> runs = crawlers().ListCrawls(ctx_, "nightly", 0);
  ASSERT_TRUE(runs.ok()) << runs.status();
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0].id, second.id);
  runs = crawlers().ListCrawls(ctx_, "nightly", 1);
  ASSERT_TRUE(runs.ok()) << runs.status();
  EXPECT_EQ(runs->size(), 1u);
  ASSERT_TRUE(crawlers().CreateCrawler(ctx_, Crawler("other")).ok());
  EXPECT_EQ(crawlers().GetCrawl(ctx_, "other", run.id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(crawlers().ListCrawls(ctx_, "missing", 0).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(CrawlerServiceTest, AFailingLauncherFailsTheRun) {
  InstallLauncher();
  launch_result_ = absl::ResourceExhaustedError("too many crawls at once");
  ASSERT_TRUE(crawlers().CreateCrawler(ctx_, Crawler("nightly")).ok());
  absl::Status s = crawlers().StartCrawler(ctx_, "nightly").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  absl::StatusOr<std::vector<model::CrawlRun>> runs = crawlers().ListCrawls(ctx_, "nightly", 0);
  ASSERT_TRUE(runs.ok()) << runs.status();
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ((*runs)[0].status, "FAILED");
  EXPECT_EQ((*runs)[0].message, "the crawl could not start: too many crawls at once");
  EXPECT_GT((*runs)[0].end_time, 0);
  absl::StatusOr<CrawlerInfo> info = crawlers().GetCrawler(ctx_, "nightly");
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->state, "READY");
}

TEST_F(CrawlerServiceTest, ErrorsAreCutAndCounted) {
  InstallLauncher();
  ASSERT_TRUE(crawlers().CreateCrawler(ctx_, Crawler("nightly")).ok());
  model::CrawlRun run = Start("nightly");
  for (size_t i = 0; i < kMaxRunErrors + 5; ++i) {
    run.errors.push_back({absl::StrCat("/data/sales/f", i, ".csv"), "unreadable"});
  }
  run.error_count = static_cast<int64_t>(kMaxRunErrors + 5);
  run.status = "FAILED";
  run.message = "too many bad files";
  ASSERT_TRUE(crawlers().RecordCrawl(crawler_ctx_, run).ok());
  absl::StatusOr<model::CrawlRun> got = crawlers().GetCrawl(ctx_, "nightly", run.id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->errors.size(), kMaxRunErrors);
  EXPECT_EQ(got->error_count, static_cast<int64_t>(kMaxRunErrors + 5));
  EXPECT_EQ(got->errors[0].path, "/data/sales/f0.csv");
  EXPECT_EQ(got->message, "too many bad files");
}

TEST_F(CrawlerServiceTest, AbandonedRunsFail) {
  InstallLauncher();
  ASSERT_TRUE(crawlers().CreateCrawler(ctx_, Crawler("a")).ok());
  ASSERT_TRUE(crawlers().CreateCrawler(ctx_, Crawler("b")).ok());
  model::CrawlRun a = Start("a");
  model::CrawlRun b = Start("b");
  b.status = "SUCCEEDED";
  ASSERT_TRUE(crawlers().RecordCrawl(crawler_ctx_, b).ok());
  // No run ownership: the periodic check cannot tell and leaves them.
  absl::StatusOr<int> failed =
      crawlers().FailRunsOfGoneServers(model::RequestContext::Internal("scheduler"));
  ASSERT_TRUE(failed.ok()) << failed.status();
  EXPECT_EQ(*failed, 0);
  failed = crawlers().FailAbandonedCrawls(model::RequestContext::Internal("startup"));
  ASSERT_TRUE(failed.ok()) << failed.status();
  EXPECT_EQ(*failed, 1);
  absl::StatusOr<model::CrawlRun> got = crawlers().GetCrawl(ctx_, "a", a.id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->status, "FAILED");
  EXPECT_EQ(got->message, "the server stopped during the run");
  EXPECT_GT(got->end_time, 0);
  got = crawlers().GetCrawl(ctx_, "b", b.id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->status, "SUCCEEDED");
  failed = crawlers().FailAbandonedCrawls(model::RequestContext::Internal("startup"));
  ASSERT_TRUE(failed.ok()) << failed.status();
  EXPECT_EQ(*failed, 0);
}

// With owners: a run of a live server (this one or a peer sharing the
// catalog) is left alone, at start-up and by the periodic check; a run whose
// owner is gone, or that has no owner, ends FAILED; and a start finds an
// abandoned run out of its way instead of refusing.
TEST_F(CrawlerServiceTest, OnlyRunsOfGoneServersAreAbandoned) {
  InstallLauncher();
  std::set<std::string> alive = {"peer"};
  crawlers().SetRunOwnership("self", [&](const std::string& owner) {
    return alive.contains(owner);
  });
  for (const char* name : {"mine", "peers", "gone", "old"}) {
    ASSERT_TRUE(crawlers().CreateCrawler(ctx_, Crawler(name)).ok());
  }
  model::CrawlRun mine = Start("mine");
  EXPECT_EQ(mine.owner, "self");
  crawlers().SetRunOwnership("peer", [&](const std::string& owner) {
    return alive.contains(owner);
  });
  model::CrawlRun peers = Start("peers");
  crawlers().SetRunOwnership("dead", [&](const std::string& owner) {
    return alive.contains(owner);
  });
  model::CrawlRun gone = Start("gone");
  crawlers().SetRunOwnership("", [&](const std::string& owner) { return alive.contains(owner); });
  model::CrawlRun old = Start("old");
  crawlers().SetRunOwnership("self", [&](const std::string& owner) {
    return alive.contains(owner);
  });

  // A stop asked through any server reaches the owner with its next report.
  absl::StatusOr<bool> stop = crawlers().RecordCrawl(crawler_ctx_, peers);
  ASSERT_TRUE(stop.ok()) << stop.status();
  EXPECT_FALSE(*stop);
  ASSERT_TRUE(crawlers().StopCrawler(ctx_, "peers").ok());
  stop = crawlers().RecordCrawl(crawler_ctx_, peers);
  ASSERT_TRUE(stop.ok()) << stop.status();
  EXPECT_TRUE(*stop);

  absl::StatusOr<int> failed =
      crawlers().FailRunsOfGoneServers(model::RequestContext::Internal("scheduler"));
  ASSERT_TRUE(failed.ok()) << failed.status();
  EXPECT_EQ(*failed, 2);
  for (const auto& [name, id, status] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"mine", mine.id, "RUNNING"},
           {"peers", peers.id, "RUNNING"},
           {"gone", gone.id, "FAILED"},
           {"old", old.id, "FAILED"}}) {
    SCOPED_TRACE(name);
    absl::StatusOr<model::CrawlRun> got = crawlers().GetCrawl(ctx_, name, id);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->status, status);
  }
  // Still running: a start is refused. Once the peer is gone, a start
  // fails its run and goes ahead.
  EXPECT_EQ(crawlers().StartCrawler(ctx_, "peers").status().code(),
            absl::StatusCode::kFailedPrecondition);
  alive.clear();
  absl::StatusOr<model::CrawlRun> again = crawlers().StartCrawler(ctx_, "peers");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_NE(again->id, peers.id);
  absl::StatusOr<model::CrawlRun> got = crawlers().GetCrawl(ctx_, "peers", peers.id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->status, "FAILED");
  EXPECT_EQ(got->message, "the server stopped during the run");
  // This server's own run is never abandoned.
  failed = crawlers().FailAbandonedCrawls(model::RequestContext::Internal("startup"));
  ASSERT_TRUE(failed.ok()) << failed.status();
  EXPECT_EQ(*failed, 0);
}

TEST_F(CrawlerServiceTest, LastSucceededCrawlIsTheNewestSuccess) {
  InstallLauncher();
  ASSERT_TRUE(crawlers().CreateCrawler(ctx_, Crawler("nightly")).ok());
  auto none = crawlers().LastSucceededCrawl(ctx_, "nightly");
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_FALSE(none->has_value());
  std::string newest_success;
  for (const char* status : {"SUCCEEDED", "SUCCEEDED", "FAILED", "CANCELLED"}) {
    model::CrawlRun run = Start("nightly");
    run.status = status;
    ASSERT_TRUE(crawlers().RecordCrawl(crawler_ctx_, run).ok());
    if (run.status == "SUCCEEDED") newest_success = run.id;
  }
  model::CrawlRun running = Start("nightly");  // RUNNING is not a success either
  auto last = crawlers().LastSucceededCrawl(ctx_, "nightly");
  ASSERT_TRUE(last.ok()) << last.status();
  ASSERT_TRUE(last->has_value());
  EXPECT_EQ((*last)->id, newest_success);
  EXPECT_EQ((*last)->status, "SUCCEEDED");
  EXPECT_EQ(crawlers().LastSucceededCrawl(ctx_, "nope").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(CrawlerServiceTest, UpdateAndDeleteWaitForTheRun) {
  InstallLauncher();
  ASSERT_TRUE(crawlers().CreateCrawler(ctx_, Crawler("nightly")).ok());
  model::CrawlRun run = Start("nightly");
  absl::Status update = crawlers().UpdateCrawler(ctx_, Crawler("nightly")).status();
  EXPECT_EQ(update.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(update.message(),
            absl::StrCat("crawler 'nightly' is running (run ", run.id, "); update it after"));
  EXPECT_EQ(crawlers().DeleteCrawler(ctx_, "nightly").code(),
            absl::StatusCode::kFailedPrecondition);
  run.status = "CANCELLED";
  ASSERT_TRUE(crawlers().RecordCrawl(crawler_ctx_, run).ok());
  EXPECT_TRUE(crawlers().UpdateCrawler(ctx_, Crawler("nightly")).ok());
  EXPECT_TRUE(crawlers().DeleteCrawler(ctx_, "nightly").ok());
  EXPECT_EQ(crawlers().GetCrawler(ctx_, "nightly").status().code(), absl::StatusCode::kNotFound);
  // Its runs went with it.
  EXPECT_EQ(crawlers().GetCrawl(ctx_, "nightly", run.id).status().code(),
            absl::StatusCode::kNotFound);
}

// With policies enforced and none granting anything, every crawler action is
// refused on crawler/NAME (listings and classifiers on the catalog), and a
// principal other than the caller needs almanac:PassCrawlerPrincipal.
class CrawlerPolicyTest : public CrawlerServiceTest {
 protected:
  CatalogOptions Options() override {
    CatalogOptions options = ServiceTest::Options();
    authorizer_ = std::make_shared<PolicyAuthorizer>(
        PolicyAuthorizerOptions{.enforce = true, .admins = {"user/root"}});
    options.policies = authorizer_;
    options.authorizer = authorizer_;
    return options;
  }

  static void ExpectDenied(const absl::Status& s, const std::string& action,
                           const std::string& resource) {
    EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied) << action;
    EXPECT_TRUE(absl::StrContains(
        s.message(), absl::StrCat("perform: ", action,
                                  " on resource: arn:aws:glue:us-east-1:123456789012:", resource)))
        << s;
  }

  std::shared_ptr<PolicyAuthorizer> authorizer_;
  // Callers on a wire (an internal context passes every check).
  model::RequestContext root_{.principal = "root", .front_end = model::FrontEnd::kGrpc};
  model::RequestContext bob_{.principal = "bob", .front_end = model::FrontEnd::kGrpc};
};

TEST_F(CrawlerPolicyTest, CrawlerActionsAreDeniedOnTheCrawler) {
  InstallLauncher();
  // Made by the server itself (the internal principal may do anything).
  const model::RequestContext internal = model::RequestContext::Internal("test");
  ASSERT_TRUE(crawlers().CreateClassifier(internal, Csv("c")).ok());
  ASSERT_TRUE(crawlers().CreateCrawler(internal, Crawler("nightly")).ok());

  ExpectDenied(crawlers().CreateCrawler(bob_, Crawler("mine")).status(), "glue:CreateCrawler",
               "crawler/mine");
  ExpectDenied(crawlers().GetCrawler(bob_, "nightly").status(), "glue:GetCrawler",
               "crawler/nightly");
  ExpectDenied(crawlers().UpdateCrawler(bob_, Crawler("nightly")).status(), "glue:UpdateCrawler",
               "crawler/nightly");
  ExpectDenied(crawlers().DeleteCrawler(bob_, "nightly"), "glue:DeleteCrawler", "crawler/nightly");
  ExpectDenied(crawlers().StartCrawler(bob_, "nightly").status(), "glue:StartCrawler",
               "crawler/nightly");
  ExpectDenied(crawlers().ListCrawls(bob_, "nightly", 0).status(), "glue:ListCrawls",
               "crawler/nightly");
  ExpectDenied(crawlers().GetCrawl(bob_, "nightly", "x").status(), "glue:ListCrawls",
               "crawler/nightly");
  ExpectDenied(crawlers().ListCrawlers(bob_).status(), "glue:ListCrawlers", "catalog");
  ExpectDenied(crawlers().CreateClassifier(bob_, Csv("d")).status(), "glue:CreateClassifier",
               "catalog");
  ExpectDenied(crawlers().GetClassifier(bob_, "c").status(), "glue:GetClassifier", "catalog");
  ExpectDenied(crawlers().ListClassifiers(bob_).status(), "glue:GetClassifiers", "catalog");
  ExpectDenied(crawlers().UpdateClassifier(bob_, Csv("c")).status(), "glue:UpdateClassifier",
               "catalog");
  ExpectDenied(crawlers().DeleteClassifier(bob_, "c"), "glue:DeleteClassifier", "catalog");
  EXPECT_TRUE(launched_.empty());

  // Allowed to create crawlers, bob still cannot make one act as root.
  ASSERT_TRUE(service_->policies()
                  .PutPolicy(root_, PutPolicyRequest{.target = "catalog", .document = R"({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"},
                   "Action": "glue:CreateCrawler", "Resource": "*"}]})"})
                  .ok());
  model::CrawlerDefinition as_root = Crawler("mine");
  as_root.principal = "root";
  ExpectDenied(crawlers().CreateCrawler(bob_, as_root).status(), "almanac:PassCrawlerPrincipal",
               "crawler/mine");
  absl::StatusOr<CrawlerInfo> own = crawlers().CreateCrawler(bob_, Crawler("mine"));
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_EQ(own->definition.principal, "bob");
}

TEST_F(CrawlerServiceTest, StopMarksStoppingAndMetricsCountEndedRuns) {
  InstallLauncher();
  std::vector<std::string> stopped;
  crawlers().SetStopper([&](const std::string& id) {
    stopped.push_back(id);
    return true;
  });
  ASSERT_TRUE(crawlers().CreateCrawler(ctx_, Crawler("nightly")).ok());
  EXPECT_EQ(crawlers().StopCrawler(ctx_, "nightly").status().message(),
            "crawler 'nightly' is not running");
  model::CrawlRun run = Start("nightly");
  absl::StatusOr<model::CrawlRun> stopping = crawlers().StopCrawler(ctx_, "nightly");
  ASSERT_TRUE(stopping.ok()) << stopping.status();
  EXPECT_TRUE(stopping->stop_requested);
  EXPECT_EQ(stopped, std::vector<std::string>{run.id});
  EXPECT_EQ(crawlers().GetCrawler(ctx_, "nightly")->state, "STOPPING");
  EXPECT_EQ(crawlers().StopCrawler(ctx_, "nightly").status().code(),
            absl::StatusCode::kFailedPrecondition);
  // The crawl's progress does not forget the stop; its end makes it READY.
  run.files_seen = 5;
  ASSERT_TRUE(crawlers().RecordCrawl(crawler_ctx_, run).ok());
  EXPECT_EQ(crawlers().GetCrawler(ctx_, "nightly")->state, "STOPPING");
  run.status = "CANCELLED";
  run.tables_created = 2;
  ASSERT_TRUE(crawlers().RecordCrawl(crawler_ctx_, run).ok());
  EXPECT_EQ(crawlers().GetCrawler(ctx_, "nightly")->state, "READY");

  model::CrawlRun second = Start("nightly");
  second.status = "SUCCEEDED";
  second.tables_updated = 1;
  second.tables_deleted = 3;
  ASSERT_TRUE(crawlers().RecordCrawl(crawler_ctx_, second).ok());
  absl::StatusOr<CrawlerMetrics> m = crawlers().GetCrawlerMetrics(ctx_, "nightly");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->runs, 2);
  EXPECT_EQ(m->tables_created, 2);
  EXPECT_EQ(m->tables_updated, 1);
  EXPECT_EQ(m->tables_deleted, 3);
  EXPECT_GE(m->median_runtime_seconds, 0);
  EXPECT_EQ(crawlers().GetCrawlerMetrics(ctx_, "nope").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace almanac::service

namespace almanac::service {
namespace {

class CrawlerScheduleTest : public CrawlerServiceTest {
 protected:
  // Creates `name` with `schedule`; returns its first fire time.
  int64_t CreateScheduled(const std::string& name, const std::string& schedule) {
    model::CrawlerDefinition d = Crawler(name);
    d.schedule = schedule;
    absl::StatusOr<CrawlerInfo> info = crawlers().CreateCrawler(ctx_, d);
    EXPECT_TRUE(info.ok()) << info.status();
    if (!info.ok() || !info->next_scheduled_run.has_value()) return 0;
    EXPECT_GT(*info->next_scheduled_run, info->definition.update_time);
    EXPECT_EQ(*info->next_scheduled_run % 60, 0);
    return *info->next_scheduled_run;
  }

  std::optional<model::CrawlRun> Tick(const std::string& name, int64_t now) {
    absl::StatusOr<std::optional<model::CrawlRun>> run =
        crawlers().RunScheduled(model::RequestContext::Internal("scheduler"), name, now);
    EXPECT_TRUE(run.ok()) << run.status();
    return run.ok() ? *run : std::nullopt;
  }

  void End(model::CrawlRun run) {
    run.status = "SUCCEEDED";
    ASSERT_TRUE(crawlers().RecordCrawl(crawler_ctx_, run).ok());
  }

  size_t Runs(const std::string& name) {
    auto runs = crawlers().ListCrawls(ctx_, name, 0);
    EXPECT_TRUE(runs.ok()) << runs.status();
    return runs.ok() ? runs->size() : 0;
  }
};

TEST_F(CrawlerScheduleTest, OneRunPerFireTimeAndAFireTimeDuringARunIsSkipped) {
  InstallLauncher();
  const int64_t first = CreateScheduled("minutely", "* * * * *");
  ASSERT_GT(first, 0);
  EXPECT_FALSE(Tick("minutely", first - 1).has_value());  // not yet
  std::optional<model::CrawlRun> run = Tick("minutely", first);
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(run->status, "RUNNING");
  EXPECT_EQ(launched_.size(), 1u);
  EXPECT_FALSE(Tick("minutely", first).has_value());       // handled
  EXPECT_FALSE(Tick("minutely", first + 30).has_value());  // next not come
  // The next fire time comes while the run is going: skipped, not queued.
  EXPECT_FALSE(Tick("minutely", first + 60).has_value());
  EXPECT_EQ(launched_.size(), 1u);
  End(*run);
  EXPECT_FALSE(Tick("minutely", first + 90).has_value());
  EXPECT_EQ(Runs("minutely"), 1u);
  run = Tick("minutely", first + 120);
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(Runs("minutely"), 2u);
  absl::StatusOr<CrawlerInfo> info = crawlers().GetCrawler(ctx_, "minutely");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->next_scheduled_run, first + 180);
}

TEST_F(CrawlerScheduleTest, FireTimesMissedWhileNoServerRanGiveOneRun) {
  InstallLauncher();
  const int64_t first = CreateScheduled("five", "*/5 * * * *");
  ASSERT_GT(first, 0);
  // Down for two hours: 24 fire times passed, one run.
  const int64_t back = first + 2 * 3600 + 17;
  std::optional<model::CrawlRun> run = Tick("five", back);
  ASSERT_TRUE(run.has_value());
  End(*run);
  EXPECT_FALSE(Tick("five", back + 1).has_value());
  EXPECT_EQ(Runs("five"), 1u);
  absl::StatusOr<CrawlerInfo> info = crawlers().GetCrawler(ctx_, "five");
  ASSERT_TRUE(info.ok());
  ASSERT_TRUE(info->next_scheduled_run.has_value());
  EXPECT_GT(*info->next_scheduled_run, back);
  EXPECT_LE(*info->next_scheduled_run, back + 300);
  EXPECT_EQ(*info->next_scheduled_run % 300, 0);
}

TEST_F(CrawlerScheduleTest, SchedulesAreCheckedAndRemovable) {
  InstallLauncher();
  model::CrawlerDefinition bad = Crawler("bad");
  bad.schedule = "cron(0 25 * * ? *)";
  EXPECT_EQ(CreateMessage(bad),
            "crawler 'bad': schedule 'cron(0 25 * * ? *)': hours: 25 is outside 0-23");
  bad.schedule = "0 0 30 2 *";
  EXPECT_EQ(CreateMessage(bad), "crawler 'bad': schedule '0 0 30 2 *' never fires (no day matches it)");
  bad.schedule = "";
  bad.partition_schema = "mine";
  EXPECT_EQ(CreateMessage(bad), "unknown partition schema 'mine' (INHERIT_FROM_TABLE, OWN)");

  const int64_t first = CreateScheduled("daily", "cron(15 12 * * ? *)");
  ASSERT_GT(first, 0);
  model::CrawlerDefinition unscheduled = Crawler("daily");
  absl::StatusOr<CrawlerInfo> info = crawlers().UpdateCrawler(ctx_, unscheduled);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_FALSE(info->next_scheduled_run.has_value());
  EXPECT_FALSE(Tick("daily", first + 86400 * 3).has_value());
  EXPECT_TRUE(launched_.empty());
  // The scheduler is told of changes to schedules.
  int pokes = 0;
  crawlers().SetScheduleObserver([&] { ++pokes; });
  unscheduled.schedule = "0 * * * *";
  ASSERT_TRUE(crawlers().UpdateCrawler(ctx_, unscheduled).ok());
  EXPECT_EQ(pokes, 1);
  ASSERT_TRUE(crawlers().DeleteCrawler(ctx_, "daily").ok());
  EXPECT_EQ(pokes, 2);
}

TEST_F(CrawlerScheduleTest, ALaunchThatFailsIsRecordedAndTheFireTimeHandled) {
  InstallLauncher();
  launch_result_ = absl::ResourceExhaustedError("2 crawls are running, the most this server runs at once");
  const int64_t first = CreateScheduled("busy", "* * * * *");
  absl::StatusOr<std::optional<model::CrawlRun>> run =
      crawlers().RunScheduled(model::RequestContext::Internal("scheduler"), "busy", first);
  EXPECT_EQ(run.status().code(), absl::StatusCode::kResourceExhausted);
  auto runs = crawlers().ListCrawls(ctx_, "busy", 0);
  ASSERT_TRUE(runs.ok());
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ((*runs)[0].status, "FAILED");
  EXPECT_NE((*runs)[0].message.find("could not start"), std::string::npos);
  launch_result_ = absl::OkStatus();
  EXPECT_FALSE(Tick("busy", first + 1).has_value());
  EXPECT_TRUE(Tick("busy", first + 60).has_value());
}

}  // namespace
}  // namespace almanac::service
