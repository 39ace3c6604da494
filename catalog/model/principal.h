// Principal kinds (owners of databases and tables, subjects of policies).
#ifndef ALMANAC_CATALOG_MODEL_PRINCIPAL_H_
#define ALMANAC_CATALOG_MODEL_PRINCIPAL_H_

#include <optional>
#include <string_view>

namespace almanac::model {

// Values match Hive's PrincipalType enum on the wire (USER=1, ROLE=2, GROUP=3).
enum class PrincipalType { kUser = 1, kRole = 2, kGroup = 3 };

std::string_view PrincipalTypeName(PrincipalType type);  // "USER", "ROLE", "GROUP"
std::optional<PrincipalType> ParsePrincipalType(std::string_view name);  // case-insensitive

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_PRINCIPAL_H_
