// PolicyAuthorizer: the gate's Authorizer when policies are enforced
// (`almanac serve --enforce-policies`), and the policy simulator and who-can
// over the same compiled policies when they are not.
//
// A request is decided as Glue decides it: the action needs an Allow on the
// resource and on every ancestor (catalog; database; table or function), each
// a separate IAM evaluation (catalog/policy/policy.h) over
//   - the resource policies on the request's path: the catalog's, the
//     database's and the table's (a policy attached to database `sales`
//     takes part in every request on `sales` and what it holds), and
//   - the identity policies of the caller's user (or role) and groups.
// An explicit Deny at any level wins; with no Allow the request is refused
// (implicit deny). The server's own calls (front end kInternal) are always
// allowed.
//
// Administrators (`--admin user/NAME` or `group/NAME`) may always manage
// policies, simulate and read the audit trail, unless a policy explicitly
// denies it: that is how the first policy gets written, and why a policy
// that would deny it to every administrator is refused (CheckLockout).
// Baseline actions (IsBaselineAction) are allowed to every caller in the
// same way.
//
// Decisions are cached per (caller, groups, action, resource, source address,
// transport) unless a condition read the time; the cache belongs to the
// compiled policy snapshot, so installing new policies invalidates it at once.
//
// Thread-safe.
#ifndef ALMANAC_CATALOG_SERVICE_POLICY_AUTHORIZER_H_
#define ALMANAC_CATALOG_SERVICE_POLICY_AUTHORIZER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "catalog/model/policy_record.h"
#include "catalog/model/resource_arn.h"
#include "catalog/policy/policy.h"
#include "catalog/service/gate.h"

namespace almanac::service {

struct PolicyAuthorizerOptions {
  model::ResourceArns arns;
  // Whether Authorize enforces the policies; when false it allows every
  // call (the simulator still answers from the stored policies).
  bool enforce = false;
  // "user/NAME", "role/NAME" or "group/NAME" (or a bare user name).
  std::vector<std::string> admins;
  // Cached decisions per policy snapshot before the cache starts over.
  size_t cache_capacity = 200000;
};

// A question for the simulator.
struct SimulationRequest {
  std::string principal;            // "alice", "user/alice", "role/etl" or an IAM ARN
  std::vector<std::string> groups;  // "analysts" or "group/analysts"
  std::string action;               // "glue:GetTable"
  std::string resource;             // a Glue ARN of this catalog
  std::optional<std::string> source_ip;
  std::optional<bool> secure_transport;
  std::optional<absl::Time> time;  // unset: now
};

// One level of the ancestor chain (catalog, database, table/function).
struct SimulationLevel {
  std::string resource;
  policy::Evaluation evaluation;
};

struct SimulationResult {
  policy::Decision decision = policy::Decision::kImplicitDeny;
  // The statement that decided: the explicit Deny, or for an implicit deny
  // nothing; for an Allow, the Allow of the level that needed one last.
  std::optional<policy::MatchedStatement> deciding;
  std::vector<SimulationLevel> levels;
  std::vector<std::string> missing_context_keys;  // over every level, sorted
  bool allowed_as_admin = false;  // allowed by the administrators' rule
  bool allowed_as_baseline = false;  // a baseline action nobody denied
  std::string principal_arn;
};

// Who may do something, and by which statement.
struct WhoCanEntry {
  std::string principal;  // "user/alice", "group/analysts", "role/etl"
  bool admin = false;     // allowed by the administrators' rule
  std::optional<policy::MatchedStatement> statement;
};

class PolicyAuthorizer final : public Authorizer {
 public:
  explicit PolicyAuthorizer(PolicyAuthorizerOptions options);
  ~PolicyAuthorizer() override;

  // Authorizer.
  absl::Status Authorize(const AccessRequest& request) override;
  bool FiltersListedItems() const override { return options_.enforce; }
  // Each item's answer under `item_prefix` ("...:table/DB/" or
  // "...:database/"), exactly Authorize's for the listed item: the levels
  // above the items (catalog; database) and which statements can apply are
  // decided once (cached per caller as Authorize's decisions are), and each
  // item then costs a glob on its name over the statements that name some
  // items only (policy::PrefixEvaluator). Items with a resource policy of
  // their own, and every item when an answer read the time or a resource
  // entry holds a policy variable, are asked of Authorize. Other prefixes
  // are asked per item.
  std::shared_ptr<const PreparedListing> PrepareListing(const model::RequestContext& context,
                                                        std::string_view action,
                                                        std::string_view item_prefix) override;

