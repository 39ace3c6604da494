#include "catalog/service/crawler_service.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/model/names.h"
#include "catalog/service/actions.h"
#include "catalog/service/service_internal.h"
#include "common/absl_view.h"
#include "common/cron.h"
#include "common/glob.h"
#include "common/status_macros.h"

namespace almanac::service {
namespace {

constexpr size_t kMaxDescriptionBytes = 2048;
constexpr size_t kMaxTablePrefixBytes = 128;

absl::Status ValidateName(std::string_view what, std::string_view name) {
  bool ok = !name.empty() && name.size() <= 255;
  for (char c : name) {
    ok = ok && (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                c == '.');
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat("invalid ", AbslView(what), " name '",
                                                   AbslView(name),
                                                   "': 1 to 255 characters of letters, digits "
                                                   "and - _ ."));
  }
  return absl::OkStatus();
}

bool ConsumePrefix(std::string_view* s, std::string_view prefix) {
  if (s->substr(0, prefix.size()) != prefix) return false;
  s->remove_prefix(prefix.size());
  return true;
}

// file:///absolute/path (or file:/absolute/path). S3 targets come with the
// crawler's second part.
absl::Status ValidateTargetUrl(const std::string& url) {
  if (absl::StartsWith(url, "s3://")) {
    const std::string_view rest = std::string_view(url).substr(5);
    if (rest.empty() || rest[0] == '/') {
      return absl::InvalidArgumentError(
          absl::StrCat("target '", url, "': expected s3://bucket or s3://bucket/prefix"));
    }
    return absl::OkStatus();
  }
  if (absl::StartsWith(url, "s3a://") || absl::StartsWith(url, "s3n://")) {
    return absl::InvalidArgumentError(
        absl::StrCat("target '", url, "': write S3 targets as s3://bucket/prefix"));
  }
  std::string_view path(url);
  if (!ConsumePrefix(&path, "file://") && !ConsumePrefix(&path, "file:")) {
    return absl::InvalidArgumentError(
        absl::StrCat("target '", url, "': expected file:///absolute/path or s3://bucket/prefix"));
  }
  if (path.empty() || path[0] != '/') {
    return absl::InvalidArgumentError(
        absl::StrCat("target '", url, "': the path must be absolute (file:///data/sales)"));
  }
  return absl::OkStatus();
}

bool Final(std::string_view status) { return status != "RUNNING"; }

}  // namespace

void CrawlerService::SetLauncher(CrawlLauncher launcher) {
  absl::MutexLock lock(&mu_);
  launcher_ = std::move(launcher);
}

void CrawlerService::SetClassifierCheck(ClassifierCheck check) {
  absl::MutexLock lock(&mu_);
  classifier_check_ = std::move(check);
}

void CrawlerService::SetStopper(CrawlStopper stopper) {
  absl::MutexLock lock(&mu_);
  stopper_ = std::move(stopper);
}

void CrawlerService::SetScheduleObserver(std::function<void()> observer) {
  absl::MutexLock lock(&mu_);
  schedule_observer_ = std::move(observer);
}

void CrawlerService::SetRunOwnership(std::string self, RunOwnerCheck alive) {
  absl::MutexLock lock(&mu_);
  run_owner_ = std::move(self);
  owner_alive_ = std::move(alive);
}

CrawlerService::RunOwnership CrawlerService::Ownership() {
  absl::MutexLock lock(&mu_);
  return RunOwnership{.self = run_owner_, .alive = owner_alive_};
}

bool CrawlerService::RunOwnership::Abandoned(const model::CrawlRun& run) const {
  if (!alive) return false;  // owners unknown: FailAbandonedCrawls decides
  if (run.owner.empty()) return true;
  if (run.owner == self) return false;
  return !alive(run.owner);
}

