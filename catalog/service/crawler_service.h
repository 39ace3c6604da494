// CrawlerService: custom classifier definitions, crawler definitions and
// crawl runs, as Glue's crawler API names them. The service stores and
// checks; it does not crawl. Crawling is the crawler's (catalog/crawler/),
// a client of this service: StartCrawler records a RUNNING run and hands the
// run to the launcher the server installed, and the crawler reports back
// through RecordCrawl. The dependency points one way (the crawler knows the
// service, never the reverse): the launcher and the classifier check are
// functions the server plugs in.
//
// A crawler acts as its `principal` when it writes tables (the gate decides
// those writes as for any caller). The principal defaults to whoever created
// the crawler; naming someone else needs almanac:PassCrawlerPrincipal on the
// crawler, so that creating a crawler cannot borrow a stronger identity.
//
// Actions (actions.h): glue:CreateCrawler ... on crawler/NAME; listings and
// every classifier call on the catalog (Glue gives classifiers no ARN).
//
// Errors: NotFound naming the crawler, classifier or run; AlreadyExists;
// InvalidArgument for bad names, targets, globs, databases and definitions
// (the classifier check's message); FailedPrecondition when a crawler is
// running (start, update, delete) or a classifier is in use (delete);
// PermissionDenied from the gate; Unimplemented when the server runs no
// crawler (no launcher installed).
//
// Thread-safe.
#ifndef ALMANAC_CATALOG_SERVICE_CRAWLER_SERVICE_H_
#define ALMANAC_CATALOG_SERVICE_CRAWLER_SERVICE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "catalog/model/crawler.h"
#include "catalog/model/request_context.h"
#include "catalog/service/service_core.h"

namespace almanac::service {

inline constexpr int64_t kMaxCrawlers = 1000;
inline constexpr size_t kMaxCrawlerTargets = 100;
inline constexpr size_t kMaxExclusionsPerTarget = 100;
inline constexpr size_t kMaxCrawlerClassifiers = 50;
inline constexpr size_t kMaxRunErrors = 1000;

// A crawler and where it stands.
struct CrawlerInfo {
  model::CrawlerDefinition definition;
  std::string state;  // READY, RUNNING, or STOPPING (a stop was asked)
  std::optional<model::CrawlRun> last_run;
  // When the schedule runs the crawler next (seconds since the epoch); a
  // time in the past means the scheduler is about to. Unset without a
  // schedule.
  std::optional<int64_t> next_scheduled_run;
};

// Starts a recorded run in the background; called after the RUNNING run
// committed. An error fails the run at once.
using CrawlLauncher =
    std::function<absl::Status(const model::CrawlerDefinition&, const model::CrawlRun&)>;
// Asks the run `run_id` to stop at its next file boundary; false when no
// such run is going in this server.
using CrawlStopper = std::function<bool(const std::string& run_id)>;
// Glue's GetCrawlerMetrics, from the recorded runs: the runtimes of the
// ended runs (the last and the median, in seconds) and the tables the
// crawler created, updated and deleted, summed over every recorded run.
struct CrawlerMetrics {
  std::string crawler;
  double last_runtime_seconds = 0;
  double median_runtime_seconds = 0;
  int64_t tables_created = 0;
  int64_t tables_updated = 0;
  int64_t tables_deleted = 0;
  int64_t runs = 0;  // ended runs counted
};
// Whether the server instance `owner` (a run's CrawlRun::owner) still runs.
using RunOwnerCheck = std::function<bool(const std::string& owner)>;
// Whether a custom classifier definition is usable (compiles, valid
// options): InvalidArgument naming the problem.
using ClassifierCheck = std::function<absl::Status(const model::ClassifierDefinition&)>;

class CrawlerService {
 public:
  explicit CrawlerService(ServiceCore* core) : core_(core) {}

  // Installed by the server before serving.
  void SetLauncher(CrawlLauncher launcher);
  void SetClassifierCheck(ClassifierCheck check);
  void SetStopper(CrawlStopper stopper);
  // Told after a crawler is created, updated or deleted, so that a
  // scheduler can look at the schedules again at once.
  void SetScheduleObserver(std::function<void()> observer);
  // This server's instance id, recorded as the owner of the runs it starts,
  // and how to tell whether another owner still runs. Without it (tools,
  // tests) runs have no owner and every RUNNING run counts as abandoned.
  void SetRunOwnership(std::string self, RunOwnerCheck alive);

  absl::StatusOr<model::ClassifierDefinition> CreateClassifier(
      const model::RequestContext& ctx, model::ClassifierDefinition definition);
  absl::StatusOr<model::ClassifierDefinition> GetClassifier(const model::RequestContext& ctx,
                                                            const std::string& name);
  absl::StatusOr<std::vector<model::ClassifierDefinition>> ListClassifiers(
      const model::RequestContext& ctx);
  // Replaces the definition (same name and kind); the version goes up by 1.
  absl::StatusOr<model::ClassifierDefinition> UpdateClassifier(
      const model::RequestContext& ctx, model::ClassifierDefinition definition);
  // FailedPrecondition naming the crawlers that use it.
  absl::Status DeleteClassifier(const model::RequestContext& ctx, const std::string& name);

  absl::StatusOr<CrawlerInfo> CreateCrawler(const model::RequestContext& ctx,
                                            model::CrawlerDefinition definition);
  absl::StatusOr<CrawlerInfo> GetCrawler(const model::RequestContext& ctx,
                                         const std::string& name);
  absl::StatusOr<std::vector<CrawlerInfo>> ListCrawlers(const model::RequestContext& ctx);
  // Replaces the definition; refused while the crawler runs.
  absl::StatusOr<CrawlerInfo> UpdateCrawler(const model::RequestContext& ctx,
                                            model::CrawlerDefinition definition);
  // Deletes the crawler and its run history (not the tables it made);
  // refused while it runs.
  absl::Status DeleteCrawler(const model::RequestContext& ctx, const std::string& name);

