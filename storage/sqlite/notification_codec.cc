#include "storage/sqlite/notification_codec.h"

#include <utility>
#include <vector>

#include "catalog/model/names.h"
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

// What a partition added by the catalog usually is: its table's storage
// descriptor at the table's location joined with the partition's name.
std::string DefaultLocation(const model::Table& table, const std::vector<std::string>& values) {
  if (table.sd.location.empty()) return "";
  absl::StatusOr<std::string> name = model::MakePartitionName(table.partition_keys, values);
  if (!name.ok()) return "";
  std::string out = table.sd.location;
  if (out.back() != '/') out += '/';
  return out + *name;
}

// An event with its table stores each partition by what differs from that
// table: a batch of 1,000 partitions would otherwise repeat the same storage
// descriptor 1,000 times. Reading rebuilds the same partitions (see
// PartitionsFrom); an entry with "sd" is the full form, which older events
// hold.
json CompactPartitionValue(const model::Partition& p, const model::Table& table) {
  model::StorageDescriptor sd = p.sd;
  sd.location = table.sd.location;
  if (sd != table.sd) return PartitionValue(p);
  json out = json::object();
  if (p.database != table.database) out["database"] = p.database;
  if (p.table != table.name) out["table"] = p.table;
  out["values"] = p.values;
  out["create_time"] = p.create_time;
  if (p.last_access_time != 0) out["last_access_time"] = p.last_access_time;
  if (p.sd.location != DefaultLocation(table, p.values)) out["location"] = p.sd.location;
  if (!p.parameters.empty()) out["parameters"] = p.parameters;
  return out;
}

json PartitionsValue(const std::vector<model::Partition>& partitions, const model::Table* table) {
  json out = json::array();
  if (table == nullptr) {
    for (const model::Partition& p : partitions) out.push_back(PartitionValue(p));
    return out;
  }
  for (const model::Partition& p : partitions) out.push_back(CompactPartitionValue(p, *table));
  return out;
}

absl::StatusOr<model::Database> DatabaseFrom(const json& j) {
  return DatabaseFromJson(j.at("body").dump(), j.at("name").get<std::string>());
}

absl::StatusOr<model::Table> TableFrom(const json& j) {
  return TableFromJson(j.at("body").dump(), j.at("database").get<std::string>(),
                       j.at("name").get<std::string>());
}

