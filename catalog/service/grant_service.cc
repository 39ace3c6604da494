#include "catalog/service/grant_service.h"

#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "catalog/model/names.h"
#include "catalog/service/actions.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::service {
namespace {

bool IsBuiltInRole(std::string_view name) {
  return absl::EqualsIgnoreCase(AbslView(name), model::kAdminRole) ||
         absl::EqualsIgnoreCase(AbslView(name), model::kPublicRole);
}

int64_t Now() { return absl::ToUnixSeconds(absl::Now()); }

std::string Describe(const model::Principal& p) {
  return absl::StrCat(AbslView(model::PrincipalTypeName(p.type)), " '", p.name, "'");
}

absl::Status CheckPrincipal(const model::Principal& p, std::string_view what) {
  if (p.name.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(AbslView(what), " has no name"));
  }
  return absl::OkStatus();
}

// `ref` as stored: names lower case, a partition by name. With `must_exist`,
// NotFound unless the object exists; the table is always needed to name a
// partition or check a column.
absl::StatusOr<model::SecuredObject> Resolve(storage::ReadTransaction* txn, const model::ObjectRef& ref,
                                             bool must_exist) {
  model::SecuredObject out;
  out.kind = ref.kind;
  if (ref.kind == model::ObjectKind::kGlobal) return out;  // other fields mean nothing
  if (ref.database.empty()) {
    return absl::InvalidArgumentError("a privilege's object names no database");
  }
  out.database = model::ToLowerName(ref.database);
  if (ref.kind == model::ObjectKind::kDatabase) {
    if (must_exist) RETURN_IF_ERROR(txn->tables().GetDatabase(out.database).status());
    return out;
  }
  if (ref.table.empty()) return absl::InvalidArgumentError("a privilege's object names no table");
  out.table = model::ToLowerName(ref.table);
  ASSIGN_OR_RETURN(model::Table table, txn->tables().GetTable(out.database, out.table));
  const bool partition = ref.kind == model::ObjectKind::kPartition ||
                         (ref.kind == model::ObjectKind::kColumn && !ref.partition_values.empty());
  if (partition) {
    ASSIGN_OR_RETURN(out.partition,
                     model::MakePartitionName(table.partition_keys, ref.partition_values));
    if (must_exist) {
      RETURN_IF_ERROR(
          txn->partitions().GetPartition(out.database, out.table, ref.partition_values).status());
    }
  }
  if (ref.kind == model::ObjectKind::kColumn) {
    if (ref.column.empty()) {
      return absl::InvalidArgumentError("a column privilege's object names no column");
    }
    out.column = model::ToLowerName(ref.column);
    bool known = false;
    for (const model::Column& c : table.sd.columns) known |= c.name == out.column;
    for (const model::Column& c : table.partition_keys) known |= c.name == out.column;
    if (!known && must_exist) {
      return absl::NotFoundError(absl::StrCat("table '", out.database, ".", out.table,
                                              "' has no column '", out.column, "'"));
    }
  }
  return out;
}

// The grant `request` asks for, resolved against `txn`'s catalog.
absl::StatusOr<model::PrivilegeGrant> ToGrant(storage::ReadTransaction* txn,
                                              const model::RequestContext& ctx,
                                              const PrivilegeRequest& request) {
  model::PrivilegeGrant grant;
  ASSIGN_OR_RETURN(grant.object, Resolve(txn, request.object, /*must_exist=*/true));
  RETURN_IF_ERROR(CheckPrincipal(request.grantee, "a privilege's grantee"));
  grant.grantee = request.grantee;
  grant.privilege = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(request.privilege));
  if (grant.privilege.empty()) return absl::InvalidArgumentError("a privilege has no name");
  grant.grantor = request.grantor.name.empty()
                      ? model::Principal{ctx.principal, model::PrincipalType::kUser}
                      : request.grantor;
  grant.grant_option = request.grant_option;
  grant.create_time = Now();
  return grant;
}

absl::StatusOr<model::Role> FindRole(const std::vector<model::Role>& roles,
                                     std::string_view name) {
  for (const model::Role& role : roles) {
    if (role.name == name) return role;
  }
  return absl::NotFoundError(absl::StrCat("role '", AbslView(name), "' not found"));
}

