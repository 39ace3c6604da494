#include "proto/convert.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace almanac::proto {
namespace {

template <typename Map>
model::Parameters ToParameters(const Map& map) {
  return model::Parameters(map.begin(), map.end());
}

template <typename Map>
void FillMap(const model::Parameters& parameters, Map* map) {
  for (const auto& [key, value] : parameters) (*map)[key] = value;
}

template <typename Repeated>
std::vector<std::string> ToStrings(const Repeated& repeated) {
  return std::vector<std::string>(repeated.begin(), repeated.end());
}

v1::PrincipalType ToProto(model::PrincipalType type) {
  switch (type) {
    case model::PrincipalType::kUser:
      return v1::PRINCIPAL_TYPE_USER;
    case model::PrincipalType::kRole:
      return v1::PRINCIPAL_TYPE_ROLE;
    case model::PrincipalType::kGroup:
      return v1::PRINCIPAL_TYPE_GROUP;
  }
  return v1::PRINCIPAL_TYPE_UNSPECIFIED;
}

absl::StatusOr<model::PrincipalType> FromProto(v1::PrincipalType type, const std::string& object) {
  switch (type) {
    case v1::PRINCIPAL_TYPE_UNSPECIFIED:
    case v1::PRINCIPAL_TYPE_USER:
      return model::PrincipalType::kUser;
    case v1::PRINCIPAL_TYPE_ROLE:
      return model::PrincipalType::kRole;
    case v1::PRINCIPAL_TYPE_GROUP:
      return model::PrincipalType::kGroup;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("invalid owner type ", static_cast<int>(type), " for ", object));
  }
}

v1::TableType ToProto(model::TableType type) {
  switch (type) {
    case model::TableType::kManaged:
      return v1::TABLE_TYPE_MANAGED;
    case model::TableType::kExternal:
      return v1::TABLE_TYPE_EXTERNAL;
    case model::TableType::kVirtualView:
      return v1::TABLE_TYPE_VIRTUAL_VIEW;
    case model::TableType::kMaterializedView:
      return v1::TABLE_TYPE_MATERIALIZED_VIEW;
  }
  return v1::TABLE_TYPE_UNSPECIFIED;
}

absl::StatusOr<model::TableType> FromProto(v1::TableType type, const std::string& object) {
  switch (type) {
    case v1::TABLE_TYPE_UNSPECIFIED:
    case v1::TABLE_TYPE_MANAGED:
      return model::TableType::kManaged;
    case v1::TABLE_TYPE_EXTERNAL:
      return model::TableType::kExternal;
    case v1::TABLE_TYPE_VIRTUAL_VIEW:
      return model::TableType::kVirtualView;
    case v1::TABLE_TYPE_MATERIALIZED_VIEW:
      return model::TableType::kMaterializedView;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("invalid table type ", static_cast<int>(type), " for ", object));
  }
}

}  // namespace

v1::Column ToProto(const model::Column& column) {
  v1::Column out;
  out.set_name(column.name);
  out.set_type(column.type);
  out.set_comment(column.comment);
  return out;
}

model::Column FromProto(const v1::Column& column) {
  return model::Column{.name = column.name(), .type = column.type(), .comment = column.comment()};
}