absl::Status CrawlerService::FailAbandoned(WriteScope& txn, model::CrawlRun run) {
  run.status = "FAILED";
  run.end_time = core_->NowSeconds();
  run.message = "the server stopped during the run";
  RETURN_IF_ERROR(txn->crawlers().UpdateCrawlRun(run));
  txn.Record({.kind = model::ChangeKind::kFinishCrawl,
              .object = absl::StrCat(run.crawler, " run ", run.id, " FAILED"),
              .notify = false});
  return absl::OkStatus();
}

void CrawlerService::SchedulesChanged() {
  std::function<void()> observer;
  {
    absl::MutexLock lock(&mu_);
    observer = schedule_observer_;
  }
  if (observer) observer();
}

std::optional<int64_t> CrawlerService::NextScheduledRun(const model::CrawlerDefinition& d) {
  if (d.schedule.empty()) return std::nullopt;
  auto schedule = CronSchedule::Parse(d.schedule);
  if (!schedule.ok()) return std::nullopt;
  // A change of the crawler (its schedule, say) starts the count afresh.
  return schedule->NextAfter(std::max(d.schedule_handled_until, d.update_time));
}

CrawlerInfo CrawlerService::Info(model::CrawlerDefinition d, std::optional<model::CrawlRun> last) {
  CrawlerInfo info;
  info.next_scheduled_run = NextScheduledRun(d);
  info.definition = std::move(d);
  info.state = !last.has_value() || last->status != "RUNNING" ? "READY"
               : last->stop_requested                       ? "STOPPING"
                                                            : "RUNNING";
  info.last_run = std::move(last);
  return info;
}

absl::Status CrawlerService::ValidateClassifier(const model::ClassifierDefinition& d) {
  RETURN_IF_ERROR(ValidateName("classifier", d.name));
  if (d.kind != "GROK" && d.kind != "XML" && d.kind != "JSON" && d.kind != "CSV") {
    return absl::InvalidArgumentError(absl::StrCat("classifier '", d.name, "': unknown kind '",
                                                   d.kind, "' (kinds: CSV, GROK, JSON, XML)"));
  }
  ClassifierCheck check;
  {
    absl::MutexLock lock(&mu_);
    check = classifier_check_;
  }
  if (check) RETURN_IF_ERROR(check(d));
  return absl::OkStatus();
}

