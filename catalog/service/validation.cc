#include "catalog/service/validation.h"

#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/model/candidates.h"
#include "catalog/model/hive_type.h"
#include "catalog/model/names.h"
#include "catalog/model/partition.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::service {
namespace {

bool IsView(const model::Table& table) {
  return table.table_type == model::TableType::kVirtualView;
}

}  // namespace

std::string QualifiedTableName(std::string_view db, std::string_view table) {
  return absl::StrCat(AbslView(db), ".", AbslView(table));
}

absl::Status NormalizeDatabase(model::Database* db) {
  RETURN_IF_ERROR(model::ValidateDatabaseName(db->name));
  db->name = model::ToLowerName(db->name);
  return absl::OkStatus();
}

absl::Status NormalizeColumns(std::vector<model::Column>* columns, std::string_view what) {
  std::set<std::string> seen;
  for (model::Column& column : *columns) {
    RETURN_IF_ERROR(model::ValidateColumnName(column.name));
    column.name = model::ToLowerName(column.name);
    if (!seen.insert(column.name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("duplicate ", AbslView(what), " name '", column.name, "'"));
    }
    absl::StatusOr<std::string> type = model::NormalizeTypeString(column.type);
    if (!type.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("invalid type for ", AbslView(what), " '",
                                                     column.name, "': ", type.status().message()));
    }
    column.type = *std::move(type);
  }
  return absl::OkStatus();
}

absl::Status NormalizeTable(model::Table* table) {
  RETURN_IF_ERROR(model::ValidateDatabaseName(table->database));
  RETURN_IF_ERROR(model::ValidateTableName(table->name));
  table->database = model::ToLowerName(table->database);
  table->name = model::ToLowerName(table->name);
  const std::string qualified = QualifiedTableName(table->database, table->name);

  RETURN_IF_ERROR(NormalizeColumns(&table->sd.columns, "column"));
  RETURN_IF_ERROR(NormalizeColumns(&table->partition_keys, "partition key"));

  std::set<std::string> data_columns;
  for (const model::Column& column : table->sd.columns) data_columns.insert(column.name);
  for (const model::Column& key : table->partition_keys) {
    if (data_columns.count(key.name) > 0) {
      return absl::InvalidArgumentError(absl::StrCat("partition key '", key.name,
                                                     "' is also a data column of table '",
                                                     qualified, "'"));
    }
    // Partition values are directory names and typed filter operands: only
    // primitive types have a text form both sides agree on.
    ASSIGN_OR_RETURN(model::HiveType type, model::HiveType::Parse(key.type));
    if (!type.is_primitive()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "partition key '", key.name, "' must have a primitive type, not '", key.type, "'"));
    }
  }

  for (std::string& name : table->sd.bucket_columns) {
    name = model::ToLowerName(name);
    if (data_columns.count(name) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("bucket column '", name, "' is not a data column of table '", qualified,
                       "' ", model::CandidateList("columns", name, table->sd.columns)));
    }
  }
  for (model::SortColumn& sort : table->sd.sort_columns) {
    sort.column = model::ToLowerName(sort.column);
    if (data_columns.count(sort.column) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("sort column '", sort.column, "' is not a data column of table '", qualified,
                       "' ", model::CandidateList("columns", sort.column, table->sd.columns)));
    }
  }

  if (IsView(*table)) {
    if (table->view_original_text.empty() && table->view_expanded_text.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("view '", qualified, "' has no view text"));
    }
    if (!table->sd.location.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("view '", qualified, "' must not have a location"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidatePartitionValues(const model::Table& table,
                                     const std::vector<std::string>& values) {
  const std::string qualified = QualifiedTableName(table.database, table.name);
  if (values.size() != table.partition_keys.size()) {
    std::vector<std::string> keys;
    for (const model::Column& key : table.partition_keys) keys.push_back(key.name);
    return absl::InvalidArgumentError(absl::StrCat(
        "table '", qualified, "' has ", keys.size(), " partition keys (",
        absl::StrJoin(keys, ", "), ") but ", values.size(), " values were given"));
  }
  return absl::OkStatus();
}

void NormalizePartitionValues(std::vector<std::string>* values) {
  for (std::string& value : *values) {
    if (value.empty()) value = model::kDefaultPartitionName;
  }
}

}  // namespace almanac::service
