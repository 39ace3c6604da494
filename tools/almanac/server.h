// Server: what `almanac serve` runs. It owns the catalog Store (the SQLite
// file under the data directory), the CatalogService over it, and a list of
// front ends (gRPC now; the Hive Metastore Thrift front end plugs in with
// AddFrontEnd) that all call that one service.
//
// Lifecycle: Open() -> AddFrontEnd()... -> Start() -> Shutdown(). Shutdown
// stops every front end (each finishes its in-flight calls until the
// deadline), then releases the service and closes the store, so that the
// last acknowledged write is on disk when the process exits.
//
// Thread safety: the lifecycle methods are called from one thread; the
// service itself is thread-safe and shared by all front ends.
#ifndef ALMANAC_TOOLS_ALMANAC_SERVER_H_
#define ALMANAC_TOOLS_ALMANAC_SERVER_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "catalog/service/audit_trail.h"
#include "catalog/classifiers/registry.h"
#include "catalog/crawler/crawler_runner.h"
#include "catalog/crawler/scheduler.h"
#include "catalog/crawler/file_system.h"
#include "catalog/service/catalog_service.h"
#include "common/owner_lock.h"
#include "storage/store.h"
#include "tools/almanac/front_end.h"
#include "tools/almanac/log.h"

namespace almanac::tools {

struct ServerOptions {
  std::string data_dir;   // created when missing; holds catalog.db
  std::string warehouse;  // empty: "file:<data_dir>/warehouse"
  // A lock not heartbeaten for this long is released.
  int64_t lock_timeout_seconds = 300;
  // Notification events older than this are deleted (0: kept forever), at
  // start and then every maintenance_interval.
  int64_t notification_ttl_seconds = 86400;
  // Memory for key columns of large tables (storage/sqlite/key_columns.h).
  int64_t key_columns_memory_mb = 256;
  absl::Duration maintenance_interval = absl::Minutes(1);
  // Table history: versions kept per table (0: no cap), and how long a
  // dropped table's history (what undrop restores) is kept after the drop
  // (0: until purged), expired at start and then every maintenance_interval.
  int64_t max_versions_per_table = 100000;
  int64_t dropped_history_retention_seconds = 30 * 86400;
  // Resource ARNs' region and account (policies copied from AWS name them).
  std::string region = model::kDefaultRegion;
  std::string account = model::kDefaultAccount;
  // Every call refused (the internal maintenance still runs).
  bool lockdown = false;
  // Where every gate decision and write outcome is appended as a JSON line;
  // empty: nowhere.
  std::string audit_log;
  // Whether resource and identity policies decide every call; the
  // administrators ("user/NAME", "group/NAME", "role/NAME") may always manage
  // policies and read the audit trail unless a policy explicitly denies it.
  bool enforce_policies = false;
  std::vector<std::string> admins;
  // Whether allowed reads go into the audit trail too (changes, denials and
  // errors always do).
  bool audit_reads = false;
  // Lets a front end that does not authenticate listen on a non-loopback
  // address (a warning is logged); without it Start refuses.
  bool allow_unauthenticated_remote = false;
  // Named S3 connections for crawler targets (catalog/crawler/s3/
  // s3_connections.h); its [default] section, if any, replaces the
  // environment-only default. Empty: none.
  std::string s3_connections_file;
};

class Server {
 public:
  // Creates the data directory if needed and opens (migrating) the catalog
  // file. FailedPrecondition when the directory cannot be created or the file
  // is newer than this binary; other codes from the store.
  static absl::StatusOr<std::unique_ptr<Server>> Open(const ServerOptions& options,
                                                      Logger* logger);

  ~Server();

  void AddFrontEnd(std::unique_ptr<FrontEnd> front_end);

  // Starts the front ends in order, logging one "listening" line each, then
  // the maintenance thread (notification expiry). On a failure the front
  // ends already started are shut down again. FailedPrecondition, before
  // anything starts, when a front end that does not authenticate would
  // listen on a non-loopback address without allow_unauthenticated_remote.
  absl::Status Start();

  // Stops the maintenance thread and the front ends (in reverse order), then
  // closes the store. Idempotent.
  void Shutdown(absl::Time deadline);

  const std::vector<std::unique_ptr<FrontEnd>>& front_ends() const { return front_ends_; }
  service::CatalogService* catalog() { return service_.get(); }

 private:
  Server(Logger* logger, std::string db_path, ServerOptions options,
         std::unique_ptr<storage::Store> store, std::unique_ptr<service::CatalogService> service,
         std::shared_ptr<service::AuditTrail> audit_trail,
         std::unique_ptr<classifiers::ClassifierRegistry> classifiers,
         std::map<std::string, std::unique_ptr<crawler::FileSystem>> s3_connections,
         OwnerLock owner);

  // Runs the periodic work until Shutdown: one pass at once, then one per
  // maintenance_interval.
  void MaintenanceLoop();
  void ExpireNotifications();
  void ExpireDroppedHistories();

  Logger* const logger_;
  const std::string db_path_;
  const ServerOptions options_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<service::CatalogService> service_;
  std::shared_ptr<service::AuditTrail> audit_trail_;
  // Held while this process runs: it owns the crawl runs it starts.
  OwnerLock owner_;
  // The crawler: built-in classifiers, local files, and the runner that the
  // crawler service launches runs on (stopped before the service goes).
  std::unique_ptr<classifiers::ClassifierRegistry> classifiers_;
  std::unique_ptr<crawler::FileSystem> files_;
  std::unique_ptr<crawler::FileSystem> s3_;  // null when S3 is not configured
  std::map<std::string, std::unique_ptr<crawler::FileSystem>> s3_named_;
  std::unique_ptr<crawler::CrawlerRunner> crawler_;
  std::unique_ptr<crawler::CrawlScheduler> scheduler_;  // started by Start()
  std::vector<std::unique_ptr<FrontEnd>> front_ends_;
  size_t started_ = 0;
  bool shut_down_ = false;
  std::thread maintenance_;
  absl::Mutex maintenance_mu_;
  bool stop_maintenance_ ABSL_GUARDED_BY(maintenance_mu_) = false;
};

// The default data directory: /var/lib/almanac for root, else
// $XDG_DATA_HOME/almanac, else ~/.local/share/almanac.
std::string DefaultDataDir();

// Whether "host:port" ("[v6]:port") names a loopback host: 127.0.0.0/8,
// ::1 or localhost. Wildcards (0.0.0.0, ::, empty) and other names are not.
bool IsLoopbackAddress(std::string_view address);

// "<data_dir>/catalog.db".
std::string CatalogPath(const std::string& data_dir);

}  // namespace almanac::tools

#endif  // ALMANAC_TOOLS_ALMANAC_SERVER_H_