absl::Status CrawlerService::ValidateCrawler(storage::ReadTransaction& txn,
                                             const model::CrawlerDefinition& d) {
  RETURN_IF_ERROR(ValidateName("crawler", d.name));
  if (d.description.size() > kMaxDescriptionBytes) {
    return absl::InvalidArgumentError(absl::StrCat("a description holds at most ",
                                                   kMaxDescriptionBytes, " bytes"));
  }
  if (d.targets.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("crawler '", d.name, "' needs a target"));
  }
  if (d.targets.size() > kMaxCrawlerTargets) {
    return absl::InvalidArgumentError(
        absl::StrCat("a crawler has at most ", kMaxCrawlerTargets, " targets"));
  }
  for (const model::CrawlerTarget& t : d.targets) {
    RETURN_IF_ERROR(ValidateTargetUrl(t.url));
    if (t.exclusions.size() > kMaxExclusionsPerTarget) {
      return absl::InvalidArgumentError(absl::StrCat("target '", t.url, "': at most ",
                                                     kMaxExclusionsPerTarget, " exclusions"));
    }
    for (const std::string& g : t.exclusions) {
      auto glob = Glob::Compile(g);
      if (!glob.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("target '", t.url, "': ", glob.status().message()));
      }
    }
    if (!t.connection_name.empty()) {
      if (!absl::StartsWith(t.url, "s3://")) {
        return absl::InvalidArgumentError(absl::StrCat(
            "target '", t.url, "': a connection name is for s3:// targets only"));
      }
      if (!model::ValidConnectionName(t.connection_name)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "target '", t.url, "': '", t.connection_name,
            "' is not a connection name (letters, digits, _ - .)"));
      }
    }
    if (t.sample_size < 0 || t.sample_size > 249) {
      return absl::InvalidArgumentError(absl::StrCat(
          "target '", t.url, "': sample size ", t.sample_size,
          " is outside 0 (every file) to 249 (Glue's range)"));
    }
  }
  if (d.database.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("crawler '", d.name, "' needs a database"));
  }
  RETURN_IF_ERROR(model::ValidateDatabaseName(d.database));
  if (d.table_prefix.size() > kMaxTablePrefixBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("a table prefix holds at most ", kMaxTablePrefixBytes, " characters"));
  }
  if (!d.table_prefix.empty()) {
    RETURN_IF_ERROR(model::ValidateTableName(absl::StrCat(d.table_prefix, "t")));
  }
  if (d.partition_threshold <= 0.0 || d.partition_threshold > 1.0) {
    return absl::InvalidArgumentError(absl::StrCat("partition threshold ", d.partition_threshold,
                                                   " is outside (0, 1]"));
  }
  if (d.recrawl_policy != "CRAWL_EVERYTHING" && d.recrawl_policy != "CRAWL_NEW_FOLDERS_ONLY") {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown recrawl policy '", d.recrawl_policy,
        "' (policies: CRAWL_EVERYTHING, CRAWL_NEW_FOLDERS_ONLY)"));
  }
  if (d.update_behavior != "UPDATE_IN_DATABASE" && d.update_behavior != "LOG") {
    return absl::InvalidArgumentError(absl::StrCat("unknown schema update behavior '",
                                                   d.update_behavior,
                                                   "' (behaviors: UPDATE_IN_DATABASE, LOG)"));
  }
  if (d.delete_behavior != "DEPRECATE_IN_DATABASE" && d.delete_behavior != "DELETE_FROM_DATABASE" &&
      d.delete_behavior != "LOG") {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown delete behavior '", d.delete_behavior,
        "' (behaviors: DEPRECATE_IN_DATABASE, DELETE_FROM_DATABASE, LOG)"));
  }
  if (d.recrawl_policy == "CRAWL_NEW_FOLDERS_ONLY" &&
      (d.update_behavior != "LOG" || d.delete_behavior != "LOG")) {
    // Glue's rule: a crawl that reads only new folders cannot judge the
    // schema or the absence of what it did not read.
    return absl::InvalidArgumentError(
        "recrawl policy CRAWL_NEW_FOLDERS_ONLY needs update and delete behavior LOG "
        "(a crawl of new folders only cannot judge a table's schema or a folder's absence)");
  }
  if (d.partition_schema != "INHERIT_FROM_TABLE" && d.partition_schema != "OWN") {
    return absl::InvalidArgumentError(absl::StrCat("unknown partition schema '", d.partition_schema,
                                                   "' (INHERIT_FROM_TABLE, OWN)"));
  }
  if (!d.schedule.empty()) {
    auto schedule = CronSchedule::Parse(d.schedule);
    if (!schedule.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("crawler '", d.name, "': ", schedule.status().message()));
    }
  }
  if (d.classifiers.size() > kMaxCrawlerClassifiers) {
    return absl::InvalidArgumentError(
        absl::StrCat("a crawler uses at most ", kMaxCrawlerClassifiers, " custom classifiers"));
  }
  for (size_t i = 0; i < d.classifiers.size(); ++i) {
    auto found = txn.crawlers().GetClassifier(d.classifiers[i]);
    if (!found.ok()) {
      if (absl::IsNotFound(found.status())) {
        return absl::InvalidArgumentError(absl::StrCat(
            "crawler '", d.name, "': no custom classifier '", d.classifiers[i], "'"));
      }
      return found.status();
    }
    for (size_t j = 0; j < i; ++j) {
      if (d.classifiers[j] == d.classifiers[i]) {
        return absl::InvalidArgumentError(
            absl::StrCat("crawler '", d.name, "': classifier '", d.classifiers[i],
                         "' is listed twice"));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<model::ClassifierDefinition> CrawlerService::CreateClassifier(
    const model::RequestContext& ctx, model::ClassifierDefinition d) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kCreateClassifier, core_->arns().Catalog()));
  RETURN_IF_ERROR(ValidateClassifier(d));
  d.version = 1;
  d.create_time = d.update_time = core_->NowSeconds();
  RETURN_IF_ERROR(txn->crawlers().CreateClassifier(d));
  txn.Record({.kind = model::ChangeKind::kCreateClassifier, .object = d.name, .notify = false});
  RETURN_IF_ERROR(txn.Commit());
  return d;
}

