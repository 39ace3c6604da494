#include "storage/sqlite/json_codec.h"

#include <utility>
#include <vector>

#include "storage/sqlite/str_cat.h"
#include "nlohmann/json.hpp"

namespace almanac::storage::sqlite {
namespace {

using nlohmann::json;

json ColumnsToJson(const std::vector<model::Column>& columns) {
  json out = json::array();
  for (const model::Column& c : columns) out.push_back(json::array({c.name, c.type, c.comment}));
  return out;
}

std::vector<model::Column> ColumnsFromJson(const json& j) {
  std::vector<model::Column> out;
  out.reserve(j.size());
  for (const json& c : j) {
    out.push_back({c.at(0).get<std::string>(), c.at(1).get<std::string>(),
                   c.at(2).get<std::string>()});
  }
  return out;
}

json SdToJsonValue(const model::StorageDescriptor& sd) {
  json sort = json::array();
  for (const model::SortColumn& s : sd.sort_columns) {
    sort.push_back(json::array({s.column, s.order}));
  }
  json skew_locations = json::array();
  for (const auto& [values, location] : sd.skewed.value_locations) {
    skew_locations.push_back(json::array({values, location}));
  }
  return json{
      {"columns", ColumnsToJson(sd.columns)},
      {"location", sd.location},
      {"input_format", sd.input_format},
      {"output_format", sd.output_format},
      {"compressed", sd.compressed},
      {"num_buckets", sd.num_buckets},
      {"serde",
       {{"name", sd.serde.name},
        {"library", sd.serde.serialization_library},
        {"parameters", sd.serde.parameters}}},
      {"bucket_columns", sd.bucket_columns},
      {"sort_columns", std::move(sort)},
      {"parameters", sd.parameters},
      {"skewed",
       {{"names", sd.skewed.column_names},
        {"values", sd.skewed.column_values},
        {"locations", std::move(skew_locations)}}},
      {"sub_directories", sd.stored_as_sub_directories},
  };
}

model::StorageDescriptor SdFromJsonValue(const json& j) {
  model::StorageDescriptor sd;
  sd.columns = ColumnsFromJson(j.at("columns"));
  sd.location = j.at("location").get<std::string>();
  sd.input_format = j.at("input_format").get<std::string>();
  sd.output_format = j.at("output_format").get<std::string>();
  sd.compressed = j.at("compressed").get<bool>();
  sd.num_buckets = j.at("num_buckets").get<int32_t>();
  const json& serde = j.at("serde");
  sd.serde.name = serde.at("name").get<std::string>();
  sd.serde.serialization_library = serde.at("library").get<std::string>();
  sd.serde.parameters = serde.at("parameters").get<model::Parameters>();
  sd.bucket_columns = j.at("bucket_columns").get<std::vector<std::string>>();
  for (const json& s : j.at("sort_columns")) {
    sd.sort_columns.push_back({s.at(0).get<std::string>(), s.at(1).get<int32_t>()});
  }
  sd.parameters = j.at("parameters").get<model::Parameters>();
  const json& skewed = j.at("skewed");
  sd.skewed.column_names = skewed.at("names").get<std::vector<std::string>>();
  sd.skewed.column_values = skewed.at("values").get<std::vector<std::vector<std::string>>>();
  for (const json& l : skewed.at("locations")) {
    sd.skewed.value_locations.emplace_back(l.at(0).get<std::vector<std::string>>(),
                                           l.at(1).get<std::string>());
  }
  sd.stored_as_sub_directories = j.at("sub_directories").get<bool>();
  return sd;
}

// Invalid UTF-8 would make dump() throw; it is replaced by U+FFFD instead, as
// the wire formats we serve carry UTF-8 strings anyway.
std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

absl::Status Corrupt(std::string_view what) {
  return absl::DataLossError(StrCat("stored ", what, " is corrupt"));
}

}  // namespace

std::string DatabaseToJson(const model::Database& db) {
  return Dump(json{{"description", db.description},
              {"location", db.location},
              {"managed_location", db.managed_location},
              {"parameters", db.parameters},
              {"owner_name", db.owner_name},
              {"owner_type", static_cast<int>(db.owner_type)},
              {"create_time", db.create_time}});
}

absl::StatusOr<model::Database> DatabaseFromJson(std::string_view body, std::string_view name) {
  try {
    json j = json::parse(body);
    model::Database db;
    db.name = std::string(name);
    db.description = j.at("description").get<std::string>();
    db.location = j.at("location").get<std::string>();
    db.managed_location = j.at("managed_location").get<std::string>();
    db.parameters = j.at("parameters").get<model::Parameters>();
    db.owner_name = j.at("owner_name").get<std::string>();
    db.owner_type = static_cast<model::PrincipalType>(j.at("owner_type").get<int>());
    db.create_time = j.at("create_time").get<int64_t>();
    return db;
  } catch (const json::exception&) {
    return Corrupt(StrCat("database '", name, "'"));
  }
}

std::string TableToJson(const model::Table& t) {
  return Dump(json{{"owner", t.owner},
              {"owner_type", static_cast<int>(t.owner_type)},
              {"create_time", t.create_time},
              {"update_time", t.update_time},
              {"last_access_time", t.last_access_time},
              {"retention", t.retention},
              {"sd", SdToJsonValue(t.sd)},
              {"partition_keys", ColumnsToJson(t.partition_keys)},
              {"parameters", t.parameters},
              {"view_original_text", t.view_original_text},
              {"view_expanded_text", t.view_expanded_text},
              {"table_type", model::TableTypeName(t.table_type)},
              {"temporary", t.temporary},
              {"rewrite_enabled", t.rewrite_enabled}});
}

absl::StatusOr<model::Table> TableFromJson(std::string_view body, std::string_view db,
                                           std::string_view name) {
  try {
    json j = json::parse(body);
    model::Table t;
    t.database = std::string(db);
    t.name = std::string(name);
    t.owner = j.at("owner").get<std::string>();
    t.owner_type = static_cast<model::PrincipalType>(j.at("owner_type").get<int>());
    t.create_time = j.at("create_time").get<int64_t>();
    t.update_time = j.at("update_time").get<int64_t>();
    t.last_access_time = j.at("last_access_time").get<int64_t>();
    t.retention = j.at("retention").get<int32_t>();
    t.sd = SdFromJsonValue(j.at("sd"));
    t.partition_keys = ColumnsFromJson(j.at("partition_keys"));
    t.parameters = j.at("parameters").get<model::Parameters>();
    t.view_original_text = j.at("view_original_text").get<std::string>();
    t.view_expanded_text = j.at("view_expanded_text").get<std::string>();
    std::optional<model::TableType> type =
        model::ParseTableType(j.at("table_type").get<std::string>());
    if (!type.has_value()) return Corrupt(StrCat("table '", db, ".", name, "'"));
    t.table_type = *type;
    t.temporary = j.at("temporary").get<bool>();
    t.rewrite_enabled = j.at("rewrite_enabled").get<bool>();
    return t;
  } catch (const json::exception&) {
    return Corrupt(StrCat("table '", db, ".", name, "'"));
  }
}

std::string StorageDescriptorToJson(const model::StorageDescriptor& sd) {
  return Dump(SdToJsonValue(sd));
}

absl::StatusOr<model::StorageDescriptor> StorageDescriptorFromJson(std::string_view body,
                                                                   std::string_view what) {
  try {
    return SdFromJsonValue(json::parse(body));
  } catch (const json::exception&) {
    return Corrupt(what);
  }
}

std::string ParametersToJson(const model::Parameters& params) {
  if (params.empty()) return "";
  return Dump(json(params));
}

absl::StatusOr<model::Parameters> ParametersFromJson(std::string_view body,
                                                     std::string_view what) {
  if (body.empty()) return model::Parameters{};
  try {
    return json::parse(body).get<model::Parameters>();
  } catch (const json::exception&) {
    return Corrupt(what);
  }
}

uint64_t StableHash(std::string_view text) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace almanac::storage::sqlite
