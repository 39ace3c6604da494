#include "tools/almanac/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/classifiers/builtin.h"
#include "catalog/crawler/s3/s3_connections.h"
#include "catalog/crawler/s3/s3_file_system.h"
#include "catalog/classifiers/registry.h"
#include "catalog/service/audit_trail.h"
#include "catalog/service/policy_authorizer.h"
#include "common/absl_view.h"
#include "common/owner_lock.h"
#include "common/status_macros.h"
#include "storage/sqlite/sqlite_store.h"
#include "tools/almanac/audit_log.h"
#include "tools/almanac/cli_support.h"

namespace almanac::tools {

std::string DefaultDataDir() {
  if (geteuid() == 0) return "/var/lib/almanac";
  const char* xdg = std::getenv("XDG_DATA_HOME");
  if (xdg != nullptr && xdg[0] != '\0') return absl::StrCat(xdg, "/almanac");
  const char* home = std::getenv("HOME");
  return absl::StrCat(home != nullptr && home[0] != '\0' ? home : ".", "/.local/share/almanac");
}

bool IsLoopbackAddress(std::string_view address) {
  size_t colon = address.rfind(':');
  std::string_view host = colon == std::string_view::npos ? address : address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (absl::EqualsIgnoreCase(AbslView(host), "localhost") || host == "::1") return true;
  in_addr v4{};
  std::string text(host);
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

std::string CatalogPath(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "catalog.db").string();
}

absl::StatusOr<std::unique_ptr<Server>> Server::Open(const ServerOptions& options,
                                                     Logger* logger) {
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) {
    return absl::FailedPreconditionError(absl::StrCat("cannot create data directory '",
                                                      options.data_dir, "': ", ec.message()));
  }
  // Named S3 connections, read and checked before anything is opened.
  std::map<std::string, std::unique_ptr<crawler::FileSystem>> s3_connections;
  if (!options.s3_connections_file.empty()) {
    ASSIGN_OR_RETURN(std::string text,
                     ReadTextFile(options.s3_connections_file, "--s3-connections-file"));
    ASSIGN_OR_RETURN(auto configs, crawler::s3::ParseS3Connections(text));
    for (auto& [name, config] : configs) {
      auto fs = crawler::s3::NewS3FileSystem(config);
      if (!fs.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("S3 connection '", name, "': ", fs.status().message()));
      }
      logger->Log(LogLevel::kInfo, "s3_connection",
                  {{"name", name},
                   {"config", crawler::s3::DebugString(
                                  *crawler::s3::ResolveS3Config(config))}});
      s3_connections[name] = *std::move(fs);
    }
  }
  const std::string db_path = CatalogPath(options.data_dir);
  storage::SqliteStoreOptions store_options;
  store_options.path = db_path;
  store_options.key_columns_bytes = static_cast<size_t>(options.key_columns_memory_mb) << 20;
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store,
                   storage::OpenSqliteStore(store_options));

  service::CatalogOptions catalog_options;
  catalog_options.warehouse_root =
      options.warehouse.empty()
          ? absl::StrCat("file:", (std::filesystem::path(options.data_dir) / "warehouse").string())
          : options.warehouse;
  catalog_options.lock_timeout_seconds = options.lock_timeout_seconds;
  catalog_options.notification_ttl_seconds = options.notification_ttl_seconds;
  catalog_options.max_versions_per_table = options.max_versions_per_table;
  catalog_options.dropped_history_retention_seconds = options.dropped_history_retention_seconds;
  catalog_options.arns = model::ResourceArns(options.region, options.account);
  if (options.enforce_policies && options.admins.empty()) {
    return absl::InvalidArgumentError(
        "--enforce-policies needs at least one --admin (user/NAME or group/NAME): without one, "
        "nobody could write the first policy");
  }
  catalog_options.policies = std::make_shared<service::PolicyAuthorizer>(
      service::PolicyAuthorizerOptions{.arns = catalog_options.arns,
                                       .enforce = options.enforce_policies,
                                       .admins = options.admins});
  if (options.lockdown) {
    catalog_options.authorizer = service::LockdownAuthorizer();
    logger->Log(LogLevel::kWarning, "lockdown", {{"reason", "--lockdown: every call is refused"}});
  } else if (options.enforce_policies) {
    catalog_options.authorizer = catalog_options.policies;
  }
  // The trail in the catalog database always; the JSON-lines file too when
  // asked for.
  auto trail = std::make_shared<service::AuditTrail>(
      service::AuditTrailOptions{.record_reads = options.audit_reads});
  std::vector<std::shared_ptr<service::AuditSink>> sinks = {trail};
  if (!options.audit_log.empty()) {
    ASSIGN_OR_RETURN(std::shared_ptr<AuditLog> file, AuditLog::Open(options.audit_log));
    sinks.push_back(std::move(file));
  }
  catalog_options.audit = service::AuditSinks(std::move(sinks));
  // A data step (mkdir, move, delete of a managed directory) that was skipped
  // or failed after its catalog change committed is worth one log line.
  catalog_options.on_data_warning = [logger](const absl::Status& status) {
    logger->Log(LogLevel::kWarning, "data_step_skipped", {{"reason", std::string(status.message())}});
  };
  auto service = std::make_unique<service::CatalogService>(store.get(), catalog_options);
  ASSIGN_OR_RETURN(std::vector<std::string> policy_problems,
                   service->policies().Load(model::RequestContext::Internal("policies")));
  trail->Start(&service->gate());
  for (const std::string& problem : policy_problems) {
    logger->Log(LogLevel::kWarning, "policy_skipped", {{"reason", problem}});
  }
  if (options.enforce_policies) {
    logger->Log(LogLevel::kInfo, "policies_enforced",
                {{"admins", absl::StrJoin(options.admins, ",")}});
  }
  ASSIGN_OR_RETURN(bool created_default, service->databases().EnsureDefaultDatabase(model::RequestContext::Internal("default-database")));
  if (created_default) {
    logger->Log(LogLevel::kInfo, "default_database_created",
                {{"location", catalog_options.warehouse_root}});
  }
  // The crawler's classifiers; custom classifier definitions are checked by
  // compiling them, so a bad grok pattern is refused when it is stored.
  auto classifier_registry = std::make_unique<classifiers::ClassifierRegistry>();
  RETURN_IF_ERROR(classifiers::RegisterBuiltinClassifiers(*classifier_registry));
  service->crawlers().SetClassifierCheck([](const model::ClassifierDefinition& d) {
    return classifiers::MakeCustomClassifier(d).status();
  });
  // This process owns the crawl runs it starts for as long as it holds its
  // lock file; a server sharing the catalog fails them only once it is gone.
  const std::string owners_dir = (std::filesystem::path(options.data_dir) / "run-owners").string();
  ASSIGN_OR_RETURN(OwnerLock owner, OwnerLock::Acquire(owners_dir));
  service->crawlers().SetRunOwnership(owner.id(), [owners_dir](const std::string& id) {
    return OwnerLock::IsHeld(owners_dir, id);
  });
  ASSIGN_OR_RETURN(int abandoned, service->crawlers().FailAbandonedCrawls(
                                      model::RequestContext::Internal("crawler")));
  if (abandoned > 0) {
    logger->Log(LogLevel::kWarning, "crawls_abandoned",
                {{"runs", abandoned}, {"reason", "the server stopped during the run"}});
  }
  logger->Log(LogLevel::kInfo, "store_opened",
              {{"path", db_path},
               {"warehouse", catalog_options.warehouse_root},
               {"instance", owner.id()},
               {"key_columns_mb", options.key_columns_memory_mb}});
  return std::unique_ptr<Server>(new Server(logger, db_path, options, std::move(store),
                                            std::move(service), std::move(trail),
                                            std::move(classifier_registry),
                                            std::move(s3_connections), std::move(owner)));
}

