// ServiceCore: what every concern class of the service shares, and the only
// way any of them reaches the catalog: the gate (gate.h), which holds the
// store. Also the options, the clock and the warehouse (data directories).
//
// The service is split by concern, one pattern throughout: one class per
// concern (databases, tables, partitions, partition indexes, column
// statistics, functions, Hive grants, locks, notifications, the session),
// each over this shared core, each in its own header and source;
// CatalogService (catalog_service.h) owns the core and the concern objects
// and hands them out, nothing more.
//
// Thread-safe: immutable after construction apart from the gate, which is
// thread-safe.
#ifndef ALMANAC_CATALOG_SERVICE_SERVICE_CORE_H_
#define ALMANAC_CATALOG_SERVICE_SERVICE_CORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "catalog/model/resource_arn.h"
#include "catalog/service/gate.h"
#include "catalog/service/warehouse.h"
#include "storage/store.h"

namespace almanac::service {

class PolicyAuthorizer;

struct CatalogOptions {
  // Root under which databases without a location get "<root>/<db>.db" and
  // managed tables "<db location>/<table>".
  std::string warehouse_root = "file:/tmp/almanac/warehouse";
  // Largest page a listing returns; larger requests are clamped.
  int64_t max_page_size = 1000;
  // A partition listing stops after storage has read this many rows (whether
  // or not they pass the filter) and returns what it found, possibly
  // nothing, with a token that resumes after the last row read, so one call
  // never scans a whole huge table.
  int64_t max_rows_examined_per_page = 100000;
  // Whether filtered listings may use the built-in index on the leading
  // partition keys (migration 0005). Off only to compare plans in tests and
  // benchmarks: the same listing then reads in name order.
  bool leading_key_index = true;
  // A lock whose holder neither heartbeats nor checks it for this long is
  // released (Hive's hive.txn.timeout).
  int64_t lock_timeout_seconds = 300;
  // Notification events older than this are deleted by ExpireNotifications
  // (Hive's hive.metastore.event.db.listener.timetolive, one day by
  // default); 0 keeps them forever.
  int64_t notification_ttl_seconds = 86400;
  // Table history (version_archive.h): each table keeps at most this many
  // versions, the oldest pruned as new ones come (Glue's quota; 0: no cap).
  int64_t max_versions_per_table = 100000;
  // A dropped table's history (what undrop restores) is deleted this long
  // after the drop, by the server's maintenance; 0 keeps it until purged.
  int64_t dropped_history_retention_seconds = 30 * 86400;
  // Data directories (warehouse.h), handled as the Java metastore does:
  // created with a new database or managed table, moved when a managed table
  // at its default location is renamed, deleted by drops asked to delete
  // data. Null: NewLocalWarehouse().
  std::shared_ptr<Warehouse> warehouse;
  // Told about each data step that was skipped (a location the warehouse
  // cannot handle, e.g. s3a) or failed after the catalog change committed;
  // the call itself still succeeds. Null: a line on stderr. Thread-safe.
  std::function<void(const absl::Status&)> on_data_warning;
  // The region and account in resource ARNs, and who decides and who hears
  // about every call (gate.h). Null authorizer: allow all; null audit: none.
  model::ResourceArns arns;
  std::shared_ptr<Authorizer> authorizer;
  std::shared_ptr<AuditSink> audit;
  // The stored policies, the simulator and who-can; also `authorizer` when
  // policies are enforced. Null: one that enforces nothing.
  std::shared_ptr<PolicyAuthorizer> policies;
};

class ServiceCore {
 public:
  // `store` must outlive the core.
  ServiceCore(storage::Store* store, CatalogOptions options);

  ServiceCore(const ServiceCore&) = delete;
  ServiceCore& operator=(const ServiceCore&) = delete;

  Gate& gate() { return gate_; }
  const model::ResourceArns& arns() const { return gate_.arns(); }
  const CatalogOptions& options() const { return options_; }
  Warehouse& warehouse() { return *options_.warehouse; }

  // Seconds since the epoch.
  int64_t NowSeconds() const;

  // Reports a skipped or failed data step through options().on_data_warning.
  void DataWarning(const absl::Status& status);
  // Runs a data step after its catalog change committed: a failure is only
  // reported (the catalog change stands, as in Hive).
  void AfterCommit(const absl::Status& step);

 private:
  CatalogOptions options_;
  Gate gate_;
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_SERVICE_CORE_H_
