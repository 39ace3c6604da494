// CrawlerRunner: runs crawls inside the server, each on its own thread
// (sampling on a small worker pool of its own), at most `max_concurrent_runs`
// at once. It is the launcher the server installs into the CrawlerService
// (service::CrawlLauncher); the runs' progress and ends go back through
// CrawlerService::RecordCrawl with the server's internal context, while the
// tables are written as each crawler's principal.
//
// Thread-safe.
#ifndef ALMANAC_CATALOG_CRAWLER_CRAWLER_RUNNER_H_
#define ALMANAC_CATALOG_CRAWLER_CRAWLER_RUNNER_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "catalog/classifiers/registry.h"
#include "catalog/crawler/file_system.h"
#include "catalog/model/crawler.h"
#include "catalog/service/catalog_service.h"

namespace almanac::crawler {

struct CrawlerRunnerOptions {
  int max_concurrent_runs = 2;
  int workers_per_run = 2;
  // The same when the run samples S3 objects (latency-bound).
  int remote_workers_per_run = 16;
  // For s3:// targets; null when S3 is not configured (such targets fail).
  const FileSystem* s3 = nullptr;
  // The named S3 connections (a target's connection_name); not owned.
  std::map<std::string, const FileSystem*> s3_connections;
  // Told when a run ends (for the server's log). May be null.
  std::function<void(const model::CrawlRun&)> on_finished;
};

class CrawlerRunner {
 public:
  // `catalog`, `builtins` and `fs` must outlive the runner.
  CrawlerRunner(service::CatalogService* catalog, const classifiers::ClassifierRegistry* builtins,
                const FileSystem* fs, CrawlerRunnerOptions options);
  ~CrawlerRunner();  // Shutdown()

  // Starts `run` of `definition` in the background. ResourceExhausted when
  // max_concurrent_runs runs are going; Unavailable after Shutdown.
  absl::Status Launch(const model::CrawlerDefinition& definition, const model::CrawlRun& run);

  // Asks run `run_id` to stop at its next file boundary (it ends
  // CANCELLED); false when no such run is going here.
  bool Stop(const std::string& run_id);

  // Asks every run to stop at its next file boundary and waits for them;
  // they end CANCELLED.
  void Shutdown();

  int running() const;

 private:
  void Finish(const std::string& run_id);

  service::CatalogService* catalog_;
  const classifiers::ClassifierRegistry* builtins_;
  const FileSystem* fs_;
  CrawlerRunnerOptions options_;
  mutable absl::Mutex mu_;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
  std::map<std::string, std::thread> threads_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, bool> done_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::shared_ptr<std::atomic<bool>>> cancel_flags_ ABSL_GUARDED_BY(mu_);
};

}  // namespace almanac::crawler

#endif  // ALMANAC_CATALOG_CRAWLER_CRAWLER_RUNNER_H_
