// GrantReader / GrantWriter: roles, the grants of roles to principals and the
// privilege grants on databases, tables, partitions and columns (Hive's SQL
// standard authorization), as one transaction sees them
// (ReadTransaction::grants(), WriteTransaction::grants()).
//
// Contract: grants name their objects by name, so they follow the objects:
// table, partition and database deletes (tables.h, partitions.h) delete the
// grants on them and renames move them, without a call here. Put* inserts or
// replaces, so granting twice is not an error. Listings are in key order.
// NotFound / AlreadyExists name the role or grant; a writer method that fails
// leaves the transaction as it was before the call.
//
// Thread safety: as its transaction: one thread at a time. The reference a
// transaction hands out lives as long as the transaction.
#ifndef ALMANAC_STORAGE_GRANTS_H_
#define ALMANAC_STORAGE_GRANTS_H_

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/authorization.h"

namespace almanac::storage {

class GrantReader {
 public:
  // Every role, by name.
  virtual absl::StatusOr<std::vector<model::Role>> ListRoles() = 0;
  // Role grants of `role` (every role when empty) to `grantee` (every
  // principal when its name is empty), by role then grantee.
  virtual absl::StatusOr<std::vector<model::RoleGrant>> ListRoleGrants(
      std::string_view role, const model::Principal& grantee) = 0;
  // Privilege grants on `object` (any object when null) to `grantee` (any
  // principal when null), in key order.
  virtual absl::StatusOr<std::vector<model::PrivilegeGrant>> ListPrivileges(
      const model::SecuredObject* object, const model::Principal* grantee) = 0;

 protected:
  // Owned by the transaction, never deleted through this interface.
  ~GrantReader() = default;
};

class GrantWriter : public GrantReader {
 public:
  // AlreadyExists: "role 'x' already exists".
  virtual absl::Status CreateRole(const model::Role& role) = 0;
  // Deletes the role, its grants to principals, its grants to it as a
  // principal and the privileges granted to it. NotFound.
  virtual absl::Status DeleteRole(std::string_view name) = 0;
  // Inserts or replaces the grant of (role, grantee).
  virtual absl::Status PutRoleGrant(const model::RoleGrant& grant) = 0;
  // NotFound when `grantee` does not hold `role`.
  virtual absl::Status DeleteRoleGrant(std::string_view role, const model::Principal& grantee) = 0;
  // Inserts or replaces the grant of (object, grantee, privilege).
  virtual absl::Status PutPrivilege(const model::PrivilegeGrant& grant) = 0;
  // NotFound when there is no such grant (object, grantee, privilege).
  virtual absl::Status DeletePrivilege(const model::PrivilegeGrant& grant) = 0;

 protected:
  ~GrantWriter() = default;
};

}  // namespace almanac::storage

#endif  // ALMANAC_STORAGE_GRANTS_H_
