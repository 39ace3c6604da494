// PolicyService: resource and identity policies (put with Glue's hash and
// existence conditions, get, delete, list), the policy simulator, who-can,
// and the audit trail (list, verify). Policies are validated and compiled by
// the PolicyAuthorizer before they are stored, and installed in it once
// their write commits, which invalidates every cached decision.
//
// Actions (actions.h): resource policies ask glue:Put/Get/DeleteResourcePolicy
// on the target's ARN; identity policies almanac:Put/Get/DeleteIdentityPolicy,
// listing glue:GetResourcePolicies, the simulator and who-can
// almanac:SimulatePolicy, the audit trail almanac:ReadAuditTrail, all on the
// catalog.
//
// Thread-safe.
#ifndef ALMANAC_CATALOG_SERVICE_POLICY_SERVICE_H_
#define ALMANAC_CATALOG_SERVICE_POLICY_SERVICE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/policy_record.h"
#include "catalog/model/request_context.h"
#include "catalog/service/policy_authorizer.h"
#include "catalog/service/service_core.h"
#include "storage/audit.h"

namespace almanac::service {

struct PutPolicyRequest {
  std::string target;  // "catalog", "database/DB", "table/DB/T", "user/NAME", ...
  std::string document;
  std::string if_hash;  // Glue's PolicyHashCondition; empty: none
  model::PolicyExistence existence = model::PolicyExistence::kNone;
};

struct AuditVerification {
  int64_t records = 0;
  std::string head;          // the last record's hash
  std::string problem;       // empty when the chain is intact
  int64_t first_bad_seq = 0;
};

class PolicyService {
 public:
  PolicyService(ServiceCore* core, std::shared_ptr<PolicyAuthorizer> authorizer);

  // Reads the stored policies into the authorizer (server start). Returns
  // the problems of policies that no longer compile (they are skipped).
  absl::StatusOr<std::vector<std::string>> Load(const model::RequestContext& ctx);

  // InvalidArgument for a bad target or document (naming the statement and
  // the problem); FailedPrecondition when a condition fails or the policy
  // would lock every administrator out. Returns the stored record.
  absl::StatusOr<model::PolicyRecord> PutPolicy(const model::RequestContext& ctx,
                                                const PutPolicyRequest& request);
  // NotFound when none is attached.
  absl::StatusOr<model::PolicyRecord> GetPolicy(const model::RequestContext& ctx,
                                                const std::string& target);
  // NotFound; FailedPrecondition when `if_hash` is set and differs.
  absl::Status DeletePolicy(const model::RequestContext& ctx, const std::string& target,
                            const std::string& if_hash);
  absl::StatusOr<std::vector<model::PolicyRecord>> ListPolicies(const model::RequestContext& ctx);

  // InvalidArgument for a missing action or resource.
  absl::StatusOr<SimulationResult> Simulate(const model::RequestContext& ctx,
                                            const SimulationRequest& request);
  absl::StatusOr<std::vector<WhoCanEntry>> WhoCan(const model::RequestContext& ctx,
                                                  const std::string& action,
                                                  const std::string& resource);

  absl::StatusOr<std::vector<model::AuditRecord>> ListAudit(const model::RequestContext& ctx,
                                                            const storage::AuditQuery& query);
  // Walks the whole chain. `expected_head` (optional) detects records cut
  // off the end.
  absl::StatusOr<AuditVerification> VerifyAudit(const model::RequestContext& ctx,
                                                const std::string& expected_head);

  PolicyAuthorizer& authorizer() { return *authorizer_; }

 private:
  // "catalog" / "database/sales" / "table/sales/orders" / "user/alice",
  // with the catalog's names lower-cased; the kind it implies.
  absl::StatusOr<model::PolicyRecord> Target(const std::string& target) const;
  std::string ResourceArnOf(const model::PolicyRecord& target) const;

  ServiceCore* core_;
  std::shared_ptr<PolicyAuthorizer> authorizer_;
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_POLICY_SERVICE_H_