absl::StatusOr<model::ClassifierDefinition> CrawlerService::GetClassifier(
    const model::RequestContext& ctx, const std::string& name) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetClassifier, core_->arns().Catalog()));
  return txn->crawlers().GetClassifier(name);
}

absl::StatusOr<std::vector<model::ClassifierDefinition>> CrawlerService::ListClassifiers(
    const model::RequestContext& ctx) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetClassifiers, core_->arns().Catalog()));
  return txn->crawlers().ListClassifiers();
}

absl::StatusOr<model::ClassifierDefinition> CrawlerService::UpdateClassifier(
    const model::RequestContext& ctx, model::ClassifierDefinition d) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kUpdateClassifier, core_->arns().Catalog()));
  ASSIGN_OR_RETURN(model::ClassifierDefinition old, txn->crawlers().GetClassifier(d.name));
  if (old.kind != d.kind) {
    return absl::InvalidArgumentError(absl::StrCat("classifier '", d.name, "' is of kind ",
                                                   old.kind, ", not ", d.kind,
                                                   " (delete it and create a new one)"));
  }
  RETURN_IF_ERROR(ValidateClassifier(d));
  d.version = old.version + 1;
  d.create_time = old.create_time;
  d.update_time = core_->NowSeconds();
  RETURN_IF_ERROR(txn->crawlers().UpdateClassifier(d));
  txn.Record({.kind = model::ChangeKind::kUpdateClassifier, .object = d.name, .notify = false});
  RETURN_IF_ERROR(txn.Commit());
  return d;
}

absl::Status CrawlerService::DeleteClassifier(const model::RequestContext& ctx,
                                              const std::string& name) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kDeleteClassifier, core_->arns().Catalog()));
  RETURN_IF_ERROR(txn->crawlers().GetClassifier(name).status());
  ASSIGN_OR_RETURN(std::vector<model::CrawlerDefinition> crawlers, txn->crawlers().ListCrawlers());
  std::vector<std::string> users;
  for (const model::CrawlerDefinition& c : crawlers) {
    if (std::find(c.classifiers.begin(), c.classifiers.end(), name) != c.classifiers.end()) {
      users.push_back(c.name);
    }
  }
  if (!users.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("classifier '", name,
                                                      "' is used by crawlers: ",
                                                      absl::StrJoin(users, ", ")));
  }
  RETURN_IF_ERROR(txn->crawlers().DeleteClassifier(name));
  txn.Record({.kind = model::ChangeKind::kDeleteClassifier, .object = name, .notify = false});
  return txn.Commit();
}

absl::StatusOr<CrawlerInfo> CrawlerService::CreateCrawler(const model::RequestContext& ctx,
                                                          model::CrawlerDefinition d) {
  const std::string arn = core_->arns().Crawler(d.name);
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kCreateCrawler, arn));
  if (d.principal.empty()) d.principal = ctx.principal;
  if (d.principal != ctx.principal) {
    RETURN_IF_ERROR(core_->gate().Check(ctx, actions::kPassCrawlerPrincipal, arn));
  }
  RETURN_IF_ERROR(ValidateCrawler(*txn.get(), d));
  ASSIGN_OR_RETURN(std::vector<model::CrawlerDefinition> existing, txn->crawlers().ListCrawlers());
  if (static_cast<int64_t>(existing.size()) >= kMaxCrawlers) {
    return absl::ResourceExhaustedError(
        absl::StrCat("the catalog holds ", existing.size(), " crawlers, the most it allows"));
  }
  d.version = 1;
  d.create_time = d.update_time = core_->NowSeconds();
  RETURN_IF_ERROR(txn->crawlers().CreateCrawler(d));
  txn.Record({.kind = model::ChangeKind::kCreateCrawler, .object = d.name, .notify = false});
  RETURN_IF_ERROR(txn.Commit());
  if (!d.schedule.empty()) SchedulesChanged();
  return Info(std::move(d), std::nullopt);
}

