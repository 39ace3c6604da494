// The crawl scheduler over a real SQLite file with a clock of its own: what
// is due starts, what is not waits, and two servers sharing the database
// (two stores and services over one file, as two processes would be) start
// one run for a fire time, never two.
#include "catalog/crawler/scheduler.h"

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "catalog/service/service_test_util.h"
#include "gtest/gtest.h"

namespace almanac::crawler {
namespace {

class CrawlSchedulerTest : public service::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    auto store = service::testing::OpenTestStore((dir_ / "catalog.db").string());
    ASSERT_TRUE(store.ok()) << store.status();
    second_store_ = *std::move(store);
    second_ = std::make_unique<service::CatalogService>(second_store_.get(), Options());
    for (service::CatalogService* s : {service_.get(), second_.get()}) {
      s->crawlers().SetLauncher([this, s](const model::CrawlerDefinition& d,
                                          const model::CrawlRun& run) {
        absl::MutexLock lock(&mu_);
        launched_.push_back(d.name + (s == service_.get() ? " on first" : " on second"));
        (void)run;
        return absl::OkStatus();
      });
    }
  }

  void TearDown() override {
    second_.reset();
    second_store_.reset();
    ServiceTest::TearDown();
  }

  int64_t Create(const std::string& name, const std::string& schedule) {
    model::CrawlerDefinition d;
    d.name = name;
    d.database = "lake";
    d.targets = {model::CrawlerTarget{.url = "file:///data/" + name}};
    d.schedule = schedule;
    auto info = service_->crawlers().CreateCrawler(ctx_, d);
    EXPECT_TRUE(info.ok()) << info.status();
    return info.ok() ? info->next_scheduled_run.value_or(0) : 0;
  }

  std::vector<std::string> Launched() {
    absl::MutexLock lock(&mu_);
    return launched_;
  }

  std::unique_ptr<storage::Store> second_store_;
  std::unique_ptr<service::CatalogService> second_;
  absl::Mutex mu_;
  std::vector<std::string> launched_;
};

TEST_F(CrawlSchedulerTest, StartsWhatIsDueAndSaysWhenToLookAgain) {
  // Once an hour, half an hour away from now: never in the same minute as
  // the minutely one.
  const int64_t minute_now = (absl::ToUnixSeconds(absl::Now()) / 60) % 60;
  const int64_t hourly = Create("hourly", absl::StrCat((minute_now + 30) % 60, " * * * *"));
  const int64_t minutely = Create("minutely", "cron(* * * * ? *)");
  Create("manual", "");
  ASSERT_GT(hourly, 0);
  ASSERT_GT(minutely, 0);
  CrawlScheduler scheduler(service_.get(), {});
  EXPECT_EQ(scheduler.CheckOnce(minutely - 1), minutely);
  EXPECT_TRUE(Launched().empty());
  const int64_t next = scheduler.CheckOnce(minutely);
  EXPECT_EQ(Launched(), std::vector<std::string>{"minutely on first"});
  EXPECT_EQ(next, std::min(hourly, minutely + 60));
}

TEST_F(CrawlSchedulerTest, TwoServersSharingTheDatabaseStartOneRun) {
  const int64_t due = Create("shared", "* * * * *");
  ASSERT_GT(due, 0);
  CrawlScheduler first(service_.get(), {});
  CrawlScheduler second(second_.get(), {});
  // Both look at the same moment, from two threads.
  std::thread a([&] { first.CheckOnce(due + 1); });
  std::thread b([&] { second.CheckOnce(due + 1); });
  a.join();
  b.join();
  EXPECT_EQ(Launched().size(), 1u);
  auto runs = service_->crawlers().ListCrawls(ctx_, "shared", 0);
  ASSERT_TRUE(runs.ok()) << runs.status();
  EXPECT_EQ(runs->size(), 1u);
  // And one after the other: the second finds the fire time handled.
  second.CheckOnce(due + 2);
  first.CheckOnce(due + 3);
  EXPECT_EQ(Launched().size(), 1u);
}

TEST_F(CrawlSchedulerTest, TheThreadStartsAMissedRunAtStartAndStops) {
  const int64_t due = Create("missed", "* * * * *");
  ASSERT_GT(due, 0);
  // The clock says an hour later: the first look starts one run.
  CrawlSchedulerOptions options;
  options.now = [due] { return due + 3600; };
  options.recheck_interval = absl::Milliseconds(20);
  CrawlScheduler scheduler(service_.get(), options);
  scheduler.Start();
  for (int i = 0; i < 200 && Launched().empty(); ++i) absl::SleepFor(absl::Milliseconds(10));
  absl::SleepFor(absl::Milliseconds(100));  // several more looks at the same time
  scheduler.Stop();
  EXPECT_EQ(Launched(), std::vector<std::string>{"missed on first"});
}

}  // namespace
}  // namespace almanac::crawler
