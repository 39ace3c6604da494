// SqliteEvents: the notification log (notification_log, 0002). Events are
// appended inside the caller's write transaction, so an event exists exactly
// when its change was committed, and AUTOINCREMENT ids (whose counter rolls
// back with the transaction) stay contiguous.
#include "storage/sqlite/sqlite_events.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/status_macros.h"
#include "storage/sqlite/notification_codec.h"
#include "storage/sqlite/str_cat.h"

namespace almanac::storage::sqlite {
namespace {

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  for (const std::string& s : list) {
    if (s == value) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<int64_t> SqliteEvents::AppendNotification(const model::NotificationEvent& event) {
  int64_t id = 0;
  RETURN_IF_ERROR(core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("INSERT INTO notification_log (event_time, event_type,"
                                    " db_name, table_name, message_format, message)"
                                    " VALUES (?, ?, ?, ?, ?, ?)"));
    stmt.BindInt(1, event.event_time);
    stmt.BindText(2, event.event_type);
    if (event.database.empty()) {
      stmt.BindNull(3);
    } else {
      stmt.BindText(3, event.database);
    }
    if (event.table.empty()) {
      stmt.BindNull(4);
    } else {
      stmt.BindText(4, event.table);
    }
    stmt.BindText(5, kNotificationPayloadFormat);
    bool holds_table = false;
    if (event.table_after) {
      if (!notified_table_ || *notified_table_ != *event.table_after) {
        notified_table_json_ = TableAfterJson(*event.table_after);
        notified_table_ = *event.table_after;
        notified_table_event_ = 0;
      }
      if (notified_table_event_ != 0 && notified_table_time_ == event.event_time) {
        stmt.BindText(6, NotificationPayloadToJsonWithTableOf(event, notified_table_event_));
      } else {
        stmt.BindText(6, NotificationPayloadToJson(event, notified_table_json_));
        holds_table = true;
      }
    } else {
      stmt.BindText(6, NotificationPayloadToJson(event));
    }
    RETURN_IF_ERROR(stmt.Run());
    id = conn_->LastInsertRowId();
    if (holds_table) {
      notified_table_event_ = id;
      notified_table_time_ = event.event_time;
    }
    return absl::OkStatus();
  }));
  return id;
}

absl::StatusOr<std::vector<model::NotificationEvent>> SqliteEvents::ListNotifications(
    int64_t after_id, int64_t max, const model::NotificationFilter& filter) {
  // Filtering happens here rather than in SQL: the filter lists are short and
  // the scan is bounded by the id range and `max` either way.
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("SELECT event_id, event_time, event_type, db_name, table_name,"
                                  " message FROM notification_log WHERE event_id > ?"
                                  " ORDER BY event_id"));
  stmt.BindInt(1, after_id);
  // Tables of the events read so far, for the payloads that name them.
  absl::flat_hash_map<int64_t, model::Table> tables;
  const TableOfEvent table_of_event = [&](int64_t holder) -> absl::StatusOr<model::Table> {
    if (auto it = tables.find(holder); it != tables.end()) return it->second;
    // An event before this page, or one the filter skipped.
    ASSIGN_OR_RETURN(Statement read,
                     conn_->Prepare("SELECT message FROM notification_log WHERE event_id = ?"));
    read.BindInt(1, holder);
    ASSIGN_OR_RETURN(bool row, read.Step());
    if (!row) return absl::NotFoundError(StrCat("event ", holder, " no longer exists"));
    model::NotificationEvent held;
    held.event_id = holder;
    RETURN_IF_ERROR(NotificationPayloadFromJson(read.Text(0), &held));
    if (!held.table_after) {
      return absl::DataLossError(StrCat("event ", holder, " holds no table"));
    }
    return tables.emplace(holder, *held.table_after).first->second;
  };
  std::vector<model::NotificationEvent> events;
  while (max <= 0 || static_cast<int64_t>(events.size()) < max) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    model::NotificationEvent event;
    event.event_type = std::string(stmt.Text(2));
    if (Contains(filter.skip_types, event.event_type)) continue;
    event.database = stmt.IsNull(3) ? std::string() : std::string(stmt.Text(3));
    event.table = stmt.IsNull(4) ? std::string() : std::string(stmt.Text(4));
    if (!filter.database.empty() && event.database != filter.database) continue;
    if (!filter.tables.empty() && !Contains(filter.tables, event.table)) continue;
    event.event_id = stmt.Int(0);
    event.event_time = stmt.Int(1);
    RETURN_IF_ERROR(NotificationPayloadFromJson(stmt.Text(5), &event, table_of_event));
    if (event.table_after && !tables.contains(event.event_id)) {
      tables.emplace(event.event_id, *event.table_after);
    }
    events.push_back(std::move(event));
  }
  return events;
}

absl::StatusOr<int64_t> SqliteEvents::DeleteNotificationsBefore(int64_t event_time,
                                                                int64_t max_events) {
  if (max_events <= 0) return absl::InvalidArgumentError("max_events must be positive");
  int64_t deleted = 0;
  RETURN_IF_ERROR(core_.Atomically([&]() -> absl::Status {
    // Oldest ids first, so what is left is always a contiguous newest range:
    // up to the max_events-th oldest expired event, and then to the end of
    // its commit (the following events of the same time), because later
    // events of a commit may name the table an earlier one holds.
    int64_t last = INT64_MAX;
    {
      ASSIGN_OR_RETURN(Statement boundary,
                       conn_->Prepare("SELECT event_id, event_time FROM notification_log"
                                      " WHERE event_time < ? ORDER BY event_id LIMIT 1 OFFSET ?"));
      boundary.BindInt(1, event_time);
      boundary.BindInt(2, max_events - 1);
      ASSIGN_OR_RETURN(bool row, boundary.Step());
      if (row) {
        last = boundary.Int(0);
        const int64_t time = boundary.Int(1);
        ASSIGN_OR_RETURN(Statement next,
                         conn_->Prepare("SELECT min(event_id) FROM notification_log"
                                        " WHERE event_id > ? AND event_time <> ?"));
        next.BindInt(1, last);
        next.BindInt(2, time);
        ASSIGN_OR_RETURN(bool found, next.Step());
        if (found && !next.IsNull(0)) {
          last = next.Int(0) - 1;
        } else {
          last = INT64_MAX;
        }
      }
    }
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("DELETE FROM notification_log WHERE event_time < ?"
                                    " AND event_id <= ?"));
    stmt.BindInt(1, event_time);
    stmt.BindInt(2, last);
    RETURN_IF_ERROR(stmt.Run());
    deleted = conn_->Changes();
    return absl::OkStatus();
  }));
  return deleted;
}

absl::StatusOr<int64_t> SqliteEvents::CurrentNotificationId() {
  // sqlite_sequence remembers the largest id ever handed out, also after the
  // newest events were cleaned up; it has no row before the first event.
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("SELECT max(coalesce((SELECT seq FROM sqlite_sequence"
                                  " WHERE name = 'notification_log'), 0),"
                                  " coalesce((SELECT max(event_id) FROM notification_log), 0))"));
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

absl::StatusOr<int64_t> SqliteEvents::CountNotifications(int64_t from_id, int64_t to_id,
                                                         std::string_view db) {
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare("SELECT count(*) FROM notification_log WHERE event_id > ?"
                                  " AND (? <= 0 OR event_id <= ?) AND (? = '' OR db_name = ?)"));
  stmt.BindInt(1, from_id);
  stmt.BindInt(2, to_id);
  stmt.BindInt(3, to_id);
  stmt.BindText(4, db);
  stmt.BindText(5, db);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

}  // namespace almanac::storage::sqlite