Server::Server(Logger* logger, std::string db_path, ServerOptions options,
               std::unique_ptr<storage::Store> store,
               std::unique_ptr<service::CatalogService> service,
               std::shared_ptr<service::AuditTrail> audit_trail,
               std::unique_ptr<classifiers::ClassifierRegistry> classifiers,
               std::map<std::string, std::unique_ptr<crawler::FileSystem>> s3_connections,
               OwnerLock owner)
    : logger_(logger),
      db_path_(std::move(db_path)),
      options_(std::move(options)),
      store_(std::move(store)),
      service_(std::move(service)),
      audit_trail_(std::move(audit_trail)),
      owner_(std::move(owner)),
      classifiers_(std::move(classifiers)),
      files_(crawler::NewLocalFileSystem()) {
  // S3 for crawler targets: the connections file's [default], else
  // configured as the AWS SDKs are (AWS_ENDPOINT_URL_S3, AWS_ACCESS_KEY_ID,
  // AWS_REGION, ...); without it s3:// targets fail.
  if (auto d = s3_connections.find(crawler::s3::kDefaultConnection); d != s3_connections.end()) {
    s3_ = std::move(d->second);
    s3_connections.erase(d);
  } else {
    auto s3 = crawler::s3::NewS3FileSystem(crawler::s3::S3Config{});
    if (s3.ok()) {
      s3_ = *std::move(s3);
    } else {
      logger->Log(LogLevel::kWarning, "s3_not_configured",
                  {{"reason", std::string(s3.status().message())}});
    }
  }
  s3_named_ = std::move(s3_connections);
  crawler::CrawlerRunnerOptions runner_options;
  runner_options.s3 = s3_.get();
  for (const auto& [name, fs] : s3_named_) runner_options.s3_connections[name] = fs.get();
  runner_options.on_finished = [logger](const model::CrawlRun& run) {
    logger->Log(run.status == "SUCCEEDED" ? LogLevel::kInfo : LogLevel::kWarning, "crawl_finished",
                {{"crawler", run.crawler},
                 {"run", run.id},
                 {"status", run.status},
                 {"files", run.files_seen},
                 {"tables_created", run.tables_created},
                 {"tables_updated", run.tables_updated},
                 {"partitions_added", run.partitions_added},
                 {"errors", run.error_count},
                 {"message", run.message}});
  };
  crawler_ = std::make_unique<crawler::CrawlerRunner>(service_.get(), classifiers_.get(),
                                                      files_.get(), std::move(runner_options));
  service_->crawlers().SetLauncher(
      [runner = crawler_.get()](const model::CrawlerDefinition& d, const model::CrawlRun& r) {
        return runner->Launch(d, r);
      });
  service_->crawlers().SetStopper(
      [runner = crawler_.get()](const std::string& run_id) { return runner->Stop(run_id); });
  crawler::CrawlSchedulerOptions scheduler_options;
  scheduler_options.log = [logger](const std::string& line) {
    logger->Log(LogLevel::kInfo, "crawl_schedule", {{"message", line}});
  };
  scheduler_ = std::make_unique<crawler::CrawlScheduler>(service_.get(),
                                                         std::move(scheduler_options));
  service_->crawlers().SetScheduleObserver(
      [scheduler = scheduler_.get()] { scheduler->Poke(); });
}

