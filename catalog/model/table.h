// The Table value type. Plain aggregate; not synchronised.
#ifndef ALMANAC_CATALOG_MODEL_TABLE_H_
#define ALMANAC_CATALOG_MODEL_TABLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model/principal.h"
#include "catalog/model/storage_descriptor.h"

namespace almanac::model {

enum class TableType { kManaged, kExternal, kVirtualView, kMaterializedView };

// "MANAGED_TABLE", "EXTERNAL_TABLE", "VIRTUAL_VIEW", "MATERIALIZED_VIEW".
std::string_view TableTypeName(TableType type);
// Accepts the names above, case-insensitively; nullopt for anything else.
std::optional<TableType> ParseTableType(std::string_view name);

struct Table {
  std::string database;  // lower case
  std::string name;      // lower case
  std::string owner;
  PrincipalType owner_type = PrincipalType::kUser;
  int64_t create_time = 0;       // seconds since the epoch
  int64_t update_time = 0;       // seconds since the epoch; last change
  int64_t last_access_time = 0;  // seconds since the epoch
  int32_t retention = 0;
  StorageDescriptor sd;  // sd.columns are the table's data columns
  std::vector<Column> partition_keys;
  Parameters parameters;
  std::string view_original_text;
  std::string view_expanded_text;
  TableType table_type = TableType::kManaged;
  bool temporary = false;
  bool rewrite_enabled = false;

  friend bool operator==(const Table&, const Table&) = default;
};

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_TABLE_H_
