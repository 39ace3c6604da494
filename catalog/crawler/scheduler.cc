#include "catalog/crawler/scheduler.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace almanac::crawler {

CrawlScheduler::CrawlScheduler(service::CatalogService* catalog, CrawlSchedulerOptions options)
    : catalog_(catalog), options_(std::move(options)) {
  if (!options_.now) options_.now = [] { return absl::ToUnixSeconds(absl::Now()); };
}

CrawlScheduler::~CrawlScheduler() { Stop(); }

void CrawlScheduler::Start() {
  absl::MutexLock lock(&mu_);
  if (thread_.joinable() || stop_) return;
  thread_ = std::thread([this] { Loop(); });
}

void CrawlScheduler::Poke() {
  absl::MutexLock lock(&mu_);
  poked_ = true;
}

void CrawlScheduler::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

int64_t CrawlScheduler::CheckOnce(int64_t now) {
  const model::RequestContext ctx = model::RequestContext::Internal("scheduler");
  int64_t earliest = std::numeric_limits<int64_t>::max();
  // A peer sharing the catalog that died mid-run left its run RUNNING; end
  // it, so that its crawler is READY (and runs on schedule) again.
  absl::StatusOr<int> abandoned = catalog_->crawlers().FailRunsOfGoneServers(ctx);
  if (options_.log) {
    if (!abandoned.ok()) {
      options_.log(absl::StrCat("cannot check for abandoned crawls: ",
                                abandoned.status().message()));
    } else if (*abandoned > 0) {
      options_.log(absl::StrCat(*abandoned, " crawl run(s) of a server that stopped ended FAILED"));
    }
  }
  auto crawlers = catalog_->crawlers().ListCrawlers(ctx);
  if (!crawlers.ok()) {
    if (options_.log) options_.log(absl::StrCat("cannot read the crawlers' schedules: ",
                                                crawlers.status().message()));
    return earliest;
  }
  for (const service::CrawlerInfo& info : *crawlers) {
    if (!info.next_scheduled_run.has_value()) continue;
    const std::string& name = info.definition.name;
    if (*info.next_scheduled_run > now) {
      earliest = std::min(earliest, *info.next_scheduled_run);
      continue;
    }
    auto started = catalog_->crawlers().RunScheduled(ctx, name, now);
    if (!started.ok()) {
      if (options_.log) {
        options_.log(absl::StrCat("scheduled run of crawler '", name,
                                  "' did not start: ", started.status().message()));
      }
    } else if (started->has_value()) {
      if (options_.log) {
        options_.log(absl::StrCat("crawler '", name, "' started by its schedule '",
                                  info.definition.schedule, "' (run ", (*started)->id, ")"));
      }
    } else if (info.state != "READY" && options_.log) {
      options_.log(absl::StrCat("crawler '", name, "': a scheduled run was skipped, run ",
                                info.last_run.has_value() ? info.last_run->id : "?",
                                " is going"));
    }
    // The next fire time after this one, as the service now sees it.
    model::CrawlerDefinition handled = info.definition;
    handled.schedule_handled_until = now;
    if (auto next = service::CrawlerService::NextScheduledRun(handled)) {
      earliest = std::min(earliest, *next);
    }
  }
  return earliest;
}

void CrawlScheduler::Loop() {
  while (true) {
    const int64_t now = options_.now();
    const int64_t next = CheckOnce(now);
    // Sleep until the next fire time (to the second; fire times are whole
    // minutes), or the recheck interval, or a poke.
    absl::Duration wait = options_.recheck_interval;
    if (next != std::numeric_limits<int64_t>::max()) {
      wait = std::min(wait, absl::Seconds(std::max<int64_t>(0, next - options_.now())));
    }
    const absl::Time until = absl::Now() + wait;
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithDeadline(absl::Condition(this, &CrawlScheduler::Woken), until);
    if (stop_) return;
    poked_ = false;
  }
}

bool CrawlScheduler::Woken() const { return stop_ || poked_; }

}  // namespace almanac::crawler