absl::StatusOr<CrawlerInfo> CrawlerService::GetCrawler(const model::RequestContext& ctx,
                                                       const std::string& name) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetCrawler, core_->arns().Crawler(name)));
  ASSIGN_OR_RETURN(model::CrawlerDefinition d, txn->crawlers().GetCrawler(name));
  ASSIGN_OR_RETURN(std::vector<model::CrawlRun> runs, txn->crawlers().ListCrawlRuns(name, 1));
  return Info(std::move(d), runs.empty() ? std::nullopt : std::make_optional(std::move(runs[0])));
}

absl::StatusOr<std::vector<CrawlerInfo>> CrawlerService::ListCrawlers(
    const model::RequestContext& ctx) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kListCrawlers, core_->arns().Catalog()));
  ASSIGN_OR_RETURN(std::vector<model::CrawlerDefinition> all, txn->crawlers().ListCrawlers());
  std::vector<CrawlerInfo> out;
  for (model::CrawlerDefinition& d : all) {
    // A crawler the caller may not see is left out, as tables are.
    if (core_->gate().filters_listed_items() &&
        !core_->gate().Visible(ctx, actions::kGetCrawler, core_->arns().Crawler(d.name))) {
      continue;
    }
    ASSIGN_OR_RETURN(std::vector<model::CrawlRun> runs, txn->crawlers().ListCrawlRuns(d.name, 1));
    out.push_back(Info(std::move(d), runs.empty() ? std::nullopt
                                                  : std::make_optional(std::move(runs[0]))));
  }
  return out;
}

absl::StatusOr<CrawlerInfo> CrawlerService::UpdateCrawler(const model::RequestContext& ctx,
                                                          model::CrawlerDefinition d) {
  const std::string arn = core_->arns().Crawler(d.name);
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kUpdateCrawler, arn));
  ASSIGN_OR_RETURN(model::CrawlerDefinition old, txn->crawlers().GetCrawler(d.name));
  ASSIGN_OR_RETURN(std::optional<model::CrawlRun> running, txn->crawlers().RunningCrawl(d.name));
  if (running.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("crawler '", d.name, "' is running (run ", running->id, "); update it after"));
  }
  if (d.principal.empty()) d.principal = old.principal;
  if (d.principal != old.principal && d.principal != ctx.principal) {
    RETURN_IF_ERROR(core_->gate().Check(ctx, actions::kPassCrawlerPrincipal, arn));
  }
  RETURN_IF_ERROR(ValidateCrawler(*txn.get(), d));
  d.version = old.version + 1;
  d.create_time = old.create_time;
  d.update_time = core_->NowSeconds();
  d.schedule_handled_until = old.schedule_handled_until;
  RETURN_IF_ERROR(txn->crawlers().UpdateCrawler(d));
  txn.Record({.kind = model::ChangeKind::kUpdateCrawler, .object = d.name, .notify = false});
  ASSIGN_OR_RETURN(std::vector<model::CrawlRun> runs, txn->crawlers().ListCrawlRuns(d.name, 1));
  RETURN_IF_ERROR(txn.Commit());
  if (!d.schedule.empty() || !old.schedule.empty()) SchedulesChanged();
  return Info(std::move(d), runs.empty() ? std::nullopt : std::make_optional(std::move(runs[0])));
}

absl::Status CrawlerService::DeleteCrawler(const model::RequestContext& ctx,
                                           const std::string& name) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kDeleteCrawler,
                                                       core_->arns().Crawler(name)));
  ASSIGN_OR_RETURN(model::CrawlerDefinition old, txn->crawlers().GetCrawler(name));
  ASSIGN_OR_RETURN(std::optional<model::CrawlRun> running, txn->crawlers().RunningCrawl(name));
  if (running.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("crawler '", name, "' is running (run ", running->id, "); delete it after"));
  }
  RETURN_IF_ERROR(txn->crawlers().DeleteCrawler(name));
  txn.Record({.kind = model::ChangeKind::kDeleteCrawler, .object = name, .notify = false});
  RETURN_IF_ERROR(txn.Commit());
  if (!old.schedule.empty()) SchedulesChanged();
  return absl::OkStatus();
}

