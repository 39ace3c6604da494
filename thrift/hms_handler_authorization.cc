// HmsHandler: Hive's roles and privilege grants (AuthorizationService). Every
// call declares only MetaException, so every failure becomes one, with the
// service's message.
#include <string>
#include <utility>
#include <vector>

#include "catalog/service/grant_service.h"
#include "catalog/model/names.h"
#include "thrift/convert.h"
#include "thrift/exception_convert.h"
#include "thrift/hms_handler.h"

namespace almanac::hms {
namespace {

using K = ExceptionKind;
// The conversions below overload convert.h's, which they would hide.
using ::almanac::hms::FromThrift;
using ::almanac::hms::ToThrift;
constexpr DeclaredExceptions kDeclared = {K::kMeta};

model::Principal PrincipalOf(const std::string& name, PrincipalType::type type) {
  absl::StatusOr<model::PrincipalType> t = FromThrift(type);
  ThrowIfError(t.status(), kDeclared);
  return {name, *t};
}

model::ObjectRef FromThrift(const HiveObjectRef& ref) {
  model::ObjectRef out;
  if (ref.__isset.catName) ThrowIfError(CheckCatalog(ref.catName), kDeclared);
  if (ref.objectType < HiveObjectType::GLOBAL || ref.objectType > HiveObjectType::COLUMN) {
    ThrowIfError(absl::InvalidArgumentError(
                     "privileges on data connectors or unknown object types are not supported"),
                 kDeclared);
  }
  out.kind = static_cast<model::ObjectKind>(ref.objectType);
  absl::StatusOr<std::string> db = StripCatalog(ref.dbName);
  ThrowIfError(db.status(), kDeclared);
  out.database = *db;
  out.table = ref.objectName;
  out.partition_values = ref.partValues;
  out.column = ref.columnName;
  return out;
}

HiveObjectRef ToThrift(const model::SecuredObject& object) {
  HiveObjectRef out;
  out.__set_objectType(static_cast<HiveObjectType::type>(object.kind));
  out.__set_dbName(object.database);
  out.__set_objectName(object.table);
  std::vector<std::string> values;
  if (!object.partition.empty()) {
    absl::StatusOr<std::vector<std::pair<std::string, std::string>>> pairs =
        model::ParsePartitionName(object.partition);
    ThrowIfError(pairs.status(), kDeclared);
    for (auto& [key, value] : *pairs) values.push_back(std::move(value));
  }
  out.__set_partValues(std::move(values));
  out.__set_columnName(object.column);
  out.__set_catName(kHiveCatalog);
  return out;
}

PrivilegeGrantInfo GrantInfoOf(const model::PrivilegeGrant& g) {
  PrivilegeGrantInfo info;
  info.__set_privilege(g.privilege);
  info.__set_createTime(static_cast<int32_t>(g.create_time));
  info.__set_grantor(g.grantor.name);
  info.__set_grantorType(ToThrift(g.grantor.type));
  info.__set_grantOption(g.grant_option);
  return info;
}

HiveObjectPrivilege ToThrift(const model::PrivilegeGrant& g) {
  HiveObjectPrivilege out;
  out.__set_hiveObject(ToThrift(g.object));
  out.__set_principalName(g.grantee.name);
  out.__set_principalType(ToThrift(g.grantee.type));
  out.__set_grantInfo(GrantInfoOf(g));
  out.__set_authorizer("");
  return out;
}

Role ToThrift(const model::Role& r) {
  Role out;
  out.__set_roleName(r.name);
  out.__set_createTime(static_cast<int32_t>(r.create_time));
  out.__set_ownerName(r.owner);
  return out;
}

RolePrincipalGrant ToThrift(const model::RoleGrant& g) {
  RolePrincipalGrant out;
  out.__set_roleName(g.role);
  out.__set_principalName(g.grantee.name);
  out.__set_principalType(ToThrift(g.grantee.type));
  out.__set_grantOption(g.grant_option);
  out.__set_grantTime(static_cast<int32_t>(g.grant_time));
  out.__set_grantorName(g.grantor.name);
  out.__set_grantorPrincipalType(ToThrift(g.grantor.type));
  return out;
}

std::vector<service::PrivilegeRequest> RequestsOf(const PrivilegeBag& bag) {
  std::vector<service::PrivilegeRequest> out;
  for (const HiveObjectPrivilege& p : bag.privileges) {
    service::PrivilegeRequest r;
    r.object = FromThrift(p.hiveObject);
    r.grantee = PrincipalOf(p.principalName, p.principalType);
    r.privilege = p.grantInfo.privilege;
    if (!p.grantInfo.grantor.empty()) {
      r.grantor = PrincipalOf(p.grantInfo.grantor, p.grantInfo.grantorType);
    }
    r.grant_option = p.grantInfo.grantOption;
    out.push_back(std::move(r));
  }
  return out;
}

std::map<std::string, std::vector<PrivilegeGrantInfo>> ToThrift(
    const std::map<std::string, std::vector<model::PrivilegeGrant>>& grants) {
  std::map<std::string, std::vector<PrivilegeGrantInfo>> out;
  for (const auto& [name, list] : grants) {
    for (const model::PrivilegeGrant& g : list) out[name].push_back(GrantInfoOf(g));
  }
  return out;
}

}  // namespace

bool HmsHandler::create_role(const Role& role) {
  auto ctx = Context();
  ThrowIfError(shared_->service->grants().CreateRole(
                   ctx, model::Role{.name = role.roleName, .owner = role.ownerName}),
               kDeclared);
  return true;
}

bool HmsHandler::drop_role(const std::string& role_name) {
  auto ctx = Context();
  ThrowIfError(shared_->service->grants().DropRole(ctx, role_name), kDeclared);
  return true;
}

void HmsHandler::get_role_names(std::vector<std::string>& _return) {
  auto ctx = Context();
  auto roles = shared_->service->grants().ListRoles(ctx);
  ThrowIfError(roles.status(), kDeclared);
  for (const model::Role& r : *roles) _return.push_back(r.name);
}

bool HmsHandler::grant_role(const std::string& role_name, const std::string& principal_name,
                            const PrincipalType::type principal_type, const std::string& grantor,
                            const PrincipalType::type grantorType, const bool grant_option) {
  auto ctx = Context();
  model::RoleGrant grant;
  grant.role = role_name;
  grant.grantee = PrincipalOf(principal_name, principal_type);
  if (!grantor.empty()) grant.grantor = PrincipalOf(grantor, grantorType);
  grant.grant_option = grant_option;
  ThrowIfError(shared_->service->grants().GrantRole(ctx, std::move(grant)), kDeclared);
  return true;
}

bool HmsHandler::revoke_role(const std::string& role_name, const std::string& principal_name,
                             const PrincipalType::type principal_type) {
  auto ctx = Context();
  ThrowIfError(shared_->service->grants().RevokeRole(
                   ctx, role_name, PrincipalOf(principal_name, principal_type), false),
               kDeclared);
  return true;
}

void HmsHandler::list_roles(std::vector<Role>& _return, const std::string& principal_name,
                            const PrincipalType::type principal_type) {
  auto ctx = Context();
  auto roles = shared_->service->grants().RolesOf(
      ctx, PrincipalOf(principal_name, principal_type));
  ThrowIfError(roles.status(), kDeclared);
  for (const model::Role& r : *roles) _return.push_back(ToThrift(r));
}

void HmsHandler::grant_revoke_role(GrantRevokeRoleResponse& _return,
                                   const GrantRevokeRoleRequest& request) {
  if (request.requestType == GrantRevokeType::GRANT) {
    grant_role(request.roleName, request.principalName, request.principalType,
               request.__isset.grantor ? request.grantor : "",
               request.__isset.grantorType ? request.grantorType : PrincipalType::USER,
               request.__isset.grantOption && request.grantOption);
  } else if (request.requestType == GrantRevokeType::REVOKE) {
    auto ctx = Context();
    // With grantOption set, only the right to grant the role on is revoked.
    ThrowIfError(shared_->service->grants().RevokeRole(
                     ctx, request.roleName,
                     PrincipalOf(request.principalName, request.principalType),
                     request.__isset.grantOption && request.grantOption),
                 kDeclared);
  } else {
    ThrowIfError(absl::InvalidArgumentError("grant_revoke_role needs GRANT or REVOKE"),
                 kDeclared);
  }
  _return.__set_success(true);
}

void HmsHandler::get_principals_in_role(GetPrincipalsInRoleResponse& _return,
                                        const GetPrincipalsInRoleRequest& request) {
  auto ctx = Context();
  auto grants = shared_->service->grants().GrantsOfRole(ctx, request.roleName);
  ThrowIfError(grants.status(), kDeclared);
  std::vector<RolePrincipalGrant> out;
  for (const model::RoleGrant& g : *grants) out.push_back(ToThrift(g));
  _return.__set_principalGrants(std::move(out));
}

void HmsHandler::get_role_grants_for_principal(GetRoleGrantsForPrincipalResponse& _return,
                                               const GetRoleGrantsForPrincipalRequest& request) {
  auto ctx = Context();
  auto grants = shared_->service->grants().RoleGrantsOf(
      ctx, PrincipalOf(request.principal_name, request.principal_type));
  ThrowIfError(grants.status(), kDeclared);
  std::vector<RolePrincipalGrant> out;
  for (const model::RoleGrant& g : *grants) out.push_back(ToThrift(g));
  _return.__set_principalGrants(std::move(out));
}

void HmsHandler::get_privilege_set(PrincipalPrivilegeSet& _return, const HiveObjectRef& hiveObject,
                                   const std::string& user_name,
                                   const std::vector<std::string>& group_names) {
  auto ctx = Context();
  auto set = shared_->service->grants().PrivilegesFor(ctx, FromThrift(hiveObject),
                                                             user_name, group_names);
  ThrowIfError(set.status(), kDeclared);
  _return.__set_userPrivileges(ToThrift(set->user));
  _return.__set_groupPrivileges(ToThrift(set->group));
  _return.__set_rolePrivileges(ToThrift(set->role));
}

void HmsHandler::list_privileges(std::vector<HiveObjectPrivilege>& _return,
                                 const std::string& principal_name,
                                 const PrincipalType::type principal_type,
                                 const HiveObjectRef& hiveObject) {
  auto ctx = Context();
  // Hive reads an empty principal name as "every principal".
  model::Principal grantee;
  if (!principal_name.empty()) grantee = PrincipalOf(principal_name, principal_type);
  // And an object without a type as "every object" (Hive's SHOW GRANT USER x).
  const bool every_object = !hiveObject.__isset.objectType ||
                            static_cast<int>(hiveObject.objectType) == 0;
  model::ObjectRef object;
  if (!every_object) object = FromThrift(hiveObject);
  auto grants = shared_->service->grants().ListPrivileges(
      ctx, every_object ? nullptr : &object, principal_name.empty() ? nullptr : &grantee);
  ThrowIfError(grants.status(), kDeclared);
  for (const model::PrivilegeGrant& g : *grants) _return.push_back(ToThrift(g));
}

bool HmsHandler::grant_privileges(const PrivilegeBag& privileges) {
  auto ctx = Context();
  ThrowIfError(shared_->service->grants().GrantPrivileges(ctx, RequestsOf(privileges)),
               kDeclared);
  return true;
}

bool HmsHandler::revoke_privileges(const PrivilegeBag& privileges) {
  auto ctx = Context();
  ThrowIfError(
      shared_->service->grants().RevokePrivileges(ctx, RequestsOf(privileges), false),
      kDeclared);
  return true;
}

void HmsHandler::grant_revoke_privileges(GrantRevokePrivilegeResponse& _return,
                                         const GrantRevokePrivilegeRequest& request) {
  auto ctx = Context();
  std::vector<service::PrivilegeRequest> requests = RequestsOf(request.privileges);
  absl::Status status;
  if (request.requestType == GrantRevokeType::GRANT) {
    status = shared_->service->grants().GrantPrivileges(ctx, requests);
  } else if (request.requestType == GrantRevokeType::REVOKE) {
    status = shared_->service->grants().RevokePrivileges(
        ctx, requests, request.__isset.revokeGrantOption && request.revokeGrantOption);
  } else {
    status = absl::InvalidArgumentError("grant_revoke_privileges needs GRANT or REVOKE");
  }
  ThrowIfError(status, kDeclared);
  _return.__set_success(true);
}

}  // namespace almanac::hms
