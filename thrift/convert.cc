#include "thrift/convert.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "catalog/model/message_text.h"
#include "common/status_macros.h"

namespace almanac::hms {

absl::Status CheckCatalog(std::string_view catalog) {
  if (catalog.empty() || absl::EqualsIgnoreCase(std::string(catalog), kHiveCatalog)) {
    return absl::OkStatus();
  }
  return absl::NotFoundError(
      absl::StrCat("catalog '", model::MessageText(catalog), "' not found"));
}

absl::StatusOr<QualifiedDbName> ParseDbName(std::string_view name) {
  QualifiedDbName out;
  out.catalog = kHiveCatalog;
  if (name.empty() || name[0] != '@') {
    out.db = std::string(name);
    return out;
  }
  const size_t hash = name.find('#');
  if (hash == std::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid catalog-qualified name '", model::MessageText(name), "': expected @catalog#db"));
  }
  std::string_view catalog = name.substr(1, hash - 1);
  RETURN_IF_ERROR(CheckCatalog(catalog));
  std::string_view db = name.substr(hash + 1);
  if (db.empty()) {
    out.has_db = false;
  } else if (db != "!") {
    out.db = std::string(db);
  }
  return out;
}

absl::StatusOr<std::string> StripCatalog(std::string_view name) {
  ASSIGN_OR_RETURN(QualifiedDbName parsed, ParseDbName(name));
  return std::move(parsed.db);
}

absl::StatusOr<std::vector<model::PrivilegeGrant>> FromThrift(const PrincipalPrivilegeSet& set) {
  std::vector<model::PrivilegeGrant> out;
  const std::pair<const std::map<std::string, std::vector<PrivilegeGrantInfo>>*,
                  model::PrincipalType>
      maps[] = {{&set.userPrivileges, model::PrincipalType::kUser},
                {&set.groupPrivileges, model::PrincipalType::kGroup},
                {&set.rolePrivileges, model::PrincipalType::kRole}};
  for (const auto& [map, type] : maps) {
    for (const auto& [name, infos] : *map) {
      for (const PrivilegeGrantInfo& info : infos) {
        model::PrivilegeGrant g;
        g.grantee = {name, type};
        g.privilege = info.privilege;
        g.grant_option = info.grantOption;
        if (!info.grantor.empty()) {
          ASSIGN_OR_RETURN(model::PrincipalType grantor_type, FromThrift(info.grantorType));
          g.grantor = {info.grantor, grantor_type};
        }
        out.push_back(std::move(g));
      }
    }
  }
  return out;
}

absl::StatusOr<model::PrincipalType> FromThrift(PrincipalType::type type) {
  switch (type) {
    case PrincipalType::USER:
      return model::PrincipalType::kUser;
    case PrincipalType::ROLE:
      return model::PrincipalType::kRole;
    case PrincipalType::GROUP:
      return model::PrincipalType::kGroup;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("invalid principal type ", static_cast<int>(type)));
}

PrincipalType::type ToThrift(model::PrincipalType type) {
  switch (type) {
    case model::PrincipalType::kUser:
      return PrincipalType::USER;
    case model::PrincipalType::kRole:
      return PrincipalType::ROLE;
    case model::PrincipalType::kGroup:
      return PrincipalType::GROUP;
  }
  return PrincipalType::USER;
}

model::Column FromThrift(const FieldSchema& field) {
  return model::Column{.name = field.name, .type = field.type, .comment = field.comment};
}

FieldSchema ToThrift(const model::Column& column) { return ToThrift(model::Column(column)); }

FieldSchema ToThrift(model::Column&& column) {
  // Members are moved in: the generated __set_ methods copy.
  FieldSchema out;
  out.name = std::move(column.name);
  out.type = std::move(column.type);
  out.__isset.name = out.__isset.type = true;
  // Unset, not "", when there is none: what the Java metastore sends.
  if (!column.comment.empty()) {
    out.comment = std::move(column.comment);
    out.__isset.comment = true;
  }
  return out;
}

std::vector<model::Column> FromThrift(const std::vector<FieldSchema>& fields) {
  std::vector<model::Column> out;
  out.reserve(fields.size());
  for (const FieldSchema& f : fields) out.push_back(FromThrift(f));
  return out;
}

std::vector<FieldSchema> ToThrift(const std::vector<model::Column>& columns) {
  std::vector<FieldSchema> out;
  out.reserve(columns.size());
  for (const model::Column& c : columns) out.push_back(ToThrift(c));
  return out;
}

model::SortColumn FromThrift(const Order& order) {
  return model::SortColumn{.column = order.col, .order = order.order};
}

Order ToThrift(const model::SortColumn& column) {
  Order out;
  out.__set_col(column.column);
  out.__set_order(column.order);
  return out;
}

model::SerDeInfo FromThrift(const SerDeInfo& serde) {
  return model::SerDeInfo{.name = serde.name,
                          .serialization_library = serde.serializationLib,
                          .parameters = {serde.parameters.begin(), serde.parameters.end()}};
}

SerDeInfo ToThrift(const model::SerDeInfo& serde) { return ToThrift(model::SerDeInfo(serde)); }

SerDeInfo ToThrift(model::SerDeInfo&& serde) {
  SerDeInfo out;
  out.name = std::move(serde.name);
  out.serializationLib = std::move(serde.serialization_library);
  out.parameters = std::move(serde.parameters);
  out.__isset.name = out.__isset.serializationLib = out.__isset.parameters = true;
  return out;
}

model::SkewedInfo FromThrift(const SkewedInfo& skewed) {
  model::SkewedInfo out;
  out.column_names = skewed.skewedColNames;
  out.column_values = skewed.skewedColValues;
  for (const auto& [values, location] : skewed.skewedColValueLocationMaps) {
    out.value_locations.emplace_back(values, location);
  }
  return out;
}

SkewedInfo ToThrift(const model::SkewedInfo& skewed) {
  SkewedInfo out;
  out.__set_skewedColNames(skewed.column_names);
  out.__set_skewedColValues(skewed.column_values);
  std::map<std::vector<std::string>, std::string> locations;
  for (const auto& [values, location] : skewed.value_locations) locations[values] = location;
  out.skewedColValueLocationMaps = std::move(locations);
  out.__isset.skewedColValueLocationMaps = true;
  return out;
}

model::StorageDescriptor FromThrift(const StorageDescriptor& sd) {
  model::StorageDescriptor out;
  out.columns = FromThrift(sd.cols);
  out.location = sd.location;
  out.input_format = sd.inputFormat;
  out.output_format = sd.outputFormat;
  out.compressed = sd.compressed;
  out.num_buckets = sd.numBuckets;
  out.serde = FromThrift(sd.serdeInfo);
  out.bucket_columns = sd.bucketCols;
  for (const Order& o : sd.sortCols) out.sort_columns.push_back(FromThrift(o));
  out.parameters = {sd.parameters.begin(), sd.parameters.end()};
  if (sd.__isset.skewedInfo) out.skewed = FromThrift(sd.skewedInfo);
  out.stored_as_sub_directories = sd.__isset.storedAsSubDirectories && sd.storedAsSubDirectories;
  return out;
}

StorageDescriptor ToThrift(const model::StorageDescriptor& sd) {
  return ToThrift(model::StorageDescriptor(sd));
}

StorageDescriptor ToThrift(model::StorageDescriptor&& sd) {
  // Members are moved in rather than passed to __set_: the generated setters
  // take a const reference and copy, which doubled the cost of every
  // partition in a 1,000-partition reply.
  StorageDescriptor out;
  out.cols.reserve(sd.columns.size());
  for (model::Column& c : sd.columns) out.cols.push_back(ToThrift(std::move(c)));
  out.__isset.cols = true;
  // Views have no location: Hive clients build a Path from any location
  // they receive and fail on an empty one.
  if (!sd.location.empty()) {
    out.location = std::move(sd.location);
    out.__isset.location = true;
  }
  out.inputFormat = std::move(sd.input_format);
  out.outputFormat = std::move(sd.output_format);
  out.__isset.inputFormat = out.__isset.outputFormat = true;
  out.__set_compressed(sd.compressed);
  out.__set_numBuckets(sd.num_buckets);
  out.serdeInfo = ToThrift(std::move(sd.serde));
  out.__isset.serdeInfo = true;
  out.bucketCols = std::move(sd.bucket_columns);
  out.__isset.bucketCols = true;
  out.sortCols.reserve(sd.sort_columns.size());
  for (const model::SortColumn& c : sd.sort_columns) out.sortCols.push_back(ToThrift(c));
  out.__isset.sortCols = true;
  out.parameters = std::move(sd.parameters);
  out.__isset.parameters = true;
  // Hive always sends a SkewedInfo (empty lists when not skewed) and some
  // clients dereference it without a null check.
  out.skewedInfo = ToThrift(sd.skewed);
  out.__isset.skewedInfo = true;
  out.__set_storedAsSubDirectories(sd.stored_as_sub_directories);
  return out;
}

absl::StatusOr<model::Database> FromThrift(const Database& db) {
  model::Database out;
  if (db.__isset.catalogName) RETURN_IF_ERROR(CheckCatalog(db.catalogName));
  ASSIGN_OR_RETURN(out.name, StripCatalog(db.name));
  out.description = db.description;
  out.location = db.locationUri;
  if (db.__isset.managedLocationUri) out.managed_location = db.managedLocationUri;
  out.parameters = {db.parameters.begin(), db.parameters.end()};
  if (db.__isset.ownerName) out.owner_name = db.ownerName;
  if (db.__isset.ownerType) {
    ASSIGN_OR_RETURN(out.owner_type, FromThrift(db.ownerType));
  }
  if (db.__isset.createTime) out.create_time = db.createTime;
  return out;
}

Database ToThrift(const model::Database& db) {
  Database out;
  out.__set_name(db.name);
  out.__set_description(db.description);
  out.__set_locationUri(db.location);
  out.__set_parameters({db.parameters.begin(), db.parameters.end()});
  if (!db.owner_name.empty()) {
    out.__set_ownerName(db.owner_name);
    out.__set_ownerType(ToThrift(db.owner_type));
  }
  out.__set_catalogName(kHiveCatalog);
  out.__set_createTime(static_cast<int32_t>(db.create_time));
  if (!db.managed_location.empty()) out.__set_managedLocationUri(db.managed_location);
  out.__set_type(DatabaseType::NATIVE);
  return out;
}

absl::StatusOr<model::Table> FromThrift(const Table& table) {
  model::Table out;
  if (table.__isset.catName) RETURN_IF_ERROR(CheckCatalog(table.catName));
  ASSIGN_OR_RETURN(out.database, StripCatalog(table.dbName));
  out.name = table.tableName;
  out.owner = table.owner;
  if (table.__isset.ownerType) {
    ASSIGN_OR_RETURN(out.owner_type, FromThrift(table.ownerType));
  }
  out.create_time = table.createTime;
  out.last_access_time = table.lastAccessTime;
  out.retention = table.retention;
  out.sd = FromThrift(table.sd);
  out.partition_keys = FromThrift(table.partitionKeys);
  out.parameters = {table.parameters.begin(), table.parameters.end()};
  out.view_original_text = table.viewOriginalText;
  out.view_expanded_text = table.viewExpandedText;
  if (table.tableType.empty()) {
    out.table_type = model::TableType::kManaged;
  } else {
    std::optional<model::TableType> type = model::ParseTableType(table.tableType);
    if (!type.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid table type '", model::MessageText(table.tableType), "' for table '",
          model::MessageText(out.name), "'"));
    }
    out.table_type = *type;
  }
  out.temporary = table.__isset.temporary && table.temporary;
  out.rewrite_enabled = table.__isset.rewriteEnabled && table.rewriteEnabled;
  return out;
}

