// Hive's roles and privilege grants as Almanac stores them. Almanac records
// them for the engines that enforce them (Hive's SQL-standard authorizer,
// Trino's sql-standard security); it does not enforce them itself (its own
// access control is the resource-policy layer).
//
// Plain aggregates; not synchronised.
#ifndef ALMANAC_CATALOG_MODEL_AUTHORIZATION_H_
#define ALMANAC_CATALOG_MODEL_AUTHORIZATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/model/principal.h"

namespace almanac::model {

// The two roles every metastore has, which can be neither created nor dropped;
// every principal belongs to "public" without a grant.
inline constexpr char kAdminRole[] = "admin";
inline constexpr char kPublicRole[] = "public";

struct Principal {
  std::string name;
  PrincipalType type = PrincipalType::kUser;
  friend bool operator==(const Principal&, const Principal&) = default;
};

struct Role {
  std::string name;  // as given (Hive keeps the case)
  int64_t create_time = 0;  // seconds since the epoch
  std::string owner;
  friend bool operator==(const Role&, const Role&) = default;
};

// `grantee` holds `role`.
struct RoleGrant {
  std::string role;
  Principal grantee;
  bool grant_option = false;  // the grantee may grant the role on
  int64_t grant_time = 0;     // seconds since the epoch
  Principal grantor;
  friend bool operator==(const RoleGrant&, const RoleGrant&) = default;
};

// Values match Hive's HiveObjectType on the wire.
enum class ObjectKind { kGlobal = 1, kDatabase = 2, kTable = 3, kPartition = 4, kColumn = 5 };

// What a privilege is granted on. Names are lower case; `partition` is the
// partition's name ("k=v/..."), set for kPartition and for a column of a
// partition; `column` for kColumn.
struct SecuredObject {
  ObjectKind kind = ObjectKind::kGlobal;
  std::string database;
  std::string table;
  std::string partition;
  std::string column;
  friend bool operator==(const SecuredObject&, const SecuredObject&) = default;
};

// An object as clients name it, before it is resolved to a SecuredObject: a
// partition by its values.
struct ObjectRef {
  ObjectKind kind = ObjectKind::kGlobal;
  std::string database;
  std::string table;
  std::vector<std::string> partition_values;  // kPartition, or a partition's column
  std::string column;                         // kColumn
};

// `grantee` holds `privilege` ("SELECT", "INSERT", "ALL", ...) on `object`.
struct PrivilegeGrant {
  SecuredObject object;
  Principal grantee;
  std::string privilege;  // upper case
  int64_t create_time = 0;
  Principal grantor;
  bool grant_option = false;
  friend bool operator==(const PrivilegeGrant&, const PrivilegeGrant&) = default;
};

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_AUTHORIZATION_H_