v1::StorageDescriptor ToProto(const model::StorageDescriptor& sd) {
  v1::StorageDescriptor out;
  for (const model::Column& column : sd.columns) *out.add_columns() = ToProto(column);
  out.set_location(sd.location);
  out.set_input_format(sd.input_format);
  out.set_output_format(sd.output_format);
  out.set_compressed(sd.compressed);
  out.set_num_buckets(sd.num_buckets);
  v1::SerDeInfo* serde = out.mutable_serde();
  serde->set_name(sd.serde.name);
  serde->set_serialization_library(sd.serde.serialization_library);
  FillMap(sd.serde.parameters, serde->mutable_parameters());
  for (const std::string& column : sd.bucket_columns) out.add_bucket_columns(column);
  for (const model::SortColumn& sort : sd.sort_columns) {
    v1::SortColumn* s = out.add_sort_columns();
    s->set_column(sort.column);
    s->set_order(sort.order);
  }
  FillMap(sd.parameters, out.mutable_parameters());
  v1::SkewedInfo* skewed = out.mutable_skewed();
  for (const std::string& name : sd.skewed.column_names) skewed->add_column_names(name);
  for (const std::vector<std::string>& values : sd.skewed.column_values) {
    v1::StringList* list = skewed->add_column_values();
    for (const std::string& value : values) list->add_values(value);
  }
  for (const auto& [values, location] : sd.skewed.value_locations) {
    v1::SkewedValueLocation* entry = skewed->add_value_locations();
    for (const std::string& value : values) entry->add_values(value);
    entry->set_location(location);
  }
  out.set_stored_as_sub_directories(sd.stored_as_sub_directories);
  return out;
}

model::StorageDescriptor FromProto(const v1::StorageDescriptor& sd) {
  model::StorageDescriptor out;
  for (const v1::Column& column : sd.columns()) out.columns.push_back(FromProto(column));
  out.location = sd.location();
  out.input_format = sd.input_format();
  out.output_format = sd.output_format();
  out.compressed = sd.compressed();
  out.num_buckets = sd.num_buckets();
  out.serde.name = sd.serde().name();
  out.serde.serialization_library = sd.serde().serialization_library();
  out.serde.parameters = ToParameters(sd.serde().parameters());
  out.bucket_columns = ToStrings(sd.bucket_columns());
  for (const v1::SortColumn& sort : sd.sort_columns()) {
    out.sort_columns.push_back(model::SortColumn{.column = sort.column(), .order = sort.order()});
  }
  out.parameters = ToParameters(sd.parameters());
  out.skewed.column_names = ToStrings(sd.skewed().column_names());
  for (const v1::StringList& list : sd.skewed().column_values()) {
    out.skewed.column_values.push_back(ToStrings(list.values()));
  }
  for (const v1::SkewedValueLocation& entry : sd.skewed().value_locations()) {
    out.skewed.value_locations.emplace_back(ToStrings(entry.values()), entry.location());
  }
  out.stored_as_sub_directories = sd.stored_as_sub_directories();
  return out;
}

v1::Database ToProto(const model::Database& db) {
  v1::Database out;
  out.set_name(db.name);
  out.set_description(db.description);
  out.set_location(db.location);
  out.set_managed_location(db.managed_location);
  FillMap(db.parameters, out.mutable_parameters());
  out.set_owner_name(db.owner_name);
  out.set_owner_type(ToProto(db.owner_type));
  out.set_create_time(db.create_time);
  return out;
}

absl::StatusOr<model::Database> FromProto(const v1::Database& db) {
  model::Database out;
  out.name = db.name();
  out.description = db.description();
  out.location = db.location();
  out.managed_location = db.managed_location();
  out.parameters = ToParameters(db.parameters());
  out.owner_name = db.owner_name();
  ASSIGN_OR_RETURN(out.owner_type,
                   FromProto(db.owner_type(), absl::StrCat("database '", db.name(), "'")));
  out.create_time = db.create_time();
  return out;
}

v1::Table ToProto(const model::Table& table) {
  v1::Table out;
  out.set_database(table.database);
  out.set_name(table.name);
  out.set_owner(table.owner);
  out.set_owner_type(ToProto(table.owner_type));
  out.set_create_time(table.create_time);
  out.set_update_time(table.update_time);
  out.set_last_access_time(table.last_access_time);
  out.set_retention(table.retention);
  *out.mutable_sd() = ToProto(table.sd);
  for (const model::Column& key : table.partition_keys) *out.add_partition_keys() = ToProto(key);
  FillMap(table.parameters, out.mutable_parameters());
  out.set_view_original_text(table.view_original_text);
  out.set_view_expanded_text(table.view_expanded_text);
  out.set_table_type(ToProto(table.table_type));
  out.set_temporary(table.temporary);
  out.set_rewrite_enabled(table.rewrite_enabled);
  return out;
}

