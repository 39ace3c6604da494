// Names of the small enums declared in principal.h and table.h. The names are
// the ones Hive uses on the wire and in its database, so they must not change.
#include <optional>
#include <string_view>

#include "absl/strings/match.h"
#include "catalog/model/principal.h"
#include "catalog/model/table.h"
#include "common/absl_view.h"

namespace almanac::model {

std::string_view PrincipalTypeName(PrincipalType type) {
  switch (type) {
    case PrincipalType::kUser:
      return "USER";
    case PrincipalType::kRole:
      return "ROLE";
    case PrincipalType::kGroup:
      return "GROUP";
  }
  // Only reachable through a cast from an out-of-range integer (a bad wire value).
  return "UNKNOWN";
}

std::optional<PrincipalType> ParsePrincipalType(std::string_view name) {
  for (PrincipalType type : {PrincipalType::kUser, PrincipalType::kRole, PrincipalType::kGroup}) {
    if (absl::EqualsIgnoreCase(AbslView(name), AbslView(PrincipalTypeName(type)))) return type;
  }
  return std::nullopt;
}

std::string_view TableTypeName(TableType type) {
  switch (type) {
    case TableType::kManaged:
      return "MANAGED_TABLE";
    case TableType::kExternal:
      return "EXTERNAL_TABLE";
    case TableType::kVirtualView:
      return "VIRTUAL_VIEW";
    case TableType::kMaterializedView:
      return "MATERIALIZED_VIEW";
  }
  return "UNKNOWN";
}

std::optional<TableType> ParseTableType(std::string_view name) {
  for (TableType type : {TableType::kManaged, TableType::kExternal, TableType::kVirtualView,
                         TableType::kMaterializedView}) {
    if (absl::EqualsIgnoreCase(AbslView(name), AbslView(TableTypeName(type)))) return type;
  }
  return std::nullopt;
}

}  // namespace almanac::model
