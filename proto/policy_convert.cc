#include "proto/policy_convert.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace almanac::proto {
namespace {

v1::PolicyStatementRef ToProto(const policy::MatchedStatement& m) {
  v1::PolicyStatementRef out;
  out.set_policy(m.policy);
  out.set_sid(m.sid);
  out.set_index(m.index);
  out.set_deny(m.effect == policy::Effect::kDeny);
  return out;
}

}  // namespace

v1::Policy ToProto(const model::PolicyRecord& r) {
  v1::Policy out;
  out.set_target(r.target);
  out.set_document(r.document);
  out.set_policy_hash(r.hash);
  out.set_create_time(r.create_time);
  out.set_update_time(r.update_time);
  out.set_updated_by(r.updated_by);
  out.set_identity(r.kind == model::PolicyTargetKind::kIdentity);
  return out;
}

service::PutPolicyRequest FromProto(const v1::PutPolicyRequest& r) {
  service::PutPolicyRequest out;
  out.target = r.target();
  out.document = r.document();
  out.if_hash = r.policy_hash_condition();
  switch (r.policy_exists_condition()) {
    case v1::POLICY_EXISTS_MUST_EXIST: out.existence = model::PolicyExistence::kMustExist; break;
    case v1::POLICY_EXISTS_NOT_EXIST: out.existence = model::PolicyExistence::kNotExist; break;
    default: out.existence = model::PolicyExistence::kNone; break;
  }
  return out;
}

absl::StatusOr<service::SimulationRequest> FromProto(const v1::SimulatePolicyRequest& r) {
  service::SimulationRequest out;
  out.principal = r.principal();
  out.groups.assign(r.groups().begin(), r.groups().end());
  out.action = r.action();
  out.resource = r.resource();
  if (!r.source_ip().empty()) out.source_ip = r.source_ip();
  if (r.secure_transport() == "true") {
    out.secure_transport = true;
  } else if (r.secure_transport() == "false") {
    out.secure_transport = false;
  } else if (!r.secure_transport().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("secure transport must be true or false, not '", r.secure_transport(), "'"));
  }
  if (!r.time().empty()) {
    absl::Time t;
    std::string err;
    if (!absl::ParseTime(absl::RFC3339_full, r.time(), &t, &err)) {
      return absl::InvalidArgumentError(
          absl::StrCat("time '", r.time(), "' is not RFC 3339 (2026-01-02T03:04:05Z)"));
    }
    out.time = t;
  }
  return out;
}

v1::SimulatePolicyResponse ToProto(const service::SimulationResult& r) {
  v1::SimulatePolicyResponse out;
  out.set_decision(std::string(policy::DecisionName(r.decision)));
  if (r.deciding.has_value()) *out.mutable_deciding() = ToProto(*r.deciding);
  for (const service::SimulationLevel& l : r.levels) {
    v1::SimulationLevel* level = out.add_levels();
    level->set_resource(l.resource);
    level->set_decision(std::string(policy::DecisionName(l.evaluation.decision)));
    if (l.evaluation.deciding.has_value()) *level->mutable_deciding() = ToProto(*l.evaluation.deciding);
    for (const policy::MatchedStatement& m : l.evaluation.matched) *level->add_matched() = ToProto(m);
  }
  for (const std::string& k : r.missing_context_keys) out.add_missing_context_keys(k);
  out.set_allowed_as_admin(r.allowed_as_admin);
  out.set_principal_arn(r.principal_arn);
  return out;
}

v1::WhoCanEntry ToProto(const service::WhoCanEntry& e) {
  v1::WhoCanEntry out;
  out.set_principal(e.principal);
  out.set_admin(e.admin);
  if (e.statement.has_value()) *out.mutable_statement() = ToProto(*e.statement);
  return out;
}

v1::AuditRecord ToProto(const model::AuditRecord& r) {
  v1::AuditRecord out;
  out.set_seq(r.seq);
  out.set_time_us(r.time_us);
  out.set_principal(r.principal);
  out.set_groups(r.groups);
  out.set_source(r.source);
  out.set_front_end(r.front_end);
  out.set_action(r.action);
  out.set_resource(r.resource);
  out.set_outcome(r.outcome);
  out.set_detail(r.detail);
  out.set_request_id(r.request_id);
  out.set_prev_hash(r.prev_hash);
  out.set_hash(r.hash);
  return out;
}

model::AuditQuery FromProto(const v1::ListAuditRecordsRequest& r) {
  model::AuditQuery q;
  q.principal = r.principal();
  q.action = r.action();
  q.outcome = r.outcome();
  q.since_us = r.since_us();
  q.after_seq = r.after_seq();
  q.limit = r.limit() <= 0 || r.limit() > 1000 ? 1000 : r.limit();
  return q;
}

}  // namespace almanac::proto