absl::StatusOr<model::Role> FindRole(storage::ReadTransaction* txn, std::string_view name) {
  ASSIGN_OR_RETURN(std::vector<model::Role> roles, txn->grants().ListRoles());
  return FindRole(roles, name);
}

// Whether `holder` (a role) holds `role`, directly or through other roles.
absl::StatusOr<bool> HoldsTransitively(storage::ReadTransaction* txn, std::string_view holder,
                                       std::string_view role) {
  std::set<std::string> seen;
  std::vector<std::string> pending = {std::string(holder)};
  while (!pending.empty()) {
    std::string current = std::move(pending.back());
    pending.pop_back();
    if (!seen.insert(current).second) continue;
    ASSIGN_OR_RETURN(std::vector<model::RoleGrant> held,
                     txn->grants().ListRoleGrants("", {current, model::PrincipalType::kRole}));
    for (const model::RoleGrant& g : held) {
      if (g.role == role) return true;
      pending.push_back(g.role);
    }
  }
  return false;
}

}  // namespace

absl::Status GrantService::CreateRole(const model::RequestContext& ctx, model::Role role) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kCreateRole, core_->arns().Catalog()));
  if (role.name.empty()) return absl::InvalidArgumentError("a role needs a name");
  if (IsBuiltInRole(role.name)) {
    return absl::FailedPreconditionError(
        absl::StrCat("role '", role.name, "' is built in and always exists"));
  }
  role.create_time = Now();
  if (role.owner.empty()) role.owner = ctx.principal;
  RETURN_IF_ERROR(txn->grants().CreateRole(role));
  txn.Record(model::ChangeRecord{
      .kind = model::ChangeKind::kCreateRole, .object = absl::StrCat("role ", role.name), .after = role});
  return txn.Commit();
}

absl::Status GrantService::DropRole(const model::RequestContext& ctx,
                                            std::string_view name) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kDropRole, core_->arns().Catalog()));
  if (IsBuiltInRole(name)) {
    return absl::FailedPreconditionError(
        absl::StrCat("role '", AbslView(name), "' is built in and cannot be dropped"));
  }
  RETURN_IF_ERROR(txn->grants().DeleteRole(name));
  txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kDropRole,
                                 .object = absl::StrCat("role ", AbslView(name))});
  return txn.Commit();
}

absl::StatusOr<std::vector<model::Role>> GrantService::ListRoles(
    const model::RequestContext& ctx) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kListRoles, core_->arns().Catalog()));
  return txn->grants().ListRoles();
}

absl::Status GrantService::GrantRole(const model::RequestContext& ctx,
                                             model::RoleGrant grant) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kGrantRole, core_->arns().Catalog()));
  RETURN_IF_ERROR(CheckPrincipal(grant.grantee, "a role's grantee"));
  if (absl::EqualsIgnoreCase(grant.role, model::kPublicRole)) {
    return absl::FailedPreconditionError(
        "every principal holds role 'public' already; it cannot be granted");
  }
  if (grant.grantor.name.empty()) grant.grantor = {ctx.principal, model::PrincipalType::kUser};
  grant.grant_time = Now();
  RETURN_IF_ERROR(FindRole(txn.get(), grant.role).status());
  if (grant.grantee.type == model::PrincipalType::kRole) {
    RETURN_IF_ERROR(FindRole(txn.get(), grant.grantee.name).status());
    ASSIGN_OR_RETURN(bool cycle, grant.grantee.name == grant.role
                                     ? absl::StatusOr<bool>(true)
                                     : HoldsTransitively(txn.get(), grant.role, grant.grantee.name));
    if (cycle) {
      return absl::FailedPreconditionError(absl::StrCat(
          "granting role '", grant.role, "' to role '", grant.grantee.name,
          "' would make a cycle: '", grant.role, "' holds '", grant.grantee.name, "'"));
    }
  }
  ASSIGN_OR_RETURN(std::vector<model::RoleGrant> existing,
                   txn->grants().ListRoleGrants(grant.role, grant.grantee));
  if (!existing.empty()) {
    return absl::AlreadyExistsError(absl::StrCat(Describe(grant.grantee),
                                                 " already holds role '", grant.role, "'"));
  }
  RETURN_IF_ERROR(txn->grants().PutRoleGrant(grant));
  txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kGrantRole,
                                 .object = absl::StrCat("role ", grant.role, " to ",
                                                        Describe(grant.grantee)),
                                 .after = grant});
  return txn.Commit();
}

