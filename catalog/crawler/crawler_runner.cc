#include "catalog/crawler/crawler_runner.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/crawler/crawl.h"

namespace almanac::crawler {

CrawlerRunner::CrawlerRunner(service::CatalogService* catalog,
                             const classifiers::ClassifierRegistry* builtins, const FileSystem* fs,
                             CrawlerRunnerOptions options)
    : catalog_(catalog), builtins_(builtins), fs_(fs), options_(std::move(options)) {}

CrawlerRunner::~CrawlerRunner() { Shutdown(); }

int CrawlerRunner::running() const {
  absl::MutexLock lock(&mu_);
  int n = 0;
  for (const auto& [id, done] : done_) n += done ? 0 : 1;
  return n;
}

absl::Status CrawlerRunner::Launch(const model::CrawlerDefinition& definition,
                                   const model::CrawlRun& run) {
  std::vector<std::thread> finished;
  absl::MutexLock lock(&mu_);
  if (shut_down_) return absl::UnavailableError("the server is shutting down");
  // Reap the threads of runs that have ended.
  for (auto it = done_.begin(); it != done_.end();) {
    if (it->second) {
      auto t = threads_.find(it->first);
      if (t != threads_.end()) {
        finished.push_back(std::move(t->second));
        threads_.erase(t);
      }
      cancel_flags_.erase(it->first);
      it = done_.erase(it);
    } else {
      ++it;
    }
  }
  for (std::thread& t : finished) t.join();  // already ended: returns at once
  if (static_cast<int>(done_.size()) >= options_.max_concurrent_runs) {
    return absl::ResourceExhaustedError(absl::StrCat(
        options_.max_concurrent_runs, " crawls are running, the most this server runs at once"));
  }
  done_[run.id] = false;
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  cancel_flags_[run.id] = cancel;
  threads_[run.id] = std::thread([this, definition, run, cancel] {
    CrawlEnvironment env;
    env.catalog = catalog_;
    env.builtins = builtins_;
    env.fs = fs_;
    env.s3 = options_.s3;
    env.s3_connections = options_.s3_connections;
    env.workers = options_.workers_per_run;
    env.remote_workers = options_.remote_workers_per_run;
    env.cancel = cancel.get();
    const model::RequestContext internal = model::RequestContext::Internal("crawler");
    env.progress = [this, &internal, &cancel](const model::CrawlRun& progress) {
      // A stop asked through another server sharing the catalog reaches
      // this run here, with its next progress report.
      absl::StatusOr<bool> stop = catalog_->crawlers().RecordCrawl(internal, progress);
      if (stop.ok() && *stop) cancel->store(true);
    };
    model::CrawlRun ended = RunCrawl(env, definition, run);
    absl::Status recorded = catalog_->crawlers().RecordCrawl(internal, ended).status();
    if (!recorded.ok() && ended.status == "SUCCEEDED") {
      // The end could not be recorded: say so rather than leave it RUNNING.
      ended.status = "FAILED";
      ended.message = absl::StrCat("the run's end could not be recorded: ", recorded.message());
      (void)catalog_->crawlers().RecordCrawl(internal, ended).status();
    }
    if (options_.on_finished) options_.on_finished(ended);
    Finish(ended.id);
  });
  return absl::OkStatus();
}

void CrawlerRunner::Finish(const std::string& run_id) {
  absl::MutexLock lock(&mu_);
  done_[run_id] = true;
}

bool CrawlerRunner::Stop(const std::string& run_id) {
  absl::MutexLock lock(&mu_);
  auto it = cancel_flags_.find(run_id);
  if (it == cancel_flags_.end() || done_[run_id]) return false;
  it->second->store(true);
  return true;
}

void CrawlerRunner::Shutdown() {
  std::map<std::string, std::thread> threads;
  {
    absl::MutexLock lock(&mu_);
    if (shut_down_) return;
    shut_down_ = true;
    threads = std::move(threads_);
    threads_.clear();
    for (auto& [id, flag] : cancel_flags_) flag->store(true);
  }
  for (auto& [id, t] : threads) {
    if (t.joinable()) t.join();
  }
}

}  // namespace almanac::crawler