absl::StatusOr<model::CrawlRun> CrawlerService::StartCrawler(const model::RequestContext& ctx,
                                                             const std::string& name) {
  CrawlLauncher launcher;
  {
    absl::MutexLock lock(&mu_);
    launcher = launcher_;
  }
  const RunOwnership ownership = Ownership();
  model::CrawlRun run;
  model::CrawlerDefinition definition;
  {
    ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kStartCrawler,
                                                         core_->arns().Crawler(name)));
    ASSIGN_OR_RETURN(definition, txn->crawlers().GetCrawler(name));
    if (!launcher) {
      return absl::UnimplementedError("this server runs no crawler");
    }
    ASSIGN_OR_RETURN(std::optional<model::CrawlRun> running, txn->crawlers().RunningCrawl(name));
    if (running.has_value() && ownership.Abandoned(*running)) {
      RETURN_IF_ERROR(FailAbandoned(txn, *std::move(running)));
      running.reset();
    }
    if (running.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "crawler '", name, "' is running already (run ", running->id, ")"));
    }
    run.id = internal::NewUuid();
    run.crawler = name;
    run.status = "RUNNING";
    run.start_time = core_->NowSeconds();
    run.owner = ownership.self;
    absl::Status added = txn->crawlers().AddCrawlRun(run);
    if (absl::IsAlreadyExists(added)) return absl::FailedPreconditionError(added.message());
    RETURN_IF_ERROR(added);
    txn.Record({.kind = model::ChangeKind::kStartCrawl,
                .object = absl::StrCat(name, " run ", run.id),
                .notify = false});
    RETURN_IF_ERROR(txn.Commit());
  }
  return Launch(definition, std::move(run));
}

absl::StatusOr<model::CrawlRun> CrawlerService::Launch(const model::CrawlerDefinition& d,
                                                       model::CrawlRun run) {
  CrawlLauncher launcher;
  {
    absl::MutexLock lock(&mu_);
    launcher = launcher_;
  }
  absl::Status launched =
      launcher ? launcher(d, run) : absl::UnimplementedError("this server runs no crawler");
  if (!launched.ok()) {
    run.status = "FAILED";
    run.message = absl::StrCat("the crawl could not start: ", launched.message());
    RETURN_IF_ERROR(RecordCrawl(model::RequestContext::Internal("crawler"), run).status());
    return launched;
  }
  return run;
}

absl::StatusOr<std::optional<model::CrawlRun>> CrawlerService::RunScheduled(
    const model::RequestContext& ctx, const std::string& name, int64_t now) {
  {
    absl::MutexLock lock(&mu_);
    if (!launcher_) return absl::UnimplementedError("this server runs no crawler");
  }
  const RunOwnership ownership = Ownership();
  model::CrawlRun run;
  model::CrawlerDefinition definition;
  {
    ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kStartCrawler,
                                                         core_->arns().Crawler(name)));
    ASSIGN_OR_RETURN(definition, txn->crawlers().GetCrawler(name));
    const std::optional<int64_t> due = NextScheduledRun(definition);
    if (!due.has_value() || *due > now) return std::nullopt;  // rolled back: nothing written
    // Every fire time up to now is handled by this one decision.
    RETURN_IF_ERROR(txn->crawlers().SetScheduleHandled(name, now));
    ASSIGN_OR_RETURN(std::optional<model::CrawlRun> running, txn->crawlers().RunningCrawl(name));
    if (running.has_value() && ownership.Abandoned(*running)) {
      RETURN_IF_ERROR(FailAbandoned(txn, *std::move(running)));
      running.reset();
    }
    if (running.has_value()) {
      txn.Record({.kind = model::ChangeKind::kStartCrawl,
                  .object = absl::StrCat(name, " scheduled run skipped: run ", running->id,
                                         " is going"),
                  .notify = false});
      RETURN_IF_ERROR(txn.Commit());
      return std::nullopt;
    }
    run.id = internal::NewUuid();
    run.crawler = name;
    run.status = "RUNNING";
    run.start_time = core_->NowSeconds();
    run.owner = ownership.self;
    RETURN_IF_ERROR(txn->crawlers().AddCrawlRun(run));
    txn.Record({.kind = model::ChangeKind::kStartCrawl,
                .object = absl::StrCat(name, " run ", run.id, " (scheduled)"),
                .notify = false});
    RETURN_IF_ERROR(txn.Commit());
  }
  ASSIGN_OR_RETURN(model::CrawlRun started, Launch(definition, std::move(run)));
  return started;
}

