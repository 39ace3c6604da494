// GrantService: Hive's roles, role grants and privilege grants
// (create_role, grant_role, grant_privileges, list_privileges, ...), stored
// for the engines that enforce them: Hive's SQL-standard authorizer and
// Trino's sql-standard security read them through the metastore. Almanac
// itself does not enforce them; its own access control is the resource-policy
// layer.
//
// Rules, following Hive's metastore:
// - The roles "admin" and "public" always exist and can be neither created
//   nor dropped; every principal holds "public" without a grant, so it can be
//   neither granted nor revoked. Role names keep their case.
// - A role is granted at most once to a principal; granting a role to a role
//   that holds it, directly or through other roles, is refused (no cycles).
// - Privileges are named by their upper-cased text ("SELECT", "ALL", ...) on
//   an object that exists: the whole catalog (kGlobal), a database, a table,
//   a partition, or a column of a table or partition. A privilege is granted
//   at most once per principal and object; a batch is all or nothing.
// - Revoking with grant_option_only keeps the grant and takes away the right
//   to pass it on.
// - A dropped table, partition or database takes its grants with it; a
//   renamed table or partition keeps them (storage does both).
//
// Thread-safe: stateless apart from the store, which is thread-safe.
//
// Errors: NotFound (role, grant, object), AlreadyExists, FailedPrecondition
// (built-in roles, cycles), InvalidArgument (empty names, a malformed object).
#ifndef ALMANAC_CATALOG_SERVICE_GRANT_SERVICE_H_
#define ALMANAC_CATALOG_SERVICE_GRANT_SERVICE_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/authorization.h"
#include "catalog/model/request_context.h"
#include "catalog/service/service_core.h"

namespace almanac::service {

// A grant or revoke request for one privilege.
struct PrivilegeRequest {
  model::ObjectRef object;
  model::Principal grantee;
  std::string privilege;
  model::Principal grantor;  // empty name: the caller, as a user
  bool grant_option = false;
};

// A principal's privileges on one object, keyed by principal name
// (Hive's PrincipalPrivilegeSet).
struct PrivilegeSet {
  std::map<std::string, std::vector<model::PrivilegeGrant>> user;
  std::map<std::string, std::vector<model::PrivilegeGrant>> group;
  std::map<std::string, std::vector<model::PrivilegeGrant>> role;
};

class GrantService {
 public:
  explicit GrantService(ServiceCore* core) : core_(core) {}

  // Fills create_time and, when empty, the owner (the caller).
  absl::Status CreateRole(const model::RequestContext& ctx, model::Role role);
  absl::Status DropRole(const model::RequestContext& ctx, std::string_view name);
  absl::StatusOr<std::vector<model::Role>> ListRoles(const model::RequestContext& ctx);

  // Fills grant_time and, when its name is empty, the grantor (the caller).
  absl::Status GrantRole(const model::RequestContext& ctx, model::RoleGrant grant);
  absl::Status RevokeRole(const model::RequestContext& ctx, std::string_view role,
                          const model::Principal& grantee, bool grant_option_only);
  // The roles `principal` holds directly, then "public".
  absl::StatusOr<std::vector<model::Role>> RolesOf(const model::RequestContext& ctx,
                                                   const model::Principal& principal);
  // Who holds `role` (NotFound when there is no such role).
  absl::StatusOr<std::vector<model::RoleGrant>> GrantsOfRole(const model::RequestContext& ctx,
                                                             std::string_view role);
  // Which roles `principal` holds, with the grants' details.
  absl::StatusOr<std::vector<model::RoleGrant>> RoleGrantsOf(const model::RequestContext& ctx,
                                                             const model::Principal& principal);

  absl::Status GrantPrivileges(const model::RequestContext& ctx,
                               const std::vector<PrivilegeRequest>& requests);
  absl::Status RevokePrivileges(const model::RequestContext& ctx,
                                const std::vector<PrivilegeRequest>& requests,
                                bool grant_option_only);
  // Grants on `object` (every object when null) to `grantee` (every
  // principal when null). A missing object has no grants.
  absl::StatusOr<std::vector<model::PrivilegeGrant>> ListPrivileges(
      const model::RequestContext& ctx, const model::ObjectRef* object,
      const model::Principal* grantee);
  // What `user`, its `groups` and the roles the user holds (directly, and
  // "public") were granted on `object`.
  absl::StatusOr<PrivilegeSet> PrivilegesFor(const model::RequestContext& ctx,
                                             const model::ObjectRef& object, std::string_view user,
                                             const std::vector<std::string>& groups);

 private:
  ServiceCore* core_;
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_GRANT_SERVICE_H_
