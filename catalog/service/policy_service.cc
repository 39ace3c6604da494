#include "catalog/service/policy_service.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "catalog/policy/audit_chain.h"
#include "catalog/service/actions.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::service {

PolicyService::PolicyService(ServiceCore* core, std::shared_ptr<PolicyAuthorizer> authorizer)
    : core_(core), authorizer_(std::move(authorizer)) {}

absl::StatusOr<model::PolicyRecord> PolicyService::Target(const std::string& target) const {
  model::PolicyRecord r;
  std::vector<std::string> parts = absl::StrSplit(target, '/');
  if (parts[0] == "user" || parts[0] == "group" || parts[0] == "role") {
    r.kind = model::PolicyTargetKind::kIdentity;
    r.target = target;
  } else {
    r.kind = model::PolicyTargetKind::kResource;
    if (parts[0] == "database" || parts[0] == "table") {
      for (size_t i = 1; i < parts.size(); ++i) parts[i] = absl::AsciiStrToLower(parts[i]);
    }
    r.target = absl::StrJoin(parts, "/");
  }
  bool ok = false;
  if (r.kind == model::PolicyTargetKind::kIdentity) {
    ok = parts.size() == 2 && !parts[1].empty();
  } else {
    ok = r.target == "catalog" ||
         (parts[0] == "database" && parts.size() == 2 && !parts[1].empty()) ||
         (parts[0] == "table" && parts.size() == 3 && !parts[1].empty() && !parts[2].empty());
  }
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid policy target '", target,
        "': expected catalog, database/DB, table/DB/TABLE, user/NAME, group/NAME or role/NAME"));
  }
  return r;
}

std::string PolicyService::ResourceArnOf(const model::PolicyRecord& t) const {
  if (t.kind == model::PolicyTargetKind::kIdentity || t.target == "catalog") {
    return core_->arns().Catalog();
  }
  std::vector<std::string> parts = absl::StrSplit(t.target, '/');
  if (parts[0] == "database") return core_->arns().Database(parts[1]);
  return core_->arns().Table(parts[1], parts[2]);
}

absl::StatusOr<std::vector<std::string>> PolicyService::Load(const model::RequestContext& ctx) {
  ASSIGN_OR_RETURN(ReadScope scope,
                   core_->gate().Read(ctx, actions::kGetResourcePolicies, core_->arns().Catalog()));
  int64_t generation = authorizer_->NextGeneration();
  ASSIGN_OR_RETURN(std::vector<model::PolicyRecord> all, scope->policies().ListPolicies());
  return authorizer_->Install(generation, all);
}

absl::StatusOr<model::PolicyRecord> PolicyService::PutPolicy(const model::RequestContext& ctx,
                                                             const PutPolicyRequest& request) {
  ASSIGN_OR_RETURN(model::PolicyRecord record, Target(request.target));
  record.document = request.document;
  // Validate before asking for the writer slot: a bad document costs no write.
  RETURN_IF_ERROR(authorizer_->Compile(record).status());
  const bool identity = record.kind == model::PolicyTargetKind::kIdentity;
  ASSIGN_OR_RETURN(WriteScope scope,
                   core_->gate().Write(ctx,
                                       identity ? actions::kPutIdentityPolicy
                                                : actions::kPutResourcePolicy,
                                       ResourceArnOf(record)));
  absl::StatusOr<model::PolicyRecord> existing = scope->policies().GetPolicy(record.target);
  if (!existing.ok() && !absl::IsNotFound(existing.status())) return existing.status();
  const bool exists = existing.ok();
  if (request.existence == model::PolicyExistence::kMustExist && !exists) {
    return absl::FailedPreconditionError(absl::StrCat(
        "condition failed: no policy is attached to '", record.target, "' (MUST_EXIST)"));
  }
  if (request.existence == model::PolicyExistence::kNotExist && exists) {
    return absl::FailedPreconditionError(absl::StrCat(
        "condition failed: a policy is attached to '", record.target, "' already (NOT_EXIST)"));
  }
  if (!request.if_hash.empty() && (!exists || existing->hash != request.if_hash)) {
    return absl::FailedPreconditionError(
        absl::StrCat("condition failed: the policy of '", record.target,
                     exists ? absl::StrCat("' has hash ", existing->hash, ", not ", request.if_hash)
                            : std::string("' does not exist, so it has no hash ") +
                                  request.if_hash));
  }
  record.hash = policy::Sha256Hex(record.document);
  record.update_time = core_->NowSeconds();
  record.create_time = exists ? existing->create_time : record.update_time;
  record.updated_by = ctx.principal;
  ASSIGN_OR_RETURN(std::vector<model::PolicyRecord> all, scope->policies().ListPolicies());
  bool replaced = false;
  for (model::PolicyRecord& p : all) {
    if (p.target == record.target) {
      p = record;
      replaced = true;
    }
  }
  if (!replaced) all.push_back(record);
  RETURN_IF_ERROR(authorizer_->CheckLockout(all));
  RETURN_IF_ERROR(scope->policies().PutPolicy(record));
  scope.Record(model::ChangeRecord{
      .kind = model::ChangeKind::kPutPolicy, .object = record.target, .notify = false});
  int64_t generation = authorizer_->NextGeneration();
  RETURN_IF_ERROR(scope.Commit());
  authorizer_->Install(generation, all);
  return record;
}

