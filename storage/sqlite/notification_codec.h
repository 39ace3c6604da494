// The JSON body the sqlite backend stores for a notification event's payload
// (the model objects before and after the change). It reuses the row codecs
// of json_codec.h and adds the names those leave to columns. When the event
// carries its table (table_after), each partition is stored by what differs
// from that table (values, create time, and location, storage descriptor,
// parameters only when they differ), which keeps a 1,000-partition
// ADD_PARTITION event small; decoding rebuilds the same partitions and still
// accepts the full form older events hold. A table before a change is stored
// as the JSON Patch from the table after it (older events hold it whole).
// Front ends never see this form:
// they render the model objects into their own formats.
//
// Decoding never throws: a body this code did not write is DataLoss naming
// the event.
//
// Thread safety: stateless functions; thread-safe.
#ifndef ALMANAC_STORAGE_SQLITE_NOTIFICATION_CODEC_H_
#define ALMANAC_STORAGE_SQLITE_NOTIFICATION_CODEC_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/notification.h"

namespace almanac::storage::sqlite {

// Marks rows whose `message` column holds this payload form.
inline constexpr char kNotificationPayloadFormat[] = "almanac-json-1";

std::string NotificationPayloadToJson(const model::NotificationEvent& event);
// The same payload, with `table_after_json` (TableAfterJson of the event's
// table_after, serialised earlier) spliced in rather than serialised again.
std::string NotificationPayloadToJson(const model::NotificationEvent& event,
                                      std::string_view table_after_json);
// The same payload naming, instead of holding, its table_after: the earlier
// event `table_event_id` of the same commit holds the same table. An
// ALTER_PARTITION per partition of a 1,000-partition alter then stores its
// table once, not 1,000 times. Events of one commit share their time and
// are deleted together (SqliteEvents::DeleteNotificationsBefore).
std::string NotificationPayloadToJsonWithTableOf(const model::NotificationEvent& event,
                                                 int64_t table_event_id);
// The payload's form of an event's table_after.
std::string TableAfterJson(const model::Table& table);
// The table_after of event `event_id`, for payloads that name it.
using TableOfEvent = std::function<absl::StatusOr<model::Table>(int64_t event_id)>;
// Fills the payload members of `event` from `body`; `event->event_id` names
// the event in the error. A payload naming another event's table asks
// `table_of_event` (DataLoss without one).
absl::Status NotificationPayloadFromJson(std::string_view body, model::NotificationEvent* event,
                                         const TableOfEvent& table_of_event = nullptr);

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_NOTIFICATION_CODEC_H_