Table ToThrift(const model::Table& table) {
  Table out;
  out.__set_tableName(table.name);
  out.__set_dbName(table.database);
  out.__set_owner(table.owner);
  out.__set_createTime(static_cast<int32_t>(table.create_time));
  out.__set_lastAccessTime(static_cast<int32_t>(table.last_access_time));
  out.__set_retention(table.retention);
  out.__set_sd(ToThrift(table.sd));
  out.__set_partitionKeys(ToThrift(table.partition_keys));
  out.__set_parameters({table.parameters.begin(), table.parameters.end()});
  if (!table.view_original_text.empty()) out.__set_viewOriginalText(table.view_original_text);
  if (!table.view_expanded_text.empty()) out.__set_viewExpandedText(table.view_expanded_text);
  out.__set_tableType(std::string(model::TableTypeName(table.table_type)));
  out.__set_temporary(table.temporary);
  out.__set_rewriteEnabled(table.rewrite_enabled);
  out.__set_catName(kHiveCatalog);
  out.__set_ownerType(ToThrift(table.owner_type));
  return out;
}

absl::StatusOr<model::Partition> FromThrift(const Partition& partition) {
  model::Partition out;
  if (partition.__isset.catName) RETURN_IF_ERROR(CheckCatalog(partition.catName));
  ASSIGN_OR_RETURN(out.database, StripCatalog(partition.dbName));
  out.table = partition.tableName;
  out.values = partition.values;
  out.create_time = partition.createTime;
  out.last_access_time = partition.lastAccessTime;
  out.sd = FromThrift(partition.sd);
  out.parameters = {partition.parameters.begin(), partition.parameters.end()};
  return out;
}

Partition ToThrift(const model::Partition& partition) {
  return ToThrift(model::Partition(partition));
}

Partition ToThrift(model::Partition&& partition) {
  Partition out;
  out.values = std::move(partition.values);
  out.dbName = std::move(partition.database);
  out.tableName = std::move(partition.table);
  out.__set_createTime(static_cast<int32_t>(partition.create_time));
  out.__set_lastAccessTime(static_cast<int32_t>(partition.last_access_time));
  out.sd = ToThrift(std::move(partition.sd));
  out.parameters = std::move(partition.parameters);
  out.__isset.values = out.__isset.dbName = out.__isset.tableName = true;
  out.__isset.sd = out.__isset.parameters = true;
  out.__set_catName(kHiveCatalog);
  return out;
}

}  // namespace almanac::hms