absl::Status GrantService::RevokeRole(const model::RequestContext& ctx,
                                              std::string_view role,
                                              const model::Principal& grantee,
                                              bool grant_option_only) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kRevokeRole, core_->arns().Catalog()));
  if (absl::EqualsIgnoreCase(AbslView(role), model::kPublicRole)) {
    return absl::FailedPreconditionError(
        "every principal holds role 'public'; it cannot be revoked");
  }
  RETURN_IF_ERROR(FindRole(txn.get(), role).status());
  if (grant_option_only) {
    ASSIGN_OR_RETURN(std::vector<model::RoleGrant> existing, txn->grants().ListRoleGrants(role, grantee));
    if (existing.empty()) {
      return absl::NotFoundError(
          absl::StrCat(Describe(grantee), " does not hold role '", AbslView(role), "'"));
    }
    existing.front().grant_option = false;
    RETURN_IF_ERROR(txn->grants().PutRoleGrant(existing.front()));
  } else {
    RETURN_IF_ERROR(txn->grants().DeleteRoleGrant(role, grantee));
  }
  txn.Record(model::ChangeRecord{
      .kind = model::ChangeKind::kRevokeRole,
      .object = absl::StrCat("role ", AbslView(role), " from ", Describe(grantee))});
  return txn.Commit();
}

absl::StatusOr<std::vector<model::Role>> GrantService::RolesOf(
    const model::RequestContext& ctx, const model::Principal& principal) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetRoleGrants, core_->arns().Catalog()));
  ASSIGN_OR_RETURN(std::vector<model::RoleGrant> grants, txn->grants().ListRoleGrants("", principal));
  // One read of every role rather than one per grant.
  ASSIGN_OR_RETURN(std::vector<model::Role> all, txn->grants().ListRoles());
  std::vector<model::Role> roles;
  for (const model::RoleGrant& g : grants) {
    ASSIGN_OR_RETURN(model::Role role, FindRole(all, g.role));
    roles.push_back(std::move(role));
  }
  ASSIGN_OR_RETURN(model::Role everyone, FindRole(all, model::kPublicRole));
  roles.push_back(std::move(everyone));
  return roles;
}

absl::StatusOr<std::vector<model::RoleGrant>> GrantService::GrantsOfRole(
    const model::RequestContext& ctx, std::string_view role) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetRoleGrants, core_->arns().Catalog()));
  RETURN_IF_ERROR(FindRole(txn.get(), role).status());
  return txn->grants().ListRoleGrants(role, {});
}

absl::StatusOr<std::vector<model::RoleGrant>> GrantService::RoleGrantsOf(
    const model::RequestContext& ctx, const model::Principal& principal) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kGetRoleGrants, core_->arns().Catalog()));
  RETURN_IF_ERROR(CheckPrincipal(principal, "the principal"));
  return txn->grants().ListRoleGrants("", principal);
}

absl::Status GrantService::GrantPrivileges(const model::RequestContext& ctx,
                                                   const std::vector<PrivilegeRequest>& requests) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kGrantPrivileges, core_->arns().Catalog()));
  for (const PrivilegeRequest& request : requests) {
    ASSIGN_OR_RETURN(model::PrivilegeGrant grant, ToGrant(txn.get(), ctx, request));
    if (grant.grantee.type == model::PrincipalType::kRole) {
      RETURN_IF_ERROR(FindRole(txn.get(), grant.grantee.name).status());
    }
    ASSIGN_OR_RETURN(std::vector<model::PrivilegeGrant> existing,
                     txn->grants().ListPrivileges(&grant.object, &grant.grantee));
    for (const model::PrivilegeGrant& e : existing) {
      if (e.privilege == grant.privilege) {
        return absl::AlreadyExistsError(
            absl::StrCat("privilege ", grant.privilege, " is already granted to ",
                         Describe(grant.grantee), " on that object"));
      }
    }
    RETURN_IF_ERROR(txn->grants().PutPrivilege(grant));
    txn.Record(model::ChangeRecord{
        .kind = model::ChangeKind::kGrantPrivilege,
        .object = absl::StrCat(grant.privilege, " to ", Describe(grant.grantee)),
        .after = grant});
  }
  return txn.Commit();
}

