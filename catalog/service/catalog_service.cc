#include "catalog/service/catalog_service.h"

#include <memory>
#include <utility>

#include "catalog/service/notification_log.h"

namespace almanac::service {

CatalogService::CatalogService(storage::Store* store, CatalogOptions options)
    : core_(store, std::move(options)),
      databases_(&core_),
      tables_(&core_),
      partitions_(&core_),
      partition_indexes_(&core_),
      statistics_(&core_),
      functions_(&core_),
      grants_(&core_),
      locks_(&core_),
      notifications_(&core_),
      session_(&core_) {
  core_.gate().AddObserver(std::make_shared<NotificationLog>());
}

CatalogService::~CatalogService() = default;

}  // namespace almanac::service