Server::~Server() { Shutdown(absl::Now()); }

void Server::AddFrontEnd(std::unique_ptr<FrontEnd> front_end) {
  front_ends_.push_back(std::move(front_end));
}

absl::Status Server::Start() {
  // Checked for every front end before any starts: a refusal leaves nothing
  // half up.
  for (const std::unique_ptr<FrontEnd>& front_end : front_ends_) {
    if (front_end->authenticates() || IsLoopbackAddress(front_end->listen_address())) continue;
    if (!options_.allow_unauthenticated_remote) {
      return absl::FailedPreconditionError(
          absl::StrCat("the ", AbslView(front_end->name()), " front end would listen on ",
                       front_end->listen_address(),
                       ", beyond loopback, without authentication; turn authentication on for "
                       "it, or pass --allow-unauthenticated-remote to accept that any client "
                       "may claim any identity"));
    }
    logger_->Log(LogLevel::kWarning, "unauthenticated_remote",
                 {{"front_end", front_end->name()},
                  {"address", front_end->listen_address()},
                  {"reason",
                   "--allow-unauthenticated-remote: clients beyond this host are not "
                   "authenticated and may claim any identity"}});
  }
  for (const std::unique_ptr<FrontEnd>& front_end : front_ends_) {
    absl::Status status = front_end->Start(service_.get());
    if (!status.ok()) {
      Shutdown(absl::Now());
      return status;
    }
    ++started_;
    logger_->Log(LogLevel::kInfo, "listening",
                 {{"front_end", front_end->name()},
                  {"address", front_end->listen_address()},
                  {"port", front_end->port()}});
  }
  maintenance_ = std::thread([this] { MaintenanceLoop(); });
  // Crawlers whose fire time passed while no server ran start now, once.
  scheduler_->Start();
  return absl::OkStatus();
}