  // Compiles `record` as the policy of its target would be stored.
  // InvalidArgument naming the target, statement and problem.
  absl::StatusOr<std::shared_ptr<const policy::CompiledPolicy>> Compile(
      const model::PolicyRecord& record) const;

  // FailedPrecondition when, with `policies` in force, every administrator
  // would be explicitly denied managing policies (or when there is no
  // administrator and enforcement is on).
  absl::Status CheckLockout(const std::vector<model::PolicyRecord>& policies) const;

  // Installs the stored policies. `generation` orders concurrent installs:
  // an install older than the one in force is ignored. A policy that no
  // longer compiles (stored by an older binary) is skipped and reported in
  // the returned list of problems. Invalidates every cached decision.
  std::vector<std::string> Install(int64_t generation,
                                   const std::vector<model::PolicyRecord>& policies);
  // A generation number for the next Install, taken while the writer slot is
  // held so that numbers follow commit order.
  int64_t NextGeneration() { return next_generation_.fetch_add(1) + 1; }

  // Known principals for who-can: users with their groups (from the password
  // and token files), in addition to those named by the policies and the
  // administrators. Adds to those given before.
  void AddKnownPrincipals(std::vector<std::pair<std::string, std::vector<std::string>>> users);

  SimulationResult Simulate(const SimulationRequest& request) const;
  std::vector<WhoCanEntry> WhoCan(std::string_view action, std::string_view resource) const;

  // "arn:aws:iam::ACCOUNT:user/alice" for "alice", "user/alice" or the ARN;
  // roles likewise; "group/x" -> group ARN.
  std::string PrincipalArn(std::string_view principal) const;
  std::string GroupArn(std::string_view group) const;

  const PolicyAuthorizerOptions& options() const { return options_; }

 private:
  struct Snapshot;
  struct Caller;

  std::shared_ptr<const Snapshot> snapshot() const;
  Caller MakeCaller(std::string_view principal, const std::vector<std::string>& groups) const;
  // The caller of a request ("anonymous" when it names nobody).
  Caller CallerOf(const model::RequestContext& ctx) const;
  // The identity policies of the caller's user (or role) and groups.
  std::vector<policy::AttachedPolicy> IdentityPolicies(const Snapshot& snap,
                                                       const Caller& caller) const;
  SimulationResult Evaluate(const Snapshot& snap, const Caller& caller, std::string_view action,
                            std::string_view resource, const policy::RequestFacts& facts) const;
  bool IsAdmin(const Caller& caller) const;
  struct ListingCore;
  class Listing;
  std::shared_ptr<const ListingCore> PrepareListingCore(const Snapshot& snap,
                                                        const model::RequestContext& ctx,
                                                        std::string_view action,
                                                        std::string_view item_prefix,
                                                        const std::optional<std::string>& ip) const;
  std::string DenialMessage(const Caller& caller, const AccessRequest& request,
                            const SimulationResult& result) const;

  const PolicyAuthorizerOptions options_;
  std::vector<std::string> known_actions_;
  std::atomic<int64_t> next_generation_{0};

  mutable absl::Mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_ ABSL_GUARDED_BY(mu_);
  int64_t installed_generation_ ABSL_GUARDED_BY(mu_) = -1;
  std::vector<std::pair<std::string, std::vector<std::string>>> known_users_ ABSL_GUARDED_BY(mu_);
};

// Actions every caller may take unless a policy explicitly denies them: a
// connection's own session settings (set_ugi, setMetaConf), server
// information (fb303, get_config_value, the metastore's uuid) and parsing a
// partition name. Hive clients make these calls as they connect, before any
// catalog object is named; they read or change nothing in the catalog.
bool IsBaselineAction(std::string_view action);

// The actions the administrators' rule covers (policy management, the
// simulator, who-can, the audit trail).
bool IsAdministrativeAction(std::string_view action);

// Every action of actions.h, for policy validation.
const std::vector<std::string>& AllActions();

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_POLICY_AUTHORIZER_H_