// Accepts both the full form and the compact one relative to `table` (the
// event's table_after; null when the event has none).
absl::StatusOr<std::vector<model::Partition>> PartitionsFrom(const json& j,
                                                             const model::Table* table,
                                                             std::string_view what) {
  std::vector<model::Partition> out;
  out.reserve(j.size());
  for (const json& v : j) {
    model::Partition p;
    p.values = v.at("values").get<std::vector<std::string>>();
    p.create_time = v.at("create_time").get<int64_t>();
    if (v.contains("sd")) {
      p.database = v.at("database").get<std::string>();
      p.table = v.at("table").get<std::string>();
      p.last_access_time = v.at("last_access_time").get<int64_t>();
      ASSIGN_OR_RETURN(p.sd, StorageDescriptorFromJson(v.at("sd").dump(), what));
      p.parameters = v.at("parameters").get<model::Parameters>();
    } else {
      if (table == nullptr) {
        return absl::DataLossError(StrCat(what, " has a compact partition but no table"));
      }
      p.database = v.contains("database") ? v.at("database").get<std::string>() : table->database;
      p.table = v.contains("table") ? v.at("table").get<std::string>() : table->name;
      p.last_access_time =
          v.contains("last_access_time") ? v.at("last_access_time").get<int64_t>() : 0;
      p.sd = table->sd;
      p.sd.location = v.contains("location") ? v.at("location").get<std::string>()
                                             : DefaultLocation(*table, p.values);
      if (v.contains("parameters")) p.parameters = v.at("parameters").get<model::Parameters>();
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

std::string TableAfterJson(const model::Table& table) {
  // Assembled as text: TableToJson already produced the body, and parsing it
  // into a tree only to print it again doubled the cost of every event.
  return StrCat("{\"body\":", TableToJson(table), ",\"database\":", json(table.database).dump(),
                ",\"name\":", json(table.name).dump(), "}");
}

namespace {

// The payload with its table_after given as member `member` whose JSON text
// is `value` (the table itself, or the event that holds it).
std::string PayloadWithTable(const model::NotificationEvent& event, std::string_view member,
                             std::string_view value) {
  json j = json::object();
  const model::Table* table = event.table_after ? &*event.table_after : nullptr;
  if (event.database_before) j["database_before"] = DatabaseValue(*event.database_before);
  if (event.database_after) j["database_after"] = DatabaseValue(*event.database_after);
  if (event.table_before && table != nullptr) {
    // The table before a change is stored as the JSON Patch (RFC 6902) that
    // turns the table after it back into it: an Iceberg commit, which moves
    // two parameters, then stores a few hundred bytes instead of a second
    // copy of the table.
    j["table_before_patch"] = json::diff(TableValue(*table), TableValue(*event.table_before));
  } else if (event.table_before) {
    j["table_before"] = TableValue(*event.table_before);
  }
  if (!event.partitions_before.empty()) {
    j["partitions_before"] = PartitionsValue(event.partitions_before, table);
  }
  if (!event.partitions_after.empty()) {
    j["partitions_after"] = PartitionsValue(event.partitions_after, table);
  }
  std::string out = j.dump();
  if (table == nullptr) return out;
  // `out` is an object: drop its closing brace and append the member.
  out.pop_back();
  if (out.size() > 1) out += ',';
  return StrCat(out, "\"", member, "\":", value, "}");
}

}  // namespace

std::string NotificationPayloadToJson(const model::NotificationEvent& event,
                                      std::string_view table_after_json) {
  return PayloadWithTable(event, "table_after", table_after_json);
}

std::string NotificationPayloadToJsonWithTableOf(const model::NotificationEvent& event,
                                                 int64_t table_event_id) {
  return PayloadWithTable(event, "table_after_event", StrCat(table_event_id));
}

std::string NotificationPayloadToJson(const model::NotificationEvent& event) {
  if (!event.table_after) return NotificationPayloadToJson(event, "");
  return NotificationPayloadToJson(event, TableAfterJson(*event.table_after));
}

absl::Status NotificationPayloadFromJson(std::string_view body, model::NotificationEvent* event,
                                         const TableOfEvent& table_of_event) {
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
    } else if (j.contains("table_after_event")) {
      const int64_t holder = j.at("table_after_event").get<int64_t>();
      if (table_of_event == nullptr) {
        return absl::DataLossError(StrCat(what, " names the table of event ", holder,
                                          ", which cannot be read here"));
      }
      absl::StatusOr<model::Table> table = table_of_event(holder);
      if (!table.ok()) {
        return absl::DataLossError(StrCat(what, " names the table of event ", holder, ": ",
                                          table.status().message()));
      }
      event->table_after = *std::move(table);
    }
    if (j.contains("table_before_patch")) {
      if (!event->table_after) {
        return absl::DataLossError(StrCat(what, " has a table patch but no table"));
      }
      const json after =
          j.contains("table_after") ? j.at("table_after") : TableValue(*event->table_after);
      ASSIGN_OR_RETURN(event->table_before, TableFrom(after.patch(j.at("table_before_patch"))));
    }
    const model::Table* table = event->table_after ? &*event->table_after : nullptr;
    if (j.contains("partitions_before")) {
      ASSIGN_OR_RETURN(event->partitions_before,
                       PartitionsFrom(j.at("partitions_before"), table, what));
    }
    if (j.contains("partitions_after")) {
      ASSIGN_OR_RETURN(event->partitions_after,
                       PartitionsFrom(j.at("partitions_after"), table, what));
    }
    return absl::OkStatus();
  } catch (const json::exception&) {
    return absl::DataLossError(StrCat(what, " has a malformed payload"));
  }
}

}  // namespace almanac::storage::sqlite
