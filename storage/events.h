// EventReader / EventWriter: the notification log, the catalog's change events
// as Hive's notification API serves them, as one transaction sees it
// (ReadTransaction::events(), WriteTransaction::events()).
//
// Contract: an event is appended inside the write transaction of the change it
// describes, so it exists exactly when the change was committed. Ids grow by
// one per event and are never reused; a rolled-back transaction leaves no gap,
// and deleting old events never makes CurrentNotificationId go back. Listings
// are in id order. A writer method that fails leaves the transaction as it was
// before the call.
//
// Thread safety: as its transaction: one thread at a time. The reference a
// transaction hands out lives as long as the transaction.
#ifndef ALMANAC_STORAGE_EVENTS_H_
#define ALMANAC_STORAGE_EVENTS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/notification.h"

namespace almanac::storage {

class EventReader {
 public:
  // Events with ids above `after_id` in id order, at most `max` (0: no limit),
  // filtered by `filter`.
  virtual absl::StatusOr<std::vector<model::NotificationEvent>> ListNotifications(
      int64_t after_id, int64_t max, const model::NotificationFilter& filter) = 0;
  // The id of the newest event ever appended (0 when none), even when old
  // events were removed since.
  virtual absl::StatusOr<int64_t> CurrentNotificationId() = 0;
  // Events with from_id < id (and id <= to_id when to_id > 0) of `db` (every
  // database when empty).
  virtual absl::StatusOr<int64_t> CountNotifications(int64_t from_id, int64_t to_id,
                                                     std::string_view db) = 0;

 protected:
  // Owned by the transaction, never deleted through this interface.
  ~EventReader() = default;
};

class EventWriter : public EventReader {
 public:
  // Appends `event` (its event_id is ignored) and returns the id it got: one
  // more than the previous event's, never reused. Rolled back with the
  // transaction, which then leaves no gap.
  virtual absl::StatusOr<int64_t> AppendNotification(const model::NotificationEvent& event) = 0;
  // Deletes the oldest events (lowest ids first) whose event_time is before
  // `event_time`, at most `max_events` of them and then the rest of the last
  // one's commit (events of one commit share their time and may refer to
  // each other's payload); returns how many. Ids stay
  // unused: CurrentNotificationId does not go back. InvalidArgument when
  // `max_events` is not positive.
  virtual absl::StatusOr<int64_t> DeleteNotificationsBefore(int64_t event_time,
                                                            int64_t max_events) = 0;

 protected:
  ~EventWriter() = default;
};

}  // namespace almanac::storage

#endif  // ALMANAC_STORAGE_EVENTS_H_
