// Renders the catalog's notification events (model::NotificationEvent) as the
// Hive Metastore's NotificationEvent, with the message body in the form of
// Hive's JSONMessageEncoder ("json-0.2"): a JSON object whose field names are
// those Hive's JSONMessageDeserializer reads (db, table, tableType,
// tableObjJson, partitionListJson, ...), and whose embedded Thrift objects are
// serialised with Thrift's TJSONProtocol, as Hive does.
//
// Rendering happens when an event is read, so the stored log stays free of
// wire formats.
//
// Stateless; thread-safe.
#ifndef ALMANAC_THRIFT_NOTIFICATION_MESSAGES_H_
#define ALMANAC_THRIFT_NOTIFICATION_MESSAGES_H_

#include <string>

#include "absl/status/statusor.h"
#include "catalog/model/notification.h"
#include "hive_metastore_types.h"

namespace almanac::hms {

inline constexpr char kJsonMessageFormat[] = "json-0.2";

// The message body alone. Internal when a Thrift object cannot be serialised
// or the event lacks the objects its type needs.
absl::StatusOr<std::string> RenderNotificationMessage(const model::NotificationEvent& event);

// The whole wire event: id, time, type, names, catalog "hive", format and body.
absl::StatusOr<NotificationEvent> ToThrift(const model::NotificationEvent& event);

// A Thrift object as TJSONProtocol writes it (Hive's *ObjJson fields).
absl::StatusOr<std::string> ThriftToJson(const Database& db);
absl::StatusOr<std::string> ThriftToJson(const Table& table);
absl::StatusOr<std::string> ThriftToJson(const Partition& partition);

}  // namespace almanac::hms

#endif  // ALMANAC_THRIFT_NOTIFICATION_MESSAGES_H_
