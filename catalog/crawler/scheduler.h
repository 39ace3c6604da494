// CrawlScheduler: runs crawlers on their schedules (CrawlerDefinition::
// schedule, cron in UTC) inside the server. One thread looks at the
// schedules, sleeps until the earliest next fire time (at most
// kRecheckInterval, and it wakes at once when a crawler changes: Poke), and
// asks CrawlerService::RunScheduled for each crawler that is due. The
// decisions themselves (one run per fire time, missed fire times run once,
// a fire time during a run skipped, two servers never both starting one)
// are the service's, in one write transaction each; the scheduler only
// keeps time.
//
// Thread-safe.
#ifndef ALMANAC_CATALOG_CRAWLER_SCHEDULER_H_
#define ALMANAC_CATALOG_CRAWLER_SCHEDULER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "catalog/service/catalog_service.h"

namespace almanac::crawler {

struct CrawlSchedulerOptions {
  // Seconds since the epoch; absl::Now() by default (tests set their own).
  std::function<int64_t()> now;
  // How often the schedules are read again when nothing wakes the thread
  // earlier (another server may have changed them).
  absl::Duration recheck_interval = absl::Seconds(30);
  // Told one line per scheduled start, skip or failure (the server's log).
  std::function<void(const std::string&)> log;
};

class CrawlScheduler {
 public:
  // `catalog` must outlive the scheduler.
  CrawlScheduler(service::CatalogService* catalog, CrawlSchedulerOptions options);
  ~CrawlScheduler();  // Stop()

  // Starts the thread; a crawler whose fire time passed while no server ran
  // is started on the first look.
  void Start();
  // Wakes the thread to read the schedules again now.
  void Poke();
  // Ends the thread (runs already started go on; the runner stops them).
  void Stop();

  // One look at every schedule at time `now`: starts what is due and
  // returns the earliest next fire time still to come (INT64_MAX for none).
  // The thread calls it; tests call it with their own clock.
  int64_t CheckOnce(int64_t now);

 private:
  void Loop();
  bool Woken() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  service::CatalogService* catalog_;
  CrawlSchedulerOptions options_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  bool poked_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace almanac::crawler

#endif  // ALMANAC_CATALOG_CRAWLER_SCHEDULER_H_
