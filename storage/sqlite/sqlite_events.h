// SqliteEvents: the notification log in the SQLite store (EventWriter;
// notification_log, 0002), one object per transaction over its
// SqliteTransactionCore. Events are appended inside the caller's write
// transaction, so an event exists exactly when its change was committed, and
// AUTOINCREMENT ids (whose counter rolls back with the transaction) stay
// contiguous.
//
// Thread safety: not thread-safe; one thread at a time, like its transaction.
#ifndef ALMANAC_STORAGE_SQLITE_SQLITE_EVENTS_H_
#define ALMANAC_STORAGE_SQLITE_SQLITE_EVENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/sqlite_transaction_core.h"
#include "storage/store.h"

namespace almanac::storage::sqlite {

class SqliteEvents final : public EventWriter {
 public:
  // `core` outlives this object (SqliteTransaction owns both).
  explicit SqliteEvents(SqliteTransactionCore& core) : core_(core), conn_(core.conn()) {}
  SqliteEvents(const SqliteEvents&) = delete;
  SqliteEvents& operator=(const SqliteEvents&) = delete;

  // EventReader.
  absl::StatusOr<std::vector<model::NotificationEvent>> ListNotifications(
      int64_t after_id, int64_t max, const model::NotificationFilter& filter) override;
  absl::StatusOr<int64_t> CurrentNotificationId() override;
  absl::StatusOr<int64_t> CountNotifications(int64_t from_id, int64_t to_id,
                                             std::string_view db) override;

  // EventWriter.
  absl::StatusOr<int64_t> AppendNotification(const model::NotificationEvent& event) override;
  absl::StatusOr<int64_t> DeleteNotificationsBefore(int64_t event_time,
                                                    int64_t max_events) override;

 private:
  SqliteTransactionCore& core_;
  Connection* const conn_;
  // The table most recently serialised into a notification payload and its
  // JSON: consecutive events of one call (an ALTER_PARTITION per partition)
  // carry the same table, which costs more to serialise than the rest.
  std::optional<model::Table> notified_table_;
  std::string notified_table_json_;
  // The event of this transaction whose payload holds notified_table_json_,
  // and its time; 0 when none does yet. Later events of the same time with
  // the same table name it instead of holding the table again.
  int64_t notified_table_event_ = 0;
  int64_t notified_table_time_ = 0;
};

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_SQLITE_EVENTS_H_