void Server::MaintenanceLoop() {
  // Once, off the start-up path: the first registration of each schema then
  // finds the versions it is checked against parsed already.
  absl::StatusOr<int64_t> warmed =
      service_->registry().WarmCache(model::RequestContext::Internal("registry-cache"));
  if (!warmed.ok()) {
    logger_->Log(LogLevel::kWarning, "registry_cache_not_warmed",
                 {{"error", std::string(warmed.status().message())}});
  } else if (*warmed > 0) {
    logger_->Log(LogLevel::kInfo, "registry_cache_warmed",
                 {{"versions", absl::StrCat(*warmed)}});
  }
  while (true) {
    ExpireNotifications();
    ExpireDroppedHistories();
    absl::MutexLock lock(&maintenance_mu_);
    auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(maintenance_mu_) {
      return stop_maintenance_;
    };
    if (maintenance_mu_.AwaitWithTimeout(absl::Condition(&stopping),
                                         options_.maintenance_interval)) {
      return;
    }
  }
}

void Server::ExpireNotifications() {
  absl::StatusOr<int64_t> expired = service_->notifications().ExpireNotifications(model::RequestContext::Internal("notification-expiry"), absl::Now());
  if (!expired.ok()) {
    // Tried again at the next pass; the log only grows meanwhile.
    logger_->Log(LogLevel::kWarning, "notification_expiry_failed",
                 {{"reason", std::string(expired.status().message())}});
  } else if (*expired > 0) {
    logger_->Log(LogLevel::kInfo, "notifications_expired",
                 {{"count", *expired}, {"ttl_seconds", options_.notification_ttl_seconds}});
  }
}

void Server::ExpireDroppedHistories() {
  if (options_.dropped_history_retention_seconds <= 0) return;
  absl::StatusOr<int64_t> expired = service_->versions().ExpireDroppedHistories(
      model::RequestContext::Internal("history-expiry"),
      absl::ToUnixSeconds(absl::Now()) - options_.dropped_history_retention_seconds);
  if (!expired.ok()) {
    logger_->Log(LogLevel::kWarning, "history_expiry_failed",
                 {{"reason", std::string(expired.status().message())}});
  } else if (*expired > 0) {
    logger_->Log(LogLevel::kInfo, "dropped_histories_expired",
                 {{"count", *expired},
                  {"retention_seconds", options_.dropped_history_retention_seconds}});
  }
}

void Server::Shutdown(absl::Time deadline) {
  if (shut_down_) return;
  shut_down_ = true;
  if (maintenance_.joinable()) {
    {
      absl::MutexLock lock(&maintenance_mu_);
      stop_maintenance_ = true;
    }
    maintenance_.join();
  }
  // Reverse order: the last front end started is the first stopped.
  for (size_t i = started_; i > 0; --i) {
    FrontEnd& front_end = *front_ends_[i - 1];
    front_end.Shutdown(deadline);
    logger_->Log(LogLevel::kInfo, "front_end_stopped", {{"front_end", front_end.name()}});
  }
  // No call or schedule can start a crawl any more: running ones stop at
  // their next file boundary and record themselves CANCELLED.
  if (scheduler_ != nullptr) scheduler_->Stop();
  if (crawler_ != nullptr) crawler_->Shutdown();
  // No handler runs any more: the queued audit records go in, then the
  // service and the store can go.
  if (audit_trail_ != nullptr) audit_trail_->Stop();
  service_.reset();
  store_.reset();
  logger_->Log(LogLevel::kInfo, "store_closed", {{"path", db_path_}});
}

}  // namespace almanac::tools