absl::StatusOr<model::Table> FromProto(const v1::Table& table) {
  const std::string object = absl::StrCat("table '", table.database(), ".", table.name(), "'");
  model::Table out;
  out.database = table.database();
  out.name = table.name();
  out.owner = table.owner();
  ASSIGN_OR_RETURN(out.owner_type, FromProto(table.owner_type(), object));
  out.create_time = table.create_time();
  out.update_time = table.update_time();
  out.last_access_time = table.last_access_time();
  out.retention = table.retention();
  // A table sent without a storage descriptor keeps the model's defaults
  // (notably num_buckets = -1, "not bucketed"), not proto3's zeros.
  if (table.has_sd()) out.sd = FromProto(table.sd());
  for (const v1::Column& key : table.partition_keys()) {
    out.partition_keys.push_back(FromProto(key));
  }
  out.parameters = ToParameters(table.parameters());
  out.view_original_text = table.view_original_text();
  out.view_expanded_text = table.view_expanded_text();
  ASSIGN_OR_RETURN(out.table_type, FromProto(table.table_type(), object));
  out.temporary = table.temporary();
  out.rewrite_enabled = table.rewrite_enabled();
  return out;
}

v1::Partition ToProto(const model::Partition& partition) {
  v1::Partition out;
  out.set_database(partition.database);
  out.set_table(partition.table);
  for (const std::string& value : partition.values) out.add_values(value);
  out.set_create_time(partition.create_time);
  out.set_last_access_time(partition.last_access_time);
  *out.mutable_sd() = ToProto(partition.sd);
  FillMap(partition.parameters, out.mutable_parameters());
  return out;
}

model::Partition FromProto(const v1::Partition& partition) {
  model::Partition out;
  out.database = partition.database();
  out.table = partition.table();
  out.values = ToStrings(partition.values());
  out.create_time = partition.create_time();
  out.last_access_time = partition.last_access_time();
  if (partition.has_sd()) out.sd = FromProto(partition.sd());
  out.parameters = ToParameters(partition.parameters());
  return out;
}

v1::PartitionIndex ToProto(const model::PartitionIndex& index) {
  v1::PartitionIndex out;
  out.set_name(index.name);
  for (const std::string& key : index.keys) out.add_keys(key);
  out.set_state(index.state);
  return out;
}

model::PartitionIndex FromProto(const v1::PartitionIndex& index) {
  return model::PartitionIndex{
      .name = index.name(), .keys = ToStrings(index.keys()), .state = index.state()};
}

v1::Explain ToProto(const model::PartitionListExplain& explain) {
  v1::Explain out;
  out.set_index_used(explain.index_used);
  out.set_plan(explain.plan);
  out.set_rows_examined(explain.rows_examined);
  out.set_rows_returned(explain.rows_returned);
  return out;
}

absl::StatusOr<model::FilterDialect> FromProto(v1::FilterDialect dialect) {
  switch (dialect) {
    case v1::FILTER_DIALECT_UNSPECIFIED:
    case v1::FILTER_DIALECT_GLUE:
      return model::FilterDialect::kGlue;
    case v1::FILTER_DIALECT_HIVE:
      return model::FilterDialect::kHive;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("invalid filter dialect ", static_cast<int>(dialect)));
  }
}

absl::StatusOr<model::PartitionListRequest> FromProto(const v1::ListPartitionsRequest& request) {
  model::PartitionListRequest out;
  out.filter = request.filter();
  ASSIGN_OR_RETURN(out.dialect, FromProto(request.dialect()));
  out.page_token = request.page_token();
  out.page_size = request.page_size();
  out.segment_number = request.segment().segment_number();
  // An absent segment means "the whole table", which the service spells 1.
  out.total_segments = request.has_segment() && request.segment().total_segments() != 0
                           ? request.segment().total_segments()
                           : 1;
  out.explain = request.explain();
  return out;
}

}  // namespace almanac::proto