absl::StatusOr<model::CrawlRun> CrawlerService::StopCrawler(const model::RequestContext& ctx,
                                                            const std::string& name) {
  CrawlStopper stopper;
  {
    absl::MutexLock lock(&mu_);
    stopper = stopper_;
  }
  model::CrawlRun run;
  {
    ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kStopCrawler,
                                                         core_->arns().Crawler(name)));
    RETURN_IF_ERROR(txn->crawlers().GetCrawler(name).status());
    ASSIGN_OR_RETURN(std::optional<model::CrawlRun> running, txn->crawlers().RunningCrawl(name));
    if (!running.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat("crawler '", name, "' is not running"));
    }
    if (running->stop_requested) {
      return absl::FailedPreconditionError(
          absl::StrCat("crawler '", name, "' is stopping already (run ", running->id, ")"));
    }
    run = *std::move(running);
    run.stop_requested = true;
    RETURN_IF_ERROR(txn->crawlers().UpdateCrawlRun(run));
    txn.Record({.kind = model::ChangeKind::kStopCrawl,
                .object = absl::StrCat(name, " run ", run.id),
                .notify = false});
    RETURN_IF_ERROR(txn.Commit());
  }
  if (stopper) stopper(run.id);
  return run;
}

absl::StatusOr<CrawlerMetrics> CrawlerService::GetCrawlerMetrics(const model::RequestContext& ctx,
                                                                 const std::string& name) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kGetCrawlerMetrics,
                                                     core_->arns().Crawler(name)));
  RETURN_IF_ERROR(txn->crawlers().GetCrawler(name).status());
  ASSIGN_OR_RETURN(std::vector<model::CrawlRun> runs, txn->crawlers().ListCrawlRuns(name, 0));
  CrawlerMetrics m;
  m.crawler = name;
  std::vector<double> times;
  for (const model::CrawlRun& r : runs) {  // newest first
    m.tables_created += r.tables_created;
    m.tables_updated += r.tables_updated;
    m.tables_deleted += r.tables_deleted;
    if (r.status == "RUNNING") continue;
    const double seconds = static_cast<double>(std::max<int64_t>(0, r.end_time - r.start_time));
    if (times.empty()) m.last_runtime_seconds = seconds;
    times.push_back(seconds);
  }
  m.runs = static_cast<int64_t>(times.size());
  if (!times.empty()) {
    std::sort(times.begin(), times.end());
    const size_t n = times.size();
    m.median_runtime_seconds = n % 2 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
  }
  return m;
}

absl::StatusOr<std::optional<model::CrawlRun>> CrawlerService::LastSucceededCrawl(
    const model::RequestContext& ctx, const std::string& crawler) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kListCrawls,
                                                     core_->arns().Crawler(crawler)));
  RETURN_IF_ERROR(txn->crawlers().GetCrawler(crawler).status());
  return txn->crawlers().LastSucceededCrawl(crawler);
}