absl::StatusOr<model::PolicyRecord> PolicyService::GetPolicy(const model::RequestContext& ctx,
                                                             const std::string& target) {
  ASSIGN_OR_RETURN(model::PolicyRecord t, Target(target));
  ASSIGN_OR_RETURN(ReadScope scope,
                   core_->gate().Read(ctx,
                                      t.kind == model::PolicyTargetKind::kIdentity
                                          ? actions::kGetIdentityPolicy
                                          : actions::kGetResourcePolicy,
                                      ResourceArnOf(t)));
  return scope->policies().GetPolicy(t.target);
}

absl::Status PolicyService::DeletePolicy(const model::RequestContext& ctx,
                                         const std::string& target, const std::string& if_hash) {
  ASSIGN_OR_RETURN(model::PolicyRecord t, Target(target));
  ASSIGN_OR_RETURN(WriteScope scope,
                   core_->gate().Write(ctx,
                                       t.kind == model::PolicyTargetKind::kIdentity
                                           ? actions::kDeleteIdentityPolicy
                                           : actions::kDeleteResourcePolicy,
                                       ResourceArnOf(t)));
  ASSIGN_OR_RETURN(model::PolicyRecord existing, scope->policies().GetPolicy(t.target));
  if (!if_hash.empty() && existing.hash != if_hash) {
    return absl::FailedPreconditionError(absl::StrCat(
        "condition failed: the policy of '", t.target, "' has hash ", existing.hash, ", not ",
        if_hash));
  }
  RETURN_IF_ERROR(scope->policies().DeletePolicy(t.target));
  scope.Record(model::ChangeRecord{
      .kind = model::ChangeKind::kDeletePolicy, .object = t.target, .notify = false});
  ASSIGN_OR_RETURN(std::vector<model::PolicyRecord> all, scope->policies().ListPolicies());
  int64_t generation = authorizer_->NextGeneration();
  RETURN_IF_ERROR(scope.Commit());
  authorizer_->Install(generation, all);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<model::PolicyRecord>> PolicyService::ListPolicies(
    const model::RequestContext& ctx) {
  ASSIGN_OR_RETURN(ReadScope scope,
                   core_->gate().Read(ctx, actions::kGetResourcePolicies, core_->arns().Catalog()));
  return scope->policies().ListPolicies();
}

absl::StatusOr<SimulationResult> PolicyService::Simulate(const model::RequestContext& ctx,
                                                         const SimulationRequest& request) {
  RETURN_IF_ERROR(core_->gate().Check(ctx, actions::kSimulatePolicy, core_->arns().Catalog()));
  if (request.principal.empty() || request.action.empty() || request.resource.empty()) {
    return absl::InvalidArgumentError("a simulation needs a principal, an action and a resource");
  }
  return authorizer_->Simulate(request);
}

absl::StatusOr<std::vector<WhoCanEntry>> PolicyService::WhoCan(const model::RequestContext& ctx,
                                                               const std::string& action,
                                                               const std::string& resource) {
  RETURN_IF_ERROR(core_->gate().Check(ctx, actions::kSimulatePolicy, core_->arns().Catalog()));
  if (action.empty() || resource.empty()) {
    return absl::InvalidArgumentError("who-can needs an action and a resource");
  }
  return authorizer_->WhoCan(action, resource);
}

absl::StatusOr<std::vector<model::AuditRecord>> PolicyService::ListAudit(
    const model::RequestContext& ctx, const storage::AuditQuery& query) {
  ASSIGN_OR_RETURN(ReadScope scope,
                   core_->gate().Read(ctx, actions::kReadAuditTrail, core_->arns().Catalog()));
  return scope->audit().ListAuditRecords(query);
}

absl::StatusOr<AuditVerification> PolicyService::VerifyAudit(const model::RequestContext& ctx,
                                                             const std::string& expected_head) {
  ASSIGN_OR_RETURN(ReadScope scope,
                   core_->gate().Read(ctx, actions::kReadAuditTrail, core_->arns().Catalog()));
  policy::AuditChainVerifier verifier(expected_head.empty() ? std::nullopt
                                                            : std::optional(expected_head));
  RETURN_IF_ERROR(scope->audit().ScanAuditRecords(
      [&](const model::AuditRecord& r) { return verifier.Add(r); }));
  AuditVerification out;
  out.problem = verifier.Finish();
  out.records = verifier.records();
  out.head = verifier.head();
  out.first_bad_seq = verifier.first_bad_seq();
  return out;
}

}  // namespace almanac::service
