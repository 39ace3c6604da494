// CatalogService: the catalog's rules, one concern class each, over one shared
// core (service_core.h) whose gate (gate.h) every call passes. The gRPC and
// Thrift front ends are thin: each RPC converts its request, calls one method
// of one concern class and converts the result, so the two front ends cannot
// drift apart.
//
// This class only owns the core and the concern objects and hands them out;
// validation, defaults, cascade rules, all-or-nothing batches and page tokens
// live in the concern classes, persistence behind the gate in storage.
//
// Thread-safe: calls may come from any number of threads at once.
//
// Errors (absl::Status codes), in every concern: NotFound / AlreadyExists
// naming the object; InvalidArgument for malformed input (bad names, type
// strings, filters, page tokens); FailedPrecondition when state forbids the
// call (dropping a non-empty database without cascade, a compare-and-set that
// lost); PermissionDenied when the gate refuses; Aborted when a write could
// not get the writer slot in time; Unavailable while shutting down.
#ifndef ALMANAC_CATALOG_SERVICE_CATALOG_SERVICE_H_
#define ALMANAC_CATALOG_SERVICE_CATALOG_SERVICE_H_

#include <memory>

#include "catalog/service/crawler_service.h"
#include "catalog/service/database_service.h"
#include "catalog/service/function_service.h"
#include "catalog/service/gate.h"
#include "catalog/service/grant_service.h"
#include "catalog/service/lock_manager.h"
#include "catalog/service/notification_service.h"
#include "catalog/service/partition_index_service.h"
#include "catalog/service/partition_service.h"
#include "catalog/service/policy_service.h"
#include "catalog/service/registry_service.h"
#include "catalog/service/service_core.h"
#include "catalog/service/session_service.h"
#include "catalog/service/statistics_service.h"
#include "catalog/service/table_service.h"
#include "catalog/service/version_service.h"
#include "storage/store.h"

namespace almanac::service {

class CatalogService {
 public:
  // `store` must outlive the service. The notification log is the gate's
  // first change observer, table history (VersionArchive) its second.
  CatalogService(storage::Store* store, CatalogOptions options);
  ~CatalogService();

  DatabaseService& databases() { return databases_; }
  TableService& tables() { return tables_; }
  // Table history: versions, diffs, restore, undrop.
  VersionService& versions() { return versions_; }
  PartitionService& partitions() { return partitions_; }
  PartitionIndexService& partition_indexes() { return partition_indexes_; }
  StatisticsService& statistics() { return statistics_; }
  FunctionService& functions() { return functions_; }
  // Hive's roles and privilege grants (stored, not enforced).
  GrantService& grants() { return grants_; }
  LockManager& locks() { return locks_; }
  NotificationService& notifications() { return notifications_; }
  SessionService& session() { return session_; }
  // Resource and identity policies, the simulator, the audit trail.
  PolicyService& policies() { return policies_; }
  // The schema registry.
  RegistryService& registry() { return registry_; }
  // Custom classifiers, crawler definitions and crawl runs.
  CrawlerService& crawlers() { return crawlers_; }

  // The gate, to add change observers at start-up.
  Gate& gate() { return core_.gate(); }
  const CatalogOptions& options() const { return core_.options(); }

 private:
  ServiceCore core_;
  DatabaseService databases_;
  TableService tables_;
  VersionService versions_;
  PartitionService partitions_;
  PartitionIndexService partition_indexes_;
  StatisticsService statistics_;
  FunctionService functions_;
  GrantService grants_;
  LockManager locks_;
  NotificationService notifications_;
  SessionService session_;
  PolicyService policies_;
  RegistryService registry_;
  CrawlerService crawlers_;
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_CATALOG_SERVICE_H_
