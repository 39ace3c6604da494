#include "thrift/notification_messages.h"

#include <memory>
#include <utility>
#include <vector>

#include <thrift/Thrift.h>
#include <thrift/protocol/TJSONProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "nlohmann/json.hpp"
#include "thrift/convert.h"

namespace almanac::hms {
namespace {

// Hive writes fields in declaration order; an ordered object keeps that.
using Json = nlohmann::ordered_json;

template <typename T>
absl::StatusOr<std::string> Serialize(const T& object, const char* what) {
  try {
    auto buffer = std::make_shared<apache::thrift::transport::TMemoryBuffer>();
    apache::thrift::protocol::TJSONProtocol protocol(buffer);
    object.write(&protocol);
    return buffer->getBufferAsString();
  } catch (const apache::thrift::TException& e) {
    return absl::InternalError(absl::StrCat("cannot serialise ", what, ": ", e.what()));
  }
}

absl::Status Missing(const model::NotificationEvent& event, const char* what) {
  return absl::InternalError(absl::StrCat("notification event ", event.event_id, " (",
                                          event.event_type, ") carries no ", what));
}

// The fields every message starts with. Almanac has no Kerberos principal and
// no single server URI, so both are empty (Hive leaves them empty too when
// unset).
Json Header(const model::NotificationEvent& event) {
  Json j = Json::object();
  j["server"] = "";
  j["servicePrincipal"] = "";
  j["db"] = event.database;
  return j;
}

// Partition key name -> value, in key order (Hive's getPartitionKeyValues).
Json KeyValues(const model::Table& table, const model::Partition& partition) {
  Json kv = Json::object();
  for (size_t i = 0; i < table.partition_keys.size() && i < partition.values.size(); ++i) {
    kv[table.partition_keys[i].name] = partition.values[i];
  }
  return kv;
}

absl::StatusOr<std::string> DatabaseMessage(const model::NotificationEvent& event) {
  Json j = Header(event);
  j["timestamp"] = event.event_time;
  if (event.event_type == model::kAlterDatabaseEvent) {
    if (!event.database_before || !event.database_after) return Missing(event, "databases");
    ASSIGN_OR_RETURN(std::string before, ThriftToJson(ToThrift(*event.database_before)));
    ASSIGN_OR_RETURN(std::string after, ThriftToJson(ToThrift(*event.database_after)));
    j["dbObjBeforeJson"] = before;
    j["dbObjAfterJson"] = after;
  } else {
    const auto& db = event.database_after ? event.database_after : event.database_before;
    if (!db) return Missing(event, "database");
    ASSIGN_OR_RETURN(std::string body, ThriftToJson(ToThrift(*db)));
    j["dbJson"] = body;
  }
  return j.dump();
}

absl::StatusOr<std::string> TableMessage(const model::NotificationEvent& event) {
  Json j = Header(event);
  if (event.event_type == model::kAlterTableEvent) {
    if (!event.table_before || !event.table_after) return Missing(event, "tables");
    // Hive names the table as it was before the change (a rename's old name)
    // in the message, and as it is after in the event.
    j["db"] = event.table_before->database;
    j["table"] = event.table_before->name;
    j["tableType"] = std::string(model::TableTypeName(event.table_before->table_type));
    ASSIGN_OR_RETURN(std::string before, ThriftToJson(ToThrift(*event.table_before)));
    ASSIGN_OR_RETURN(std::string after, ThriftToJson(ToThrift(*event.table_after)));
    j["tableObjBeforeJson"] = before;
    j["tableObjAfterJson"] = after;
    j["isTruncateOp"] = "false";
    j["timestamp"] = event.event_time;
    j["writeId"] = 0;
    return j.dump();
  }
  const auto& table = event.table_after ? event.table_after : event.table_before;
  if (!table) return Missing(event, "table");
  j["table"] = table->name;
  j["tableType"] = std::string(model::TableTypeName(table->table_type));
  ASSIGN_OR_RETURN(std::string body, ThriftToJson(ToThrift(*table)));
  j["tableObjJson"] = body;
  j["timestamp"] = event.event_time;
  if (event.event_type == model::kCreateTableEvent) j["files"] = Json::array();
  return j.dump();
}

absl::StatusOr<std::string> PartitionMessage(const model::NotificationEvent& event) {
  if (!event.table_after) return Missing(event, "table");
  const model::Table& table = *event.table_after;
  Json j = Header(event);
  j["table"] = table.name;
  j["tableType"] = std::string(model::TableTypeName(table.table_type));
  ASSIGN_OR_RETURN(std::string table_json, ThriftToJson(ToThrift(table)));
  j["tableObjJson"] = table_json;
  if (event.event_type == model::kAlterPartitionEvent) {
    if (event.partitions_before.size() != 1 || event.partitions_after.size() != 1) {
      return Missing(event, "partition pair");
    }
    j["isTruncateOp"] = "false";
    j["timestamp"] = event.event_time;
    j["keyValues"] = KeyValues(table, event.partitions_before[0]);
    ASSIGN_OR_RETURN(std::string before, ThriftToJson(ToThrift(event.partitions_before[0])));
    ASSIGN_OR_RETURN(std::string after, ThriftToJson(ToThrift(event.partitions_after[0])));
    j["partitionObjBeforeJson"] = before;
    j["partitionObjAfterJson"] = after;
    j["writeId"] = 0;
    return j.dump();
  }
  j["timestamp"] = event.event_time;
  const bool add = event.event_type == model::kAddPartitionEvent;
  const std::vector<model::Partition>& partitions =
      add ? event.partitions_after : event.partitions_before;
  if (partitions.empty()) return Missing(event, "partitions");
  Json specs = Json::array();
  for (const model::Partition& p : partitions) specs.push_back(KeyValues(table, p));
  j["partitions"] = std::move(specs);
  if (add) {
    Json bodies = Json::array();
    for (const model::Partition& p : partitions) {
      ASSIGN_OR_RETURN(std::string body, ThriftToJson(ToThrift(p)));
      bodies.push_back(std::move(body));
    }
    j["partitionListJson"] = std::move(bodies);
    j["partitionFiles"] = Json::array();
  }
  return j.dump();
}

}  // namespace

absl::StatusOr<std::string> ThriftToJson(const Database& db) { return Serialize(db, "database"); }
absl::StatusOr<std::string> ThriftToJson(const Table& table) { return Serialize(table, "table"); }
absl::StatusOr<std::string> ThriftToJson(const Partition& partition) {
  return Serialize(partition, "partition");
}

absl::StatusOr<std::string> RenderNotificationMessage(const model::NotificationEvent& event) {
  const std::string& type = event.event_type;
  if (type == model::kCreateDatabaseEvent || type == model::kAlterDatabaseEvent ||
      type == model::kDropDatabaseEvent) {
    return DatabaseMessage(event);
  }
  if (type == model::kCreateTableEvent || type == model::kAlterTableEvent ||
      type == model::kDropTableEvent) {
    return TableMessage(event);
  }
  if (type == model::kAddPartitionEvent || type == model::kAlterPartitionEvent ||
      type == model::kDropPartitionEvent) {
    return PartitionMessage(event);
  }
  return absl::InternalError(absl::StrCat("notification event ", event.event_id,
                                          " has an unknown type '", type, "'"));
}

absl::StatusOr<NotificationEvent> ToThrift(const model::NotificationEvent& event) {
  ASSIGN_OR_RETURN(std::string message, RenderNotificationMessage(event));
  NotificationEvent out;
  out.__set_eventId(event.event_id);
  out.__set_eventTime(static_cast<int32_t>(event.event_time));
  out.__set_eventType(event.event_type);
  if (!event.database.empty()) out.__set_dbName(event.database);
  if (!event.table.empty()) out.__set_tableName(event.table);
  out.__set_message(std::move(message));
  out.__set_messageFormat(kJsonMessageFormat);
  out.__set_catName(kHiveCatalog);
  return out;
}

}  // namespace almanac::hms
