#include "storage/sqlite/notification_codec.h"

#include <utility>
#include <vector>

#include "common/status_macros.h"
#include "nlohmann/json.hpp"
#include "storage/sqlite/json_codec.h"
#include "storage/sqlite/str_cat.h"

namespace almanac::storage::sqlite {
namespace {

using nlohmann::json;

json DatabaseValue(const model::Database& db) {
  return json{{"name", db.name}, {"body", json::parse(DatabaseToJson(db))}};
}

json TableValue(const model::Table& t) {
  return json{{"database", t.database}, {"name", t.name}, {"body", json::parse(TableToJson(t))}};
}

json PartitionValue(const model::Partition& p) {
  return json{{"database", p.database},
              {"table", p.table},
              {"values", p.values},
              {"create_time", p.create_time},
              {"last_access_time", p.last_access_time},
              {"sd", json::parse(StorageDescriptorToJson(p.sd))},
              {"parameters", p.parameters}};
}

json PartitionsValue(const std::vector<model::Partition>& partitions) {
  json out = json::array();
  for (const model::Partition& p : partitions) out.push_back(PartitionValue(p));
  return out;
}

absl::StatusOr<model::Database> DatabaseFrom(const json& j) {
  return DatabaseFromJson(j.at("body").dump(), j.at("name").get<std::string>());
}

absl::StatusOr<model::Table> TableFrom(const json& j) {
  return TableFromJson(j.at("body").dump(), j.at("database").get<std::string>(),
                       j.at("name").get<std::string>());
}

absl::StatusOr<std::vector<model::Partition>> PartitionsFrom(const json& j,
                                                             std::string_view what) {
  std::vector<model::Partition> out;
  for (const json& v : j) {
    model::Partition p;
    p.database = v.at("database").get<std::string>();
    p.table = v.at("table").get<std::string>();
    p.values = v.at("values").get<std::vector<std::string>>();
    p.create_time = v.at("create_time").get<int64_t>();
    p.last_access_time = v.at("last_access_time").get<int64_t>();
    ASSIGN_OR_RETURN(p.sd, StorageDescriptorFromJson(v.at("sd").dump(), what));
    p.parameters = v.at("parameters").get<model::Parameters>();
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

std::string NotificationPayloadToJson(const model::NotificationEvent& event) {
  json j = json::object();
  if (event.database_before) j["database_before"] = DatabaseValue(*event.database_before);
  if (event.database_after) j["database_after"] = DatabaseValue(*event.database_after);
  if (event.table_before) j["table_before"] = TableValue(*event.table_before);
  if (event.table_after) j["table_after"] = TableValue(*event.table_after);
  if (!event.partitions_before.empty()) {
    j["partitions_before"] = PartitionsValue(event.partitions_before);
  }
  if (!event.partitions_after.empty()) {
    j["partitions_after"] = PartitionsValue(event.partitions_after);
  }
  return j.dump();
}

absl::Status NotificationPayloadFromJson(std::string_view body, model::NotificationEvent* event) {
  const std::string what = StrCat("notification event ", event->event_id);
  try {
    const json j = json::parse(body);
    if (!j.is_object()) return absl::DataLossError(StrCat(what, " has a malformed payload"));
    if (j.contains("database_before")) {
      ASSIGN_OR_RETURN(event->database_before, DatabaseFrom(j.at("database_before")));
    }
    if (j.contains("database_after")) {
      ASSIGN_OR_RETURN(event->database_after, DatabaseFrom(j.at("database_after")));
    }
    if (j.contains("table_before")) {
      ASSIGN_OR_RETURN(event->table_before, TableFrom(j.at("table_before")));
    }
    if (j.contains("table_after")) {
      ASSIGN_OR_RETURN(event->table_after, TableFrom(j.at("table_after")));
    }
    if (j.contains("partitions_before")) {
      ASSIGN_OR_RETURN(event->partitions_before, PartitionsFrom(j.at("partitions_before"), what));
    }
    if (j.contains("partitions_after")) {
      ASSIGN_OR_RETURN(event->partitions_after, PartitionsFrom(j.at("partitions_after"), what));
    }
    return absl::OkStatus();
  } catch (const json::exception&) {
    return absl::DataLossError(StrCat(what, " has a malformed payload"));
  }
}

}  // namespace almanac::storage::sqlite