  // Records a RUNNING run and launches it. FailedPrecondition when the
  // crawler is running already (Glue's CrawlerRunningException).
  absl::StatusOr<model::CrawlRun> StartCrawler(const model::RequestContext& ctx,
                                               const std::string& name);
  // Asks the running run to stop at its next file boundary (it ends
  // CANCELLED with what it did so far); the crawler is STOPPING until then.
  // FailedPrecondition when the crawler is not running (Glue's
  // CrawlerNotRunningException) or a stop was asked already.
  absl::StatusOr<model::CrawlRun> StopCrawler(const model::RequestContext& ctx,
                                              const std::string& name);
  absl::StatusOr<CrawlerMetrics> GetCrawlerMetrics(const model::RequestContext& ctx,
                                                   const std::string& name);
  // Newest first, at most `limit` (0: all).
  absl::StatusOr<std::vector<model::CrawlRun>> ListCrawls(const model::RequestContext& ctx,
                                                          const std::string& crawler,
                                                          int64_t limit);
  absl::StatusOr<model::CrawlRun> GetCrawl(const model::RequestContext& ctx,
                                           const std::string& crawler, const std::string& id);
  // The crawler's newest SUCCEEDED run, if any (CRAWL_NEW_FOLDERS_ONLY asks).
  absl::StatusOr<std::optional<model::CrawlRun>> LastSucceededCrawl(
      const model::RequestContext& ctx, const std::string& crawler);

  // The scheduler's step for crawler `name` at time `now` (seconds since
  // the epoch): when a fire time of its schedule has come that is not
  // handled yet (one after both the last handled and the crawler's last
  // change), every fire time up to `now` becomes handled and a run starts,
  // or, when the crawler is running, the fire time is skipped, as Glue skips
  // it. So the fire times missed while no server ran give one run, not one
  // each. Both happen in one write transaction, so servers sharing the
  // database never start two runs for one fire time. Returns the run
  // started, or nullopt (not due, skipped, no schedule).
  absl::StatusOr<std::optional<model::CrawlRun>> RunScheduled(const model::RequestContext& ctx,
                                                              const std::string& name,
                                                              int64_t now);
  // The schedule's next fire time that is not handled yet; nullopt without
  // a (valid, still firing) schedule.
  static std::optional<int64_t> NextScheduledRun(const model::CrawlerDefinition& d);

  // The crawler's progress and end (status SUCCEEDED, FAILED or CANCELLED;
  // end_time set by the service). Error lists are cut to kMaxRunErrors,
  // error_count keeps the total. Called by the crawler with the server's
  // internal context.
  // Returns whether a stop was asked for the run (by `crawler stop` on any
  // server sharing the catalog), which the run's owner then honours.
  absl::StatusOr<bool> RecordCrawl(const model::RequestContext& ctx, model::CrawlRun run);
  // Runs left RUNNING by a server that is gone (or recorded with no owner)
  // end FAILED, saying the server stopped during the run; runs of a live
  // server, this one included, are left alone. At start-up and then
  // periodically (the scheduler), so that a crashed peer's crawler becomes
  // READY again. Returns how many.
  absl::StatusOr<int> FailAbandonedCrawls(const model::RequestContext& ctx);
  // The periodic part of that (the scheduler): without run ownership it does
  // nothing, since a RUNNING run may then be this process's own.
  absl::StatusOr<int> FailRunsOfGoneServers(const model::RequestContext& ctx);

 private:
  absl::Status ValidateClassifier(const model::ClassifierDefinition& d);
  absl::Status ValidateCrawler(storage::ReadTransaction& txn, const model::CrawlerDefinition& d);
  static CrawlerInfo Info(model::CrawlerDefinition d, std::optional<model::CrawlRun> last);
  // Hands a recorded RUNNING run to the launcher; when it cannot start, the
  // run is recorded FAILED and the launcher's error returned.
  absl::StatusOr<model::CrawlRun> Launch(const model::CrawlerDefinition& d, model::CrawlRun run);
  void SchedulesChanged();
  // Who this server is and how it tells a live peer, as set by
  // SetRunOwnership; copied under the lock once per use.
  struct RunOwnership {
    std::string self;    // recorded as the owner of the runs this server starts
    RunOwnerCheck alive;  // empty: owners unknown
    // True when `run` (RUNNING) belongs to no live server; false whenever
    // owners are unknown.
    bool Abandoned(const model::CrawlRun& run) const;
  };
  RunOwnership Ownership();
  // Ends `run` FAILED as abandoned, in `txn`.
  absl::Status FailAbandoned(WriteScope& txn, model::CrawlRun run);
  absl::StatusOr<int> FailAbandonedRuns(const model::RequestContext& ctx, bool at_start);

  ServiceCore* core_;
  absl::Mutex mu_;
  CrawlLauncher launcher_ ABSL_GUARDED_BY(mu_);
  ClassifierCheck classifier_check_ ABSL_GUARDED_BY(mu_);
  CrawlStopper stopper_ ABSL_GUARDED_BY(mu_);
  std::function<void()> schedule_observer_ ABSL_GUARDED_BY(mu_);
  std::string run_owner_ ABSL_GUARDED_BY(mu_);
  RunOwnerCheck owner_alive_ ABSL_GUARDED_BY(mu_);
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_CRAWLER_SERVICE_H_
