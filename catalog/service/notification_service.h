// NotificationService: reading Hive's notification log (what Impala and
// replication poll), and its expiry. Events are derived from change records
// by the notification log (notification_log.h), never written here.
//
// Thread-safe. Every call goes through the gate (gate.h).
//
// Errors: PermissionDenied from the gate; the store's otherwise.
#ifndef ALMANAC_CATALOG_SERVICE_NOTIFICATION_SERVICE_H_
#define ALMANAC_CATALOG_SERVICE_NOTIFICATION_SERVICE_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "catalog/model/notification.h"
#include "catalog/model/request_context.h"
#include "catalog/service/service_core.h"
#include "storage/store.h"

namespace almanac::service {

class NotificationService {
 public:
  explicit NotificationService(ServiceCore* core) : core_(core) {}

  // Events with ids above `after_id` in id order, at most `max_events` (0 or
  // negative: no limit), filtered by `filter`.
  absl::StatusOr<std::vector<model::NotificationEvent>> ListNotifications(
      const model::RequestContext& ctx, int64_t after_id, int64_t max_events,
      const model::NotificationFilter& filter);
  // The newest event id (0 when there is none).
  absl::StatusOr<int64_t> CurrentNotificationId(const model::RequestContext& ctx);
  // Events with from_id < id (<= to_id when to_id > 0) of database `db`
  // (every database when empty; case-insensitive).
  absl::StatusOr<int64_t> CountNotifications(const model::RequestContext& ctx, int64_t from_id,
                                             int64_t to_id, std::string_view db);
  // Deletes the events older than notification_ttl_seconds before `now`,
  // oldest first, in transactions of at most 10,000 events so writers wait
  // little; returns how many. A client that was behind then finds its next
  // event missing, as with the Java metastore's cleaner.
  absl::StatusOr<int64_t> ExpireNotifications(const model::RequestContext& ctx, absl::Time now);

 private:
  ServiceCore* core_;
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_NOTIFICATION_SERVICE_H_
