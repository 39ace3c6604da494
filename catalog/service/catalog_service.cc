#include "catalog/service/catalog_service.h"

#include <memory>
#include <utility>

#include "catalog/service/notification_log.h"
#include "catalog/service/version_archive.h"

namespace almanac::service {

CatalogService::CatalogService(storage::Store* store, CatalogOptions options)
    : core_(store, std::move(options)),
      databases_(&core_),
      tables_(&core_),
      versions_(&core_),
      partitions_(&core_),
      partition_indexes_(&core_),
      statistics_(&core_),
      functions_(&core_),
      grants_(&core_),
      locks_(&core_),
      notifications_(&core_),
      session_(&core_),
      policies_(&core_, core_.options().policies != nullptr
                            ? core_.options().policies
                            : std::make_shared<PolicyAuthorizer>(
                                  PolicyAuthorizerOptions{.arns = core_.arns()})),
      registry_(&core_),
      crawlers_(&core_) {
  core_.gate().AddObserver(std::make_shared<NotificationLog>());
  core_.gate().AddObserver(std::make_shared<VersionArchive>(
      core_.options().max_versions_per_table, [core = &core_] { return core->NowSeconds(); }));
}

CatalogService::~CatalogService() = default;

}  // namespace almanac::service