absl::StatusOr<std::vector<model::CrawlRun>> CrawlerService::ListCrawls(
    const model::RequestContext& ctx, const std::string& crawler, int64_t limit) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kListCrawls,
                                                     core_->arns().Crawler(crawler)));
  RETURN_IF_ERROR(txn->crawlers().GetCrawler(crawler).status());
  return txn->crawlers().ListCrawlRuns(crawler, limit);
}

absl::StatusOr<model::CrawlRun> CrawlerService::GetCrawl(const model::RequestContext& ctx,
                                                         const std::string& crawler,
                                                         const std::string& id) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kListCrawls,
                                                     core_->arns().Crawler(crawler)));
  ASSIGN_OR_RETURN(model::CrawlRun run, txn->crawlers().GetCrawlRun(id));
  if (run.crawler != crawler) {
    return absl::NotFoundError(absl::StrCat("crawler '", crawler, "' has no run '", id, "'"));
  }
  return run;
}

absl::StatusOr<bool> CrawlerService::RecordCrawl(const model::RequestContext& ctx,
                                                 model::CrawlRun run) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kRecordCrawl,
                                                       core_->arns().Crawler(run.crawler)));
  ASSIGN_OR_RETURN(model::CrawlRun stored, txn->crawlers().GetCrawlRun(run.id));
  if (Final(stored.status)) {
    return absl::FailedPreconditionError(
        absl::StrCat("crawl run '", run.id, "' has ended (", stored.status, ")"));
  }
  if (run.errors.size() > kMaxRunErrors) run.errors.resize(kMaxRunErrors);
  run.error_count = std::max<int64_t>(run.error_count, static_cast<int64_t>(run.errors.size()));
  run.start_time = stored.start_time;
  run.stop_requested = run.stop_requested || stored.stop_requested;
  if (Final(run.status)) run.end_time = core_->NowSeconds();
  RETURN_IF_ERROR(txn->crawlers().UpdateCrawlRun(run));
  run.owner = stored.owner;
  if (Final(run.status)) {
    txn.Record({.kind = model::ChangeKind::kFinishCrawl,
                .object = absl::StrCat(run.crawler, " run ", run.id, " ", run.status),
                .notify = false});
  }
  RETURN_IF_ERROR(txn.Commit());
  return run.stop_requested;
}

absl::StatusOr<int> CrawlerService::FailAbandonedCrawls(const model::RequestContext& ctx) {
  return FailAbandonedRuns(ctx, /*at_start=*/true);
}

absl::StatusOr<int> CrawlerService::FailRunsOfGoneServers(const model::RequestContext& ctx) {
  return FailAbandonedRuns(ctx, /*at_start=*/false);
}

absl::StatusOr<int> CrawlerService::FailAbandonedRuns(const model::RequestContext& ctx,
                                                      bool at_start) {
  const RunOwnership ownership = Ownership();
  const bool owners_known = static_cast<bool>(ownership.alive);
  if (!owners_known && !at_start) return 0;
  // Without owners (a tool, a test) this runs at start-up only: every
  // RUNNING run was left by a process that is gone.
  auto abandoned = [&](const model::CrawlRun& r) {
    return !owners_known || ownership.Abandoned(r);
  };
  {
    // Most of the time nothing is running: a read, no write transaction.
    ASSIGN_OR_RETURN(ReadScope read,
                     core_->gate().Read(ctx, actions::kListCrawls, core_->arns().Catalog()));
    ASSIGN_OR_RETURN(std::vector<model::CrawlRun> running, read->crawlers().AllRunningCrawls());
    if (std::none_of(running.begin(), running.end(), abandoned)) return 0;
  }
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kRecordCrawl, core_->arns().Catalog()));
  ASSIGN_OR_RETURN(std::vector<model::CrawlRun> running, txn->crawlers().AllRunningCrawls());
  int failed = 0;
  for (model::CrawlRun& run : running) {
    if (!abandoned(run)) continue;
    RETURN_IF_ERROR(FailAbandoned(txn, std::move(run)));
    ++failed;
  }
  RETURN_IF_ERROR(txn.Commit());
  return failed;
}

}  // namespace almanac::service