absl::Status GrantService::RevokePrivileges(const model::RequestContext& ctx,
                                                    const std::vector<PrivilegeRequest>& requests,
                                                    bool grant_option_only) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kRevokePrivileges, core_->arns().Catalog()));
  for (const PrivilegeRequest& request : requests) {
    ASSIGN_OR_RETURN(model::PrivilegeGrant grant, ToGrant(txn.get(), ctx, request));
    if (!grant_option_only) {
      RETURN_IF_ERROR(txn->grants().DeletePrivilege(grant));
      txn.Record(model::ChangeRecord{
          .kind = model::ChangeKind::kRevokePrivilege,
          .object = absl::StrCat(grant.privilege, " from ", Describe(grant.grantee)),
          .before = grant});
      continue;
    }
    ASSIGN_OR_RETURN(std::vector<model::PrivilegeGrant> existing,
                     txn->grants().ListPrivileges(&grant.object, &grant.grantee));
    bool found = false;
    for (model::PrivilegeGrant& e : existing) {
      if (e.privilege != grant.privilege) continue;
      found = true;
      e.grant_option = false;
      RETURN_IF_ERROR(txn->grants().PutPrivilege(e));
    }
    if (!found) RETURN_IF_ERROR(txn->grants().DeletePrivilege(grant));  // its NotFound names the grant
    txn.Record(model::ChangeRecord{
        .kind = model::ChangeKind::kRevokePrivilege,
        .object = absl::StrCat(grant.privilege, " from ", Describe(grant.grantee)),
        .before = grant});
  }
  return txn.Commit();
}

absl::StatusOr<std::vector<model::PrivilegeGrant>> GrantService::ListPrivileges(
    const model::RequestContext& ctx, const model::ObjectRef* object, const model::Principal* grantee) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kListPrivileges, core_->arns().Catalog()));
  if (object == nullptr) return txn->grants().ListPrivileges(nullptr, grantee);
  absl::StatusOr<model::SecuredObject> resolved = Resolve(txn.get(), *object, false);
  if (absl::IsNotFound(resolved.status())) return std::vector<model::PrivilegeGrant>{};
  RETURN_IF_ERROR(resolved.status());
  return txn->grants().ListPrivileges(&*resolved, grantee);
}

absl::StatusOr<PrivilegeSet> GrantService::PrivilegesFor(
    const model::RequestContext& ctx, const model::ObjectRef& object, std::string_view user,
    const std::vector<std::string>& groups) {
  ASSIGN_OR_RETURN(ReadScope txn,
                   core_->gate().Read(ctx, actions::kListPrivileges, core_->arns().Catalog()));
  PrivilegeSet out;
  absl::StatusOr<model::SecuredObject> resolved = Resolve(txn.get(), object, false);
  if (absl::IsNotFound(resolved.status())) return out;
  RETURN_IF_ERROR(resolved.status());
  auto collect = [&](const model::Principal& p,
                     std::map<std::string, std::vector<model::PrivilegeGrant>>* into)
      -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<model::PrivilegeGrant> grants,
                     txn->grants().ListPrivileges(&*resolved, &p));
    if (!grants.empty()) (*into)[p.name] = std::move(grants);
    return absl::OkStatus();
  };
  if (!user.empty()) {
    const model::Principal u{std::string(user), model::PrincipalType::kUser};
    RETURN_IF_ERROR(collect(u, &out.user));
    ASSIGN_OR_RETURN(std::vector<model::RoleGrant> held, txn->grants().ListRoleGrants("", u));
    for (const model::RoleGrant& g : held) {
      RETURN_IF_ERROR(collect({g.role, model::PrincipalType::kRole}, &out.role));
    }
  }
  for (const std::string& group : groups) {
    RETURN_IF_ERROR(collect({group, model::PrincipalType::kGroup}, &out.group));
  }
  RETURN_IF_ERROR(collect({model::kPublicRole, model::PrincipalType::kRole}, &out.role));
  return out;
}

}  // namespace almanac::service
